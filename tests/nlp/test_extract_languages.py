"""Documents of every language go to the right extractor; offsets stay those of the whole text."""

from __future__ import annotations

import pytest

from ingest.nlp import EntityExtractor, UnknownLanguage


def test_extract_mixed_document_runs_each_script(kb_extractor: EntityExtractor) -> None:
    text = "Mrs Carrie Lam met Mr Wang Zhigang in Beijing.\n\n行政長官林鄭月娥與科技部部長王志剛會面。\n"
    mentions = kb_extractor.extract([("m", text, "mixed")])
    for m in mentions:
        assert text[m.start_char : m.end_char] == m.text
    found = {(m.text, m.label) for m in mentions}
    assert {
        ("Carrie Lam", "PERSON"),
        ("Wang Zhigang", "PERSON"),
        ("林鄭月娥", "PERSON"),
        ("王志剛", "PERSON"),
    } <= found


def test_extract_batch_keeps_documents_apart(extractor: EntityExtractor) -> None:
    docs = [
        ("a", "Carrie Lam spoke in Hong Kong.", "en"),
        ("b", "中国科学院院长白春礼教授出席。", "zh-Hans"),
        ("c", "", "und"),
        ("d", "Nicholas Yang visited Shenzhen.", "en"),
    ]
    mentions = extractor.extract(docs)
    by_doc = {d: {m.text for m in mentions if m.doc_id == d} for d, _, _ in docs}
    assert "Carrie Lam" in by_doc["a"] and "白春礼" in by_doc["b"] and by_doc["c"] == set()
    assert "Shenzhen" in by_doc["d"]
    texts = {d: t for d, t, _ in docs}
    assert all(texts[m.doc_id][m.start_char : m.end_char] == m.text for m in mentions)


def test_extract_long_text_is_chunked_with_offsets_kept(extractor: EntityExtractor) -> None:
    from ingest.nlp import NlpConfig

    ext = EntityExtractor(NlpConfig(max_chars=60))
    line = "Carrie Lam met Wang Zhigang in Beijing on Thursday.\n"
    text = line * 5
    mentions = ext.extract([("x", text, "en")])
    assert sum(m.text == "Carrie Lam" for m in mentions) == 5
    assert all(text[m.start_char : m.end_char] == m.text for m in mentions)


def test_extract_unknown_language_says_what_to_pass(extractor: EntityExtractor) -> None:
    with pytest.raises(UnknownLanguage, match="expected one of"):
        extractor.extract([("x", "text", "fr")])
