"""A MinHash LSH index of stored documents, so that a new document is compared with its
candidates only, not with every stored document.

Banding: a signature of ``num_perm`` values is cut into ``bands`` runs of ``rows`` values;
two documents are candidates when any band is equal in both. The band count and width are
datasketch's optimum (:class:`datasketch.MinHashLSH`) for the story threshold, weighting a
missed pair (false negative) far above a needless candidate (false positive): a needless
candidate only costs one exact check, since every candidate is verified by the estimated
Jaccard similarity of the two whole signatures. At threshold 0.5 and 128 permutations that is
32 bands of 4, which finds a pair at similarity 0.5 with probability 0.87, at 0.6 with 0.99
and at 0.7 or more with 0.9998.

Layout, chosen to load cheaply (see :mod:`ingest.story_state` for the files): an index is a
list of immutable :class:`Segment` s — numpy arrays that can be memory-mapped — plus the
documents added in this session, kept in a dict. A segment keeps one sorted array of band
keys for all its bands (the band number is mixed into the key), so a batch of new documents
is looked up in every band of a segment with one ``searchsorted``.

Every document has an order number (its place in ingestion order); among the verified
candidates a new document joins the one with the lowest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import MinHashLSH

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


@lru_cache(maxsize=16)
def lsh_params(threshold: float, num_perm: int, false_negative_weight: float) -> tuple[int, int]:
    """(bands, rows) that datasketch finds optimal for this threshold and weighting."""
    if not 0.0 < false_negative_weight < 1.0:
        raise ValueError(
            f"false_negative_weight {false_negative_weight} must be in (0, 1); 0.9 favours finding every pair"
        )
    lsh = MinHashLSH(
        threshold=threshold, num_perm=num_perm, weights=(1.0 - false_negative_weight, false_negative_weight)
    )
    return lsh.b, lsh.r


@lru_cache(maxsize=16)
def _multipliers(bands: int, rows: int) -> np.ndarray:
    """Fixed odd multipliers, one per value of a band (a seeded generator, the same on every run)."""
    rng = np.random.default_rng(20261201)
    return rng.integers(1, 2**63, size=(bands, rows), dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n, bands) uint64 keys: each band's values hashed together with the band number.

    Two equal bands always give equal keys; two different bands rarely do, and when they do
    the pair is only a needless candidate (the exact check drops it).
    """
    n = sigs.shape[0]
    v = sigs[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64, copy=False)
    with np.errstate(over="ignore"):
        h = (v * _multipliers(bands, rows)).sum(axis=2, dtype=np.uint64)
        h = h + np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        h ^= h >> np.uint64(30)
        h *= _MIX1
        h ^= h >> np.uint64(27)
        h *= _MIX2
        h ^= h >> np.uint64(31)
    return h


@dataclass(frozen=True)
class Segment:
    """Documents in one block: signatures, order numbers, stories, and the sorted band keys."""

    sigs: np.ndarray  # (n, num_perm) uint64
    order: np.ndarray  # (n,) int64, ingestion order
    story: np.ndarray  # (n,) bytes (numpy "S"), utf-8 story ids
    doc_id: np.ndarray  # (n,) bytes, utf-8 doc ids
    keys: np.ndarray  # (n * bands,) uint64, sorted
    rows: np.ndarray  # (n * bands,) int32: the document row of each key

    def __len__(self) -> int:
        return len(self.order)

    @classmethod
    def build(
        cls, sigs: np.ndarray, order: np.ndarray, story: np.ndarray, doc_id: np.ndarray, bands: int, rows: int
    ) -> Segment:
        keys = band_keys(sigs, bands, rows).ravel()
        sort = np.argsort(keys, kind="stable")
        doc_rows = (np.arange(keys.size, dtype=np.int64) // bands).astype(np.int32)
        return cls(sigs, order, story, doc_id, keys[sort], doc_rows[sort])

    @classmethod
    def merge(cls, segments: Sequence[Segment], bands: int, rows: int) -> Segment:
        return cls.build(
            np.concatenate([s.sigs for s in segments]),
            np.concatenate([s.order for s in segments]),
            np.concatenate([s.story for s in segments]),
            np.concatenate([s.doc_id for s in segments]),
            bands,
            rows,
        )


@dataclass
class LshIndex:
    """Stored segments plus the documents added in this session (not stored)."""

    threshold: float
    num_perm: int
    bands: int
    rows: int
    segments: list[Segment] = field(default_factory=list)
    next_order: int = 0
    _new_sigs: list[np.ndarray] = field(default_factory=list)
    _new_order: list[int] = field(default_factory=list)
    _new_story: list[str] = field(default_factory=list)
    _new_keys: dict[int, list[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(s) for s in self.segments) + len(self._new_order)

    def stored_matches(self, sigs: np.ndarray) -> list[tuple[int, float, str] | None]:
        """For each signature (rows of ``sigs``), the earliest stored document whose estimated
        similarity reaches the threshold among its LSH candidates: (order, similarity, story_id)."""
        best: list[tuple[int, float, str] | None] = [None] * len(sigs)
        if not len(sigs):
            return best
        flat = band_keys(sigs, self.bands, self.rows).ravel()  # query q, band j at q * bands + j
        by_key = np.argsort(flat)
        needles = flat[by_key]  # sorted needles: the search walks each segment's keys once
        for seg in self.segments:
            if not len(seg):
                continue
            lo = np.searchsorted(seg.keys, needles, side="left")
            found = np.asarray(seg.keys[np.minimum(lo, len(seg.keys) - 1)]) == needles
            (hit,) = np.nonzero(found)  # few: only equal bands
            hi = lo.copy()
            hi[hit] = np.searchsorted(seg.keys, needles[hit], side="right")
            hit_query = by_key[hit]
            by_query: dict[int, list[np.ndarray]] = {}
            for i, flat_i in zip(hit.tolist(), hit_query.tolist(), strict=True):
                by_query.setdefault(flat_i // self.bands, []).append(seg.rows[lo[i] : hi[i]])
            for q, parts in by_query.items():
                cand = np.unique(np.concatenate(parts))
                sims = (np.asarray(seg.sigs[cand]) == sigs[q]).mean(axis=1)
                ok = np.flatnonzero(sims >= self.threshold)
                if not len(ok):
                    continue
                orders = seg.order[cand[ok]]
                j = int(np.argmin(orders))
                if best[q] is None or int(orders[j]) < best[q][0]:
                    story = bytes(seg.story[cand[ok[j]]]).decode("utf-8")
                    best[q] = (int(orders[j]), float(sims[ok[j]]), story)
        return best

    def new_match(self, sig: np.ndarray, keys: np.ndarray) -> tuple[int, float, str] | None:
        """The earliest document added in this session that ``sig`` (band keys ``keys``) is similar to."""
        cand = sorted({i for k in keys.tolist() for i in self._new_keys.get(k, ())})
        if not cand:
            return None
        sims = (np.stack([self._new_sigs[i] for i in cand]) == sig).mean(axis=1)
        for i, s in zip(cand, sims.tolist(), strict=True):  # cand is in order of addition
            if s >= self.threshold:
                return (self._new_order[i], s, self._new_story[i])
        return None

    def add(self, sig: np.ndarray, keys: np.ndarray, story_id: str) -> int:
        """Add a document of this session (searched by later ones, not stored); returns its order."""
        i = len(self._new_order)
        order = self.next_order
        self.next_order += 1
        self._new_sigs.append(sig)
        self._new_order.append(order)
        self._new_story.append(story_id)
        for k in keys.tolist():
            self._new_keys.setdefault(k, []).append(i)
        return order


def as_matrix(signatures: Sequence[bytes], num_perm: int) -> np.ndarray:
    """Stored signatures (``num_perm`` little-endian uint64 each) as one (n, num_perm) array."""
    if not signatures:
        return np.empty((0, num_perm), dtype=np.uint64)
    return np.frombuffer(b"".join(signatures), dtype="<u8").reshape(len(signatures), num_perm)


def encode(strings: Sequence[str]) -> np.ndarray:
    """Strings as a numpy bytes array (utf-8), which numpy saves and loads without pickle."""
    return np.array([s.encode("utf-8") for s in strings], dtype=np.bytes_) if strings else np.array([], "S1")
