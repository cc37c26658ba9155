"""SIGTERM stops a command within seconds; Prefect's server child never outlives its parent."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

BUSY_IN_C = """
import hashlib, time
from ingest.stopping import stop_on_sigterm
stop_on_sigterm(grace={grace})
try:
    print("ready", flush=True)
    hashlib.pbkdf2_hmac("sha256", b"x", b"y", 2**31 - 1)  # minutes in one C call that never checks signals
except KeyboardInterrupt:  # SIGTERM came before the call began (a busy machine): stay stuck all the same
    time.sleep(3600)
"""

SUPERVISED = """
import sys
from ingest.stopping import supervise
sys.exit(supervise([sys.executable, "-c", {child!r}], grace={grace}))
"""

BUSY_IN_PYTHON = """
from ingest.stopping import stop_on_sigterm
stop_on_sigterm(grace=30)
try:
    print("ready", flush=True)  # inside the try: a SIGTERM right after it is still caught
    while True:
        pass
except KeyboardInterrupt:
    print("interrupted", flush=True)
    raise SystemExit(7)
"""


def _start(code: str) -> subprocess.Popen:
    p = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert p.stdout.readline().strip() == "ready"
    return p


def _stop_time(p: subprocess.Popen, sig=signal.SIGTERM) -> float:
    t0 = time.monotonic()
    os.kill(p.pid, sig)
    try:
        p.wait(timeout=30)
    finally:
        p.kill()
    return time.monotonic() - t0


@pytest.mark.parametrize("grace", [1.0])
def test_stopping_supervisor_ends_a_child_stuck_in_one_c_call(grace):
    p = _start(SUPERVISED.format(child=BUSY_IN_C.format(grace=60), grace=grace))
    took = _stop_time(p)
    assert p.returncode == 128 + signal.SIGTERM
    assert took < grace + 10
    assert "did not stop in time" in p.stderr.read()


def test_stopping_sigterm_interrupts_python_code_at_once():
    p = _start(BUSY_IN_PYTHON)
    took = _stop_time(p)
    assert p.returncode == 7 and "interrupted" in p.stdout.read()  # the command's own clean-up ran
    assert took < 20  # generous: the machine may be busy; without the watcher it never stops


def test_stopping_server_guard_stops_the_server_when_its_parent_is_killed(tmp_path):
    marker = tmp_path / "server.pid"
    server = f"import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(120)"
    # `parent` plays the ingest process: it starts the guard, which starts the "server".
    parent_code = (
        "import os, subprocess, sys, time; "
        f"subprocess.Popen([sys.executable, '-m', 'flows.server_guard', str(os.getpid()), '--', "
        f"sys.executable, '-c', {server!r}]); time.sleep(120)"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code], cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        server_pid = int(marker.read_text())
        os.kill(server_pid, 0)  # running while its parent lives
        parent.kill()  # kill -9: no atexit, no clean-up in the parent
        parent.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(server_pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            os.kill(server_pid, signal.SIGKILL)
            pytest.fail("the server outlived its killed parent")
    finally:
        parent.kill()
