"""A cheap test that two parsed names cannot compare as the same person, before comparing them.

Clustering finds the clusters a name might join through their surnames
(:func:`ingest.names.cluster.name_signature`); in a lake of 35k people, a common surname
gives thousands. Most differ in the given name at first sight, yet a full comparison
(:func:`ingest.names.compare.compare_parsed`) reads each pair every way its shape allows.
:func:`may_match` is a necessary condition of a score at or above the same-person threshold,
derived from each way :mod:`ingest.names.compare` and :mod:`ingest.names.latin` can reach it:

- two character names: the same characters (Traditional / Simplified folded);
- characters and a romanised name: a reading of the first given character (in a matching
  scheme, or HK-loosely) begins one of the romanised words — or one word spells the whole
  name (``_fused_whole``: 'Weiyixin' for 衛奕信);
- two romanised names, in some reading of each (:func:`ingest.names.latin._interpretations`)
  whose surnames are compatible (the same spelling, or spellings of one common surname): the
  same given name, the same first given syllable up to HK looseness, a first syllable that
  some character reads both ways (pinyin ~ HK), or the same English given name.

It never says no to a pair that compares as the same (``tests/names/test_blocking.py``
checks this against every pair of a generated population and the KB's names), so clusters
come out exactly as without it; it only skips comparisons that could not succeed.

:func:`index_tokens` and :func:`query_tokens` turn the same condition into an inverted index:
whenever ``may_match(a, b)``, ``index_tokens(a)`` and ``query_tokens(b)`` share a token, so a
new name looks up the clusters it may match instead of testing every cluster that shares a
surname with it (tens of thousands in a big lake). Two romanised names bridged through a
character are indexed by that character's Mandarin readings, not the characters themselves:
a syllable such as 'leung' may be hundreds of characters, but a few readings.
"""

from __future__ import annotations

import functools
import itertools
import sys
from dataclasses import dataclass

from .latin import _interpretations, chars_read, loose
from .parse import ParsedName
from .romanise import CJK_LATIN_SCHEMES, MATCH_SCHEMES, chars_for, readings, segment
from .surnames import surnames_spelled

_MAX_WHOLE = 256  # spellings of a whole character name kept; past it, every fused word may match


@dataclass(frozen=True)
class NameKeys:
    """What :func:`may_match` compares, computed once per distinct name."""

    script: str
    hans: str = ""
    first_given: frozenset[str] = frozenset()  # cjk: 'p:' readings and 'l:' loose HK readings
    whole: frozenset[str] | None = frozenset()  # cjk: 'w:' spellings of the whole name (None: too many)
    words: frozenset[str] = frozenset()  # latin: 'p:' word prefixes and 'l:' loose first syllables
    fused: frozenset[str] = frozenset()  # latin: 'w:' a word that may spell a whole name
    given: frozenset[str] = (
        frozenset()
    )  # latin: '<surname key>|j:' given names, '|l:' first syllables, '|e:' English
    cross: tuple[
        tuple[frozenset[str], frozenset[str]], ...
    ] = ()  # latin: (surname keys, characters the first given syllable may be)


@functools.lru_cache(maxsize=1 << 16)
def _char_keys(ch: str) -> frozenset[str]:
    r = readings(ch)
    out = {"p:" + x for s in CJK_LATIN_SCHEMES for x in r[s]}
    return frozenset(out | {"l:" + loose(x) for x in r["hk"]})


@functools.lru_cache(maxsize=1 << 16)
def _word_keys(joined: str, first_syllable: str) -> frozenset[str]:
    return frozenset(
        {"p:" + joined[:k] for k in range(1, min(len(joined), 7) + 1)} | {"l:" + loose(first_syllable)}
    )


@functools.lru_cache(maxsize=1 << 16)
def _syllable_chars(given_joined: str) -> tuple[tuple[int, frozenset[str], frozenset[str]], ...]:
    """For each way ``latin._given_cross`` splits a given name (scheme by scheme): its number
    of syllables and the characters its first two syllables may be. Two given names bridge
    only through splits of the same length whose syllables share characters one by one."""
    out: set[tuple[int, frozenset[str], frozenset[str]]] = set()
    for s in MATCH_SCHEMES:
        for segs in segment(given_joined, s, limit=4):
            first = chars_read(segs[0], s)
            second = chars_read(segs[1], s) if len(segs) > 1 else frozenset({""})
            if first and second:
                out.add((len(segs), first, second))
    return tuple(sorted(out, key=lambda t: (t[0], sorted(t[1]), sorted(t[2]))))


def _whole(hans: str) -> frozenset[str] | None:
    out: set[str] = set()
    for s in MATCH_SCHEMES:
        opts = [readings(ch)[s] for ch in hans]
        if not all(opts):
            continue
        for combo in itertools.islice(itertools.product(*opts), _MAX_WHOLE + 1):
            out.add("w:" + "".join(combo))
            if len(out) > _MAX_WHOLE:
                return None
    return frozenset(out)


@functools.lru_cache(maxsize=1 << 18)
def name_keys(p: ParsedName) -> NameKeys:
    """The keys of a parsed name (remembered: a corpus repeats its names)."""
    if p.script == "cjk":
        first = _char_keys(p.given[0]) if p.given else frozenset()
        return NameKeys("cjk", p.hans, first, _whole(p.hans))
    if p.script != "latin":
        return NameKeys(p.script)
    non_initial = [w for w in p.words if not w.initial]
    words: set[str] = set()
    for w in non_initial:  # English words too: any word may be read as the given name
        words |= _word_keys(w.joined, w.syllables[0] if w.syllables else w.joined)
    fused = frozenset(
        "w:" + w.joined
        for w in non_initial
        if not w.hyphenated and all(o.english for o in non_initial if o is not w)
    )
    given: set[str] = set()
    cross: set[tuple[frozenset[str], tuple]] = set()
    for it in _interpretations(p):
        sk = _surname_keys(it.surname)
        tokens = {"e:" + e[:3] for e in it.english}
        if it.given:
            joined = "".join(it.given)
            tokens |= {"j:" + joined, "l:" + loose(it.given[0])}
            cross.add((sk, _syllable_chars(joined)))
        given |= {f"{k}|{t}" for k in sk for t in tokens}
    return NameKeys("latin", words=frozenset(words), fused=fused, given=frozenset(given), cross=tuple(cross))


@functools.lru_cache(maxsize=1 << 14)
def _surname_keys(spelt: str) -> frozenset[str]:
    """Keys two surname spellings share exactly when ``latin._surnames_compatible`` accepts
    them: the spelling itself, and the common surnames it may spell."""
    from .parse import COMMON_SURNAMES

    chars = surnames_spelled(spelt) | {c for s in MATCH_SCHEMES for c in chars_for(spelt, s)}
    return frozenset({"=" + spelt} | (chars & COMMON_SURNAMES))


def may_match(a: NameKeys, b: NameKeys) -> bool:
    """False only when the two names cannot compare as the same person (see the module doc)."""
    if a.script == "cjk" and b.script == "cjk":
        return a.hans == b.hans
    if a.script == "cjk" and b.script == "latin":
        return _cjk_latin(a, b)
    if b.script == "cjk" and a.script == "latin":
        return _cjk_latin(b, a)
    if a.script == "latin" and b.script == "latin":
        if not a.given.isdisjoint(b.given):
            return True
        return any(not sa.isdisjoint(sb) and _bridged(ca, cb) for sa, ca in a.cross for sb, cb in b.cross)
    return True  # a script we know nothing of: compare it


def _bridged(a: tuple, b: tuple) -> bool:
    return any(n == m and not f.isdisjoint(g) and not s.isdisjoint(t) for n, f, s in a for m, g, t in b)


def _cjk_latin(c: NameKeys, lat: NameKeys) -> bool:
    if not c.first_given.isdisjoint(lat.words):
        return True
    if lat.fused:
        return c.whole is None or not c.whole.isdisjoint(lat.fused)
    return False


@functools.lru_cache(maxsize=1 << 16)
def _reading_classes(chars: frozenset[str]) -> frozenset[str]:
    """Mandarin readings of characters (the character itself where it has none): two sets of
    characters that share one share a class."""
    return frozenset(r for ch in chars for r in (readings(ch)["pinyin"] or ("=" + ch,)))


def _cross_tokens(k: NameKeys) -> set[str]:
    out: set[str] = set()
    for surnames, splits in k.cross:
        for n, first, _ in splits:
            out |= _cross_part(surnames, n, first)
    return out


@functools.lru_cache(maxsize=1 << 13)
def _cross_part(surnames: frozenset[str], n: int, first: frozenset[str]) -> frozenset[str]:
    """Tokens of one split of a romanised given name (names share surnames and syllables, so
    most are remembered)."""
    return frozenset(sys.intern(f"X{s}|{n}|{c}") for s in surnames for c in _reading_classes(first))


def index_tokens(k: NameKeys) -> frozenset[str]:
    """Tokens a stored name is indexed under (see the module doc); ``"*"``: compare always."""
    if k.script == "cjk":
        whole = {"Wn"} if k.whole is None else {"W:" + w for w in k.whole}
        return frozenset({"H:" + k.hans} | {"C:" + x for x in k.first_given} | whole)
    if k.script == "latin":
        fused = {"F:" + f for f in k.fused} | ({"Fany"} if k.fused else set())
        return frozenset({"L:" + w for w in k.words} | fused | {"G:" + g for g in k.given} | _cross_tokens(k))
    return frozenset({"*"})


def query_tokens(k: NameKeys) -> frozenset[str] | None:
    """Tokens a new name looks up; None: a script this module knows nothing of (compare all)."""
    if k.script == "cjk":
        whole = {"Fany"} if k.whole is None else {"F:" + w for w in k.whole}
        return frozenset({"H:" + k.hans, "*"} | {"L:" + x for x in k.first_given} | whole)
    if k.script == "latin":
        fused = ({"W:" + f for f in k.fused} | {"Wn"}) if k.fused else set()
        return frozenset(
            {"C:" + w for w in k.words} | {"*"} | fused | {"G:" + g for g in k.given} | _cross_tokens(k)
        )
    return None
