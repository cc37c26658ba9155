"""Data-driven cleaning cases (label / input / expected, as ftfy keeps them).

Each file under ``cases/`` holds our own sentences. ``expected`` is the cleaned text;
``fired`` (when given) lists exactly the rules that must change something; ``meta``
(when given) lists metadata fields with the values they must have; ``config`` sets
CleanConfig fields for the case.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ingest.clean import RULES, CleanConfig, clean_document

CASES_DIR = Path(__file__).parent / "cases"
CASES = [
    pytest.param(case, id=f"{path.stem}: {case['label']}")
    for path in sorted(CASES_DIR.glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))
]
# body_date changes no text (its cases assert the date it gives instead).
COVERED_ELSEWHERE: frozenset[str] = frozenset({"body_date"})


def _config(case: dict) -> CleanConfig:
    raw = case.get("config", {})
    return CleanConfig(**{k: frozenset(v) if isinstance(v, list) else v for k, v in raw.items()})


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict) -> None:
    doc = clean_document(case["input"], config=_config(case))
    assert doc.text_clean == case["expected"]
    if "fired" in case:
        assert [f.rule for f in doc.fixes] == case["fired"]
    for key, want in case.get("meta", {}).items():
        got = getattr(doc.meta, key)
        if isinstance(got, dt.date):
            got = got.isoformat()
        assert got == want, key


def test_there_are_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60


def test_every_rule_has_a_case_that_fires_it() -> None:
    fired = {rule for p in CASES for rule in p.values[0].get("fired", [])}
    missing = {r.name for r in RULES} - fired - COVERED_ELSEWHERE
    assert not missing, f"rules without a case: {sorted(missing)}"


def test_every_rule_has_a_negative_neighbour() -> None:
    negatives = [p.values[0] for p in CASES if p.values[0].get("fired") == []]
    assert len(negatives) >= 15
    assert all(n["input"] == n["expected"] for n in negatives)


@pytest.mark.parametrize("case", CASES)
def test_cleaning_clean_text_changes_nothing(case: dict) -> None:
    """Rules are repairs, not rewrites: their output is a fixed point."""
    once = clean_document(case["input"], config=_config(case)).text_clean
    twice = clean_document(once, config=_config(case))
    assert twice.text_clean == once
    assert twice.fixes == []
