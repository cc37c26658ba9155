"""Overlapping candidates resolve the same way whatever their order; scripts split into runs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.nlp.spans import resolve_overlaps, script_runs

spans = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.integers(1, 8),
        st.sampled_from(["PERSON", "ORG", "GPE"]),
        st.sampled_from(["jieba:nr", "rule:zh_title", "kb_dict", "spacy:x"]),
    ).map(lambda t: (t[0], t[0] + t[1], t[2], t[3])),
    max_size=20,
)


@given(spans, st.randoms())
@settings(max_examples=200, deadline=None)
def test_overlaps_order_independent_and_disjoint(cands: list, rnd) -> None:
    shuffled = cands[:]
    rnd.shuffle(shuffled)
    kept = resolve_overlaps(cands)
    assert kept == resolve_overlaps(shuffled)
    for a, b in itertools.pairwise(kept):
        assert a[1] <= b[0]
    # every dropped candidate overlaps a kept one at least as long
    for c in set(cands) - set(kept):
        assert any(c[0] < k[1] and k[0] < c[1] and k[1] - k[0] >= c[1] - c[0] for k in kept)


@pytest.mark.parametrize(
    ("cands", "expected"),
    [
        (
            [(0, 3, "PERSON", "jieba:nr"), (0, 4, "PERSON", "rule:zh_title")],
            [(0, 4, "PERSON", "rule:zh_title")],
        ),
        ([(0, 3, "ORG", "jieba:nt"), (0, 3, "ORG", "kb_dict")], [(0, 3, "ORG", "kb_dict")]),
        (
            [(0, 2, "GPE", "jieba:ns"), (0, 9, "ORG", "rule:zh_org_suffix")],
            [(0, 9, "ORG", "rule:zh_org_suffix")],
        ),
    ],
)
def test_overlaps_longest_then_most_specific(cands: list, expected: list) -> None:
    assert resolve_overlaps(cands) == expected


def test_script_runs_split_lines_by_script() -> None:
    text = "Carrie Lam met officials.\n\n林鄭月娥今日出席。\nShe spoke.\n"
    runs = script_runs(text)
    assert [(text[s:e], lang) for s, e, lang in runs] == [
        ("Carrie Lam met officials.", "en"),
        ("林鄭月娥今日出席。", "zh"),
        ("She spoke.", "en"),
    ]


def _reference(spans):
    """The plain quadratic definition the fast resolver must agree with."""
    from ingest.nlp.spans import _rank

    ordered = sorted(
        {s for s in spans if s[1] > s[0]}, key=lambda s: (-(s[1] - s[0]), _rank(s[3]), s[0], s[2], s[3])
    )
    kept = []
    for s in ordered:
        if not any(s[0] < k[1] and k[0] < s[1] for k in kept):
            kept.append(s)
    return sorted(kept)


_span_strategy = st.tuples(
    st.integers(0, 60),
    st.integers(0, 12),
    st.sampled_from(["ORG", "PERSON", "GPE"]),
    st.sampled_from(["kb_ruler", "rule:zh_title", "spacy:m", "jieba:nr", "rule:zh_in_doc"]),
).map(lambda t: (t[0], t[0] + t[1], t[2], t[3]))


@given(st.lists(_span_strategy, max_size=40))
@settings(max_examples=300, deadline=None)
def test_resolve_overlaps_matches_the_plain_definition(spans):

    assert resolve_overlaps(spans) == _reference(spans)
