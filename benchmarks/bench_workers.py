"""Batches on Dask: one worker against two, on the same documents of the generated corpus.

Writes N articles with ``benchmarks/make_corpus.py`` (same seed, so the same documents every
time), starts one local Prefect server for the whole benchmark (Dask workers are processes
and must report to the run's API), then runs the ingest flow on that inbox on a local cluster
of 1 worker and of 2 (``--baseline``: first in the flow's own process too, no Dask), each into
a fresh data folder. Prints for each run the wall time (cluster start to cluster closed),
stage seconds, and the CPU seconds each worker process and the run's process used; then the
2-against-1 ratio (whole run and silver stage), and the per-task overhead of prefect-dask:
the mean round trip of an empty task on a 1-worker cluster. Checks that the data folders
hold the same tables (run columns aside).

On a machine shared with other work the wall ratio says as much about the others as about
this: the load average is printed with each run, and the CPU seconds show where the time
went (the workers' NLP, in parallel, against the run's process: stories, writes, gold, in
series).

    python benchmarks/bench_workers.py [--docs 1000] [--batch-size 100] [--baseline]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "benchmarks")]

RUN_COLUMNS = {"run_id", "ingested_at", "seen_at", "rejected_at", "quarantined_at", "committed_at"}


def tables(data: Path) -> dict[str, list[str]]:
    from ingest import storage
    from ingest.schemas import ALL_TABLES

    out = {}
    for t in ALL_TABLES:
        cols = [c for c in t.schema.names if c not in RUN_COLUMNS]
        out[t.path] = sorted(repr(r) for r in storage.read_table(data, t, cols).to_pylist())
    return out


def _cpu() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def _warm(cfg, fingerprint: str) -> float:
    """On a worker: import what a task needs, load the KB and the models, extract two sentences
    (spaCy and jieba load lazily); returns the worker's CPU seconds so far."""
    import flows.ingest  # noqa: F401  (what unpickling a task imports)
    from ingest import pipeline, silver

    st = pipeline.worker_stages(cfg, fingerprint)
    docs = [
        ("en", "Mr Alfred Sit visited the Science Park on Tuesday.", "en"),
        ("zh", "孫東今日表示。", "zh-Hant"),
    ]
    list(silver._extractor(st.nlp, st.kb_entries).extract(docs))
    return _cpu()


def run(inbox: Path, data: Path, batch_size: int, workers: int) -> dict:
    """One run; with workers, on a LocalCluster made here (as ``--workers`` makes it) so that its
    workers' CPU seconds can be asked before it closes."""
    import distributed

    from flows.ingest import flow_for
    from ingest.cluster import local_cluster_kwargs
    from ingest.config import PipelineConfig

    cfg = PipelineConfig(inbox=inbox, data=data, batch_size=batch_size, settle_seconds=0, workers=workers)
    t, cpu = time.perf_counter(), _cpu()
    if not workers:
        summary = flow_for(cfg)(cfg)
        summary["worker_cpu"] = []
    else:
        with (
            distributed.LocalCluster(**local_cluster_kwargs(workers)) as local,
            distributed.Client(local, set_as_default=False) as client,
        ):
            from ingest import pipeline

            fingerprint = pipeline.stages(cfg, pipeline.load_kb(cfg.alias_files)).kb_fingerprint
            w = time.perf_counter()
            loaded = client.run(_warm, cfg, fingerprint)  # every worker at once
            summary_warm = time.perf_counter() - w
            summary = flow_for(cfg, local.scheduler_address)(cfg)
            done = client.run(_cpu)
            summary["warm_wall"] = summary_warm
            summary["worker_load_cpu"] = [loaded[a] for a in sorted(done)]
            summary["worker_cpu"] = [done[a] for a in sorted(done)]
    summary["wall"] = time.perf_counter() - t
    summary["run_cpu"] = _cpu() - cpu
    return summary


def task_overhead(n: int = 20) -> float:
    """Mean seconds of one empty task's round trip (submit, run on the worker, result) on a
    1-worker cluster, one task at a time, after one to warm the worker up."""
    from prefect import flow, task
    from prefect_dask import DaskTaskRunner

    from ingest.cluster import local_cluster_kwargs

    @task(name="empty")
    def empty(i: int) -> int:
        return i

    @flow(name="bench-overhead", task_runner=DaskTaskRunner(cluster_kwargs=local_cluster_kwargs(1)))
    def measure() -> float:
        empty.submit(-1).result()
        t = time.perf_counter()
        for i in range(n):
            empty.submit(i).result()
        return (time.perf_counter() - t) / n

    return measure()


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--baseline", action="store_true", help="also run in the flow's own process (no Dask)")
    args = ap.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    os.environ["PREFECT_HOME"] = str(scratch / ".prefect")
    os.environ.pop("PREFECT_API_URL", None)
    from make_corpus import write_corpus

    import flows  # noqa: F401  (Prefect's offline defaults)
    from flows.local_server import LocalServer

    write_corpus(args.docs, scratch / "inbox", seed=args.seed)
    server = LocalServer(log=scratch / "server.log")
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        from ingest.cluster import quiet_logs

        quiet_logs()
        print(
            f"{args.docs} documents of the generated corpus (seed {args.seed}), batches of {args.batch_size}"
        )
        print(f"before: {load()}, {os.cpu_count()} cores")
        got = {}
        for workers in (0, 1, 2) if args.baseline else (1, 2):
            s = run(scratch / "inbox", scratch / f"data-{workers}", args.batch_size, workers)
            got[workers] = s
            st = s["stage_seconds"]
            what = "in the flow's process" if workers == 0 else f"{workers} Dask worker(s)"
            print(
                f"  {what:22} wall {s['wall']:6.1f} s (flow {s['seconds']:6.1f} s): prepare {st['prepare']:5.1f}, "
                f"bronze {st['bronze']:5.1f}, silver {st['silver']:6.1f}, gold {st['gold']:5.1f}; "
                f"{s['documents_processed'] / s['wall']:5.1f} docs/s; {load()}"
            )
            if workers:
                print(
                    f"  {'':22} workers loaded in {s['warm_wall']:.1f} s; CPU s: run's process {s['run_cpu']:6.1f}; "
                    "each worker loading + batches: "
                    + ", ".join(
                        f"{a:.1f} + {b - a:.1f}"
                        for a, b in zip(s["worker_load_cpu"], s["worker_cpu"], strict=True)
                    )
                )
        one, two = got[1], got[2]
        # with a core for each worker and nothing else running: the run's process works in series
        # with the batches (its CPU), the loading and the batches run in parallel
        ideal = [r["run_cpu"] + max(r["worker_cpu"]) for r in (one, two)]
        print(
            f"CPU-bound estimate, no other load (run's process + the busiest worker): 1 worker {ideal[0]:.1f} s, "
            f"2 workers {ideal[1]:.1f} s, ×{ideal[0] / ideal[1]:.2f}"
        )
        batches = [
            [b - a for a, b in zip(r["worker_load_cpu"], r["worker_cpu"], strict=True)] for r in (one, two)
        ]
        print(
            f"batches' CPU, models loaded: 1 worker {batches[0][0]:.1f} s, the busier of 2 {max(batches[1]):.1f} s: "
            f"×{batches[0][0] / max(batches[1]):.2f} (silver's ratio with a free core per worker)"
        )
        print(
            f"2 workers vs 1: whole run ×{one['wall'] / two['wall']:.2f}, "
            f"silver stage ×{one['stage_seconds']['silver'] / two['stage_seconds']['silver']:.2f}"
            + (f"; 1 worker vs the flow's process: ×{got[0]['wall'] / one['wall']:.2f}" if 0 in got else "")
        )
        cost = task_overhead()
        n_batches = -(-args.docs // args.batch_size)
        print(
            f"per-task overhead of prefect-dask (empty task, 1 worker): {cost * 1000:.0f} ms; "
            f"{n_batches} batch tasks: {cost * n_batches:.1f} s of the run"
        )
        first, *rest = (tables(scratch / f"data-{w}") for w in got)
        print(f"the {len(got)} data folders hold the same tables: {all(first == r for r in rest)}")
        print(f"after: {load()}")
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


if __name__ == "__main__":
    main()
