"""``ingest catalog``, ``ingest query``, ``ingest sql`` and ``ingest report``: gold for BI tools and people.

Mounted on the main CLI by :mod:`ingest.cli`. DuckDB, pyarrow and plotly are imported inside
the commands, so ``ingest --help`` does not load them.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import ConfigOpt, DataOpt, check_data, fail, load
from .errors import IngestError


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _data(data: Path | None, config: Path | None) -> Path:
    cfg = load(config, data=data)
    check_data(cfg)
    if not (cfg.data / "gold").is_dir():
        fail(f"{cfg.data} holds no tables yet; run `ingest run --data {cfg.data}` first.")
    return cfg.data


def catalog_cmd(data: DataOpt = None, config: ConfigOpt = None) -> None:
    """Rebuild <data>/catalog.duckdb: DuckDB views over every table, and the views people ask for.

    Each run rebuilds it at its end; run this after moving the data folder, or to list the views.

    Example: ingest catalog --data data
    """
    folder = _data(data, config)
    from . import catalog

    try:
        path = catalog.build_catalog(folder)
        with catalog.connect(folder, refresh=False) as con:
            views = catalog.view_names(con)
    except IngestError as e:
        fail(str(e))
    typer.echo(f"{path}: {len(views)} views")
    for schema, name, comment in views:
        if not name.endswith("_flat"):
            typer.echo(f"  {schema}.{name}: {comment}")
    typer.echo(
        f"  … and {sum(n.endswith('_flat') for _, n, _ in views)} _flat twins without lists or structs"
    )


def query_cmd(
    sql: Annotated[str, typer.Argument(help="The SQL to run on the catalog's views (read-only).")],
    data: DataOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table, csv or json (a list of objects).")
    ] = Format.table,
) -> None:
    """Run SQL on the DuckDB catalog of the data folder and print the result.

    Example: ingest query "select name, title, published_on from person_mentions limit 5"
    """
    folder = _data(data, config)
    import duckdb

    from . import catalog

    try:
        with catalog.connect(folder) as con:
            rel = con.sql(sql)
            if rel is None:
                return
            columns = rel.columns
            rows = rel.limit(TABLE_ROWS + 1).fetchall() if fmt is Format.table else rel.fetchall()
    except duckdb.Error as e:
        fail(f"the query failed: {str(e).splitlines()[0]} (the views: `ingest catalog --data {folder}`)")
    except IngestError as e:
        fail(str(e))
    if fmt is Format.table:
        _print_table(columns, rows, shutil.get_terminal_size((160, 24)).columns)
    elif fmt is Format.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)
    else:
        typer.echo(
            json.dumps(catalog.rows_as_dicts(columns, rows), ensure_ascii=False, default=str, indent=1)
        )


TABLE_ROWS = 1000  # the table format prints at most this many rows (csv and json print all)
CELL = 32  # a table cell shows at most this many characters (fewer in a terminal under 160 wide)


def _print_table(columns: list[str], rows: list[tuple], width: int) -> None:
    """Rows as a table in ``width`` columns: columns from the left while they fit (a view's first
    columns are its most telling), cells cut at ``CELL`` characters (a fifth of a narrower width,
    12 at least); what is left out is said."""
    from rich.console import Console
    from rich.table import Table

    cell = max(12, min(CELL, width // 5))

    def text(v: object) -> str:
        s = "NULL" if v is None else str(v)
        return s if len(s) <= cell else s[: cell - 1] + "…"

    shown = rows[:TABLE_ROWS]
    cells = [[text(v) for v in r] for r in shown]
    console = Console(width=width, soft_wrap=False)
    used, keep = 1, 0
    for i, name in enumerate(columns):
        w = max([console.measure(name).maximum] + [console.measure(c[i]).maximum for c in cells]) + 3
        if keep and used + w > width:
            break
        used, keep = used + w, keep + 1
    table = Table(*columns[:keep], show_edge=True, header_style="bold")
    for c in cells:
        table.add_row(*c[:keep])
    console.print(table, overflow="ellipsis", crop=True)
    more = f"{len(rows)} rows" if len(rows) <= TABLE_ROWS else f"the first {TABLE_ROWS} rows"
    if keep < len(columns):
        more += (
            f"; {len(columns) - keep} more columns ({', '.join(columns[keep:])}): use --format csv or json"
        )
    console.print(more, style="dim", highlight=False, soft_wrap=True)  # one line, as typed


def sql_cmd(data: DataOpt = None, config: ConfigOpt = None) -> None:
    """Open the interactive DuckDB shell on the catalog, read-only (needs the duckdb CLI on PATH).

    Example: ingest sql --data data
    """
    folder = _data(data, config)
    shell = shutil.which("duckdb")
    if shell is None:
        fail(
            "the duckdb command-line shell is not on PATH: install it (pip install duckdb-cli, or your"
            ' system\'s package), or run SQL with `ingest query "..."`.'
        )
    from . import catalog

    try:
        path = catalog.catalog_path(folder)
        catalog.refresh_catalog(folder)
    except IngestError as e:
        fail(str(e))
    sys.stdout.flush()
    os.execv(shell, [shell, "-readonly", str(path)])


def report_cmd(
    data: DataOpt = None,
    config: ConfigOpt = None,
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path("report.html"),
    top: Annotated[
        int, typer.Option(help="Entities in the timeline, the network and their own sections.")
    ] = 12,
    progress: Annotated[bool, typer.Option(help="Show progress on stderr.")] = True,
) -> None:
    """Write one self-contained HTML report of gold (opens offline: no CDN, the charts' JS inlined).

    Who is mentioned most and when, who appears with whom, coverage by outlet, language and
    month, and a section per top entity with its aliases, offices and documents.

    Example: ingest report --data data --out report.html
    """
    folder = _data(data, config)
    if top < 1:
        fail(f"--top {top} must be 1 or more, e.g. --top 12.")
    if out.is_dir() or not out.parent.is_dir():
        fail(f"--out {out} must be a file in an existing folder, e.g. --out report.html.")
    import duckdb

    from . import report

    def say(step: str) -> None:
        if progress:
            typer.echo(f"report: {step}", err=True)

    try:
        got = report.write_report(folder, out, report.ReportConfig(top=top), progress=say)
    except (IngestError, duckdb.Error) as e:
        fail(str(e), code=1)
    typer.echo(f"{out}: {got.size_bytes / 1e6:.1f} MB, {got.entities} entities, {got.documents} documents")


def mount(app: typer.Typer) -> None:
    app.command("catalog")(catalog_cmd)
    app.command("query")(query_cmd)
    app.command("sql")(sql_cmd)
    app.command("report")(report_cmd)
