"""HTML input: the main text by trafilatura, title and date from the page's own metadata.

The date comes only from explicit publication-date metadata (``article:published_time``,
``datePublished`` in JSON-LD, ``<time pubdate>`` …), never from a guess over the page;
the text rules then find dates the page writes (e.g. a government release's 'Ends/' line).
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

import trafilatura

from ingest.clean.rules_chrome import is_chrome_line
from ingest.errors import IngestError
from ingest.metadata import DateEvidence, parse_date

SNIFF_CHARS = 2048  # how much of the start of a file is looked at to decide it is HTML
_SNIFF = re.compile(r"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_META = re.compile(r"<meta\s[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "date", "dc.date", "dc.date.issued",
    "dcterms.issued", "pubdate", "publishdate", "publish-date", "publication_date", "sailthru.date",
    "parsely-pub-date", "citation_publication_date",
)  # fmt: skip
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME_PUBDATE = re.compile(
    r"<time[^>]*\bpubdate\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)|<time[^>]*\bdatetime\s*=\s*[\"']([^\"']+)[\"'][^>]*\bpubdate\b",
    re.I,
)
# A paragraph written straight after an element's opening tag and ended by <br> (how the HK
# government writes releases) is dropped by the extractor; a <br> before it keeps it.
_LEADING_TEXT_BLOCK = re.compile(r"(<(?:span|div|td|font)\b[^>]*>)((?:\s|&nbsp;)*[^<\s][^<]{39,}<br)", re.I)
_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z-]+)", re.I)


class HtmlExtractionError(IngestError):
    """The page has no text at all (neither main text nor any visible text)."""


@dataclass(frozen=True)
class HtmlPage:
    """What an HTML page gives: main text and the metadata it declares."""

    text: str
    main_text: bool  # False when no main text was found and all visible text was kept
    title: str | None
    date: DateEvidence | None
    url: str | None
    outlet: str | None
    lang: str | None


def looks_like_html(text: str, source_path: str = "") -> bool:
    """True for .htm/.html files and for text whose start looks like an HTML document."""
    if source_path.lower().endswith((".htm", ".html", ".xhtml")):
        return True
    return bool(_SNIFF.search(text[:SNIFF_CHARS]))


def _metas(page: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in _META.finditer(page):
        attrs = {k.lower(): (a or b or c) for k, a, b, c in _ATTR.findall(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and "content" in attrs and key not in found:
            found[key] = htmllib.unescape(attrs["content"]).strip()
    return found


def _date(page: str, metas: dict[str, str]) -> DateEvidence | None:
    candidates = [(k, metas[k]) for k in _DATE_KEYS if metas.get(k)]
    m = _JSONLD_DATE.search(page)
    if m:
        candidates.append(("datePublished", m.group(1)))
    t = _TIME_PUBDATE.search(page)
    if t:
        candidates.append(("time pubdate", t.group(1) or t.group(2)))
    for key, value in candidates:
        parsed = parse_date(value)
        if parsed and parsed[0].to_date():
            return DateEvidence("html_meta", f"{key}={value}", parsed[0])
    return None


def extract_html(page: str) -> HtmlPage:
    """The main text and declared metadata of an HTML page.

    When the extractor finds no main text, all visible text is kept (``main_text`` False).
    Raises :class:`HtmlExtractionError` when the page has no visible text at all.
    """
    text = trafilatura.extract(
        _LEADING_TEXT_BLOCK.sub(r"\1<br />\2", page),
        include_comments=False,
        include_tables=True,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
    )
    main = bool(text and text.strip())
    if not main:
        text = trafilatura.html2txt(page) or ""
    if not text or not text.strip():
        raise HtmlExtractionError(
            "the HTML page has no visible text; check that the file is the article page"
        )
    metas = _metas(page)
    title = metas.get("og:title") or metas.get("twitter:title")
    if not title:
        m = re.search(r"<title[^>]*>(.*?)</title>", page, re.I | re.S)
        title = htmllib.unescape(re.sub(r"\s+", " ", m.group(1))).strip() if m else None
    if title and is_chrome_line(title):
        title = None  # 'Search Menu', '跳至主要内容': the headline is then read from the text
    canonical = re.search(r"<link[^>]*rel=[\"']canonical[\"'][^>]*href=[\"']([^\"']+)", page, re.I)
    url = metas.get("og:url") or (canonical.group(1) if canonical else None)
    lang = _HTML_LANG.search(page[: SNIFF_CHARS * 4])
    return HtmlPage(
        text=text,
        main_text=main,
        title=title or None,
        date=_date(page, metas),
        url=url,
        outlet=metas.get("og:site_name") or None,
        lang=lang.group(1) if lang else None,
    )
