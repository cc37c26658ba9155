"""How fast does the ``ingest`` command answer, and how fast does it refuse a bad setting?

Runs each command as a fresh process several times and prints the median CPU seconds
(user + system, the process and its children) and wall seconds, beside ``python -c pass``
measured in the same run, with the ratio. Aims: ``ingest --help`` at most 0.5 s of CPU;
every usage error (one line, exit 2, before Prefect starts) in under 2 s of wall time.

    .venv/bin/python benchmarks/bench_cli.py
    .venv/bin/python benchmarks/bench_cli.py --repeat 10 --ingest .venv/bin/ingest
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELP_AIM_CPU = 0.5
ERROR_AIM_WALL = 2.0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(argv: list[str], env: dict[str, str], cwd: Path, repeat: int) -> tuple[float, float, int, str]:
    """Median CPU and wall seconds of ``argv`` over ``repeat`` runs, its exit code and last stderr."""
    cpus, walls = [], []
    code, err = 0, ""
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(
            argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        code, err = p.returncode, p.stderr.strip()
    return statistics.median(cpus), statistics.median(walls), code, err


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per command (the median is printed)")
    ap.add_argument("--ingest", help="the ingest console script (default: python -m ingest.entry)")
    args = ap.parse_args()

    ingest = [args.ingest] if args.ingest else [sys.executable, "-m", "ingest.entry"]
    scratch = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    (scratch / "inbox").mkdir()
    (scratch / "a_file").write_text("not a folder\n")
    (scratch / "bad.toml").write_text("batch_size = 2.7\n")
    (scratch / "aliases.csv").write_text("entity_id,alias\nnobody-we-know,Someone\n")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "PREFECT_HOME": str(scratch / ".prefect"),  # nothing below should create it
    }
    inbox = str(scratch / "inbox")
    answers = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "ingest --help": [*ingest, "--help"],
        "ingest --version": [*ingest, "--version"],
        "ingest names compare A B": [*ingest, "names", "compare", "許智峯", "HUI Chi-fung"],
    }
    errors = {
        "status --data /typo": ["status", "--data", str(scratch / "typo")],
        "run --data FILE": ["run", "--inbox", inbox, "--data", str(scratch / "a_file")],
        "run, batch_size = 2.7": ["run", "--config", str(scratch / "bad.toml"), "--inbox", inbox],
        "run, bad alias file row": ["run", "--inbox", inbox, "--alias-file", str(scratch / "aliases.csv")],
        "watch --inbox /nonexistent": ["watch", "--inbox", str(scratch / "nonexistent")],
        "serve --cron 'every 5 minutes'": ["serve", "--inbox", inbox, "--cron", "every 5 minutes"],
        "serve --interval 0": ["serve", "--inbox", inbox, "--interval", "0"],
        "run --batch-size abc": ["run", "--inbox", inbox, "--batch-size", "abc"],
        "serve --settle x": ["serve", "--inbox", inbox, "--settle", "x"],
        "run, PREFECT_API_URL down": ["run", "--inbox", inbox],
    }
    # a server that does not answer (a free port): refused before Prefect is imported; its env
    # has its own PREFECT_HOME, as the flows package makes that folder when it is imported
    own_env = {
        "run, PREFECT_API_URL down": {
            "PREFECT_API_URL": f"http://127.0.0.1:{_free_port()}/api",
            "PREFECT_HOME": str(scratch / "home-2"),
        }
    }

    print(f"median of {args.repeat} runs; CPU = user + system seconds of the process and its children")
    print(f"{'command':38} {'CPU s':>7} {'wall s':>7} {'x pass CPU':>10}  exit")
    base_cpu = None
    for label, argv in answers.items():
        cpu, wall, code, _ = measure(argv, env, scratch, args.repeat)
        base_cpu = base_cpu or cpu
        flag = "  << over the aim" if label == "ingest --help" and cpu > HELP_AIM_CPU else ""
        print(f"{label:38} {cpu:7.3f} {wall:7.3f} {cpu / base_cpu:10.1f}  {code}{flag}")
    print(
        f"\nusage errors (aim: exit 2, one line on stderr, under {ERROR_AIM_WALL:g} s, Prefect not started)"
    )
    for label, argv in errors.items():
        cpu, wall, code, err = measure(
            [*ingest, *argv], {**env, **own_env.get(label, {})}, scratch, args.repeat
        )
        lines = err.splitlines()
        ok = code == 2 and len(lines) == 1 and wall < ERROR_AIM_WALL
        said = "" if ok else f"  << {len(lines)} line(s) on stderr, the first: {(lines or [''])[0][:100]}"
        print(f"{'ingest ' + label:38} {cpu:7.3f} {wall:7.3f} {cpu / base_cpu:10.1f}  {code}{said}")
    started = (scratch / ".prefect").exists()
    print(f"\nPrefect home created: {'yes  << Prefect started' if started else 'no'}")


if __name__ == "__main__":
    main()
