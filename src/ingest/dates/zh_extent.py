"""Chinese rules for lengths, repetitions, clock times and reference words: '連續三年', '每年', '下午3時', '目前'."""

from __future__ import annotations

import itertools
import re

from ingest.dates import timex as tx
from ingest.dates.common import Ctx
from ingest.dates.timex import Cand
from ingest.dates.zh_lexicon import (
    _CD,
    _NUM,
    _NUMQ,
    _PART,
    _PART_CODE,
    _UNIT,
    _YEAR,
    _c,
    _int,
    num,
    rule,
)


@rule(rf"(?<![第每])(?P<pre>过去的?|近|最近|未来|今后|连续|长达|为期|历时|逾|超过|大约|约|将近|接近|前|后|之前|之后)?"
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


_REFS = {
    "PRESENT_REF": "目前|现在|当前(?![版页頁位])|如今|眼下|现时|现阶段|当今|时下|当下|最近|近来|近期",
    "PAST_REF": "过去(?![的了0-9一二三四五六七八九十两几数半])|近日|日前|不久前|前不久|以往|往年|早前|早些时候",
    "FUTURE_REF": "将来|未来(?![的0-9一二三四五六七八九十两几数半])|今后(?![0-9一二三四五六七八九十两几数半])|日后|马上|不久后",
}


@rule("|".join(f"(?P<{k}>{v})" for k, v in _REFS.items()))
def _ref(m: re.Match[str], c: Ctx) -> Cand | None:
    """'目前' now, '近日'/'日前' recently, '今後' from now on: TIMEX3 reference values."""
    return _c(m, "DATE", str(m.lastgroup), resolution="reference")


ZH_GAP = re.compile(r"^\s*(?:的)?\s*$")


def time_ranges(cands: list[Cand], text: str) -> list[Cand]:
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
