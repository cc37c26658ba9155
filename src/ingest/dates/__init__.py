"""Dates in English and Chinese, normalised to TIMEX3 values against each article's publication date.

    from ingest.dates import DateConfig, extract_dates
    extract_dates(doc_id, text, "en", datetime.date(2021, 12, 3))

Relative expressions resolve against ``published_on`` preferring the past ('on Thursday' is the
Thursday on or before publication; 'the 2nd' the latest 2nd not after it). Without a
publication date, unknown parts stay ``X`` ('XXXX-12-02'), never a guessed year. Every mention
says how it resolved (``resolution``) and which anchor it used (``anchor``, '' when none was).

``resolution`` values:

- ``absolute`` (the text gives the value: '2018年9月20日'), ``absolute:interval`` ('the 2018–19
  academic year' as ``2018-09/2019-08``), ``absolute:era`` ('民國三年' → 1914);
- ``relative:…`` resolved against the anchor: ``today``, ``day_offset`` ('昨日'),
  ``weekday_past`` ('on Thursday': on or before), ``weekday_future`` (the sentence speaks of the
  future), ``weekday_last`` / ``weekday_next`` / ``weekday_this_week`` / ``weekday_of_week_offset``
  ('本週四'), ``day_of_month_past`` ('the 2nd'), ``year_of_month`` / ``year_of_month_day`` ('June',
  'December 3rd': the anchor's year unless that is more than ``future_window_months`` ahead),
  ``year_offset`` ('this year', '去年'), ``month_offset``, ``week_offset``, ``quarter_offset``,
  ``quarter_past``, ``season_past`` / ``season_offset``, ``decade_past``, ``century_offset``,
  ``this_year`` / ``this_month`` / ``this_week`` ('the end of the year'), ``ago`` / ``from_now``,
  ``month_last`` / ``month_next``, ``range_end`` ('一月十日到十二日': the end takes the start's month),
  ``bracketed_date`` ('today (September 20)'), ``day_of_month_context`` (no anchor: the month of
  the nearest preceding date, 'XXXX-12-02'), ``day_of_month_published`` (no anchor: the month of
  the publication date known without its year, e.g. from a dateline);
- ``no_anchor``: relative, but no publication date, so the unknown parts stay X;
- ``holiday`` / ``holiday:year_from_anchor`` / ``holiday:lunar_converted`` / ``holiday:lunar_no_anchor``,
  ``lunar:converted`` / ``lunar:unconverted`` (農曆 dates, via jionlp);
- ``duration``, ``set``, ``time_of_day``, ``part_of_day``, ``reference`` (PRESENT_REF …),
  ``invalid_calendar_date`` ('2月30日', kept as written).
"""

from __future__ import annotations

import datetime as dt
import re

from ingest.budget import analysed_end
from ingest.dates import en, zh
from ingest.dates.common import DateConfig, select
from ingest.dates.timex import Cand
from ingest.model import DateMention

__all__ = ["DateConfig", "DateError", "extract_dates", "script_views"]

LANGS = ("en", "zh-Hant", "zh-Hans", "mixed", "und")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# a Chinese run: Han characters with the digits, punctuation and spaces among and after them, up to Latin letters
_ZH_RUN = re.compile(rf"[0-9\uff10-\uff19]*[{_HAN}][^A-Za-z\n]*")


class DateError(ValueError):
    """The caller passed something extract_dates cannot work with (unknown language, bad anchor)."""


def extract_dates(
    doc_id: str,
    text: str,
    lang: str,
    published_on: dt.date | None,
    config: DateConfig = DateConfig(),
    *,
    published_hint: str | None = None,
) -> list[DateMention]:
    """Every temporal expression in ``text`` as a :class:`DateMention`, in text order.

    ``published_hint`` is the publication date as far as the article gives it when
    ``published_on`` is unknown, as TIMEX3 (``XXXX-12-03`` from a dateline 'December 3rd'):
    a bare day ('the 2nd') then takes its month (``XXXX-12-02``), never a year.

    ``lang`` is one of 'en', 'zh-Hant', 'zh-Hans', 'mixed', 'und'; for 'mixed' and 'und' the
    English tagger reads the Latin-script runs and the Chinese tagger the Han runs (see
    :func:`script_views`). Offsets are Python string
    offsets into ``text`` (end exclusive). Only the first ``config.max_chars`` characters (cut
    at a paragraph or sentence end, :func:`ingest.budget.analysed_end`) are read.
    """
    if lang not in LANGS:
        raise DateError(f"unknown lang {lang!r}: pass one of {', '.join(LANGS)} (silver documents.lang)")
    if published_on is not None and not isinstance(published_on, dt.date):
        raise DateError(f"published_on must be a datetime.date or None, not {type(published_on).__name__}")
    if isinstance(published_on, dt.datetime):
        published_on = published_on.date()
    hint = None if published_on else _month_day(published_hint)
    text = text[: analysed_end(text, config.max_chars)]  # offsets of the prefix are those of text
    if lang == "en":
        cands = en.tag(text, published_on, config, hint)
    elif lang in ("zh-Hant", "zh-Hans"):
        cands = zh.tag(text, published_on, config, hint)
    else:
        en_view, zh_view = script_views(text)
        cands = select(
            en.tag(en_view, published_on, config, hint) + zh.tag(zh_view, published_on, config, hint)
        )
    anchor = published_on.isoformat() if published_on else (published_hint if hint else "") or ""
    return [_mention(doc_id, text, c, anchor, config) for c in cands if _keep(c, config)]


_PARTIAL = re.compile(r"^(?:\d{4}|XXXX)-(\d{2})(?:-(\d{2}))?$")


def _month_day(timex: str | None) -> tuple[int, int | None] | None:
    """(month, day) of a TIMEX3 date such as ``XXXX-12-03`` or ``XXXX-12``; None otherwise."""
    m = _PARTIAL.match(timex or "")
    if not m or not 1 <= int(m[1]) <= 12:
        return None
    return int(m[1]), int(m[2]) if m[2] else None


def script_views(text: str) -> tuple[str, str]:
    """The text as the English tagger and as the Chinese tagger should see it, for 'mixed' documents.

    Both views have the length of ``text`` (so offsets carry over): the English view blanks the
    Chinese runs, the Chinese view blanks everything else.
    """
    en_chars, zh_chars = list(text), [" " if ch != "\n" else ch for ch in text]
    for m in _ZH_RUN.finditer(text):
        en_chars[m.start() : m.end()] = " " * (m.end() - m.start())
        zh_chars[m.start() : m.end()] = text[m.start() : m.end()]
    return "".join(en_chars), "".join(zh_chars)


def _keep(c: Cand, config: DateConfig) -> bool:
    if not config.include_reference and c.value.endswith("_REF"):
        return False
    return config.include_times or c.ttype != "TIME"


def _mention(doc_id: str, text: str, c: Cand, anchor: str, config: DateConfig) -> DateMention:
    return DateMention(
        doc_id=doc_id,
        start_char=c.start,
        end_char=c.end,
        text=text[c.start : c.end],
        timex_type=c.ttype,
        value=c.value,
        mod=c.mod,
        granularity=c.gran,
        anchor=anchor if c.anchored else "",
        resolution=c.resolution,
    )
