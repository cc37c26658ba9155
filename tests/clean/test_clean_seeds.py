"""The seed articles, read at run time from ../shared/corpora/seeds (skipped when absent)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from clean_audit import unexplained
from wordfreq import zipf_frequency

from ingest.clean import CleanedDoc, clean_document

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

pytestmark = pytest.mark.skipif(not SEED_FILES, reason=f"seed corpus not found at {SEEDS}")


def _clean(path: Path) -> tuple[str, CleanedDoc]:
    raw = path.read_text(encoding="utf-8")
    return raw, clean_document(raw, source_path=path.name)


def _seed(prefix: str) -> Path:
    found = [p for p in SEED_FILES if p.name.startswith(prefix)]
    if not found:
        pytest.skip(f"seed {prefix}_*.txt not in {SEEDS}")
    return found[0]


@pytest.fixture(params=SEED_FILES, ids=lambda p: p.name[:3])
def seed(request: pytest.FixtureRequest) -> tuple[str, CleanedDoc]:
    return _clean(request.param)


def test_no_glyph_run_remains(seed: tuple[str, CleanedDoc]) -> None:
    assert not re.search(r"(?:^|\s)\?\s*\?", seed[1].text_clean, re.M)


def test_no_newspaper_site_line_or_crumb_remains(seed: tuple[str, CleanedDoc]) -> None:
    for line in seed[1].text_clean.split("\n"):
        assert not line.startswith("Newspapers "), line
        assert not re.match(r"^[•›>»]?\s*Home\b", line), line
        assert not re.search(r"\]\(#?\)", line), line


def test_no_fused_word_remains(seed: tuple[str, CleanedDoc]) -> None:
    """No unknown word is written fused where the same document writes it with a hyphen.

    ('cooperation' beside 'co-operation' is two spellings of a word, not damage.)
    """
    text = seed[1].text_clean
    tokens = {t.lower() for t in re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", text)}
    compounds = {a + b for a, b in re.findall(r"(?<![\w-])([A-Za-z]{2,})-([A-Za-z]{2,})(?![\w-])", text)}
    fused = {c for c in compounds if c.lower() in tokens and zipf_frequency(c.lower(), "en") < 2.0}
    assert not fused


def test_everything_else_survives_word_for_word(seed: tuple[str, CleanedDoc]) -> None:
    """Diff raw and clean tokens: every removed or added token is one that a recorded change explains."""
    raw, doc = seed
    assert unexplained(raw, doc) == (Counter(), Counter())
    assert {r for r, _, _ in doc.changes} == {f.rule for f in doc.fixes}


def test_seed_003_date_comes_from_its_header() -> None:
    _raw, doc = _clean(_seed("003"))
    assert doc.meta.published_on == dt.date(2023, 3, 18)
    assert doc.meta.published_on_source == "header"
    assert "2023-03-18" not in doc.text_clean


def test_seed_001_byline_is_metadata_not_text() -> None:
    raw, doc = _clean(_seed("001"))
    byline_line = next(line for line in raw.split("\n") if re.match(r"^\W*By\s", line))
    assert doc.meta.byline and doc.meta.byline in byline_line
    assert doc.meta.byline not in doc.text_clean
    assert doc.meta.emails and all(e in byline_line and e not in doc.text_clean for e in doc.meta.emails)


def test_seed_004_dateline_without_year_gives_place_but_no_date() -> None:
    _raw, doc = _clean(_seed("004"))
    assert doc.meta.dateline_place == "Hong Kong"
    assert doc.meta.published_on is None
    assert not doc.text_clean.startswith(",")


def test_cleaning_a_cleaned_seed_changes_nothing(seed: tuple[str, CleanedDoc]) -> None:
    again = clean_document(seed[1].text_clean)
    assert again.text_clean == seed[1].text_clean
    assert again.fixes == []
