"""Which version of each inbox file is current in gold, through the pipeline's stages.

Gold holds exactly the current content of every file in the inbox: a second name for the
same bytes keeps that content current when the first name is edited; bytes restored to an
earlier version are current again; a deleted file leaves gold (its versions stay in bronze
and silver, which never forget).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from driver import run_stages
from observe import read_folder

from ingest.config import PipelineConfig

CFG = PipelineConfig(batch_size=4)

V1 = (
    "Data centre tender opens\n\nThe Office of the Government Chief Information Officer said on "
    "Monday that the tender for the Tseung Kwan O data centre would close on 15 January.\n"
)
V2 = V1.replace("15 January", "29 January") + "Bidders may ask questions until 8 January.\n"
OTHER = (
    "Innovation fund reaches schools\n\nThe Education Bureau said on Tuesday that 300 primary "
    "schools had received grants for coding clubs under the innovation fund this year.\n"
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run(inbox: Path, data: Path) -> dict:
    return run_stages(inbox, data, CFG)


def gold_contents(data: Path) -> list[str]:
    """The content sha256 of every gold document (sorted, repeats kept)."""
    bronze = {
        r["doc_id"]: r.get("content_sha256") or r["doc_id"] for r in read_folder(data, "bronze/documents")
    }
    return sorted(bronze[r["doc_id"]] for r in read_folder(data, "gold/documents"))


def gold_published_on(data: Path) -> list:
    return [r["published_on"] for r in read_folder(data, "gold/documents")]


def assert_gold_tables_agree(data: Path) -> None:
    """Mentions and dates in gold belong to gold documents only."""
    ids = {r["doc_id"] for r in read_folder(data, "gold/documents")}
    for table in ("gold/mentions", "gold/dates"):
        stray = {r["doc_id"] for r in read_folder(data, table)} - ids
        assert not stray, f"{table} holds documents that are not current: {sorted(stray)}"


def write(inbox: Path, name: str, text: str) -> None:
    inbox.mkdir(exist_ok=True)
    (inbox / name).write_text(text, encoding="utf-8")


def test_versions_identical_bytes_then_one_edited_keeps_the_other(tmp_path):
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    write(inbox, "a.txt", V1)
    write(inbox, "b.txt", V1)
    run(inbox, data)
    assert gold_contents(data) == [sha(V1)]  # one content, whatever its names
    write(inbox, "a.txt", V2)
    run(inbox, data)
    assert gold_contents(data) == sorted([sha(V1), sha(V2)]), "b.txt still holds V1: it must stay in gold"
    assert_gold_tables_agree(data)


def test_versions_identical_bytes_one_deleted_keeps_the_other(tmp_path):
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    write(inbox, "a.txt", V1)
    write(inbox, "b.txt", V1)
    run(inbox, data)
    (inbox / "a.txt").unlink()
    run(inbox, data)
    assert gold_contents(data) == [sha(V1)], "b.txt still holds V1: it must stay in gold"


def test_versions_restored_bytes_are_current_again(tmp_path):
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    write(inbox, "a.txt", V1)
    run(inbox, data)
    write(inbox, "a.txt", V2)
    run(inbox, data)
    assert gold_contents(data) == [sha(V2)]
    write(inbox, "a.txt", V1)  # the edit undone
    run(inbox, data)
    assert gold_contents(data) == [sha(V1)], "a.txt holds V1 again: V1 is its current version"
    assert_gold_tables_agree(data)


def test_versions_deleted_file_leaves_gold_but_stays_in_bronze_and_silver(tmp_path):
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    write(inbox, "a.txt", V1)
    write(inbox, "gone.txt", OTHER)
    run(inbox, data)
    (inbox / "gone.txt").unlink()
    run(inbox, data)
    assert gold_contents(data) == [sha(V1)], "gone.txt was deleted: its content must leave gold"
    assert_gold_tables_agree(data)
    bronze = {r["source_path"] for r in read_folder(data, "bronze/documents")}
    silver = {r["source_path"] for r in read_folder(data, "silver/documents")}
    assert "gone.txt" in bronze and "gone.txt" in silver, "bronze and silver keep what arrived"
    write(inbox, "gone.txt", OTHER)  # put back: current again
    run(inbox, data)
    assert gold_contents(data) == sorted([sha(V1), sha(OTHER)])


def test_versions_edited_sidecar_is_a_new_version(tmp_path):
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    write(inbox, "a.txt", V1)
    write(inbox, "a.txt.meta.json", json.dumps({"published_on": "2026-11-30", "outlet": "OGCIO"}))
    run(inbox, data)
    write(inbox, "a.txt.meta.json", json.dumps({"published_on": "2026-12-01", "outlet": "OGCIO"}))
    run(inbox, data)
    versions = [r for r in read_folder(data, "bronze/documents") if r["source_path"] == "a.txt"]
    assert len(versions) == 2 and len({r["doc_id"] for r in versions}) == 2
    assert {r["content_sha256"] for r in versions} == {sha(V1)}
    assert [str(d) for d in gold_published_on(data)] == ["2026-12-01"]
    assert_gold_tables_agree(data)
