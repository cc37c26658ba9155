"""Twenty pages of our own writing in the shapes real pages come in (Chinese portals with crumbs
and related headlines, e-paper pages, TVB-style pages, mirrors of government releases with
asterisk bars, one-line pages …): the chrome goes, every real sentence stays, and the title and
publication date are read from the page.

``pages/NN_name.txt`` is the page as scraped; ``pages/pages.json`` gives for each its expected
cleaned text, title, ``published_on`` / ``published_timex`` and chrome strings that must be gone.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from ingest.clean import clean_document

PAGES = Path(__file__).parent / "pages"
MANIFEST = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))
_WORD = re.compile(r"[\u3400-\u9fff]|[^\W_]+", re.UNICODE)  # a CJK character or a run of letters/digits


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _clean(page: dict):
    return clean_document(
        (PAGES / f"{page['name']}.txt").read_text(encoding="utf-8"), source_path=page["name"]
    )


def test_clean_pages_there_are_twenty() -> None:
    assert len(MANIFEST) >= 20


@pytest.mark.parametrize("page", MANIFEST, ids=[p["name"] for p in MANIFEST])
def test_clean_pages_every_real_sentence_kept_and_no_chrome_word_added(page: dict) -> None:
    got = _words(_clean(page).text_clean)
    want = _words(page["expected"])
    diff = [d for d in difflib.ndiff(want, got) if d[:1] in "+-"]
    assert not diff, f"words lost (-) or chrome kept (+): {diff[:20]}"


@pytest.mark.parametrize("page", MANIFEST, ids=[p["name"] for p in MANIFEST])
def test_clean_pages_text_lines_and_chrome(page: dict) -> None:
    text = _clean(page).text_clean
    assert text == page["expected"]
    for chrome in page["chrome"]:
        assert chrome not in text


@pytest.mark.parametrize("page", MANIFEST, ids=[p["name"] for p in MANIFEST])
def test_clean_pages_title_and_publication_date(page: dict) -> None:
    meta = _clean(page).meta
    assert meta.title == page["title"]
    assert (meta.published_on.isoformat() if meta.published_on else None) == page["published_on"]
    assert meta.published_timex == page["published_timex"]


@pytest.mark.parametrize("page", MANIFEST, ids=[p["name"] for p in MANIFEST])
def test_clean_pages_expectation_is_the_pages_own_text(page: dict) -> None:
    """Each expected line is text of the page as scraped: cleaning removes and splits, never writes."""
    raw = " ".join((PAGES / f"{page['name']}.txt").read_text(encoding="utf-8").split())
    for line in page["expected"].split("\n"):
        assert " ".join(line.split()) in raw, line
