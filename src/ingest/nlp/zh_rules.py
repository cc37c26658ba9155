"""Rules for Chinese names: titles next to people, suffixes that end organisation names.

The rules run on jieba's POS-tagged tokens of the *Simplified* text (see :mod:`ingest.nlp.offsets`)
and return candidate spans as ``(start, end, label, source)`` in that text's offsets. They are
written to generalise, not to fit one test set:

* ``rule:zh_title`` — a title (局长, 部长, 副部长, 主席, 教授, 司长, 特首, 行政长官 …) followed by
  a name that starts with a Chinese surname → PERSON; a name followed by a post-title (教授, 先生,
  女士 …) → PERSON. The name is 2–4 characters (4 when it starts with a compound surname or with
  two surnames, as in Hong Kong married names like 林郑月娥).
* ``rule:zh_org_suffix`` — a token ending in an organisation suffix (局, 署, 部, 委员会, 大学,
  研究院, 集团, 有限公司, 科学院 …) is extended leftwards over the nouns, place names and
  organisation names in front of it → ORG (香港特别行政区政府创新科技及工业局, 中国科学院).
* jieba's POS tags: ``nr`` → PERSON (only when it looks like a name: surname first, 2–4
  characters), ``ns`` → GPE, or LOC when it ends in a landform (山, 江, 湖, 海 …), ``nt`` → ORG.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.nlp.zh_lexicon import (
    ABBREV,
    ABBREV_TRAVEL,
    ABBREV_WORDS,
    DATELINE_ENDS,
    DIRECTIONS,
    EVENT_ENDINGS,
    GENERIC_PLACES,
    LANDFORMS,
    LOC_AFTER,
    LOC_BEFORE,
    MAX_ORG_TOKENS,
    MIN_SINGLE_SUFFIX_BODY,
    NAME_START_TAGS,
    NAME_TAILS,
    NOT_ORG,
    NOT_ORG_ENDINGS,
    NOT_PLACE_GUO,
    NT_PLACES,
    ORG_BODY_TAGS,
    ORG_BODY_VERBS,
    ORG_CONJ,
    ORG_HEAD_TAGS,
    ORG_SUFFIXES,
    POST_TITLES,
    PRE_TITLES,
    SURNAMES_1,
    SURNAMES_2,
    TRANSLIT,
    TRAVEL_VERBS,
    UNIT_SUFFIXES,
)

Span = tuple[int, int, str, str]  # start, end, label, source


@dataclass(frozen=True, slots=True)
class Tok:
    """A jieba token with its offset in the Simplified text."""

    text: str
    tag: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _is_cjk(s: str) -> bool:
    return bool(s) and all("\u3400" <= ch <= "\u9fff" for ch in s)


def name_shape(s: str) -> bool:
    """True when ``s`` looks like a Chinese personal name: a surname, then 1–2 (or 2 more) characters."""
    if not _is_cjk(s) or not 2 <= len(s) <= 4:
        return False
    if s[:2] in SURNAMES_2:
        return len(s) in (3, 4)
    if s[0] not in SURNAMES_1:
        return False
    if len(s) == 4:  # two surnames then a given name (林郑月娥, 范徐丽泰)
        return s[1] in SURNAMES_1
    return True


def _name_after(toks: Sequence[Tok], i: int) -> tuple[int, int] | None:
    """A name starting at token ``i`` (possibly split by jieba into surname + given name)."""
    if i >= len(toks) or not _is_cjk(toks[i].text):
        return None
    first = toks[i]
    if first.tag not in NAME_START_TAGS:
        return None
    if first.tag in ("nr", "nrfg", "nrt") and name_shape(first.text) and len(first.text) >= 2:
        # jieba may have cut 林郑 | 月娥 or 薛 | 永恒: glue a short following piece when the result still looks like a name
        if (
            i + 1 < len(toks)
            and len(first.text) == 2
            and first.text[1] in SURNAMES_1
            and first.text[0] in SURNAMES_1
        ):
            nxt = toks[i + 1]
            if _is_cjk(nxt.text) and len(nxt.text) <= 2 and name_shape(first.text + nxt.text):
                return first.start, nxt.end
        return first.start, first.end
    if len(first.text) <= 2 and (first.text in SURNAMES_2 or first.text[0] in SURNAMES_1):
        total = first.text
        end = first.end
        j = i + 1
        while j < len(toks) and _is_cjk(toks[j].text) and len(total) + len(toks[j].text) <= 4:
            cand = total + toks[j].text
            if toks[j].tag in ("x", "p", "c", "uj", "ul", "u", "v", "d") and len(total) >= 2:
                break
            total, end = cand, toks[j].end
            j += 1
            if len(total) >= 3:
                break
        if name_shape(total):
            return first.start, end
    return None


def title_rule(toks: Sequence[Tok]) -> list[Span]:
    """``rule:zh_title``: title + name and name + post-title → PERSON."""
    out: list[Span] = []
    for i, t in enumerate(toks):
        if t.text.endswith(PRE_TITLES):
            span = _name_after(toks, i + 1)
            if span:
                out.append((span[0], span[1], "PERSON", "rule:zh_title"))
        if t.text in POST_TITLES and i > 0:
            prev = toks[i - 1]
            if prev.tag in ("nr", "nrfg") and name_shape(prev.text):
                out.append((prev.start, prev.end, "PERSON", "rule:zh_title"))
    return out


def _org_end(text: str) -> int | None:
    """Length of the organisation part of a token ending in a suffix (局局长 → 1: the 局)."""
    if text.endswith(ORG_SUFFIXES):
        return len(text)
    if text.endswith(PRE_TITLES):  # 局局长, 部部长, 署署长: suffix glued to its own title
        for title in PRE_TITLES:
            if text.endswith(title) and len(text) > len(title):
                head = text[: -len(title)]
                if head.endswith(ORG_SUFFIXES):
                    return len(head)
    return None


def org_suffix_rule(toks: Sequence[Tok]) -> list[Span]:
    """``rule:zh_org_suffix``: extend an organisation suffix leftwards over its name."""
    out: list[Span] = []
    for i, t in enumerate(toks):
        if (
            not _is_cjk(t.text)
            or t.text in NOT_ORG
            or t.tag not in ORG_HEAD_TAGS
            or t.text.endswith(EVENT_ENDINGS)
            or t.text.endswith(NOT_ORG_ENDINGS)
        ):
            continue
        cut = _org_end(t.text)
        if cut is None:
            continue
        end = t.start + cut
        own = t.text[:cut]
        own_suffix = max((len(s) for s in ORG_SUFFIXES if own.endswith(s)), default=0)
        j = i - 1
        body_tokens = 1 if len(own) > own_suffix else 0
        # a name jieba already knows whole (新华社, 中国科学院: nt) is not extended over the words before it
        while j >= 0 and body_tokens < MAX_ORG_TOKENS:
            p = toks[j]
            if (
                not _is_cjk(p.text)
                or p.text.endswith(DATELINE_ENDS)
                or p.text.endswith(PRE_TITLES)
                or _org_end(p.text) not in (None, len(p.text))
            ):
                break
            if _org_end(p.text) is not None and p.tag != "nt" and j < i - 1:
                break  # another organisation ends here: 'A局和B署' are two
            if t.tag == "nt" and p.tag not in ("ns", "nt", "j", "nz") and not p.text.startswith("第"):
                break  # a name jieba knows whole (新华社) extends only over names (北京 | 大学), not '讲话新华社'
            if p.tag in ORG_BODY_TAGS or p.text in ORG_BODY_VERBS:
                j -= 1
                body_tokens += 1
                continue
            right = toks[j + 1]  # the word after the conjunction must be a plain noun, not a complete name
            if (
                p.text in ORG_CONJ
                and j > 0
                and body_tokens > 0
                and right.tag not in ("nt", "ns", "nr", "nz")
                and _is_cjk(toks[j - 1].text)
            ):
                left = toks[j - 1]
                if (left.tag in ORG_BODY_TAGS or left.text in ORG_BODY_VERBS) and _org_end(left.text) is None:
                    j -= 1
                    body_tokens += 1
                    continue
            break
        start_idx = j + 1
        # the chain must not start with a conjunction, a measure word or a bare direction
        while start_idx < i and (
            toks[start_idx].text in ORG_CONJ
            or (toks[start_idx].tag == "m" and not toks[start_idx].text.startswith("第"))
        ):
            start_idx += 1
        if start_idx > 0 and toks[start_idx - 1].tag == "m" and toks[start_idx - 1].text.startswith("第"):
            start_idx -= 1  # 第九届全国人民代表大会: the ordinal is part of the name
        start = toks[start_idx].start if start_idx < i else t.start
        if "".join(toks[k].text for k in range(start_idx, i)) + own in NOT_ORG:
            continue  # a generic word jieba cut in two (决策 | 局)
        body = end - start
        if own_suffix == 1 and body - 1 < MIN_SINGLE_SUFFIX_BODY:
            continue
        if start == t.start:  # a lone word: 委员会, 出版社, 东部 are no names; 外交部, 新华社 (nt) are
            if len(own) < 3 or len(own) == own_suffix or (own[0] in DIRECTIONS and len(own) <= 3):
                continue
            if own_suffix == 1 and t.tag not in ("nt", "nz", "j") and own[-1] not in UNIT_SUFFIXES:
                continue
        out.append((start, end, "ORG", "rule:zh_org_suffix"))
    return out


def _translit(text: str) -> bool:
    return len(text) >= 2 and all(ch in TRANSLIT for ch in text)


def _name_part(t: Tok) -> bool:
    return _is_cjk(t.text) and (t.tag in ("nr", "nrt", "nrfg") or _translit(t.text))


def _foreign_names(toks: Sequence[Tok]) -> list[Span]:
    """Transliterated names written with a middle dot (约翰·拉贝, 萨塔基·阿齐兹) → PERSON."""
    out: list[Span] = []
    i = 0
    while i < len(toks):
        j = i
        while j + 2 < len(toks) and toks[j + 1].text in ("·", "•", "‧", "・") and _name_part(toks[j + 2]):
            j += 2
        if j > i and _name_part(toks[i]):
            first = (
                i - 1 if i > 0 and len(toks[i - 1].text) == 1 and _name_part(toks[i - 1]) else i
            )  # 萨 | 塔基
            out.append((toks[first].start, toks[j].end, "PERSON", "rule:zh_translit"))
        i = j + 1
    return out


def pos_rule(
    toks: Sequence[Tok],
    common: Callable[[str], bool] = lambda _w: False,
    lexicon_tag: Callable[[str], str | None] = lambda _w: None,
) -> list[Span]:
    """jieba's POS tags as entities: ``nr`` → PERSON, ``ns`` → GPE/LOC, ``nt`` → ORG, with repairs.

    ``common(word)`` says a word is frequent in general text; a two-character word that jieba's
    dictionary tags ``nr`` but is common (文明, 明白) is not taken as a name. ``lexicon_tag(word)``
    is the word's tag in jieba's dictionary (used to find the place in 美国政府).
    Repairs: transliterations are places after 在/访问/抵达 … or before 市/总统 …; 中美 is two
    places; administrative regions tagged ``nt`` (香港特别行政区) are GPEs; 'place + 政府' labels
    the place, not an organisation (as OntoNotes and MSRA do).
    """
    out: list[Span] = _foreign_names(toks)
    for i, t in enumerate(toks):
        if not _is_cjk(t.text):
            continue
        prev = toks[i - 1].text if i else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        place_context = prev in LOC_BEFORE or (nxt is not None and nxt.text in LOC_AFTER)
        if t.tag in ("nr", "nrfg", "nrt"):
            src = f"jieba:{t.tag}"
            if _translit(t.text) and place_context:  # 访问莫斯科, 马拉维总统
                out.append((t.start, t.end, "GPE", src))
            elif name_shape(t.text) and t.tag != "nrt":
                if len(t.text) == 2 and common(t.text):
                    continue
                end = t.end
                if (  # 林郑 | 月娥: two surnames cut from the given name
                    nxt is not None
                    and len(t.text) == 2
                    and t.text[1] in SURNAMES_1
                    and len(nxt.text) == 2
                    and nxt.tag in ("n", "nr", "nz", "a", "ng", "z")
                    and name_shape(t.text + nxt.text)
                ):
                    end = nxt.end
                out.append((t.start, end, "PERSON", src))
            elif any(len(t.text) > k and name_shape(t.text[:k]) and t.text[k:] in NAME_TAILS for k in (3, 2)):
                k = 3 if name_shape(t.text[:3]) and t.text[3:] in NAME_TAILS else 2  # 邓小平理论 → 邓小平
                out.append((t.start, t.start + k, "PERSON", src))
            elif _translit(t.text) and len(t.text) >= 3:
                out.append((t.start, t.end, "PERSON", src))
        elif t.tag == "ns" and len(t.text) >= 2:
            text, end = t.text, t.end
            if text.endswith("各国") and len(text) > 3:  # 东亚各国 → 东亚
                text, end = text[:-2], end - 2
            if text in GENERIC_PLACES or (len(text) == 2 and text[1] == "国" and text[0] in NOT_PLACE_GUO):
                continue
            if len(text) <= 3 and all(ch in ABBREV for ch in text):  # 中美 → 中, 美
                out += [(t.start + k, t.start + k + 1, "GPE", "jieba:ns") for k in range(len(text))]
                continue
            out.append((t.start, end, "LOC" if text.endswith(LANDFORMS) else "GPE", "jieba:ns"))
        elif t.tag in ("n", "nz") and len(t.text) >= 4 and t.text.endswith(PRE_TITLES):  # 日本首相 → 日本
            for k in range(len(t.text) - 2, 1, -1):
                if lexicon_tag(t.text[:k]) == "ns" and t.text[k:] in PRE_TITLES:
                    out.append((t.start, t.start + k, "GPE", f"jieba:{t.tag}"))
                    break
        elif t.tag == "nt":
            head = next((t.text[: -len(w)] for w in ("政府", "关系") if t.text.endswith(w)), None)
            if head is not None:  # 美国政府 → 美国 (GPE); 中美关系 → 中, 美
                if head and len(head) <= 3 and all(ch in ABBREV for ch in head):
                    out += [(t.start + k, t.start + k + 1, "GPE", "jieba:nt") for k in range(len(head))]
                elif len(head) >= 2 and lexicon_tag(head) == "ns":
                    out.append((t.start, t.start + len(head), "GPE", "jieba:nt"))
                continue
            out.append((t.start, t.end, "GPE" if t.text.endswith(NT_PLACES) else "ORG", "jieba:nt"))
    return out


def abbrev_rule(
    toks: Sequence[Tok], lexicon_tag: Callable[[str], str | None] = lambda _w: None, runs: bool = True
) -> list[Span]:
    """``rule:zh_abbrev``: one-character country/region abbreviations → GPE.

    中日 / 港澳台 (a run of abbreviations, whatever jieba tagged it), 中日关系 / 中英两国 (a run
    followed by a word) — only with ``runs`` —, 中方 / 美方 ('the X side'; 西方 is 'the West'),
    访华 / 抵京 / 驻港 (a verb of travel or residence + abbreviation). A run that is a dictionary word with another tag (中华, 非法,
    美德) is a word, not a list of places.
    """
    out: list[Span] = []
    for t in toks:
        w = t.text
        if len(w) < 2 or not _is_cjk(w) or (t.tag.startswith("v") and w[0] not in TRAVEL_VERBS):
            continue
        run = 0
        while run < min(3, len(w)) and w[run] in ABBREV:
            run += 1
        head_tag = lexicon_tag(
            w[:run]
        )  # 中华, 非法, 美德 are words of their own; 中美 (ns), 中日 (j) are not
        if (
            runs
            and run >= 2
            and (run == len(w) or lexicon_tag(w[run:]) is not None)
            and (
                head_tag in (None, "ns", "j") or (head_tag == "t" and len(set(w[:run])) == run)
            )  # 中日 is 't' in jieba
            and w[:run] not in ABBREV_WORDS
        ):
            out += [(t.start + k, t.start + k + 1, "GPE", "rule:zh_abbrev") for k in range(run)]
        elif len(w) == 2 and w[1] == "方" and w[0] in ABBREV and w not in ABBREV_WORDS:
            out.append((t.start, t.start + 1, "GPE", "rule:zh_abbrev"))
        elif len(w) == 2 and w[0] in TRAVEL_VERBS and w[1] in ABBREV_TRAVEL:
            out.append((t.start + 1, t.start + 2, "GPE", "rule:zh_abbrev"))
    return out
