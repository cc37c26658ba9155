"""Near-duplicate stories: documents telling the same story share a ``story_id``.

Each text becomes a set of shingles — runs of :attr:`StoryConfig.word_shingle` Latin words
and of :attr:`StoryConfig.char_shingle` Chinese characters, so English and Chinese both
work — and a MinHash signature (datasketch) estimates the Jaccard similarity of two sets.
A new document joins the story of the earliest document (prior documents first, then
earlier new ones) whose estimated similarity reaches the threshold, else it starts a story
of its own. Stories of documents already stored never change. Signatures are computed once
per document and stored with it (``silver/documents.minhash``), so a batch compares against
the archive without re-reading its texts.

A new document is compared only with its candidates in a MinHash LSH index
(:mod:`ingest.story_index`; persisted under the data folder by :mod:`ingest.story_state`),
and each candidate is verified on the two whole signatures, so nothing below the threshold
ever joins a story; banding can miss a pair near the threshold by chance (about one in eight
at similarity 0.5, one in a hundred at 0.6). :func:`assign_stories_exact` compares every
pair, the reference that the LSH's recall is measured against.

Re-scrapes, reprints of one press release and lightly edited copies group together;
two outlets that rewrite the same event in their own words mostly do not (their shingles
differ), which is why the threshold is a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from datasketch import MinHash

from .story_index import LshIndex, Segment, as_matrix, band_keys, encode, lsh_params

DEFAULT_THRESHOLD = 0.5  # estimated Jaccard similarity from which two documents are one story
_LATIN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


@dataclass(frozen=True)
class StoryConfig:
    """Settings of near-duplicate grouping."""

    word_shingle: int = 5  # Latin words per shingle
    char_shingle: int = 4  # Chinese characters per shingle (about two words)
    num_perm: int = 128  # MinHash permutations: more is a closer estimate, slower
    seed: int = 1  # MinHash seed, fixed so that signatures are the same on every run
    # LSH banding: weight of a missed pair against a needless candidate (which costs one check)
    false_negative_weight: float = 0.9


class Story(NamedTuple):
    """A new document's story, its similarity to the story's document, and its own signature."""

    story_id: str
    similarity: float
    signature: bytes | None


def story_id_for(doc_id: str) -> str:
    """The story id a document gets when it starts its own story."""
    return f"story-{doc_id[:16]}"


def _runs(tokens: list[str], k: int, sep: str) -> set[str]:
    if not tokens:
        return set()
    if len(tokens) <= k:
        return {sep.join(tokens)}
    return {sep.join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def shingles(text: str, config: StoryConfig = StoryConfig()) -> set[str]:
    """The shingle set of a text: Latin word runs and Chinese character runs."""
    low = text.lower()
    words = _LATIN.findall(_HAN.sub(" ", low))
    chars = _HAN.findall(low)
    return _runs(words, config.word_shingle, " ") | {"zh:" + s for s in _runs(chars, config.char_shingle, "")}


def signature(text: str, config: StoryConfig = StoryConfig()) -> bytes | None:
    """MinHash of the text's shingles as ``num_perm`` little-endian uint64; None for a text without any."""
    sh = shingles(text, config)
    if not sh:
        return None
    m = MinHash(num_perm=config.num_perm, seed=config.seed)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m.hashvalues.astype("<u8").tobytes()


def _check(threshold: float) -> None:
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold {threshold} must be in (0, 1]; 0.5 groups near-copies")


def new_index(threshold: float = DEFAULT_THRESHOLD, config: StoryConfig = StoryConfig()) -> LshIndex:
    """An empty LSH index with the banding for this threshold and config."""
    _check(threshold)
    bands, rows = lsh_params(threshold, config.num_perm, config.false_negative_weight)
    return LshIndex(threshold, config.num_perm, bands, rows)


def index_segment(
    index: LshIndex, prior: Sequence[tuple[str, bytes | None, str | None]], first_order: int
) -> Segment:
    """A segment of stored documents (doc_id, signature, story_id), oldest first, numbered
    from ``first_order``; documents without a signature of the index's width are left out."""
    width = index.num_perm * 8
    known = [(d, sig, story or story_id_for(d)) for d, sig, story in prior if sig and len(sig) == width]
    return Segment.build(
        as_matrix([k[1] for k in known], index.num_perm),
        np.arange(first_order, first_order + len(known), dtype=np.int64),
        encode([k[2] for k in known]),
        encode([k[0] for k in known]),
        index.bands,
        index.rows,
    )


def assign_with_index(
    index: LshIndex, new: Sequence[tuple[str, str]], config: StoryConfig = StoryConfig()
) -> dict[str, Story]:
    """The :class:`Story` of each new document against ``index``; the new documents are added to
    the index in this session (for later new documents), not stored."""
    return assign_signed(index, [(doc_id, signature(text, config)) for doc_id, text in new])


def assign_signed(index: LshIndex, new: Sequence[tuple[str, bytes | None]]) -> dict[str, Story]:
    """:func:`assign_with_index` for documents whose signatures are known: (doc_id, signature)."""
    ids = [d for d, sig in new if sig is not None]
    sigs = dict(new)
    matrix = as_matrix([sigs[d] for d in ids], index.num_perm)
    stored = dict(zip(ids, index.stored_matches(matrix), strict=True))
    keys = dict(zip(ids, band_keys(matrix, index.bands, index.rows), strict=True))
    out: dict[str, Story] = {}
    for doc_id, sig in new:
        if sig is None:
            out[doc_id] = Story(story_id_for(doc_id), 1.0, None)
            continue
        values = np.frombuffer(sig, dtype="<u8")
        match = stored[doc_id] or index.new_match(values, keys[doc_id])  # stored documents are all earlier
        if match is None:
            out[doc_id] = Story(story_id_for(doc_id), 1.0, sig)
        else:
            out[doc_id] = Story(match[2], round(match[1], 4), sig)
        index.add(values, keys[doc_id], out[doc_id].story_id)
    return out


def assign_stories(
    prior: Sequence[tuple[str, bytes | None, str | None]],
    new: Sequence[tuple[str, str]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    config: StoryConfig = StoryConfig(),
) -> dict[str, Story]:
    """The :class:`Story` of each new document.

    ``prior``: (doc_id, signature, story_id) of documents already stored, oldest first;
    ``new``: (doc_id, text_clean) in ingestion order. A new document joins the story of the
    earliest document it is similar to (similarity = estimated Jaccard with that document)
    among its LSH candidates; otherwise it starts its own story (:func:`story_id_for`,
    similarity 1.0). The index is built in memory here; the pipeline keeps one on disk
    (:func:`ingest.story_state.synced_index`) and calls :func:`assign_with_index`.
    """
    index = new_index(threshold, config)
    index.segments.append(index_segment(index, prior, 0))
    index.next_order = len(prior)
    return assign_with_index(index, new, config)


def assign_stories_exact(
    prior: Sequence[tuple[str, bytes | None, str | None]],
    new: Sequence[tuple[str, str]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    config: StoryConfig = StoryConfig(),
) -> dict[str, Story]:
    """The :class:`Story` of each new document, every pair compared.

    Same arguments as :func:`assign_stories`. A new document joins the story of the
    earliest document it is similar to (similarity = estimated Jaccard with that document);
    otherwise it starts its own story (:func:`story_id_for`, similarity 1.0). Every pair is
    compared (no LSH banding, so no pair at the threshold is missed by chance); comparing is
    one vectorised pass over the stored signatures per new document, so a batch costs time in
    proportion to the archive: the reference for :func:`assign_stories`, and the benchmark's old way.
    """
    _check(threshold)
    return assign_signed_exact(
        prior, [(doc_id, signature(text, config)) for doc_id, text in new], threshold, config.num_perm
    )


def assign_signed_exact(
    prior: Sequence[tuple[str, bytes | None, str | None]],
    new: Sequence[tuple[str, bytes | None]],
    threshold: float = DEFAULT_THRESHOLD,
    num_perm: int = StoryConfig.num_perm,
) -> dict[str, Story]:
    """:func:`assign_stories_exact` for documents whose signatures are known: (doc_id, signature)."""
    width = num_perm * 8
    known = [
        (sig, story or story_id_for(doc_id)) for doc_id, sig, story in prior if sig and len(sig) == width
    ]
    matrix = np.empty((len(known) + len(new), num_perm), dtype="<u8")
    stories: list[str] = []
    for sig, story in known:
        matrix[len(stories)] = np.frombuffer(sig, dtype="<u8")
        stories.append(story)
    out: dict[str, Story] = {}
    for doc_id, sig in new:
        if sig is None:
            out[doc_id] = Story(story_id_for(doc_id), 1.0, None)
            continue
        values = np.frombuffer(sig, dtype="<u8")
        sims = (matrix[: len(stories)] == values).mean(axis=1)
        hits = np.flatnonzero(sims >= threshold)
        if len(hits):
            first = int(hits[0])  # rows are in order: prior first, then earlier new documents
            out[doc_id] = Story(stories[first], round(float(sims[first]), 4), sig)
        else:
            out[doc_id] = Story(story_id_for(doc_id), 1.0, sig)
        matrix[len(stories)] = values
        stories.append(out[doc_id].story_id)
    return out
