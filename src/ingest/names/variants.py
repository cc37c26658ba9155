"""Name variants by scheme, for any Chinese-character name and for romanised names.

``variants('薛永恒')`` gives the Simplified and Traditional forms (both written forms: OpenCC
turns 薛永恒 into 薛永恆, but the person writes 薛永恒), Mandarin pinyin ('Xue Yongheng',
'Yongheng Xue', 'Xue Yong-heng', 'XUE Yongheng'), HK Government Cantonese romanisation
('Sit Wing-hang', 'SIT Wing-hang', 'Sit Wing Hang', 'Wing-hang Sit'), Jyutping and
Wade-Giles. A married double surname (林鄭月娥) also gives 'Lam Cheng Yuet-ngor' and the
short forms 'Mrs Lam' / 'Lam' (scheme ``short``: they need evidence in the text to resolve).
For a romanised name, the variants are its reorderings, cases, hyphenations and fusions.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from pypinyin import lazy_pinyin

from .parse import ParsedName, parse_name

if TYPE_CHECKING:
    from .kb import KnowledgeBase
from .romanise import min_syllables, readings, segment, to_traditional
from .surnames import EXTRA_SURNAME_SPELLINGS, SURNAME_PINYIN

MAX_PER_SCHEME = 12


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _forms(sur: list[str], given: list[str], apostrophe: bool = False) -> list[str]:
    """Spellings of one surname + given-syllable reading."""
    s = " ".join(_cap(x) for x in sur)
    g_f = ""
    for syl in given:
        sep = "'" if apostrophe and g_f and syl[:1] in "aeo" else ""
        g_f += sep + syl
    g_f = _cap(g_f)
    g_h = _cap("-".join(given))
    g_s = " ".join(_cap(x) for x in given)
    if not given:
        return [s, s.upper()]
    out = [
        f"{s} {g_f}",
        f"{g_f} {s}",
        f"{s} {g_h}",
        f"{s.upper()} {g_h}",
        f"{s} {g_s}",
        f"{g_h} {s}",
        f"{s.upper()} {g_f}",
    ]
    # 'Yue E' would read as an initial: no space-separated form with a one-letter syllable
    return [f for f in out if f != f"{s} {g_s}" or all(len(x) > 1 for x in given)]


def _surname_reads(unit: str, scheme: str) -> list[str]:
    if scheme == "pinyin" and unit in SURNAME_PINYIN:
        return [SURNAME_PINYIN[unit]]
    if scheme == "hk" and unit in EXTRA_SURNAME_SPELLINGS:
        return [EXTRA_SURNAME_SPELLINGS[unit][0]]
    alts = [""]
    for ch in unit:
        alts = [a + r for a in alts for r in readings(ch)[scheme][:2]]
    return alts[:2]


def cjk_variants(p: ParsedName) -> dict[str, list[str]]:
    """Variants of a parsed Chinese-character name."""
    hant = to_traditional(p.hans)
    out: dict[str, list[str]] = {"zh_hans": [p.hans], "zh_hant": list(dict.fromkeys([p.bare, hant]))}
    given = list(p.given)
    ctx = lazy_pinyin(p.hans)
    for scheme in ("pinyin", "hk", "wade_giles", "jyutping"):
        sur_opts = [list(x) for x in itertools.product(*[_surname_reads(u, scheme)[:1] for u in p.surnames])]
        if scheme == "pinyin":
            gopts = [ctx[len(p.hans) - len(given) :]]
            gopts += [list(x) for x in itertools.product(*[readings(c)["pinyin"][:2] for c in given])]
        else:
            gopts = [list(x) for x in itertools.product(*[readings(c)[scheme][:3] for c in given])]
        forms: list[str] = []
        for sur, g in itertools.product(sur_opts, gopts):
            forms += _forms(sur, g, apostrophe=scheme == "pinyin")
            if len(p.surnames) > 1:
                forms += _forms(sur[:1], g, apostrophe=scheme == "pinyin")
        if scheme != "pinyin":  # HK and Wade-Giles names are written with a hyphen: 'Sit Wing-hang'
            forms.sort(key=lambda f: "-" not in f)
        out[scheme] = list(dict.fromkeys(forms))[: MAX_PER_SCHEME * (2 if scheme == "hk" else 1)]
    hk_sur = _surname_reads(p.surnames[0], "hk")[0]
    out["short"] = [
        f"Mr {_cap(hk_sur)}",
        f"Mrs {_cap(hk_sur)}",
        f"Ms {_cap(hk_sur)}",
        _cap(hk_sur),
        p.surnames[0] + "先生",
    ]
    if len(p.surnames) > 1:
        out["short"] = [f"Mrs {_cap(hk_sur)}", _cap(hk_sur), p.surnames[0] + p.surnames[1]]
    return out


def _latin_surname(words: list) -> int:
    """Index of the surname: capitals ('SIT'), else before a hyphenated given, else after English names."""
    for i, w in enumerate(words):
        if w.upper:
            return i
    for i, w in enumerate(words):
        if w.hyphenated:
            return i - 1 if i > 0 else min(i + 1, len(words) - 1)
    native = [i for i, w in enumerate(words) if not w.english]
    single = [i for i in native if min_syllables(words[i].joined) == 1]
    if len(native) >= 2 and len(single) == 1:  # 'Chunli Bai': the one-syllable word is the surname
        return single[0]
    return native[0] if native else 0


def latin_variants(p: ParsedName) -> dict[str, list[str]]:
    """Reorderings, cases, hyphenations and fusions of a romanised name."""
    words = [w for w in p.words if not w.initial]
    forms: list[str] = [p.bare]
    if len(words) >= 2:
        si = _latin_surname(words)
        sur, rest = words[si], [w for i, w in enumerate(words) if i != si]
        eng = [w.text for w in rest if w.english]
        giv = [x for w in rest if not w.english for x in w.syllables]
        if len(giv) == 1 and min_syllables(giv[0]) >= 2:  # a fused given name: 'Yongheng' → Yong-heng
            segs = next(iter(seg for sch in ("pinyin", "hk") for seg in segment(giv[0], sch, 1)), None)
            giv = segs or giv
        s = _cap(sur.joined)
        if giv:
            fused, hyph = _cap("".join(giv)), _cap("-".join(giv))
            spaced = " ".join(_cap(x) for x in giv)
            forms += [
                f"{s} {fused}",
                f"{fused} {s}",
                f"{s} {hyph}",
                f"{s.upper()} {hyph}",
                f"{hyph} {s}",
                f"{s} {spaced}",
            ]
            forms += [f"{e} {s} {hyph}" for e in eng] + [f"{e} {s.upper()} {hyph}" for e in eng]
        forms += [f"{e} {s}" for e in eng] + [f"{e} {s.upper()}" for e in eng]
        forms += [f"Mr {s}", f"Mrs {s}", f"Ms {s}"]
    return {"latin": list(dict.fromkeys(forms))}


def variants(name: str, kb: KnowledgeBase | None = None) -> dict[str, list[str]]:
    """Variants of ``name`` by scheme (zh_hans, zh_hant, pinyin, hk, wade_giles, jyutping, short, latin).

    With a KB in which ``name`` is an alias of one entity, scheme ``kb`` lists that entity's
    names (English given names such as 'Alfred Sit' can only come from there), and a romanised
    name also gets the variants of the entity's Chinese name.
    """
    p = parse_name(name)
    out: dict[str, list[str]] = {}
    if p.script == "cjk":
        out = cjk_variants(p)
    elif p.script == "latin":
        out = latin_variants(p)
    hits = kb.lookup(name) if kb is not None else []
    if len(hits) == 1:
        e = hits[0]
        out["kb"] = list(dict.fromkeys(a for a, _ in e.all_aliases()))
        if p.script == "latin" and e.kind == "PERSON" and e.zh_hans:
            for scheme, forms in cjk_variants(parse_name(e.zh_hans)).items():
                out.setdefault(scheme, forms)
    return out


def kb_person_variants(e: object) -> list[str]:
    """Full-name romanisations of a KB person for the entity ruler (no short forms)."""
    hans = getattr(e, "zh_hans", "") or ""
    if not hans:
        return []
    v = cjk_variants(parse_name(hans))
    out = v["pinyin"][:2]
    en = (getattr(e, "name_en", "") or "").lower().split()
    if v["pinyin"][0].split()[0].lower() not in en:  # a Hong Kong name: Cantonese forms too
        out += [f for f in v["hk"] if "-" in f][:2]
    return [f for f in out if " " in f]
