"""English rules for calendar expressions: dates, months, years, weeks, seasons, quarters, weekdays, 'the 2nd'."""

from __future__ import annotations

import datetime as dt
import re

from ingest.dates import resolve as rs
from ingest.dates import timex as tx
from ingest.dates.common import Ctx, day_of_month, future_cue
from ingest.dates.en_lexicon import (
    _MON,
    _PRE,
    _WD,
    _YR,
    ORDINALS,
    PARTS,
    WEEKDAYS,
    _cand,
    _mod,
    _month,
    _rel_offset,
    rule,
)
from ingest.dates.timex import Cand

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
    y, mo, d = tx.numeric_ymd(int(m["a"]), int(m["b"]), m["y"], day_first=c.cfg.en_numeric_order != "MDY")
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
    if not m["mon"][0].isupper() and m["mon"].lower() in ("may", "march", "august", "mar", "aug"):
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
    attributive = (cued or _DETERMINER_BEFORE.search(before)) and not re.match(
        r"\s+(?:people|[a-z]*[^siu\s]s)\b", after
    )
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


@rule(r"\b(?P<pre>(?:at\s+)?the\s+(?:end|start|beginning|middle|turn|close)\s+of)\s+(?:the\s+)?(?P<u>year|month|week)\b", 1,
      re.IGNORECASE)  # fmt: skip
def _part_of_current(m: re.Match[str], c: Ctx) -> Cand | None:
    """'by the end of the year': the anchor's year (month, week), with the part as mod."""
    unit, mod = m["u"].lower(), _mod(m["pre"])
    if c.anchor is None:
        value = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX"}[unit]
        return _cand(m, "DATE", value, mod=mod, gran=unit, resolution="no_anchor")
    a = c.anchor
    value = {"year": str(a.year), "month": tx.ymd(a.year, a.month, None), "week": tx.week(a)}[unit]
    return _cand(m, "DATE", value, mod=mod, gran=unit, resolution=f"relative:this_{unit}", anchored=True)


@rule(r"\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|(?:this|last)\s+(?:morning|afternoon|evening|night)"
      r"|(?:yesterday|today|tomorrow)\s+(?:morning|afternoon|evening|night)|today|yesterday|tomorrow|tonight)\b",
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
      r"|\bthe\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)(?=\s+(?:and|to|or|at|in|when|until|till|through|before|after)\b)", 2, deferred=True)  # fmt: skip
def _day_of_month(m: re.Match[str], c: Ctx) -> Cand | None:
    d = int(m["d"] or m["d2"])
    if not 1 <= d <= 31:
        return None
    return day_of_month(m, c, d)


@rule(rf"\b(?P<y1>{_YR})(?P<sep>\s*[-–—]\s*)(?P<y2>{_YR}|\d{{2}})\b(?![-–—/]\d)", 0)
def _year_range_end(m: re.Match[str], c: Ctx) -> Cand | None:
    """The second year of '2009-2010' or '1957-58' (the first is found by the year rule)."""
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else (y1 // 100) * 100 + int(m["y2"])
    if not y1 < y2 <= y1 + 50:
        return None
    return Cand(m.start("y2"), m.end("y2"), "DATE", str(y2), gran="year", year=y2)
