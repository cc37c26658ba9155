"""LAC's words as entity candidates (``model:lac``), and as tokens for the Chinese rules.

LAC (:mod:`ingest.nlp.zh_model`) tags each word with a POS tag or PER / LOC / ORG / TIME. Its
entities become candidates with a few repairs, each a convention of the project (the same as
the jieba rules in :mod:`ingest.nlp.zh_rules`) rather than a fit to a test set:

* a title glued to a name is not part of it: 江主席 → 江, 克林顿总统 → 克林顿 (PERSON);
* a one-character PER with no title after it is dropped (LAC's '埃', '江' alone are noise);
* a surname LAC glued to the title before it comes back: 行政长官林 | 郑月娥 → 林郑月娥;
* a two-character PER followed by one character that completes a name of jieba's dictionary:
  尉健 | 行 → 尉健行;
* an organisation cut at 及 is one: 创新科技 | 及 | 工业局, 创新 | 及 | 科技局; a unit after an
  organisation belongs to it: 北大 | 法律系; a team is an organisation: 中国队;
* a law named after a place gives the place: 《中华人民共和国价格法》 → 中华人民共和国;
* a transliteration in a place context is a place: 访问扎伊尔, 扎伊尔首都, 马拉维总统穆卢齐 → GPE;
* a run of one-character country abbreviations is a list of places: 中美 → 中, 美 (GPE each);
* 'place + 政府' names the place: 中国政府 → 中国 (GPE), as for jieba's tags;
* LOC → GPE, or LOC when it ends in a landform (山, 江, 湖 …); ORG → ORG; a bare title
  tagged ORG (国务委员) is no organisation.

:func:`tokens` turns LAC's words into :class:`ingest.nlp.zh_rules.Tok` with jieba-style tags
(PER→nr, LOC→ns, ORG→nt, TIME→t, w→x), so the title, organisation-suffix and abbreviation rules
run on the model's segmentation instead of a second tokenizer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ingest.nlp.zh_lexicon import (
    ABBREV,
    ABBREV_WORDS,
    LANDFORMS,
    LOC_BEFORE,
    NOT_ORG,
    NOT_ORG_ENDINGS,
    ORG_BODY_VERBS,
    ORG_CONJ,
    POST_TITLES,
    PRE_TITLES,
    SURNAMES_1,
    UNIT_SUFFIXES,
)
from ingest.nlp.zh_model import Word
from ingest.nlp.zh_rules import Span, Tok, _translit, name_shape

SOURCE = "model:lac"
# Words after a transliteration that make it a place whatever LAC says (扎伊尔首都, 马拉维北部);
# not 总统 or 外长, which follow a person's name as often as a country's.
_PLACE_AFTER = frozenset(
    ["首都", "人民", "政府", "境内", "全国", "北部", "南部", "东部", "西部", "中部", "各地", "国内"]
)
_JIEBA_TAG = {"PER": "nr", "LOC": "ns", "ORG": "nt", "TIME": "t", "w": "x", "nw": "nz", "xc": "u", "vd": "d"}
# Titles that may end a name LAC tagged whole (江主席, 克林顿总统), longest first.
_TITLES = tuple(sorted(set(PRE_TITLES) | {t for t in POST_TITLES if len(t) > 1}, key=len, reverse=True))
_SAY = frozenset(["说", "表示", "指出", "强调", "认为", "介绍"])


def tokens(text: str, words: Sequence[Word]) -> list[Tok]:
    """LAC's words of ``text`` as rule tokens with jieba-style tags."""
    return [Tok(text[s:e], _JIEBA_TAG.get(tag, tag), s) for s, e, tag in words]


def _strip_title(name: str) -> int:
    """Length of ``name`` without a trailing title (0 when nothing is left of it)."""
    for title in _TITLES:
        if name.endswith(title) and title not in _SAY:
            return len(name) - len(title)
    return len(name)


Lexicon = Callable[[str], "str | None"]  # a word's tag in jieba's dictionary, or None
_PERSON_TAGS = frozenset(["nr", "nrt", "nrfg"])
# Words that end a law or a work named after a place: 《中华人民共和国价格法》, 香港特别行政区基本法.
_LAW_ENDS = ("法", "条例", "宪法", "基本法", "法案", "草案", "修正案", "公约", "协定", "决定", "规定")


def _place_prefix(word: str, lexicon: Lexicon) -> int:
    """Length of the longest dictionary place name (jieba ``ns``, ≥ 2 characters) that starts ``word``."""
    for k in range(min(len(word) - 1, 10), 1, -1):
        if lexicon(word[:k]) == "ns":
            return k
    return 0


def _person(toks: Sequence[Tok], i: int, lexicon: Lexicon) -> tuple[int, str] | None:
    """``(end, label)`` for LAC's PER at ``toks[i]``, repaired; ``None`` when it is not kept."""
    t = toks[i]
    prev = toks[i - 1].text if i else ""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    n = _strip_title(t.text)
    after = toks[i + 2] if i + 2 < len(toks) else None
    if _translit(t.text) and (
        prev in LOC_BEFORE  # 访问扎伊尔
        or (nxt is not None and nxt.text in _PLACE_AFTER)  # 扎伊尔 | 首都, 扎伊尔 | 人民
        or (nxt is not None and nxt.text in PRE_TITLES and after is not None and after.tag == "nr")
    ):
        return t.end, "GPE"  # 马拉维 | 总统 | 穆卢齐: a country, its title, its holder
    if (
        n == len(t.text)
        and nxt is not None
        and len(t.text) == 2
        and len(nxt.text) == 1
        and lexicon(t.text + nxt.text) in _PERSON_TAGS
        and name_shape(t.text + nxt.text)
    ):
        return nxt.end, "PERSON"  # 尉健 | 行 → 尉健行 (a name in the dictionary, cut by LAC)
    titled = n < len(t.text) or (nxt is not None and nxt.text.startswith(_TITLES))
    if n >= 2 or (n == 1 and titled):
        return t.start + n, "PERSON"
    return None


def _surname_before(toks: Sequence[Tok], i: int) -> bool:
    """LAC glued a name's surname to the title before it: 行政长官林郑月娥 → 官林 | 郑月娥."""
    if i == 0:
        return False
    prev, t = toks[i - 1], toks[i]
    head = prev.text[:-1] if len(prev.text) > 1 else (toks[i - 2].text if i >= 2 else "")
    full = prev.text[-1] + t.text
    return (
        prev.tag not in ("nr", "ns", "nt")
        and prev.text[-1] in SURNAMES_1
        and name_shape(full)
        and (len(full) == 4 or len(prev.text) == 1)
        and _ends_with_title(head, toks, i - (1 if len(prev.text) > 1 else 2))
    )


def _ends_with_title(head: str, toks: Sequence[Tok], k: int) -> bool:
    """``head`` (the text before the surname) ends with a title, possibly across LAC's tokens (行政 | 长 | 官林)."""
    joined = "".join(x.text for x in toks[max(0, k - 3) : k]) + head if k >= 0 else head
    return joined.endswith(PRE_TITLES)


def model_spans(toks: Sequence[Tok], lexicon: Lexicon = lambda _w: None) -> list[Span]:
    """``model:lac`` candidates from LAC's PER / LOC / ORG words, repaired as the module says.

    ``lexicon(word)`` is the word's tag in jieba's dictionary, a second opinion on a word's
    type (LAC's 克林顿 LOC is a person there, its 马拉维 PER a place) and on a name LAC cut short.
    """
    out: list[Span] = []
    for i, t in enumerate(toks):
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        w = t.text
        if t.tag == "nr":
            got = _person(toks, i, lexicon)
            if got:
                start = t.start - 1 if got[1] == "PERSON" and _surname_before(toks, i) else t.start
                out.append((start, got[0], got[1], SOURCE))
        elif t.tag == "ns":
            if nxt == "队":  # 中国队: a team is an organisation
                out.append((t.start, t.end + 1, "ORG", SOURCE))
            elif 2 <= len(w) <= 3 and all(ch in ABBREV for ch in w) and w not in ABBREV_WORDS:
                out += [(t.start + k, t.start + k + 1, "GPE", SOURCE) for k in range(len(w))]
            elif w.endswith(_LAW_ENDS) and (k := _place_prefix(w, lexicon)):
                out.append((t.start, t.start + k, "GPE", SOURCE))  # 香港特别行政区基本法 → the place
            else:
                out.append((t.start, t.end, "LOC" if w.endswith(LANDFORMS) else "GPE", SOURCE))
        elif t.tag == "nt":
            if w in PRE_TITLES:
                continue
            if w.endswith("政府") and len(w) > 2:
                head = w[:-2]
                if len(head) <= 3 and all(ch in ABBREV for ch in head):
                    out += [(t.start + k, t.start + k + 1, "GPE", SOURCE) for k in range(len(head))]
                else:
                    out.append((t.start, t.start + len(head), "GPE", SOURCE))
                continue
            start, end = t.start, t.end
            if i + 1 < len(toks) and toks[i + 1].tag in ("n", "nt", "nz") and _org_unit(toks[i + 1].text):
                end = toks[i + 1].end  # 北大 | 法律系, 欧盟 | 理事会: the unit belongs to the organisation
            elif (
                i + 2 < len(toks)
                and toks[i + 1].text in ORG_CONJ
                and toks[i + 2].tag in ("n", "nz", "vn")
                and toks[i + 2].text.endswith(tuple(UNIT_SUFFIXES))
                and toks[i + 2].text not in NOT_ORG
            ):
                end = toks[i + 2].end  # 创新科技 | 及 | 工业局: one bureau, cut at 及
            if i >= 2 and toks[i - 1].text in ORG_CONJ and toks[i - 2].text in ORG_BODY_VERBS:
                start = toks[i - 2].start  # 创新 | 及 | 科技局
            out.append((start, end, "ORG", SOURCE))
        elif t.tag == "nz" and w.endswith(_LAW_ENDS) and (k := _place_prefix(w, lexicon)):
            out.append((t.start, t.start + k, "GPE", SOURCE))  # 《中华人民共和国价格法》
    return out


# Units that continue an organisation name LAC ended early (北大 | 法律系).
_ORG_UNITS = ("系", "理事会", "委员会", "中心", "分行", "支行", "办公室", "研究所", "研究院", "学院", "分会",
              "总局", "党委", "党组", "局", "厅", "处", "署", "部", "院", "所", "组", "队")  # fmt: skip


def _org_unit(word: str) -> bool:
    return word.endswith(_ORG_UNITS) and word not in NOT_ORG and len(word) >= 1


def unit_words(toks: Sequence[Tok]) -> list[Span]:
    """``rule:zh_org_suffix`` — one word of 3+ characters ending in a government unit (部 局 署 厅 委)
    that LAC left untagged is an organisation: 创新科技署 (LAC: vn), 工业局. 干部, 部署 are not."""
    return [
        (t.start, t.end, "ORG", "rule:zh_org_suffix")
        for t in toks
        if t.tag in ("n", "vn", "nz")
        and len(t.text) >= 3
        and t.text[-1] in UNIT_SUFFIXES
        and t.text not in NOT_ORG
        and not t.text.endswith(NOT_ORG_ENDINGS)
    ]
