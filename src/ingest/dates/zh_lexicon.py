"""Chinese numerals, normalisation, word lists and the rule registry shared by the Chinese rules."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import cn2an

from ingest.dates.common import Handler, Rule
from ingest.dates.timex import Cand

_T = (
    "週號個後禮點鐘時來兩紀曆農這當過歷間從臘將連續為頭幾數餘裡裏晝鐘內後閏陰節國慶聖誕婦勞動兒師軍陽萬歸紀慶"
)


_S = (
    "周号个后礼点钟时来两纪历农这当过历间从腊将连续为头几数余里里昼钟内后闰阴节国庆圣诞妇劳动儿师军阳万归纪庆"
)


NORM = str.maketrans(
    "０１２３４５６７８９：／－．～" + _T,
    "0123456789:/-.~" + _S,
)


_CD = "零〇一二三四五六七八九"


_DIGIT = {ch: (0 if ch in "零〇" else "一二三四五六七八九".index(ch) + 1) for ch in _CD}


_CN = f"[{_CD}十两廿卅]"


# A numeral starts where its run starts (the lookbehinds): tried from every digit of a long
# run, each attempt scanned to the run's end and failed, quadratic in the run (and '第二十年'
# gave a duration '十年' from inside the ordinal).
_NUM = rf"(?:(?<![0-9])[0-9]+|(?<!{_CN}){_CN}+)"


_NUMQ = rf"(?:(?<![0-9])[0-9]+(?:\.[0-9]+)?|(?<![{_CD}十两廿卅百千])[{_CD}十两廿卅百千]+|几|数|多|若干)"


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


RULES: list[Rule] = []


def rule(pattern: str, priority: int = 0, deferred: bool = False) -> Callable[[Handler], Handler]:
    """Register a handler for a pattern; ``deferred`` handlers run after the others and see what they found."""

    def deco(fn: Handler) -> Handler:
        RULES.append(Rule(re.compile(pattern), fn, priority, deferred))
        return fn

    return deco


def _c(m: re.Match[str], ttype: str, value: str, **kw: object) -> Cand:
    return Cand(m.start(), m.end(), ttype, value, **kw)  # type: ignore[arg-type]
