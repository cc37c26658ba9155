"""Honorifics, titles and post-nominals are stripped and kept as evidence."""

from __future__ import annotations

import pytest

from ingest.names.normalise import normalise_mention

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("normalise.json"))
def test_normalise(case: dict) -> None:
    n = normalise_mention(case["input"])
    assert n.name == case["name"]
    assert list(n.stripped) == case["stripped"]
    assert list(n.roles) == case.get("roles", [])


@pytest.mark.parametrize(
    ("text", "married"), [("Mrs Lam", True), ("Ms Lam", False), ("林太太", True), ("Lam", False)]
)
def test_married_female_evidence(text: str, married: bool) -> None:
    assert normalise_mention(text).married_female is married
