"""English NER precision / recall / F1 on CoNLL-2003 (exact token span and type), labels mapped.

Reads the set by path (4 columns: token POS chunk NER, BIO tags, ``-DOCSTART-`` between
articles) and never copies it. Each article is rebuilt as text (tokens joined by spaces,
sentences by newlines) and goes through :class:`ingest.nlp.EntityExtractor` as ``lang='en'``;
predicted character spans are mapped to the CoNLL tokens they cover.

Label mapping (OntoNotes → CoNLL): PERSON→PER; ORG→ORG; GPE, LOC, FAC→LOC; NORP, EVENT,
PRODUCT, LAW, WORK_OF_ART, LANGUAGE→MISC; every other label (DATE, CARDINAL …) is dropped.
The scores are printed overall, per type, and with MISC excluded on both sides (OntoNotes'
MISC-like types do not match CoNLL's MISC definition well).

Usage::

    .venv/bin/python scripts/eval_conll.py
    .venv/bin/python scripts/eval_conll.py --corpus ../shared/corpora/conll2003_en/valid.txt --errors 40
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from ingest.nlp import EntityExtractor, NlpConfig  # noqa: E402

MAP = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "LAW": "MISC",
    "WORK_OF_ART": "MISC",
    "LANGUAGE": "MISC",
}
DEFAULT = REPO.parent / "shared" / "corpora" / "conll2003_en" / "test.txt"

Doc = tuple[str, list[int], list[int], set[tuple[int, int, str]]]  # text, tok starts, tok ends, gold


def read_conll(path: Path) -> list[Doc]:
    """Articles as text with token offsets and gold ``(first_token, last_token + 1, type)``."""
    docs: list[Doc] = []
    toks: list[str] = []
    tags: list[str] = []
    breaks: set[int] = set()  # token indices that start a new sentence

    def flush() -> None:
        if not toks:
            return
        parts, starts, ends, pos = [], [], [], 0
        for i, tok in enumerate(toks):
            if i:
                sep = "\n" if i in breaks else " "
                parts.append(sep)
                pos += 1
            starts.append(pos)
            parts.append(tok)
            pos += len(tok)
            ends.append(pos)
        gold: set[tuple[int, int, str]] = set()
        start, typ = -1, ""
        for i, tag in enumerate([*tags, "O"]):
            if start >= 0 and not (tag.startswith("I-") and tag[2:] == typ and i not in breaks):
                gold.add((start, i, typ))
                start = -1
            if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
                start, typ = i, tag[2:]
        docs.append(("".join(parts), starts, ends, gold))
        toks.clear()
        tags.clear()
        breaks.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            flush()
            continue
        if not line.strip():
            breaks.add(len(toks))
            continue
        cols = line.split()
        toks.append(cols[0])
        tags.append(cols[-1])
    flush()
    return docs


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table(gold: set, pred: set, types: tuple[str, ...]) -> None:
    print(f"{'type':<10}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}")
    for typ in types:
        g = {
            x
            for x in gold
            if (typ in ("ALL", "ALL-MISC") and (typ == "ALL" or x[3] != "MISC")) or x[3] == typ
        }
        p = {
            x
            for x in pred
            if (typ in ("ALL", "ALL-MISC") and (typ == "ALL" or x[3] != "MISC")) or x[3] == typ
        }
        tp = len(g & p)
        pp, rr, ff = prf(tp, len(p) - tp, len(g) - tp)
        print(f"{typ:<10}{pp:8.3f}{rr:8.3f}{ff:8.3f}{len(g):8d}{len(p):8d}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT, help="CoNLL-2003 file (default: %(default)s)")
    ap.add_argument("--model", default=None, help="spaCy English pipeline (default: NlpConfig's choice)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--errors", type=int, default=0, help="print N false positives and negatives")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (pass --corpus PATH)", file=sys.stderr)
        return 2
    docs = read_conll(args.corpus)
    if args.limit:
        docs = docs[: args.limit]
    ext = EntityExtractor(NlpConfig(en_model=args.model))
    t0 = time.perf_counter()
    mentions = ext.extract([(str(i), text, "en") for i, (text, *_rest) in enumerate(docs)])
    secs = time.perf_counter() - t0

    gold = {(str(i), s, e, t) for i, d in enumerate(docs) for s, e, t in d[3]}
    pred: set[tuple[str, int, int, str]] = set()
    for m in mentions:
        if m.label not in MAP:
            continue
        _text, starts, ends, _gold = docs[int(m.doc_id)]
        first = bisect.bisect_right(ends, m.start_char)  # first token ending after the span starts
        last = bisect.bisect_left(starts, m.end_char)  # tokens starting before the span ends
        if first < last:
            pred.add((m.doc_id, first, last, MAP[m.label]))
    n_chars = sum(len(d[0]) for d in docs)
    print(f"corpus: {args.corpus}  articles: {len(docs)}  chars: {n_chars}  gold entities: {len(gold)}")
    print(f"model: {ext.english.model}  time: {secs:.1f} s (incl. loading)  {n_chars / secs:,.0f} chars/s")
    table(gold, pred, ("PER", "ORG", "LOC", "MISC", "ALL", "ALL-MISC"))
    if args.errors:

        def show(x: tuple[str, int, int, str]) -> tuple[str, str]:
            text, starts, ends, _ = docs[int(x[0])]
            return text[starts[x[1]] : ends[x[2] - 1]], x[3]

        print("false positives:", [show(x) for x in sorted(pred - gold)[: args.errors]])
        print("false negatives:", [show(x) for x in sorted(gold - pred)[: args.errors]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
