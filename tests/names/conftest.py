"""Shared fixtures and helpers of the names tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.names import KnowledgeBase, load_kb

CASES = Path(__file__).with_name("cases")


def load_cases(name: str) -> list[dict]:
    """Cases of one JSON file, as pytest params with their labels as ids."""
    return [pytest.param(c, id=c["label"]) for c in json.loads((CASES / name).read_text(encoding="utf-8"))]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()
