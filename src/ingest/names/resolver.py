"""The resolver's state, grown document by document, and what a run changed in it.

:class:`Resolver` holds everything resolution learns from the documents it has seen: the
clusters of names outside the KB, and per entity and per unresolved name what the gold rows
count (mentions, documents, observed aliases, candidates). Gold pickles it between runs
(:mod:`ingest.gold_state`), so a run resolves only the documents that are new and then
recomputes the rows of the entities they touched. Resolving documents 1…n in one go and
resolving 1…k, saving, loading, then k+1…n give the same state: documents are always taken
in ingestion order and each document is resolved whole before the next one starts.

What a document's resolution may depend on is therefore the documents before it, never
those after it. Two things follow, both said in the gold tables' documentation:

- a cluster's entity id comes from the key of its first name, so the same articles in another
  order can give an entity another id; it changes only when the cluster merges into an older
  one, and the run that merges rewrites the rows that name it (:meth:`Resolver.finish`
  reports the renames);
- a short form that stays unresolved ('Mr Chan' with no full name in its document) lists as
  candidates the people known when its document was resolved, not people first seen later.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Mention
from .cluster import Cluster, Clusters
from .context import DocContext
from .kb import KnowledgeBase, alias_key
from .parse import ParsedName, parse_name
from .resolve import (
    KBPeople,
    Link,
    Resolution,
    ResolveConfig,
    _bridge_written_together,
    _first_pass,
    _fitting_full_names,
    _full_names,
    _short_form,
    not_a_name,
)
from .tables import cluster_eid, entity_rows, mention_row, unresolved_rows

__all__ = ["RESOLVER_VERSION", "RenameConflict", "Resolver", "RunChanges", "resolve"]

# Bump when a change to resolution or to gold's columns would give other gold rows for the
# same documents (5: gold/dates gained begin and end; 6: initials written together; 7: romanised
# names bridged only through characters common in given names, Macau spellings, junk and cut
# organisation names, misspelt English names linked by the document; 8: counts left
# gold/entities):
# gold state saved by another version is discarded and gold rebuilt from silver.
RESOLVER_VERSION = 8


class RenameConflict(Exception):
    """An entity id shared by two clusters changed for one of them: rows naming it cannot be
    renamed by id alone, so gold is rebuilt from silver (rare: two people outside the KB with
    the same key)."""


@dataclass
class Counts:
    """What resolution keeps of one KB entity: its links, and the names it was written as."""

    links: int = 0
    observed: set[str] = field(default_factory=set)


@dataclass
class Group:
    """Mentions of one unresolved name (keyed by its folded form and label)."""

    texts: Counter[str] = field(default_factory=Counter)
    links: int = 0
    docs: set[str] = field(default_factory=set)
    candidates: set[str] = field(default_factory=set)  # refs: KB ids and cluster placeholders


@dataclass
class RunChanges:
    """What :meth:`Resolver.finish` found a run changed, in final ids.

    - ``mentions``: gold/mentions rows of the documents resolved in this run;
    - ``renamed``: old entity id → new one, for entities whose id changed;
    - ``renamed_docs``: earlier documents whose rows name a renamed entity;
    - ``entities`` / ``aliases``: rows of every entity touched (new counts, names or aliases);
    - ``gone``: entity ids no longer produced (renamed or merged into another);
    - ``unresolved``: rows of the unresolved names touched.
    """

    mentions: list[dict]
    renamed: dict[str, str]
    renamed_docs: set[str]
    entities: list[dict]
    aliases: list[dict]
    gone: set[str]
    unresolved: list[dict]


class Resolver:
    """Resolution state across runs; see the module docstring."""

    def __init__(self, config: ResolveConfig = ResolveConfig()) -> None:
        self.config = config
        self.clusters = Clusters(config.threshold)
        self.kb_counts: dict[str, Counts] = defaultdict(Counts)
        self.groups: dict[tuple[str, str], Group] = defaultdict(Group)
        self.eids: dict[str, str] = {}  # root cluster ref → entity id as last finished
        self.owners: dict[str, set[str]] = defaultdict(set)  # entity id → root refs holding it
        self.documents = 0
        self._begin()

    def _begin(self) -> None:
        self.clusters.begin()
        self._touched_kb: set[str] = set()
        self._touched_groups: set[tuple[str, str]] = set()
        self._links: list[Link] = []

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for k in ("_touched_kb", "_touched_groups", "_links"):
            state.pop(k)
        state["kb_counts"], state["groups"], state["owners"] = (
            dict(self.kb_counts),
            dict(self.groups),
            dict(self.owners),
        )
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.kb_counts = defaultdict(Counts, self.kb_counts)
        self.groups = defaultdict(Group, self.groups)
        self.owners = defaultdict(set, self.owners)
        self._begin()

    # -- resolving ---------------------------------------------------------------------

    def add(
        self, mentions: Sequence[Mention], docs: Mapping[str, DocContext], kb: KnowledgeBase
    ) -> list[Link]:
        """Resolve the mentions of ``docs``, document by document in their order (mentions by
        offset); returns the links, in that order."""
        cfg = self.config
        order = {d: (c.order, d) for d, c in docs.items()}
        prio = {lab: i for i, lab in enumerate(cfg.labels)}
        chosen: dict[tuple[str, int, int], Mention] = {}
        for m in mentions:
            if m.label not in prio:
                continue
            k = (m.doc_id, m.start_char, m.end_char)
            if k not in chosen or prio[m.label] < prio[chosen[k].label]:
                chosen[k] = m
        by_doc: dict[str, list[Mention]] = defaultdict(list)
        for m in chosen.values():
            by_doc[m.doc_id].append(m)
        people = KBPeople(kb)
        out: list[Link] = []
        for doc_id in sorted(by_doc, key=lambda d: order.get(d, (1 << 30, d))):
            todo = sorted(by_doc[doc_id], key=lambda m: (m.start_char, m.end_char))
            links = self._document(todo, docs, kb, people)
            for ln in links:
                self._record(ln)
            out += links
            self.documents += 1
        self._links += out
        return out

    def _document(
        self, todo: list[Mention], docs: Mapping[str, DocContext], kb: KnowledgeBase, people: KBPeople
    ) -> list[Link]:
        cfg, clusters = self.config, self.clusters
        links: list[Link] = []
        deferred: list[Link] = []
        acro_cache: dict[str, dict[str, str]] = {}
        given_of: dict[str, Link] = {}  # the given name of each full Chinese name written so far
        for m in todo:
            p = parse_name(m.text)
            if p.script == "empty":
                continue
            link = _given_name_alone(m, p, given_of, kb, cfg)
            if link is None:
                link = _first_pass(m, p, kb, people, docs, acro_cache, clusters, cfg)
            if (
                link is not None
                and link.entity_id
                and m.label == "PERSON"
                and p.script == "cjk"
                and len(p.hans) >= 3
                and p.given
            ):
                given_of.setdefault(p.given, link)
            if link is not None and link.entity_id and link.entity_id.startswith("@") and m.label == "PERSON":
                _bridge_written_together(link, docs.get(m.doc_id), clusters)
            (deferred if link is None else links).append(
                link or Link(m, p, None, "unresolved", 0.0, "short form: needs evidence in its document")
            )
        if deferred:
            full_names = _full_names([ln for ln in links if ln.entity_id])
            fitting: dict[object, list] = {}
            for ln in deferred:  # a short form is compared with its document's full names once
                if ln.parsed not in fitting:
                    fitting[ln.parsed] = _fitting_full_names(ln.parsed, full_names)
                links.append(_short_form(ln, fitting[ln.parsed], kb, docs, clusters, cfg))
        links.sort(key=lambda ln: (ln.mention.start_char, ln.mention.end_char))
        return links

    def _record(self, ln: Link) -> None:
        m, ref = ln.mention, ln.entity_id
        if ref and ref.startswith("@"):
            c = self.clusters.cluster(ref)
            c.links += 1
            c.link_docs.add(m.doc_id)
            if ln.alias_ok:  # short forms ('Sit', 'Mrs Lam') and role titles are no aliases
                c.observed.add(ln.parsed.bare)
            self.clusters.touched.add(c)
        elif ref:
            k = self.kb_counts[ref]
            k.links += 1
            if ln.alias_ok:
                k.observed.add(ln.parsed.bare)
            self._touched_kb.add(ref)
        group = None
        if not ref and not_a_name(m.text) is None:  # spans that are no names are not offered
            group = (alias_key(m.text), m.label)
            g = self.groups[group]
            g.texts[ln.parsed.bare or m.text] += 1
            g.links += 1
            g.docs.add(m.doc_id)
            g.candidates |= set(ln.candidates)
            self._touched_groups.add(group)
        for c_ref in ln.candidates:
            if c_ref.startswith("@"):
                c = self.clusters.cluster(c_ref)
                c.cand_docs.add(m.doc_id)
                if group is not None:
                    c.cand_groups.add(group)

    # -- finishing ---------------------------------------------------------------------

    def eid(self, ref: str | None) -> str | None:
        """The entity id a link's ref names now (KB ids unchanged)."""
        if not ref or not ref.startswith("@"):
            return ref
        return self.eids[self.clusters.cluster(ref).ref]

    def finish(self, kb: KnowledgeBase, *, everything: bool = False) -> RunChanges:
        """Settle this run's entity ids and rows: only what the run touched, or ``everything``.

        Raises :class:`RenameConflict` when a renamed id is shared with another cluster.
        """
        clusters = self.clusters
        roots = {c.root for c in clusters.touched} | {c.root for c in clusters.absorbed}
        if everything:
            roots = {c for c in clusters.all if c.merged_into is None}
        touched: set[str] = set(self._touched_kb)
        changed: list[tuple[Cluster, str]] = []
        for c in clusters.absorbed:  # merged into another cluster: its id leaves with it
            old = self.eids.pop(c.ref, None)
            if old is not None:
                self.owners[old].discard(c.ref)
                changed.append((c, old))
        for r in sorted(roots, key=lambda c: int(c.ref[1:])):
            new, old = cluster_eid(r), self.eids.get(r.ref)
            if old != new:
                if old is not None:
                    self.owners[old].discard(r.ref)
                    changed.append((r, old))
                self.eids[r.ref] = new
                self.owners[new].add(r.ref)
            touched.add(new)
        renamed: dict[str, str] = {}
        renamed_docs: set[str] = set()
        groups = set(self._touched_groups)
        for c, old in changed:
            new = self.eids[c.root.ref]
            if old == new:
                continue
            if renamed.setdefault(old, new) != new:
                raise RenameConflict(f"entity id {old} would become both {renamed[old]} and {new}")
            renamed_docs |= c.link_docs | c.cand_docs
            groups |= c.cand_groups
        for old in renamed:
            if self.owners.get(old):
                raise RenameConflict(f"entity id {old} is held by another cluster too")
            self.owners.pop(old, None)
        if everything:
            touched = {e.entity_id for e in kb} | set(self.owners)
            groups = set(self.groups)
        ents, aliases = entity_rows(self, kb, sorted(touched - set(renamed)))
        unresolved = unresolved_rows(self, sorted(groups))
        mentions = [mention_row(ln, self.eid) for ln in self._links]
        self._links = []
        self.clusters.begin()
        self._touched_kb, self._touched_groups = set(), set()
        return RunChanges(mentions, renamed, renamed_docs, ents, aliases, set(renamed), unresolved)

    def roots_of(self, eid: str) -> list[Cluster]:
        """The clusters holding an entity id, oldest first."""
        return sorted(
            (self.clusters.all[int(r[1:])] for r in self.owners.get(eid, ())), key=lambda c: int(c.ref[1:])
        )


def _given_name_alone(
    m: Mention, p: ParsedName, given_of: Mapping[str, Link], kb: KnowledgeBase, cfg: ResolveConfig
) -> Link | None:
    """和俊 after 尹和俊 in the same document: a Chinese given name written alone refers to the
    person whose full name gave it earlier (unless the name is a KB alias of its own)."""
    if m.label != "PERSON" or p.script != "cjk" or len(p.hans) != 2 or p.hans not in given_of:
        return None
    if kb.lookup(m.text):
        return None
    full = given_of[p.hans]
    return Link(
        m,
        p,
        full.entity_id,
        "in-document",
        cfg.short_form_score,
        f"the given name of {full.mention.text!r}, written earlier in the same document",
        alias_ok=False,
    )


def resolve(
    mentions: Sequence[Mention],
    docs: Mapping[str, DocContext],
    kb: KnowledgeBase,
    config: ResolveConfig = ResolveConfig(),
) -> Resolution:
    """Link mentions to entities in one go; see :mod:`ingest.names.resolve` for the evidence."""
    r = Resolver(config)
    r.add(mentions, docs, kb)
    ch = r.finish(kb, everything=True)
    return Resolution(ch.entities, ch.aliases, ch.mentions, ch.unresolved)
