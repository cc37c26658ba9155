"""The entity extractor reads a document only up to its per-document budget (NlpConfig.max_doc_chars)."""

from __future__ import annotations

import pytest

from ingest.budget import analysed_end
from ingest.nlp import EntityExtractor, NlpConfig

PARA = "創新科技及工業局局長薛永恒今日出席活動。\n\n"


@pytest.fixture(scope="module")
def small_budget() -> EntityExtractor:
    return EntityExtractor(NlpConfig(max_doc_chars=10 * len(PARA) + 3))


def test_mentions_past_the_budget_are_not_extracted(small_budget: EntityExtractor) -> None:
    text = PARA * 40
    end = analysed_end(text, small_budget.config.max_doc_chars)
    assert end == 10 * len(PARA)
    got = small_budget.extract([("d", text, "zh-Hant")])
    persons = [m for m in got if m.label == "PERSON"]
    assert len(persons) == 10
    assert all(m.end_char <= end and text[m.start_char : m.end_char] == m.text for m in got)


def test_the_budget_is_per_document(small_budget: EntityExtractor) -> None:
    got = small_budget.extract([("a", PARA * 40, "zh-Hant"), ("b", PARA * 2, "mixed")])
    assert sum(m.label == "PERSON" and m.doc_id == "b" for m in got) == 2
    assert sum(m.label == "PERSON" and m.doc_id == "a" for m in got) == 10
