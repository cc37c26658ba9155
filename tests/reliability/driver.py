"""The pipeline's stages in the flow's order, without Prefect, for tests that run many pipelines.

``run_stages`` mirrors ``flows/ingest.py`` ``_ingest`` step for step (intake, pending,
then per batch clean, extract, write, then gold) so a subprocess can run the pipeline
without an ephemeral Prefect server, and a test can run it many times in one process.

It is ``ingest.pipeline.run``, which the flow's tasks call stage by stage.

Run as a script it is the subprocess of ``test_kill9``::

    python driver.py INBOX DATA BATCH_SIZE [KILL_AT MODE] [TRACE_FILE]

``KILL_AT`` (1-based) and ``MODE`` (``before`` | ``mid`` | ``after``) make the process
SIGKILL itself on that call of ``versions.write_file`` (every Parquet file storage writes): before writing anything, after
the temp file is written but before its rename, or after the rename. ``TRACE_FILE``
gets one line per write: ``<n>\\t<table folder>\\t<part name>``.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
from pathlib import Path

from ingest import pipeline, versions
from ingest.config import PipelineConfig


def run_stages(inbox: Path, data: Path, config: PipelineConfig) -> dict:
    """One run of the pipeline over ``inbox`` into ``data`` (``ingest.pipeline.run``, as the flow runs it).

    Test inboxes are written just before the run, so files count as settled at once.
    """
    config = dataclasses.replace(config, inbox=Path(inbox), data=Path(data), settle_seconds=0)
    return pipeline.run(config)


def _table_of(dest: Path, data: Path) -> str:
    """The table a file is written for: ``bronze/documents`` for ``.versions/bronze/documents/3/…``."""
    parts = dest.relative_to(data).parts
    return "/".join(parts[1:3] if parts[0] == ".versions" else parts[:2])


def _install_kill(data: Path, kill_at: int, mode: str, trace: Path | None) -> None:
    """Make the ``kill_at``-th call of ``versions.write_file`` SIGKILL this process (``mode``)."""
    import tempfile

    import pyarrow.parquet as pq

    if not hasattr(versions, "write_file"):
        raise SystemExit("ingest.versions has no write_file any more: point the kill test at its writer.")
    real = versions.write_file
    calls = 0

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def atomic_write(arrow, dest: Path, *args, **kwargs):
        nonlocal calls
        calls += 1
        if trace is not None:
            with open(trace, "a", encoding="utf-8") as fh:
                fh.write(f"{calls}\t{_table_of(Path(dest), data)}\t{Path(dest).name}\n")
        if calls == kill_at and mode == "before":
            die()
        if calls == kill_at and mode == "mid":
            # what a crash between the temp file and its rename leaves: a finished temp file
            Path(dest).parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{Path(dest).name}.", suffix=".tmp", dir=Path(dest).parent)
            os.close(fd)
            pq.write_table(arrow, tmp, compression="zstd")
            die()
        out = real(arrow, dest, *args, **kwargs)
        if calls == kill_at and mode == "after":
            die()
        return out

    versions.write_file = atomic_write


if __name__ == "__main__":
    inbox, data, batch_size = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    kill_at, mode = (int(sys.argv[4]), sys.argv[5]) if len(sys.argv) > 5 else (0, "none")
    trace = Path(sys.argv[6]) if len(sys.argv) > 6 else None
    _install_kill(data, kill_at, mode, trace)
    run_stages(inbox, data, PipelineConfig(batch_size=batch_size))
    print("finished")
