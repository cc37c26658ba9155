"""Strip honorifics, titles and post-nominals from a name mention, keeping them as evidence.

``normalise_mention('Mrs Carrie Lam, GBM, GBS')`` gives the bare name ``Carrie Lam`` and the
stripped parts ``('Mrs', 'GBM', 'GBS')``; ``normalise_mention('行政長官林鄭月娥女士')`` gives
``林鄭月娥`` and ``('行政長官', '女士')``. Role titles (Secretary for …, Minister of …, 局長 …)
are kept separately because the resolver matches them against the dated roles in the KB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HONORIFICS: tuple[str, ...] = (
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Madam",
    "Mdm",
    "Dr",
    "Professor",
    "Prof",
    "Sir",
    "Dame",
    "Lady",
    "Lord",
    "the Honourable",
    "The Honourable",
    "the Hon",
    "The Hon",
    "Hon",
    "Ir",
    "Sr",
    "Justice",
    "Comrade",
)
POST_NOMINALS: tuple[str, ...] = (
    "GBM",
    "GBS",
    "SBS",
    "BBS",
    "MH",
    "JP",
    "PDSM",
    "IDSM",
    "OBE",
    "CBE",
    "MBE",
    "KBE",
    "PhD",
    "FRS",
    "FREng",
    "SC",
    "QC",
    "KC",
    "ISO",
    "Esq",
)
# Role titles that may precede a name in running text ("Chief Executive Carrie Lam"): a head,
# then words of the office ("Secretary for" + "Innovation and Technology") until the name starts.
ROLE_HEAD = re.compile(
    r"^(?:the\s+)?(?:(?:Vice|Deputy|Permanent|Under|Acting|Former|former|Assistant)[\s-]+)*"
    r"(?:Chief\s+Executive|Chief\s+Secretary|Financial\s+Secretary|President|Premier|Chairman|Chairwoman|"
    r"Chair|Director(?:-General)?|Commissioner|Secretary|Minister|Governor|Mayor|Legislator|[Ll]awmaker|"
    r"Academician|Head|Dean|Provost)\b"
)
OFFICE_WORDS: frozenset[str] = frozenset(
    [
        "of",
        "for",
        "and",
        "the",
        "&",
        "to",
        "Innovation",
        "Technology",
        "Industry",
        "Science",
        "Sciences",
        "Scientific",
        "Commerce",
        "Economic",
        "Development",
        "Security",
        "Justice",
        "Financial",
        "Services",
        "Treasury",
        "Education",
        "Health",
        "Labour",
        "Welfare",
        "Home",
        "Affairs",
        "Youth",
        "Transport",
        "Logistics",
        "Housing",
        "Environment",
        "Ecology",
        "Culture",
        "Sports",
        "Tourism",
        "Constitutional",
        "Mainland",
        "Civil",
        "Service",
        "Administration",
        "Food",
        "Planning",
        "Lands",
        "Works",
        "Information",
        "Broadcasting",
        "Foreign",
        "Trade",
        "Finance",
        "Agriculture",
        "Natural",
        "Resources",
        "Public",
        "State",
        "National",
        "Defence",
        "Research",
        "Academy",
        "Engineering",
        "Chinese",
        "Hong",
        "Kong",
        "Macao",
        "Macau",
        "Taiwan",
        "Office",
        "Department",
        "Bureau",
        "Commission",
        "Ministry",
        "Council",
        "Committee",
        "University",
        "People's",
        "Republic",
        "China",
        "Government",
        "Special",
        "Administrative",
        "Region",
        "Cooperation",
        "International",
        "Relations",
        "Industrial",
        "Communications",
        "Digital",
        "Policy",
        "Executive",
        "Secretary",
        "General",
        "Legislative",
        "Standing",
        "Central",
        "Liaison",
        "Guangdong",
        "Shenzhen",
        "Beijing",
        "Shanghai",
        "Municipal",
        "Provincial",
        "Party",
        "Communist",
        "CPC",
        "Board",
        "Authority",
        "Corporation",
        "Parks",
        "Park",
        "Cyberport",
        "Fund",
        "Foundation",
        "Council's",
        "Committee's",
    ]
)
ZH_PREFIX_TITLES: tuple[str, ...] = (
    "國家主席",
    "国家主席",
    "行政長官",
    "行政长官",
    "特首",
    "總理",
    "总理",
    "主席",
    "院長",
    "院长",
    "部長",
    "部长",
    "副部長",
    "副部长",
    "局長",
    "局长",
    "司長",
    "司长",
    "署長",
    "署长",
    "常任秘書長",
    "常任秘书长",
    "議員",
    "议员",
    "院士",
    "教授",
    "博士",
    "校長",
    "校长",
)
ZH_SUFFIX_TITLES: tuple[str, ...] = (
    "先生",
    "女士",
    "小姐",
    "太太",
    "夫人",
    "博士",
    "教授",
    "院士",
    "局長",
    "局长",
    "副局長",
    "副局长",
    "部長",
    "部长",
    "副部長",
    "副部长",
    "司長",
    "司长",
    "署長",
    "署长",
    "主席",
    "副主席",
    "院長",
    "院长",
    "副院長",
    "副院长",
    "議員",
    "议员",
    "同志",
    "總理",
    "总理",
    "特首",
    "校長",
    "校长",
    "常任秘書長",
    "常任秘书长",
    "處長",
    "处长",
    "司長",
    "主任",
    "副主任",
)
# Role words inside a Chinese title that name the office (kept for role matching).
ZH_ROLE_WORDS: tuple[str, ...] = (
    "局長",
    "局长",
    "部長",
    "部长",
    "副部長",
    "副部长",
    "行政長官",
    "行政长官",
    "特首",
    "院長",
    "院长",
    "司長",
    "司长",
    "署長",
    "署长",
)


@dataclass(frozen=True)
class NormalisedName:
    """A bare name and what was stripped from it."""

    name: str
    stripped: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()

    @property
    def married_female(self) -> bool:
        """'Mrs' / 太太 / 夫人: the surname may be the husband's."""
        return any(s in ("Mrs", "太太", "夫人") for s in self.stripped)


_HON_RE = re.compile(
    r"^(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + r")\.?(?=\s|$)\s*"
)
_POST_RE = re.compile(
    r"(?:,?\s+|,)(?:"
    + "|".join(re.escape(p) for p in sorted(POST_NOMINALS, key=len, reverse=True))
    + r")\.?\s*$"
)


def _hon_is_surname(matched: str, rest: str) -> bool:
    """'Hon Chun-yin': 韓 in HK spelling, not the title — 'Hon' bare, before a given name alone
    (one hyphenated word). 'the Hon Chun-yin', 'Hon. Regina Ip' and 'Hon Regina Ip' stay titles."""
    words = rest.split()
    return matched.strip() == "Hon" and len(words) == 1 and "-" in words[0].strip("-")


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


def _role_prefix(t: str) -> tuple[str, str]:
    """('Secretary for Innovation and Technology', 'Mr Alfred Sit') from the whole string."""
    m = ROLE_HEAD.match(t)
    if not m:
        return "", t
    words = t[m.end() :].split()
    k = 0
    while k < len(words) and (
        words[k].strip(",") in OFFICE_WORDS
        or (words[k].endswith(",") and words[k][:-1].isupper() and len(words[k]) > 2)
    ):
        k += 1  # office words, and an acronym closing the office ('… Affairs of MOST, Mr Ye')
    while k > 0 and words[k - 1].strip(",") in {"of", "for", "and", "the", "&", "to"}:
        k -= 1
    if k == len(words):  # nothing left for a name
        return "", t
    role = (t[: m.end()] + " " + " ".join(words[:k])).strip().rstrip(",")
    return role, " ".join(words[k:]).lstrip(", ")


def normalise_mention(text: str) -> NormalisedName:
    """Bare name plus the honorifics, post-nominals and role titles taken off it."""
    t = re.sub(r"\s+", " ", text).strip().strip(',;:()[]"“”‘’').strip()
    t = re.sub(r"(?:'s|’s)$", "", t)
    stripped: list[str] = []
    roles: list[str] = []
    if _has_cjk(t):
        t = re.sub(r"\s", "", t)
        changed = True
        while changed and len(t) > 1:
            changed = False
            for p in sorted(ZH_PREFIX_TITLES, key=len, reverse=True):
                if t.startswith(p) and len(t) - len(p) >= 2:
                    stripped.append(p)
                    t = t[len(p) :]
                    changed = True
                    break
            for s in sorted(ZH_SUFFIX_TITLES, key=len, reverse=True):
                if t.endswith(s) and len(t) - len(s) >= 1:
                    stripped.append(s)
                    t = t[: -len(s)]
                    changed = True
                    break
        if (
            len(t) == 2 and t[1] in "太生" and not stripped and t not in ZH_SUFFIX_TITLES
        ):  # 林太 = Mrs Lam, 陳生 = Mr Chan (Cantonese)
            stripped.append("太太" if t[1] == "太" else "先生")
            t = t[0]
        roles = [s for s in stripped if s in ZH_ROLE_WORDS]
        return NormalisedName(t, tuple(stripped), tuple(roles))
    changed = True
    while changed and t:
        changed = False
        role, rest = _role_prefix(t)
        if role:
            roles.append(role)
            stripped.append(role)
            t = rest
            changed = True
        m = _HON_RE.match(t)
        if m and len(t) > m.end() and not _hon_is_surname(m.group(0), t[m.end() :]):
            stripped.append(m.group(0).strip().rstrip("."))
            t = t[m.end() :]
            changed = True
        m = _POST_RE.search(t)
        if m and m.start() > 0:
            stripped.append(m.group(0).strip(" ,.").strip())
            t = t[: m.start()]
            changed = True
    return NormalisedName(t.strip(" ,"), tuple(stripped), tuple(roles))
