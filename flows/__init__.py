"""Prefect flows: thin orchestration over ``ingest`` (all logic lives in src/ingest).

Prefect runs in ephemeral mode (no server to start). Its state stays under the
project (``.prefect/`` in the working folder) unless PREFECT_HOME is set. These
defaults must be in place before Prefect is imported, so they are set here.
"""

import contextlib
import os
from pathlib import Path

os.environ.setdefault("PREFECT_HOME", str(Path.cwd() / ".prefect"))
# A new state database takes the ephemeral server 16-19 s to start here; the default 20 s is too tight.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
# Offline, the server's telemetry call fails and logs an error on every start.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# ...and the client's telemetry, with its first-run notice, is off only with DO_NOT_TRACK.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
# Prefect makes PREFECT_HOME without its parents; a home under a folder that does not exist
# yet left the ephemeral server without a database, failing after the whole startup timeout.
with contextlib.suppress(OSError):  # Prefect reports a folder it cannot use
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
