"""Rows to Arrow: row records (``Table.to_arrow``, column by column) against dict rows
(``storage.to_arrow``: a key check per row, then ``pa.Table.from_pylist``).

100k generated mention rows (our own names, offsets and scores), for gold/mentions and
silver/mentions, best of ``--repeat`` timings of each path on the same rows, in one run:

- convert: rows already built, to a ``pa.Table`` (the conversion itself);
- build+convert: from the values, as a stage does: a dict per row, or a record per row
  (silver's today: ``dict(asdict(mention), run_id=...)`` per ``Mention``).

Ratios are records / dicts (below 1: records faster). The two paths' tables are checked equal.
Timings on a shared machine are noisy; compare the ratios of one run.

    PYTHONPATH=src python benchmarks/bench_records.py            # 100k rows
    PYTHONPATH=src python benchmarks/bench_records.py 20000 --repeat 5
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import asdict

from ingest import storage
from ingest.model import Mention
from ingest.schemas import GOLD_MENTIONS, SILVER_MENTIONS, GoldMention, SilverMention

NAMES = [
    "李家超",
    "John Lee",
    "林鄭月娥",
    "Carrie Lam",
    "陳茂波",
    "Paul Chan",
    "Legislative Council",
    "立法會",
]
METHODS = ["kb", "variant", "romanisation", "cross-document", "in-document", "key", "unresolved"]


def _values(n: int, seed: int = 7) -> list[tuple]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        start = rnd.randrange(0, 20_000)
        name = rnd.choice(NAMES)
        method = rnd.choice(METHODS)
        resolved = method != "unresolved"
        out.append(
            (
                f"{i // 40:064x}",
                start,
                start + len(name),
                name,
                rnd.choice(["PERSON", "ORG"]),
                f"kb:Q{rnd.randrange(1000)}" if resolved else None,
                method,
                round(rnd.random(), 3),
                "alias matched" if resolved else None,
                None if resolved else [f"kb:Q{rnd.randrange(1000)}", f"h:{rnd.randrange(10**6):x}"],
            )
        )
    return out


_GOLD = [f.name for f in GOLD_MENTIONS.schema]


def gold_dicts(values: list[tuple]) -> list[dict]:
    return [dict(zip(_GOLD, v, strict=True)) for v in values]


def gold_records(values: list[tuple]) -> list[GoldMention]:
    return [
        GoldMention(
            doc_id=d,
            start_char=s,
            end_char=e,
            text=t,
            label=lb,
            entity_id=ent,
            method=m,
            score=sc,
            evidence=ev,
            candidates=c,
        )
        for d, s, e, t, lb, ent, m, sc, ev, c in values
    ]


def silver_mentions(values: list[tuple]) -> list[Mention]:
    return [Mention(d, s, e, t, lb, "spacy:en_core_web_sm") for d, s, e, t, lb, *_ in values]


def silver_dicts(mentions: list[Mention]) -> list[dict]:
    """Today's silver.mention_rows."""
    return [dict(asdict(m), run_id="run-1") for m in mentions]


def silver_records(mentions: list[Mention]) -> list[SilverMention]:
    return [
        SilverMention(
            doc_id=m.doc_id,
            start_char=m.start_char,
            end_char=m.end_char,
            text=m.text,
            label=m.label,
            source=m.source,
            run_id="run-1",
        )
        for m in mentions
    ]


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", nargs="?", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n, rep = args.rows, args.repeat
    values = _values(n)
    mentions = silver_mentions(values)
    cases = [
        ("gold/mentions", GOLD_MENTIONS, lambda: gold_dicts(values), lambda: gold_records(values)),
        (
            "silver/mentions",
            SILVER_MENTIONS,
            lambda: silver_dicts(mentions),
            lambda: silver_records(mentions),
        ),
    ]
    print(f"{n:,} rows, best of {rep}; ratio = records / dicts")
    print(f"{'table':<16} {'step':<14} {'dicts s':>8} {'records s':>10} {'ratio':>6}")
    for name, table, build_dicts, build_records in cases:
        dicts, recs = build_dicts(), build_records()
        t_d, a = best(lambda: storage.to_arrow(table, dicts), rep)  # noqa: B023
        t_r, b = best(lambda: table.to_arrow(recs), rep)  # noqa: B023
        if not a.equals(b):
            raise SystemExit(f"{name}: the two paths give different tables")
        print(f"{name:<16} {'convert':<14} {t_d:>8.3f} {t_r:>10.3f} {t_r / t_d:>6.2f}")
        t_d, _ = best(lambda: storage.to_arrow(table, build_dicts()), rep)  # noqa: B023
        t_r, _ = best(lambda: table.to_arrow(build_records()), rep)  # noqa: B023
        print(f"{name:<16} {'build+convert':<14} {t_d:>8.3f} {t_r:>10.3f} {t_r / t_d:>6.2f}")


if __name__ == "__main__":
    main()
