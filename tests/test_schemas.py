"""Schemas derived from row records (ingest.records) against the columns declared before records.

``tests/schemas/declared_before_records.json`` was captured from the pyarrow declarations that
the records replaced (name, type, nullability and description of every column), so a
derivation that loses a column, a type width, a ``| None`` or a description fails here. A
column added since is added to that file with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pytest

from ingest import runs
from ingest.errors import SchemaMismatchError
from ingest.records import Float32, Int32, col, record, schema_of, to_arrow
from ingest.schemas import ALL_TABLES, GOLD_DATES, GOLD_ENTITIES, GOLD_MENTIONS, SILVER_DATES, SILVER_FIXES

BEFORE = json.loads((Path(__file__).parent / "schemas" / "declared_before_records.json").read_text("utf-8"))


def _columns(schema: pa.Schema, descriptions: bool = True) -> list[list]:
    return [
        [f.name, str(f.type), f.nullable]
        + ([(f.metadata or {}).get(b"description", b"").decode()] if descriptions else [])
        for f in schema
    ]


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.path)
def test_schemas_record_derives_the_declared_columns(table):
    before = BEFORE[table.path]
    assert _columns(table.schema) == before["fields"]
    assert (list(table.key), table.mode, table.group) == (before["key"], before["mode"], before["group"])
    assert set(table.key) <= set(table.schema.names)


def test_schemas_runs_record_derives_the_runs_columns():
    """The runs table had no descriptions; its types and nullability are as before."""
    assert _columns(runs.SCHEMA, descriptions=False) == [f[:3] for f in BEFORE["runs"]["fields"]]
    assert all(f.metadata[b"description"] for f in runs.SCHEMA)


def test_schemas_every_table_is_listed_once_in_declaration_order():
    assert [t.path for t in ALL_TABLES] == [p for p in BEFORE if p != "runs"]


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.path)
def test_schemas_records_are_frozen_slotted_and_keyword_only(table):
    params = dataclasses.fields(table.record)
    assert table.record.__dataclass_params__.frozen
    assert "__slots__" in vars(table.record)
    assert all(f.kw_only for f in params)


def test_schemas_shared_columns_come_from_one_record():
    """The span is declared once for mentions and dates; gold/dates adds the range to silver's."""
    span = ["doc_id", "start_char", "end_char", "text"]
    assert GOLD_MENTIONS.schema.names[:4] == span == SILVER_DATES.schema.names[:4]
    assert GOLD_DATES.schema.names == SILVER_DATES.schema.names + ["begin", "end"]


@pytest.mark.parametrize(
    "row",
    [
        dict(
            doc_id="d1", seq=0, rule="nbsp", count=2, example_before="a\xa0b", example_after="a b", run_id="r"
        ),
        dict(doc_id="d1", seq=1, rule="nfkc", count=1, example_before=None, example_after=None, run_id="r"),
    ],
)
def test_schemas_to_arrow_of_records_equals_the_dict_path(row):
    from ingest import storage

    rec = SILVER_FIXES.to_arrow([SILVER_FIXES.record(**row)])
    assert rec.equals(storage.to_arrow(SILVER_FIXES, [row]))
    assert rec.schema.equals(SILVER_FIXES.schema, check_metadata=True)
    assert storage.to_arrow(SILVER_FIXES, [SILVER_FIXES.record(**row)]).equals(rec)


def test_schemas_to_arrow_nested_record_is_a_struct():
    """gold/entities.roles is a list of GoldRole records, an Arrow list of structs."""
    from ingest.schemas import GoldEntity, GoldRole

    e = GoldEntity(
        entity_id="kb:Q1",
        kind="PERSON",
        name_en="John Lee",
        name_zh_hant="李家超",
        name_zh_hans="李家超",
        name_pinyin="Li Jiachao",
        name_cantonese="Lee Ka-chiu",
        in_kb=True,
        roles=[
            GoldRole(
                title="Chief Executive",
                title_zh="行政長官",
                held_from=dt.date(2022, 7, 1),
                held_to=None,
                held_from_given="2022-07-01",
                held_to_given=None,
            )
        ],
    )
    t = GOLD_ENTITIES.to_arrow([e])
    assert t.column("roles").to_pylist() == [
        [
            {
                "title": "Chief Executive",
                "title_zh": "行政長官",
                "held_from": dt.date(2022, 7, 1),
                "held_to": None,
                "held_from_given": "2022-07-01",
                "held_to_given": None,
            }
        ]
    ]


@record
class _Probe:
    name: str = col("a required string")
    n: Int32 = col("a 32-bit count")
    score: Float32 | None = col("optional")
    when: dt.datetime | None = col("a UTC time")


@pytest.mark.parametrize(
    "rows, message",
    [
        ([_Probe(name=None, n=1, score=None, when=None)], "_Probe.name is required but 1 row"),
        ([_Probe(name="a", n="x", score=None, when=None)], "_Probe.n:"),
        ([_Probe(name="a", n=2**40, score=None, when=None)], "_Probe.n:"),
    ],
)
def test_records_to_arrow_refuses_values_that_do_not_fit(rows, message):
    with pytest.raises(SchemaMismatchError, match=message):
        to_arrow(_Probe, rows)


def test_records_to_arrow_refuses_another_tables_record():
    fix = SILVER_FIXES.record(
        doc_id="d", seq=0, rule="r", count=1, example_before="", example_after="", run_id="r"
    )
    with pytest.raises(SchemaMismatchError, match="got a SilverFix row among _Probe rows"):
        to_arrow(_Probe, [_Probe(name="a", n=1, score=None, when=None), fix])


def test_records_to_arrow_of_nothing_is_the_empty_table():
    assert to_arrow(_Probe, []).schema.equals(schema_of(_Probe), check_metadata=True)
    assert to_arrow(_Probe, []).num_rows == 0


@pytest.mark.parametrize("hint", ["int", "float", "dict", "str | int"])
def test_records_schema_of_refuses_types_without_one_arrow_type(hint):
    ns: dict = {}
    exec(f"from ingest.records import record\n@record\nclass Bad:\n    x: {hint}\n", ns)
    with pytest.raises(TypeError, match=r"Bad\.x"):
        schema_of(ns["Bad"])


def test_records_init_keeps_the_dataclass_contract():
    """@record's own __init__ (slots set directly) is still frozen, keyword-only and complete."""
    import copy
    import pickle

    p = _Probe(name="a", n=1, score=0.5, when=None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.name = "b"
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'when'"):
        _Probe(name="a", n=1, score=None)
    with pytest.raises(TypeError):
        _Probe("a", 1, None, None)
    with pytest.raises(TypeError):
        _Probe(name="a", n=1, score=None, when=None, extra=1)
    assert dataclasses.replace(p, n=2) == _Probe(name="a", n=2, score=0.5, when=None)
    assert pickle.loads(pickle.dumps(p)) == p == copy.deepcopy(p)
    assert hash(p) == hash(_Probe(name="a", n=1, score=0.5, when=None))
    g = GOLD_DATES.record(**{n: None for n in GOLD_DATES.schema.names})  # inherited slots are set too
    assert [getattr(g, n) for n in GOLD_DATES.schema.names] == [None] * len(GOLD_DATES.schema)
