"""The `ingest` command line: help with examples, exit codes."""

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
