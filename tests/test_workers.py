"""Batches on Dask: the same tables as a run in one process, a failed batch redone whole,
the settings and the checks made before a run starts."""

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest import cluster, pipeline, silver, storage
from ingest.cli import app
from ingest.config import PipelineConfig, load_config
from ingest.errors import BatchesFailedError, ConfigError, WorkerMismatchError
from ingest.schemas import ALL_TABLES, SILVER_BATCHES, SILVER_DOCUMENTS
from ingest.silver_batches import BATCH_TABLES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "inbox"
# columns that say when or in which run a row was written, not what it holds
RUN_COLUMNS = {"run_id", "ingested_at", "seen_at", "rejected_at", "quarantined_at", "committed_at"}


def _tables(data: Path) -> dict[str, list[str]]:
    """Every table's rows without the run columns, each row as text, in a fixed order."""
    out = {}
    for t in ALL_TABLES:
        cols = [c for c in t.schema.names if c not in RUN_COLUMNS]
        out[t.path] = sorted(repr(r) for r in storage.read_table(data, t, cols).to_pylist())
    return out


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """The examples, a copy of one of them (a story across batches) and a file cleaning refuses."""
    box = tmp_path_factory.mktemp("inbox")
    for p in EXAMPLES.iterdir():
        shutil.copy2(p, box / p.name)
    text = (EXAMPLES / "pearl_courier_most_arrangement.txt").read_text(encoding="utf-8")
    (box / "zz_reprint_most_arrangement.txt").write_text(text + "\nReprinted with permission.\n")
    (box / "bad_front_matter.txt").write_text("---\npublished_on: last week\n---\nThe committee met.\n")
    return box


def _cfg(inbox: Path, data: Path, **kw) -> PipelineConfig:
    return PipelineConfig(inbox=inbox, data=data, batch_size=3, settle_seconds=0, **kw)


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    import flows  # noqa: F401  (sets Prefect's offline defaults)

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="module")
def sequential(harness, inbox, tmp_path_factory) -> dict[str, list[str]]:
    from flows.ingest import flow_for

    cfg = _cfg(inbox, tmp_path_factory.mktemp("sequential"))
    summary = flow_for(cfg)(cfg)
    assert summary["documents_processed"] == 15 and summary["documents_quarantined"] == 1
    return _tables(cfg.data)


@pytest.fixture(scope="module")
def local_cluster():
    """A LocalCluster of 2 worker processes, as ``--workers 2`` makes, kept for the module."""
    import distributed

    cluster.quiet_logs()
    kwargs = cluster.local_cluster_kwargs(2)
    # not the default client: the task runner would take a default client's cluster over its address
    with distributed.LocalCluster(**kwargs) as c, distributed.Client(c, set_as_default=False) as client:
        yield c, client


def test_workers_two_processes_write_the_same_tables_as_one_process(
    sequential, local_cluster, inbox, tmp_path
):
    from flows.ingest import flow_for

    c, client = local_cluster
    cfg = _cfg(inbox, tmp_path / "data", workers=2)
    summary = flow_for(cfg, c.scheduler_address)(cfg)
    assert summary["documents_processed"] == 15 and summary["documents_quarantined"] == 1
    got = _tables(cfg.data)
    assert got == sequential  # every table, ordering and run columns aside
    assert len(got[SILVER_BATCHES.path]) == 5  # 15 documents in batches of 3: the story crosses batches
    stories = {
        r["source_path"]: r["story_id"]
        for r in storage.read_table(cfg.data, SILVER_DOCUMENTS, ["source_path", "story_id"]).to_pylist()
    }
    assert stories["zz_reprint_most_arrangement.txt"] == stories["pearl_courier_most_arrangement.txt"]

    # each worker process loaded the models and the KB once, however many batches it ran
    loads = client.run(lambda: (pipeline._cached_stages.cache_info(), silver._extractor.cache_info()))
    assert sum(kb.hits + kb.misses for kb, _ in loads.values()) == 5  # one task per batch
    assert all(kb.misses <= 1 and nlp.misses <= 1 for kb, nlp in loads.values())


def test_workers_a_failed_batch_leaves_nothing_and_the_others_are_kept(harness, inbox, tmp_path, monkeypatch):
    """Workers in this process (threads) so that a patched stage fails one batch every time."""
    import distributed

    from flows.ingest import flow_for

    real = pipeline.process
    calls = []

    def process(cfg, fingerprint, doc_ids):
        calls.append(doc_ids)
        if doomed in doc_ids:
            raise MemoryError("the worker ran out of memory")
        return real(cfg, fingerprint, doc_ids)

    monkeypatch.setattr(pipeline, "process", process)
    cfg = _cfg(inbox, tmp_path / "data", workers=2)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as c:
        from ingest import bronze

        ctx = pipeline.prepare(cfg)
        bronze.intake(cfg.inbox, cfg.data, ctx.run_id, bronze.IntakeConfig(settle_seconds=0))
        todo = pipeline.pending_batches(ctx)
        doomed = todo[1][0]
        with pytest.raises(BatchesFailedError, match="1 of 5 batch"):
            flow_for(cfg, c.scheduler_address)(cfg)
    assert sum(doomed in ids for ids in calls) == 2  # tried, then retried once
    failed = storage.part_name(todo[1])
    for table in BATCH_TABLES + (SILVER_BATCHES,):
        assert failed not in {p.name for p in storage.parts(cfg.data, table)}  # not half a batch
    assert silver.pending_doc_ids(cfg.data) == todo[1]  # the other four batches are kept

    monkeypatch.setattr(pipeline, "process", real)
    again = pipeline.run(cfg)  # the next run does the failed batch, and only it
    assert again["documents_processed"] == 3 and silver.pending_doc_ids(cfg.data) == []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("workers = 2", None),
        ('dask_address = "tcp://10.0.0.5:8786"', None),
        ('dask_address = ""', None),
        ("workers = -1", "workers .* is out of range; give a whole number from 0 to 64"),
        ("workers = 1.5", "is not a whole number"),
        ('dask_address = "10.0.0.5:8786"', "is not a Dask scheduler address"),
        ('dask_address = "http://10.0.0.5:8786"', "is not a Dask scheduler address"),
        ('dask_address = "tcp://10.0.0.5"', "is not a Dask scheduler address"),
        ('dask_address = "tcp://10.0.0.5:99999"', "port out of range"),
        ("dask_address = 8786", "is not an address"),
        ('workers = 2\ndask_address = "tcp://h:8786"', "are both set"),
    ],
)
def test_workers_settings_are_checked(tmp_path, toml, message):
    path = tmp_path / "ingest.toml"
    path.write_text(toml + "\n")
    if message is None:
        load_config(path, {}, {})
        return
    with pytest.raises(ConfigError, match=message):
        load_config(path, {}, {})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "-2"], "workers = -2 (flag --workers) is out of range"),
        (["--dask-address", "localhost"], "is not a Dask scheduler address"),
        (["--workers", "2", "--dask-address", "tcp://127.0.0.1:8786"], "are both set"),
        (["--dask-address", "tcp://127.0.0.1:9"], "no Dask scheduler answers at tcp://127.0.0.1:9"),
    ],
)
def test_workers_cli_refuses_bad_cluster_settings_before_the_run(tmp_path, monkeypatch, args, message):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # no server is started for the check
    # ... and none is asked for: that a configured server must answer is test_cli's
    monkeypatch.setattr("ingest.cli._report_to_server", lambda cfg: None)
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2.0)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = CliRunner().invoke(app, ["run", "--inbox", str(inbox), "--data", str(tmp_path / "d"), *args])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "d" / "bronze").exists()  # nothing started


def test_workers_check_asks_every_worker_what_a_batch_needs(tmp_path):
    import distributed

    in_process = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    )
    with in_process as c, distributed.Client(c, set_as_default=False) as client:
        assert cluster.check_workers(client, tmp_path / "data", (), None) is None
        problem = cluster.check_workers(client, tmp_path / "data", (tmp_path / "no.csv",), None)
        assert "cannot read alias file" in problem and str(tmp_path / "no.csv") in problem
        problem = cluster.check_workers(client, tmp_path / "data", (), "http://127.0.0.1:9/api")
        assert "cannot reach the Prefect API http://127.0.0.1:9/api" in problem
    assert not (tmp_path / "data").exists()  # the probe file is gone, and the folder it made
    # a worker on a machine without the data folder: the file the run wrote is not there
    report = cluster.worker_report(str(tmp_path), "probe-written-elsewhere", "token", [], None)
    assert report["problems"] == [
        f"does not see the data folder {tmp_path}: a file the run just wrote there is not there for it "
        "(FileNotFoundError); mount the same folder at the same path on every worker"
    ]


def test_workers_load_the_kb_once_and_refuse_one_that_differs_from_the_run(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("entity_id,alias,kind\nhkstp-x,HKSTP Labs,ORG\n", encoding="utf-8")
    cfg = PipelineConfig(data=tmp_path / "data", alias_files=(aliases,))
    run = pipeline.stages(cfg, pipeline.load_kb(cfg.alias_files))
    first = pipeline.worker_stages(cfg, run.kb_fingerprint)
    assert pipeline.worker_stages(cfg, run.kb_fingerprint) is first  # loaded once
    assert (
        pipeline.worker_stages(
            PipelineConfig(data=tmp_path / "other", alias_files=(aliases,)), run.kb_fingerprint
        )
        is first
    )
    with aliases.open("a", encoding="utf-8") as f:  # the file on this worker's machine differs
        f.write("cyberport-x,Cyberport Labs,ORG\n")
    with pytest.raises(WorkerMismatchError, match=r"alias files .*aliases\.csv.* differ"):
        pipeline.worker_stages(cfg, run.kb_fingerprint)
