"""Shared, lazily built extractors: loading spaCy and jieba once keeps the tests quick."""

from __future__ import annotations

import pytest

from ingest.nlp import EntityExtractor

# Our own knowledge-base sample: real public names, written by us.
KB = (
    ("Xue Yongheng", "PERSON"),
    ("Carrie Lam", "PERSON"),
    ("Wang Zhigang", "PERSON"),
    ("Ministry of Science and Technology", "ORG"),
    ("MOST", "ORG"),
    ("Innovation and Technology Bureau", "ORG"),
    ("薛永恒", "PERSON"),
    ("林鄭月娥", "PERSON"),
    ("科技部", "ORG"),
    ("創新科技署", "ORG"),
)


@pytest.fixture(scope="session")
def extractor() -> EntityExtractor:
    """An extractor without knowledge base: what the models and rules find on their own."""
    return EntityExtractor()


@pytest.fixture(scope="session")
def kb_extractor() -> EntityExtractor:
    """An extractor fed with the knowledge-base sample above."""
    return EntityExtractor(kb_entries=KB)
