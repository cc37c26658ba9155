"""Bronze intake on hostile inboxes: it never hangs or crashes, and says why it skipped anything."""

import os
import socket
import threading
import time

import pytest

from ingest import storage
from ingest.bronze import IntakeConfig, IntakeSummary, current_doc_ids, intake
from ingest.errors import ConfigError
from ingest.schemas import BRONZE_DOCUMENTS, BRONZE_REJECTED, BRONZE_SOURCES

AT_ONCE = IntakeConfig(settle_seconds=0)
TEXT = "The Innovation and Technology Commission opened a second laboratory in Sha Tin today.\n"


@pytest.fixture
def box(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "fine.txt").write_text(TEXT)
    return box


def _intake(box, data, config=AT_ONCE, timeout=20.0) -> IntakeSummary:
    """Intake in a daemon thread, so a hang fails the test instead of blocking the suite."""
    out: dict = {}

    def run():
        try:
            out["summary"] = intake(box, data, "r", config)
        except BaseException as e:  # re-raised below, in the test's thread
            out["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"intake still running after {timeout} s: it hangs"
    if "error" in out:
        raise out["error"]
    return out["summary"]


def _reasons(pairs) -> dict[str, str]:
    return dict(pairs)


def _sources(data) -> list[dict]:
    return storage.read_table(data, BRONZE_SOURCES).to_pylist()


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        (b'{"lang": ["en"]}', "lang"),
        (b"[" * 60_000, "nested"),
        (b"[" * 100_000, "over the 65,536"),
        (b'{"title": "\\udc80"}', "half of a UTF-16 pair"),
        (b'{"published_on": ' + b"9" * 5000 + b"}", "not valid JSON"),
    ],
)
def test_intake_hostile_sidecar_rejects_its_article_and_goes_on(box, tmp_path, sidecar, message):
    (box / "k.txt").write_text(TEXT + "Second article.\n")
    (box / "k.txt.meta.json").write_bytes(sidecar)
    s = _intake(box, tmp_path / "data")
    assert s.new == 1 and s.rejected == 1
    assert message in _reasons(s.rejections)["k.txt"]
    (row,) = storage.read_table(tmp_path / "data", BRONZE_REJECTED).to_pylist()
    assert row["reason_code"] == "bad_sidecar"


def test_intake_hostile_directory_named_like_a_sidecar(box, tmp_path):
    (box / "k.txt").write_text(TEXT + "Second article.\n")
    (box / "k.txt.meta.json").mkdir()
    (box / "k.txt.meta.json" / "inner.txt").write_text(TEXT + "Third article.\n")
    s = _intake(box, tmp_path / "data")
    assert "k.txt.meta.json is a folder" in _reasons(s.rejections)["k.txt"]
    assert s.new == 2  # fine.txt, and the file inside that folder


def test_intake_hostile_fifo_as_sidecar_or_article_never_blocks(box, tmp_path):
    (box / "k.txt").write_text(TEXT + "Second article.\n")
    os.mkfifo(box / "k.txt.meta.json")
    os.mkfifo(box / "pipe.txt")
    s = _intake(box, tmp_path / "data", timeout=10)
    assert "FIFO" in _reasons(s.rejections)["k.txt"]
    assert "FIFO" in _reasons(s.skipped)["pipe.txt"]
    assert s.new == 1


def test_intake_hostile_socket_and_device_are_skipped(box, tmp_path):
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(box / "s.txt"))
    try:
        os.mknod(box / "null.txt", 0o600 | 0o020000, os.makedev(1, 3))  # a character device
        has_device = True
    except (PermissionError, OSError):
        has_device = False
    try:
        s = _intake(box, tmp_path / "data")
    finally:
        sock.close()
    assert "a socket" in _reasons(s.skipped)["s.txt"]
    if has_device:
        assert "a device" in _reasons(s.skipped)["null.txt"]
    assert s.new == 1


def test_intake_hostile_name_not_utf8_is_kept_exactly_and_shown_escaped(box, tmp_path):
    raw = os.fsencode(box) + b"/bad\xffname.txt"
    with open(raw, "wb") as fh:
        fh.write(TEXT.encode() + b"Not UTF-8 name.\n")
    (box / "bad\\xffname.txt").write_text(TEXT + "A backslash in the name.\n")  # the same display form
    (box / "line\nbreak.txt").write_text(TEXT + "A newline in the name.\n")
    data = tmp_path / "data"
    s = _intake(box, data)
    assert s.new == 4 and s.rejected == 0
    rows = {(r["source_path"], r["source_path_bytes"]) for r in _sources(data)}
    assert ("bad\\xffname.txt", b"bad\xffname.txt") in rows
    assert ("bad\\xffname.txt", None) in rows  # the literal name: another source, no collision
    assert ("line\\x0abreak.txt", b"line\nbreak.txt") in rows
    assert len(current_doc_ids(data)) == 4
    assert _intake(box, data).new == 0 and _intake(box, data).unchanged == 4


def test_intake_hostile_symlinks_follow_only_files_inside_the_inbox(box, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(TEXT + "Outside the inbox.\n")
    (box / "sub").mkdir()
    (box / "sub" / "real.txt").write_text(TEXT + "Inside, in a subfolder.\n")
    (box / "inside.txt").symlink_to(box / "sub" / "real.txt")
    (box / "outside.txt").symlink_to(outside)
    (box / "dangling.txt").symlink_to(box / "nowhere.txt")
    (box / "loop1.txt").symlink_to(box / "loop2.txt")
    (box / "loop2.txt").symlink_to(box / "loop1.txt")
    (box / "sub" / "up").symlink_to(box)  # a folder loop
    (box / "fine.txt.meta.json").symlink_to(outside)
    s = _intake(box, tmp_path / "data")
    skipped = _reasons(s.skipped)
    assert "outside the inbox" in skipped["outside.txt"]
    assert "does not exist" in skipped["dangling.txt"]
    assert "loop" in skipped["loop1.txt"] and "loop" in skipped["loop2.txt"]
    assert "a folder" in skipped["sub/up"]
    assert "outside the inbox" in _reasons(s.rejections)["fine.txt"]
    docs = {r["source_path"] for r in storage.read_table(tmp_path / "data", BRONZE_DOCUMENTS).to_pylist()}
    assert docs == {"inside.txt"}  # sub/real.txt has the same bytes: one document, two sources
    assert {r["source_path"] for r in _sources(tmp_path / "data")} == {"inside.txt", "sub/real.txt"}


def test_intake_hostile_orphan_sidecar_and_hidden_files_are_listed(box, tmp_path):
    (box / "gone.txt.meta.json").write_text("{}")
    (box / ".DS_Store").write_bytes(b"\x00")
    (box / ".git").mkdir()
    (box / ".git" / "HEAD").write_text("ref")
    s = _intake(box, tmp_path / "data")
    skipped = _reasons(s.skipped)
    assert "no article gone.txt" in skipped["gone.txt.meta.json"]
    assert "hidden" in skipped[".DS_Store"] and "hidden" in skipped[".git"]
    assert ".git/HEAD" not in skipped and s.seen == 1


def test_intake_hostile_file_still_being_written_waits_for_a_later_run(box, tmp_path):
    data = tmp_path / "data"
    s = _intake(box, data, IntakeConfig())  # fine.txt was written just now
    assert s.new == 0 and s.rejected == 0
    assert "may still be being written" in _reasons(s.skipped)["fine.txt"]
    assert storage.row_counts(data)[BRONZE_REJECTED.path] == 0
    old = time.time() - 10
    os.utime(box / "fine.txt", (old, old))
    assert _intake(box, data, IntakeConfig()).new == 1


def test_intake_hostile_file_growing_while_read_is_not_taken_as_a_prefix(box, tmp_path, monkeypatch):
    real_read = os.read

    def read_then_append(fd, n):
        chunk = real_read(fd, n)
        with open(box / "fine.txt", "a") as fh:  # the writer goes on
            fh.write("more")
        return chunk

    monkeypatch.setattr(os, "read", read_then_append)
    s = _intake(box, tmp_path / "data")
    monkeypatch.undo()
    assert s.new == 0 and "changed while it was read" in _reasons(s.skipped)["fine.txt"]
    assert storage.row_counts(tmp_path / "data")[BRONZE_DOCUMENTS.path] == 0


def test_intake_hostile_missing_or_emptied_inbox_deletes_nothing(box, tmp_path):
    data = tmp_path / "data"
    _intake(box, data)
    with pytest.raises(ConfigError, match="not a folder"):
        intake(tmp_path / "nope", data, "r", AT_ONCE)
    (box / "fine.txt").unlink()  # as an unmounted share looks
    s = _intake(box, data)
    assert s.deleted == [] and "empty" in _reasons(s.skipped)["."]
    assert len(current_doc_ids(data)) == 1


def test_intake_hostile_folder_that_cannot_be_listed_keeps_its_files(box, tmp_path, monkeypatch):
    data = tmp_path / "data"
    (box / "sub").mkdir()
    (box / "sub" / "a.txt").write_text(TEXT + "In a subfolder.\n")
    _intake(box, data)
    real = os.scandir

    def scandir(path):
        if os.fsencode(path).endswith(b"/sub"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    s = _intake(box, data)
    assert "could not be listed" in _reasons(s.skipped)["sub"] and s.deleted == []
    assert len(current_doc_ids(data)) == 2


def test_intake_hostile_sidecar_still_being_written_holds_its_article_back(box, tmp_path):
    data = tmp_path / "data"
    old = time.time() - 10
    os.utime(box / "fine.txt", (old, old))
    (box / "fine.txt.meta.json").write_text('{"outlet": "ISD"}')  # just now
    s = _intake(box, data, IntakeConfig())
    assert s.new == 0 and s.rejected == 0
    assert "its sidecar fine.txt.meta.json" in _reasons(s.skipped)["fine.txt"]
    os.utime(box / "fine.txt.meta.json", (old, old))
    assert _intake(box, data, IntakeConfig()).new == 1
