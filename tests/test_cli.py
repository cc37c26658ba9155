"""The `ingest` command line: help with examples, exit codes, light imports, one-line errors."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "status", "schema", "rules", "explain", "watch", "serve"])
def test_cli_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_cli_run_refuses_a_missing_inbox(tmp_path):
    result = runner.invoke(app, ["run", "--inbox", str(tmp_path / "nope"), "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a folder" in result.output


def test_cli_run_failure_exits_1_with_message(tmp_path, monkeypatch):
    import ingest.cli as cli

    def boom(cfg, show_progress):
        raise OSError("disk full")

    monkeypatch.setattr(cli, "_run_flow", boom)
    result = runner.invoke(app, ["run", "--inbox", str(tmp_path), "--data", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "disk full" in result.output


def test_cli_schema_prints_the_data_dictionary():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0 and "`gold/mentions/`" in result.output
    assert "### `main.person_mentions`" in result.output and "`main.document_entities_flat`" in result.output


def test_cli_rules_lists_cleaning_rules():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0 and len(result.output.splitlines()) >= 10


def test_cli_status_counts_rows(tmp_path):
    result = runner.invoke(app, ["status", "--data", str(tmp_path)])
    assert result.exit_code == 0 and "bronze/documents" in result.output


def test_cli_explain_shows_each_change_and_the_metadata(tmp_path):
    article = tmp_path / "scrape.txt"
    article.write_text(
        "By MEI-LING HO in Hong Kong meiling.ho@example.org\n\n"
        "The Secretary met researchers at the Science Park. ??  ??\n\nNewspapers in English\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["explain", str(article), "--json"])
    assert result.exit_code == 0, result.output
    import json

    report = json.loads(result.output)
    rules = [c["rule"] for c in report["changes"]]
    assert {"glyph_runs", "page_furniture", "byline"} <= set(rules)
    assert report["metadata"]["byline"] == "MEI-LING HO"
    assert report["metadata"]["emails"] == ["meiling.ho@example.org"]


def test_cli_explain_bad_file_exits_2(tmp_path):
    result = runner.invoke(app, ["explain", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2


# -- a CLI that answers at once, and refuses bad settings before Prefect starts ---------------

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("prefect", "spacy", "jieba", "pyarrow", "numpy", "pypinyin", "rapidfuzz")
# Loaded by every ingest process in these tests: at exit, it logs which heavy modules were imported.
REPORT_IMPORTS = f"""
import atexit, os, sys

def _report():
    with open(os.environ["TEST_HEAVY_IMPORTS_LOG"], "a") as fh:
        fh.write(" ".join(m for m in {HEAVY!r} if m in sys.modules) + "\\n")

atexit.register(_report)
"""


def test_cli_import_loads_no_heavy_module():
    code = f"import sys, ingest.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    got = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert got.stdout.strip() == ""


def test_cli_version_is_the_package_version():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"ingest {version}"


def test_cli_names_compare_help_gives_the_real_default_threshold():
    from ingest.cli_names import THRESHOLD_HELP
    from ingest.names import DEFAULT_THRESHOLD

    assert f"(default {DEFAULT_THRESHOLD:g})" in THRESHOLD_HELP


@pytest.fixture
def ingest_cmd(tmp_path):
    """Run `ingest ARGS` as a fresh process in tmp_path/work; returns (exit code, stdout, stderr,
    heavy modules imported by any of its processes, whether Prefect's home was created)."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(REPORT_IMPORTS)
    work = tmp_path / "work"
    (work / "inbox").mkdir(parents=True)
    log = tmp_path / "imports.log"
    home = tmp_path / "prefect-home"

    def call(*args: str, env: dict | None = None, config: str | None = None):
        if config is not None:
            (work / "ingest.toml").write_text(config)
        base = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
        full = {
            **base,
            "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT / "src"), str(ROOT)]),
            "PREFECT_HOME": str(home),
            "TEST_HEAVY_IMPORTS_LOG": str(log),
            **(env or {}),
        }
        log.write_text("")
        p = subprocess.run(
            [sys.executable, "-m", "ingest.entry", *args], env=full, cwd=work, capture_output=True, text=True
        )
        heavy = set(log.read_text().split())
        return p.returncode, p.stdout, p.stderr, heavy, home.exists()

    call.work = work
    return call


ERROR_CASES = {
    "data folder is a file": (["run", "--inbox", "inbox", "--data", "a_file"], {}, None, "is a file"),
    "data folder not writable": (
        ["run", "--inbox", "inbox", "--data", "/proc/x/data"],
        {},
        None,
        "not writable",
    ),
    "alias file missing": (
        ["run", "--inbox", "inbox", "--alias-file", "nope.csv"],
        {},
        None,
        "does not exist",
    ),
    "alias file bad row": (["run", "--inbox", "inbox", "--alias-file", "bad.csv"], {}, None, "bad.csv:2:"),
    "alias file bad yaml": (["run", "--inbox", "inbox", "--alias-file", "bad.yaml"], {}, None, "bad.yaml:"),
    "cron not a cron": (["serve", "--inbox", "inbox", "--cron", "every 5 minutes"], {}, None, "not a cron"),
    "interval 0": (["serve", "--inbox", "inbox", "--interval", "0"], {}, None, "more than 0"),
    "batch_size 2.7": (["run", "--inbox", "inbox"], {}, "batch_size = 2.7\n", "not a whole number"),
    "n_process 1e9": (["run", "--inbox", "inbox"], {}, "n_process = 1e9\n", "out of range"),
    "use_file_time maybe": (
        ["run", "--inbox", "inbox"],
        {},
        'use_file_time = "maybe"\n',
        "not true or false",
    ),
    "INGEST_DATA empty": (["status"], {"INGEST_DATA": ""}, None, "INGEST_DATA) is empty"),
    "INGEST_BATCH_SIZE bad": (["run", "--inbox", "inbox"], {"INGEST_BATCH_SIZE": "x"}, None, "whole number"),
    "watch a missing inbox": (["watch", "--inbox", "/nonexistent"], {}, None, "/nonexistent is not a folder"),
    "watch interval 0": (["watch", "--inbox", "inbox", "--interval", "0"], {}, None, "more than 0"),
    "status of a typo": (["status", "--data", "/typo"], {}, None, "no data folder at /typo"),
    "entities show reads INGEST_DATA": (["entities", "show", "Sit"], {"INGEST_DATA": "/typo"}, None, "/typo"),
    "entities suggest of a typo": (["entities", "suggest", "--data", "/typo"], {}, None, "/typo"),
    "compact of a typo": (["compact", "--data", "/typo"], {}, None, "no data folder"),
    "config file unreadable": (["run", "--config", "missing.toml"], {}, None, "cannot read config file"),
    # values typer itself refuses: one line too, not its boxed four-line report
    "run --batch-size abc": (["run", "--batch-size", "abc"], {}, None, "--batch-size 'abc' is not a whole"),
    "run --n-process=2.5": (["run", "--n-process=2.5"], {}, None, "--n-process '2.5' is not a whole number"),
    "run unknown option": (["run", "--batchsize", "5"], {}, None, "No such option: --batchsize"),
    "run --progress with a value": (["run", "--progress", "x"], {}, None, "unexpected extra argument"),
    "run --alias-file without a value": (["run", "--alias-file"], {}, None, "requires an argument"),
    "serve --interval x": (["serve", "--interval", "x"], {}, None, "--interval 'x' is not a whole number"),
    "serve --interval 1.5": (["serve", "--interval", "1.5"], {}, None, "--interval '1.5' is not a whole"),
    "serve --poll-interval q": (["serve", "--poll-interval", "q"], {}, None, "'q' is not a number"),
    "serve --settle inf": (["serve", "--inbox", "inbox", "--settle", "inf"], {}, None, "--settle inf must"),
    "serve --settle -1": (["serve", "--inbox", "inbox", "--settle", "-1"], {}, None, "from 0 to 3600"),
    "watch --settle x": (["watch", "--settle", "x"], {}, None, "--settle 'x' is not a number"),
    "watch --max-runs 0": (["watch", "--inbox", "inbox", "--max-runs", "0"], {}, None, "1 or more"),
    "config --batch-size x": (["config", "--batch-size", "x"], {}, None, "see `ingest config --help`"),
    "compact --min-parts 1": (["compact", "--min-parts", "1"], {}, None, "2 or more"),
    "unknown command": (["serv"], {}, None, "No such command 'serv'"),
}


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_cli_refuses_in_one_line_with_exit_2_before_prefect(ingest_cmd, case):
    args, env, config, message = ERROR_CASES[case]
    (ingest_cmd.work / "a_file").write_text("not a folder\n")
    (ingest_cmd.work / "bad.csv").write_text("entity_id,alias\nnobody-we-know,Someone\n")
    (ingest_cmd.work / "bad.yaml").write_text("aliases: [\n  - x: 1\n")
    code, _out, err, heavy, prefect_home = ingest_cmd(*args, env=env, config=config)
    assert code == 2, err
    assert len(err.splitlines()) == 1 and err.startswith("error: ") and message in err, err
    assert "prefect" not in heavy and not prefect_home  # Prefect neither imported nor started
    assert not (ingest_cmd.work / "data").exists()  # nothing made before everything is checked


def test_cli_unknown_ingest_variable_is_a_one_line_warning(ingest_cmd):
    code, out, err, _heavy, _home = ingest_cmd("config", env={"INGEST_BATCHSIZE": "50"})
    assert code == 0
    assert err.splitlines() == [
        "warning: unknown environment variable INGEST_BATCHSIZE ignored; did you mean INGEST_BATCH_SIZE?"
    ]
    assert "batch_size = 200" in out


def test_cli_config_prints_each_setting_and_its_source(ingest_cmd):
    code, out, err, heavy, _home = ingest_cmd(
        "config", "--data", "elsewhere", env={"INGEST_N_PROCESS": "2"}, config="batch_size = 50\n"
    )
    assert code == 0 and err == "" and not heavy
    lines = dict(line.split("  # ") for line in out.splitlines())
    assert {k.strip(): v for k, v in lines.items()}.items() >= {
        'data = "elsewhere"': "flag --data",
        "n_process = 2": "env INGEST_N_PROCESS",
        "batch_size = 50": "ingest.toml",
        'inbox = "examples/inbox"': "default",
    }.items()


def test_cli_help_and_names_compare_import_no_prefect_pyarrow_or_spacy(ingest_cmd):
    code, out, _err, heavy, _home = ingest_cmd("--help")
    assert code == 0 and "Usage" in out and heavy == set()
    code, out, _err, heavy, _home = ingest_cmd("names", "compare", "許智峯", "HUI Chi-fung")
    assert code == 0 and '"same": true' in out
    assert not heavy & {"prefect", "spacy", "jieba", "pyarrow"}
