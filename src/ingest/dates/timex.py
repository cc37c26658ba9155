"""TIMEX3 value helpers: formatting points, weeks, quarters and durations, and the candidate record.

Values follow TIMEX3 (ISO 8601 with ``X`` for unknown digits): ``2018-09-20``, ``2021-06``,
``2021-Q3``, ``2018-W38``, ``2021-SU``, ``199`` (the 1990s), ``19`` (the 20th century),
``XXXX-12-02`` (year unknown), ``2018-09-20TAF`` (afternoon), ``P3Y`` (three years),
``PXY`` (an unknown number of years), ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
DURATION_UNITS = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "week": "W",
    "month": "M",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "quarter": "Q",
}
TIME_UNITS = {"second", "minute", "hour"}


@dataclass(slots=True)
class Cand:
    """A temporal expression found by a tagger, before it becomes a :class:`DateMention`.

    ``priority`` breaks ties between overlapping candidates of equal length (higher wins);
    ``year``/``month`` record what the expression fixed, so later bare days can take their month.
    """

    start: int
    end: int
    ttype: str
    value: str
    mod: str = ""
    gran: str = ""
    resolution: str = "absolute"
    anchored: bool = False
    priority: int = 0
    year: int | None = None
    month: int | None = None


def day(d: dt.date) -> str:
    """``2018-09-20``."""
    return d.isoformat()


def ymd(year: int | None, month: int | None, day_: int | None) -> str:
    """A date value with ``X`` for each unknown part: ``XXXX-12-02``, ``2021-06``."""
    y = f"{year:04d}" if year is not None else "XXXX"
    if month is None:
        return y if day_ is None else f"{y}-XX-{day_:02d}"
    m = f"{month:02d}"
    return f"{y}-{m}" if day_ is None else f"{y}-{m}-{day_:02d}"


def week(d: dt.date) -> str:
    """ISO week of a date: ``2018-W38``."""
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(d: dt.date) -> int:
    """1–4."""
    return (d.month - 1) // 3 + 1


def season_of(d: dt.date) -> str:
    """Meteorological season code of a date (northern hemisphere): SP, SU, FA, WI."""
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(
        d.month, "FA"
    )


def season_year(d: dt.date) -> int:
    """The year a meteorological season is named by (December belongs to the next winter)."""
    return d.year + 1 if d.month == 12 else d.year


def duration(amount: float | None, unit: str) -> str:
    """``P3Y``, ``PT5H``, ``P3.5Y``, ``PXM`` (amount unknown)."""
    unit = unit.rstrip("s") if unit not in ("centuries",) else "century"
    code = DURATION_UNITS[unit]
    if unit in ("decade", "century") and amount is not None:
        # 'a decade' is P10Y, as TimeML annotators write it
        amount, code = amount * (10 if unit == "decade" else 100), "Y"
    if amount is None:
        n = "X"
    elif float(amount).is_integer():
        n = str(int(amount))
    else:
        n = f"{amount:g}"
    return f"PT{n}{code}" if unit in TIME_UNITS else f"P{n}{code}"


def hm(hour: int, minute: int | None = None, second: int | None = None) -> str:
    """The time part: ``T15``, ``T15:30``, ``T15:30:05``."""
    out = f"T{hour:02d}"
    if minute is not None:
        out += f":{minute:02d}"
        if second is not None:
            out += f":{second:02d}"
    return out


def numeric_ymd(a: int, b: int, year: str, day_first: bool) -> tuple[int, int, int]:
    """(year, month, day) of a numeric date 'a/b/year': two-digit years pivot at 50, and an
    order that cannot be right (month > 12) is swapped."""
    y = int(year)
    if len(year) == 2:
        y += 2000 if y < 50 else 1900
    d, mo = (a, b) if day_first else (b, a)
    if mo > 12 >= d:
        mo, d = d, mo
    return y, mo, d


def valid_ymd(year: int | None, month: int | None, day_: int | None) -> bool:
    """Whether the known parts can form a calendar date (29 February needs a leap year when known)."""
    if month is not None and not 1 <= month <= 12:
        return False
    if day_ is None:
        return True
    if not 1 <= day_ <= 31:
        return False
    if month is None:
        return True
    try:
        dt.date(year if year is not None else 2000, month, day_)
    except ValueError:
        return False
    return True


_DAY_VALUE = re.compile(r"(?:\d{4}|XXXX)-\d\d-\d\d")


def bracketed_dates(
    cands: list[Cand], text: str, relative: re.Pattern[str], bracket: re.Pattern[str]
) -> list[Cand]:
    """'today (September 20)', '星期三（十一月十三日）': the explicit day in brackets says which day
    the relative word before it is (``relative:bracketed_date``), anchor or not — it is the
    text's own statement, where the anchor (a publication date) may be a mirror's or a crawl's."""
    for a, b in itertools.pairwise(cands):
        if (
            a.ttype == "DATE"
            and relative.fullmatch(text[a.start : a.end])
            and bracket.fullmatch(text[a.end : b.start])
            and _DAY_VALUE.fullmatch(b.value)
            and a.value != b.value
        ):
            a.value, a.resolution, a.month = b.value, "relative:bracketed_date", b.month
    return cands
