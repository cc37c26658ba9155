"""Silver batches on disk: the write order, the commit marker, and unfinished batches.

A batch writes one part in each silver table, all under one name derived from the batch's
doc ids, in this order:

1. ``silver/documents`` — so a reader never sees a document's mentions, fixes or dates
   before the document itself;
2. ``silver/quarantine``, ``silver/fixes``, ``silver/mentions``, ``silver/dates``;
3. one row in ``silver/batches``: the commit marker.

A part of any silver table whose name has no ``silver/batches`` row belongs to a batch
that died half way; :func:`recover` deletes it before the batch is done again, so a
document counts as done only once its batch is committed.

Upgrade of folders written before ``silver/batches`` existed (no ``silver/batches``
folder): their batches wrote ``silver/documents`` last, so a documents part marks a
complete batch. :func:`recover` first removes, by that old rule, dependent parts without
a documents part, then adopts each documents part with a ``silver/batches`` row (run_id
``adopted``) and copies the batch's ``gold/dates`` part (dates were written there with the
batch) into ``silver/dates`` under the same name; gold drops those old ``gold/dates`` parts
when it next writes the table. The ``silver/batches`` folder is made even when there is
nothing to adopt, so a new folder is never taken for an old one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, storage
from .schemas import (
    GOLD_DATES,
    SILVER_BATCHES,
    SILVER_DATES,
    SILVER_DOCUMENTS,
    SILVER_FIXES,
    SILVER_MENTIONS,
    SILVER_QUARANTINE,
    SilverBatch,
    SilverQuarantined,
    Table,
)

BATCH_DEPENDENTS = (SILVER_FIXES, SILVER_MENTIONS, SILVER_DATES)
BATCH_TABLES = (SILVER_DOCUMENTS, SILVER_QUARANTINE, *BATCH_DEPENDENTS)  # in the order a batch writes them
ADOPTED_RUN = "adopted"


def _marker_dir(data_dir: Path) -> Path:
    return Path(data_dir) / SILVER_BATCHES.layer / SILVER_BATCHES.name


def commit_batch(
    data_dir: Path,
    doc_ids: Sequence[str],
    tables: Mapping[Table, pa.Table | Sequence],
    quarantine_rows: Sequence[SilverQuarantined],
    run_id: str,
) -> dict[str, int]:
    """Write a batch's parts (``tables`` holds documents and the dependents) in the order above,
    then its commit marker; returns rows written per table. ``doc_ids``: every document of the
    batch, processed or quarantined."""
    if not doc_ids:
        return {}
    name = storage.part_name(doc_ids)
    by_table = dict(tables) | {SILVER_QUARANTINE: quarantine_rows}
    counts = {t.path: storage.write_part(data_dir, t, by_table.get(t, []), name) for t in BATCH_TABLES}
    marker = SilverBatch(
        part=name,
        doc_ids=list(doc_ids),
        committed_at=dt.datetime.now(dt.UTC),
        pipeline_version=__version__,
        run_id=run_id,
    )
    counts[SILVER_BATCHES.path] = storage.write_part(data_dir, SILVER_BATCHES, [marker], name)
    return counts


def committed_parts(data_dir: Path) -> set[str]:
    """Names of the committed batches (compacted marker parts included)."""
    return storage.batch_names(data_dir, SILVER_BATCHES)


def remove_uncommitted_parts(data_dir: Path) -> list[Path]:
    """Remove, in every silver batch table, the rows of batches with no commit marker.

    Through storage, so a reader never has a part deleted under it and compacted parts lose
    exactly the uncommitted batches' rows.
    """
    return storage.remove_orphan_parts(data_dir, SILVER_BATCHES, BATCH_TABLES)


def adopt_legacy_batches(data_dir: Path) -> list[str]:
    """Give a folder written before ``silver/batches`` its markers and ``silver/dates`` (see above).

    Returns the adopted part names; does nothing once the ``silver/batches`` folder exists.
    """
    if _marker_dir(data_dir).is_dir():
        return []
    storage.remove_orphan_parts(data_dir, SILVER_DOCUMENTS, (SILVER_FIXES, SILVER_MENTIONS, GOLD_DATES))
    old_dates = {p.name: p for p in storage.parts(data_dir, GOLD_DATES)}
    adopted = []
    for part in storage.parts(data_dir, SILVER_DOCUMENTS):
        if part.name in old_dates:
            dates = pq.read_table(old_dates[part.name]).select(SILVER_DATES.schema.names)
            storage.write_part(data_dir, SILVER_DATES, dates, part.name)
        ids = pq.read_table(part, columns=["doc_id"]).column("doc_id").to_pylist()
        marker = SilverBatch(
            part=part.name,
            doc_ids=ids,
            committed_at=dt.datetime.now(dt.UTC),
            pipeline_version=__version__,
            run_id=ADOPTED_RUN,
        )
        storage.write_part(data_dir, SILVER_BATCHES, [marker], part.name)
        adopted.append(part.name)
    _marker_dir(data_dir).mkdir(parents=True, exist_ok=True)
    return adopted


def recover(data_dir: Path) -> list[Path]:
    """Leave only committed batches in silver (adopting an old folder's first); returns removed parts."""
    adopt_legacy_batches(data_dir)
    return remove_uncommitted_parts(data_dir)
