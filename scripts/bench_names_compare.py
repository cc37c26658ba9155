"""Throughput of name comparison (the work of `ingest names compare --pairs`).

Pairs come from the knowledge base (every KB person's names and generated variants, within a
person and across people sharing a surname — our own data), or with --corpus from the
EveryPolitician and CEDICT clusters. The baseline, measured in the same run on the same pairs,
is rapidfuzz's token_sort_ratio (a plain string similarity that knows nothing of scripts).
Prints pairs/second for compare_names without and with the KB, the baseline, their ratio, and
the end-to-end rate of the CLI on a pairs file (process start-up included).

Usage: .venv/bin/python scripts/bench_names_compare.py [--corpus] [--repeat N]
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz import fuzz  # noqa: E402

from ingest.names import compare_names, load_kb, variants  # noqa: E402
from ingest.names.compare import compare_parsed  # noqa: E402
from ingest.names.parse import parse_name  # noqa: E402


def kb_pairs() -> list[tuple[str, str]]:
    kb = load_kb()
    people: dict[str, list[str]] = {}
    for e in kb:
        if e.kind != "PERSON":
            continue
        forms = e.person_names()
        if e.zh_hans:
            v = variants(e.zh_hans)
            forms += [f for s in ("pinyin", "hk", "wade_giles") for f in v.get(s, [])]
        people[e.id] = list(dict.fromkeys(forms))
    pairs = [(a, b) for fs in people.values() for a, b in itertools.combinations(fs, 2)]
    for (_, fa), (_, fb) in itertools.combinations(people.items(), 2):
        pairs += [(a, b) for a in fa[:6] for b in fb[:6]]
    return pairs


def corpus_pairs() -> list[tuple[str, str]]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_names", ROOT / "scripts" / "eval_names.py")
    ev = importlib.util.module_from_spec(spec)
    sys.modules["eval_names"] = ev
    spec.loader.exec_module(ev)  # type: ignore[union-attr]
    c = ev.DEFAULT_CORPUS
    people = ev.load_everypolitician(c / "everypolitician_hk_legco" / "clusters.jsonl")
    people += ev.load_cedict(c / "cedict_person_names" / "cedict_persons_hk_macau.tsv")
    ev.mark_noise(people)
    return [(a, b) for a, b, _ in ev.make_pairs(people)]


def rate(fn, pairs, repeat: int) -> float:
    t0 = time.perf_counter()
    for _ in range(repeat):
        for a, b in pairs:
            fn(a, b)
    return len(pairs) * repeat / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--corpus", action="store_true", help="use the shared corpora's pairs instead of the KB's"
    )
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pairs = corpus_pairs() if args.corpus else kb_pairs()
    kb = load_kb()
    t0 = time.perf_counter()
    for a, b in pairs:  # cold: caches empty
        compare_names(a, b)
    cold = len(pairs) / (time.perf_counter() - t0)
    parse_name.cache_clear()
    compare_parsed.cache_clear()
    t0 = time.perf_counter()
    for a, b in pairs:
        compare_names(a, b, kb)
    cold_kb = len(pairs) / (time.perf_counter() - t0)
    base = rate(lambda a, b: fuzz.token_sort_ratio(a, b), pairs, args.repeat)
    nokb = rate(lambda a, b: compare_names(a, b), pairs, args.repeat)
    withkb = rate(lambda a, b: compare_names(a, b, kb), pairs, args.repeat)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "pairs.tsv"
        f.write_text("\n".join(f"{a}\t{b}" for a, b in pairs) + "\n", encoding="utf-8")
        exe = ROOT / ".venv" / "bin" / "ingest"
        t0 = time.perf_counter()
        subprocess.run(
            [str(exe), "names", "compare", "--pairs", str(f)], check=False, stdout=subprocess.DEVNULL
        )
        cli = len(pairs) / (time.perf_counter() - t0)
    print(f"pairs: {len(pairs)} ({'corpus' if args.corpus else 'KB names and variants'})")
    print(f"compare_names, cold caches, no KB : {cold:10.0f} pairs/s")
    print(f"compare_names, cold caches, KB    : {cold_kb:10.0f} pairs/s")
    print(f"repeated pairs (cached), no KB    : {nokb:10.0f} pairs/s")
    print(f"repeated pairs (cached), with KB  : {withkb:10.0f} pairs/s")
    print(f"baseline rapidfuzz token_sort     : {base:10.0f} pairs/s")
    print(f"ratio cold no-KB / baseline       : {cold / base:10.4f}")
    print(f"CLI end to end (start-up included): {cli:10.0f} pairs/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
