"""The story LSH index on disk, kept in step with committed silver batches.

Folder ``<data>/silver/_state/stories_lsh/`` (state, not a table: no Parquet, nothing a
query reads):

- ``manifest.json`` — the truth: format, a fingerprint of the settings (threshold,
  :class:`~ingest.stories.StoryConfig`, bands and rows), the next order number, and the
  segments, each with the silver documents parts it covers and their size and mtime;
- ``seg-<id>/`` — one segment: ``sigs.npy``, ``order.npy``, ``story.npy``, ``doc_id.npy``,
  ``keys.npy``, ``rows.npy`` (plain ``.npy``, no pickle), memory-mapped on load, so loading
  costs a few file opens whatever the archive's size.

The index holds only what silver has committed: :func:`synced_index` runs before a batch
is cleaned, compares the manifest with the committed ``silver/documents`` parts and adds the
parts it lacks (the previous batch, normally) from their stored ``minhash`` column, numbered
in commit order. A run killed half way therefore never leaves the index claiming a document
silver lacks; at worst the index lags and catches up. The index is rebuilt from silver when
it is absent or unreadable, when the settings' fingerprint differs, or when a part it covers
is gone from silver or was rewritten (size or mtime differ; copying a data folder without
keeping mtimes costs one rebuild).

Writes are atomic: a segment is written in a hidden temp folder and renamed, then the
manifest is replaced (temp file + rename); folders the manifest does not name are left-overs
and are removed. Segments merge like a binary counter (the newest with the one before while
it is at least as large), so a folder holds about log2(documents / batch) segments and each
document is rewritten about as many times.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import uuid
from dataclasses import asdict
from pathlib import Path

import numpy as np

from . import partfiles, storage
from .schemas import SILVER_BATCHES, SILVER_DOCUMENTS
from .silver_batches import committed_parts
from .stories import DEFAULT_THRESHOLD, StoryConfig, index_segment, new_index
from .story_index import LshIndex, Segment

log = logging.getLogger(__name__)

FORMAT = 1
_ARRAYS = ("sigs", "order", "story", "doc_id", "keys", "rows")


def state_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "silver" / "_state" / "stories_lsh"


def fingerprint(index: LshIndex, config: StoryConfig) -> str:
    """What the stored index depends on; a different value means rebuild."""
    return json.dumps(
        dict(format=FORMAT, threshold=index.threshold, bands=index.bands, rows=index.rows, **asdict(config)),
        sort_keys=True,
    )


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _committed(data_dir: Path) -> dict[str, list[int]]:
    """Committed silver/documents parts with their size and mtime (a folder from before
    silver/batches: every documents part, as that layout wrote documents last)."""
    docs = storage.parts(data_dir, SILVER_DOCUMENTS)
    if storage.table_dir(data_dir, SILVER_BATCHES).is_dir():
        done = committed_parts(data_dir)
        docs = [p for p in docs if p.name in done or _compacted_and_committed(p, done)]
    return {p.name: _stat(p) for p in docs}


def _compacted_and_committed(part: Path, done: set[str]) -> bool:
    """A part that compaction merged from batches, all of them committed."""
    held = partfiles.batches(part)
    return held is not None and all(name in done for name, _ in held)


def _commit_order(data_dir: Path, names: list[str]) -> list[str]:
    """Parts in the order their batches were committed (then by name)."""

    def when(name: str):
        if name.startswith(partfiles.COMPACT_PREFIX):  # merged from batches committed before any other part
            return (-1, "", name)
        try:
            t = storage.read_part(data_dir, SILVER_BATCHES, name, ["committed_at"])
            return (0, t.column(0)[0].as_py().isoformat(), name) if t.num_rows else (1, "", name)
        except FileNotFoundError:
            return (1, "", name)

    return sorted(names, key=when)


def _read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _load_segment(folder: Path, index: LshIndex, rows: int) -> Segment:
    a = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    seg = Segment(**a)
    shapes_ok = (
        seg.sigs.shape == (rows, index.num_perm)
        and all(len(getattr(seg, n)) == rows for n in ("order", "story", "doc_id"))
        and len(seg.keys) == len(seg.rows) == rows * index.bands
    )
    if not shapes_ok:
        raise ValueError(f"{folder} does not hold {rows} documents of the recorded shape")
    return seg


def _write_segment(folder: Path, seg: Segment) -> str:
    name = f"seg-{uuid.uuid4().hex[:16]}"
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=folder))
    try:
        for n in _ARRAYS:
            np.save(tmp / f"{n}.npy", np.ascontiguousarray(getattr(seg, n)), allow_pickle=False)
        os.replace(tmp, folder / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return name


def _write_manifest(folder: Path, manifest: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".manifest.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh)
        os.replace(tmp, folder / "manifest.json")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_leftovers(folder: Path, keep: set[str]) -> None:
    for p in folder.iterdir():
        if p.is_dir() and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
        elif p.name.startswith(".manifest.") and p.name.endswith(".tmp"):
            p.unlink(missing_ok=True)


def _stale_reason(manifest: dict | None, fp: str, committed: dict[str, list[int]]) -> str | None:
    if manifest is None:
        return "there is no readable index"
    if manifest.get("fingerprint") != fp:
        return "the story settings changed"
    for seg in manifest["segments"]:
        for part, stat in seg["parts"].items():
            if committed.get(part) != stat:
                return f"silver/documents/{part} is gone or was rewritten since it was indexed"
    return None


def _segment_from_parts(data_dir: Path, index: LshIndex, parts: list[str]) -> Segment:
    rows: list[tuple] = []
    for part in parts:
        t = storage.read_part(data_dir, SILVER_DOCUMENTS, part, ["doc_id", "minhash", "story_id"])
        rows += zip(*(t.column(c).to_pylist() for c in ("doc_id", "minhash", "story_id")), strict=True)
    seg = index_segment(index, rows, index.next_order)
    index.next_order += len(seg)
    return seg


def synced_index(
    data_dir: Path, threshold: float = DEFAULT_THRESHOLD, config: StoryConfig = StoryConfig()
) -> LshIndex:
    """The stored index, brought up to date with committed silver (and saved), ready to query."""
    data_dir = Path(data_dir)
    folder = state_dir(data_dir)
    index = new_index(threshold, config)
    fp = fingerprint(index, config)
    committed = _committed(data_dir)
    manifest = _read_manifest(folder)
    reason = _stale_reason(manifest, fp, committed)
    entries: list[dict] = []
    if reason is None:
        try:
            for e in manifest["segments"]:
                index.segments.append(_load_segment(folder / e["name"], index, e["rows"]))
            entries = list(manifest["segments"])
            index.next_order = int(manifest["next_order"])
        except (OSError, ValueError, KeyError, TypeError) as e:
            reason = f"a segment cannot be read ({e})"
    if reason is not None:
        if manifest is not None or committed:
            log.info("rebuilding the story index from silver/documents: %s", reason)
        index = new_index(threshold, config)
        entries = []
    known = {part for e in entries for part in e["parts"]}
    new_parts = _commit_order(data_dir, [p for p in committed if p not in known])
    if not new_parts and (reason is None or (manifest is None and not committed)):
        return index
    folder.mkdir(parents=True, exist_ok=True)
    if new_parts:
        seg = _segment_from_parts(data_dir, index, new_parts)
        index.segments.append(seg)
        entries.append(
            dict(name=_write_segment(folder, seg), rows=len(seg), parts={p: committed[p] for p in new_parts})
        )
    while len(entries) >= 2 and entries[-1]["rows"] >= entries[-2]["rows"]:
        merged = Segment.merge(index.segments[-2:], index.bands, index.rows)
        parts = entries[-2]["parts"] | entries[-1]["parts"]
        del index.segments[-2:], entries[-2:]
        index.segments.append(merged)
        entries.append(dict(name=_write_segment(folder, merged), rows=len(merged), parts=parts))
    _write_manifest(folder, dict(fingerprint=fp, next_order=index.next_order, segments=entries))
    _remove_leftovers(folder, {e["name"] for e in entries})
    return index
