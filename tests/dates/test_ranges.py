"""date_range: the days a TIMEX3 value denotes, for every shape the extractor writes, every mod, and bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.dates import extract_dates, timex
from ingest.dates.ranges import MOD_THIRD, date_range

CASES = Path(__file__).parent / "cases"
D = dt.date

# (label, value, mod, begin, end); begin and end None for a NULL range
RANGES = [
    # days and times
    ("day", "2018-09-20", "", D(2018, 9, 20), D(2018, 9, 20)),
    ("29 February of a leap year", "2016-02-29", "", D(2016, 2, 29), D(2016, 2, 29)),
    ("29 February of 2000 (leap: divisible by 400)", "2000-02-29", "", D(2000, 2, 29), D(2000, 2, 29)),
    ("time to the minute is its day", "2013-03-16T15:00", "", D(2013, 3, 16), D(2013, 3, 16)),
    ("time to the hour", "2016-11-07T18", "", D(2016, 11, 7), D(2016, 11, 7)),
    (
        "hour in one digit, as Recognizers-Text writes it",
        "2018-10-31T8",
        "",
        D(2018, 10, 31),
        D(2018, 10, 31),
    ),
    ("time to the second", "2020-01-03T14:30:05", "", D(2020, 1, 3), D(2020, 1, 3)),
    ("afternoon", "2013-03-22TAF", "", D(2013, 3, 22), D(2013, 3, 22)),
    ("morning", "2020-01-04TMO", "", D(2020, 1, 4), D(2020, 1, 4)),
    ("evening", "2016-11-06TEV", "", D(2016, 11, 6), D(2016, 11, 6)),
    ("midnight as 24:00", "2021-12-31T24:00", "", D(2021, 12, 31), D(2021, 12, 31)),
    ("a day stays whole under a mod", "2021-06-03", "END", D(2021, 6, 3), D(2021, 6, 3)),
    ("a day stays whole under EARLY", "2021-06-03", "EARLY", D(2021, 6, 3), D(2021, 6, 3)),
    ("a time stays whole under APPROX", "2020-01-03T14:30", "APPROX", D(2020, 1, 3), D(2020, 1, 3)),
    # months
    ("month of 30 days", "2021-06", "", D(2021, 6, 1), D(2021, 6, 30)),
    ("month of 31 days", "2012-10", "", D(2012, 10, 1), D(2012, 10, 31)),
    ("February of a common year", "2013-02", "", D(2013, 2, 1), D(2013, 2, 28)),
    ("February of a leap year", "2016-02", "", D(2016, 2, 1), D(2016, 2, 29)),
    ("February of 1900 (not leap)", "1900-02", "", D(1900, 2, 1), D(1900, 2, 28)),
    ("a month of an early era year", "0705-11", "", D(705, 11, 1), D(705, 11, 30)),
    ("early month: 上旬", "2021-09", "EARLY", D(2021, 9, 1), D(2021, 9, 10)),
    ("start of month: as early", "2021-09", "START", D(2021, 9, 1), D(2021, 9, 10)),
    ("mid month: 中旬", "2021-09", "MID", D(2021, 9, 11), D(2021, 9, 20)),
    ("late month: 下旬", "2012-07", "LATE", D(2012, 7, 21), D(2012, 7, 31)),
    ("end of month: as late", "2021-06", "END", D(2021, 6, 21), D(2021, 6, 30)),
    ("late February, leap year", "2016-02", "LATE", D(2016, 2, 21), D(2016, 2, 29)),
    ("early February, common year: still ten days", "2013-02", "EARLY", D(2013, 2, 1), D(2013, 2, 10)),
    ("end of February, common year", "2013-02", "END", D(2013, 2, 21), D(2013, 2, 28)),
    ("approximate month stays whole", "2021-06", "APPROX", D(2021, 6, 1), D(2021, 6, 30)),
    # years, decades, centuries
    ("year", "2021", "", D(2021, 1, 1), D(2021, 12, 31)),
    ("early year: January to April", "2021", "EARLY", D(2021, 1, 1), D(2021, 4, 30)),
    ("mid year: May to August", "2021", "MID", D(2021, 5, 1), D(2021, 8, 31)),
    ("late year: September to December", "2021", "LATE", D(2021, 9, 1), D(2021, 12, 31)),
    ("start of year", "2021", "START", D(2021, 1, 1), D(2021, 4, 30)),
    ("end of year", "2021", "END", D(2021, 9, 1), D(2021, 12, 31)),
    ("the last year datetime can hold", "9999", "LATE", D(9999, 9, 1), D(9999, 12, 31)),
    ("the first year", "0001", "", D(1, 1, 1), D(1, 12, 31)),
    ("decade", "199", "", D(1990, 1, 1), D(1999, 12, 31)),
    ("early 1990s", "199", "EARLY", D(1990, 1, 1), D(1992, 12, 31)),
    ("mid 1990s", "199", "MID", D(1993, 1, 1), D(1995, 12, 31)),
    ("late 1990s: the remainder goes last", "199", "LATE", D(1996, 1, 1), D(1999, 12, 31)),
    ("decade of the 1870s", "187", "", D(1870, 1, 1), D(1879, 12, 31)),
    ("century: TIMEX3 19 is 1900-1999", "19", "", D(1900, 1, 1), D(1999, 12, 31)),
    ("early 20th century", "19", "EARLY", D(1900, 1, 1), D(1932, 12, 31)),
    ("mid 20th century", "19", "MID", D(1933, 1, 1), D(1965, 12, 31)),
    ("end of the 20th century", "19", "END", D(1966, 1, 1), D(1999, 12, 31)),
    ("21st century", "20", "", D(2000, 1, 1), D(2099, 12, 31)),
    # quarters, halves, seasons
    ("first quarter", "2021-Q1", "", D(2021, 1, 1), D(2021, 3, 31)),
    ("third quarter", "2021-Q3", "", D(2021, 7, 1), D(2021, 9, 30)),
    ("fourth quarter", "2021-Q4", "", D(2021, 10, 1), D(2021, 12, 31)),
    ("end of a quarter: its last month", "2021-Q3", "END", D(2021, 9, 1), D(2021, 9, 30)),
    ("mid quarter: its middle month", "2021-Q1", "MID", D(2021, 2, 1), D(2021, 2, 28)),
    ("first half", "2021-H1", "", D(2021, 1, 1), D(2021, 6, 30)),
    ("second half", "2021-H2", "", D(2021, 7, 1), D(2021, 12, 31)),
    ("mid second half: September-October", "2021-H2", "MID", D(2021, 9, 1), D(2021, 10, 31)),
    ("spring", "1998-SP", "", D(1998, 3, 1), D(1998, 5, 31)),
    ("summer", "2012-SU", "", D(2012, 6, 1), D(2012, 8, 31)),
    ("autumn", "2017-FA", "", D(2017, 9, 1), D(2017, 11, 30)),
    ("winter begins the December before", "2021-WI", "", D(2020, 12, 1), D(2021, 2, 28)),
    ("winter ending in a leap February", "2020-WI", "", D(2019, 12, 1), D(2020, 2, 29)),
    ("late summer: August", "2017-SU", "LATE", D(2017, 8, 1), D(2017, 8, 31)),
    ("early winter: December", "2021-WI", "EARLY", D(2020, 12, 1), D(2020, 12, 31)),
    # ISO weeks
    ("ISO week: Monday to Sunday", "2018-W38", "", D(2018, 9, 17), D(2018, 9, 23)),
    ("week 1 starting in December", "2019-W01", "", D(2018, 12, 31), D(2019, 1, 6)),
    ("week 53 of a year that has one", "2020-W53", "", D(2020, 12, 28), D(2021, 1, 3)),
    ("week 53 of 2015", "2015-W53", "", D(2015, 12, 28), D(2016, 1, 3)),
    ("early week: Monday-Tuesday", "2018-W38", "EARLY", D(2018, 9, 17), D(2018, 9, 18)),
    ("mid week: Wednesday-Thursday", "2018-W38", "MID", D(2018, 9, 19), D(2018, 9, 20)),
    ("end of week: Friday-Sunday", "2018-W38", "END", D(2018, 9, 21), D(2018, 9, 23)),
    ("weekend", "2018-W38-WE", "", D(2018, 9, 22), D(2018, 9, 23)),
    ("weekend stays whole under a mod", "2018-W38-WE", "LATE", D(2018, 9, 22), D(2018, 9, 23)),
    ("weekend stays whole under EARLY", "2018-W38-WE", "EARLY", D(2018, 9, 22), D(2018, 9, 23)),
    ("weekend stays whole under MID", "2018-W38-WE", "MID", D(2018, 9, 22), D(2018, 9, 23)),
    ("weekday of a week", "2018-W38-4", "", D(2018, 9, 20), D(2018, 9, 20)),
    ("weekday of a week with a time", "2018-W38-1T20", "", D(2018, 9, 17), D(2018, 9, 17)),
    # weeks of a month, as Recognizers-Text writes them
    (
        "first week of a month: from the Monday before the 1st",
        "2015-01-W01",
        "",
        D(2014, 12, 29),
        D(2015, 1, 4),
    ),
    ("fifth week of December 2016", "2016-12-W05", "", D(2016, 12, 26), D(2017, 1, 1)),
    ("fifth week of October 2021", "2021-10-W05", "", D(2021, 10, 25), D(2021, 10, 31)),
    ("week of a month starting on a Monday", "2018-10-W01", "", D(2018, 10, 1), D(2018, 10, 7)),
    ("early week of a month", "2021-10-W05", "EARLY", D(2021, 10, 25), D(2021, 10, 26)),
    # intervals
    ("academic year", "2018-09/2019-08", "", D(2018, 9, 1), D(2019, 8, 31)),
    ("financial year", "2021-04/2022-03", "", D(2021, 4, 1), D(2022, 3, 31)),
    (
        "early academic year: its first four months",
        "2018-09/2019-08",
        "EARLY",
        D(2018, 9, 1),
        D(2018, 12, 31),
    ),
    ("years, mid: counted in months", "2009/2010", "MID", D(2009, 9, 1), D(2010, 4, 30)),
    ("days to a month", "2021-06-15/2021-07", "", D(2021, 6, 15), D(2021, 7, 31)),
    (
        "an interval that is one calendar month: 旬",
        "2021-06-01/2021-06-30",
        "LATE",
        D(2021, 6, 21),
        D(2021, 6, 30),
    ),
    # NULL: unknown year
    ("unknown year", "XXXX-12-02", "", None, None),
    ("unknown year and month", "XXXX-XX-02", "", None, None),
    ("unknown year, invalid day", "XXXX-02-30", "", None, None),
    ("unknown month", "XXXX-XX", "END", None, None),
    ("unknown year", "XXXX", "", None, None),
    ("unknown quarter", "XXXX-QX", "", None, None),
    ("quarter of unknown year", "XXXX-Q3", "", None, None),
    ("half of unknown year", "XXXX-H1", "", None, None),
    ("season of unknown year", "XXXX-SU", "", None, None),
    ("unknown week", "XXXX-WXX", "", None, None),
    ("weekday of unknown week", "XXXX-WXX-1", "", None, None),
    ("weekly set at a time", "XXXX-WXX-1T20", "", None, None),
    ("unknown weekend", "XXXX-WXX-WE", "", None, None),
    ("time of an unknown day", "XXXX-XX-XXT15:30", "", None, None),
    ("part of an unknown day", "XXXX-XX-XXTMO", "", None, None),
    ("decade of unknown century", "XX9", "", None, None),
    ("unknown decade", "XXX", "", None, None),
    ("unknown century", "XX", "", None, None),
    ("unknown month of a known year", "2021-XX", "", None, None),
    ("unknown day of a known month", "2021-06-XX", "", None, None),
    # NULL: durations, references, clock times
    ("duration in years", "P3Y", "", None, None),
    ("fractional duration", "P3.5Y", "", None, None),
    ("approximate duration", "P7Y", "APPROX", None, None),
    ("unknown amount", "PXM", "", None, None),
    ("duration in hours", "PT1H", "", None, None),
    ("set written as a duration", "P1Y", "", None, None),
    ("now", "PRESENT_REF", "", None, None),
    ("the past", "PAST_REF", "", None, None),
    ("the future", "FUTURE_REF", "", None, None),
    ("clock time without a day", "T15:30", "", None, None),
    ("part of day without a day", "TAF", "", None, None),
    # NULL: impossible dates and bad strings
    ("29 February of a common year", "2021-02-29", "", None, None),
    ("29 February of 1900", "1900-02-29", "", None, None),
    ("31 April", "2021-04-31", "", None, None),
    ("month 13", "2021-13", "", None, None),
    ("month 00", "2021-00", "", None, None),
    ("day 00", "2021-06-00", "", None, None),
    ("week 53 of a year without one", "2021-W53", "", None, None),
    ("week 00", "2021-W00", "", None, None),
    ("weekday 8", "2018-W38-8", "", None, None),
    ("quarter 5", "2021-Q5", "", None, None),
    ("half 3", "2021-H3", "", None, None),
    ("season code unknown", "2021-XY", "", None, None),
    ("year 0", "0000", "", None, None),
    ("decade of year 0", "000", "", None, None),
    ("century of year 0", "00", "", None, None),
    ("winter of year 1 begins in year 0", "0001-WI", "", None, None),
    ("week 6 of a month that has 5", "2021-10-W06", "", None, None),
    ("week 0 of a month", "2021-10-W00", "", None, None),
    ("week of month 13", "2021-13-W01", "", None, None),
    ("hour 25", "2013-03-22T25", "", None, None),
    ("hour in three digits", "2013-03-22T100", "", None, None),
    ("minute 60", "2013-03-22T15:60", "", None, None),
    ("24:30", "2013-03-22T24:30", "", None, None),
    ("unknown part of day code", "2013-03-22TZZ", "", None, None),
    ("interval ending before it begins", "2019/2018", "", None, None),
    ("interval with a NULL side", "2018-09/XXXX-08", "", None, None),
    ("three-sided interval", "2018/2019/2020", "", None, None),
    ("empty", "", "", None, None),
    ("one digit", "2", "", None, None),
    ("five-digit year", "20210", "", None, None),
    ("words", "June 2021", "", None, None),
    ("slashes", "2021/06/03", "", None, None),
    ("surrounding space", " 2021-06 ", "", None, None),
    ("lower-case week", "2018-w38", "", None, None),
    ("non-ASCII digits", "２０２１", "", None, None),
    ("timezone", "2020-01-03T14:30Z", "", None, None),
    # mods the extractor does not write
    ("open before", "2021-06", "BEFORE", None, None),
    ("open after", "2021", "AFTER", None, None),
    ("on or before", "2021-06-03", "ON_OR_BEFORE", None, None),
    ("lower-case mod", "2021-06", "early", None, None),
    ("mod not in TIMEX3", "2021-06", "SOON", None, None),
]


@pytest.mark.parametrize(("label", "value", "mod", "begin", "end"), RANGES, ids=[r[0] for r in RANGES])
def test_ranges_cases(label: str, value: str, mod: str, begin: dt.date | None, end: dt.date | None) -> None:
    assert date_range(value, mod) == (begin, end)


@pytest.mark.parametrize("bad", [None, 2021, 2021.5, b"2021-06", ["2021"], dt.date(2021, 6, 1)])
def test_ranges_non_string_value_is_null(bad: object) -> None:
    assert date_range(bad) == (None, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(("mod", "expected"), [(None, (D(2021, 6, 1), D(2021, 6, 30))), (3, (None, None))])
def test_ranges_mod_none_is_no_mod_and_other_types_null(mod: object, expected: tuple) -> None:
    # a Parquet NULL mod arrives as None
    assert date_range("2021-06", mod) == expected  # type: ignore[arg-type]


def _case_values() -> list[tuple[str, str]]:
    """(value, mod) of every mention the date test cases expect."""
    out = set()
    for name in ("en.json", "zh.json", "negatives.json"):
        for case in json.loads((CASES / name).read_text(encoding="utf-8")):
            for exp in case.get("expected", []):
                out.add((exp["value"], exp.get("mod", "")))
    return sorted(out)


_KNOWN_YEAR = re.compile(r"\d{2,4}(?:[-/T].*)?")  # a value that starts with its (decade's, century's) year


def _check_value(value: str, mod: str) -> None:
    begin, end = date_range(value, mod)
    assert (begin is None) == (end is None), "a range is NULL on both sides or on neither"
    if begin is not None and end is not None:
        assert begin <= end
        assert date_range(value)[0] <= begin <= end <= date_range(value)[1], "a mod only narrows"
    if _KNOWN_YEAR.fullmatch(value) and "X" not in value:
        assert begin is not None, f"{value!r} has a known year and denotes days"
    else:
        assert begin is None, f"{value!r} has no known year, or is a duration or a reference"


@pytest.mark.parametrize(("value", "mod"), _case_values(), ids=lambda x: x or "-")
def test_ranges_every_expected_case_value(value: str, mod: str) -> None:
    _check_value(value, mod)


def test_ranges_every_value_the_extractor_writes_for_the_cases() -> None:
    seen = 0
    for name, lang in (("en.json", "en"), ("zh.json", "zh-Hant"), ("negatives.json", "en")):
        for case in json.loads((CASES / name).read_text(encoding="utf-8")):
            anchor = dt.date.fromisoformat(case["anchor"]) if case.get("anchor") else None
            for m in extract_dates("case", case["text"], case.get("lang", lang), anchor):
                if m.resolution == "invalid_calendar_date":  # '2月30日', kept as written
                    assert date_range(m.value, m.mod) == (None, None)
                    continue
                _check_value(m.value, m.mod)
                seen += 1
    assert seen > 100


dates = st.dates(min_value=D(1, 3, 1), max_value=D(9999, 11, 30))


@settings(max_examples=300, deadline=None)
@given(dates)
def test_ranges_every_unit_the_extractor_writes_contains_its_day(d: dt.date) -> None:
    """The values timex.py writes for a day's week, month, quarter, season, year all contain that day."""
    values = [
        timex.day(d),
        timex.day(d) + "T15:30",
        timex.week(d),
        timex.ymd(d.year, d.month, None),
        f"{d.year:04d}-Q{timex.quarter_of(d)}",
        f"{d.year:04d}-H{1 if d.month <= 6 else 2}",
        f"{timex.season_year(d):04d}-{timex.season_of(d)}",
        timex.ymd(d.year, None, None),
        f"{d.year // 10:03d}",
        f"{d.year // 100:02d}",
    ]
    for v in values:
        begin, end = date_range(v)
        if (v == f"{d.year // 100:02d}" and d.year < 100) or (v == f"{d.year // 10:03d}" and d.year < 10):
            assert begin is None  # the decade or century of year 0
            continue
        assert begin is not None and end is not None and begin <= d <= end, v


@settings(max_examples=300, deadline=None)
@given(dates, st.sampled_from(["", "-Q2", "-H1", "-SU", "-W10"]), st.sampled_from([0, 1, 2]))
def test_ranges_thirds_tile_their_range(d: dt.date, shape: str, digits: int) -> None:
    """EARLY, MID and LATE are contiguous, disjoint, and together the whole range."""
    value = {0: timex.ymd(d.year, d.month, None), 1: f"{d.year // 10:03d}", 2: f"{d.year:04d}{shape}"}[digits]
    begin, end = date_range(value)
    if begin is None or end is None:
        return
    parts = [date_range(value, mod) for mod in ("EARLY", "MID", "LATE")]
    assert parts[0][0] == begin and parts[2][1] == end
    for (_, e1), (b2, _) in pairwise(parts):
        assert e1 is not None and b2 == e1 + dt.timedelta(days=1)
    assert all(b is not None and e is not None and b <= e for b, e in parts)
    for mod, third in MOD_THIRD.items():
        assert date_range(value, mod) == parts[third]
