"""The ingest flow: inbox → bronze → silver → gold, one task per stage per batch.

A task run costs ~10 ms in the client and ~70 ms of server CPU, so tasks take
batches of documents (``batch_size``), never one document. Each task body is one
call into :mod:`ingest.pipeline`; the tasks carry names, retries and logging only.

Run it with ``ingest run`` (or ``python -m flows.ingest``); schedule it with
``ingest serve``. Without Prefect, ``ingest.pipeline.run`` does the same run.
"""

# No `from __future__ import annotations` here: Prefect validates flow parameters with
# pydantic against these annotations, which must be real objects when a deployment runs.
from collections.abc import Callable
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from ingest import bronze, gold, pipeline, silver
from ingest.config import PipelineConfig
from ingest.pipeline import RunContext

from . import server_guard

server_guard.install()  # the ephemeral Prefect server stops when this process dies, however it dies

# Set by the CLI to drive its progress bar: called with (stage, units done).
progress_hook: Callable[[str, int], None] | None = None


def _progress(stage: str, n: int = 1) -> None:
    if progress_hook is not None:
        progress_hook(stage, n)


# Inputs are large lists of documents: hashing them for a cache key would cost more than the work.
_task = dict(cache_policy=NONE, persist_result=False)


@task(name="bronze-intake", **_task)
def intake_task(ctx: RunContext) -> bronze.IntakeSummary:
    return pipeline.intake(ctx, _progress)


@task(name="silver-clean", **_task)
def clean_task(ctx: RunContext, doc_ids: list[str]) -> silver.CleanedBatch:
    return pipeline.clean(ctx, doc_ids)


@task(name="silver-extract", retries=1, **_task)
def extract_task(ctx: RunContext, batch: silver.CleanedBatch) -> silver.CleanedBatch:
    return pipeline.extract(ctx, batch)


@task(name="silver-write", **_task)
def write_task(ctx: RunContext, batch: silver.CleanedBatch) -> silver.WrittenBatch:
    written = pipeline.write(ctx, batch)
    _progress("documents", written.processed)
    return written


@task(name="gold-resolve", **_task)
def gold_task(ctx: RunContext) -> gold.GoldRun:
    return pipeline.build_gold(ctx)


@flow(name="ingest")
def ingest_flow(cfg: PipelineConfig) -> dict:
    """Ingest ``cfg.inbox`` into ``cfg.data`` and return the run's summary.

    One run at a time per data folder: a second run waits for the first (see ``storage.exclusive``).
    """
    with pipeline.locked(cfg):
        return _ingest(cfg)


def _ingest(cfg: PipelineConfig) -> dict:
    logger = get_run_logger()
    ctx = pipeline.prepare(cfg)
    intake = intake_task(ctx)
    pipeline.log_intake(intake, logger)
    todo = pipeline.pending_batches(ctx)
    _progress("documents_total", sum(map(len, todo)))
    written = []
    for ids in todo:
        batch = extract_task(ctx, clean_task(ctx, ids))
        written.append(write_task(ctx, batch))
        pipeline.log_quarantined(written[-1], logger)
    return pipeline.summary(ctx, intake, written, gold_task(ctx))


if __name__ == "__main__":
    import sys

    from ingest.config import load_config

    args = sys.argv[1:]
    cfg = load_config(
        overrides={"inbox": Path(args[0]) if args else None, "data": Path(args[1]) if len(args) > 1 else None}
    )
    print(ingest_flow(cfg))
