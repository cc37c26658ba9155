"""Chinese entities, Traditional and Simplified, offline: spaCy's Chinese Doc over jieba + rules.

Steps for one text:

1. OpenCC ``t2s`` with an exact offset alignment (:mod:`ingest.nlp.offsets`).
2. jieba's POS tagger on the Simplified text. Its tokens become a spaCy ``Doc`` of the blank
   Chinese pipeline configured with the jieba segmenter — the same construction spaCy's
   ``ChineseTokenizer`` uses (``get_words_and_spaces`` over jieba's words), keeping jieba's tags
   as ``token.tag_`` (the tokenizer itself drops them). Names from the knowledge base are in the
   jieba dictionary with their tag, so they come out whole.
3. Candidates: knowledge-base words (``kb_dict``), jieba tags (``jieba:nr/ns/nt``), title rules
   (``rule:zh_title``), organisation suffixes (``rule:zh_org_suffix``); overlaps resolved by
   :func:`ingest.nlp.spans.resolve_overlaps`; offsets mapped back to the original text.

jieba keeps its state in a :class:`jieba.Tokenizer`; each :class:`ChineseNer` owns one, so a
knowledge base given to one extractor never leaks into another. jieba caches its prefix
dictionary in the system temp directory (its own behaviour); nothing is written elsewhere.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from ingest.nlp import zh_rules
from ingest.nlp.offsets import to_simplified
from ingest.nlp.spans import Span, resolve_overlaps
from ingest.nlp.zh_rules import Tok

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Knowledge-base labels → jieba tags, so that the POS tagger labels the words as names.
# A word at least this frequent in wordfreq's Chinese list (Zipf 4) is a common word, not a name.
COMMON_WORD_FREQ = 1e-5
_LABEL_TAG = {"PERSON": "nr", "ORG": "nt", "GPE": "ns", "LOC": "ns", "FAC": "ns"}


def has_cjk(text: str) -> bool:
    """True when ``text`` contains a CJK ideograph."""
    return bool(_CJK.search(text))


class ChineseNer:
    """Chinese entity extractor. Build once, call :meth:`spans` per text.

    ``kb_entries``: ``(alias, label)`` pairs; those with CJK characters are added to jieba's
    dictionary in both scripts (as given and OpenCC ``t2s``), and recognised as ``kb_dict``.
    """

    def __init__(self, kb_entries: Sequence[tuple[str, str]] = ()) -> None:
        import jieba
        import jieba.posseg
        import spacy

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        self._pos = jieba.posseg.POSTokenizer(self._tokenizer)
        self._nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        from wordfreq import get_frequency_dict

        self._freq = get_frequency_dict("zh")
        self._kb: dict[str, str] = {}
        for alias, label in kb_entries:
            if not has_cjk(alias):
                continue
            simplified = to_simplified(alias.strip()).converted
            if len(simplified) < 2:
                continue
            self._kb[simplified] = label
            self._tokenizer.add_word(simplified, tag=_LABEL_TAG.get(label, "nz"))

    def _is_common(self, word: str) -> bool:
        """Frequent in general Chinese text (Zipf ≥ 4, more than once per 10,000 words)."""
        return self._freq.get(word, 0.0) >= COMMON_WORD_FREQ and word not in self._kb

    def doc(self, simplified: str):  # -> spacy.tokens.Doc
        """A spaCy ``Doc`` of jieba's tokens with their POS tags as ``tag_``."""
        from spacy.tokens import Doc

        pairs = [(w.word, w.flag) for w in self._pos.cut(simplified) if w.word]
        words = [w for w, _ in pairs]
        tags = [f for _, f in pairs]
        return Doc(self._nlp.vocab, words=words, spaces=[False] * len(words), tags=tags)

    def simplified_spans(self, simplified: str) -> list[Span]:
        """Entity spans in a Simplified text (offsets into it), overlaps resolved."""
        doc = self.doc(simplified)
        toks = [Tok(t.text, t.tag_, t.idx) for t in doc]
        cands: list[Span] = []
        for t in toks:
            label = self._kb.get(t.text)
            if label:
                cands.append((t.start, t.end, label, "kb_dict"))
        cands += zh_rules.pos_rule(toks, self._is_common, self._pos.word_tag_tab.get)
        cands += zh_rules.title_rule(toks)
        cands += zh_rules.org_suffix_rule(toks)
        cands += zh_rules.abbrev_rule(toks, self._pos.word_tag_tab.get)
        kept = resolve_overlaps(cands)
        return resolve_overlaps(kept + repeats(simplified, kept, {t.start for t in toks} | {len(simplified)}))

    def spans(self, text: str) -> list[Span]:
        """Entity spans with offsets into ``text`` (Traditional, Simplified or mixed scripts)."""
        if not has_cjk(text):
            return []
        align = to_simplified(text)
        out: list[Span] = []
        for start, end, label, source in self.simplified_spans(align.converted):
            o_start, o_end = align.span_to_original(start, end)
            out.append((o_start, o_end, label, source))
        return out


REPEAT_SOURCE = "rule:zh_in_doc"


def repeats(text: str, spans: list[Span], bounds: set[int]) -> list[Span]:
    """Other occurrences of names already found in the document (``rule:zh_in_doc``).

    '创新科技及工业局局长薛永恒' gives 薛永恒 through the title; a later bare '薛永恒表示', which
    jieba cuts 薛 | 永恒, is the same person. Occurrences must start and end on jieba token
    boundaries (so 王军 is not found inside 王军队 when jieba cut 王 | 军队), and names of one
    character are not repeated. They lose every overlap against a span of the same length.
    """
    out: list[Span] = []
    seen: set[str] = set()
    for start, end, label, _src in spans:
        name = text[start:end]
        if len(name) < 2 or name in seen or not has_cjk(name):
            continue
        seen.add(name)
        pos = text.find(name)
        while pos >= 0:
            if pos != start and pos in bounds and pos + len(name) in bounds:
                out.append((pos, pos + len(name), label, REPEAT_SOURCE))
            pos = text.find(name, pos + 1)
    return out
