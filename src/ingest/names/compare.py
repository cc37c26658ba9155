"""Compare two person names across scripts and romanisations, with an explanation.

Scores (the same scale everywhere; ``same`` is ``score >= threshold``, default 0.75):

- 1.00 same characters once Traditional/Simplified are folded, or both names are aliases of
  one KB entity (``kb``);
- 0.95 a romanised name spells the Chinese name, surname and every given syllable in one
  scheme (``romanisation``), or two romanised names agree on surname and given syllables
  (``variant``: case, hyphens, spacing, fused givens, order);
- 0.88 as above but only with HK spelling looseness (ngoh/ngo, kar/ka, chee/chi);
- 0.80 given syllables written apart that mix HK and pinyin spellings ('Wing-heng' for 穎恒);
- 0.85 the same English given name and surname ('Albert Chan' ~ 'Albert CHAN Wai-yip');
- 0.80 two romanised names in different schemes that characters can bridge (Xue Yongheng ~
  Sit Wing-hang through 薛永恒);
- 0.50 only the surname agrees (an English given name or a bare 'Mrs Lam' tells no more) —
  compatible, not the same;
- 0.05 the surnames agree but the given names conflict; 0.0 the surnames differ.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .latin import SURNAME_ONLY, compare_latin, loose
from .parse import ParsedName, Word, parse_name
from .romanise import CJK_LATIN_SCHEMES, MATCH_SCHEMES, macau_syllables, readings, syllable_inventory
from .surnames import surname_spellings

if TYPE_CHECKING:
    from .kb import KnowledgeBase

DEFAULT_THRESHOLD = 0.75


@dataclass(frozen=True)
class Comparison:
    """Result of comparing two names."""

    a: str
    b: str
    score: float
    same: bool
    method: str
    explanation: str
    evidence: tuple[str, ...] = field(default=())

    @property
    def verdict(self) -> str:
        """'same'; 'possible' when nothing but the surname agrees (an English given name against a
        Chinese one: only a KB entry or a document can tell); else 'different'."""
        if self.same:
            return "same"
        return "possible" if self.score >= SURNAME_ONLY and self.method == "surname" else "different"

    def as_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 3),
            "same": self.same,
            "verdict": self.verdict,
            "method": self.method,
            "explanation": self.explanation,
            "stripped": list(self.evidence),
        }


class BadNameError(ValueError):
    """A name to compare is empty or has no letters or characters once titles are stripped."""


# ------------------------------------------------------------------ characters ↔ Latin
# Mandarin readings tried for a given-name character: pypinyin lists heteronyms most common
# first, and the rare ones (亨 peng, 洋 xiang) match other people's names.
GIVEN_PINYIN_READINGS = 2


# A given name whose syllables mix HK and pinyin spellings: the same person, less surely.
MIXED_SCHEMES_SCORE = 0.8


def _given_readings(ch: str, scheme: str) -> tuple[str, ...]:
    r = readings(ch)[scheme]
    return r[:GIVEN_PINYIN_READINGS] if scheme in ("pinyin", "wade_giles") else r


def surname_scheme(unit: str, spelt: str) -> str | None:
    """Scheme that spells a surname unit as ``spelt`` (None when none does)."""
    for sch in CJK_LATIN_SCHEMES:
        alts = [""]
        for ch in unit:
            alts = [a + r for a in alts for r in readings(ch)[sch]][:32]
        if spelt in alts or (sch == "hk" and spelt.endswith("ck") and spelt[:-2] + "k" in alts):
            return sch  # HK 'Yick' = 'Yik' (易)
    return "surname_table" if spelt in surname_spellings(unit) else None


def _given_ok(chars: str, words: list[Word]) -> tuple[str, float] | None:
    """Scheme and score when the given-name words spell ``chars``: in one scheme, in HK spelling
    taken loosely, in mixed HK and pinyin syllables, and last in Macau spelling."""
    concat = "".join(w.joined for w in words)
    syls = [s for w in words for s in w.syllables]

    def spelt_in(sch: str) -> bool:
        opts = [_given_readings(c, sch) for c in chars]

        def dp(i: int, k: int) -> bool:
            if k == len(opts):
                return i == len(concat)
            return any(concat.startswith(r, i) and dp(i + len(r), k + 1) for r in opts[k])

        return all(opts) and dp(0, 0)

    for sch in MATCH_SCHEMES:
        if spelt_in(sch):
            return sch, 0.95
    if len(syls) == len(chars):
        for sch in ("hk",):  # spelling looseness is a feature of HK romanisation
            if all(
                loose(s) in {loose(r) for r in readings(c)[sch]} for s, c in zip(syls, chars, strict=True)
            ):
                return sch, 0.88
        # syllables written apart, each in HK or pinyin spelling ('Wing-heng' for 穎恒: wing hk,
        # heng pinyin), as people whose name was first registered on the Mainland write it
        if len(chars) >= 2 and all(
            s in readings(c)["hk"] or s in _given_readings(c, "pinyin")
            for s, c in zip(syls, chars, strict=True)
        ):
            return "hk and pinyin", MIXED_SCHEMES_SCORE
    if spelt_in("macau"):
        return "macau", 0.95
    return None


def _initials_ok(p: ParsedName, given: str) -> bool | None:
    inits = [w.joined for w in p.words if w.initial]
    if not inits or not given:
        return None
    firsts = {r[0] for c in given for sch in MATCH_SCHEMES for r in readings(c)[sch]}
    return all(i in firsts for i in inits)


def compare_cjk_latin(c: ParsedName, lat: ParsedName) -> tuple[float, str, str]:
    """Score, method and explanation for a character name against a romanised one."""
    words = list(lat.words)
    idx = [i for i, w in enumerate(words) if not w.initial]
    cues = lat.surname_cues
    sur_opts = [c.surnames] + ([c.surnames[:1]] if len(c.surnames) > 1 else [])
    best: tuple[float, str, str] = (
        0.0,
        "none",
        f"no word of {lat.bare!r} spells the surname {c.surnames[0]}",
    )
    for sur in sur_opts:
        for pos in range(len(idx)):
            span = idx[pos : pos + len(sur)]
            if len(span) < len(sur) or (cues and span[0] not in cues):
                continue
            how = [surname_scheme(u, words[j].joined) for u, j in zip(sur, span, strict=True)]
            if not all(how):
                continue
            sdesc = " ".join(f"{words[j].text}={u} ({h})" for u, j, h in zip(sur, span, how, strict=True))
            rest_after = [j for j in idx if j > span[-1]]
            rest_before = [j for j in idx if j < span[0]]
            # an English name between the surname and the given name ('CHAN JASON KA YAU')
            native_after = [j for j in rest_after if not words[j].english]
            blocks = _blocks(rest_after, rest_before, len(c.given))
            blocks += [b for b in _blocks(native_after, [], len(c.given)) if b not in blocks]
            for block in blocks:
                got = _given_ok(c.given, [words[j] for j in block]) if c.given else None
                if got is None or (
                    got[0] == "macau" and not _macau_shows([words[j] for j in (*span, *block)])
                ):
                    continue
                others = [words[j] for j in idx if j not in block and j not in span]
                if any(not w.english for w in others):
                    continue
                sch, sc = got
                gdesc = "-".join(words[j].text for j in block)
                ex = f"surname {sdesc}; given {gdesc}={c.given} ({sch}{', loosely' if sc == 0.88 else ''})"
                if others:
                    ex += "; English name " + " ".join(w.text for w in others)
                if sc > best[0]:
                    best = (sc, "romanisation", ex)
            if best[0] < SURNAME_ONLY:
                others = [words[j] for j in idx if j not in span]
                init = _initials_ok(lat, c.given)
                nickname = is_nickname([w for w in others if not w.english], c.given)
                if (all(w.english for w in others) or nickname) and init is not False:
                    note = (
                        ("nickname " if nickname else "English given name ")
                        + " ".join(w.text for w in others)
                        if others
                        else "surname alone"
                    )
                    sc = SURNAME_ONLY + (0.05 if init else 0.0)
                    best = (
                        sc,
                        "surname",
                        f"only the surname agrees ({sdesc}); {note} says nothing of {c.given}",
                    )
                elif best[0] < 0.05:
                    best = (
                        0.05,
                        "conflict",
                        f"surname agrees ({sdesc}) but the given name does not spell {c.given}",
                    )
    if best[1] == "none" and len(c.hans) >= 2:  # no word spells the surname: written as one word?
        fused = _fused_whole(c, lat)
        if fused is not None:
            best = fused
    return best


def _macau_shows(words: list[Word]) -> bool:
    """Whether some syllable of the name is a Macau spelling that is no HK one (Ieong, Vong,
    Kuok, Meng): only then is a name read in Macau spelling. Macau 'chun' (銓) and 'hong' (雄)
    are HK spellings of other characters, so 'TSE Wai-chun' is not read as 謝偉銓."""
    hk = syllable_inventory("hk")
    return any(s in macau_syllables() and s not in hk for w in words for s in w.syllables)


def is_nickname(native: list[Word], given: str) -> bool:
    """A repeated syllable that is not the Chinese given name: an English-style nickname
    ('Yoyo Mung' for 蒙嘉慧, 'Run Run Shaw' for 邵逸夫), not a conflicting given name."""
    if len(given) == 2 and given[0] == given[1]:  # 莉莉 is Lili
        return False
    if len(native) == 2:
        return native[0].joined == native[1].joined
    if len(native) == 1:
        j = native[0].joined
        return len(j) >= 4 and len(j) % 2 == 0 and j[: len(j) // 2] == j[len(j) // 2 :]
    return False


def _fused_whole(c: ParsedName, lat: ParsedName) -> tuple[float, str, str] | None:
    """One word spelling every character of the name: a transliterated foreign name
    ('Weiyixin' for 衛奕信, Wilson; 'Youde' for 尤德), with at most English names beside it."""
    words = [w for w in lat.words if not w.initial]
    for w in words:
        if w.hyphenated or any(not o.english for o in words if o is not w):
            continue
        got = _given_ok(c.hans, [w])
        if got is not None and got[1] >= 0.95:
            others = " ".join(o.text for o in words if o is not w)
            ex = f"{w.text} spells the whole name {c.hans} as one word ({got[0]})"
            return 0.9, "romanisation", ex + (f"; English name {others}" if others else "")
    return None


def _blocks(after: list[int], before: list[int], n: int) -> list[list[int]]:
    out = []
    for k in range(1, max(n, 1) + 1):
        if len(after) >= k:
            out.append(after[:k])
        if len(before) >= k:
            out.append(before[-k:])
    return out


# ------------------------------------------------------------------ entry point
def _compare_cjk(a: ParsedName, b: ParsedName) -> tuple[float, str, str]:
    if a.hans == b.hans:
        return 1.0, "variant", f"same characters once Traditional/Simplified are folded ({a.hans})"
    if a.surnames[0] != b.surnames[0]:
        return 0.0, "none", f"surnames differ ({a.surnames[0]} vs {b.surnames[0]})"
    if not a.given or not b.given or a.hans.startswith(b.hans) or b.hans.startswith(a.hans):
        return SURNAME_ONLY, "surname", f"one name is a short form of the other ({a.hans} / {b.hans})"
    return 0.05, "conflict", f"same surname {a.surnames[0]}, different given names ({a.given} vs {b.given})"


@functools.lru_cache(maxsize=1 << 17)
def compare_parsed(a: ParsedName, b: ParsedName) -> tuple[float, str, str]:
    """Score, method and explanation for two parsed names, without any KB."""
    if a.script == "cjk" and b.script == "cjk":
        return _compare_cjk(a, b)
    if a.script == "cjk":
        return compare_cjk_latin(a, b)
    if b.script == "cjk":
        return compare_cjk_latin(b, a)
    return compare_latin(a, b)


def compare_names(
    a: str, b: str, kb: KnowledgeBase | None = None, threshold: float = DEFAULT_THRESHOLD
) -> Comparison:
    """Are ``a`` and ``b`` the same person (or organisation, through the KB)?"""
    pa, pb = parse_name(a), parse_name(b)
    for p, raw in ((pa, a), (pb, b)):
        if p.script == "empty":
            raise BadNameError(
                f"{raw!r} has no name left once titles are stripped; give a name such as 'Carrie Lam'"
            )
    ev = pa.stripped + pb.stripped
    if kb is not None:
        ea, eb = kb.lookup(a), kb.lookup(b)
        if ea and eb:
            shared = sorted({e.id for e in ea} & {e.id for e in eb})
            if shared:
                return Comparison(a, b, 1.0, True, "kb", f"both are KB aliases of {shared[0]}", ev)
            return Comparison(a, b, 0.02, False, "kb", f"KB: {a!r} is {ea[0].id}, {b!r} is {eb[0].id}", ev)
        known, other, other_raw = (ea, pb, b) if ea else (eb, pa, a) if eb else ((), None, "")
        if known and other is not None:
            # the other name may be a KB person in another spelling: then they are two people —
            # unless it fits the known person too ('Luo Zhiguang' is the pinyin of both 羅致光 and
            # 羅智光): a spelling two people share blocks neither
            fitting = {e.id for e in kb.fuzzy_people(other, threshold)}
            others = fitting - {e.id for e in known}
            if len(others) == 1 and not fitting & {e.id for e in known}:
                why = f"KB: {other_raw!r} is {next(iter(others))}, the other name is {known[0].id}"
                return Comparison(a, b, 0.02, False, "kb", why, ev)
            direct = compare_parsed(pa, pb)
            if direct[1] == "conflict":  # the names themselves disagree, whatever the KB's aliases say
                return Comparison(a, b, direct[0], False, direct[1], direct[2], ev)
            for ent in known if len(known) == 1 and not kb.spells_characters(known[0], other) else ():
                for alias in ent.person_names():
                    r = compare_parsed(parse_name(alias), other)
                    if r[1] == "conflict":  # 'Paul Chan' is Paul Chan Mo-po, not Paul Chan Ka-wai
                        why = f"KB: the other name is {ent.id}, whose name {alias!r} conflicts: {r[2]}"
                        return Comparison(a, b, r[0], False, "kb", why, ev)
            ids = {e.id for e in known}
            fits = [r for r in kb.match_people(other) if r[1].id in ids]
            if fits and fits[0][0] >= threshold:
                sc, ent, m, ex = fits[0]
                return Comparison(a, b, sc, True, "kb+" + m, f"KB {ent.id}: {ex}", ev)
    sc, m, ex = compare_parsed(pa, pb)
    return Comparison(a, b, sc, sc >= threshold, m, ex, ev)
