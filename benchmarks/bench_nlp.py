"""Throughput of the entity + date stage against raw spaCy and raw jieba, same texts, same run.

Texts (read by path, never copied):

* English: the seed articles (``--seeds``) and CoNLL-2003 test articles (``--conll``), repeated
  to at least ``--min-chars`` characters;
* Chinese Simplified: MSRA test sentences (``--msra``) joined into ~1,000-character documents;
* Chinese Traditional: the same documents through OpenCC ``s2t``.

For each set it prints chars/s of

* ``raw``: the baseline — ``nlp.pipe`` of the full English pipeline as ``spacy.load`` gives it;
  for Chinese, ``jieba.posseg.cut`` and ``jieba.lcut`` run directly on the texts as given;
* ``entities``: :meth:`ingest.nlp.EntityExtractor.extract`;
* ``entities+dates``: the same plus ``ingest.dates.extract_dates`` (when that module exists);

and the ratio of each to the baseline. Models are loaded before timing; the best of
``--repeat`` runs is kept.

Usage::

    .venv/bin/python benchmarks/bench_nlp.py
    .venv/bin/python benchmarks/bench_nlp.py --min-chars 100000 --repeat 1
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

from ingest.nlp import EntityExtractor, default_model  # noqa: E402

CORPORA = REPO.parent / "shared" / "corpora"

try:
    from ingest.dates import extract_dates
except ImportError:  # the dates stage is optional here
    extract_dates = None  # type: ignore[assignment]


def english_texts(seeds: Path, conll: Path, min_chars: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))] if seeds.is_dir() else []
    if conll.exists():
        from eval_conll import read_conll

        texts += [d[0] for d in read_conll(conll)]
    if not texts:
        raise SystemExit(f"no English texts found under {seeds} or {conll}")
    out: list[str] = []
    while sum(map(len, out)) < min_chars:
        out.extend(texts)
    return out


def chinese_texts(msra: Path, min_chars: int, doc_chars: int = 1000) -> list[str]:
    if not msra.exists():
        raise SystemExit(f"MSRA test set not found at {msra} (pass --msra PATH)")
    from eval_msra import read_bio

    docs, cur = [], ""
    for text, _ in read_bio(msra, "\t"):
        cur = f"{cur}\n{text}" if cur else text
        if len(cur) >= doc_chars:
            docs.append(cur)
            cur = ""
            if sum(map(len, docs)) >= min_chars:
                break
    return docs


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def report(name: str, n_chars: int, rows: list[tuple[str, float]]) -> None:
    """Rows are (label, seconds for all ``n_chars``); ratios are speed relative to the first row."""
    base = rows[0][1]
    print(f"\n{name}: {n_chars:,} chars")
    for label, secs in rows:
        print(f"  {label:<26}{n_chars / secs:>12,.0f} chars/s   x{base / secs:6.2f} vs {rows[0][0]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=CORPORA / "seeds")
    ap.add_argument("--conll", type=Path, default=CORPORA / "conll2003_en" / "test.txt")
    ap.add_argument("--msra", type=Path, default=CORPORA / "msra_ner_test" / "msra_test_bio.txt")
    ap.add_argument("--min-chars", type=int, default=200_000, help="characters per set (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=2, help="timed runs per measurement, best kept")
    ap.add_argument(
        "--raw-posseg-chars",
        type=int,
        default=15_000,
        help="characters given to raw jieba.posseg (it runs ~500 chars/s on Traditional; default %(default)s)",
    )
    args = ap.parse_args()

    import jieba
    import jieba.posseg
    import opencc
    import spacy

    jieba.setLogLevel(logging.WARNING)
    ext = EntityExtractor()
    ext.english  # noqa: B018 - load before timing
    ext.chinese  # noqa: B018
    model = default_model()
    raw_nlp = spacy.load(model)
    jieba.initialize()
    print(f"English model: {model}; dates stage: {'ingest.dates' if extract_dates else 'absent'}")

    def stage(docs: list[tuple[str, str, str]], with_dates: bool) -> None:
        ext.extract(docs)
        if with_dates and extract_dates is not None:
            for doc_id, text, lang in docs:
                extract_dates(doc_id, text, lang, None)

    en = english_texts(args.seeds, args.conll, args.min_chars)
    en_docs = [(str(i), t, "en") for i, t in enumerate(en)]
    print(f"raw English pipeline components: {', '.join(raw_nlp.pipe_names)}")
    rows = [("raw nlp.pipe", best(lambda: list(raw_nlp.pipe(en)), args.repeat))]
    rows.append(("entities", best(lambda: stage(en_docs, False), args.repeat)))
    if extract_dates is not None:
        rows.append(("entities+dates", best(lambda: stage(en_docs, True), args.repeat)))
    report("English", sum(map(len, en)), rows)

    hans = chinese_texts(args.msra, args.min_chars // 2)  # Chinese has ~3x the information per char
    hant = [opencc.OpenCC("s2t").convert(t) for t in hans]
    for name, texts, lang in (
        ("Chinese Simplified", hans, "zh-Hans"),
        ("Chinese Traditional", hant, "zh-Hant"),
    ):
        docs = [(str(i), t, lang) for i, t in enumerate(texts)]
        sample, n = [], 0
        for t in texts:  # raw POS tagging on a sample: measured in chars/s, so the ratio holds
            if n >= args.raw_posseg_chars:
                break
            sample.append(t)
            n += len(t)
        raw = best(lambda sample=sample: [list(jieba.posseg.cut(t)) for t in sample], 1)
        rows = [("raw jieba.posseg.cut", raw * sum(map(len, texts)) / n)]
        rows.append(
            ("raw jieba.lcut (no POS)", best(lambda texts=texts: [jieba.lcut(t) for t in texts], args.repeat))
        )
        rows.append(("entities", best(lambda docs=docs: stage(docs, False), args.repeat)))
        if extract_dates is not None:
            rows.append(("entities+dates", best(lambda docs=docs: stage(docs, True), args.repeat)))
        report(name, sum(map(len, texts)), rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
