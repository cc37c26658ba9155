"""Recognizers-Text Chinese datetime specs: value accuracy of ingest.dates on Chinese text.

Reads ``DateTimeModel.json`` (and, with ``--all``, the other Chinese ``*Model*``/``*Parser*``/
``*Extractor*`` spec files) by path. Each case's ``Context.ReferenceDateTime`` is the anchor.
Cases marked ``NotSupported`` or ``NotSupportedByDesign`` (for any platform) are skipped unless
``--include-flagged``.

A gold result counts as correct when our mentions overlapping its span give its value:
- a single value: equal to the gold ``timex`` or to one of its resolved ``value``s (Recognizers
  lists both the past and the future reading of '10月12号'; we give one, preferring the past);
  ``PRESENT_REF`` stands for the reference date ('最近');
- a range ``(start,end,length)``: our mentions give both ends (X in the gold matches any digit;
  an end written to a coarser unit, '2016' for 2016-01-01, counts), or one of them gives the length
  ('过去十年' → P10Y: TIMEX3 has no ranges, so we annotate the length or the two ends).
A case with no gold result counts as correct when we find nothing in it.

    .venv/bin/python scripts/eval_zh_dates.py [--corpus ../shared/corpora/recognizers_text_datetime_specs/Chinese] [--errors]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ingest.dates import extract_dates  # noqa: E402
from ingest.model import DateMention  # noqa: E402


def norm(v: str) -> str:
    """Comparable form: no unknown-day prefix on clock times, no ':00' minutes, no 'T00'."""
    v = re.sub(r"^XXXX-XX-XX(?=T)", "", v)
    v = re.sub(r"(T\d\d):00(?::00)?$", r"\1", v)
    return v


def same(gold: str, ours: str) -> bool:
    g, o = norm(gold), norm(ours)
    if len(g) != len(o):
        return False
    return all(a == b or a == "X" for a, b in zip(g, o, strict=True))


def end_matches(gold_end: str, ours: str) -> bool:
    g, o = norm(gold_end), norm(ours)
    if same(g, o):
        return True
    # '2016' stands for 2016-01-01; '2018-10' for 2018-10-01
    return bool(o) and len(o) < len(g) and same(g[: len(o)], o) and set(g[len(o) :]) <= set("-01T")


def interval(v: str) -> tuple[str, str] | None:
    """[start, end) of a TIMEX3 value that names a whole calendar unit: a decade, year, half, quarter, month."""
    if m := re.fullmatch(r"(\d{3})", v):
        d = int(m[1])
        return f"{d}0-01-01", f"{d + 1}0-01-01"
    if m := re.fullmatch(r"(\d{4})", v):
        return f"{v}-01-01", f"{int(v) + 1}-01-01"
    if m := re.fullmatch(r"(\d{4})-([QH])(\d)", v):
        y, k, n = int(m[1]), m[2], int(m[3])
        size = 3 if k == "Q" else 6
        start = (n - 1) * size + 1
        end_y, end_m = (y + 1, 1) if start + size > 12 else (y, start + size)
        return f"{y}-{start:02d}-01", f"{end_y}-{end_m:02d}-01"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", v):
        y, mo = int(m[1]), int(m[2])
        return f"{y}-{mo:02d}-01", (f"{y + 1}-01-01" if mo == 12 else f"{y}-{mo + 1:02d}-01")
    return None


def correct(result: dict, ours: list[DateMention], ref: dt.date) -> bool:
    s, e = result["Start"], result["End"] + 1
    hits = [m for m in ours if m.start_char < e and s < m.end_char]
    if not hits:
        return False
    values = result["Resolution"].get("values", [])
    vals = [m.value if m.value != "PRESENT_REF" else ref.isoformat() for m in hits]
    for gv in values:
        timex = gv.get("timex", "")
        rng = re.fullmatch(r"\(([^,]+),([^,]+),([^)]+)\)", timex)
        if rng:
            a, b, length = rng.groups()
            if any(v == length for v in vals):
                return True
            if any(end_matches(a, v) for v in vals) and any(end_matches(b, v) for v in vals):
                return True
            if any(
                interval(v) is not None and same(a, interval(v)[0]) and same(b, interval(v)[1]) for v in vals
            ):
                # a whole unit written once: '九十年代' 199 for (1990-01-01,2000-01-01), 2017-Q1
                return True
            continue
        accepted = {timex}
        if gv.get("type") in ("date", "datetime") and gv.get("value", "not resolved") != "not resolved":
            accepted.add(gv["value"][:10] if gv.get("type") == "date" else gv["value"])
        if gv.get("value") == "FUTURE_REF" or timex == "FUTURE_REF":
            accepted.add("FUTURE_REF")
        if any(same(a, v) for a in accepted for v in vals):
            return True
    return False


def _as_model(r: dict) -> dict:
    """A *Parser.json result (Start/Length/Value.Timex) in the DateTimeModel shape (Start/End/Resolution)."""
    if "Resolution" in r:
        return r
    v = r.get("Value") or {}
    values = []
    for side in ("PastResolution", "FutureResolution"):
        res = v.get(side) or {}
        day = res.get("date") or res.get("startDate")
        values.append(
            {"timex": v.get("Timex", ""), "type": r.get("Type", ""), "value": day or "not resolved"}
        )
    return {
        "Text": r["Text"],
        "Start": r["Start"],
        "End": r["Start"] + r["Length"] - 1,
        "Resolution": {"values": values},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared/corpora/recognizers_text_datetime_specs/Chinese"
    )
    ap.add_argument(
        "--all",
        action="store_true",
        help="also the Chinese *Parser.json spec files (Date, Duration, Set, Time …)",
    )
    ap.add_argument(
        "--include-flagged", action="store_true", help="keep cases marked NotSupported/NotSupportedByDesign"
    )
    ap.add_argument("--errors", action="store_true", help="print every case we get wrong")
    ap.add_argument(
        "--lang", default="zh-Hans", help="language passed to extract_dates (en for the English specs)"
    )
    args = ap.parse_args()
    names = ["DateTimeModel.json"]
    if args.all:
        names += sorted(p.name for p in args.corpus.glob("*Parser.json") if p.name not in names)
    tot_ok = tot_n = 0
    for name in names:
        path = args.corpus / name
        if not path.exists():
            raise SystemExit(
                f"{path} not found; pass --corpus DIR (the Recognizers-Text Specs/DateTime/Chinese folder)"
            )
        cases = json.loads(path.read_text(encoding="utf-8-sig"))
        skipped = n = ok = 0
        extra = 0
        for case in cases:
            if not args.include_flagged and (case.get("NotSupported") or case.get("NotSupportedByDesign")):
                skipped += 1
                continue
            ref_s = case.get("Context", {}).get("ReferenceDateTime", "2017-03-22T00:00:00")
            ref = dt.datetime.fromisoformat(ref_s).date()
            ours = extract_dates("rt", case["Input"], args.lang, ref)
            results = [_as_model(r) for r in case.get("Results", [])]
            if not results:
                n += 1
                good = not ours
                ok += good
                if args.errors and not good:
                    print(f"EXTRA  {case['Input']!r}: {[(m.text, m.value) for m in ours]}")
                continue
            for r in results:
                n += 1
                good = correct(r, ours, ref)
                ok += good
                if args.errors and not good:
                    gold = [v.get("timex") for v in r["Resolution"].get("values", [])]
                    print(
                        f"WRONG  {case['Input']!r} [{r['Text']}] gold {gold} ours {[(m.text, m.value) for m in ours]}"
                    )
            covered = [
                m
                for m in ours
                if not any(m.start_char <= r["End"] and r["Start"] < m.end_char for r in results)
            ]
            extra += len(covered)
        print(f"{name}: {ok}/{n} correct = {ok / max(n, 1):.3f}  (cases skipped as NotSupported: {skipped}; "
              f"extra mentions outside gold spans: {extra})")  # fmt: skip
        tot_ok, tot_n = tot_ok + ok, tot_n + n
    if len(names) > 1:
        print(f"all files: {tot_ok}/{tot_n} correct = {tot_ok / max(tot_n, 1):.3f}")


if __name__ == "__main__":
    main()
