"""On the seed articles (read by path, skipped when absent) the key people are PERSON mentions."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.nlp import EntityExtractor

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "seeds"


@pytest.fixture(scope="module")
def seed_mentions(extractor: EntityExtractor) -> set[tuple[str, str]]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    docs = [(p.name, p.read_text(encoding="utf-8"), "en") for p in sorted(SEEDS.glob("*.txt"))]
    return {(m.text, m.label) for m in extractor.extract(docs)}


@pytest.mark.parametrize("name", ["Xue Yongheng", "Wang Zhigang", "Carrie Lam"])
def test_seed_people_are_person_mentions(seed_mentions: set[tuple[str, str]], name: str) -> None:
    assert (name, "PERSON") in seed_mentions
