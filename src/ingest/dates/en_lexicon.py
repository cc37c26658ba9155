"""English words, patterns and helpers shared by the English rules, and the rule registry."""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.dates.common import Handler, Rule
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
    r"|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
    r"|january|february|april|june|july|september|october|november|december)(?![a-z])"
)  # lower-case only for full names that are not also words ('may', 'march', 'august')


WEEKDAY_ALT = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WD = rf"(?i:{WEEKDAY_ALT})"  # weekday names are not other words, so any case will do


_YR = r"(?:1[89]\d\d|20\d\d)"


_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"


_NUMW = (
    rf"(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+and\s+a\s+half"
    rf"|\d+(?:\.\d+)?|{_TENS}(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|half an?|a half"
    r"|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|a hundred|hundred|several|a few|few|a couple of|couple of|many)"
)


_UNIT = r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))"


_PRE = (
    r"(?:early|late|mid-?|(?:at\s+)?the\s+(?:end|start|beginning|middle|turn|close)\s+of"
    r"|(?:end|start|beginning|middle)\s+of|the\s+(?:first|second|latter)\s+half\s+of)"
)


def _num(word: str) -> float | None:
    w = word.lower().replace("-", " ").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if w in VAGUE:
        return None
    if w in NUMBERS:
        return NUMBERS[w]
    if w.endswith(" and a half"):
        whole = _num(w.removesuffix(" and a half"))
        return None if whole is None else whole + 0.5
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


RULES: list[Rule] = []


def rule(
    pattern: str, priority: int = 0, flags: int = 0, deferred: bool = False
) -> Callable[[Handler], Handler]:
    """Register a handler for a pattern; ``deferred`` handlers run after the others and see what they found."""

    def deco(fn: Handler) -> Handler:
        RULES.append(Rule(re.compile(pattern, flags), fn, priority, deferred))
        return fn

    return deco


def _cand(m: re.Match[str], ttype: str, value: str, **kw: object) -> Cand:
    return Cand(m.start(), m.end(), ttype, value, **kw)  # type: ignore[arg-type]
