"""Story grouping per batch: the old scan of every stored signature against the LSH index.

Signatures come straight from synthetic shingle sets (random 32-bit shingle hashes, MinHash'd
with datasketch's permutations), no text and no NLP. For each archive size a data folder gets
that many documents in committed silver batches of 200; then, per new batch of 200 (a quarter
of them light edits of stored documents):

- old: read doc_id, minhash, story_id of all silver/documents and scan (what clean_batch did);
- lsh: ``synced_index`` (load, add the batch committed since) and query the candidates.

The old scan read stored documents in part-file order (parts are named by a hash), not
ingestion order, so where a copy of a copy is stored it may join the same story through a
later document than the LSH does (same story, another similarity): both are counted.

Also: the index's first build from silver, its load time with nothing to add, its size on
disk, and the recall of LSH against the exact scan on copies at similarities 0.4 to 0.9.

    PYTHONPATH=src python benchmarks/bench_stories.py            # 1k, 10k, 100k
    PYTHONPATH=src python benchmarks/bench_stories.py 1000 10000
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash

from ingest import storage
from ingest.schemas import SILVER_DOCUMENTS
from ingest.silver_batches import commit_batch
from ingest.stories import Story, StoryConfig, assign_signed, assign_signed_exact, new_index, story_id_for
from ingest.story_index import Segment, encode
from ingest.story_state import state_dir, synced_index

BATCH = 200
SHINGLES = 80  # shingles per synthetic document
LEVELS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
_P = np.uint64((1 << 61) - 1)
_MAX = np.uint64((1 << 32) - 1)
_PERM = MinHash(num_perm=StoryConfig.num_perm, seed=StoryConfig.seed).permutations


def minhash(shingle_sets: np.ndarray) -> np.ndarray:
    """(n, num_perm) signatures of n shingle sets (rows of 32-bit hashes), as datasketch computes them."""
    a, b = (_PERM[0][None, :, None], _PERM[1][None, :, None])
    out = np.empty((len(shingle_sets), len(_PERM[0])), dtype=np.uint64)
    for i in range(0, len(shingle_sets), 500):
        hv = shingle_sets[i : i + 500, None, :].astype(np.uint64)
        with np.errstate(over="ignore"):
            out[i : i + 500] = (((a * hv + b) % _P) & _MAX).min(axis=2)
    return out


def near_copy(rng: np.random.Generator, base: np.ndarray, jaccard: float) -> np.ndarray:
    """A copy of a shingle set with Jaccard similarity ``jaccard`` to it: keep k, replace the rest."""
    n = len(base)
    k = round(2 * n * jaccard / (1 + jaccard))
    kept = rng.choice(base, size=k, replace=False)
    return np.concatenate([kept, rng.integers(0, 2**32, size=n - k, dtype=np.uint64)])


def random_sets(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, 2**32, size=(n, SHINGLES), dtype=np.uint64)


def new_batch(rng: np.random.Generator, stored: np.ndarray, tag: str) -> list[tuple[str, bytes]]:
    """200 new documents, a quarter of them light edits (Jaccard 0.6–0.9) of stored ones."""
    sets = random_sets(rng, BATCH)
    for i in range(0, BATCH, 4):
        sets[i] = near_copy(rng, stored[rng.integers(len(stored))], float(rng.uniform(0.6, 0.9)))
    sigs = minhash(sets).astype("<u8")
    return [(f"{tag}-{i:04d}", sigs[i].tobytes()) for i in range(BATCH)]


def _rows(signed: list[tuple[str, bytes]], stories: dict) -> list[dict]:
    return [
        dict(
            doc_id=d,
            source_path=f"{d}.txt",
            lang="en",
            paragraph_langs=[],
            title=None,
            published_on=None,
            published_on_source=None,
            published_timex=None,
            outlet=None,
            byline=None,
            dateline_place=None,
            url=None,
            text_clean="x",
            n_chars=1,
            story_id=stories[d].story_id,
            story_similarity=stories[d].similarity,
            minhash=sig,
            pipeline_version="bench",
        )
        for d, sig in signed
    ]


def commit(data: Path, signed: list[tuple[str, bytes]], stories: dict) -> None:
    rows = [dict(r, run_id="bench") for r in _rows(signed, stories)]
    commit_batch(data, [d for d, _ in signed], {SILVER_DOCUMENTS: rows}, [], "bench")


def old_batch(data: Path, signed: list[tuple[str, bytes]]) -> dict:
    prior = storage.read_table(data, SILVER_DOCUMENTS, ["doc_id", "minhash", "story_id"])
    cols = ("doc_id", "minhash", "story_id")
    return assign_signed_exact(list(zip(*(prior.column(c).to_pylist() for c in cols), strict=True)), signed)


def lsh_batch(data: Path, signed: list[tuple[str, bytes]]) -> dict:
    return assign_signed(synced_index(data), signed)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_size(n: int, rng: np.random.Generator, rounds: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        stored = random_sets(rng, n)
        sigs = minhash(stored).astype("<u8")
        for i in range(0, n, BATCH):
            signed = [(f"s{j:07d}", sigs[j].tobytes()) for j in range(i, min(n, i + BATCH))]
            commit(data, signed, {d: Story(story_id_for(d), 1.0, sig) for d, sig in signed})
        t = time.perf_counter()
        synced_index(data)
        build = time.perf_counter() - t
        old_t, lsh_t, same, same_sim = [], [], 0, 0
        for r in range(rounds):
            signed = new_batch(rng, stored, f"n{r}")
            t = time.perf_counter()
            old = old_batch(data, signed)
            old_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            new = lsh_batch(data, signed)
            lsh_t.append(time.perf_counter() - t)
            same += sum(old[d].story_id == new[d].story_id for d, _ in signed)
            same_sim += sum(old[d] == new[d] for d, _ in signed)
            commit(data, signed, new)
        synced_index(data)  # take in the last batch
        t = time.perf_counter()
        index = synced_index(data)
        load = time.perf_counter() - t
        o, s = statistics.median(old_t), statistics.median(lsh_t)
        print(
            f"{n:>7} stored | per batch of {BATCH}: old scan {o * 1000:8.1f} ms, lsh {s * 1000:6.1f} ms,"
            f" ratio {o / s:6.1f}x | same story {same}/{rounds * BATCH} (and similarity {same_sim})\n"
            f"{'':>7}        | first build {build:.2f} s,"
            f" load {load * 1000:.1f} ms ({len(index.segments)} segments),"
            f" index {folder_size(state_dir(data)) / 2**20:.1f} MiB"
        )


def recall(rng: np.random.Generator, bases: int = 1000) -> None:
    """Pairs (copy, its original) found by LSH vs by the exact scan, by similarity level."""
    base_sets = random_sets(rng, bases)
    base_sigs = minhash(base_sets).astype("<u8")
    prior = [(f"b{i}", base_sigs[i].tobytes(), None) for i in range(bases)]
    index = new_index()
    index.segments.append(
        Segment.build(
            base_sigs,
            np.arange(bases),
            encode([story_id_for(d) for d, _, _ in prior]),
            encode([d for d, _, _ in prior]),
            index.bands,
            index.rows,
        )
    )
    index.next_order = bases
    print(
        f"recall of LSH ({index.bands} bands x {index.rows} rows) against the exact scan, {bases} copies per level:"
    )
    for level in LEVELS:
        copies = minhash(np.stack([near_copy(rng, s, level) for s in base_sets])).astype("<u8")
        signed = [(f"c{i}", copies[i].tobytes()) for i in range(bases)]
        exact = assign_signed_exact(prior, signed)
        found = index.stored_matches(copies)
        joined = [d for d, _ in signed if exact[d].story_id != story_id_for(d)]
        hit = sum(found[int(d[1:])] is not None and found[int(d[1:])][2] == exact[d].story_id for d in joined)
        false = sum(f is not None and f[1] < index.threshold for f in found)
        print(
            f"  Jaccard {level:.1f}: exact joins {len(joined):4}/{bases}, LSH finds {hit:4}"
            f" (recall {hit / max(1, len(joined)):.3f}), below-threshold joins {false}"
        )


def main(sizes: list[int]) -> None:
    rng = np.random.default_rng(7)
    recall(rng)
    for n in sizes:
        bench_size(n, rng)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10_000, 100_000])
