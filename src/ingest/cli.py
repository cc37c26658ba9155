"""The ``ingest`` command line: a thin layer over the library and the flows.

Importing this module stays light (typer and the standard library): spaCy, jieba, pyarrow
and Prefect are imported only inside the commands that use them, so ``ingest --help``
answers at once and a usage error is reported before any of them loads.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import (
    AliasFileOpt,
    BatchSizeOpt,
    ConfigOpt,
    DaskAddressOpt,
    DataOpt,
    InboxOpt,
    NProcessOpt,
    OneLineErrors,
    WorkersOpt,
    check_cluster,
    check_data,
    check_run,
    fail,
    load,
    load_kb_or_fail,
    settings,
)
from .errors import IngestError

app = typer.Typer(
    help="Bilingual news ingestion: inbox → bronze → silver → gold Parquet.\n\n"
    "Example: ingest run --inbox examples/inbox --data data",
    no_args_is_help=True,
    add_completion=False,
    cls=OneLineErrors,
)


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True)  # one line per message, whatever the width


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"ingest {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Bilingual news ingestion: inbox → bronze → silver → gold Parquet."""


@contextlib.contextmanager
def _prefect_api(needed: bool) -> Iterator[str | None]:
    """The Prefect API a run reports to: ``PREFECT_API_URL`` when set; else, when ``needed`` (Dask
    workers are processes of their own and must share the run's API), a local server for as long
    as this lasts; else None (the flow's process starts Prefect's ephemeral server itself)."""
    if os.environ.get("PREFECT_API_URL") or not needed:
        yield os.environ.get("PREFECT_API_URL")
        return
    from flows.local_server import LocalServer, ServerStartError  # sets PREFECT_HOME's default

    home = Path(os.environ["PREFECT_HOME"]).expanduser()
    server = LocalServer(log=home / "ingest-server.log")
    try:
        server.start()
    except ServerStartError as e:
        fail(str(e), code=1)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server.api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def _run_flow(cfg, show_progress: bool) -> dict:
    from flows import ingest as ingest_flows  # Prefect is imported only here

    flow = ingest_flows.flow_for(cfg)
    if not show_progress:
        return flow(cfg)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_console(stderr=True),
        transient=True,
    ) as bar:
        files = bar.add_task("reading inbox", total=None)
        docs = bar.add_task("processing documents", total=None, visible=False)

        def hook(stage: str, n: int) -> None:
            if stage == "files":
                bar.advance(files, n)
            elif stage == "documents_total":
                bar.update(docs, total=n, visible=True)
            elif stage == "documents":
                bar.advance(docs, n)

        ingest_flows.progress_hook = hook
        try:
            return flow(cfg)
        finally:
            ingest_flows.progress_hook = None


def _report_to_server(cfg) -> None:
    """Runs go to the Prefect server set up (PREFECT_API_URL, a profile), which must answer, or
    to that of the `ingest serve` running for this data folder, so they show in its UI; with
    neither, to Prefect's ephemeral mode."""
    from flows.local_server import ServerUnreachableError, run_server  # no Prefect yet

    try:
        run_server(cfg.data, say=lambda msg: typer.echo(msg, err=True))
    except ServerUnreachableError as e:
        fail(str(e))


def _print_summary(s: dict) -> None:
    from rich.table import Table as RichTable

    out = _console()
    out.print(
        f"[bold]run {s['run_id']}[/bold]: files seen {s['files_seen']}, new {s['files_new']}, "
        f"unchanged {s['files_unchanged']}, rejected {s['files_rejected']}; "
        f"documents processed {s['documents_processed']}; {s['seconds']:.1f} s"
    )
    for path, reason in s["rejections"]:
        out.print(f"  [yellow]rejected[/yellow] {path}: {reason}", highlight=False)
    for path, reason in s.get("skipped", []):
        out.print(f"  [dim]skipped[/dim] {path}: {reason}", highlight=False)
    if s.get("files_deleted"):
        out.print(f"  {s['files_deleted']} file(s) gone from the inbox: their versions left gold")
    g = s.get("gold") or {}
    if g.get("mode") == "rebuild":
        out.print(
            f"  gold resolved from all of silver ({g['documents']:,} documents): {g['reason']}",
            highlight=False,
        )
    elif g.get("documents"):
        out.print(f"  gold: {g['documents']:,} new document(s) resolved, earlier ones kept", highlight=False)
    t = RichTable("table", "rows", title="rows per table")
    for name, n in s["rows"].items():
        t.add_row(name, f"{n:,}")
    out.print(t)


@app.command()
def run(
    inbox: InboxOpt = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    batch_size: BatchSizeOpt = None,
    n_process: NProcessOpt = None,
    alias_file: AliasFileOpt = None,
    workers: WorkersOpt = None,
    dask_address: DaskAddressOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Ingest every new file in the inbox, once, into bronze, silver and gold.

    Example: ingest run --inbox ../shared/corpora/seeds --data /tmp/news --workers 2
    """
    from .stopping import EXIT_CODE

    cfg = load(
        config,
        inbox=inbox,
        data=data,
        batch_size=batch_size,
        n_process=n_process,
        alias_files=tuple(alias_file) if alias_file else None,
        workers=workers,
        dask_address=dask_address,
    )
    check_run(cfg)
    _report_to_server(cfg)
    err = _console(stderr=True)
    try:
        with _prefect_api(cfg.parallel) as api_url:
            check_cluster(cfg, api_url)
            summary = _run_flow(cfg, progress and not as_json)
    except typer.Exit:  # a usage error found before the run started (exit 2), or a server that did not start
        raise
    except KeyboardInterrupt as e:
        err.print("[yellow]stopped[/yellow]: finished batches are kept; the next run does the rest.")
        raise typer.Exit(EXIT_CODE) from e
    except Exception as e:  # the run itself failed: say so, exit non-zero (rejected files are not failures)
        err.print(f"[red]the run failed:[/red] {type(e).__name__}: {e}")
        err.print("Finished batches are kept and no table is half-written: rerun once the cause is fixed.")
        raise typer.Exit(1) from e
    if as_json:
        _console().print_json(json.dumps(summary, default=str))
    else:
        _print_summary(summary)


@app.command("config")
def config_cmd(
    inbox: InboxOpt = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    batch_size: BatchSizeOpt = None,
    n_process: NProcessOpt = None,
    alias_file: AliasFileOpt = None,
    workers: WorkersOpt = None,
    dask_address: DaskAddressOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON: {name: {value, from}}.")] = False,
) -> None:
    """Print the effective settings and where each came from (default, ingest.toml, env, flag).

    The output is itself a valid ingest.toml; the same flags as `run` show their effect.

    Example: INGEST_BATCH_SIZE=50 ingest config --data /srv/news/data
    """
    from dataclasses import asdict

    from .config import as_toml

    loaded = settings(
        config,
        inbox=inbox,
        data=data,
        batch_size=batch_size,
        n_process=n_process,
        alias_files=tuple(alias_file) if alias_file else None,
        workers=workers,
        dask_address=dask_address,
    )
    if as_json:
        values = asdict(loaded.config)
        typer.echo(
            json.dumps(
                {k: {"value": v, "from": loaded.origins[k]} for k, v in values.items()},
                default=str,
                ensure_ascii=False,
            )
        )
    else:
        typer.echo(as_toml(loaded))


@app.command()
def status(data: DataOpt = None, config: ConfigOpt = None) -> None:
    """Rows per table in the data folder.

    Example: ingest status --data data
    """
    cfg = load(config, data=data)
    check_data(cfg)
    from rich.table import Table as RichTable

    from . import storage
    from .schemas import ALL_TABLES

    t = RichTable("table", "rows", "parts")
    counts = storage.row_counts(cfg.data)
    for table in ALL_TABLES:
        t.add_row(table.path, f"{counts[table.path]:,}", str(len(storage.parts(cfg.data, table))))
    _console().print(t)


@app.command()
def compact(
    data: DataOpt = None,
    config: ConfigOpt = None,
    table: Annotated[
        str | None, typer.Option("--table", help="One table (default: every append table).")
    ] = None,
    min_parts: Annotated[
        int, typer.Option("--min-parts", help="Compact once a table has this many small parts.")
    ] = 8,
) -> None:
    """Merge an append table's many small parts into few; readers see the table before or after, never between.

    Example: ingest compact --data data --table silver/mentions
    """
    if min_parts < 2:
        fail(f"--min-parts {min_parts} must be 2 or more (merging one part into one does nothing).")
    cfg = load(config, data=data)
    check_data(cfg, write=True)
    from . import storage
    from .schemas import ALL_TABLES

    tables = {t.path: t for t in ALL_TABLES if t.mode == "append"}
    if table is not None and table not in tables:
        fail(f"{table!r} is not an append table; choose one of {', '.join(tables)}.")
    with storage.exclusive(cfg.data):
        merged = storage.compact(cfg.data, tables.get(table), min_parts=min_parts)
        if merged:
            from . import catalog

            catalog.refresh_catalog(cfg.data, if_present=True)  # its views read the tables' new versions
    for path, (before, after) in merged.items():
        typer.echo(f"{path}: {before} parts -> {after}")
    if not merged:
        typer.echo(f"nothing to compact: no table has {min_parts} or more small parts")


@app.command()
def rebuild(data: DataOpt = None, config: ConfigOpt = None) -> None:
    """Rebuild gold from silver: every current document resolved again, in ingestion order.

    Runs do this by themselves when the KB, an alias file or the resolver changed, or a file was
    edited or deleted; otherwise they resolve only new documents. The result is the same.

    Example: ingest rebuild --data data
    """
    cfg = load(config, data=data)
    check_data(cfg, write=True)
    if not (cfg.data / "silver").is_dir():
        fail(f"{cfg.data} holds no silver tables to rebuild gold from; run `ingest run` first.")
    kb = load_kb_or_fail(cfg.alias_files)
    from . import gold, storage

    with storage.exclusive(cfg.data):
        storage.ensure_tables(cfg.data)
        got = gold.build_gold(cfg.data, kb, rebuild=True)
        from . import catalog

        catalog.refresh_catalog(cfg.data, if_present=True)  # its views read gold's new versions
    typer.echo(
        f"gold rebuilt from {got.documents:,} documents; tables rewritten: {', '.join(got.rewritten()) or 'none'}"
    )


@app.command()
def schema() -> None:
    """Print the data dictionary (every table and column, and the catalog's views) as Markdown.

    Example: ingest schema > docs/data_dictionary.md
    """
    from .catalog import data_dictionary

    print(data_dictionary())


@app.command()
def rules() -> None:
    """List the cleaning rules, in the order they run.

    Example: ingest rules
    """
    from .clean import list_rules

    out = _console()
    for name, description in list_rules():
        out.print(f"[bold]{name}[/bold]: {description}")


@app.command()
def explain(
    path: Annotated[Path, typer.Argument(help="An article file (any encoding the inbox accepts).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show what cleaning does to one article: every change, by rule, and the metadata read.

    Example: ingest explain examples/inbox/harbour_daily_scrape_inno_tech.txt
    """
    from dataclasses import asdict

    from .bronze import read_sidecar
    from .clean import clean_document
    from .decode import decode_bytes

    try:
        decoded = decode_bytes(path.read_bytes())
        doc = clean_document(decoded.text, source_path=path.name, supplied=read_sidecar(path))
    except (OSError, IngestError) as e:
        fail(f"{path}: {e}")
    meta = {k: (v if isinstance(v, list) or v is None else str(v)) for k, v in asdict(doc.meta).items()}
    out = _console()
    if as_json:
        out.print_json(
            json.dumps(
                dict(
                    encoding=decoded.encoding,
                    lang=doc.lang,
                    metadata=meta,
                    changes=[dict(rule=r, before=b, after=a) for r, b, a in doc.changes],
                ),
                ensure_ascii=False,
            )
        )
        return
    out.print(f"[bold]{path}[/bold]: {decoded.encoding}, {doc.lang}, {len(doc.changes)} change(s)")
    for rule, before, after in doc.changes:
        out.print(f"  [cyan]{rule}[/cyan]: [red]{before!r}[/red] → [green]{after!r}[/green]", highlight=False)
    for key, value in meta.items():
        if value:
            out.print(f"  {key}: {value}", highlight=False)


@app.command()
def watch(
    inbox: InboxOpt = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    interval: Annotated[float, typer.Option(help="Seconds between looks at the inbox when polling.")] = 10.0,
    settle: Annotated[float, typer.Option(help="Seconds a change must stay still before a run.")] = 5.0,
    max_runs: Annotated[int | None, typer.Option(help="Stop after this many runs (default: never).")] = None,
    poll: Annotated[
        bool, typer.Option("--poll", help="Look at the inbox by polling, not file events (network shares).")
    ] = False,
) -> None:
    """Run the flow whenever files arrive or change in the inbox (file events; polling on network shares).

    Example: ingest watch --inbox /srv/news/inbox --data /srv/news/data --settle 5
    """
    from .schedule import interval_problem, settle_problem

    cfg = load(config, inbox=inbox, data=data)
    problem = (
        interval_problem(interval)
        or settle_problem(settle)
        or (f"--max-runs {max_runs} must be 1 or more." if max_runs is not None and max_runs < 1 else None)
    )
    if problem:
        fail(problem)
    check_run(cfg)
    _report_to_server(cfg)
    from .watch import InboxWatcher, how_watched, inbox_waker, next_look

    watcher = InboxWatcher(cfg.inbox)
    waker = inbox_waker(cfg.inbox, poll, interval, say=lambda msg: typer.echo(msg, err=True))
    runs = 0
    typer.echo(f"watching {cfg.inbox} {how_watched(waker, interval)} (Ctrl-C to stop)")
    try:
        while max_runs is None or runs < max_runs:
            if watcher.changed(settle=settle):
                _print_summary(_run_flow(cfg, show_progress=False))
                runs += 1
                continue  # files that came during the run are looked at now
            waker.wait(next_look(watcher, waker, interval))
    except KeyboardInterrupt:
        typer.echo("stopped")
    finally:
        waker.close()


@app.command()
def serve(
    inbox: InboxOpt = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    cron: Annotated[str | None, typer.Option(help="Cron schedule, e.g. '*/15 * * * *'.")] = None,
    interval: Annotated[int, typer.Option(help="Seconds between scheduled runs (when no --cron).")] = 900,
    watch: Annotated[
        bool, typer.Option(help="Also start a run when files arrive or change in the inbox.")
    ] = True,
    poll: Annotated[
        bool, typer.Option("--poll", help="Look at the inbox by polling, not file events (network shares).")
    ] = False,
    poll_interval: Annotated[
        float, typer.Option(help="Seconds between looks at the inbox when polling.")
    ] = 1.0,
    settle: Annotated[float, typer.Option(help="Seconds a change must stay still before a run.")] = 2.0,
    workers: WorkersOpt = None,
    dask_address: DaskAddressOpt = None,
) -> None:
    """Run the flow as a service: on a schedule and when files arrive, every run in the Prefect UI.

    With no Prefect server set up (PREFECT_API_URL, or a Prefect profile's), a local one (API
    and UI on 127.0.0.1) is started first and stopped on exit; else that server is used. The
    deployment is named after the data folder; a second serve for the same folder is refused,
    and `ingest run` over it reports to this serve's server. With --workers N, one local Dask
    cluster serves every run (its workers keep the models loaded); with --dask-address, runs go
    to that cluster.

    Example: ingest serve --inbox /srv/news/inbox --data /srv/news/data --cron '*/15 * * * *'
    """
    import os

    from .schedule import cron_problem, interval_problem, settle_problem

    cfg = load(config, inbox=inbox, data=data, workers=workers, dask_address=dask_address)
    problem = (
        (cron_problem(cron) if cron is not None else interval_problem(interval))
        or interval_problem(poll_interval, "--poll-interval")
        or settle_problem(settle)
    )
    if problem:
        fail(problem)
    check_run(cfg)
    # the runs' INFO lines (counts, seconds per stage) reach the API
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL", "INFO")
    from flows.local_server import ServerStartError, ServerUnreachableError, prefect_server

    from .serving import ServeRunningError, claim

    say = lambda msg: typer.echo(msg, err=True)  # noqa: E731
    try:
        with claim(cfg.data) as presence, prefect_server(say) as (api_url, ui_url):
            presence.publish(api_url, ui_url)
            if ui_url:
                say(f"Prefect UI: {ui_url}")
            check_cluster(cfg, api_url)
            from flows.serve import serve_ingest  # Prefect is imported only here, once everything is checked

            serve_ingest(
                cfg,
                cron=cron,
                interval=interval,
                watch=watch,
                settle=settle,
                poll_interval=poll_interval,
                poll=poll,
                say=say,
            )
    except ServeRunningError as e:
        fail(str(e))
    except ServerUnreachableError as e:
        fail(str(e))
    except ServerStartError as e:
        fail(str(e), code=1)
    except KeyboardInterrupt:
        pass
    say("stopped")


def _mount_names() -> None:
    from .cli_names import entities_app, names_app

    app.add_typer(names_app, name="names")
    app.add_typer(entities_app, name="entities")


def _mount_data() -> None:
    from .cli_data import mount

    mount(app)


_mount_names()
_mount_data()

if __name__ == "__main__":
    app()
