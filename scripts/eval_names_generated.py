"""Precision and recall of name matching on generated people (no corpus needed).

People come from ``benchmarks/make_corpus.py`` (surnames by real frequency, given-name
characters, each with the HK Government romanisation, pinyin and often an English name).
Pairs:

- true pairs: each person's forms against each other (characters, HK, pinyin, English + HK,
  upper-case HK surname);
- hard negatives: two different people with the same surname, both romanised (one HK, one
  pinyin, and both HK), the pairs where machine translations meet HK releases;
- character negatives: two people with the same surname, characters against romanised.

Two people whose HK or pinyin spellings are identical (homophone names) are left out: no
string can tell them apart, and the count is printed.

Prints precision and recall with and without the KB, the same for the pairs where both forms
are romanised (true pairs among the HK, pinyin and English forms against the pinyin-vs-HK and
HK-vs-HK negatives), and the wrong joins by method.

Usage: .venv/bin/python scripts/eval_names_generated.py [--people 3000] [--seed 0] [--show 10]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_corpus  # noqa: E402

from ingest.names import KnowledgeBase, compare_names, load_kb  # noqa: E402


def forms(p: make_corpus.Person) -> list[str]:
    sur, _, given = p.hk.partition(" ")
    out = [p.hant, p.hk, p.pinyin, f"{sur.upper()} {given}"]
    if p.english:
        out.append(p.en_full)
    return out


def pairs(n_people: int, seed: int) -> tuple[list[tuple[str, str]], dict[str, list[tuple[str, str]]]]:
    cast = make_corpus.Cast(seed)
    people = [cast.person(k) for k in range(n_people)]
    people = list({p.hant: p for p in people}.values())  # one person per Chinese name
    true = [(a, b) for p in people for a, b in itertools.combinations(forms(p), 2)]
    by_surname: dict[str, list[make_corpus.Person]] = defaultdict(list)
    for p in people:
        by_surname[p.surname].append(p)
    rng = random.Random(seed)
    neg: dict[str, list[tuple[str, str]]] = {"pinyin-vs-hk": [], "hk-vs-hk": [], "chars-vs-romanised": []}
    undecidable = 0
    for group in by_surname.values():
        for a, b in itertools.combinations(group, 2):
            if a.hans == b.hans:
                continue
            if a.hk == b.hk or a.pinyin == b.pinyin:  # homophones: no string tells them apart
                undecidable += 1
                continue
            neg["pinyin-vs-hk"] += [(a.pinyin, b.hk), (b.pinyin, a.hk)]
            neg["hk-vs-hk"].append((a.hk, b.hk))
            neg["chars-vs-romanised"] += [(a.hant, b.hk), (a.hant, b.pinyin)]
    print(f"pairs of namesakes left out as undecidable (same HK or same pinyin spelling): {undecidable:,}")
    for k, v in neg.items():
        rng.shuffle(v)
        neg[k] = v[:20_000]
    return true, neg


def _latin(name: str) -> bool:
    return not any("\u3400" <= c <= "\u9fff" for c in name)


def evaluate(true, neg, kb: KnowledgeBase | None, show: int) -> None:
    t0 = time.perf_counter()
    joined = [(a, b) for a, b in true if compare_names(a, b, kb).same]
    tp = len(joined)
    # the pairs where machine translations (pinyin) meet HK releases: both forms romanised
    tp_rom = sum(1 for a, b in joined if _latin(a) and _latin(b))
    n_rom = sum(1 for a, b in true if _latin(a) and _latin(b))
    fp_rom = 0
    fp_total, n_neg = 0, 0
    wrong: Counter[str] = Counter()
    examples: list[str] = []
    for kind, ps in neg.items():
        fp = 0
        for a, b in ps:
            c = compare_names(a, b, kb)
            if c.same:
                fp += 1
                wrong[f"{kind}: {c.method}"] += 1
                if len(examples) < show:
                    examples.append(f"    {a!r} ~ {b!r} {c.score:.2f} {c.method}: {c.explanation}")
        fp_total += fp
        if kind != "chars-vs-romanised":
            fp_rom += fp
        n_neg += len(ps)
        print(f"    {kind:>20}: {fp} wrong joins in {len(ps):,} negatives")
    precision = tp / (tp + fp_total) if tp + fp_total else 1.0
    print(
        f"  precision {precision:.4f} (aim >= 0.995), recall {tp / len(true):.4f}"
        f" ({tp:,} of {len(true):,} true pairs); {n_neg:,} negatives; {time.perf_counter() - t0:.0f} s"
    )
    p_rom = tp_rom / (tp_rom + fp_rom) if tp_rom + fp_rom else 1.0
    print(
        f"  romanised vs romanised: precision {p_rom:.4f}, recall {tp_rom / n_rom:.4f}"
        f" ({tp_rom:,} of {n_rom:,} true pairs; {fp_rom} wrong joins in the pinyin-vs-HK and HK-vs-HK negatives)"
    )
    for k, v in wrong.most_common():
        print(f"    wrong joins, {k}: {v}")
    print("\n".join(examples))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=10, help="wrong joins to print")
    args = ap.parse_args()
    true, neg = pairs(args.people, args.seed)
    print(f"generated people: {args.people:,} (seed {args.seed}); true pairs {len(true):,}")
    for name, kb in (("with the KB", load_kb()), ("without the KB", None)):
        print(f"\n{name}")
        evaluate(true, neg, kb, args.show)


if __name__ == "__main__":
    main()
