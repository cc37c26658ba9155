"""Compare two person names across scripts and romanisations, with an explanation.

Scores (the same scale everywhere; ``same`` is ``score >= threshold``, default 0.75):

- 1.00 same characters once Traditional/Simplified are folded, or both names are aliases of
  one KB entity (``kb``);
- 0.95 a romanised name spells the Chinese name, surname and every given syllable in one
  scheme (``romanisation``), or two romanised names agree on surname and given syllables
  (``variant``: case, hyphens, spacing, fused givens, order);
- 0.88 as above but only with HK spelling looseness (ngoh/ngo, kar/ka, chee/chi);
- 0.85 the same English given name and surname ('Albert Chan' ~ 'Albert CHAN Wai-yip');
- 0.80 two romanised names in different schemes that characters can bridge (Xue Yongheng ~
  Sit Wing-hang through 薛永恒);
- 0.50 only the surname agrees (an English given name or a bare 'Mrs Lam' tells no more) —
  compatible, not the same;
- 0.05 the surnames agree but the given names conflict; 0.0 the surnames differ.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .parse import ParsedName, Word, parse_name
from .romanise import FAMILY, SCHEMES, chars_for, readings, segment
from .surnames import surname_spellings, surnames_spelled

if TYPE_CHECKING:
    from .kb import KnowledgeBase

DEFAULT_THRESHOLD = 0.75
SURNAME_ONLY = 0.5


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

    def as_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 3),
            "same": self.same,
            "method": self.method,
            "explanation": self.explanation,
            "stripped": list(self.evidence),
        }


class BadNameError(ValueError):
    """A name to compare is empty or has no letters or characters once titles are stripped."""


def loose(syl: str) -> str:
    """HK spelling looseness: ngoh/ngor → ngo, kar → ka, chee → chi, bick → bik, tsz → chi."""
    s = syl
    s = re.sub(r"^(ts|tz|ch|j|z|c)", "c", s)
    s = re.sub(r"^(k|g)(?!w)", "k", s)
    s = re.sub(r"^(p|b)", "p", s)
    s = re.sub(r"^(t|d)", "t", s)
    s = s.replace("ck", "k").replace("oo", "u").replace("ee", "i").replace("aa", "a")
    s = re.sub(r"(?<=[aeiou])(h|r)$", "", s)
    s = re.sub(r"^c(z|i)$", "ci", s)
    s = re.sub(r"^kwu", "ku", s)  # Kwun = Koon (gun)
    s = re.sub(r"^y(?=i)", "", s)  # Yip = Ip, Yin = In
    s = re.sub(r"ei$", "i", s)  # Kei = Ki = Kee
    s = re.sub(r"(?<=[^aeiou])un$", "an", s)  # Chun = Chan for /ɐn/ (振, 根)
    s = re.sub(r"^sh", "s", s)  # Shing = Sing, Shuk = Suk
    s = re.sub(r"(?<=[^aeiouy])ue$", "u", s)  # Shue = Shu = Sue
    return s


# ------------------------------------------------------------------ characters ↔ Latin
def _surname_ok(unit: str, spelt: str) -> str | None:
    """Scheme that spells a surname unit as ``spelt`` (None when none does)."""
    for sch in SCHEMES:
        alts = [""]
        for ch in unit:
            alts = [a + r for a in alts for r in readings(ch)[sch]][:32]
        if spelt in alts:
            return sch
    return "surname_table" if spelt in surname_spellings(unit) else None


def _given_ok(chars: str, words: list[Word]) -> tuple[str, float] | None:
    """Scheme and score when the given-name words spell ``chars``."""
    concat = "".join(w.joined for w in words)
    syls = [s for w in words for s in w.syllables]
    for sch in SCHEMES:
        opts = [readings(c)[sch] for c in chars]

        def dp(i: int, k: int, opts: list[tuple[str, ...]] = opts) -> bool:
            if k == len(opts):
                return i == len(concat)
            return any(concat.startswith(r, i) and dp(i + len(r), k + 1) for r in opts[k])

        if all(opts) and dp(0, 0):
            return sch, 0.95
    if len(syls) == len(chars):
        for sch in ("hk", "jyutping"):  # spelling looseness is a feature of Cantonese romanisation
            if all(
                loose(s) in {loose(r) for r in readings(c)[sch]} for s, c in zip(syls, chars, strict=True)
            ):
                return sch, 0.88
    return None


def _initials_ok(p: ParsedName, given: str) -> bool | None:
    inits = [w.joined for w in p.words if w.initial]
    if not inits or not given:
        return None
    firsts = {r[0] for c in given for sch in SCHEMES for r in readings(c)[sch]}
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
            how = [_surname_ok(u, words[j].joined) for u, j in zip(sur, span, strict=True)]
            if not all(how):
                continue
            sdesc = " ".join(f"{words[j].text}={u} ({h})" for u, j, h in zip(sur, span, how, strict=True))
            rest_after = [j for j in idx if j > span[-1]]
            rest_before = [j for j in idx if j < span[0]]
            for block in _blocks(rest_after, rest_before, len(c.given)):
                got = _given_ok(c.given, [words[j] for j in block]) if c.given else None
                if got is None:
                    continue
                others = [words[j] for j in idx if j not in block and j not in span]
                if any(not w.english for w in others):
                    continue
                sch, sc = got
                gdesc = "-".join(words[j].text for j in block)
                ex = f"surname {sdesc}; given {gdesc}={c.given} ({sch}{', loosely' if sc < 0.95 else ''})"
                if others:
                    ex += "; English name " + " ".join(w.text for w in others)
                if sc > best[0]:
                    best = (sc, "romanisation", ex)
            if best[0] < SURNAME_ONLY:
                others = [words[j] for j in idx if j not in span]
                init = _initials_ok(lat, c.given)
                if all(w.english for w in others) and init is not False:
                    note = (
                        "English given name " + " ".join(w.text for w in others)
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
    return best


def _blocks(after: list[int], before: list[int], n: int) -> list[list[int]]:
    out = []
    for k in range(1, max(n, 1) + 1):
        if len(after) >= k:
            out.append(after[:k])
        if len(before) >= k:
            out.append(before[-k:])
    return out


# ------------------------------------------------------------------ Latin ↔ Latin
@dataclass(frozen=True)
class _Interp:
    surname: str
    given: tuple[str, ...]  # folded syllables of the Chinese given name
    english: tuple[str, ...]
    initials: tuple[str, ...]
    hyphenated: bool = False


def _interpretations(p: ParsedName) -> list[_Interp]:
    ws = [w for w in p.words if not w.initial]
    inits = tuple(w.joined for w in p.words if w.initial)
    if not ws:
        return []
    cands: list[int]
    cues = [i for i, w in enumerate(ws) if w.upper] if p.surname_cues else []
    hy = [i for i, w in enumerate(ws) if w.hyphenated]
    if cues:
        cands = cues[:1]
    elif hy:
        cands = [i for i in (hy[0] - 1, hy[-1] + 1) if 0 <= i < len(ws)] or [0]
        if hy[0] >= 2 and _is_surname_spelling(ws[hy[0] - 1].joined) and not ws[hy[0] - 2].english:
            cands.append(hy[0] - 2)  # 'Chow Liang Shuk-yee': husband's surname, own surname, given
    else:
        lead = next((i for i, w in enumerate(ws) if not w.english), 0)  # after leading English names
        cands = sorted({0, lead, len(ws) - 1})
    out = []
    for s in cands:
        if len(ws) > 1 and s == 0 and not cues and not hy and ws[0].joined in _english_set():
            continue
        rest = [w for i, w in enumerate(ws) if i != s and not (cues and w.upper)]
        given = tuple(x for w in rest if not w.english for x in w.syllables)
        english = tuple(w.joined for w in rest if w.english)
        hy_given = any(w.hyphenated for w in rest)
        out.append(_Interp(ws[s].joined, given, english, inits, hy_given))
        # a married double surname written out: 'Chow Liang Shuk-yee' (surname, own surname, given)
        if (
            s + 1 < len(ws)
            and not ws[s + 1].english
            and len(given) > len(ws[s + 1].syllables)
            and _is_surname_spelling(ws[s + 1].joined)
        ):
            out.append(_Interp(ws[s].joined, given[len(ws[s + 1].syllables) :], english, inits, hy_given))
    return out


def _is_surname_spelling(word: str) -> bool:
    from .parse import COMMON_SURNAMES

    return bool(surnames_spelled(word)) or any(chars_for(word, s) & COMMON_SURNAMES for s in SCHEMES)


def _english_set() -> frozenset[str]:
    from .parse import ENGLISH_GIVEN

    return ENGLISH_GIVEN


def _surnames_compatible(a: str, b: str) -> str | None:
    if a == b:
        return "same spelling"
    ca = surnames_spelled(a) | {c for s in SCHEMES for c in chars_for(a, s)}
    cb = surnames_spelled(b) | {c for s in SCHEMES for c in chars_for(b, s)}
    # only real surnames bridge two spellings (Chan ~ Chen through 陈)
    from .parse import COMMON_SURNAMES

    common = ca & cb & COMMON_SURNAMES
    return f"both spell {''.join(sorted(common))}" if common else None


def _given_cross(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """Two given names in different schemes that some characters read both ways."""
    ja, jb = "".join(a), "".join(b)
    for sa in SCHEMES:
        for segs_a in segment(ja, sa, limit=4):
            for sb in SCHEMES:
                if FAMILY[sa] == FAMILY[sb]:
                    continue
                for segs_b in segment(jb, sb, limit=4):
                    if len(segs_a) != len(segs_b):
                        continue
                    bridge = []
                    for x, y in zip(segs_a, segs_b, strict=True):
                        common = chars_for(x, sa) & chars_for(y, sb)
                        if not common:
                            break
                        bridge.append(min(common))
                    else:
                        return f"{sa} {'-'.join(segs_a)} and {sb} {'-'.join(segs_b)} both read e.g. {''.join(bridge)}"
    return None


def _english_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool | None:
    if not a or not b:
        return None
    return any(
        x == y or (min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x))) for x in a for y in b
    )


def compare_latin(pa: ParsedName, pb: ParsedName) -> tuple[float, str, str]:
    """Score, method and explanation for two romanised / English names."""
    best: tuple[float, str, str] = (0.0, "none", f"surnames of {pa.bare!r} and {pb.bare!r} differ")
    for ia in _interpretations(pa):
        for ib in _interpretations(pb):
            sur = _surnames_compatible(ia.surname, ib.surname)
            if sur is None:
                continue
            eng = _english_match(ia.english, ib.english)
            res: tuple[float, str, str]
            if ia.given and ib.given:
                if "".join(ia.given) == "".join(ib.given):
                    res = (
                        0.95,
                        "variant",
                        f"surname {ia.surname}/{ib.surname} ({sur}); given {'-'.join(ia.given)} alike",
                    )
                elif len(ia.given) == len(ib.given) and all(
                    loose(x) == loose(y) for x, y in zip(ia.given, ib.given, strict=True)
                ):
                    res = (
                        0.88,
                        "variant",
                        f"surname {sur}; given {'-'.join(ia.given)} ~ {'-'.join(ib.given)} (HK spelling)",
                    )
                elif (ia.surname != ib.surname or ia.hyphenated != ib.hyphenated) and (
                    cross := _given_cross(ia.given, ib.given)
                ) is not None:  # two schemes show in the surname or in the way the given name is written
                    res = (0.8, "romanisation", f"surname {ia.surname}/{ib.surname} ({sur}); {cross}")
                else:
                    res = (
                        0.05,
                        "conflict",
                        f"surname agrees ({sur}) but given {'-'.join(ia.given)} ≠ {'-'.join(ib.given)}",
                    )
                if eng is False and res[0] > 0.5:
                    res = (0.6, res[1], res[2] + f"; but English names differ ({ia.english} vs {ib.english})")
            elif eng is True:
                res = (0.85, "variant", f"same English given name {ia.english[0]} and surname ({sur})")
            elif eng is False:
                res = (
                    0.05,
                    "conflict",
                    f"surname agrees ({sur}) but English names differ: {ia.english} vs {ib.english}",
                )
            else:
                res = (SURNAME_ONLY, "surname", f"only the surname agrees ({ia.surname}/{ib.surname}, {sur})")
            if ia.initials and res[0] >= SURNAME_ONLY:
                other = set(ib.initials) or ({ib.given[0][0]} if ib.given else set())
                if other and not set(ia.initials) & other:
                    res = (0.1, "conflict", res[2] + f"; initial {ia.initials[0].upper()} disagrees")
            if res[0] > best[0]:
                best = res
    return best


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
            # the other name may be a KB person in another spelling: then they are two people
            others = {e.id for e in kb.fuzzy_people(other, threshold)} - {e.id for e in known}
            if len(others) == 1:
                why = f"KB: {other_raw!r} is {next(iter(others))}, the other name is {known[0].id}"
                return Comparison(a, b, 0.02, False, "kb", why, ev)
            direct = compare_parsed(pa, pb)
            if direct[1] == "conflict":  # the names themselves disagree, whatever the KB's aliases say
                return Comparison(a, b, direct[0], False, direct[1], direct[2], ev)
            best = (0.0, "none", "")
            for ent in known:
                for alias in ent.person_names():
                    sc, m, ex = compare_parsed(parse_name(alias), other)
                    if sc > best[0]:
                        best = (sc, m, f"KB {ent.id} alias {alias!r}: {ex}")
            if best[0] >= threshold:
                return Comparison(a, b, best[0], True, "kb+" + best[1], best[2], ev)
    sc, m, ex = compare_parsed(pa, pb)
    return Comparison(a, b, sc, sc >= threshold, m, ex, ev)
