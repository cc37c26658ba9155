"""The days a TIMEX3 value denotes, as a (begin, end) pair of dates, both ends included.

    >>> date_range("2021-06")
    (datetime.date(2021, 6, 1), datetime.date(2021, 6, 30))
    >>> date_range("2021-09", "EARLY")
    (datetime.date(2021, 9, 1), datetime.date(2021, 9, 10))

Shapes, as :mod:`ingest.dates.timex` and the taggers write them:

- a day ``2018-09-20``, or a time on it (``2018-09-20T15:30``, ``2018-09-20TAF``): that day;
- a month ``2021-06``; a year ``2021``; a decade ``199`` (1990–1999); a century ``19`` (1900–1999,
  as TIMEX3 writes centuries by their leading digits);
- a quarter ``2021-Q3``; a half ``2021-H1``; a season ``2021-SU``, meteorological as
  :func:`ingest.dates.timex.season_of` assigns them (SP March–May, SU June–August, FA
  September–November, WI December of the year before to the end of February, because
  :func:`ingest.dates.timex.season_year` names a winter by the year its January falls in);
- an ISO week ``2018-W38`` (Monday to Sunday), its weekend ``2018-W38-WE`` (Saturday and Sunday),
  or one of its days ``2018-W38-4``;
- a week of a month ``2016-12-W05``, as Microsoft Recognizers-Text writes 'the last week of
  December 2016': the n-th Monday-to-Sunday week counted from the one holding the month's 1st
  (``2015-01-W01`` is 2014-12-29 to 2015-01-04), NULL when that week would begin after the month;
- an interval ``2018-09/2019-08`` (the academic year): from the start of the first value to the end
  of the second.

``(None, None)`` — a NULL range — for everything else, and never an exception:

- an unknown year (``XXXX-12-02``, ``XXXX-Q3``, ``XX9``, ``XXXX-WXX-1``): the days cannot be placed;
- an unknown part after a known year (``2021-XX``) — the value lies somewhere in 2021 but does not
  denote the whole year, and a range that claims more than the text says would mislead a filter;
- durations (``P3Y``, ``PT1H``, ``PXM``) and the sets written as durations (``P1Y``, 'every
  year'): a length of time, not a place on the calendar;
- ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF`` ('now', 'in the past', 'in future'): 'now' has no
  stated extent and the other two are open on one side, so no pair of days is what they say;
- a clock time without its day (``T15:30``); a clock time on a day may give its hour in one digit
  (``2018-10-31T8``, as Recognizers-Text writes it);
- an impossible date (``2021-02-29``, ``2021-W53``, a winter of year 1 that would begin in year 0),
  years outside 1–9999 (``datetime.date``'s range), an interval that ends before it begins, and
  anything not in the shapes above.

``mod`` narrows the range. The extractor writes EARLY, MID, LATE ('early June', 'mid-2021', 'late
1990s', 上旬 / 中旬 / 下旬), START and END ('the beginning of', 'the end of', 初, 底, 末) on dates,
and APPROX on durations and clock times. The rule:

- EARLY and START take the first third of the range, MID the middle third, LATE and END the last
  third. START and END are not narrower than EARLY and LATE: the extractor writes both pairs for
  the same words in the two languages ('first half of' is EARLY, 初 is START), and no text gives a
  sharper edge than 'the end of June'.
- Thirds are counted in the range's own units — years for decades, centuries and runs of years,
  months for years, halves, quarters, seasons and runs of months, days for weeks and days — moving to
  the next finer unit while the range has fewer than three: a year is twelve months, so thirds are
  January–April, May–August, September–December; a quarter or season gives one month each.
- With ``k`` units, the first third is the first ``k // 3`` units, the middle third the next
  ``k // 3``, and the last third the rest, so an uneven remainder goes to the last: the early 1990s
  are 1990–1992, the mid 1990s 1993–1995, the late 1990s 1996–1999; a week is Monday–Tuesday,
  Wednesday–Thursday, Friday–Sunday.
- A single calendar month is cut as the Chinese 旬 are (the words the extractor reads as EARLY,
  MID, LATE): days 1–10, 11–20, and 21 to the end of the month, in February as in August.
- A range of fewer than three days (a day, a time, a weekend) is kept whole.
- APPROX and no mod keep the range as it is. Any other mod (TIMEX3's BEFORE, AFTER, ON_OR_BEFORE …,
  which the extractor does not write) gives ``(None, None)``: those ranges are open, or relative to
  a length, and a closed range would say something the text does not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = ["MOD_THIRD", "date_range"]

Range = tuple[dt.date | None, dt.date | None]
_NULL: Range = (None, None)

MOD_THIRD = {"EARLY": 0, "START": 0, "MID": 1, "LATE": 2, "END": 2}
"""Which third of its range a mod keeps (0 the first, 2 the last)."""
_KEEP_WHOLE = {"", "APPROX"}

# units, finest first
_DAY, _MONTH, _YEAR = 0, 1, 2

_TIME = r"(?:T(?:(?P<hh>\d{1,2})(?::(?P<mi>\d{2})(?::(?P<ss>\d{2}))?)?|MO|MI|AF|EV|NI|DT))?"
_DAY_RE = re.compile(rf"(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}}){_TIME}", re.ASCII)
_WEEK_RE = re.compile(rf"(?P<y>\d{{4}})-W(?P<w>\d{{2}})(?:-(?P<we>WE)|-(?P<wd>[1-7]){_TIME})?", re.ASCII)
_MONTH_WEEK_RE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-W(?P<w>\d{2})", re.ASCII)
_MONTH_RE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})", re.ASCII)
_PART_RE = re.compile(r"(?P<y>\d{4})-(?:Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI))", re.ASCII)
_YEARS_RE = re.compile(r"\d{2,4}", re.ASCII)  # 2021, 199 (a decade), 19 (a century)

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (-1, 2)}  # -1: December before


def date_range(value: str, mod: str = "") -> Range:
    """(begin, end) of the days ``value`` denotes, narrowed by ``mod``; ``(None, None)`` when it
    denotes no range of known days (see the module docstring for every shape and the mod rule)."""
    if not isinstance(value, str) or not isinstance(mod, str | None):
        return _NULL
    mod = mod or ""
    if mod not in _KEEP_WHOLE and mod not in MOD_THIRD:
        return _NULL
    try:
        span = _interval(value) if "/" in value else _span(value)
    except (ValueError, OverflowError):  # an impossible date or one outside datetime.date's years
        return _NULL
    if span is None:
        return _NULL
    begin, end, unit = span
    if mod in MOD_THIRD:
        try:
            begin, end = _third(begin, end, unit, MOD_THIRD[mod])
        except (ValueError, OverflowError):
            return _NULL
    return begin, end


def _interval(value: str) -> tuple[dt.date, dt.date, int] | None:
    """'2018-09/2019-08': from the first value's start to the second's end, in the finer unit."""
    first, _, second = value.partition("/")
    if "/" in second:
        return None
    a, b = _span(first), _span(second)
    if a is None or b is None or b[1] < a[0]:
        return None
    return a[0], b[1], min(a[2], b[2])


def _span(value: str) -> tuple[dt.date, dt.date, int] | None:
    """(begin, end, unit) of one TIMEX3 value without a mod; None for shapes that denote no range.

    Raises ValueError for impossible dates in a valid shape, which the caller turns into NULL."""
    if m := _DAY_RE.fullmatch(value):
        _check_time(m)
        d = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        return d, d, _DAY
    if m := _WEEK_RE.fullmatch(value):
        y, w = int(m["y"]), int(m["w"])
        if m["wd"]:
            _check_time(m)
            d = dt.date.fromisocalendar(y, w, int(m["wd"]))
            return d, d, _DAY
        if m["we"]:
            return dt.date.fromisocalendar(y, w, 6), dt.date.fromisocalendar(y, w, 7), _DAY
        return dt.date.fromisocalendar(y, w, 1), dt.date.fromisocalendar(y, w, 7), _DAY
    if m := _MONTH_WEEK_RE.fullmatch(value):
        first = dt.date(int(m["y"]), int(m["m"]), 1)
        monday = first - dt.timedelta(days=first.weekday()) + dt.timedelta(weeks=int(m["w"]) - 1)
        if int(m["w"]) < 1 or monday > _month_end(first):
            raise ValueError("no such week in the month")
        return monday, monday + dt.timedelta(days=6), _DAY
    if m := _MONTH_RE.fullmatch(value):
        y, mo = int(m["y"]), int(m["m"])
        return _months(y, mo, y, mo)
    if m := _PART_RE.fullmatch(value):
        y = int(m["y"])
        if m["q"]:
            q = int(m["q"])
            return _months(y, 3 * q - 2, y, 3 * q)
        if m["h"]:
            h = int(m["h"])
            return _months(y, 6 * h - 5, y, 6 * h)
        first, last = _SEASON_MONTHS[m["s"]]
        return _months(y - 1, 12, y, last) if first < 0 else _months(y, first, y, last)
    if _YEARS_RE.fullmatch(value):
        scale = 10 ** (4 - len(value))  # a year, a decade, a century
        y0 = int(value) * scale
        return dt.date(y0, 1, 1), dt.date(y0 + scale - 1, 12, 31), _YEAR
    return None


def _check_time(m: re.Match[str]) -> None:
    """A clock time on a day must be one: hours 00–24 (24 only as 24:00), minutes and seconds 00–59."""
    hh, mi, ss = (int(m[g]) if m[g] else 0 for g in ("hh", "mi", "ss"))
    if hh > 24 or mi > 59 or ss > 59 or (hh == 24 and (mi or ss)):
        raise ValueError("not a clock time")


def _months(y1: int, m1: int, y2: int, m2: int) -> tuple[dt.date, dt.date, int]:
    """From the first day of month m1 of y1 to the last day of month m2 of y2."""
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        raise ValueError("not a month")
    return dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1]), _MONTH


def _third(begin: dt.date, end: dt.date, unit: int, which: int) -> tuple[dt.date, dt.date]:
    """The first (0), middle (1) or last (2) third of [begin, end] by the module docstring's rule."""
    while unit > _DAY and _count(begin, end, unit) < 3:
        unit -= 1
    if unit == _DAY:
        if begin.day == 1 and (begin.year, begin.month) == (end.year, end.month) and end == _month_end(end):
            first, last = [(1, 10), (11, 20), (21, end.day)][which]
            return begin.replace(day=first), begin.replace(day=last)
        n = (end - begin).days + 1
        if n < 3:
            return begin, end
    k = _count(begin, end, unit)
    lo, hi = [(0, k // 3), (k // 3, 2 * (k // 3)), (2 * (k // 3), k)][which]
    return _start_of(begin, unit, lo), _end_of(begin, unit, hi - 1)


def _count(begin: dt.date, end: dt.date, unit: int) -> int:
    """How many units (days, months or years) [begin, end] spans."""
    if unit == _DAY:
        return (end - begin).days + 1
    if unit == _MONTH:
        return (end.year - begin.year) * 12 + end.month - begin.month + 1
    return end.year - begin.year + 1


def _start_of(begin: dt.date, unit: int, i: int) -> dt.date:
    """The first day of the i-th unit (from 0) counted from begin."""
    if unit == _DAY:
        return begin + dt.timedelta(days=i)
    if unit == _MONTH:
        n = begin.year * 12 + begin.month - 1 + i
        return dt.date(n // 12, n % 12 + 1, 1)
    return dt.date(begin.year + i, 1, 1)


def _end_of(begin: dt.date, unit: int, i: int) -> dt.date:
    """The last day of the i-th unit (from 0) counted from begin."""
    if unit == _DAY:
        return begin + dt.timedelta(days=i)
    if unit == _MONTH:
        return _month_end(_start_of(begin, unit, i))
    return dt.date(begin.year + i, 12, 31)


def _month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])
