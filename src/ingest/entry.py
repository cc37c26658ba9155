"""The ``ingest`` console script: SIGTERM handling first, then the command line.

The SIGTERM handler of :mod:`ingest.stopping` is installed here, for every command.
``run``, ``watch`` and ``serve`` run as a child of :func:`ingest.stopping.supervise`, which
ends them if a SIGTERM does not (a run stuck in one long C call runs no Python handler).
"""

from __future__ import annotations

import os
import sys

SUPERVISED = ("run", "watch", "serve")  # commands that run for long: stopped from outside if stuck
_CHILD = "INGEST_SUPERVISED"


def main() -> None:
    # Prefect 3.8's client sends telemetry, and prints a notice on a first interactive run,
    # unless DO_NOT_TRACK is set (PREFECT_SERVER_ANALYTICS_ENABLED only quiets the server).
    # Set before anything imports Prefect, and inherited by the supervised child.
    os.environ.setdefault("DO_NOT_TRACK", "1")
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
