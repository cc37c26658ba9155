"""Silver: clean each bronze document, read its metadata, find its entities and dates.

Work goes in batches of documents. Each stage is one plain function over a batch,
so a flow runs one task per stage per batch:

1. :func:`clean_batch` — cleaning rules, language and script, metadata, story groups;
2. :func:`extract_batch` — entity mentions (spaCy / jieba) and normalised dates;
3. :func:`write_batch` — the batch's parts, ``silver/documents`` last: a document is
   in silver exactly when its documents part exists (see ``storage.remove_orphan_parts``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import pyarrow.compute as pc

from . import __version__, storage
from .clean import CleanConfig, HtmlExtractionError, clean_document
from .dates import DateConfig, extract_dates
from .errors import SidecarError
from .model import DateMention, Fix, Label, Mention, RejectReason, TimexType
from .nlp import EntityExtractor, NlpConfig
from .schemas import (
    BRONZE_DOCUMENTS,
    BRONZE_REJECTED,
    GOLD_DATES,
    SILVER_DOCUMENTS,
    SILVER_FIXES,
    SILVER_MENTIONS,
)
from .stories import assign_stories

BATCH_DEPENDENTS = (SILVER_FIXES, SILVER_MENTIONS, GOLD_DATES)

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


@dataclass
class Quarantined:
    """A bronze document that cleaning could not make into an article."""

    doc_id: str
    source_path: str
    size_bytes: int
    modified_at: dt.datetime | None
    reason_code: str
    reason: str


@dataclass
class CleanedBatch:
    docs: list[SilverDoc]
    quarantined: list[Quarantined] = field(default_factory=list)


def pending_doc_ids(data_dir) -> list[str]:
    """Bronze documents neither in silver nor quarantined, in ingestion order.

    Parts left by a batch that died half way are removed first.
    """
    storage.remove_orphan_parts(data_dir, SILVER_DOCUMENTS, BATCH_DEPENDENTS)
    done = storage.column_set(data_dir, SILVER_DOCUMENTS, "doc_id")
    done |= storage.column_set(data_dir, BRONZE_REJECTED, "sha256")
    bronze = storage.read_table(data_dir, BRONZE_DOCUMENTS, ["doc_id", "ingested_at", "source_path"])
    rows = sorted(
        zip(*(bronze.column(c).to_pylist() for c in ("ingested_at", "source_path", "doc_id")), strict=True)
    )
    return [doc_id for _, _, doc_id in rows if doc_id not in done]


def batches(ids: Sequence[str], size: int) -> list[list[str]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def clean_batch(data_dir, doc_ids: Sequence[str], config: CleanConfig) -> CleanedBatch:
    """Clean a batch of bronze documents and give each its story; quarantine what cannot be cleaned."""
    cols = ["doc_id", "source_path", "text", "supplied_meta", "modified_at", "size_bytes"]
    table = storage.read_table(
        data_dir, BRONZE_DOCUMENTS, cols, filter=pc.field("doc_id").isin(list(doc_ids))
    ).to_pylist()
    by_id = {r["doc_id"]: r for r in table}
    out: list[SilverDoc] = []
    quarantined: list[Quarantined] = []
    for doc_id in doc_ids:
        r = by_id[doc_id]
        try:
            cleaned = clean_document(
                r["text"],
                source_path=r["source_path"],
                supplied=json.loads(r["supplied_meta"]),
                file_mtime=r["modified_at"],
                config=config,
            )
        except (SidecarError, HtmlExtractionError) as e:
            code = RejectReason.bad_sidecar if isinstance(e, SidecarError) else RejectReason.no_text
            quarantined.append(
                Quarantined(doc_id, r["source_path"], r["size_bytes"], r["modified_at"], code.value, str(e))
            )
            continue
        m = cleaned.meta
        out.append(
            SilverDoc(
                row=dict(
                    doc_id=doc_id,
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
                ),
                fixes=cleaned.fixes,
            )
        )
    prior = storage.read_table(data_dir, SILVER_DOCUMENTS, ["doc_id", "minhash", "story_id"])
    stories = assign_stories(
        list(zip(*(prior.column(c).to_pylist() for c in ("doc_id", "minhash", "story_id")), strict=True)),
        [(d.row["doc_id"], d.row["text_clean"]) for d in out],
    )
    for d in out:
        story = stories[d.row["doc_id"]]
        d.row.update(story_id=story.story_id, story_similarity=story.similarity, minhash=story.signature)
    return CleanedBatch(out, quarantined)


@lru_cache(maxsize=4)
def _extractor(config: NlpConfig, kb_entries: tuple[tuple[str, str], ...]) -> EntityExtractor:
    """One loaded extractor per process and configuration (loading spaCy and jieba is slow)."""
    return EntityExtractor(config, kb_entries)


def extract_batch(
    docs: list[SilverDoc],
    nlp_config: NlpConfig,
    kb_entries: tuple[tuple[str, str], ...],
    date_config: DateConfig,
) -> list[SilverDoc]:
    """Entity mentions and normalised dates for a batch of cleaned documents."""
    extractor = _extractor(nlp_config, kb_entries)
    mentions = extractor.extract([(d.row["doc_id"], d.row["text_clean"], d.row["lang"]) for d in docs])
    by_doc: dict[str, list[Mention]] = {}
    for m in mentions:
        by_doc.setdefault(m.doc_id, []).append(m)
    for d in docs:
        d.dates = extract_dates(
            d.row["doc_id"],
            d.row["text_clean"],
            d.row["lang"],
            d.row["published_on"],
            date_config,
            published_hint=d.row["published_timex"],
        )
        d.mentions = sorted(
            by_doc.get(d.row["doc_id"], []) + [_date_mention(t, d.row["lang"]) for t in d.dates],
            key=lambda m: (m.start_char, m.end_char, m.label),
        )
    return docs


def write_batch(
    data_dir, docs: list[SilverDoc], run_id: str, quarantined: Sequence[Quarantined] = ()
) -> dict[str, int]:
    """Write the batch's parts; silver documents last, so a crash leaves no half batch."""
    counts: dict[str, int] = {}
    if quarantined:
        now = utc_now()
        rows = [
            dict(
                source_path=q.source_path,
                sha256=q.doc_id,
                size_bytes=q.size_bytes,
                modified_at=q.modified_at,
                rejected_at=now,
                reason_code=q.reason_code,
                reason=q.reason,
                run_id=run_id,
            )
            for q in quarantined
        ]
        name = storage.part_name(q.doc_id for q in quarantined)
        counts[BRONZE_REJECTED.path] = storage.write_part(data_dir, BRONZE_REJECTED, rows, name)
    if not docs:
        return counts
    name = storage.part_name(d.row["doc_id"] for d in docs)
    fixes = [
        dict(doc_id=d.row["doc_id"], seq=i, **asdict(f), run_id=run_id)
        for d in docs
        for i, f in enumerate(d.fixes)
    ]
    mentions = mention_rows((m for d in docs for m in d.mentions), run_id)
    dates = [asdict(t) for d in docs for t in d.dates]
    counts |= {
        SILVER_FIXES.path: storage.write_part(data_dir, SILVER_FIXES, fixes, name),
        SILVER_MENTIONS.path: storage.write_part(data_dir, SILVER_MENTIONS, mentions, name),
        GOLD_DATES.path: storage.write_part(data_dir, GOLD_DATES, dates, name),
    }
    rows = [dict(d.row, run_id=run_id) for d in docs]
    counts[SILVER_DOCUMENTS.path] = storage.write_part(data_dir, SILVER_DOCUMENTS, rows, name)
    return counts


def mention_rows(mentions: Iterable[Mention], run_id: str) -> list[dict]:
    """silver/mentions rows: the records' fields (the schema's columns) plus the run."""
    return [dict(asdict(m), run_id=run_id) for m in mentions]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
