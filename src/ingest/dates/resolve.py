"""Anchoring: turn relative parts into calendar values against the publication date, preferring the past.

News reports what happened, so an expression that does not say which one it means
('Thursday', 'the 2nd', 'June') is taken as the latest one not after the anchor, except
that a month (or month and day) a short way ahead of the anchor is kept in the future
(``future_window_months``), as news also announces what is scheduled.
"""

from __future__ import annotations

import calendar
import datetime as dt

from ingest.dates import timex


def add_months(d: dt.date, k: int) -> tuple[int, int]:
    """(year, month) k months after d's month."""
    n = d.year * 12 + (d.month - 1) + k
    return n // 12, n % 12 + 1


def shift_days(d: dt.date, k: int) -> dt.date:
    return d + dt.timedelta(days=k)


def weekday_on_or_before(anchor: dt.date, weekday: int) -> dt.date:
    """The given weekday (0 = Monday) on or before the anchor: 'on Thursday' in a Friday paper."""
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def weekday_in_week(anchor: dt.date, weekday: int, week_offset: int) -> dt.date:
    """The weekday in the ISO week ``week_offset`` weeks from the anchor's ('本週四', 'last Thursday')."""
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=week_offset)
    return monday + dt.timedelta(days=weekday)


def weekday_last(anchor: dt.date, weekday: int) -> dt.date:
    """'last Thursday': the latest such weekday strictly before the anchor."""
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)


def weekday_next(anchor: dt.date, weekday: int) -> dt.date:
    """'next Thursday': the earliest such weekday strictly after the anchor."""
    return anchor + dt.timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)


def day_of_month_past(anchor: dt.date, day: int) -> dt.date | None:
    """'the 2nd': the latest date with that day of the month not after the anchor."""
    y, m = anchor.year, anchor.month
    for k in range(0, 13):
        yy, mm = add_months(dt.date(y, m, 1), -k)
        if day <= calendar.monthrange(yy, mm)[1]:
            cand = dt.date(yy, mm, day)
            if cand <= anchor:
                return cand
    return None


def year_for_month(anchor: dt.date, month: int, day: int | None, future_window_months: int) -> int:
    """Year of a month (and day) written without one.

    The anchor's year, unless that puts it more than ``future_window_months`` after the
    anchor, in which case the year before (news looks back).
    """
    y = anchor.year
    months_ahead = (month - anchor.month) + (0 if day is None else (day - anchor.day) / 31)
    if months_ahead > future_window_months:
        y -= 1
    if day is not None and month == 2 and day == 29 and not calendar.isleap(y):
        # a 29 February without a year: the latest leap year not after the anchor
        while not calendar.isleap(y) or dt.date(y, 2, 29) > anchor:
            y -= 1
    return y


def season_value(anchor: dt.date, season: str, offset: int | None) -> str:
    """'last summer', 'this winter', 'summer' (offset None: the latest one begun by the anchor)."""
    order = ["WI", "SP", "SU", "FA"]
    cur_code, cur_year = timex.season_of(anchor), timex.season_year(anchor)
    if offset is None:
        y = cur_year if order.index(season) <= order.index(cur_code) else cur_year - 1
    elif offset == 0:
        y = cur_year
    else:
        # 'last summer' is the latest summer that is over; 'next summer' the first one not begun
        y = cur_year + offset
        if offset < 0 and order.index(season) < order.index(cur_code):
            y += 1
        if offset > 0 and order.index(season) > order.index(cur_code):
            y -= 1
    return f"{y:04d}-{season}"


def quarter_value(anchor: dt.date, q: int, offset: int | None) -> str:
    """'the third quarter' (latest begun), 'last quarter', 'this quarter'."""
    cq = timex.quarter_of(anchor)
    if offset is None:
        y = anchor.year if q <= cq else anchor.year - 1
        return f"{y:04d}-Q{q}"
    n = anchor.year * 4 + (cq - 1) + offset
    return f"{n // 4:04d}-Q{n % 4 + 1}"
