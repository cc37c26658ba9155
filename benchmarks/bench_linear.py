"""Is every cleaning rule, entity extraction and date extraction linear in the text?

For English and Chinese and three shapes of input (prose paragraphs, one single line, many
short lines), doubles the input (50k -> 100k -> 200k characters by default) and prints, for
each cleaning rule (in the order ``ingest rules`` lists them), for entity extraction and for
date extraction, the seconds at each size and the time ratio per doubling. Linear work
doubles (x2.0); a ratio above 3 is flagged ``<< superlinear``. The per-document budgets
(NlpConfig.max_doc_chars, DateConfig.max_chars) are switched off, so the stages themselves
are measured. The texts are the sample inbox's articles repeated (our own sentences).

    .venv/bin/python benchmarks/bench_linear.py
    .venv/bin/python benchmarks/bench_linear.py --base 20000 --steps 4 --only clean
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
from collections.abc import Callable
from pathlib import Path

from ingest.clean import RULES, CleanConfig, list_rules
from ingest.dates import DateConfig, extract_dates
from ingest.decode import decode_bytes
from ingest.nlp import EntityExtractor, NlpConfig

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {"en": "harbour_daily_scrape_inno_tech.txt", "zh-Hant": "zh_hant_press_release.txt"}
FLAG = 3.0  # a doubling that costs more than this many times is flagged


def shapes(unit: str) -> dict[str, Callable[[int], str]]:
    """Texts of a given length built from one article, in three shapes."""
    one_line = re.sub(r"\s+", " ", unit).strip() + " "
    words = [w for w in re.split(r"(\s+)", unit) if w.strip()] or [unit]
    short = "\n".join(w[:12] for w in words) + "\n"

    def repeat(s: str) -> Callable[[int], str]:
        return lambda n: (s * (n // len(s) + 1))[:n]

    return {
        "prose": repeat(unit.strip() + "\n\n"),
        "one_line": repeat(one_line),
        "short_lines": repeat(short),
    }


def timed(fn: Callable[[], object]) -> float:
    """Best of up to three runs (fewer when one run is slow), in seconds."""
    best = float("inf")
    spent = 0.0
    for _ in range(3):
        t = time.perf_counter()
        fn()
        d = time.perf_counter() - t
        best, spent = min(best, d), spent + d
        if spent > 2.0:
            break
    return best


def stage_times(text: str, lang: str, only: str, extractor: EntityExtractor) -> dict[str, float]:
    """Seconds of each stage on ``text``; each rule sees the text as the rules before it left it."""
    cfg = CleanConfig()
    out: dict[str, float] = {}
    if only in ("all", "clean"):
        for r in RULES:
            out[r.name] = timed(lambda r=r, text=text: r(text, cfg))
            text = r(text, cfg).text
    if only in ("all", "nlp"):
        out["entities"] = timed(lambda: extractor.extract([("d", text, lang)]))
    if only in ("all", "dates"):
        no_limit = DateConfig(max_chars=0)
        out["dates"] = timed(lambda: extract_dates("d", text, lang, None, no_limit))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=50_000, help="smallest size in characters")
    ap.add_argument("--steps", type=int, default=3, help="sizes: base, 2*base, 4*base ...")
    ap.add_argument("--only", choices=["all", "clean", "nlp", "dates"], default="all")
    args = ap.parse_args()
    sizes = [args.base * 2**i for i in range(args.steps)]
    extractor = EntityExtractor(NlpConfig(max_doc_chars=0))
    extractor.extract([("warm", "Hong Kong 香港", "mixed")])
    listed = [name for name, _ in list_rules()]
    print(
        f"stages as `ingest rules` lists them; not timed here (no Rule object): "
        f"{', '.join(n for n in listed if n not in {r.name for r in RULES})}"
    )
    flagged: list[str] = []
    for lang, name in SAMPLES.items():
        unit = decode_bytes((ROOT / "examples" / "inbox" / name).read_bytes()).text
        for shape, make in shapes(unit).items():
            stage_times(make(sizes[0] // 4), lang, args.only, extractor)  # warm caches
            rows = [stage_times(make(n), lang, args.only, extractor) for n in sizes]
            print(f"\n{lang} / {shape}: seconds at " + " -> ".join(f"{n:,}" for n in sizes) + " chars")
            for stage in rows[0]:
                ts = [r[stage] for r in rows]
                ratios = [b / a if a > 1e-4 else float("nan") for a, b in itertools.pairwise(ts)]
                bad = any(x > FLAG for x in ratios if x == x and ts[-1] > 0.02)
                if bad:
                    flagged.append(f"{lang}/{shape}/{stage}")
                cells = " ".join(f"{t:8.3f}" for t in ts)
                rs = " ".join(f"x{x:4.1f}" if x == x else "  -  " for x in ratios)
                print(f"  {stage:18} {cells}   per doubling {rs}{'  << superlinear' if bad else ''}")
    print("\nflagged (ratio > 3 per doubling): " + (", ".join(flagged) if flagged else "none"))


if __name__ == "__main__":
    main()
