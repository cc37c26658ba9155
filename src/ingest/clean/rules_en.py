"""English word repair decided by evidence: words fused where a hyphen or space was lost.

A token is split only when (1) the word list does not know it (wordfreq Zipf frequency
below ``CleanConfig.fused_word_max_zipf``) and (2) the same letters are written elsewhere
in the document with a hyphen or a space ('Hong Kong-mainland', 'inno-tech'), or
``CleanConfig.name_tokens`` holds them hyphenated ('Yuet-ngor'), or the curated compound
list ``CleanConfig.compounds`` does (``DEFAULT_COMPOUNDS``: spellings of this domain that
the general word list cannot know, 'Hong Kong-mainland', 'inno-tech'). The separator is
the one the evidence uses, the document's own spelling first. Without evidence nothing
changes: 'SenseTime' stays whole.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ingest.clean.core import Outcome, rule, sub_counting
from ingest.clean.rules_common import zipf

if TYPE_CHECKING:
    from ingest.clean import CleanConfig

DEFAULT_COMPOUNDS: frozenset[str] = frozenset(
    {
        "Hong Kong-mainland",
        "Hong Kong-Mainland",
        "mainland-Hong Kong",
        "Mainland-Hong Kong",
        "Shenzhen-Hong Kong",
        "Guangdong-Hong Kong-Macao",
        "inno-tech",
        "sci-tech",
        "Next-Generation",
        "next-generation",
        "cross-boundary",
        "cross-border",
        "co-operation",
        "home-grown",
        "top-level",
        "high-tech",
        "re-industrialisation",
    }
)
_WORD = re.compile(r"[a-z]{2,}")
_TOKEN = re.compile(r"(?<![A-Za-z\-'’])[A-Za-z]{5,}(?![A-Za-z\-])")


@lru_cache(maxsize=16)
def _from_list(spellings: frozenset[str]) -> dict[str, tuple[int, str]]:
    evidence: dict[str, tuple[int, str]] = {}
    for token in spellings:
        parts = re.split(r"([- ])", token)
        for i in range(1, len(parts) - 1, 2):
            a, sep, b = "".join(parts[:i]), parts[i], parts[i + 1]
            a_last = re.split(r"[- ]", a)[-1]
            if len(a_last) >= 2 and len(b) >= 2:
                evidence[(a_last + b).lower()] = (len(a_last), sep)
    return evidence


def split_evidence(
    text: str, candidates: set[str], name_tokens: frozenset[str], compounds: frozenset[str] = frozenset()
) -> dict[str, tuple[int, str]]:
    """Map each candidate (a lower-case token) to (split position, separator) where evidence gives one.

    The document's own spellings win (hyphenated over spaced), then the names knowledge
    base, then the compound list.
    """
    listed = {**_from_list(compounds), **_from_list(name_tokens)}
    in_doc: dict[str, dict[str, tuple[int, str]]] = {"-": {}, " ": {}}
    prev: re.Match[str] | None = None
    low = text.lower()
    for m in _WORD.finditer(low):
        if prev is not None:
            sep = low[prev.end() : m.start()]
            key = prev.group(0) + m.group(0)
            if sep in in_doc and key in candidates:
                in_doc[sep].setdefault(key, (len(prev.group(0)), sep))
        prev = m
    evidence: dict[str, tuple[int, str]] = {}
    for key in candidates:
        found = in_doc["-"].get(key) or in_doc[" "].get(key) or listed.get(key)
        if found:
            evidence[key] = found
    return evidence


@rule(
    "fused_words",
    "split words fused where a line-end hyphen or space was lost ('NextGeneration' → 'Next-Generation'), only on evidence",
)
def fused_words(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    candidates = {t.lower() for t in _TOKEN.findall(text) if zipf(t.lower()) < config.fused_word_max_zipf}
    if not candidates:
        return out
    evidence = split_evidence(text, candidates, config.name_tokens, config.compounds)
    if not evidence:
        return out

    def repl(m: re.Match[str]) -> str | None:
        token = m.group(0)
        found = evidence.get(token.lower())
        if found is None:
            return None
        pos, sep = found
        return token[:pos] + sep + token[pos:]

    out.text = sub_counting(_TOKEN, repl, text, out)
    return out


_COLON_FUSED = re.compile(r"(?<=[a-z)])[:：](?=[A-Z][a-z])")


@rule(
    "colon_space",
    "put back the space lost after a label's colon ('Press Release:Government signs plan' → 'Release: Government')",
)
def colon_space(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = sub_counting(_COLON_FUSED, lambda m: ": ", text, out)
    return out
