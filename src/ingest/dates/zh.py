"""Chinese temporal tagger (Traditional and Simplified, Chinese numerals, full-width digits).

The text is matched through a same-length normalisation (full-width digits to ASCII, the
Traditional characters the rules use to Simplified), so every offset is an offset into the
original. Numerals go through cn2an; 農曆 dates with a year are converted with jionlp.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import itertools
import re
from collections.abc import Callable

import cn2an

from ingest.dates import resolve as rs
from ingest.dates import timex as tx
from ingest.dates.common import Ctx, DateConfig, future_cue, merge_times, select
from ingest.dates.timex import Cand

_T = (
    "週號個後禮點鐘時來兩紀曆農這當過歷間從臘將連續為頭幾數餘裡裏晝鐘內後閏陰節國慶聖誕婦勞動兒師軍陽萬歸紀慶"
)
_S = (
    "周号个后礼点钟时来两纪历农这当过历间从腊将连续为头几数余里里昼钟内后闰阴节国庆圣诞妇劳动儿师军阳万归纪庆"
)
_NORM = str.maketrans(
    "０１２３４５６７８９：／－．～" + _T,
    "0123456789:/-.~" + _S,
)

_CD = "零〇一二三四五六七八九"
_DIGIT = {ch: (0 if ch in "零〇" else "一二三四五六七八九".index(ch) + 1) for ch in _CD}
_CN = f"[{_CD}十两廿卅]"
_NUM = rf"(?:[0-9]+|{_CN}+)"
_NUMQ = rf"(?:[0-9]+(?:\.[0-9]+)?|[{_CD}十两廿卅百千]+|几|数|多|若干)"
_YEAR = rf"(?:[0-9]{{4}}|[0-9]{{2}}|[{_CD}]{{4}}|[{_CD}]{{2}})"
_YREL = "今年|去年|明年|前年|后年|本年|上年|来年|(?<!马)上一年|下一年"
# eras: the Gregorian year of each era's first year (Republic of China, Qing emperors)
ERAS = {"民国": 1912, "康熙": 1662, "雍正": 1723, "乾隆": 1736, "嘉庆": 1796, "道光": 1821, "咸丰": 1851,
        "同治": 1862, "光绪": 1875, "宣统": 1909}  # fmt: skip
_ERA = "(?P<era>" + "|".join(ERAS) + r")(?P<ey>元|[0-9]{1,3}|[一二三四五六七八九十]+)\s*年"
_MON = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|正|腊|冬)"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|廿[一二三四五六七八九]?|卅一?)"
_POST = "(?P<post>上旬|中旬|下旬|上半月|下半月|初|中|底|末)"
_PART = "凌晨|清晨|早上|早晨|早间|上午|中午|午后|下午|傍晚|晚上|晚间|夜里|夜间|深夜|半夜|午夜"
_PART_CODE = {
    "凌晨": "NI", "半夜": "NI", "午夜": "NI", "深夜": "NI", "夜里": "NI", "夜间": "NI", "夜": "NI",
    "清晨": "MO", "早上": "MO", "早晨": "MO", "早间": "MO", "上午": "MO", "早": "MO", "晨": "MO",
    "中午": "MI", "午后": "AF", "下午": "AF", "傍晚": "EV", "晚上": "EV", "晚间": "EV", "晚": "EV",
}  # fmt: skip
_POST_MOD = {"初": "START", "上旬": "EARLY", "上半月": "EARLY", "中": "MID", "中旬": "MID",
             "下旬": "LATE", "下半月": "LATE", "底": "END", "末": "END"}  # fmt: skip
_YREL_OFF = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2, "明年": 1, "来年": 1,
             "下一年": 1, "后年": 2}  # fmt: skip
_DAYWORDS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1,
             "后天": 2, "大后天": 3}  # fmt: skip
_SEASON = {"春": "SP", "夏": "SU", "秋": "FA", "冬": "WI"}
_UNIT = {"年": "year", "月": "month", "个月": "month", "周": "week", "星期": "week", "礼拜": "week", "天": "day",
         "日": "day", "小时": "hour", "钟头": "hour", "分钟": "minute", "秒": "second", "秒钟": "second",
         "季度": "quarter"}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def num(s: str) -> float | None:
    """Arabic or Chinese numeral to a number: '2004', '二零零四', '十二', '廿三', '两'; None for vague ones."""
    if not s or s in ("几", "数", "多", "若干"):
        return None
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", s):
        return float(s)
    if len(s) >= 2 and all(ch in _CD for ch in s):
        return float("".join(str(_DIGIT[ch]) for ch in s))
    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def _int(s: str | None) -> int | None:
    v = num(s) if s else None
    return int(v) if v is not None and float(v).is_integer() else None


def _year(s: str) -> int | None:
    y = _int(s)
    if y is None:
        return None
    if len(s) == 2:
        y += 2000 if y < 50 else 1900
    return y


def _month(s: str) -> int | None:
    return 1 if s == "正" else 12 if s == "腊" else 11 if s == "冬" else _int(s)


Handler = Callable[[re.Match[str], Ctx], Cand | list[Cand] | None]
RULES: list[tuple[re.Pattern[str], Handler, int]] = []


def rule(pattern: str, priority: int = 0) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        RULES.append((re.compile(pattern), fn, priority))
        return fn

    return deco


def _c(m: re.Match[str], ttype: str, value: str, **kw: object) -> Cand:
    return Cand(m.start(), m.end(), ttype, value, **kw)  # type: ignore[arg-type]


@rule(rf"(?P<lunar>农历|阴历)?(?:(?P<yrel>{_YREL})|(?P<y>{_YEAR})\s*年|{_ERA})?\s*(?P<mo>{_MON})\s*月份?\s*"
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


def _lunar_to_gregorian(y: int, mo: int, d: int) -> str | None:
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp

            res = jionlp.parse_time(f"农历{y}年{mo}月{d}日")
        return str(res["time"][0])[:10]
    except Exception:  # jionlp raises bare Exceptions for strings it cannot parse
        return None


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
        g = _lunar_to_gregorian(y - 1, 12, 30) if md is None else _lunar_to_gregorian(y, *md)
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
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        y = y + (2000 if y < 50 else 1900) if len(m["y"]) == 2 else y
        d, mo = (a, b) if c.cfg.zh_numeric_order == "DMY" else (b, a)
        if mo > 12 >= d:
            mo, d = d, mo
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


@rule(rf"(?<![0-9{_CD}十月第])(?P<d>{_DAY})\s*日(?![元本语文军籍报记])")
def _bare_day(m: re.Match[str], c: Ctx) -> Cand | None:
    d = _int(m["d"])
    if d is None or not 1 <= d <= 31:
        return None
    if re.search(r"(?:连续|为期|历时|长达|达|约|近|每)$", c.text[max(0, m.start() - 2) : m.start()]):
        return None  # '連續3日' is a length, not a day of the month
    prev = next((k for k in reversed(c.known) if k.end <= m.start()), None)
    if (
        prev is not None
        and prev.month
        and re.fullmatch(r"\s*(?:到|至|-|~|—|－|和|及|、)\s*", c.text[prev.end : m.start()])
    ):
        y = prev.year
        how = "relative:range_end"
        return _c(m, "DATE", tx.ymd(y, prev.month, d), gran="day", resolution=how, anchored=prev.anchored,
                  year=y, month=prev.month)  # fmt: skip
    if c.anchor is not None:
        when = rs.day_of_month_past(c.anchor, d)
        if when is None:
            return None
        return _c(m, "DATE", tx.day(when), gran="day", resolution="relative:day_of_month_past", anchored=True,
                  year=when.year, month=when.month)  # fmt: skip
    month = c.context_month(m.start())
    return _c(m, "DATE", tx.ymd(None, month, d), gran="day",
              resolution="relative:day_of_month_context" if month else "no_anchor", month=month)  # fmt: skip


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


@rule(r"(?P<s>[春夏秋冬])(?:天|季)")
def _season(m: re.Match[str], c: Ctx) -> Cand | None:
    code = _SEASON[m["s"]]
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


@rule(rf"(?P<pre>过去的?|近|最近|未来|今后|连续|长达|为期|历时|逾|超过|大约|约|将近|接近|前|后|之前|之后)?"
      rf"(?P<n>{_NUMQ})(?P<h1>半)?\s*(?P<u>个月|个星期|个礼拜|个小时|年|周|星期|礼拜|天|日|小时|钟头|分钟|秒钟?|个?季度)(?P<h2>半)?(?P<tail>多|来|以来|之久|左右)?", 1)  # fmt: skip
def _duration(m: re.Match[str], c: Ctx) -> Cand | None:
    u = m["u"].removeprefix("个")
    n = num(m["n"])
    pre = m["pre"] or ""
    if u == "日" and pre not in ("连续", "为期", "历时", "长达", "过去", "近", "未来"):
        return None
    if (
        u == "年"
        and re.fullmatch(_YEAR, m["n"])
        and (len(m["n"]) == 4 or m["n"][0] in "0" or m["n"][0] in _CD)
    ):
        return None  # a year, not a length
    if u in ("周", "星期", "礼拜") and re.match(r"[一二三四五六日天]", c.text[m.end() : m.end() + 1] or " "):
        return None
    if m["n"] in ("多",) or (n is None and m["n"] not in ("几", "数", "若干")):
        return None
    unit = _UNIT.get(u, "quarter" if "季度" in u else u)
    if n is not None and (m["h1"] or m["h2"]):
        n += 0.5
    mod = "APPROX" if pre in ("大约", "约", "将近", "接近") or (m["tail"] or "") in ("多", "左右") else ""
    return _c(m, "DURATION", tx.duration(n, unit), mod=mod, gran=unit, resolution="duration")


@rule(
    r"半(?P<u>年|个月|天|小时|个小时)|(?:多年|近年|数年|几年|历年|这些年)(?:来|以来)?|近几(?:年|个月|周|天)",
    1,
)
def _vague(m: re.Match[str], c: Ctx) -> Cand | None:
    w = m[0]
    if m["u"]:
        unit = _UNIT.get(m["u"].removeprefix("个"), "hour")
        value = {"year": "P6M", "month": "P0.5M", "day": "PT12H", "hour": "PT30M"}[unit]
        return _c(m, "DURATION", value, gran=unit, resolution="duration")
    unit = "month" if "月" in w else "week" if "周" in w else "day" if "天" in w else "year"
    return _c(m, "DURATION", tx.duration(None, unit), gran=unit, resolution="duration")


@rule(rf"每(?:个)?(?P<u>天|日|周|星期|礼拜|月|年|季度|小时|早|晚)(?P<w>(?<=[周期拜])[一二三四五六日天])?"
      rf"(?:(?P<part>{_PART})?(?P<h>{_NUM})[点时](?:(?P<mi>{_NUM})分?|(?P<half>半))?)?", 3)  # fmt: skip
def _set(m: re.Match[str], c: Ctx) -> Cand | None:
    u = m["u"]
    if m["w"]:
        wd = 6 if m["w"] in "日天" else "一二三四五六".index(m["w"])
        value = f"XXXX-WXX-{wd + 1}"
        if m["h"]:
            h = _hour(_int(m["h"]), m["part"])
            mi = 30 if m["half"] else _int(m["mi"]) if m["mi"] else None
            value += tx.hm(h, mi) if h is not None else ""
        return _c(m, "SET", value, gran="day", resolution="set")
    if u in ("早", "晚"):
        return _c(m, "SET", f"XXXX-XX-XXT{_PART_CODE[u]}", gran="part_of_day", resolution="set")
    unit = _UNIT.get(u, "quarter" if u == "季度" else "month")
    return _c(m, "SET", tx.duration(1, unit), gran=unit, resolution="set")


def _hour(h: int | None, part: str | None) -> int | None:
    if h is None or h > 24:
        return None
    code = _PART_CODE.get(part or "")
    if code in ("AF", "EV") and h < 12:
        return h + 12
    if code == "NI" and part in ("夜里", "夜间", "深夜") and 6 <= h < 12:
        return h + 12
    if code == "MI" and h < 6:
        return h + 12
    return h


@rule(rf"(?P<ap>大约|大概|约)?(?P<part>{_PART}|晚|早|晨|夜)?(?P<h>{_NUM})\s*[点时](?:(?P<half>半)|(?P<q>一刻|三刻)|\s*(?P<mi>{_NUM})\s*分?)?(?:\s*(?P<s>{_NUM})\s*秒)?"
      rf"|(?P<ap2>大约|约)?(?P<part2>{_PART})?(?<![0-9:])(?P<h2>[01]?[0-9]|2[0-3]):(?P<mi2>[0-5][0-9])(?::(?P<s2>[0-5][0-9]))?(?![0-9])", 2)  # fmt: skip
def _clock(m: re.Match[str], c: Ctx) -> Cand | None:
    if m["h2"] is not None:
        h, mi, s, part = int(m["h2"]), int(m["mi2"]), (int(m["s2"]) if m["s2"] else None), m["part2"]
    else:
        h = _int(m["h"])
        part = m["part"]
        if h is None or (
            not re.fullmatch(r"[0-9]+", m["h"])
            and not (part or m["mi"] or m["half"] or m["q"])
            and m["h"] in ("一", "两", "半")
        ):
            return None
        mi = (
            30
            if m["half"]
            else 15
            if m["q"] == "一刻"
            else 45
            if m["q"] == "三刻"
            else _int(m["mi"])
            if m["mi"]
            else None
        )
        s = _int(m["s"]) if m["s"] else None
        if mi is not None and mi > 59:
            return None
    if not c.cfg.include_times:
        return None
    hh = _hour(h, part)
    if hh is None or hh > 23:
        return None
    mod = "APPROX" if (m["ap"] or m["ap2"]) else ""
    return _c(m, "TIME", tx.hm(hh, mi, s), mod=mod, gran="time", resolution="time_of_day")


@rule(rf"(?P<p>{_PART}|(?<=[日号])[早晚])(?![0-9{_CD}十])")
def _part_alone(m: re.Match[str], c: Ctx) -> Cand | None:
    code = _PART_CODE[m["p"]]
    return _c(m, "TIME", f"T{code}", gran="part_of_day", resolution="part_of_day")


@rule(
    r"目前|现在|当前|如今|眼下|现时|现阶段|最近|近来|近期|过去(?![的了0-9一二三四五六七八九十两几数半])|将来|未来(?![的0-9一二三四五六七八九十两几数半])|马上"
)
def _ref(m: re.Match[str], c: Ctx) -> Cand | None:
    w = m[0]
    v = "PAST_REF" if w == "过去" else "FUTURE_REF" if w in ("将来", "未来", "马上") else "PRESENT_REF"
    return _c(m, "DATE", v, resolution="reference")


_ZH_GAP = re.compile(r"^\s*(?:的)?\s*$")


def tag(text: str, anchor: dt.date | None, cfg: DateConfig) -> list[Cand]:
    """All Chinese temporal expressions in ``text`` (either script), resolved against ``anchor``."""
    norm = text.translate(_NORM)
    ctx = Ctx(norm, anchor, cfg)
    found: list[Cand] = []
    deferred: list[tuple[re.Match[str], Handler, int]] = []
    for pattern, handler, prio in RULES:
        for m in pattern.finditer(norm):
            if handler is _bare_day:
                deferred.append((m, handler, prio))
                continue
            res = handler(m, ctx)
            for cand in res if isinstance(res, list) else [res] if res is not None else []:
                cand.priority += prio
                found.append(cand)
    ctx.known = select(found)
    for m, handler, prio in deferred:
        cand = handler(m, ctx)
        if cand is not None:
            cand.priority += prio
            found.append(cand)
    out = _time_ranges(merge_times(select(found), norm, anchor, _ZH_GAP), norm)
    return [
        c for c in out if not (c.ttype == "TIME" and re.fullmatch(r"XXXX-XX-XXT(?:MO|AF|EV|NI)", c.value))
    ]


def _time_ranges(cands: list[Cand], text: str) -> list[Cand]:
    """'下午5:00到6:00': the end of a clock range without its own part of day takes the start's afternoon."""
    for a, b in itertools.pairwise(cands):
        if (
            a.ttype == b.ttype == "TIME"
            and b.value.startswith("XXXX-XX-XXT")
            and re.fullmatch(r"\s*(?:到|至|-|~|—)\s*", text[a.end : b.start])
        ):
            ha, hb = re.search(r"T(\d\d)", a.value), re.search(r"T(\d\d)", b.value)
            if not a.value.startswith("XXXX-XX-XXT") and not a.value.startswith("T"):
                b.value = a.value.split("T")[0] + b.value.removeprefix("XXXX-XX-XX")
                b.anchored, b.resolution = a.anchored, "time_of_day;range_end_day"
            if ha and hb and int(ha[1]) >= 12 > int(hb[1]) and int(hb[1]) + 12 >= int(ha[1]):
                b.value = b.value.replace(f"T{hb[1]}", f"T{int(hb[1]) + 12:02d}", 1)
                b.resolution = "time_of_day;range_end_part_of_day"
    return cands
