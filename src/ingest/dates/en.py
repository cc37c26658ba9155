"""English temporal tagger: regular rules for news text, normalised against an anchor date.

Each rule is a regular expression and a handler that turns a match into a :class:`Cand`;
overlapping candidates are settled by :func:`ingest.dates.common.select` (longest wins).
Rules deliberately refuse bare numbers ('22 laboratories', 'HK$30 million', 'the 15th
meeting'): a number becomes a date only with a month, a temporal unit, or a year-like
shape in a temporal context.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from ingest.dates import resolve as rs
from ingest.dates import timex as tx
from ingest.dates.common import Ctx, future_cue, merge_times, select
from ingest.dates.timex import Cand

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "half a": 0.5, "a half": 0.5,
}  # fmt: skip
VAGUE = {"several", "a few", "few", "a couple of", "couple of", "many", "some", "the next few", "recent"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}

_MON = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)(?![a-z])"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YR = r"(?:1[89]\d\d|20\d\d)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_NUMW = (
    rf"(?:\d+(?:\.\d+)?|{_TENS}(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|half an?|a half"
    r"|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|a hundred|hundred|several|a few|few|a couple of|couple of|many)"
)
_UNIT = r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))"
_PRE = (
    r"(?:early|late|mid-?|(?:at\s+)?the\s+(?:end|start|beginning|middle|turn|close)\s+of"
    r"|(?:end|start|beginning|middle)\s+of|the\s+(?:first|second|latter)\s+half\s+of)"
)
_YEAR_OK_AFTER = re.compile(
    r"\s+(?:and|to|or|when|as|after|before|but|until|with|while|for|the|a|in|on|at|was|were|is|that|which"
    r"|through|budget|elections?|census|compared|than|because|from|by|of|has|had|saw|amid|onwards|onward"
    r"|levels?|figures?|season|report|fiscal|there|it|he|she|they|we|its|his|her|their)\b"
)
_YEAR_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|of|from|until|till|to|between|before|after|during|through|early|late|mid|year"
    r"|and|or|around|circa|c\.|spring|summer|autumn|fall|winter|the|than|for|at)\s+|-|,\s*)$",
    re.IGNORECASE,
)


_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|his|her|its|their|our|my|your|this|that)\s+$", re.IGNORECASE)


def _num(word: str) -> float | None:
    w = word.lower().replace("-", " ").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if w in VAGUE:
        return None
    if w in NUMBERS:
        return NUMBERS[w]
    parts = w.split()
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None


def _month(word: str) -> int:
    return MONTHS[word[:3].lower()]


def _mod(pre: str | None) -> str:
    if not pre:
        return ""
    p = pre.lower()
    for key, mod in (("early", "EARLY"), ("late", "LATE"), ("mid", "MID"), ("middle", "MID"),
                     ("end", "END"), ("close", "END"), ("turn", "END"), ("start", "START"),
                     ("beginning", "START"), ("first half", "EARLY"), ("second half", "LATE"),
                     ("latter half", "LATE")):  # fmt: skip
        if key in p:
            return mod
    return ""


def _rel_offset(word: str | None) -> int | None:
    if not word:
        return None
    w = word.lower().removeprefix("the").strip()
    return {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1,
            "following": 1}.get(w)  # fmt: skip


Handler = Callable[[re.Match[str], Ctx], Cand | None]
RULES: list[tuple[re.Pattern[str], Handler, int]] = []


def rule(pattern: str, priority: int = 0, flags: int = 0) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        RULES.append((re.compile(pattern, flags), fn, priority))
        return fn

    return deco


def _cand(m: re.Match[str], ttype: str, value: str, **kw: object) -> Cand:
    return Cand(m.start(), m.end(), ttype, value, **kw)  # type: ignore[arg-type]


@rule(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T(?P<h>\d{2}):(?P<mi>\d{2}))?\b", 5)
def _iso(m: re.Match[str], c: Ctx) -> Cand | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not tx.valid_ymd(y, mo, d):
        return None
    if m["h"]:
        return _cand(m, "TIME", tx.ymd(y, mo, d) + tx.hm(int(m["h"]), int(m["mi"])), gran="time")
    return _cand(m, "DATE", tx.ymd(y, mo, d), gran="day", year=y, month=mo)


@rule(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])", 4)
def _slash(m: re.Match[str], c: Ctx) -> Cand | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    y = y + (2000 if y < 50 else 1900) if len(m["y"]) == 2 else y
    mo, d = (a, b) if c.cfg.en_numeric_order == "MDY" else (b, a)
    if mo > 12 >= d:
        mo, d = d, mo
    if not tx.valid_ymd(y, mo, d):
        return None
    return _cand(m, "DATE", tx.ymd(y, mo, d), gran="day", year=y, month=mo)


def _month_day(m: re.Match[str], c: Ctx, mon: str, dd: str, yr: str | None) -> Cand | None:
    month, d = _month(mon), int(dd)
    year = int(yr) if yr else None
    if not tx.valid_ymd(year, month, d):
        return None
    if year is not None:
        return _cand(m, "DATE", tx.ymd(year, month, d), gran="day", year=year, month=month)
    if c.anchor is None:
        return _cand(m, "DATE", tx.ymd(None, month, d), gran="day", resolution="no_anchor", month=month)
    window = 12 if future_cue(c.text, m.start(), m.end()) else c.cfg.future_window_months
    y = rs.year_for_month(c.anchor, month, d, window)
    return _cand(m, "DATE", tx.ymd(y, month, d), gran="day", resolution="relative:year_of_month_day",
                 anchored=True, year=y, month=month)  # fmt: skip


@rule(rf"\b(?:{_WD},?\s+)?(?:the\s+)?(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!:|\.\d|,\d)"
      rf"(?:,?\s+(?P<y>{_YR})\b)?", 3)  # fmt: skip
def _mdy(m: re.Match[str], c: Ctx) -> Cand | None:
    return _month_day(m, c, m["mon"], m["d"], m["y"])


@rule(rf"\b(?:{_WD},?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>{_MON})"
      rf"(?:,?\s+(?P<y>{_YR})\b)?", 3)  # fmt: skip
def _dmy(m: re.Match[str], c: Ctx) -> Cand | None:
    return _month_day(m, c, m["mon"], m["d"], m["y"])


@rule(rf"\b(?:(?P<pre>{_PRE})\s*)?(?P<mon>{_MON}),?\s+(?:of\s+)?(?P<y>{_YR})\b", 2, re.IGNORECASE)
def _my(m: re.Match[str], c: Ctx) -> Cand | None:
    if not m["mon"][0].isupper():
        return None
    y, mo = int(m["y"]), _month(m["mon"])
    return _cand(m, "DATE", tx.ymd(y, mo, None), mod=_mod(m["pre"]), gran="month", year=y, month=mo)


@rule(rf"\b(?:(?P<pre>{_PRE})\s*)?(?:(?P<rel>last|this|next|the\s+past)\s+)?(?P<mon>{_MON})"
      r"(?:\s+(?P<rel2>this|last|next)\s+year)?")  # fmt: skip
def _month_alone(m: re.Match[str], c: Ctx) -> Cand | None:
    mon = m["mon"]
    before = c.text[max(0, m.start() - 12) : m.start()]
    if (
        mon in ("May", "March", "Mar", "Jan", "Jun", "Jul", "Dec")
        and not (m["pre"] or m["rel"] or m["rel2"])
        and not re.search(
            r"\b(?:in|since|by|until|of|from|to|between|and|through|during|before|after)\s+$",
            before,
            re.IGNORECASE,
        )
    ):
        return None
    month, mod = _month(mon), _mod(m["pre"])
    rel = _rel_offset(m["rel"]) if m["rel"] else None
    yoff = _rel_offset(m["rel2"]) if m["rel2"] else None
    if c.anchor is None:
        return _cand(m, "DATE", tx.ymd(None, month, None), mod=mod, gran="month", resolution="no_anchor",
                     month=month)  # fmt: skip
    a = c.anchor
    if yoff is not None:
        y, how = a.year + yoff, "relative:year_offset"
    elif rel is not None and rel < 0:
        y, how = (a.year if month < a.month else a.year - 1), "relative:month_last"
    elif rel is not None and rel > 0:
        y, how = (a.year if month > a.month else a.year + 1), "relative:month_next"
    elif rel == 0:
        y, how = a.year, "relative:year_offset"
    else:
        window = 12 if future_cue(c.text, m.start(), m.end()) else c.cfg.future_window_months
        y, how = rs.year_for_month(a, month, None, window), "relative:year_of_month"
    return _cand(m, "DATE", tx.ymd(y, month, None), mod=mod, gran="month", resolution=how, anchored=True,
                 year=y, month=month)  # fmt: skip


@rule(rf"\b(?:(?P<pre>{_PRE})\s*)?(?:(?P<fy>fiscal|financial|calendar)\s+(?:year\s+)?|FY\s?)?(?P<y>{_YR})\b(?!\s*/\s*\d)",
      1, re.IGNORECASE)  # fmt: skip
def _year(m: re.Match[str], c: Ctx) -> Cand | None:
    s, e = m.start(), m.end()
    before, after = c.text[max(0, s - 30) : s], c.text[e : e + 30]
    if re.search(r"(?:[$£€¥#]|HK|US|RMB|No\.?)\s*$", before) or re.match(
        r"(?:[.,]\d|%|\d|\s*(?:mn|m|bn)\b)", after
    ):
        return None
    if re.search(r"\d[\d,.]*\s*$", before):  # '1,2010' or a list of numbers
        return None
    cued = m["pre"] or m["fy"] or _YEAR_CUE_BEFORE.search(before) or before == ""
    ok_after = not re.match(r"\s+[a-z]", after) or _YEAR_OK_AFTER.match(after)
    # 'in 2011 removed', 'a 2010 commando raid' (but not 'in 2000 cases', 'his 2000 supporters')
    attributive = (cued or _DETERMINER_BEFORE.search(before)) and not re.match(r"\s+(?:people|[a-z]*[^siu\s]s)\b", after)
    if not ((ok_after and (cued or re.match(r"\s*(?:[.,;:)!?'\"]|$)", after))) or attributive):
        return None
    y = int(m["y"])
    return _cand(m, "DATE", tx.ymd(y, None, None), mod=_mod(m["pre"]), gran="year", year=y)


@rule(rf"\b(?:the\s+)?(?P<y1>{_YR})\s*[-–—/]\s*(?P<y2>\d{{4}}|\d{{2}})\s+(?P<kind>academic|school|financial|fiscal|budget|crop)\s+years?\b",
      6, re.IGNORECASE)  # fmt: skip
def _academic(m: re.Match[str], c: Ctx) -> Cand | None:
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else (y1 // 100) * 100 + int(m["y2"])
    if y2 != y1 + 1:
        return None
    kind = m["kind"].lower()
    start, end = ("09", "08") if kind in ("academic", "school") else ("04", "03")
    return _cand(m, "DATE", f"{y1}-{start}/{y2}-{end}", gran=f"{kind}_year", resolution="absolute:interval",
                 year=y1)  # fmt: skip


@rule(rf"\b(?:(?P<pre>{_PRE}|earlier|later)\s+)?(?P<rel>this|last|next|past|coming|previous|current"
      r"|the\s+(?:past|last|next|coming|previous|current|following))\s+(?P<unit>week(?:end)?|month|year"
      r"|quarter|decade|century|(?:fiscal|financial|academic|school)\s+year)\b", 2, re.IGNORECASE)  # fmt: skip
def _relative(m: re.Match[str], c: Ctx) -> Cand | None:
    rel = m["rel"].lower()
    off = _rel_offset(rel)
    unit = m["unit"].lower().split()[-1] if "year" in m["unit"].lower() else m["unit"].lower()
    mod = _mod(m["pre"]) if m["pre"] and m["pre"].lower() not in ("earlier", "later") else ""
    if off is None:
        return None
    if rel in ("the past", "the following"):
        return _cand(m, "DURATION", tx.duration(1, "week" if unit == "weekend" else unit), gran=unit,
                     resolution="duration")  # fmt: skip
    a = c.anchor
    if a is None:
        unknown = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX",
                   "quarter": "XXXX-QX", "decade": "XXX", "century": "XX"}[unit]  # fmt: skip
        return _cand(m, "DATE", unknown, mod=mod, gran=unit, resolution="no_anchor")
    kw: dict[str, object] = {
        "mod": mod,
        "gran": unit,
        "resolution": f"relative:{unit}_offset",
        "anchored": True,
    }
    if unit in ("week", "weekend"):
        v = tx.week(a + dt.timedelta(weeks=off)) + ("-WE" if unit == "weekend" else "")
        return _cand(m, "DATE", v, **kw)
    if unit == "month":
        y, mo = rs.add_months(a, off)
        return _cand(m, "DATE", tx.ymd(y, mo, None), year=y, month=mo, **kw)
    if unit == "year":
        return _cand(m, "DATE", tx.ymd(a.year + off, None, None), year=a.year + off, **kw)
    if unit == "quarter":
        return _cand(m, "DATE", rs.quarter_value(a, tx.quarter_of(a), off), **kw)
    if unit == "decade":
        return _cand(m, "DATE", str(a.year // 10 + off), **kw)
    return _cand(m, "DATE", str(a.year // 100 + off), **kw)


@rule(r"\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|yesterday|tomorrow|tonight"
      r"|(?:this|last)\s+(?:morning|afternoon|evening|night)|(?:yesterday|today|tomorrow)\s+(?:morning|afternoon|evening|night))\b",
      3, re.IGNORECASE)  # fmt: skip
def _deictic(m: re.Match[str], c: Ctx) -> Cand | None:
    w = m[0].lower()
    off = (
        -2
        if "before yesterday" in w
        else 2
        if "after tomorrow" in w
        else -1
        if ("yesterday" in w or w.startswith("last"))
        else 1
        if "tomorrow" in w
        else 0
    )
    part = next((PARTS[p] for p in PARTS if w.endswith(p)), None)
    if c.anchor is None:
        v = "XXXX-XX-XX" + (f"T{part}" if part else "")
        return _cand(m, "TIME" if part else "DATE", v, gran="day", resolution="no_anchor")
    d = c.anchor + dt.timedelta(days=off)
    v = tx.day(d) + (f"T{part}" if part else "")
    return _cand(m, "TIME" if part else "DATE", v, gran="part_of_day" if part else "day",
                 resolution="relative:today" if off == 0 else "relative:day_offset", anchored=True,
                 year=d.year, month=d.month)  # fmt: skip


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


@rule(rf"\b(?:(?P<rel>last|this|next|past)\s+)?(?:(?P<pre>early|late)\s+)?(?P<wd>{_WD})"
      r"(?:\s+(?P<pod>morning|afternoon|evening|night))?\b")  # fmt: skip
def _weekday(m: re.Match[str], c: Ctx) -> Cand | None:
    wd = WEEKDAYS.index(m["wd"].lower())
    part = PARTS.get((m["pod"] or "").lower())
    suffix = f"T{part}" if part else ""
    ttype = "TIME" if part else "DATE"
    rel = (m["rel"] or "").lower()
    if c.anchor is None:
        return _cand(m, ttype, f"XXXX-WXX-{wd + 1}{suffix}", gran="day", resolution="no_anchor")
    a = c.anchor
    if rel in ("last", "past"):
        d, how = rs.weekday_last(a, wd), "relative:weekday_last"
    elif rel == "next":
        d, how = rs.weekday_next(a, wd), "relative:weekday_next"
    elif rel == "this":
        d, how = rs.weekday_in_week(a, wd, 0), "relative:weekday_this_week"
    elif c.cfg.prefer_past and not future_cue(c.text, m.start(), m.end()):
        d, how = rs.weekday_on_or_before(a, wd), "relative:weekday_past"
    else:  # the sentence speaks of the future ('will meet on Thursday'), or the caller asked for it
        d, how = rs.weekday_next(a - dt.timedelta(days=1), wd), "relative:weekday_future"
    return _cand(m, ttype, tx.day(d) + suffix, mod=_mod(m["pre"]), gran="day", resolution=how, anchored=True,
                 year=d.year, month=d.month)  # fmt: skip


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
    cue = re.search(r"\b(?:for|in|within|over|after|of)\s+$", before, re.IGNORECASE)
    q = (m["q"] or "").lower()
    if q == "the" and not re.search(r"\bover\s+$", before, re.IGNORECASE):
        return None
    if not (cue or (q and q != "the")):
        return None
    unit = m["unit"].lower().rstrip("s").replace("centurie", "century")
    return _cand(m, "DURATION", tx.duration(None, unit), gran=unit, resolution="duration")


@rule(
    r"\b(?:the\s+)?(?:(?P<pre>early|late|mid-?)\s*)?(?P<dec>(?:1[89]|20)\d0)'?s\b|\b(?:the\s+)?'(?P<d2>\d0)s\b",
    2,
)
def _decade(m: re.Match[str], c: Ctx) -> Cand | None:
    v = m["dec"][:3] if m["dec"] else ("19" + m["d2"][0])
    return _cand(m, "DATE", v, mod=_mod(m["pre"]), gran="decade")


@rule(r"\b(?:the\s+)?(?:(?P<pre>early|late|mid-?)\s*)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b"
      r"|\b(?:the\s+)?(?P<w>nineteenth|twentieth|twenty-first)[\s-]+century\b", 2, re.IGNORECASE)  # fmt: skip
def _century(m: re.Match[str], c: Ctx) -> Cand | None:
    n = int(m["n"]) if m["n"] else {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}[m["w"].lower()]
    return _cand(m, "DATE", f"{n - 1:02d}", mod=_mod(m["pre"]), gran="century")


@rule(r"\b(?:the\s+)?(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter(?:\s+of\s+(?:(?P<y>"
      + _YR + r")|(?P<rel>this|last|next)\s+year)|,?\s+(?P<y2>" + _YR + r"))?\b"
      r"|\bQ(?P<q>[1-4])(?:\s+(?P<y3>" + _YR + r"))?\b", 3, re.IGNORECASE)  # fmt: skip
def _quarter(m: re.Match[str], c: Ctx) -> Cand | None:
    q = int(m["q"]) if m["q"] else ORDINALS[m["o"].lower()]
    y = m["y"] or m["y2"] or m["y3"]
    if y:
        return _cand(m, "DATE", f"{y}-Q{q}", gran="quarter")
    if c.anchor is None:
        return _cand(m, "DATE", f"XXXX-Q{q}", gran="quarter", resolution="no_anchor")
    if m["rel"]:
        yy = c.anchor.year + (_rel_offset(m["rel"]) or 0)
        return _cand(
            m, "DATE", f"{yy}-Q{q}", gran="quarter", resolution="relative:year_offset", anchored=True
        )
    return _cand(m, "DATE", rs.quarter_value(c.anchor, q, None), gran="quarter",
                 resolution="relative:quarter_past", anchored=True)  # fmt: skip


@rule(rf"\b(?:the\s+)?(?P<h>first|second)\s+half\s+of\s+(?:(?P<y>{_YR})|(?P<rel>this|last|next)\s+year)\b",
      4, re.IGNORECASE)  # fmt: skip
def _half(m: re.Match[str], c: Ctx) -> Cand | None:
    h = 1 if m["h"].lower() == "first" else 2
    if m["y"]:
        return _cand(m, "DATE", f"{m['y']}-H{h}", gran="half")
    if c.anchor is None:
        return _cand(m, "DATE", f"XXXX-H{h}", gran="half", resolution="no_anchor")
    y = c.anchor.year + (_rel_offset(m["rel"]) or 0)
    return _cand(m, "DATE", f"{y}-H{h}", gran="half", resolution="relative:year_offset", anchored=True)


@rule(rf"\b(?:(?P<pre>{_PRE})\s*)?(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<s>spring|summer|autumn|fall|winter)"
      rf"(?:\s+(?:of\s+)?(?P<y>{_YR}))?\b", 1, re.IGNORECASE)  # fmt: skip
def _season(m: re.Match[str], c: Ctx) -> Cand | None:
    code = tx.SEASONS[m["s"].lower()]
    before = c.text[max(0, m.start() - 10) : m.start()]
    if not (
        m["rel"]
        or m["y"]
        or m["pre"]
        or re.search(r"\b(?:in|the|during|since|by|until|this|last)\s+$", before, re.I)
    ):
        return None
    if m["s"].lower() == "fall" and not (
        m["rel"] or m["y"] or re.search(r"\b(?:in|the|this|last)\s+$", before, re.I)
    ):
        return None
    mod = _mod(m["pre"])
    if m["y"]:
        return _cand(m, "DATE", f"{m['y']}-{code}", mod=mod, gran="season")
    if c.anchor is None:
        return _cand(m, "DATE", f"XXXX-{code}", mod=mod, gran="season", resolution="no_anchor")
    off = _rel_offset(m["rel"]) if m["rel"] else None
    return _cand(m, "DATE", rs.season_value(c.anchor, code, off), mod=mod, gran="season",
                 resolution="relative:season_past" if off is None else "relative:season_offset", anchored=True)  # fmt: skip


@rule(r"\bthe\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?[A-Za-z])"
      r"|\bthe\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)(?=\s+(?:and|to|or|at|in|when|until|till|through|before|after)\b)", 2)  # fmt: skip
def _day_of_month(m: re.Match[str], c: Ctx) -> Cand | None:
    d = int(m["d"] or m["d2"])
    if not 1 <= d <= 31:
        return None
    if c.anchor is not None:
        when = rs.day_of_month_past(c.anchor, d)
        if when is None:
            return None
        return _cand(m, "DATE", tx.day(when), gran="day", resolution="relative:day_of_month_past", anchored=True,
                     year=when.year, month=when.month)  # fmt: skip
    month = c.context_month(m.start())
    how = "relative:day_of_month_context" if month else "no_anchor"
    return _cand(m, "DATE", tx.ymd(None, month, d), gran="day", resolution=how, month=month)


@rule(r"\b(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ap>[ap]\.m\.|[ap]m\b|[AP]M\b|[ap]\.m\b)(?:\s+(?P<tz>GMT|UTC|HKT|ET|EST|EDT|PT|PST))?"
      r"|(?<![:\d])\b(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)\b(?!:\d)(?:\s+(?P<tz2>GMT|UTC|HKT|ET|EST|EDT|PT|PST))?"
      r"|\b(?P<w>noon|midday|midnight)\b", 2)  # fmt: skip
def _clock(m: re.Match[str], c: Ctx) -> Cand | None:
    if m["w"]:
        h, mi = (0 if m["w"].lower() == "midnight" else 12), None
    elif m["h"]:
        h, mi = int(m["h"]), int(m["mi"]) if m["mi"] else None
        if h > 12:
            return None
        h = (h % 12) + (12 if m["ap"].lower().startswith("p") else 0)
    else:
        h, mi = int(m["h2"]), int(m["mi2"])
    return _cand(m, "TIME", tx.hm(h, mi), gran="time", resolution="time_of_day")


@rule(rf"\b(?:every|each)\s+(?:(?P<n>other|two|three|four|\d+)\s+)?(?P<u>day|week|month|year|quarter|morning|afternoon|evening"
      rf"|night|weekend|summer|winter|spring|autumn|season|{_WD.lower()[3:-1]})s?\b|\b(?P<adv>annually|yearly)\b"
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


@rule(rf"\b(?P<y1>{_YR})(?P<sep>\s*[-–—]\s*)(?P<y2>{_YR}|\d{{2}})\b(?![-–—/]\d)", 0)
def _year_range_end(m: re.Match[str], c: Ctx) -> Cand | None:
    """The second year of '2009-2010' or '1957-58' (the first is found by the year rule)."""
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else (y1 // 100) * 100 + int(m["y2"])
    if not y1 < y2 <= y1 + 50:
        return None
    return Cand(m.start("y2"), m.end("y2"), "DATE", str(y2), gran="year", year=y2)


def tag(text: str, anchor: dt.date | None, cfg: object) -> list[Cand]:
    """All English temporal expressions in ``text``, resolved against ``anchor`` (or left with X)."""
    ctx = Ctx(text, anchor, cfg)  # type: ignore[arg-type]
    found: list[Cand] = []
    deferred: list[tuple[re.Match[str], Handler, int]] = []
    for pattern, handler, prio in RULES:
        for m in pattern.finditer(text):
            if handler is _day_of_month:
                deferred.append((m, handler, prio))
                continue
            cand = handler(m, ctx)
            if cand is not None:
                cand.priority += prio
                found.append(cand)
    ctx.known = select(found)
    for m, handler, prio in deferred:
        cand = handler(m, ctx)
        if cand is not None:
            cand.priority += prio
            found.append(cand)
    return merge_times(select(found), text, anchor)
