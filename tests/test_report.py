"""``ingest report``: a self-contained HTML page that headless Chromium renders offline."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from ingest import report, report_charts
from ingest.cli import app

runner = CliRunner()
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


@pytest.fixture(scope="module")
def written(sample_run, tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("report") / "report.html"
    steps: list[str] = []
    report.write_report(sample_run.data, out, report.ReportConfig(top=6), progress=steps.append)
    return out, steps


def test_report_is_self_contained(written) -> None:
    out, _ = written
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and page.count("<script>") >= 6  # plotly.js + the charts
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|<img[^>]+src=\"?http", page)
    assert "Plotly.newPlot" in page and len(page) > 3_000_000  # plotly.js itself is inside


def test_report_sections_for_the_top_entities(written) -> None:
    page = written[0].read_text(encoding="utf-8")
    for heading in ("Who is mentioned most, over time", "Who appears with whom", "Coverage"):
        assert f"<h2>{heading}</h2>" in page
    carrie = page[page.index('id="e-kb-carrie-lam"') :]
    carrie = carrie[: carrie.index("</section>")]
    assert "Aliases by scheme" in carrie and "<th>zh_hant</th>" in carrie and "林鄭月娥" in carrie
    assert (
        "Chief Executive" in carrie and "2017-07-01" in carrie and "2022-06-30" in carrie
    )  # an office, dated
    assert carrie.count("<tr><td>20") >= 5  # her documents, with their dates
    assert page.count('<section class="entity"') == 12  # six people and six organisations


def test_report_says_its_progress(written) -> None:
    _, steps = written
    assert steps[0] == "reading totals and coverage" and steps[-1].startswith("writing ")
    assert "entity sections: 12/12" in steps


def test_report_cli(sample_run, tmp_path) -> None:
    out = tmp_path / "r.html"
    got = runner.invoke(app, ["report", "--data", str(sample_run.data), "--out", str(out), "--top", "3"])
    assert got.exit_code == 0, got.output
    assert out.is_file() and "6 entities, 13 documents" in got.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--top", "0"], "--top 0 must be 1 or more"),
        (["--out", "/nonexistent/dir/r.html"], "existing folder"),
    ],
)
def test_report_cli_usage_errors(sample_run, args, message) -> None:
    got = runner.invoke(app, ["report", "--data", str(sample_run.data), *args])
    assert got.exit_code == 2 and message in got.output


def test_report_charts_spring_layout_is_deterministic_and_keeps_cliques_together() -> None:
    # two triangles joined by one weak edge
    edges = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 0.1)]
    pos = report_charts.spring_layout(6, edges)
    assert np.array_equal(pos, report_charts.spring_layout(6, edges))
    assert pos.min() >= 0 and pos.max() <= 1
    d = np.linalg.norm(pos[:, None] - pos[None, :], axis=-1)
    within = max(d[0, 1], d[1, 2], d[0, 2], d[3, 4], d[4, 5], d[3, 5])
    across = min(d[i, j] for i in range(3) for j in range(3, 6))
    assert within < across


@pytest.mark.parametrize(
    ("first", "last", "n"),
    [(dt.date(2021, 11, 1), dt.date(2022, 2, 1), 4), (dt.date(2022, 5, 1), dt.date(2022, 5, 1), 1)],
)
def test_report_charts_month_range(first, last, n) -> None:
    months = report_charts.month_range(first, last)
    assert len(months) == n and months[0] == first and months[-1] == last


def _browser() -> str | None:
    return next((b for b in map(shutil.which, BROWSERS) if b), None)


def test_report_renders_in_headless_chromium_offline(written, tmp_path) -> None:
    browser = _browser()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    out, _ = written
    # any request would go to a proxy that is not there: the page must draw with what it holds
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--virtual-time-budget=15000",
        "--window-size=1200,2000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    shot = tmp_path / "report.png"
    p = subprocess.run(
        [browser, *flags, f"--screenshot={shot}", out.as_uri()], capture_output=True, text=True, timeout=180
    )
    assert p.returncode == 0 and shot.is_file(), p.stderr[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20]) == 1200
    assert len(png) > 60_000  # a blank page of this size is a few kB
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=180
    ).stdout
    # plotly drew every chart: two timelines, the network, three coverage charts
    assert dom.count('class="main-svg"') >= 6 and "Carrie Lam Cheng Yuet-ngor" in dom


def test_report_of_an_empty_lake_says_so(tmp_path) -> None:
    from ingest import storage

    storage.ensure_tables(tmp_path / "data")  # what a first run over an empty inbox leaves
    got = report.write_report(tmp_path / "data", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert (got.entities, got.documents) == (0, 0)
    assert "0 documents (0 dated, no dated documents)" in page and page.count("Nothing to show yet") == 6
