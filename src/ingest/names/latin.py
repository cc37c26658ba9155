"""Compare two romanised or English names (no characters on either side).

Each name is read in the ways its shape allows (surname first or last, an upper-case surname,
the word before a hyphenated given name, a married double surname written out), and the best
agreement between readings wins: the same given syllables (``variant``), the same syllables
up to HK spelling looseness, given names in two schemes that characters bridge
(``romanisation``: Xue Yongheng ~ Sit Wing-hang through 薛永恒), the same English given name,
or only the surname (compatible, not the same).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .parse import ParsedName
from .romanise import FAMILY, MATCH_SCHEMES, chars_for, segment, syllable_inventory
from .surnames import surnames_spelled

SURNAME_ONLY = 0.5


@functools.lru_cache(maxsize=1 << 16)
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
    # Hong Kong Cantonese sound mergers ('lazy sounds') that personal spellings follow:
    s = re.sub(r"^kw(?=o)", "k", s)  # gw- before o: Kok = Kwok (國)
    s = re.sub(r"(?<=[aeiou])ng$", "n", s)  # final -ng/-n: Han = Hang (恒)
    s = re.sub(r"(?<=[^aeiou])o(?=k$)", "u", s)  # o/u before -k: Yok = Yuk (鈺), Lok = Luk
    return s


@dataclass(frozen=True)
class _Interp:
    surname: str
    given: tuple[str, ...]  # folded syllables of the Chinese given name
    english: tuple[str, ...]
    initials: tuple[str, ...]
    hyphenated: bool = False


@functools.lru_cache(maxsize=1 << 16)
def _interpretations(p: ParsedName) -> tuple[_Interp, ...]:
    """The ways a romanised name reads as surname + given name (+ English names), remembered:
    clustering compares the same names many times."""
    ws = [w for w in p.words if not w.initial]
    inits = tuple(w.joined for w in p.words if w.initial)
    if not ws:
        return ()
    cands: list[int]
    cues = [i for i, w in enumerate(ws) if w.upper] if p.surname_cues else []
    hy = [i for i, w in enumerate(ws) if w.hyphenated]
    if cues:
        cands = cues[:1]
    elif hy:
        cands = [i for i in (hy[0] - 1, hy[-1] + 1) if 0 <= i < len(ws)] or [0]
        if hy[0] >= 2 and is_surname_spelling(ws[hy[0] - 1].joined) and not ws[hy[0] - 2].english:
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
            and is_surname_spelling(ws[s + 1].joined)
        ):
            out.append(_Interp(ws[s].joined, given[len(ws[s + 1].syllables) :], english, inits, hy_given))
    return tuple(out)


def is_surname_spelling(word: str) -> bool:
    """Whether a folded Latin word ('wang', 'lam', 'sit') spells a common Chinese surname in some scheme."""
    from .parse import COMMON_SURNAMES

    return bool(surnames_spelled(word)) or any(chars_for(word, s) & COMMON_SURNAMES for s in MATCH_SCHEMES)


def _english_set() -> frozenset[str]:
    from .parse import ENGLISH_GIVEN

    return ENGLISH_GIVEN


@functools.lru_cache(maxsize=1 << 16)
def _surnames_compatible(a: str, b: str) -> str | None:
    if a == b:
        return "same spelling"
    ca = surnames_spelled(a) | {c for s in MATCH_SCHEMES for c in chars_for(a, s)}
    cb = surnames_spelled(b) | {c for s in MATCH_SCHEMES for c in chars_for(b, s)}
    # only real surnames bridge two spellings (Chan ~ Chen through 陈)
    from .parse import COMMON_SURNAMES

    common = ca & cb & COMMON_SURNAMES
    return f"both spell {''.join(sorted(common))}" if common else None


# Characters that may bridge two romanisations of a given name: a single character at least this
# frequent in jieba's dictionary. Rarer ones (塣, 浧, 瞲: a reading shared by an obscure
# character) joined different people: 'Chen Liying' ~ 'Chan Yi-ching' through 杝浧.
BRIDGE_MIN_FREQ = 100
# ... and at least this often in given names, counted in ngender's ``charfreq.csv`` (how often
# each Simplified character occurs in the given names of some 32 million counted characters of
# real Chinese names, MIT licence, shipped with the package). Common words that are rare in names
# (旌, 谖, 下, 两, 吠) joined different people: 'Sun Jing' ~ 'Suen Sing' through 旌 (439).
# 2,000 keeps the ~1,600 characters most used in given names (淑 68,822; 芷 1,981 is out).
BRIDGE_MIN_NAME_FREQ = 2000


@functools.lru_cache(maxsize=1)
def name_char_freq() -> dict[str, int]:
    """How often each Simplified character occurs in given names (ngender's ``charfreq.csv``:
    male plus female counts). Read from the package's folder without importing it."""
    import csv
    import importlib.util

    spec = importlib.util.find_spec("ngender")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the ngender package is missing: install the project's requirements")
    path = Path(next(iter(spec.submodule_search_locations))) / "charfreq.csv"
    with path.open(encoding="utf-8") as fh:
        return {r["char"]: int(r["male"]) + int(r["female"]) for r in csv.DictReader(fh)}


@functools.lru_cache(maxsize=1)
def bridge_chars() -> frozenset[str]:
    """Single characters of jieba's dictionary (``jieba/dict.txt``, shipped with the package)
    with a frequency of at least ``BRIDGE_MIN_FREQ`` that occur in given names at least
    ``BRIDGE_MIN_NAME_FREQ`` times (:func:`name_char_freq`)."""
    import jieba

    names = name_char_freq()
    out = set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.partition(" ")
            if (
                len(word) == 1
                and int(rest.split(" ", 1)[0]) >= BRIDGE_MIN_FREQ
                and names.get(word, 0) >= BRIDGE_MIN_NAME_FREQ
            ):
                out.add(word)
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _hk_loose_index() -> dict[str, frozenset[str]]:
    """HK spelling up to :func:`loose` → characters: 'kar' and 'ka' both reach 家, 'po' reaches
    寶 (listed only as 'bo')."""
    out: dict[str, set[str]] = {}
    for syl in syllable_inventory("hk"):
        out.setdefault(loose(syl), set()).update(chars_for(syl, "hk"))
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1 << 14)
def chars_read(syl: str, scheme: str) -> frozenset[str]:
    """Characters a syllable may stand for in a scheme, HK spellings taken loosely."""
    if scheme == "hk":
        return chars_for(syl, scheme) | _hk_loose_index().get(loose(syl), frozenset())
    return chars_for(syl, scheme)


# A bridge between two romanised given names is taken (0.80) when, for every syllable, the
# characters read both ways carry at least this share of the given-name use (ngender counts) of
# the characters either spelling stands for; below it the names are only 'possible'. 'Xue
# Yongheng' ~ 'Sit Wing-hang': yong/wing 0.53 (永), heng/hang 1.0 (恒); ying/wing 0.17 (穎);
# 'Chen Yan' ~ 'Chan Hin' only through 衍: 0.02 of the names spelt yan or hin.
BRIDGE_MIN_SHARE = 0.1


@dataclass(frozen=True)
class _Bridge:
    how: str  # 'pinyin yong-heng and hk wing-hang both read e.g. 永恒'
    share: float  # the weakest syllable's share of name use (see BRIDGE_MIN_SHARE)


def _name_mass(chars: frozenset[str]) -> int:
    f = name_char_freq()
    return sum(f.get(c, 0) for c in chars)


@functools.lru_cache(maxsize=1 << 16)
def _syllable_share(x: str, sa: str, y: str, sb: str) -> tuple[float, str]:
    """Share of name use that the characters read both ``x`` (scheme sa) and ``y`` (sb) carry,
    of all the name characters either spelling stands for (the larger of the two), and the most
    used of them; (0.0, '') when none is a bridge character."""
    ca, cb = chars_read(x, sa) & bridge_chars(), chars_read(y, sb) & bridge_chars()
    common = ca & cb
    if not common:
        return 0.0, ""
    m = _name_mass(common)
    share = max(m / (_name_mass(ca) or 1), m / (_name_mass(cb) or 1))
    f = name_char_freq()
    return share, max(sorted(common), key=lambda c: f.get(c, 0))


def _given_cross(a: tuple[str, ...], b: tuple[str, ...]) -> _Bridge | None:
    """Two given names in different schemes that some common characters read both ways: the
    split and schemes whose weakest syllable is best supported by name use."""
    ja, jb = "".join(a), "".join(b)
    best: _Bridge | None = None
    for sa in MATCH_SCHEMES:
        for segs_a in _fewest(segment(ja, sa, limit=4)):
            for sb in MATCH_SCHEMES:
                if FAMILY[sa] == FAMILY[sb]:
                    continue
                for segs_b in _fewest(segment(jb, sb, limit=4)):
                    if len(segs_a) != len(segs_b):
                        continue
                    shares = [_syllable_share(x, sa, y, sb) for x, y in zip(segs_a, segs_b, strict=True)]
                    if not all(c for _, c in shares):
                        continue
                    weakest = min(sh for sh, _ in shares)
                    if best is None or weakest > best.share:
                        how = (
                            f"{sa} {'-'.join(segs_a)} and {sb} {'-'.join(segs_b)} both read e.g. "
                            f"{''.join(c for _, c in shares)}"
                        )
                        best = _Bridge(how, weakest)
    return best


def _scheme_families(spelt: str) -> frozenset[str]:
    """Families (Mandarin, Cantonese) of the schemes in which a spelling spells a common surname:
    'zhang' only Mandarin, 'cheung' only Cantonese, 'li' both."""
    from .parse import COMMON_SURNAMES

    return frozenset(FAMILY[s] for s in MATCH_SCHEMES if chars_for(spelt, s) & COMMON_SURNAMES)


def _schemes_apart(a: str, b: str) -> bool:
    """Two surname spellings from two different families of schemes ('Zhang' and 'Cheung'): the
    given names beside them are then most likely in those two schemes too."""
    fa, fb = _scheme_families(a), _scheme_families(b)
    return bool(fa) and bool(fb) and not fa & fb


def _fewest(splits: list[list[str]]) -> list[list[str]]:
    """The splits into the fewest syllables: 'zhuo' is one syllable, not zhu-o; 'zhenglin' is
    zheng-lin, not zheng-li-n. A longer split would bridge to a given name of more syllables."""
    n = min((len(x) for x in splits), default=0)
    return [x for x in splits if len(x) == n]


def _english_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool | None:
    """True for the same English given name (or a short form: Ray, Raymond), False for two
    different ones, None when there is nothing to compare or the two are one letter apart
    ('Nicolas' / 'Nicholas': a misspelling or another person; only 'possible')."""
    if not a or not b:
        return None
    if any(
        x == y or (min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x))) for x in a for y in b
    ):
        return True
    if any(one_edit_apart(x, y) for x in a for y in b):
        return None
    return False


def misspelt_english(pa: ParsedName, pb: ParsedName) -> tuple[str, str] | None:
    """The English given names, one letter apart, of two names with the same surname spelling
    and no English given name in common ('Nicolas Yang', 'Nicholas W Yang'); else None."""
    for ia in _interpretations(pa):
        for ib in _interpretations(pb):
            if ia.surname != ib.surname or _english_match(ia.english, ib.english) is not None:
                continue
            near = [(x, y) for x in ia.english for y in ib.english if one_edit_apart(x, y)]
            if near:
                return near[0]
    return None


def one_edit_apart(x: str, y: str) -> bool:
    """Two words of at least five letters with the same first letter, one insertion, deletion
    or substitution apart (Nicolas / Nicholas; not Jason / Mason)."""
    if x == y or min(len(x), len(y)) < 5 or abs(len(x) - len(y)) > 1 or x[0] != y[0]:
        return False
    if len(x) > len(y):
        x, y = y, x
    i = next((k for k in range(len(x)) if x[k] != y[k]), len(x))
    return x[i + (len(x) == len(y)) :] == y[i + 1 :]


def compare_latin(pa: ParsedName, pb: ParsedName) -> tuple[float, str, str]:
    """Score, method and explanation for two romanised / English names."""
    best: tuple[float, str, str] = (0.0, "none", f"surnames of {pa.bare!r} and {pb.bare!r} differ")
    weak_best: tuple[float, str, str] = best
    literal_conflict = False
    for ia in _interpretations(pa):
        for ib in _interpretations(pb):
            sur = _surnames_compatible(ia.surname, ib.surname)
            if sur is None:
                continue
            weak = not _strong_surname_link(ia.surname, ib.surname)
            eng = _english_match(ia.english, ib.english)
            res: tuple[float, str, str]
            if ia.given and ib.given:
                if "".join(ia.given) == "".join(ib.given) and not _schemes_apart(ia.surname, ib.surname):
                    res = (
                        0.95,
                        "variant",
                        f"surname {ia.surname}/{ib.surname} ({sur}); given {'-'.join(ia.given)} alike",
                    )
                elif (
                    (ia.hyphenated or ib.hyphenated)
                    and len(ia.given) == len(ib.given)
                    and all(loose(x) == loose(y) for x, y in zip(ia.given, ib.given, strict=True))
                ):
                    res = (
                        0.88,
                        "variant",
                        f"surname {sur}; given {'-'.join(ia.given)} ~ {'-'.join(ib.given)} (HK spelling)",
                    )
                elif (ia.surname != ib.surname or ia.hyphenated != ib.hyphenated) and (
                    cross := _given_cross(ia.given, ib.given)
                ) is not None:  # two schemes show in the surname or in the way the given name is written
                    if cross.share >= BRIDGE_MIN_SHARE:
                        res = (0.8, "romanisation", f"surname {ia.surname}/{ib.surname} ({sur}); {cross.how}")
                    else:
                        res = (
                            SURNAME_ONLY,
                            "surname",
                            f"surname {ia.surname}/{ib.surname} ({sur}); given names only possibly one: "
                            f"{cross.how}, characters with only {cross.share:.2f} of the name use of those spellings",
                        )
                elif "".join(ia.given) == "".join(ib.given):
                    res = (
                        0.05,
                        "conflict",
                        f"surname agrees ({sur}); given {'-'.join(ia.given)} is spelt alike but in two schemes"
                        f" (surnames {ia.surname}/{ib.surname}), and no common name character reads it both ways",
                    )
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
            elif near := [(x, y) for x in ia.english for y in ib.english if one_edit_apart(x, y)]:
                res = (
                    SURNAME_ONLY,
                    "surname",
                    f"only the surname agrees ({ia.surname}/{ib.surname}, {sur}); English names {near[0][0]} and "
                    f"{near[0][1]} are one letter apart: a misspelling or another person",
                )
            else:
                res = (SURNAME_ONLY, "surname", f"only the surname agrees ({ia.surname}/{ib.surname}, {sur})")
            if ia.initials and res[0] >= SURNAME_ONLY:
                # initials are spelt in some scheme: test them against a given name only when the
                # surnames are spelt alike ('C Y Leung' says nothing against 'Liang Zhenying')
                same_scheme = ia.surname == ib.surname
                other = set(ib.initials) or ({ib.given[0][0]} if ib.given and same_scheme else set())
                if other and not set(ia.initials) & other:
                    res = (0.1, "conflict", res[2] + f"; initial {ia.initials[0].upper()} disagrees")
            if weak:
                weak_best = max(weak_best, res, key=lambda r: r[0])
            elif res[0] > best[0]:
                best = res
            literal_conflict |= ia.surname == ib.surname and res[1] == "conflict"
    # a reading that bridges two surname spellings only through some character's readings
    # ('Qian Yan' ~ 'Qian Qin' read given-name-first, Yan ~ Qin through 覃) does not beat a
    # literal reading in which the same surname has conflicting given names
    if weak_best[0] > best[0] and not literal_conflict:
        return weak_best
    return best


def _strong_surname_link(a: str, b: str) -> bool:
    """Same spelling, or spellings the surname table ties to one surname (Lee ~ Li, Sit ~ Xue)."""
    if a == b:
        return True
    ra = {c for s in MATCH_SCHEMES for c in chars_for(a, s)}
    rb = {c for s in MATCH_SCHEMES for c in chars_for(b, s)}
    ta, tb = surnames_spelled(a), surnames_spelled(b)
    return bool((ta & (rb | tb)) or (tb & ra))
