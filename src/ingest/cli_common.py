"""What every ``ingest`` command shares: settings and their checks, one-line errors, options.

Kept light (typer and the standard library): ``ingest --help`` imports it, and a usage error
is reported before spaCy, pyarrow or Prefect is imported. Errors are one line on stderr and
exit 2; they say what was wrong and what to do.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

try:  # typer 0.2x parses with its own copy of click
    from typer._click import exceptions as click
except ImportError:  # an older typer, on click itself
    from click import exceptions as click

from .config import (
    LoadedConfig,
    PipelineConfig,
    alias_file_problem,
    data_problem,
    existing_data_problem,
    folder_problem,
    resolve_config,
)
from .errors import IngestError

InboxOpt = Annotated[Path | None, typer.Option("--inbox", help="Folder of articles (only read).")]
DataOpt = Annotated[Path | None, typer.Option("--data", help="Root of bronze/silver/gold Parquet.")]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file (default ./ingest.toml).")
]
BatchSizeOpt = Annotated[int | None, typer.Option(help="Documents per batch (one task per stage per batch).")]
NProcessOpt = Annotated[int | None, typer.Option(help="spaCy processes for English NER.")]
WorkersOpt = Annotated[
    int | None,
    typer.Option(help="Clean and extract batches in parallel on a local Dask cluster of N processes."),
]
DaskAddressOpt = Annotated[
    str | None,
    typer.Option(help="Run the batches on the existing Dask cluster of this scheduler (tcp://host:8786)."),
]
AliasFileOpt = Annotated[list[Path] | None, typer.Option(help="Your own alias file (CSV/YAML); repeatable.")]


def one_line(message: str) -> str:
    return " ".join(str(message).split())


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` as one line on stderr and exit (2: a usage error)."""
    typer.echo(f"{typer.style('error:', fg='red')} {one_line(message)}", err=True)
    raise typer.Exit(code)


# what a value given to an option failed to be, by the error typer's (pydantic) parsing gives
_KINDS = {
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_parsing": "true or false",
}


def usage_line(e: click.UsageError) -> str:
    """A usage error as one line that names the option, the value given and where help is.

    Click's own report is four lines in a box; ``--batch-size abc`` becomes "--batch-size 'abc'
    is not a whole number; see `ingest run --help`."
    """
    where = f"see `{e.ctx.command_path} --help`" if e.ctx is not None else "see `ingest --help`"
    param, cause = getattr(e, "param", None), e.__cause__
    errors = cause.errors() if callable(getattr(cause, "errors", None)) else []
    kind = _KINDS.get(errors[0].get("type", "")) if errors else None
    if kind and param is not None and param.opts:
        flag = next((o for o in param.opts if o.startswith("--")), param.opts[0])
        return f"{flag} {errors[0].get('input')!r} is not {kind}; {where}."
    return f"{one_line(e.format_message()).rstrip('.')}; {where}."


class OneLineErrors(TyperGroup):
    """The ``ingest`` group: a usage error (bad value, unknown option or command) is one line
    on stderr, ``error: ...``, and exit 2, as every other refusal of the CLI."""

    def main(self, args: Any = None, prog_name: Any = None, standalone_mode: bool = True, **extra: Any):
        try:
            rv = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except click.UsageError as e:
            if not standalone_mode:
                raise
            typer.echo(f"{typer.style('error:', fg='red')} {usage_line(e)}", err=True)
            sys.exit(e.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo("aborted", err=True)
            sys.exit(1)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


def warn(message: str) -> None:
    typer.echo(f"{typer.style('warning:', fg='yellow')} {one_line(message)}", err=True)


def settings(config: Path | None, **overrides) -> LoadedConfig:
    """The settings from defaults, ingest.toml (or ``config``), INGEST_* variables and flags;
    a bad value exits 2 with one line, an unknown INGEST_* variable is warned about."""
    try:
        loaded = resolve_config(config, os.environ, overrides)
    except IngestError as e:
        fail(str(e))
    for message in loaded.warnings:
        warn(message)
    return loaded


def load(config: Path | None, **overrides) -> PipelineConfig:
    return settings(config, **overrides).config


def load_kb_or_fail(paths: tuple[Path, ...]):
    """The KB with these alias files, as a run loads it; a missing file or a bad row exits 2."""
    problem = alias_file_problem(paths)
    if problem:
        fail(problem)
    from .knowledge import knowledge_base  # the KB's own parser: ~1 s, only when needed
    from .names.kb import AliasFileError, KBError

    try:
        return knowledge_base(paths)  # the run in this process then uses this KB, not a second load
    except (AliasFileError, KBError) as e:
        fail(str(e))


def check_alias_files(paths: tuple[Path, ...]) -> None:
    """Every alias file exists and reads as the KB reads it (rows checked, errors with file:line)."""
    if paths:
        load_kb_or_fail(paths)


def check_run(cfg: PipelineConfig) -> None:
    """Everything a run over ``cfg`` needs, checked before Prefect starts: the inbox, the data
    folder (a writable folder, or creatable) and the alias files."""
    problem = folder_problem(cfg.inbox, cfg.data)
    if problem:
        fail(problem)
    check_alias_files(cfg.alias_files)


def check_cluster(cfg: PipelineConfig, api_url: str | None) -> None:
    """With ``dask_address``: the scheduler answers and every worker sees the data folder, the
    alias files and the Prefect API (exit 2 with what is wrong where, before the run starts)."""
    if not cfg.dask_address:
        return
    from .cluster import cluster_problem  # distributed: ~1 s to import, only when a cluster is named

    problem = cluster_problem(cfg.dask_address, cfg.data, cfg.alias_files, api_url)
    if problem:
        fail(problem)


def check_data(cfg: PipelineConfig, write: bool = False) -> None:
    """The data folder exists and holds tables (or is empty); with ``write``, is writable too."""
    problem = existing_data_problem(cfg.data) or (data_problem(cfg.data) if write else None)
    if problem:
        fail(problem)
