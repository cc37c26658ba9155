"""TempEval-3 platinum: TIMEX3 span strict/relaxed F1, value F1 and type accuracy of ingest.dates (English).

Reads every ``.tml`` under ``--corpus`` by path, takes each document's creation time (DCT) as the
anchor, and compares our mentions with the gold TIMEX3s of the <TEXT> part (the DCT itself is not
counted). Relaxed match: the spans overlap; value F1 counts a relaxed match whose value is equal
(precision over our mentions, recall over gold), as the official TempEval-3 scorer does.

    .venv/bin/python scripts/eval_tempeval.py [--corpus ../shared/corpora/tempeval3_platinum] [--errors]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ingest.dates import extract_dates  # noqa: E402

TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse(path: Path) -> tuple[str, dt.date, list[tuple[int, int, str, str]]]:
    """Plain text of <TEXT>, the DCT, and gold (start, end, type, value)."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    if not dct_m:
        raise SystemExit(f"{path}: no DCT with a day value; is this a TempEval .tml file?")
    dct = dt.date.fromisoformat(dct_m.group(1))
    body = raw[raw.index("<TEXT>") + 6 : raw.index("</TEXT>")]
    out: list[str] = []
    n = 0
    gold: list[tuple[int, int, str, str]] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in TAG.finditer(body):
        piece = html.unescape(body[pos : m.start()])
        out.append(piece)
        n += len(piece)
        pos = m.end()
        if m.group(2) == "TIMEX3":
            if m.group(1) == "":
                open_timex = (n, dict(ATTR.findall(m.group(3))))
            elif open_timex is not None:
                start, attrs = open_timex
                gold.append((start, n, attrs.get("type", ""), attrs.get("value", "")))
                open_timex = None
    out.append(html.unescape(body[pos:]))
    return "".join(out), dct, gold


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpora/tempeval3_platinum")
    ap.add_argument("--errors", action="store_true", help="print every miss, false alarm and wrong value")
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.tml"))
    if not files:
        raise SystemExit(f"no .tml files under {args.corpus}; pass --corpus DIR")
    n_gold = n_sys = strict = relaxed = value_ok = type_ok = n_chars = 0
    secs = 0.0
    for path in files:
        text, dct, gold = parse(path)
        t0 = time.perf_counter()
        sys_m = extract_dates(path.stem, text, "en", dct)
        secs += time.perf_counter() - t0
        n_chars += len(text)
        n_gold += len(gold)
        n_sys += len(sys_m)
        used: set[int] = set()
        for gs, ge, gt, gv in gold:
            hit = next(
                (i for i, s in enumerate(sys_m) if i not in used and s.start_char < ge and gs < s.end_char),
                None,
            )
            if hit is None:
                if args.errors:
                    print(f"MISS  {path.stem}: {text[gs:ge]!r} {gt} {gv}")
                continue
            used.add(hit)
            s = sys_m[hit]
            relaxed += 1
            strict += (s.start_char, s.end_char) == (gs, ge)
            type_ok += s.timex_type == gt
            value_ok += s.value == gv
            if args.errors and s.value != gv:
                print(
                    f"VALUE {path.stem}: {text[gs:ge]!r} gold {gt} {gv}  ours {s.text!r} {s.timex_type} {s.value}"
                )
        if args.errors:
            for i, s in enumerate(sys_m):
                if i not in used:
                    print(f"EXTRA {path.stem}: {s.text!r} {s.timex_type} {s.value}")
    sp, sr = strict / n_sys, strict / n_gold
    rp, rr = relaxed / n_sys, relaxed / n_gold
    vp, vr = value_ok / n_sys, value_ok / n_gold
    print(f"TempEval-3 platinum: {len(files)} documents, {n_gold} gold TIMEX3, {n_sys} ours")
    print(f"span strict : P {sp:.3f} R {sr:.3f} F1 {f1(sp, sr):.3f}")
    print(f"span relaxed: P {rp:.3f} R {rr:.3f} F1 {f1(rp, rr):.3f}")
    print(f"value       : P {vp:.3f} R {vr:.3f} F1 {f1(vp, vr):.3f}  (HeidelTime 0.776)")
    print(
        f"type accuracy on relaxed matches: {type_ok / relaxed:.3f}  value accuracy: {value_ok / relaxed:.3f}"
    )
    print(f"throughput  : {n_chars / secs:,.0f} chars/s ({n_chars} chars in {secs:.2f} s)")


if __name__ == "__main__":
    main()
