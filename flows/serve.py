"""Serve the ingest flow: a deployment per data folder, its schedule, and runs when files arrive.

``ingest serve`` calls :func:`serve_ingest` in one process: a Prefect ``Runner`` registers the
deployment (named by :func:`ingest.serving.deployment_name`) with the cron or interval
schedule and executes its runs, one at a time (``limit=1``; the data lock is the second
guard); a watcher looks at the inbox and, once a change has settled, asks the API for a run
of the deployment (``trigger="file"``), unless a run it asked for has not started yet.

The API is ``PREFECT_API_URL``: the CLI starts a local server first when it is not set
(:mod:`flows.local_server`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from flows.ingest import ingest_flow
from ingest.config import PipelineConfig
from ingest.serving import deployment_name, needs_run
from ingest.watch import InboxWatcher

RUNNER_POLL_SECONDS = (
    1.0  # how often the runner asks the API for runs due: a triggered run starts within this
)


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


def _events_available() -> bool:
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return False
    return True


async def _wake_on_events(inbox: Path, woken: asyncio.Event, stop: asyncio.Event) -> None:
    import watchfiles

    async for _changes in watchfiles.awatch(inbox, stop_event=stop, recursive=True):
        woken.set()


async def _watch(
    cfg: PipelineConfig,
    deployment_id,
    settle: float,
    poll_interval: float,
    use_events: bool,
    stop: asyncio.Event,
    say: Callable[[str], None],
) -> None:
    from prefect.client.orchestration import get_client

    watcher = InboxWatcher(cfg.inbox)
    woken = asyncio.Event()
    events = asyncio.create_task(_wake_on_events(cfg.inbox, woken, stop)) if use_events else None
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
                        say(f"inbox changed: flow run {run.name} ({run.id}) asked for")
                    else:
                        say("inbox changed: the run asked for last has not started yet and will take it")
                # with events, look again at once when something happens, and while a change settles
                wait = poll_interval if not events else (min(poll_interval, 0.5) if watcher.settling else 30)
                woken.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(_first(woken, stop), timeout=wait)
    finally:
        if events is not None:
            events.cancel()


async def _first(*events: asyncio.Event) -> None:
    waits = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()


async def serve_async(
    cfg: PipelineConfig,
    cron: str | None = None,
    interval: int = 900,
    watch: bool = True,
    settle: float = 2.0,
    poll_interval: float = 1.0,
    poll: bool = False,
    say: Callable[[str], None] = print,
) -> None:
    from prefect.runner import Runner

    name = deployment_name(cfg.data)
    schedule = {"cron": cron} if cron else {"interval": interval}
    runner = Runner(name=name, query_seconds=RUNNER_POLL_SECONDS, limit=1)
    deployment_id = await runner.aadd_flow(
        ingest_flow, name=name, parameters=deployment_parameters(cfg), **schedule
    )
    when = f"cron {cron!r}" if cron else f"every {interval:g} s"
    say(f"deployment ingest/{name}: {cfg.inbox} -> {cfg.data}, {when}")

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    runner_task = asyncio.create_task(runner.start())
    await asyncio.sleep(0)  # the runner installs its own SIGTERM handler as it starts: ours replace it
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

    tasks = [runner_task]
    if watch:
        settle = max(settle, cfg.settle_seconds)  # intake leaves younger files for the next run
        use_events = not poll and _events_available()
        how = "on file events" if use_events else f"every {poll_interval:g} s"
        say(f"watching {cfg.inbox} {how}; a change that stays still {settle:g} s starts a run")
        tasks.append(
            asyncio.create_task(_watch(cfg, deployment_id, settle, poll_interval, use_events, stop, say))
        )
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    try:
        if runner.started:
            await asyncio.wait_for(runner.astop(), timeout=6)
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for t in done:  # a task that ended by itself (not by the stop) ended with an error: raise it
        if t is not stopper and not t.cancelled() and t.exception() is not None:
            raise t.exception()


def serve_ingest(cfg: PipelineConfig, cron: str | None = None, interval: int = 900, **kwargs) -> None:
    asyncio.run(serve_async(cfg, cron=cron, interval=interval, **kwargs))


if __name__ == "__main__":
    from ingest.config import load_config

    serve_ingest(load_config())
