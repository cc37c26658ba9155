"""Acronyms defined in the text and role titles written before a mention."""

from __future__ import annotations

import pytest

from ingest.names.context import acronyms_defined, role_before


@pytest.mark.parametrize(
    ("text", "acro", "long_form"),
    [
        (
            "an agreement with the Ministry of Science and Technology (MOST) was signed",
            "MOST",
            "Ministry of Science and Technology",
        ),
        (
            "the Innovation, Technology and Industry Bureau (ITIB) said",
            "ITIB",
            "Innovation, Technology and Industry Bureau",
        ),
        ("scientists of the Chinese Academy of Sciences (CAS) came", "CAS", "Chinese Academy of Sciences"),
        (
            "the Hong Kong Special Administrative Region (HKSAR) Government",
            "HKSAR",
            "Hong Kong Special Administrative Region",
        ),
    ],
)
def test_acronym_definitions(text: str, acro: str, long_form: str) -> None:
    assert acronyms_defined(text)[acro] == long_form


def test_parenthesis_that_is_not_an_acronym_of_the_words_before() -> None:
    assert "AI" not in acronyms_defined("the new centre (AI) opened")


def test_role_before(kb) -> None:
    text = "The Secretary for Innovation and Technology, Mr Sit, spoke. Then Mr Lee left."
    assert role_before(text, text.index("Mr Sit"), kb) == "Secretary for Innovation and Technology"
    assert role_before(text, text.index("Mr Lee"), kb) is None
