"""Clusters of names outside the KB, built incrementally across documents and languages.

A person name joins the cluster it compares as the same with (score ≥ threshold against
some member) while conflicting with no member (every member at least compatible). When it
fits several clusters that are compatible with each other they merge ('Alan Leong' and
梁家傑 meet through 'Alan LEONG Kah-kit'); when they are not, the name stays unresolved with
the clusters as candidates. Clusters are found through name signatures (possible surname
characters), so each name is compared with a handful of clusters, not all of them.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Mention
from .blocking import NameKeys, index_tokens, may_match, name_keys, query_tokens
from .compare import SURNAME_ONLY, compare_parsed
from .kb import alias_key
from .parse import ParsedName, parse_name
from .romanise import SCHEMES, chars_for
from .surnames import surnames_spelled

if TYPE_CHECKING:
    from .kb import KnowledgeBase
    from .resolve import Link


@functools.lru_cache(maxsize=65536)
def _word_sig(word: str) -> frozenset[str]:
    chars = set(surnames_spelled(word))
    for s in SCHEMES:
        chars |= chars_for(word, s)
    return frozenset({"w:" + word} | {"s:" + c for c in chars})


def name_signature(p: ParsedName) -> frozenset[str]:
    """Keys under which a name is indexed: its possible surname characters and words."""
    if p.script == "cjk":
        return frozenset("s:" + u[0] for u in p.surnames)
    out: set[str] = set()
    for w in p.words:
        if not w.initial:
            out |= _word_sig(w.joined)
    return frozenset(out)


@dataclass(eq=False)  # identity: clusters are kept in sets
class Cluster:
    """A group of names of one entity outside the KB; ``ref`` is replaced by the stable id later.

    ``counts`` counts the names of the mentions placed here, for the entity's preferred names;
    comparisons run over ``forms``, the distinct names, so a person mentioned thousands of
    times costs no more to compare with than one mentioned once. ``links`` (mentions linked),
    ``link_docs`` (their documents), ``cand_docs`` (documents naming the cluster as a candidate)
    and ``observed`` (names linked as aliases) are kept by the resolver for the gold rows, so
    a run that adds documents recomputes only the clusters they touch.
    """

    ref: str
    label: str
    counts: Counter[ParsedName] = field(default_factory=Counter)
    key: str = ""
    merged_into: Cluster | None = None
    forms: dict[ParsedName, NameKeys | None] = field(
        default_factory=dict
    )  # distinct names, in order, with their blocking keys
    docs: set[str] = field(default_factory=set)
    bares: set[str] = field(default_factory=set)
    written_with: set[str] = field(default_factory=set)  # names a document wrote beside a member
    links: int = 0
    link_docs: set[str] = field(default_factory=set)
    cand_docs: set[str] = field(default_factory=set)
    cand_groups: set[tuple[str, str]] = field(default_factory=set)  # unresolved names naming it
    observed: set[str] = field(default_factory=set)
    id_key: str = ""  # the key of its first name: its entity id, for good (see tables.cluster_eid)

    def add(self, p: ParsedName, doc_id: str) -> None:
        self.counts[p] += 1
        if p not in self.forms:
            self.forms[p] = name_keys(p)
        self.docs.add(doc_id)
        self.bares.add(p.bare)

    def absorb(self, other: Cluster) -> None:
        """Take ``other``'s names; ``other`` points here from now on."""
        other.merged_into = self
        self.counts.update(other.counts)
        for q, kq in other.forms.items():
            self.forms.setdefault(q, kq)
        self.docs |= other.docs
        self.bares |= other.bares
        self.written_with |= other.written_with
        self.links += other.links
        self.link_docs |= other.link_docs
        self.cand_docs |= other.cand_docs
        self.cand_groups |= other.cand_groups
        self.observed |= other.observed

    @property
    def entity_id(self) -> str:
        return self.root.ref

    @property
    def root(self) -> Cluster:
        c = self
        while c.merged_into is not None:
            c = c.merged_into
        return c


class Clusters:
    """All clusters of a resolution run."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.all: list[Cluster] = []
        self._exact: dict[tuple[str, str], Cluster] = {}
        self._sig: dict[str, list[Cluster]] = defaultdict(list)
        self._sigs_of: dict[int, set[str]] = defaultdict(set)  # cluster index -> its signatures
        self._tokens: dict[str, list[Cluster]] | None = defaultdict(list)  # blocking index
        self._by_form: dict[ParsedName, Cluster] = {}  # a name already placed, and where
        self._ambiguous: set[ParsedName] = set()  # names placed in two clusters (by a bridge)
        self._compatible_cache: dict[tuple[ParsedName, int], set[str]] = {}
        self.touched: set[Cluster] = set()  # clusters that gained a name or a link since begin()
        self.absorbed: list[Cluster] = []  # clusters merged into another since begin()

    def begin(self) -> None:
        """Start a run: forget what the last one touched."""
        self.touched, self.absorbed = set(), []

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_compatible_cache"] = {}  # keyed by id(kb): meaningless in another process
        return state

    def _token_index(self) -> dict[str, list[Cluster]]:
        if self._tokens is None:  # a state saved before the index was kept
            self._tokens = defaultdict(list)
            for c in self.all:
                if c.merged_into is None:
                    for q, kq in c.forms.items():
                        for t in index_tokens(kq or name_keys(q)):
                            self._tokens[t].append(c)
        return self._tokens

    def cluster(self, ref: str) -> Cluster:
        """The cluster a placeholder ``@n`` names now (the one it was merged into, if any)."""
        return self.all[int(ref[1:])].root

    def _new(self, label: str, key: str = "") -> Cluster:
        c = Cluster(f"@{len(self.all)}", label, key=key, id_key=key)
        self.all.append(c)
        return c

    def by_key(self, label: str, key: str) -> Cluster | None:
        c = self._exact.get((label, key))
        return c.root if c else None

    def exact(self, label: str, key: str, p: ParsedName, doc_id: str) -> tuple[Cluster, bool]:
        """The cluster of names with this normalised key (organisations, places)."""
        c = self._exact.get((label, key))
        created = c is None
        if c is None:
            c = self._new(label, key)
            self._exact[(label, key)] = c
        c.root.add(p, doc_id)
        self.touched.add(c.root)
        return c.root, created

    def _index(self, c: Cluster, p: ParsedName) -> None:
        self._compatible_cache.clear()
        placed = self._by_form.setdefault(p, c)
        if placed.root is not c.root:
            self._ambiguous.add(p)
        sigs = self._sigs_of[int(c.ref[1:])]
        for s in name_signature(p):
            if s not in sigs:
                sigs.add(s)
                self._sig[s].append(c)
        tokens = self._token_index()
        for t in index_tokens(c.forms.get(p) or name_keys(p)):
            tokens[t].append(c)

    def _person_candidates(self, p: ParsedName, kp: NameKeys) -> list[Cluster]:
        """The clusters that share a surname signature with ``p`` (as :meth:`_candidates`) and
        a blocking token: those where some name may match it (ingest.names.blocking)."""
        wanted = query_tokens(kp)
        if wanted is None:
            return self._candidates(p)
        sigs = name_signature(p)
        tokens = self._token_index()
        seen: dict[int, Cluster] = {}
        checked: set[int] = set()
        for t in wanted:
            for c in tokens.get(t, ()):
                r = c.root
                i = int(r.ref[1:])
                if i not in checked:
                    checked.add(i)
                    if not sigs.isdisjoint(self._sigs_of[i]):
                        seen[i] = r
        return [seen[i] for i in sorted(seen)]

    def _candidates(self, p: ParsedName) -> list[Cluster]:
        seen: dict[str, Cluster] = {}
        for s in sorted(name_signature(p)):
            for c in self._sig.get(s, []):
                r = c.root
                seen.setdefault(r.ref, r)
        return sorted(seen.values(), key=lambda c: int(c.ref[1:]))

    def add_person(self, m: Mention, p: ParsedName) -> Link:
        """Join the one fitting cluster, merge compatible ones, or start a new cluster."""
        from .resolve import Link

        placed = self._by_form.get(p)
        if placed is not None and p not in self._ambiguous:  # the same name again: where it went before
            placed.root.add(p, m.doc_id)
            self.touched.add(placed.root)
            return Link(m, p, placed.root.ref, "key", 1.0, "same name as earlier mentions")
        fits: list[tuple[float, Cluster, str, bool]] = []
        kp = name_keys(p)
        for c in self._person_candidates(p, kp):
            if not any(may_match(kq or name_keys(q), kp) for q, kq in c.forms.items()):
                continue  # no name of the cluster can compare as the same (ingest.names.blocking)
            scores = [compare_parsed(q, p) for q in c.forms]
            best = max(scores, key=lambda t: t[0])
            if best[0] >= self.threshold and min(s[0] for s in scores) >= SURNAME_ONLY:
                fits.append((best[0], c, best[2], m.doc_id in c.docs))
        if not fits:
            c = self._new("PERSON")
            c.id_key = p.hans if p.script == "cjk" else alias_key(p.bare)
            c.add(p, m.doc_id)
            self._index(c, p)
            self.touched.add(c)
            return Link(m, p, c.ref, "key", 1.0, "first form of an entity outside the KB")
        if len(fits) > 1 and not self._compatible([f[1] for f in fits]):
            return Link(
                m,
                p,
                None,
                "unresolved",
                max(f[0] for f in fits),
                "fits several different people outside the KB",
                tuple(f[1].ref for f in fits),
            )
        fits.sort(key=lambda f: (-f[0], int(f[1].ref[1:])))
        score, target, why, same_doc = fits[0]
        for _, other, _, _ in fits[1:]:
            if other is not target:
                self._absorb(target, other)
        exact = p.bare in target.bares
        if p not in target.forms:
            self._index(target, p)
        target.add(p, m.doc_id)
        self.touched.add(target)
        if exact:
            return Link(m, p, target.ref, "key", 1.0, "same name as earlier mentions")
        return Link(m, p, target.ref, "in-document" if same_doc else "cross-document", score, why)

    def bridge(self, ref: str, p: ParsedName, doc_id: str) -> bool:
        """Add ``p`` to the cluster ``ref`` on evidence outside the names (the document wrote
        them together), merging any cluster ``p`` already belongs to. False when ``p``
        conflicts with a member: then nothing changes."""
        target = self.cluster(ref)
        if any(compare_parsed(q, p)[0] < SURNAME_ONLY for q in target.forms):
            return False
        for c in self._candidates(p):
            if c is target or c.label != target.label:
                continue
            scores = [compare_parsed(q, p)[0] for q in c.forms]
            if (
                max(scores) >= self.threshold
                and min(scores) >= SURNAME_ONLY
                and self._compatible([target, c])
            ):
                self._absorb(target, c)
        if p not in target.forms:
            self._index(target, p)
        target.add(p, doc_id)
        target.written_with.add(p.bare)
        self.touched.add(target)
        return True

    def _absorb(self, target: Cluster, other: Cluster) -> None:
        target.absorb(other)
        for q in other.forms:
            self._index(target, q)
        self.touched.add(target)
        self.absorbed.append(other)

    @staticmethod
    def _compatible(cs: list[Cluster]) -> bool:
        for i, a in enumerate(cs):
            for b in cs[i + 1 :]:
                for q in a.forms:
                    for r in b.forms:
                        if compare_parsed(q, r)[0] < SURNAME_ONLY:
                            return False
        return True

    def compatible(self, p: ParsedName, kb: KnowledgeBase) -> set[str]:
        """Entities a short form might be: KB persons and clusters it does not conflict with.

        Remembered until a cluster gains a name: short forms are resolved after every full
        name is placed, and a corpus repeats the same 'Mr Chan' thousands of times.
        """
        key = (p, id(kb))
        if key not in self._compatible_cache:
            self._compatible_cache[key] = self._compatible_with(p, kb)
        return set(self._compatible_cache[key])

    def _compatible_with(self, p: ParsedName, kb: KnowledgeBase) -> set[str]:
        out = {
            e.entity_id
            for e in kb
            if e.kind == "PERSON"
            and any(compare_parsed(parse_name(a), p)[0] >= SURNAME_ONLY for a in e.person_names())
        }
        for c in self._candidates(p):
            if c.label == "PERSON" and any(compare_parsed(q, p)[0] >= SURNAME_ONLY for q in c.forms):
                out.add(c.ref)
        return out
