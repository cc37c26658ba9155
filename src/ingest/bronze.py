"""Bronze intake: pick up each inbox file exactly once, byte for byte, with provenance.

A file's ``doc_id`` is the sha256 of its bytes. Content already in bronze adds nothing
(whatever its path); a changed file is new content and so a new version. So is a sidecar
edited after its article was ingested (a corrected ``published_on``): the same bytes at the
same path with the new metadata become a new version, with a ``doc_id`` of their own
(:func:`_metadata_version_id`) and ``content_sha256`` the bytes' hash. Files that cannot
become text are quarantined in ``bronze/rejected`` with the reason, and the run goes on.
The inbox is only read, never modified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import storage
from .decode import decode_bytes
from .errors import DecodeError, SidecarError
from .model import RejectReason
from .schemas import BRONZE_DOCUMENTS, BRONZE_REJECTED

SIDECAR_SUFFIX = ".meta.json"
SUPPLIED_KEYS = frozenset({"published_on", "url", "outlet", "title", "lang"})
SUPPLIED_LANGS = frozenset({"en", "zh-Hant", "zh-Hans", "mixed"})


@dataclass(frozen=True)
class IntakeConfig:
    """How the inbox is read.

    max_bytes: files larger than this are rejected as ``too_large`` (default 20 MB;
        a news article is rarely over 1 MB even as HTML).
    chunk_files: files hashed and written to bronze per part (bounds memory).
    """

    max_bytes: int = 20_000_000
    chunk_files: int = 500


@dataclass
class IntakeSummary:
    """What one intake saw. ``new_doc_ids`` are in the order they were found."""

    seen: int = 0
    new: int = 0
    unchanged: int = 0
    rejected: int = 0
    new_doc_ids: list[str] = field(default_factory=list)
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) this run


def inbox_files(inbox: Path) -> Iterator[Path]:
    """Article files under ``inbox``: hidden files and sidecars are not articles."""
    for p in sorted(inbox.rglob("*")):
        rel = p.relative_to(inbox)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX):
            yield p


def read_sidecar(article: Path) -> dict:
    """The metadata supplied beside ``article`` (``<name>.meta.json``), or ``{}``."""
    side = article.with_name(article.name + SIDECAR_SUFFIX)
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SidecarError(
            f"{side.name} is not valid UTF-8 JSON ({e}); fix it and the article is picked up next run."
        ) from e
    return validate_supplied(meta, side.name)


def validate_supplied(meta: object, where: str) -> dict:
    """Check supplied metadata (sidecar or front matter) and return it normalised."""
    if not isinstance(meta, dict):
        raise SidecarError(f"{where} must hold a JSON object with any of {sorted(SUPPLIED_KEYS)}.")
    unknown = set(meta) - SUPPLIED_KEYS
    if unknown:
        raise SidecarError(f"{where} has unknown keys {sorted(unknown)}; allowed: {sorted(SUPPLIED_KEYS)}.")
    out = {}
    for key, value in meta.items():
        if value is None:
            continue
        if key == "published_on":
            try:
                value = dt.date.fromisoformat(str(value)).isoformat()
            except ValueError as e:
                raise SidecarError(f"{where}: published_on {value!r} is not a date like 2021-12-03.") from e
        elif key == "lang" and value not in SUPPLIED_LANGS:
            raise SidecarError(f"{where}: lang {value!r} is not one of {sorted(SUPPLIED_LANGS)}.")
        elif not isinstance(value, str):
            raise SidecarError(f"{where}: {key} must be a string.")
        out[key] = value
    return out


def _canonical(supplied: dict) -> str:
    """Supplied metadata as stored in ``supplied_meta`` (sorted keys), to compare two versions."""
    return json.dumps(supplied, ensure_ascii=False, sort_keys=True)


def _metadata_version_id(content_sha: str, supplied_meta: str, n: int) -> str:
    """doc_id of the ``n``-th version of ingested bytes that arrive with other supplied metadata."""
    return hashlib.sha256(f"{content_sha}\0{supplied_meta}\0{n}".encode()).hexdigest()


@dataclass
class _Versions:
    """What bronze holds: each content's versions, and each path's latest version."""

    meta: dict[str, str] = field(default_factory=dict)  # doc_id -> supplied_meta
    content: dict[str, str] = field(default_factory=dict)  # doc_id -> content sha256
    of_content: dict[str, list[str]] = field(default_factory=dict)  # content sha256 -> doc_ids
    latest: dict[str, str] = field(default_factory=dict)  # source_path -> doc_id

    @classmethod
    def load(cls, data_dir: Path) -> _Versions:
        cols = ["doc_id", "content_sha256", "supplied_meta", "source_path", "ingested_at", "modified_at"]
        t = storage.read_table(data_dir, BRONZE_DOCUMENTS, cols)
        v = cls()
        order: dict[str, tuple] = {}
        for d, c, m, path, ing, mod in zip(*(t.column(x).to_pylist() for x in cols), strict=True):
            v.meta[d], v.content[d] = m, c or d  # parts written before content_sha256: doc_id is the hash
            v.of_content.setdefault(c or d, []).append(d)
            key = (ing, mod, d)  # the latest version of a path, as gold.current_doc_ids takes it
            if path not in order or key > order[path]:
                order[path], v.latest[path] = key, d
        return v

    def add(self, doc_id: str, content: str, meta: str, path: str) -> None:
        """A version this run writes: the latest of its path."""
        self.meta[doc_id], self.content[doc_id] = meta, content
        self.of_content.setdefault(content, []).append(doc_id)
        self.latest[path] = doc_id

    def new_id(self, path: str, sha: str, meta: str) -> str | None:
        """doc_id for these bytes and metadata at ``path``, or None when bronze has them already."""
        if sha not in self.of_content:
            return sha
        cur = self.latest.get(path)
        if cur is None or self.content.get(cur) != sha or self.meta[cur] == meta:
            return None  # bytes bronze has under another name, or this path's version unchanged
        return _metadata_version_id(sha, meta, len(self.of_content[sha]))  # its sidecar was edited


def _mtime(p: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(p.stat().st_mtime, tz=dt.UTC)


def intake(
    inbox: Path,
    data_dir: Path,
    run_id: str,
    config: IntakeConfig = IntakeConfig(),
    progress: Callable[[int], None] | None = None,
) -> IntakeSummary:
    """Read every inbox file; write new content to bronze, quarantine the rest."""
    inbox, data_dir = Path(inbox), Path(data_dir)
    versions = _Versions.load(data_dir)
    old_rejections = storage.read_table(data_dir, BRONZE_REJECTED, ["source_path", "sha256", "reason_code"])
    rejected_keys = set(
        zip(
            *(old_rejections.column(c).to_pylist() for c in ("source_path", "sha256", "reason_code")),
            strict=True,
        )
    )
    summary = IntakeSummary()
    docs: list[dict] = []
    rejects: list[dict] = []

    def reject(rel: str, sha: str | None, size: int | None, mtime, code: str, reason: str) -> None:
        summary.rejected += 1
        summary.rejections.append((rel, reason))
        if (rel, sha, code) in rejected_keys:
            return  # quarantined by an earlier run already
        rejected_keys.add((rel, sha, code))
        rejects.append(
            dict(
                source_path=rel,
                sha256=sha,
                size_bytes=size,
                modified_at=mtime,
                rejected_at=now,
                reason_code=code,
                reason=reason,
                run_id=run_id,
            )
        )

    def flush() -> None:
        if docs:
            storage.write_part(data_dir, BRONZE_DOCUMENTS, docs, storage.part_name(d["doc_id"] for d in docs))
            docs.clear()

    now = dt.datetime.now(dt.UTC)
    for path in inbox_files(inbox):
        summary.seen += 1
        if progress:
            progress(1)
        rel = path.relative_to(inbox).as_posix()
        try:
            size, mtime = path.stat().st_size, _mtime(path)
            if size > config.max_bytes:
                reject(
                    rel,
                    None,
                    size,
                    mtime,
                    RejectReason.too_large.value,
                    f"the file has {size:,} bytes, over the limit of {config.max_bytes:,}; split it or raise max_bytes.",
                )
                continue
            data = path.read_bytes()
        except OSError as e:
            reject(
                rel,
                None,
                None,
                None,
                RejectReason.unreadable.value,
                f"the file could not be read: {e.strerror}.",
            )
            continue
        sha = hashlib.sha256(data).hexdigest()
        try:
            supplied = read_sidecar(path)
        except SidecarError as e:
            kept = " The version already ingested is kept." if sha in versions.of_content else ""
            reject(rel, sha, size, mtime, RejectReason.bad_sidecar.value, str(e) + kept)
            continue
        meta = _canonical(supplied)
        doc_id = versions.new_id(rel, sha, meta)
        if doc_id is None:
            summary.unchanged += 1
            continue
        try:
            decoded = decode_bytes(data)
        except DecodeError as e:
            reject(rel, sha, size, mtime, e.reason_code, str(e))
            continue
        versions.add(doc_id, sha, meta, rel)
        summary.new += 1
        summary.new_doc_ids.append(doc_id)
        docs.append(
            dict(
                doc_id=doc_id,
                content_sha256=sha,
                source_path=rel,
                size_bytes=size,
                modified_at=mtime,
                ingested_at=now,
                encoding=decoded.encoding,
                raw_bytes=data,
                text=decoded.text,
                supplied_meta=meta,
                run_id=run_id,
            )
        )
        if len(docs) >= config.chunk_files:
            flush()
    flush()
    if rejects:
        storage.write_part(
            data_dir,
            BRONZE_REJECTED,
            rejects,
            storage.part_name(f"{r['source_path']}\0{r['sha256']}\0{r['reason_code']}" for r in rejects),
        )
    return summary
