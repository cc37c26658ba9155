"""Gold entity resolution: link silver PERSON / ORG / GPE / LOC / NORP mentions to entities.

Order of evidence, for each mention (documents in ingestion order, mentions by offset):

1. ``kb`` — the mention (titles stripped, script and case folded) is a KB alias; or an
   acronym the document defines ('Ministry of Science and Technology (MOST)') whose long
   form is a KB alias (``in-document``);
2. ``variant`` / ``romanisation`` — a person name that :func:`compare_parsed` finds to be one
   KB person's name in another spelling or script ('Xue Yongheng' → 薛永恒), uniquely;
3. short forms ('Mrs Lam', 'Yang', 'Mr Chan', 林太) resolve only ``in-document``: to the one
   person of the same document whose name they are compatible with, or to the one KB person
   holding the role written just before them on the publication date; otherwise they stay
   unresolved with candidates;
4. other names cluster across documents and languages (``key`` for the cluster's first
   form, ``in-document`` / ``cross-document`` for later ones) when they compare as the same
   and conflict with no member of the cluster.

entity_id is ``kb:<id>`` for KB entities, else ``h:`` + a hash of the kind and the cluster
key (the Simplified form when any Chinese form is known, else the folded Latin form).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Mention
from .cluster import Clusters
from .compare import DEFAULT_THRESHOLD, SURNAME_ONLY, compare_parsed
from .context import (
    DocContext,
    acronyms_defined,
    longer_alias_at,
    name_in_parentheses,
    names_person,
    role_before,
)
from .kb import KBEntity, KnowledgeBase, alias_key
from .latin import misspelt_english
from .parse import ParsedName, parse_name
from .romanise import is_cjk

__all__ = ["DocContext", "Link", "Resolution", "ResolveConfig", "stable_id"]

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")
# Score of an English name one letter from a KB person's, linked by the document's evidence.
MISSPELT_SCORE = 0.8


@dataclass(frozen=True)
class ResolveConfig:
    """Thresholds of the resolver.

    - ``threshold`` (0.75): a name comparison at or above it counts as the same person;
    - ``kb_margin`` (0.05): a fuzzy KB match must beat the second-best KB person by this much;
    - ``short_form_score`` (0.85): score of a short form resolved by a full name in its document;
    - ``role_score`` (0.8): score of a short form resolved by a dated KB role written before it;
    - ``role_window`` (120): characters before a mention searched for a role title;
    - ``labels``: mention labels resolved (others, DATE etc., are ignored);
    - ``include_unmentioned_kb`` (True): write every KB entity to ``entities``, mentioned or not;
    - ``min_unresolved`` (1): mentions a name needs to be listed in ``unresolved``.
    """

    threshold: float = DEFAULT_THRESHOLD
    kb_margin: float = 0.05
    short_form_score: float = 0.85
    role_score: float = 0.8
    role_window: int = 120
    labels: tuple[str, ...] = LABELS
    include_unmentioned_kb: bool = True
    min_unresolved: int = 1


@dataclass
class Resolution:
    """Rows of the gold tables (dict keys are exactly the schemas' columns)."""

    entities: list[dict]
    aliases: list[dict]
    mentions: list[dict]
    unresolved: list[dict]


@dataclass
class Link:
    """One mention's resolution (entity_id None when unresolved)."""

    mention: Mention
    parsed: ParsedName
    entity_id: str | None
    method: str
    score: float
    evidence: str
    candidates: tuple[str, ...] = ()
    alias_ok: bool = True  # False for short forms and role titles: linked, but no alias of the entity


def stable_id(kind: str, key: str) -> str:
    """Entity id of a cluster outside the KB: a hash of kind and key, never a counter."""
    return "h:" + hashlib.sha1(f"{kind}|{key}".encode()).hexdigest()[:16]


def is_short_form(p: ParsedName) -> bool:
    """'Lam', 'Mrs Lam', 'Yang', 林, 林太 — a surname alone (after titles are stripped)."""
    if p.script == "cjk":
        return len(p.hans) <= 1 or (len(p.hans) == 2 and p.surnames == (p.hans,))
    if p.script == "latin":
        return len([w for w in p.words if not w.initial]) <= 1
    return True


class KBPeople:
    """Fuzzy matching of a name against the KB's persons (through the KB's signature index)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._memo: dict[ParsedName, list[tuple[float, KBEntity, str, str]]] = {}

    def best(self, p: ParsedName) -> list[tuple[float, KBEntity, str, str]]:
        """Remembered per name: a long document repeats a name thousands of times, and each
        fuzzy match against the KB costs milliseconds."""
        if p not in self._memo:
            self._memo[p] = self.kb.match_people(p)
        return self._memo[p]


def _first_pass(
    m: Mention,
    p: ParsedName,
    kb: KnowledgeBase,
    people: KBPeople,
    docs: Mapping[str, DocContext],
    acro_cache: dict[str, dict[str, str]],
    clusters: Clusters,
    cfg: ResolveConfig,
) -> Link | None:
    stripped = f" (stripped: {', '.join(p.stripped)})" if p.stripped else ""
    ctx = docs.get(m.doc_id)
    if m.label != "PERSON" and ctx is not None and len(m.text.split()) == 1:
        longer = longer_alias_at(ctx.text_clean, m.start_char, m.end_char, kb)
        if longer is not None:  # 'China' cut from 'China Association for Science and Technology'
            why = f"cut from the longer name {longer[0]!r} (KB {longer[1].id}) written here"
            return Link(m, p, None, "unresolved", 0.0, why, (longer[1].entity_id,))
    hits = [e for e in kb.lookup(m.text) if _kind_ok(e.kind, m.label)]
    if len(hits) == 1:
        return Link(m, p, hits[0].entity_id, "kb", 1.0, f"KB alias of {hits[0].id}{stripped}")
    if (why_not := not_a_name(m.text)) is not None:
        return Link(m, p, None, "unresolved", 0.0, why_not)
    if len(hits) > 1:
        return Link(
            m,
            p,
            None,
            "unresolved",
            SURNAME_ONLY,
            "several KB entities share this alias",
            tuple(sorted(e.entity_id for e in hits)),
        )
    held = _role_holder(m.text, ctx, kb) if m.label in ("PERSON", "ORG") else None
    if held is not None:
        e, title = held
        return Link(
            m,
            p,
            e.entity_id,
            "kb",
            cfg.role_score,
            f"the role {title!r}, held by {e.id} on the publication date {ctx.published_on}",  # type: ignore[union-attr]
            alias_ok=False,
        )
    if m.label != "PERSON" and ctx is not None and m.text.strip().isupper():
        if m.doc_id not in acro_cache:  # once per document (setdefault would scan the text every time)
            acro_cache[m.doc_id] = acronyms_defined(ctx.text_clean)
        acro = acro_cache[m.doc_id]
        long_form = acro.get(m.text.strip())
        if long_form:
            hits = kb.lookup(long_form)
            if len(hits) == 1:
                return Link(
                    m,
                    p,
                    hits[0].entity_id,
                    "in-document",
                    0.95,
                    f"acronym defined in the document as {long_form!r}, a KB alias of {hits[0].id}",
                )
            c = clusters.by_key(m.label, alias_key(long_form))
            if c is not None:
                return Link(
                    m, p, c.entity_id, "in-document", 0.9, f"acronym defined in the document as {long_form!r}"
                )
    if m.label != "PERSON":
        key = alias_key(m.text)
        c, created = clusters.exact(m.label, key, p, m.doc_id)
        return Link(
            m, p, c.entity_id, "key", 1.0, "grouped by normalised name" + ("" if created else f" ({key})")
        )
    if is_short_form(p):
        return None
    ranked = [r for r in people.best(p) if r[0] >= cfg.threshold]
    if ranked and (len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= cfg.kb_margin):
        sc, e, method, ex = ranked[0]
        return Link(m, p, e.entity_id, method, sc, ex + stripped)
    if len(ranked) > 1:
        return Link(
            m,
            p,
            None,
            "unresolved",
            ranked[0][0],
            "more than one KB person fits equally",
            tuple(sorted(r[1].entity_id for r in ranked[:5])),
        )
    if ctx is not None and p.script == "latin" and (near := _misspelt_kb_person(p, ctx, kb)) is not None:
        return near(m)
    return clusters.add_person(m, p)


def _misspelt_kb_person(p: ParsedName, ctx: DocContext, kb: KnowledgeBase):  # -> Callable[[Mention], Link]
    """An English name one letter from one KB person's ('Nicolas Yang', Nicholas W Yang) in a
    document that also writes that person's Chinese name or an office held on the publication
    date: that person, with the evidence (never the misspelling as an alias). A misspelling
    alone is no evidence: without the document's word the name stays its own."""
    found: dict[str, tuple[KBEntity, str]] = {}
    for e, q in kb.people_by_signature(p):
        pair = misspelt_english(q, p)  # type: ignore[arg-type]
        if pair is not None and e.id not in found and (named := names_person(e, ctx)) is not None:
            found[e.id] = (
                e,
                f"English name {pair[1]!r} one letter from {q.bare!r}; the document writes {named}",
            )  # type: ignore[attr-defined]
    if len(found) != 1:
        return None
    e, why = next(iter(found.values()))
    return lambda m: Link(m, p, e.entity_id, "in-document", MISSPELT_SCORE, why, alias_ok=False)


def _bridge_written_together(link: Link, ctx: DocContext | None, clusters: Clusters) -> None:
    """'Ann Chiang (蔣麗芸)': the name in parentheses joins the mention's cluster, so the
    English and Chinese names link across documents though they share only a surname."""
    if ctx is None:
        return
    m, p = link.mention, link.parsed
    other = name_in_parentheses(ctx.text_clean, m.end_char, p.script == "cjk")
    if other is None:
        return
    q = parse_name(other)
    if q.script not in ("cjk", "latin") or q.script == p.script or is_short_form(q):
        return
    if compare_parsed(p, q)[0] < SURNAME_ONLY:  # 'Ann Chiang (李慧琼)' is a quote or a party, not her name
        return
    if clusters.bridge(link.entity_id or "", q, m.doc_id):
        link.evidence += f"; written with {other!r} in parentheses, taken as the same person"


def _role_holder(text: str, ctx: DocContext | None, kb: KnowledgeBase) -> tuple[KBEntity, str] | None:
    """The one KB person holding the role ``text`` names ('the Secretary for Innovation and
    Technology', 行政長官) on the document's publication date."""
    if ctx is None or ctx.published_on is None:
        return None
    title = " ".join(text.split())
    title = title[4:] if title.lower().startswith("the ") else title
    holders = [e for e in kb.roles_on(title, ctx.published_on) if e.kind == "PERSON"]
    return (holders[0], title) if len(holders) == 1 else None


_DANGLING = {"of", "and", "the", "for", "on", "in", "to", "at", "by", "&"}
# One word that names a kind of body or document, not a particular one: 'the Government',
# 'the State', 'the Scheme', 'an MoU'. A KB alias ('the Government' of the HKSAR) is looked up first.
_GENERIC = frozenset(
    [
        "government",
        "state",
        "scheme",
        "committee",
        "council",
        "bureau",
        "department",
        "ministry",
        "office",
        "commission",
        "university",
        "company",
        "group",
        "authority",
        "agency",
        "board",
        "panel",
        "fund",
        "programme",
        "program",
        "platform",
        "arrangement",
        "agreement",
        "plan",
        "mou",
        "memorandum",
        "laboratory",
        "laboratories",
        "centre",
        "center",
        "institute",
        "academy",
        "administration",
        "legislature",
        "parliament",
        "congress",
        "court",
        "police",
        "party",
    ]
)


def not_a_name(text: str) -> str | None:
    """Why an extracted span is no name to make an entity of (None when it may be one)."""
    t = text.strip(" \"'“”‘’()[],.;:")
    if any(is_cjk(c) for c in t):
        return None
    words = t.split()
    if not words or not any(c.isupper() for c in t):
        return "no capital letter: not a proper name"
    core = words[1:] if len(words) == 2 and words[0].lower() in ("the", "a", "an") else words
    if re.search(r"\w[’']s\s+[a-z]", t):  # "Lam's vision"; "People's Daily" keeps its capital
        return "a possessive phrase, not a name"
    if re.fullmatch(r"[A-Z]&[A-Z]", t):  # I&T, S&T, R&D: a field of work (AT&T has more letters)
        return f"{t!r} abbreviates a field of work, not a body"
    if re.search(r"[-‐‑–]$", text.strip()) or re.match(r"^[-‐‑–]", text.strip()):
        return "cut off at a hyphen: part of a longer word ('Mainland-based')"
    if len(core) == 1 and core[0].lower() in _GENERIC:
        return f"{core[0]!r} names a kind of body or document, not a particular one"
    if words[-1] in _DANGLING or words[0] in _DANGLING - {"the"}:  # lower case: 'James To' is a name
        return f"cut off at {words[-1]!r}: part of a longer name"
    if (
        any(c in text for c in "‘’'")
        and text.rstrip().lower().endswith(("‘s", "’s", "'s"))
        and len(words) == 1
    ):
        return "a possessive word, not a name"
    return None


def _kind_ok(kind: str, label: str) -> bool:
    return kind == label or {kind, label} <= {"GPE", "LOC"} or {kind, label} <= {"ORG", "FAC"}


def _full_names(doc_links: list[Link]) -> list[Link]:
    """The earliest link of each (entity, full person name) of a document.

    A short form is compared with each full name once, not with each of its mentions: a long
    document repeats a few names thousands of times.
    """
    first: dict[tuple[str, object], Link] = {}
    for other in doc_links:
        if other.mention.label != "PERSON" or other.entity_id is None or is_short_form(other.parsed):
            continue
        key = (other.entity_id, other.parsed)
        if key not in first or other.mention.start_char < first[key].mention.start_char:
            first[key] = other
    return sorted(first.values(), key=lambda o: o.mention.start_char)


def _fitting_full_names(p: ParsedName, full_names: list[Link]) -> list[tuple[float, Link]]:
    """The full names (in text order) a short form is compatible with, with their scores."""
    out: list[tuple[float, Link]] = []
    for other in full_names:  # in text order, each full name at its first occurrence
        sc, _, _ = compare_parsed(other.parsed, p)
        if sc >= SURNAME_ONLY:
            out.append((sc, other))
    return out


def _short_form(
    ln: Link,
    fitting: list[tuple[float, Link]],
    kb: KnowledgeBase,
    docs: Mapping[str, DocContext],
    clusters: Clusters,
    cfg: ResolveConfig,
) -> Link:
    m, p = ln.mention, ln.parsed
    fits: dict[str, tuple[float, Link]] = {}
    for sc, other in fitting:
        before = other.mention.start_char < m.start_char
        prev = fits.get(other.entity_id)
        if prev is None or (before and prev[1].mention.start_char > m.start_char):
            fits[other.entity_id] = (sc, other)
    if len(fits) == 1:
        eid, (_, other) = next(iter(fits.items()))
        where = "earlier" if other.mention.start_char < m.start_char else "later"
        return Link(
            m,
            p,
            eid,
            "in-document",
            cfg.short_form_score,
            f"short form of {other.mention.text!r} written {where} in the same document",
            alias_ok=False,
        )
    ctx = docs.get(m.doc_id)
    if ctx is not None and ctx.published_on is not None:
        title = role_before(ctx.text_clean, m.start_char, kb, cfg.role_window)
        if title:
            holders = [
                e
                for e in kb.roles_on(title, ctx.published_on)
                if e.kind == "PERSON"
                and max(compare_parsed(parse_name(a), p)[0] for a in e.person_names()) >= SURNAME_ONLY
            ]
            if len(holders) == 1:
                return Link(
                    m,
                    p,
                    holders[0].entity_id,
                    "kb",
                    cfg.role_score,
                    f"role {title!r} written before it was held by {holders[0].id} on {ctx.published_on}",
                    alias_ok=False,
                )
    cands = sorted(fits) or sorted(clusters.compatible(p, kb))
    why = (
        "several people of the document fit"
        if fits
        else "a short form with no full name or dated role in its document"
    )
    return Link(m, p, None, "unresolved", SURNAME_ONLY if cands else 0.0, why, tuple(cands[:10]))


def summarise(res: Resolution) -> Counter[str]:
    """Mentions per method (for run summaries)."""
    return Counter(r["method"] for r in res.mentions)
