"""Article metadata: dates as written, where each came from, and the document's DocMeta.

Dates are parsed by explicit patterns only (English month names, ISO, Chinese 年月日 with
Arabic or Chinese numerals). A date whose year is not written stays partial
(``XXXX-12-03``) and never becomes ``published_on`` on its own: the year is taken only
from another stated date of the same document with the same month and day. Supplied
values (sidecar, front matter) win over anything inferred.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.model import DocMeta
from ingest.supplied import SuppliedMetadataError as SuppliedMetadataError  # raised by parse_supplied
from ingest.supplied import validate_supplied

# Where a publication date may come from, most trusted first.
DATE_SOURCES: tuple[str, ...] = (
    "sidecar",
    "front_matter",
    "html_meta",
    "header",
    "dateline",
    "footer",
    "body_phrase",
    "file_time",
)
TITLE_MAX_CHARS = 200  # a first line longer than this is a paragraph, not a headline


@dataclass(frozen=True)
class PartialDate:
    """A calendar date as written; ``year`` is None when the text does not give it."""

    year: int | None
    month: int
    day: int | None

    def to_date(self) -> dt.date | None:
        """The full date, or None when the year or day is missing or the date is invalid."""
        if self.year is None or self.day is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    @property
    def timex(self) -> str:
        """TIMEX3 value, e.g. ``2019-12-31`` or ``XXXX-12-03``."""
        y = f"{self.year:04d}" if self.year else "XXXX"
        return f"{y}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


@dataclass(frozen=True)
class DateEvidence:
    """A date found in a document: which kind of place, the words, the date they give."""

    source: str
    text: str
    date: PartialDate


MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ZH_NUM = "〇零一二三四五六七八九十两"
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_YEAR}[-/.](?P<mnum>[01]?\d)[-/.](?P<day>[0-3]?\d)(?![\d.])"),
    re.compile(rf"\b{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MON}(?:,?\s+{_YEAR})?\b", re.I),
    re.compile(
        rf"(?:(?P<year>(?:19|20)\d\d|[{_ZH_NUM}]{{4}})\s*年\s*)?(?P<mnum>[01]?\d|[{_ZH_NUM}]{{1,3}})\s*月\s*(?P<day>[0-3]?\d|[{_ZH_NUM}]{{1,3}})\s*[日號号]"
    ),
)


def _zh_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
    if len(s) == 4 and "十" not in s:  # 二〇一九
        return int("".join(str(digits[c]) for c in s))
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    return digits[s]


def parse_date(text: str) -> tuple[PartialDate, str] | None:
    """The first date written in ``text`` and the words that gave it, or None."""
    best: tuple[int, PartialDate, str] | None = None
    for pat in DATE_PATTERNS:
        for m in pat.finditer(text):
            g = m.groupdict()
            try:
                month = MONTHS[g["mon"].lower()] if g.get("mon") else _zh_int(g["mnum"])
                day = _zh_int(g["day"]) if g.get("day") else None
                year = _zh_int(g["year"]) if g.get("year") else None
            except (KeyError, ValueError):
                continue
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), PartialDate(year, month, day), m.group(0))
            break
    return (best[1], best[2]) if best else None


def resolve_published_on(evidence: Sequence[DateEvidence]) -> tuple[dt.date | None, str | None]:
    """The publication date and its source from the evidence, by :data:`DATE_SOURCES` order.

    A partial date (no year, or no day) gives nothing: the year is never invented.
    """
    rank = {s: i for i, s in enumerate(DATE_SOURCES)}
    for ev in sorted(evidence, key=lambda e: rank.get(e.source, len(rank))):
        full = ev.date.to_date()
        if full:
            return full, ev.source
    return None, None


def best_partial(evidence: Sequence[DateEvidence]) -> str | None:
    """TIMEX3 of the best-ranked evidence when none gives a full date (``XXXX-12-03``): what
    the article says of its own date, without inventing the rest."""
    rank = {s: i for i, s in enumerate(DATE_SOURCES)}
    for ev in sorted(evidence, key=lambda e: rank.get(e.source, len(rank))):
        return ev.date.timex
    return None


def parse_supplied(supplied: Mapping[str, Any] | None, origin: str) -> dict[str, Any]:
    """Supplied metadata (sidecar or front matter) checked by :func:`ingest.supplied.validate_supplied`,
    with ``published_on`` as a date and text stripped (empty text left out).

    Raises :class:`SuppliedMetadataError` when a value is unusable (``published_on`` not a full
    date, ``lang`` not one of the :class:`~ingest.model.Lang` values, a list for a title …).
    """
    out: dict[str, Any] = {}
    for key, value in validate_supplied(supplied or {}, origin, strict=False).items():
        if key == "published_on":
            out[key] = dt.date.fromisoformat(value)
        elif value.strip():
            out[key] = value.strip()
    return out


def guess_title(text_clean: str) -> str | None:
    """The first line when it reads as a headline: short, one phrase, with a body after it."""
    lines = [s.strip() for s in text_clean.split("\n") if s.strip()]
    if len(lines) < 2:
        return None
    first = lines[0]
    if len(first) > TITLE_MAX_CHARS or first.endswith((".", "。", ":", "：", ",", "，")):
        return None
    if re.search(r"[.!?]\s+[A-Z]|[。！？]|https?://|www\.", first):
        return None  # a sentence, or a line with a URL ('EN https://…'), is no headline
    return first


def build_meta(
    found: Mapping[str, Sequence[Any]],
    *,
    supplied: Mapping[str, Any],
    front_matter: Mapping[str, Any],
    html: Mapping[str, Any],
    text_clean: str,
    lang: str,
    file_mtime: dt.datetime | None,
    use_file_time: bool,
) -> DocMeta:
    """Assemble a :class:`DocMeta`: supplied, then front matter, then HTML, then the text."""
    evidence: list[DateEvidence] = list(found.get("date", []))
    for origin, values in (("sidecar", supplied), ("front_matter", front_matter)):
        d = values.get("published_on")
        if d:
            evidence.append(DateEvidence(origin, str(d), PartialDate(d.year, d.month, d.day)))
    if html.get("date"):
        evidence.append(html["date"])
    if use_file_time and file_mtime is not None:
        d = file_mtime.date()
        evidence.append(
            DateEvidence("file_time", file_mtime.isoformat(), PartialDate(d.year, d.month, d.day))
        )
    published_on, source = resolve_published_on(evidence)

    def pick(key: str, inferred: str | None) -> str | None:
        for values in (supplied, front_matter, html):
            if values.get(key):
                return str(values[key])
        return inferred

    def first(key: str) -> str | None:
        values = found.get(key) or []
        return str(values[0]) if values else None

    emails: list[str] = []
    for e in found.get("email", []):
        if e not in emails:
            emails.append(e)
    return DocMeta(
        title=pick("title", first("title") or guess_title(text_clean)),
        published_on=published_on,
        published_on_source=source,
        published_timex=published_on.isoformat() if published_on else best_partial(evidence),
        outlet=pick("outlet", first("outlet")),
        byline=first("byline"),
        dateline_place=first("dateline_place"),
        url=pick("url", None),
        lang=str(supplied.get("lang") or front_matter.get("lang") or lang),
        emails=emails,
    )
