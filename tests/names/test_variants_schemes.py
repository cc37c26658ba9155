"""Variants by scheme for Chinese-character and romanised names."""

from __future__ import annotations

import pytest

from ingest.names import compare_names, variants

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("variants.json"))
def test_variants_contain(case: dict) -> None:
    got = variants(case["input"])[case["scheme"]]
    missing = [e for e in case["expected"] if e not in got]
    assert not missing, f"missing {missing} in {got}"


@pytest.mark.parametrize("name", ["薛永恒", "林鄭月娥", "白春禮", "楊偉雄", "許智峯", "孫東"])
def test_every_full_variant_compares_as_the_same(name: str) -> None:
    for scheme, forms in variants(name).items():
        if scheme in ("short", "jyutping"):
            continue
        for form in forms:
            assert compare_names(name, form).same, (scheme, form)


def test_no_variants_for_a_bare_title() -> None:
    assert variants("Mr") == {}


def test_kb_adds_english_names_and_chinese_variants(kb) -> None:
    v = variants("Alfred Sit", kb)
    assert "Alfred Sit Wing-hang" in v["kb"] and "薛永恒" in v["kb"]
    assert "Xue Yongheng" in v["pinyin"]
    assert "kb" not in variants("Alfred Sit")


@pytest.mark.parametrize(
    ("name", "never"), [("Carrie Lam", "La-m"), ("Carrie Lam", "Mrs Carrie"), ("Chunli Bai", "Mr Chunli")]
)
def test_latin_variants_do_not_mangle(name: str, never: str) -> None:
    assert not any(never in f for f in variants(name)["latin"])
