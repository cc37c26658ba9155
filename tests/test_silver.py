"""Silver batches: clean, extract, write — and quarantine what cannot be cleaned."""

import json
from pathlib import Path

import pytest

from ingest import silver, storage
from ingest.bronze import IntakeConfig, intake
from ingest.clean import CleanConfig
from ingest.dates import DateConfig
from ingest.schemas import BRONZE_REJECTED, GOLD_DATES, SILVER_DOCUMENTS, SILVER_MENTIONS

RELEASE = (
    "Secretary for Innovation and Technology visits Science Park\n\n"
    "The Secretary for Innovation and Technology, Mr Alfred Sit, visited the Hong Kong "
    "Science Park on Thursday and met start-up founders.\n"
)


def _ingest(tmp_path, files):
    box = tmp_path / "inbox"
    box.mkdir()
    for name, content in files.items():
        (box / name).write_text(content, encoding="utf-8")
    data = tmp_path / "data"
    intake(box, data, "r1", IntakeConfig(settle_seconds=0))  # test files are complete at once
    return data


def _process(data):
    ids = silver.pending_doc_ids(data)
    batch = silver.clean_batch(data, ids, CleanConfig())
    batch.docs = silver.extract_batch(batch.docs, silver.entity_config(), (), DateConfig())
    return batch, silver.write_batch(data, batch.docs, "r1", batch.quarantined)


def test_silver_batch_writes_documents_mentions_and_dates(tmp_path):
    data = _ingest(
        tmp_path, {"r.txt": RELEASE, "r.txt.meta.json": json.dumps({"published_on": "2021-12-03"})}
    )
    _batch, counts = _process(data)
    assert counts[SILVER_DOCUMENTS.path] == 1 and counts[SILVER_MENTIONS.path] > 0
    doc = storage.read_table(data, SILVER_DOCUMENTS).to_pylist()[0]
    assert doc["lang"] == "en" and str(doc["published_on"]) == "2021-12-03"
    dates = storage.read_table(data, GOLD_DATES).to_pylist()
    assert [(d["text"], d["value"]) for d in dates] == [("Thursday", "2021-12-02")]
    date_mentions = [
        (m["text"], m["label"], m["source"])
        for m in storage.read_table(data, SILVER_MENTIONS).to_pylist()
        if m["label"] in ("DATE", "TIME")
    ]
    assert date_mentions == [("Thursday", "DATE", "dates:en")]  # one date extractor, not spaCy's too
    assert silver.pending_doc_ids(data) == []


def test_silver_quarantines_bad_front_matter_and_empty_html(tmp_path):
    data = _ingest(
        tmp_path,
        {
            "good.txt": RELEASE,
            "bad.txt": "---\npublished_on: last week\n---\nThe committee met.\n",
            "blank.html": "<html><body><script>var x = 1;</script></body></html>",
        },
    )
    batch, _counts = _process(data)
    assert [d.row["source_path"] for d in batch.docs] == ["good.txt"]
    rejected = {
        r["source_path"]: r["reason_code"] for r in storage.read_table(data, BRONZE_REJECTED).to_pylist()
    }
    assert rejected == {"bad.txt": "bad_sidecar", "blank.html": "no_text"}
    assert silver.pending_doc_ids(data) == []  # quarantined content is not retried until the file changes


def test_silver_half_written_batch_is_redone(tmp_path):
    data = _ingest(tmp_path, {"r.txt": RELEASE})
    ids = silver.pending_doc_ids(data)
    batch = silver.clean_batch(data, ids, CleanConfig())
    batch.docs = silver.extract_batch(batch.docs, silver.entity_config(), (), DateConfig())
    name = storage.part_name(ids)
    mentions = silver.mention_rows(batch.docs[0].mentions, "r1")
    storage.write_part(data, SILVER_MENTIONS, mentions, name)  # the run dies before silver/documents
    assert silver.pending_doc_ids(data) == ids  # ... so the document is still pending
    assert storage.row_counts(data)[SILVER_MENTIONS.path] == 0  # and the orphan part is gone
    _process(data)
    assert storage.row_counts(data)[SILVER_MENTIONS.path] == len(mentions)


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "seeds"


def _seed_dates(tmp_path, seed_prefix, published_on):
    if not SEEDS.is_dir():
        pytest.skip("the seed articles (../shared/corpora/seeds) are not beside the project")
    (seed,) = SEEDS.glob(f"{seed_prefix}_*.txt")
    files = {seed.name: seed.read_text(encoding="utf-8")}
    if published_on:
        files[seed.name + ".meta.json"] = json.dumps({"published_on": published_on})
    data = _ingest(tmp_path, files)
    _process(data)
    return {d["text"]: d for d in storage.read_table(data, GOLD_DATES).to_pylist()}


def test_silver_seed_004_dates_resolve_against_its_sidecar(tmp_path):
    dates = _seed_dates(tmp_path, "004", "2021-12-03")
    assert dates["the 2nd"]["value"] == "2021-12-02"
    assert (dates["the end of June this year"]["value"], dates["the end of June this year"]["mod"]) == (
        "2021-06",
        "END",
    )
    assert (dates["early September this year"]["value"], dates["early September this year"]["mod"]) == (
        "2021-09",
        "EARLY",
    )
    assert dates["three consecutive years"]["timex_type"] == "DURATION"


def test_silver_seed_004_without_sidecar_keeps_the_year_unknown(tmp_path):
    """The dateline (', Hong Kong, December 3rd.') leaves the text for metadata, but its month stays evidence."""
    dates = _seed_dates(tmp_path, "004", None)
    assert dates["the 2nd"]["value"] == "XXXX-12-02"
    assert dates["the end of June this year"]["value"] == "XXXX-06"


def test_silver_seed_001_thursday_is_the_day_before_publication(tmp_path):
    dates = _seed_dates(tmp_path, "001", "2018-09-21")
    assert dates["Thursday"]["value"] == "2018-09-20"
