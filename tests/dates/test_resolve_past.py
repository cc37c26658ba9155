"""Anchoring helpers: the latest matching day not after the anchor, and the year of a month."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.dates import resolve as rs
from ingest.dates import timex as tx

D = dt.date


@pytest.mark.parametrize(
    ("anchor", "weekday", "expected"),
    [
        (D(2018, 9, 21), 3, D(2018, 9, 20)),  # Friday paper, Thursday
        (D(2018, 9, 20), 3, D(2018, 9, 20)),  # same day
        (D(2018, 9, 19), 3, D(2018, 9, 13)),
        (D(2021, 1, 1), 6, D(2020, 12, 27)),  # across a year
    ],
)
def test_weekday_on_or_before(anchor: dt.date, weekday: int, expected: dt.date) -> None:
    assert rs.weekday_on_or_before(anchor, weekday) == expected


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)), st.integers(0, 6))
def test_weekday_helpers_keep_their_promises(anchor: dt.date, weekday: int) -> None:
    on_or_before = rs.weekday_on_or_before(anchor, weekday)
    last, nxt = rs.weekday_last(anchor, weekday), rs.weekday_next(anchor, weekday)
    assert on_or_before.weekday() == last.weekday() == nxt.weekday() == weekday
    assert 0 <= (anchor - on_or_before).days <= 6
    assert 1 <= (anchor - last).days <= 7
    assert 1 <= (nxt - anchor).days <= 7


@pytest.mark.parametrize(
    ("anchor", "day", "expected"),
    [
        (D(2021, 12, 3), 2, D(2021, 12, 2)),
        (D(2021, 12, 3), 3, D(2021, 12, 3)),
        (D(2021, 12, 3), 28, D(2021, 11, 28)),
        (D(2021, 3, 1), 31, D(2021, 1, 31)),  # February has no 31st, nor 30th
        (D(2021, 1, 5), 20, D(2020, 12, 20)),
    ],
)
def test_day_of_month_past(anchor: dt.date, day: int, expected: dt.date) -> None:
    assert rs.day_of_month_past(anchor, day) == expected


@pytest.mark.parametrize(
    ("anchor", "month", "day", "window", "year"),
    [
        (D(2013, 3, 22), 4, 7, 3, 2013),  # just ahead: scheduled
        (D(2013, 3, 22), 10, None, 3, 2012),  # far ahead: last year's
        (D(2013, 3, 22), 6, None, 3, 2013),
        (D(2013, 3, 22), 7, None, 3, 2012),
        (D(2021, 12, 3), 6, None, 0, 2021),
        (D(2019, 3, 22), 2, 29, 3, 2016),  # 29 February: the latest leap year
    ],
)
def test_year_for_month(anchor: dt.date, month: int, day: int | None, window: int, year: int) -> None:
    assert rs.year_for_month(anchor, month, day, window) == year


@pytest.mark.parametrize(
    ("anchor", "season", "offset", "expected"),
    [
        (D(2013, 3, 22), "SU", -1, "2012-SU"),
        (D(2013, 3, 22), "SU", 0, "2013-SU"),
        (D(2013, 3, 22), "SU", None, "2012-SU"),
        (D(2018, 9, 21), "SU", -1, "2018-SU"),
        (D(2013, 3, 22), "WI", None, "2013-WI"),
    ],
)
def test_season_value(anchor: dt.date, season: str, offset: int | None, expected: str) -> None:
    assert rs.season_value(anchor, season, offset) == expected


@pytest.mark.parametrize(
    ("anchor", "q", "offset", "expected"),
    [
        (D(2021, 12, 3), 3, None, "2021-Q3"),
        (D(2021, 2, 3), 3, None, "2020-Q3"),
        (D(2021, 2, 3), 0, -1, "2020-Q4"),
    ],
)
def test_quarter_value(anchor: dt.date, q: int, offset: int | None, expected: str) -> None:
    assert rs.quarter_value(anchor, q, offset) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((3, "year"), "P3Y"),
        ((3.5, "year"), "P3.5Y"),
        ((None, "month"), "PXM"),
        ((5, "hour"), "PT5H"),
        ((1, "decade"), "P10Y"),
        ((2, "minutes"), "PT2M"),
    ],
)
def test_duration_values(args: tuple, expected: str) -> None:
    assert tx.duration(*args) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((None, 12, 2), "XXXX-12-02"),
        ((2021, 6, None), "2021-06"),
        ((None, None, 2), "XXXX-XX-02"),
        ((2021, None, None), "2021"),
    ],
)
def test_ymd_marks_unknown_parts(parts: tuple, expected: str) -> None:
    assert tx.ymd(*parts) == expected
