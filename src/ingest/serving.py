"""What ``ingest serve`` decides without Prefect: the deployment's name and when a file triggers a run."""

from __future__ import annotations

import hashlib
import re
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
