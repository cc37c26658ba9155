"""The DuckDB catalog: its views, rebuilt atomically at the end of a run, read by another process
during a run; ``ingest query``, ``ingest catalog`` and ``ingest sql``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from ingest import catalog, pipeline, storage
from ingest.catalog_views import VIEWS
from ingest.cli import app
from ingest.config import PipelineConfig
from ingest.schemas import ALL_TABLES, GOLD_DOCUMENTS

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


@pytest.fixture(scope="module")
def ran(sample_run) -> PipelineConfig:
    return sample_run


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.qualified)
def test_catalog_views_have_their_declared_columns(view) -> None:
    con = catalog.dictionary_catalog()
    got = [c[0] for c in con.execute(f"DESCRIBE {view.qualified}").fetchall()]
    assert got == [c for c, _ in view.columns]


def test_catalog_one_view_per_table_with_its_declared_columns(ran) -> None:
    with catalog.connect(ran.data, refresh=False) as con:
        for t in ALL_TABLES:
            cols = con.execute(f'DESCRIBE {t.layer}."{t.name}"').fetchall()
            assert [c[0] for c in cols] == t.schema.names
            n = con.execute(f'SELECT count(*) FROM {t.layer}."{t.name}"').fetchone()[0]
            assert n == storage.row_counts(ran.data)[t.path]
        comment = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = 'dates'"
            " AND column_name = 'begin'"
        ).fetchone()[0]
        assert comment.startswith("first day the value denotes")


def test_catalog_is_written_by_the_run_over_the_current_folders(ran) -> None:
    assert catalog.catalog_path(ran.data).is_file()
    assert catalog.stale(ran.data) == ""
    with catalog.connect(ran.data, refresh=False) as con:
        folders = dict(con.execute("SELECT table_path, folder FROM catalog_tables").fetchall())
    assert folders == {t.path: str(storage.current_folder(ran.data, t).resolve()) for t in ALL_TABLES}
    assert not list(ran.data.glob(".catalog.duckdb.*"))  # no temp file left


def test_catalog_person_mentions_have_names_titles_and_dates(ran) -> None:
    cols, rows = catalog.query(
        ran.data, "SELECT name, mention, title, published_on, outlet, lang, kind FROM person_mentions"
    )
    got = [dict(zip(cols, r, strict=True)) for r in rows]
    assert got and all(r["lang"] for r in got) and sum(bool(r["title"]) for r in got) > len(got) / 2
    assert {r["kind"] for r in got} <= {"PERSON", None}
    sit = [r for r in got if r["mention"] == "Xue Yongheng"]  # a machine translation's pinyin of 薛永恒
    assert sit and sit[0]["name"] == "Alfred Sit Wing-hang" and sit[0]["published_on"] is not None


def test_catalog_cooccurrence_timeline_documents_and_roles_agree_with_gold(ran) -> None:
    with catalog.connect(ran.data, refresh=False) as con:

        def one(sql: str):
            return con.execute(sql).fetchall()

        pairs = one("SELECT entity_a, entity_b, documents, first_published_on FROM entity_cooccurrence")
        assert pairs and all(a < b and n >= 1 for a, b, n, _ in pairs)
        # a pair's count is the documents whose people/organisations/places lists hold both (or mentions)
        (n,) = one(
            "SELECT documents FROM entity_cooccurrence"
            " WHERE entity_a = 'kb:carrie-lam' AND entity_b = 'kb:nicholas-yang'"
        )[0]
        (expected,) = one(
            "SELECT count(*) FROM gold.documents"
            " WHERE list_contains(people, 'kb:carrie-lam') AND list_contains(people, 'kb:nicholas-yang')"
        )[0]
        assert n == expected > 1
        timeline = one("SELECT sum(mentions) FROM entity_timeline")[0][0]
        assert timeline == one("SELECT count(*) FROM gold.mentions WHERE entity_id IS NOT NULL")[0][0]
        docs = one("SELECT people, organisations FROM document_entities")
        assert len(docs) == storage.row_counts(ran.data)[GOLD_DOCUMENTS.path]
        assert any("Carrie Lam Cheng Yuet-ngor" in p for p, _ in docs)
        flat = one("SELECT people FROM document_entities_flat WHERE people LIKE '%Carrie Lam%'")
        assert flat and isinstance(flat[0][0], str)
        roles = one("SELECT held_from, held_to FROM entity_roles WHERE entity_id = 'kb:alfred-sit'")
        assert [(str(a), str(b)) for a, b in roles] == [("2020-04-22", "2022-06-30")]
        types = {c[0]: c[1] for c in one("DESCRIBE gold.entities_flat")}
        assert types["roles"] == "VARCHAR"


def test_catalog_flat_twins_have_no_lists_or_structs(ran) -> None:
    with catalog.connect(ran.data, refresh=False) as con:
        flats = [(s, n) for s, n, _ in catalog.view_names(con) if n.endswith("_flat")]
        assert ("main", "document_entities_flat") in flats and ("gold", "entities_flat") in flats
        for s, n in flats:
            for col, type_, *_ in con.execute(f"DESCRIBE {s}.{n}").fetchall():
                assert not catalog._nested(type_), (s, n, col, type_)
            con.execute(f"SELECT * FROM {s}.{n}").fetchall()  # every view reads


def test_catalog_rebuild_leaves_an_open_reader_its_catalog(ran) -> None:
    old = duckdb.connect(str(catalog.catalog_path(ran.data)), read_only=True)
    before = old.execute("SELECT count(*) FROM person_mentions").fetchone()
    catalog.build_catalog(ran.data)  # renamed over the file the reader holds
    assert old.execute("SELECT count(*) FROM person_mentions").fetchone() == before
    old.close()


def test_catalog_stale_after_a_table_moves_on_and_query_rebuilds(ran, tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ran.data, data, symlinks=True)
    catalog.build_catalog(data)
    storage.compact(data, min_parts=1)  # not enough parts: nothing moves
    rows = storage.read_table(data, GOLD_DOCUMENTS)
    storage.versions.build_version(data, GOLD_DOCUMENTS, [], [("part-", rows.slice(0, 3))])
    assert "gold/documents moved on" in catalog.stale(data)
    assert catalog.query(data, "SELECT count(*) FROM gold.documents")[1] == [(3,)]
    assert catalog.stale(data) == ""


def test_catalog_of_a_folder_without_tables_says_what_to_do(tmp_path) -> None:
    with pytest.raises(catalog.CatalogError, match="run `ingest run"):
        catalog.build_catalog(tmp_path)


READER = textwrap.dedent(
    """
    import json, sys, time, duckdb
    path, stop = sys.argv[1], sys.argv[2]
    out = dict(reads=0, errors=[], counts=[])
    import os
    while not os.path.exists(stop):
        try:
            with duckdb.connect(path, read_only=True) as con:
                n = con.execute("SELECT count(*) FROM person_mentions").fetchone()[0]
                con.execute("SELECT * FROM entity_cooccurrence").fetchall()
                con.execute("SELECT * FROM document_entities_flat").fetchall()
            out["reads"] += 1
            if not out["counts"] or out["counts"][-1] != n:
                out["counts"].append(n)
        except Exception as e:
            out["errors"].append(f"{type(e).__name__}: {e}")
        time.sleep(0.02)
    print(json.dumps(out))
    """
)


def test_catalog_read_only_in_a_second_process_during_a_run(tmp_path, copy_inbox) -> None:
    cfg = PipelineConfig(inbox=copy_inbox(tmp_path / "inbox"), data=tmp_path / "data")
    pipeline.run(cfg)
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(catalog.catalog_path(cfg.data)), str(stop)],
        env=ENV,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.0)
        # a new article and an edited one: silver appends, gold switches versions, the catalog is renamed
        (cfg.inbox / "extra_note.txt").write_text(
            "Secretary for Innovation, Technology and Industry Sun Dong met Nicholas W Yang on 3 May 2023.\n"
        )
        old = cfg.inbox / "mt_xue_yongheng_committee.txt"
        old.write_text(old.read_text(encoding="utf-8") + "\nCarrie Lam attended.\n", encoding="utf-8")
        for p in (cfg.inbox / "extra_note.txt", old):
            os.utime(p, (time.time() - 60, time.time() - 60))
        pipeline.run(cfg)
        time.sleep(1.0)
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=60)
    got = json.loads(out)
    assert got["errors"] == []
    assert got["reads"] > 10 and len(got["counts"]) == 2 and got["counts"][1] > got["counts"][0]


runner = CliRunner()


def test_cli_query_formats(ran) -> None:
    sql = "SELECT name, title, published_on FROM person_mentions ORDER BY published_on, name LIMIT 5"
    table = runner.invoke(app, ["query", sql, "--data", str(ran.data)])
    assert table.exit_code == 0, table.output
    as_json = runner.invoke(app, ["query", sql, "--data", str(ran.data), "--format", "json"])
    rows = json.loads(as_json.output)
    assert len(rows) == 5 and set(rows[0]) == {"name", "title", "published_on"}
    assert rows[0]["name"] in table.output and str(rows[0]["published_on"]) in table.output
    as_csv = runner.invoke(app, ["query", sql, "--data", str(ran.data), "--format", "csv"])
    assert as_csv.output.splitlines()[0] == "name,title,published_on" and len(as_csv.output.splitlines()) == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "SELECT nope FROM person_mentions"], "the query failed: Binder Error"),
        (["query", "DROP VIEW person_mentions"], "the query failed"),
        (["query", "SELECT 1", "--format", "xml"], "xml"),
    ],
)
def test_cli_query_errors_are_one_line_exit_2(ran, args, message) -> None:
    got = runner.invoke(app, [*args, "--data", str(ran.data)])
    assert got.exit_code == 2 and message in got.output


def test_cli_query_on_a_folder_without_tables(tmp_path) -> None:
    got = runner.invoke(app, ["query", "SELECT 1", "--data", str(tmp_path)])
    assert got.exit_code == 2 and "run `ingest run" in got.output


def test_cli_catalog_lists_the_views(ran) -> None:
    got = runner.invoke(app, ["catalog", "--data", str(ran.data)])
    assert got.exit_code == 0 and "main.person_mentions:" in got.output and "gold.mentions:" in got.output


def test_cli_sql_without_the_duckdb_shell_says_so(ran, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    got = runner.invoke(app, ["sql", "--data", str(ran.data)])
    assert got.exit_code == 2 and "duckdb command-line shell is not on PATH" in got.output
    assert len(got.output.strip().splitlines()) == 1


def test_cli_sql_opens_the_shell_read_only_on_the_catalog(ran, tmp_path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "duckdb"
    fake.write_text(f'#!/bin/sh\necho "$@" > {tmp_path / "args"}\n')
    fake.chmod(0o755)
    env = {**ENV, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    p = subprocess.run(
        [sys.executable, "-m", "ingest.entry", "sql", "--data", str(ran.data)], env=env, capture_output=True
    )
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "args").read_text().split() == ["-readonly", str(catalog.catalog_path(ran.data))]


@pytest.mark.parametrize("columns", ["80", "100", "200"])
def test_cli_query_table_shows_names_titles_and_dates_first(ran, columns) -> None:
    got = runner.invoke(
        app,
        ["query", "select * from person_mentions limit 5", "--data", str(ran.data)],
        env={"COLUMNS": columns},
    )
    assert got.exit_code == 0, got.output
    header = got.output.splitlines()[1]
    assert all(c in header for c in ("name", "mention", "title", "published_on"))
    assert "Nicholas W Yang" in got.output and "2022-08-02" in got.output
    assert max(len(line) for line in got.output.splitlines()[:8]) <= int(columns)
    if columns != "200":
        assert "more columns" in got.output and "use --format csv or json" in got.output


def test_catalog_left_alone_when_nothing_moved_and_rebuilt_when_its_views_change(
    ran, tmp_path, monkeypatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(ran.data, data, symlinks=True)
    catalog.build_catalog(data)
    before = catalog.catalog_path(data).stat()
    assert catalog.refresh_catalog(data) is False  # what a run that changed no table does
    after = catalog.catalog_path(data).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    monkeypatch.setattr(catalog, "FLAT_RULES", catalog.FLAT_RULES + 1)  # a new version of the views
    assert "views or the tables' columns changed" in catalog.stale(data)
    assert catalog.refresh_catalog(data) is True and catalog.stale(data) == ""


def test_cli_compact_keeps_an_existing_catalog_current(ran, tmp_path) -> None:
    from ingest.schemas import SILVER_FIXES

    data = tmp_path / "data"
    shutil.copytree(ran.data, data, symlinks=True)
    for i in range(3):
        row = dict(doc_id=f"d{i}", seq=0, rule="r", count=1, example_before="", example_after="", run_id="t")
        storage.write_part(data, SILVER_FIXES, [row], f"part-extra{i}.parquet")
    catalog.build_catalog(data)
    got = runner.invoke(app, ["compact", "--data", str(data), "--table", "silver/fixes", "--min-parts", "2"])
    assert got.exit_code == 0 and "silver/fixes" in got.output, got.output
    assert catalog.stale(data) == ""
    n = storage.row_counts(data)[SILVER_FIXES.path]
    with catalog.connect(data, refresh=False) as con:
        assert con.execute("SELECT count(*) FROM silver.fixes").fetchone()[0] == n
