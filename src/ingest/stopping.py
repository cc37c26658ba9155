"""Stopping a run on SIGTERM within seconds, whatever the run is doing.

Two layers:

- :func:`stop_on_sigterm`, inside the process: a SIGTERM raises ``KeyboardInterrupt`` in the
  main thread at its next bytecode (so the command's clean-up runs) and, if the process is
  still going ``grace`` seconds later, ends it with exit code 143 (128 + SIGTERM).
- :func:`supervise`, around the process: a run busy inside one long C call that holds the GIL
  (a regular expression over a large document) runs no Python code at all — not the
  watcher thread either — until the call returns. So the long-running commands (``run``,
  ``watch``, ``serve``) run as a child of a small supervisor that passes SIGTERM and SIGINT
  on and kills the child if it has not stopped ``grace`` seconds later.

Ending the process mid-run is safe by construction: every Parquet part is written to a
temporary file and renamed, temporary files of a killed write are removed by the next run,
and a batch that did not finish is done again. Child processes watch their parent and stop
with it (see ``flows.server_guard``).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable

EXIT_CODE = 128 + signal.SIGTERM
_state = {"exiting": False}


def exiting() -> None:
    """Say the command is done and the process is shutting down (SIGTERM then only ends it)."""
    _state["exiting"] = True


def stop_on_sigterm(grace: float = 10.0, say: Callable[[str], None] | None = None) -> bool:
    """Make SIGTERM stop this process: ``KeyboardInterrupt`` now, ``os._exit`` ``grace`` s later.

    A plain handler, not a blocked signal: a blocked SIGTERM would be inherited by every
    child process (Prefect's server, spaCy's workers), which could then not be stopped.
    Prefect replaces the handler while a flow runs with its own, which also ends the run.
    Returns False (and changes nothing) when not called from the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        return False
    say = say or (lambda msg: print(msg, file=sys.stderr, flush=True))

    def last_resort() -> None:
        time.sleep(grace)  # a command that stopped in time has ended the process by now
        say("did not stop in time; exiting now (a run's unfinished batch is redone next time).")
        os._exit(EXIT_CODE)

    def handler(_signum, _frame) -> None:
        say(f"SIGTERM: stopping (within {grace:.0f} s); a run keeps its finished batches.")
        threading.Thread(target=last_resort, name="ingest-sigterm", daemon=True).start()
        if not _state["exiting"]:  # interrupting the interpreter's own shutdown only adds a traceback
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    return True


def _term_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies, even by ``kill -9``.

    (Linux ties this to the thread that forked; the supervisor has only its main thread.)
    """
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def supervise(argv: list[str], grace: float = 10.0, env: dict[str, str] | None = None) -> int:
    """Run ``argv`` as a child; pass SIGTERM on and kill it ``grace`` s later if still running.

    Returns the child's exit code (143 when it had to be killed).
    """
    import subprocess

    child = subprocess.Popen(argv, env=env, preexec_fn=_term_with_parent if sys.platform == "linux" else None)
    deadline: list[float] = []

    def forward(_signum, _frame):
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
        if not deadline:
            deadline.append(time.monotonic() + grace)

    signal.signal(signal.SIGTERM, forward)
    # Ctrl-C reaches the child from the terminal itself (same process group); passing it on
    # too would be a second interrupt. A handler, not SIG_IGN: that would be inherited.
    signal.signal(signal.SIGINT, lambda *_: None)
    while True:
        try:
            code = child.wait(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if deadline and time.monotonic() > deadline[0]:
                print(
                    "did not stop in time; ended it (a run's unfinished batch is redone next time).",
                    file=sys.stderr,
                    flush=True,
                )
                child.kill()
                child.wait()
                return EXIT_CODE
    return code if code >= 0 else 128 - code  # killed by signal n: 128 + n, as a shell says


def stop_with_parent(poll: float = 0.5, grace: float = 10.0) -> bool:
    """SIGTERM this process when its parent is gone, and end it ``grace`` s later.

    For a process started by another that may die by ``kill -9`` and whose start this code
    does not control (a flow run started by Prefect's runner). Once per process; returns
    whether a watcher was started now.
    """
    if _state.get("parent_watched"):
        return False
    _state["parent_watched"] = True
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace)
        os._exit(EXIT_CODE)

    threading.Thread(target=watch, name="ingest-parent-watch", daemon=True).start()
    return True
