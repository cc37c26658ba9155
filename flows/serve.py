"""Serve the ingest flow on a schedule.

``ingest serve`` (or ``python -m flows.serve``) registers a deployment named ``inbox``
and runs it on a cron or interval schedule until stopped. A schedule needs a
long-lived Prefect API: start one with ``prefect server start`` and point
``PREFECT_API_URL`` at it. For runs when files arrive, use ``ingest watch``.
"""

from __future__ import annotations

from dataclasses import asdict

from flows.ingest import ingest_flow
from ingest.config import PipelineConfig


def serve_ingest(cfg: PipelineConfig, cron: str | None = None, interval: int = 900) -> None:
    params = {
        "cfg": {
            k: (str(v) if not isinstance(v, tuple) else [str(x) for x in v]) for k, v in asdict(cfg).items()
        }
    }
    schedule = {"cron": cron} if cron else {"interval": interval}
    ingest_flow.serve(name="inbox", parameters=params, **schedule)


if __name__ == "__main__":
    from ingest.config import load_config

    serve_ingest(load_config())
