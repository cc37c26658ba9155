"""English temporal tagger: regular rules for news text, normalised against an anchor date.

The rules live in :mod:`ingest.dates.en_calendar` (dates, months, years, weeks, seasons …) and
:mod:`ingest.dates.en_extent` (lengths, repetitions, clock times, 'now'); each is a regular
expression and a handler that turns a match into a :class:`Cand`. Overlapping candidates are
settled by :func:`ingest.dates.common.select` (longest wins). Rules deliberately refuse bare
numbers ('22 laboratories', 'HK$30 million', 'the 15th meeting'): a number becomes a date only
with a month, a temporal unit, or a year-like shape in a temporal context.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from ingest.dates import en_calendar, en_extent
from ingest.dates.common import Ctx, DateConfig, merge_times, run_rules
from ingest.dates.en_lexicon import RULES
from ingest.dates.timex import Cand

__all__ = ["RULES", "en_calendar", "en_extent", "tag"]  # importing the rule modules registers their rules


def tag(
    text: str, anchor: dt.date | None, cfg: DateConfig, hint: tuple[int, int | None] | None = None
) -> list[Cand]:
    """All English temporal expressions in ``text``, resolved against ``anchor`` (or left with X)."""
    ctx = Ctx(text, anchor, cfg, hint=hint)
    return _bracketed_dates(merge_times(run_rules(RULES, ctx), text, anchor), text)


_BRACKET = re.compile(r"\s*\(\s*")
_DAY = re.compile(r"(?:\d{4}|XXXX)-\d\d-\d\d")


def _bracketed_dates(cands: list[Cand], text: str) -> list[Cand]:
    """'today (September 20)': the date in brackets says which day 'today' is, with or without an anchor."""
    for a, b in itertools.pairwise(cands):
        if (
            a.ttype == "DATE"
            and a.resolution in ("relative:today", "relative:day_offset", "no_anchor")
            and re.fullmatch(r"(?i)today|yesterday|tomorrow", text[a.start : a.end])
            and _BRACKET.fullmatch(text[a.end : b.start])
            and _DAY.fullmatch(b.value)
        ):
            if a.value != b.value and a.value[:4].isdigit() and not b.value[:4].isdigit():
                continue  # the anchor already fixes the day; a bracket without a year cannot overrule it
            if not a.value[:4].isdigit():
                a.value, a.resolution, a.month = b.value, "relative:bracketed_date", b.month
    return cands
