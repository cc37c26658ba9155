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

from ingest.dates import en_calendar, en_extent
from ingest.dates.common import Ctx, DateConfig, merge_times, run_rules
from ingest.dates.en_lexicon import RULES
from ingest.dates.timex import Cand

__all__ = ["RULES", "en_calendar", "en_extent", "tag"]  # importing the rule modules registers their rules


def tag(text: str, anchor: dt.date | None, cfg: DateConfig) -> list[Cand]:
    """All English temporal expressions in ``text``, resolved against ``anchor`` (or left with X)."""
    ctx = Ctx(text, anchor, cfg)
    return merge_times(run_rules(RULES, ctx), text, anchor)
