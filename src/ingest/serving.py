"""What ``ingest serve`` decides without Prefect: the deployment's name, when a file triggers a
run, and its claim on the data folder (one service per folder, and where its server is)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

# Flow run states in which a run has not yet read the inbox: a change that settles then is
# seen by that run, so it needs no run of its own (a burst of files becomes one run).
NOT_STARTED = frozenset({"SCHEDULED", "PENDING"})


def deployment_name(data: Path) -> str:
    """``ingest-<folder name>-<8 hex of its absolute path>``: one deployment per data folder, so
    two serves for two folders never replace each other's schedule, and the same folder served
    again keeps its deployment (and its run history)."""
    path = Path(data).expanduser().resolve()
    slug = re.sub(r"[^a-z0-9-]+", "-", path.name.casefold()).strip("-") or "root"
    return f"ingest-{slug[:40]}-{hashlib.sha256(str(path).encode()).hexdigest()[:8]}"


def needs_run(last_triggered_state: str | None) -> bool:
    """Whether a settled inbox change needs a new run, given the state type of the run the
    watcher triggered last (None: no run yet). A run not started yet will read the inbox
    anyway; a running or finished one may have read it before the change."""
    return last_triggered_state not in NOT_STARTED


# -- the running service of a data folder ------------------------------------------------------

SERVE_FILE = ".serve"  # in the data folder: locked while `ingest serve` runs, holds its server's URLs


class ServeRunningError(RuntimeError):
    """An ``ingest serve`` already runs for this data folder."""


class Presence:
    """``ingest serve``'s claim on a data folder, held while it runs (see :func:`claim`)."""

    def __init__(self, path: Path, fh) -> None:
        self.path, self._fh = path, fh

    def publish(self, api_url: str, ui_url: str | None = None) -> None:
        """Say where the service's Prefect server is, for ``ingest run`` to find."""
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(json.dumps({"pid": os.getpid(), "api_url": api_url, "ui_url": ui_url}))
        self._fh.flush()


@contextlib.contextmanager
def claim(data: Path) -> Iterator[Presence]:
    """Hold ``<data>/.serve`` (an advisory lock the kernel drops with the process, even on
    ``kill -9``) for as long as the service runs; ServeRunningError if another service holds it."""
    data = Path(data)
    data.mkdir(parents=True, exist_ok=True)
    path = data / SERVE_FILE
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = _read(path)
            where = (
                f" (pid {other['pid']}, UI {other.get('ui_url') or other.get('api_url')})" if other else ""
            )
            raise ServeRunningError(
                f"ingest serve already runs for {data}{where}; stop it first, or serve another data folder."
            ) from None
        presence = Presence(path, fh)
        try:
            yield presence
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def _read(path: Path) -> dict | None:
    try:
        got = json.loads(path.read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None
    return got if isinstance(got, dict) and got.get("api_url") else None


def served_api_url(data: Path) -> str | None:
    """The API URL of the Prefect server of the ``ingest serve`` running for ``data`` (None
    when none runs: its claim is not held, or it has not published a server yet)."""
    path = Path(data) / SERVE_FILE
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115  (closed below)
    except OSError:
        return None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:  # held: a service runs
            got = _read(path)
            return got["api_url"] if got else None
        fcntl.flock(fh, fcntl.LOCK_UN)
        return None
