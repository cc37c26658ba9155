"""Cleaning rules stay linear in the text: bounded work per line, bounded change records."""

from __future__ import annotations

import pytest

from ingest.budget import analysed_end
from ingest.clean import CleanConfig, EmptyArticleError, clean_document, list_rules
from ingest.clean.rules_common import hard_wraps
from ingest.errors import IngestError


@pytest.mark.parametrize("n_lines", [3_000, 100_000])
def test_hard_wraps_records_bounded_changes_for_many_short_lines(n_lines: int) -> None:
    """Each join is recorded with a short context, not the whole paragraph so far (which made
    100,000 one-letter lines quadratic in time and memory)."""
    out = hard_wraps("\n".join(["a"] * n_lines), CleanConfig())
    assert out.text == " ".join(["a"] * n_lines)
    assert len(out.changes) == n_lines - 1
    assert max(len(b) + len(a) for b, a in out.changes) <= 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("香港創新\n科技發展，\n十分迅速。", "香港創新科技發展，十分迅速。"),
        ("The bureau said   \nthat the fund   \nwould grow.", "The bureau said that the fund would grow."),
    ],
)
def test_hard_wraps_joins_without_doubling_spaces(text: str, expected: str) -> None:
    assert hard_wraps(text, CleanConfig()).text == expected


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("??????", "glyph_runs"),
        ("?? ?? ??\n\n??", "glyph_runs"),
        ("2021 / 05 / 04 ... 42", None),
        ("", None),
        ("&amp; &lt;", "html_entities"),
    ],
)
def test_clean_document_raises_empty_article_naming_the_rule(raw: str, rule: str | None) -> None:
    with pytest.raises(EmptyArticleError, match="remove") as err:
        clean_document(raw, source_path="inbox/q.txt")
    assert err.value.rule == rule
    assert "inbox/q.txt" in str(err.value)
    assert isinstance(err.value, IngestError)


@pytest.mark.parametrize("raw", ["A", "港", "Body ?? text."])
def test_clean_document_keeps_an_article_with_a_letter(raw: str) -> None:
    assert clean_document(raw).text_clean


def test_clean_document_records_the_cut_for_nlp_and_keeps_the_text_whole() -> None:
    para = "The bureau opened the park. It adds two towers.\n\n"
    text = para * 100  # 4,900 characters once cleaned
    doc = clean_document(text, config=CleanConfig(nlp_max_chars=1_000))
    end = analysed_end(doc.text_clean, 1_000)
    fix = doc.fixes[-1]
    assert fix.rule == "truncated_for_nlp"
    assert fix.count == len(doc.text_clean) - end
    assert doc.text_clean[:end].endswith("towers.\n\n")  # cut at a paragraph end
    assert f"first {end:,} of {len(doc.text_clean):,}" in fix.example_after
    assert len(doc.text_clean) > 4_000  # text_clean stays whole: offsets hold either way
    assert "truncated_for_nlp" in [name for name, _ in list_rules()]


def test_clean_document_does_not_cut_an_article_under_the_limit() -> None:
    doc = clean_document("The bureau opened the park.", config=CleanConfig(nlp_max_chars=1_000))
    assert "truncated_for_nlp" not in [f.rule for f in doc.fixes]


@pytest.mark.parametrize(
    ("text", "limit", "end"),
    [
        ("abc", 10, 3),
        ("aaaaaa\n\nbb\ncc", 12, 8),  # the paragraph break wins over the later line end
        ("aaaa bbbb\ncccc dddd", 17, 10),
        ("一二三四五。六七八九十", 9, 6),
        ("Tung spoke. Then he left", 20, 12),
        ("abcdefghij", 4, 4),  # no break at all: cut at the limit
        ("abc", 0, 3),  # 0: no limit
    ],
)
def test_analysed_end_cuts_at_the_last_break_before_the_limit(text: str, limit: int, end: int) -> None:
    assert analysed_end(text, limit) == end


def test_clean_document_on_a_long_single_line_and_many_lines_finishes() -> None:
    """A generous size where a quadratic rule would be obviously huge (seconds when linear)."""
    line = "The Innovation and Technology Bureau opened a park in Sha Tin on 4 May 2021. "
    doc = clean_document(line * 2_000)  # 150k characters on one line
    assert len(doc.text_clean) > 140_000
    doc = clean_document("\n".join(["港", "a", "Bureau opened."] * 20_000))
    assert doc.text_clean
