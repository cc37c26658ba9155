"""The whole pipeline under Prefect: inbox → bronze → silver → gold, twice, offline, in a temp dir."""

import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from ingest import storage
from ingest.bronze import inbox_files
from ingest.config import PipelineConfig
from ingest.schemas import ALL_TABLES, BRONZE_REJECTED, SILVER_QUARANTINE

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    import flows  # noqa: F401  (sets Prefect's offline defaults)

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="module")
def first_run(harness, tmp_path_factory):
    """The examples plus four bad files, ingested once."""
    from flows.ingest import ingest_flow

    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copytree(EXAMPLES, inbox, dirs_exist_ok=True)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (inbox / "blank.html").write_text("<html><head><script>var a = 1;</script></head><body></body></html>")
    (inbox / "bad_front_matter.txt").write_text(
        "---\npublished_on: early December\n---\nThe committee met.\n"
    )
    for p in inbox.iterdir():  # arrived a while ago: intake waits for files modified in the last 2 s
        os.utime(p, (p.stat().st_atime, p.stat().st_mtime - 60))
    data = tmp_path_factory.mktemp("data")
    cfg = PipelineConfig(inbox=inbox, data=data, batch_size=5)
    return cfg, ingest_flow(cfg)


def test_end_to_end_first_run_fills_every_layer(first_run):
    cfg, summary = first_run
    n_examples = len(list(inbox_files(EXAMPLES)))
    assert summary["files_seen"] == n_examples + 4
    assert summary["files_new"] == n_examples + 2  # decodable, so kept in bronze, then quarantined
    assert summary["files_rejected"] == 4 and summary["documents_quarantined"] == 2
    rows = summary["rows"]
    assert rows["bronze/documents"] == n_examples + 2
    assert rows["bronze/rejected"] == 2 and rows["silver/quarantine"] == 2  # each layer writes its own
    assert rows["silver/documents"] == n_examples  # every example reaches silver
    for table in ("silver/mentions", "silver/fixes", "gold/entities", "gold/entity_aliases", "gold/mentions"):
        assert rows[table] > 0, table
    assert rows["gold/documents"] == n_examples
    for table in ALL_TABLES:
        assert (cfg.data / table.layer / table.name).is_dir() or rows[table.path] == 0


def test_end_to_end_rejects_with_reasons(first_run):
    cfg, _ = first_run
    rejected = {r["source_path"]: r for r in storage.read_table(cfg.data, BRONZE_REJECTED).to_pylist()}
    assert rejected["empty.txt"]["reason_code"] == "empty"
    assert rejected["scan.pdf"]["reason_code"] == "binary" and "PDF" in rejected["scan.pdf"]["reason"]
    quarantined = {r["source_path"]: r for r in storage.read_table(cfg.data, SILVER_QUARANTINE).to_pylist()}
    assert quarantined["blank.html"]["reason_code"] == "no_text"
    assert quarantined["bad_front_matter.txt"]["reason_code"] == "bad_sidecar"
    assert "published_on" in quarantined["bad_front_matter.txt"]["reason"]


def test_end_to_end_every_language_and_encoding(first_run):
    cfg, _ = first_run
    con = duckdb.connect()
    docs = con.execute(
        f"""select b.encoding, s.lang from read_parquet('{cfg.data}/bronze/documents/*.parquet') b
            join read_parquet('{cfg.data}/silver/documents/*.parquet') s using (doc_id)"""
    ).fetchall()
    assert {e for e, _ in docs} >= {"utf-8", "gb18030", "big5", "utf-16"}
    assert {lang for _, lang in docs} >= {"en", "zh-Hant", "zh-Hans"}


def test_end_to_end_gold_mentions_queryable_with_duckdb(first_run):
    cfg, _ = first_run
    con = duckdb.connect()
    n, linked = con.execute(
        f"""select count(*), count(entity_id) from read_parquet('{cfg.data}/gold/mentions/*.parquet')"""
    ).fetchone()
    assert n > 0 and linked > 0
    offsets_ok = con.execute(
        f"""select bool_and(substr(d.text_clean, m.start_char + 1, m.end_char - m.start_char) = m.text)
            from read_parquet('{cfg.data}/gold/mentions/*.parquet') m
            join read_parquet('{cfg.data}/silver/documents/*.parquet') d using (doc_id)"""
    ).fetchone()[0]
    assert offsets_ok


def test_end_to_end_query_person_mentions_after_a_run(first_run):
    """The run left data/catalog.duckdb; `ingest query` prints people's names, titles and dates."""
    from ingest.cli import app

    cfg, _ = first_run
    assert (cfg.data / "catalog.duckdb").is_file()
    got = CliRunner().invoke(
        app,
        ["query", "select * from person_mentions limit 5", "--data", str(cfg.data)],
        env={"COLUMNS": "120"},
    )
    assert got.exit_code == 0, got.output
    lines = got.output.splitlines()
    assert [c.strip() for c in lines[1].strip("┃").split("┃")][:4] == [
        "name",
        "mention",
        "title",
        "published_on",
    ]
    rows = [[c.strip() for c in ln.strip("│").split("│")] for ln in lines if ln.startswith("│")]
    assert len(rows) == 5 and all(r[0] and r[2] for r in rows)
    assert sum(bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[3])) for r in rows) >= 3


def test_end_to_end_rerun_changes_nothing(first_run):
    from flows.ingest import ingest_flow

    cfg, first = first_run
    before = storage.snapshot(cfg.data)
    catalog_before = (cfg.data / "catalog.duckdb").stat().st_mtime_ns
    again = ingest_flow(cfg)
    assert again["files_new"] == 0 and again["documents_processed"] == 0
    assert again["gold_tables_rewritten"] == []
    assert again["rows"] == first["rows"]
    assert storage.snapshot(cfg.data) == before
    assert (cfg.data / "catalog.duckdb").stat().st_mtime_ns == catalog_before  # no table moved on


def test_end_to_end_cli_on_the_seeds(harness, tmp_path):
    if not SEEDS.is_dir():
        pytest.skip("the seed articles (../shared/corpora/seeds) are not beside the project")
    from ingest.cli import app

    data = tmp_path / "data"
    result = CliRunner().invoke(app, ["run", "--inbox", str(SEEDS), "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["files_new"] == 5 and summary["files_rejected"] == 0
    con = duckdb.connect()
    people = {
        r[0]
        for r in con.execute(
            f"select text from read_parquet('{data}/silver/mentions/*.parquet') where label = 'PERSON'"
        ).fetchall()
    }
    assert {"Xue Yongheng", "Wang Zhigang", "Carrie Lam"} <= people
