"""Every table the pipeline writes, declared once.

Each table is a :class:`Table`: its layer, its name (the folder under the layer),
its key columns and a ``pyarrow.schema`` whose fields carry a ``description`` in
their metadata. The storage module refuses to write a table whose schema differs,
and ``ingest schema`` prints the data dictionary from these same objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

UTC_TS = pa.timestamp("us", tz="UTC")


def _f(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


@dataclass(frozen=True)
class Table:
    """A Parquet table: ``<data>/<layer>/<name>/``."""

    layer: str
    name: str
    schema: pa.Schema
    key: tuple[str, ...]
    description: str
    mode: str = "append"  # "append": new part files per run; "replace": whole table rewritten;
    # "keyed": groups of rows (by ``group``) replaced part by part (ingest.keyed)
    group: str = ""

    @property
    def path(self) -> str:
        return f"{self.layer}/{self.name}"


_span = [
    _f("doc_id", pa.string(), "sha256 of the article's bytes (bronze documents.doc_id)", False),
    _f("start_char", pa.int32(), "start offset into silver documents.text_clean (code points)", False),
    _f("end_char", pa.int32(), "end offset into text_clean, exclusive", False),
    _f("text", pa.string(), "the mention as written: text_clean[start_char:end_char]", False),
]

BRONZE_DOCUMENTS = Table(
    "bronze",
    "documents",
    pa.schema(
        [
            _f(
                "doc_id",
                pa.string(),
                "sha256 of the file's bytes: one row per distinct content. The same bytes arriving"
                " again at their path with an edited sidecar are a new version with an id of their own",
                False,
            ),
            _f(
                "content_sha256",
                pa.string(),
                "sha256 of raw_bytes (null in parts written before this column: there it is doc_id)",
            ),
            _f(
                "source_path",
                pa.string(),
                "path of the file when first seen, relative to the inbox (shown as in sources.source_path;"
                " which paths hold the document when is in bronze/sources)",
                False,
            ),
            _f("size_bytes", pa.int64(), "size of the file in bytes", False),
            _f("modified_at", UTC_TS, "file modification time (UTC)"),
            _f("ingested_at", UTC_TS, "when this run read the file (UTC)", False),
            _f(
                "encoding",
                pa.string(),
                "encoding the bytes were decoded with (utf-8, gb18030, big5, utf-16 …)",
                False,
            ),
            _f(
                "decode_replacements",
                pa.int32(),
                "bytes that were not valid UTF-8 in a file otherwise UTF-8 (encoding utf-8), each"
                " replaced by U+FFFD in text; 0 when the bytes decoded cleanly; null in parts written"
                " before this column",
            ),
            _f("raw_bytes", pa.binary(), "the file's bytes, unaltered", False),
            _f("text", pa.string(), "the bytes decoded with `encoding`, otherwise unaltered", False),
            _f(
                "supplied_meta",
                pa.string(),
                "JSON of the metadata in the file's .meta.json sidecar, '{}' if none (front matter stays in the text)",
                False,
            ),
            _f("run_id", pa.string(), "the run that ingested this content", False),
        ]
    ),
    key=("doc_id",),
    description="What arrived, byte for byte, with provenance. Never altered.",
)

BRONZE_SOURCES = Table(
    "bronze",
    "sources",
    pa.schema(
        [
            _f(
                "inbox",
                pa.string(),
                "absolute path of the inbox the file was found in (links resolved); null for rows"
                " carried over from before this table, which the first inbox to hold the path takes over",
            ),
            _f(
                "source_path",
                pa.string(),
                "path relative to the inbox, for display: bytes that are not UTF-8 written \\xNN,"
                " control characters \\xNN or \\uNNNN",
                False,
            ),
            _f(
                "source_path_bytes",
                pa.binary(),
                "the path's bytes when source_path is not the name verbatim (escaped); null otherwise."
                " The path's identity is these bytes, so two names never collide",
            ),
            _f(
                "event",
                pa.string(),
                "added (a path new to this inbox) | changed (other bytes or sidecar) | restored (a version"
                " the path held before) | deleted (gone from the inbox)",
                False,
            ),
            _f(
                "doc_id",
                pa.string(),
                "bronze documents.doc_id the path holds from now on; null when deleted",
            ),
            _f("content_sha256", pa.string(), "sha256 of the file's bytes; null when deleted"),
            _f(
                "supplied_meta",
                pa.string(),
                "the path's own sidecar as stored in documents.supplied_meta; null when deleted",
            ),
            _f("seen_at", UTC_TS, "when the run saw the change (UTC; increases from row to row)", False),
            _f("run_id", pa.string(), "the run that saw it", False),
        ]
    ),
    key=("inbox", "source_path", "seen_at"),
    description="What each inbox path holds, one row per change. A path's current version is its latest"
    " row; gold holds the current versions of all paths (bronze.current_doc_ids).",
)

BRONZE_REJECTED = Table(
    "bronze",
    "rejected",
    pa.schema(
        [
            _f("source_path", pa.string(), "path of the file, relative to the inbox", False),
            _f("sha256", pa.string(), "sha256 of the bytes when they could be read", True),
            _f("size_bytes", pa.int64(), "size in bytes", True),
            _f("modified_at", UTC_TS, "file modification time (UTC)"),
            _f("rejected_at", UTC_TS, "when the run rejected it (UTC)", False),
            _f(
                "reason_code",
                pa.string(),
                "empty | too_large | binary | undecodable | unreadable | bad_sidecar. Rows written"
                " before silver/quarantine existed may also hold silver's own bad_sidecar and no_text,"
                " with sha256 = doc_id",
                False,
            ),
            _f("reason", pa.string(), "what was wrong and what to do about it", False),
            _f("run_id", pa.string(), "the run that rejected it", False),
        ]
    ),
    key=("source_path", "sha256", "reason_code"),
    description="Files that could not become documents, with the reason. The run goes on; "
    "content quarantined here is not retried until the file changes.",
)

SILVER_DOCUMENTS = Table(
    "silver",
    "documents",
    pa.schema(
        [
            _f("doc_id", pa.string(), "bronze documents.doc_id", False),
            _f("source_path", pa.string(), "inbox path when first seen", False),
            _f("lang", pa.string(), "en | zh-Hant | zh-Hans | mixed | und", False),
            _f(
                "paragraph_langs",
                pa.list_(pa.string()),
                "language/script of each paragraph of text_clean, in order",
            ),
            _f("title", pa.string(), "headline (supplied, HTML metadata, or first line)"),
            _f("published_on", pa.date32(), "publication date; null when no evidence gives it"),
            _f(
                "published_on_source",
                pa.string(),
                "where published_on came from: sidecar, front_matter, html_meta, header, dateline, footer, body_phrase, file_time",
            ),
            _f(
                "published_timex",
                pa.string(),
                "publication date as TIMEX3: the full date when known, else what the text gives (XXXX-12-03)",
            ),
            _f("outlet", pa.string(), "publisher or outlet"),
            _f("byline", pa.string(), "author line moved out of the text"),
            _f("dateline_place", pa.string(), "place named in the dateline"),
            _f("url", pa.string(), "source URL when supplied"),
            _f("text_clean", pa.string(), "cleaned text; all offsets point into it", False),
            _f("n_chars", pa.int32(), "length of text_clean", False),
            _f("story_id", pa.string(), "near-duplicate group: documents telling the same story share it"),
            _f(
                "story_similarity", pa.float32(), "estimated Jaccard similarity to the group's first document"
            ),
            _f(
                "minhash",
                pa.binary(),
                "MinHash signature of the text's shingles (128 little-endian uint64), for story grouping",
            ),
            _f("pipeline_version", pa.string(), "version of the code that produced the row", False),
            _f("run_id", pa.string(), "the run that produced the row", False),
        ]
    ),
    key=("doc_id",),
    description="Cleaned text, language and script, and article metadata; one row per bronze document.",
)

SILVER_FIXES = Table(
    "silver",
    "fixes",
    pa.schema(
        [
            _f("doc_id", pa.string(), "bronze documents.doc_id", False),
            _f("seq", pa.int32(), "order in which the rule ran", False),
            _f("rule", pa.string(), "name of the cleaning rule (see `ingest rules`)", False),
            _f("count", pa.int32(), "how many times it changed the text", False),
            _f("example_before", pa.string(), "one place it changed, before"),
            _f("example_after", pa.string(), "the same place, after"),
            _f("run_id", pa.string(), "the run that produced the row", False),
        ]
    ),
    key=("doc_id", "seq"),
    description="Which cleaning rules changed each document, in order, how often, with an example.",
)

SILVER_MENTIONS = Table(
    "silver",
    "mentions",
    pa.schema(
        _span
        + [
            _f("label", pa.string(), "PERSON, ORG, GPE, LOC, DATE, …", False),
            _f(
                "source",
                pa.string(),
                "extractor that found it, e.g. spacy:en_core_web_sm, model:lac, rule:zh_title, kb_ruler",
                False,
            ),
            _f("run_id", pa.string(), "the run that produced the row", False),
        ]
    ),
    key=("doc_id", "start_char", "end_char", "label"),
    description="Entity and date mentions with offsets into text_clean, as extracted.",
)

_date_columns = _span + [
    _f("timex_type", pa.string(), "DATE | TIME | DURATION | SET", False),
    _f(
        "value",
        pa.string(),
        "TIMEX3 value: 2018-09-20, 2021-06, 2021-Q3, 2018-W38, XXXX-12-02, P3Y …",
        False,
    ),
    _f("mod", pa.string(), "START, MID, END, EARLY, LATE, APPROX, BEFORE, AFTER or ''", False),
    _f("granularity", pa.string(), "day, week, month, quarter, season, year, decade, …"),
    _f("anchor", pa.string(), "ISO date the expression was resolved against; '' if none"),
    _f("resolution", pa.string(), "how it resolved: absolute, relative:…, no_anchor"),
]

SILVER_DATES = Table(
    "silver",
    "dates",
    pa.schema(_date_columns),
    key=("doc_id", "start_char", "end_char"),
    description="Temporal expressions normalised against each article's publication date, as extracted"
    " for every version of every document (gold/dates keeps the current versions').",
)

SILVER_QUARANTINE = Table(
    "silver",
    "quarantine",
    pa.schema(
        [
            _f("doc_id", pa.string(), "bronze documents.doc_id", False),
            _f("source_path", pa.string(), "inbox path when first seen", False),
            _f("stage", pa.string(), "the silver stage that failed: clean | extract | dates | write", False),
            _f(
                "reason_code",
                pa.string(),
                "bad_sidecar | no_text | empty_after_cleaning (the document is at fault);"
                " clean_error | extract_error | dates_error | write_error (our code failed on it)",
                False,
            ),
            _f("reason", pa.string(), "what was wrong and what to do about it", False),
            _f("error_class", pa.string(), "class of the exception raised, e.g. SidecarError", False),
            _f("error_message", pa.string(), "the exception's message", False),
            _f(
                "retry_when",
                pa.string(),
                "file_changes: kept out of silver until its file (or sidecar) changes;"
                " pipeline_version_changes: tried again by the first run of another pipeline version",
                False,
            ),
            _f("quarantined_at", UTC_TS, "when the run quarantined it (UTC)", False),
            _f("pipeline_version", pa.string(), "version of the code that quarantined it", False),
            _f("run_id", pa.string(), "the run that quarantined it", False),
        ]
    ),
    key=("doc_id", "pipeline_version"),
    description="Bronze documents that silver could not process, with the stage, the reason and the"
    " exception; the run goes on without them. A document retried and processed later is in"
    " silver/documents too: the quarantine in force is a doc_id absent from silver/documents.",
)

SILVER_BATCHES = Table(
    "silver",
    "batches",
    pa.schema(
        [
            _f(
                "part",
                pa.string(),
                "the part file name that the batch wrote in every silver table (part-<hash>.parquet)",
                False,
            ),
            _f(
                "doc_ids",
                pa.list_(pa.string()),
                "the batch's documents, processed or quarantined (bronze documents.doc_id)",
                False,
            ),
            _f("committed_at", UTC_TS, "when the batch's last part was written (UTC)", False),
            _f("pipeline_version", pa.string(), "version of the code that wrote the batch", False),
            _f("run_id", pa.string(), "the run that wrote the batch, or 'adopted' (see description)", False),
        ]
    ),
    key=("part",),
    description="One row per silver batch, written after all its parts: a part of any silver table"
    " whose batch has no row here is unfinished and removed by the next run. Batches written before"
    " this table existed are adopted with run_id 'adopted'.",
)

GOLD_ENTITIES = Table(
    "gold",
    "entities",
    pa.schema(
        [
            _f(
                "entity_id",
                pa.string(),
                "kb:<id> for KB entities; else h: + a hash of the kind and the key of the entity's first name"
                " (kept as articles add names; an entity merged into an older one takes its id)",
                False,
            ),
            _f("kind", pa.string(), "PERSON | ORG | GPE | LOC | …", False),
            _f("name_en", pa.string(), "preferred English name"),
            _f("name_zh_hant", pa.string(), "name in Traditional characters"),
            _f("name_zh_hans", pa.string(), "name in Simplified characters"),
            _f("name_pinyin", pa.string(), "Mandarin pinyin"),
            _f("name_cantonese", pa.string(), "HK Government Cantonese romanisation"),
            _f("in_kb", pa.bool_(), "true when the entity comes from the knowledge base", False),
            _f(
                "roles",
                pa.list_(
                    pa.struct(
                        [
                            ("title", pa.string()),
                            ("title_zh", pa.string()),
                            ("held_from", pa.string()),
                            ("held_to", pa.string()),
                        ]
                    )
                ),
                "offices held, from the knowledge base: title, Chinese title, and the dates as precise as"
                " they are known (2018, 2020-04 or 2020-04-22; null when not known, held_to null while held)",
            ),
            _f("mention_count", pa.int32(), "resolved mentions", False),
            _f("doc_count", pa.int32(), "documents with a resolved mention", False),
        ]
    ),
    key=("entity_id",),
    description="Canonical people, organisations and places.",
    mode="keyed",
    group="entity_id",
)

GOLD_ENTITY_ALIASES = Table(
    "gold",
    "entity_aliases",
    pa.schema(
        [
            _f("entity_id", pa.string(), "gold entities.entity_id", False),
            _f("alias", pa.string(), "a name by which the entity is written", False),
            _f(
                "scheme",
                pa.string(),
                "kb, zh_hant, zh_hans, pinyin, cantonese, wade_giles, english, acronym, mt_rendering, observed …",
                False,
            ),
        ]
    ),
    key=("entity_id", "alias", "scheme"),
    description="Every name variant of each entity, across scripts and romanisations.",
    mode="keyed",
    group="entity_id",
)

GOLD_MENTIONS = Table(
    "gold",
    "mentions",
    pa.schema(
        _span
        + [
            _f("label", pa.string(), "PERSON, ORG, GPE, LOC", False),
            _f("entity_id", pa.string(), "gold entities.entity_id; null when unresolved"),
            _f(
                "method",
                pa.string(),
                "kb | variant | romanisation | cross-document | in-document | key | unresolved",
                False,
            ),
            _f("score", pa.float32(), "confidence of the link, 0–1", False),
            _f("evidence", pa.string(), "why it resolved (alias matched, titles stripped, …)"),
            _f("candidates", pa.list_(pa.string()), "entity ids considered when unresolved"),
        ]
    ),
    key=("doc_id", "start_char", "end_char"),
    description="Entity mentions linked to canonical entities, with method, score and evidence.",
    mode="keyed",
    group="doc_id",
)

GOLD_UNRESOLVED = Table(
    "gold",
    "unresolved",
    pa.schema(
        [
            _f(
                "name_key",
                pa.string(),
                "the name folded (titles, script and case): mentions group by it",
                False,
            ),
            _f("name", pa.string(), "the name as most often written", False),
            _f("label", pa.string(), "PERSON | ORG | …", False),
            _f("mention_count", pa.int32(), "how many mentions", False),
            _f("doc_count", pa.int32(), "in how many documents", False),
            _f("candidates", pa.list_(pa.string()), "entity ids it might be"),
        ]
    ),
    key=("name_key", "label"),
    description="Frequent names that linked to no entity, for users to curate.",
    mode="keyed",
    group="name_key",
)

GOLD_DATES = Table(
    "gold",
    "dates",
    pa.schema(
        _date_columns
        + [
            _f(
                "begin",
                pa.date32(),
                "first day the value denotes, narrowed by mod (2021-06 → 2021-06-01; 2021-Q3 → 2021-07-01);"
                " null when the year is unknown, for durations, sets and references (ingest.dates.ranges)",
            ),
            _f("end", pa.date32(), "last day the value denotes (2021-06 → 2021-06-30); null as for begin"),
        ]
    ),
    key=("doc_id", "start_char", "end_char"),
    description="Temporal expressions normalised against each article's publication date,"
    " for the current version of each document (from silver/dates).",
    mode="keyed",
    group="doc_id",
)

GOLD_DOCUMENTS = Table(
    "gold",
    "documents",
    pa.schema(
        [
            _f("doc_id", pa.string(), "bronze documents.doc_id", False),
            _f("title", pa.string(), "headline"),
            _f("published_on", pa.date32(), "publication date"),
            _f("outlet", pa.string(), "outlet"),
            _f("lang", pa.string(), "language and script", False),
            _f("story_id", pa.string(), "near-duplicate group"),
            _f("people", pa.list_(pa.string()), "entity ids of people mentioned"),
            _f("organisations", pa.list_(pa.string()), "entity ids of organisations mentioned"),
            _f("places", pa.list_(pa.string()), "entity ids of places mentioned"),
            _f("dates", pa.list_(pa.string()), "TIMEX3 values of the dates mentioned"),
        ]
    ),
    key=("doc_id",),
    description="Document facts: who, what and when, one row per current document.",
    mode="keyed",
    group="doc_id",
)

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


def _cell(text: str) -> str:
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
            kind = str(fld.type).replace("|", "\\|")
            out.append(f"| `{fld.name}` | {kind} | {_cell(desc)} |")
        out.append("")
    return "\n".join(out)
