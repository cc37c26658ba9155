"""Whole-pipeline benchmark: time per stage and peak memory, against reading the same files.

Builds an inbox of N documents from the sample inbox (and the seeds, when beside the
project), each copy made distinct by a numbered line so nothing deduplicates, then runs
the stages directly (no Prefect) and prints documents/s and MB/s per stage, each stage's
cost as a ratio to reading+decoding the same files in the same run, and peak RSS.

    .venv/bin/python benchmarks/bench_pipeline.py --docs 200
    .venv/bin/python benchmarks/bench_pipeline.py --docs 1000 --batch-size 200
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from ingest import bronze, gold, silver
from ingest.clean import CleanConfig
from ingest.dates import DateConfig
from ingest.decode import decode_bytes
from ingest.names import load_kb

ROOT = Path(__file__).resolve().parents[1]


def build_inbox(dest: Path, n_docs: int, sources: list[Path]) -> int:
    """Copy the sources round-robin until ``n_docs`` files; returns bytes written."""
    articles = [p for d in sources if d.is_dir() for p in sorted(bronze.inbox_files(d))]
    total = 0
    for i in range(n_docs):
        src = articles[i % len(articles)]
        raw = src.read_bytes()
        text = decode_bytes(raw).text
        out = dest / f"{i:05d}_{src.name}"
        out.write_text(f"{text}\n\n(copy {i})\n", encoding="utf-8")
        side = src.with_name(src.name + bronze.SIDECAR_SUFFIX)
        if side.exists():
            shutil.copy(side, out.with_name(out.name + bronze.SIDECAR_SUFFIX))
        total += out.stat().st_size
    return total


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument(
        "--corpus", type=Path, action="append", help="folders of articles (default: examples + seeds)"
    )
    args = ap.parse_args()
    sources = args.corpus or [ROOT / "examples" / "inbox", ROOT.parent / "shared" / "corpora" / "seeds"]

    with tempfile.TemporaryDirectory() as tmp:
        inbox, data = Path(tmp) / "inbox", Path(tmp) / "data"
        inbox.mkdir()
        size = build_inbox(inbox, args.docs, sources)
        mb = size / 1e6

        t = time.perf_counter()
        for p in bronze.inbox_files(inbox):
            decode_bytes(p.read_bytes())
        base = time.perf_counter() - t

        stages: dict[str, float] = {}
        t = time.perf_counter()
        kb = load_kb()
        clean_config = CleanConfig(name_tokens=kb.latin_name_tokens())
        entries = tuple(kb.ruler_entries())
        nlp_config = silver.entity_config()
        stages["load knowledge base"] = time.perf_counter() - t

        t = time.perf_counter()
        bronze.intake(inbox, data, "bench", bronze.IntakeConfig(settle_seconds=0))  # written just now
        stages["bronze intake"] = time.perf_counter() - t
        stages["silver clean"] = stages["silver extract"] = stages["silver write"] = 0.0
        for ids in silver.batches(silver.pending_doc_ids(data), args.batch_size):
            t = time.perf_counter()
            batch = silver.clean_batch(data, ids, clean_config)
            stages["silver clean"] += time.perf_counter() - t
            t = time.perf_counter()
            batch = silver.extract_batch(batch, nlp_config, entries, DateConfig())
            stages["silver extract"] += time.perf_counter() - t
            t = time.perf_counter()
            silver.write_batch(data, batch, "bench")
            stages["silver write"] += time.perf_counter() - t
        t = time.perf_counter()
        gold.build_gold(data, kb)
        stages["gold resolve"] = time.perf_counter() - t

    total = sum(stages.values())
    print(f"documents: {args.docs}  size: {mb:.2f} MB  batch size: {args.batch_size}")
    print(f"{'stage':22} {'seconds':>8} {'docs/s':>9} {'MB/s':>8} {'× read+decode':>14}")
    print(f"{'read+decode (baseline)':22} {base:8.2f} {args.docs / base:9.0f} {mb / base:8.2f} {1:14.1f}")
    for name, sec in [*stages.items(), ("total", total)]:
        print(f"{name:22} {sec:8.2f} {args.docs / sec:9.1f} {mb / sec:8.3f} {sec / base:14.1f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
