"""Chinese temporal tagger (Traditional and Simplified, Chinese numerals, full-width digits).

The text is matched through a same-length normalisation (full-width digits to ASCII, the
Traditional characters the rules use to Simplified), so every offset is an offset into the
original. Numerals go through cn2an; 農曆 dates with a year are converted with jionlp. The rules
live in :mod:`ingest.dates.zh_calendar` and :mod:`ingest.dates.zh_extent`.
"""

from __future__ import annotations

import datetime as dt
import re

from ingest.dates import zh_calendar, zh_extent
from ingest.dates.common import Ctx, DateConfig, merge_times, run_rules
from ingest.dates.timex import Cand, bracketed_dates
from ingest.dates.zh_extent import ZH_GAP, time_ranges
from ingest.dates.zh_lexicon import NORM, RULES

__all__ = ["RULES", "tag", "zh_calendar", "zh_extent"]  # importing the rule modules registers their rules


def tag(
    text: str, anchor: dt.date | None, cfg: DateConfig, hint: tuple[int, int | None] | None = None
) -> list[Cand]:
    """All Chinese temporal expressions in ``text`` (either script), resolved against ``anchor``."""
    norm = text.translate(NORM)
    ctx = Ctx(norm, anchor, cfg, hint=hint)
    cands = time_ranges(merge_times(run_rules(RULES, ctx), norm, anchor, ZH_GAP), norm)
    return bracketed_dates(cands, norm, _RELATIVE_DAY, _BRACKET)


# 今日（十月十一日）, 星期三（十一月十三日）: the day in brackets says which day it is.
_RELATIVE_DAY = re.compile(
    r"今日|今天|今早|今晚|昨日|昨天|明日|明天|(?:星期|週|周|禮拜|礼拜)[一二三四五六日天]"
)
_BRACKET = re.compile(r"\s*[（(]\s*")
