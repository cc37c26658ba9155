"""Resolution of the long tail real pages show (issue 13): junk organisations, a name cut from a
longer KB name, title + surname after the full name, a misspelt English name of a KB person.
Our own sentences about public facts."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.model import Mention
from ingest.names import DocContext, load_kb, resolve


def _resolve(text: str, names: list[tuple[str, str]], published: str | None = None) -> list[dict]:
    """Resolve the mentions (text, label) of one English document, found in order in ``text``."""
    ms, pos = [], 0
    for name, label in names:
        i = text.index(name, pos)
        ms.append(Mention("d", i, i + len(name), name, label, "test"))
        pos = i + len(name)
    pub = dt.date.fromisoformat(published) if published else None
    return resolve(ms, {"d": DocContext("en", pub, 0, text)}, load_kb()).mentions


@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("The fund backs I&T start-ups in the city.", "I&T", "field of work"),
        ("It backs S&T projects.", "S&T", "field of work"),
        ("They met Mainland- based partners.", "Mainland-", "hyphen"),
        ("The Mainland-Hong Kong committee met.", "Mainland-", "hyphen"),
        ("She praised Lam's vision for the city.", "Lam's vision", "possessive"),
        ("She praised Lam’s vision for the city.", "Lam’s vision", "possessive"),
    ],
)
def test_resolve_junk_organisations_make_no_entity(text: str, span: str, reason: str) -> None:
    (row,) = _resolve(text, [(span, "ORG")])
    assert row["entity_id"] is None and row["method"] == "unresolved" and reason in row["evidence"]


@pytest.mark.parametrize(
    ("text", "span"), [("Shares of AT&T rose.", "AT&T"), ("The People's Daily wrote.", "People's Daily")]
)
def test_resolve_names_like_junk_are_still_organisations(text: str, span: str) -> None:
    (row,) = _resolve(text, [(span, "ORG")])
    assert row["entity_id"] is not None


@pytest.mark.parametrize("label", ["GPE", "ORG"])
def test_resolve_a_word_cut_from_a_longer_kb_name_is_not_the_country(label: str) -> None:
    text = "Officials of the China Association for Science and Technology visited the park."
    (row,) = _resolve(text, [("China", label)])
    assert row["entity_id"] != "kb:china"
    assert row["entity_id"] is None and "kb:cast" in row["candidates"], row


def test_resolve_the_full_organisation_name_is_cast_and_china_alone_is_the_country() -> None:
    text = "The China Association for Science and Technology and China signed it."
    cast, china = _resolve(text, [("China Association for Science and Technology", "ORG"), ("China", "GPE")])
    assert cast["entity_id"] == "kb:cast" and china["entity_id"] == "kb:china"


@pytest.mark.parametrize(
    "names",
    [
        [("Professor Sun Dong", "PERSON"), ("Professor Sun", "PERSON")],
        [("Sun Dong", "PERSON"), ("Sun", "PERSON")],
    ],
)
def test_resolve_title_and_surname_after_the_full_name_is_that_person(names: list[tuple[str, str]]) -> None:
    text = "Professor Sun Dong opened the laboratory. Professor Sun said trials start in May."
    full, short = _resolve(text, names)
    assert full["entity_id"] == short["entity_id"] == "kb:sun-dong"
    assert short["method"] == "in-document"


@pytest.mark.parametrize(
    "text",
    [
        "Mr Nicolas Yang, Secretary for Innovation and Technology, opened the fair.",
        "Mr Nicolas Yang (楊偉雄) opened the fair.",
    ],
)
def test_resolve_a_misspelt_english_name_joins_the_kb_person_the_document_names(text: str) -> None:
    (row,) = _resolve(text, [("Nicolas Yang", "PERSON")], published="2018-09-20")
    assert row["entity_id"] == "kb:nicholas-yang" and row["method"] == "in-document"
    assert "one letter from" in row["evidence"], row["evidence"]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Mr Nicolas Yang opened the fair.", "2018-09-20"),  # nothing in the document names him
        ("Mr Nicolas Yang, Secretary for Innovation and Technology, spoke.", "2023-01-05"),  # not then
    ],
)
def test_resolve_a_misspelt_english_name_alone_is_no_join(text: str, published: str) -> None:
    (row,) = _resolve(text, [("Nicolas Yang", "PERSON")], published=published)
    assert row["entity_id"] != "kb:nicholas-yang"


@pytest.mark.parametrize(
    ("zh", "latin"),
    [
        ("梁敬陽", "LEONG KENG IEONG"),  # Macau spelling
        ("李穎恒", "LEE Wing-heng"),  # HK and pinyin syllables mixed
        ("陳嘉佑", "CHAN JASON KA YAU"),  # English name between surname and given name
        ("陳嘉朗", "CHAN KA LONG (LESLIE CHAN)"),  # parenthesis repeating the name
        ("張熺", "CHEUNG Hei"),  # rare character read through ToJyutping
    ],
)
def test_resolve_long_tail_forms_in_two_documents_are_one_entity(zh: str, latin: str) -> None:
    """Across documents the resolver pre-tests candidates (names/blocking.py): these forms pass it."""
    docs = {
        "a": DocContext("zh-Hant", None, 0, f"{zh}今日出席論壇。"),
        "b": DocContext("en", None, 1, f"{latin} spoke."),
    }
    ms = [
        Mention("a", 0, len(zh), zh, "PERSON", "test"),
        Mention("b", 0, len(latin), latin, "PERSON", "test"),
    ]
    rows = resolve(ms, docs, load_kb()).mentions
    assert rows[0]["entity_id"] is not None and rows[0]["entity_id"] == rows[1]["entity_id"], rows
