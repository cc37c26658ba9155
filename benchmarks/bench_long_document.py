"""Does the cost of one document grow linearly with its length?

Builds single documents of growing size from the sample inbox (English and Chinese
articles repeated) and prints characters per second of cleaning, entity extraction,
dates and name resolution at each size, with each size's rate as a ratio to the
smallest size's rate measured in the same run. Flat ratios mean linear cost; falling
ratios show a stage that grows faster than the document (it found three such stages
that made a 4 MB article take over ten minutes).

    .venv/bin/python benchmarks/bench_long_document.py
    .venv/bin/python benchmarks/bench_long_document.py --sizes 20000 80000 320000
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ingest import silver
from ingest.clean import clean_document
from ingest.dates import extract_dates
from ingest.decode import decode_bytes
from ingest.names import DocContext, load_kb, resolve
from ingest.nlp import EntityExtractor

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {"en": "harbour_daily_scrape_inno_tech.txt", "zh-Hant": "zh_hant_press_release.txt"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000, 400_000])
    args = ap.parse_args()
    kb = load_kb()
    extractor = EntityExtractor(silver.entity_config(), tuple(kb.ruler_entries()))
    extractor.extract([("warm", "Hong Kong 香港", "mixed")])
    print(
        f"{'lang':8} {'chars':>9} {'clean':>10} {'entities':>10} {'dates':>10} {'resolve':>10}  (chars/s; ×rate at smallest size)"
    )
    for lang, name in SAMPLES.items():
        unit = decode_bytes((ROOT / "examples" / "inbox" / name).read_bytes()).text.strip() + "\n\n"
        base: list[float] | None = None
        sizes = sorted(args.sizes)
        warm = False
        for size in [sizes[0], *sizes]:  # the first pass warms caches and is not printed
            text = (unit * (size // len(unit) + 1))[:size]
            rates = []
            t = time.perf_counter()
            doc = clean_document(text, source_path=name)
            rates.append(size / (time.perf_counter() - t))
            t = time.perf_counter()
            mentions = extractor.extract([("d", doc.text_clean, doc.lang)])
            rates.append(size / (time.perf_counter() - t))
            t = time.perf_counter()
            extract_dates("d", doc.text_clean, doc.lang, None)
            rates.append(size / (time.perf_counter() - t))
            t = time.perf_counter()
            resolve(mentions, {"d": DocContext(doc.lang, None, 0, doc.text_clean)}, kb)
            rates.append(size / (time.perf_counter() - t))
            if warm is False:
                warm = True
                continue
            base = base or rates
            cells = " ".join(f"{r:>7,.0f} ×{r / b:.2f}" for r, b in zip(rates, base, strict=True))
            print(f"{lang:8} {size:>9,} {cells}")


if __name__ == "__main__":
    main()
