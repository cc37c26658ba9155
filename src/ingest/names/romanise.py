"""Readings of Chinese characters in the romanisations names are written in.

Four schemes, each a function of one character returning every reading (lower case,
no tones, no diacritics, ``ü`` written ``u``/``v``/``yu`` by the callers that need it):

- ``pinyin``: Mandarin Hanyu Pinyin from pypinyin (all heteronyms, so 曾 gives zeng and ceng);
- ``wade_giles``: Wade-Giles / Taiwan forms derived from the pinyin by rule (``xue`` →
  ``hsueh``, ``zhi`` → ``chih``, ``yong`` → ``yung``), apostrophes dropped as Taiwan
  passports and most newspapers do;
- ``hk``: HK Government Cantonese romanisation from the cantonese-romanisation package
  (the scheme of HK identity cards: 薛 sit, 永 wing, 恒 hang); for a rare character it lacks
  (熺, 寳), spelt from the Jyutping of the ToJyutping package;
- ``jyutping``: Jyutping without tone numbers (same package);
- ``macau`` (not in ``SCHEMES``: matched against characters only): Macau Government spelling
  derived from the Jyutping by rule (楊 Ieong, 敬 Keng, 黃 Vong).

Reverse indexes (syllable → characters, per scheme) support comparing two romanised names
written in different schemes. Everything is loaded lazily and cached.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import opencc
from cantoroman import Cantonese
from pypinyin import Style, pinyin
from pypinyin import pinyin_dict as _pd

SCHEMES: tuple[str, ...] = ("pinyin", "wade_giles", "hk", "jyutping")
# Schemes names are matched in. Jyutping is generated as a variant but not matched: names are
# almost never written in it, and its spellings collide with pinyin (ji, jin, zi).
MATCH_SCHEMES: tuple[str, ...] = ("pinyin", "wade_giles", "hk")
# Schemes a romanised name is matched in against characters: those of MATCH_SCHEMES and the Macau
# spelling, which is read but neither generated as a variant nor used to bridge two romanised
# names (its short spellings, I, U, Un, collide with other schemes' syllables).
CJK_LATIN_SCHEMES: tuple[str, ...] = (*MATCH_SCHEMES, "macau")
FAMILY: dict[str, str] = {
    "pinyin": "mandarin",
    "wade_giles": "mandarin",
    "hk": "cantonese",
    "jyutping": "cantonese",
    "macau": "cantonese",
}

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")
_S2TW = opencc.OpenCC("s2tw")  # Taiwan forms reach variants s2t misses (启 → 啟)


@functools.cache
def _jp_fold() -> dict[str, str]:
    """Japanese shinjitai forms (OpenCC's JPVariants, reversed) that Hong Kong Chinese does not use.

    A shinjitai form that is also a Chinese character with a Cantonese reading (芸, used in
    蔣麗芸) is left alone; one without (聡 for 聰) is folded to its Traditional form.
    """
    path = Path(opencc.__file__).with_name("dictionary") / "JPVariants.txt"
    out: dict[str, str] = {}
    if path.exists():
        known = _canto().charToRoman
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2:
                for jp in parts[1:]:
                    if len(jp) == 1 and jp != parts[0] and jp not in known:
                        out.setdefault(jp, parts[0])
    return out


def fold_variants(text: str) -> str:
    """Japanese shinjitai variants in Chinese names folded to Traditional (羅冠聡 → 羅冠聰)."""
    table = _jp_fold()
    return "".join(table.get(c, c) for c in text)


@functools.cache
def _regional_simplified() -> dict[str, str]:
    """Hong Kong and Taiwan variant forms that t2s leaves alone, with their Simplified form
    (衞 in 曾國衞 and 醫務衞生局 → 卫), from OpenCC's HKVariantsRev and TWVariantsRev tables."""
    out: dict[str, str] = {}
    for name in ("HKVariantsRev.txt", "TWVariantsRev.txt"):
        path = Path(opencc.__file__).with_name("dictionary") / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
                v, simp = parts[0], _T2S.convert(parts[1])
                if _T2S.convert(v) == v and simp != v and simp != parts[1]:
                    out.setdefault(v, simp)
    return out


def to_simplified(text: str) -> str:
    """OpenCC Traditional → Simplified (名字以簡體為鍵), Japanese variants folded first and
    Hong Kong / Taiwan variant forms after."""
    out = _T2S.convert(fold_variants(text))
    table = _regional_simplified()
    return "".join(table.get(c, c) for c in out) if any(c in table for c in out) else out


def to_traditional(text: str) -> str:
    """OpenCC Simplified → Traditional. Not a round trip for names: 薛永恒 → 薛永恆."""
    return _S2T.convert(text)


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph (basic block and extensions A–B, compatibility)."""
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x2A6DF or 0xF900 <= o <= 0xFAFF


def fold(text: str) -> str:
    """Lower case, diacritics removed (ü → u), only a–z kept."""
    t = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z]", "", "".join(c for c in t if not unicodedata.combining(c)))


@functools.cache
def _canto() -> Cantonese:
    return Cantonese()


# ---------------------------------------------------------------- Wade-Giles by rule
_WG_WHOLE = {
    "zi": "tzu",
    "ci": "tzu",
    "si": "ssu",
    "zhi": "chih",
    "chi": "chih",
    "shi": "shih",
    "ri": "jih",
    "er": "erh",
    "ye": "yeh",
    "yan": "yen",
    "you": "yu",
    "yu": "yu",
    "yue": "yueh",
    "yuan": "yuan",
    "yun": "yun",
    "yong": "yung",
    "yi": "i",
    "yin": "yin",
    "ying": "ying",
    "wo": "wo",
    "e": "o",
}
_WG_INITIALS = [
    ("zh", "ch"),
    ("ch", "ch"),
    ("sh", "sh"),
    ("b", "p"),
    ("p", "p"),
    ("d", "t"),
    ("t", "t"),
    ("g", "k"),
    ("k", "k"),
    ("j", "ch"),
    ("q", "ch"),
    ("x", "hs"),
    ("r", "j"),
    ("z", "ts"),
    ("c", "ts"),
    ("s", "s"),
    ("h", "h"),
    ("m", "m"),
    ("f", "f"),
    ("n", "n"),
    ("l", "l"),
    ("y", "y"),
    ("w", "w"),
]


def pinyin_to_wade_giles(syl: str) -> str:
    """One toneless pinyin syllable → Wade-Giles without apostrophes or umlauts."""
    syl = syl.replace("ü", "v")
    if syl in _WG_WHOLE:
        return _WG_WHOLE[syl]
    ini, fin = "", syl
    for p, w in _WG_INITIALS:
        if syl.startswith(p):
            ini, fin = w, syl[len(p) :]
            break
    palatal = syl[:1] in ("j", "q", "x")
    if palatal and fin.startswith("u"):
        fin = "v" + fin[1:]  # ju = jü
    fin = {"ong": "ung", "iong": "iung", "ian": "ien", "ie": "ieh", "ve": "veh", "ue": "veh", "iu": "iu"}.get(
        fin, fin
    )
    if fin == "uo" and ini in ("k", "h", "sh", "ch"):
        fin = "uo"
    elif fin == "uo" or (fin == "e" and ini in ("k", "h")):
        fin = "o"
    elif fin == "ui" and ini == "k":
        fin = "uei"
    return (ini + fin).replace("v", "u")


# ---------------------------------------------------------------- Jyutping → HK Government spelling
# The cantonese-romanisation package's HK column is hand-collected and misses or misspells rare
# name characters (鑌 ban1 is given as 'fan'); the Government's own spelling follows from the
# sound, so each Jyutping reading also yields its HK spelling by these tables.
_JP_INITIALS: tuple[tuple[str, str], ...] = (
    ("gw", "kw"), ("kw", "kw"), ("ng", "ng"), ("b", "p"), ("p", "p"), ("m", "m"), ("f", "f"),
    ("d", "t"), ("t", "t"), ("n", "n"), ("l", "l"), ("g", "k"), ("k", "k"), ("h", "h"),
    ("w", "w"), ("z", "ch"), ("c", "ch"), ("s", "s"), ("j", "y"),
)  # fmt: skip
_JP_FINALS: dict[str, str] = {
    "aa": "a", "aai": "ai", "aau": "au", "aam": "am", "aan": "an", "aang": "ang", "aap": "ap",
    "aat": "at", "aak": "ak", "ai": "ai", "au": "au", "am": "am", "an": "an", "ang": "ang",
    "ap": "ap", "at": "at", "ak": "ak", "e": "e", "ei": "ei", "eng": "eng", "ek": "ek",
    "eu": "eu", "i": "i", "iu": "iu", "im": "im", "in": "in", "ing": "ing", "ip": "ip",
    "it": "it", "ik": "ik", "o": "o", "oi": "oi", "ou": "o", "on": "on", "ong": "ong",
    "ot": "ot", "ok": "ok", "oe": "eu", "oeng": "eung", "oek": "euk", "eoi": "ui", "eon": "un",
    "eot": "ut", "u": "u", "ui": "ui", "un": "un", "ung": "ung", "ut": "ut", "uk": "uk",
    "yu": "ue", "yun": "uen", "yut": "uet", "m": "m", "ng": "ng",
}  # fmt: skip


@functools.cache
def jyutping_to_hk(jp: str) -> str | None:
    """One toneless Jyutping syllable in HK Government spelling ('ban' → 'pan', 'zyun' → 'chuen').

    None for a string that is not a Jyutping syllable.
    """
    ini, fin = "", jp
    for j, h in _JP_INITIALS:
        if jp.startswith(j) and jp[len(j) :] in _JP_FINALS:
            ini, fin = h, jp[len(j) :]
            break
    if fin not in _JP_FINALS:
        return None
    hk = _JP_FINALS[fin]
    if ini == "y" and fin.startswith("yu"):  # jyu, jyun, jyut: yu, yuen, yuet
        return "y" + hk
    if ini == "y" and fin.startswith("i"):  # ji, jik, jin: yi, yik, yin
        return "y" + hk
    return ini + hk


# ---------------------------------------------------------------- Jyutping → Macau Government spelling
# Macau's Cantonese romanisation follows Portuguese spelling: 楊 Ieong, 黃 Vong, 劉 Lao, 國 Kuok,
# 明 Meng, 陸 Lok. Derived from Jyutping by these tables (finals with two entries are written
# both ways in Macau's registers: 俊 Chon / Chun, 趙 Chio / Chiu).
_MO_INITIALS: tuple[tuple[str, str], ...] = (
    ("gw", "ku"), ("kw", "ku"), ("ng", "ng"), ("b", "p"), ("p", "p"), ("m", "m"), ("f", "f"),
    ("d", "t"), ("t", "t"), ("n", "n"), ("l", "l"), ("g", "k"), ("k", "k"), ("h", "h"),
    ("w", "v"), ("z", "ch"), ("c", "ch"), ("s", "s"), ("j", "i"),
)  # fmt: skip
_MO_FINALS: dict[str, tuple[str, ...]] = {
    "aa": ("a",), "aai": ("ai",), "aau": ("au",), "aam": ("am",), "aan": ("an",), "aang": ("ang",),
    "aap": ("ap",), "aat": ("at",), "aak": ("ak",), "ai": ("ai",), "au": ("ao", "au"), "am": ("am",),
    "an": ("an",), "ang": ("ang",), "ap": ("ap",), "at": ("at",), "ak": ("ak",), "e": ("e",),
    "ei": ("ei",), "eng": ("eng",), "ek": ("ek",), "i": ("i",), "iu": ("io", "iu"), "im": ("im",),
    "in": ("in",), "ing": ("eng",), "ip": ("ip",), "it": ("it",), "ik": ("ek",), "o": ("o",),
    "oi": ("oi",), "ou": ("ou",), "on": ("on",), "ong": ("ong",), "ot": ("ot",), "ok": ("ok",),
    "oe": ("eu",), "oeng": ("eong",), "oek": ("eok",), "eoi": ("ui",), "eon": ("on", "un"),
    "eot": ("ot", "ut"), "u": ("u",), "ui": ("ui",), "un": ("un",), "ung": ("ong",), "ut": ("ut",),
    "uk": ("ok",), "yu": ("u",), "yun": ("un",), "yut": ("ut",), "m": ("m",), "ng": ("ng",),
}  # fmt: skip


@functools.cache
def jyutping_to_macau(jp: str) -> tuple[str, ...]:
    """One toneless Jyutping syllable in Macau Government spelling ('joeng' → 'ieong', 'ging'
    → 'keng', 'wong' → 'vong', 'gwok' → 'kuok'); () for a string that is not a syllable."""
    ini, fin = "", jp
    for j, m in _MO_INITIALS:
        if jp.startswith(j) and jp[len(j) :] in _MO_FINALS:
            ini, fin = m, jp[len(j) :]
            break
    if fin not in _MO_FINALS:
        return ()
    out = []
    for f in _MO_FINALS[fin]:
        if ini == "i" and (f.startswith("i") or fin.startswith("yu")):
            out.append(f)  # ji, jiu, jyu, jyun: i, io, u, un
        elif ini == "ku" and f.startswith("u"):
            out.append("k" + f)
        else:
            out.append(ini + f)
        if ini == "v":
            out.append("w" + out[-1][1:])  # 永 Veng and Weng
    return tuple(dict.fromkeys(out))


@functools.cache
def macau_syllables() -> frozenset[str]:
    """Every Macau spelling of a Jyutping syllable the romanisation package knows."""
    jps = {re.sub(r"\d", "", j) for j in _canto().lshkToChar}
    return frozenset(m for j in jps for m in jyutping_to_macau(j))


def _sound_key(syl: str) -> str:
    """A spelling with voicing and common HK spelling habits folded, to compare two spellings' sound."""
    s = re.sub(r"^(b)", "p", re.sub(r"^(d)", "t", re.sub(r"^g(?!w)", "k", re.sub(r"^gw", "kw", syl))))
    s = re.sub(r"^(j|ts|z)", "ch", s)
    return re.sub(r"(?<=[aeiou])(h|r)$", "", s.replace("aa", "a").replace("ar", "a").replace("ee", "i"))


@functools.cache
def _hk_repairs() -> dict[str, tuple[str, ...]]:
    """Characters whose HK spellings in the package agree with none of their Jyutping readings.

    For these (鑌 ban1 spelt 'fan', 'fun') the spelling derived from each Jyutping reading is
    added. A character whose listed spelling matches one of its readings is left as listed, so
    rare readings the package chose to leave out (華 faa) stay out.
    """
    c = _canto()
    out: dict[str, tuple[str, ...]] = {}
    for ch, roman in c.charToRoman.items():
        derived = [h for j in c.charToLshk.get(ch, ()) if (h := jyutping_to_hk(j.rstrip("123456")))]
        listed = {_sound_key(fold(h)) for h in roman}
        if derived and not listed & {_sound_key(h) for h in derived}:
            out[ch] = tuple(dict.fromkeys(derived))
    return out


# HK spellings that personal names use and the romanisation package lacks (seen in names as
# published on HK Government and District Council lists): 'Leong' for 亮 as for 梁, 'Keong' for
# 強, 'Loy' for 來, 'Weng' for 永, 'Kwing' for 炯 (the package has only 'gwing'). Keyed by the
# Traditional character; readings() looks the Simplified one up through it.
HK_EXTRA_SPELLINGS: dict[str, tuple[str, ...]] = {
    "亮": ("leong",),
    "強": ("keong",),
    "來": ("loy",),
    "永": ("weng",),
    "炯": ("kwing",),
}


@functools.lru_cache(maxsize=4096)
def _tojyutping_readings(ch: str) -> tuple[str, ...]:
    """Toneless Jyutping of a character from the ToJyutping package's dictionary (the
    Cantonese Computational Linguistics Infrastructure Development Workgroup's, BSD licence),
    for the rare name characters the cantonese-romanisation package has no reading for: 熺
    hei1, 㙟 long5, 峂 tung4, 寳 bou2. Its HK spelling follows by :func:`jyutping_to_hk`.
    Imported on first need (its dictionary takes ~2 s to load)."""
    import ToJyutping

    got = ToJyutping.get_jyutping_candidates(ch)
    return tuple(dict.fromkeys(re.sub(r"\d", "", j) for _, js in got for j in js if j))


def _hk_preference(syl: str) -> tuple[int, int, int]:
    """Order HK readings as HK identity cards most often spell them: Kwok before Gwok, Po before Boh."""
    voiced = syl[:1] in "bdgjz" and not syl.startswith("gw")
    odd = ("aa" in syl) + ("ll" in syl) + syl.endswith("h") + ("ar" in syl) + syl.startswith("gw")
    return (voiced + odd, 0 if syl.endswith("or") else 1, len(syl))


# ---------------------------------------------------------------- readings per character
@functools.cache
def readings(ch: str) -> dict[str, tuple[str, ...]]:
    """Every reading of one character by scheme (empty tuples for a non-Chinese char)."""
    if not is_cjk(ch):
        return {s: () for s in CJK_LATIN_SCHEMES + ("jyutping",)}
    py = [
        fold(p.replace("ü", "v")).replace("v", "u") for p in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
    ]
    py_v = []
    for p in pinyin(ch, style=Style.NORMAL, heteronym=True, v_to_u=False)[0]:
        py_v.append(p)  # 'lv' and 'lu' both occur for 吕 in the wild
        if "v" in p:
            py_v.append(p.replace("v", "yu") if p[0] in "nl" else p)
    pys = tuple(dict.fromkeys(q for q in py + py_v if q.isalpha()))
    wg = tuple(dict.fromkeys(pinyin_to_wade_giles(p) for p in pys if "yu" not in p[1:]))
    c = _canto()
    hk_l: list[str] = []
    jp_l: list[str] = []
    for form in dict.fromkeys((ch, to_traditional(ch), _S2TW.convert(ch), _S2TW.convert(to_simplified(ch)))):
        hk_l += c.getRoman(form)[0]
        jp_l += [re.sub(r"\d", "", j) for j in c.getLshk(form)[0]]
    if not jp_l and not hk_l:  # a rare character the romanisation package lacks (熺, 㙟, 峂, 寳)
        jp_l = list(_tojyutping_readings(ch))
        hk_l += [h for j in jp_l if (h := jyutping_to_hk(j))]
    jp = tuple(dict.fromkeys(j for j in jp_l if j))
    for form in dict.fromkeys((ch, to_traditional(ch))):
        hk_l += _hk_repairs().get(form, ()) + HK_EXTRA_SPELLINGS.get(form, ())
    # plain spellings before voiced or odd ones (Kwok before Gwok), then the spelling of the
    # character's first, most common Jyutping reading (宁 ning4 before cyu5: 'Ning', not 'Chue')
    sounds = [_sound_key(h) for j in jp if (h := jyutping_to_hk(j))]

    def rank(h: str) -> tuple[int, int, int, int]:
        k, pref = _sound_key(h), _hk_preference(h)
        return (pref[0], sounds.index(k) if k in sounds else len(sounds), pref[1], pref[2])

    hk = tuple(sorted(dict.fromkeys(fold(h) for h in hk_l if fold(h)), key=rank))
    mo = tuple(dict.fromkeys(m for j in jp for m in jyutping_to_macau(j)))
    return {"pinyin": pys, "wade_giles": wg, "hk": hk, "jyutping": jp, "macau": mo}


def name_readings(name: str, scheme: str) -> list[tuple[str, ...]]:
    """Readings of each character of ``name`` in one scheme."""
    return [readings(ch)[scheme] for ch in name]


@functools.cache
def syllable_inventory(scheme: str) -> frozenset[str]:
    """Every syllable of a scheme (used to tell romanised words from English names)."""
    return frozenset(_reverse_index(scheme))


@functools.cache
def _ts_chars() -> dict[str, str]:
    """Traditional → Simplified, character by character (OpenCC's TSCharacters table)."""
    path = Path(opencc.__file__).with_name("dictionary") / "TSCharacters.txt"
    out: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 1:
                out[parts[0]] = parts[1]
    return out


@functools.cache
def _reverse_index(scheme: str) -> dict[str, frozenset[str]]:
    """Syllable → Simplified characters that read so, over the characters cantonese-romanisation knows.

    Built from the packages' own tables (not from :func:`readings` of every character), so it
    costs a few tens of milliseconds.
    """
    ts = _ts_chars()
    idx: dict[str, set[str]] = {}
    c = _canto()
    if scheme in ("hk", "jyutping"):
        table = c.romanToChar if scheme == "hk" else c.lshkToChar
        for syl, chars in table.items():
            key = fold(syl) if scheme == "hk" else re.sub(r"\d", "", syl)
            if key:
                idx.setdefault(key, set()).update(ts.get(ch, ch) for ch in chars)
        if scheme == "hk":
            for ch, spellings in (*_hk_repairs().items(), *HK_EXTRA_SPELLINGS.items()):
                for hk in spellings:
                    idx.setdefault(hk, set()).add(ts.get(ch, ch))
    else:
        for ch in c.charToRoman:
            raw = _pd.pinyin_dict.get(ord(ch))
            if not raw:
                continue
            simp = ts.get(ch, ch)
            for py in raw.split(",")[:1]:  # the common reading only: rare ones (王 yu) bridge wrongly
                base = unicodedata.normalize("NFKD", py)
                sylls = {fold(py)}
                if "\u0308" in base:  # ü: also written v (lv) and yu (lyu)
                    sylls |= {fold(base.replace("u\u0308", "v")), fold(base.replace("u\u0308", "yu"))}
                for syl in sylls - {""}:
                    idx.setdefault(syl if scheme == "pinyin" else pinyin_to_wade_giles(syl), set()).add(simp)
    return {k: frozenset(v) for k, v in idx.items()}


def chars_for(syllable: str, scheme: str) -> frozenset[str]:
    """Simplified characters whose reading in ``scheme`` is ``syllable``.

    HK spellings end a -k syllable in 'ck' as often as in 'k' (Yick, Pick, Tick for 易, 碧, 狄).
    """
    got = _reverse_index(scheme).get(syllable, frozenset())
    if not got and scheme == "hk" and syllable.endswith("ck"):
        return _reverse_index(scheme).get(syllable[:-2] + "k", frozenset())
    return got


def segment(word: str, scheme: str, limit: int = 8) -> list[list[str]]:
    """Ways to split a folded word into syllables of ``scheme`` ('yongheng' → [['yong', 'heng']])."""
    inv = syllable_inventory(scheme)
    out: list[list[str]] = []

    def go(i: int, acc: list[str]) -> None:
        if len(out) >= limit:
            return
        if i == len(word):
            out.append(list(acc))
            return
        for j in range(min(len(word), i + 6), i, -1):
            if word[i:j] in inv:
                acc.append(word[i:j])
                go(j, acc)
                acc.pop()

    go(0, [])
    return out


def is_syllabic(word: str) -> bool:
    """True when a folded word splits into syllables of some scheme."""
    return any(segment(word, s, limit=1) for s in SCHEMES)


@functools.lru_cache(maxsize=65536)
def min_syllables(word: str) -> int:
    """Fewest syllables (of any one scheme) a folded word splits into; 0 when it does not split."""
    counts = [len(seg) for s in SCHEMES for seg in segment(word, s)]
    return min(counts) if counts else 0


def pinyin_with_tone_numbers_to_plain(text: str) -> str:
    """'Lin2 Zheng4 Yue4 e2' → 'Lin Zheng Yue e' (CEDICT style input)."""
    return re.sub(r"([A-Za-züÜ:]+)[1-5]", r"\1", text).replace("u:", "ü")
