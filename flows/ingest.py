"""The ingest flow: inbox → bronze → silver → gold, one task per stage per batch.

A task run costs ~10 ms in the client and ~70 ms of server CPU, so tasks take
batches of documents (``batch_size``), never one document. Each task body is one
call into ``ingest``; the tasks carry names, retries and logging only.

Run it with ``ingest run`` (or ``python -m flows.ingest``); schedule it with
``ingest serve``.
"""

# No `from __future__ import annotations` here: Prefect validates flow parameters with
# pydantic against these annotations, which must be real objects when a deployment runs.
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from ingest import bronze, gold, silver, storage
from ingest.clean import CleanConfig
from ingest.config import PipelineConfig
from ingest.dates import DateConfig
from ingest.names import KnowledgeBase, load_kb
from ingest.nlp import NlpConfig

# Set by the CLI to drive its progress bar: called with (stage, units done).
progress_hook: Callable[[str, int], None] | None = None


def _progress(stage: str, n: int = 1) -> None:
    if progress_hook is not None:
        progress_hook(stage, n)


# Inputs are large lists of documents: hashing them for a cache key would cost more than the work.
_task = dict(cache_policy=NONE, persist_result=False)


@task(name="bronze-intake", **_task)
def intake_task(cfg: PipelineConfig, run_id: str) -> bronze.IntakeSummary:
    return bronze.intake(
        cfg.inbox,
        cfg.data,
        run_id,
        bronze.IntakeConfig(max_bytes=cfg.max_bytes),
        progress=lambda n: _progress("files", n),
    )


@task(name="silver-clean", **_task)
def clean_task(cfg: PipelineConfig, doc_ids: list[str], clean_config: CleanConfig) -> silver.CleanedBatch:
    return silver.clean_batch(cfg.data, doc_ids, clean_config)


@task(name="silver-extract", retries=1, **_task)
def extract_task(
    docs: list[silver.SilverDoc], nlp_config: NlpConfig, kb_entries: tuple, date_config: DateConfig
) -> list[silver.SilverDoc]:
    return silver.extract_batch(docs, nlp_config, kb_entries, date_config)


@task(name="silver-write", **_task)
def write_task(cfg: PipelineConfig, batch: silver.CleanedBatch, run_id: str) -> dict[str, int]:
    counts = silver.write_batch(cfg.data, batch.docs, run_id, batch.quarantined)
    _progress("documents", len(batch.docs) + len(batch.quarantined))
    return counts


@task(name="gold-resolve", **_task)
def gold_task(cfg: PipelineConfig, kb: KnowledgeBase) -> dict[str, bool]:
    return gold.build_gold(cfg.data, kb)


@flow(name="ingest")
def ingest_flow(cfg: PipelineConfig) -> dict:
    """Ingest ``cfg.inbox`` into ``cfg.data`` and return the run's summary.

    One run at a time per data folder: a second run waits for the first (see ``storage.exclusive``).
    """
    with storage.exclusive(cfg.data):
        return _ingest(cfg)


def _ingest(cfg: PipelineConfig) -> dict:
    started = time.perf_counter()
    run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:8]
    logger = get_run_logger()
    kb = load_kb(cfg.alias_files)
    clean_config = CleanConfig(name_tokens=kb.latin_name_tokens(), use_file_time=cfg.use_file_time)
    nlp_config = silver.entity_config(batch_size=min(cfg.batch_size, 256), n_process=cfg.n_process)
    kb_entries = tuple(kb.ruler_entries())

    summary = intake_task(cfg, run_id)
    for path, reason in summary.rejections:
        logger.warning("rejected %s: %s", path, reason)
    for path, reason in summary.skipped:
        logger.info("skipped %s: %s", path, reason)
    for path in summary.deleted:
        logger.info("deleted %s: gone from the inbox, its version left gold", path)
    pending = silver.pending_doc_ids(cfg.data)
    _progress("documents_total", len(pending))
    quarantined: list[tuple[str, str]] = []
    for ids in silver.batches(pending, cfg.batch_size):
        batch = clean_task(cfg, ids, clean_config)
        batch.docs = extract_task(batch.docs, nlp_config, kb_entries, DateConfig())
        write_task(cfg, batch, run_id)
        for q in batch.quarantined:
            logger.warning("quarantined %s: %s", q.source_path, q.reason)
            quarantined.append((q.source_path, q.reason))
    gold_changed = gold_task(cfg, kb)  # the same KB that fed the entity ruler
    return dict(
        run_id=run_id,
        files_seen=summary.seen,
        files_new=summary.new,
        files_unchanged=summary.unchanged,
        files_rejected=summary.rejected + len(quarantined),
        files_skipped=len(summary.skipped),
        files_deleted=len(summary.deleted),
        rejections=summary.rejections + quarantined,
        documents_processed=len(pending),
        gold_tables_rewritten=sorted(k for k, v in gold_changed.items() if v),
        rows=storage.row_counts(cfg.data),
        seconds=round(time.perf_counter() - started, 2),
    )


if __name__ == "__main__":
    import sys

    from ingest.config import load_config

    args = sys.argv[1:]
    cfg = load_config(
        overrides={"inbox": Path(args[0]) if args else None, "data": Path(args[1]) if len(args) > 1 else None}
    )
    print(ingest_flow(cfg))
