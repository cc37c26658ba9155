"""Dates as written, their sources, and how DocMeta is assembled."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.metadata import (
    DateEvidence,
    PartialDate,
    SuppliedMetadataError,
    guess_title,
    parse_date,
    parse_supplied,
    resolve_published_on,
)


@pytest.mark.parametrize(
    ("text", "timex"),
    [
        ("Ends/Tuesday, December 31, 2019", "2019-12-31"),
        ("2021-05-04T09:00:00+08:00", "2021-05-04"),
        ("date 2023-03-18 The plan", "2023-03-18"),
        ("published 2021/5/4", "2021-05-04"),
        ("4 May 2021", "2021-05-04"),
        ("Sept. 20, 2018", "2018-09-20"),
        (", Hong Kong, December 3rd.", "XXXX-12-03"),
        ("today (September 20)", "XXXX-09-20"),
        ("2019年12月31日（星期二）", "2019-12-31"),
        ("二〇一九年十二月三十一日", "2019-12-31"),
        ("今日（十二月二日）", "XXXX-12-02"),
        ("3月18日電", "XXXX-03-18"),
    ],
)
def test_parse_date(text: str, timex: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed[0].timex == timex
    assert parsed[1] in text


@pytest.mark.parametrize(
    "text", ["The lab opened.", "May the plan succeed", "2019年", "13/45/2020", "version 2.3.1"]
)
def test_no_date_where_none_is_written(text: str) -> None:
    assert parse_date(text) is None


def test_the_year_is_never_invented() -> None:
    ev = [DateEvidence("dateline", "December 3rd", PartialDate(None, 12, 3))]
    assert resolve_published_on(ev) == (None, None)
    assert PartialDate(None, 12, 3).to_date() is None
    assert PartialDate(2021, 2, 30).to_date() is None


def test_the_most_trusted_full_date_wins() -> None:
    ev = [
        DateEvidence("footer", "Ends/…", PartialDate(2019, 12, 31)),
        DateEvidence("header", "date …", PartialDate(2019, 12, 30)),
        DateEvidence("dateline", "Dec 29", PartialDate(None, 12, 29)),
    ]
    assert resolve_published_on(ev) == (dt.date(2019, 12, 30), "header")


def test_supplied_values_are_typed() -> None:
    got = parse_supplied(
        {"published_on": "2021-12-02", "outlet": " Pearl Courier ", "lang": "zh-Hant", "other": 1}, "x"
    )
    assert got == {"published_on": dt.date(2021, 12, 2), "outlet": "Pearl Courier", "lang": "zh-Hant"}


@pytest.mark.parametrize(
    ("supplied", "word"), [({"published_on": "December 2"}, "published_on"), ({"lang": "zh"}, "lang")]
)
def test_unusable_supplied_values_say_what_to_do(supplied: dict, word: str) -> None:
    with pytest.raises(SuppliedMetadataError, match=word):
        parse_supplied(supplied, "a.txt.meta.json")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Science park adds two towers\n\nThe park adds two towers.", "Science park adds two towers"),
        ("The park adds two towers. It opens in May.\n\nMore text.", None),
        ("科學園新增兩座大樓\n\n科學園今日宣布新增兩座大樓。", "科學園新增兩座大樓"),
        ("科學園今日宣布新增兩座大樓。\n\n第二段。", None),
        ("Only one line without a body", None),
    ],
)
def test_guess_title(text: str, title: str | None) -> None:
    assert guess_title(text) == title


@pytest.mark.parametrize(
    ("text", "supplied", "published_on", "timex"),
    [
        (", Hong Kong, December 3rd. On the 2nd, the committee met by video.\n", None, None, "XXXX-12-03"),
        (
            ", Hong Kong, December 3rd. On the 2nd, the committee met.\n",
            {"published_on": "2021-12-03"},
            "2021-12-03",
            "2021-12-03",
        ),
        ("The committee met by video and agreed on a plan.\n", None, None, None),
    ],
)
def test_metadata_published_timex_keeps_what_the_text_gives(text, supplied, published_on, timex):
    from ingest.clean import clean_document

    meta = clean_document(text, supplied=supplied).meta
    assert (str(meta.published_on) if meta.published_on else None) == published_on
    assert meta.published_timex == timex
