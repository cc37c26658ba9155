"""Front matter: a block meant as front matter is parsed safely or reported, never kept silently."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.clean import FrontMatterError, SuppliedMetadataError, clean_document
from ingest.clean.frontmatter import MAX_BYTES, split_front_matter
from ingest.errors import SidecarError


def test_front_matter_invalid_date_names_the_field() -> None:
    text = "---\ntitle: Park opens\npublished_on: 2099-13-45\n---\nThe park opened.\n"
    with pytest.raises(SuppliedMetadataError, match="published_on '2099-13-45' is not a date") as err:
        clean_document(text, source_path="inbox/a.txt")
    assert "front matter of inbox/a.txt" in str(err.value)


def test_front_matter_valid_date_still_gives_published_on() -> None:
    doc = clean_document("---\npublished_on: 2021-05-04\n---\nThe park opened.\n")
    assert (doc.meta.published_on, doc.meta.published_on_source) == (dt.date(2021, 5, 4), "front_matter")


@pytest.mark.parametrize(
    ("block", "line"),
    [
        ("title: Park opens\nurl: [unclosed\n", 3),
        ("title: Park opens\n  bad indent: x\nlang: en\n", 3),
        ('title: "open quote\n', 2),
    ],
)
def test_malformed_front_matter_is_a_sidecar_error_with_its_line(block: str, line: int) -> None:
    text = f"---\n{block}---\nThe park opened.\n"
    with pytest.raises(FrontMatterError, match=rf"not valid YAML \(line {line}: ") as err:
        clean_document(text, source_path="inbox/b.txt")
    assert isinstance(err.value, SidecarError)  # silver quarantines it as bad_sidecar
    assert "inbox/b.txt" in str(err.value)


def test_front_matter_aliases_are_rejected() -> None:
    laughs = "a: &a [lol, lol, lol]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(FrontMatterError, match="aliases"):
        split_front_matter(f"---\n{laughs}---\nBody.\n")


def test_front_matter_nested_too_deep_is_rejected() -> None:
    with pytest.raises(FrontMatterError, match="nested deeper"):
        split_front_matter("---\ntitle: " + "[" * 40 + "]" * 40 + "\n---\nBody.\n")


def test_front_matter_over_the_size_limit_is_rejected() -> None:
    with pytest.raises(FrontMatterError, match="over the limit"):
        split_front_matter("---\ntitle: " + "x" * (MAX_BYTES + 10) + "\n---\nBody.\n")


@pytest.mark.parametrize("body", ["- a\n- list\n", "Introduction\n\nSome words: more [\n", "plain words\n"])
def test_a_block_not_meant_as_front_matter_stays_text(body: str) -> None:
    text = f"---\n{body}---\nBody.\n"
    assert split_front_matter(text) == ({}, text)


def test_a_key_line_block_that_is_not_a_mapping_is_reported() -> None:
    with pytest.raises(FrontMatterError, match=r"not valid YAML|not a mapping"):
        split_front_matter("---\ntitle: x\n- item\n---\nBody.\n")
