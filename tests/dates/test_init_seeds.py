"""The issue's must-show cases on the real seed articles (read by path; skipped when absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.dates import extract_dates

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"


def _seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return found[0].read_text(encoding="utf-8")


def _by_text(mentions: list) -> dict:
    out: dict = {}
    for m in mentions:
        out.setdefault(m.text, m)
    return out


@pytest.mark.parametrize(
    ("phrase", "value", "mod", "ttype"),
    [
        ("the 2nd", "2021-12-02", "", "DATE"),
        ("the end of June this year", "2021-06", "END", "DATE"),
        ("early September this year", "2021-09", "EARLY", "DATE"),
        ("three consecutive years", "P3Y", "", "DURATION"),
    ],
)
def test_seed_004_resolves_against_publication_date(phrase: str, value: str, mod: str, ttype: str) -> None:
    found = _by_text(extract_dates("004", _seed("004"), "en", dt.date(2021, 12, 3)))
    assert phrase in found, sorted(found)
    m = found[phrase]
    assert (m.value, m.mod, m.timex_type) == (value, mod, ttype)


def test_seed_004_without_anchor_keeps_the_year_unknown() -> None:
    found = _by_text(extract_dates("004", _seed("004"), "en", None))
    m = found["the 2nd"]
    assert m.value == "XXXX-12-02"
    assert m.anchor == ""
    assert m.resolution == "relative:day_of_month_context"
    assert not any(x.value[:4].isdigit() and x.resolution.startswith("relative") for x in found.values())


def test_seed_004_numbers_are_not_dates() -> None:
    text = _seed("004")
    mentions = extract_dates("004", text, "en", dt.date(2021, 12, 3))
    for phrase in ("440 million", "15th meeting"):
        start = text.index(phrase)
        assert not [m for m in mentions if m.start_char < start + len(phrase) and start < m.end_char], phrase


def test_seed_001_thursday_is_the_day_before_publication() -> None:
    mentions = extract_dates("001", _seed("001"), "en", dt.date(2018, 9, 21))
    thursdays = [m for m in mentions if m.text == "Thursday"]
    assert thursdays
    assert {m.value for m in thursdays} == {"2018-09-20"}
    assert {m.resolution for m in thursdays} == {"relative:weekday_past"}
    assert {m.anchor for m in thursdays} == {"2018-09-21"}
