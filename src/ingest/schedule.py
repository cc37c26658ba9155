"""Checks of a schedule (``ingest serve --cron / --interval``), made before Prefect starts.

A cron string is read by the parser Prefect itself schedules with — the croniter Prefect
vendors — under the rule of Prefect's own validator (no random or hashed fields, ``R``/``H``),
so a string passes here exactly when Prefect would take it. The parser is loaded from
Prefect's installed files, not imported through the ``prefect`` package, which would cost
a second of CPU and start Prefect's own start-up work; nothing of Prefect runs.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

MAX_INTERVAL = 366 * 24 * 3600  # a year and a day: more is surely a typo


@functools.cache
def _croniter():
    """Prefect's vendored ``croniter`` class (None if Prefect's files are not where 3.8 keeps them)."""
    spec = importlib.util.find_spec("prefect")  # finds the package without importing it
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "_vendor" / "croniter" / "croniter.py"
    if not path.is_file():
        return None
    module_spec = importlib.util.spec_from_file_location("_ingest_prefect_croniter", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.croniter


def cron_problem(cron: str) -> str | None:
    """Why Prefect would refuse ``cron``, in one line (None when it is a schedule Prefect takes)."""
    example = "five fields: minute hour day-of-month month day-of-week, e.g. '*/15 * * * *'"
    if not cron.strip():
        return f"--cron is empty; give {example}."
    croniter = _croniter()
    if croniter is None:  # another Prefect layout: Prefect checks it when the deployment is made
        return None
    if not croniter.is_valid(cron):
        return f"--cron {cron!r} is not a cron schedule; give {example}."
    if any(part.casefold() in ("r", "h") for part in cron.split()):
        return f"--cron {cron!r}: random and hashed fields (R, H) are not supported; give {example}."
    return None


def interval_problem(seconds: float, flag: str = "--interval") -> str | None:
    """Why ``seconds`` is not an interval between runs (None when it is)."""
    if not seconds > 0:
        return f"{flag} {seconds:g} must be more than 0 seconds, e.g. {flag} 900."
    if seconds > MAX_INTERVAL:
        return f"{flag} {seconds:g} is more than a year ({MAX_INTERVAL:,} s); give seconds, e.g. {flag} 900."
    return None


MAX_SETTLE = 3600.0  # as settle_seconds: a file still changing after an hour is not settling


def settle_problem(seconds: float, flag: str = "--settle") -> str | None:
    """Why ``seconds`` is not a time for a change to stay still before a run (None when it is)."""
    if not 0 <= seconds <= MAX_SETTLE:
        return f"{flag} {seconds:g} must be from 0 to {MAX_SETTLE:g} seconds, e.g. {flag} 2."
    return None
