"""Compaction of an ``append`` table's small parts (see :mod:`ingest.storage`, which calls it)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from . import partfiles, versions
from .partfiles import COMPACT_PREFIX, batches, read, recorded
from .schemas import Table


def _groups(small: list[Path], target_bytes: int) -> list[list[Path]]:
    groups: list[list[Path]] = [[]]
    size = 0
    for p in small:
        n = p.stat().st_size
        if groups[-1] and size + n > target_bytes:
            groups.append([])
            size = 0
        groups[-1].append(p)
        size += n
    return [g for g in groups if len(g) > 1]


def compact_table(data_dir: Path, table: Table, min_parts: int, target_bytes: int) -> tuple[int, int] | None:
    """One new version with the small parts merged, in name order; None when there is too little to do.

    Each merged part records the batches it holds (name, rows) in its footer, so silver's
    recovery, which matches batches by name, reads them as if the parts were still apart.
    """
    folder = versions.ensure(data_dir, table)
    files = partfiles.files(folder)
    small = [p for p in files if p.stat().st_size < target_bytes // 2]
    groups = _groups(small, target_bytes)
    if len(small) < min_parts or not groups:
        return None
    merged = {p for g in groups for p in g}
    add = []
    for group in groups:
        record: list[tuple[str, int]] = []
        pieces = []
        for p in group:
            t = read([p], table)
            held = batches(p)
            record += held if held is not None else [(p.name, t.num_rows)]
            pieces.append(t)
        add.append((COMPACT_PREFIX, recorded(pa.concat_tables(pieces), record)))
    keep = [p.name for p in sorted(folder.glob("*.parquet")) if p not in merged]
    versions.build_version(data_dir, table, keep, add)
    return len(files), len(files) - len(merged) + len(groups)
