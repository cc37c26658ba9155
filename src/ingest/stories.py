"""Near-duplicate stories: documents telling the same story share a ``story_id``.

Each text becomes a set of shingles — runs of :attr:`StoryConfig.word_shingle` Latin words
and of :attr:`StoryConfig.char_shingle` Chinese characters, so English and Chinese both
work — and a MinHash signature (datasketch) estimates the Jaccard similarity of two sets.
Every pair is compared on its signatures; a new document joins the story of the earliest
document (prior documents first, then earlier new ones) whose estimated similarity
reaches the threshold, else it starts a story of its own. Stories of documents already
stored never change. Signatures are computed once per document and stored with it
(``silver/documents.minhash``), so a batch compares against the archive without
re-reading its texts.

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


def assign_stories(
    prior: Sequence[tuple[str, bytes | None, str]],
    new: Sequence[tuple[str, str]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    config: StoryConfig = StoryConfig(),
) -> dict[str, Story]:
    """The :class:`Story` of each new document.

    ``prior``: (doc_id, signature, story_id) of documents already stored, oldest first;
    ``new``: (doc_id, text_clean) in ingestion order. A new document joins the story of the
    earliest document it is similar to (similarity = estimated Jaccard with that document);
    otherwise it starts its own story (:func:`story_id_for`, similarity 1.0). Every pair is
    compared (no LSH banding, so no pair at the threshold is missed by chance); comparing is
    one vectorised pass over the stored signatures per new document.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold {threshold} must be in (0, 1]; 0.5 groups near-copies")
    width = config.num_perm * 8
    known = [
        (sig, story or story_id_for(doc_id)) for doc_id, sig, story in prior if sig and len(sig) == width
    ]
    matrix = np.empty((len(known) + len(new), config.num_perm), dtype="<u8")
    stories: list[str] = []
    for sig, story in known:
        matrix[len(stories)] = np.frombuffer(sig, dtype="<u8")
        stories.append(story)
    out: dict[str, Story] = {}
    for doc_id, text in new:
        sig = signature(text, config)
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
