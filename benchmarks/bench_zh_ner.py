"""Throughput of the Chinese entity stage against raw ``jieba.posseg`` on the same text, same run.

Texts (read by path, never copied): MSRA test and People's Daily 1998 test sentences, joined
into ~1,000-character documents until ``--chars`` characters; the Traditional set is the same
documents through OpenCC ``s2t``.

Printed for each set, in characters per second and as a ratio to the baseline:

* ``raw jieba.posseg.cut`` — the baseline: jieba's POS tagger on the Simplified text (the old
  Chinese stage's main cost);
* ``LAC model alone`` — :meth:`ingest.nlp.zh_model.LacTagger.tag` (batched ONNX + CRF decode);
* ``entity stage`` — :meth:`ingest.nlp.EntityExtractor.extract`: OpenCC alignment, LAC, the
  rules and the knowledge base, offsets mapped back.

Loading is timed apart. Runs alternate baseline and stage ``--repeat`` times and keep the best
of each, so a burst of load from other processes on the shared machine hits both alike; the
figures are still noisy (2 shared cores) — compare ratios, not absolute speeds.

Usage::

    .venv/bin/python benchmarks/bench_zh_ner.py
    .venv/bin/python benchmarks/bench_zh_ner.py --chars 50000 --repeat 3 --threads 2
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

CORPORA = REPO.parent / "shared" / "corpora"


def documents(paths: list[Path], chars: int, doc_chars: int = 1000) -> list[str]:
    """~``doc_chars``-character documents of whole sentences, taken in turn from each corpus."""
    from eval_msra import read_bio

    per_corpus = [iter(read_bio(p, "\t")) for p in paths]
    docs: list[str] = []
    total = 0
    while total < chars and per_corpus:
        for it in list(per_corpus):
            cur = ""
            for text, _ in it:
                cur = f"{cur}\n{text}" if cur else text
                if len(cur) >= doc_chars:
                    break
            if not cur:
                per_corpus.remove(it)
                continue
            docs.append(cur)
            total += len(cur)
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--msra", type=Path, default=CORPORA / "msra_ner_test" / "msra_test_bio.txt")
    ap.add_argument("--pd", type=Path, default=CORPORA / "peoples_daily_1998_time_ner" / "test.char.bio.tsv")
    ap.add_argument("--chars", type=int, default=100_000, help="characters per set (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=3, help="alternating timed runs, best kept (default 3)")
    ap.add_argument("--threads", type=int, default=1, help="ONNX Runtime threads (default 1)")
    args = ap.parse_args()
    for p in (args.msra, args.pd):
        if not p.exists():
            print(f"corpus not found: {p} (pass --msra / --pd PATH)", file=sys.stderr)
            return 2

    import jieba
    import jieba.posseg
    import opencc

    from ingest.nlp import EntityExtractor, NlpConfig
    from ingest.nlp.zh_model import LacTagger, ZhModelConfig

    jieba.setLogLevel(logging.WARNING)
    t0 = time.perf_counter()
    jieba.initialize()
    jieba_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    ext = EntityExtractor(NlpConfig(zh_threads=args.threads))
    ext.chinese  # noqa: B018 - load before timing
    stage_load = time.perf_counter() - t0
    tagger = LacTagger(ZhModelConfig(threads=args.threads))
    print(
        f"load: jieba {jieba_load:.2f} s; Chinese entity stage (LAC, jieba's word tags, wordfreq) {stage_load:.2f} s"
    )

    hans = documents([args.msra, args.pd], args.chars)
    hant = [opencc.OpenCC("s2t").convert(t) for t in hans]
    n = sum(map(len, hans))
    print(f"{len(hans)} documents, {n:,} characters; ONNX Runtime threads: {args.threads}")

    def raw() -> None:
        for t in hans:
            list(jieba.posseg.cut(t))

    runs = {
        "raw jieba.posseg.cut": raw,
        "LAC model alone": lambda: tagger.tag(hans),
        "entity stage (Simplified)": lambda: ext.extract(
            [(str(i), t, "zh-Hans") for i, t in enumerate(hans)]
        ),
        "entity stage (Traditional)": lambda: ext.extract(
            [(str(i), t, "zh-Hant") for i, t in enumerate(hant)]
        ),
    }
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(args.repeat):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    base = best["raw jieba.posseg.cut"]
    for name, secs in best.items():
        print(f"  {name:<28}{n / secs:>10,.0f} chars/s   x{base / secs:5.2f} vs raw jieba.posseg.cut")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
