"""Chinese rules: OCR spaces, full-width ASCII, punctuation in Chinese context, inline pinyin."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from pypinyin import Style, pinyin

from ingest.clean.core import CJK, CJK_PUNCT, Outcome, map_lines, rule, sub_counting

if TYPE_CHECKING:
    from ingest.clean import CleanConfig

_ANY_FULLWIDTH = re.compile("[\uff05-\uff5a]")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_FULLWIDTH_SYMBOL = re.compile(
    "(?<=[0-9A-Za-z])[\uff05\uff0b\uff0d\uff0e\uff0f\uff1a\uff06\uff20](?=[0-9A-Za-z])|(?<=[0-9])\uff05"
)
_SPACED = re.compile(f"[{CJK}][ \t\u3000]+(?=[{CJK}])")
_TIGHT = re.compile(f"[{CJK}](?=[{CJK}])")
_GAP = re.compile(f"(?<=[{CJK}{CJK_PUNCT}])[ \t\u3000]+(?=[{CJK}{CJK_PUNCT}])")
_ZH_PUNCT = re.compile(f"(?<=[{CJK}])[,;:!](?=[{CJK}「『（《〈“‘」』”’）》〉]|$)", re.M)
_ZH_PARENS = re.compile(
    f"(?<=[{CJK}])\\(([^()\\n]*[{CJK}][^()\\n]*)\\)|\\(([^()\\n]*[{CJK}][^()\\n]*)\\)(?=[{CJK}])"
)
_PUNCT_MAP = {",": "，", ";": "；", ":": "：", "!": "！"}
_PY_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_PINYIN = re.compile(f"(?P<han>[{CJK}]{{1,6}})[(（](?P<py>[{_PY_LETTERS}][{_PY_LETTERS}1-5' ]{{0,60}})[)）]")
MAX_READINGS = 256  # heteronym combinations tried when checking an annotation against its characters


@rule(
    "fullwidth_ascii",
    "full-width letters and digits → ASCII ('ＡＩ２０２３' → 'AI2023'); Chinese punctuation kept",
)
def fullwidth_ascii(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    if not _ANY_FULLWIDTH.search(text):
        return out
    t = sub_counting(_FULLWIDTH_ALNUM, lambda m: unicodedata.normalize("NFKC", m.group(0)), text, out)
    out.text = sub_counting(_FULLWIDTH_SYMBOL, lambda m: unicodedata.normalize("NFKC", m.group(0)), t, out)
    return out


@rule(
    "zh_ocr_spaces",
    "remove spaces OCR put between Chinese characters, in lines where such spaces are the rule",
)
def zh_ocr_spaces(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)

    def fix(line: str) -> str:
        spaced = len(_SPACED.findall(line))
        if spaced == 0 or spaced < config.zh_ocr_space_ratio * (spaced + len(_TIGHT.findall(line))):
            return line
        return _GAP.sub("", line)

    out.text = map_lines(text, fix, out, drop_blank_after=False)
    return out


@rule(
    "zh_punctuation",
    "ASCII , ; : ! and brackets between Chinese characters → full-width (，；：！（）); quotes untouched",
)
def zh_punctuation(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    t = sub_counting(_ZH_PUNCT, lambda m: _PUNCT_MAP[m.group(0)], text, out)
    out.text = sub_counting(_ZH_PARENS, lambda m: f"（{m.group(1) or m.group(2)}）", t, out)
    return out


def _plain(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", s.replace("ü", "u").replace("v", "u"))


@lru_cache(maxsize=8192)
def _readings(han: str) -> frozenset[str]:
    options = [[_plain(r) for r in rs] for rs in pinyin(han, style=Style.NORMAL, heteronym=True)]
    combos = itertools.islice(itertools.product(*options), MAX_READINGS)
    return frozenset("".join(c) for c in combos)


@rule(
    "zh_inline_pinyin", "remove pinyin written after characters ('網(wǎng)' → '網') when it is their reading"
)
def zh_inline_pinyin(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)

    def repl(m: re.Match[str]) -> str | None:
        han, py = m.group("han"), _plain(m.group("py"))
        for k in range(1, len(han) + 1):
            if py in _readings(han[-k:]):
                return han
        return None

    out.text = sub_counting(_PINYIN, repl, text, out)
    return out
