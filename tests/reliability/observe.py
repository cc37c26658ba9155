"""Where each inbox path ended up after a run: read straight from the Parquet folders and the summary.

The silver/quarantine table is read as files (``<data>/silver/quarantine/*.parquet``), not
through ``ingest.schemas``, so these helpers work before and after that table is declared.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.dataset as ds
from hostile import IGNORED, INGESTED, QUARANTINED, RECORDED, REJECTED, SAME_CONTENT, SKIPPED, Case

IN_BRONZE_ONLY = "in_bronze_only"  # read into bronze, then neither in gold nor quarantined: lost


def read_folder(data: Path, table_path: str) -> list[dict]:
    """Every row of ``<data>/<table_path>/*.parquet`` (none when the folder is absent)."""
    files = sorted((Path(data) / table_path).glob("*.parquet"))
    if not files:
        return []
    return ds.dataset([str(f) for f in files], format="parquet").to_table().to_pylist()


def path_forms(rel: str) -> set[str]:
    """Ways a pipeline may spell an inbox path in a string column (a non-UTF-8 name must be escaped)."""
    raw = os.fsencode(rel)
    forms = {rel, raw.decode("utf-8", "backslashreplace"), raw.decode("utf-8", "replace")}
    forms.add(raw.decode("latin-1"))
    forms.add(rel.replace("\n", "\\n"))
    from ingest.inbox import display_name  # the product's own safe spelling

    forms.add(display_name(raw))
    return {f for f in forms if _encodable(f)} | {rel}


def _encodable(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def skipped_entries(summary: Mapping) -> list[tuple[str, str]]:
    """The summary's ``skipped`` list as (path, reason), whether entries are pairs or dicts."""
    out = []
    for e in summary.get("skipped", []) or []:
        if isinstance(e, Mapping):
            path = e.get("source_path", e.get("path"))
            out.append((str(path), str(e.get("reason") or "")))
        else:
            path, reason = e[0], e[1] if len(e) > 1 else ""
            out.append((os.fsdecode(path) if isinstance(path, bytes) else str(path), str(reason or "")))
    return out


@dataclass
class Layers:
    """The tables a run leaves, indexed by inbox path."""

    bronze: dict[str, list[dict]] = field(default_factory=dict)
    rejected: dict[str, list[dict]] = field(default_factory=dict)
    quarantine: dict[str, list[dict]] = field(default_factory=dict)
    gold_paths: dict[str, str] = field(default_factory=dict)  # source_path -> doc_id in gold
    gold_ids: set[str] = field(default_factory=set)
    skipped: dict[str, list[str]] = field(default_factory=dict)
    bronze_shas: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, data: Path, summary: Mapping) -> Layers:
        lay = cls()
        bronze = read_folder(data, "bronze/documents")
        for r in bronze:
            lay.bronze.setdefault(r["source_path"], []).append(r)
            lay.bronze_shas.add(r.get("content_sha256") or r["doc_id"])
        for r in read_folder(data, "bronze/rejected"):
            lay.rejected.setdefault(r["source_path"], []).append(r)
        for r in read_folder(data, "silver/quarantine"):
            lay.quarantine.setdefault(r["source_path"], []).append(r)
        lay.gold_ids = {r["doc_id"] for r in read_folder(data, "gold/documents")}
        for r in bronze:
            if r["doc_id"] in lay.gold_ids:
                lay.gold_paths[r["source_path"]] = r["doc_id"]
        for path, reason in skipped_entries(summary):
            lay.skipped.setdefault(path, []).append(reason)
        return lay

    def _find(self, index: Mapping[str, list], rel: str) -> list:
        return [x for f in path_forms(rel) for x in index.get(f, [])]

    def outcome(self, inbox: Path, rel: str) -> str:
        """Where ``rel`` ended up: the first of ingested, quarantined, rejected, skipped that applies."""
        if any(f in self.gold_paths for f in path_forms(rel)):
            return INGESTED
        if self._find(self.quarantine, rel):
            return QUARANTINED
        if self._find(self.rejected, rel):
            return REJECTED
        if self._find(self.skipped, rel):
            return SKIPPED
        if self._find(self.bronze, rel):
            return IN_BRONZE_ONLY
        p = Path(inbox) / rel
        try:
            if p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest() in self.bronze_shas:
                return SAME_CONTENT
        except OSError:
            pass
        return IGNORED

    def reasons(self, rel: str) -> list[str]:
        """Every reason recorded for ``rel`` (rejected, quarantined and skipped)."""
        rows = self._find(self.rejected, rel) + self._find(self.quarantine, rel)
        return [str(r.get("reason") or "") for r in rows] + self._find(self.skipped, rel)

    def bronze_text(self, rel: str) -> str:
        return "\n".join(r["text"] for r in self._find(self.bronze, rel))


def check_case(case: Case, lay: Layers, inbox: Path) -> list[str]:
    """What is wrong with ``case`` after a run (empty when it ended where it should)."""
    problems = []
    seen = []
    for rel, accepted in case.outcomes:
        got = lay.outcome(inbox, rel)
        seen.append(got)
        if got not in accepted:
            problems.append(f"{case.name}: {rel!r} is {got}, expected one of {sorted(accepted)}")
        if got in RECORDED and not all(r.strip() for r in lay.reasons(rel)):
            problems.append(f"{case.name}: {rel!r} is {got} with an empty reason")
        if got == INGESTED and case.contains and case.contains not in lay.bronze_text(rel):
            problems.append(
                f"{case.name}: {rel!r} decoded wrongly: bronze text lacks {case.contains!r} "
                f"(encoding {[r['encoding'] for r in lay._find(lay.bronze, rel)]})"
            )
    if case.must_record and not RECORDED & set(seen):
        problems.append(f"{case.name}: none of {list(case.paths)} is recorded with a reason ({seen})")
    return problems


def key_counts(rows: list[dict], key: tuple[str, ...]) -> dict[tuple, int]:
    counts: dict[tuple, int] = {}
    for r in rows:
        k = tuple(r.get(c) for c in key)
        counts[k] = counts.get(k, 0) + 1
    return counts
