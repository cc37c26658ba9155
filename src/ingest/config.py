"""One frozen configuration for a run, built by the CLI and flows (never read by pure code).

Sources, later winning: defaults → ``ingest.toml`` (or ``--config FILE``) → ``INGEST_*``
environment variables → command-line flags. Example ``ingest.toml``::

    inbox = "examples/inbox"
    data = "data"
    batch_size = 200
    n_process = 1
    alias_files = ["my_aliases.csv"]
    max_bytes = 20000000
    use_file_time = false
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class PipelineConfig:
    """Everything a run needs.

    inbox: folder of articles to ingest (only read, never changed).
    data: root of the bronze/silver/gold Parquet folders.
    batch_size: documents per batch; each stage runs one task per batch.
    n_process: spaCy ``nlp.pipe`` processes for English NER.
    alias_files: users' own alias files (CSV or YAML) added to the names knowledge base.
    max_bytes: larger inbox files are rejected as too_large.
    use_file_time: take the publication date from the file's mtime when nothing else gives it.
    settle_seconds: a file modified more recently than this is left for the next run (it may
        still be being written).
    """

    inbox: Path = Path("examples/inbox")
    data: Path = Path("data")
    batch_size: int = 200
    n_process: int = 1
    alias_files: tuple[Path, ...] = field(default_factory=tuple)
    max_bytes: int = 20_000_000
    use_file_time: bool = False
    settle_seconds: float = 2.0


_PATHS = {"inbox", "data"}


def _coerce(name: str, value: Any) -> Any:
    kinds = {f.name: f.type for f in fields(PipelineConfig)}
    if name not in kinds:
        raise ConfigError(f"unknown setting {name!r}; known: {sorted(kinds)}")
    try:
        if name in _PATHS:
            return Path(value)
        if name == "alias_files":
            items = value.split(os.pathsep) if isinstance(value, str) else value
            return tuple(Path(v) for v in items if str(v))
        if name in {"batch_size", "n_process", "max_bytes"}:
            v = int(value)
            if v < 1:
                raise ValueError
            return v
        if name == "settle_seconds":
            v = float(value)
            if not 0 <= v <= 3600:
                raise ValueError
            return v
        if name == "use_file_time":
            return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes", "on"}
    except (TypeError, ValueError) as e:
        raise ConfigError(f"setting {name!r} has a bad value {value!r}") from e
    return value


def load_config(
    toml_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> PipelineConfig:
    """Defaults, then the TOML file, then ``INGEST_<NAME>`` variables, then overrides (None skipped)."""
    cfg = PipelineConfig()
    values: dict[str, Any] = {}
    path = toml_path or (Path("ingest.toml") if Path("ingest.toml").exists() else None)
    if path is not None:
        try:
            values.update(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read config file {path}: {e}") from e
    for f in fields(PipelineConfig):
        key = f"INGEST_{f.name.upper()}"
        if env and key in env:
            values[f.name] = env[key]
    for k, v in (overrides or {}).items():
        if v is not None:
            values[k] = v
    return replace(cfg, **{k: _coerce(k, v) for k, v in values.items()})


def folder_problem(inbox: Path, data: Path) -> str | None:
    """What makes a run over these folders impossible, in one line (None when they will do).

    The inbox must be a readable folder; the data folder a writable folder, or creatable.
    """
    if not inbox.is_dir():
        return f"inbox {inbox} is not a folder; pass --inbox DIR (or set inbox in ingest.toml)."
    if not os.access(inbox, os.R_OK | os.X_OK):
        return f"inbox {inbox} cannot be read by this user; fix its permissions."
    existing = data
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        return f"data folder {data}: {existing} is a file, not a folder; pass --data DIR."
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "data folder" if existing == data else f"data folder {data}: its parent"
        return f"{what} {existing} is not writable by this user; fix its permissions or pass --data DIR."
    if data.exists() and data.resolve() == inbox.resolve():
        return f"data folder {data} is the inbox; keep them apart (the inbox is only read)."
    return None
