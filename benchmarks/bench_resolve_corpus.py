"""Does name resolution cost grow linearly with the corpus when the same people recur?

A news corpus names the same people again and again: one legislator outside the knowledge
base may be mentioned thousands of times across English and Chinese articles. This builds
corpora of growing size from a fixed cast of such names (English, HK romanisation and
characters; people sharing surnames, so clusters are compared with each other) and prints
mentions per second of the resolver at each size, with each rate as a ratio to the smallest
size's rate in the same run. Flat ratios mean linear cost. It found the resolver comparing
each mention with every earlier mention of its cluster (12,000 mentions took 36 s, 14 times
3,000's); clusters now compare distinct forms, and a name seen before goes where it went.

    .venv/bin/python benchmarks/bench_resolve_corpus.py
    .venv/bin/python benchmarks/bench_resolve_corpus.py --sizes 5000 20000 80000
"""

from __future__ import annotations

import argparse
import time

from ingest.model import Mention
from ingest.names import DocContext, load_kb, resolve

CAST = [
    ("en", "Vivian Kwok"),
    ("en", "KWOK Wai-man"),
    ("en", "Vivian KWOK Wai-man"),
    ("zh-Hant", "郭慧雯"),
    ("en", "Kelvin Kwok"),
    ("zh-Hant", "郭家明"),
    ("en", "Kwok Ka-ming"),
    ("en", "Ms Kwok"),
    ("en", "Chan Tai-man"),
    ("zh-Hans", "陈大文"),
    ("en", "Peter Chan"),
    ("en", "Mr Chan"),
]


def corpus(n_mentions: int) -> tuple[list[Mention], dict[str, DocContext]]:
    docs: dict[str, DocContext] = {}
    mentions: list[Mention] = []
    per_doc = 6
    for i in range(n_mentions // per_doc):
        names = [CAST[(i * 5 + j) % len(CAST)] for j in range(per_doc)]
        text, spans = "", []
        for _, name in names:
            spans.append((len(text), len(text) + len(name), name))
            text += name + " said. "
        doc_id = f"d{i:07d}"
        docs[doc_id] = DocContext(names[0][0], None, i, text)
        mentions += [Mention(doc_id, s, e, t, "PERSON", "bench") for s, e, t in spans]
    return mentions, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[3_000, 12_000, 48_000])
    args = ap.parse_args()
    kb = load_kb()
    resolve(*corpus(600), kb)  # warm the romanisation tables and caches
    print(f"{'mentions':>9} {'docs':>7} {'seconds':>8} {'mentions/s':>11}  (× rate at smallest size)")
    base = None
    for n in args.sizes:
        ms, docs = corpus(n)
        t0 = time.perf_counter()
        res = resolve(ms, docs, kb)
        dt = time.perf_counter() - t0
        rate = len(ms) / dt
        base = base or rate
        linked = sum(1 for m in res.mentions if m["entity_id"])
        print(
            f"{len(ms):9d} {len(docs):7d} {dt:8.2f} {rate:11.0f}  ×{rate / base:.2f}"
            f"  ({linked} linked, {len(res.entities) - sum(1 for e in res.entities if e['in_kb'])} entities outside the KB)"
        )


if __name__ == "__main__":
    main()
