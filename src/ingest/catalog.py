"""``<data>/catalog.duckdb``: DuckDB views over the Parquet tables, for BI tools and people.

One view per table, in a schema per layer (``gold.mentions`` reads ``gold/mentions/``), and the
views people ask for, in ``main``: mentions with names, document titles, outlets and dates;
entity co-occurrence; an entity timeline; documents with their people's and organisations'
names; offices with their dates. A view with list or struct columns has a ``_flat`` twin for
tools that cannot read them (lists of text joined by '; ', other lists and structs as JSON text).
The catalog holds no data: open it with any DuckDB client (``duckdb -readonly data/catalog.duckdb``,
Superset, DBeaver, Python) and the views read the Parquet files.

Consistency. A table path is a symlink to a version folder (:mod:`ingest.storage`); a reader
that globs through the link can miss a part during a switch. So each table view reads the
folder the link pointed at when the catalog was built (``main.catalog_tables`` lists them),
and the catalog is rebuilt whole (:func:`build_catalog`) at the end of every run that moved a
table on (:func:`refresh_catalog`, called by :func:`ingest.pipeline.build_gold`; a run that
changed nothing leaves the file alone), by ``ingest catalog``, and by ``ingest query`` when a
table moved on since or the views changed (``main.catalog_build`` holds their fingerprint). The file is written under a temp name and renamed over the old one,
so a process that has the catalog open — read-only, as any number may, during a run too —
keeps the catalog it opened, and one that opens it later gets the new one. A retired version
folder stays ``versions.GRACE_SECONDS`` (10 min): a catalog older than that may point at a
folder that is gone (a query fails with "No files found"); ``ingest catalog`` rebuilds it.
The views name the folders by absolute path: a data folder moved elsewhere needs ``ingest catalog``.

The file is written with DuckDB's v1.0.0 storage format, so DuckDB 1.x clients open it too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from . import storage, versions
from .catalog_views import VIEWS, View
from .errors import CatalogError
from .schemas import ALL_TABLES, Table

CATALOG = "catalog.duckdb"
STORAGE_VERSION = "v1.0.0"  # the oldest format DuckDB 2 writes: 1.x clients read it
LAYERS = ("bronze", "silver", "gold")


def catalog_path(data_dir: Path) -> Path:
    return Path(data_dir) / CATALOG


FLAT_RULES = 1  # bump when flat_sql changes what a _flat twin holds


def fingerprint() -> str:
    """What the catalog's views are made of: every table's schema, every view's SQL, the flat
    rules and the storage format; a catalog of another fingerprint is rebuilt."""
    parts = [t.path + "\n" + t.schema.to_string(show_schema_metadata=False) for t in ALL_TABLES]
    parts += [f"{v.qualified}\n{v.sql}" for v in VIEWS] + [f"flat {FLAT_RULES}", STORAGE_VERSION]
    return hashlib.sha256("\n\n".join(parts).encode()).hexdigest()[:16]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _s(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _description(f: pa.Field) -> str:
    return (f.metadata or {}).get(b"description", b"").decode()


def table_view_sql(table: Table, folder: Path) -> str:
    """The view of one table: its declared columns, from the Parquet parts of one version folder
    (parts of an older schema read with NULL for the columns they lack)."""
    cols = ", ".join(_q(f.name) for f in table.schema)
    glob = str(Path(folder).resolve() / "*.parquet")
    return f"SELECT {cols} FROM read_parquet({_s(glob)}, union_by_name = true)"


def current_folders(data_dir: Path) -> dict[str, Path]:
    """Each table's current version folder; a missing table is a :class:`CatalogError`."""
    folders = {t.path: storage.current_folder(data_dir, t) for t in ALL_TABLES}
    missing = [p for p, f in folders.items() if f is None]
    if missing:
        raise CatalogError(
            f"{data_dir} lacks the tables {', '.join(missing)}; run `ingest run --data {data_dir}` first."
        )
    return {p: f for p, f in folders.items() if f is not None}


def create_views(con: Any, sources: Mapping[str, str]) -> None:
    """Create every view on a DuckDB connection, the table views reading ``sources`` (table path →
    the SQL of its rows); then the views of :mod:`ingest.catalog_views` and the flat twins."""
    for layer in LAYERS:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {layer}")
    for t in ALL_TABLES:
        name = f"{t.layer}.{_q(t.name)}"
        con.execute(f"CREATE VIEW {name} AS {sources[t.path]}")
        con.execute(f"COMMENT ON VIEW {name} IS {_s(t.description)}")
        for f in t.schema:
            con.execute(f"COMMENT ON COLUMN {name}.{_q(f.name)} IS {_s(_description(f))}")
    for v in VIEWS:
        con.execute(f"CREATE VIEW {v.qualified} AS {v.sql}")
        con.execute(f"COMMENT ON VIEW {v.qualified} IS {_s(v.description)}")
        for col, text in v.columns:
            con.execute(f"COMMENT ON COLUMN {v.qualified}.{_q(col)} IS {_s(text)}")
    for schema, name in [(t.layer, t.name) for t in ALL_TABLES] + [(v.schema, v.name) for v in VIEWS]:
        flat = flat_sql(con, schema, name)
        if flat is not None:
            con.execute(f"CREATE VIEW {schema}.{_q(name + '_flat')} AS {flat}")
            con.execute(
                f"COMMENT ON VIEW {schema}.{_q(name + '_flat')} IS "
                + _s(
                    f"{schema}.{name} without lists or structs (lists of text joined by '; ', others as JSON)."
                )
            )


def _nested(type_: str) -> bool:
    return type_.endswith("]") or type_.startswith(("STRUCT", "MAP", "UNION"))


def flat_sql(con: Any, schema: str, name: str) -> str | None:
    """The SELECT of a view's flat twin, or None when the view has no list or struct column."""
    cols = con.execute(f"DESCRIBE {schema}.{_q(name)}").fetchall()
    if not any(_nested(c[1]) for c in cols):
        return None
    out = []
    for col, type_, *_ in cols:
        if type_ == "VARCHAR[]":
            out.append(f"array_to_string({_q(col)}, '; ') AS {_q(col)}")
        elif _nested(type_):
            out.append(f"CAST(to_json({_q(col)}) AS VARCHAR) AS {_q(col)}")
        else:
            out.append(_q(col))
    return f"SELECT {', '.join(out)} FROM {schema}.{_q(name)}"


def build_catalog(data_dir: Path) -> Path:
    """Write ``<data>/catalog.duckdb`` anew over the tables' current folders; returns its path.

    Written under a temp name and renamed into place (see the module doc): readers that have the
    old catalog open keep it."""
    import duckdb

    data_dir = Path(data_dir)
    folders = current_folders(data_dir)
    remove_leftovers(data_dir)
    dest = catalog_path(data_dir)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        con = duckdb.connect(str(tmp), config={"storage_compatibility_version": STORAGE_VERSION})
        try:
            con.execute("BEGIN")  # one transaction: a few hundred statements, one write
            sources = {t.path: table_view_sql(t, folders[t.path]) for t in ALL_TABLES}
            create_views(con, sources)
            con.execute("CREATE TABLE main.catalog_tables (table_path VARCHAR, view VARCHAR, folder VARCHAR)")
            con.executemany(
                "INSERT INTO main.catalog_tables VALUES (?, ?, ?)",
                [(t.path, f"{t.layer}.{t.name}", str(folders[t.path].resolve())) for t in ALL_TABLES],
            )
            con.execute("COMMENT ON TABLE main.catalog_tables IS 'The version folder each table view reads.'")
            con.execute("CREATE TABLE main.catalog_build (fingerprint VARCHAR, built_at TIMESTAMPTZ)")
            con.execute(
                "INSERT INTO main.catalog_build VALUES (?, ?)", [fingerprint(), dt.datetime.now(dt.UTC)]
            )
            con.execute(
                "COMMENT ON TABLE main.catalog_build IS 'When the catalog was built, and from which views"
                " and schemas (ingest.catalog.fingerprint).'"
            )
            con.execute("COMMIT")
        finally:
            con.close()
        os.chmod(tmp, 0o666 & ~_umask())  # BI tools open it as other users, as they read the tables
        os.replace(tmp, dest)
    finally:
        for p in (tmp, tmp.with_name(tmp.name + ".wal")):
            p.unlink(missing_ok=True)
    return dest


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_leftovers(data_dir: Path, older_than: float = versions.LEFTOVER_SECONDS) -> list[Path]:
    """Temp files of catalog builds that were killed (over ``older_than`` seconds old)."""
    now, gone = time.time(), []
    for p in Path(data_dir).glob(f".{CATALOG}.*.tmp*"):
        try:
            if now - p.lstat().st_mtime > older_than:
                p.unlink()
                gone.append(p)
        except FileNotFoundError:
            pass
    return gone


def stale(data_dir: Path) -> str:
    """'' when the catalog reads every table's current folder; else why it must be rebuilt."""
    import duckdb

    path = catalog_path(data_dir)
    if not path.exists():
        return "there is no catalog yet"
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            built = dict(con.execute("SELECT table_path, folder FROM main.catalog_tables").fetchall())
            (made_of,) = con.execute("SELECT fingerprint FROM main.catalog_build").fetchone()
    except (duckdb.Error, TypeError) as e:
        return f"the catalog is unreadable or of an older layout ({type(e).__name__})"
    if made_of != fingerprint():
        return "its views or the tables' columns changed (a new version of the product)"
    folders = {p: str(f.resolve()) for p, f in current_folders(data_dir).items()}
    moved = sorted(p for p in folders if built.get(p) != folders[p])
    return f"{', '.join(moved)} moved on since it was built" if moved else ""


def refresh_catalog(data_dir: Path, *, if_present: bool = False) -> bool:
    """Rebuild the catalog when it is missing or stale (see :func:`stale`); returns whether it did.
    A run that changed no table leaves the file as it was. With ``if_present``, a folder without a
    catalog is left without one (``ingest compact`` keeps an existing catalog current)."""
    if (if_present and not catalog_path(data_dir).exists()) or not stale(data_dir):
        return False
    build_catalog(data_dir)
    return True


def connect(data_dir: Path, *, refresh: bool = True) -> Any:
    """A read-only DuckDB connection to the catalog, rebuilt first (with ``refresh``) when it is
    missing or a table moved on since it was built."""
    import duckdb

    if refresh:
        refresh_catalog(data_dir)
    return duckdb.connect(str(catalog_path(data_dir)), read_only=True)


def query(data_dir: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Run ``sql`` on the catalog (read-only); returns the column names and the rows."""
    with connect(data_dir) as con:
        cur = con.execute(sql)
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()


def view_names(con: Any) -> list[tuple[str, str, str]]:
    """(schema, view, comment) of every view in the catalog, sorted."""
    return con.execute(
        "SELECT schema_name, view_name, coalesce(comment, '') FROM duckdb_views() "
        "WHERE NOT internal ORDER BY schema_name <> 'main', schema_name, view_name"
    ).fetchall()


def dictionary_catalog() -> Any:
    """An in-memory catalog over empty tables of the declared schemas (for the data dictionary)."""
    import duckdb

    con = duckdb.connect()
    empty = {}
    for t in ALL_TABLES:
        key = f"empty_{t.layer}_{t.name}"
        con.register(key, t.schema.empty_table())
        empty[t.path] = f"SELECT * FROM {key}"
    create_views(con, empty)
    return con


def views_dictionary() -> str:
    """The views of the catalog as Markdown: each view of :mod:`ingest.catalog_views` with its
    columns, types and descriptions; the table views and flat twins in one list."""
    from .schemas import md_cell

    con = dictionary_catalog()
    out = [
        "## Views in `catalog.duckdb`\n",
        "Every table above is a view `<layer>.<table>` (`gold.mentions`); the views below are in the"
        " default schema. A view with list or struct columns has a `_flat` twin (lists of text joined"
        " by `; `, other lists and structs as JSON text): "
        + ", ".join(f"`{s}.{n}`" for s, n, _ in view_names(con) if n.endswith("_flat"))
        + ".\n",
    ]
    for v in VIEWS:
        types = {c[0]: c[1] for c in con.execute(f"DESCRIBE {v.qualified}").fetchall()}
        out.append(f"### `{v.qualified}`\n\n{v.description}\n")
        out.append("| column | type | description |\n|---|---|---|")
        out += [f"| `{c}` | {md_cell(types[c])} | {md_cell(text)} |" for c, text in v.columns]
        out.append("")
    return "\n".join(out)


def data_dictionary() -> str:
    """The whole data dictionary: every table (:func:`ingest.schemas.data_dictionary`), then the views."""
    from .schemas import data_dictionary as tables

    return tables().rstrip("\n") + "\n\n" + views_dictionary()


def rows_as_dicts(columns: Sequence[str], rows: Sequence[tuple]) -> list[dict]:
    return [dict(zip(columns, r, strict=True)) for r in rows]


__all__ = [
    "CATALOG",
    "View",
    "build_catalog",
    "catalog_path",
    "connect",
    "query",
    "stale",
    "views_dictionary",
]
