"""Version folders behind each table path, switched atomically (used by :mod:`ingest.storage` only).

``<data>/<layer>/<table>`` is a relative symlink to ``<data>/.versions/<layer>/<table>/<n>/``.
A new version is built in a hidden ``.build-….tmp`` folder (unchanged parts hard-linked, new
ones written), renamed to its number, and published by renaming a new symlink over the table
path. A version stays on disk for ``GRACE_SECONDS`` after it stopped being current, so a reader
that resolved it keeps a frozen table; versions never made current (a killed write) and temp
files are leftovers.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schemas import Table

VERSIONS = ".versions"
GRACE_SECONDS = 600.0  # a retired version stays this long for readers that resolved it
LEFTOVER_SECONDS = 300.0  # a temp file or unpublished version this old is a killed write's
EMPTY_PREFIX = "part-empty-"


def link_path(data_dir: Path, table: Table) -> Path:
    return Path(data_dir) / table.layer / table.name


def versions_dir(data_dir: Path, table: Table) -> Path:
    return Path(data_dir) / VERSIONS / table.layer / table.name


def empty_name(table: Table) -> str:
    """The zero-row part of a table with no data yet; named by the schema, so a new schema is a new name."""
    return f"{EMPTY_PREFIX}{hashlib.sha256(table.schema.to_string().encode()).hexdigest()[:12]}.parquet"


def is_data_part(name: str) -> bool:
    return name.startswith("part-") and name.endswith(".parquet") and not name.startswith(EMPTY_PREFIX)


def current(data_dir: Path, table: Table) -> Path | None:
    """The folder a reader of the table sees now (a plain folder of an older layout is itself)."""
    link = link_path(data_dir, table)
    if link.is_symlink():
        target = link.resolve()
        return target if target.is_dir() else None
    return link if link.is_dir() else None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_file(arrow: pa.Table, dest: Path) -> None:
    """Write ``dest`` whole or not at all: a hidden temp file renamed into place."""
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(arrow, tmp, compression="zstd")
        # a table is read by BI tools as other users: the permissions any new file would have
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def content_name(path: Path, prefix: str = "part-") -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    return f"{prefix}{digest}.parquet"


def _ids(vdir: Path) -> list[int]:
    return sorted(int(p.name) for p in vdir.iterdir() if p.name.isdigit()) if vdir.is_dir() else []


def _switch(data_dir: Path, table: Table, folder: Path) -> None:
    link = link_path(data_dir, table)
    retired = current(data_dir, table) if link.is_symlink() else None
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex[:8]}.tmp")
    os.symlink(os.path.relpath(folder, link.parent), tmp)
    try:
        os.replace(tmp, link)  # atomic: a reader resolves the old folder or the new one
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if retired is not None and retired != folder.resolve():
        os.utime(retired)  # its mtime now says when it was retired (see collect)


def _publish(vdir: Path, build: Path) -> Path:
    """Rename a finished build folder to the next version number."""
    while True:
        ids = _ids(vdir)
        folder = vdir / f"{(ids[-1] if ids else 0) + 1:06d}"
        try:
            os.rename(build, folder)
            return folder
        except OSError as e:  # a number taken meanwhile: take the next
            if e.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise


def ensure(data_dir: Path, table: Table) -> Path:
    """The table's current version folder, made on first use.

    A table of the older layout (a plain folder of parts) is moved into version 1 and the
    table path becomes the symlink; between the two renames (microseconds, once) the table
    path is absent.
    """
    link = link_path(data_dir, table)
    if link.is_symlink() and link.resolve().is_dir():
        return link.resolve()
    vdir = versions_dir(data_dir, table)
    vdir.mkdir(parents=True, exist_ok=True)
    if link.is_dir() and not link.is_symlink():
        build = vdir / f".build-{uuid.uuid4().hex[:8]}.tmp"
        os.rename(link, build)
        folder = _publish(vdir, build)
    else:
        folder = build_version(data_dir, table, (), (), switch=False)
    link.parent.mkdir(parents=True, exist_ok=True)
    _switch(data_dir, table, folder)
    return folder


def build_version(
    data_dir: Path,
    table: Table,
    keep: Iterable[str],
    add: Iterable[tuple[str, pa.Table]],
    *,
    switch: bool = True,
) -> Path:
    """A new version: ``keep`` hard-linked from the current one, ``add`` written.

    An added name ending in ``.parquet`` is taken as it is; any other is a prefix, and the
    file is named by its bytes (``<prefix><sha>.parquet``), so such a path never names two
    contents. A version with no data part gets the table's empty part. Published (the table
    path switched) unless ``switch`` is false.
    """
    vdir = versions_dir(data_dir, table)
    vdir.mkdir(parents=True, exist_ok=True)
    cur = current(data_dir, table)
    build = vdir / f".build-{uuid.uuid4().hex[:8]}.tmp"
    build.mkdir()
    try:
        for name in keep:
            _link(cur / name, build / name)
        for i, (name, arrow) in enumerate(add):
            if name.endswith(".parquet"):
                write_file(arrow, build / name)
            else:
                pending = build / f".add-{i}"
                write_file(arrow, pending)
                os.rename(pending, build / content_name(pending, name))
        if (
            not any(is_data_part(p.name) for p in build.iterdir())
            and not (build / empty_name(table)).exists()
        ):
            write_file(table.schema.empty_table(), build / empty_name(table))
        folder = _publish(vdir, build)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    if switch:
        _switch(data_dir, table, folder)
        collect(data_dir, table)
    return folder


def publish(data_dir: Path, table: Table, folder: Path) -> None:
    _switch(data_dir, table, folder)
    collect(data_dir, table)


def _link(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:  # a filesystem without hard links: a copy keeps the bytes (and the mtime)
        shutil.copy2(src, dest)


def _age(path: Path, now: float) -> float:
    try:
        return now - path.lstat().st_mtime
    except FileNotFoundError:
        return 0.0


def collect(data_dir: Path, table: Table, *, force: bool = False, now: float | None = None) -> list[Path]:
    """Delete this table's old versions and a killed write's leftovers; returns what went.

    A retired version goes ``GRACE_SECONDS`` after it was retired. A version never published,
    a build folder or a temp file goes when over ``LEFTOVER_SECONDS`` old, or at once with
    ``force`` (the caller holds the data lock, so no write is under way).
    """
    now = time.time() if now is None else now
    vdir = versions_dir(data_dir, table)
    link = link_path(data_dir, table)
    cur = current(data_dir, table)

    def old(p: Path) -> bool:
        return force or _age(p, now) > LEFTOVER_SECONDS

    if cur is not None and not link.is_symlink():  # a plain folder of the older layout: its temp files
        return [p for p in cur.glob(".*.tmp") if old(p) and not p.unlink()]
    if not vdir.is_dir() or (link.is_symlink() and cur is None):  # nothing made yet, or a broken link
        return []
    removed: list[Path] = []
    cur_id = int(cur.name) if cur is not None and cur.name.isdigit() else None
    for k in _ids(vdir):
        folder = vdir / f"{k:06d}"
        if k == cur_id:
            continue
        # retired (its mtime is when, see _switch): after the grace period; never published: a leftover
        gone = _age(folder, now) > GRACE_SECONDS if cur_id is not None and k < cur_id else old(folder)
        if gone:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    stale = (
        list(vdir.glob(".*.tmp"))
        + list(vdir.glob("*/.*.tmp"))
        + list(link.parent.glob(f".{link.name}.*.tmp"))
    )
    for p in stale:
        if old(p):
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() and not p.is_symlink() else p.unlink(True)
            removed.append(p)
    return removed
