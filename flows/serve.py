"""Serve the ingest flow on a schedule.

``ingest serve`` (or ``python -m flows.serve``) registers a deployment named ``inbox``
and runs it on a cron or interval schedule until stopped. A schedule needs a
long-lived Prefect API: start one with ``prefect server start`` and point
``PREFECT_API_URL`` at it. For runs when files arrive, use ``ingest watch``.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from flows.ingest import ingest_flow
from ingest.config import PipelineConfig


def deployment_parameters(cfg: PipelineConfig) -> dict:
    """The flow's parameters as JSON the Prefect API validates: paths absolute (a scheduled
    run may start in another folder), other settings with their own types."""

    def plain(value):
        if isinstance(value, Path):
            return str(value.resolve())
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        return value

    return {"cfg": {k: plain(v) for k, v in asdict(cfg).items()}}


def serve_ingest(cfg: PipelineConfig, cron: str | None = None, interval: int = 900) -> None:
    schedule = {"cron": cron} if cron else {"interval": interval}
    ingest_flow.serve(name="inbox", parameters=deployment_parameters(cfg), **schedule)


if __name__ == "__main__":
    from ingest.config import load_config

    serve_ingest(load_config())
