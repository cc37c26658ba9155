"""Versions: a source is (inbox, path); what it holds over time decides what is current."""

import datetime as dt
import hashlib

import pyarrow.parquet as pq
import pytest

from ingest import gold, storage
from ingest.bronze import IntakeConfig, current_doc_ids, intake
from ingest.schemas import BRONZE_DOCUMENTS, BRONZE_SOURCES
from ingest.sources import History

AT_ONCE = IntakeConfig(settle_seconds=0)
V1 = "The Science Park opened its second phase on Monday.\n"
V2 = "The Science Park opened its second phase on Monday, three months late.\n"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def box(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "a.txt").write_text(V1)
    (box / "b.txt").write_text(V1)  # the same bytes under another name
    return box


def events(data, path):
    rows = sorted(storage.read_table(data, BRONZE_SOURCES).to_pylist(), key=lambda r: r["seen_at"])
    return [(r["event"], r["doc_id"]) for r in rows if r["source_path"] == path]


def test_bronze_versions_editing_one_of_two_identical_files_keeps_the_other(box, tmp_path):
    data = tmp_path / "data"
    intake(box, data, "r1", AT_ONCE)
    assert current_doc_ids(data) == [sha(V1)]
    (box / "a.txt").write_text(V2)
    s = intake(box, data, "r2", AT_ONCE)
    assert s.new == 1
    assert current_doc_ids(data) == gold.current_doc_ids(data) == [sha(V1), sha(V2)]


def test_bronze_versions_a_restored_file_takes_back_its_earlier_version(box, tmp_path):
    data = tmp_path / "data"
    (box / "b.txt").unlink()
    intake(box, data, "r1", AT_ONCE)
    (box / "a.txt").write_text(V2)
    intake(box, data, "r2", AT_ONCE)
    (box / "a.txt").write_text(V1)
    s = intake(box, data, "r3", AT_ONCE)
    assert (s.new, s.unchanged) == (0, 1)
    assert current_doc_ids(data) == [sha(V1)]
    assert events(data, "a.txt") == [("added", sha(V1)), ("changed", sha(V2)), ("restored", sha(V1))]
    before = storage.snapshot(data)
    assert intake(box, data, "r4", AT_ONCE).unchanged == 1 and storage.snapshot(data) == before


def test_bronze_versions_a_deleted_file_leaves_the_current_set_but_not_bronze(box, tmp_path):
    data = tmp_path / "data"
    (box / "a.txt").write_text(V2)
    intake(box, data, "r1", AT_ONCE)
    (box / "a.txt").unlink()
    s = intake(box, data, "r2", AT_ONCE)
    assert s.deleted == ["a.txt"]
    assert current_doc_ids(data) == [sha(V1)]  # b.txt
    assert events(data, "a.txt") == [("added", sha(V2)), ("deleted", None)]
    assert len(storage.read_table(data, BRONZE_DOCUMENTS)) == 2  # kept as history
    (box / "b.txt").unlink()
    (box / "keep.md").write_text(V2)  # same bytes as the deleted a.txt, under another name
    intake(box, data, "r3", AT_ONCE)
    assert current_doc_ids(data) == [sha(V2)]


def test_bronze_versions_a_run_over_another_inbox_deletes_nothing_of_this_one(box, tmp_path):
    data = tmp_path / "data"
    intake(box, data, "r1", AT_ONCE)
    other = tmp_path / "other"
    other.mkdir()
    (other / "c.txt").write_text(V2)
    s = intake(other, data, "r2", AT_ONCE)
    assert s.deleted == [] and current_doc_ids(data) == [sha(V1), sha(V2)]
    (other / "c.txt").unlink()
    (other / "d.txt").write_text(V2 + "More.\n")
    assert intake(other, data, "r3", AT_ONCE).deleted == ["c.txt"]
    assert sha(V1) in current_doc_ids(data)


def test_bronze_versions_kept_message_only_when_the_path_holds_those_bytes(box, tmp_path):
    data = tmp_path / "data"
    intake(box, data, "r1", AT_ONCE)
    (box / "c.txt").write_text(V1)  # bytes bronze has under another name, never ingested as c.txt
    (box / "c.txt.meta.json").write_text("{broken")
    (box / "a.txt.meta.json").write_text("{broken")
    s = intake(box, data, "r2", AT_ONCE)
    reasons = dict(s.rejections)
    assert "already ingested is kept" in reasons["a.txt"]
    assert "kept" not in reasons["c.txt"] and "current" not in reasons["c.txt"]
    (box / "a.txt").write_text(V2)
    assert "earlier version stays current" in dict(intake(box, data, "r3", AT_ONCE).rejections)["a.txt"]
    assert sha(V1) in current_doc_ids(data)


def test_bronze_versions_a_folder_from_before_the_sources_table_still_works(box, tmp_path):
    data = tmp_path / "data"
    (box / "b.txt").unlink()
    intake(box, data, "r1", AT_ONCE)
    (box / "a.txt").write_text(V2)
    intake(box, data, "r2", AT_ONCE)
    for part in storage.parts(data, BRONZE_SOURCES):  # as an older version left the folder
        part.unlink()
    for part in storage.parts(data, BRONZE_DOCUMENTS):
        pq.write_table(pq.read_table(part).drop_columns(["decode_replacements"]), part)
    assert current_doc_ids(data) == [sha(V2)]  # the latest document of each path
    s = intake(box, data, "r3", AT_ONCE)
    assert (s.new, s.unchanged) == (0, 1)
    assert events(data, "a.txt")[:2] == [("added", sha(V1)), ("changed", sha(V2))]  # written out
    assert events(data, "a.txt")[-1] == ("added", sha(V2))  # taken over by this inbox
    (box / "a.txt").write_text(V1)
    assert intake(box, data, "r4", AT_ONCE).new == 0 and current_doc_ids(data) == [sha(V1)]
    (box / "a.txt").unlink()
    (box / "z.txt").write_text(V2)
    assert intake(box, data, "r5", AT_ONCE).deleted == ["a.txt"]


def test_bronze_versions_order_survives_a_clock_that_went_back(box, tmp_path):
    data = tmp_path / "data"
    intake(box, data, "r1", AT_ONCE)
    h = History.load(data)
    earlier = h.last - dt.timedelta(hours=1)
    assert h.next_time(earlier) > h.last
    assert h.next_time(h.last + dt.timedelta(seconds=1)) == h.last + dt.timedelta(seconds=1)


def test_bronze_versions_gold_follows_every_path(box, tmp_path):
    from ingest import silver
    from ingest.clean import CleanConfig
    from ingest.dates import DateConfig
    from ingest.names import load_kb
    from ingest.schemas import GOLD_DOCUMENTS

    kb, data = load_kb(), tmp_path / "data"

    def run(run_id):
        intake(box, data, run_id, AT_ONCE)
        for ids in silver.batches(silver.pending_doc_ids(data), 10):
            batch = silver.clean_batch(data, ids, CleanConfig())
            batch = silver.extract_batch(batch, silver.entity_config(), (), DateConfig())
            silver.write_batch(data, batch, run_id)
        gold.build_gold(data, kb)
        return {r["doc_id"] for r in storage.read_table(data, GOLD_DOCUMENTS).to_pylist()}

    assert run("r1") == {sha(V1)}
    (box / "a.txt").write_text(V2)
    assert run("r2") == {sha(V1), sha(V2)}  # b.txt still holds the first bytes
    (box / "a.txt").write_text(V1)
    assert run("r3") == {sha(V1)}  # restored
    (box / "b.txt").unlink()
    (box / "a.txt").unlink()
    (box / "c.txt").write_text(V2)
    assert run("r4") == {sha(V2)}  # both gone; c.txt holds the edited bytes


def _remembered(data):
    from ingest import sources

    held = sources._kept.get(sources._key(data))
    return None if held is None or held[0] != sources._listing(data) else held[1]


def test_bronze_versions_the_history_a_run_leaves_equals_bronze_read_again(box, tmp_path):
    """A run hands its history to the next one in the process (ingest serve): it must be what
    reading bronze would give, after every kind of change."""
    data = tmp_path / "data"
    other = tmp_path / "other"
    other.mkdir()
    (other / "c.txt").write_text(V2)
    steps = [
        lambda: None,
        lambda: (box / "a.txt").write_text(V2),  # edited: one of two identical files
        lambda: (box / "a.txt").write_text(V1),  # restored
        lambda: (box / "b.txt").unlink(),  # deleted
        lambda: (box / "a.txt.meta.json").write_text('{"outlet": "The Standard"}'),  # new metadata
        lambda: (box / "b.txt").write_text(V1),  # bytes a.txt brought, back under another name
        lambda: (box / "d.txt").write_text(V2),  # bytes another inbox brought
    ]
    for i, step in enumerate(steps):
        step()
        intake(box, data, f"r{i}", AT_ONCE)
        kept = _remembered(data)
        assert kept is not None and kept == History.read(data), f"after step {i}"
        assert current_doc_ids(data) == History.read(data).current_doc_ids()
        intake(other, data, f"o{i}", AT_ONCE)
        assert _remembered(data) == History.read(data)


def test_bronze_versions_a_remembered_history_is_not_used_once_bronze_changed(box, tmp_path):
    data = tmp_path / "data"
    intake(box, data, "r1", AT_ONCE)
    (box / "e.txt").write_text(V2)
    intake(box, data, "r2", AT_ONCE)
    assert _remembered(data) is not None
    storage.compact(data, min_parts=2)  # bronze's parts merged: the listing no longer matches
    assert _remembered(data) is None
    assert History.load(data) == History.read(data)
