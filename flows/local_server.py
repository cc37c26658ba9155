"""A Prefect server (API and UI) on 127.0.0.1 for as long as ``ingest serve`` runs.

The server is ``uvicorn prefect.server.api.server:create_app``, as ``prefect server start``
runs it, started through :mod:`flows.server_guard` so that it stops with this process
however this process ends (the guard stops it when its parent is gone; the guard's own
death sends the server SIGTERM). Its state is the database under ``PREFECT_HOME``.

Nothing of Prefect is imported here: the server is started before the client is set up,
so that ``PREFECT_API_URL`` can point at it first.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

HOST = "127.0.0.1"


class ServerStartError(RuntimeError):
    """The local server did not start."""


class ServerUnreachableError(ServerStartError):
    """The Prefect server set up by PREFECT_API_URL or a profile does not answer."""


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on now (the kernel's choice)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as r:
            return r.status == 200
    except (OSError, urllib.error.URLError):
        return False


def answers(api_url: str, timeout: float = 3.0) -> bool:
    """Whether a server answers at ``api_url`` at all (an HTTP error is an answer: Prefect Cloud
    asks for a key), as opposed to nobody listening."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, urllib.error.URLError, ValueError):
        return False


def configured_api_url(environ: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """The Prefect API a client is set up to use, and where that was set: ``PREFECT_API_URL``,
    else the active Prefect profile's (``PREFECT_PROFILE`` or the file's ``active``, in
    ``PREFECT_PROFILES_PATH`` or ``$PREFECT_HOME/profiles.toml``). None: no server is set up."""
    url = environ.get("PREFECT_API_URL", "").strip()
    if url:
        return url, "PREFECT_API_URL"
    home = Path(environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    path = Path(environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    active = environ.get("PREFECT_PROFILE") or profiles.get("active")
    settings = (profiles.get("profiles") or {}).get(active) if isinstance(active, str) else None
    url = settings.get("PREFECT_API_URL") if isinstance(settings, dict) else None
    if isinstance(url, str) and url.strip():
        return url.strip(), f"Prefect profile {active!r} in {path}"
    return None


def unreachable(url: str, source: str) -> ServerUnreachableError:
    return ServerUnreachableError(
        f"the Prefect server at {url} (from {source}) does not answer; start it, or unset "
        "PREFECT_API_URL (or switch Prefect profile) to run without it."
    )


def run_server(data: Path, say: Callable[[str], None] = print) -> str | None:
    """The Prefect API an ``ingest run`` over ``data`` reports to: the one set up (which must
    answer), else that of the ``ingest serve`` running for ``data`` (so the run shows in its
    UI), else None: Prefect's ephemeral mode. Sets ``PREFECT_API_URL`` to it."""
    from ingest.serving import served_api_url

    got = configured_api_url()
    if got is not None:
        if not answers(got[0]):
            raise unreachable(*got)
        return got[0]
    served = served_api_url(data)
    if served is None or not answers(served):
        return None
    os.environ["PREFECT_API_URL"] = served
    say(f"using the Prefect server of the ingest serve for {data}: {served.removesuffix('/api')}")
    return served


@contextlib.contextmanager
def prefect_server(say: Callable[[str], None] = print) -> Iterator[tuple[str, str | None]]:
    """The Prefect server ``ingest serve`` uses, as (API URL, UI address or None): the one set
    up (:func:`configured_api_url`), which must answer; else a :class:`LocalServer` started now
    and stopped on exit. ``PREFECT_API_URL`` points at it for this process and its children."""
    got = configured_api_url()
    if got is not None:
        url, source = got
        if not answers(url):
            raise unreachable(url, source)
        say(f"using the Prefect server at {url} (from {source})")
        os.environ["PREFECT_API_URL"] = url
        yield url, None
        return
    home = Path(os.environ["PREFECT_HOME"]).expanduser()
    server = LocalServer(log=home / "ingest-serve-server.log")
    say(f"starting a local Prefect server (state in {home}) ...")
    try:
        ui = server.start()  # stops the server itself when it fails
    except BaseException:  # Ctrl-C or SIGTERM while it starts
        server.stop()
        raise
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server.api_url, ui
    finally:
        server.stop()
        say("local Prefect server stopped")


def _prefect_dir() -> Path:
    spec = importlib.util.find_spec("prefect")  # the package's folder, without importing it
    if spec is None or spec.origin is None:
        raise ServerStartError("Prefect is not installed in this environment; run `make setup`.")
    return Path(spec.origin).parent


class LocalServer:
    """Start with :meth:`start` (returns once ``/api/health`` answers), end with :meth:`stop`."""

    def __init__(self, port: int | None = None, host: str = HOST, log: Path | None = None) -> None:
        self.host, self.port, self.log = host, port or free_port(host), log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def command(self) -> list[str]:
        uvicorn = [sys.executable, "-m", "uvicorn", "--app-dir", str(_prefect_dir().parent)]
        uvicorn += ["--factory", "prefect.server.api.server:create_app"]
        uvicorn += ["--host", self.host, "--port", str(self.port), "--log-level", "warning"]
        return [sys.executable, "-m", "flows.server_guard", str(os.getpid()), "--", *uvicorn]

    def start(self, timeout: float = 120.0) -> str:
        env = {
            **os.environ,
            "PREFECT__SERVER_FINAL": "1",
            "PREFECT_SERVER_UI_ENABLED": "true",
            "PREFECT_UI_API_URL": self.api_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
        env.pop("PREFECT_API_URL", None)  # the server is not a client of another server
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115  (closed in stop)
        self._out = out
        self.process = subprocess.Popen(
            self.command(), env=env, stdout=out, stderr=subprocess.STDOUT, cwd=str(Path(__file__).parents[1])
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                self.stop()
                where = f"; see {self.log}" if self.log else ""
                raise ServerStartError(f"the local Prefect server exited at start (code {code}){where}")
            if healthy(self.api_url):
                return self.url
            time.sleep(0.25)
        self.stop()
        raise ServerStartError(f"the local Prefect server did not answer within {timeout:.0f} s")

    def stop(self, wait: float = 6.0) -> None:
        p, self.process = self.process, None
        if p is not None and p.poll() is None:
            p.terminate()  # the guard passes it on and waits for the server
            try:
                p.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        out = getattr(self, "_out", None)
        if out not in (None, subprocess.DEVNULL):
            out.close()
            self._out = None
