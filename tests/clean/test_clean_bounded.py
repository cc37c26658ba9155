"""Cleaning rules stay linear in the text: bounded work per line, bounded change records."""

from __future__ import annotations

import pytest

from ingest.clean import CleanConfig
from ingest.clean.rules_common import hard_wraps


@pytest.mark.parametrize("n_lines", [3_000, 100_000])
def test_hard_wraps_records_bounded_changes_for_many_short_lines(n_lines: int) -> None:
    """Each join is recorded with a short context, not the whole paragraph so far (which made
    100,000 one-letter lines quadratic in time and memory)."""
    out = hard_wraps("\n".join(["a"] * n_lines), CleanConfig())
    assert out.text == " ".join(["a"] * n_lines)
    assert len(out.changes) == n_lines - 1
    assert max(len(b) + len(a) for b, a in out.changes) <= 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("香港創新\n科技發展，\n十分迅速。", "香港創新科技發展，十分迅速。"),
        ("The bureau said   \nthat the fund   \nwould grow.", "The bureau said that the fund would grow."),
    ],
)
def test_hard_wraps_joins_without_doubling_spaces(text: str, expected: str) -> None:
    assert hard_wraps(text, CleanConfig()).text == expected
