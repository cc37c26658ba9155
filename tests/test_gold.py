"""Gold: entities and document facts from the current version of each source file."""

import json
import shutil
from pathlib import Path

import pytest

from ingest import gold, silver, storage
from ingest.bronze import IntakeConfig, intake
from ingest.clean import CleanConfig
from ingest.dates import DateConfig
from ingest.names import load_kb
from ingest.schemas import GOLD_DATES, GOLD_DOCUMENTS, GOLD_ENTITIES, GOLD_MENTIONS

EN = (
    "Minister meets Chief Executive\n\n"
    "The Chief Executive, Mrs Carrie Lam, met the Minister of Science and Technology, "
    "Mr Wang Zhigang, at Government House today (September 20). Mrs Lam thanked the "
    "Ministry of Science and Technology (MOST) for its support.\n"
)
ZH = "行政長官林鄭月娥今日（九月二十日）在禮賓府與科技部部長王志剛會面。林鄭月娥感謝科技部的支持。\n"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _run(box, data, kb, run_id):
    intake(box, data, run_id, IntakeConfig(settle_seconds=0))  # test files are complete at once
    for ids in silver.batches(silver.pending_doc_ids(data), 10):
        batch = silver.clean_batch(data, ids, CleanConfig(name_tokens=kb.latin_name_tokens()))
        batch = silver.extract_batch(batch, silver.entity_config(), tuple(kb.ruler_entries()), DateConfig())
        silver.write_batch(data, batch, run_id)
    return gold.build_gold(data, kb)


@pytest.fixture
def box(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "en.txt").write_text(EN)
    (box / "en.txt.meta.json").write_text(json.dumps({"published_on": "2018-09-20"}))
    (box / "zh.txt").write_text(ZH)
    (box / "zh.txt.meta.json").write_text(json.dumps({"published_on": "2018-09-20"}))
    return box


def test_gold_links_one_person_across_languages(box, tmp_path, kb):
    data = tmp_path / "data"
    _run(box, data, kb, "r1")
    mentions = storage.read_table(data, GOLD_MENTIONS).to_pylist()
    lam = {m["entity_id"] for m in mentions if m["text"] in ("Carrie Lam", "Mrs Lam", "林鄭月娥")}
    most = {
        m["entity_id"]
        for m in mentions
        if m["text"] in ("MOST", "Ministry of Science and Technology", "科技部")
    }
    assert len(lam) == 1 and None not in lam
    assert len(most) == 1 and None not in most
    docs = storage.read_table(data, GOLD_DOCUMENTS).to_pylist()
    assert all(lam <= set(d["people"]) for d in docs)
    assert all("2018-09-20" in d["dates"] for d in docs)


def test_gold_uses_only_the_current_version_of_a_file(box, tmp_path, kb):
    data = tmp_path / "data"
    _run(box, data, kb, "r1")
    (box / "zh.txt").write_text(ZH.replace("王志剛", "王志剛、副部長張建國"))
    _run(box, data, kb, "r2")
    docs = storage.read_table(data, GOLD_DOCUMENTS).to_pylist()
    assert len(docs) == 2  # the old version of zh.txt has left gold
    texts = {m["text"] for m in storage.read_table(data, GOLD_MENTIONS).to_pylist()}
    assert "張建國" in texts


def test_gold_a_corrected_sidecar_date_re_anchors_the_article(box, tmp_path, kb):
    data = tmp_path / "data"
    # a bare 'today': with '(September 20)' after it the text itself says which day it is, whatever the sidecar
    (box / "en.txt").write_text(EN.replace(" today (September 20).", " today."))
    _run(box, data, kb, "r1")
    (box / "en.txt.meta.json").write_text(json.dumps({"published_on": "2018-09-21"}))  # the date was wrong
    _run(box, data, kb, "r2")
    docs = {d["lang"]: d for d in storage.read_table(data, GOLD_DOCUMENTS).to_pylist()}
    assert len(docs) == 2 and str(docs["en"]["published_on"]) == "2018-09-21"
    assert "2018-09-21" in docs["en"]["dates"]  # 'today' now reads as the 21st
    dates = storage.read_table(data, GOLD_DATES).to_pylist()
    assert {d["doc_id"] for d in dates} == {d["doc_id"] for d in docs.values()}  # no superseded rows
    before = storage.snapshot(data)
    assert not _run(box, data, kb, "r3").rewritten()
    assert storage.snapshot(data) == before


def test_gold_rebuild_without_change_writes_nothing(box, tmp_path, kb):
    data = tmp_path / "data"
    _run(box, data, kb, "r1")
    before = storage.snapshot(data)
    assert not gold.build_gold(data, kb).rewritten()
    assert storage.snapshot(data) == before
    assert storage.row_counts(data)[GOLD_ENTITIES.path] > 0


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "seeds"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "inbox"
ONE_ENTITY = {
    "Alfred Sit": ["Xue Yongheng", "Alfred Sit Wing-hang", "薛永恒"],
    "Carrie Lam": ["Carrie Lam", "Mrs Lam", "Mrs Carrie Lam", "林鄭月娥", "林郑月娥", "Lin Zheng Yue'e"],
    "Bai Chunli": ["Chunli Bai", "白春禮"],
    "Nicholas Yang": ["Nicholas W Yang", "楊偉雄", "Yang Weixiong"],
    "Paul Chan": ["Chen Maobo", "陈茂波"],  # pinyin from machine translation; HK romanisation is Mo-po
    "MOST": ["MOST", "Ministry of Science and Technology", "科技部"],
}


@pytest.fixture(scope="module")
def seeds_and_samples(tmp_path_factory, kb):
    """The five seeds plus our own samples (the Chinese ones and the machine translations)."""
    if not SEEDS.is_dir():
        pytest.skip("the seed articles (../shared/corpora/seeds) are not beside the project")
    box = tmp_path_factory.mktemp("inbox")
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, box / p.name)
    for p in EXAMPLES.iterdir():
        if p.name.startswith(("zh_", "mt_", "utf16")):
            shutil.copy(p, box / p.name)
    data = tmp_path_factory.mktemp("data")
    _run(box, data, kb, "r1")
    return data


@pytest.mark.parametrize("person", sorted(ONE_ENTITY))
def test_gold_seeds_and_samples_one_entity_per_person(seeds_and_samples, person):
    mentions = storage.read_table(seeds_and_samples, GOLD_MENTIONS).to_pylist()
    by_text: dict[str, set] = {}
    for m in mentions:
        by_text.setdefault(m["text"], set()).add(m["entity_id"])
    forms = ONE_ENTITY[person]
    missing = [f for f in forms if f not in by_text]
    assert not missing, f"never mentioned: {missing}"
    ids = set().union(*(by_text[f] for f in forms))
    assert len(ids) == 1 and None not in ids, {f: by_text[f] for f in forms}


def test_gold_dates_carry_the_days_each_value_denotes(box, tmp_path, kb):
    data = tmp_path / "data"
    _run(box, data, kb, "r1")
    rows = storage.read_table(data, GOLD_DATES).to_pylist()
    assert rows
    for r in rows:
        if len(r["value"]) == 10 and r["value"][4] == "-" and not r["mod"]:  # a day: itself
            assert str(r["begin"]) == str(r["end"]) == r["value"]
        if r["begin"] is not None:
            assert r["begin"] <= r["end"]
    import duckdb

    got = duckdb.sql(
        f"select count(*) from read_parquet('{data / GOLD_DATES.path}/*.parquet') where begin <= date '2018-09-30'"
    ).fetchall()[0][0]
    assert got >= 1
