"""People's Daily 1998 TIME spans: span P/R/F1 of the Chinese date tagger (extraction only, no values).

Reads the character-level BIO file (char TAB tag, blank line between sentences) by path and
compares our mentions with its TIME spans, strictly (same offsets) and relaxed (overlap). The
corpus has no publication dates, so mentions are found without an anchor. Also prints throughput.

    .venv/bin/python scripts/eval_pd_time.py [--path ../shared/corpora/peoples_daily_1998_time_ner/test.char.bio.tsv] [--errors N]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ingest.dates import extract_dates  # noqa: E402


def sentences(path: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """(text, gold TIME spans) per sentence."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    chars: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if chars:
                spans, start = [], None
                for i, t in enumerate([*tags, "O"]):
                    if start is not None and t != "I-TIME":
                        spans.append((start, i))
                        start = None
                    if t == "B-TIME":
                        start = i
                out.append(("".join(chars), spans))
            chars, tags = [], []
            continue
        ch, _, tag = line.partition("\t")
        chars.append(ch[:1] or " ")
        tags.append(tag.strip())
    return out


def merge_adjacent(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and out[-1][1] == s:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--path",
        type=Path,
        default=ROOT.parent / "shared/corpora/peoples_daily_1998_time_ner/test.char.bio.tsv",
    )
    ap.add_argument("--types", default="DATE,TIME,DURATION,SET",
                    help="which of our TIMEX3 types to count (the corpus tags points in time, rarely lengths)")  # fmt: skip
    ap.add_argument("--merge-adjacent", action="store_true",
                    help="join gold spans that touch ('１９９７年' '１２月' '２９日' are three word-level spans in the corpus)")  # fmt: skip
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent misses and false alarms")
    args = ap.parse_args()
    if not args.path.exists():
        raise SystemExit(f"{args.path} not found; pass --path FILE (char TAB BIO tag per line)")
    sents = sentences(args.path)
    types = set(args.types.split(","))
    n_gold = n_sys = strict = relaxed_g = relaxed_s = 0
    misses: collections.Counter[str] = collections.Counter()
    extras: collections.Counter[str] = collections.Counter()
    t0 = time.perf_counter()
    n_chars = 0
    for text, gold in sents:
        n_chars += len(text)
        ours = [
            (m.start_char, m.end_char)
            for m in extract_dates("pd", text, "zh-Hans", None)
            if m.timex_type in types
        ]
        gold = merge_adjacent(gold) if args.merge_adjacent else gold
        n_gold += len(gold)
        n_sys += len(ours)
        strict += len(set(gold) & set(ours))
        relaxed_g += sum(any(s < ge and gs < e for s, e in ours) for gs, ge in gold)
        relaxed_s += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in ours)
        misses.update(text[s:e] for s, e in gold if not any(a < e and s < b for a, b in ours))
        extras.update(text[s:e] for s, e in ours if not any(a < e and s < b for a, b in gold))
    secs = time.perf_counter() - t0

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    sp, sr = strict / max(n_sys, 1), strict / max(n_gold, 1)
    rp, rr = relaxed_s / max(n_sys, 1), relaxed_g / max(n_gold, 1)
    print(f"types counted: {','.join(sorted(types))}; gold spans merged when adjacent: {args.merge_adjacent}")
    print(f"People's Daily TIME: {len(sents)} sentences, {n_chars} chars, {n_gold} gold spans, {n_sys} ours")
    print(f"span strict : P {sp:.3f} R {sr:.3f} F1 {f1(sp, sr):.3f}")
    print(f"span relaxed: P {rp:.3f} R {rr:.3f} F1 {f1(rp, rr):.3f}")
    print(f"throughput  : {n_chars / secs:,.0f} chars/s ({secs:.2f} s)")
    if args.errors:
        print("most frequent misses:", misses.most_common(args.errors))
        print("most frequent false alarms:", extras.most_common(args.errors))


if __name__ == "__main__":
    main()
