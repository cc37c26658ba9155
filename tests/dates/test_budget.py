"""extract_dates reads a document only up to its per-document budget (DateConfig.max_chars)."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.budget import analysed_end
from ingest.dates import DateConfig, extract_dates

PARAS = {
    "en": "The bureau opened the park on 4 May 2021.\n\n",
    "zh-Hant": "創新科技署於2021年5月4日開幕。\n\n",
}


@pytest.mark.parametrize("lang", sorted(PARAS))
def test_dates_past_the_budget_are_not_extracted(lang: str) -> None:
    text = PARAS[lang] * 50
    cfg = DateConfig(max_chars=10 * len(PARAS[lang]) + 5)
    end = analysed_end(text, cfg.max_chars)
    got = extract_dates("d", text, lang, dt.date(2021, 5, 5), cfg)
    assert len(got) == 10  # whole paragraphs before the cut, none after
    assert all(m.end_char <= end and text[m.start_char : m.end_char] == m.text for m in got)
    assert len(extract_dates("d", text, lang, dt.date(2021, 5, 5), DateConfig(max_chars=0))) == 50


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "mixed"])
def test_dates_on_many_short_lines_finish(lang: str) -> None:
    """A generous size where quadratic work would be obviously huge (a few seconds when linear)."""
    text = "\n".join(["4 May 2021", "5月4日", "a", "。"] * 5_000)
    assert extract_dates("d", text, lang, dt.date(2021, 5, 5))


@pytest.mark.parametrize("unit", [" ", "\n", "1", "一", "十", " 1"])
@pytest.mark.parametrize("lang", ["zh-Hant", "und"])
def test_dates_on_a_long_run_of_one_character_finish(unit: str, lang: str) -> None:
    """A numeral or space run of 20,000: each pattern tried from every position of the run
    used to scan to its end (about a minute); from the run's start only, it takes milliseconds."""
    text = "會議於5月4日舉行。" + unit * (20_000 // len(unit)) + "十年"
    got = extract_dates("d", text, lang, dt.date(2021, 5, 5))
    assert got[0].text == "5月4日"
