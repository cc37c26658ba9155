"""Turn resolved links into rows of the gold tables (entities, aliases, mentions, unresolved).

Cluster placeholders (``@n``) become stable ids here: ``h:`` + a hash of the kind and the
cluster key — the most frequent Simplified form when any Chinese form is known, else the
folded Latin form of the fullest name. Every list is sorted, so the output is deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from .kb import KBEntity, KnowledgeBase, alias_key
from .romanise import to_simplified, to_traditional
from .variants import variants

if TYPE_CHECKING:
    from .cluster import Cluster, Clusters
    from .resolve import Link, Resolution

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
    zh = Counter(p.hans for p, _ in c.members if p.script == "cjk")
    lat = Counter(p.bare for p, _ in c.members if p.script == "latin")
    name_en = min(lat, key=lambda n: (-len(n.split()), -lat[n], n)) if lat else ""
    hans = min(zh, key=lambda n: (-zh[n], n)) if zh else ""
    if c.key:
        return c.key, name_en, hans
    return (hans or alias_key(name_en)), name_en, hans


def _final_ids(clusters: Clusters) -> tuple[dict[str, str], dict[str, tuple[Cluster, str, str]]]:
    from .resolve import stable_id

    ref_to_id: dict[str, str] = {}
    info: dict[str, tuple[Cluster, str, str]] = {}
    for c in clusters.all:
        r = c.root
        if r is not c:
            continue
        key, name_en, hans = _cluster_key(r)
        eid = stable_id(r.label, key)
        ref_to_id[r.ref] = eid
        info.setdefault(eid, (r, name_en, hans))
    for c in clusters.all:
        ref_to_id[c.ref] = ref_to_id[c.root.ref]
    return ref_to_id, info


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
                "held_from": r.start_text or None,
                "held_to": r.end_text or None,
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


def build_tables(
    links: list[Link], kb: KnowledgeBase, clusters: Clusters, include_kb: bool, min_unresolved: int
) -> Resolution:
    from .resolve import Resolution, not_a_name

    ref_to_id, info = _final_ids(clusters)

    def fin(x: str | None) -> str | None:
        return ref_to_id.get(x, x) if x else x

    mentions: list[dict] = []
    per_entity: dict[str, list[Link]] = defaultdict(list)
    observed: set[tuple[str, str]] = set()
    unres: dict[tuple[str, str], list[Link]] = defaultdict(list)
    for ln in links:
        m = ln.mention
        eid = fin(ln.entity_id)
        cands = sorted({fin(c) or "" for c in ln.candidates} - {""})
        mentions.append(
            {
                "doc_id": m.doc_id,
                "start_char": m.start_char,
                "end_char": m.end_char,
                "text": m.text,
                "label": m.label,
                "entity_id": eid,
                "method": ln.method,
                "score": round(float(ln.score), 3),
                "evidence": ln.evidence,
                "candidates": cands,
            }
        )
        if eid:
            per_entity[eid].append(ln)
            if ln.alias_ok:  # short forms ('Sit', 'Mrs Lam') and role titles are no aliases
                observed.add((eid, ln.parsed.bare))
        elif not_a_name(m.text) is None:  # spans that are no names are not offered for curation
            unres[(alias_key(m.text), m.label)].append(ln)
    entities: list[dict] = []
    aliases: set[tuple[str, str, str]] = set()
    for e in kb:
        if not include_kb and e.entity_id not in per_entity:
            continue
        row, al = _kb_rows(e)
        entities.append(row)
        aliases |= {(e.entity_id, a, s) for a, s in al}
    for eid, (c, name_en, hans) in info.items():
        observed |= {(eid, w) for w in c.written_with}  # 'Ann Chiang (蔣麗芸)': both are its names
        pin = can = None
        gen: list[tuple[str, str]] = []
        if c.label == "PERSON" and hans:
            pin, can, gen = _person_romanised(hans)
        written = Counter(
            p.bare for p, _ in c.members if p.script == "cjk" and to_simplified(p.bare) != p.bare
        )
        hant = (
            min(written, key=lambda n: (-written[n], n))
            if written
            else (to_traditional(hans) if hans else None)
        )
        entities.append(
            {
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
        )
        if hans:
            aliases |= {(eid, hans, "zh_hans"), (eid, hant or hans, "zh_hant")}
        aliases |= {(eid, a, s) for a, s in gen}
    aliases |= {(eid, a, "observed") for eid, a in observed}
    for row in entities:
        lns = per_entity.get(row["entity_id"], [])
        row["mention_count"] = len(lns)
        row["doc_count"] = len({ln.mention.doc_id for ln in lns})
    unresolved = []
    for (_, label), lns in unres.items():
        if len(lns) < min_unresolved:
            continue
        texts = Counter(ln.parsed.bare or ln.mention.text for ln in lns)
        name = min(texts, key=lambda t: (-texts[t], t))
        cands = sorted({fin(c) or "" for ln in lns for c in ln.candidates} - {""})
        unresolved.append(
            {
                "name": name,
                "label": label,
                "mention_count": len(lns),
                "doc_count": len({ln.mention.doc_id for ln in lns}),
                "candidates": cands,
            }
        )
    entities.sort(key=lambda r: r["entity_id"])
    unresolved.sort(key=lambda r: (-r["mention_count"], r["name"], r["label"]))
    alias_rows = [{"entity_id": e, "alias": a, "scheme": s} for e, a, s in sorted(aliases) if a]
    return Resolution(entities, alias_rows, mentions, unresolved)
