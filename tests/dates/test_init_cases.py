"""Data-driven cases: our own sentences, their anchor, and the mentions they must (or must not) give."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ingest.dates import extract_dates

CASES = Path(__file__).parent / "cases"


def _load(name: str, lang: str) -> list:
    params = []
    for case in json.loads((CASES / name).read_text(encoding="utf-8")):
        case.setdefault("lang", lang)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=f"{case['lang']}: {case['label']}", marks=marks))
    return params


def _run(case: dict) -> list:
    anchor = dt.date.fromisoformat(case["anchor"]) if case.get("anchor") else None
    return extract_dates("case", case["text"], case["lang"], anchor)


def _check(case: dict) -> None:
    found = _run(case)
    text = case["text"]
    for m in found:
        assert text[m.start_char : m.end_char] == m.text
    for exp in case.get("expected", []):
        hits = [m for m in found if m.text == exp["text"]]
        assert hits, f"{exp['text']!r} not found; got {[(m.text, m.value) for m in found]}"
        m = hits[0]
        assert m.value == exp["value"], f"{exp['text']!r}: value {m.value} ({m.resolution})"
        for key, attr in (("type", "timex_type"), ("mod", "mod"), ("resolution", "resolution")):
            if key in exp:
                assert getattr(m, attr) == exp[key], f"{exp['text']!r}: {attr} {getattr(m, attr)!r}"
        if m.resolution.startswith("relative:") and case.get("anchor"):
            assert m.anchor == case["anchor"], "a relative value must name the anchor it used"
        if m.resolution in ("absolute", "no_anchor", "duration", "set"):
            assert m.anchor == "", "an absolute value or one without an anchor names none"
    for absent in case.get("absent", []):
        start = text.index(absent)
        end = start + len(absent)
        overlapping = [m.text for m in found if m.start_char < end and start < m.end_char]
        assert not overlapping, f"{absent!r} must not be a date, got {overlapping}"


@pytest.mark.parametrize("case", _load("en.json", "en"))
def test_english_cases(case: dict) -> None:
    _check(case)


@pytest.mark.parametrize("case", _load("zh.json", "zh-Hant"))
def test_chinese_cases(case: dict) -> None:
    _check(case)


@pytest.mark.parametrize("case", _load("negatives.json", "en"))
def test_numbers_that_are_not_dates(case: dict) -> None:
    _check(case)
