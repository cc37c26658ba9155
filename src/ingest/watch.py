"""Notice files arriving in the inbox: file events wake the watcher, a look at the inbox decides.

:class:`InboxWatcher` compares the inbox's (size, mtime) listing with the last one it reported
and says when a change has stayed still for ``settle`` seconds; a burst of files becomes one
change. *When* it looks is up to :class:`EventWaker`: with file events (watchfiles: inotify on
Linux) it looks as soon as something happens; on a network share (NFS, SMB, sshfs…), where a
file written by another machine sends no event here, or when events are not available, it
looks every ``poll_interval`` seconds. :func:`event_problem` says which, and why.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

# File systems whose changes made by other machines raise no local file event.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "davfs",
        "vboxsf",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.s3fs",
        "fuse.rclone",
        "fuse.davfs2",
        "fuse.gcsfuse",
        "fuse.goofys",
    }
)
MOUNTINFO = Path("/proc/self/mountinfo")


def filesystem_type(path: Path, mountinfo: Path = MOUNTINFO) -> str | None:
    """The type of the file system ``path`` is on ("ext4", "nfs4"...), from the mount table
    (None when there is none to read, as off Linux)."""
    try:
        lines = mountinfo.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = os.path.realpath(path)
    best, kind = "", None
    for line in lines:
        left, sep, right = line.partition(" - ")
        fields = left.split()
        if not sep or len(fields) < 5 or not right.split():
            continue
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])  # a space is \040
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, right.split()[0]
    return kind


def event_problem(inbox: Path, mountinfo: Path = MOUNTINFO) -> str | None:
    """Why file events will not tell of new files in ``inbox`` (None when they will)."""
    kind = filesystem_type(inbox, mountinfo)
    if kind in NETWORK_FILESYSTEMS:
        return f"{inbox} is on a network share ({kind}), where files written elsewhere send no event"
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return "watchfiles is not installed"
    return None


class EventWaker:
    """Wakes a waiting watcher when something changes under ``folder``.

    With ``events``, a thread follows the folder's file events (watchfiles) and :meth:`wait`
    returns as soon as one arrives; without, or if events fail (say the system's limit of
    watched folders is reached), :meth:`wait` just sleeps its timeout: polling. :meth:`wake`
    ends a wait at once (a stop).
    """

    def __init__(self, folder: Path, events: bool = True, on_failure=None) -> None:
        self.folder, self.events, self.failure = Path(folder), events, None
        self._woken, self._stop = threading.Event(), threading.Event()
        self._on_failure = on_failure
        if events:
            threading.Thread(target=self._follow, name="ingest-inbox-events", daemon=True).start()

    def _follow(self) -> None:
        import watchfiles

        try:
            for _changes in watchfiles.watch(
                self.folder, stop_event=self._stop, debounce=200, step=50, raise_interrupt=False
            ):
                self._woken.set()
        except Exception as e:  # no events after all: the watcher polls
            self.events, self.failure = False, f"{type(e).__name__}: {e}"
            if self._on_failure is not None and not self._stop.is_set():
                self._on_failure(self.failure)
            self._woken.set()

    def wait(self, timeout: float) -> bool:
        """Wait until an event (True) or ``timeout`` seconds (False)."""
        got = self._woken.wait(timeout)
        self._woken.clear()
        return got

    def wake(self) -> None:
        self._woken.set()

    def close(self) -> None:
        self._stop.set()
        self._woken.set()


def inbox_state(inbox: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every visible file under the inbox, sidecars included."""
    state = {}
    for p in inbox.rglob("*"):
        rel = p.relative_to(inbox)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            st = p.stat()
            state[rel.as_posix()] = (st.st_size, st.st_mtime_ns)
    return state


class InboxWatcher:
    """Says when the inbox changed and has then stayed still for ``settle`` seconds.

    The first call after creation reports a change when the inbox holds any file, so a
    watcher started on a full inbox ingests it at once.
    """

    def __init__(self, inbox: Path, clock=time.monotonic) -> None:
        self.inbox = Path(inbox)
        self._clock = clock
        self._seen: dict[str, tuple[int, int]] = {}
        self._candidate: dict[str, tuple[int, int]] | None = None
        self._since = 0.0

    @property
    def settling(self) -> bool:
        """A change has been seen and is waiting to stay still."""
        return self._candidate is not None

    def changed(self, settle: float = 5.0) -> bool:
        now_state = inbox_state(self.inbox)
        if now_state == self._seen:
            self._candidate = None
            return False
        if now_state != self._candidate:
            self._candidate, self._since = now_state, self._clock()
            if settle > 0:
                return False
        if self._clock() - self._since < settle:
            return False
        self._seen, self._candidate = now_state, None
        return True


def next_look(watcher: InboxWatcher, waker: EventWaker, poll_interval: float, idle: float = 30.0) -> float:
    """How long to wait before the next look at the inbox: while a change settles, soon (it is
    reported once it has stayed still); otherwise, with events, ``idle`` seconds (a look now and
    then in case an event was missed), or ``poll_interval`` when polling."""
    if watcher.settling:
        return min(poll_interval, 0.5)
    return idle if waker.events else poll_interval


def inbox_waker(inbox: Path, poll: bool, poll_interval: float, say=print) -> EventWaker:
    """File events for ``inbox`` unless ``poll`` is asked for or :func:`event_problem` finds a
    reason (then polling, and ``say`` tells why); a failure of events later falls back too."""
    why = "--poll given" if poll else event_problem(inbox)
    if why and not poll:
        say(f"polling the inbox every {poll_interval:g} s: {why}")

    def failed(problem: str) -> None:
        say(f"file events stopped ({problem}); polling the inbox every {poll_interval:g} s")

    return EventWaker(inbox, events=why is None, on_failure=failed)


def how_watched(waker: EventWaker, poll_interval: float) -> str:
    return "on file events" if waker.events else f"every {poll_interval:g} s"
