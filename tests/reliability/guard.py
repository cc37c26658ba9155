"""Run a pipeline under guard: a hang fails with every thread's stack, a runaway read with MemoryError.

- Soft watchdog: SIGALRM after ``seconds`` dumps all stacks and raises :class:`RunHung`
  in the main thread (where Prefect runs a sync flow and its tasks), which also breaks a
  blocking ``open()`` of a FIFO.
- Hard watchdog: ``faulthandler`` dumps the stacks and exits the process ``grace`` seconds
  later, should the soft one not get through (CI never blocks forever).
- Memory cap: ``RLIMIT_DATA`` at what the process holds plus :data:`MEMORY_BUDGET`, so reading ``/dev/zero`` or expanding a YAML
  alias bomb ends in MemoryError instead of exhausting the machine.
- Afterwards every FIFO under ``inbox`` gets its writing end opened once, waking a reader
  still blocked on it in some other thread.
"""

from __future__ import annotations

import contextlib
import faulthandler
import resource
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from hostile import release_fifos

MEMORY_BUDGET = 4 * 2**30  # heap a run may add to what the process holds; the hostile inbox needs < 2 GiB


def _data_bytes() -> int:
    """The process's data segment now (VmData), which RLIMIT_DATA limits."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


class RunHung(AssertionError):
    """A pipeline run went past its watchdog."""


@contextlib.contextmanager
def guarded(label: str, seconds: int, inbox: Path | None = None, grace: int = 120) -> Iterator[dict]:
    """Run the body under the watchdogs and the memory cap; yields a dict that gets ``seconds``."""
    timing: dict = {}

    def on_alarm(signum, frame):
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        raise RunHung(f"{label} still running after {seconds} s (stacks above)")

    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    cap = _data_bytes() + MEMORY_BUDGET
    cap = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    faulthandler.dump_traceback_later(seconds + grace, exit=True)
    signal.alarm(seconds)
    started = time.perf_counter()
    try:
        yield timing
    finally:
        timing["seconds"] = time.perf_counter() - started
        signal.alarm(0)
        faulthandler.cancel_dump_traceback_later()
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
        signal.signal(signal.SIGALRM, old_handler)
        if inbox is not None:
            release_fifos(inbox)
