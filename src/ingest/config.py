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
    settle_seconds = 2.0
    workers = 2                       # batches in parallel on a local Dask cluster of 2 processes
    # dask_address = "tcp://10.0.0.5:8786"   # ...or on an existing Dask cluster

Every value is checked for its type and range as it is read, and refused with one line that
names the setting, where it came from and what would do: ``batch_size = 2.7`` is not
truncated to 2, ``use_file_time = "maybe"`` is not False, an empty ``INGEST_DATA`` is not the
current folder. An unknown key in the file is refused; an unknown ``INGEST_*`` variable (a
misspelt ``INGEST_BATCHSIZE``) is reported as a warning. Only the standard library is used, so
a command checks its settings in milliseconds, before anything heavy is imported.
"""

from __future__ import annotations

import difflib
import math
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _limits(low: float, high: float) -> dict[str, float]:
    return {"low": low, "high": high}


@dataclass(frozen=True)
class PipelineConfig:
    """Everything a run needs.

    inbox: folder of articles to ingest (only read, never changed).
    data: root of the bronze/silver/gold Parquet folders.
    batch_size: documents per batch; each stage runs one task per batch (1 to 100,000).
    n_process: spaCy ``nlp.pipe`` processes for English NER (1 to 64).
    alias_files: users' own alias files (CSV or YAML) added to the names knowledge base.
    max_bytes: larger inbox files are rejected as too_large (1 to 2,000,000,000).
    use_file_time: take the publication date from the file's mtime when nothing else gives it.
    settle_seconds: a file modified more recently than this is left for the next run (it may
        still be being written; 0 to 3,600).
    workers: Dask worker processes of a local cluster that clean and extract batches in
        parallel (0, the default: the flow's own process, one batch after another; 0 to 64).
    dask_address: scheduler of an existing Dask cluster (``tcp://host:8786``) to run the
        batches on instead; empty for none. Not together with ``workers``.
    """

    inbox: Path = Path("examples/inbox")
    data: Path = Path("data")
    batch_size: int = field(default=200, metadata=_limits(1, 100_000))
    n_process: int = field(default=1, metadata=_limits(1, 64))
    alias_files: tuple[Path, ...] = field(default_factory=tuple)
    max_bytes: int = field(default=20_000_000, metadata=_limits(1, 2_000_000_000))
    use_file_time: bool = False
    settle_seconds: float = field(default=2.0, metadata=_limits(0, 3600))
    workers: int = field(default=0, metadata=_limits(0, 64))
    dask_address: str = ""

    @property
    def parallel(self) -> bool:
        """Whether batches run on Dask (a local cluster or an existing one)."""
        return self.workers > 0 or bool(self.dask_address)


ENV_PREFIX = "INGEST_"
# INGEST_* variables that are not settings: set by `ingest` itself for its own child process.
INTERNAL_ENV = frozenset({"INGEST_SUPERVISED"})
_FLAGS = {"alias_files": "--alias-file"}  # flags not spelt --<name-with-dashes>
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_name(name: str) -> str:
    return f"{ENV_PREFIX}{name.upper()}"


def flag_name(name: str) -> str:
    return _FLAGS.get(name, "--" + name.replace("_", "-"))


@dataclass(frozen=True)
class LoadedConfig:
    """A config with where each setting came from ("default", the TOML file, "env INGEST_X",
    "flag --x") and the warnings met on the way (unknown ``INGEST_*`` variables)."""

    config: PipelineConfig
    origins: Mapping[str, str]
    warnings: tuple[str, ...] = ()


_FIELDS = {f.name: f for f in fields(PipelineConfig)}


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def _as_int(value: Any, bad) -> int:
    if isinstance(value, bool):
        raise bad("is not a whole number")
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                raise bad("is not a whole number") from None
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise bad("is not a whole number")  # 2.7 is refused, never truncated to 2
        return int(value)
    if isinstance(value, int):
        return value
    raise bad("is not a whole number")


def _as_float(value: Any, bad) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise bad("is not a number")
    try:
        v = float(value)
    except ValueError:
        raise bad("is not a number") from None
    if not math.isfinite(v):
        raise bad("is not a finite number")
    return v


def _as_bool(value: Any, bad) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str | int) else None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise bad("is not true or false (use true/false, yes/no, on/off or 1/0)")


def _as_path(value: Any, bad) -> Path:
    if not isinstance(value, str | os.PathLike):
        raise bad("is not a path (give it as a string)")
    text = os.fspath(value)
    if not text.strip():
        raise bad("is empty; give a folder, or leave the setting out for the default")
    if "\0" in text:
        raise bad("holds a NUL character")
    return Path(text)


def _as_paths(value: Any, bad) -> tuple[Path, ...]:
    if isinstance(value, str):  # an environment variable: paths separated by os.pathsep
        items = [v for v in value.split(os.pathsep) if v.strip()]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise bad("is not a list of paths")
    return tuple(_as_path(v, bad) for v in items)


DASK_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")


def _as_address(value: Any, bad) -> str:
    """A Dask scheduler address, ``scheme://host:port`` (empty: none)."""
    if not isinstance(value, str):
        raise bad("is not an address (give it as a string, e.g. tcp://10.0.0.5:8786)")
    text = value.strip()
    if not text:
        return ""
    scheme, sep, rest = text.partition("://")
    host, colon, port = rest.rpartition(":")
    if not sep or scheme not in DASK_SCHEMES or not colon or not host or not port.isdigit():
        raise bad(
            f"is not a Dask scheduler address; give scheme://host:port with scheme {'/'.join(DASK_SCHEMES)}, "
            "e.g. tcp://10.0.0.5:8786"
        )
    if not 0 < int(port) < 65536:
        raise bad("has a port out of range (1 to 65535)")
    return text


_READERS = {
    "str": _as_address,  # the only text setting
    "Path": _as_path,
    "int": _as_int,
    "float": _as_float,
    "bool": _as_bool,
    "tuple[Path, ...]": _as_paths,
}


def check_setting(name: str, value: Any, origin: str = "") -> Any:
    """``value`` read as setting ``name``: its type, checked for its range; ConfigError if not."""
    f = _FIELDS.get(name)
    if f is None:
        raise ConfigError(f"unknown setting {name!r}{_suggest(name, _FIELDS)} (known: {', '.join(_FIELDS)})")
    where = f" ({origin})" if origin else ""

    def bad(what: str) -> ConfigError:
        return ConfigError(f"setting {name} = {value!r}{where} {what}{_expected(f)}.")

    v = _READERS[str(f.type)](value, bad)
    low, high = f.metadata.get("low"), f.metadata.get("high")
    if low is not None and not low <= v <= high:
        raise ConfigError(f"setting {name} = {value!r}{where} is out of range{_expected(f)}.")
    return v


def _expected(f) -> str:
    low, high = f.metadata.get("low"), f.metadata.get("high")
    if low is not None:
        kind = "a whole number" if f.type == "int" else "a number"
        return f"; give {kind} from {low:,} to {high:,}"
    return ""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"cannot read config file {path}: {e}") from e


def resolve_config(
    toml_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> LoadedConfig:
    """Defaults, then the TOML file, then ``INGEST_<NAME>`` variables, then overrides (None
    skipped): the config, where each value came from, and warnings. ConfigError on a bad value."""
    env = env or {}
    raw: dict[str, tuple[Any, str]] = {}
    path = toml_path or (Path("ingest.toml") if Path("ingest.toml").exists() else None)
    if path is not None:
        for key, value in _read_toml(Path(path)).items():
            if key not in _FIELDS:
                raise ConfigError(
                    f"unknown setting {key!r} in {path}{_suggest(key, _FIELDS)} (known: {', '.join(_FIELDS)})"
                )
            raw[key] = (value, str(path))
    known_env = {env_name(n): n for n in _FIELDS}
    warnings = []
    for key in sorted(k for k in env if k.startswith(ENV_PREFIX)):
        if key in known_env:
            raw[known_env[key]] = (env[key], f"env {key}")
        elif key not in INTERNAL_ENV:
            warnings.append(f"unknown environment variable {key} ignored{_suggest(key, known_env)}")
    for name, value in (overrides or {}).items():
        if value is not None:
            raw[name] = (value, f"flag {flag_name(name)}")
    values = {name: check_setting(name, value, origin) for name, (value, origin) in raw.items()}
    origins = {name: raw[name][1] if name in raw else "default" for name in _FIELDS}
    if values.get("workers") and values.get("dask_address"):
        raise ConfigError(
            f"workers = {values['workers']} ({origins['workers']}) and dask_address = "
            f"{values['dask_address']!r} ({origins['dask_address']}) are both set; a run uses a local "
            "cluster of that many workers or the existing cluster, not both: drop one."
        )
    return LoadedConfig(PipelineConfig(**values), origins, tuple(warnings))


def load_config(
    toml_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> PipelineConfig:
    """Defaults, then the TOML file, then ``INGEST_<NAME>`` variables, then overrides (None skipped)."""
    return resolve_config(toml_path, env, overrides).config


def as_toml(loaded: LoadedConfig) -> str:
    """The effective settings as ``ingest.toml`` lines, each with where it came from."""
    import json

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, Path | str):
            return json.dumps(str(v), ensure_ascii=False)
        if isinstance(v, tuple):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return repr(v)

    lines = [(f"{f.name} = {value(getattr(loaded.config, f.name))}", f.name) for f in fields(PipelineConfig)]
    width = max(len(text) for text, _ in lines)
    return "\n".join(f"{text:<{width}}  # {loaded.origins[name]}" for text, name in lines)


# -- folders ---------------------------------------------------------------------------------

LAYERS = ("bronze", "silver", "gold")


def inbox_problem(inbox: Path) -> str | None:
    """Why ``inbox`` cannot be read as an inbox, in one line (None when it can)."""
    if not inbox.is_dir():
        what = "it does not exist" if not inbox.exists() else "it is a file"
        return f"inbox {inbox} is not a folder ({what}); pass --inbox DIR (or set inbox in ingest.toml)."
    if not os.access(inbox, os.R_OK | os.X_OK):
        return f"inbox {inbox} cannot be read by this user; fix its permissions."
    return None


def _can_write_in(folder: Path) -> bool:
    """Whether this user can create an entry in ``folder``: tried, not guessed from the mode bits
    (root, ACLs and read-only mounts all make those lie). The probe is removed at once."""
    try:
        probe = tempfile.mkdtemp(prefix=".ingest-probe-", dir=folder)
    except OSError:
        return False
    os.rmdir(probe)
    return True


def data_problem(data: Path) -> str | None:
    """Why a run cannot write ``data`` (a writable folder, or one that can be made), or None."""
    existing = data
    while not existing.exists() and not existing.is_symlink():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.is_symlink() and not existing.exists():
        return f"data folder {data}: {existing} is a dangling symbolic link; pass --data DIR."
    if existing.exists() and not existing.is_dir():
        what = f"data folder {data}" if existing == data else f"data folder {data}: {existing}"
        return f"{what} is a file, not a folder; pass --data DIR."
    if not _can_write_in(existing):
        what = f"data folder {data}" if existing == data else f"data folder {data}: its parent {existing}"
        return f"{what} is not writable by this user; fix its permissions or pass --data DIR."
    return None


def folder_problem(inbox: Path, data: Path) -> str | None:
    """What makes a run over these folders impossible, in one line (None when they will do).

    The inbox must be a readable folder; the data folder a writable folder, or creatable.
    """
    problem = inbox_problem(inbox) or data_problem(data)
    if problem:
        return problem
    if data.exists() and data.resolve() == inbox.resolve():
        return f"data folder {data} is the inbox; keep them apart (the inbox is only read)."
    return None


def existing_data_problem(data: Path) -> str | None:
    """Why ``data`` is not a data folder to read (None when it is, or is an empty folder)."""
    if not data.exists():
        return f"no data folder at {data}; pass --data DIR (the folder `ingest run` writes to)."
    if not data.is_dir():
        return f"data folder {data} is a file, not a folder; pass --data DIR."
    if not os.access(data, os.R_OK | os.X_OK):
        return f"data folder {data} cannot be read by this user; fix its permissions."
    with os.scandir(data) as entries:
        empty = next(entries, None) is None
    if not empty and not any((data / layer).is_dir() for layer in LAYERS):
        return (
            f"{data} holds no bronze/, silver/ or gold/ folder, so it is not a data folder; pass --data DIR."
        )
    return None


def alias_file_problem(paths: tuple[Path, ...]) -> str | None:
    """The first alias file that is missing or cannot be read (its rows are checked by the KB)."""
    for p in paths:
        if not p.is_file():
            what = "does not exist" if not p.exists() else "is not a file"
            return (
                f"alias file {p} {what}; fix alias_files (ingest.toml, INGEST_ALIAS_FILES or --alias-file)."
            )
        if not os.access(p, os.R_OK):
            return f"alias file {p} cannot be read by this user; fix its permissions."
    return None
