"""Serve the ingest flow: a deployment per data folder, its schedule, and runs when files arrive.

``ingest serve`` calls :func:`serve_ingest` in one process: it registers the deployment
(named by :func:`ingest.serving.deployment_name`) with the cron or interval schedule and
runs its due flow runs itself, one at a time and in this process (as Prefect's ``Runner``
finds them, but without starting a new interpreter per run: spaCy, jieba and the knowledge
base are loaded once, at start, which takes a run's start from ~8 s to well under one). A
watcher looks at the inbox when file events say something changed (polling on network
shares, :mod:`ingest.watch`) and, once a change has settled, asks the API for a run of the
deployment (``trigger="file"``), unless a run it asked for has not started yet; the data lock
(``storage.exclusive``) is the second guard against overlapping runs.

A run cancelled in the UI (its state Cancelling) is asked to stop before its next step, and
ends Cancelled with its finished batches kept. At start, runs of the deployment that a killed
service left Running or Pending are marked Crashed: the CLI holds the data folder's claim
(``serving.claim``), so no other service can be running them.

The API is ``PREFECT_API_URL``: the CLI starts a local server first when none is set up
(:mod:`flows.local_server`).

With ``workers = N`` the service starts one local Dask cluster for its whole life and every
run submits its batches there, so the workers load spaCy, jieba and the knowledge base once
for the service, not once per run; with ``dask_address`` runs go to that cluster.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from flows.ingest import flow_for, ingest_flow
from ingest import pipeline
from ingest.config import PipelineConfig
from ingest.serving import deployment_name, needs_run
from ingest.watch import EventWaker, InboxWatcher, how_watched, inbox_waker, next_look

RUNNER_POLL_SECONDS = (
    1.0  # how often the runner asks the API for runs due: a triggered run starts within this
)
CANCEL_POLL_SECONDS = 1.0  # how often a running run's state is read, to see a cancel from the UI


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


async def _watch(
    cfg: PipelineConfig,
    deployment_id,
    settle: float,
    poll_interval: float,
    waker: EventWaker,
    stop: asyncio.Event,
    kick: asyncio.Event,
    say: Callable[[str], None],
) -> None:
    from prefect.client.orchestration import get_client

    watcher = InboxWatcher(cfg.inbox)
    closer = asyncio.create_task(_close_on(stop, waker))
    last = None
    try:
        async with get_client() as client:
            while not stop.is_set():
                if await asyncio.to_thread(watcher.changed, settle):
                    state = None
                    if last is not None:
                        state = (await client.read_flow_run(last)).state_type
                        state = state.value if state is not None else None
                    if needs_run(state):
                        run = await client.create_flow_run_from_deployment(
                            deployment_id, parameters={"trigger": "file"}
                        )
                        last = run.id
                        kick.set()
                        say(f"inbox changed: flow run {run.name} ({run.id}) asked for")
                    else:
                        say("inbox changed: the run asked for last has not started yet and will take it")
                await asyncio.to_thread(waker.wait, next_look(watcher, waker, poll_interval))
    finally:
        closer.cancel()
        waker.close()


async def _close_on(stop: asyncio.Event, waker: EventWaker) -> None:
    await stop.wait()
    waker.close()  # a wait for the next event ends at once


async def _first(*events: asyncio.Event) -> None:
    waits = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()


def _in_thread(fn, *args) -> asyncio.Future:
    """``fn(*args)`` in a daemon thread: a run still going when the service stops does not hold
    the process up at exit (its unfinished batch is redone by the next run)."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle(outcome: BaseException | object, failed: bool) -> None:
        if not future.done():
            future.set_exception(outcome) if failed else future.set_result(outcome)

    def target() -> None:
        try:
            result = fn(*args)
        except BaseException as e:  # handed to the awaiting task
            with contextlib.suppress(RuntimeError):  # the loop closed: the service is stopping
                loop.call_soon_threadsafe(settle, e, True)
        else:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(settle, result, False)

    threading.Thread(target=target, name="ingest-flow-run", daemon=True).start()
    return future


def _run_one(flow_run, cancel: threading.Event, cfg: PipelineConfig, dask_address: str | None) -> object:
    from prefect.flow_engine import run_flow

    from flows import ingest as ingest_flows

    ingest_flows.cancel_requested.set(
        cancel.is_set
    )  # this thread's context: the flow checks it between steps
    flow = flow_for(cfg, dask_address)
    return run_flow(flow, flow_run=flow_run, parameters=flow_run.parameters, return_type="state")


async def _state_type(client, flow_run_id) -> str | None:
    state = (await client.read_flow_run(flow_run_id)).state_type
    return state.value if state is not None else None


async def _follow(client, flow_run, run: asyncio.Future, cancel: threading.Event, say) -> object:
    """Wait for the run in its thread; when it is cancelled in the UI (its state Cancelling),
    ask it to stop at its next step. A run that finished before it could stop is set Cancelled
    too (the server takes no other state after Cancelling); its data stays as it was written."""
    while not run.done():
        await asyncio.wait([run], timeout=CANCEL_POLL_SECONDS)
        if not run.done() and not cancel.is_set():
            with contextlib.suppress(Exception):  # the server busy or going: look again next time
                if await _state_type(client, flow_run.id) == "CANCELLING":
                    cancel.set()
                    say(f"flow run {flow_run.name}: cancel asked for; it stops before its next step")
    state = await run
    if cancel.is_set():
        from prefect.states import Cancelled

        with contextlib.suppress(Exception):
            if await _state_type(client, flow_run.id) == "CANCELLING":
                message = "cancelled as it finished: its rows are in gold and on record as completed"
                await client.set_flow_run_state(flow_run.id, Cancelled(message=message), force=True)
    return state


@contextlib.contextmanager
def _service_cluster(cfg: PipelineConfig, say):
    """The Dask scheduler address the service's runs use: a local cluster of ``cfg.workers`` kept
    for the service's life, ``cfg.dask_address``, or None (no Dask)."""
    if not cfg.workers:
        yield cfg.dask_address or None
        return
    import distributed

    from ingest.cluster import local_cluster_kwargs, quiet_logs

    quiet_logs()
    with distributed.LocalCluster(**local_cluster_kwargs(cfg.workers)) as local:
        say(f"local Dask cluster of {cfg.workers} worker(s) at {local.scheduler_address}")
        yield local.scheduler_address


async def _execute(
    deployment_id,
    kick: asyncio.Event,
    stop: asyncio.Event,
    current: dict,
    say,
    cfg: PipelineConfig,
    dask_address: str | None = None,
) -> None:
    """Run the deployment's due flow runs (scheduled, asked for by the watcher or from the UI)
    one at a time, in this process: the models stay loaded from one run to the next."""
    from datetime import UTC, datetime, timedelta

    from prefect.client.orchestration import get_client

    async with get_client() as client:
        while not stop.is_set():
            soon = datetime.now(UTC) + timedelta(seconds=0.5)
            due = await client.get_scheduled_flow_runs_for_deployments([deployment_id], scheduled_before=soon)
            for flow_run in sorted(due, key=lambda r: r.expected_start_time or soon):
                if stop.is_set():
                    break
                current["id"] = flow_run.id
                cancel = threading.Event()
                run = _in_thread(_run_one, flow_run, cancel, cfg, dask_address)
                state = await _follow(client, flow_run, run, cancel, say)
                current["id"] = None
                say(f"flow run {flow_run.name}: {getattr(state, 'name', state)}")
            kick.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_first(kick, stop), timeout=RUNNER_POLL_SECONDS)


async def close_orphans(deployment_id, say) -> int:
    """Mark Crashed the deployment's runs a killed service left Running or Pending (Cancelled
    those left Cancelling): only the service holding the data folder runs them (see
    ``serving.claim``), and it has just started, so none of them is really going. Returns how many."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterDeploymentId,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.states import Cancelled, Crashed

    left = FlowRunFilter(
        deployment_id=FlowRunFilterDeploymentId(any_=[deployment_id]),
        state=FlowRunFilterState(
            type=FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING, StateType.CANCELLING])
        ),
    )
    async with get_client() as client:
        orphans = await client.read_flow_runs(flow_run_filter=left)
        for r in orphans:
            if r.state_type == StateType.CANCELLING:
                state = Cancelled(message="cancelled: ingest serve stopped before the run could stop itself")
            else:
                state = Crashed(
                    message="ingest serve ended (killed?) while this run was going; the next run redoes "
                    "its unfinished batch"
                )
            await client.set_flow_run_state(r.id, state, force=True)
            say(
                f"flow run {r.name}: left {r.state_type.value.lower()} by a service that ended; now {state.name}"
            )
    return len(orphans)


async def _cancel(flow_run_id, say) -> None:
    from prefect.client.orchestration import get_client
    from prefect.states import Cancelled

    with contextlib.suppress(Exception):  # the server may be going too: it marks the run crashed later
        async with get_client() as client:
            await client.set_flow_run_state(
                flow_run_id, Cancelled(message="ingest serve stopped; the next run redoes it"), force=True
            )
            say(f"flow run {flow_run_id} cancelled")


async def serve_async(
    cfg: PipelineConfig,
    cron: str | None = None,
    interval: int = 900,
    watch: bool = True,
    settle: float = 2.0,
    poll_interval: float = 1.0,
    poll: bool = False,
    say: Callable[[str], None] = print,
    dask_address: str | None = None,
) -> None:
    name = deployment_name(cfg.data)
    schedule = {"cron": cron} if cron else {"interval": interval}
    deployment = await ingest_flow.ato_deployment(
        name=name, parameters=deployment_parameters(cfg), **schedule
    )
    deployment_id = await deployment.aapply()
    when = f"cron {cron!r}" if cron else f"every {interval:g} s"
    say(f"deployment ingest/{name}: {cfg.inbox} -> {cfg.data}, {when}")
    await close_orphans(deployment_id, say)
    t = time.perf_counter()
    try:  # here, not in the first run: a file dropped now is in gold as fast as the next one
        await asyncio.to_thread(pipeline.warm_up, cfg)
        say(f"knowledge base and NER models loaded in {time.perf_counter() - t:.1f} s")
    except Exception as e:  # the first run tries again, and says what is wrong in its own log
        say(f"could not load the knowledge base and models ahead of the first run: {type(e).__name__}: {e}")

    stop, kick = asyncio.Event(), asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = {"n": 0}

    def on_signal(signum: int) -> None:
        signals["n"] += 1
        if signals["n"] > 1:
            say("second signal: exiting now")
            os._exit(128 + signum)
        say(
            f"{signal.Signals(signum).name}: stopping (a run in progress is cancelled; the next run redoes it)"
        )
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)

    current: dict = {"id": None}
    tasks = [asyncio.create_task(_execute(deployment_id, kick, stop, current, say, cfg, dask_address))]
    if watch:
        settle = max(settle, cfg.settle_seconds)  # intake leaves younger files for the next run
        waker = inbox_waker(cfg.inbox, poll, poll_interval, say)
        say(
            f"watching {cfg.inbox} {how_watched(waker, poll_interval)}; a change that stays still {settle:g} s starts a run"
        )
        tasks.append(
            asyncio.create_task(_watch(cfg, deployment_id, settle, poll_interval, waker, stop, kick, say))
        )
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if current["id"] is not None:
        await _cancel(current["id"], say)
    # send the logs and events still queued while the server is up: at exit, Prefect's workers
    # would retry against a stopped server for a minute and more
    from prefect._internal.concurrency.services import QueueService

    with contextlib.suppress(Exception):
        await QueueService.drain_all(timeout=3)
    for t in done:  # a task that ended by itself (not by the stop) ended with an error: raise it
        if t is not stopper and not t.cancelled() and t.exception() is not None:
            raise t.exception()


def serve_ingest(cfg: PipelineConfig, cron: str | None = None, interval: int = 900, **kwargs) -> None:
    with _service_cluster(cfg, kwargs.get("say", print)) as dask_address:
        asyncio.run(serve_async(cfg, cron=cron, interval=interval, dask_address=dask_address, **kwargs))


if __name__ == "__main__":
    from ingest.config import load_config

    serve_ingest(load_config())
