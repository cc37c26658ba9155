"""What the cleaning does not do yet, kept visible: each test fails today (strict xfail)."""

from __future__ import annotations

import pytest

from ingest.clean import clean_document


@pytest.mark.xfail(strict=True, reason="a single lost glyph between Chinese characters is not told from text")
def test_single_lost_glyph_between_chinese_characters() -> None:
    assert clean_document("香?特別行政區政府今日公布計劃。").text_clean == "香特別行政區政府今日公布計劃。"


@pytest.mark.xfail(
    strict=True, reason="an apostrophe lost as '??' inside a word is left alone, never guessed"
)
def test_apostrophe_lost_as_question_marks_inside_a_word() -> None:
    assert (
        clean_document("The city??s new science park opened.").text_clean
        == "The city’s new science park opened."
    )


@pytest.mark.xfail(
    strict=True, reason="a source label fused to a number ('HKFP15') has no evidence to split on"
)
def test_label_fused_to_a_number() -> None:
    assert (
        clean_document("Sources:\n\nHKFP15 start-ups win grants").text_clean
        == "Sources:\n\nHKFP: 15 start-ups win grants"
    )
