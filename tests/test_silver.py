"""Silver batches: clean, extract, write — and quarantine, one document at a time, what fails."""

import json
import re
import shutil
from pathlib import Path

import pytest

from ingest import gold, silver, storage
from ingest.bronze import IntakeConfig, intake
from ingest.clean import CleanConfig
from ingest.dates import DateConfig
from ingest.errors import EmptyArticleError
from ingest.names import load_kb
from ingest.schemas import (
    BRONZE_DOCUMENTS,
    BRONZE_REJECTED,
    GOLD_DATES,
    SILVER_BATCHES,
    SILVER_DATES,
    SILVER_DOCUMENTS,
    SILVER_FIXES,
    SILVER_MENTIONS,
    SILVER_QUARANTINE,
)

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


def _process(data, run_id="r1"):
    ids = silver.pending_doc_ids(data)
    batch = silver.clean_batch(data, ids, CleanConfig())
    batch = silver.extract_batch(batch, silver.entity_config(), (), DateConfig())
    written = silver.write_batch(data, batch, run_id)
    return batch, written.counts


def test_silver_batch_writes_documents_mentions_and_dates(tmp_path):
    data = _ingest(
        tmp_path, {"r.txt": RELEASE, "r.txt.meta.json": json.dumps({"published_on": "2021-12-03"})}
    )
    _batch, counts = _process(data)
    assert counts[SILVER_DOCUMENTS.path] == 1 and counts[SILVER_MENTIONS.path] > 0
    doc = storage.read_table(data, SILVER_DOCUMENTS).to_pylist()[0]
    assert doc["lang"] == "en" and str(doc["published_on"]) == "2021-12-03"
    dates = storage.read_table(data, SILVER_DATES).to_pylist()
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
    quarantined = {
        r["source_path"]: (r["stage"], r["reason_code"], r["error_class"], r["retry_when"])
        for r in storage.read_table(data, SILVER_QUARANTINE).to_pylist()
    }
    assert quarantined == {
        "bad.txt": ("clean", "bad_sidecar", "SuppliedMetadataError", "file_changes"),
        "blank.html": ("clean", "no_text", "HtmlExtractionError", "file_changes"),
    }
    assert storage.row_counts(data)[BRONZE_REJECTED.path] == 0  # silver writes only silver
    assert silver.pending_doc_ids(data) == []  # quarantined content is not retried until the file changes


def test_silver_half_written_batch_is_redone(tmp_path):
    data = _ingest(tmp_path, {"r.txt": RELEASE})
    ids = silver.pending_doc_ids(data)
    batch = silver.clean_batch(data, ids, CleanConfig())
    batch = silver.extract_batch(batch, silver.entity_config(), (), DateConfig())
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
    return {d["text"]: d for d in storage.read_table(data, SILVER_DATES).to_pylist()}


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


def test_silver_bronze_rejection_of_a_sidecar_does_not_hide_the_kept_version(tmp_path):
    """bronze/rejected.sha256 is a content hash, the same string as the first version's doc_id.

    A sidecar made bad after intake (and before silver ran) rejects the new metadata and keeps
    the version already ingested; that version must still reach silver.
    """
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "a.txt").write_text(RELEASE, encoding="utf-8")
    data = tmp_path / "data"
    first = intake(box, data, "r1", IntakeConfig(settle_seconds=0))  # the run stops here, before silver
    (box / "a.txt.meta.json").write_text(json.dumps({"published_on": "last week"}), encoding="utf-8")
    second = intake(box, data, "r2", IntakeConfig(settle_seconds=0))
    assert "The version already ingested is kept." in second.rejections[0][1]
    assert silver.pending_doc_ids(data) == first.new_doc_ids
    _process(data)
    assert storage.column_set(data, SILVER_DOCUMENTS, "doc_id") == set(first.new_doc_ids)


OTHER = (
    "Innovation and Technology Fund opens a new round\n\n"
    "The Innovation and Technology Commission said on Monday that the fund will accept "
    "applications from universities until the end of March.\n"
)


def _raise_on(marker, error, real):
    """``real`` that raises ``error`` for any call whose arguments contain ``marker``."""

    def fake(*args, **kwargs):
        if marker in repr(args) + repr(kwargs):
            raise error
        return real(*args, **kwargs)

    return fake


def _quarantine_rows(data):
    return {r["source_path"]: r for r in storage.read_table(data, SILVER_QUARANTINE).to_pylist()}


def test_silver_clean_error_quarantines_one_document_and_the_batch_goes_on(tmp_path, monkeypatch):
    data = _ingest(tmp_path, {"a.txt": RELEASE, "boom.txt": RELEASE + "BOOM\n", "c.txt": OTHER})
    monkeypatch.setattr(
        silver,
        "clean_document",
        _raise_on("BOOM", ZeroDivisionError("division by zero"), silver.clean_document),
    )
    _batch, counts = _process(data)
    assert counts[SILVER_DOCUMENTS.path] == 2
    assert {d["source_path"] for d in storage.read_table(data, SILVER_DOCUMENTS).to_pylist()} == {
        "a.txt",
        "c.txt",
    }
    q = _quarantine_rows(data)["boom.txt"]
    assert (q["stage"], q["reason_code"], q["error_class"], q["error_message"]) == (
        "clean",
        "clean_error",
        "ZeroDivisionError",
        "division by zero",
    )
    assert q["retry_when"] == "pipeline_version_changes" and "bug in the pipeline" in q["reason"]
    assert silver.pending_doc_ids(data) == []  # the next run neither retries it nor stops on it
    monkeypatch.setattr(silver, "__version__", "99.0.0")  # ... until the code that failed on it changes
    assert silver.pending_doc_ids(data) == [q["doc_id"]]


def test_silver_empty_article_is_quarantined_until_its_file_changes(tmp_path, monkeypatch):
    data = _ingest(tmp_path, {"a.txt": RELEASE, "glyphs.txt": "?? ?? ??\n"})
    monkeypatch.setattr(
        silver, "clean_document", _raise_on("?? ??", EmptyArticleError("no text left"), silver.clean_document)
    )
    _process(data)
    q = _quarantine_rows(data)["glyphs.txt"]
    assert (q["stage"], q["reason_code"], q["retry_when"]) == (
        "clean",
        "empty_after_cleaning",
        "file_changes",
    )
    monkeypatch.setattr(silver, "__version__", "99.0.0")
    assert silver.pending_doc_ids(data) == []


def test_silver_entity_error_falls_back_to_one_document_at_a_time(tmp_path, monkeypatch):
    data = _ingest(tmp_path, {"a.txt": RELEASE, "kaboom.txt": OTHER + "KABOOM\n", "c.txt": OTHER})
    real = silver._extractor(silver.entity_config(), ())

    class Flaky:
        calls = 0

        def extract(self, docs):
            Flaky.calls += 1
            return _raise_on("KABOOM", RuntimeError("[E088] text too long"), real.extract)(docs)

    monkeypatch.setattr(silver, "_extractor", lambda *a: Flaky())
    batch, counts = _process(data)
    assert Flaky.calls == 4  # the batch, then each of its three documents
    assert sorted(d.row["source_path"] for d in batch.docs) == ["a.txt", "c.txt"]
    assert counts[SILVER_MENTIONS.path] > 0  # the others keep their entities
    q = _quarantine_rows(data)["kaboom.txt"]
    assert (q["stage"], q["reason_code"], q["error_class"]) == ("extract", "extract_error", "RuntimeError")
    assert silver.pending_doc_ids(data) == []


def test_silver_dates_error_quarantines_one_document(tmp_path, monkeypatch):
    data = _ingest(tmp_path, {"a.txt": RELEASE, "bang.txt": OTHER + "BANG\n"})
    monkeypatch.setattr(silver, "extract_dates", _raise_on("BANG", KeyError("month"), silver.extract_dates))
    _process(data)
    assert storage.read_table(data, SILVER_DATES).column("text").to_pylist() == ["Thursday"]
    q = _quarantine_rows(data)["bang.txt"]
    assert (q["stage"], q["reason_code"], q["error_class"]) == ("dates", "dates_error", "KeyError")
    assert {d["source_path"] for d in storage.read_table(data, SILVER_DOCUMENTS).to_pylist()} == {"a.txt"}
    mentions = storage.read_table(data, SILVER_MENTIONS).column("doc_id").to_pylist()
    assert q["doc_id"] not in mentions  # nothing of the quarantined document is written


def test_silver_row_that_does_not_fit_the_schema_quarantines_one_document(tmp_path):
    data = _ingest(tmp_path, {"a.txt": RELEASE, "b.txt": OTHER})
    ids = silver.pending_doc_ids(data)
    batch = silver.extract_batch(
        silver.clean_batch(data, ids, CleanConfig()), silver.entity_config(), (), DateConfig()
    )
    bad = next(d for d in batch.docs if d.row["source_path"] == "b.txt")
    bad.row["n_chars"] = "many"
    written = silver.write_batch(data, batch, "r1")
    assert [(q.source_path, q.stage, q.reason_code) for q in written.quarantined] == [
        ("b.txt", "write", "write_error")
    ]
    assert storage.column_set(data, SILVER_DOCUMENTS, "source_path") == {"a.txt"}
    assert silver.pending_doc_ids(data) == []


@pytest.mark.parametrize(
    "files, error",
    [
        ({"a.txt": RELEASE, "b.txt": OTHER}, ValueError("a bug in every call")),  # a broken stage
        ({"a.txt": RELEASE}, OSError("[E050] Can't find model 'en_core_web_sm'")),  # a broken install
    ],
    ids=["every_document_fails", "environment_error"],
)
def test_silver_a_failure_that_is_not_the_documents_fails_the_run(tmp_path, monkeypatch, files, error):
    """Quarantining would hide it, and nothing would try those documents again once it is fixed."""
    data = _ingest(tmp_path, files)
    monkeypatch.setattr(silver, "clean_document", _raise_on("", error, silver.clean_document))
    with pytest.raises(type(error), match=re.escape(str(error))):
        _process(data)
    assert storage.row_counts(data)[SILVER_QUARANTINE.path] == 0
    assert len(silver.pending_doc_ids(data)) == len(files)


def test_silver_writes_documents_first_and_the_commit_marker_last(tmp_path, monkeypatch):
    data = _ingest(
        tmp_path, {"a.txt": RELEASE, "bad.txt": "---\npublished_on: last week\n---\nThe committee met.\n"}
    )
    order = []
    real = storage.write_part

    def spy(data_dir, table, rows, name):
        n = real(data_dir, table, rows, name)
        order.append((table.path, name, n))
        return n

    monkeypatch.setattr(storage, "write_part", spy)
    _process(data)
    assert [path for path, _, _ in order] == [
        t.path
        for t in (
            SILVER_DOCUMENTS,
            SILVER_QUARANTINE,
            SILVER_FIXES,
            SILVER_MENTIONS,
            SILVER_DATES,
            SILVER_BATCHES,
        )
    ]
    assert all(n for path, _, n in order if path != SILVER_FIXES.path)  # the release needs no fixes
    assert len({name for _, name, _ in order}) == 1  # one part name for the whole batch
    (marker,) = storage.read_table(data, SILVER_BATCHES).to_pylist()
    assert sorted(marker["doc_ids"]) == sorted(storage.column_set(data, BRONZE_DOCUMENTS, "doc_id"))


def test_silver_batch_without_its_commit_marker_is_removed_and_redone(tmp_path):
    data = _ingest(
        tmp_path, {"a.txt": RELEASE, "bad.txt": "---\npublished_on: last week\n---\nThe committee met.\n"}
    )
    ids = silver.pending_doc_ids(data)
    _process(data)
    before = storage.row_counts(data)
    for marker in storage.parts(data, SILVER_BATCHES):
        marker.unlink()  # the run died after the batch's documents, mentions and quarantine, before its marker
    assert sorted(silver.pending_doc_ids(data)) == sorted(ids)
    counts = storage.row_counts(data)
    for table in (SILVER_DOCUMENTS, SILVER_QUARANTINE, SILVER_FIXES, SILVER_MENTIONS, SILVER_DATES):
        assert counts[table.path] == 0, table.path
    _process(data)
    assert storage.row_counts(data) == before


def test_silver_adopts_a_folder_written_before_silver_batches(tmp_path):
    """Old folders: documents written last, dates in gold/dates as one append part per batch."""
    data = _ingest(tmp_path, {"a.txt": RELEASE, "b.txt": OTHER})
    _process(data)
    dates = storage.read_table(data, SILVER_DATES)
    # make it the old layout: no silver/batches, the batch's dates under gold/dates
    for table_path in (data / "silver" / "batches", data / "gold" / "dates"):
        if table_path.is_symlink():  # a table behind a version folder (see ingest.versions)
            table_path.unlink()
        elif table_path.exists():
            shutil.rmtree(table_path)
    (data / "gold" / "dates").mkdir(parents=True)
    for part in storage.parts(data, SILVER_DATES):
        part.rename(data / "gold" / "dates" / part.name)
    assert storage.row_counts(data)[SILVER_DATES.path] == 0
    assert silver.pending_doc_ids(data) == []  # nothing is redone
    assert storage.read_table(data, SILVER_DATES).equals(dates)
    (marker,) = storage.read_table(data, SILVER_BATCHES).to_pylist()
    assert marker["run_id"] == "adopted" and len(marker["doc_ids"]) == 2
    gold.build_gold(data, load_kb())
    assert storage.read_table(data, GOLD_DATES).num_rows == dates.num_rows
