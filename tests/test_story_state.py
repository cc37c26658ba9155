"""The story LSH index on disk: round trip, catching up with silver, rebuilding when stale."""

from __future__ import annotations

import json
import random

import pytest

from ingest import storage
from ingest.schemas import SILVER_BATCHES, SILVER_DOCUMENTS
from ingest.silver_batches import commit_batch
from ingest.stories import StoryConfig, assign_signed, assign_stories, signature
from ingest.story_state import state_dir, synced_index

_SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "an", "ho", "ju"]


def _text(seed: int) -> str:
    rng = random.Random(seed)
    return " ".join("".join(rng.choices(_SYLLABLES, k=3)) for _ in range(80))


def _row(doc_id: str, sig: bytes | None, story_id: str) -> dict:
    nulls = ("title", "published_on", "published_on_source", "published_timex", "outlet", "byline")
    return dict(
        dict.fromkeys(nulls + ("dateline_place", "url")),
        doc_id=doc_id,
        source_path=f"{doc_id}.txt",
        lang="en",
        paragraph_langs=[],
        text_clean="x",
        n_chars=1,
        story_id=story_id,
        story_similarity=1.0,
        minhash=sig,
        pipeline_version="test",
        run_id="r1",
    )


def _commit(data, docs: list[tuple[str, int]], marker: bool = True) -> str:
    """Commit documents (doc_id, text seed) as one silver batch with their own stories."""
    rows = [_row(d, signature(_text(seed)), f"story-{d}") for d, seed in docs]
    ids = [d for d, _ in docs]
    if marker:
        commit_batch(data, ids, {SILVER_DOCUMENTS: rows}, [], "r1")
    else:  # the run dies after silver/documents, before the commit marker
        storage.write_part(data, SILVER_DOCUMENTS, rows, storage.part_name(ids))
    return storage.part_name(ids)


def _indexed(index) -> set[str]:
    return {bytes(d).decode() for seg in index.segments for d in seg.doc_id}


def _files(data) -> dict[str, int]:
    return {str(p.relative_to(data)): p.stat().st_mtime_ns for p in state_dir(data).rglob("*")}


def test_story_state_round_trip_loads_what_it_wrote_and_finds_the_same_stories(tmp_path):
    for b in range(4):
        _commit(tmp_path, [(f"b{b}-{i}", 10 * b + i) for i in range(5)])
    index = synced_index(tmp_path)
    assert len(index) == 20 and (state_dir(tmp_path) / "manifest.json").is_file()
    before = _files(tmp_path)
    again = synced_index(tmp_path)  # nothing new: loaded, nothing written
    assert _files(tmp_path) == before
    assert _indexed(again) == _indexed(index) and again.next_order == index.next_order == 20
    new = [("n1", signature(_text(12))), ("n2", signature(_text(99)))]
    prior = [
        (r["doc_id"], r["minhash"], r["story_id"])
        for r in storage.read_table(tmp_path, SILVER_DOCUMENTS).to_pylist()
    ]
    got = assign_signed(again, new)
    assert got["n1"].story_id == "story-b1-2" and got["n2"].story_id == "story-n2"
    assert got == assign_stories(prior, [("n1", _text(12)), ("n2", _text(99))])


def test_story_state_adds_batches_committed_since_in_commit_order(tmp_path):
    _commit(tmp_path, [("a", 1)])
    synced_index(tmp_path)
    _commit(tmp_path, [("b", 1), ("c", 2)])  # b is a copy of a, committed after it
    index = synced_index(tmp_path)
    assert _indexed(index) == {"a", "b", "c"}
    orders = {
        bytes(d).decode(): int(o)
        for seg in index.segments
        for d, o in zip(seg.doc_id, seg.order, strict=True)
    }
    assert orders["a"] < orders["b"] < orders["c"]
    got = assign_signed(index, [("n", signature(_text(1)))])
    assert got["n"].story_id == "story-a"  # the earliest of the two copies
    manifest = json.loads((state_dir(tmp_path) / "manifest.json").read_text())
    assert len(manifest["segments"]) == 1  # two segments of one and two documents merged
    assert [p.name for p in state_dir(tmp_path).iterdir() if p.is_dir()] == [manifest["segments"][0]["name"]]


def test_story_state_never_claims_a_batch_silver_has_not_committed(tmp_path):
    _commit(tmp_path, [("a", 1)])
    _commit(tmp_path, [("half", 2)], marker=False)
    assert _indexed(synced_index(tmp_path)) == {"a"}


@pytest.mark.parametrize("change", ["part_removed", "part_rewritten", "segment_broken", "manifest_broken"])
def test_story_state_rebuilds_from_silver_when_stale(tmp_path, change):
    keep = _commit(tmp_path, [("a", 1), ("b", 2)])
    gone = _commit(tmp_path, [("c", 3)])
    assert _indexed(synced_index(tmp_path)) == {"a", "b", "c"}
    folder = state_dir(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    if change == "part_removed":  # e.g. silver was pruned by hand
        (storage.table_dir(tmp_path, SILVER_DOCUMENTS) / gone).unlink()
        (storage.table_dir(tmp_path, SILVER_BATCHES) / gone).unlink()
    elif change == "part_rewritten":
        storage.write_part(tmp_path, SILVER_DOCUMENTS, [_row("a", signature(_text(1)), "story-a")], keep)
    elif change == "segment_broken":
        (folder / manifest["segments"][0]["name"] / "sigs.npy").write_bytes(b"not numpy")
    else:
        (folder / "manifest.json").write_text("{")
    expected = {"part_removed": {"a", "b"}, "part_rewritten": {"a", "c"}}.get(change, {"a", "b", "c"})
    index = synced_index(tmp_path)
    assert _indexed(index) == expected
    assert _indexed(synced_index(tmp_path)) == expected  # and what was rebuilt is stored


def test_story_state_rebuilds_when_the_settings_change(tmp_path):
    _commit(tmp_path, [("a", 1), ("b", 2)])
    base = synced_index(tmp_path)
    other = synced_index(tmp_path, threshold=0.8, config=StoryConfig(false_negative_weight=0.5))
    assert (other.bands, other.rows) != (base.bands, base.rows) and _indexed(other) == {"a", "b"}
    manifest = json.loads((state_dir(tmp_path) / "manifest.json").read_text())
    assert json.loads(manifest["fingerprint"])["threshold"] == 0.8


def test_story_state_removes_what_a_killed_run_left(tmp_path):
    _commit(tmp_path, [("a", 1)])
    synced_index(tmp_path)
    folder = state_dir(tmp_path)
    (folder / ".seg-dead.tmp").mkdir()  # died while writing a segment
    (folder / "seg-unlisted").mkdir()  # died after the segment, before the manifest
    (folder / ".manifest.x.tmp").write_text("{}")
    _commit(tmp_path, [("b", 2)])
    synced_index(tmp_path)
    names = {p.name for p in folder.iterdir()}
    assert not {".seg-dead.tmp", "seg-unlisted", ".manifest.x.tmp"} & names


def test_story_state_indexes_documents_compaction_merged(tmp_path):
    for b in range(3):
        _commit(tmp_path, [(f"b{b}-{i}", 10 * b + i) for i in range(3)])
    synced_index(tmp_path)
    storage.compact(tmp_path, SILVER_DOCUMENTS, min_parts=2)
    assert all(p.name.startswith("part-c-") for p in storage.parts(tmp_path, SILVER_DOCUMENTS))
    index = synced_index(tmp_path)  # the indexed parts are gone: rebuilt from the merged one
    assert len(index) == 9
    got = assign_signed(index, [("n", signature(_text(21)))])
    assert got["n"].story_id == "story-b2-1"
