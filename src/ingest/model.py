"""Plain records that the stages pass to each other.

Every stage in ``src/ingest`` takes and returns these (or lists of them); the
storage module turns them into Arrow tables whose schemas live in
:mod:`ingest.schemas`. Nothing here imports Prefect, spaCy or pyarrow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Lang(str, Enum):
    """Language and script of a document or paragraph."""

    en = "en"
    zh_hant = "zh-Hant"
    zh_hans = "zh-Hans"
    mixed = "mixed"
    unknown = "und"


class Label(str, Enum):
    """Entity and temporal labels, the same for English and Chinese."""

    person = "PERSON"
    org = "ORG"
    gpe = "GPE"
    loc = "LOC"
    fac = "FAC"
    norp = "NORP"
    event = "EVENT"
    law = "LAW"
    date = "DATE"
    time = "TIME"
    money = "MONEY"
    percent = "PERCENT"
    quantity = "QUANTITY"
    cardinal = "CARDINAL"
    ordinal = "ORDINAL"
    product = "PRODUCT"
    work_of_art = "WORK_OF_ART"
    language = "LANGUAGE"
    misc = "MISC"


class TimexType(str, Enum):
    """TIMEX3 types: a point or span in the calendar, a clock time, a length, a repetition."""

    date = "DATE"
    time = "TIME"
    duration = "DURATION"
    set = "SET"


class TimexMod(str, Enum):
    """TIMEX3 ``mod`` values used here ('' means none)."""

    none = ""
    start = "START"
    mid = "MID"
    end = "END"
    early = "EARLY"
    late = "LATE"
    approx = "APPROX"
    before = "BEFORE"
    after = "AFTER"


class RejectReason(str, Enum):
    """Why a file in the inbox did not become a bronze document."""

    empty = "empty"
    too_large = "too_large"
    binary = "binary"
    undecodable = "undecodable"
    unreadable = "unreadable"
    bad_sidecar = "bad_sidecar"  # a sidecar or front matter that cannot be read
    no_text = "no_text"  # decoded, but cleaning found no article text (e.g. an HTML page of nothing)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of ``text_clean`` that an extractor labelled.

    ``start_char``/``end_char`` are Python string offsets into the document's
    ``text_clean`` (end exclusive), so ``text_clean[start_char:end_char] == text``.
    ``source`` names the extractor (``spacy:en_core_web_sm``, ``model:lac``,
    ``rule:zh_title``, ``kb_ruler`` …).
    """

    doc_id: str
    start_char: int
    end_char: int
    text: str
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression with its TIMEX3-style normalisation.

    ``value`` follows TIMEX3: ``2018-09-20``, ``2021-06``, ``2021-Q3``, ``2018-W38``,
    ``XXXX-12-02`` (year unknown), ``P3Y`` (duration), ``XXXX`` (set base) ….
    ``anchor`` is the ISO date the expression was resolved against ('' if none);
    ``resolution`` says how, e.g. ``absolute``, ``relative:weekday_past``,
    ``no_anchor`` (the full list is in :mod:`ingest.dates`).
    """

    doc_id: str
    start_char: int
    end_char: int
    text: str
    timex_type: str
    value: str
    mod: str = ""
    granularity: str = ""
    anchor: str = ""
    resolution: str = ""


@dataclass(frozen=True, slots=True)
class Fix:
    """One cleaning rule that fired on a document, how often, and an example."""

    rule: str
    count: int
    example_before: str = ""
    example_after: str = ""


@dataclass(slots=True)
class DocMeta:
    """Metadata of one article, with where the publication date came from."""

    title: str | None = None
    published_on: dt.date | None = None
    published_on_source: str | None = None
    published_timex: str | None = None  # TIMEX3 of what the evidence gives: 2021-12-03, or XXXX-12-03
    outlet: str | None = None
    byline: str | None = None
    dateline_place: str | None = None
    url: str | None = None
    lang: str | None = None
    emails: list[str] = field(default_factory=list)
