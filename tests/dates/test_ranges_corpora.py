"""gold/dates begin and end over the evaluation sets: every value that denotes days of a known year
has both, every other value has neither.

Two sets, read by path at test time from ``../shared/corpora`` (their licences forbid copying them
here): the TIMEX3 values of TempEval-3 platinum (English news, annotated by people) and the TIMEX
values of Microsoft Recognizers-Text's date/time specs (Chinese and English). Their annotated values
are checked, and so is every value our extractor writes on their texts — what reaches gold/dates.
The test skips, saying why, only when the corpora are absent (CI has them beside the clone).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.dates import extract_dates
from ingest.dates.ranges import MOD_THIRD, date_range

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
TEMPEVAL = CORPORA / "tempeval3_platinum"
RECOGNIZERS = CORPORA / "recognizers_text_datetime_specs"

needs_corpora = pytest.mark.skipif(
    not (TEMPEVAL.is_dir() and RECOGNIZERS.is_dir()),
    reason=f"the evaluation corpora are not at {CORPORA} (shared/ beside the clone)",
)

_KNOWN_YEAR = re.compile(r"\d{2,4}(?:[-/T].*)?", re.ASCII)  # starts with its (decade's, century's) year
_FULL_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_CLOSED_MODS = {"", "APPROX", *MOD_THIRD}  # mods that keep a closed range; BEFORE, AFTER … open it


def denotes_days(value: str, mod: str) -> bool:
    """Does this value, by itself, place a closed range of days with a known year? Said without
    ranges.py: it starts with digits of a year, has no unknown part (X), every full date in it is a
    real calendar date, and its mod keeps the range closed."""
    if not _KNOWN_YEAR.fullmatch(value) or "X" in value or (mod or "") not in _CLOSED_MODS:
        return False
    for y, m, d in _FULL_DAY.findall(value):
        try:
            dt.date(int(y), int(m), int(d))
        except ValueError:
            return False
    return True


def check(value: str, mod: str) -> None:
    begin, end = date_range(value, mod)
    if denotes_days(value, mod):
        assert begin is not None and end is not None, f"{value!r} {mod!r} denotes days of a known year"
        assert begin <= end
    else:
        assert (begin, end) == (None, None), f"{value!r} {mod!r} places no days of a known year"


def tempeval() -> Iterator[tuple[str, dt.date, list[tuple[str, str]]]]:
    """(text of <TEXT>, creation date, [(value, mod) of its TIMEX3s, the creation time's included])."""
    for path in sorted(TEMPEVAL.glob("*.tml")):
        raw = path.read_text(encoding="utf-8")
        dct = re.search(r'<DCT>.*?value="(\d{4}-\d{2}-\d{2})', raw, re.S)
        assert dct, f"{path} has no creation time"
        values = [
            (attrs.get("value", ""), attrs.get("mod", ""))
            for attrs in (
                dict(re.findall(r'(\w+)="([^"]*)"', t)) for t in re.findall(r"<TIMEX3([^>]*)>", raw)
            )
        ]
        body = raw[raw.index("<TEXT>") + 6 : raw.index("</TEXT>")]
        yield html.unescape(re.sub(r"<[^>]+>", "", body)), dt.date.fromisoformat(dct[1]), values


def _timexes(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k.lower() == "timex" and isinstance(v, str):
                yield v
            else:
                yield from _timexes(v)
    elif isinstance(node, list):
        for v in node:
            yield from _timexes(v)


def recognizers() -> Iterator[tuple[str, str, dt.date | None, list[str]]]:
    """(language, input, reference date, [TIMEX values of its results]) of every spec case."""
    for path in sorted(RECOGNIZERS.rglob("*.json")):
        lang = "zh-Hans" if path.parent.name == "Chinese" else "en"
        for case in json.loads(path.read_text(encoding="utf-8-sig")):
            ref = (case.get("Context") or {}).get("ReferenceDateTime")
            anchor = dt.date.fromisoformat(ref[:10]) if ref else None
            yield lang, case["Input"], anchor, list(_timexes(case.get("Results", [])))


def recognizers_values(timex: str) -> list[str]:
    """Recognizers-Text writes a range as '(begin,end,duration)', which is no TIMEX3 value: its
    two ends are, and are checked each; anything else is one value."""
    if timex.startswith("(") and timex.endswith(")"):
        return timex[1:-1].split(",")[:2]
    return [timex]


@needs_corpora
def test_ranges_corpora_tempeval3_platinum_values() -> None:
    pairs = {pair for _, _, values in tempeval() for pair in values}
    for value, mod in sorted(pairs):
        check(value, mod)
    placed = [p for p in pairs if denotes_days(*p)]
    assert len(pairs) >= 70 and len(placed) >= 35  # the set was read, and most of it places days


@needs_corpora
def test_ranges_corpora_recognizers_text_values() -> None:
    values = {v for _, _, _, timexes in recognizers() for t in timexes for v in recognizers_values(t)}
    for value in sorted(values):
        check(value, "")
    assert len(values) > 600 and sum(denotes_days(v, "") for v in values) > 200


@needs_corpora
def test_ranges_corpora_every_value_the_extractor_writes_on_them() -> None:
    seen: set[tuple[str, str]] = set()
    for text, anchor, _ in tempeval():
        seen |= {(m.value, m.mod) for m in extract_dates("tempeval", text, "en", anchor)}
    for lang, text, anchor, _ in recognizers():
        for m in extract_dates("recognizers", text, lang, anchor):
            if m.resolution == "invalid_calendar_date":  # '2月30日', kept as written: no days
                assert date_range(m.value, m.mod) == (None, None)
                continue
            seen.add((m.value, m.mod))
    for value, mod in sorted(seen):
        check(value, mod)
    assert len(seen) > 300 and sum(denotes_days(*p) for p in seen) > 150
