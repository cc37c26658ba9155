"""Bronze intake: each content once, byte for byte; bad files quarantined with reasons."""

import json

import pytest

from ingest import storage
from ingest.bronze import IntakeConfig, current_doc_ids, inbox_files, intake, validate_supplied
from ingest.errors import SidecarError
from ingest.schemas import BRONZE_DOCUMENTS, BRONZE_REJECTED, BRONZE_SOURCES

AT_ONCE = IntakeConfig(settle_seconds=0)  # files written by a test are complete at once

RELEASE = (
    "SIT visits Science Park\n\nThe Secretary for Innovation and Technology, Mr Alfred Sit, "
    "visited the Hong Kong Science Park today (December 2).\n"
)


@pytest.fixture
def inbox(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "release.txt").write_text(RELEASE, encoding="utf-8")
    (box / "release.txt.meta.json").write_text(json.dumps({"published_on": "2021-12-02", "outlet": "ISD"}))
    (box / "copy_of_release.txt").write_text(RELEASE, encoding="utf-8")  # same bytes, other name
    (box / "big5.txt").write_bytes("創新科技署署長今日出席論壇。".encode("big5"))
    (box / "empty.txt").write_bytes(b"")
    (box / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (box / ".DS_Store").write_bytes(b"\x00\x01")
    return box


def test_bronze_intake_keeps_bytes_and_provenance(inbox, tmp_path):
    data = tmp_path / "data"
    s = intake(inbox, data, "run-1", AT_ONCE)
    assert (s.seen, s.new, s.unchanged, s.rejected) == (5, 2, 1, 2)
    docs = {r["source_path"]: r for r in storage.read_table(data, BRONZE_DOCUMENTS).to_pylist()}
    assert set(docs) == {"big5.txt", "copy_of_release.txt"}  # first path in sorted order wins
    big5 = docs["big5.txt"]
    assert big5["raw_bytes"] == (inbox / "big5.txt").read_bytes()
    assert big5["encoding"] == "big5" and big5["text"] == "創新科技署署長今日出席論壇。"
    assert big5["size_bytes"] == len(big5["raw_bytes"]) and big5["modified_at"].tzinfo is not None


def test_bronze_intake_reads_sidecar_into_supplied_meta(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "a.txt").write_text(RELEASE)
    (box / "a.txt.meta.json").write_text(json.dumps({"published_on": "2021-12-02", "outlet": "ISD"}))
    intake(box, tmp_path / "data", "r", AT_ONCE)
    row = storage.read_table(tmp_path / "data", BRONZE_DOCUMENTS).to_pylist()[0]
    assert json.loads(row["supplied_meta"]) == {"published_on": "2021-12-02", "outlet": "ISD"}


def test_bronze_intake_rejects_with_reasons_and_goes_on(inbox, tmp_path):
    data = tmp_path / "data"
    intake(inbox, data, "run-1", AT_ONCE)
    rejected = {r["source_path"]: r for r in storage.read_table(data, BRONZE_REJECTED).to_pylist()}
    assert rejected["empty.txt"]["reason_code"] == "empty"
    assert rejected["photo.png"]["reason_code"] == "binary"
    assert "PNG" in rejected["photo.png"]["reason"]


def test_bronze_intake_rerun_adds_nothing(inbox, tmp_path):
    data = tmp_path / "data"
    intake(inbox, data, "run-1", AT_ONCE)
    before = storage.snapshot(data)
    s = intake(inbox, data, "run-2", AT_ONCE)
    assert (s.new, s.unchanged, s.rejected) == (0, 3, 2)
    assert storage.snapshot(data) == before


def test_bronze_intake_changed_file_is_a_new_version(inbox, tmp_path):
    data = tmp_path / "data"
    intake(inbox, data, "run-1", AT_ONCE)
    (inbox / "big5.txt").write_bytes("創新科技署署長今日出席兩個論壇。".encode("big5"))
    s = intake(inbox, data, "run-2", AT_ONCE)
    assert s.new == 1
    versions = [
        r for r in storage.read_table(data, BRONZE_DOCUMENTS).to_pylist() if r["source_path"] == "big5.txt"
    ]
    assert len(versions) == 2 and len({v["doc_id"] for v in versions}) == 2


def test_bronze_intake_never_touches_the_inbox(inbox, tmp_path):
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in inbox.rglob("*")}
    intake(inbox, tmp_path / "data", "run-1", AT_ONCE)
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in inbox.rglob("*")} == before


def test_bronze_bad_sidecar_quarantines_the_article(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "a.txt").write_text(RELEASE)
    (box / "a.txt.meta.json").write_text('{"published_on": "3 Dec 2021"}')
    s = intake(box, tmp_path / "data", "r", AT_ONCE)
    assert s.new == 0 and s.rejected == 1
    row = storage.read_table(tmp_path / "data", BRONZE_REJECTED).to_pylist()[0]
    assert row["reason_code"] == "bad_sidecar" and "published_on" in row["reason"]


def test_bronze_oversized_file_is_rejected(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "huge.txt").write_text("x" * 5000)
    s = intake(box, tmp_path / "data", "r", IntakeConfig(max_bytes=1000, settle_seconds=0))
    assert s.rejected == 1 and s.rejections[0][1].startswith("the file has 5,000 bytes")


def test_bronze_unreadable_file_is_rejected(tmp_path, monkeypatch):
    import ingest.inbox

    box = tmp_path / "inbox"
    box.mkdir()
    (box / "locked.txt").write_text("x")
    (box / "fine.txt").write_text(RELEASE)
    real = ingest.inbox._open

    def locked(path):  # tests run as root, whom a chmod does not stop
        if path.endswith(b"locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(ingest.inbox, "_open", locked)
    s = intake(box, tmp_path / "data", "r", AT_ONCE)
    assert s.new == 1 and s.rejections == [("locked.txt", "the file could not be read: Permission denied.")]


def test_bronze_inbox_files_skip_sidecars_and_hidden(inbox):
    names = [p.name for p in inbox_files(inbox)]
    assert "release.txt.meta.json" not in names and ".DS_Store" not in names


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ([], "JSON object"),
        ({"author": "x"}, "unknown keys"),
        ({"lang": "fr"}, "lang"),
        ({"title": 3}, "string"),
    ],
)
def test_bronze_validate_supplied_says_what_is_wrong(meta, message):
    with pytest.raises(SidecarError, match=message):
        validate_supplied(meta, "a.txt.meta.json")


def _versions(data, path):
    rows = storage.read_table(data, BRONZE_DOCUMENTS).to_pylist()
    return sorted((r for r in rows if r["source_path"] == path), key=lambda r: r["ingested_at"])


def test_bronze_edited_sidecar_is_a_new_version_of_the_same_bytes(inbox, tmp_path):
    data = tmp_path / "data"
    side = inbox / "release.txt.meta.json"
    (inbox / "copy_of_release.txt").unlink()
    intake(inbox, data, "run-1", AT_ONCE)
    side.write_text(json.dumps({"published_on": "2021-12-03", "outlet": "ISD"}))  # a corrected date
    s = intake(inbox, data, "run-2", AT_ONCE)
    assert (s.new, s.unchanged) == (1, 1)
    first, second = _versions(data, "release.txt")
    assert first["raw_bytes"] == second["raw_bytes"] and first["doc_id"] != second["doc_id"]
    assert second["content_sha256"] == first["content_sha256"] == first["doc_id"]
    assert json.loads(second["supplied_meta"])["published_on"] == "2021-12-03"
    before = storage.snapshot(data)
    assert intake(inbox, data, "run-3", AT_ONCE).new == 0 and storage.snapshot(data) == before
    side.write_text(json.dumps({"published_on": "2021-12-02", "outlet": "ISD"}))  # and back again
    assert intake(inbox, data, "run-4", AT_ONCE).new == 0  # the first version is current again
    assert len(_versions(data, "release.txt")) == 2
    first, second = (v["doc_id"] for v in _versions(data, "release.txt"))
    assert first in current_doc_ids(data) and second not in current_doc_ids(data)


def test_bronze_same_bytes_under_another_name_add_nothing_whatever_their_sidecar(inbox, tmp_path):
    data = tmp_path / "data"
    intake(inbox, data, "run-1", AT_ONCE)  # the bytes are in bronze as copy_of_release.txt (first in order)
    (inbox / "release.txt.meta.json").write_text(json.dumps({"outlet": "Other"}))
    s = intake(inbox, data, "run-2", AT_ONCE)
    assert s.new == 0 and len(storage.read_table(data, BRONZE_DOCUMENTS)) == 2


def test_bronze_sidecar_broken_after_ingestion_keeps_the_version(inbox, tmp_path):
    data = tmp_path / "data"
    intake(inbox, data, "run-1", AT_ONCE)
    (inbox / "release.txt.meta.json").write_text("{not json")
    (inbox / "copy_of_release.txt").unlink()
    s = intake(inbox, data, "run-2", AT_ONCE)
    assert s.new == 0
    (reason,) = [r for p, r in s.rejections if p == "release.txt"]
    assert "already ingested is kept" in reason
    assert len(_versions(data, "copy_of_release.txt")) == 1


def test_bronze_parts_written_before_content_sha256_still_dedupe(inbox, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = tmp_path / "data"
    intake(inbox, data, "run-1", AT_ONCE)
    for part in storage.parts(data, BRONZE_DOCUMENTS):  # as an older version wrote them
        t = pq.read_table(part)
        pq.write_table(t.drop_columns(["content_sha256"]), part)
        assert "content_sha256" not in pq.read_schema(part).names
    s = intake(inbox, data, "run-2", AT_ONCE)
    assert s.new == 0 and isinstance(storage.read_table(data, BRONZE_DOCUMENTS), pa.Table)


def test_bronze_a_path_s_current_version_does_not_depend_on_the_order_rows_are_read(inbox, tmp_path):
    data = tmp_path / "data"
    (inbox / "copy_of_release.txt").unlink()
    intake(inbox, data, "run-1", AT_ONCE)
    (inbox / "release.txt.meta.json").write_text(json.dumps({"published_on": "2021-12-03"}))
    intake(inbox, data, "run-2", AT_ONCE)
    rows = storage.read_table(data, BRONZE_DOCUMENTS).to_pylist()
    newest = max((r for r in rows if r["source_path"] == "release.txt"), key=lambda r: r["ingested_at"])
    events = storage.read_table(data, BRONZE_SOURCES).to_pylist()
    expected = current_doc_ids(data)
    assert newest["doc_id"] in expected
    for table, order in ((BRONZE_DOCUMENTS, rows), (BRONZE_SOURCES, events)):
        for reverse in (False, True):
            for part in storage.parts(data, table):
                part.unlink()
            storage.write_part(data, table, order[::-1] if reverse else order, "part-one.parquet")
            assert current_doc_ids(data) == expected
            assert intake(inbox, data, "again", AT_ONCE).new == 0
