"""``ingest serve``: deployment names, when a file triggers a run, the runs table, and the real service.

The last test starts ``ingest serve`` as a user would (no PREFECT_API_URL: it starts its own
local Prefect server), drops an article into the inbox and follows it to gold and to the
server's API, then stops the service with SIGTERM and checks no process of it is left.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ingest import runs, storage
from ingest.serving import ServeRunningError, claim, deployment_name, needs_run, served_api_url
from ingest.watch import InboxWatcher

ROOT = Path(__file__).resolve().parents[1]


def test_serve_deployment_names_differ_per_data_folder_and_stay_put(tmp_path):
    a, b = tmp_path / "one" / "data", tmp_path / "two" / "data"
    assert deployment_name(a) != deployment_name(b)  # same folder name, other folder: no overwrite
    assert deployment_name(a) == deployment_name(tmp_path / "one" / ".." / "one" / "data")
    assert deployment_name(tmp_path / "News Data_2026").startswith("ingest-news-data-2026-")
    name = deployment_name(tmp_path / "新聞")
    assert name.startswith("ingest-") and all(c.isascii() and (c.isalnum() or c == "-") for c in name)


def test_serve_a_change_needs_a_run_unless_the_last_one_has_not_started():
    assert needs_run(None)
    assert not needs_run("SCHEDULED") and not needs_run("PENDING")  # it will read the inbox anyway
    assert needs_run("RUNNING") and needs_run("COMPLETED") and needs_run("FAILED")


def test_serve_watcher_says_while_a_change_settles(tmp_path):
    clock = [0.0]
    w = InboxWatcher(tmp_path, clock=lambda: clock[0])
    (tmp_path / "a.txt").write_text("Science Park")
    assert not w.changed(settle=2) and w.settling
    clock[0] = 3
    assert w.changed(settle=2) and not w.settling


def test_serve_runs_table_holds_completed_and_failed_runs(tmp_path):
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    summary = dict(
        run_id="r1",
        files_seen=3,
        files_new=2,
        files_unchanged=0,
        files_rejected=1,
        documents_processed=2,
        rejections=[("bad|name.txt", "not text\nat all")],
        rows={"gold/documents": 2},
        seconds=1.5,
    )
    runs.write(tmp_path, runs.record("r1", "file", t0, t0 + timedelta(seconds=2), summary, {"bronze": 0.5}))
    failed = runs.record(
        "r2", "schedule", t0 + timedelta(1), t0 + timedelta(1, 1), error=OSError("disk\nfull")
    )
    runs.write(tmp_path, failed)
    rows = runs.read(tmp_path).to_pylist()
    assert [(r["run_id"], r["trigger"], r["status"]) for r in rows] == [
        ("r1", "file", "completed"),
        ("r2", "schedule", "failed"),
    ]
    assert rows[0]["files_rejected"] == 1 and json.loads(rows[0]["counts"])["rows"] == {"gold/documents": 2}
    assert rows[1]["error"] == "OSError: disk full" and rows[1]["files_seen"] is None
    with pytest.raises(ValueError):
        runs.record("r3", "cron", t0, t0)
    md = runs.summary_markdown(summary, {"bronze": 0.5}, "file")
    assert "| bad\\|name.txt | not text at all |" in md and "| gold/documents | 2 |" in md


def test_serve_claims_its_data_folder_and_says_where_its_server_is(tmp_path):
    data = tmp_path / "data"
    assert served_api_url(data) is None  # no service has ever run here
    with claim(data) as presence:
        assert served_api_url(data) is None  # claimed, but no server published yet
        presence.publish("http://127.0.0.1:4321/api", "http://127.0.0.1:4321")
        assert served_api_url(data) == "http://127.0.0.1:4321/api"
        with (
            pytest.raises(ServeRunningError, match=r"already runs for .*pid \d+, UI http://127.0.0.1:4321\)"),
            claim(data),
        ):
            pass
    assert served_api_url(data) is None  # the service stopped: runs go back to ephemeral mode
    with claim(data):  # and the folder can be served again
        pass


@pytest.mark.parametrize(
    "env,profiles,expected",
    [
        ({"PREFECT_API_URL": " http://a:1/api "}, None, ("http://a:1/api", "PREFECT_API_URL")),
        ({}, None, None),
        ({}, 'active = "team"\n[profiles.team]\nPREFECT_API_URL = "http://b:2/api"\n', "http://b:2/api"),
        (
            {"PREFECT_PROFILE": "solo"},
            'active = "team"\n[profiles.team]\nPREFECT_API_URL = "http://b:2/api"\n[profiles.solo]\n',
            None,
        ),
        ({}, 'active = "team"\n[profiles.team]\nPREFECT_LOGGING_LEVEL = "INFO"\n', None),
        ({}, "not toml [", None),
    ],
)
def test_serve_the_configured_server_is_the_variable_else_the_active_profiles(
    tmp_path, env, profiles, expected
):
    from flows.local_server import configured_api_url

    if profiles is not None:
        (tmp_path / "profiles.toml").write_text(profiles)
    got = configured_api_url({"PREFECT_HOME": str(tmp_path), **env})
    if isinstance(expected, str):
        assert got is not None and got[0] == expected and "profile 'team'" in got[1]
    else:
        assert got == expected


def test_serve_run_refuses_a_configured_server_that_does_not_answer_in_one_line(tmp_path):
    from flows.local_server import free_port

    (tmp_path / "inbox").mkdir()
    url = f"http://127.0.0.1:{free_port()}/api"  # nobody listens there
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INGEST_", "PREFECT_API"))}
    env.update(
        PREFECT_API_URL=url,
        PREFECT_HOME=str(tmp_path / "home"),
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    )
    code = "import runpy, sys; sys.argv = ['ingest', *sys.argv[1:]]; runpy.run_module('ingest.entry', run_name='__main__')"
    hook = "import atexit, sys; atexit.register(lambda: print('prefect' in sys.modules, file=sys.stdout))"
    for command in (["run"], ["serve"]):
        got = subprocess.run(
            [sys.executable, "-c", f"{hook}\n{code}", *command, "--inbox", "inbox", "--data", "data"],
            env={**env, "INGEST_SUPERVISED": "1"},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert got.returncode == 2, got.stderr
        assert got.stderr.splitlines() == [
            f"error: the Prefect server at {url} (from PREFECT_API_URL) does not answer; start it, or unset "
            "PREFECT_API_URL (or switch Prefect profile) to run without it."
        ]
        assert got.stdout.strip() == "False"  # Prefect not imported


def _children(pid: int) -> set[int]:
    """Every living descendant of ``pid``, from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        kids = {c for c, pp in parents.items() if pp == p}
        todo += list(kids - found)
        found |= kids
    return found


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _api(url: str, path: str, body: dict | None = None):
    req = urllib.request.Request(
        f"{url}/api{path}",
        data=json.dumps(body or {}).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_serve_starts_its_server_ingests_a_dropped_file_and_stops_with_nothing_left(tmp_path):
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}")
    cmd = [sys.executable, "-m", "ingest.entry", "serve", "--inbox", str(inbox), "--data", str(data)]
    p = subprocess.Popen(cmd + ["--interval", "3600", "--poll"], env=env, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(line.rstrip() for line in p.stderr), daemon=True).start()

    def wait_for(what, limit: float = 180.0):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            got = what()
            if got:
                return got
            assert p.poll() is None, "serve exited:\n" + "\n".join(lines)
            time.sleep(0.2)
        pytest.fail(f"gave up after {limit:.0f} s:\n" + "\n".join(lines[-40:]))

    try:
        ui = wait_for(
            lambda: next((x.split(": ", 1)[1] for x in lines if x.startswith("Prefect UI: ")), None)
        )
        assert ui.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(ui, timeout=10) as r:  # the UI itself, not only the API
            assert r.status == 200 and b"<html" in r.read().lower()
        wait_for(lambda: any(x.startswith("watching ") for x in lines))

        shutil.copy(ROOT / "examples" / "inbox" / "harbour_daily_scrape_inno_tech.txt", inbox)
        wait_for(lambda: storage.row_counts(data)["gold/documents"] >= 1)

        def completed():
            done = [r for r in _api(ui, "/flow_runs/filter") if r["state_type"] == "COMPLETED"]
            return done[0] if done else None

        run = wait_for(completed, 60)
        deployment = _api(ui, "/deployments/filter")[0]
        assert run["deployment_id"] == deployment["id"] and deployment["name"] == deployment_name(data)

        def messages():  # logs reach the server in batches, a moment after the run
            logs = _api(ui, "/logs/filter", {"logs": {"flow_run_id": {"any_": [run["id"]]}}})
            got = [log["message"] for log in logs]
            return got if any(m.startswith("run ") and " done in " in m for m in got) else None

        got = wait_for(messages, 30)
        assert any(m.startswith("bronze: 1 file(s) seen, 1 new") for m in got), got
        assert any(m.startswith("silver batch 1/1: 1 document(s)") for m in got), got
        assert any(m.startswith("gold: ") for m in got), got
        artifacts = _api(ui, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}})
        assert [a["type"] for a in artifacts] == ["markdown"] and "| files seen |" in artifacts[0]["data"]
        (row,) = runs.read(data).to_pylist()
        assert (row["trigger"], row["status"], row["flow_run_id"]) == ("file", "completed", run["id"])
    finally:
        family = _children(p.pid)
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            pytest.fail("serve did not stop within 10 s of SIGTERM:\n" + "\n".join(lines[-20:]))
    assert len(family) >= 3  # the service itself, the server's guard and the server
    time.sleep(0.5)  # a process that has exited may take a moment to be reaped by init
    assert [pid for pid in family if _alive(pid)] == []
    assert p.returncode == 0, "\n".join(lines[-20:])


def _start_serve(inbox: Path, data: Path, home: Path, *extra: str, **more_env: str):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}", **more_env)
    cmd = [sys.executable, "-m", "ingest.entry", "serve", "--inbox", str(inbox), "--data", str(data)]
    p = subprocess.Popen([*cmd, "--interval", "3600", *extra], env=env, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(x.rstrip() for x in p.stderr), daemon=True).start()
    return p, lines, env


def _wait(p, lines, what, limit: float = 180.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        got = what()
        if got:
            return got
        assert p.poll() is None, "serve exited:\n" + "\n".join(lines)
        time.sleep(0.2)
    pytest.fail(f"gave up after {limit:.0f} s:\n" + "\n".join(lines[-40:]))


def _stop(p, lines) -> None:
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            pytest.fail("serve did not stop within 15 s of SIGTERM:\n" + "\n".join(lines[-20:]))


def _articles(inbox: Path, names: list[str]) -> None:
    """Small articles of our own, each different (bronze keeps one copy of equal texts)."""
    for i, name in enumerate(names):
        (inbox / name).write_text(
            f"Cyberport opened its incubation round number {i} in Hong Kong.\n\n"
            f"The Innovation and Technology Commission said {i + 3} start-ups had joined the scheme.\n",
            encoding="utf-8",
        )


def _state(url: str, flow_run_id: str) -> str:
    req = urllib.request.Request(f"{url}/api/flow_runs/{flow_run_id}")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)["state_type"]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_serve_a_run_cancelled_in_the_ui_stops_a_killed_service_leaves_no_run_running(tmp_path):
    """Cancel in the UI stops the run between batches; `kill -9` of serve leaves a Running run
    that the next serve marks Crashed; `ingest run` reports to the running serve's server; a
    second serve for the same data folder is refused in one line."""
    inbox, data, home = tmp_path / "inbox", tmp_path / "data", tmp_path / "prefect"
    inbox.mkdir()
    p, lines, env = _start_serve(inbox, data, home, INGEST_BATCH_SIZE="1")
    try:
        ui = _wait(
            p, lines, lambda: next((x.split(": ", 1)[1] for x in lines if x.startswith("Prefect UI: ")), None)
        )
        _wait(p, lines, lambda: any(x.startswith("watching ") for x in lines))
        second = subprocess.run(
            [sys.executable, "-m", "ingest.entry", "serve", "--inbox", str(inbox), "--data", str(data)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2 and len(second.stderr.splitlines()) == 1, second.stderr
        assert "ingest serve already runs for" in second.stderr and ui in second.stderr

        _articles(inbox, [f"round_{i:02d}.txt" for i in range(40)])  # 40 batches of one document

        def running():
            got = [r for r in _api(ui, "/flow_runs/filter") if r["state_type"] == "RUNNING"]
            return got[0] if got else None

        run = _wait(p, lines, running, 60)
        asked_for = [r for r in _api(ui, "/flow_runs/filter") if r["parameters"].get("trigger") == "file"]
        assert [r["id"] for r in asked_for] == [run["id"]]  # the burst of 40 files is one run
        asked = _api(  # as the UI's Cancel button does
            ui, f"/flow_runs/{run['id']}/set_state", {"state": {"type": "CANCELLING", "name": "Cancelling"}}
        )
        assert asked["status"] == "ACCEPT", asked
        _wait(p, lines, lambda: _state(ui, run["id"]) == "CANCELLED", 60)
        (row,) = _wait(p, lines, lambda: runs.read(data).to_pylist(), 30)
        assert (
            row["status"] == "cancelled"
            and row["flow_run_id"] == run["id"]
            and "cancelled before" in row["error"]
        )
        assert storage.row_counts(data)["silver/documents"] < 40  # it stopped before the end

        # ingest run while serve is up: the run is on serve's server, so in its UI
        got = subprocess.run(
            [
                sys.executable,
                "-m",
                "ingest.entry",
                "run",
                "--inbox",
                str(inbox),
                "--data",
                str(data),
                "--json",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert got.returncode == 0, got.stderr
        assert "using the Prefect server of the ingest serve" in got.stderr
        manual = [r for r in _api(ui, "/flow_runs/filter") if r["deployment_id"] is None]
        assert [r["state_type"] for r in manual] == ["COMPLETED"]

        # a run going when serve is killed with -9
        _articles(inbox, [f"later_{i:02d}.txt" for i in range(40)])
        run = _wait(p, lines, running, 60)
        (serve_pid,) = [c for c in _children(p.pid) if _parent(c) == p.pid]  # under `ingest`'s supervisor
        os.kill(serve_pid, signal.SIGKILL)
        p.wait(timeout=30)
    finally:
        _stop(p, lines)
    p, lines, env = _start_serve(inbox, data, home)
    try:
        ui = _wait(
            p, lines, lambda: next((x.split(": ", 1)[1] for x in lines if x.startswith("Prefect UI: ")), None)
        )
        _wait(p, lines, lambda: any(x.startswith("watching ") for x in lines))
        assert _state(ui, run["id"]) == "CRASHED"
        assert any(run["name"] in x and "now Crashed" in x for x in lines), lines
    finally:
        _stop(p, lines)
