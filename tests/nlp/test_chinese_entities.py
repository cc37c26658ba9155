"""Chinese entities in both scripts, with offsets exact in the script of the input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.nlp import EntityExtractor

CASES = json.loads((Path(__file__).parent / "cases" / "zh_entities.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_zh_entities_found_with_exact_offsets(extractor: EntityExtractor, case: dict) -> None:
    text = case["input"]
    mentions = extractor.extract([("d", text, case["lang"])])
    for m in mentions:
        assert text[m.start_char : m.end_char] == m.text
    found = {(m.text, m.label) for m in mentions}
    for name, label in case["expected"]:
        assert (name, label) in found, f"{name}/{label} not in {sorted(found)}"
    for wrong in case.get("absent", []):
        assert wrong not in {m.text for m in mentions}
    for name, label in case.get("absent_pairs", []):
        assert (name, label) not in found


def test_zh_offsets_point_into_traditional_original(extractor: EntityExtractor) -> None:
    text = "據報道，創新科技署署長與楊偉雄會面。"
    [org] = [m for m in extractor.extract([("d", text, "zh-Hant")]) if m.label == "ORG"]
    assert (org.start_char, org.end_char, org.text) == (4, 9, "創新科技署")


def test_zh_sources_name_the_extractor(extractor: EntityExtractor) -> None:
    text = "行政長官林鄭月娥與中國科學院院長白春禮在香港會面。"
    sources = {m.text: m.source for m in extractor.extract([("d", text, "zh-Hant")])}
    assert sources["林鄭月娥"] == "model:lac"  # LAC cut 官林 | 鄭月娥; the surname came back
    assert sources["中國科學院"] == "model:lac"
    assert sources["白春禮"] == "rule:zh_title"  # the title rule and the model agree; the rule wins the tie
    assert sources["香港"] == "model:lac"


def test_zh_kb_words_segment_whole_and_win(kb_extractor: EntityExtractor) -> None:
    # no title in front: only the knowledge base makes 薛永恒 one word (jieba alone cuts 薛 | 永恒)
    text = "薛永恒今日出席論壇。"
    mentions = kb_extractor.extract([("d", text, "zh-Hant")])
    assert [(m.text, m.label, m.source) for m in mentions if m.label == "PERSON"] == [
        ("薛永恒", "PERSON", "kb_dict")
    ]


def test_zh_name_without_title_or_kb_entry_comes_from_the_model(extractor: EntityExtractor) -> None:
    text = "薛永恒今日出席論壇。"  # jieba's POS tags cut 薛 | 永恒 here; LAC does not
    people = [(m.text, m.source) for m in extractor.extract([("d", text, "zh-Hant")]) if m.label == "PERSON"]
    assert people == [("薛永恒", "model:lac")]


def test_zh_kb_does_not_leak_between_extractors(
    kb_extractor: EntityExtractor, extractor: EntityExtractor
) -> None:
    kb_extractor.extract([("d", "薛永恒今日出席論壇。", "zh-Hant")])
    plain = extractor.extract([("d", "薛永恒今日出席論壇。", "zh-Hant")])
    assert "kb_dict" not in {m.source for m in plain}


@pytest.mark.parametrize(
    ("text", "spans", "bounds", "expected"),
    [
        # 薛永恒 found through its title at 10; the bare mention at 20 is the same person
        ("创新科技及工业局局长薛永恒今日出席。会后薛永恒表示。", [(10, 13, "PERSON", "rule:zh_title")],
         {0, 10, 13, 18, 20, 23, 25, 26}, [(20, 23, "PERSON", "rule:zh_in_doc")]),
        # 王军 inside 王 | 军队 does not start and end on word boundaries
        ("王军说，王军队伍壮大。", [(0, 2, "PERSON", "model:lac")], {0, 2, 3, 4, 5, 7}, []),
        # one-character names are not repeated
        ("江说，江", [(0, 1, "PERSON", "model:lac")], {0, 1, 2, 3, 4}, []),
    ],
)  # fmt: skip
def test_zh_repeats_find_a_name_again_on_word_boundaries(text, spans, bounds, expected) -> None:
    from ingest.nlp.chinese import repeats

    assert repeats(text, spans, bounds) == expected


def test_zh_repeated_name_is_found_at_both_places(extractor: EntityExtractor) -> None:
    text = "創新科技及工業局局長薛永恒今日出席論壇。會後薛永恒表示，合作成果豐碩。"
    people = [m.start_char for m in extractor.extract([("d", text, "zh-Hant")]) if m.label == "PERSON"]
    assert people == [10, 22]


@pytest.mark.parametrize(
    ("text", "generic"),
    [
        ("新一屆政府共設十五個決策局，分別負責不同政策範疇。", "決策局"),
        ("國家主席就香港兩院院士來信作出重要指示。", "兩院"),
    ],
)
def test_zh_generic_bureau_words_are_not_organisations(text, generic):
    from ingest.nlp import EntityExtractor

    mentions = EntityExtractor().extract([("d", text, "zh-Hant")])
    assert not [m for m in mentions if m.label == "ORG" and generic in m.text]
