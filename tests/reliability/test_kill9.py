"""SIGKILL at any write, then a clean rerun: every table equals one clean run's.

A subprocess (``driver.py``) runs the pipeline's stages and kills itself with SIGKILL on
the N-th call of ``versions.write_file``: before it writes, after the temp file is
written but before its rename (``mid``), or after the rename. The kill points cover
intake, the silver batches and gold. The rerun (no kill) happens in this process; its
tables are compared row for row with a clean run into another folder, ignoring ``run_id``
and the ``*_at`` timestamps.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from driver import run_stages
from observe import read_folder

from ingest.config import PipelineConfig

pytestmark = pytest.mark.slow

DRIVER = Path(__file__).with_name("driver.py")
BATCH_SIZE = 2
SUBPROCESS_TIMEOUT = 240  # one pipeline run over seven small files, spaCy loading included

ARTICLES = {
    "en_sensor_buoys.txt": (
        "Sensor buoys report harbour water quality\n\nHONG KONG, November 30 - The Environmental "
        "Protection Department said today that twelve sensor buoys in Victoria Harbour now report "
        "water quality every hour. Professor Sun Dong visited the control room in Wan Chai.\n"
    ),
    "en_talent_hub.txt": (
        "Research Talent Hub admits 120 researchers\n\nThe Innovation and Technology Commission "
        "said on Wednesday that 120 researchers joined the Research Talent Hub this year.\n"
    ),
    "en_drone_pilot.txt": (
        "Drone delivery pilot for Sai Kung clinics\n\nThe Civil Aviation Department approved a "
        "drone delivery pilot on 2 December 2026 that will carry medicine to three clinics.\n"
    ),
    "zh_hant_cyberport.txt": (
        "數碼港數據中心啟用\n\n香港特別行政區政府今日宣布，數碼港新數據中心正式啟用，"
        "創新科技及工業局局長孫東教授出席開幕典禮。\n"
    ),
    "zh_hans_lab.txt": (
        "深港联合实验室揭牌\n\n深圳市科技创新局今日表示，深港联合实验室在河套合作区揭牌，"
        "首批二十个研究项目将于明年启动。\n"
    ),
}
BAD = {"empty.txt": "", "blank.html": "<html><head><script>x()</script></head><body></body></html>"}

# (table written, which of its writes, mode): intake, silver batches, gold
KILL_POINTS = [
    ("bronze/documents", 1, "before"),
    ("bronze/documents", 1, "mid"),
    ("bronze/rejected", 1, "after"),
    ("silver/mentions", 1, "mid"),
    ("silver/documents", 2, "mid"),
    ("gold/entities", 1, "before"),
    ("gold/documents", 1, "mid"),
]
IGNORED_COLUMNS = {"run_id"}


def _write_inbox(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**ARTICLES, **BAD}.items():
        (folder / name).write_text(text, encoding="utf-8")
    stamp = 1_764_460_800  # fixed mtimes: both folders read the same files
    for p in folder.iterdir():
        os.utime(p, (stamp, stamp))
    return folder


def _driver(inbox: Path, data: Path, kill_at: int = 0, mode: str = "none", trace: Path | None = None):
    args = [sys.executable, str(DRIVER), str(inbox), str(data), str(BATCH_SIZE), str(kill_at), mode]
    if trace is not None:
        args.append(str(trace))
    return subprocess.run(args, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT, env=os.environ)


def _canonical_tables(data: Path) -> dict[str, list[str]]:
    """Every table under ``data`` as sorted canonical rows, without run ids and timestamps."""
    out = {}
    for folder in sorted({p.parent for p in Path(data).glob("*/*/*.parquet")}):
        table = folder.relative_to(data).as_posix()
        rows = []
        for r in read_folder(data, table):
            kept = {k: v for k, v in r.items() if k not in IGNORED_COLUMNS and not k.endswith("_at")}
            rows.append(json.dumps(kept, sort_keys=True, default=repr, ensure_ascii=False))
        out[table] = sorted(rows)
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """One clean run in a subprocess, tracing every write: the tables to match and the kill points."""
    root = tmp_path_factory.mktemp("kill9")
    inbox = _write_inbox(root / "inbox")
    trace = root / "trace.tsv"
    done = _driver(inbox, root / "clean", trace=trace)
    assert done.returncode == 0 and "finished" in done.stdout, done.stderr[-3000:]
    writes = [line.split("\t") for line in trace.read_text(encoding="utf-8").splitlines()]
    return dict(root=root, inbox=inbox, tables=_canonical_tables(root / "clean"), writes=writes)


def _kill_index(writes: list[list[str]], table: str, nth: int) -> int:
    hits = [int(n) for n, t, _ in writes if t == table]
    assert len(hits) >= nth, f"the clean run wrote {table} {len(hits)} times; the kill point needs {nth}"
    return hits[nth - 1]


@pytest.mark.parametrize(
    ("table", "nth", "mode"), KILL_POINTS, ids=[f"{t}#{n}-{m}" for t, n, m in KILL_POINTS]
)
def test_kill9_then_rerun_equals_a_clean_run(reference, table, nth, mode):
    kill_at = _kill_index(reference["writes"], table, nth)
    data = reference["root"] / f"killed-{table.replace('/', '-')}-{nth}-{mode}"
    killed = _driver(reference["inbox"], data, kill_at, mode)
    assert killed.returncode == -signal.SIGKILL, f"the driver was not killed: {killed.stderr[-3000:]}"
    assert "finished" not in killed.stdout
    run_stages(reference["inbox"], data, PipelineConfig(batch_size=BATCH_SIZE))
    got, want = _canonical_tables(data), reference["tables"]
    assert sorted(got) == sorted(want), f"tables differ: {sorted(set(got) ^ set(want))}"
    for name in want:
        missing = [r for r in want[name] if r not in got[name]]
        extra = [r for r in got[name] if r not in want[name]]
        assert got[name] == want[name], (
            f"{name} after a kill at write {kill_at} ({mode}) and a rerun: {len(got[name])} rows, "
            f"clean run {len(want[name])}; missing {missing[:2]}, extra {extra[:2]}"
        )
