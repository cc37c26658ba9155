"""The ``ingest`` console script: SIGTERM handling first, then the command line.

SIGTERM must be blocked before any other thread exists (pyarrow, spaCy and Prefect start
native threads when imported), so the watcher of :mod:`ingest.stopping` is installed here,
before :mod:`ingest.cli` and what it imports are loaded. ``run``, ``watch`` and ``serve``
run as a child of :func:`ingest.stopping.supervise`, which ends them if a SIGTERM does not.
"""

from __future__ import annotations

import os
import sys

SUPERVISED = ("run", "watch", "serve")  # commands that run for long: stopped from outside if stuck
_CHILD = "INGEST_SUPERVISED"


def main() -> None:
    from .stopping import exiting, stop_on_sigterm, supervise

    command = next((a for a in sys.argv[1:] if not a.startswith("-")), None)
    if command in SUPERVISED and not os.environ.get(_CHILD):
        env = {**os.environ, _CHILD: "1"}
        sys.exit(supervise([sys.executable, "-m", "ingest.entry", *sys.argv[1:]], env=env))

    stop_on_sigterm()
    from .cli import app

    try:
        app(prog_name="ingest")
    finally:
        exiting()


if __name__ == "__main__":
    main()
