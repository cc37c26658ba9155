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
import re

from ingest.dates import en_calendar, en_extent
from ingest.dates.common import Ctx, DateConfig, merge_times, run_rules
from ingest.dates.en_lexicon import RULES
from ingest.dates.timex import Cand, bracketed_dates

__all__ = ["RULES", "en_calendar", "en_extent", "tag"]  # importing the rule modules registers their rules


def tag(
    text: str, anchor: dt.date | None, cfg: DateConfig, hint: tuple[int, int | None] | None = None
) -> list[Cand]:
    """All English temporal expressions in ``text``, resolved against ``anchor`` (or left with X)."""
    ctx = Ctx(text, anchor, cfg, hint=hint)
    return _bracketed_dates(merge_times(run_rules(RULES, ctx), text, anchor), text)


_BRACKET = re.compile(r"\s*\(\s*")


_RELATIVE_DAY = re.compile(
    r"(?i)today|yesterday|tomorrow|this (?:morning|afternoon|evening)|(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
)


def _bracketed_dates(cands: list[Cand], text: str) -> list[Cand]:
    """'today (September 20)', 'Wednesday (November 13)': the bracketed day wins (see :func:`bracketed_dates`)."""
    return bracketed_dates(cands, text, _RELATIVE_DAY, _BRACKET)
