"""Cleaning throughput against merely reading and decoding the same files.

    .venv/bin/python benchmarks/bench_clean.py [--corpus DIR ...] [--repeat N]

Prints MB/s (of file bytes) for reading+decoding alone and for reading+decoding+cleaning
(``ingest.clean.clean_document``: HTML extraction, all rules, metadata, language), and
the ratio of the two, both measured in this run. Files are ``*.txt``, ``*.htm``,
``*.html``; ``.meta.json`` sidecars are passed as supplied metadata, not timed as files.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ingest.clean import clean_document  # noqa: E402

DEFAULT_CORPORA = (
    ROOT.parent / "shared" / "corpora" / "seeds",
    ROOT.parent / "shared" / "corpora" / "hkgov_press_releases_html_en",
)
SUFFIXES = (".txt", ".htm", ".html")
NOT_ARTICLES = frozenset({"PROVENANCE", "README", "LICENSE"})  # corpus notes, not articles


def files_in(dirs: list[Path]) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        if not d.is_dir():
            print(f"skipping {d}: not a directory", file=sys.stderr)
            continue
        out += sorted(
            p
            for p in d.rglob("*")
            if p.suffix.lower() in SUFFIXES and p.is_file() and p.stem.upper() not in NOT_ARTICLES
        )
    return out


def decode(raw: bytes) -> str:
    for enc in ("utf-8", "utf-16", "gb18030", "big5"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def read_decode(paths: list[Path]) -> list[str]:
    return [decode(p.read_bytes()) for p in paths]


def read_decode_clean(paths: list[Path], sidecars: dict[Path, dict]) -> int:
    n = 0
    for p in paths:
        doc = clean_document(decode(p.read_bytes()), source_path=p.name, supplied=sidecars.get(p))
        n += len(doc.text_clean)
    return n


def best_of(repeat: int, fn, *args) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, action="append", help="folder of articles (repeatable)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best is kept")
    args = ap.parse_args(argv)
    paths = files_in(args.corpus or list(DEFAULT_CORPORA))
    if not paths:
        print("no files to clean; pass --corpus DIR", file=sys.stderr)
        return 2
    sidecars = {
        p: json.loads(Path(f"{p}.meta.json").read_text(encoding="utf-8"))
        for p in paths
        if Path(f"{p}.meta.json").is_file()
    }
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    read_decode_clean(paths[:3], sidecars)  # warm-up: word list, OpenCC and extractor loading
    t_read = best_of(args.repeat, read_decode, paths)
    t_clean = best_of(args.repeat, read_decode_clean, paths, sidecars)
    print(f"files: {len(paths)}  size: {size_mb:.3f} MB  repeat: {args.repeat} (best run kept)")
    print(f"read+decode:        {t_read * 1000:9.2f} ms  {size_mb / t_read:10.2f} MB/s")
    print(f"read+decode+clean:  {t_clean * 1000:9.2f} ms  {size_mb / t_clean:10.2f} MB/s")
    print(f"ratio clean/read:   {t_clean / t_read:9.1f}x slower than reading and decoding alone")
    print(f"per document:       {t_clean / len(paths) * 1000:9.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
