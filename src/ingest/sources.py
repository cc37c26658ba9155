"""What each inbox path holds over time (``bronze/sources``), and so the current version of each.

A source is a path of an inbox: ``(inbox, path bytes)``. Each change of what it holds is
one row: ``added``, ``changed``, ``restored`` (a version it held before) or ``deleted``.
Its latest row is its current version; the current documents are those of all sources,
once each (two paths with the same bytes share one document). ``bronze/documents`` keeps
every distinct version, so a restored file takes back its earlier ``doc_id``.

Data folders written before this table have only ``bronze/documents``: its rows are read
as the events they were (a path's first document ``added``, later ones ``changed``), with
no inbox. Such a source is taken over by the first inbox whose walk finds the path; one
that no walk finds stays current, as it always was. Intake writes these rows out the
first time it runs on such a folder, so the history is explicit from then on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import partfiles, storage
from .schemas import BRONZE_DOCUMENTS, BRONZE_SOURCES, BronzeSource

_DOC_COLUMNS = [
    "doc_id",
    "content_sha256",
    "supplied_meta",
    "source_path",
    "ingested_at",
    "modified_at",
    "run_id",
]

Key = tuple[str | None, bytes]  # (inbox, path bytes); inbox None: from before bronze/sources


@dataclass(frozen=True)
class Held:
    """One row of ``bronze/sources``: from ``seen_at`` on, the source holds ``doc_id``."""

    inbox: str | None
    rel: bytes
    shown: str
    event: str
    doc_id: str | None
    content: str | None
    meta: str | None
    seen_at: dt.datetime
    run_id: str = ""

    @property
    def key(self) -> Key:
        return (self.inbox, self.rel)

    def row(self) -> BronzeSource:
        verbatim = self.shown.encode("utf-8") == self.rel
        return BronzeSource(
            inbox=self.inbox,
            source_path=self.shown,
            source_path_bytes=None if verbatim else self.rel,
            event=self.event,
            doc_id=self.doc_id,
            content_sha256=self.content,
            supplied_meta=self.meta,
            seen_at=self.seen_at,
            run_id=self.run_id,
        )


@dataclass
class History:
    """Bronze's versions: every document, and every source's current and past versions."""

    meta: dict[str, str] = field(default_factory=dict)  # doc_id -> supplied_meta
    brought_by: dict[str, str] = field(default_factory=dict)  # doc_id -> source_path that brought it
    order: dict[str, tuple] = field(default_factory=dict)  # doc_id -> (ingested_at, modified_at, doc_id)
    of_content: dict[str, list[str]] = field(default_factory=dict)  # sha256 -> doc_ids, oldest first
    of_version: dict[tuple[str, str], str] = field(default_factory=dict)  # (sha256, meta) -> doc_id
    current: dict[Key, Held] = field(default_factory=dict)
    held: dict[Key, set[str]] = field(default_factory=dict)  # doc_ids a source ever held
    last: dt.datetime | None = None  # the latest time in bronze
    carried_over: list[Held] = field(default_factory=list)  # rows read from documents, to write out

    @classmethod
    def load(cls, data_dir: Path) -> History:
        """Bronze's history, to change: intake records a run's events in it as it goes.

        The history a run left behind (:func:`remember`) is handed over without reading the
        tables again when they are still exactly the parts it was written to; it is handed
        over once, so two callers never change one object.
        """
        held = _kept.pop(_key(data_dir), None)
        if held is not None and held[0] == _listing(data_dir):
            return held[1]
        return cls.read(data_dir)

    @classmethod
    def current_of(cls, data_dir: Path) -> list[str]:
        """The current documents in ingestion order (:meth:`current_doc_ids`), reading the
        tables only when no remembered history matches them."""
        key = _key(data_dir)
        held = _kept.get(key)
        listing = _listing(data_dir)
        if held is None or held[0] != listing:
            held = (listing, cls.read(data_dir))
            _kept[key] = held
        return held[1].current_doc_ids()

    @classmethod
    def read(cls, data_dir: Path) -> History:
        """Bronze's history read from its tables."""
        h = cls()
        docs = storage.read_table(data_dir, BRONZE_DOCUMENTS, _DOC_COLUMNS)
        rows = sorted(
            zip(*(docs.column(c).to_pylist() for c in _DOC_COLUMNS), strict=True),
            key=lambda r: (r[4], r[5] or r[4], r[0]),
        )
        for doc_id, sha, meta, path, ingested, modified, _ in rows:
            h.add_document(doc_id, sha or doc_id, meta, path, (ingested, modified or ingested, doc_id))
        events = storage.read_table(data_dir, BRONZE_SOURCES)
        if events.num_rows:
            held = [_from_row(r) for r in events.to_pylist()]
        else:  # a folder from before bronze/sources: its documents are the events they were
            seen: set[str] = set()
            held = []
            for doc_id, sha, meta, path, ingested, _, run_id in rows:
                event = "changed" if path in seen else "added"
                seen.add(path)
                held.append(
                    Held(None, path.encode(), path, event, doc_id, sha or doc_id, meta, ingested, run_id)
                )
            h.carried_over = held
        for e in sorted(held, key=lambda e: (e.seen_at, e.inbox or "", e.rel)):
            h.record(e)
        return h

    def add_document(self, doc_id: str, sha: str, meta: str, path: str, order: tuple) -> None:
        self.meta[doc_id], self.order[doc_id], self.brought_by[doc_id] = meta, order, path
        self.of_content.setdefault(sha, []).append(doc_id)
        self.of_version.setdefault((sha, meta), doc_id)
        if self.last is None or order[0] > self.last:
            self.last = order[0]

    def record(self, e: Held) -> None:
        """Apply one event: it becomes its source's current version."""
        self.current[e.key] = e
        if e.inbox is not None:
            self.current.pop((None, e.rel), None)  # an inbox takes over a path from before the table
        if e.doc_id is not None:
            self.held.setdefault(e.key, set()).add(e.doc_id)
        self.last = max(self.last or e.seen_at, e.seen_at)

    def previous(self, inbox: str, rel: bytes) -> Held | None:
        """The source's current version (one from before the table counts), None when it has none."""
        cur = self.current.get((inbox, rel)) or self.current.get((None, rel))
        return cur if cur is not None and cur.doc_id is not None else None

    def ever_held(self, inbox: str, rel: bytes) -> set[str]:
        """The doc_ids the source ever held, its history from before the table included."""
        return self.held.get((inbox, rel), set()) | self.held.get((None, rel), set())

    def brought(self, sha: str, shown: str) -> bool:
        """Whether the path ``shown`` brought these bytes to bronze (a document of them is from it)."""
        return any(self.brought_by.get(d) == shown for d in self.of_content.get(sha, ()))

    def current_doc_ids(self) -> list[str]:
        """Documents some source holds now, once each, in ingestion order."""
        ids = {e.doc_id for e in self.current.values() if e.doc_id in self.order}
        return sorted(ids, key=self.order.__getitem__)

    def next_time(self, now: dt.datetime) -> dt.datetime:
        """``now``, or just after the latest time in bronze when the clock went back."""
        if self.last is not None and now <= self.last:
            return self.last + dt.timedelta(microseconds=1)
        return now


# History a process read or left behind, per data folder, with the part files it matches.
# ``ingest serve`` runs in one process: a run then starts from the last one's history instead
# of reading bronze again. Parts are immutable and content-named, and a rewrite moves a table
# to a new version folder, so the listing (folder, names, sizes, times) tells any change.
_kept: dict[str, tuple[tuple, History]] = {}


def _key(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())


def _listing(data_dir: Path) -> tuple:
    out = []
    for table in (BRONZE_DOCUMENTS, BRONZE_SOURCES):
        folder = storage.current_folder(data_dir, table)
        stats = [(f.name, f.stat()) for f in partfiles.files(folder)]
        out.append((str(folder), tuple((n, st.st_size, st.st_mtime_ns) for n, st in stats)))
    return tuple(out)


def remember(data_dir: Path, history: History) -> None:
    """Keep the history a run has just written out in full, for the next caller in this process."""
    history.carried_over = []  # written: a read of the tables now finds them as events
    _kept[_key(data_dir)] = (_listing(data_dir), history)


def _from_row(r: dict) -> Held:
    rel = r["source_path_bytes"] if r["source_path_bytes"] is not None else r["source_path"].encode()
    return Held(
        r["inbox"],
        rel,
        r["source_path"],
        r["event"],
        r["doc_id"],
        r["content_sha256"],
        r["supplied_meta"],
        r["seen_at"],
        r["run_id"],
    )


def write_events(data_dir: Path, events: list[Held]) -> int:
    """Append one run's events (a part named by them, so writing it again changes nothing)."""
    keys = (f"{e.inbox}\0{e.rel.hex()}\0{e.event}\0{e.seen_at.isoformat()}" for e in events)
    return storage.write_part(data_dir, BRONZE_SOURCES, [e.row() for e in events], storage.part_name(keys))
