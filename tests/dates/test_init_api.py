"""extract_dates as the pipeline calls it: languages, offsets, configuration, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.dates import DateConfig, DateError, extract_dates

PIECES = [
    "On the 2nd, ", "2018年9月20日", "十二月二日", "本週四", "last Thursday", "HK$30 million ", "２０２１年",
    "the end of June this year", "昨日", "上月", "every year", "三年", "22 laboratories", "，", " ", "\n", "abc",
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
    st.sampled_from(["en", "zh-Hant", "zh-Hans", "mixed", "und"]),
    st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))),
)
def test_offsets_point_into_the_text(pieces: list[str], lang: str, anchor: dt.date | None) -> None:
    text = "".join(pieces)
    mentions = extract_dates("d", text, lang, anchor)
    ends = [0]
    for m in mentions:
        assert text[m.start_char : m.end_char] == m.text
        assert m.start_char >= ends[-1], "mentions do not overlap and come in text order"
        ends.append(m.end_char)
        assert m.timex_type in ("DATE", "TIME", "DURATION", "SET")
        if anchor is None:
            assert m.anchor == ""


def test_mixed_text_runs_both_taggers() -> None:
    text = "Officials met last Thursday. 雙方於2018年9月20日簽署協議。"
    found = {m.text: m.value for m in extract_dates("d", text, "mixed", dt.date(2018, 9, 20))}
    assert found["last Thursday"] == "2018-09-13"
    assert found["2018年9月20日"] == "2018-09-20"


def test_mixed_text_keeps_each_tagger_to_its_script() -> None:
    # a fraction in English is not a Chinese month/day, a Chinese duration is not read by English rules
    text = "About 1/2 of the labs reopened. 計劃已連續三年推出。"
    found = {m.text: m.value for m in extract_dates("d", text, "mixed", dt.date(2021, 12, 3))}
    assert found == {"連續三年": "P3Y"}


@pytest.mark.parametrize(
    ("config", "expected"),
    [(DateConfig(), "2021-12-02"), (DateConfig(prefer_past=False), "2021-12-09")],
    ids=["past", "future"],
)
def test_prefer_past_can_be_turned_off(config: DateConfig, expected: str) -> None:
    (m,) = extract_dates("d", "They met on Thursday.", "en", dt.date(2021, 12, 3), config)
    assert m.value == expected


@pytest.mark.parametrize(
    ("config", "text", "lang", "dropped"),
    [
        (DateConfig(include_reference=False), "The centre is now open.", "en", "now"),
        (DateConfig(include_times=False), "會議於下午3時30分開始。", "zh-Hant", "下午3時30分"),
    ],
)
def test_optional_kinds_can_be_left_out(config: DateConfig, text: str, lang: str, dropped: str) -> None:
    assert dropped in {m.text for m in extract_dates("d", text, lang, None)}
    assert dropped not in {m.text for m in extract_dates("d", text, lang, None, config)}


def test_numeric_order_is_configurable() -> None:
    text = "The form dated 3/4/2021 was accepted."
    assert extract_dates("d", text, "en", None)[0].value == "2021-03-04"
    assert extract_dates("d", text, "en", None, DateConfig(en_numeric_order="DMY"))[0].value == "2021-04-03"


@pytest.mark.parametrize(
    ("lang", "anchor", "message"),
    [("fr", None, "unknown lang"), ("en", "2021-12-03", "datetime.date")],
)
def test_bad_arguments_say_what_to_pass(lang: str, anchor: object, message: str) -> None:
    with pytest.raises(DateError, match=message):
        extract_dates("d", "today", lang, anchor)  # type: ignore[arg-type]


def test_a_datetime_anchor_is_taken_as_its_date() -> None:
    (m,) = extract_dates("d", "yesterday", "en", dt.datetime(2021, 12, 3, 23, 59))
    assert (m.value, m.anchor) == ("2021-12-02", "2021-12-03")


@pytest.mark.parametrize(
    ("hint", "text", "expected"),
    [
        ("XXXX-12-03", "On the 2nd, the committee met by video.", "XXXX-12-02"),
        ("XXXX-12-03", "On the 28th, the committee met by video.", "XXXX-11-28"),
        ("XXXX-01-03", "On the 28th, the committee met by video.", "XXXX-12-28"),
        ("XXXX-12", "On the 2nd, the committee met by video.", "XXXX-12-02"),
        (None, "On the 2nd, the committee met by video.", "XXXX-XX-02"),
        ("not a date", "On the 2nd, the committee met by video.", "XXXX-XX-02"),
    ],
)
def test_extract_dates_partial_publication_date_gives_the_month_not_a_year(hint, text, expected):
    (m,) = extract_dates("d", text, "en", None, published_hint=hint)
    assert m.value == expected
    assert m.anchor == (hint if expected != "XXXX-XX-02" else "")


def test_extract_dates_full_date_wins_over_hint():
    (m,) = extract_dates(
        "d", "On the 2nd, they met.", "en", dt.date(2021, 12, 3), published_hint="XXXX-06-30"
    )
    assert m.value == "2021-12-02" and m.anchor == "2021-12-03"


def test_extract_dates_chinese_bare_day_takes_hint_month():
    (m,) = extract_dates("d", "兩地代表於2日舉行視像會議。", "zh-Hant", None, published_hint="XXXX-12-03")
    assert m.value == "XXXX-12-02"
