"""Silver: clean each bronze document, read its metadata, find its entities and dates.

Work goes in batches of documents. Each stage is one plain function over a batch,
so a flow runs one task per stage per batch:

1. :func:`clean_batch` — cleaning rules, language and script, metadata, MinHash signatures;
2. :func:`extract_batch` — entity mentions (spaCy / jieba) and normalised dates;
3. :func:`write_batch` — story groups, then the batch's parts (see :mod:`ingest.silver_batches`
   for the write order and the commit marker that makes a batch visible as done).

The first two read only bronze and write nothing, so batches can run them in parallel, in
any process (``ingest run --workers``). Stories are the one step that depends on the
batches before: a document joins the story of an earlier one found in the LSH index of
committed silver (:mod:`ingest.story_state`), so :func:`write_batch` assigns them, one batch
after another in ingestion order, in the process that writes — the same stories whatever ran
the first two steps. Every document cleaned takes part, as it did when cleaning assigned
stories: one quarantined later in the batch still gives its story to later copies in it.

Every stage isolates documents: one that fails is quarantined (see
:mod:`ingest.silver_quarantine` for the reasons and when each is retried) and the rest of
the batch goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pyarrow as pa

from . import __version__, storage
from .clean import CleanConfig, HtmlExtractionError, clean_document
from .dates import DateConfig, extract_dates
from .errors import EmptyArticleError, SidecarError
from .model import DateMention, Fix, Label, Lang, Mention, TimexType
from .nlp import EntityExtractor, NlpConfig
from .schemas import (
    BRONZE_DOCUMENTS,
    SILVER_DATES,
    SILVER_DOCUMENTS,
    SILVER_FIXES,
    SILVER_MENTIONS,
    SILVER_QUARANTINE,
    SilverDate,
    SilverFix,
    SilverMention,
)
from .silver_batches import BATCH_DEPENDENTS, commit_batch, recover
from .silver_quarantine import (
    Quarantined,
    QuarantineReason,
    Stage,
    log,
    quarantine,
    quarantine_failures,
    quarantine_rows,
    still_quarantined,
)
from .stories import assign_signed, signature
from .story_state import synced_index

# Dates come from ingest.dates in both languages (one extractor, normalised values);
# the entity extractors keep every other label.
ENTITY_LABELS = frozenset(label.value for label in Label) - {Label.date.value, Label.time.value}


def entity_config(batch_size: int = 64, n_process: int = 1) -> NlpConfig:
    """The entity stage's settings as the pipeline uses them."""
    return NlpConfig(batch_size=batch_size, n_process=n_process, labels=ENTITY_LABELS)


def _date_mention(t: DateMention, lang: str) -> Mention:
    """A normalised date as a silver mention: TIME stays TIME; dates, durations and sets are DATE."""
    label = Label.time.value if t.timex_type == TimexType.time.value else Label.date.value
    return Mention(t.doc_id, t.start_char, t.end_char, t.text, label, f"dates:{lang}")


@dataclass
class SilverDoc:
    """One cleaned document on its way to silver."""

    row: dict  # a silver documents row without run_id
    fixes: list[Fix]
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.row["doc_id"]


@dataclass
class CleanedBatch:
    docs: list[SilverDoc]
    quarantined: list[Quarantined] = field(default_factory=list)
    # (doc_id, MinHash signature) of every document cleaned, in batch order: what stories are assigned over
    signed: list[tuple[str, bytes | None]] = field(default_factory=list)


@dataclass
class WrittenBatch:
    """What :func:`write_batch` wrote: rows per table and every quarantine of the batch."""

    counts: dict[str, int]
    quarantined: list[Quarantined]
    processed: int = 0  # documents of the batch: written or quarantined


def pending_doc_ids(data_dir) -> list[str]:
    """Bronze documents neither in silver nor quarantined, in ingestion order.

    Parts left by a batch that died half way are removed first. A quarantine holds while
    its file is unchanged when the document was at fault, and within the pipeline version
    that quarantined it when our code was.
    """
    recover(data_dir)
    done = storage.column_set(data_dir, SILVER_DOCUMENTS, "doc_id")
    cols = ["doc_id", "retry_when", "pipeline_version"]
    q = storage.read_table(data_dir, SILVER_QUARANTINE, cols)
    done |= still_quarantined(list(zip(*(q.column(c).to_pylist() for c in cols), strict=True)), __version__)
    bronze = storage.read_table(data_dir, BRONZE_DOCUMENTS, ["doc_id", "ingested_at", "source_path"])
    rows = sorted(
        zip(*(bronze.column(c).to_pylist() for c in ("ingested_at", "source_path", "doc_id")), strict=True)
    )
    return [doc_id for _, _, doc_id in rows if doc_id not in done]


def batches(ids: Sequence[str], size: int) -> list[list[str]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def _clean_one(r: dict, config: CleanConfig) -> SilverDoc:
    cleaned = clean_document(
        r["text"],
        source_path=r["source_path"],
        supplied=json.loads(r["supplied_meta"]),
        file_mtime=r["modified_at"],
        config=config,
    )
    m = cleaned.meta
    row = dict(
        doc_id=r["doc_id"],
        source_path=r["source_path"],
        lang=cleaned.lang,
        paragraph_langs=cleaned.paragraph_langs,
        title=m.title,
        published_on=m.published_on,
        published_on_source=m.published_on_source,
        published_timex=m.published_timex,
        outlet=m.outlet,
        byline=m.byline,
        dateline_place=m.dateline_place,
        url=m.url,
        text_clean=cleaned.text_clean,
        n_chars=len(cleaned.text_clean),
        story_id=None,
        story_similarity=None,
        minhash=None,
        pipeline_version=__version__,
    )
    return SilverDoc(row=row, fixes=cleaned.fixes)


_EXPECTED = (
    (SidecarError, QuarantineReason.bad_sidecar),
    (HtmlExtractionError, QuarantineReason.no_text),
    (EmptyArticleError, QuarantineReason.empty_after_cleaning),
)


def clean_batch(data_dir, doc_ids: Sequence[str], config: CleanConfig) -> CleanedBatch:
    """Clean a batch of bronze documents and give each its story; quarantine what cannot be cleaned."""
    cols = ["doc_id", "source_path", "text", "supplied_meta", "modified_at", "size_bytes"]
    table = storage.read_where(data_dir, BRONZE_DOCUMENTS, "doc_id", doc_ids, cols).to_pylist()
    by_id = {r["doc_id"]: r for r in table}
    out: list[SilverDoc] = []
    quarantined: list[Quarantined] = []
    failures: list[tuple[str, str, BaseException]] = []
    for doc_id in doc_ids:
        r = by_id[doc_id]
        try:
            out.append(_clean_one(r, config))
        except Exception as e:
            code = next((c for cls, c in _EXPECTED if isinstance(e, cls)), None)
            if code is None:
                failures.append((doc_id, r["source_path"], e))
            else:
                quarantined.append(quarantine(doc_id, r["source_path"], Stage.clean, e, code))
    quarantined += quarantine_failures(Stage.clean, failures, len(doc_ids))
    return CleanedBatch(out, quarantined, [(d.doc_id, signature(d.row["text_clean"])) for d in out])


def assign_batch_stories(data_dir, batch: CleanedBatch) -> None:
    """Give the batch's documents their stories against committed silver (see the module's notes)."""
    # committed documents are in the LSH index; a new document is checked against its candidates
    signed = batch.signed or [(d.doc_id, signature(d.row["text_clean"])) for d in batch.docs]
    stories = assign_signed(synced_index(data_dir), signed)
    for d in batch.docs:
        story = stories[d.doc_id]
        d.row.update(story_id=story.story_id, story_similarity=story.similarity, minhash=story.signature)


@lru_cache(maxsize=4)
def _extractor(config: NlpConfig, kb_entries: tuple[tuple[str, str], ...]) -> EntityExtractor:
    """One loaded extractor per process and configuration (loading spaCy and jieba is slow)."""
    return EntityExtractor(config, kb_entries)


def load_models(config: NlpConfig, kb_entries: tuple[tuple[str, str], ...]) -> None:
    """Load this configuration's spaCy and jieba now, as the first batch would (~2 s), by
    extracting from two sentences of each language."""
    _extractor(config, kb_entries).extract(
        [
            ("warm-en", "Hong Kong Science Park opened.", Lang.en.value),
            ("warm-zh", "香港科學園開幕。", Lang.zh_hant.value),
        ]
    )


def _entities(
    extractor: EntityExtractor, docs: Sequence[SilverDoc]
) -> tuple[dict[str, list[Mention]], list[tuple[SilverDoc, BaseException]]]:
    """Mentions per doc_id over the whole batch; when the batch call raises, one document at a
    time, so that only the documents it raises on are lost."""

    def run(some: Sequence[SilverDoc]) -> dict[str, list[Mention]]:
        by_doc: dict[str, list[Mention]] = {d.doc_id: [] for d in some}
        for m in extractor.extract([(d.doc_id, d.row["text_clean"], d.row["lang"]) for d in some]):
            by_doc[m.doc_id].append(m)
        return by_doc

    try:
        return run(docs), []
    except Exception as e:
        if len(docs) == 1:
            return {}, [(docs[0], e)]
        log.warning(
            "entity extraction failed on a batch of %d documents; extracting one at a time", len(docs)
        )
    by_doc: dict[str, list[Mention]] = {}
    failed: list[tuple[SilverDoc, BaseException]] = []
    for d in docs:
        try:
            by_doc |= run([d])
        except Exception as e:
            failed.append((d, e))
    return by_doc, failed


def extract_batch(
    batch: CleanedBatch,
    nlp_config: NlpConfig,
    kb_entries: tuple[tuple[str, str], ...],
    date_config: DateConfig,
) -> CleanedBatch:
    """Entity mentions and normalised dates for a batch of cleaned documents; quarantine those
    on which either raises."""
    docs = batch.docs
    by_doc, failed = _entities(_extractor(nlp_config, kb_entries), docs)
    quarantined = list(batch.quarantined)
    quarantined += quarantine_failures(
        Stage.extract, [(d.doc_id, d.row["source_path"], e) for d, e in failed], len(docs)
    )
    lost = {d.doc_id for d, _ in failed}
    kept: list[SilverDoc] = []
    date_failures: list[tuple[str, str, BaseException]] = []
    for d in docs:
        if d.doc_id in lost:
            continue
        try:
            d.dates = extract_dates(
                d.doc_id,
                d.row["text_clean"],
                d.row["lang"],
                d.row["published_on"],
                date_config,
                published_hint=d.row["published_timex"],
            )
        except Exception as e:
            date_failures.append((d.doc_id, d.row["source_path"], e))
            continue
        d.mentions = sorted(
            by_doc.get(d.doc_id, []) + [_date_mention(t, d.row["lang"]) for t in d.dates],
            key=lambda m: (m.start_char, m.end_char, m.label),
        )
        kept.append(d)
    quarantined += quarantine_failures(Stage.dates, date_failures, len(docs) - len(lost))
    return CleanedBatch(kept, quarantined, batch.signed)


def _tables(docs: Sequence[SilverDoc], run_id: str) -> dict:
    """The documents' rows in each silver table, checked against the schemas."""
    rows = {
        SILVER_DOCUMENTS: [dict(d.row, run_id=run_id) for d in docs],
        SILVER_FIXES: [fix_row(d.doc_id, i, f, run_id) for d in docs for i, f in enumerate(d.fixes)],
        SILVER_MENTIONS: mention_rows((m for d in docs for m in d.mentions), run_id),
        SILVER_DATES: [date_row(t) for d in docs for t in d.dates],
    }
    return {t: storage.to_arrow(t, r) for t, r in rows.items()}


def _checked_tables(
    docs: Sequence[SilverDoc], run_id: str
) -> tuple[dict, list[str], list[tuple[str, str, BaseException]]]:
    """The batch's tables, the doc_ids in them and the documents whose rows do not fit: the whole
    batch at once, and one document at a time only when that raises (conversion is half as fast so)."""
    try:
        return _tables(docs, run_id), [d.doc_id for d in docs], []
    except Exception:
        log.warning("silver rows of a batch of %d documents do not fit the schemas; checking each", len(docs))
    per_table: dict = {t: [] for t in (SILVER_DOCUMENTS, *BATCH_DEPENDENTS)}
    kept: list[str] = []
    failures: list[tuple[str, str, BaseException]] = []
    for d in docs:
        try:
            tables = _tables([d], run_id)
        except Exception as e:
            failures.append((d.doc_id, d.row["source_path"], e))
            continue
        kept.append(d.doc_id)
        for t, arrow in tables.items():
            per_table[t].append(arrow)
    return {t: pa.concat_tables(a) if a else [] for t, a in per_table.items()}, kept, failures


def write_batch(data_dir, batch: CleanedBatch, run_id: str) -> WrittenBatch:
    """Assign the batch's stories, write its parts and commit it; a document whose rows cannot be
    built is quarantined."""
    assign_batch_stories(data_dir, batch)
    tables, kept, failures = _checked_tables(batch.docs, run_id)
    quarantined = list(batch.quarantined) + quarantine_failures(Stage.write, failures, len(batch.docs))
    doc_ids = kept + [q.doc_id for q in quarantined]
    q_rows = quarantine_rows(quarantined, __version__, run_id)
    counts = commit_batch(data_dir, doc_ids, tables, q_rows, run_id)
    return WrittenBatch(counts, quarantined, len(doc_ids))


def mention_rows(mentions: Iterable[Mention], run_id: str) -> list[SilverMention]:
    """silver/mentions rows: the mentions' fields plus the run."""
    return [
        SilverMention(
            doc_id=m.doc_id,
            start_char=m.start_char,
            end_char=m.end_char,
            text=m.text,
            label=m.label,
            source=m.source,
            run_id=run_id,
        )
        for m in mentions
    ]


def fix_row(doc_id: str, seq: int, f: Fix, run_id: str) -> SilverFix:
    """The silver/fixes row of the ``seq``-th rule that changed a document."""
    return SilverFix(
        doc_id=doc_id,
        seq=seq,
        rule=f.rule,
        count=f.count,
        example_before=f.example_before,
        example_after=f.example_after,
        run_id=run_id,
    )


def date_row(t: DateMention) -> SilverDate:
    """The silver/dates row of a normalised date (the same fields)."""
    return SilverDate(
        doc_id=t.doc_id,
        start_char=t.start_char,
        end_char=t.end_char,
        text=t.text,
        timex_type=t.timex_type,
        value=t.value,
        mod=t.mod,
        granularity=t.granularity,
        anchor=t.anchor,
        resolution=t.resolution,
    )
