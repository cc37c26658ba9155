"""Dask clusters for ``ingest run --workers`` and ``--dask-address``: no Prefect here.

A local cluster is N worker processes of one thread each (the NLP holds the GIL, so
threads would not run two batches at once). On an existing cluster, every worker must see
what a batch reads: the data folder (bronze) and the alias files at the same paths as the
run's process, the same ``ingest`` version, and the Prefect API the run reports to.
:func:`cluster_problem` asks every worker before a run starts and says, in one line, what is
wrong where: a run never starts on a cluster that would fail each batch.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from . import __version__

CONNECT_SECONDS = 10.0
PROBE_PREFIX = ".ingest-probe-"


def local_cluster_kwargs(workers: int) -> dict:
    """``distributed.LocalCluster`` settings: ``workers`` processes of one thread, the
    scheduler's HTTP port any free one (two runs at once do not contend for 8787), quiet logs."""
    return dict(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.WARNING,
    )


def quiet_logs() -> None:
    """Dask's INFO lines (a worker started, a connection closed) are not the run's news."""
    for name in ("distributed", "distributed.http.proxy"):
        logging.getLogger(name).setLevel(logging.WARNING)


def worker_report(data: str, probe: str, token: str, alias_files: Sequence[str], api_url: str | None) -> dict:
    """Run on a worker: what it lacks of what a batch needs (an empty ``problems`` when nothing)."""
    problems = []
    share = "mount the same folder at the same path on every worker"
    try:
        seen = (Path(data) / probe).read_text(encoding="utf-8")
    except OSError as e:
        problems.append(
            f"does not see the data folder {data}: a file the run just wrote there is not there for it "
            f"({type(e).__name__}); {share}"
        )
    else:
        if seen != token:
            problems.append(
                f"sees another folder at {data} (a file the run just wrote differs there); {share}"
            )
    for p in alias_files:
        if not os.access(p, os.R_OK):
            problems.append(f"cannot read alias file {p}")
    if api_url:
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=5) as r:
                if r.status != 200:
                    problems.append(f"gets HTTP {r.status} from the Prefect API {api_url}")
        except (OSError, urllib.error.URLError) as e:
            problems.append(f"cannot reach the Prefect API {api_url} ({e})")
    return dict(host=socket.gethostname(), version=__version__, problems=problems)


def check_workers(client, data: Path, alias_files: Sequence[Path], api_url: str | None) -> str | None:
    """Ask every worker of ``client``'s cluster what it lacks; one line on the first that lacks
    anything (None when all will do)."""
    workers = client.nthreads()
    if not workers:
        return (
            f"the Dask cluster at {client.scheduler.address} has no workers; start some with `dask worker`."
        )
    data = Path(data).resolve()
    made = not data.exists()
    data.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    probe = data / f"{PROBE_PREFIX}{token[:12]}"
    probe.write_text(token, encoding="utf-8")
    try:
        args = (str(data), probe.name, token, [str(Path(p).resolve()) for p in alias_files], api_url)
        try:
            reports = client.run(worker_report, *args)
        except Exception as e:  # e.g. the worker cannot unpickle a function of ingest
            return (
                f"a Dask worker cannot import the ingest package ({e}); install this project on every worker."
            )
    finally:
        probe.unlink(missing_ok=True)
        if made:  # a check leaves no trace; the run makes the folder
            data.rmdir()
    for address, r in sorted(reports.items()):
        if r["version"] != __version__:
            return (
                f"Dask worker {address} ({r['host']}) runs ingest {r['version']}, this run {__version__}; "
                "install the same version on every worker."
            )
        if r["problems"]:
            return f"Dask worker {address} ({r['host']}) {'; '.join(r['problems'])}."
    return None


def cluster_problem(
    address: str,
    data: Path,
    alias_files: Sequence[Path] = (),
    api_url: str | None = None,
    timeout: float | None = None,
) -> str | None:
    """Why a run cannot use the Dask cluster at ``address`` (None when it can): the scheduler
    answers within ``timeout``, has workers, and each sees the data folder, the alias files and
    the Prefect API ``api_url``, with this version of ingest."""
    import distributed

    quiet_logs()
    timeout = CONNECT_SECONDS if timeout is None else timeout
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as e:
        return (
            f"no Dask scheduler answers at {address} within {timeout:g} s ({type(e).__name__}); "
            "start one with `dask scheduler` or fix --dask-address."
        )
    with client:
        return check_workers(client, data, alias_files, api_url)
