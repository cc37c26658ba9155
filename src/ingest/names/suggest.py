"""Merges for a person to confirm: an English name and a Chinese name that only a human can join.

'Ann Chiang' and 蔣麗芸 share a surname and nothing else, so the resolver keeps them apart
(``ingest names compare`` says ``possible``); 'LEUNG Kwan-yuen' spells 梁君彥 but for one
syllable no scheme gives ('yuen' for 彥 yin6), so it is kept apart too. A corpus often holds the evidence a person would
use to join them: the Government's English and Chinese releases of one event, published the
same day, naming the same other people and bodies; or one document that names both. This
module finds such pairs among the gold entities and ranks them by that evidence. It changes
nothing: each suggestion comes with the alias-file rows that make the merge once a person has
checked it (``ingest entities suggest --csv``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .cluster import name_signature
from .compare import compare_parsed, surname_scheme
from .latin import loose
from .parse import ParsedName, parse_name
from .romanise import MATCH_SCHEMES, fold, readings, to_traditional


@dataclass(frozen=True)
class Suggestion:
    """Two person entities that may be one, with the documents that say so."""

    latin_id: str
    latin_name: str
    chinese_id: str
    chinese_name: str
    same_doc: int  # documents naming both
    parallel: int  # pairs of same-day documents in two languages naming the same others
    evidence: tuple[str, ...]
    names: str = "only the surname agrees"  # what the names themselves say

    @property
    def strength(self) -> int:
        return 2 * self.same_doc + self.parallel

    def alias_rows(self) -> list[dict[str, str]]:
        """Rows for an alias file (entity_id, alias, scheme, kind) that make the merge."""
        if self.chinese_id.startswith("kb:"):
            eid = self.chinese_id.removeprefix("kb:")
            return [{"entity_id": eid, "alias": self.latin_name, "scheme": "english", "kind": "PERSON"}]
        if self.latin_id.startswith("kb:"):
            eid = self.latin_id.removeprefix("kb:")
            return [{"entity_id": eid, "alias": self.chinese_name, "scheme": "zh", "kind": "PERSON"}]
        eid = re.sub(r"-+", "-", "-".join(fold(w) for w in self.latin_name.split())).strip("-")
        return [
            {"entity_id": eid, "alias": self.latin_name, "scheme": "english", "kind": "PERSON"},
            {"entity_id": eid, "alias": self.chinese_name, "scheme": "zh", "kind": "PERSON"},
        ]

    def as_dict(self) -> dict[str, object]:
        return {
            "latin": {"entity_id": self.latin_id, "name": self.latin_name},
            "chinese": {"entity_id": self.chinese_id, "name": self.chinese_name},
            "names": self.names,
            "same_doc": self.same_doc,
            "parallel": self.parallel,
            "evidence": list(self.evidence),
            "alias_rows": self.alias_rows(),
        }


def suggest_merges(
    entities: Iterable[Mapping],
    mentions: Iterable[Mapping],
    documents: Iterable[Mapping],
    max_evidence: int = 5,
) -> list[Suggestion]:
    """Pairs of PERSON entities — one known only by a Latin name whose given name says nothing of
    a Chinese one (or spells it but for one syllable), one with a Chinese name of a compatible
    surname — that some document evidence ties together, strongest first.

    ``entities``, ``mentions`` and ``documents`` are rows of the gold tables (dicts with their
    columns). Evidence: a document that names both; or two documents of the same publication
    date in different languages that also name at least one other entity in common.
    """
    entities = list(entities)
    names = {e["entity_id"]: e.get("name_en") or e.get("name_zh_hant") or e["entity_id"] for e in entities}
    people = {e["entity_id"]: e for e in entities if e.get("kind") == "PERSON"}
    latin = {i: e for i, e in people.items() if e.get("name_en") and not e.get("name_zh_hans")}
    chinese = {i: e for i, e in people.items() if e.get("name_zh_hans")}
    by_sig: dict[str, list[str]] = defaultdict(list)
    for i, e in chinese.items():
        for s in name_signature(parse_name(e["name_zh_hans"])):
            by_sig[s].append(i)
    doc_entities: dict[str, set[str]] = defaultdict(set)
    entity_docs: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.get("entity_id"):
            doc_entities[m["doc_id"]].add(m["entity_id"])
            entity_docs[m["entity_id"]].add(m["doc_id"])
    docs = {d["doc_id"]: d for d in documents}

    out: list[Suggestion] = []
    for li, le in sorted(latin.items()):
        lp = parse_name(le["name_en"])
        cands = sorted({c for s in name_signature(lp) for c in by_sig.get(s, [])})
        for ci in cands:
            if ci == li:
                continue
            cp = parse_name(chinese[ci]["name_zh_hans"])
            _, method, _ = compare_parsed(cp, lp)
            if method == "surname":  # an English given name: only the surname can agree
                why = "only the surname agrees"
            elif method == "conflict" and (off := _one_syllable_off(cp, lp)):
                why = f"one syllable spelt otherwise ({off})"  # 'Kwan-yuen' for 君彥
            else:
                continue
            shared_docs = entity_docs[li] & entity_docs[ci]
            evidence = [f"both named in {_doc(docs, d)}" for d in sorted(shared_docs)]
            parallel = 0
            on_day: dict[object, list[str]] = defaultdict(list)  # the Chinese name's documents by date
            for dc in sorted(entity_docs[ci] - shared_docs):
                if day := docs.get(dc, {}).get("published_on"):
                    on_day[day].append(dc)
            for dl in sorted(entity_docs[li] - shared_docs):
                a = docs.get(dl, {})
                for dc in on_day.get(a.get("published_on"), []) if a.get("published_on") else []:
                    if _script(a.get("lang")) == _script(docs[dc].get("lang")):
                        continue
                    others = (doc_entities[dl] & doc_entities[dc]) - {li, ci}
                    if not others:
                        continue
                    parallel += 1
                    common = ", ".join(sorted(names.get(o, o) for o in others)[:4])
                    evidence.append(f"{_doc(docs, dl)} and {_doc(docs, dc)}: same day, both name {common}")
            if shared_docs or parallel:
                out.append(
                    Suggestion(
                        li,
                        le["name_en"],
                        ci,
                        chinese[ci].get("name_zh_hant") or chinese[ci]["name_zh_hans"],
                        len(shared_docs),
                        parallel,
                        tuple(evidence[:max_evidence]),
                        why,
                    )
                )
    return sorted(out, key=lambda s: (-s.strength, s.latin_name, s.chinese_name))


def _one_syllable_off(c: ParsedName, lat: ParsedName) -> str | None:
    """The one given-name syllable of ``lat`` that spells no reading of its character, when the
    surname and every other syllable agree ("'yuen' for 彥" in 'LEUNG Kwan-yuen' / 梁君彥):
    a personal spelling no scheme makes, or another person — for a person to judge."""
    if len(c.surnames) != 1:
        return None
    words = [w for w in lat.words if not w.initial and not w.english]
    for i, w in enumerate(words):
        if surname_scheme(c.surnames[0], w.joined) is None:
            continue
        syls = [x for j, o in enumerate(words) if j != i for x in o.syllables]
        if len(syls) != len(c.given):
            continue
        off = [(x, ch) for x, ch in zip(syls, c.given, strict=True) if not _spells(x, ch)]
        if len(off) == 1:
            return f"{off[0][0]!r} for {to_traditional(off[0][1])}"
    return None


def _spells(syl: str, ch: str) -> bool:
    r = readings(ch)
    return any(syl in r[s] for s in MATCH_SCHEMES) or loose(syl) in {loose(x) for x in r["hk"]}


def _script(lang: str | None) -> str:
    return "zh" if (lang or "").startswith("zh") else (lang or "und")


def _doc(docs: Mapping[str, Mapping], doc_id: str) -> str:
    d = docs.get(doc_id, {})
    title = d.get("title") or doc_id[:12]
    return f"{title!r} ({d.get('lang') or '?'}, {d.get('published_on') or 'undated'})"
