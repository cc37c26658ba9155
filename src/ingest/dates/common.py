"""What both taggers share: the configuration, the match context, overlap resolution, clock-time merging."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ingest.budget import MAX_ANALYSED_CHARS
from ingest.dates import resolve as rs
from ingest.dates import timex as tx
from ingest.dates.timex import Cand


@dataclass(frozen=True)
class DateConfig:
    """How dates are found and resolved. Every default is chosen for news read after the fact.

    - ``prefer_past`` (True): an expression that does not say which one it means ('Thursday',
      'the 2nd', '週四') is the latest one on or before the publication date; False takes the
      next one on or after it (Duckling's behaviour).
    - ``future_window_months`` (3): a month or month-and-day written without a year is put in
      the publication year when it is at most this many months ahead ('April 7' in a 22 March
      article announces what is coming); further ahead, it is last year's.
    - ``en_numeric_order`` ("MDY"): reading of English ``3/4/2021``; "DMY" for British/HK style.
    - ``zh_numeric_order`` ("DMY"): reading of ``1/2/2020`` in Chinese text when the year is last
      (a year written first is always year/month/day).
    - ``use_context_month`` (True): without a publication date, a bare day ('the 2nd', '2日')
      takes its month from the nearest preceding date that names one ('December 3rd').
    - ``include_reference`` (True): emit PRESENT_REF / PAST_REF / FUTURE_REF for 'now',
      'the past', 'the future', '目前', '過去'.
    - ``include_times`` (True): emit clock times ('3 pm', '下午3時') as TIME.
    - ``lunar`` (True): convert 農曆/农历 dates to the Gregorian calendar with jionlp.
    - ``max_chars`` (``ingest.budget.MAX_ANALYSED_CHARS``, 250,000): only the text up to
      :func:`ingest.budget.analysed_end` is read, so one huge document stays bounded; 0 reads
      everything. Keep it equal to ``CleanConfig.nlp_max_chars``, which records the cut.
    """

    prefer_past: bool = True
    future_window_months: int = 3
    en_numeric_order: str = "MDY"
    zh_numeric_order: str = "DMY"
    use_context_month: bool = True
    include_reference: bool = True
    include_times: bool = True
    lunar: bool = True
    max_chars: int = MAX_ANALYSED_CHARS


@dataclass
class Ctx:
    """What a rule handler may look at besides its match."""

    text: str
    anchor: dt.date | None
    cfg: DateConfig
    known: list[Cand] = field(default_factory=list)  # disjoint, in text order (set by run_rules)
    hint: tuple[int, int | None] | None = None  # (month, day) of a publication date known without its year

    def previous(self, pos: int) -> Cand | None:
        """The nearest known candidate ending at or before ``pos``."""
        i = bisect.bisect_right(self._ends(), pos)
        return self.known[i - 1] if i else None

    def context_month(self, pos: int, day: int | None = None) -> tuple[int | None, bool]:
        """Month for a bare day ('the 2nd') without an anchor, and whether it came from the hint.

        The month of the nearest date before ``pos`` that names one; failing that, the month of
        the publication date known without its year (the dateline's 'December 3rd'), or the
        month before it when ``day`` is later than that date's day.
        """
        if not self.cfg.use_context_month:
            return None, False
        i = bisect.bisect_right(self._ends(), pos)
        for c in reversed(self.known[:i]):
            if c.month is not None and c.ttype == "DATE":
                return c.month, False
        if self.hint is None:
            return None, False
        month, hint_day = self.hint
        if day is not None and hint_day is not None and day > hint_day:
            return (12 if month == 1 else month - 1), True
        return month, True

    def _ends(self) -> list[int]:
        if self._end_cache[0] is not self.known:
            self._end_cache = (self.known, [c.end for c in self.known])
        return self._end_cache[1]

    _end_cache: tuple[list[Cand] | None, list[int]] = (None, [])


_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|going\s+to|(?:is|are)\s+(?:to|due|set|scheduled|expected|planned)|scheduled|upcoming"
    r"|postponed|delayed|deferred|rescheduled|plans?\s+to|would\s+(?:be|take|hold|start|begin|open))\b|'ll\b"
    r"|將|将|擬|拟|計劃|计划|預計|预计|即將|即将|下[週周月]",
    re.IGNORECASE,
)


def future_cue(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` speaks of the future ('will', 'is due to', '將')."""
    left = max(text.rfind(p, 0, start) for p in ".!?。！？\n") + 1
    right_cands = [i for i in (text.find(p, end) for p in ".!?。！？\n") if i != -1]
    right = min(right_cands) if right_cands else len(text)
    window = text[max(left, start - 120) : min(right, end + 60)]
    return bool(_FUTURE_CUE.search(window))


Handler = Callable[[re.Match[str], "Ctx"], Cand | list[Cand] | None]


class Rule(NamedTuple):
    """A pattern, the handler that turns its matches into candidates, a tie-break priority, and whether
    it runs after the others (to see the dates they found, e.g. the month a bare day belongs to)."""

    pattern: re.Pattern[str]
    handler: Handler
    priority: int
    deferred: bool


def run_rules(rules: list[Rule], ctx: Ctx) -> list[Cand]:
    """Every rule over ``ctx.text``, deferred ones last, overlaps settled by :func:`select`."""
    found: list[Cand] = []
    for deferred in (False, True):
        if deferred:
            ctx.known = select(found)
        for r in rules:
            if r.deferred != deferred:
                continue
            for m in r.pattern.finditer(ctx.text):
                res = r.handler(m, ctx)
                for cand in res if isinstance(res, list) else [res] if res is not None else []:
                    cand.priority += r.priority
                    found.append(cand)
    return select(found)


def select(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping candidates: the longest first, then the higher priority, then the leftmost."""
    chosen: list[Cand] = []
    starts: list[int] = []  # the chosen spans are disjoint, so sorted by start they are sorted by end too
    ends: list[int] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if c.end <= c.start:
            continue
        i = bisect.bisect_left(starts, c.end)  # chosen spans starting before c ends
        if i and ends[i - 1] > c.start:
            continue
        chosen.append(c)
        starts.insert(i, c.start)
        ends.insert(i, c.end)
    return sorted(chosen, key=lambda c: c.start)


_DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-(?:\d\d-\d\d|XX-XX|WXX-\d|XX-\d\d)$")
_GAP = re.compile(r"^[\s,]*(?:on\s+|at\s+|of\s+)?$", re.IGNORECASE)


def merge_times(
    cands: list[Cand], text: str, anchor: dt.date | None, gap: re.Pattern[str] = _GAP
) -> list[Cand]:
    """Join a clock time with the day written next to it ('3 pm on Friday', '15:00 GMT Saturday').

    A clock time left alone gets an unknown day: ``XXXX-XX-XXT15:00``.
    """
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt is not None and _joinable(c, nxt, text, gap):
            time_c, date_c = (c, nxt) if c.value.startswith("T") else (nxt, c)
            out.append(
                Cand(
                    c.start,
                    nxt.end,
                    "TIME",
                    date_c.value + time_c.value,
                    date_c.mod,
                    "time",
                    date_c.resolution,
                    date_c.anchored,
                    0,
                    date_c.year,
                    date_c.month,
                )
            )
            i += 2
            continue
        if c.ttype == "TIME" and c.value.startswith("T"):
            c.value = "XXXX-XX-XX" + c.value
        out.append(c)
        i += 1
    return out


def _joinable(a: Cand, b: Cand, text: str, gap: re.Pattern[str]) -> bool:
    if not gap.match(text[a.end : b.start]):
        return False
    pair = {a.value.startswith("T"), b.value.startswith("T")}
    if pair != {True, False}:
        return False
    date_c = b if a.value.startswith("T") else a
    return date_c.ttype == "DATE" and bool(_DAY_VALUE.match(date_c.value))


def day_of_month(m: re.Match[str], c: Ctx, day: int) -> Cand | None:
    """A bare day of the month ('the 2nd', '2日'), for both languages.

    With a publication date: the latest such day on or before it. Without one: the month of
    the nearest preceding date, or of the publication date known without its year (see
    :meth:`Ctx.context_month`); the year stays unknown.
    """
    if c.anchor is not None:
        when = rs.day_of_month_past(c.anchor, day)
        if when is None:
            return None
        return Cand(m.start(), m.end(), "DATE", tx.day(when), gran="day", resolution="relative:day_of_month_past",
                    anchored=True, year=when.year, month=when.month)  # fmt: skip
    month, published = c.context_month(m.start(), day)
    how = "published" if published else "context" if month else None
    return Cand(m.start(), m.end(), "DATE", tx.ymd(None, month, day), gran="day", month=month, anchored=published,
                resolution=f"relative:day_of_month_{how}" if how else "no_anchor")  # fmt: skip
