"""Gold: canonical entities with all their names, resolved mentions, document facts.

Gold grows with what is new. A run resolves only the documents that reached silver since the
last gold run, continuing from the saved resolver (:mod:`ingest.gold_state`), and rewrites
only the rows those documents touched: their own mentions, dates and facts, the entities and
unresolved names they mention, and the earlier rows naming an entity whose id changed (two
clusters merged into the older one). Gold tables are ``keyed`` tables
(:mod:`ingest.keyed`): such an edit rewrites a few small parts, never the table.

Gold is rebuilt from silver instead — with the same result, by construction: resolution
takes documents in ingestion order, one whole document at a time (:mod:`ingest.names.resolver`)
— when the saved state cannot be continued: none yet, the KB or an alias file changed, the
resolver changed, a document resolved before left gold (its file was edited or deleted: its
old version's mentions cannot be taken back out of clusters built after it), a run stopped
while writing gold, or ``ingest rebuild`` asked.

Only the current version of each source file counts: when a file (or its sidecar) changed,
its older content stays in bronze and silver but leaves gold, ``gold/dates`` included.
"""

from __future__ import annotations

import logging
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import bronze, gold_state, keyed, storage
from .dates.ranges import date_range
from .model import Mention
from .names import DocContext, KnowledgeBase, ResolveConfig, Resolver
from .names.resolver import RESOLVER_VERSION, RenameConflict
from .schemas import (
    GOLD_DATES,
    GOLD_DOCUMENTS,
    GOLD_ENTITIES,
    GOLD_ENTITY_ALIASES,
    GOLD_MENTIONS,
    GOLD_UNRESOLVED,
    SILVER_DATES,
    SILVER_DOCUMENTS,
    SILVER_MENTIONS,
)

log = logging.getLogger(__name__)

GOLD_TABLES = (GOLD_ENTITIES, GOLD_ENTITY_ALIASES, GOLD_MENTIONS, GOLD_UNRESOLVED, GOLD_DATES, GOLD_DOCUMENTS)
_FACT_COLUMNS = {"PERSON": "people", "ORG": "organisations", "GPE": "places", "LOC": "places"}


@dataclass
class GoldRun:
    """What a gold run did: ``mode`` 'incremental' or 'rebuild' (with ``reason``), documents
    resolved, and per table whether it changed and the bytes it wrote."""

    mode: str
    reason: str = ""
    documents: int = 0
    changed: dict[str, bool] = field(default_factory=dict)
    bytes_written: int = 0
    state: str = ""  # what saving the resolver wrote: 'journal' or 'snapshot' (gold_state)

    def rewritten(self) -> list[str]:
        return sorted(k for k, v in self.changed.items() if v)


def current_doc_ids(data_dir: Path) -> list[str]:
    """Documents that are the current version of some inbox path, in ingestion order (bronze decides)."""
    return bronze.current_doc_ids(data_dir)


def build_gold(
    data_dir: Path, kb: KnowledgeBase, config: ResolveConfig = ResolveConfig(), *, rebuild: bool = False
) -> GoldRun:
    """Bring gold up to date with silver: incrementally when it can, else rebuilt (see module doc)."""
    data_dir = Path(data_dir)
    silver_ids = storage.column_set(data_dir, SILVER_DOCUMENTS, "doc_id")
    order = [d for d in current_doc_ids(data_dir) if d in silver_ids]
    fingerprint = kb.fingerprint()
    state, why = gold_state.load(data_dir)
    if state is not None:
        why = gold_state.usable(state, data_dir, fingerprint, config, order, GOLD_TABLES)
    if rebuild:
        why = "asked for (ingest rebuild)"
    if state is not None and not why:
        new = order[len(state.docs) :]
        try:
            if state.replay:  # the journal's documents, on top of the snapshot (see gold_state)
                _resolve(data_dir, kb, state.resolver, order, state.replay)
                state.replay = []
            if not new:
                gold_state.remember(data_dir, state)
                return GoldRun("incremental")
            run = _run(data_dir, kb, state.resolver, order, new, fresh=False)
        except RenameConflict as exc:
            why = f"an entity id could not be renamed ({exc})"
        else:
            run.state = _save(data_dir, state.resolver, fingerprint, config, order, state)
            return run
    log.info("gold rebuilt from silver: %s", why)
    resolver = Resolver(config)
    run = _run(data_dir, kb, resolver, order, order, fresh=True)
    run.reason = why
    run.state = _save(data_dir, resolver, fingerprint, config, order)
    return run


def _save(
    data_dir: Path,
    resolver: Resolver,
    fingerprint: str,
    config: ResolveConfig,
    order: list[str],
    previous: gold_state.GoldState | None = None,
) -> str:
    state = gold_state.GoldState(
        gold_state.FORMAT,
        RESOLVER_VERSION,
        fingerprint,
        config,
        list(order),
        gold_state.table_versions(data_dir, GOLD_TABLES),
        resolver,
    )
    if previous is not None:  # continue its snapshot: this run's documents go to the journal
        state.snapshot_id, state.snapshot_docs = previous.snapshot_id, previous.snapshot_docs
    return gold_state.save(data_dir, state)


def _resolve(
    data_dir: Path,
    kb: KnowledgeBase,
    resolver: Resolver,
    order: list[str],
    new: list[str],
    everything: bool = False,
):
    """Resolve ``new`` documents (in ``order``) into ``resolver``; their silver rows and the
    changes (of ``everything``, for a rebuild)."""
    rank = {doc_id: i for i, doc_id in enumerate(order)}
    docs = {
        r["doc_id"]: r
        for r in storage.read_where(
            data_dir,
            SILVER_DOCUMENTS,
            "doc_id",
            new,
            ["doc_id", "lang", "published_on", "text_clean", "title", "outlet", "story_id"],
        ).to_pylist()
    }
    contexts = {
        doc_id: DocContext(
            lang=docs[doc_id]["lang"],
            published_on=docs[doc_id]["published_on"],
            order=rank[doc_id],
            text_clean=docs[doc_id]["text_clean"],
        )
        for doc_id in new
    }
    mention_rows = storage.read_where(
        data_dir,
        SILVER_MENTIONS,
        "doc_id",
        new,
        ["doc_id", "start_char", "end_char", "text", "label", "source"],
    ).to_pylist()
    for r in mention_rows:  # one string per document: the saved state then holds each id once
        r["doc_id"] = sys.intern(r["doc_id"])
    resolver.add([Mention(**r) for r in mention_rows], contexts, kb)
    return rank, docs, resolver.finish(kb, everything=everything)


def _run(
    data_dir: Path, kb: KnowledgeBase, resolver: Resolver, order: list[str], new: list[str], *, fresh: bool
) -> GoldRun:
    rank, docs, ch = _resolve(data_dir, kb, resolver, order, new, fresh)
    for d in docs.values():
        d.pop("text_clean")  # the rows below need no text: let it go before the tables are built

    dates = sorted(
        storage.read_where(data_dir, SILVER_DATES, "doc_id", new).to_pylist(),
        key=lambda r: (rank[r["doc_id"]], r["start_char"], r["end_char"], r["value"]),
    )
    for r in dates:  # the days each value denotes, as DATE columns BI tools can filter on
        r["begin"], r["end"] = date_range(r["value"], r["mod"])
    documents = _documents(new, docs, ch.mentions, dates)
    mentions = ch.mentions
    if ch.renamed and not fresh:
        old = ch.renamed_docs - set(new)
        mentions = mentions + _renamed_mentions(data_dir, old, ch.renamed)
        documents = documents + _renamed_documents(data_dir, old, ch.renamed)
    touched = {r["entity_id"] for r in ch.entities}
    edits = [
        keyed.Edit(GOLD_ENTITIES, storage.to_arrow(GOLD_ENTITIES, ch.entities), set(ch.gone), fresh),
        keyed.Edit(
            GOLD_ENTITY_ALIASES, storage.to_arrow(GOLD_ENTITY_ALIASES, ch.aliases), ch.gone | touched, fresh
        ),
        keyed.Edit(GOLD_MENTIONS, storage.to_arrow(GOLD_MENTIONS, mentions), set(), fresh),
        keyed.Edit(GOLD_UNRESOLVED, storage.to_arrow(GOLD_UNRESOLVED, ch.unresolved), set(), fresh),
        keyed.Edit(GOLD_DATES, storage.to_arrow(GOLD_DATES, dates), set(), fresh),
        keyed.Edit(GOLD_DOCUMENTS, storage.to_arrow(GOLD_DOCUMENTS, documents), set(), fresh),
    ]
    # entities before documents (documents name entities); dependents switch between
    written = storage.edit_tables(data_dir, edits, parents=(GOLD_ENTITIES, GOLD_DOCUMENTS))
    return GoldRun(
        "rebuild" if fresh else "incremental",
        documents=len(new),
        changed={k: w.changed for k, w in written.items()},
        bytes_written=sum(w.bytes_written for w in written.values()),
    )


def _documents(new: list[str], docs: dict[str, dict], mentions: list[dict], dates: list[dict]) -> list[dict]:
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in mentions:
        column = _FACT_COLUMNS.get(m["label"])
        if column and m["entity_id"]:
            facts[m["doc_id"]][column].add(m["entity_id"])
    doc_dates: dict[str, list[str]] = defaultdict(list)
    for r in dates:  # already in offset order
        if r["timex_type"] in ("DATE", "TIME"):
            doc_dates[r["doc_id"]].append(r["value"])
    out = []
    for doc_id in new:
        d, f = docs[doc_id], facts.get(doc_id, {})
        out.append(
            dict(
                doc_id=doc_id,
                title=d["title"],
                published_on=d["published_on"],
                outlet=d["outlet"],
                lang=d["lang"],
                story_id=d["story_id"],
                people=sorted(f.get("people", ())),
                organisations=sorted(f.get("organisations", ())),
                places=sorted(f.get("places", ())),
                dates=list(dict.fromkeys(doc_dates.get(doc_id, []))),
            )
        )
    return out


def _rename(ids: Iterable[str], renamed: dict[str, str]) -> list[str]:
    return sorted({renamed.get(i, i) for i in ids})


def _renamed_mentions(data_dir: Path, doc_ids: set[str], renamed: dict[str, str]) -> list[dict]:
    """Earlier documents' mention rows with renamed entity ids (nothing else about them changed)."""
    if not doc_ids:
        return []
    rows = storage.read_where(data_dir, GOLD_MENTIONS, "doc_id", doc_ids).to_pylist()
    for r in rows:
        r["entity_id"] = renamed.get(r["entity_id"], r["entity_id"]) if r["entity_id"] else None
        r["candidates"] = _rename(r["candidates"] or [], renamed)
    return rows


def _renamed_documents(data_dir: Path, doc_ids: set[str], renamed: dict[str, str]) -> list[dict]:
    if not doc_ids:
        return []
    rows = storage.read_where(data_dir, GOLD_DOCUMENTS, "doc_id", doc_ids).to_pylist()
    for r in rows:
        for column in ("people", "organisations", "places"):
            r[column] = _rename(r[column] or [], renamed)
    return rows
