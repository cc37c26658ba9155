"""Real HK government press-release pages, read at run time (skipped when absent).

Expected values come from the page itself, independently of the cleaning code: the
date from the release id in the file name (PYYYYMMDD…), the title from ``<title>``,
the start of the body from the page's ``og:description``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from ingest.clean import clean_document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "hkgov_press_releases_html_en"
PAGES = sorted(CORPUS.glob("*.htm")) if CORPUS.is_dir() else []
CHROME = ("Font Size", "Sitemap", "Go to main content", "Traditional Chinese", "Simplified Chinese",
          "Brand Hong Kong", "Back to top", "Issued at HKT", "NNNN", "Ends/", "*****", "Print this page")  # fmt: skip

pytestmark = pytest.mark.skipif(not PAGES, reason=f"HK government pages not found at {CORPUS}")


@pytest.fixture(params=PAGES, ids=lambda p: p.stem)
def page(request: pytest.FixtureRequest) -> tuple[str, object]:
    raw = request.param.read_text(encoding="utf-8", errors="replace")
    return request.param.stem, raw, clean_document(raw, source_path=request.param.name)


def test_published_on_comes_from_the_ends_line(page) -> None:
    stem, _raw, doc = page
    assert doc.meta.published_on == dt.date(int(stem[1:5]), int(stem[5:7]), int(stem[7:9]))
    assert doc.meta.published_on_source == "footer"
    assert any(f.rule == "hkgov_footer" for f in doc.fixes)


def test_title_is_the_page_title(page) -> None:
    _stem, raw, doc = page
    title = html.unescape(re.search(r"<title>(.*?)</title>", raw, re.S).group(1)).strip()
    assert doc.meta.title == re.sub(r"\s+", " ", title)


def test_body_without_page_chrome(page) -> None:
    _stem, _raw, doc = page
    for chrome in CHROME:
        assert chrome not in doc.text_clean
    assert doc.lang == "en"


def test_every_paragraph_of_the_release_is_kept(page) -> None:
    """Each plain paragraph of the page's release body (split at <br>) is in the text."""
    _stem, raw, doc = page
    body = re.search(r'<span id="pressrelease"[^>]*>(.*?)</span>', raw, re.S)
    assert body, "page has no release body"
    text = re.sub(r"\s+", " ", doc.text_clean)
    paragraphs = [
        re.sub(r"\s+", " ", html.unescape(p)).strip() for p in re.split(r"<br\s*/?>", body.group(1))
    ]
    plain = [p for p in paragraphs if len(p) >= 40 and "<" not in p]
    assert plain
    missing = [p[:60] for p in plain if p not in text]
    assert not missing
