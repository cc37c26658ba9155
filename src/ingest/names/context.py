"""What the resolver knows about each document, and evidence it finds in the text.

- :class:`DocContext`: language, publication date, ingestion order and cleaned text;
- :func:`acronyms_defined`: 'Ministry of Science and Technology (MOST)' → {'MOST': long form};
- :func:`role_before`: a KB role title written just before a mention
  ('the Secretary for Innovation and Technology, Mr Sit');
- :func:`name_in_parentheses`: the same name in the other script written in parentheses
  right after a mention ('Ann Chiang (蔣麗芸)', '蔣麗芸（Ann Chiang）');
- :func:`longer_alias_at`: a KB alias that starts at a mention and runs past its end
  ('China' cut from 'China Association for Science and Technology');
- :func:`names_person`: whether a document writes a KB person's Chinese name or an office the
  person held on its publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .kb import KBEntity, KnowledgeBase

_STOP = {"of", "and", "the", "for", "on", "in", "&", "de", "to"}
_ACRO = re.compile(
    r"((?:[A-Z][\w’'&.-]*|of|and|the|for|on|in|&)(?:[ ,]+(?:[A-Z][\w’'&.-]*|of|and|the|for|on|in|&)){0,12})\s*[(（]\s*([A-Z][A-Za-z&]{1,9})\s*[)）]"
)


@dataclass(frozen=True)
class DocContext:
    """One document as the resolver sees it."""

    lang: str
    published_on: dt.date | None
    order: int
    text_clean: str


def acronyms_defined(text: str) -> dict[str, str]:
    """Acronyms defined in the text by a parenthesis after their long form."""
    out: dict[str, str] = {}
    for m in _ACRO.finditer(text):
        words, acro = m.group(1).split(), m.group(2)
        letters = acro.replace("&", "").upper()
        # take the shortest tail of the words whose significant initials spell the acronym
        for k in range(1, len(words) + 1):
            tail = words[-k:]
            if tail[0].lower() in _STOP:
                continue
            sig = "".join(w[0].upper() for w in tail if w.lower() not in _STOP)
            every = "".join(w[0].upper() for w in tail if w[0].isalpha())
            if sig == letters or (
                letters[0] == every[0] and _subseq(sig, letters) and _subseq(letters, every)
            ):
                out.setdefault(acro, " ".join(tail).strip(" ,"))
                break
    return out


def _subseq(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)


def role_before(text: str, start: int, kb: KnowledgeBase, window: int = 120) -> str | None:
    """The KB role title nearest before ``start`` within ``window`` characters, if any."""
    left = text[max(0, start - window) : start]
    best: tuple[int, str] | None = None
    titles = {r.title for e in kb for r in e.roles if r.start} | {
        r.title_zh for e in kb for r in e.roles if r.title_zh and r.start
    }
    low = left.lower()
    for t in titles:
        i = low.rfind(t.lower())
        if i >= 0:
            end = i + len(t)
            gap = left[end:]
            if (
                len(gap) <= 12
                and not re.search(r"[.;。；]", gap)
                and (best is None or end > best[0] or (end == best[0] and len(t) > len(best[1])))
            ):
                best = (end, t)
    return best[1] if best else None


_PAREN_CJK = re.compile(r"\s{0,2}[(（]\s*([\u3400-\u9fff]{2,4})\s*[)）]")
_PAREN_LATIN = re.compile(
    r"\s{0,2}[(（]\s*(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor)\.?\s+)?"
    r"([A-Z][A-Za-z'’-]*(?:\s+[A-Z][A-Za-z'’-]*){1,4})\s*[)）]"
)


def name_in_parentheses(text: str, end: int, mention_is_cjk: bool) -> str | None:
    """The name in the other script written in parentheses right after a mention ending at ``end``.

    English reports give a person's Chinese name so ('lawmaker Ann Chiang (蔣麗芸)'), Chinese
    ones the English name ('蔣麗芸（Ann Chiang）'): the only evidence that ties an English
    given name to a Chinese one. Whether the two names agree is for the caller to check.
    """
    m = (_PAREN_LATIN if mention_is_cjk else _PAREN_CJK).match(text, end)
    return m.group(1) if m else None


_LONGER_WORDS = 8  # words after a mention tried as the rest of a longer KB alias
_LONGER = re.compile(r"(?:[ ](?:[A-Z][\w’'&.-]*|of|and|the|for|on|in|&)){1,%d}" % _LONGER_WORDS)  # noqa: UP031


def longer_alias_at(text: str, start: int, end: int, kb: KnowledgeBase) -> tuple[str, KBEntity] | None:
    """The longest KB alias (of one entity) written from ``start`` on that runs past ``end``:
    'China' in 'the China Association for Science and Technology will…' is part of CAST's name."""
    span = text[start:end]
    if not span or any("\u3400" <= c <= "\u9fff" for c in span):
        return None
    rest = _LONGER.match(text, end)
    if not rest:
        return None
    words = rest.group(0).split(" ")[1:]
    for k in range(len(words), 0, -1):
        longer = span + " " + " ".join(words[:k])
        hits = kb.lookup(longer)
        if len(hits) == 1:
            return longer, hits[0]
    return None


def names_person(e: KBEntity, ctx: DocContext) -> str | None:
    """What in the document names the KB person ``e``: the Chinese name, or the title of an office
    held on the publication date (None when neither is written)."""
    for z in dict.fromkeys(x for x in (e.zh_hant, e.zh_hans) if x):
        if z in ctx.text_clean:
            return f"the Chinese name {z}"
    if ctx.published_on is not None:
        low = ctx.text_clean.lower()
        for r in e.roles:
            if r.held_on(ctx.published_on):
                for t in (r.title, r.title_zh):
                    if t and t.lower() in low:
                        return f"the office {t!r}, held by {e.id} on {ctx.published_on}"
    return None
