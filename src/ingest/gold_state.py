"""Gold's saved state: the resolver as the last gold run left it, and what it was built from.

``<data>/gold/_state/resolver.pickle`` holds a :class:`GoldState` (a snapshot): the documents
resolved (in order), the resolver (:class:`ingest.names.Resolver`), the fingerprint of the KB
and alias files, the resolver's settings and version, and the version folder each gold table
was at. Pickling the whole resolver grows with the lake, so most runs write only
``journal.json`` beside it: the documents resolved since the snapshot, in order, and the
table versions after the run. A process that loads the state resolves the journal's documents
again on top of the snapshot (resolution takes documents one at a time in ingestion order, so
this gives the resolver the runs left); a new snapshot is written once the journal holds more
than ``JOURNAL_SHARE`` of the snapshot's documents, so each document is pickled a bounded
number of times and a cold start replays a bounded share of the lake.

:func:`usable` says why a state cannot be continued from — then gold is rebuilt from silver.
Both files are written after the gold tables they describe (temp file, fsync, rename), so a
run killed in between leaves table versions that no longer match, and the next run rebuilds.
A journal that names another snapshot (a run killed between writing the two) is ignored.

The snapshot is a pickle: whoever can write the data folder can run code as the product. Keep
the data folder as private as the code that writes it (it holds nothing secret, but it is
trusted).
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import storage
from .names import ResolveConfig, Resolver
from .names.resolver import RESOLVER_VERSION
from .schemas import Table

FORMAT = 2
JOURNAL_SHARE = 0.02  # a new snapshot once the journal holds this share of the snapshot's documents
JOURNAL_MIN = 20  # ... and at least this many


@dataclass
class GoldState:
    format: int
    resolver_version: int
    kb: str
    config: ResolveConfig
    docs: list[str]
    tables: dict[str, str]
    resolver: Resolver
    snapshot_id: str = ""  # of the snapshot this state was loaded from or saved as
    snapshot_docs: int = 0  # how many of ``docs`` the snapshot holds; the rest are in the journal
    replay: list[str] = field(default_factory=list)  # journal documents the resolver has yet to take


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a state is unpickled.

    Unpickling allocates hundreds of thousands of objects, and each allocation burst starts a
    collection that walks the whole heap; in a process that holds spaCy and the KB that made
    loading a 1.7 MB state take 0.5-0.9 s instead of 0.04 s. Nothing cyclic is garbage here.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def state_path(data_dir: Path) -> Path:
    return Path(data_dir) / "gold" / "_state" / "resolver.pickle"


def journal_path(data_dir: Path) -> Path:
    return Path(data_dir) / "gold" / "_state" / "journal.json"


def table_versions(data_dir: Path, tables: Sequence[Table]) -> dict[str, str]:
    out = {}
    for t in tables:
        folder = storage.current_folder(data_dir, t)
        out[t.path] = folder.name if folder is not None else ""
    return out


# The state the last gold run of this process saved, per data folder, with the files' stamps.
# ``ingest serve`` runs in one process: its next run continues from the resolver in memory
# instead of loading it again. A state is handed out once (the run changes it), and is kept
# again only by a save, so a run that failed midway leaves nothing half-changed here.
_kept: dict[str, tuple[tuple, GoldState]] = {}


def _stamp(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _stamps(data_dir: Path) -> tuple:
    return tuple(_stamp(p) if p.exists() else None for p in (state_path(data_dir), journal_path(data_dir)))


def _key(data_dir: Path) -> str:
    return str(state_path(data_dir).resolve())


def load(data_dir: Path) -> tuple[GoldState | None, str]:
    """The saved state, or None and why not. Its ``replay`` lists the journal's documents,
    which the caller resolves again before the state is current (none when this process
    saved it)."""
    path = state_path(data_dir)
    held = _kept.pop(_key(data_dir), None)
    if not path.exists():
        return None, "no saved resolver state (a first run, or a folder from before it was kept)"
    if held is not None and held[0] == _stamps(data_dir):
        return held[1], ""
    try:
        with path.open("rb") as fh, _collector_paused():
            state = pickle.load(fh)
    except Exception as exc:  # a truncated or foreign file: start over from silver
        return None, f"the saved resolver state is unreadable ({type(exc).__name__})"
    if not isinstance(state, GoldState) or state.format != FORMAT:
        return None, "the saved resolver state has another format"
    journal = _read_journal(data_dir)
    if journal is not None and journal.get("snapshot") == state.snapshot_id:
        state.replay = list(journal["docs"])
        state.docs = state.docs + state.replay
        state.tables = dict(journal["tables"])
    return state, ""


def _read_journal(data_dir: Path) -> dict | None:
    try:
        journal = json.loads(journal_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none yet, or damaged: the snapshot alone, checked against the tables
    ok = isinstance(journal, dict) and isinstance(journal.get("docs"), list)
    return journal if ok and isinstance(journal.get("tables"), dict) else None


def usable(
    state: GoldState, data_dir: Path, kb_fingerprint: str, config: ResolveConfig, order: Sequence[str], tables
) -> str:
    """'' when gold can continue from ``state`` over ``order``; else why it must be rebuilt."""
    if state.resolver_version != RESOLVER_VERSION:
        return "the resolver changed (a new version of the product)"
    if state.kb != kb_fingerprint:
        return "the KB or an alias file changed"
    if state.config != config:
        return "the resolver's settings changed"
    if changed := [t.path for t in tables if storage.schema_changed(data_dir, t)]:
        return f"the columns of {', '.join(changed)} changed (a new version of the product)"
    if state.tables != table_versions(data_dir, tables):
        return "gold tables changed since the state was saved (a run stopped while writing gold)"
    if list(order[: len(state.docs)]) != state.docs:
        return "a document resolved before left gold or arrived before others (a file edited or deleted)"
    return ""


def save(data_dir: Path, state: GoldState) -> str:
    """Write the state: the journal only, or a new snapshot once the journal is long enough.
    Returns 'journal' or 'snapshot'."""
    folder = state_path(data_dir).parent
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(".*.tmp"):  # a killed save's (runs hold the data lock)
        old.unlink(missing_ok=True)
    since = len(state.docs) - state.snapshot_docs
    kind = "journal"
    if not state.snapshot_id or since > max(JOURNAL_MIN, JOURNAL_SHARE * state.snapshot_docs):
        kind = "snapshot"
        state.snapshot_id, state.snapshot_docs, since = uuid.uuid4().hex, len(state.docs), 0
        state.replay = []
        _write(state_path(data_dir), lambda fh: pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL))
    journal = {
        "snapshot": state.snapshot_id,
        "docs": state.docs[state.snapshot_docs :],
        "tables": state.tables,
    }
    body = json.dumps(journal).encode()
    _write(journal_path(data_dir), lambda fh: fh.write(body))
    _kept[_key(data_dir)] = (_stamps(data_dir), state)
    return kind


def remember(data_dir: Path, state: GoldState) -> None:
    """Keep a state that is current without a save (its journal replayed, nothing new)."""
    _kept[_key(data_dir)] = (_stamps(data_dir), state)


def _write(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def discard(data_dir: Path) -> None:
    _kept.pop(_key(data_dir), None)
    state_path(data_dir).unlink(missing_ok=True)
    journal_path(data_dir).unlink(missing_ok=True)
