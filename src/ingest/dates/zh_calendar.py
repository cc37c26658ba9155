"""Chinese rules for calendar expressions: '2018年9月20日', '十二月二日', '今年六月底', '上月', '本週四', '昨日', eras, holidays."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re

from ingest.dates import resolve as rs
from ingest.dates import timex as tx
from ingest.dates.common import Ctx, day_of_month, future_cue
from ingest.dates.timex import Cand
from ingest.dates.zh_lexicon import (
    _CD,
    _DAY,
    _DAYWORDS,
    _ERA,
    _MON,
    _NUM,
    _PART,
    _PART_CODE,
    _POST,
    _POST_MOD,
    _SEASON,
    _YEAR,
    _YREL,
    _YREL_OFF,
    ERAS,
    _c,
    _int,
    _month,
    _year,
    rule,
)


# Spaces before the month only after a year or 农历: a leading optional \s* made every run of
# spaces quadratic (each position scanned the whole run, then failed for want of a month).
@rule(rf"(?:(?P<lunar>农历|阴历)\s*)?(?:(?:(?P<yrel>{_YREL})|(?P<y>{_YEAR})\s*年|{_ERA})\s*)?(?P<mo>{_MON})\s*月份?\s*"
      rf"(?:(?:(?P<d>{_DAY})\s*(?P<ds>日|号)|初(?P<d2>[一二三四五六七八九十])|(?P<d3>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|廿[一二三四五六七八九]?|[12][0-9]|3[01]|[1-9])(?![0-9{_CD}十万亿元个人%.点时号日年月周]))"
      rf"|{_POST})?", 3)  # fmt: skip
def _date(m: re.Match[str], c: Ctx) -> Cand | None:
    mo = _month(m["mo"])
    d = _int(m["d"] or m["d2"] or m["d3"])
    if m["d2"]:
        d = _int(m["d2"])
    mod = _POST_MOD.get(m["post"] or "", "")
    y: int | None = _year(m["y"]) if m["y"] else _era_year(m) if m["era"] else None
    if mo is None or not tx.valid_ymd(y, mo, d):
        if mo is not None and 1 <= mo <= 12 and d is not None and 1 <= d <= 31:
            # '2月30日', '2019年2月29日': written, but not in the calendar; kept as written
            return _c(
                m, "DATE", tx.ymd(y, mo, d), gran="day", resolution="invalid_calendar_date", year=y, month=mo
            )
        return None
    gran = "day" if d else "month"
    how = "absolute"
    anchored = False
    if m["yrel"]:
        if c.anchor is None:
            return _c(m, "DATE", tx.ymd(None, mo, d), mod=mod, gran=gran, resolution="no_anchor", month=mo)
        y, how, anchored = c.anchor.year + _YREL_OFF[m["yrel"]], "relative:year_offset", True
    elif y is None:
        if c.anchor is None:
            return _c(m, "DATE", tx.ymd(None, mo, d), mod=mod, gran=gran, resolution="no_anchor", month=mo)
        window = 12 if future_cue(c.text, m.start(), m.end()) else c.cfg.future_window_months
        y = rs.year_for_month(c.anchor, mo, d, window)
        how, anchored = ("relative:year_of_month_day" if d else "relative:year_of_month"), True
    if m["lunar"] or m["mo"] in ("正", "腊"):
        if m["lunar"] and m["y"] and d and c.cfg.lunar and (g := _lunar_to_gregorian(y, mo, d)):
            return _c(m, "DATE", g, gran="day", resolution="lunar:converted", year=y)
        how = "lunar:unconverted" if how == "absolute" else how + ";lunar:unconverted"
    return _c(
        m, "DATE", tx.ymd(y, mo, d), mod=mod, gran=gran, resolution=how, anchored=anchored, year=y, month=mo
    )


def _era_year(m: re.Match[str]) -> int | None:
    n = 1 if m["ey"] == "元" else _int(m["ey"])
    return ERAS[m["era"]] + n - 1 if n else None


_LUNAR_MONTHS = "正二三四五六七八九十冬腊"
_CN_DIGITS = "一二三四五六七八九十"


def _lunar_day_name(d: int) -> str:
    if d <= 10:
        return "初" + _CN_DIGITS[d - 1]
    if d < 20:
        return "十" + _CN_DIGITS[d - 11]
    if d == 20:
        return "二十"
    return "三十" if d == 30 else "廿" + _CN_DIGITS[d - 21]


def _lunar_to_gregorian(y: int, mo: int, d: int) -> str | None:
    """Gregorian ISO date of a Chinese-calendar date, via jionlp; None when it is not one day.

    jionlp reads '农历2016年5月5日' as the whole lunar month, so the query is written the
    traditional way ('农历2016年五月初五') and the answer must be a single day.
    """
    if not (1 <= mo <= 12 and 1 <= d <= 30):
        return None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp

            res = jionlp.parse_time(f"农历{y}年{_LUNAR_MONTHS[mo - 1]}月{_lunar_day_name(d)}")
    except Exception:  # jionlp raises bare Exceptions for strings it cannot parse
        return None
    start, end = (str(t)[:10] for t in res["time"][:2])
    return start if start == end else None


@rule(rf"(?:(?P<yrel>{_YREL})|(?P<y>{_YEAR})\s*年|{_ERA})(?:(?P<half>上半年|下半年)|第?(?P<q>[一二三四1-4])季度|(?P<s>[春夏秋冬])(?:天|季)|(?P<post>初|中|底|末|年初|年中|年底|年末))?", 2)  # fmt: skip
def _year_rule(m: re.Match[str], c: Ctx) -> Cand | None:
    s = m["y"] or ""
    if s and len(s) == 2 and not (s.startswith("0") or m["half"] or m["q"] or m["s"]):
        return None  # '10年' is ten years; '08年' is 2008
    if s and len(s) == 2 and s[0] in _CD:
        return None
    if m["era"]:
        y, how, anchored = _era_year(m), "absolute:era", False
    elif m["yrel"]:
        if c.anchor is None:
            y, how, anchored = None, "no_anchor", False
        else:
            y, how, anchored = c.anchor.year + _YREL_OFF[m["yrel"]], "relative:year_offset", True
    else:
        y, how, anchored = _year(s), "absolute", False
        if y is None:
            return None
    ys = tx.ymd(y, None, None)
    kw: dict[str, object] = {"resolution": how, "anchored": anchored, "year": y}
    if m["half"]:
        return _c(m, "DATE", f"{ys}-H{1 if m['half'] == '上半年' else 2}", gran="half", **kw)
    if m["q"]:
        return _c(m, "DATE", f"{ys}-Q{_int(m['q'])}", gran="quarter", **kw)
    if m["s"]:
        return _c(m, "DATE", f"{ys}-{_SEASON[m['s']]}", gran="season", **kw)
    return _c(m, "DATE", ys, mod=_POST_MOD.get((m["post"] or "")[-1:], ""), gran="year", **kw)


@rule(
    r"(?<![0-9.\-])(?P<y1>(?:1[5-9]|20)[0-9]{2})\s*(?:到|至|-|~|—)\s*(?P<y2>(?:1[5-9]|20)[0-9]{2})(?![0-9年.\-/])",
    1,
)
def _year_range(m: re.Match[str], c: Ctx) -> list[Cand] | None:
    """'从2016到2018', '2016-2018': two years (TIMEX3 annotates the two ends)."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not y1 < y2 <= y1 + 100:
        return None
    return [
        Cand(m.start(g), m.end(g), "DATE", str(int(m[g])), gran="year", year=int(m[g])) for g in ("y1", "y2")
    ]


FIXED_HOLIDAYS = {"元旦": (1, 1), "新年": (1, 1), "情人节": (2, 14), "妇女节": (3, 8), "植树节": (3, 12),
                  "愚人节": (4, 1), "劳动节": (5, 1), "五一": (5, 1), "青年节": (5, 4), "儿童节": (6, 1),
                  "回归纪念日": (7, 1), "七一": (7, 1), "建军节": (8, 1), "教师节": (9, 10), "国庆": (10, 1),
                  "万圣节": (10, 31), "光棍节": (11, 11), "双十一": (11, 11), "平安夜": (12, 24),
                  "圣诞": (12, 25), "清明": (4, 4), "重阳": (9, 9)}  # fmt: skip


LUNAR_HOLIDAYS = {"春节": (1, 1), "农历新年": (1, 1), "大年初一": (1, 1), "元宵": (1, 15), "端午": (5, 5),
                  "七夕": (7, 7), "中秋": (8, 15), "除夕": None}  # fmt: skip


_HOL = "|".join(sorted([*FIXED_HOLIDAYS, *LUNAR_HOLIDAYS], key=len, reverse=True))


@rule(rf"(?:(?P<yrel>{_YREL})|(?P<y>[0-9]{{4}})\s*年)?(?P<h>{_HOL})(?:节|日|节假日)?", 2)
def _holiday(m: re.Match[str], c: Ctx) -> Cand | None:
    """Fixed-date holidays ('國慶日' → 10-01) and lunar ones converted with jionlp ('中秋節')."""
    h = m["h"]
    year = int(m["y"]) if m["y"] else None
    anchored = False
    if m["yrel"] and c.anchor is not None:
        year, anchored = c.anchor.year + _YREL_OFF[m["yrel"]], True
    if h in FIXED_HOLIDAYS:
        mo, d = FIXED_HOLIDAYS[h]
        if year is None and c.anchor is not None:
            year, anchored = rs.year_for_month(c.anchor, mo, d, 1), True
        how = "holiday" + (":year_from_anchor" if anchored else "")
        return _c(
            m, "DATE", tx.ymd(year, mo, d), gran="day", resolution=how, anchored=anchored, year=year, month=mo
        )
    if year is None and c.anchor is None:
        return _c(m, "DATE", "XXXX-XX-XX", gran="day", resolution="holiday:lunar_no_anchor")
    for y in [year] if year is not None else [c.anchor.year, c.anchor.year - 1]:  # type: ignore[union-attr]
        md = LUNAR_HOLIDAYS[h]
        g = _lunar_to_gregorian(y, *(md or (1, 1)))
        if g and md is None:  # 除夕: the day before the lunar new year
            g = (dt.date.fromisoformat(g) - dt.timedelta(days=1)).isoformat()
        if g and (
            year is not None or c.anchor is None or g <= (c.anchor + dt.timedelta(days=31)).isoformat()
        ):
            return _c(m, "DATE", g, gran="day", resolution="holiday:lunar_converted", anchored=anchored or year is None,
                      year=int(g[:4]), month=int(g[5:7]))  # fmt: skip
    return None


@rule(
    r"(?<![0-9.])(?P<y>[0-9]{4})(?P<sep>[/.\-])(?P<mo>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})(?![0-9]|\.[0-9])",
    4,
)
def _ymd_numeric(m: re.Match[str], c: Ctx) -> Cand | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if not tx.valid_ymd(y, mo, d):
        return None
    return _c(m, "DATE", tx.ymd(y, mo, d), gran="day", year=y, month=mo)


@rule(r"(?<![0-9/.\-])(?P<a>[0-9]{1,2})(?P<sep>[/.\-])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|(?<=/)[0-9]{2})(?![0-9/.\-])"
      r"|(?<![0-9\-.:])(?P<y2>[0-9]{2})-(?P<mo2>[0-9]{2})-(?P<d2>[0-9]{2})(?![0-9\-])", 4)  # fmt: skip
def _dmy_numeric(m: re.Match[str], c: Ctx) -> Cand | None:
    if m["y2"]:
        y, mo, d = (
            2000 + int(m["y2"]) if int(m["y2"]) < 50 else 1900 + int(m["y2"]),
            int(m["mo2"]),
            int(m["d2"]),
        )
    else:
        y, mo, d = tx.numeric_ymd(int(m["a"]), int(m["b"]), m["y"], day_first=c.cfg.zh_numeric_order == "DMY")
    if not tx.valid_ymd(y, mo, d):
        return None
    return _c(m, "DATE", tx.ymd(y, mo, d), gran="day", year=y, month=mo)


@rule(r"(?<![0-9/.\-])(?P<mo>1[0-2]|0?[1-9])/(?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9/.%])", 1)
def _md_numeric(m: re.Match[str], c: Ctx) -> Cand | None:
    return _month_day(m, c, int(m["mo"]), int(m["d"]))


def _month_day(m: re.Match[str], c: Ctx, mo: int, d: int) -> Cand:
    if c.anchor is None:
        return _c(m, "DATE", tx.ymd(None, mo, d), gran="day", resolution="no_anchor", month=mo)
    y = rs.year_for_month(c.anchor, mo, d, c.cfg.future_window_months)
    return _c(m, "DATE", tx.ymd(y, mo, d), gran="day", resolution="relative:year_of_month_day", anchored=True,
              year=y, month=mo)  # fmt: skip


@rule(rf"(?<![0-9{_CD}十月第])(?P<d>{_DAY})\s*日(?![元本语文军籍报记])", deferred=True)
def _bare_day(m: re.Match[str], c: Ctx) -> Cand | None:
    d = _int(m["d"])
    if d is None or not 1 <= d <= 31:
        return None
    if re.search(r"(?:连续|为期|历时|长达|达|约|近|每)$", c.text[max(0, m.start() - 2) : m.start()]):
        return None  # '連續3日' is a length, not a day of the month
    prev = c.previous(m.start())
    if (
        prev is not None
        and prev.month
        and re.fullmatch(r"\s*(?:到|至|-|~|—|－|和|及|、)\s*", c.text[prev.end : m.start()])
    ):
        y = prev.year
        how = "relative:range_end"
        return _c(m, "DATE", tx.ymd(y, prev.month, d), gran="day", resolution=how, anchored=prev.anchored,
                  year=y, month=prev.month)  # fmt: skip
    return day_of_month(m, c, d)


@rule(r"(?P<w>大前天|前天|昨天|昨日|今天|今日|明天|明日|大后天|后天)(?:(?P<part>" + _PART + r")(?![0-9零〇一二三四五六七八九十两]))?"
      r"|(?P<w2>今|昨|明)(?P<p2>晚|早|晨|夜)", 2)  # fmt: skip
def _dayword(m: re.Match[str], c: Ctx) -> Cand | None:
    off = _DAYWORDS[m["w"]] if m["w"] else {"今": 0, "昨": -1, "明": 1}[m["w2"]]
    if m["w2"] and re.match(rf"{_NUM}\s*[点时:]", c.text[m.end() :]):
        # '今晚6点': the day is 今, the part of day goes with the clock time
        if c.anchor is None:
            return Cand(m.start(), m.start() + 1, "DATE", "XXXX-XX-XX", gran="day", resolution="no_anchor")
        d = c.anchor + dt.timedelta(days=off)
        return Cand(m.start(), m.start() + 1, "DATE", tx.day(d), gran="day", anchored=True,
                    resolution="relative:today" if off == 0 else "relative:day_offset", year=d.year, month=d.month)  # fmt: skip
    part = _PART_CODE.get(m["part"] or m["p2"] or "")
    suffix = f"T{part}" if part else ""
    ttype = "TIME" if suffix else "DATE"
    if c.anchor is None:
        return _c(m, ttype, "XXXX-XX-XX" + suffix, gran="day", resolution="no_anchor")
    d = c.anchor + dt.timedelta(days=off)
    return _c(m, ttype, tx.day(d) + suffix, gran="part_of_day" if suffix else "day",
              resolution="relative:today" if off == 0 else "relative:day_offset", anchored=True,
              year=d.year, month=d.month)  # fmt: skip


@rule(r"(?P<r>本|这|这个|今|上|上个|下|下个|当)月(?:份)?" + _POST + "?", 2)
def _rel_month(m: re.Match[str], c: Ctx) -> Cand | None:
    off = {"上": -1, "上个": -1, "下": 1, "下个": 1}.get(m["r"], 0)
    mod = _POST_MOD.get(m["post"] or "", "")
    if c.anchor is None:
        return _c(m, "DATE", "XXXX-XX", mod=mod, gran="month", resolution="no_anchor")
    y, mo = rs.add_months(c.anchor, off)
    return _c(m, "DATE", tx.ymd(y, mo, None), mod=mod, gran="month", resolution="relative:month_offset",
              anchored=True, year=y, month=mo)  # fmt: skip


@rule(r"(?P<r>本|这|这个|上|上个|上一个?|下|下个|下一个?)(?:周|星期|礼拜)(?P<w>[一二三四五六日天1-7末])?", 2)
def _rel_week(m: re.Match[str], c: Ctx) -> Cand | None:
    off = -1 if m["r"].startswith("上") else 1 if m["r"].startswith("下") else 0
    if m["w"] and m["w"] != "末":
        wd = (
            "一二三四五六日".find(m["w"])
            if m["w"] not in "天1234567"
            else (6 if m["w"] == "天" else int(m["w"]) - 1)
        )
        if c.anchor is None:
            return _c(m, "DATE", f"XXXX-WXX-{wd + 1}", gran="day", resolution="no_anchor")
        d = rs.weekday_in_week(c.anchor, wd, off)
        return _c(m, "DATE", tx.day(d), gran="day", resolution="relative:weekday_of_week_offset", anchored=True,
                  year=d.year, month=d.month)  # fmt: skip
    we = "-WE" if m["w"] == "末" else ""
    if c.anchor is None:
        return _c(m, "DATE", "XXXX-WXX" + we, gran="week", resolution="no_anchor")
    return _c(m, "DATE", tx.week(c.anchor + dt.timedelta(weeks=off)) + we, gran="week",
              resolution="relative:week_offset", anchored=True)  # fmt: skip


@rule(rf"(?<![{_CD}十0-9每上下本这个])(?:星期|礼拜|周)(?P<w>[一二三四五六日天])")
def _weekday(m: re.Match[str], c: Ctx) -> Cand | None:
    wd = 6 if m["w"] in "日天" else "一二三四五六".index(m["w"])
    if c.anchor is None:
        return _c(m, "DATE", f"XXXX-WXX-{wd + 1}", gran="day", resolution="no_anchor")
    if c.cfg.prefer_past and not future_cue(c.text, m.start(), m.end()):
        d, how = rs.weekday_on_or_before(c.anchor, wd), "relative:weekday_past"
    else:
        d, how = rs.weekday_next(c.anchor - dt.timedelta(days=1), wd), "relative:weekday_future"
    return _c(m, "DATE", tx.day(d), gran="day", resolution=how, anchored=True, year=d.year, month=d.month)


@rule(r"(?P<y>今|去|明)(?P<s2>[春夏秋冬])(?![天季])|(?P<s>[春夏秋冬])(?:天|季)")
def _season(m: re.Match[str], c: Ctx) -> Cand | None:
    """'夏天' (the latest summer begun), '今春' (this spring), '去冬' (last winter)."""
    code = _SEASON[m["s"] or m["s2"]]
    if m["y"]:
        if c.anchor is None:
            return _c(m, "DATE", f"XXXX-{code}", gran="season", resolution="no_anchor")
        off = {"今": 0, "去": -1, "明": 1}[m["y"]]
        return _c(m, "DATE", f"{c.anchor.year + off}-{code}", gran="season", resolution="relative:year_offset",
                  anchored=True)  # fmt: skip
    if c.anchor is None:
        return _c(m, "DATE", f"XXXX-{code}", gran="season", resolution="no_anchor")
    return _c(m, "DATE", rs.season_value(c.anchor, code, None), gran="season", resolution="relative:season_past",
              anchored=True)  # fmt: skip


@rule(rf"(?:(?P<c>{_NUM}|本|上个?|这个?)世纪)?(?P<d>[一二三四五六七八九]十|[1-9]0)年代(?P<post>初|中|末)?"
      rf"|(?P<c2>{_NUM})世纪(?P<post2>初|中|末)?", 2)  # fmt: skip
def _decade(m: re.Match[str], c: Ctx) -> Cand | None:
    post = m["post"] or m["post2"] or ""
    mod = {"初": "START", "中": "MID", "末": "END"}.get(post, "")
    if m["c2"]:
        n = _int(m["c2"])
        return _c(m, "DATE", f"{n - 1:02d}", mod=mod, gran="century") if n else None
    dec = (_int(m["d"]) or 0) // 10
    if m["c"] and m["c"][0] in "本上这":
        if c.anchor is None:
            return _c(m, "DATE", f"XX{dec}", mod=mod, gran="decade", resolution="no_anchor")
        cent = c.anchor.year // 100 - (1 if m["c"].startswith("上") else 0)
        return _c(m, "DATE", f"{cent:02d}{dec}", mod=mod, gran="decade", resolution="relative:century_offset",
                  anchored=True)  # fmt: skip
    if m["c"]:
        cent = _int(m["c"])
        return _c(m, "DATE", f"{cent - 1:02d}{dec}", mod=mod, gran="decade") if cent else None
    if c.anchor is None:
        return _c(m, "DATE", f"XX{dec}", mod=mod, gran="decade", resolution="no_anchor")
    cent = c.anchor.year // 100
    if cent * 100 + dec * 10 > c.anchor.year:
        cent -= 1
    return _c(m, "DATE", f"{cent:02d}{dec}", mod=mod, gran="decade", resolution="relative:decade_past",
              anchored=True)  # fmt: skip
