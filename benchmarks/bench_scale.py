"""Pipeline cost at scale: NLP throughput against the raw libraries, adding 10 documents to big lakes, peak RSS.

Articles come from ``make_corpus`` (generated from our templates: many distinct people, three
languages). In one run it prints

a. throughput of the silver extraction (``silver.extract_batch``: entities and dates) and of
   each plain stage (``bronze.intake``, ``silver.clean_batch``, ``extract_batch``,
   ``write_batch``, ``gold.build_gold``) on ``--docs`` articles, against the raw libraries on the
   same cleaned texts: spaCy ``nlp.pipe`` with only ``ner`` enabled for English, OpenCC ``t2s``
   then ``jieba.posseg.cut`` for Chinese (aim: extraction ≥ 0.85× the raw speed);
b. the time to add the same ``--new`` articles to lakes of each ``--sizes`` documents, through
   intake → clean → extract → write → gold, as a ratio to adding them to an empty lake (aim ≤ 1.2×
   at 100k). A lake is built from generated silver rows with the generator's known mentions, no
   NLP (full NLP over 100k documents takes over an hour on 2 cores);
c. the peak RSS of the process that built each lake and added the articles (aim ≤ 1.5 GB).

Each lake runs in a child process of this script, so each RSS is that size's own; a child that
runs past ``--timeout`` is stopped and what it finished is printed.

First runs (December 2026, 2 shared cores), when every run re-resolved all of gold: adding 10
articles took ×7.9 an empty lake's time at 1k and ×1388 at 10k. With incremental gold and the
name pre-test: ×2.6 at 1k, ×8.9 at 10k. With unchanged rows left in place, the resolver
journalled and kept in memory between runs, and the blocking index: ×0.95 at 1k, ×3.0 at 10k;
5 articles to 1k ×1.20, writing 10.6% of gold's bytes (2.5% at 10k); the first gold build 80 s
at 10k. At 100k the first gold build had not finished after 20 min of CPU (3.75 GB RSS).

    .venv/bin/python benchmarks/bench_scale.py                  # 200 docs; lakes of 1k and 3k
    .venv/bin/python benchmarks/bench_scale.py --full           # 1,000 docs; lakes of 1k, 10k, 100k
    .venv/bin/python benchmarks/bench_scale.py --docs 0 --sizes 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_corpus

from ingest import __version__, bronze, gold, gold_state, names, silver, sources, storage
from ingest.clean import CleanConfig
from ingest.dates import DateConfig
from ingest.names import load_kb
from ingest.schemas import BRONZE_DOCUMENTS, SILVER_DATES, SILVER_DOCUMENTS, SILVER_MENTIONS
from ingest.silver_batches import commit_batch
from ingest.stories import signature, story_id_for

STAGES = ("bronze intake", "silver clean", "silver extract", "silver write", "gold build")
LAKE_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
CHUNK = 500  # lake rows per part, as silver batches write them


def _vm_hwm_mb(pid: int | str = "self") -> float | None:
    """Peak RSS of a process from /proc (None where there is no /proc)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM (ru_maxrss survives exec, so a child would report its parent's)."""
    hwm = _vm_hwm_mb()
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Pipeline:
    """The plain stage functions with the knowledge base and models loaded once."""

    def __init__(self, batch_size: int) -> None:
        self.kb = load_kb()
        names.warm_up()  # tables read on first need: timed in no run
        self.clean_config = CleanConfig(name_tokens=self.kb.latin_name_tokens())
        self.entries = tuple(self.kb.ruler_entries())
        self.nlp_config = silver.entity_config()
        self.batch_size = batch_size
        self.last_gold: gold.GoldRun | None = None

    def run(self, inbox: Path, data: Path) -> tuple[dict[str, float], list]:
        """Every stage over the inbox; seconds per stage and the cleaned documents."""
        t: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        t0 = time.perf_counter()
        bronze.intake(inbox, data, "bench", bronze.IntakeConfig(settle_seconds=0))  # written just now
        t["bronze intake"] = time.perf_counter() - t0
        cleaned = []
        for ids in silver.batches(silver.pending_doc_ids(data), self.batch_size):
            t0 = time.perf_counter()
            batch = silver.clean_batch(data, ids, self.clean_config)
            t1 = time.perf_counter()
            batch = silver.extract_batch(batch, self.nlp_config, self.entries, DateConfig())
            t2 = time.perf_counter()
            silver.write_batch(data, batch, "bench")
            t3 = time.perf_counter()
            t["silver clean"] += t1 - t0
            t["silver extract"] += t2 - t1
            t["silver write"] += t3 - t2
            cleaned += batch.docs
        t0 = time.perf_counter()
        self.last_gold = gold.build_gold(data, self.kb)
        t["gold build"] = time.perf_counter() - t0
        return t, cleaned


def gold_bytes(data: Path) -> int:
    """Bytes of the gold tables' current parts."""
    return sum(p.stat().st_size for t in gold.GOLD_TABLES for p in storage.parts(data, t))


# ---------------------------------------------------------------- a. throughput
def throughput(n_docs: int, seed: int, batch_size: int) -> None:
    import jieba
    import jieba.posseg
    import opencc
    import spacy

    from ingest.nlp import default_model

    jieba.setLogLevel(logging.WARNING)
    pipe = Pipeline(batch_size)
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm"
        make_corpus.write_corpus(10, warm, seed, start=n_docs + 1000)
        pipe.run(warm, Path(tmp) / "warm-data")  # models and tables load before timing
        inbox = Path(tmp) / "inbox"
        arts = make_corpus.write_corpus(n_docs, inbox, seed)
        mb = sum(len(a.text.encode()) for a in arts) / 1e6
        stages, docs = pipe.run(inbox, Path(tmp) / "data")

    en = [d.row["text_clean"] for d in docs if d.row["lang"] == "en"]
    zh = [d.row["text_clean"] for d in docs if d.row["lang"] != "en"]
    raw_nlp = spacy.load(default_model())
    raw_nlp.select_pipes(enable=["ner"])
    t2s = opencc.OpenCC("t2s")
    posseg = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    list(posseg.cut("香港科學園"))  # load jieba's dictionary before timing
    list(raw_nlp.pipe(en[:20]))
    t0 = time.perf_counter()
    list(raw_nlp.pipe(en, batch_size=64))
    raw_en = time.perf_counter() - t0
    t0 = time.perf_counter()
    simplified = [t2s.convert(t) for t in zh]
    raw_t2s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in simplified:
        list(posseg.cut(t))
    raw_zh = time.perf_counter() - t0
    raw = raw_en + raw_t2s + raw_zh

    # the product's extraction alone, per language, on the same cleaned documents
    def extract(ds):
        t0 = time.perf_counter()
        silver.extract_batch(silver.CleanedBatch(ds), pipe.nlp_config, pipe.entries, DateConfig())
        return time.perf_counter() - t0

    ours_en = extract([d for d in docs if d.row["lang"] == "en"])
    ours_zh = extract([d for d in docs if d.row["lang"] != "en"])
    n, chars = len(docs), sum(len(d.row["text_clean"]) for d in docs)
    print(f"\na. throughput on {n} generated articles ({mb:.2f} MB; {len(en)} English, {len(zh)} Chinese)")
    print(f"   {'what':44} {'seconds':>8} {'docs/s':>8}  speed × raw")
    print(f"   {'raw spaCy nlp.pipe (ner only), English':44} {raw_en:8.2f} {len(en) / raw_en:8.1f}")
    print(
        f"   {'raw OpenCC t2s + jieba.posseg.cut, Chinese':44} {raw_t2s + raw_zh:8.2f} {len(zh) / (raw_t2s + raw_zh):8.1f}"
    )
    print(f"   {'raw, both':44} {raw:8.2f} {n / raw:8.1f}  ×1.00")
    print(
        f"   {'extract_batch, English (entities + dates)':44} {ours_en:8.2f} {len(en) / ours_en:8.1f}  ×{raw_en / ours_en:.2f}"
    )
    print(
        f"   {'extract_batch, Chinese (entities + dates)':44} {ours_zh:8.2f} {len(zh) / ours_zh:8.1f}  ×{(raw_t2s + raw_zh) / ours_zh:.2f}"
    )
    print(
        f"   {'extract_batch, both (aim ≥ ×0.85)':44} {ours_en + ours_zh:8.2f} {n / (ours_en + ours_zh):8.1f}  ×{raw / (ours_en + ours_zh):.2f}"
    )
    total = sum(stages.values())
    for name, sec in [*stages.items(), ("whole pipeline", total)]:
        print(f"   {'stage: ' + name:44} {sec:8.2f} {n / sec:8.1f}  ×{raw / sec:.2f}")
    print(f"   ({chars:,} characters of text_clean; stage rows time the stage over all {n} articles)")  # fmt: skip


# ---------------------------------------------------------------- b, c. adding to big lakes (child process)
def _lake_rows(arts: list[make_corpus.Article], rng: random.Random, real_minhash: bool) -> dict:
    """bronze/documents, silver/documents, silver/mentions and gold/dates rows made from records."""
    rows: dict = {BRONZE_DOCUMENTS: [], SILVER_DOCUMENTS: [], SILVER_MENTIONS: [], SILVER_DATES: []}
    for a in arts:
        data = a.text.encode()
        doc_id = hashlib.sha256(data).hexdigest()
        rows[BRONZE_DOCUMENTS].append(
            dict(
                doc_id=doc_id, content_sha256=doc_id, source_path=a.name, size_bytes=len(data),
                modified_at=LAKE_TIME, ingested_at=LAKE_TIME, encoding="utf-8", decode_replacements=0, raw_bytes=data, text=a.text,
                supplied_meta=json.dumps(a.sidecar or {}, ensure_ascii=False, sort_keys=True), run_id="lake",
            )
        )  # fmt: skip
        rows[SILVER_DOCUMENTS].append(
            dict(
                doc_id=doc_id, source_path=a.name, lang=a.lang, paragraph_langs=[a.lang], title=a.title,
                published_on=a.published_on, published_on_source="sidecar" if a.sidecar else "footer",
                published_timex=a.published_on.isoformat(), outlet=a.outlet, byline=None, dateline_place=None,
                url=None, text_clean=a.text, n_chars=len(a.text), story_id=story_id_for(doc_id),
                story_similarity=1.0, minhash=signature(a.text) if real_minhash else rng.randbytes(1024),
                pipeline_version=__version__, run_id="lake",
            )
        )  # fmt: skip
        src = "dates:en" if a.lang == "en" else "dates:zh"
        for s in a.spans:
            source = src if s.label == "DATE" else "generated"
            rows[SILVER_MENTIONS].append(
                dict(doc_id=doc_id, start_char=s.start, end_char=s.end, text=s.text, label=s.label, source=source, run_id="lake")
            )  # fmt: skip
            if s.label == "DATE":
                rows[SILVER_DATES].append(
                    dict(
                        doc_id=doc_id, start_char=s.start, end_char=s.end, text=s.text, timex_type="DATE",
                        value=s.ref, mod="", granularity="day" if len(s.ref) == 10 else "month",
                        anchor=a.published_on.isoformat(), resolution="generated",
                    )
                )  # fmt: skip
    return rows


def build_lake(data: Path, size: int, cast: make_corpus.Cast, real_minhash: bool) -> None:
    """``size`` generated articles straight into storage, in parts of CHUNK documents; no NLP."""
    rng = random.Random(f"{cast.seed}:minhash")
    chunk: list[make_corpus.Article] = []
    for a in make_corpus.articles(size, cast.seed, cast=cast):
        chunk.append(a)
        if len(chunk) == CHUNK or a.index == size - 1:
            rows = _lake_rows(chunk, rng, real_minhash)
            ids = [r["doc_id"] for r in rows[SILVER_DOCUMENTS]]
            storage.write_part(data, BRONZE_DOCUMENTS, rows[BRONZE_DOCUMENTS], storage.part_name(ids))
            silver_tables = {t: rows[t] for t in (SILVER_DOCUMENTS, SILVER_MENTIONS, SILVER_DATES)}
            commit_batch(data, ids, silver_tables, [], "lake")  # as silver commits a batch
            chunk = []


def _report(out: dict) -> None:
    """One JSON line of what the child has measured so far (the parent keeps the last it got)."""
    print(json.dumps(dict(out, peak_rss_mb=peak_rss_mb())), flush=True)


def child(size: int, n_new: int, new_start: int, seed: int, batch_size: int, real_minhash: bool) -> dict:
    """Build a lake of ``size``, add ``n_new`` articles from ``new_start``; seconds and peak RSS.

    Prints a JSON line after each phase, so a child stopped by the timeout still tells how far it got.
    """
    pipe = Pipeline(batch_size)
    cast = make_corpus.Cast(seed)
    out: dict = {"size": size}
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm"
        make_corpus.write_corpus(n_new, warm, seed, start=new_start + 1000, cast=cast)
        pipe.run(warm, Path(tmp) / "warm-data")  # models and tables load before timing
        data = Path(tmp) / "data"
        t0 = time.perf_counter()
        build_lake(data, size, cast, real_minhash)
        out["build_s"] = time.perf_counter() - t0
        _report(out)
        if size:
            t0 = time.perf_counter()
            gold.build_gold(data, pipe.kb)
            out["gold_setup_s"] = time.perf_counter() - t0
            counts = storage.row_counts(data)
            out["mentions"] = counts[SILVER_MENTIONS.path]
            out["entities"] = counts["gold/entities"]
            _report(out)
        inbox = Path(tmp) / "new"
        make_corpus.write_corpus(n_new, inbox, seed, start=new_start, cast=cast)
        stages, _ = pipe.run(inbox, data)
        out["stages"] = stages
        out["add_s"] = sum(stages.values())
        g = pipe.last_gold
        out["gold_mode"] = g.mode if g else ""
        out["gold_state"] = g.state if g else ""
        out["gold_written"] = g.bytes_written if g else 0
        out["gold_bytes"] = gold_bytes(data)
        # what a new process (a cold `ingest run`) pays that `ingest serve`'s next run does not:
        # loading gold's state (and replaying its journal) and reading bronze's history
        gold_state._kept.clear()
        sources._kept.clear()
        t0 = time.perf_counter()
        gold.build_gold(data, pipe.kb)
        out["cold_state_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        sources.History.read(data)
        out["cold_history_s"] = time.perf_counter() - t0
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def run_child(args: argparse.Namespace, size: int, new_start: int) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        str(size),
        "--new",
        str(args.new),
        "--new-start",
        str(new_start),
    ]
    cmd += ["--seed", str(args.seed), "--batch-size", str(args.batch_size)]
    cmd += ["--real-minhash"] if args.real_minhash else []
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = proc.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        hwm = _vm_hwm_mb(proc.pid)  # the peak so far, read before the child is stopped
        proc.kill()
        stdout, _ = proc.communicate()
        lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
        res = json.loads(lines[-1]) if lines else {"size": size}
        if hwm is not None:
            res["peak_rss_mb"] = hwm
        return dict(res, timeout=True, wall_s=time.perf_counter() - t0)
    if proc.returncode != 0:
        raise SystemExit(f"the child for a lake of {size} failed:\n{stderr[-3000:]}")
    res = json.loads(stdout.strip().splitlines()[-1])
    res["wall_s"] = time.perf_counter() - t0
    return res


def incremental(args: argparse.Namespace) -> None:
    new_start = max(args.sizes)  # the same new articles for every lake: the ones after the biggest
    print(
        f"\nb. adding the same {args.new} articles (stream {new_start}..{new_start + args.new - 1}) to lakes;"
        " intake -> clean -> extract -> write -> gold"
    )
    print("   lake built from generated silver rows, no NLP (bronze + silver/documents + silver/mentions +")
    minhash = (
        "real MinHash signatures"
        if args.real_minhash
        else "random 1 KB MinHash signatures (real ones cost 1.5 ms each)"
    )
    print(f"   silver/dates from the generator's known mentions; {minhash}); gold built once before adding")
    base = run_child(args, 0, new_start)
    if base.get("timeout"):
        raise SystemExit(f"adding {args.new} articles to an empty lake took over --timeout {args.timeout} s")
    rows = [base] + [run_child(args, s, new_start) for s in args.sizes]
    print(
        f"   {'lake docs':>9} {'mentions':>9} {'entities':>9} {'build':>7} {'gold':>7} {'add':>7}  {'× empty':>7}  per stage (s)"
    )
    for r in rows:
        if r.get("timeout"):
            done = f"lake written in {r['build_s']:.1f} s" if "build_s" in r else "lake not written"
            if "gold_setup_s" in r:
                done += f", first gold build {r['gold_setup_s']:.1f} s"
            print(f"   {r['size']:9,d}  stopped after --timeout {args.timeout:.0f} s ({done}; nothing added)")
            continue
        st = " ".join(f"{k.split()[-1]} {v:.2f}" for k, v in r["stages"].items())
        print(
            f"   {r['size']:9,d} {r.get('mentions', 0):9,d} {r.get('entities', 0):9,d} {r['build_s']:7.1f}"
            f" {r.get('gold_setup_s', 0):7.1f} {r['add_s']:7.2f}  ×{r['add_s'] / base['add_s']:6.2f}  {st}"
        )
    for r in rows:
        if r.get("timeout") or not r["size"]:
            continue
        share = r["gold_written"] / r["gold_bytes"] if r["gold_bytes"] else 0.0
        print(
            f"   lake of {r['size']:,d}: gold {r['gold_mode']} (resolver saved as a {r['gold_state']}), wrote"
            f" {r['gold_written'] / 1e3:,.0f} KB of its {r['gold_bytes'] / 1e6:,.1f} MB ({share:.1%}; aim < 10%);"
            f" a new process would first spend {r['cold_state_s']:.2f} s loading gold's state and"
            f" {r['cold_history_s']:.2f} s reading bronze's history"
        )
    print("   build: seconds to write the lake; gold: a full gold build over it (setup, before adding);")
    print(
        "   the articles are added in the process that built the lake, as `ingest serve` runs one run after"
        " another: gold's resolver and bronze's history stay in memory between runs"
    )
    print(
        f"   add: seconds to add the {args.new} articles; × empty: against adding them to an empty lake (aim ≤ ×1.2 at 100k)"
    )
    print(
        "\nc. peak RSS of the process that built the lake and added the articles (aim ≤ 1,536 MB at the largest)"
    )
    for r in rows:
        rss = f"{r['peak_rss_mb']:7.0f}" if "peak_rss_mb" in r else "    n/a"
        note = ", stopped by the timeout: its peak until then" if r.get("timeout") else ""
        print(f"   lake of {r['size']:>7,d}: {rss} MB   (child ran {r['wall_s']:.0f} s{note})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200, help="articles for the throughput part (0 skips it)")
    ap.add_argument(
        "--sizes", type=int, nargs="*", default=[1_000, 3_000], help="lake sizes (none skips part b)"
    )
    ap.add_argument(
        "--timeout", type=float, default=3600.0, help="seconds a lake's child may run before it is stopped"
    )
    ap.add_argument("--full", action="store_true", help="--docs 1000 --sizes 1000 10000 100000")
    ap.add_argument("--new", type=int, default=10, help="articles added to each lake")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--real-minhash", action="store_true", help="compute the lake's MinHash signatures")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--new-start", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        res = child(args.child, args.new, args.new_start, args.seed, args.batch_size, args.real_minhash)
        print(json.dumps(res))
        return
    if args.full:
        args.docs, args.sizes = 1000, [1_000, 10_000, 100_000]
    if args.new < 1 or args.docs < 0 or any(s < 1 for s in args.sizes):
        ap.error("--new must be at least 1, --docs at least 0 and every size at least 1")
    t0 = time.perf_counter()
    print(
        f"bench_scale: seed {args.seed}, batch size {args.batch_size}; articles from benchmarks/make_corpus.py"
    )
    if args.docs:
        throughput(args.docs, args.seed, args.batch_size)
        print(
            f"   (part a took {time.perf_counter() - t0:.0f} s; peak RSS of this process {peak_rss_mb():.0f} MB)"
        )
    if args.sizes:
        incremental(args)
    print(f"\nwhole benchmark: {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
