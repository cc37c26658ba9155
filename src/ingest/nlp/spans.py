"""Deterministic resolution of overlapping entity candidates, and splitting text by script."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

Span = tuple[int, int, str, str]  # start, end (exclusive), label, source

# Lower rank wins a tie between spans of the same length: the knowledge base is the most specific
# evidence, then hand-written rules, then the statistical models (spaCy, LAC).
_SOURCE_RANK = {"kb_ruler": 0, "kb_dict": 0, "rule": 1, "spacy": 2, "model": 2}
# Repeats of names found elsewhere in the document are the weakest evidence.
_LAST = frozenset(["rule:zh_in_doc", "rule:en_person_in_doc"])


def _rank(source: str) -> int:
    if source in _LAST:
        return 10
    return _SOURCE_RANK.get(source.split(":", 1)[0], 9)


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Keep a non-overlapping subset: longest first, then most specific source, then leftmost.

    The order is total (ties end on label and source text), so the same candidates always give
    the same mentions whatever order they arrive in.
    """
    ordered = sorted(
        {s for s in spans if s[1] > s[0]},
        key=lambda s: (-(s[1] - s[0]), _rank(s[3]), s[0], s[2], s[3]),
    )
    # Kept spans never overlap one another, so sorted by start their ends ascend too: a candidate
    # overlaps a kept span only if it overlaps its left neighbour (the last kept span starting
    # before the candidate ends). Bisection keeps this O(n log n) for documents of any length.
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Span] = []
    for s in ordered:
        i = bisect.bisect_left(starts, s[1])  # kept spans starting before the candidate ends
        if i and ends[i - 1] > s[0]:
            continue
        starts.insert(i, s[0])
        ends.insert(i, s[1])
        kept.append(s)
    return sorted(kept)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_PARAGRAPH = re.compile(r"[^\n]+")


def script_of(text: str) -> str:
    """'zh' when CJK characters outnumber Latin letters / 4 (a Chinese line quoting English), else 'en'."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 4 >= latin else "en"


def script_runs(text: str) -> list[tuple[int, int, str]]:
    """Split ``text`` into maximal runs of whole lines of one script: ``(start, end, 'en'|'zh')``.

    Blank lines and lines without letters join the run before them, so offsets cover the text.
    """
    runs: list[tuple[int, int, str]] = []
    for m in _PARAGRAPH.finditer(text):
        line = m.group()
        if not _CJK.search(line) and not _LATIN.search(line):
            continue
        lang = script_of(line)
        if runs and runs[-1][2] == lang:
            runs[-1] = (runs[-1][0], m.end(), lang)
        else:
            runs.append((m.start(), m.end(), lang))
    return runs
