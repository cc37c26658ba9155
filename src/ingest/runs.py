"""The ``runs`` table: one row per flow run, in ``<data>/runs/`` — and the run's summary as Markdown.

Each run writes its own Parquet file, ``runs/run-<run_id>.parquet`` (whole or not at all,
through :func:`ingest.versions.write_file`), so runs never rewrite each other's rows and a
run that fails is on record too. BI tools read the folder as one table, e.g. in DuckDB
``SELECT * FROM read_parquet('data/runs/*.parquet')``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from . import records
from .records import schema_of
from .schemas import Run as Run  # the row of one run, declared with the tables

TRIGGERS = ("manual", "schedule", "file")
FOLDER = "runs"

SCHEMA = schema_of(Run)


def record(
    run_id: str,
    trigger: str,
    started_at: datetime,
    finished_at: datetime,
    summary: dict | None = None,
    stage_seconds: dict[str, float] | None = None,
    error: BaseException | None = None,
    flow_run_id: str | None = None,
) -> Run:
    """The row of one run from its summary (``pipeline.summary``), or from the error that ended it."""
    if trigger not in TRIGGERS:
        raise ValueError(f"trigger {trigger!r} is not one of {', '.join(TRIGGERS)}")
    s = summary or {}
    return Run(
        run_id=run_id,
        flow_run_id=flow_run_id,
        trigger=trigger,
        started_at=started_at,
        finished_at=finished_at,
        status=status(error),
        files_seen=s.get("files_seen"),
        files_new=s.get("files_new"),
        files_unchanged=s.get("files_unchanged"),
        files_rejected=s.get("files_rejected"),
        documents_processed=s.get("documents_processed"),
        counts=json.dumps({"rows": s.get("rows", {}), "stage_seconds": stage_seconds or {}}, sort_keys=True),
        error=None if error is None else " ".join(f"{type(error).__name__}: {error}".split()),
    )


def status(error: BaseException | None) -> str:
    """``completed``, ``cancelled`` (asked to stop, from the UI) or ``failed``."""
    from .errors import RunCancelledError

    if error is None:
        return "completed"
    return "cancelled" if isinstance(error, RunCancelledError) else "failed"


def to_arrow(rows: list[Run]) -> pa.Table:
    return records.to_arrow(Run, rows, FOLDER)


def write(data: Path, row: Run) -> Path:
    """Add the run's row to ``<data>/runs/``; returns the file written."""
    from .versions import write_file

    folder = Path(data) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"run-{row.run_id}.parquet"
    write_file(to_arrow([row]), dest)
    return dest


def read(data: Path) -> pa.Table:
    """Every run on record, oldest first (an empty table with the schema when there is none)."""
    import pyarrow.parquet as pq

    files = sorted((Path(data) / FOLDER).glob("run-*.parquet"))
    if not files:
        return SCHEMA.empty_table()
    return pa.concat_tables([pq.read_table(f, schema=SCHEMA) for f in files]).sort_by("started_at")


def now() -> datetime:
    return datetime.now(UTC)


def summary_markdown(s: dict, stage_seconds: dict[str, float], trigger: str) -> str:
    """The run's summary for the Prefect UI: files, rejections with reasons, rows per table, seconds per stage."""

    def cell(text) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = [
        f"# Ingest run `{s['run_id']}` ({trigger})",
        "",
        "| files seen | new | unchanged | rejected | documents processed | seconds |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {s['files_seen']} | {s['files_new']} | {s['files_unchanged']} | {s['files_rejected']} "
        f"| {s['documents_processed']} | {s['seconds']:.1f} |",
        "",
    ]
    if s.get("rejections"):
        lines += ["## Rejected", "", "| file | reason |", "|---|---|"]
        lines += [f"| {cell(p)} | {cell(r)} |" for p, r in s["rejections"]]
        lines.append("")
    lines += ["## Seconds per stage", "", "| stage | seconds |", "|---|---:|"]
    lines += [f"| {stage} | {sec:.2f} |" for stage, sec in stage_seconds.items()]
    lines += ["", "## Rows per table", "", "| table | rows |", "|---|---:|"]
    lines += [f"| {t} | {n:,} |" for t, n in s["rows"].items()]
    return "\n".join(lines) + "\n"
