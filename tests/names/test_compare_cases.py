"""Name comparison over data-driven cases, with and without the KB, including hard negatives."""

from __future__ import annotations

import pytest

from ingest.names import BadNameError, KnowledgeBase, compare_names, load_kb

from .conftest import load_cases

NO_KB = [None, KnowledgeBase()]


@pytest.mark.parametrize("kb_choice", ["none", "empty", "shipped"])
@pytest.mark.parametrize("case", load_cases("compare.json"))
def test_compare(case: dict, kb_choice: str, kb: KnowledgeBase) -> None:
    k = {"none": None, "empty": KnowledgeBase(), "shipped": kb}[kb_choice]
    c = compare_names(case["a"], case["b"], k)
    assert c.same is case["same"], c.explanation
    assert c.explanation
    if "verdict" in case:
        assert c.verdict == case["verdict"], c.explanation
    if "max_score" in case and kb_choice != "shipped":
        assert c.score <= case["max_score"]
    if "min_score" in case and kb_choice != "shipped":
        assert c.score >= case["min_score"]


@pytest.mark.parametrize("case", load_cases("compare_kb.json"))
def test_compare_with_kb(case: dict, kb: KnowledgeBase) -> None:
    c = compare_names(case["a"], case["b"], kb)
    assert c.same is case["same"], c.explanation
    if "verdict" in case:
        assert c.verdict == case["verdict"], c.explanation
    if "method" in case:
        assert c.method == case["method"]


@pytest.mark.parametrize("case", load_cases("compare.json"))
def test_compare_is_symmetric(case: dict) -> None:
    assert compare_names(case["a"], case["b"]).same == compare_names(case["b"], case["a"]).same


def test_hui_chi_fung_without_a_kb_entry(kb: KnowledgeBase) -> None:
    assert not kb.lookup("許智峯") and not kb.fuzzy_people(
        __import__("ingest.names.parse", fromlist=["x"]).parse_name("許智峯"), 0.75
    )
    assert compare_names("許智峯", "HUI Chi-fung", kb).same


def test_kb_user_entry_changes_nothing_for_a_correct_pair(tmp_path) -> None:
    f = tmp_path / "aliases.csv"
    f.write_text(
        "entity_id,alias,scheme,kind\nted-hui,許智峯,zh,PERSON\nted-hui,Ted Hui,english,PERSON\n",
        encoding="utf-8",
    )
    k = load_kb([f])
    c = compare_names("Ted Hui", "許智峯", k)
    assert c.same and c.method == "kb"


@pytest.mark.parametrize("bad", ["", "Mr", "  ", "先生", "123"])
def test_bad_input_raises(bad: str) -> None:
    with pytest.raises(BadNameError):
        compare_names(bad, "Carrie Lam")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("曾鈺成", "TSANG Yok-sing"),  # o/u before -k: Yok = Yuk
        ("郭家麒", "KOK Ka-ki"),  # gw- before o: Kok = Kwok
        ("李恒生", "LEE Han-sang"),  # final -ng/-n: Han = Hang
    ],
)
def test_compare_hk_lazy_sound_spellings(a: str, b: str) -> None:
    """Personal spellings that follow Hong Kong Cantonese sound mergers."""
    assert compare_names(a, b).same


@pytest.mark.parametrize(
    ("a", "b"), [("曾鈺成", "TSANG Yuk-man"), ("郭家麒", "KWOK Wing-kin"), ("陳恒鑌", "CHAN Hon-kwan")]
)
def test_compare_hk_lazy_sounds_do_not_merge_other_names(a: str, b: str) -> None:
    assert not compare_names(a, b).same


@pytest.mark.xfail(strict=True, reason="irregular personal spellings no scheme produces (Chee-hwa for 建華)")
@pytest.mark.parametrize(("a", "b"), [("董建華", "Tung Chee-hwa")])
def test_known_gap_irregular_spellings(a: str, b: str) -> None:
    assert compare_names(a, b).same


@pytest.mark.xfail(
    strict=True,
    reason="Macau spellings are read against characters only: two romanised names, one Macau and "
    "one HK or pinyin, are not bridged (a Macau reverse index would bridge its short spellings, "
    "I, U, Un, to unrelated syllables)",
)
@pytest.mark.parametrize(
    ("a", "b"), [("LEONG KENG IEONG", "LEUNG King-yeung"), ("VONG VAI MENG", "Wong Wai-ming")]
)
def test_known_gap_macau_against_another_romanisation(a: str, b: str) -> None:
    assert compare_names(a, b).same


@pytest.mark.parametrize(("a", "b"), [("邵逸夫", "Run Run Shaw"), ("蒙嘉慧", "Yoyo Mung")])
def test_a_repeated_syllable_is_a_nickname_not_a_conflicting_given_name(a: str, b: str) -> None:
    c = compare_names(a, b)
    assert not c.same and c.verdict == "possible", c.explanation


def test_a_repeated_chinese_given_name_is_still_spelt() -> None:
    assert compare_names("王莉莉", "Lili Wang").same
    assert compare_names("王麗華", "Lili Wang").verdict == "possible"


@pytest.mark.parametrize(("a", "b"), [("Ekin Cheng", "鄭伊健"), ("Faye Wong", "王菲")])
def test_english_given_names_are_only_compatible(a: str, b: str) -> None:
    c = compare_names(a, b)
    assert not c.same and c.method == "surname", c.explanation


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        ("黃錦星", "KS Wong", "possible"),  # initials written together: at least 'possible'
        ("黃錦星", "K.S. Wong", "possible"),
        ("梁振英", "CY Leung", "possible"),
        ("黃錦星", "KS Chan", "different"),
        ("吳偉文", "NG Wai-man", "same"),  # capitals that spell a surname stay a word
        ("區家麟", "AU Ka-lun", "same"),
    ],
)
def test_compare_initials_written_together(a: str, b: str, verdict: str) -> None:
    assert compare_names(a, b).verdict == verdict
