"""Readings of characters in each scheme, and the Wade-Giles rules."""

from __future__ import annotations

import pytest

from ingest.names.romanise import is_syllabic, pinyin_to_wade_giles, readings, segment, to_simplified

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("romanise.json"))
def test_readings(case: dict) -> None:
    got = readings(case["input"])[case["scheme"]]
    if "expected_first" in case:
        assert got[0] == case["expected_first"]
    else:
        assert set(case["expected"]) <= set(got)
        assert got or not case["expected"]


@pytest.mark.parametrize(
    ("pinyin", "wg"),
    [
        ("xue", "hsueh"),
        ("zhi", "chih"),
        ("yong", "yung"),
        ("guo", "kuo"),
        ("luo", "lo"),
        ("qu", "chu"),
        ("jun", "chun"),
        ("zi", "tzu"),
        ("si", "ssu"),
        ("ri", "jih"),
        ("ge", "ko"),
        ("gui", "kuei"),
        ("xian", "hsien"),
    ],
)
def test_pinyin_to_wade_giles(pinyin: str, wg: str) -> None:
    assert pinyin_to_wade_giles(pinyin) == wg


@pytest.mark.parametrize(
    ("word", "scheme", "split"),
    [
        ("yongheng", "pinyin", ["yong", "heng"]),
        ("yuetngor", "hk", ["yuet", "ngor"]),
        ("chunli", "pinyin", ["chun", "li"]),
    ],
)
def test_segment_fused_given_names(word: str, scheme: str, split: list[str]) -> None:
    assert split in segment(word, scheme)


@pytest.mark.parametrize(
    ("word", "syllabic"), [("alfred", False), ("carrie", False), ("winghang", True), ("xue", True)]
)
def test_is_syllabic(word: str, syllabic: bool) -> None:
    assert is_syllabic(word) is syllabic


def test_simplified_key_keeps_the_hk_form_of_a_name() -> None:
    # OpenCC s2t turns 薛永恒 into 薛永恆; keying by the Simplified form makes both one key
    assert to_simplified("薛永恆") == to_simplified("薛永恒") == "薛永恒"


@pytest.mark.parametrize(
    ("jyutping", "hk"),
    [("ban", "pan"), ("zyun", "chuen"), ("jyun", "yuen"), ("gwok", "kwok"), ("zoeng", "cheung"), ("ji", "yi"),
     ("seoi", "sui"), ("cyu", "chue"), ("hm", "hm"), ("m", "m"), ("xyz", None)],
)  # fmt: skip
def test_jyutping_to_hk(jyutping: str, hk: str | None) -> None:
    from ingest.names.romanise import jyutping_to_hk

    assert jyutping_to_hk(jyutping) == hk


def test_hong_kong_variant_forms_simplify() -> None:
    assert to_simplified("曾國衞") == "曾国卫"  # t2s alone leaves the HK form 衞
    assert to_simplified("醫務衞生局") == to_simplified("醫務衛生局") == "医务卫生局"
    assert to_simplified("抬頭") == "抬头"  # a Simplified character stays as it is
