"""A KB person's Latin names in one scheme never veto a correct spelling in another."""

import pytest

from ingest.names import compare_names, load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Yang Weixiong",
            "Nicholas W Yang",
        ),  # pinyin (machine translation) vs the KB's Wade-Giles given name
        ("Yang Weixiong", "楊偉雄"),
        ("Chen Maobo", "Paul Chan"),  # pinyin vs HK romanisation 'Mo-po'
        ("Chen Maobo", "陳茂波"),
        ("Xue Yongheng", "Alfred Sit"),
    ],
)
def test_compare_kb_pinyin_of_the_characters_is_the_same_person(kb, a, b):
    assert compare_names(a, b, kb).same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Paul Chan Ka-wai", "Paul Chan"),  # same English name, other given name: another man
        ("Chen Guoji", "Paul Chan"),  # pinyin of 陳國基, a different KB person
        ("Yang Weiming", "Nicholas W Yang"),
    ],
)
def test_compare_kb_other_characters_still_conflict(kb, a, b):
    assert not compare_names(a, b, kb).same
