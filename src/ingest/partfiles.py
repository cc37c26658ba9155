"""Parts on disk: a version folder's data parts, and the batches a ``part-c-`` part records.

A leaf of :mod:`ingest.storage` and :mod:`ingest.compaction` (see storage's module doc).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from . import versions
from .schemas import Table

BATCHES_KEY = b"ingest.batches"
COMPACT_PREFIX = "part-c-"


def files(folder: Path | None) -> list[Path]:
    """Data parts of a version folder (the empty part is not one)."""
    return sorted(p for p in folder.glob("part-*.parquet") if versions.is_data_part(p.name)) if folder else []


def batches(part: Path) -> list[tuple[str, int]] | None:
    """The (batch name, rows) a compacted part holds, in row order; None for a batch's own part."""
    if not part.name.startswith(COMPACT_PREFIX):
        return None
    meta = pq.read_schema(part).metadata or {}
    return [tuple(b) for b in json.loads(meta.get(BATCHES_KEY, b"[]"))]


def read(files: Sequence[Path], table: Table) -> pa.Table:
    if not files:
        return table.schema.empty_table()
    return ds.dataset([str(f) for f in files], schema=table.schema, format="parquet").to_table()


def recorded(rows: pa.Table, record: Sequence[tuple[str, int]]) -> pa.Table:
    """Rows to write as a ``part-c-`` part holding these (batch name, rows), in order."""
    return rows.replace_schema_metadata({BATCHES_KEY: json.dumps(list(record)).encode()})


def without(part: Path, table: Table, drop: set[str]) -> pa.Table:
    """A compacted part's rows minus those of the ``drop`` batches, its record updated."""
    t, kept, start = read([part], table), [], 0
    pieces = []
    for name, n in batches(part) or []:
        if name not in drop:
            pieces.append(t.slice(start, n))
            kept.append((name, n))
        start += n
    return recorded(pa.concat_tables(pieces) if pieces else table.schema.empty_table(), kept)


def rewrite(data_dir: Path, table: Table, drop: set[str], add: Sequence[tuple[str, pa.Table]] = ()) -> None:
    """A new version without the parts named in ``drop`` and with ``add``; batches named in
    ``drop`` also leave the compacted parts that hold them."""
    folder = versions.ensure(data_dir, table)
    keep, extra = [], []
    for p in sorted(folder.glob("*.parquet")):
        held = batches(p)
        if p.name in drop:
            continue
        if held is not None and drop & {b for b, _ in held}:
            rest = without(p, table, drop)
            if rest.num_rows:
                extra.append((COMPACT_PREFIX, rest))
            continue
        keep.append(p.name)
    versions.build_version(data_dir, table, keep, [*add, *extra])
