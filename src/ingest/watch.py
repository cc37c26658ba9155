"""Notice files arriving in the inbox, by polling (works on network shares, where events do not)."""

from __future__ import annotations

import time
from pathlib import Path


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
