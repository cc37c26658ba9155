"""Every table the pipeline writes, declared once.

Each table is a row record (see :mod:`ingest.records`: a frozen dataclass whose fields are
the columns, with their types, nullability and descriptions) and a :class:`Table`: its
layer, its name (the folder under the layer), its key columns and that record, from which
its ``pyarrow`` schema is derived. The storage module refuses to write a table whose schema
differs, and ``ingest schema`` prints the data dictionary from these same objects.
Build rows as records and write them with ``Table.to_arrow``; rows as dicts still work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import pyarrow as pa

from . import records
from .records import Float32, Int32, Int64, col, record

R = TypeVar("R")


@dataclass(frozen=True)
class Table(Generic[R]):
    """A Parquet table: ``<data>/<layer>/<name>/``, one ``record`` per row."""

    layer: str
    name: str
    record: type[R]
    key: tuple[str, ...]
    description: str
    mode: str = "append"  # "append": new part files per run; "replace": whole table rewritten;
    # "keyed": groups of rows (by ``group``) replaced part by part (ingest.keyed)
    group: str = ""

    @property
    def path(self) -> str:
        return f"{self.layer}/{self.name}"

    @property
    def schema(self) -> pa.Schema:
        """The table's Arrow schema, derived from its record."""
        return records.schema_of(self.record)

    def to_arrow(self, rows: Sequence[R]) -> pa.Table:
        """The records as an Arrow table with the schema, built column by column."""
        return records.to_arrow(self.record, rows, self.path)


@record
class _Span:
    """The columns that place a mention in a document."""

    doc_id: str = col("sha256 of the article's bytes (bronze documents.doc_id)")
    start_char: Int32 = col("start offset into silver documents.text_clean (code points)")
    end_char: Int32 = col("end offset into text_clean, exclusive")
    text: str = col("the mention as written: text_clean[start_char:end_char]")


@record
class BronzeDocument:
    """A row of ``bronze/documents``."""

    doc_id: str = col(
        "sha256 of the file's bytes: one row per distinct content. The same bytes arriving again at "
        "their path with an edited sidecar are a new version with an id of their own"
    )
    content_sha256: str | None = col(
        "sha256 of raw_bytes (null in parts written before this column: there it is doc_id)"
    )
    source_path: str = col(
        "path of the file when first seen, relative to the inbox (shown as in sources.source_path; "
        "which paths hold the document when is in bronze/sources)"
    )
    size_bytes: Int64 = col("size of the file in bytes")
    modified_at: dt.datetime | None = col("file modification time (UTC)")
    ingested_at: dt.datetime = col("when this run read the file (UTC)")
    encoding: str = col("encoding the bytes were decoded with (utf-8, gb18030, big5, utf-16 …)")
    decode_replacements: Int32 | None = col(
        "bytes that were not valid UTF-8 in a file otherwise UTF-8 (encoding utf-8), each replaced by "
        "U+FFFD in text; 0 when the bytes decoded cleanly; null in parts written before this column"
    )
    raw_bytes: bytes = col("the file's bytes, unaltered")
    text: str = col("the bytes decoded with `encoding`, otherwise unaltered")
    supplied_meta: str = col(
        "JSON of the metadata in the file's .meta.json sidecar, '{}' if none (front matter stays in the text)"
    )
    run_id: str = col("the run that ingested this content")


BRONZE_DOCUMENTS = Table(
    "bronze",
    "documents",
    BronzeDocument,
    key=("doc_id",),
    description="What arrived, byte for byte, with provenance. Never altered.",
)


@record
class BronzeSource:
    """A row of ``bronze/sources``."""

    inbox: str | None = col(
        "absolute path of the inbox the file was found in (links resolved); null for rows carried over "
        "from before this table, which the first inbox to hold the path takes over"
    )
    source_path: str = col(
        "path relative to the inbox, for display: bytes that are not UTF-8 written \\xNN, control "
        "characters \\xNN or \\uNNNN"
    )
    source_path_bytes: bytes | None = col(
        "the path's bytes when source_path is not the name verbatim (escaped); null otherwise. The "
        "path's identity is these bytes, so two names never collide"
    )
    event: str = col(
        "added (a path new to this inbox) | changed (other bytes or sidecar) | restored (a version the "
        "path held before) | deleted (gone from the inbox)"
    )
    doc_id: str | None = col("bronze documents.doc_id the path holds from now on; null when deleted")
    content_sha256: str | None = col("sha256 of the file's bytes; null when deleted")
    supplied_meta: str | None = col(
        "the path's own sidecar as stored in documents.supplied_meta; null when deleted"
    )
    seen_at: dt.datetime = col("when the run saw the change (UTC; increases from row to row)")
    run_id: str = col("the run that saw it")


BRONZE_SOURCES = Table(
    "bronze",
    "sources",
    BronzeSource,
    key=("inbox", "source_path", "seen_at"),
    description=(
        "What each inbox path holds, one row per change. A path's current version is its latest row; "
        "gold holds the current versions of all paths (bronze.current_doc_ids)."
    ),
)


@record
class BronzeRejection:
    """A row of ``bronze/rejected``."""

    source_path: str = col("path of the file, relative to the inbox")
    sha256: str | None = col("sha256 of the bytes when they could be read")
    size_bytes: Int64 | None = col("size in bytes")
    modified_at: dt.datetime | None = col("file modification time (UTC)")
    rejected_at: dt.datetime = col("when the run rejected it (UTC)")
    reason_code: str = col(
        "empty | too_large | binary | undecodable | unreadable | bad_sidecar. Rows written before "
        "silver/quarantine existed may also hold silver's own bad_sidecar and no_text, with sha256 = "
        "doc_id"
    )
    reason: str = col("what was wrong and what to do about it")
    run_id: str = col("the run that rejected it")


BRONZE_REJECTED = Table(
    "bronze",
    "rejected",
    BronzeRejection,
    key=("source_path", "sha256", "reason_code"),
    description=(
        "Files that could not become documents, with the reason. The run goes on; content quarantined "
        "here is not retried until the file changes."
    ),
)


@record
class SilverDocument:
    """A row of ``silver/documents``."""

    doc_id: str = col("bronze documents.doc_id")
    source_path: str = col("inbox path when first seen")
    lang: str = col("en | zh-Hant | zh-Hans | mixed | und")
    paragraph_langs: list[str] | None = col("language/script of each paragraph of text_clean, in order")
    title: str | None = col("headline (supplied, HTML metadata, or first line)")
    published_on: dt.date | None = col("publication date; null when no evidence gives it")
    published_on_source: str | None = col(
        "where published_on came from: sidecar, front_matter, html_meta, header, dateline, footer, "
        "body_phrase, file_time"
    )
    published_timex: str | None = col(
        "publication date as TIMEX3: the full date when known, else what the text gives (XXXX-12-03)"
    )
    outlet: str | None = col("publisher or outlet")
    byline: str | None = col("author line moved out of the text")
    dateline_place: str | None = col("place named in the dateline")
    url: str | None = col("source URL when supplied")
    text_clean: str = col("cleaned text; all offsets point into it")
    n_chars: Int32 = col("length of text_clean")
    story_id: str | None = col("near-duplicate group: documents telling the same story share it")
    story_similarity: Float32 | None = col("estimated Jaccard similarity to the group's first document")
    minhash: bytes | None = col(
        "MinHash signature of the text's shingles (128 little-endian uint64), for story grouping"
    )
    pipeline_version: str = col("version of the code that produced the row")
    run_id: str = col("the run that produced the row")


SILVER_DOCUMENTS = Table(
    "silver",
    "documents",
    SilverDocument,
    key=("doc_id",),
    description="Cleaned text, language and script, and article metadata; one row per bronze document.",
)


@record
class SilverFix:
    """A row of ``silver/fixes``."""

    doc_id: str = col("bronze documents.doc_id")
    seq: Int32 = col("order in which the rule ran")
    rule: str = col("name of the cleaning rule (see `ingest rules`)")
    count: Int32 = col("how many times it changed the text")
    example_before: str | None = col("one place it changed, before")
    example_after: str | None = col("the same place, after")
    run_id: str = col("the run that produced the row")


SILVER_FIXES = Table(
    "silver",
    "fixes",
    SilverFix,
    key=("doc_id", "seq"),
    description="Which cleaning rules changed each document, in order, how often, with an example.",
)


@record
class SilverMention(_Span):
    """A row of ``silver/mentions``: the span, and who found it."""

    label: str = col("PERSON, ORG, GPE, LOC, DATE, …")
    source: str = col(
        "extractor that found it, e.g. spacy:en_core_web_sm, model:lac, rule:zh_title, kb_ruler"
    )
    run_id: str = col("the run that produced the row")


SILVER_MENTIONS = Table(
    "silver",
    "mentions",
    SilverMention,
    key=("doc_id", "start_char", "end_char", "label"),
    description="Entity and date mentions with offsets into text_clean, as extracted.",
)


@record
class SilverDate(_Span):
    """A row of ``silver/dates``: the span and its TIMEX3 normalisation."""

    timex_type: str = col("DATE | TIME | DURATION | SET")
    value: str = col("TIMEX3 value: 2018-09-20, 2021-06, 2021-Q3, 2018-W38, XXXX-12-02, P3Y …")
    mod: str = col("START, MID, END, EARLY, LATE, APPROX, BEFORE, AFTER or ''")
    granularity: str | None = col("day, week, month, quarter, season, year, decade, …")
    anchor: str | None = col("ISO date the expression was resolved against; '' if none")
    resolution: str | None = col("how it resolved: absolute, relative:…, no_anchor")


SILVER_DATES = Table(
    "silver",
    "dates",
    SilverDate,
    key=("doc_id", "start_char", "end_char"),
    description=(
        "Temporal expressions normalised against each article's publication date, as extracted for "
        "every version of every document (gold/dates keeps the current versions')."
    ),
)


@record
class SilverQuarantined:
    """A row of ``silver/quarantine``."""

    doc_id: str = col("bronze documents.doc_id")
    source_path: str = col("inbox path when first seen")
    stage: str = col("the silver stage that failed: clean | extract | dates | write")
    reason_code: str = col(
        "bad_sidecar | no_text | empty_after_cleaning (the document is at fault); clean_error | "
        "extract_error | dates_error | write_error (our code failed on it)"
    )
    reason: str = col("what was wrong and what to do about it")
    error_class: str = col("class of the exception raised, e.g. SidecarError")
    error_message: str = col("the exception's message")
    retry_when: str = col(
        "file_changes: kept out of silver until its file (or sidecar) changes; "
        "pipeline_version_changes: tried again by the first run of another pipeline version"
    )
    quarantined_at: dt.datetime = col("when the run quarantined it (UTC)")
    pipeline_version: str = col("version of the code that quarantined it")
    run_id: str = col("the run that quarantined it")


SILVER_QUARANTINE = Table(
    "silver",
    "quarantine",
    SilverQuarantined,
    key=("doc_id", "pipeline_version"),
    description=(
        "Bronze documents that silver could not process, with the stage, the reason and the exception; "
        "the run goes on without them. A document retried and processed later is in silver/documents "
        "too: the quarantine in force is a doc_id absent from silver/documents."
    ),
)


@record
class SilverBatch:
    """A row of ``silver/batches``."""

    part: str = col("the part file name that the batch wrote in every silver table (part-<hash>.parquet)")
    doc_ids: list[str] = col("the batch's documents, processed or quarantined (bronze documents.doc_id)")
    committed_at: dt.datetime = col("when the batch's last part was written (UTC)")
    pipeline_version: str = col("version of the code that wrote the batch")
    run_id: str = col("the run that wrote the batch, or 'adopted' (see description)")


SILVER_BATCHES = Table(
    "silver",
    "batches",
    SilverBatch,
    key=("part",),
    description=(
        "One row per silver batch, written after all its parts: a part of any silver table whose batch "
        "has no row here is unfinished and removed by the next run. Batches written before this table "
        "existed are adopted with run_id 'adopted'."
    ),
)


@record
class GoldRole:
    """An office held (gold entities.roles; a struct, so its fields carry no description)."""

    title: str | None
    title_zh: str | None
    held_from: dt.date | None
    held_to: dt.date | None
    held_from_given: str | None
    held_to_given: str | None


@record
class GoldEntity:
    """A row of ``gold/entities``."""

    entity_id: str = col(
        "kb:<id> for KB entities; else h: + a hash of the kind and the key of the entity's first name "
        "(kept as articles add names; an entity merged into an older one takes its id)"
    )
    kind: str = col("PERSON | ORG | GPE | LOC | …")
    name_en: str | None = col("preferred English name")
    name_zh_hant: str | None = col("name in Traditional characters")
    name_zh_hans: str | None = col("name in Simplified characters")
    name_pinyin: str | None = col("Mandarin pinyin")
    name_cantonese: str | None = col("HK Government Cantonese romanisation")
    in_kb: bool = col("true when the entity comes from the knowledge base")
    roles: list[GoldRole] | None = col(
        "offices held, from the knowledge base: title, Chinese title, held_from and held_to as DATEs"
        " (the widest days the KB's dates can mean: a start given as 2018 is 2018-01-01, an end given"
        " as 2020-04 is 2020-04-30; null when not known, held_to null while held), and the dates as"
        " the KB gives them, as precise as they are known (2018, 2020-04 or 2020-04-22)"
    )


GOLD_ENTITIES = Table(
    "gold",
    "entities",
    GoldEntity,
    key=("entity_id",),
    description="Canonical people, organisations and places: what identifies each, which changes only"
    " when it gains a name or an office. How often each is mentioned is gold/mentions grouped by"
    " entity_id (a run then rewrites only the entities whose names changed).",
    mode="keyed",
    group="entity_id",
)


@record
class GoldEntityAlias:
    """A row of ``gold/entity_aliases``."""

    entity_id: str = col("gold entities.entity_id")
    alias: str = col("a name by which the entity is written")
    scheme: str = col(
        "kb, zh_hant, zh_hans, pinyin, cantonese, wade_giles, english, acronym, mt_rendering, observed …"
    )


GOLD_ENTITY_ALIASES = Table(
    "gold",
    "entity_aliases",
    GoldEntityAlias,
    key=("entity_id", "alias", "scheme"),
    description="Every name variant of each entity, across scripts and romanisations.",
    mode="keyed",
    group="entity_id",
)


@record
class GoldMention(_Span):
    """A row of ``gold/mentions``: the span, and the entity it links to."""

    label: str = col("PERSON, ORG, GPE, LOC")
    entity_id: str | None = col("gold entities.entity_id; null when unresolved")
    method: str = col("kb | variant | romanisation | cross-document | in-document | key | unresolved")
    score: Float32 = col("confidence of the link, 0–1")
    evidence: str | None = col("why it resolved (alias matched, titles stripped, …)")
    candidates: list[str] | None = col("entity ids considered when unresolved")


GOLD_MENTIONS = Table(
    "gold",
    "mentions",
    GoldMention,
    key=("doc_id", "start_char", "end_char"),
    description="Entity mentions linked to canonical entities, with method, score and evidence.",
    mode="keyed",
    group="doc_id",
)


@record
class GoldUnresolvedName:
    """A row of ``gold/unresolved``."""

    name_key: str = col("the name folded (titles, script and case): mentions group by it")
    name: str = col("the name as most often written")
    label: str = col("PERSON | ORG | …")
    mention_count: Int32 = col("how many mentions")
    doc_count: Int32 = col("in how many documents")
    candidates: list[str] | None = col("entity ids it might be")


GOLD_UNRESOLVED = Table(
    "gold",
    "unresolved",
    GoldUnresolvedName,
    key=("name_key", "label"),
    description="Frequent names that linked to no entity, for users to curate.",
    mode="keyed",
    group="name_key",
)


@record
class GoldDate(SilverDate):
    """A row of ``gold/dates``: silver's, and the days the value denotes."""

    begin: dt.date | None = col(
        "first day the value denotes, narrowed by mod (2021-06 → 2021-06-01; 2021-Q3 → 2021-07-01); "
        "null when the year is unknown, for durations, sets and references (ingest.dates.ranges)"
    )
    end: dt.date | None = col("last day the value denotes (2021-06 → 2021-06-30); null as for begin")


GOLD_DATES = Table(
    "gold",
    "dates",
    GoldDate,
    key=("doc_id", "start_char", "end_char"),
    description=(
        "Temporal expressions normalised against each article's publication date, for the current "
        "version of each document (from silver/dates)."
    ),
    mode="keyed",
    group="doc_id",
)


@record
class GoldDocument:
    """A row of ``gold/documents``."""

    doc_id: str = col("bronze documents.doc_id")
    title: str | None = col("headline")
    published_on: dt.date | None = col("publication date")
    outlet: str | None = col("outlet")
    lang: str = col("language and script")
    story_id: str | None = col("near-duplicate group")
    people: list[str] | None = col("entity ids of people mentioned")
    organisations: list[str] | None = col("entity ids of organisations mentioned")
    places: list[str] | None = col("entity ids of places mentioned")
    dates: list[str] | None = col("TIMEX3 values of the dates mentioned")


GOLD_DOCUMENTS = Table(
    "gold",
    "documents",
    GoldDocument,
    key=("doc_id",),
    description="Document facts: who, what and when, one row per current document.",
    mode="keyed",
    group="doc_id",
)


@record
class Run:
    """A row of ``<data>/runs/`` (one file per run, written by :mod:`ingest.runs`; not a layer's table)."""

    run_id: str = col("the run, as in every table's run_id")
    flow_run_id: str | None = col("the Prefect flow run; null when run without Prefect")
    trigger: str = col("manual | schedule | file")
    started_at: dt.datetime = col("when the run started (UTC)")
    finished_at: dt.datetime = col("when it finished or failed (UTC)")
    status: str = col("completed | failed | cancelled (stopped from the Prefect UI)")
    files_seen: Int64 | None = col("article files read")
    files_new: Int64 | None = col("documents added to bronze")
    files_unchanged: Int64 | None = col("files whose version was in bronze already")
    files_rejected: Int64 | None = col("files quarantined in bronze/rejected")
    documents_processed: Int64 | None = col("documents that silver processed or quarantined")
    counts: str | None = col("JSON: rows per table and seconds per stage")
    error: str | None = col("'Type: message' of a failed run")


ALL_TABLES: tuple[Table, ...] = (
    BRONZE_DOCUMENTS,
    BRONZE_SOURCES,
    BRONZE_REJECTED,
    SILVER_DOCUMENTS,
    SILVER_FIXES,
    SILVER_MENTIONS,
    SILVER_DATES,
    SILVER_QUARANTINE,
    SILVER_BATCHES,
    GOLD_ENTITIES,
    GOLD_ENTITY_ALIASES,
    GOLD_MENTIONS,
    GOLD_UNRESOLVED,
    GOLD_DATES,
    GOLD_DOCUMENTS,
)


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: a '|' would end the cell ('PERSON | ORG …')."""
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary() -> str:
    """The data dictionary as Markdown, made from the schemas above."""
    out: list[str] = []
    for t in ALL_TABLES:
        out.append(f"### `{t.path}/`\n\n{t.description} Key: {', '.join(t.key)}.\n")
        out.append("| column | type | description |\n|---|---|---|")
        for fld in t.schema:
            desc = (fld.metadata or {}).get(b"description", b"").decode()
            out.append(f"| `{fld.name}` | {md_cell(str(fld.type))} | {md_cell(desc)} |")
        out.append("")
    return "\n".join(out)
