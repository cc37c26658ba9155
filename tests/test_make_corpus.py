"""The benchmark corpus generator: deterministic, distinct, multilingual, names as the product spells them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import make_corpus

from ingest import bronze
from ingest.names import compare_names, variants

SEED = 11
N = 30


@pytest.fixture(scope="module")
def sample() -> list[make_corpus.Article]:
    return list(make_corpus.articles(N, SEED))


def _people(sample):
    return list({p.pid: p for a in sample for p in a.people}.values())


def test_make_corpus_is_deterministic_for_a_seed(sample):
    again = list(make_corpus.articles(N, SEED))
    assert [a.text for a in again] == [a.text for a in sample]
    assert [a.sidecar for a in again] == [a.sidecar for a in sample]
    other = [a.text for a in make_corpus.articles(N, SEED + 1)]
    assert other != [a.text for a in sample]


def test_make_corpus_later_articles_do_not_depend_on_where_the_stream_starts(sample):
    tail = list(make_corpus.articles(10, SEED, start=N - 10))
    assert [a.text for a in tail] == [a.text for a in sample[-10:]]


def test_make_corpus_has_all_languages_and_shapes(sample):
    assert {a.lang for a in sample} == {"en", "zh-Hant", "zh-Hans"}
    assert {a.shape for a in sample} == set(make_corpus.SHAPES)
    assert any(a.sidecar for a in sample) and not all(a.sidecar for a in sample)


def test_make_corpus_texts_are_distinct(sample):
    assert len({a.text for a in sample}) == N
    assert len({a.name for a in sample}) == N


def test_make_corpus_people_recur_and_each_article_names_3_to_10(sample):
    assert all(3 <= len(a.people) <= 10 for a in sample)
    counts: dict[int, int] = {}
    for a in sample:
        for p in a.people:
            counts[p.pid] = counts.get(p.pid, 0) + 1
    assert max(counts.values()) >= 3  # the famous recur
    assert sum(1 for c in counts.values() if c == 1) >= 3  # and others appear once
    assert len({p.hant for p in _people(sample)}) == len(counts)  # distinct people, distinct names


def test_make_corpus_spans_point_into_the_text(sample):
    for a in sample:
        assert a.spans
        for s in a.spans:
            assert a.text[s.start : s.end] == s.text, (a.name, s)
        named = {s.ref for s in a.spans if s.label == "PERSON"}
        assert named == {f"p{p.pid}" for p in a.people}


def test_make_corpus_writes_articles_and_valid_sidecars(tmp_path, sample):
    make_corpus.write_corpus(N, tmp_path, SEED)
    files = list(bronze.inbox_files(tmp_path))
    assert len(files) == N
    for a in sample:
        assert (tmp_path / a.name).read_text(encoding="utf-8") == a.text
        side = tmp_path / (a.name + bronze.SIDECAR_SUFFIX)
        assert side.exists() == (a.sidecar is not None)
        if a.sidecar:
            assert (
                bronze.validate_supplied(json.loads(side.read_text(encoding="utf-8")), side.name) == a.sidecar
            )


@pytest.mark.parametrize("form", ["hk", "pinyin", "en_full"])
def test_make_corpus_romanised_forms_are_the_products_variants(sample, form):
    people = [p for p in _people(sample) if p.surname != "韓"]  # see the known gap below
    assert len(people) >= 20
    for p in people:
        written = getattr(p, form)
        chinese = p.hans if form == "pinyin" else p.hant
        c = compare_names(chinese, written)
        assert c.verdict == "same", (chinese, written, c.explanation)
        if form != "en_full":
            scheme = "hk" if form == "hk" else "pinyin"
            assert written in variants(chinese)[scheme]


def test_make_corpus_hon_surname_compares_same():  # 'Hon Chun-yin' is 韓, not the title
    cast = make_corpus.Cast(3)
    p = next(cast.person(k) for k in range(2000) if cast.person(k).surname == "韓")
    assert compare_names(p.hant, p.hk).verdict == "same"


def test_make_corpus_records_make_a_lake_the_stages_accept(tmp_path, sample):
    import bench_scale

    from ingest import gold, silver, storage
    from ingest.names import load_kb

    bench_scale.build_lake(tmp_path, N, make_corpus.Cast(SEED), real_minhash=False)
    counts = storage.row_counts(tmp_path)
    assert counts["bronze/documents"] == counts["silver/documents"] == N
    assert counts["silver/mentions"] == sum(len(a.spans) for a in sample)
    assert silver.pending_doc_ids(tmp_path) == []  # the lake is done: only new documents are pending
    gold.build_gold(tmp_path, load_kb())
    assert storage.row_counts(tmp_path)["gold/documents"] == N
