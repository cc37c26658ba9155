"""The only Parquet writer: declared schemas, atomic parts, idempotent replaces."""

import datetime as dt

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from ingest import storage
from ingest.errors import SchemaMismatchError
from ingest.schemas import ALL_TABLES, GOLD_UNRESOLVED, SILVER_FIXES, SILVER_MENTIONS, data_dictionary


def _fix(doc_id, seq=0):
    return dict(
        doc_id=doc_id,
        seq=seq,
        rule="glyph_runs",
        count=2,
        example_before="??  ??",
        example_after="",
        run_id="r1",
    )


def test_storage_write_part_is_readable_by_pyarrow_dataset(tmp_path):
    n = storage.write_part(tmp_path, SILVER_FIXES, [_fix("a"), _fix("b")], storage.part_name(["a", "b"]))
    assert n == 2
    table = ds.dataset(tmp_path / "silver" / "fixes").to_table()
    assert sorted(table.column("doc_id").to_pylist()) == ["a", "b"]
    assert not list((tmp_path / "silver" / "fixes").glob(".*"))  # no temp file left


def test_storage_same_batch_replaces_its_part(tmp_path):
    name = storage.part_name(["a"])
    storage.write_part(tmp_path, SILVER_FIXES, [_fix("a")], name)
    storage.write_part(tmp_path, SILVER_FIXES, [_fix("a")], name)
    assert storage.row_counts(tmp_path)[SILVER_FIXES.path] == 1


@pytest.mark.parametrize(
    "row",
    [
        {"doc_id": "a", "seq": 0, "rule": "x", "count": 1, "example_before": "", "example_after": ""},
        {**_fix("a"), "extra": 1},
    ],
)
def test_storage_refuses_rows_off_schema(tmp_path, row):
    with pytest.raises(SchemaMismatchError):
        storage.write_part(tmp_path, SILVER_FIXES, [row], "part-x.parquet")


def test_storage_refuses_arrow_table_with_other_schema(tmp_path):
    other = pa.table({"doc_id": ["a"]})
    with pytest.raises(SchemaMismatchError):
        storage.write_part(tmp_path, SILVER_FIXES, other, "part-x.parquet")


def test_storage_replace_table_writes_only_on_change(tmp_path):
    rows = [
        dict(
            name_key="lee ka-chiu",
            name="Lee Ka-chiu",
            label="PERSON",
            mention_count=3,
            doc_count=2,
            candidates=[],
        )
    ]
    assert storage.replace_table(tmp_path, GOLD_UNRESOLVED, rows) is True
    before = storage.snapshot(tmp_path)
    assert storage.replace_table(tmp_path, GOLD_UNRESOLVED, rows) is False
    assert storage.snapshot(tmp_path) == before
    assert storage.replace_table(tmp_path, GOLD_UNRESOLVED, rows + rows) is True


def test_storage_remove_orphan_parts_clears_half_batches(tmp_path):
    from ingest.schemas import SILVER_DOCUMENTS

    storage.write_part(tmp_path, SILVER_FIXES, [_fix("a")], "part-aaa.parquet")
    mention = dict(
        doc_id="a", start_char=0, end_char=3, text="CAS", label="ORG", source="kb_ruler", run_id="r"
    )
    storage.write_part(tmp_path, SILVER_MENTIONS, [mention], "part-aaa.parquet")
    removed = storage.remove_orphan_parts(tmp_path, SILVER_DOCUMENTS, [SILVER_FIXES, SILVER_MENTIONS])
    assert len(removed) == 2 and storage.row_counts(tmp_path)[SILVER_MENTIONS.path] == 0


def test_storage_read_table_of_absent_table_is_empty_with_schema(tmp_path):
    t = storage.read_table(tmp_path, SILVER_MENTIONS)
    assert t.num_rows == 0 and t.schema.names == SILVER_MENTIONS.schema.names


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.path)
def test_schemas_every_column_is_described(table):
    for field in table.schema:
        assert field.metadata and field.metadata[b"description"], f"{table.path}.{field.name}"
    assert set(table.key) <= set(table.schema.names)


def test_schemas_data_dictionary_names_every_table():
    text = data_dictionary()
    for table in ALL_TABLES:
        assert f"`{table.path}/`" in text


def test_storage_timestamps_are_utc(tmp_path):
    from ingest.schemas import BRONZE_REJECTED

    now = dt.datetime(2021, 12, 3, 8, 0, tzinfo=dt.UTC)
    row = dict(
        source_path="x.bin",
        sha256=None,
        size_bytes=3,
        modified_at=now,
        rejected_at=now,
        reason_code="binary",
        reason="binary",
        run_id="r",
    )
    storage.write_part(tmp_path, BRONZE_REJECTED, [row], "part-r.parquet")
    got = storage.read_table(tmp_path, BRONZE_REJECTED).column("rejected_at")[0].as_py()
    assert got == now


def test_schemas_docs_data_dictionary_is_current():
    """docs/data_dictionary.md is generated from the schemas and views (`make schema`); it must not drift."""
    from pathlib import Path

    from ingest import catalog

    doc = Path(__file__).resolve().parents[1] / "docs" / "data_dictionary.md"
    assert doc.read_text(encoding="utf-8").strip() == catalog.data_dictionary().strip()


def test_storage_parts_are_readable_like_any_new_file(tmp_path):
    """BI tools often read as another user: parts get the umask's permissions, not mkstemp's 0600."""
    import os

    old = os.umask(0o022)
    try:
        storage.write_part(tmp_path, SILVER_FIXES, [_fix("a")], "part-a.parquet")
    finally:
        os.umask(old)
    assert (tmp_path / "silver" / "fixes" / "part-a.parquet").stat().st_mode & 0o777 == 0o644


def test_storage_exclusive_lets_one_run_hold_the_data_folder(tmp_path):
    from ingest.errors import DataLockedError

    with (
        storage.exclusive(tmp_path),
        pytest.raises(DataLockedError, match="another run"),
        storage.exclusive(tmp_path, wait_seconds=0.2, poll=0.05),
    ):
        pass
    with storage.exclusive(tmp_path, wait_seconds=0.2):  # released when the first run ends
        pass


def test_storage_prune_parts_drops_rows_and_leaves_other_parts_alone(tmp_path):
    storage.write_part(tmp_path, SILVER_FIXES, [_fix("a"), _fix("b")], "part-1.parquet")
    storage.write_part(tmp_path, SILVER_FIXES, [_fix("c")], "part-2.parquet")
    storage.write_part(tmp_path, SILVER_FIXES, [_fix("d")], "part-3.parquet")
    untouched = (tmp_path / SILVER_FIXES.path / "part-3.parquet").stat().st_mtime_ns
    keep = ds.field("doc_id").isin(["a", "d"])
    assert storage.prune_parts(tmp_path, SILVER_FIXES, keep)
    assert sorted(storage.read_table(tmp_path, SILVER_FIXES).column("doc_id").to_pylist()) == ["a", "d"]
    assert storage.batch_names(tmp_path, SILVER_FIXES) == {"part-1.parquet", "part-3.parquet"}
    assert "part-3.parquet" in [p.name for p in storage.parts(tmp_path, SILVER_FIXES)]
    assert (tmp_path / SILVER_FIXES.path / "part-3.parquet").stat().st_mtime_ns == untouched
    assert not storage.prune_parts(tmp_path, SILVER_FIXES, keep)  # a second call changes nothing


def test_storage_replace_table_rewrites_a_table_written_before_a_column_was_added(tmp_path):
    import pyarrow.parquet as pq

    rows = [
        {f.name: None for f in GOLD_UNRESOLVED.schema}
        | {"name_key": "ann chiang", "name": "Ann Chiang", "label": "PERSON"}
    ]
    rows[0].update(mention_count=1, doc_count=1, candidates=[])
    assert storage.replace_table(tmp_path, GOLD_UNRESOLVED, rows)
    (dest,) = storage.parts(tmp_path, GOLD_UNRESOLVED)
    pq.write_table(pq.read_table(dest).drop_columns(["candidates"]), dest)  # as an older version wrote it
    assert storage.replace_table(tmp_path, GOLD_UNRESOLVED, rows)
    (dest,) = storage.parts(tmp_path, GOLD_UNRESOLVED)
    assert pq.read_schema(dest).names == GOLD_UNRESOLVED.schema.names
    assert not storage.replace_table(tmp_path, GOLD_UNRESOLVED, rows)


def test_schemas_data_dictionary_rows_have_three_cells():
    import re

    from ingest import catalog

    rows = [ln for ln in catalog.data_dictionary().splitlines() if ln.startswith("| `")]
    assert rows
    for ln in rows:  # an unescaped '|' inside a description would split its cell
        assert len(re.findall(r"(?<!\\)\|", ln)) == 4, ln
