"""Keep Prefect's ephemeral API server from outliving the process that started it.

Prefect starts its ephemeral server as a child process (uvicorn) and stops it at exit. A
run that is killed (``kill -9``, or :mod:`ingest.stopping` ending a stuck run) never reaches
that, and the server would run on, holding a port and its database. :func:`install` makes
Prefect start the server through this module instead: ``python -m flows.server_guard PID --
uvicorn …`` runs the server as its own child, passes SIGTERM and SIGINT on, stops it when
the process ``PID`` is gone, and exits with the server's exit code (Prefect retries another
port on exit code 3).
"""

import os
import signal
import subprocess
import sys
import time
import types

POLL_SECONDS = 0.5


def _stop(child: subprocess.Popen, wait: float = 4.0) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _term_with_parent() -> None:
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def main(argv: list[str]) -> int:
    parent, command = int(argv[0]), argv[argv.index("--") + 1 :]
    # a mask inherited from the process that started Prefect must not make the server unstoppable
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    # The server gets SIGTERM if this guard dies, even by kill -9 (Linux; this process has one thread).
    child = subprocess.Popen(command, preexec_fn=_term_with_parent if sys.platform == "linux" else None)

    def forward(signum, _frame):
        _stop(child)
        sys.exit(child.returncode if child.returncode is not None else 128 + signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    while child.poll() is None:
        if os.getppid() != parent:  # the parent died and this process was re-parented
            _stop(child)
            break
        time.sleep(POLL_SECONDS)
    return child.returncode if child.returncode is not None else 0


def install() -> None:
    """Route Prefect's ephemeral server start through the guard (idempotent)."""
    from prefect.server.api import server as prefect_server

    if getattr(prefect_server.subprocess, "_ingest_guarded", False):
        return
    real = prefect_server.subprocess

    def guarded_popen(args, *rest, **kwargs):
        guard = [sys.executable, "-m", "flows.server_guard", str(os.getpid()), "--"]
        return real.Popen(guard + list(args), *rest, **kwargs)

    # Only that module's name `subprocess` is replaced; it starts no other process.
    shim = types.SimpleNamespace(**{k: getattr(real, k) for k in dir(real) if not k.startswith("__")})
    shim.Popen = guarded_popen
    shim._ingest_guarded = True
    prefect_server.subprocess = shim


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
