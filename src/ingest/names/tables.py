"""Turn resolved links into rows of the gold tables (entities, aliases, mentions, unresolved).

Cluster placeholders (``@n``) become stable ids here: ``h:`` + a hash of the kind and the
key of the cluster's first name (its Simplified form, else its folded Latin form). Every list is sorted, so the output is deterministic.
Rows are built per entity and per unresolved name, from the counts :class:`Resolver` keeps,
so a run rebuilds only the rows of what it touched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .kb import KBEntity, KnowledgeBase, alias_key
from .romanise import to_simplified, to_traditional
from .variants import variants

if TYPE_CHECKING:
    from .cluster import Cluster
    from .resolve import Link
    from .resolver import Resolver

_SCHEME = {
    "english": "english",
    "cantonese": "cantonese",
    "pinyin": "pinyin",
    "wade_giles": "wade_giles",
    "acronym": "acronym",
    "mt_rendering": "mt_rendering",
    "user": "kb",
    "zh_hant": "zh_hant",
    "zh_hans": "zh_hans",
}


def _cluster_key(c: Cluster) -> tuple[str, str, str]:
    """(key, English name, Simplified name) of a cluster."""
    zh: Counter[str] = Counter()
    lat: Counter[str] = Counter()
    for p, n in c.counts.items():
        if p.script == "cjk":
            zh[p.hans] += n
        elif p.script == "latin":
            lat[p.bare] += n
    name_en = min(lat, key=lambda n: (-len(n.split()), -lat[n], n)) if lat else ""
    hans = min(zh, key=lambda n: (-zh[n], n)) if zh else ""
    if c.key:
        return c.key, name_en, hans
    return (hans or alias_key(name_en)), name_en, hans


def cluster_eid(c: Cluster) -> str:
    """Entity id of a root cluster: ``h:`` + a hash of its kind and the key of its first name.

    Fixed when the cluster is made, so an entity keeps its id as articles add names to it
    (a fuller English name, the Chinese characters); it changes only when the cluster merges
    into an older one, which keeps its own.
    """
    from .resolve import stable_id

    return stable_id(c.label, c.id_key or _cluster_key(c)[0])


def _person_romanised(hans: str) -> tuple[str | None, str | None, list[tuple[str, str]]]:
    if not hans:
        return None, None, []
    v = variants(hans)
    hk = [f for f in v.get("hk", []) if "-" in f and not f.isupper()]
    gen = [(a, "pinyin") for a in v.get("pinyin", [])[:3]] + [(a, "cantonese") for a in hk[:3]]
    gen += [(a, "wade_giles") for a in v.get("wade_giles", [])[:1]]
    return (v["pinyin"][0] if v.get("pinyin") else None), (hk[0] if hk else None), gen


def _kb_rows(e: KBEntity) -> tuple[dict, list[tuple[str, str]]]:
    pin = can = None
    gen: list[tuple[str, str]] = []
    if e.kind == "PERSON" and e.zh_hans:
        pin, can, gen = _person_romanised(e.zh_hans)
        can = next((a for a, s in e.aliases if s == "cantonese"), can)
    row = {
        "entity_id": e.entity_id,
        "kind": e.kind,
        "name_en": e.name_en or None,
        "name_zh_hant": e.zh_hant or None,
        "name_zh_hans": e.zh_hans or None,
        "name_pinyin": pin,
        "name_cantonese": can,
        "in_kb": True,
        "roles": [
            {
                "title": r.title,
                "title_zh": r.title_zh or None,
                "held_from": r.start,
                "held_to": r.end,
                "held_from_given": r.start_text or None,
                "held_to_given": r.end_text or None,
            }
            for r in e.roles
        ],
    }
    al = []
    for a, s in e.all_aliases():
        if s == "zh":
            s = "zh_hans" if to_simplified(a) == a and to_traditional(a) != a else "zh_hant"
        al.append((a, _SCHEME.get(s, "kb")))
    return row, al + gen


def mention_row(ln: Link, eid: Callable[[str | None], str | None]) -> dict:
    """The gold/mentions row of a link, refs turned into entity ids by ``eid``."""
    m = ln.mention
    return {
        "doc_id": m.doc_id,
        "start_char": m.start_char,
        "end_char": m.end_char,
        "text": m.text,
        "label": m.label,
        "entity_id": eid(ln.entity_id),
        "method": ln.method,
        "score": round(float(ln.score), 3),
        "evidence": ln.evidence,
        "candidates": sorted({eid(c) or "" for c in ln.candidates} - {""}),
    }


def entity_rows(r: Resolver, kb: KnowledgeBase, eids: Sequence[str]) -> tuple[list[dict], list[dict]]:
    """gold/entities and gold/entity_aliases rows of these entities (KB ids and cluster ids).

    An id that two clusters share (the same key) gets one row: names from the older cluster,
    aliases from both. A KB entity has rows once mentioned (or always, with
    ``include_unmentioned_kb``). Rows come KB entities first, then in order of first appearance:
    gold writes them in parts of consecutive rows, and the young entities, whose names still
    change as articles add forms, then share the last few parts (:mod:`ingest.keyed`).
    """
    entities: list[tuple[tuple[int, int], dict]] = []
    aliases: set[tuple[str, str, str]] = set()
    kb_rank = {k: i for i, k in enumerate(r.kb_counts)}  # in order of first mention
    for eid in eids:
        e = kb.get(eid) if eid.startswith("kb:") else None
        if e is not None:
            counts = r.kb_counts.get(eid)
            if counts is None and not r.config.include_unmentioned_kb:
                continue
            row, al = _kb_rows(e)
            aliases |= {(eid, a, s) for a, s in al}
            observed = counts.observed if counts else set()
            rank = (0, kb_rank.get(eid, len(kb_rank)))
        else:
            roots = r.roots_of(eid)
            if not roots:
                continue
            row, al = _cluster_row(eid, roots[0])
            aliases |= al
            observed = set().union(*(c.observed | c.written_with for c in roots))
            rank = (1, int(roots[0].ref[1:]))
        aliases |= {(eid, a, "observed") for a in observed}
        entities.append((rank, row))
    entities.sort(key=lambda t: t[0])
    return [row for _, row in entities], [
        {"entity_id": e, "alias": a, "scheme": s} for e, a, s in sorted(aliases) if a
    ]


def _cluster_row(eid: str, c: Cluster) -> tuple[dict, set[tuple[str, str, str]]]:
    _, name_en, hans = _cluster_key(c)
    pin = can = None
    gen: list[tuple[str, str]] = []
    if c.label == "PERSON" and hans:
        pin, can, gen = _person_romanised(hans)
    written: Counter[str] = Counter()
    for p, n in c.counts.items():
        if p.script == "cjk" and to_simplified(p.bare) != p.bare:
            written[p.bare] += n
    hant = (
        min(written, key=lambda n: (-written[n], n)) if written else (to_traditional(hans) if hans else None)
    )
    row = {
        "entity_id": eid,
        "kind": c.label,
        "name_en": name_en or None,
        "name_zh_hant": hant,
        "name_zh_hans": hans or None,
        "name_pinyin": pin,
        "name_cantonese": can,
        "in_kb": False,
        "roles": [],
    }
    aliases = {(eid, a, s) for a, s in gen}
    if hans:
        aliases |= {(eid, hans, "zh_hans"), (eid, hant or hans, "zh_hant")}
    return row, aliases


def unresolved_rows(r: Resolver, keys: Sequence[tuple[str, str]]) -> list[dict]:
    """gold/unresolved rows of these (folded name, label) groups, when mentioned often enough."""
    out = []
    for key in keys:
        g = r.groups.get(key)
        if g is None or g.links < r.config.min_unresolved:
            continue
        name = min(g.texts, key=lambda t: (-g.texts[t], t))
        out.append(
            {
                "name_key": key[0],
                "name": name,
                "label": key[1],
                "mention_count": g.links,
                "doc_count": len(g.docs),
                "candidates": sorted({r.eid(c) or "" for c in g.candidates} - {""}),
            }
        )
    out.sort(key=lambda row: (-row["mention_count"], row["name"], row["label"]))
    return out
