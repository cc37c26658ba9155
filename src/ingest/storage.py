"""The one place that reads and writes Parquet.

Layout: ``<data>/<layer>/<table>/part-<name>.parquet``. DuckDB reads a table as
``read_parquet('data/gold/mentions/*.parquet')``, pyarrow as
``pyarrow.dataset.dataset('data/gold/mentions')``.

Readers never see a table half-written (see :mod:`ingest.versions`):

- ``<data>/<layer>/<table>`` is a symlink to a version folder,
  ``<data>/.versions/<layer>/<table>/<n>/``. Every table exists from the first run
  (:func:`ensure_tables`): a table with no data holds one zero-row part,
  ``part-empty-<schema>.parquet``, so a ``*.parquet`` glob finds it with its columns.
- Appending a new part renames a finished file into the current version folder: a reader
  sees the part or not. Anything that would delete or rewrite a part (a keyed table's edit, a
  batch written again, pruning, compaction, orphan removal) builds a new version folder
  (unchanged parts hard-linked) and switches the symlink with one rename. No part is ever
  deleted or rewritten under a reader.
- A retired version stays ``versions.GRACE_SECONDS`` (10 min): a reader that resolved the
  table path (``os.path.realpath``, or :func:`current_folder`) reads a frozen version. A
  reader that goes through the symlink cannot be isolated fully: DuckDB and pyarrow look the
  path up again for each file, so if a switch comes between their listing and their opening
  of a file that left in that switch, the read fails with "file not found" (or, rarely, the
  listing silently skips that file); retry it. No scheme avoids this while a glob must list
  exactly the current parts, so parts leave only in replaces, compaction and repairs. A path, once published, names one content (DuckDB opens a file more
  than once per query, so a path whose bytes change under it reads as garbage): keyed
  tables' parts are named by the sha256 of their bytes, and a batch part that is written again,
  pruned or compacted moves to a ``part-c-<sha>.parquet`` part that records its batch.
- ``append`` tables gain one part per batch, named by the batch, so a batch that is
  run again replaces its own rows instead of adding them twice.
- ``keyed`` tables (gold) replace groups of rows part by part (:mod:`ingest.keyed`, through
  :func:`edit_tables`), or the whole table (:func:`replace_tables`) only when its content
  changed, so a rerun over the same inbox changes no file. :func:`replace_tables` and
  :func:`edit_tables` switch several in an order that keeps references whole
  (``gold/mentions`` never names a document that ``gold/documents`` lacks).
- A table whose schema differs from the declared one is refused.

Compaction and crash recovery. Silver writes a batch's parts in several tables under one
name, and recovery (:func:`remove_orphan_parts`) matches those names. :func:`compact` merges
small parts into ``part-c-<sha>.parquet`` files whose Parquet footer records, in key-value
metadata ``ingest.batches``, the batch names they hold and each batch's row count in order.
:func:`batch_names` reads a table's batches from both kinds of part, so a compacted marker
still commits its batches; a compacted dependent holding a batch that was never committed
loses exactly that batch's rows; a batch written again replaces its rows inside a compacted
part. Compaction therefore needs no knowledge of which tables form a batch; but code that
matches batches must use :func:`batch_names`, not the names of :func:`parts`.

Leftovers: a killed write leaves a hidden ``.….tmp`` (file, build folder or symlink) and
possibly an unpublished version; :func:`remove_leftovers` removes them when over 5 minutes
old, or at once when this process holds the data lock (:func:`exclusive`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from . import compaction, keyed, partfiles, versions
from .errors import DataLockedError, SchemaMismatchError
from .schemas import ALL_TABLES, Table

TARGET_BYTES = 64 * 1024 * 1024
_held: set[Path] = set()  # data folders whose lock this process holds


def table_dir(data_dir: Path, table: Table) -> Path:
    return versions.link_path(data_dir, table)


def current_folder(data_dir: Path, table: Table) -> Path | None:
    """The version folder the table path points at now: read it to see one frozen version."""
    return versions.current(data_dir, table)


def part_name(keys: Iterable[str]) -> str:
    """A part name derived from the batch's document ids (same batch → same name)."""
    digest = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:20]
    return f"part-{digest}.parquet"


Rows = Sequence[Any] | pa.Table  # the table's records, dicts keyed by column, or an Arrow table


def to_arrow(table: Table, rows: Rows) -> pa.Table:
    """Rows (the table's records, or dicts keyed by column) or an Arrow table, checked against the
    declared schema. Records go column by column (``Table.to_arrow``); dicts are checked row by row."""
    if isinstance(rows, pa.Table):
        if not rows.schema.equals(table.schema, check_metadata=False):
            raise SchemaMismatchError(
                f"{table.path}: got schema {rows.schema} but {table.path} is declared as {table.schema}; "
                "build the rows from ingest.schemas instead of by hand."
            )
        return rows.replace_schema_metadata(None).cast(table.schema)
    if rows and not isinstance(rows[0], Mapping):
        return table.to_arrow(rows)
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


def write_part(data_dir: Path, table: Table, rows: Rows, name: str) -> int:
    """Write one part of an ``append`` table; returns rows written (0 writes nothing).

    A new name is renamed into the current version; a name the table already holds (its own
    part, or a batch inside a compacted part) is replaced in a new version.
    """
    if table.mode != "append":
        raise ValueError(f"{table.path} is a keyed table; use edit_tables() or replace_table()")
    arrow = to_arrow(table, rows)
    if arrow.num_rows == 0:
        return 0
    folder = versions.ensure(data_dir, table)
    compacted = any(
        name in {b for b, _ in partfiles.batches(p) or ()}
        for p in folder.glob(f"{partfiles.COMPACT_PREFIX}*.parquet")
    )
    if (folder / name).exists() or compacted:  # under a new, content-named path: see the module doc
        partfiles.rewrite(
            data_dir,
            table,
            {name},
            [(partfiles.COMPACT_PREFIX, partfiles.recorded(arrow, [(name, arrow.num_rows)]))],
        )
    else:
        versions.write_file(arrow, folder / name)
    return arrow.num_rows


def replace_tables(
    data_dir: Path,
    items: Sequence[tuple[Table, Rows]],
    parents: Sequence[Table] = (),
) -> dict[str, bool]:
    """Replace several ``keyed`` tables whole, when their content changed, keeping references
    to ``parents`` whole (see :mod:`ingest.keyed`). Returns, per table path, whether it was
    rewritten: a table holding exactly these rows (in one part) is left alone, so a rerun
    changes no file."""
    edits = [keyed.Edit(table, to_arrow(table, rows), fresh=True) for table, rows in items]
    return {path: w.changed for path, w in keyed.apply(data_dir, edits, parents).items()}


def replace_table(data_dir: Path, table: Table, rows: Rows) -> bool:
    """Replace a ``keyed`` table whole when its content changed; returns whether it wrote."""
    return replace_tables(data_dir, [(table, rows)])[table.path]


def prune_parts(data_dir: Path, table: Table, keep) -> bool:
    """Drop the rows of an ``append`` table that fail the ``keep`` filter, part by part.

    Parts that lose rows are rewritten (dropped when none are left) in one new version; the
    others are hard-linked unchanged, so a second call changes nothing. Returns whether any
    part changed. A pruned part becomes a ``part-c-`` part recording its batch (silver
    matches batches by name, see :func:`batch_names`).
    """
    drop, add = set(), []
    for part in partfiles.files(versions.current(data_dir, table)):
        t, held = partfiles.read([part], table), partfiles.batches(part)
        ranges, start = [], 0
        for name, n in held or [(part.name, t.num_rows)]:
            ranges.append((name, ds.dataset(t.slice(start, n)).to_table(filter=keep)))
            start += n
        kept = sum(r.num_rows for _, r in ranges)
        if kept == t.num_rows:
            continue
        drop.add(part.name)
        if kept:  # a new, content-named path that records the batches it holds
            record = [(name, r.num_rows) for name, r in ranges if r.num_rows]
            add.append(
                (
                    partfiles.COMPACT_PREFIX,
                    partfiles.recorded(pa.concat_tables([r for _, r in ranges]), record),
                )
            )
    if not drop:
        return False
    partfiles.rewrite(data_dir, table, drop, add)
    return True


def parts(data_dir: Path, table: Table) -> list[Path]:
    """The table's data parts, as paths under the table path."""
    return [table_dir(data_dir, table) / f.name for f in partfiles.files(versions.current(data_dir, table))]


def read_table(data_dir: Path, table: Table, columns: Sequence[str] | None = None, filter=None) -> pa.Table:
    """The whole table (or some columns) of one version, empty with the declared schema when absent."""
    files = partfiles.files(versions.current(data_dir, table))
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


def read_where(
    data_dir: Path, table: Table, column: str, values: Iterable[str], columns: Sequence[str] | None = None
) -> pa.Table:
    """The rows whose ``column`` is one of ``values``, reading only the parts that hold any:
    each part's ``column`` is read first, so a few new documents cost a scan of one column,
    not of the table's text."""
    value_set = pa.array(sorted(set(values)), pa.string())
    pieces = []
    for f in partfiles.files(versions.current(data_dir, table)):
        hit = pc.is_in(pq.read_table(f, columns=[column]).column(column), value_set=value_set)
        if pc.any(hit).as_py():
            t = ds.dataset(str(f), schema=table.schema, format="parquet").to_table(columns=columns)
            pieces.append(t.filter(hit))
    if not pieces:
        return (
            table.schema if columns is None else pa.schema([table.schema.field(c) for c in columns])
        ).empty_table()
    return pa.concat_tables(pieces)


def edit_tables(
    data_dir: Path, edits: Sequence[keyed.Edit], parents: Sequence[Table] = ()
) -> dict[str, keyed.Written]:
    """Apply edits to ``keyed`` tables (gold), in reference-safe order: see :mod:`ingest.keyed`."""
    return keyed.apply(data_dir, edits, parents)


def schema_changed(data_dir: Path, table: Table) -> bool:
    """True when a data part of the table holds another schema than the declared one (the part
    was written by an older version of the product); read from Parquet footers."""
    return any(
        not pq.read_schema(p).equals(table.schema, check_metadata=False)
        for p in partfiles.files(versions.current(data_dir, table))
    )


def column_set(data_dir: Path, table: Table, column: str) -> set[str]:
    return set(read_table(data_dir, table, [column]).column(column).to_pylist())


def batch_names(data_dir: Path, table: Table) -> set[str]:
    """Names of the batches whose rows the table holds: its parts' and those compacted parts record."""
    out = set()
    for p in partfiles.files(versions.current(data_dir, table)):
        held = partfiles.batches(p)
        out |= {p.name} if held is None else {b for b, _ in held}
    return out


def remove_orphan_parts(data_dir: Path, marker: Table, dependents: Sequence[Table]) -> list[Path]:
    """Delete the rows of ``dependents`` whose batch never wrote its ``marker`` part.

    A batch writes its dependent tables first and the marker table last, all under
    one part name; a run that died between them leaves parts without a marker,
    which this removes (in a new version) before the batch is done again. Returns the
    parts removed or rewritten.
    """
    done = batch_names(data_dir, marker)
    removed = []
    for table in dependents:
        orphans = batch_names(data_dir, table) - done
        if not orphans:
            continue
        hit = [
            p
            for p in partfiles.files(versions.current(data_dir, table))
            if (p.name in orphans)
            or (partfiles.batches(p) is not None and orphans & {b for b, _ in partfiles.batches(p)})
        ]
        partfiles.rewrite(data_dir, table, orphans)
        removed += [table_dir(data_dir, table) / p.name for p in hit]
    return removed


def row_counts(data_dir: Path) -> dict[str, int]:
    """Rows per table, read from Parquet footers (cheap)."""
    counts = {}
    for table in ALL_TABLES:
        files = partfiles.files(versions.current(data_dir, table))
        counts[table.path] = sum(pq.ParquetFile(p).metadata.num_rows for p in files)
    return counts


def snapshot(data_dir: Path) -> dict[str, tuple[int, int]]:
    """Every Parquet file readers see, by its real path (version folder included), with size and mtime.

    Lets a test prove a rerun wrote nothing: a new file, a rewritten one or a new version
    of a table (even of hard-linked, unchanged parts) all change it.
    """
    data_dir = Path(data_dir)
    out = {}
    for table in ALL_TABLES:
        folder = versions.current(data_dir, table)
        for p in sorted(folder.glob("*.parquet")) if folder else []:
            st = p.stat()
            out[str(p.resolve().relative_to(data_dir.resolve()))] = (st.st_size, st.st_mtime_ns)
    return out


def ensure_tables(data_dir: Path, tables: Sequence[Table] = ALL_TABLES) -> list[str]:
    """Give every table its folder with at least one Parquet file of its schema; returns those made.

    A table with no data part holds the zero-row ``part-empty-<schema>.parquet``; when the
    schema changed since, that part is replaced (in a new version), so a DuckDB glob reads
    the current columns. Converts a data folder of the older layout table by table.
    """
    made = []
    for table in tables:
        existed = versions.current(data_dir, table) is not None
        folder = versions.ensure(data_dir, table)
        if not existed:
            made.append(table.path)
        if partfiles.files(folder) or (folder / versions.empty_name(table)).exists():
            continue
        if any(folder.glob("*.parquet")):  # only an empty part of an older schema
            versions.build_version(data_dir, table, [], [])
        else:
            versions.write_file(table.schema.empty_table(), folder / versions.empty_name(table))
        made.append(table.path)
    return sorted(set(made))


def remove_leftovers(data_dir: Path) -> list[Path]:
    """Remove what killed writes left and versions past their grace period; returns what went.

    Temp files are removed when over 5 minutes old, or all of them when this process holds
    the data lock (see :func:`exclusive`): then no other write can be under way.
    """
    force = Path(data_dir).resolve() in _held
    removed = []
    for table in ALL_TABLES:
        removed += versions.collect(data_dir, table, force=force)
    return removed


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
        _held.add(data_dir.resolve())
        try:
            yield
        finally:
            _held.discard(data_dir.resolve())
            fcntl.flock(fh, fcntl.LOCK_UN)


def compact(
    data_dir: Path, table: Table | None = None, min_parts: int = 8, target_bytes: int = TARGET_BYTES
) -> dict[str, tuple[int, int]]:
    """Merge the small parts of ``append`` tables (one, or all) into parts of about ``target_bytes``.

    A table is compacted when it has at least ``min_parts`` parts under half the target;
    each table changes in one new version. Returns, per table compacted, its parts before and after.
    """
    out = {}
    for t in [table] if table is not None else ALL_TABLES:
        if t.mode == "append" and (got := compaction.compact_table(data_dir, t, min_parts, target_bytes)):
            out[t.path] = got
    return out


def maybe_compact(data_dir: Path, threshold: int = 64) -> dict[str, tuple[int, int]]:
    """Compact each ``append`` table holding more than ``threshold`` parts (for the flow, after a run)."""
    return {
        path: got
        for t in ALL_TABLES
        if t.mode == "append" and len(parts(data_dir, t)) > threshold
        for path, got in compact(data_dir, t, min_parts=2).items()
    }
