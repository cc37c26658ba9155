"""The ``runs`` table: one row per flow run, in ``<data>/runs/`` — and the run's summary as Markdown.

Each run writes its own Parquet file, ``runs/run-<run_id>.parquet`` (whole or not at all,
through :func:`ingest.versions.write_file`), so runs never rewrite each other's rows and a
run that fails is on record too. BI tools read the folder as one table, e.g. in DuckDB
``SELECT * FROM read_parquet('data/runs/*.parquet')``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

TRIGGERS = ("manual", "schedule", "file")
FOLDER = "runs"

SCHEMA = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("flow_run_id", pa.string()),  # the Prefect flow run (None when run without Prefect)
        pa.field("trigger", pa.string(), nullable=False),  # manual / schedule / file
        pa.field("started_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("finished_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("status", pa.string(), nullable=False),  # completed / failed / cancelled
        pa.field("files_seen", pa.int64()),
        pa.field("files_new", pa.int64()),
        pa.field("files_unchanged", pa.int64()),
        pa.field("files_rejected", pa.int64()),
        pa.field("documents_processed", pa.int64()),
        pa.field("counts", pa.string()),  # JSON: rows per table and seconds per stage
        pa.field("error", pa.string()),  # "Type: message" of a failed run
    ]
)


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    trigger: str
    started_at: datetime
    finished_at: datetime
    status: str
    flow_run_id: str | None = None
    files: dict[str, int] = field(default_factory=dict)
    documents_processed: int | None = None
    counts: dict = field(default_factory=dict)
    error: str | None = None


def record(
    run_id: str,
    trigger: str,
    started_at: datetime,
    finished_at: datetime,
    summary: dict | None = None,
    stage_seconds: dict[str, float] | None = None,
    error: BaseException | None = None,
    flow_run_id: str | None = None,
) -> RunRecord:
    """The row of one run from its summary (``pipeline.summary``), or from the error that ended it."""
    if trigger not in TRIGGERS:
        raise ValueError(f"trigger {trigger!r} is not one of {', '.join(TRIGGERS)}")
    s = summary or {}
    files = {k: s[k] for k in ("files_seen", "files_new", "files_unchanged", "files_rejected") if k in s}
    return RunRecord(
        run_id=run_id,
        trigger=trigger,
        started_at=started_at,
        finished_at=finished_at,
        status=status(error),
        flow_run_id=flow_run_id,
        files=files,
        documents_processed=s.get("documents_processed"),
        counts={"rows": s.get("rows", {}), "stage_seconds": stage_seconds or {}},
        error=None if error is None else " ".join(f"{type(error).__name__}: {error}".split()),
    )


def status(error: BaseException | None) -> str:
    """``completed``, ``cancelled`` (asked to stop, from the UI) or ``failed``."""
    from .errors import RunCancelledError

    if error is None:
        return "completed"
    return "cancelled" if isinstance(error, RunCancelledError) else "failed"


def to_arrow(rows: list[RunRecord]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            dict(
                run_id=r.run_id,
                flow_run_id=r.flow_run_id,
                trigger=r.trigger,
                started_at=r.started_at,
                finished_at=r.finished_at,
                status=r.status,
                files_seen=r.files.get("files_seen"),
                files_new=r.files.get("files_new"),
                files_unchanged=r.files.get("files_unchanged"),
                files_rejected=r.files.get("files_rejected"),
                documents_processed=r.documents_processed,
                counts=json.dumps(r.counts, sort_keys=True),
                error=r.error,
            )
            for r in rows
        ],
        schema=SCHEMA,
    )


def write(data: Path, row: RunRecord) -> Path:
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
