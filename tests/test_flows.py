"""The flows' wiring: deployment parameters the API accepts, and a run that meets a bad document."""

import json
from pathlib import Path

import pytest

from flows.ingest import ingest_flow
from flows.serve import deployment_parameters
from ingest.config import PipelineConfig


def test_flows_deployment_parameters_validate_as_the_flow_config(tmp_path):
    cfg = PipelineConfig(
        inbox=Path("examples/inbox"),
        data=tmp_path,
        batch_size=50,
        alias_files=(Path("a.csv"),),
        use_file_time=True,
    )
    params = deployment_parameters(cfg)
    assert (
        params["cfg"]["use_file_time"] is True and params["cfg"]["batch_size"] == 50
    )  # JSON types, not strings
    assert Path(params["cfg"]["inbox"]).is_absolute()  # a scheduled run may start in another folder
    validated = ingest_flow.validate_parameters(params)["cfg"]
    assert validated == PipelineConfig(
        inbox=Path("examples/inbox").resolve(),
        data=tmp_path.resolve(),
        batch_size=50,
        alias_files=(Path("a.csv").resolve(),),
        use_file_time=True,
    )


def test_prefect_home_under_a_missing_folder_is_made(tmp_path):
    import os
    import subprocess
    import sys

    home = tmp_path / "not" / "yet" / ".prefect"
    env = {**os.environ, "PREFECT_HOME": str(home)}
    subprocess.run([sys.executable, "-c", "import flows"], check=True, env=env, cwd=Path(__file__).parents[1])
    assert home.is_dir()


GOOD = (
    "Science Park opens a robotics centre\n\n"
    "The Hong Kong Science and Technology Parks Corporation opened a robotics centre on Tuesday, "
    "the Secretary for Innovation and Technology, Mr Alfred Sit, said.\n"
)


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    import flows  # noqa: F401  (sets Prefect's offline defaults)

    with prefect_test_harness(server_startup_timeout=180):
        yield


def test_flows_a_document_that_breaks_cleaning_is_quarantined_and_the_run_goes_on(
    harness, tmp_path, monkeypatch
):
    from typer.testing import CliRunner

    from flows.ingest import ingest_flow
    from ingest import silver, storage
    from ingest.cli import app
    from ingest.schemas import GOLD_DOCUMENTS, SILVER_QUARANTINE

    real = silver.clean_document

    def clean(text, **kwargs):
        if "BOOM" in text:
            raise ZeroDivisionError("division by zero")
        return real(text, **kwargs)

    monkeypatch.setattr(silver, "clean_document", clean)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(GOOD)
    (inbox / "b.txt").write_text(GOOD.replace("Tuesday", "Wednesday"))
    (inbox / "boom.txt").write_text(GOOD + "BOOM\n")
    cfg = PipelineConfig(inbox=inbox, data=tmp_path / "data", batch_size=5, settle_seconds=0)
    summary = ingest_flow(cfg)
    assert summary["documents_processed"] == 3 and summary["documents_quarantined"] == 1
    assert summary["quarantined"][0] | {"doc_id": None} == dict(
        source_path="boom.txt", doc_id=None, stage="clean", reason_code="clean_error"
    )
    assert summary["files_rejected"] == 1  # as before: bronze rejections and silver quarantines
    gold_docs = storage.read_table(cfg.data, GOLD_DOCUMENTS).column("doc_id").to_pylist()
    assert len(gold_docs) == 2 and summary["quarantined"][0]["doc_id"] not in gold_docs
    (q,) = storage.read_table(cfg.data, SILVER_QUARANTINE).to_pylist()
    assert (q["source_path"], q["stage"], q["error_class"]) == ("boom.txt", "clean", "ZeroDivisionError")

    before = storage.snapshot(cfg.data)
    result = CliRunner().invoke(
        app, ["run", "--inbox", str(inbox), "--data", str(cfg.data), "--json", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    again = json.loads(result.output)
    assert again["documents_processed"] == 0 and again["documents_quarantined"] == 0  # not retried, no block
    assert storage.snapshot(cfg.data) == before


PREFECT_IMPORTS = {
    "prefect alone (the control: the notice shows)": ("import prefect", True),
    "through flows": ("import flows, prefect", False),
    "after the ingest command": (
        "import sys\nsys.argv = ['ingest', '--version']\nfrom ingest.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nimport prefect",
        False,
    ),
}


@pytest.mark.parametrize("case", list(PREFECT_IMPORTS))
def test_flows_first_interactive_run_prints_no_telemetry_notice(tmp_path, case):
    """Prefect 3.8 prints its telemetry notice on the first import in a terminal unless
    DO_NOT_TRACK is set; the product sets it (flows/__init__.py, ingest.entry, Makefile)."""
    import os
    import pty
    import subprocess
    import sys

    from prefect._internal.analytics.ci_detection import CI_ENV_VARS

    code, shows = PREFECT_IMPORTS[case]
    env = {k: v for k, v in os.environ.items() if k not in CI_ENV_VARS and k != "DO_NOT_TRACK"}
    root = Path(__file__).parents[1]
    env.update(PREFECT_HOME=str(tmp_path / "fresh-home"), PYTHONPATH=f"{root / 'src'}{os.pathsep}{root}")
    primary, secondary = pty.openpty()  # stderr a terminal, as in an interactive first run
    try:
        subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=tmp_path, stderr=secondary, check=True, timeout=120
        )
    finally:
        os.close(secondary)
    said = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # EIO: the terminal's other end is closed and everything was read
            break
        if not chunk:
            break
        said += chunk
    os.close(primary)
    assert ("anonymous usage data" in said.decode(errors="replace")) == shows, said
