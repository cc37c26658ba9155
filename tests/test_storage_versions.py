"""Version folders: every table exists from the start, old layouts convert, switches keep order."""

import os
import time

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from ingest import storage, versions
from ingest.schemas import (
    ALL_TABLES,
    GOLD_DOCUMENTS,
    GOLD_MENTIONS,
    GOLD_UNRESOLVED,
    SILVER_DOCUMENTS,
    SILVER_FIXES,
)


def _fix(doc_id, seq=0, rule="glyph_runs"):
    return dict(doc_id=doc_id, seq=seq, rule=rule, count=1, example_before="", example_after="", run_id="r")


def _doc(doc_id):
    return dict(
        doc_id=doc_id,
        title="Budget address",
        published_on=None,
        outlet="HKFP",
        lang="en",
        story_id=None,
        people=[],
        organisations=[],
        places=[],
        dates=[],
    )


def _mention(doc_id):
    return dict(
        doc_id=doc_id,
        start_char=0,
        end_char=8,
        text="John Lee",
        label="PERSON",
        entity_id=None,
        method="unresolved",
        score=0.0,
        evidence=None,
        candidates=[],
    )


def _unresolved(name):
    return dict(name_key=name.lower(), name=name, label="PERSON", mention_count=1, doc_count=1, candidates=[])


def _version_count(data, table):
    return len([p for p in versions.versions_dir(data, table).iterdir() if p.name.isdigit()])


def test_storage_ensure_tables_makes_every_table_readable_by_duckdb_and_pyarrow(tmp_path):
    assert storage.ensure_tables(tmp_path) == sorted(t.path for t in ALL_TABLES)
    con = duckdb.connect()
    types = {}
    for table in ALL_TABLES:
        rel = con.sql(f"select * from read_parquet('{tmp_path}/{table.path}/*.parquet')")
        assert rel.columns == table.schema.names, table.path
        assert rel.fetchall() == []
        types[table.path] = dict(zip(rel.columns, map(str, rel.types), strict=True))
        assert ds.dataset(tmp_path / table.path).to_table().num_rows == 0
        assert storage.parts(tmp_path, table) == []  # the empty part is not a data part
    assert types["bronze/rejected"]["rejected_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["gold/documents"]["published_on"] == "DATE"
    assert types["gold/documents"]["people"] == "VARCHAR[]"
    assert types["silver/mentions"]["start_char"] == "INTEGER"
    assert storage.row_counts(tmp_path) == {t.path: 0 for t in ALL_TABLES}
    before = storage.snapshot(tmp_path)
    assert storage.ensure_tables(tmp_path) == [] and storage.snapshot(tmp_path) == before


def test_storage_a_data_folder_of_the_older_layout_is_converted_on_first_write(tmp_path):
    legacy = tmp_path / SILVER_FIXES.path
    legacy.mkdir(parents=True)
    pq.write_table(storage.to_arrow(SILVER_FIXES, [_fix("a")]), legacy / "part-a.parquet")
    (tmp_path / GOLD_UNRESOLVED.path).mkdir(parents=True)
    old = storage.to_arrow(GOLD_UNRESOLVED, [_unresolved("Ann Chiang")])
    pq.write_table(old, tmp_path / GOLD_UNRESOLVED.path / "part-0.parquet")  # as the older code named it
    assert storage.read_table(tmp_path, SILVER_FIXES).num_rows == 1  # readable before conversion too

    storage.write_part(tmp_path, SILVER_FIXES, [_fix("b")], "part-b.parquet")
    assert legacy.is_symlink() and not os.path.isabs(os.readlink(legacy))
    assert sorted(storage.read_table(tmp_path, SILVER_FIXES).column("doc_id").to_pylist()) == ["a", "b"]
    assert not storage.replace_table(tmp_path, GOLD_UNRESOLVED, [_unresolved("Ann Chiang")])
    assert (tmp_path / GOLD_UNRESOLVED.path).is_symlink()
    assert storage.replace_table(tmp_path, GOLD_UNRESOLVED, [_unresolved("Regina Ip")])
    got = duckdb.sql(f"select name from read_parquet('{tmp_path}/{GOLD_UNRESOLVED.path}/*.parquet')")
    assert got.fetchall() == [("Regina Ip",)]


def test_storage_replace_unchanged_makes_no_version_and_changed_makes_one(tmp_path):
    assert storage.replace_table(tmp_path, GOLD_UNRESOLVED, [_unresolved("Ann Chiang")])
    n = _version_count(tmp_path, GOLD_UNRESOLVED)
    before = storage.snapshot(tmp_path)
    assert not storage.replace_table(tmp_path, GOLD_UNRESOLVED, [_unresolved("Ann Chiang")])
    assert _version_count(tmp_path, GOLD_UNRESOLVED) == n and storage.snapshot(tmp_path) == before
    assert storage.replace_table(tmp_path, GOLD_UNRESOLVED, [_unresolved("Regina Ip")])
    assert _version_count(tmp_path, GOLD_UNRESOLVED) == n + 1 and storage.snapshot(tmp_path) != before


@pytest.mark.parametrize(
    "old,new,order",
    [
        (["a", "b"], ["b", "c"], ["gold/documents", "gold/mentions", "gold/documents"]),  # arrive and leave
        (["a"], ["a", "b"], ["gold/documents", "gold/mentions"]),  # only arrive: documents first
        (["a", "b"], ["b"], ["gold/mentions", "gold/documents"]),  # only leave: documents last
    ],
)
def test_storage_replace_tables_never_lets_mentions_name_a_missing_document(
    tmp_path, monkeypatch, old, new, order
):
    def tables(ids):
        return [(GOLD_MENTIONS, [_mention(d) for d in ids]), (GOLD_DOCUMENTS, [_doc(d) for d in ids])]

    storage.replace_tables(tmp_path, tables(old), parents=[GOLD_DOCUMENTS])
    switched, publish = [], versions.publish

    def checked(data_dir, table, folder):
        publish(data_dir, table, folder)
        switched.append(table.path)
        glob = f"read_parquet('{tmp_path}/%s/*.parquet')"
        missing = duckdb.sql(
            f"select doc_id from {glob % 'gold/mentions'} except select doc_id from {glob % 'gold/documents'}"
        ).fetchall()
        assert missing == [], f"after switching {switched}"

    monkeypatch.setattr(versions, "publish", checked)
    assert storage.replace_tables(tmp_path, tables(new), parents=[GOLD_DOCUMENTS]) == {
        "gold/mentions": True,
        "gold/documents": True,
    }
    assert switched == order
    assert sorted(storage.column_set(tmp_path, GOLD_DOCUMENTS, "doc_id")) == sorted(new)


def _batch(data, ids, committed=True):
    name = storage.part_name(ids)
    storage.write_part(data, SILVER_FIXES, [_fix(d) for d in ids], name)
    if committed:
        storage.write_part(data, SILVER_DOCUMENTS, _silver_docs(ids), name)
    return name


def _silver_docs(ids):
    cols = SILVER_DOCUMENTS.schema.names
    return [
        {c: None for c in cols}
        | dict(doc_id=d, source_path=f"{d}.txt", lang="en", text_clean="x", n_chars=1)
        | dict(pipeline_version="t", run_id="r")
        for d in ids
    ]


def _ids(data, table=SILVER_FIXES):
    return sorted(storage.read_table(data, table).column("doc_id").to_pylist())


def test_storage_compact_merges_parts_and_silver_recovery_still_matches_batches(tmp_path):
    for i in range(10):
        _batch(tmp_path, [f"d{i}a", f"d{i}b"])
    orphan = _batch(tmp_path, ["lost"], committed=False)  # a batch that died before silver/documents
    names = storage.batch_names(tmp_path, SILVER_FIXES)
    rows = _ids(tmp_path)

    got = storage.compact(tmp_path, min_parts=4)
    assert got == {"silver/documents": (10, 1), "silver/fixes": (11, 1)}
    assert [p.name[:7] for p in storage.parts(tmp_path, SILVER_FIXES)] == ["part-c-"]
    assert _ids(tmp_path) == rows and storage.batch_names(tmp_path, SILVER_FIXES) == names

    removed = storage.remove_orphan_parts(tmp_path, SILVER_DOCUMENTS, [SILVER_FIXES])
    assert len(removed) == 1 and _ids(tmp_path) == [r for r in rows if r != "lost"]
    assert orphan not in storage.batch_names(tmp_path, SILVER_FIXES)
    assert not storage.remove_orphan_parts(tmp_path, SILVER_DOCUMENTS, [SILVER_FIXES])  # nothing left to do

    # a batch written again replaces its rows, even inside a compacted part
    name = storage.part_name(["d3a", "d3b"])
    storage.write_part(tmp_path, SILVER_FIXES, [_fix("d3a", rule="again")], name)
    again = storage.read_table(tmp_path, SILVER_FIXES).to_pylist()
    assert [r["doc_id"] for r in again if r["doc_id"].startswith("d3")] == ["d3a"]
    assert len(again) == len(rows) - 2


def test_storage_compact_leaves_tables_with_few_parts_alone(tmp_path):
    _batch(tmp_path, ["a"])
    _batch(tmp_path, ["b"])
    before = storage.snapshot(tmp_path)
    assert storage.compact(tmp_path, SILVER_FIXES, min_parts=3) == {}
    assert storage.maybe_compact(tmp_path, threshold=2) == {}
    assert storage.snapshot(tmp_path) == before
    assert storage.maybe_compact(tmp_path, threshold=1) == {
        "silver/documents": (2, 1),
        "silver/fixes": (2, 1),
    }


def test_storage_prune_keeps_the_batch_record_of_a_compacted_part(tmp_path):
    for i in range(3):
        _batch(tmp_path, [f"d{i}a", f"d{i}b"])
    storage.compact(tmp_path, SILVER_FIXES, min_parts=2)
    assert storage.prune_parts(tmp_path, SILVER_FIXES, ds.field("doc_id") != "d1a")
    assert "d1a" not in _ids(tmp_path)
    storage.write_part(tmp_path, SILVER_FIXES, [_fix("d1b", rule="again")], storage.part_name(["d1a", "d1b"]))
    assert _ids(tmp_path) == ["d0a", "d0b", "d1b", "d2a", "d2b"]


def _age(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t), follow_symlinks=False)


def test_storage_remove_leftovers_takes_old_temp_files_or_all_under_the_lock(tmp_path):
    storage.write_part(tmp_path, SILVER_FIXES, [_fix("a")], "part-a.parquet")
    folder = storage.current_folder(tmp_path, SILVER_FIXES)
    fresh, stale = folder / ".part-b.parquet.1a2b3c4d.tmp", folder / ".part-c.parquet.5e6f7a8b.tmp"
    fresh.write_bytes(b"PAR1 half")
    stale.write_bytes(b"PAR1 half")
    _age(stale, versions.LEFTOVER_SECONDS + 5)
    assert storage.remove_leftovers(tmp_path) == [stale] and fresh.exists()  # a write may be under way
    with storage.exclusive(tmp_path):
        assert storage.remove_leftovers(tmp_path) == [fresh]
    assert _ids(tmp_path) == ["a"]


def test_storage_retired_versions_go_after_the_grace_period(tmp_path):
    storage.replace_table(tmp_path, GOLD_UNRESOLVED, [_unresolved("Ann Chiang")])
    first = storage.current_folder(tmp_path, GOLD_UNRESOLVED)
    storage.replace_table(tmp_path, GOLD_UNRESOLVED, [_unresolved("Regina Ip")])
    with storage.exclusive(tmp_path):
        assert first not in storage.remove_leftovers(tmp_path)  # a reader may still be in it
    assert first.is_dir()
    _age(first, versions.GRACE_SECONDS + 5)
    assert first in storage.remove_leftovers(tmp_path) and not first.exists()
    assert storage.read_table(tmp_path, GOLD_UNRESOLVED).column("name").to_pylist() == ["Regina Ip"]


def test_cli_compact_merges_and_says_what(tmp_path):
    from ingest.cli import app

    for i in range(3):
        _batch(tmp_path, [f"d{i}"])
    runner = CliRunner()
    bad = runner.invoke(app, ["compact", "--data", str(tmp_path), "--table", "gold/mentions"])
    assert bad.exit_code == 2 and "not an append table" in bad.output
    ok = runner.invoke(
        app, ["compact", "--data", str(tmp_path), "--table", "silver/fixes", "--min-parts", "2"]
    )
    assert ok.exit_code == 0 and "silver/fixes: 3 parts -> 1" in ok.output, ok.output
    again = runner.invoke(app, ["compact", "--data", str(tmp_path), "--min-parts", "2"])
    assert "silver/documents: 3 parts -> 1" in again.output and "silver/fixes" not in again.output


def test_storage_a_published_path_never_names_two_contents(tmp_path):
    """DuckDB opens a file more than once per query: bytes changing under a path read as garbage."""
    import hashlib

    for i in range(4):
        _batch(tmp_path, [f"d{i}"])
    storage.write_part(tmp_path, SILVER_FIXES, [_fix("d1", rule="again")], storage.part_name(["d1"]))
    storage.prune_parts(tmp_path, SILVER_FIXES, ds.field("doc_id") != "d2")
    storage.compact(tmp_path, SILVER_FIXES, min_parts=2)
    for name in ("Ann Chiang", "Regina Ip", "Ann Chiang"):
        storage.replace_table(tmp_path, GOLD_UNRESOLVED, [_unresolved(name)])
    for table in (SILVER_FIXES, GOLD_UNRESOLVED):
        contents: dict[str, set[str]] = {}
        for p in versions.versions_dir(tmp_path, table).glob("*/*.parquet"):
            contents.setdefault(p.name, set()).add(hashlib.sha256(p.read_bytes()).hexdigest())
        assert len(contents) >= 3 and all(len(v) == 1 for v in contents.values()), contents
    assert _ids(tmp_path) == ["d0", "d1", "d3"]
