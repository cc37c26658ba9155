"""The ingest flow: inbox → bronze → silver → gold, one task per stage per batch.

A task run costs ~10 ms in the client and ~70 ms of server CPU, so tasks take
batches of documents (``batch_size``), never one document. Each task body is one
call into :mod:`ingest.pipeline`; the tasks carry names, retries and logging only.

Run it with ``ingest run`` (or ``python -m flows.ingest``); schedule it with
``ingest serve``. Without Prefect, ``ingest.pipeline.run`` does the same run.

On Dask (:func:`flow_for`: ``workers`` or ``dask_address`` set), each batch's cleaning and
extraction is one task submitted to a ``DaskTaskRunner`` (prefect-dask), a few batches ahead
of the writes; the flow's own process writes the batches as they come back, in batch order
(stories depend on the batches before), and runs gold once after them all. A batch whose
task fails (after its retry) wrote nothing, since workers never write; the others are
written, gold runs, and the run fails naming the batches the next run redoes.
"""

# No `from __future__ import annotations` here: Prefect validates flow parameters with
# pydantic against these annotations, which must be real objects when a deployment runs.
import collections
import multiprocessing
import time
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.context import get_run_context
from prefect.states import Cancelled

from ingest import bronze, cluster, gold, pipeline, runs, silver, stopping
from ingest.config import PipelineConfig
from ingest.errors import BatchesFailedError, RunCancelledError
from ingest.pipeline import RunContext
from ingest.serving import deployment_name

from . import server_guard

server_guard.install()  # the ephemeral Prefect server stops when this process dies, however it dies

# Set by the CLI to drive its progress bar: called with (stage, units done).
progress_hook: Callable[[str, int], None] | None = None


def _progress(stage: str, n: int = 1) -> None:
    if progress_hook is not None:
        progress_hook(stage, n)


# Set by `ingest serve` around each run it executes: whether the run was cancelled meanwhile.
cancel_requested: ContextVar[Callable[[], bool] | None] = ContextVar("cancel_requested", default=None)


def _checkpoint(before: str) -> None:
    """Stop here if the run was cancelled: between steps, so every finished batch is kept."""
    asked = cancel_requested.get()
    if asked is not None and asked():
        raise RunCancelledError(
            f"cancelled before {before}; finished batches are kept, the next run does the rest"
        )


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


@task(name="silver-clean-extract", retries=1, **_task)
def process_task(cfg: PipelineConfig, kb_fingerprint: str, doc_ids: list[str]) -> silver.CleanedBatch:
    return pipeline.process(cfg, kb_fingerprint, doc_ids)


@task(name="silver-write", **_task)
def write_task(ctx: RunContext, batch: silver.CleanedBatch) -> silver.WrittenBatch:
    written = pipeline.write(ctx, batch)
    _progress("documents", written.processed)
    return written


@task(name="gold-resolve", **_task)
def gold_task(ctx: RunContext) -> gold.GoldRun:
    return pipeline.build_gold(ctx)


def task_runner(cfg: PipelineConfig, address: str | None = None):
    """The DaskTaskRunner for ``cfg``: on the cluster at ``address`` (or ``cfg.dask_address``),
    else on a local cluster of ``cfg.workers`` processes made for the run."""
    from prefect_dask import DaskTaskRunner

    cluster.quiet_logs()
    address = address or cfg.dask_address
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs=cluster.local_cluster_kwargs(cfg.workers))


def flow_for(cfg: PipelineConfig, address: str | None = None):
    """The ingest flow as ``cfg`` runs it: on Dask when it asks for workers or a cluster (or
    ``address`` names one, as ``ingest serve``'s own cluster), else batch after batch in-process."""
    if not (cfg.parallel or address):
        return ingest_flow
    return ingest_flow.with_options(task_runner=task_runner(cfg, address))


@flow(name="ingest")
def ingest_flow(cfg: PipelineConfig, trigger: str | None = None) -> dict:
    """Ingest ``cfg.inbox`` into ``cfg.data`` and return the run's summary.

    ``trigger`` is what asked for the run (``file`` from ``ingest serve``'s watcher); by
    default ``schedule`` for a run the schedule made and ``manual`` for any other. The run is
    put on record in ``<data>/runs/`` (completed or failed), with a Markdown artifact of its
    summary. One run at a time per data folder: a second run waits for the first (see
    ``storage.exclusive``).
    """
    logger = get_run_logger()
    flow_run = get_run_context().flow_run
    if multiprocessing.parent_process() is not None:  # a run process of `ingest serve`'s runner
        stopping.stop_with_parent()
    trigger = trigger or ("schedule" if flow_run.auto_scheduled else "manual")
    started, stages, ids = runs.now(), {}, {}
    try:
        with pipeline.locked(cfg):
            result = _ingest(cfg, logger, stages, ids)
    except RunCancelledError as e:
        logger.warning("run %s %s", ids.get("run_id", ""), e)
        row = runs.record(
            ids.get("run_id") or pipeline.new_run_id(),
            trigger,
            started,
            runs.now(),
            stage_seconds=stages,
            error=e,
            flow_run_id=str(flow_run.id),
        )
        _on_record(cfg, logger, row)
        return Cancelled(message=str(e))
    except BaseException as e:
        _on_record(
            cfg,
            logger,
            runs.record(
                ids.get("run_id") or pipeline.new_run_id(),
                trigger,
                started,
                runs.now(),
                stage_seconds=stages,
                error=e,
                flow_run_id=str(flow_run.id),
            ),
        )
        raise
    _on_record(
        cfg,
        logger,
        runs.record(
            result["run_id"], trigger, started, runs.now(), result, stages, flow_run_id=str(flow_run.id)
        ),
    )
    create_markdown_artifact(
        runs.summary_markdown(result, stages, trigger),
        key=f"{deployment_name(cfg.data)}-summary",
        description=f"ingest run {result['run_id']}: {cfg.inbox} -> {cfg.data}",
    )
    return result


def _log_batch(logger, i: int, n: int, w: silver.WrittenBatch, started: float) -> None:
    logger.info(
        "silver batch %d/%d: %d document(s), %d quarantined in %.2f s",
        i,
        n,
        w.processed,
        len(w.quarantined),
        time.perf_counter() - started,
    )
    pipeline.log_quarantined(w, logger)


def _silver_here(ctx: RunContext, logger, todo: list[list[str]]) -> list[silver.WrittenBatch]:
    """Every batch in this process, one after another."""
    written = []
    for i, ids in enumerate(todo, 1):
        _checkpoint(f"silver batch {i}/{len(todo)}")
        b = time.perf_counter()
        written.append(write_task(ctx, extract_task(ctx, clean_task(ctx, ids))))
        _log_batch(logger, i, len(todo), written[-1], b)
    return written


AHEAD_PER_WORKER = 2  # batches submitted per worker thread ahead of the writes: busy workers, bounded memory


def _silver_on_dask(ctx: RunContext, logger, todo: list[list[str]], runner):
    """Clean and extract on the workers, a few batches ahead; write here, in batch order.

    Returns the written batches and, for each batch whose task failed, one line saying which.
    """
    from .dask_worker import FlushPrefectOnClose

    runner.client.register_plugin(FlushPrefectOnClose(), name=FlushPrefectOnClose.name)
    threads = sum(runner.client.nthreads().values()) or 1
    logger.info("silver: %d batch(es) on %d Dask worker thread(s)", len(todo), threads)
    queue: collections.deque = collections.deque()
    pending = iter(enumerate(todo, 1))

    def top_up() -> None:
        while len(queue) < AHEAD_PER_WORKER * threads:
            item = next(pending, None)
            if item is None:
                return
            i, ids = item
            queue.append((i, ids, process_task.submit(ctx.cfg, ctx.kb_fingerprint, ids)))

    written, failed = [], []
    top_up()
    while queue:
        i, ids, future = queue.popleft()
        b = time.perf_counter()
        try:
            batch = future.result()
        except Exception as e:  # the task failed after its retry: the batch wrote nothing
            failed.append(f"batch {i} of {len(ids)} document(s) from {ids[0]}: {type(e).__name__}: {e}")
            logger.error("silver batch %d/%d failed: %s", i, len(todo), failed[-1])
            top_up()
            continue
        top_up()  # the workers go on while this process writes
        _checkpoint(f"silver batch {i}/{len(todo)}")
        written.append(write_task(ctx, batch))
        _log_batch(logger, i, len(todo), written[-1], b)
    return written, failed


def _on_record(cfg: PipelineConfig, logger, row: runs.Run) -> None:
    try:
        runs.write(cfg.data, row)
    except OSError as e:  # the run's own outcome matters more than its record
        logger.warning("could not add the run to %s/runs: %s", cfg.data, e)


def _ingest(cfg: PipelineConfig, logger, stages: dict[str, float], ids: dict) -> dict:
    t = time.perf_counter()
    ctx = pipeline.prepare(cfg)
    ids["run_id"] = ctx.run_id
    stages["prepare"] = round(time.perf_counter() - t, 2)
    logger.info("run %s: %s -> %s; prepared in %.2f s", ctx.run_id, cfg.inbox, cfg.data, stages["prepare"])

    _checkpoint("bronze intake")
    t = time.perf_counter()
    intake = intake_task(ctx)
    stages["bronze"] = round(time.perf_counter() - t, 2)
    logger.info(
        "bronze: %d file(s) seen, %d new, %d unchanged, %d rejected, %d skipped in %.2f s",
        intake.seen,
        intake.new,
        intake.unchanged,
        intake.rejected,
        len(intake.skipped),
        stages["bronze"],
    )
    pipeline.log_intake(intake, logger)

    t = time.perf_counter()
    todo = pipeline.pending_batches(ctx)
    _progress("documents_total", sum(map(len, todo)))
    runner = get_run_context().task_runner
    # by name: a run without Dask never imports it; the runner makes its cluster on first use,
    # so a run with nothing new starts none
    if todo and type(runner).__name__ == "DaskTaskRunner":
        written, failed = _silver_on_dask(ctx, logger, todo, runner)
    else:
        written, failed = _silver_here(ctx, logger, todo), []
    stages["silver"] = round(time.perf_counter() - t, 2)
    logger.info("silver: %d document(s) in %.2f s", sum(w.processed for w in written), stages["silver"])

    _checkpoint("gold")
    t = time.perf_counter()
    gold_run = gold_task(ctx)
    stages["gold"] = round(time.perf_counter() - t, 2)
    logger.info(
        "gold: %s, %d document(s) resolved in %.2f s", gold_run.mode, gold_run.documents, stages["gold"]
    )
    if failed:
        raise BatchesFailedError(
            f"{len(failed)} of {len(todo)} batch(es) failed on the workers after their retry "
            f"(first: {failed[0]}); the other batches are in silver and gold, and the next run redoes these."
        )

    result = pipeline.summary(ctx, intake, written, gold_run)
    result["stage_seconds"] = dict(stages)
    logger.info(
        "run %s done in %.1f s; rows: %s",
        ctx.run_id,
        result["seconds"],
        ", ".join(f"{k} {v:,}" for k, v in result["rows"].items()),
    )
    return result


if __name__ == "__main__":
    import sys

    from ingest.config import load_config

    args = sys.argv[1:]
    cfg = load_config(
        overrides={"inbox": Path(args[0]) if args else None, "data": Path(args[1]) if len(args) > 1 else None}
    )
    print(ingest_flow(cfg))
