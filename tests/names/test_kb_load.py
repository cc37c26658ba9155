"""The shipped KB validates; user alias files extend it; bad rows name file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.names import AliasFileError, KnowledgeBase, load_kb
from ingest.names.kb import alias_key


def test_shipped_kb_has_the_core_entities(kb: KnowledgeBase) -> None:
    for alias, eid in [
        ("林鄭月娥", "carrie-lam"),
        ("Carrie Lam", "carrie-lam"),
        ("薛永恒", "alfred-sit"),
        ("科技部", "most"),
        ("科學技術部", "most"),
        ("MOST", "most"),
        ("Innovation and Technology Agency", "itc"),
        ("Bureau of Innovation and Technology", "itb"),
        ("創新科技及工業局", "itib"),
        ("中國科學院", "cas"),
    ]:
        assert [e.id for e in kb.lookup(alias)] == [eid], alias


def test_ruler_entries_cover_both_scripts(kb: KnowledgeBase) -> None:
    entries = dict(kb.ruler_entries())
    assert entries["林鄭月娥"] == "PERSON" and entries["Carrie Lam"] == "PERSON"
    assert entries["Xue Yongheng"] == "PERSON"  # generated pinyin of a KB person
    assert entries["科技部"] == "ORG" and entries["Ministry of Science and Technology"] == "ORG"
    assert entries["香港"] == "GPE"
    assert kb.ruler_entries() == sorted(set(kb.ruler_entries()))


def test_latin_name_tokens_include_hyphenated_givens(kb: KnowledgeBase) -> None:
    toks = kb.latin_name_tokens()
    assert {"Yuet-ngor", "Wing-hang", "Carrie", "Sit"} <= toks
    assert "Mrs" not in toks


@pytest.mark.parametrize(
    ("title", "day", "who"),
    [
        ("Secretary for Innovation and Technology", dt.date(2021, 3, 1), ["alfred-sit"]),
        ("Secretary for Innovation and Technology", dt.date(2018, 9, 20), ["nicholas-yang"]),
        ("Secretary for Innovation and Technology", dt.date(2023, 1, 1), []),
        ("Chief Executive", dt.date(2019, 1, 1), ["carrie-lam"]),
        ("Chief Executive", dt.date(2022, 7, 1), ["john-lee"]),
        ("Minister of Science and Technology", dt.date(2019, 6, 1), ["wang-zhigang"]),
        ("行政長官", dt.date(2020, 1, 1), ["carrie-lam"]),
        ("行政长官", dt.date(2020, 1, 1), ["carrie-lam"]),
        ("特首", dt.date(2023, 1, 1), ["john-lee"]),
        ("secretary for  innovation and technology", dt.date(2016, 1, 1), ["nicholas-yang"]),
        ("Secretary for Food and Health", dt.date(2019, 1, 1), ["sophia-chan"]),
        ("醫務衞生局局長", dt.date(2023, 1, 1), ["lo-chung-mau"]),  # the HK form 衞
        ("醫務衛生局局長", dt.date(2023, 1, 1), ["lo-chung-mau"]),
        ("医务卫生局局长", dt.date(2023, 1, 1), ["lo-chung-mau"]),
        ("Secretary for Home Affairs", dt.date(2021, 1, 1), ["caspar-tsui"]),
        (
            "Director of the Hong Kong and Macao Affairs Office of the State Council",
            dt.date(2021, 1, 1),
            ["xia-baolong"],
        ),
    ],
)
def test_roles_on_a_date(kb: KnowledgeBase, title: str, day: dt.date, who: list[str]) -> None:
    assert [e.id for e in kb.roles_on(title, day)] == who


def test_alias_key_folds_script_case_titles() -> None:
    assert alias_key("Mrs CARRIE  Lam") == alias_key("carrie lam")
    assert alias_key("林鄭月娥") == alias_key("林郑月娥")
    assert alias_key("Ministry of Science & Technology") == alias_key("ministry of science and technology")


def test_csv_alias_file_adds_alias_and_new_entity(tmp_path: Path) -> None:
    f = tmp_path / "aliases.csv"
    f.write_text(
        "entity_id,alias,scheme,kind\ncarrie-lam,CE Lam,english,\nhk-robotics-lab,香港機械人實驗室,zh,ORG\n",
        encoding="utf-8",
    )
    k = load_kb([f])
    assert [e.id for e in k.lookup("CE Lam")] == ["carrie-lam"]
    assert [e.id for e in k.lookup("香港機械人實驗室")] == ["hk-robotics-lab"]
    assert k.entities["hk-robotics-lab"].kind == "ORG"


def test_yaml_alias_file(tmp_path: Path) -> None:
    f = tmp_path / "aliases.yaml"
    f.write_text(
        "aliases:\n  - {entity_id: alfred-sit, alias: 'Secretary Sit', scheme: english}\n"
        "entities:\n  - id: new-person\n    kind: PERSON\n    name_en: Chan Tai-man\n    zh_hant: 陳大文\n",
        encoding="utf-8",
    )
    k = load_kb([f])
    assert [e.id for e in k.lookup("陳大文")] == ["new-person"]
    assert [e.id for e in k.lookup("Secretary Sit")] == ["alfred-sit"]


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        ("bad.csv", "entity_id,alias\ncarrie-lam,Carrie\n,Nobody\n", 3, "must both be given"),
        ("bad2.csv", "entity_id,alias,scheme\ncarrie-lam,Carrie,klingon\n", 2, "scheme"),
        ("bad3.csv", "entity_id,alias,kind\nnot-in-kb,Someone,\n", 2, "give its kind"),
        ("bad4.csv", "name,alias\nx,y\n", 1, "header"),
        (
            "bad.yaml",
            "aliases:\n  - {entity_id: carrie-lam, alias: Carrie}\n  - {entity_id: '', alias: X}\n",
            3,
            "must both be given",
        ),
        ("bad2.yaml", "entities:\n  - id: x\n    kind: WIDGET\n", 2, "kind"),
        ("bad3.yaml", "aliases: [unclosed\n", 2, "not valid YAML"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, name: str, text: str, line: int, words: str) -> None:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    with pytest.raises(AliasFileError) as exc:
        load_kb([f])
    assert exc.value.line == line
    assert str(f) in str(exc.value) and words in str(exc.value)


def test_missing_alias_file(tmp_path: Path) -> None:
    with pytest.raises(AliasFileError, match="not found"):
        load_kb([tmp_path / "nope.csv"])


def test_kb_aliases_with_commas_load_whole():
    """A name with a comma in a YAML flow list must be quoted, or it splits into fragments."""
    from ingest.names import load_kb

    kb = load_kb()
    aliases = {a for a, _ in kb.entities["itib"].all_aliases()}
    assert "Bureau of Innovation, Technology and Industry" in aliases
    assert not any(a == "Technology and Industry" for a, _ in kb.ruler_entries())


@pytest.mark.parametrize("form", ["甯漢豪", "寧漢豪", "宁汉豪", "Bernadette Linn"])
def test_a_name_written_in_several_characters_finds_one_person(kb: KnowledgeBase, form: str) -> None:
    assert [e.id for e in kb.lookup(form)] == ["bernadette-linn"]


def test_principal_officials_of_both_terms_are_in_the_kb(kb: KnowledgeBase) -> None:
    for title, day in (
        ("Secretary for Development", dt.date(2019, 1, 1)),
        ("Secretary for Development", dt.date(2023, 1, 1)),
    ):
        assert len(kb.roles_on(title, day)) == 1, (title, day)


def test_a_role_title_with_a_comma_must_be_quoted(tmp_path: Path) -> None:
    f = tmp_path / "aliases.yaml"
    f.write_text(
        "entities:\n  - id: new-person\n    kind: PERSON\n    name_en: Chan Tai-man\n"
        "    roles:\n      - {title: Secretary for Culture, Sports and Tourism, from: 2022-07-01}\n",
        encoding="utf-8",
    )
    with pytest.raises(AliasFileError, match="quote a title with a comma"):
        load_kb([f])


@pytest.mark.parametrize(
    ("title", "who"),
    [
        ("Secretary for Innovation, Technology and Industry", "sun-dong"),
        ("Secretary for Culture, Sports and Tourism", "kevin-yeung"),
    ],
)
def test_shipped_role_titles_with_commas_are_whole(kb: KnowledgeBase, title: str, who: str) -> None:
    assert [e.id for e in kb.roles_on(title, dt.date(2023, 1, 1))] == [who]


def test_roles_are_in_gold_entities_with_their_dates_as_known(kb: KnowledgeBase) -> None:
    from ingest.names.tables import _kb_rows

    row, _ = _kb_rows(kb.entities["alfred-sit"])
    assert row["roles"] == [
        {
            "title": "Secretary for Innovation and Technology",
            "title_zh": "創新及科技局局長",
            "held_from": dt.date(2020, 4, 22),
            "held_to": dt.date(2022, 6, 30),
            "held_from_given": "2020-04-22",
            "held_to_given": "2022-06-30",
        }
    ]
    tony = _kb_rows(kb.entities["tony-chan-fan-cheong"])[0]["roles"][0]
    assert (tony["held_from"], tony["held_from_given"]) == (dt.date(2009, 1, 1), "2009")


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("香港特别行政区政府创新科技及工业局", "itib"),  # the government written before the bureau
        ("香港創科局", "itb"),
        ("港府創科局", "itb"),
        ("香港創新及科技局", "itb"),
        ("中国科协", "cast"),  # an abbreviation in common use
        ("China Association for Science and Technology", "cast"),
        ("Mainland/HK S&T Co-operation Committee", "mainland-hk-st-committee"),  # '&' is 'and'
    ],
)
def test_kb_lookup_of_organisations_as_written(text: str, entity: str) -> None:
    assert [e.id for e in load_kb().lookup(text)] == [entity]


def test_kb_lookup_keeps_plain_hong_kong_before_what_is_no_government_body() -> None:
    assert load_kb().lookup("香港科技") == []  # 科技 alone is no body: 香港 is not stripped
