"""One run of the pipeline, as plain functions: inbox → bronze → silver → gold.

This is what ``flows/ingest.py`` orchestrates, one Prefect task per stage per batch, and what
tests, benchmarks and other runners call directly (:func:`run` runs it all in this process,
no Prefect). With Dask workers, :func:`process` (clean and extract one batch: all of the CPU
work, no writes) runs on a worker, which loads the models and the knowledge base once
(:func:`worker_stages`); the run's own process then writes each batch (:func:`write`), one
after another in order. The stages write only their own layer — bronze intake writes bronze, silver
writes silver, gold writes gold — and the flows never touch storage: what a run does to the
data folder before and after its stages is here (:func:`prepare`, :func:`summary`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import bronze, catalog, gold, names, silver, silver_batches, storage
from .clean import CleanConfig
from .config import PipelineConfig
from .dates import DateConfig
from .errors import WorkerMismatchError
from .knowledge import knowledge_base
from .names import KnowledgeBase, load_kb
from .nlp import NlpConfig

Progress = Callable[[str, int], None]  # (stage, units done): 'files', 'documents_total', 'documents'

log = logging.getLogger("ingest")


@dataclass(frozen=True)
class RunContext:
    """What every stage of one run shares: its id, the knowledge base and the stage settings."""

    cfg: PipelineConfig
    run_id: str
    kb: KnowledgeBase
    clean: CleanConfig
    nlp: NlpConfig
    kb_entries: tuple
    dates: DateConfig = field(default_factory=DateConfig)
    started: float = field(default_factory=time.perf_counter)
    kb_fingerprint: str = ""  # of what cleaning and extraction take from the KB (see worker_stages)


@dataclass(frozen=True)
class Stages:
    """What cleaning and extraction take from the settings and the knowledge base."""

    clean: CleanConfig
    nlp: NlpConfig
    kb_entries: tuple
    dates: DateConfig
    kb_fingerprint: str


def stages(cfg: PipelineConfig, kb: KnowledgeBase) -> Stages:
    """The stage settings of a run over ``cfg`` with this KB (the run's process and every worker)."""
    clean = CleanConfig(name_tokens=kb.latin_name_tokens(), use_file_time=cfg.use_file_time)
    entries = tuple(kb.ruler_entries())
    digest = hashlib.sha256(repr((sorted(clean.name_tokens), entries)).encode()).hexdigest()[:16]
    return Stages(
        clean=clean,
        nlp=silver.entity_config(batch_size=min(cfg.batch_size, 256), n_process=cfg.n_process),
        kb_entries=entries,
        dates=DateConfig(),
        kb_fingerprint=digest,
    )


def _stat(path: Path) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=2)
def _cached_stages(key: PipelineConfig, alias_stats: tuple) -> Stages:
    return stages(key, load_kb(key.alias_files))


def worker_stages(cfg: PipelineConfig, kb_fingerprint: str) -> Stages:
    """The stage settings in a worker process: the KB is loaded once per process (again only when
    an alias file or a setting the stages take changes), and must give what the run's process
    got (``kb_fingerprint``)."""
    key = PipelineConfig(  # only what the stages take: runs over other folders share the load
        alias_files=cfg.alias_files,
        use_file_time=cfg.use_file_time,
        batch_size=cfg.batch_size,
        n_process=cfg.n_process,
    )
    got = _cached_stages(key, tuple(_stat(p) for p in cfg.alias_files))
    if got.kb_fingerprint != kb_fingerprint:
        raise WorkerMismatchError(
            f"worker {os.uname().nodename} pid {os.getpid()} built another knowledge base than the run "
            f"(fingerprint {got.kb_fingerprint}, the run's {kb_fingerprint}): its alias files "
            f"{[str(p) for p in cfg.alias_files]} differ; give every worker the same files at the same paths."
        )
    return got


def new_run_id() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:8]


@contextlib.contextmanager
def locked(cfg: PipelineConfig) -> Iterator[None]:
    """Hold the data folder for one run; a second run waits (see ``storage.exclusive``)."""
    with storage.exclusive(cfg.data):
        yield


def prepare(cfg: PipelineConfig) -> RunContext:
    """Tidy the data folder, load the knowledge base once per run, build the stages' settings.

    Call with the data folder held (:func:`locked`): a killed run's temp files are removed, and
    every table gets its folder, readable even while empty.
    """
    storage.remove_leftovers(cfg.data)
    silver_batches.adopt_legacy_batches(cfg.data)  # a folder from before silver/batches, before it exists
    storage.ensure_tables(cfg.data)
    kb = knowledge_base(cfg.alias_files)  # loaded once per process while its files stay the same
    st = stages(cfg, kb)
    return RunContext(
        cfg=cfg,
        run_id=new_run_id(),
        kb=kb,
        clean=st.clean,
        nlp=st.nlp,
        kb_entries=st.kb_entries,
        dates=st.dates,
        kb_fingerprint=st.kb_fingerprint,
    )


def _nlp_config(cfg: PipelineConfig):
    return silver.entity_config(batch_size=min(cfg.batch_size, 256), n_process=cfg.n_process)


def warm_up(cfg: PipelineConfig) -> None:
    """Load what a run over ``cfg`` needs first (the KB, spaCy and jieba) ahead of it:
    ``ingest serve`` does at start, so that its first run is as quick as the next ones."""
    kb = knowledge_base(cfg.alias_files)
    silver.load_models(_nlp_config(cfg), tuple(kb.ruler_entries()))
    names.warm_up()


def intake(ctx: RunContext, progress: Progress | None = None) -> bronze.IntakeSummary:
    return bronze.intake(
        ctx.cfg.inbox,
        ctx.cfg.data,
        ctx.run_id,
        bronze.IntakeConfig(max_bytes=ctx.cfg.max_bytes, settle_seconds=ctx.cfg.settle_seconds),
        progress=(lambda n: progress("files", n)) if progress else None,
    )


def pending_batches(ctx: RunContext) -> list[list[str]]:
    """The bronze documents silver has not done, in batches of ``batch_size``."""
    return silver.batches(silver.pending_doc_ids(ctx.cfg.data), ctx.cfg.batch_size)


def clean(ctx: RunContext, doc_ids: list[str]) -> silver.CleanedBatch:
    return silver.clean_batch(ctx.cfg.data, doc_ids, ctx.clean)


def extract(ctx: RunContext, batch: silver.CleanedBatch) -> silver.CleanedBatch:
    return silver.extract_batch(batch, ctx.nlp, ctx.kb_entries, ctx.dates)


def process(cfg: PipelineConfig, kb_fingerprint: str, doc_ids: list[str]) -> silver.CleanedBatch:
    """Clean and extract one batch in this process (a Dask worker): reads bronze, writes nothing.

    Takes the run's settings and the KB's fingerprint, not its :class:`RunContext`, so a task
    sends a few hundred bytes instead of the knowledge base.
    """
    st = worker_stages(cfg, kb_fingerprint)
    batch = silver.clean_batch(cfg.data, doc_ids, st.clean)
    return silver.extract_batch(batch, st.nlp, st.kb_entries, st.dates)


def write(ctx: RunContext, batch: silver.CleanedBatch) -> silver.WrittenBatch:
    return silver.write_batch(ctx.cfg.data, batch, ctx.run_id)


COMPACT_PARTS = 64  # an append table with more parts than this is compacted at the end of a run


def build_gold(ctx: RunContext, rebuild: bool = False) -> gold.GoldRun:
    """Gold brought up to date with silver, then compaction of append tables that grew many parts,
    then the DuckDB catalog rebuilt over the tables' new versions when any moved on (the run's last write)."""
    got = gold.build_gold(ctx.cfg.data, ctx.kb, rebuild=rebuild)  # the same KB that fed the entity ruler
    for path, (before, after) in storage.maybe_compact(ctx.cfg.data, COMPACT_PARTS).items():
        log.info("compacted %s: %d parts -> %d", path, before, after)
    catalog.refresh_catalog(ctx.cfg.data)
    return got


def summary(
    ctx: RunContext,
    intake_summary: bronze.IntakeSummary,
    written: list[silver.WrittenBatch],
    gold_run: gold.GoldRun,
) -> dict:
    """The run's summary, as ``ingest run --json`` prints it."""
    quarantined = [q for w in written for q in w.quarantined]
    return dict(
        run_id=ctx.run_id,
        files_seen=intake_summary.seen,
        files_new=intake_summary.new,
        files_unchanged=intake_summary.unchanged,
        files_rejected=intake_summary.rejected + len(quarantined),  # bronze rejections and silver quarantines
        files_skipped=len(intake_summary.skipped),
        files_deleted=len(intake_summary.deleted),
        rejections=intake_summary.rejections + [(q.source_path, q.reason) for q in quarantined],
        skipped=intake_summary.skipped,
        documents_processed=sum(w.processed for w in written),
        documents_quarantined=len(quarantined),
        quarantined=[
            dict(source_path=q.source_path, doc_id=q.doc_id, stage=q.stage, reason_code=q.reason_code)
            for q in quarantined
        ],
        gold_tables_rewritten=gold_run.rewritten(),
        gold=dict(
            mode=gold_run.mode,
            reason=gold_run.reason,
            documents=gold_run.documents,
            bytes_written=gold_run.bytes_written,
        ),
        rows=storage.row_counts(ctx.cfg.data),
        seconds=round(time.perf_counter() - ctx.started, 2),
    )


def log_intake(summary: bronze.IntakeSummary, logger: logging.Logger | logging.LoggerAdapter = log) -> None:
    for path, reason in summary.rejections:
        logger.warning("rejected %s: %s", path, reason)
    for path, reason in summary.skipped:
        logger.info("skipped %s: %s", path, reason)
    for path in summary.deleted:
        logger.info("deleted %s: gone from the inbox, its version left gold", path)


def log_quarantined(
    written: silver.WrittenBatch, logger: logging.Logger | logging.LoggerAdapter = log
) -> None:
    for q in written.quarantined:
        logger.warning("quarantined %s at %s (%s): %s", q.source_path, q.stage, q.reason_code, q.reason)


def run(cfg: PipelineConfig, progress: Progress | None = None) -> dict:
    """One whole run in this process, without Prefect; returns the summary."""
    with locked(cfg):
        ctx = prepare(cfg)
        got = intake(ctx, progress)
        log_intake(got)
        todo = pending_batches(ctx)
        if progress:
            progress("documents_total", sum(map(len, todo)))
        written = []
        for ids in todo:
            w = write(ctx, extract(ctx, clean(ctx, ids)))
            log_quarantined(w)
            written.append(w)
            if progress:
                progress("documents", w.processed)
        return summary(ctx, got, written, build_gold(ctx))
