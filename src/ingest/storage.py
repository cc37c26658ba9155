"""The one place that reads and writes Parquet.

Layout: ``<data>/<layer>/<table>/part-<name>.parquet``. DuckDB reads a table as
``read_parquet('data/gold/mentions/*.parquet')``, pyarrow as
``pyarrow.dataset.dataset('data/gold/mentions')``.

- Every write is atomic: the part is written to a hidden temp file in the same
  folder (``.part-….tmp``, which neither pyarrow nor a ``*.parquet`` glob reads) and
  renamed into place.
- ``append`` tables gain one part per batch, named by the batch, so a batch that is
  run again replaces its own part instead of adding rows twice.
- ``replace`` tables are one part, rewritten only when their content changed, so a
  rerun over the same inbox changes no file.
- A table whose schema differs from the declared one is refused.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from .errors import DataLockedError, SchemaMismatchError
from .schemas import ALL_TABLES, Table

REPLACE_PART = "part-0.parquet"


def table_dir(data_dir: Path, table: Table) -> Path:
    return Path(data_dir) / table.layer / table.name


def part_name(keys: Iterable[str]) -> str:
    """A part name derived from the batch's document ids (same batch → same name)."""
    digest = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:20]
    return f"part-{digest}.parquet"


def to_arrow(table: Table, rows: Sequence[Mapping[str, Any]] | pa.Table) -> pa.Table:
    """Rows (dicts keyed by column) or an Arrow table, checked against the declared schema."""
    if isinstance(rows, pa.Table):
        if not rows.schema.equals(table.schema, check_metadata=False):
            raise SchemaMismatchError(
                f"{table.path}: got schema {rows.schema} but {table.path} is declared as {table.schema}; "
                "build the rows from ingest.schemas instead of by hand."
            )
        return rows.replace_schema_metadata(None).cast(table.schema)
    names = set(table.schema.names)
    for row in rows:
        extra = set(row) - names
        missing = names - set(row)
        if extra or missing:
            raise SchemaMismatchError(
                f"{table.path}: a row has unknown columns {sorted(extra)} and lacks {sorted(missing)}; "
                f"the declared columns are {table.schema.names}."
            )
    return pa.Table.from_pylist(list(rows), schema=table.schema)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _atomic_write(arrow: pa.Table, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    try:
        pq.write_table(arrow, tmp, compression="zstd")
        # mkstemp makes the file private (0600); a table is read by BI tools as other users,
        # so it gets the permissions any new file would have.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_part(data_dir: Path, table: Table, rows: Sequence[Mapping[str, Any]] | pa.Table, name: str) -> int:
    """Write one part of an ``append`` table; returns rows written (0 writes nothing)."""
    if table.mode != "append":
        raise ValueError(f"{table.path} is a replace table; use replace_table()")
    arrow = to_arrow(table, rows)
    if arrow.num_rows == 0:
        return 0
    _atomic_write(arrow, table_dir(data_dir, table) / name)
    return arrow.num_rows


def replace_table(data_dir: Path, table: Table, rows: Sequence[Mapping[str, Any]] | pa.Table) -> bool:
    """Rewrite a ``replace`` table when its content changed; returns whether it wrote."""
    if table.mode != "replace":
        raise ValueError(f"{table.path} is an append table; use write_part()")
    arrow = to_arrow(table, rows)
    dest = table_dir(data_dir, table) / REPLACE_PART
    if dest.exists():
        current = pq.read_table(dest)
        # a table written before its schema gained a column is rewritten whole
        if current.schema.names == table.schema.names and current.cast(table.schema).equals(arrow):
            return False
    _atomic_write(arrow, dest)
    return True


def prune_parts(data_dir: Path, table: Table, keep) -> bool:
    """Drop the rows of an ``append`` table that fail the ``keep`` filter, part by part.

    A part that loses rows is rewritten atomically (deleted when none are left); the others
    are not touched, so a second call changes nothing. Returns whether any part changed.
    """
    changed = False
    for part in parts(data_dir, table):
        t = ds.dataset(str(part), schema=table.schema, format="parquet").to_table()
        kept = ds.dataset(t).to_table(filter=keep)
        if kept.num_rows == t.num_rows:
            continue
        if kept.num_rows:
            _atomic_write(kept, part)
        else:
            part.unlink()
        changed = True
    return changed


def parts(data_dir: Path, table: Table) -> list[Path]:
    d = table_dir(data_dir, table)
    return sorted(d.glob("part-*.parquet")) if d.is_dir() else []


def read_table(data_dir: Path, table: Table, columns: Sequence[str] | None = None, filter=None) -> pa.Table:
    """The whole table (or some columns), empty with the declared schema when absent."""
    files = parts(data_dir, table)
    schema = table.schema if columns is None else pa.schema([table.schema.field(c) for c in columns])
    if not files:
        return schema.empty_table()
    dataset = ds.dataset([str(f) for f in files], schema=table.schema, format="parquet")
    return dataset.to_table(columns=list(columns) if columns else None, filter=filter)


def read_part(data_dir: Path, table: Table, name: str, columns: Sequence[str] | None = None) -> pa.Table:
    """One part of a table (or some columns), read by its file name."""
    path = table_dir(data_dir, table) / name
    dataset = ds.dataset(str(path), schema=table.schema, format="parquet")
    return dataset.to_table(columns=list(columns) if columns else None)


def column_set(data_dir: Path, table: Table, column: str) -> set[str]:
    return set(read_table(data_dir, table, [column]).column(column).to_pylist())


def remove_orphan_parts(data_dir: Path, marker: Table, dependents: Sequence[Table]) -> list[Path]:
    """Delete parts of ``dependents`` whose batch never wrote its ``marker`` part.

    A batch writes its dependent tables first and the marker table last, all under
    one part name; a run that died between them leaves parts without a marker,
    which this removes before the batch is done again.
    """
    done = {p.name for p in parts(data_dir, marker)}
    removed = []
    for table in dependents:
        for p in parts(data_dir, table):
            if p.name not in done:
                p.unlink()
                removed.append(p)
    return removed


def row_counts(data_dir: Path) -> dict[str, int]:
    """Rows per table, read from Parquet footers (cheap)."""
    counts = {}
    for table in ALL_TABLES:
        counts[table.path] = sum(pq.ParquetFile(p).metadata.num_rows for p in parts(data_dir, table))
    return counts


def snapshot(data_dir: Path) -> dict[str, tuple[int, int]]:
    """Every Parquet file under ``data_dir`` with its size and mtime: lets a test prove a rerun wrote nothing."""
    out = {}
    for p in sorted(Path(data_dir).rglob("*.parquet")):
        st = p.stat()
        out[str(p.relative_to(data_dir))] = (st.st_size, st.st_mtime_ns)
    return out


@contextlib.contextmanager
def exclusive(data_dir: Path, wait_seconds: float = 600.0, poll: float = 1.0) -> Iterator[None]:
    """Hold the data folder for one run (an advisory lock on ``<data>/.lock``).

    A scheduled run and an ``ingest watch`` run on the same folder would otherwise both take
    the same new file; the second waits up to ``wait_seconds`` for the first, then gives up
    with :class:`DataLockedError`. The lock goes with the process, so a crash never leaves
    the folder locked.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".lock", "a+") as fh:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DataLockedError(
                        f"another run has held {data_dir} for over {wait_seconds:.0f} s; "
                        "let it finish (or stop it) and run again."
                    ) from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
