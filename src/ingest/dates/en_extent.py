"""English rules for lengths, repetitions, clock times and reference words: 'three consecutive years', 'every year', '3 pm', 'now'."""

from __future__ import annotations

import datetime as dt
import re

from ingest.dates import resolve as rs
from ingest.dates import timex as tx
from ingest.dates.common import Ctx
from ingest.dates.en_lexicon import (
    _NUMW,
    _UNIT,
    PARTS,
    WEEKDAY_ALT,
    WEEKDAYS,
    _cand,
    _num,
    rule,
)
from ingest.dates.timex import Cand


@rule(r"\b(?:now|currently|nowadays|at\s+present|at\s+the\s+moment|the\s+present)\b", 0, re.IGNORECASE)
def _present(m: re.Match[str], c: Ctx) -> Cand | None:
    return _cand(m, "DATE", "PRESENT_REF", gran="", resolution="reference")


@rule(r"\b(?:the\s+past|the\s+future|the\s+time)\b(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|year|month|week|day|decade|of))",
      0, re.IGNORECASE)  # fmt: skip
def _ref(m: re.Match[str], c: Ctx) -> Cand | None:
    w = m[0].lower()
    if w == "the time" and not re.search(r"\bat\s+$", c.text[max(0, m.start() - 4) : m.start()]):
        return None
    return _cand(m, "DATE", "FUTURE_REF" if "future" in w else "PAST_REF", resolution="reference")


@rule(rf"\b(?P<n>{_NUMW})\s+(?P<unit>{_UNIT})s?\s+(?P<dir>ago|earlier|before|later|after|from\s+now|hence)\b",
      3, re.IGNORECASE)  # fmt: skip
def _ago(m: re.Match[str], c: Ctx) -> Cand | None:
    n, unit = _num(m["n"]), m["unit"].lower().replace("centurie", "century")
    direction = m["dir"].lower()
    if direction in ("earlier", "before", "later", "after"):
        # 'two months after X': the length only; the event it counts from is not a date we know
        end = m.start("dir") - 1
        return Cand(m.start(), end, "DURATION", tx.duration(n, unit), gran=unit, resolution="duration",
                    priority=1)  # fmt: skip
    if c.anchor is None or n is None or not float(n).is_integer():
        return _cand(m, "DATE", "PAST_REF" if direction == "ago" else "FUTURE_REF", gran=unit,
                     resolution="no_anchor" if c.anchor is None else "reference")  # fmt: skip
    k = int(n) * (-1 if direction == "ago" else 1)
    a = c.anchor
    kw: dict[str, object] = {"gran": unit, "resolution": "relative:ago" if k < 0 else "relative:from_now",
                             "anchored": True}  # fmt: skip
    if unit == "day":
        return _cand(m, "DATE", tx.day(a + dt.timedelta(days=k)), **kw)
    if unit == "week":
        return _cand(m, "DATE", tx.week(a + dt.timedelta(weeks=k)), **kw)
    if unit == "month":
        y, mo = rs.add_months(a, k)
        return _cand(m, "DATE", tx.ymd(y, mo, None), **kw)
    if unit == "year":
        return _cand(m, "DATE", str(a.year + k), **kw)
    if unit == "decade":
        return _cand(m, "DATE", str((a.year + 10 * k) // 10), **kw)
    return _cand(m, "DATE", tx.day(a), **kw)  # hours or minutes ago: the same day


@rule(rf"\b(?:(?P<approx>about|around|roughly|nearly|almost|approximately|some)\s+)?(?:the\s+(?P<rel>past|last|next|previous|coming|first|final|following)\s+)?"
      rf"(?P<n>{_NUMW})[\s-]+(?P<cons>(?:consecutive|straight|full|successive)\s+)?(?P<unit>{_UNIT})s?\b(?!-old|\s+old)",
      1, re.IGNORECASE)  # fmt: skip
def _duration(m: re.Match[str], c: Ctx) -> Cand | None:
    unit = m["unit"].lower().replace("centurie", "century")
    nword = m["n"].lower()
    if unit == "second" and nword in ("a", "an"):
        return None  # 'a second term'
    if nword in ("a", "an", "one") and re.match(r"\s*(?:ago|earlier|later|before|after)", c.text[m.end() :]):
        return None
    if re.search(r"\b(?:once|twice|times|per)\s+$", c.text[max(0, m.start() - 8) : m.start()], re.IGNORECASE):
        return None
    if re.match(r"[\s-]+(?:Plan|Programme|Program)\b", c.text[m.end() :]) or m["unit"][0].isupper():
        return None  # 'the 14th Five-Year Plan' is a name
    mod = "APPROX" if m["approx"] else ""
    return _cand(m, "DURATION", tx.duration(_num(m["n"]), unit), mod=mod, gran=unit, resolution="duration")


@rule(r"\b(?:(?P<q>several|many|few|recent|coming|past|the\s+past|the\s+last|the\s+next\s+few|the\s+past\s+few|the|a\s+few)\s+)?"
      r"(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades|centuries)\b", 0, re.IGNORECASE)  # fmt: skip
def _vague_duration(m: re.Match[str], c: Ctx) -> Cand | None:
    before = c.text[max(0, m.start() - 12) : m.start()]
    after = c.text[m.end() : m.end() + 10]
    cue = re.search(
        r"\b(?:for|in|within|over|after|of|takes?|took|taking|lasts?|lasted|spent|spend)\s+$", before, re.I
    ) or (
        not m["q"] and re.match(r"\s+(?:before|after|later|earlier)\b", after, re.I)
    )  # 'for years', 'can take weeks', 'minutes before the plane left'

    q = (m["q"] or "").lower()
    if q == "the" and not re.search(r"\bover\s+$", before, re.IGNORECASE):
        return None
    if not (cue or (q and q != "the")):
        return None
    unit = m["unit"].lower().rstrip("s").replace("centurie", "century")
    return _cand(m, "DURATION", tx.duration(None, unit), gran=unit, resolution="duration")


@rule(r"\b(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2})(?::(?P<sec>\d{2}))?)?\s*(?P<ap>[ap]\.m\.|[ap]m\b|[AP]M\b|[ap]\.m\b)(?:\s+(?P<tz>GMT|UTC|HKT|ET|EST|EDT|PT|PST))?"
      r"|(?<![:\d])\b(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)\b(?!:\d)(?:\s+(?P<tz2>GMT|UTC|HKT|ET|EST|EDT|PT|PST))?"
      r"|\b(?P<w>noon|midday|midnight)\b", 2)  # fmt: skip
def _clock(m: re.Match[str], c: Ctx) -> Cand | None:
    sec = None
    if m["w"]:
        h, mi = (0 if m["w"].lower() == "midnight" else 12), None
    elif m["h"]:
        h, mi = int(m["h"]), int(m["mi"]) if m["mi"] else None
        sec = int(m["sec"]) if m["sec"] else None
        if h > 12 or (mi is not None and mi > 59):
            return None
        h = (h % 12) + (12 if m["ap"].lower().startswith("p") else 0)
    else:
        h, mi = int(m["h2"]), int(m["mi2"])
    return _cand(m, "TIME", tx.hm(h, mi, sec), gran="time", resolution="time_of_day")


@rule(rf"\b(?:every|each)\s+(?:(?P<n>other|two|three|four|\d+)\s+)?(?P<u>day|week|month|year|quarter|morning|afternoon|evening"
      rf"|night|weekend|summer|winter|spring|autumn|season|{WEEKDAY_ALT})s?\b|\b(?P<adv>annually|yearly)\b"
      r"|\b(?P<f>once|twice|three\s+times|\d+\s+times)\s+(?:a|per)\s+(?P<u2>day|week|month|year)\b", 4, re.IGNORECASE)  # fmt: skip
def _set(m: re.Match[str], c: Ctx) -> Cand | None:
    u = (m["u"] or m["u2"] or "year").lower()
    if m["adv"]:
        u = "year"
    if u in PARTS:
        return _cand(m, "SET", f"XXXX-XX-XXT{PARTS[u]}", gran=u, resolution="set")
    if u.capitalize() in WEEKDAYS or u in WEEKDAYS:
        return _cand(m, "SET", f"XXXX-WXX-{WEEKDAYS.index(u) + 1}", gran="day", resolution="set")
    if u in tx.SEASONS or u == "season":
        return _cand(m, "SET", f"XXXX-{tx.SEASONS.get(u, 'XX')}", gran="season", resolution="set")
    if u == "weekend":
        return _cand(m, "SET", "XXXX-WXX-WE", gran="week", resolution="set")
    n = 2 if (m["n"] or "").lower() == "other" else (_num(m["n"]) if m["n"] else 1)
    return _cand(m, "SET", tx.duration(n, u), gran=u, resolution="set")
