"""The per-document budget of the analysis stages (entities, dates): one shared cut.

Cleaning, entity extraction and date extraction each bound the text they analyse by the
same rule, so a document of megabytes cannot hold a run for minutes: past ``max_chars`` the
text is cut at the last paragraph break before the limit (else a line end, a sentence end,
a space) and what follows is not analysed. The cut is a prefix, so offsets into the whole
``text_clean`` stay valid; cleaning records it as the fix ``truncated_for_nlp``.

The default was measured on this 2-core machine (shared, load 4-5): on a 5 MB one-line file,
cleaning took 16 s (English) to 25 s (Chinese) and 500,000 analysed characters took 33-41 s of
entity extraction (spaCy's small English model reads ~35,000 characters a second unloaded,
jieba ~55,000), over a minute in all; at 250,000 the worst 5 MB input stays near 15-25 s
unloaded and under a minute loaded. A long news article is under 50,000 characters and is
never cut.
"""

from __future__ import annotations

MAX_ANALYSED_CHARS = 250_000
_BREAKS = ("\n\n", "\n", "。", "！", "？", ". ", "! ", "? ", "；", " ")


def analysed_end(text: str, max_chars: int = MAX_ANALYSED_CHARS) -> int:
    """Where the analysed part of ``text`` ends: ``len(text)`` when it fits in ``max_chars``,
    else the end of the last paragraph (line, sentence, word) that ends in the second half of
    the limit, else ``max_chars``. Linear in ``max_chars``; ``max_chars <= 0`` means no limit."""
    if max_chars <= 0 or len(text) <= max_chars:
        return len(text)
    for sep in _BREAKS:
        cut = text.rfind(sep, max_chars // 2, max_chars)
        if cut >= 0:
            return cut + len(sep)
    return max_chars
