"""clean_document as the pipeline calls it: supplied metadata, front matter, HTML, options."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.clean import (
    RULES,
    CleanConfig,
    HtmlExtractionError,
    SuppliedMetadataError,
    clean_document,
    list_rules,
)
from ingest.errors import IngestError

ARTICLE = (
    "Science park adds towers\n\n"
    "BEIJING, March 18, 2021 (Xinhua) -- The park adds two towers for research laboratories.\n\n"
    "Newspapers in English"
)
PAGE = """<!DOCTYPE html><html lang="en"><head>
<title>Park adds towers | Example News</title>
<meta property="og:title" content="Park adds two towers">
<meta property="article:published_time" content="2021-05-04T09:00:00+08:00">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://example.org/news/park-towers">
</head><body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Park adds two towers</h1>
<p>The science park will add two towers for research laboratories, the operator said on Tuesday.
The towers will house about forty start-ups working on artificial intelligence and robotics.</p>
<p>Construction starts next year and the first tower should open in 2024, the operator added.</p>
</article><footer>Share | Print | Back to top</footer></body></html>"""


def test_supplied_values_win_over_inferred_ones() -> None:
    supplied = {
        "published_on": "2021-03-19",
        "outlet": "Pearl Courier",
        "title": "Our title",
        "url": "https://example.org/a",
    }
    doc = clean_document(ARTICLE, supplied=supplied)
    m = doc.meta
    assert (m.published_on, m.published_on_source) == (dt.date(2021, 3, 19), "sidecar")
    assert (m.outlet, m.title, m.url) == ("Pearl Courier", "Our title", "https://example.org/a")
    assert m.dateline_place == "Beijing"


def test_inferred_values_without_supplied_ones() -> None:
    doc = clean_document(ARTICLE)
    m = doc.meta
    assert (m.published_on, m.published_on_source) == (dt.date(2021, 3, 18), "dateline")
    assert (m.outlet, m.title) == ("Xinhua", "Science park adds towers")
    assert doc.text_clean == "Science park adds towers\n\nThe park adds two towers for research laboratories."
    assert [f.rule for f in doc.fixes] == ["page_furniture", "dateline"]
    assert all(f.count >= 1 and f.example_before for f in doc.fixes)


def test_front_matter_is_parsed_and_stripped() -> None:
    text = (
        "---\ntitle: Park adds towers\npublished_on: 2021-05-04\nlang: en\n---\nThe park adds two towers.\n"
    )
    doc = clean_document(text)
    assert doc.text_clean == "The park adds two towers."
    assert (doc.meta.title, doc.meta.published_on, doc.meta.published_on_source) == (
        "Park adds towers",
        dt.date(2021, 5, 4),
        "front_matter",
    )
    assert doc.fixes[0].rule == "front_matter"


def test_a_sidecar_beats_front_matter() -> None:
    text = "---\npublished_on: 2021-05-04\n---\nThe park adds two towers.\n"
    doc = clean_document(text, supplied={"published_on": "2021-05-05"})
    assert (doc.meta.published_on, doc.meta.published_on_source) == (dt.date(2021, 5, 5), "sidecar")


@pytest.mark.parametrize(
    "text",
    [
        "--- a dash line\nBody.",
        "---\n- a\n- list\n---\nBody.",
        "---\nIntroduction\n\nSome words: more [\n---\nBody.",
    ],
)
def test_text_that_is_not_front_matter_is_left_alone(text: str) -> None:
    doc = clean_document(text)
    assert "Body." in doc.text_clean
    assert "front_matter" not in [f.rule for f in doc.fixes]


def test_unusable_supplied_date_is_a_named_error() -> None:
    with pytest.raises(SuppliedMetadataError, match="YYYY-MM-DD") as err:
        clean_document("Body.", source_path="a.txt", supplied={"published_on": "soon"})
    assert isinstance(err.value, IngestError)


def test_html_main_text_and_declared_metadata() -> None:
    doc = clean_document(PAGE, source_path="page.html")
    m = doc.meta
    assert m.title == "Park adds two towers"
    assert (m.published_on, m.published_on_source) == (dt.date(2021, 5, 4), "html_meta")
    assert (m.outlet, m.url) == ("Example News", "https://example.org/news/park-towers")
    assert "forty start-ups" in doc.text_clean
    for chrome in ("Home", "Back to top", "Share"):
        assert chrome not in doc.text_clean
    assert doc.fixes[0].rule == "html_main_text"


def test_html_is_sniffed_without_an_extension() -> None:
    assert clean_document(PAGE, source_path="page.txt").meta.title == "Park adds two towers"


def test_html_without_any_text_is_a_named_error() -> None:
    with pytest.raises(HtmlExtractionError, match="no visible text"):
        clean_document("<html><body><script>var a = 1;</script></body></html>", source_path="x.html")


def test_file_time_only_when_opted_in() -> None:
    mtime = dt.datetime(2022, 7, 4, 10, 0, tzinfo=dt.UTC)
    assert clean_document("The park adds two towers.", file_mtime=mtime).meta.published_on is None
    opted = clean_document(
        "The park adds two towers.", file_mtime=mtime, config=CleanConfig(use_file_time=True)
    )
    assert (opted.meta.published_on, opted.meta.published_on_source) == (dt.date(2022, 7, 4), "file_time")


def test_disabled_rules_do_not_run() -> None:
    doc = clean_document(ARTICLE, config=CleanConfig(disabled_rules=frozenset({"page_furniture"})))
    assert "Newspapers in English" in doc.text_clean


def test_list_rules_names_every_rule_once_in_order() -> None:
    rules = list_rules()
    names = [n for n, _ in rules]
    assert len(names) == len(set(names))
    assert [r.name for r in RULES] == [n for n in names if n in {r.name for r in RULES}]
    assert all(desc and not desc.endswith(".") for _, desc in rules)


def test_language_per_document_and_paragraph() -> None:
    doc = clean_document(
        "創新科技署今日公布新計劃。\n\nThe Innovation and Technology Commission announced a plan."
    )
    assert doc.paragraph_langs == ["zh-Hant", "en"]
    assert doc.lang == "mixed"
    assert clean_document("Body text.", supplied={"lang": "en"}).lang == "en"


def test_supplied_outlet_line_moves_to_metadata() -> None:
    doc = clean_document(
        "Harbour Courier (Hong Kong)\n\nThe park adds two towers.", supplied={"outlet": "Harbour Courier"}
    )
    assert doc.text_clean == "The park adds two towers."
    assert doc.meta.outlet == "Harbour Courier"
