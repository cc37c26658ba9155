"""Incremental gold equals gold rebuilt from silver, whatever the arrival order and batch split.

Silver rows are written straight into storage (no NLP), so hypothesis can try many lakes:
each document is a few sentences of our own with the mentions NER would give. The snippets
are chosen to make resolution work across runs: a cluster that first appears in English and
later gains its Chinese name (its key, so its id, changes), names that merge two clusters,
short forms, KB people, acronyms and unresolved names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import gold, gold_state, storage
from ingest.gold import GOLD_TABLES
from ingest.names import load_kb
from ingest.schemas import SILVER_DATES, SILVER_DOCUMENTS, SILVER_MENTIONS

# (sentence, [(mention text, label)]): each mention text occurs in the sentence
SNIPPETS = [
    ("Lawmaker Alan Leong spoke on the bill.", [("Alan Leong", "PERSON")]),
    ("梁家傑議員今日發言。", [("梁家傑", "PERSON")]),
    (
        "Alan Leong Kah-kit (梁家傑) chaired the panel.",
        [("Alan Leong Kah-kit", "PERSON"), ("梁家傑", "PERSON")],
    ),
    ("Mr Leong thanked the members.", [("Mr Leong", "PERSON")]),
    ("Chan Ka-lok met students at Cyberport.", [("Chan Ka-lok", "PERSON"), ("Cyberport", "ORG")]),
    ("陳家洛今日到訪數碼港。", [("陳家洛", "PERSON"), ("數碼港", "ORG")]),
    ("Mr Chan said the plan would help.", [("Mr Chan", "PERSON")]),
    ("Chen Jialuo attended the forum in Shenzhen.", [("Chen Jialuo", "PERSON"), ("Shenzhen", "GPE")]),
    ("Mrs Carrie Lam opened the centre.", [("Mrs Carrie Lam", "PERSON")]),
    (
        "Xue Yongheng visited the Hong Kong Science and Technology Parks Corporation (HKSTPC).",
        [
            ("Xue Yongheng", "PERSON"),
            ("Hong Kong Science and Technology Parks Corporation", "ORG"),
            ("HKSTPC", "ORG"),
        ],
    ),
    ("The HKSTPC said Wong Kam-sing would attend.", [("HKSTPC", "ORG"), ("Wong Kam-sing", "PERSON")]),
    (
        "Ho Wai-man of the Greater Bay Institute spoke.",
        [("Ho Wai-man", "PERSON"), ("Greater Bay Institute", "ORG")],
    ),
    ("何偉文在大灣區研究院發言。", [("何偉文", "PERSON"), ("大灣區研究院", "ORG")]),
    ("He Weiwen wrote the report.", [("He Weiwen", "PERSON")]),
    ("Mr Ho and Ms Ho both attended.", [("Mr Ho", "PERSON"), ("Ms Ho", "PERSON")]),
    ("The Northern Metropolis plan was discussed.", [("Northern Metropolis", "LOC")]),
]

PUBLISHED = dt.date(2023, 5, 10)


def _doc(i: int, picks: list[int]) -> tuple[dict, list[dict], list[dict]]:
    doc_id = hashlib.sha256(f"doc-{i}-{picks}".encode()).hexdigest()
    text, mentions = "", []
    for k in picks:
        sentence, ms = SNIPPETS[k]
        base = len(text)
        for name, label in ms:
            start = base + sentence.index(name)
            mentions.append(
                dict(
                    doc_id=doc_id,
                    start_char=start,
                    end_char=start + len(name),
                    text=name,
                    label=label,
                    source="test",
                    run_id="r",
                )
            )
        text += sentence + " "
    zh = any("\u4e00" <= c <= "\u9fff" for c in text)
    row = {f.name: None for f in SILVER_DOCUMENTS.schema}
    row.update(
        doc_id=doc_id,
        source_path=f"a{i}.txt",
        lang="zh-Hant" if zh else "en",
        text_clean=text,
        n_chars=len(text),
        pipeline_version="test",
        run_id="r",
        published_on=PUBLISHED,
        title=f"Doc {i}",
        story_id=doc_id[:8],
    )
    dates = [
        dict(
            doc_id=doc_id,
            start_char=0,
            end_char=1,
            text=text[0],
            timex_type="DATE",
            value=f"2023-05-{(i % 27) + 1:02d}",
            mod="",
            granularity="day",
            anchor=None,
            resolution=None,
        )
    ]
    return row, mentions, dates


def _write_silver(data: Path, docs: list[tuple[dict, list[dict], list[dict]]], batch: str) -> None:
    name = f"part-{batch}.parquet"
    storage.write_part(data, SILVER_DOCUMENTS, [d for d, _, _ in docs], name)
    storage.write_part(data, SILVER_MENTIONS, [m for _, ms, _ in docs for m in ms], name)
    storage.write_part(data, SILVER_DATES, [x for _, _, ds in docs for x in ds], name)


def _gold_rows(data: Path) -> dict[str, list]:
    out = {}
    for t in GOLD_TABLES:
        rows = storage.read_table(data, t).to_pylist()
        out[t.path] = sorted(repr(sorted(r.items())) for r in rows)
    return out


@pytest.fixture(scope="module")
def kb():
    return load_kb()


lakes = st.lists(st.lists(st.integers(0, len(SNIPPETS) - 1), min_size=1, max_size=4), min_size=2, max_size=9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lake=lakes,
    cuts=st.lists(st.integers(1, 8), max_size=4),
    cold=st.booleans(),
    journal_min=st.integers(0, 4),
    data=st.data(),
)
def test_incremental_gold_equals_a_rebuild(
    tmp_path_factory, kb, monkeypatch, lake, cuts, cold, journal_min, data
) -> None:
    """Any arrival order and batch split gives the gold a rebuild gives; ``cold``: each run in a
    new process (the state loaded from disk, its journal replayed), with snapshots every few
    documents or none."""
    root = tmp_path_factory.mktemp("lake")
    docs = [_doc(i, picks) for i, picks in enumerate(lake)]
    arrival = data.draw(st.permutations(range(len(docs))))
    order: list[str] = []
    monkeypatch.setattr(gold, "current_doc_ids", lambda _data: list(order))
    monkeypatch.setattr(gold_state, "JOURNAL_MIN", journal_min)
    monkeypatch.setattr(gold_state, "JOURNAL_SHARE", 0.5)
    bounds = sorted({c for c in cuts if c < len(docs)}) + [len(docs)]
    start, modes = 0, []
    for n, end in enumerate(bounds):
        batch = [docs[i] for i in arrival[start:end]]
        _write_silver(root, batch, f"b{n}")
        order += [d["doc_id"] for d, _, _ in batch]
        if cold:
            gold_state._kept.clear()
        modes.append(gold.build_gold(root, kb).mode)
        start = end
    assert modes[0] == "rebuild" and set(modes[1:]) <= {"incremental", "rebuild"}
    incremental = _gold_rows(root)
    rebuilt = gold.build_gold(root, kb, rebuild=True)
    assert rebuilt.mode == "rebuild"
    assert _gold_rows(root) == incremental


def test_runs_after_the_first_are_incremental_and_keep_earlier_parts(tmp_path, kb, monkeypatch) -> None:
    docs = [_doc(i, [i % len(SNIPPETS), (i * 7) % len(SNIPPETS)]) for i in range(38)]
    docs += [_doc(100, [15]), _doc(101, [8])]  # a place seen before, a KB person: no id changes
    order: list[str] = []
    monkeypatch.setattr(gold, "current_doc_ids", lambda _data: list(order))
    _write_silver(tmp_path, docs[:38], "b0")
    order += [d["doc_id"] for d, _, _ in docs[:38]]
    first = gold.build_gold(tmp_path, kb)
    doc_tables = (gold.GOLD_MENTIONS, gold.GOLD_DATES, gold.GOLD_DOCUMENTS)
    before = {t.path: {p.name for p in storage.parts(tmp_path, t)} for t in doc_tables}
    _write_silver(tmp_path, docs[38:], "b1")
    order += [d["doc_id"] for d, _, _ in docs[38:]]
    second = gold.build_gold(tmp_path, kb)
    assert (first.mode, second.mode, second.documents) == ("rebuild", "incremental", 2)
    for t in doc_tables:  # earlier documents' rows stay in their parts; the new ones are one new part
        after = {p.name for p in storage.parts(tmp_path, t)}
        assert before[t.path] < after and len(after - before[t.path]) == 1
    again = gold.build_gold(tmp_path, kb)
    assert (again.mode, again.documents, again.rewritten()) == ("incremental", 0, [])


def test_rebuilds_when_a_document_leaves_or_the_kb_changes(tmp_path, kb, monkeypatch) -> None:
    docs = [_doc(i, [i, i + 1]) for i in range(4)]
    order = [d["doc_id"] for d, _, _ in docs]
    monkeypatch.setattr(gold, "current_doc_ids", lambda _data: list(order))
    _write_silver(tmp_path, docs, "b0")
    assert gold.build_gold(tmp_path, kb).mode == "rebuild"
    order.pop(1)  # its file was edited or deleted
    got = gold.build_gold(tmp_path, kb)
    assert got.mode == "rebuild" and "left gold" in got.reason
    assert len(storage.read_table(tmp_path, gold.GOLD_DOCUMENTS)) == 3
    assert "KB" in gold.build_gold(tmp_path, load_kb(include_base=False)).reason


def test_a_damaged_state_or_stale_tables_rebuild(tmp_path, kb, monkeypatch) -> None:
    docs = [_doc(i, [i]) for i in range(3)]
    order = [d["doc_id"] for d, _, _ in docs]
    monkeypatch.setattr(gold, "current_doc_ids", lambda _data: list(order))
    _write_silver(tmp_path, docs, "b0")
    gold.build_gold(tmp_path, kb)
    before = _gold_rows(tmp_path)
    gold_state.state_path(tmp_path).write_bytes(b"not a pickle")
    got = gold.build_gold(tmp_path, kb)
    assert got.mode == "rebuild" and "unreadable" in got.reason and _gold_rows(tmp_path) == before
    # a run that switched gold tables but died before saving the state
    storage.edit_tables(
        tmp_path,
        [
            gold.keyed.Edit(
                gold.GOLD_MENTIONS, pa.Table.from_pylist([], schema=gold.GOLD_MENTIONS.schema), fresh=True
            )
        ],
    )
    got = gold.build_gold(tmp_path, kb)
    assert (
        got.mode == "rebuild"
        and "stopped while writing gold" in got.reason
        and _gold_rows(tmp_path) == before
    )


def test_a_gold_table_of_an_older_schema_rebuilds_to_the_declared_one(tmp_path, kb, monkeypatch) -> None:
    docs = [_doc(i, [8, i]) for i in range(3)]  # Carrie Lam: a KB person with offices
    order = [d["doc_id"] for d, _, _ in docs]
    monkeypatch.setattr(gold, "current_doc_ids", lambda _data: list(order))
    _write_silver(tmp_path, docs, "b0")
    gold.build_gold(tmp_path, kb)
    before = _gold_rows(tmp_path)
    # gold/entities as an older version wrote it: office dates as strings
    rows = storage.read_table(tmp_path, gold.GOLD_ENTITIES)
    old_roles = pa.list_(
        pa.struct([("title", pa.string()), ("title_zh", pa.string()), ("held_from", pa.string())])
    )
    old = rows.set_column(
        rows.schema.get_field_index("roles"),
        pa.field("roles", old_roles),
        pa.array(
            [
                [
                    {"title": r["title"], "title_zh": r["title_zh"], "held_from": r["held_from_given"]}
                    for r in rs
                ]
                for rs in rows.column("roles").to_pylist()
            ],
            old_roles,
        ),
    )
    storage.versions.build_version(tmp_path, gold.GOLD_ENTITIES, [], [("part-", old)])
    assert storage.schema_changed(tmp_path, gold.GOLD_ENTITIES)
    got = gold.build_gold(tmp_path, kb)
    assert got.mode == "rebuild" and "columns of gold/entities changed" in got.reason
    assert not storage.schema_changed(tmp_path, gold.GOLD_ENTITIES)
    assert _gold_rows(tmp_path) == before
    roles = [
        r for rs in storage.read_table(tmp_path, gold.GOLD_ENTITIES).column("roles").to_pylist() for r in rs
    ]
    assert any(isinstance(r["held_from"], dt.date) for r in roles)


def test_a_cold_run_replays_the_journal_and_a_stray_journal_is_ignored(tmp_path, kb, monkeypatch) -> None:
    docs = [_doc(i, [i % len(SNIPPETS)]) for i in range(30)]
    order: list[str] = []
    monkeypatch.setattr(gold, "current_doc_ids", lambda _data: list(order))
    _write_silver(tmp_path, docs[:20], "b0")
    order += [d["doc_id"] for d, _, _ in docs[:20]]
    assert gold.build_gold(tmp_path, kb).state == "snapshot"
    _write_silver(tmp_path, docs[20:22], "b1")
    order += [d["doc_id"] for d, _, _ in docs[20:22]]
    run = gold.build_gold(tmp_path, kb)
    assert (run.mode, run.state) == ("incremental", "journal")
    snapshot = gold_state.state_path(tmp_path).read_bytes()
    journal = json.loads(gold_state.journal_path(tmp_path).read_text())
    assert journal["docs"] == order[20:22]
    gold_state._kept.clear()  # a new process: the snapshot, then the journal's two documents again
    state, why = gold_state.load(tmp_path)
    assert why == "" and state.replay == order[20:22] and state.docs == order
    gold_state._kept.clear()
    _write_silver(tmp_path, docs[22:], "b2")
    order += [d["doc_id"] for d, _, _ in docs[22:]]
    assert gold.build_gold(tmp_path, kb).mode == "incremental"
    after = _gold_rows(tmp_path)
    assert gold.build_gold(tmp_path, kb, rebuild=True).mode == "rebuild" and _gold_rows(tmp_path) == after
    # a run killed after writing a new snapshot, before its journal: the old journal names the
    # old snapshot, so it is ignored, and the new snapshot's table versions decide
    gold_state._kept.clear()
    gold_state.state_path(tmp_path).write_bytes(snapshot)
    state, _ = gold_state.load(tmp_path)
    assert state.replay == [] and state.docs == order[:20]
    got = gold.build_gold(tmp_path, kb)
    assert got.mode == "rebuild" and "stopped while writing gold" in got.reason
