"""How fast ``ingest serve`` reacts to a file: landing → run started, landing → rows in gold.

Starts ``ingest serve --interval 3600`` with no PREFECT_API_URL (so it starts its own local
Prefect server, state in a scratch PREFECT_HOME), copies 5 small articles from
examples/inbox into its inbox one by one — each once the previous one's rows are in gold —
and prints, per file and as median / max: seconds from the copy to the flow run's start
(its ``start_time`` on the server) and to its document's rows in gold/documents; then each
flow run's state, log lines and artifacts as the server's API lists them. Then it sends
SIGTERM and prints how long the service took to stop and how many of its processes are left.
Aims: UI address within 60 s, start ≤ 5 s, gold ≤ 15 s, stopped within 10 s, none left.

    python benchmarks/bench_serve.py [--files 5] [--poll]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from ingest import storage  # noqa: E402


def api(url: str, path: str, body: dict | None = None):
    req = urllib.request.Request(
        f"{url}{path}",
        data=json.dumps(body or {}).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def descendants(pid: int) -> set[int]:
    """Every living descendant of ``pid``, from /proc (Linux)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found, todo = set(), [pid]
    while todo:
        cur = todo.pop()
        kids = {c for c, pp in parents.items() if pp == cur} - found
        found |= kids
        todo += list(kids)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_serve(inbox: Path, data: Path, home: Path, extra: list[str]) -> tuple[subprocess.Popen, str, list]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}")
    cmd = [sys.executable, "-m", "ingest.entry", "serve", "--inbox", str(inbox), "--data", str(data)]
    p = subprocess.Popen(
        cmd + ["--interval", "3600", *extra], env=env, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    lines: list[str] = []
    ui: list[str] = []

    def read() -> None:
        for line in p.stderr:
            lines.append(line.rstrip())
            if line.startswith("Prefect UI: "):
                ui.append(line.split(": ", 1)[1].strip())

    threading.Thread(target=read, daemon=True).start()
    t0 = time.monotonic()
    while not ui:
        if p.poll() is not None or time.monotonic() - t0 > 120:
            raise SystemExit("serve did not print its UI address:\n" + "\n".join(lines))
        time.sleep(0.1)
    print(f"UI address printed after {time.monotonic() - t0:.1f} s: {ui[0]}")
    return p, ui[0], lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=5)
    ap.add_argument("--poll", action="store_true", help="pass --poll to serve")
    args = ap.parse_args()
    articles = sorted(p for p in (ROOT / "examples" / "inbox").glob("*.txt"))[: args.files]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        inbox, data, home = Path(tmp, "inbox"), Path(tmp, "data"), Path(tmp, "prefect")
        inbox.mkdir()
        p, url, lines = start_serve(inbox, data, home, ["--poll"] if args.poll else [])
        try:
            while not any("watching" in line for line in lines):
                time.sleep(0.1)
            starts, golds = [], []
            for n, article in enumerate(articles, 1):
                before = {r["id"] for r in api(url, "/api/flow_runs/filter")}
                landed_wall, landed = time.time(), time.monotonic()
                shutil.copy(article, inbox / article.name)
                started = None
                while True:
                    if started is None:
                        new = [r for r in api(url, "/api/flow_runs/filter") if r["id"] not in before]
                        begun = [r["start_time"] for r in new if r.get("start_time")]
                        if begun:
                            started = min(datetime.fromisoformat(t).timestamp() for t in begun) - landed_wall
                    if storage.row_counts(data).get("gold/documents", 0) >= n:
                        gold = time.monotonic() - landed
                        break
                    if time.monotonic() - landed > 120:
                        raise SystemExit(
                            f"{article.name}: not in gold after 120 s:\n" + "\n".join(lines[-30:])
                        )
                    time.sleep(0.1)
                starts.append(started if started is not None else float("nan"))
                golds.append(gold)
                print(f"{article.name[:50]:50s} run started {starts[-1]:5.1f} s, rows in gold {gold:5.1f} s")
                time.sleep(1.0)  # let the run finish its summary before the next file lands
            print(
                f"landing -> run started: median {statistics.median(starts):.1f} s, max {max(starts):.1f} s (aim <= 5)"
            )
            print(
                f"landing -> rows in gold: median {statistics.median(golds):.1f} s, max {max(golds):.1f} s (aim <= 15)"
            )
            time.sleep(2.0)  # logs reach the server in batches, a moment after the run
            runs = [r for r in api(url, "/api/flow_runs/filter") if r.get("start_time")]
            print(f"flow runs that ran: {len(runs)}, states {sorted(r['state_type'] for r in runs)}")
            for r in sorted(runs, key=lambda r: r["start_time"]):
                logs = api(url, "/api/logs/filter", {"logs": {"flow_run_id": {"any_": [r["id"]]}}})
                arts = api(url, "/api/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [r["id"]]}}})
                print(
                    f"  {r['name']:24s} {r['state_type']:10s} {len(logs):3d} log lines, {len(arts)} artifact(s)"
                )
        finally:
            family = descendants(p.pid)
            t = time.monotonic()
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=20)
                print(f"SIGTERM -> stopped in {time.monotonic() - t:.1f} s (exit {p.returncode})")
            except subprocess.TimeoutExpired:
                p.kill()
                print("serve did not stop within 20 s; killed")
            time.sleep(0.5)
            left = [pid for pid in family if alive(pid)]
            print(
                f"processes of the service before SIGTERM: {len(family) + 1}; left after: {len(left)} {left or ''}"
            )


if __name__ == "__main__":
    main()
