"""Readers in other processes never see a table half-written, and a killed writer leaves it readable."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from ingest import storage
from ingest.schemas import GOLD_DOCUMENTS, GOLD_MENTIONS, GOLD_UNRESOLVED, SILVER_DOCUMENTS, SILVER_FIXES

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}


def _fixes(ids, run):
    return [
        dict(doc_id=d, seq=s, rule="glyph_runs", count=1, example_before="", example_after="", run_id=run)
        for d in ids
        for s in range(2)
    ]


def _silver_docs(ids, run):
    return [
        {c: None for c in SILVER_DOCUMENTS.schema.names}
        | dict(doc_id=d, source_path=f"{d}.txt", lang="en", text_clean="x", n_chars=1)
        | dict(pipeline_version="t", run_id=run)
        for d in ids
    ]


def _gold(data, g):
    """Gold run ``g``: six documents, two leaving and two arriving since the last run."""
    ids = [f"g{i}" for i in range(2 * g, 2 * g + 6)]
    mentions = [
        dict(
            doc_id=d,
            start_char=s,
            end_char=s + 8,
            text="John Lee",
            label="PERSON",
            entity_id=None,
            method="unresolved",
            score=0.0,
            evidence=f"run {g}",
            candidates=[],
        )
        for d in ids
        for s in (0, 20)
    ]
    docs = [
        dict(
            doc_id=d,
            title=f"run {g}",
            published_on=None,
            outlet=None,
            lang="en",
            story_id=None,
            people=[],
            organisations=[],
            places=[],
            dates=[],
        )
        for d in ids
    ]
    unresolved = [
        dict(
            name_key=f"name {g}",
            name=f"Name {g}",
            label="PERSON",
            mention_count=1,
            doc_count=1,
            candidates=[],
        )
    ]
    tables = [(GOLD_UNRESOLVED, unresolved), (GOLD_MENTIONS, mentions), (GOLD_DOCUMENTS, docs)]
    storage.replace_tables(data, tables, parents=[GOLD_DOCUMENTS])


def _run(data, run, gold_runs):
    """One run: silver batches (one written twice), gold rebuilt three times, compaction."""
    storage.remove_leftovers(data)
    storage.ensure_tables(data)
    for b in range(9):
        ids = [f"r{run}b{b}d{k}" for k in range(3)]
        name = storage.part_name(ids)
        storage.write_part(data, SILVER_FIXES, _fixes(ids, f"run{run}"), name)
        if b == 4:  # the same batch again replaces its part, in a new version
            storage.write_part(data, SILVER_FIXES, _fixes(ids, f"run{run}-again"), name)
        storage.write_part(data, SILVER_DOCUMENTS, _silver_docs(ids, f"run{run}"), name)
        if b % 3 == 2:
            gold_runs += 1
            _gold(data, gold_runs)
    storage.compact(data, min_parts=4)
    return gold_runs


@pytest.mark.parametrize("mode", ["resolved", "plain"])
def test_reader_isolation_readers_never_see_a_write_half_done(tmp_path, mode):
    data, stop = tmp_path / "data", tmp_path / "stop"
    storage.ensure_tables(data)
    reader = subprocess.Popen(
        [sys.executable, str(HERE / "reader_loop.py"), str(data), str(stop), mode],
        env=ENV,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.0)  # the reader is importing; start writing once it reads
        started, runs, gold_runs = time.monotonic(), 0, 0
        while runs < 3 or time.monotonic() - started < 4:
            gold_runs = _run(data, runs, gold_runs)
            runs += 1
    finally:
        stop.touch()
        result = json.loads(reader.communicate(timeout=60)[0])
    print(
        mode,
        f"writer: {runs} runs, {gold_runs} gold runs;",
        {k: v for k, v in result.items() if k != "failed"},
    )
    print("failed:", len(result["failed"]), result["failed"][:5])
    assert result["iterations"] > 20 and result["checked"] > 10
    assert storage.row_counts(data)[SILVER_FIXES.path] == runs * 9 * 3 * 2
    if mode == "resolved":
        assert result["failed"] == [] and result["inconsistent"] == []
    else:
        # Through the symlink, DuckDB and pyarrow resolve the table path again for each file:
        # a file that left in a switch between their listing and their open is not found.
        # They never read a half-written file or a part rewritten in place (no decode error).
        # A listing left with no part (its parts left in that switch) gives pyarrow a dataset
        # without columns: "No match for FieldRef".
        gone = (
            "No such fil",
            "Cannot open file",
            "FileNotFoundError",
            "No files found",
            "does not exist",
            "No match for FieldRef",
        )
        assert [f for f in result["failed"] if not any(g in f for g in gone)] == []


_KILLED_WRITER = """
import sys, time
from pathlib import Path
import pyarrow.parquet as pq
from ingest import storage, versions
from ingest.schemas import SILVER_FIXES, GOLD_UNRESOLVED

data, flag, what = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
real = pq.write_table

def half_then_hang(table, where, **kw):  # the process dies half way through writing the file
    real(table, where, **kw)
    Path(where).write_bytes(Path(where).read_bytes()[: Path(where).stat().st_size // 2])
    flag.touch()
    time.sleep(60)

versions.pq.write_table = half_then_hang
if what == "append":
    row = dict(doc_id="b", seq=0, rule="r", count=1, example_before="", example_after="", run_id="r")
    storage.write_part(data, SILVER_FIXES, [row], "part-b.parquet")
else:
    storage.replace_table(data, GOLD_UNRESOLVED, [dict(name_key="regina ip", name="Regina Ip", label="PERSON",
                          mention_count=1, doc_count=1, candidates=[])])
"""


@pytest.mark.parametrize("what,table", [("append", SILVER_FIXES), ("replace", GOLD_UNRESOLVED)])
def test_reader_isolation_a_killed_writer_leaves_the_table_readable_and_its_leftovers_go(
    tmp_path, what, table
):
    data, flag = tmp_path / "data", tmp_path / "flag"
    storage.write_part(data, SILVER_FIXES, _fixes(["a"], "r")[:1], "part-a.parquet")
    storage.replace_table(
        data,
        GOLD_UNRESOLVED,
        [
            dict(
                name_key="ann chiang",
                name="Ann Chiang",
                label="PERSON",
                mention_count=1,
                doc_count=1,
                candidates=[],
            )
        ],
    )
    before = storage.read_table(data, table)
    writer = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(data), str(flag), what], env=ENV)
    deadline = time.monotonic() + 30
    while not flag.exists() and writer.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists(), "the writer never reached its write"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()

    leftovers = [p for p in (data / ".versions").rglob(".*.tmp")]
    assert leftovers, "a killed write leaves its temp file"
    assert ds.dataset(data / table.path).to_table().num_rows == before.num_rows
    n = (
        duckdb.connect()
        .execute(f"select count(*) from read_parquet('{data / table.path}/*.parquet')")
        .fetchone()[0]
    )
    assert n == before.num_rows and storage.read_table(data, table).equals(before)

    assert storage.remove_leftovers(data) == []  # fresh: it might be a write under way
    with storage.exclusive(data):  # the next run holds the lock: nothing else can be writing
        removed = storage.remove_leftovers(data)
    assert removed and not any(p.exists() for p in leftovers)
    assert not list((data / ".versions").rglob(".*.tmp"))
    assert storage.read_table(data, table).equals(before)
