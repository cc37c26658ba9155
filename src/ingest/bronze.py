"""Bronze intake: every version of every inbox file, once, byte for byte, with provenance.

A source is a path of an inbox; what it holds is a version: its bytes with its sidecar.
``bronze/documents`` stores each distinct version once: its ``doc_id`` is the sha256 of
the bytes, and the same bytes arriving again at their path with an edited sidecar are a
version with an id of their own (:func:`_metadata_version_id`). The same bytes under
another name add no document: that path holds the document already there.
``bronze/sources`` records each change of what a path holds (see :mod:`ingest.sources`):
a restored file takes back its earlier version, a file gone from the inbox holds nothing
(its versions stay in bronze and silver as history), and :func:`current_doc_ids` says
which documents are current; gold asks it.

Only regular files are read (see :mod:`ingest.inbox` for links, FIFOs, names in any
bytes and files still being written). What is skipped is listed with the reason and
tried again next run; files that cannot become text are quarantined in ``bronze/rejected``
with the reason, and the run goes on. The inbox is only read, never modified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import inbox as inbox_fs
from . import sources, storage
from .decode import decode_bytes
from .errors import ConfigError, DecodeError, SidecarError
from .inbox import Article, NotReady, TooLarge, display_name, read_file
from .model import RejectReason
from .schemas import BRONZE_DOCUMENTS, BRONZE_REJECTED, BronzeDocument, BronzeRejection
from .sources import Held, History, write_events
from .supplied import SIDECAR_MAX_BYTES, parse_sidecar, sidecar_too_large
from .supplied import validate_supplied as validate_supplied  # re-exported: sidecars and front matter

SIDECAR_SUFFIX = inbox_fs.SIDECAR_SUFFIX.decode()


@dataclass(frozen=True)
class IntakeConfig:
    """How the inbox is read.

    max_bytes: files larger than this are rejected as ``too_large`` (default 20 MB;
        a news article is rarely over 1 MB even as HTML).
    chunk_files: files hashed and written to bronze per part (bounds memory).
    settle_seconds: a file (or sidecar) modified less than this long ago may still be being
        written; it is skipped and read by a later run. 0 reads it at once (tests).
    """

    max_bytes: int = 20_000_000
    chunk_files: int = 500
    settle_seconds: float = 2.0


@dataclass
class IntakeSummary:
    """What one intake saw. ``new_doc_ids`` are in the order they were found.

    seen: article files read (regular files, or links to one); new: documents added to
    bronze; unchanged: files that added none (their version was there already);
    rejected / rejections: files quarantined, with the reason; skipped: entries not read
    this run, with the reason (nothing is recorded for them); deleted: paths gone from the
    inbox, whose version left the current set.
    """

    seen: int = 0
    new: int = 0
    unchanged: int = 0
    rejected: int = 0
    new_doc_ids: list[str] = field(default_factory=list)
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) this run
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) this run
    deleted: list[str] = field(default_factory=list)


def inbox_files(inbox: Path) -> Iterator[Path]:
    """Article files under ``inbox`` that intake reads: regular files (or links to one
    inside the inbox) that are neither hidden nor sidecars."""
    for a in inbox_fs.scan(inbox).articles:
        yield Path(inbox) / os.fsdecode(a.rel)


def read_sidecar(article: Path) -> dict:
    """The metadata supplied beside ``article`` (``<name>.meta.json``), or ``{}``."""
    side = article.with_name(article.name + SIDECAR_SUFFIX)
    if not os.path.lexists(side):
        return {}
    where = display_name(os.fsencode(side.name))
    try:
        data = read_file(os.fsencode(side), SIDECAR_MAX_BYTES, settle_seconds=0).data
    except TooLarge as e:
        raise sidecar_too_large(where, e.size) from e
    except (OSError, NotReady) as e:
        raise SidecarError(f"{where} could not be read ({getattr(e, 'strerror', None) or e}).") from e
    return parse_sidecar(data, where)


def current_doc_ids(data_dir: Path) -> list[str]:
    """Documents that are the current version of some inbox path, once each, in ingestion order."""
    return History.current_of(Path(data_dir))


def _canonical(supplied: dict) -> str:
    """Supplied metadata as stored in ``supplied_meta`` (sorted keys), to compare two versions."""
    return json.dumps(supplied, ensure_ascii=False, sort_keys=True)


def _metadata_version_id(content_sha: str, supplied_meta: str, n: int) -> str:
    """doc_id of the ``n``-th version of ingested bytes that arrive with other supplied metadata."""
    return hashlib.sha256(f"{content_sha}\0{supplied_meta}\0{n}".encode()).hexdigest()


def _still_current(prev: Held | None, sha: str | None) -> str:
    """What a rejection leaves current, to add to its reason."""
    if prev is None:
        return ""
    if prev.content == sha:
        return " The version already ingested is kept."
    return " Its earlier version stays current meanwhile."


class _Intake:
    """One run over one inbox: reads each article, then records what changed."""

    def __init__(self, inbox: Path, data_dir: Path, run_id: str, config: IntakeConfig) -> None:
        if not inbox.is_dir():
            raise ConfigError(f"the inbox {inbox} is not a folder; pass the folder the articles are in.")
        self.data_dir, self.run_id, self.config = data_dir, run_id, config
        self.inbox = display_name(os.path.realpath(os.fsencode(inbox)))
        self.history = History.load(data_dir)
        self.now = self.history.next_time(dt.datetime.now(dt.UTC))
        self.summary = IntakeSummary()
        self.docs: list[BronzeDocument] = []
        self.rejects: list[BronzeRejection] = []
        self.events: list[Held] = []
        old = storage.read_table(data_dir, BRONZE_REJECTED, ["source_path", "sha256", "reason_code"])
        cols = (old.column(c).to_pylist() for c in ("source_path", "sha256", "reason_code"))
        self.rejected_keys = set(zip(*cols, strict=True))

    def skip(self, shown: str, reason: str) -> None:
        self.summary.skipped.append((shown, reason))

    def reject(self, a: Article, sha: str | None, size: int | None, mtime, code: str, reason: str) -> None:
        self.summary.rejected += 1
        self.summary.rejections.append((a.shown, reason))
        if (a.shown, sha, code) in self.rejected_keys:
            return  # quarantined by an earlier run already
        self.rejected_keys.add((a.shown, sha, code))
        self.rejects.append(
            BronzeRejection(
                source_path=a.shown,
                sha256=sha,
                size_bytes=size,
                modified_at=mtime,
                rejected_at=self.now,
                reason_code=code,
                reason=reason,
                run_id=self.run_id,
            )
        )

    def supplied(self, a: Article) -> dict:
        """The article's sidecar, validated; raises SidecarError, or NotReady to wait."""
        if a.sidecar_problem:
            raise SidecarError(f"{a.sidecar_problem}; make it a file holding a JSON object, or remove it.")
        if a.sidecar is None:
            return {}
        where = display_name(os.path.basename(a.sidecar.rel))
        try:
            data = read_file(a.sidecar.open_path, SIDECAR_MAX_BYTES, self.config.settle_seconds).data
        except NotReady as e:
            raise NotReady(f"its sidecar {where}: {e}") from e
        except TooLarge as e:
            raise sidecar_too_large(where, e.size) from e
        except OSError as e:
            raise SidecarError(f"{where} could not be read ({e.strerror}).") from e
        return parse_sidecar(data, where)

    def version(self, a: Article, sha: str, meta: str) -> tuple[str, bool]:
        """(doc_id, whether it is a new document) of these bytes and sidecar at ``a``'s path.

        Bytes that another name brought to bronze stay that name's document, whatever the
        sidecar here; the bytes a path brought itself, with an edited sidecar, are a new version.
        """
        h = self.history
        if (sha, meta) in h.of_version:
            return h.of_version[(sha, meta)], False
        if sha not in h.of_content:
            return sha, True
        if h.brought(sha, a.shown):
            return _metadata_version_id(sha, meta, len(h.of_content[sha])), True
        return h.of_content[sha][0], False

    def take(self, a: Article) -> None:
        """Read one article and record what its path holds now."""
        self.summary.seen += 1
        try:
            f = read_file(a.open_path, self.config.max_bytes, self.config.settle_seconds)
        except NotReady as e:
            return self.skip(a.shown, str(e))
        except TooLarge as e:
            limit = self.config.max_bytes
            reason = (
                f"the file has {e.size:,} bytes, over the limit of {limit:,}; split it or raise max_bytes."
            )
            return self.reject(a, None, e.size, None, RejectReason.too_large.value, reason)
        except OSError as e:
            reason = f"the file could not be read: {e.strerror}."
            return self.reject(a, None, None, None, RejectReason.unreadable.value, reason)
        sha = hashlib.sha256(f.data).hexdigest()
        mtime = dt.datetime.fromtimestamp(f.mtime, tz=dt.UTC)
        prev = self.history.previous(self.inbox, a.rel)
        try:
            meta = _canonical(self.supplied(a))
        except NotReady as e:
            return self.skip(a.shown, str(e))
        except SidecarError as e:
            reason = str(e) + _still_current(prev, sha)
            return self.reject(a, sha, len(f.data), mtime, RejectReason.bad_sidecar.value, reason)
        if prev is not None and (prev.content, prev.meta) == (sha, meta):
            self.summary.unchanged += 1
            if prev.inbox is None:  # a path from before bronze/sources: this inbox takes it over
                self.record(a, "added", prev.doc_id, sha, meta)
            return None
        doc_id, is_new = self.version(a, sha, meta)
        if is_new:
            try:
                decoded = decode_bytes(f.data)
            except DecodeError as e:
                reason = str(e) + _still_current(prev, sha)
                return self.reject(a, sha, len(f.data), mtime, e.reason_code, reason)
            self.add_document(a, doc_id, sha, meta, f.data, mtime, decoded)
        else:
            self.summary.unchanged += 1
        held_before = doc_id in self.history.ever_held(self.inbox, a.rel)
        event = "added" if prev is None and not held_before else "changed"
        if held_before and (prev is None or prev.doc_id != doc_id):
            event = "restored"
        self.record(a, event, doc_id, sha, meta)
        return None

    def record(self, a: Article, event: str, doc_id: str | None, sha: str | None, meta: str | None) -> None:
        held = Held(self.inbox, a.rel, a.shown, event, doc_id, sha, meta, self.now, self.run_id)
        self.history.record(held)
        self.events.append(held)

    def add_document(self, a: Article, doc_id, sha, meta, data: bytes, mtime, decoded) -> None:
        self.history.add_document(doc_id, sha, meta, a.shown, (self.now, mtime, doc_id))
        self.summary.new += 1
        self.summary.new_doc_ids.append(doc_id)
        self.docs.append(
            BronzeDocument(
                doc_id=doc_id,
                content_sha256=sha,
                source_path=a.shown,
                size_bytes=len(data),
                modified_at=mtime,
                ingested_at=self.now,
                encoding=decoded.encoding,
                decode_replacements=decoded.replacements,
                raw_bytes=data,
                text=decoded.text,
                supplied_meta=meta,
                run_id=self.run_id,
            )
        )
        if len(self.docs) >= self.config.chunk_files:
            self.flush()

    def flush(self) -> None:
        if self.docs:
            name = storage.part_name(d.doc_id for d in self.docs)
            storage.write_part(self.data_dir, BRONZE_DOCUMENTS, self.docs, name)
            self.docs.clear()

    def deletions(self, scan: inbox_fs.Scan) -> None:
        """Paths of this inbox that hold a version but are gone from it."""
        mine = [e for (inbox, _), e in self.history.current.items() if inbox == self.inbox and e.doc_id]
        if scan.empty and mine:
            self.skip(".", "the inbox is empty, as an unmounted share looks: no file is taken as deleted")
            return
        for e in sorted(mine, key=lambda e: e.rel):
            if e.rel not in scan.present and scan.may_be_gone(e.rel):
                held = Held(self.inbox, e.rel, e.shown, "deleted", None, None, None, self.now, self.run_id)
                self.history.record(held)
                self.events.append(held)
                self.summary.deleted.append(e.shown)

    def finish(self) -> None:
        """Write what this run found: documents first, so every event's document is there."""
        self.flush()
        if self.rejects:
            keys = (f"{r.source_path}\0{r.sha256}\0{r.reason_code}" for r in self.rejects)
            storage.write_part(self.data_dir, BRONZE_REJECTED, self.rejects, storage.part_name(keys))
        write_events(self.data_dir, self.history.carried_over + self.events)
        sources.remember(self.data_dir, self.history)


def intake(
    inbox: Path,
    data_dir: Path,
    run_id: str,
    config: IntakeConfig = IntakeConfig(),
    progress: Callable[[int], None] | None = None,
) -> IntakeSummary:
    """Read every inbox file; write new versions to bronze, quarantine the rest, record changes."""
    run = _Intake(Path(inbox), Path(data_dir), run_id, config)
    scan = inbox_fs.scan(inbox)
    run.summary.skipped.extend(scan.skipped)
    for article in scan.articles:
        run.take(article)
        if progress:
            progress(1)
    run.deletions(scan)
    run.finish()
    return run.summary
