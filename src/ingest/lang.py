"""Language and script of a text and of each of its paragraphs.

Counts, not models: Chinese characters against Latin words decide ``en`` / Chinese /
``mixed``; characters that only one script has (found with OpenCC: a character that
Traditional→Simplified conversion changes is Traditional-only, and the reverse) decide
``zh-Hant`` / ``zh-Hans``. A Chinese paragraph with no telling character takes the
document's script; a document with none takes ``LangConfig.zh_script_tie``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

from ingest.model import Lang

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")


@dataclass(frozen=True)
class LangConfig:
    """Thresholds for :func:`detect`."""

    # Chinese characters that weigh as much as one Latin word (a Chinese word is ~1.7
    # characters; names glossed in brackets are longer).
    han_per_word: float = 2.0
    # a side with at least this share of the weight makes the text that language; else mixed
    single_share: float = 0.75
    # fewer weighted units than this (a number, a symbol) is 'und'
    min_units: float = 2.0
    # script when no character tells; the sources are mostly from Hong Kong
    zh_script_tie: str = Lang.zh_hant.value


@lru_cache(maxsize=65536)
def _script_of(ch: str) -> int:
    """+1 for a Traditional-only character, -1 for Simplified-only, 0 for both."""
    if _T2S.convert(ch) != ch:
        return 1
    if _S2T.convert(ch) != ch:
        return -1
    return 0


def han_script(text: str) -> str | None:
    """``zh-Hant`` or ``zh-Hans`` by telling characters, or None when none tells."""
    score = sum(_script_of(c) for c in _HAN.findall(text))
    if score > 0:
        return Lang.zh_hant.value
    if score < 0:
        return Lang.zh_hans.value
    return None


def _kind(text: str, config: LangConfig) -> str:
    han = len(_HAN.findall(text)) / config.han_per_word
    words = len(_LATIN_WORD.findall(text))
    total = han + words
    if total < config.min_units:
        return Lang.unknown.value
    if han / total >= config.single_share:
        return "zh"
    if words / total >= config.single_share:
        return Lang.en.value
    return Lang.mixed.value


def detect(text: str, config: LangConfig = LangConfig()) -> str:
    """The language and script of a whole text, a :class:`~ingest.model.Lang` value."""
    kind = _kind(text, config)
    if kind != "zh":
        return kind
    return han_script(text) or config.zh_script_tie


def paragraph_langs(text: str, doc_lang: str | None = None, config: LangConfig = LangConfig()) -> list[str]:
    """The language of each paragraph of ``text`` (non-blank lines, in order)."""
    doc_lang = doc_lang or detect(text, config)
    doc_script = doc_lang if doc_lang.startswith("zh") else (han_script(text) or config.zh_script_tie)
    out: list[str] = []
    for para in (p for p in text.split("\n") if p.strip()):
        kind = _kind(para, config)
        out.append((han_script(para) or doc_script) if kind == "zh" else kind)
    return out
