"""Audit helper for the cleaning tests: which token changes no recorded fix explains."""

from __future__ import annotations

import difflib
import re
from collections import Counter

from ingest.clean import CleanedDoc

_TOKEN = re.compile(r"\w+|[^\w\s]")


def unexplained(raw: str, doc: CleanedDoc) -> tuple[Counter[str], Counter[str]]:
    """Tokens removed or added by the cleaning that no recorded change accounts for."""
    a, b = _TOKEN.findall(raw), _TOKEN.findall(doc.text_clean)
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            removed.update(a[i1:i2])
            added.update(b[j1:j2])
    removed, added = removed - added, added - removed
    explained_removed: Counter[str] = Counter()
    explained_added: Counter[str] = Counter()
    for _rule, before, after in doc.changes:
        tb, ta = Counter(_TOKEN.findall(before)), Counter(_TOKEN.findall(after))
        explained_removed.update(tb - ta)
        explained_added.update(ta - tb)
    return removed - explained_removed, added - explained_added
