"""Suggested merges: an English name and a Chinese name tied only by documents."""

from __future__ import annotations

import datetime as dt

from ingest.names.suggest import suggest_merges

D = dt.date(2024, 3, 1)
ENTITIES = [
    {
        "entity_id": "h:vk",
        "kind": "PERSON",
        "name_en": "Vivian Kwok",
        "name_zh_hans": None,
        "name_zh_hant": None,
    },
    {
        "entity_id": "h:kwh",
        "kind": "PERSON",
        "name_en": None,
        "name_zh_hans": "郭慧雯",
        "name_zh_hant": "郭慧雯",
    },
    {
        "entity_id": "h:kkm",
        "kind": "PERSON",
        "name_en": None,
        "name_zh_hans": "郭家明",
        "name_zh_hant": "郭家明",
    },
    {
        "entity_id": "h:lee",
        "kind": "PERSON",
        "name_en": None,
        "name_zh_hans": "李慧琼",
        "name_zh_hant": "李慧琼",
    },
    {
        "entity_id": "kb:hkstp",
        "kind": "ORG",
        "name_en": "Hong Kong Science Park",
        "name_zh_hans": "香港科学园",
    },
]


def _m(doc: str, *ids: str) -> list[dict]:
    return [{"doc_id": doc, "entity_id": i} for i in ids]


def test_same_day_documents_in_two_languages_naming_the_same_others() -> None:
    mentions = _m("en", "h:vk", "kb:hkstp", "h:lee") + _m("zh", "h:kwh", "kb:hkstp") + _m("zh2", "h:kkm")
    docs = [
        {"doc_id": "en", "lang": "en", "published_on": D, "title": "Visit"},
        {"doc_id": "zh", "lang": "zh-Hant", "published_on": D, "title": "參觀"},
        {"doc_id": "zh2", "lang": "zh-Hans", "published_on": D, "title": "其他"},
    ]
    got = suggest_merges(ENTITIES, mentions, docs)
    assert [(s.latin_id, s.chinese_id) for s in got] == [("h:vk", "h:kwh")]  # 郭家明 shares no other entity
    s = got[0]
    assert s.parallel == 1 and "Hong Kong Science Park" in s.evidence[0]
    assert s.alias_rows() == [
        {"entity_id": "vivian-kwok", "alias": "Vivian Kwok", "scheme": "english", "kind": "PERSON"},
        {"entity_id": "vivian-kwok", "alias": "郭慧雯", "scheme": "zh", "kind": "PERSON"},
    ]


def test_no_suggestion_across_days_or_within_one_language_or_surnames() -> None:
    docs = [
        {"doc_id": "en", "lang": "en", "published_on": D, "title": "a"},
        {"doc_id": "zh", "lang": "zh-Hant", "published_on": D + dt.timedelta(days=3), "title": "b"},
        {"doc_id": "en2", "lang": "en", "published_on": D, "title": "c"},
    ]
    mentions = _m("en", "h:vk", "kb:hkstp") + _m("zh", "h:kwh", "kb:hkstp") + _m("en2", "h:lee", "kb:hkstp")
    assert suggest_merges(ENTITIES, mentions, docs) == []


def test_a_document_naming_both_is_the_strongest_evidence() -> None:
    docs = [{"doc_id": "bi", "lang": "mixed", "published_on": None, "title": "bilingual"}]
    got = suggest_merges(ENTITIES, _m("bi", "h:vk", "h:kwh"), docs)
    assert [(s.latin_id, s.chinese_id, s.same_doc) for s in got] == [("h:vk", "h:kwh", 1)]


def test_a_kb_person_gets_the_english_name_as_an_alias() -> None:
    ents = [*ENTITIES[:1], {**ENTITIES[1], "entity_id": "kb:kwok"}]
    got = suggest_merges(ents, _m("bi", "h:vk", "kb:kwok"), [{"doc_id": "bi", "lang": "en"}])
    assert got[0].alias_rows() == [
        {"entity_id": "kwok", "alias": "Vivian Kwok", "scheme": "english", "kind": "PERSON"}
    ]


def test_one_syllable_spelt_otherwise_is_suggested_with_what_differs() -> None:
    ents = [
        {"entity_id": "h:a", "kind": "PERSON", "name_en": "Andrew LEUNG Kwan-yuen", "name_zh_hans": None},
        {
            "entity_id": "h:b",
            "kind": "PERSON",
            "name_en": None,
            "name_zh_hans": "梁君彦",
            "name_zh_hant": "梁君彥",
        },
        {
            "entity_id": "h:c",
            "kind": "PERSON",
            "name_en": None,
            "name_zh_hans": "梁家杰",
            "name_zh_hant": "梁家傑",
        },
    ]
    got = suggest_merges(ents, _m("bi", "h:a", "h:b", "h:c"), [{"doc_id": "bi", "lang": "mixed"}])
    assert [(s.chinese_id, s.names) for s in got] == [("h:b", "one syllable spelt otherwise ('yuen' for 彥)")]
