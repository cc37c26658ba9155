"""Gold's saved state: the resolver as the last gold run left it, and what it was built from.

``<data>/gold/_state/resolver.pickle`` holds a :class:`GoldState`: the documents resolved (in
order), the resolver (:class:`ingest.names.Resolver`), the fingerprint of the KB and alias
files, the resolver's settings and version, and the version folder each gold table was at
when the state was saved. :func:`usable` says why a state cannot be continued from — then
gold is rebuilt from silver. A state is written after the gold tables it describes (temp file,
fsync, rename), so a run killed in between leaves a state whose table versions no longer
match, and the next run rebuilds.

The file is a pickle: whoever can write the data folder can run code as the product. Keep
the data folder as private as the code that writes it (it holds nothing secret, but it is
trusted).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import storage
from .names import ResolveConfig, Resolver
from .names.resolver import RESOLVER_VERSION
from .schemas import Table

FORMAT = 1


@dataclass
class GoldState:
    format: int
    resolver_version: int
    kb: str
    config: ResolveConfig
    docs: list[str]
    tables: dict[str, str]
    resolver: Resolver


def state_path(data_dir: Path) -> Path:
    return Path(data_dir) / "gold" / "_state" / "resolver.pickle"


def table_versions(data_dir: Path, tables: Sequence[Table]) -> dict[str, str]:
    out = {}
    for t in tables:
        folder = storage.current_folder(data_dir, t)
        out[t.path] = folder.name if folder is not None else ""
    return out


def load(data_dir: Path) -> tuple[GoldState | None, str]:
    """The saved state, or None and why not."""
    path = state_path(data_dir)
    if not path.exists():
        return None, "no saved resolver state (a first run, or a folder from before it was kept)"
    try:
        with path.open("rb") as fh:
            state = pickle.load(fh)
    except Exception as exc:  # a truncated or foreign file: start over from silver
        return None, f"the saved resolver state is unreadable ({type(exc).__name__})"
    if not isinstance(state, GoldState) or state.format != FORMAT:
        return None, "the saved resolver state has another format"
    return state, ""


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


def save(data_dir: Path, state: GoldState) -> None:
    path = state_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f".{path.name}.*.tmp"):  # a killed save's (runs hold the data lock)
        old.unlink(missing_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def discard(data_dir: Path) -> None:
    state_path(data_dir).unlink(missing_ok=True)
