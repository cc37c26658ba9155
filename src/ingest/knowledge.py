"""The knowledge base a process works with, loaded once per state of its files.

Loading the KB (the shipped ``kb.yaml`` and the users' alias files) and working out its entity
ruler entries takes over a second; a run used to do it twice (the CLI's check of the alias
files, then the run itself), and ``ingest serve`` once per run. :func:`knowledge_base` keeps
the KBs it loaded, keyed by each file's path, size and modification time, so the same files
unchanged give the same KB object, and an edited alias file is read again. A KB is not
changed once loaded (its caches only fill).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .names.kb import KnowledgeBase

KEEP = 4  # KBs kept per process: one per set of alias files in use, and a few before an edit
_loaded: dict[tuple, KnowledgeBase] = {}


def _signature(paths: Sequence[Path]) -> tuple:
    out = []
    for p in paths:
        try:
            st = Path(p).stat()
        except OSError:
            out.append((str(p), None, None))  # load_kb reports it
        else:
            out.append((str(Path(p).resolve()), st.st_size, st.st_mtime_ns))
    return tuple(out)


def knowledge_base(alias_files: Sequence[Path] = ()) -> KnowledgeBase:
    """The shipped KB with ``alias_files``, as ``names.load_kb`` loads it, loaded once while
    the files stay as they are (AliasFileError / KBError as load_kb raises them)."""
    from .names.kb import KB_PATH, load_kb

    key = _signature((KB_PATH, *alias_files))
    kb = _loaded.get(key)
    if kb is None:
        kb = load_kb(tuple(alias_files))
        kb.ruler_entries()  # worked out now, while loading: every run needs it
        while len(_loaded) >= KEEP:
            _loaded.pop(next(iter(_loaded)))
        _loaded[key] = kb
    return kb
