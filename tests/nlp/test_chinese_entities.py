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
    assert sources["林鄭月娥"] == "rule:zh_title"
    assert sources["中國科學院"].startswith(("rule:zh_org_suffix", "jieba:nt"))
    assert sources["香港"] == "jieba:ns"


def test_zh_kb_words_segment_whole_and_win(kb_extractor: EntityExtractor) -> None:
    # no title in front: only the knowledge base makes 薛永恒 one word (jieba alone cuts 薛 | 永恒)
    text = "薛永恒今日出席論壇。"
    mentions = kb_extractor.extract([("d", text, "zh-Hant")])
    assert [(m.text, m.label, m.source) for m in mentions if m.label == "PERSON"] == [
        ("薛永恒", "PERSON", "kb_dict")
    ]


@pytest.mark.xfail(
    strict=True, reason="a name jieba does not know, with no title and no KB entry, is cut apart"
)
def test_zh_unknown_name_without_title_gap(extractor: EntityExtractor) -> None:
    text = "薛永恒今日出席論壇。"
    assert ("薛永恒", "PERSON") in {(m.text, m.label) for m in extractor.extract([("d", text, "zh-Hant")])}


def test_zh_kb_does_not_leak_between_extractors(
    kb_extractor: EntityExtractor, extractor: EntityExtractor
) -> None:
    kb_extractor.extract([("d", "薛永恒今日出席論壇。", "zh-Hant")])
    plain = extractor.extract([("d", "薛永恒今日出席論壇。", "zh-Hant")])
    assert "kb_dict" not in {m.source for m in plain}


def test_zh_name_found_once_is_found_again_in_the_document(extractor: EntityExtractor) -> None:
    text = "創新科技及工業局局長薛永恒今日出席論壇。會後薛永恒表示，合作成果豐碩。"
    people = [
        (m.start_char, m.text, m.source)
        for m in extractor.extract([("d", text, "zh-Hant")])
        if m.label == "PERSON"
    ]
    assert people == [(10, "薛永恒", "rule:zh_title"), (22, "薛永恒", "rule:zh_in_doc")]


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
