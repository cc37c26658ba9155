"""Language and script by counting characters and words."""

from __future__ import annotations

import pytest

from ingest.lang import LangConfig, detect, han_script, paragraph_langs


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Innovation and Technology Bureau opened a new fund for universities.", "en"),
        ("創新及科技局今日宣布推出新的研究資助計劃。", "zh-Hant"),
        ("创新及科技局今日宣布推出新的研究资助计划。", "zh-Hans"),
        ("The bureau (創新及科技局) opened a new fund for universities in Hong Kong.", "en"),
        ("創新及科技局今日宣布推出 AI 研究資助計劃。", "zh-Hant"),
        ("The Innovation and Technology Bureau 創新及科技局今日宣布推出新的研究資助計劃", "mixed"),
        ("2021 — 3.5", "und"),
        ("", "und"),
    ],
)
def test_detect(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_script_tie_is_configured_not_guessed() -> None:
    neutral = "香港今日下雨"  # no character that only one script has
    assert han_script(neutral) is None
    assert detect(neutral) == LangConfig().zh_script_tie
    assert detect(neutral, LangConfig(zh_script_tie="zh-Hans")) == "zh-Hans"


def test_paragraphs_take_their_own_language_and_the_document_script() -> None:
    text = "Briefing note on the new bureau\n\n創新科技及工業局今日成立。\n\n香港科學園今日開幕\n\nThe bureau took over on 1 July."
    assert paragraph_langs(text) == ["en", "zh-Hant", "zh-Hant", "en"]
