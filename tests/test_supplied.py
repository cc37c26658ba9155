"""Supplied metadata: one validator for sidecars and front matter, and sidecars read with limits."""

import datetime as dt
import json

import pytest

from ingest.errors import SidecarError
from ingest.metadata import parse_supplied
from ingest.supplied import MAX_DEPTH, SIDECAR_MAX_BYTES, json_depth, parse_sidecar, validate_supplied


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"lang": ["en"]}', "lang"),
        (b'{"title": ["a"]}', "title must be a string, not a list"),
        (b'{"published_on": 20211203}', "published_on"),
        (b'{"published_on": NaN}', "published_on"),
        (b'{"outlet": {"name": "ISD"}}', "outlet must be a string, not an object"),
        (b"[" * 60_000, "nested 60000 levels"),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nested 17 levels"),
        (b'{"title": "' + b"x" * SIDECAR_MAX_BYTES + b'"}', "over the 65,536"),
        (b'{"title": "a", "title": "b"}', "'title' twice"),
        (b'{"title": ' + b"1" * 5000 + b"}", "not valid JSON"),
        (b'{"title": "\\ud800"}', "half of a UTF-16 pair"),
        (b'{"title": "caf\xe9"}', "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b'"just a string"', "JSON object"),
    ],
)
def test_supplied_sidecar_refused_with_a_reason_naming_the_field(data, message):
    with pytest.raises(SidecarError, match=message):
        parse_sidecar(data, "a.txt.meta.json")


def test_supplied_json_depth_is_a_linear_scan_that_skips_strings():
    assert json_depth('{"a": "[[[[{{{{", "b": [1, [2]]}') == 3
    assert json_depth("[" * 100_000) == 100_000 > MAX_DEPTH
    assert json_depth('"\\"[["') == 0


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans", "mixed", "und"])
def test_supplied_lang_accepted_alike_in_sidecar_and_front_matter(lang):
    assert parse_sidecar(json.dumps({"lang": lang}).encode(), "s")["lang"] == lang
    assert parse_supplied({"lang": lang}, "front matter")["lang"] == lang


@pytest.mark.parametrize("meta", [{"lang": "zh"}, {"published_on": "3 Dec 2021"}, {"title": ["x"]}])
def test_supplied_refused_alike_in_sidecar_and_front_matter(meta):
    with pytest.raises(SidecarError):
        validate_supplied(meta, "sidecar")
    with pytest.raises(SidecarError):
        parse_supplied(meta, "front matter")


def test_supplied_front_matter_is_lenient_only_where_yaml_types_values():
    got = parse_supplied({"title": 2046, "published_on": dt.date(2021, 12, 3), "tags": ["x"]}, "fm")
    assert got == {"title": "2046", "published_on": dt.date(2021, 12, 3)}
    with pytest.raises(SidecarError, match="unknown keys"):
        validate_supplied({"tags": ["x"]}, "sidecar")
    with pytest.raises(SidecarError, match="title must be a string"):
        validate_supplied({"title": 2046}, "sidecar")


def test_supplied_keeps_sidecar_text_as_written_so_stored_versions_do_not_change():
    assert validate_supplied({"outlet": " ISD ", "published_on": "2021-12-03"}, "s") == {
        "outlet": " ISD ",
        "published_on": "2021-12-03",
    }
