"""Silver batches: clean, extract, write — and quarantine what cannot be cleaned."""

import json

from ingest import silver, storage
from ingest.bronze import intake
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
    intake(box, data, "r1")
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
