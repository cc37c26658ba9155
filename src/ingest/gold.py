"""Gold: canonical entities with all their names, resolved mentions, document facts.

Entity resolution is global (a name in one article links to its forms in others),
so the gold tables are rebuilt from silver on each run and rewritten only when
their content changed. ``gold/dates`` is ``silver/dates`` filtered to the current
documents.

Only the current version of each source file counts: when a file (or its sidecar)
changed, its older content stays in bronze and silver but leaves gold, ``gold/dates``
included.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow.compute as pc

from . import bronze, storage
from .model import Mention
from .names import DocContext, KnowledgeBase, ResolveConfig, resolve
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

_FACT_COLUMNS = {"PERSON": "people", "ORG": "organisations", "GPE": "places", "LOC": "places"}


def current_doc_ids(data_dir: Path) -> list[str]:
    """Documents that are the current version of some inbox path, in ingestion order (bronze decides)."""
    return bronze.current_doc_ids(data_dir)


def build_gold(data_dir: Path, kb: KnowledgeBase, config: ResolveConfig = ResolveConfig()) -> dict[str, bool]:
    """Resolve every current document's mentions and rewrite the gold tables that changed."""
    data_dir = Path(data_dir)
    silver_ids = storage.column_set(data_dir, SILVER_DOCUMENTS, "doc_id")
    order = [d for d in current_doc_ids(data_dir) if d in silver_ids]
    keep = pc.field("doc_id").isin(order)
    docs = {
        r["doc_id"]: r
        for r in storage.read_table(
            data_dir,
            SILVER_DOCUMENTS,
            ["doc_id", "lang", "published_on", "text_clean", "title", "outlet", "story_id"],
            filter=keep,
        ).to_pylist()
    }
    contexts = {
        doc_id: DocContext(
            lang=docs[doc_id]["lang"],
            published_on=docs[doc_id]["published_on"],
            order=i,
            text_clean=docs[doc_id]["text_clean"],
        )
        for i, doc_id in enumerate(order)
    }
    mention_rows = storage.read_table(
        data_dir,
        SILVER_MENTIONS,
        ["doc_id", "start_char", "end_char", "text", "label", "source"],
        filter=keep,
    ).to_pylist()
    mentions = [Mention(**r) for r in mention_rows]
    res = resolve(mentions, contexts, kb, config)

    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in res.mentions:
        column = _FACT_COLUMNS.get(m["label"])
        if column and m["entity_id"]:
            facts[m["doc_id"]][column].add(m["entity_id"])
    dates = _current_dates(data_dir, order, keep)
    doc_dates: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in dates:
        if r["timex_type"] in ("DATE", "TIME"):
            doc_dates[r["doc_id"]].append((r["start_char"], r["value"]))
    documents = []
    for doc_id in order:
        d, f = docs[doc_id], facts.get(doc_id, {})
        documents.append(
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
                dates=list(dict.fromkeys(v for _, v in sorted(doc_dates.get(doc_id, [])))),
            )
        )
    # entities before documents (documents name entities); dependents switch between (storage.replace_tables)
    ordered = [
        (GOLD_ENTITIES, res.entities),
        (GOLD_ENTITY_ALIASES, res.aliases),
        (GOLD_MENTIONS, res.mentions),
        (GOLD_UNRESOLVED, res.unresolved),
        (GOLD_DATES, dates),
        (GOLD_DOCUMENTS, documents),
    ]
    return storage.replace_tables(data_dir, ordered, parents=(GOLD_ENTITIES, GOLD_DOCUMENTS))


def _current_dates(data_dir: Path, order: list[str], keep) -> list[dict]:
    """silver/dates rows of the current documents, in document order, then by offset.

    A folder written when gold/dates was an append table loses its per-batch parts here:
    a replace builds a new version holding only the new part (silver adopted their rows first).
    """
    rank = {doc_id: i for i, doc_id in enumerate(order)}
    rows = storage.read_table(data_dir, SILVER_DATES, filter=keep).to_pylist()
    return sorted(rows, key=lambda r: (rank[r["doc_id"]], r["start_char"], r["end_char"], r["value"]))
