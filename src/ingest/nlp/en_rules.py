"""Repairs to spaCy's English entity spans that news about officials needs.

spaCy's small English model, trained on OntoNotes, cuts official titles and
organisation names in ways that matter here:

- the subject of a title becomes an ORG: 'Minister of [Science and Technology]',
  'Secretary for [Innovation and Technology]', 'The [Financial] Secretary' — a role,
  not a mention of an organisation, so it is dropped (the role is evidence for names
  resolution, which reads it from the text);
- an organisation is cut short: 'Guangzhou Institutes of [Biomedicine and Health]',
  'Constitutional and [Mainland Affairs] Bureau' — the span is widened to the whole name
  when the words around it are its head ('Institutes of', 'Bureau');
- a surname after an honorific becomes an ORG or GPE: 'Mr [Wang]' — relabelled PERSON;
- two names run together across 'the': '[Government House the Memorandum of
  Understanding]' — dropped, since neither half is labelled reliably.

Each rule is a small pure function over (start, end, label, source) spans; the source
of a changed span says which rule changed it. Knowledge-base spans are never touched.
"""

from __future__ import annotations

import bisect
import re

Span = tuple[int, int, str, str]

KB_SOURCE = "kb_ruler"
ORG_HEADS = (
    "Academy|Administration|Agency|Alliance|Association|Authority|Bank|Board|Bureau|Centre|Center|"
    "Chamber|College|Commission|Committee|Company|Corporation|Council|Court|Department|Division|"
    "Federation|Foundation|Fund|Government|Group|Institute|Institutes|Institution|Laboratory|"
    "Laboratories|League|Ministry|Office|Organisation|Organization|Parks?|Party|Secretariat|"
    "Service|Society|School|Unit|University|Limited|Ltd|Inc|Corp"
)
_HEAD_WORD = re.compile(rf"\b(?:{ORG_HEADS})\b")
_TITLE_BEFORE = re.compile(
    r"\b(?:Secretary|Minister|Commissioner|Director(?:-General)?|Under\s+Secretary|Chairman|Chairperson|"
    r"Chair|Deputy|Controller|Head|Vice\s+Minister|Permanent\s+Secretary)\s+(?:for|of)\s+(?:the\s+)?$"
)
_TITLE_AFTER = re.compile(r"^\s+(?:Secretary|Minister|Commissioner|Director)\b")
_HEAD_BEFORE = re.compile(rf"((?:[A-Z][\w&'’.-]*\s+)*(?:{ORG_HEADS})\s+(?:of|for|on)\s+(?:the\s+)?)$")
_HEAD_AFTER = re.compile(rf"^\s+(?:{ORG_HEADS})\b")
_AND_BEFORE = re.compile(r"((?:[A-Z][\w&'’-]*\s+)+and\s+)$")
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Madam|Dr|Professor|Prof)\.?\s+$")
_INNER_THE = re.compile(r"(?<!\bof)(?<!\bfor)(?<!\band)(?<!\bon)(?<!\bin)(?<!\bto)(?<!\bat)(?<!\bby) the ")
_TRAILING_PUNCT = ",;:"


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow an organisation span over its head ('… Bureau'), the words joined to it by 'and'
    ('Constitutional and …'), and the head phrase before it ('Institutes of …')."""
    m = _HEAD_AFTER.match(text[end:])
    if m:
        end += m.end()
    if _HEAD_WORD.search(text[start:end]):
        left = _AND_BEFORE.search(text[max(0, start - 80) : start])
        if left:
            start -= len(left.group(1))
    left = _HEAD_BEFORE.search(text[max(0, start - 120) : start])
    if left:
        start -= len(left.group(1))
    return start, end


def repair_spans(text: str, spans: list[Span], rule_source: str = "rule:en_org_span") -> list[Span]:
    """Apply the repairs above to one text's spans (offsets into ``text``)."""
    out: list[Span] = []
    ordered = sorted(spans)
    starts = [s[0] for s in ordered]
    for start, end, label, source in spans:
        if source == KB_SOURCE:
            out.append((start, end, label, source))
            continue
        while end > start and text[end - 1] in _TRAILING_PUNCT:
            end -= 1
        start, end = _unquote(text, start, end)
        before, name = text[max(0, start - 60) : start], text[start:end]
        if label in ("ORG", "GPE", "NORP", "LOC", "FAC") and _HONORIFIC.search(before) and " " not in name:
            out.append((start, end, "PERSON", "rule:en_honorific"))
            continue
        if label == "ORG":
            if _INNER_THE.search(name):
                continue
            has_head = bool(_HEAD_WORD.search(name))
            s, e = _widen(text, start, end)
            if (s, e) != (start, end) and not _blocked(ordered, starts, s, e, (start, end)):
                out.append((s, e, label, rule_source))  # never over another entity ('Carrie Lam and …')
                continue
            if not has_head and (_TITLE_BEFORE.search(before) or _TITLE_AFTER.match(text[end:])):
                continue  # the subject of an official's title, not an organisation
        out.append((start, end, label, source))
    return _drop_overlaps(out)


_MAX_NAME = 300  # characters: no entity span is longer, so neighbours further left cannot overlap


def _blocked(ordered: list[Span], starts: list[int], s: int, e: int, own: tuple[int, int]) -> bool:
    """Whether widening to [s, e) would cut into another span: any person, or anything not wholly
    inside ('CAS' inside 'CAS Guangzhou Institutes of …' is part of the longer name)."""
    lo, hi = bisect.bisect_left(starts, s - _MAX_NAME), bisect.bisect_left(starts, e)
    for a, b, lab, _ in ordered[lo:hi]:
        if (a, b) != own and a < e and s < b and (lab == "PERSON" or not (s <= a and b <= e)):
            return True
    return False


_OPEN, _CLOSE = "\"“‘'(", "\"”’')"


def _unquote(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a quotation mark or bracket at either end of a span that does not close inside it."""
    span = text[start:end]
    if span and span[0] in _OPEN and not any(c in _CLOSE for c in span[1:]):
        start += 1
    span = text[start:end]
    if span and span[-1] in _CLOSE and not any(c in _OPEN for c in span[:-1]):
        end -= 1
    return start, end


def _drop_overlaps(spans: list[Span]) -> list[Span]:
    """After widening, keep the longest of overlapping spans (KB spans win ties)."""
    ordered = sorted(spans, key=lambda s: (-(s[1] - s[0]), s[3] != KB_SOURCE, s[0]))
    kept: list[Span] = []
    for s in ordered:
        if all(s[1] <= k[0] or k[1] <= s[0] for k in kept):
            kept.append(s)
    return sorted(kept)
