"""`ingest names variants|compare` and `ingest entities show`."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from ingest.cli_names import entities_app, names_app
from ingest.model import Mention
from ingest.names import load_kb, resolve
from ingest.schemas import GOLD_ENTITIES, GOLD_ENTITY_ALIASES, GOLD_MENTIONS

from .test_resolve_entities import build

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "code", "same"),
    [
        (["許智峯", "HUI Chi-fung"], 0, True),
        (["--no-kb", "許智峯", "HUI Chi-fung"], 0, True),
        (["陳茂波", "Chan Kwok-ki"], 1, False),
        (["--no-kb", "陳茂波", "Chan Kwok-ki"], 1, False),
        (["Xue Yongheng", "Alfred Sit"], 0, True),
        (["--no-kb", "Xue Yongheng", "Alfred Sit"], 1, False),
    ],
)
def test_compare_exit_status(args: list[str], code: int, same: bool) -> None:
    r = runner.invoke(names_app, ["compare", *args])
    assert r.exit_code == code, r.output
    out = json.loads(r.stdout)
    assert out["same"] is same and out["explanation"] and 0 <= out["score"] <= 1


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        ("郭慧雯", "Vivian Kwok", "possible"),  # an English given name: only the surname can agree
        ("陳茂波", "Chan Kwok-ki", "different"),
        ("郭慧雯", "Kelvin Lee", "different"),
        ("郭慧雯", "KWOK Wai-man", "same"),
    ],
)
def test_compare_verdict_tells_a_possible_match_from_a_different_person(a: str, b: str, verdict: str) -> None:
    r = runner.invoke(names_app, ["compare", "--no-kb", a, b])
    assert json.loads(r.stdout)["verdict"] == verdict
    assert r.exit_code == (0 if verdict == "same" else 1)


def test_hui_has_no_kb_entry() -> None:
    assert not load_kb().lookup("許智峯")


@pytest.mark.parametrize("args", [["Mr", "Lam"], ["only-one"], []])
def test_compare_bad_input(args: list[str]) -> None:
    assert runner.invoke(names_app, ["compare", *args]).exit_code == 2


def test_compare_pairs(tmp_path: Path) -> None:
    f = tmp_path / "pairs.tsv"
    f.write_text("薛永恒\tXue Yongheng\n陳茂波\tChan Kwok-ki\n\nCarrie Lam\tMrs Lam\n", encoding="utf-8")
    r = runner.invoke(names_app, ["compare", "--pairs", str(f)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines()]  # one line out per line in
    assert rows[2] == {"line": 3, "skipped": "an empty line"}
    rows = rows[:2] + rows[3:]
    assert [(x["a"], x["same"]) for x in rows] == [("薛永恒", True), ("陳茂波", False), ("Carrie Lam", False)]
    assert all({"a", "b", "score", "same"} <= set(x) for x in rows)


@pytest.mark.parametrize(
    "raw,why",
    [
        (b"\xff\xfeC\x00a\x00", "not UTF-8"),  # UTF-16
        ("Lee Ka-chiu\tLi Jiachao\n".encode("latin-1") + b"Ch\xe9ung\tZhang\n", "not UTF-8"),
    ],
)
def test_compare_pairs_undecodable_file_is_one_line_exit_2(tmp_path: Path, raw: bytes, why: str) -> None:
    f = tmp_path / "pairs.tsv"
    f.write_bytes(raw)
    r = runner.invoke(names_app, ["compare", "--pairs", str(f)])
    assert r.exit_code == 2 and why in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.output


def test_compare_pairs_bom_and_a_tab_only_line(tmp_path: Path) -> None:
    f = tmp_path / "pairs.tsv"
    f.write_bytes("\ufeff薛永恒\tXue Yongheng\r\n\t\r\n林鄭月娥\tCarrie Lam\r\n".encode())
    r = runner.invoke(names_app, ["compare", "--pairs", str(f)])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(rows) == 3 and rows[0]["a"] == "薛永恒" and rows[0]["same"] is True
    assert rows[1] == {"line": 2, "skipped": "an empty line"} and rows[2]["same"] is True
    assert r.exit_code == 0


def test_compare_pairs_bad_line(tmp_path: Path) -> None:
    f = tmp_path / "pairs.tsv"
    f.write_text("薛永恒\tXue Yongheng\nno tab here\n", encoding="utf-8")
    r = runner.invoke(names_app, ["compare", "--pairs", str(f)])
    assert r.exit_code == 2
    lines = r.stdout.splitlines()
    assert json.loads(lines[0])["same"] is True and json.loads(lines[1])["line"] == 2


def test_compare_pairs_missing_file(tmp_path: Path) -> None:
    assert runner.invoke(names_app, ["compare", "--pairs", str(tmp_path / "none.tsv")]).exit_code == 2


def test_variants_command() -> None:
    r = runner.invoke(names_app, ["variants", "薛永恒"])
    assert r.exit_code == 0
    v = json.loads(r.stdout)["variants"]
    assert "Xue Yongheng" in v["pinyin"] and "Sit Wing-hang" in v["hk"] and "薛永恆" in v["zh_hant"]


def test_help_has_examples() -> None:
    for app, cmd in [
        (names_app, "compare"),
        (names_app, "variants"),
        (entities_app, "show"),
        (entities_app, "suggest"),
    ]:
        r = runner.invoke(app, [cmd, "--help"])
        assert r.exit_code == 0 and "Example" in r.stdout


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    mentions, docs = build()
    res = resolve(mentions, docs, load_kb())
    for table, rows in [
        (GOLD_ENTITIES, res.entities),
        (GOLD_ENTITY_ALIASES, res.aliases),
        (GOLD_MENTIONS, res.mentions),
    ]:
        d = tmp_path / "gold" / table.name
        d.mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), d / "part-0.parquet")
    return tmp_path


@pytest.mark.parametrize("query", ["Lin Zheng Yue'e", "林郑月娥", "kb:carrie-lam", "Lam Cheng Yuet-ngor"])
def test_entities_show(gold_dir: Path, query: str) -> None:
    r = runner.invoke(entities_app, ["show", query, "--data", str(gold_dir)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    ent = out["entities"][0]
    assert ent["entity"]["entity_id"] == "kb:carrie-lam"
    assert "林鄭月娥" in ent["aliases"]["zh_hant"]
    assert {d["doc_id"] for d in ent["documents"]} >= {"en-release", "zh-hant", "zh-hans", "en-mt"}


def test_entities_show_outside_kb(gold_dir: Path) -> None:
    r = runner.invoke(entities_app, ["show", "Hui Chi-fung", "--data", str(gold_dir)])
    out = json.loads(r.stdout)
    assert out["entities"][0]["entity"]["name_zh_hans"] == "许智峰"


def test_entities_show_nothing(gold_dir: Path, tmp_path: Path) -> None:
    assert runner.invoke(entities_app, ["show", "Nobody Atall", "--data", str(gold_dir)]).exit_code == 1
    assert runner.invoke(entities_app, ["show", "x", "--data", str(tmp_path / "empty")]).exit_code == 2


def test_entities_show_a_surname_lists_candidates(gold_dir: Path) -> None:
    r = runner.invoke(entities_app, ["show", "Mrs Lam", "--data", str(gold_dir)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["matched_by"] == "surname only: candidates"
    ids = [e["entity"]["entity_id"] for e in out["entities"]]
    assert ids[0] == "kb:carrie-lam"  # the most mentioned first
    assert all("Lam" in (e["entity"]["name_en"] or "") for e in out["entities"])


def test_entities_suggest_prints_alias_rows_that_close_the_loop(tmp_path: Path) -> None:
    from ingest.schemas import GOLD_DOCUMENTS

    from .test_resolve_entities import _sample

    sample = _sample(
        ("en", "en", "Legislator Vivian Kwok visited the Hong Kong Science Park.", ["Vivian Kwok"]),
        ("zh", "zh-Hant", "立法會議員郭慧雯參觀香港科學園。", ["郭慧雯"]),
    )
    mentions, docs = build(sample)
    for d, where in (("en", "Hong Kong Science Park"), ("zh", "香港科學園")):
        start = docs[d].text_clean.index(where)
        mentions.append(Mention(d, start, start + len(where), where, "LOC", "test"))
    res = resolve(mentions, docs, load_kb())
    documents = [
        {"doc_id": d, "title": d, "published_on": c.published_on, "lang": c.lang, "story_id": d}
        for d, c in docs.items()
    ]
    for table, rows in [
        (GOLD_ENTITIES, res.entities),
        (GOLD_MENTIONS, res.mentions),
        (GOLD_DOCUMENTS, documents),
    ]:
        rows = [{f.name: r.get(f.name) for f in table.schema} for r in rows]
        (tmp_path / "gold" / table.name).mkdir(parents=True)
        pq.write_table(
            pa.Table.from_pylist(rows, schema=table.schema), tmp_path / "gold" / table.name / "p.parquet"
        )
    r = runner.invoke(entities_app, ["suggest", "--data", str(tmp_path), "--csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [
        "entity_id,alias,scheme,kind",
        "vivian-kwok,Vivian Kwok,english,PERSON",
        "vivian-kwok,郭慧雯,zh,PERSON",
    ]
    (tmp_path / "aliases.csv").write_text(r.stdout, encoding="utf-8")
    again = resolve(mentions, docs, load_kb([tmp_path / "aliases.csv"]))
    ids = {m["text"]: m["entity_id"] for m in again.mentions if m["label"] == "PERSON"}
    assert ids["Vivian Kwok"] == ids["郭慧雯"] == "kb:vivian-kwok"
