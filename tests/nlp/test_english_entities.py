"""English entities: spaCy NER reduced to what it needs, and the knowledge-base entity ruler."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.nlp import EntityExtractor, NlpConfig
from ingest.nlp.english import tidy

CASES = json.loads((Path(__file__).parent / "cases" / "en_entities.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_en_entities_found(kb_extractor: EntityExtractor, case: dict) -> None:
    text = case["input"]
    mentions = kb_extractor.extract([("d", text, "en")])
    for m in mentions:
        assert text[m.start_char : m.end_char] == m.text
    found = {(m.text, m.label) for m in mentions}
    for name, label in case["expected"]:
        assert (name, label) in found, f"{name}/{label} not in {sorted(found)}"


def test_en_kb_ruler_is_case_sensitive(kb_extractor: EntityExtractor) -> None:
    text = "Officials of MOST said most projects had started."
    mentions = kb_extractor.extract([("d", text, "en")])
    assert [(m.text, m.source) for m in mentions if m.label == "ORG"] == [("MOST", "kb_ruler")]


def test_en_source_names_the_model(extractor: EntityExtractor) -> None:
    [m] = [m for m in extractor.extract([("d", "Carrie Lam spoke in Beijing.", "en")]) if m.text == "Beijing"]
    assert m.source == f"spacy:{extractor.english.model}"


def test_en_pipeline_has_only_what_ner_needs(extractor: EntityExtractor) -> None:
    assert extractor.english.nlp.pipe_names == ["ner"]


def test_en_labels_filter() -> None:
    ext = EntityExtractor(NlpConfig(labels=frozenset({"PERSON"})))
    labels = {m.label for m in ext.extract([("d", "Carrie Lam visited Beijing on 20 September 2018.", "en")])}
    assert labels == {"PERSON"}


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("met the Innovation and Technology Bureau.", (4, 40), "Innovation and Technology Bureau"),
        ("said Carrie Lam's office", (5, 17), "Carrie Lam"),
        ("the the", (0, 3), "the"),
        ("The Hague", (0, 9), "Hague"),
    ],
)
def test_en_tidy_trims_article_and_possessive(text: str, span: tuple[int, int], expected: str) -> None:
    s, e = tidy(text, *span)
    assert text[s:e] == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # a later surname the model called ORG becomes PERSON
        (
            "Carrie Lam spoke. Later, Lam left.",
            [(0, 10, "PERSON", "m"), (25, 28, "ORG", "m")],
            (25, 28, "PERSON"),
        ),
        # a missed surname mid-sentence is added
        ("Carrie Lam spoke. Later, Lam left.", [(0, 10, "PERSON", "m")], (25, 28, "PERSON")),
    ],
)
def test_en_person_names_propagate_in_document(text: str, spans: list, expected: tuple) -> None:
    from ingest.nlp.english import PROPAGATION, propagate_person_names

    out = propagate_person_names(text, spans)
    assert (*expected, PROPAGATION) in out


def test_en_person_propagation_ignores_sentence_starts_and_kb() -> None:
    from ingest.nlp.english import propagate_person_names

    text = "Carrie Lam spoke. Lam Tin is a district. MOST said"
    spans = [(0, 10, "PERSON", "m"), (41, 45, "ORG", "kb_ruler")]
    assert propagate_person_names(text, spans) == spans


def test_en_kb_ruler_takes_latin_aliases_with_accents_not_chinese() -> None:
    ext = EntityExtractor(kb_entries=[("Université de Hong Kong", "ORG"), ("香港大學", "ORG")])
    text = "Staff of the Université de Hong Kong and 香港大學 met."
    found = {(m.text, m.source) for m in ext.extract([("d", text, "en")])}
    assert ("Université de Hong Kong", "kb_ruler") in found
    assert "香港大學" not in {t for t, _ in found}
