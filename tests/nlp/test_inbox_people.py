"""Chinese people in the bundled samples (examples/inbox): every real name found, nothing else.

The samples are ours; the people named in them are real public figures. A common word or a
cut name taken as a PERSON ('高水平', '馬克' from 馬克龍) fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.clean import clean_document
from ingest.decode import decode_bytes
from ingest.nlp import EntityExtractor

INBOX = Path(__file__).resolve().parents[2] / "examples" / "inbox"
PEOPLE = {
    "zh_hans_gb18030_cas.txt": {
        "习近平",
        "杨伟雄",
        "林郑月娥",
        "王志刚",
        "白春礼",
        "聂德权",
        "陈国基",
        "陈茂波",
    },
    "zh_hant_big5_itib.txt": {"孫東", "李家超", "林鄭月娥", "楊偉雄", "王志剛", "白春禮"},
    "zh_hant_ocr_clipping.txt": {"張廣軍", "林鄭月娥", "楊偉雄", "王志剛", "薛永恒"},
    "zh_hant_press_release.txt": {"張廣軍", "張建國", "林鄭月娥", "楊偉雄", "王志剛", "薛永恒"},
}


@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_inbox_chinese_people_are_the_real_ones(extractor: EntityExtractor, name: str) -> None:
    path = INBOX / name
    sidecar = path.with_name(path.name + ".meta.json")
    supplied = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else None
    doc = clean_document(decode_bytes(path.read_bytes()).text, source_path=name, supplied=supplied)
    people = {
        m.text
        for m in extractor.extract([(name, doc.text_clean, doc.lang)])
        if m.label == "PERSON" and any("\u4e00" <= ch <= "\u9fff" for ch in m.text)
    }
    assert people == PEOPLE[name]
