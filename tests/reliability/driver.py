"""The pipeline's stages in the flow's order, without Prefect, for tests that run many pipelines.

``run_stages`` mirrors ``flows/ingest.py`` ``_ingest`` step for step (intake, pending,
then per batch clean, extract, write, then gold) so a subprocess can run the pipeline
without an ephemeral Prefect server, and a test can run it many times in one process.

The lead will replace this module by the plain pipeline module ``ingest.pipeline`` when
that lands (the flow will then call the same function, and this copy of its order goes).

Run as a script it is the subprocess of ``test_kill9``::

    python driver.py INBOX DATA BATCH_SIZE [KILL_AT MODE] [TRACE_FILE]

``KILL_AT`` (1-based) and ``MODE`` (``before`` | ``mid`` | ``after``) make the process
SIGKILL itself on that call of ``storage._atomic_write``: before writing anything, after
the temp file is written but before its rename, or after the rename. ``TRACE_FILE``
gets one line per write: ``<n>\\t<table folder>\\t<part name>``.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import uuid
from pathlib import Path

from ingest import bronze, gold, silver, storage
from ingest.clean import CleanConfig
from ingest.config import PipelineConfig
from ingest.dates import DateConfig
from ingest.names import load_kb


def run_stages(inbox: Path, data: Path, config: PipelineConfig) -> dict:
    """One run of the pipeline over ``inbox`` into ``data``, as the flow runs it."""
    config = PipelineConfig(**{**config.__dict__, "inbox": Path(inbox), "data": Path(data)})
    with storage.exclusive(config.data):
        run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:8]
        kb = load_kb(config.alias_files)
        clean_config = CleanConfig(name_tokens=kb.latin_name_tokens(), use_file_time=config.use_file_time)
        nlp_config = silver.entity_config(batch_size=min(config.batch_size, 256), n_process=config.n_process)
        kb_entries = tuple(kb.ruler_entries())
        summary = bronze.intake(
            config.inbox, config.data, run_id, bronze.IntakeConfig(max_bytes=config.max_bytes)
        )
        pending = silver.pending_doc_ids(config.data)
        quarantined: list[tuple[str, str]] = []
        for ids in silver.batches(pending, config.batch_size):
            batch = silver.clean_batch(config.data, ids, clean_config)
            batch.docs = silver.extract_batch(batch.docs, nlp_config, kb_entries, DateConfig())
            silver.write_batch(config.data, batch.docs, run_id, batch.quarantined)
            quarantined += [(q.source_path, q.reason) for q in batch.quarantined]
        gold.build_gold(config.data, kb)
        return dict(
            run_id=run_id,
            files_seen=summary.seen,
            files_new=summary.new,
            rejections=summary.rejections + quarantined,
            skipped=list(getattr(summary, "skipped", [])),
            documents_processed=len(pending),
            rows=storage.row_counts(config.data),
        )


def _install_kill(data: Path, kill_at: int, mode: str, trace: Path | None) -> None:
    """Make the ``kill_at``-th call of ``storage._atomic_write`` SIGKILL this process (``mode``)."""
    import tempfile

    import pyarrow.parquet as pq

    if not hasattr(storage, "_atomic_write"):
        raise SystemExit("ingest.storage has no _atomic_write any more: point the kill test at its writer.")
    real = storage._atomic_write
    calls = 0

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def atomic_write(arrow, dest: Path, *args, **kwargs):
        nonlocal calls
        calls += 1
        if trace is not None:
            with open(trace, "a", encoding="utf-8") as fh:
                fh.write(f"{calls}\t{Path(dest).parent.relative_to(data).as_posix()}\t{Path(dest).name}\n")
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

    storage._atomic_write = atomic_write


if __name__ == "__main__":
    inbox, data, batch_size = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    kill_at, mode = (int(sys.argv[4]), sys.argv[5]) if len(sys.argv) > 5 else (0, "none")
    trace = Path(sys.argv[6]) if len(sys.argv) > 6 else None
    _install_kill(data, kill_at, mode, trace)
    run_stages(inbox, data, PipelineConfig(batch_size=batch_size))
    print("finished")
