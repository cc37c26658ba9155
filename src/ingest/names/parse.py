"""Parse a bare name into surname and given parts, in characters or in Latin letters.

Chinese names split into surname units (one character; a compound surname such as 歐陽;
or, for a four-character name whose first two characters are both common surnames, the
married double surname 林鄭 → husband's 林 + own 鄭) and the given name. Latin names split
into words; each word is marked upper-case (a surname cue: 'SIT Wing-hang'), hyphenated
(a Chinese given name: 'Wing-hang'), an initial ('W'), romanised (splits into syllables of
some scheme) or English (does not, or is a common English given name).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass

from wordfreq import zipf_frequency

from .normalise import HONORIFICS, POST_NOMINALS, ZH_SUFFIX_TITLES, normalise_mention
from .romanise import fold, is_cjk, is_syllabic, macau_syllables, min_syllables, segment, to_simplified

COMPOUND_SURNAMES: frozenset[str] = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "司徒",
        "东方",
        "夏侯",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "澹台",
        "申屠",
        "呼延",
        "独孤",
        "南宫",
        "西门",
    ]
)
# Common single-character surnames (Simplified), used to recognise married double surnames.
COMMON_SURNAMES: frozenset[str] = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "区麦温容关邝伍岑欧施翁洪冼霍甘骆简符柯卓游凌鲍单易"
)
# English given names common in Hong Kong; a word in this list is an English name even if it
# also happens to spell a romanised syllable ('Ben', 'Ann', 'Wing' is not here).
ENGLISH_GIVEN: frozenset[str] = frozenset(
    [
        "ben",
        "ann",
        "anna",
        "andy",
        "alan",
        "ken",
        "kenny",
        "tony",
        "tommy",
        "jimmy",
        "ray",
        "sam",
        "dan",
        "don",
        "ted",
        "tim",
        "tom",
        "ivy",
        "amy",
        "may",
        "joe",
        "jo",
        "eric",
        "paul",
        "peter",
        "john",
        "mary",
        "gary",
        "kevin",
        "kelvin",
        "nathan",
        "nelson",
        "wilson",
        "vincent",
        "edward",
        "eddie",
        "frank",
        "henry",
        "ian",
        "leo",
        "leon",
        "lucas",
        "mark",
        "martin",
        "max",
        "michael",
        "mike",
        "ryan",
        "sean",
        "simon",
        "steven",
        "stephen",
        "helen",
        "jane",
        "janet",
        "joan",
        "joyce",
        "judy",
        "june",
        "karen",
        "kitty",
        "lily",
        "linda",
        "lisa",
        "lucy",
        "maggie",
        "nancy",
        "rita",
        "rose",
        "sandy",
        "sara",
        "sarah",
        "sally",
        "shirley",
        "stella",
        "susan",
        "teresa",
        "tina",
        "vivian",
        "wendy",
        "winnie",
        "albert",
        "alfred",
        "annie",
        "carrie",
        "charles",
        "christopher",
        "dennis",
        "elizabeth",
        "emily",
        "james",
        "jeffrey",
        "jeremy",
        "joseph",
        "kenneth",
        "michelle",
        "nicholas",
        "patrick",
        "philip",
        "raymond",
        "victor",
        "william",
        "angela",
        "grace",
        "alice",
        "chris",
        "david",
    ]
)


@dataclass(frozen=True)
class Word:
    """One Latin word of a name."""

    text: str
    syllables: tuple[str, ...]  # folded, split at hyphens and apostrophes
    upper: bool
    hyphenated: bool
    initial: bool
    english: bool

    @property
    def joined(self) -> str:
        return "".join(self.syllables)


@dataclass(frozen=True)
class ParsedName:
    """A name ready for comparison; ``script`` is ``cjk``, ``latin`` or ``empty``."""

    raw: str
    bare: str
    stripped: tuple[str, ...]
    script: str
    hans: str = ""
    surnames: tuple[str, ...] = ()
    given: str = ""
    words: tuple[Word, ...] = ()
    married_female: bool = False

    def __hash__(self) -> int:
        # remembered: names key the clusters' indexes and the comparison caches, and hashing
        # every field (the words' too) each time was a tenth of clustering's time
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash(
                (self.raw, self.bare, self.stripped, self.script, self.hans)
                + (self.surnames, self.given, self.words, self.married_female)
            )
            object.__setattr__(self, "_hash", h)
        return h

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_hash", None)  # str hashes differ from one process to the next
        return state

    @property
    def surname_cues(self) -> tuple[int, ...]:
        """Indexes of words written in capitals ('SIT Wing-hang'), when others are not."""
        ups = tuple(i for i, w in enumerate(self.words) if w.upper)
        return ups if len(ups) < len([w for w in self.words if not w.initial]) else ()


def split_cjk(hans: str) -> tuple[tuple[str, ...], str]:
    """Surname units and given name of a Simplified-character name."""
    if len(hans) >= 3 and hans[:2] in COMPOUND_SURNAMES:
        return (hans[:2],), hans[2:]
    if len(hans) == 4 and hans[0] in COMMON_SURNAMES and hans[1] in COMMON_SURNAMES:
        return (hans[0], hans[1]), hans[2:]
    if len(hans) == 1:
        return (hans,), ""
    return (hans[0],), hans[1:]


ENGLISH_ZIPF = 3.0  # a fused two-syllable word this frequent in English is an English name ('Gordon', 'Faye')


@functools.lru_cache(maxsize=65536)
def _english_word(joined: str, parts: tuple[str, ...]) -> bool:
    """An English (or other non-romanised) given name rather than romanised Chinese.

    It is in the list of common English given names; or it does not split into syllables of
    any scheme; or it needs three or more syllables (Chinese given names have at most two);
    or it needs two and is a common English word (wordfreq Zipf >= ENGLISH_ZIPF).
    """
    if joined in ENGLISH_GIVEN or not all(is_syllabic(p) for p in parts):
        return True
    n = max(min_syllables(p) for p in parts)
    if n >= 3:
        return True
    return n == 2 and len(parts) == 1 and zipf_frequency(joined, "en") >= ENGLISH_ZIPF


def _word(tok: str, all_upper: bool) -> Word:
    t = unicodedata.normalize("NFC", tok).strip(".,")
    parts = [fold(p) for p in re.split(r"[-‐‑'’]", t) if fold(p)]
    letters = [c for c in t if c.isalpha()]
    upper = len(letters) > 1 and all(c.isupper() for c in letters) and not all_upper
    initial = len(letters) == 1
    joined = "".join(parts)
    hyphenated = bool(re.search(r"\w[-‐‑]\w", t))
    english = not initial and not hyphenated and _english_word(joined, tuple(parts))
    return Word(t, tuple(parts), upper, hyphenated, initial, english)


_TITLE_ONLY = frozenset(h.lower() for h in HONORIFICS + POST_NOMINALS) | frozenset(ZH_SUFFIX_TITLES)


_PAREN = re.compile(r"^(?P<outer>[^()（）]*[A-Za-z][^()（）]*?)\s*[(（](?P<inner>[^()（）]+)[)）]\s*$")


def _fold_parenthesis(text: str) -> tuple[str, str | None]:
    """A romanised name with a parenthesis repeating it ('CHAN KA LONG (LESLIE CHAN)'): the
    parenthesis shares a word with the name (the surname), so its other words (the English
    name) join the name: 'CHAN KA LONG LESLIE'. Any other parenthesis is left alone."""
    m = _PAREN.match(text.strip())
    if not m or any(is_cjk(c) for c in text):
        return text, None
    outer, inner = m["outer"].split(), m["inner"].split()
    seen = {fold(w) for w in outer}
    if not inner or not seen & {fold(w) for w in inner}:
        return text, None
    extra = [w for w in inner if fold(w) not in seen]
    return " ".join(outer + extra), f"({m['inner']})"


@functools.lru_cache(maxsize=65536)
def parse_name(text: str) -> ParsedName:
    """Normalise ``text`` (titles stripped) and split it into name parts."""
    folded, paren = _fold_parenthesis(text)
    n = normalise_mention(folded)
    if paren:
        n = dataclasses.replace(n, stripped=(*n.stripped, paren))
    bare = n.name
    if bare.lower().rstrip(".") in _TITLE_ONLY:
        return ParsedName(text, "", (bare,), "empty")
    cjk = [c for c in bare if is_cjk(c)]
    if cjk and len(cjk) >= len(bare.replace(" ", "")) / 2:
        hans = to_simplified("".join(c for c in bare if is_cjk(c)))
        sur, given = split_cjk(hans)
        return ParsedName(
            text,
            bare,
            n.stripped,
            "cjk",
            hans=hans,
            surnames=sur,
            given=given,
            married_female=n.married_female,
        )
    toks = [t for t in re.split(r"[\s,]+", bare) if any(c.isalpha() for c in t)]
    if len(toks) > 1:
        toks = [x for t in toks for x in _initials(t)]
    if not toks:
        return ParsedName(text, bare, n.stripped, "empty")
    letters = [c for c in bare if c.isalpha()]
    all_upper = all(c.isupper() for c in letters)
    words = tuple(_word(t, all_upper) for t in toks)
    words = _leading_fused_english(words)
    return ParsedName(text, bare, n.stripped, "latin", words=words, married_female=n.married_female)


def _initials(tok: str) -> list[str]:
    """'KS' or 'C.Y.' before or after a surname: initials, one word each ('KS Wong' is K S Wong).
    Capitals that spell a syllable stay one word (NG, AU, HO are surnames)."""
    if not re.fullmatch(r"(?:[A-Z]\.?){2,3}", tok):
        return [tok]
    letters = [c for c in tok if c.isalpha()]
    if "." not in tok and (is_syllabic(fold(tok)) or fold(tok) in macau_syllables()):
        return [tok]  # 'VAI' (偉) is a Macau syllable
    return letters


def _leading_fused_english(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """A fused word before the surname that only HK romanisation can split is an English name.

    HK romanisation writes given names hyphenated or spaced ('Yuet-ngor'), pinyin fuses them
    ('Yongheng'); so a fused multi-syllable first word that is not pinyin or Wade-Giles, in a
    name without hyphens or capitals to say otherwise, is an English given name ('Ekin Cheng').
    """
    full = [w for w in words if not w.initial]
    if len(full) < 2 or any(w.hyphenated or w.upper for w in full):
        return words
    first = full[0]
    if first.english or len(first.syllables) != 1 or min_syllables(first.joined) < 2:
        return words
    if segment(first.joined, "pinyin", limit=1) or segment(first.joined, "wade_giles", limit=1):
        return words
    return tuple(dataclasses.replace(w, english=True) if w is first else w for w in words)
