"""Stopping a run on SIGTERM within seconds, whatever the run is doing.

Two layers:

- :func:`stop_on_sigterm`, inside the process: SIGTERM is blocked in every thread and one
  small thread waits for it (``signal.sigwait``), then asks the main thread to stop
  (``KeyboardInterrupt`` at its next bytecode, so the command's clean-up runs) and, if the
  process is still going after ``grace`` seconds, ends it with exit code 143 (128 + SIGTERM).
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

import _thread
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
    """Install the SIGTERM watcher for this process; call before other threads start.

    Returns False (and changes nothing) where it cannot work: not on the main thread, or on a
    platform without ``pthread_sigmask``/``sigwait``.
    """
    if threading.current_thread() is not threading.main_thread():
        return False
    if not (hasattr(signal, "pthread_sigmask") and hasattr(signal, "sigwait")):
        return False
    say = say or (lambda msg: print(msg, file=sys.stderr, flush=True))
    # Threads started from now on inherit the mask, so only the watcher receives SIGTERM.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})

    def watch() -> None:
        signal.sigwait({signal.SIGTERM})
        say(f"SIGTERM: stopping (within {grace:.0f} s); a run keeps its finished batches.")
        if not _state["exiting"]:  # interrupting the interpreter's own shutdown only adds a traceback
            _thread.interrupt_main()
        time.sleep(grace)  # a run that stopped in time has ended the process by now
        say("did not stop in time; exiting now (a run's unfinished batch is redone next time).")
        os._exit(EXIT_CODE)

    threading.Thread(target=watch, name="ingest-sigterm", daemon=True).start()
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
    return EXIT_CODE if code == -signal.SIGTERM else code
