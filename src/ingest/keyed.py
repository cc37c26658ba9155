"""Edits of ``keyed`` tables (gold): replace whole groups of rows, part by part.

A keyed table's rows fall into groups by one column (``Table.group``: a document's mentions,
an entity's aliases). An edit names the groups that leave and brings the new rows of the
groups that change or arrive. Every part that holds a group that leaves or changes is
rewritten without it (a new, content-named path: see :mod:`ingest.storage`); the other parts
are hard-linked unchanged; the new rows become one new part. So a run that touches a few
groups writes a few small parts, not the table. Past ``MAX_PARTS`` parts, the small ones are
merged in the same version (compaction comes with the edit, so nothing else rewrites a
keyed table).

Several edits switch in an order that keeps references whole, as :func:`storage.replace_tables`
does: a parent (gold/entities, gold/documents) first gains its new and changed rows while
keeping those that leave, then the dependents switch, then the parent loses what left.
"""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import partfiles, versions
from .schemas import Table

CHUNKS = 16  # a large write is cut into this many parts, so a later edit rewrites a few of them
CHUNK_MIN_ROWS = 20_000  # smaller tables stay one part: a part's footer costs kilobytes
# gold/entities rows change in place (an entity gains a fuller name, its characters): its
# parts are kept small, so such a change rewrites a few kilobytes, not the table
PART_ROWS = {"gold/entities": 128}
MAX_PARTS = 64  # past it, the parts much smaller than a chunk are merged (and cut again)


@dataclass
class Edit:
    """Rows of the groups that change or arrive; ``leave``: groups that go (all, with ``fresh``)."""

    table: Table
    rows: pa.Table
    leave: set[str] = field(default_factory=set)
    fresh: bool = False  # the rows are the whole table

    def __post_init__(self) -> None:
        if self.table.mode != "keyed" or not self.table.group:
            raise ValueError(f"{self.table.path} is not a keyed table")


@dataclass
class Written:
    """What an edit wrote: whether the table changed, and the bytes of the parts it wrote."""

    changed: bool
    bytes_written: int


def _groups_of(part: Path, column: str) -> pa.Array | None:
    """The group column of a part; None for a part written before the column existed."""
    if column not in pq.read_schema(part).names:
        return None
    return pq.read_table(part, columns=[column]).column(column).combine_chunks()


def _declared(part: Path, table: Table) -> bool:
    """The part has the table's declared columns and types (not those of an older version)."""
    return pq.read_schema(part).equals(table.schema, check_metadata=False)


def _build(
    data_dir: Path, table: Table, rows: pa.Table, drop: set[str], compare: bool = True
) -> tuple[Path | None, int]:
    """A new version without the groups in ``drop`` and with ``rows``; None when nothing changes.

    With ``compare``, rows of an arriving group that are already in a part stay there, and only
    its other rows are written: a run that touches an entity without changing it rewrites
    nothing of it, and one that adds an alias writes that alias (a group's rows may then lie
    in several parts; an edit finds them in all). A part is rewritten only when it holds a row
    that goes or changes.
    """
    folder = versions.ensure(data_dir, table)
    files = partfiles.files(folder)
    value_set = pa.array(sorted(drop), pa.string())
    keep: list[Path] = []
    add: list[pa.Table] = []
    kept: dict[str, Counter[str]] = defaultdict(Counter)  # arriving rows left where they are
    for f in files:
        groups = _groups_of(f, table.group) if _declared(f, table) else None
        if groups is None:  # an older layout or schema: only a fresh edit meets one (gold rebuilds
            continue  # when a schema changed, see gold_state.usable), and it replaces all
        hit = pc.is_in(groups, value_set=value_set)
        if not pc.any(hit).as_py():
            keep.append(f)
            continue
        part = partfiles.read([f], table)
        held = _row_keys(part.filter(hit), table.group)
        stay: set[str] = set()
        if compare:
            want = _row_keys(rows.filter(_in(rows, table.group, set(held))), table.group)
            for g, c in held.items():
                if g in want and not c - (want[g] - kept[g]):  # every row of it here still arrives
                    stay.add(g)
                    kept[g] += c
        if len(stay) == len(held):
            keep.append(f)
            continue
        if stay:
            hit = pc.and_(hit, pc.invert(_in(part, table.group, stay)))
        rest = part.filter(pc.invert(hit))
        if rest.num_rows:
            add.append(rest)
    if kept:
        rows = _without(rows, table.group, kept)
    if len(keep) == len(files) and rows.num_rows == 0:
        return None, 0
    if rows.num_rows:
        add.append(rows)
    if len(keep) + len(add) > MAX_PARTS:  # merge the small parts into the new one
        sizes = {f: f.stat().st_size for f in keep}
        typical = sorted(sizes.values())[len(sizes) // 2] if sizes else 0
        small = [f for f in keep if sizes[f] < typical / 4] or keep
        keep = [f for f in keep if f not in small]
        add = [pa.concat_tables([partfiles.read(small, table), *add])]
    pieces = [c for a in add for c in _chunks(a, table)]
    built = versions.build_version(
        data_dir, table, [f.name for f in keep], [("part-", a) for a in pieces], switch=False
    )
    same_names = {p.name for p in partfiles.files(built)} == {f.name for f in files}
    if same_names and all(_declared(f, table) for f in files):  # the same parts again
        shutil.rmtree(built)
        return None, 0
    written = sum((built / n).stat().st_size for n in _new_names(built, keep))
    return built, written


def _in(t: pa.Table, column: str, groups: set[str]) -> pa.Array:
    return pc.is_in(t.column(column), value_set=pa.array(sorted(groups), pa.string()))


def _row_key(r: dict) -> str:
    return repr(tuple(r.values()))  # columns in schema order; lists and structs included


def _row_keys(t: pa.Table, column: str) -> dict[str, Counter[str]]:
    """The rows of each group, as a multiset of comparable keys (row order does not matter)."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for r in t.to_pylist():
        out[r[column]][_row_key(r)] += 1
    return out


def _without(rows: pa.Table, column: str, kept: dict[str, Counter[str]]) -> pa.Table:
    """``rows`` less those counted in ``kept`` (each once)."""
    left = {g: Counter(c) for g, c in kept.items()}
    mask = []
    for r in rows.to_pylist() if rows.num_rows else []:
        c = left.get(r[column])
        k = _row_key(r) if c else ""
        if c and c[k] > 0:
            c[k] -= 1
            mask.append(False)
        else:
            mask.append(True)
    return rows.filter(pa.array(mask, pa.bool_())) if rows.num_rows else rows


def _chunks(t: pa.Table, table: Table) -> list[pa.Table]:
    """A table cut into up to CHUNKS parts of consecutive rows (callers order rows so that rows
    changing together sit together: a document's, or the entities in order of first appearance);
    a table in PART_ROWS into parts of that many rows."""
    size = PART_ROWS.get(table.path)
    if size is None:
        if t.num_rows <= 2 * CHUNK_MIN_ROWS:
            return [t]
        size = max(CHUNK_MIN_ROWS, -(-t.num_rows // CHUNKS))
    return [t.slice(i, size) for i in range(0, t.num_rows, size)] or [t]


def _new_names(built: Path, keep: Iterable[Path]) -> list[str]:
    kept = {f.name for f in keep}
    return [p.name for p in partfiles.files(built) if p.name not in kept]


def _current_groups(data_dir: Path, table: Table) -> set[str]:
    out: set[str] = set()
    for f in partfiles.files(versions.current(data_dir, table)):
        groups = _groups_of(f, table.group)
        out |= set(groups.unique().to_pylist()) if groups is not None else set()
    return out


def _same(data_dir: Path, table: Table, rows: pa.Table) -> bool:
    """The table is one part holding exactly ``rows`` (under any name: an older layout's too), with
    the declared columns and types (a part of an older schema cannot be read as the new one)."""
    files = partfiles.files(versions.current(data_dir, table))
    if len(files) != 1 or not _declared(files[0], table):
        return False
    return partfiles.read(files, table).equals(rows)


def apply(data_dir: Path, edits: Sequence[Edit], parents: Sequence[Table] = ()) -> dict[str, Written]:
    """Apply edits to several keyed tables, switching them in reference-safe order."""
    out: dict[str, Written] = {}
    first, middle, last = [], [], []
    for e in edits:
        versions.ensure(data_dir, e.table)  # an older layout's plain folder becomes version 1
        arriving = set(e.rows.column(e.table.group).unique().to_pylist()) if e.rows.num_rows else set()
        current = _current_groups(data_dir, e.table) if e.fresh else None
        leave = (current if current is not None else set(e.leave)) - arriving
        if e.fresh and _same(data_dir, e.table, e.rows):
            out[e.table.path] = Written(False, 0)
            continue
        if e.table in parents and leave:
            if current is None:  # read only when groups leave: most runs leave none (gold/documents)
                current = _current_groups(data_dir, e.table)
            n0 = 0
            if arriving - current:  # new groups and leaving ones: first a version holding both
                interim, n0 = _build(data_dir, e.table, e.rows, arriving, not e.fresh)
                if interim is not None:
                    first.append((e.table, interim))
            final, n1 = _build(
                data_dir, e.table, e.rows, arriving | leave, not e.fresh
            )  # from the same start
            if final is not None:
                last.append((e.table, final))
            out[e.table.path] = Written(final is not None, n0 + n1)
            continue
        built, n = _build(data_dir, e.table, e.rows, arriving | leave, not e.fresh)
        if built is not None:
            (first if e.table in parents else middle).append((e.table, built))
        out[e.table.path] = Written(built is not None, n)
    for table, folder in first + middle + last[::-1]:
        versions.publish(data_dir, table, folder)
    return out
