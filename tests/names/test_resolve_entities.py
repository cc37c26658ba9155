"""Gold resolution over our own English, machine-translated and Chinese samples."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import defaultdict

import pytest

from ingest.model import Mention
from ingest.names import DocContext, KnowledgeBase, ResolveConfig, load_kb, resolve, stable_id
from ingest.schemas import GOLD_ENTITIES, GOLD_ENTITY_ALIASES, GOLD_MENTIONS, GOLD_UNRESOLVED

from .conftest import CASES

SAMPLE = json.loads((CASES / "resolve_docs.json").read_text(encoding="utf-8"))


def build(sample: dict = SAMPLE, order: list[str] | None = None):
    docs, mentions = {}, []
    ids = order or [d["id"] for d in sample["docs"]]
    by_id = {d["id"]: d for d in sample["docs"]}
    for i, doc_id in enumerate(ids):
        d = by_id[doc_id]
        pub = dt.date.fromisoformat(d["published_on"]) if d["published_on"] else None
        docs[doc_id] = DocContext(d["lang"], pub, i, d["text"])
        pos = 0
        for text, label in d["mentions"]:
            start = d["text"].index(text, pos)
            mentions.append(Mention(doc_id, start, start + len(text), text, label, "test"))
            pos = start + len(text)
    return mentions, docs


@pytest.fixture(scope="module")
def result():
    mentions, docs = build()
    return resolve(mentions, docs, load_kb())


def _ids_by_text(res) -> dict[str, set]:
    out: dict[str, set] = defaultdict(set)
    for m in res.mentions:
        out[m["text"]].add(m["entity_id"])
    return out


@pytest.mark.parametrize("group", SAMPLE["same_entity"], ids=lambda g: g[0])
def test_forms_resolve_to_one_entity(result, group: list[str]) -> None:
    ids = _ids_by_text(result)
    got = set().union(*(ids[t] for t in group))
    assert len(got) == 1 and None not in got, {t: ids[t] for t in group}


@pytest.mark.parametrize("text", SAMPLE["unresolved"])
def test_short_forms_without_evidence_stay_unresolved_with_candidates(result, text: str) -> None:
    rows = [m for m in result.mentions if m["text"] == text]
    assert rows and all(r["entity_id"] is None and r["method"] == "unresolved" for r in rows)
    assert all(r["candidates"] for r in rows)
    assert {u["name"] for u in result.unresolved} >= {text.split()[-1]}


def test_methods_and_evidence(result) -> None:
    by = {(m["doc_id"], m["text"]): m for m in result.mentions}
    assert by[("en-mt", "Xue Yongheng")]["method"] == "romanisation"
    assert by[("en-release", "Mrs Lam")]["method"] == "in-document"
    assert (
        by[("en-role", "Mr Sit")]["method"] == "kb"
        and "Secretary for Innovation" in by[("en-role", "Mr Sit")]["evidence"]
    )
    assert by[("zh-hans", "许智峰")]["method"] == "key"
    assert by[("en-hk", "Ted Hui Chi-fung")]["method"] == "cross-document"
    assert all(m["evidence"] for m in result.mentions)
    assert all(0.0 <= m["score"] <= 1.0 for m in result.mentions)


def test_rows_have_exactly_the_schema_columns(result) -> None:
    for rows, table in [
        (result.entities, GOLD_ENTITIES),
        (result.aliases, GOLD_ENTITY_ALIASES),
        (result.mentions, GOLD_MENTIONS),
        (result.unresolved, GOLD_UNRESOLVED),
    ]:
        assert rows
        assert all(list(r) == table.schema.names or set(r) == set(table.schema.names) for r in rows)


def test_entity_outside_the_kb_is_keyed_by_simplified_form(result) -> None:
    ent = next(e for e in result.entities if e["name_zh_hans"] == "许智峰")
    assert ent["entity_id"] == stable_id("PERSON", "许智峰")
    assert not ent["in_kb"]
    mine = [m for m in result.mentions if m["entity_id"] == ent["entity_id"]]
    assert len(mine) == 3 and len({m["doc_id"] for m in mine}) == 3
    aliases = {(a["alias"], a["scheme"]) for a in result.aliases if a["entity_id"] == ent["entity_id"]}
    assert ("Hui Chi-fung", "cantonese") in aliases and ("Xu Zhifeng", "pinyin") in aliases


def test_kb_entity_ids_and_aliases(result) -> None:
    ids = {e["entity_id"] for e in result.entities}
    assert {"kb:carrie-lam", "kb:most", "kb:alfred-sit"} <= ids
    al = {(a["alias"], a["scheme"]) for a in result.aliases if a["entity_id"] == "kb:alfred-sit"}
    assert {
        ("薛永恒", "zh_hant"),
        ("Xue Yongheng", "pinyin"),
        ("Sit Wing-hang", "cantonese"),
        ("Xue Yongheng", "observed"),
    } <= al


def test_stable_and_deterministic_across_runs_and_input_order(result) -> None:
    mentions, docs = build()
    again = resolve(list(reversed(mentions)), docs, load_kb())
    assert again == result
    # another ingestion order groups the mentions the same way; a cluster's id is the key of
    # its first name, so ids outside the KB may differ, KB ids never do
    order = [d["id"] for d in reversed(SAMPLE["docs"])]
    m2, d2 = build(order=order)
    other = resolve(m2, d2, load_kb())

    def groups(res):
        by: dict[str, set] = {}
        for m in res.mentions:
            if m["entity_id"]:
                by.setdefault(m["entity_id"], set()).add((m["doc_id"], m["start_char"]))
        return by

    g1, g2 = groups(result), groups(other)
    assert sorted(map(sorted, g1.values())) == sorted(map(sorted, g2.values()))
    assert {k: v for k, v in g1.items() if k.startswith("kb:")} == {
        k: v for k, v in g2.items() if k.startswith("kb:")
    }


def test_without_a_kb_names_still_cluster_across_scripts() -> None:
    mentions, docs = build()
    res = resolve(mentions, docs, KnowledgeBase())
    ids = _ids_by_text(res)
    for group in (
        ["Xue Yongheng", "薛永恒", "Alfred Sit Wing-hang"],
        ["林鄭月娥", "林郑月娥", "Lin Zheng Yue'e"],
        ["Chunli Bai", "白春禮"],
    ):
        got = set().union(*(ids[t] for t in group))
        assert len(got) == 1 and None not in got, group
    assert all(e["entity_id"].startswith("h:") for e in res.entities)


def test_dates_and_labels_are_ignored() -> None:
    mentions, docs = build()
    extra = [Mention("en-mt", 0, 10, "On the 2nd", "DATE", "test")]
    res = resolve(mentions + extra, docs, load_kb())
    assert all(m["label"] != "DATE" for m in res.mentions)


def test_config_is_frozen_and_documented() -> None:
    cfg = ResolveConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.threshold = 0.1  # type: ignore[misc]
    for f in dataclasses.fields(cfg):
        assert f"``{f.name}``" in (ResolveConfig.__doc__ or "")


@pytest.mark.parametrize(
    ("published", "who"), [("2018-09-20", "kb:nicholas-yang"), ("2021-06-01", "kb:alfred-sit"), (None, None)]
)
def test_a_role_alone_resolves_to_its_holder_on_the_date(published: str | None, who: str | None) -> None:
    text = "The Secretary for Innovation and Technology opened the centre."
    pub = dt.date.fromisoformat(published) if published else None
    m = Mention("d", 4, 43, text[4:43], "ORG", "test")
    res = resolve([m], {"d": DocContext("en", pub, 0, text)}, load_kb())
    row = res.mentions[0]
    if who:
        assert row["entity_id"] == who and row["method"] == "kb" and published in row["evidence"]
    else:  # no date, no role evidence: an organisation-like name of its own
        assert not row["entity_id"].startswith("kb:") and row["method"] == "key"


@pytest.mark.parametrize(
    ("text", "label", "linked"),
    [
        ("sci-tech", "ORG", False),
        ("Office of", "ORG", False),
        ("world’s", "ORG", False),
        ("of Science", "ORG", False),
        ("University Grants Committee", "ORG", True),
        ("科技部", "ORG", True),
        ("Baidu", "ORG", True),
        ("Government", "ORG", False),
        ("the State", "ORG", False),
        ("MoU", "ORG", False),
        ("State Council", "ORG", True),
    ],
)
def test_spans_that_are_no_names_make_no_entities(text: str, label: str, linked: bool) -> None:
    body = f"A sentence about {text} here."
    start = body.index(text)
    m = Mention("d", start, start + len(text), text, label, "test")
    res = resolve([m], {"d": DocContext("en", None, 0, body)}, KnowledgeBase())
    row = res.mentions[0]
    assert (row["entity_id"] is not None) is linked
    if not linked:
        assert row["method"] == "unresolved" and row["evidence"]
        assert res.unresolved == []  # not offered for curation either


def test_full_name_conflicting_with_a_kb_person_is_not_linked_to_it() -> None:
    text = "Paul Chan Ka-wai, a student, met reporters."
    m = Mention("d", 0, 16, "Paul Chan Ka-wai", "PERSON", "test")
    res = resolve([m], {"d": DocContext("en", None, 0, text)}, load_kb())
    assert res.mentions[0]["entity_id"] != "kb:paul-chan"


def test_short_forms_are_not_recorded_as_aliases(result) -> None:
    observed = {(a["entity_id"], a["alias"]) for a in result.aliases if a["scheme"] == "observed"}
    assert ("kb:carrie-lam", "Lin Zheng Yue'e") in observed
    assert ("kb:carrie-lam", "Lam") not in observed and ("kb:alfred-sit", "Sit") not in observed


def _sample(*docs: tuple[str, str, str, list[str]]) -> dict:
    return {
        "docs": [
            {
                "id": i,
                "lang": lang,
                "published_on": "2024-03-01",
                "text": t,
                "mentions": [[x, "PERSON"] for x in ms],
            }
            for i, lang, t, ms in docs
        ]
    }


APPOSITION = _sample(
    ("zh-1", "zh-Hant", "議員郭慧雯今日到訪科學園。郭家明教授亦有出席。", ["郭慧雯", "郭家明"]),
    ("en-1", "en", "Legislator Vivian Kwok (郭慧雯) visited the Science Park.", ["Vivian Kwok"]),
    (
        "en-2",
        "en",
        "Vivian Kwok asked about funding. KWOK Wai-man spoke later.",
        ["Vivian Kwok", "KWOK Wai-man"],
    ),
    ("zh-2", "zh-Hans", "郭家明（Kelvin Kwok）表示支持。", ["郭家明"]),
    ("en-3", "en", "Professor Kelvin Kwok welcomed the plan.", ["Kelvin Kwok"]),
)


def test_a_name_in_parentheses_in_the_other_script_bridges_an_english_name() -> None:
    mentions, docs = build(APPOSITION)
    res = resolve(mentions, docs, KnowledgeBase())
    ids = _ids_by_text(res)
    vivian = set().union(*(ids[t] for t in ("郭慧雯", "Vivian Kwok", "KWOK Wai-man")))
    kelvin = set().union(*(ids[t] for t in ("郭家明", "Kelvin Kwok")))
    assert len(vivian) == 1 and None not in vivian
    assert len(kelvin) == 1 and None not in kelvin
    assert vivian != kelvin
    row = next(m for m in res.mentions if m["doc_id"] == "en-1")
    assert "'郭慧雯' in parentheses" in row["evidence"]
    ent = next(e for e in res.entities if e["entity_id"] in vivian)
    assert ent["name_zh_hans"] == "郭慧雯" and ent["name_en"]


def test_a_name_written_only_in_parentheses_is_an_alias_of_the_entity() -> None:
    mentions, docs = build(_sample(("zh", "zh-Hans", "郭家明（Kelvin Kwok）表示支持。", ["郭家明"])))
    res = resolve(mentions, docs, KnowledgeBase())
    (eid,) = {m["entity_id"] for m in res.mentions}
    assert {"郭家明", "Kelvin Kwok"} <= {a["alias"] for a in res.aliases if a["entity_id"] == eid}
    assert next(e for e in res.entities if e["entity_id"] == eid)["name_en"] == "Kelvin Kwok"


def test_without_the_parentheses_an_english_name_shares_only_a_surname() -> None:
    plain = json.loads(
        json.dumps(APPOSITION, ensure_ascii=False).replace(" (郭慧雯)", "").replace("（Kelvin Kwok）", "")
    )
    mentions, docs = build(plain)
    ids = _ids_by_text(resolve(mentions, docs, KnowledgeBase()))
    assert ids["Vivian Kwok"] != ids["郭慧雯"]
    assert ids["Kelvin Kwok"] != ids["郭家明"]


def test_a_parenthesis_with_another_surname_is_no_bridge() -> None:
    s = _sample(
        ("en-1", "en", "Vivian Kwok (李慧琼) spoke.", ["Vivian Kwok"]),
        ("zh-1", "zh-Hant", "李慧琼今日發言。", ["李慧琼"]),
    )
    mentions, docs = build(s)
    ids = _ids_by_text(resolve(mentions, docs, KnowledgeBase()))
    assert ids["Vivian Kwok"] != ids["李慧琼"]


def test_a_name_repeated_across_many_documents_stays_one_entity() -> None:
    docs = tuple(
        (f"d{i}", "en" if i % 2 else "zh-Hant", t, [n])
        for i, (t, n) in enumerate(
            [("Vivian KWOK Wai-man spoke.", "Vivian KWOK Wai-man"), ("郭慧雯發言。", "郭慧雯")] * 40
        )
    )
    mentions, ctx = build(_sample(*docs))
    res = resolve(mentions, ctx, KnowledgeBase())
    assert len({m["entity_id"] for m in res.mentions}) == 1
    assert sum(m["evidence"] == "same name as earlier mentions" for m in res.mentions) == 78


def _one_doc(text: str, names: list[tuple[str, int]]) -> list[dict]:
    """Resolve the PERSON mentions (name, occurrence) of one Traditional Chinese document."""
    ms = []
    for name, k in names:
        i = -1
        for _ in range(k + 1):
            i = text.index(name, i + 1)
        ms.append(Mention("d", i, i + len(name), name, "PERSON", "test"))
    return resolve(ms, {"d": DocContext("zh-Hant", None, 0, text)}, load_kb()).mentions


def test_a_chinese_given_name_alone_after_the_full_name_is_that_person() -> None:
    text = "創新科技署署長尹和俊今日出席論壇。會上和俊表示，科技園將擴展。"
    full, alone = _one_doc(text, [("尹和俊", 0), ("和俊", 1)])
    assert alone["entity_id"] == full["entity_id"] == "kb:yin-hejun"
    assert alone["method"] == "in-document" and "尹和俊" in alone["evidence"]


def test_a_chinese_given_name_before_any_full_name_is_not_linked_to_it() -> None:
    text = "和俊今日出席論壇。創新科技署署長尹和俊其後致辭。"
    alone, full = _one_doc(text, [("和俊", 0), ("尹和俊", 0)])
    assert full["entity_id"] == "kb:yin-hejun" and alone["entity_id"] != "kb:yin-hejun"
