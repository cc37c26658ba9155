"""The blocking test never rejects a pair that compares as the same person, and rejects most others."""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

import pytest

from ingest.names import load_kb
from ingest.names.blocking import index_tokens, may_match, name_keys, query_tokens
from ingest.names.cluster import name_signature
from ingest.names.compare import DEFAULT_THRESHOLD, compare_parsed
from ingest.names.parse import parse_name

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import make_corpus

# our own name forms, shapes the comparison handles in different ways
WRITTEN = [
    "Alan Leong Kah-kit", "Alan Leong", "LEONG Kah-kit", "梁家傑", "Liang Jiajie", "Leong Kah Kit",
    "Chan Ka-lok", "CHAN Ka Lok", "陳家洛", "Chen Jialuo", "Ka-lok Chan", "K L Chan", "Chan Kalok",
    "Xue Yongheng", "Sit Wing-hang", "薛永恆", "Alfred Sit Wing-hang", "Hsueh Yung-heng",
    "Regina Ip Lau Suk-yee", "葉劉淑儀", "Ip Lau Suk-yee", "Mrs Regina Ip", "Ye Liu Shuyi",
    "Chow Liang Shuk-yee", "周梁淑怡", "Wilson Weiyixin", "衛奕信", "Tsang Chi-kin", "Tsang Tsz-kin",
    "曾志堅", "Zeng Zhijian", "Yip Kwok-wah", "Ip Kwok-wah", "葉國華", "Ye Guohua", "Chris Wong",
    "Christopher Wong", "Wong Kam-sing", "黃錦星", "Huang Jinxing", "Kwok Ka-ki", "Kok Ka-ki", "郭家麒",
]  # fmt: skip


def _population() -> list[str]:
    cast = make_corpus.Cast(0)
    names: list[str] = []
    for rank in range(1, 300):
        p = cast.person(rank)
        names += [p.hant, p.hans, p.hk, p.pinyin, p.hk.upper(), p.en_full]
    kb = load_kb()
    for e in kb:
        if e.kind == "PERSON":
            names += list(e.person_names())
    return list(dict.fromkeys(names + WRITTEN))


@pytest.fixture(scope="module")
def pairs():
    """Pairs sharing a surname signature: the pairs clustering would compare."""
    parsed = [p for p in map(parse_name, _population()) if p.script in ("cjk", "latin")]
    return [(a, b) for a, b in combinations(parsed, 2) if name_signature(a) & name_signature(b)]


def test_blocking_never_rejects_a_pair_that_compares_as_the_same(pairs) -> None:
    missed = [
        (a.raw, b.raw, compare_parsed(a, b)[:2])
        for a, b in pairs
        if compare_parsed(a, b)[0] >= DEFAULT_THRESHOLD and not may_match(name_keys(a), name_keys(b))
    ]
    same = sum(compare_parsed(a, b)[0] >= DEFAULT_THRESHOLD for a, b in pairs)
    assert same > 500 and missed == []


def test_blocking_rejects_most_pairs_of_different_people(pairs) -> None:
    kept = sum(may_match(name_keys(a), name_keys(b)) for a, b in pairs)
    assert kept < len(pairs) * 0.1


def test_blocking_index_tokens_meet_wherever_may_match_says_maybe(pairs) -> None:
    """The inverted index finds every pair the pre-test lets through, both ways round."""
    missed = []
    for a, b in pairs:
        ka, kb = name_keys(a), name_keys(b)
        if not may_match(ka, kb):
            continue
        for x, y in ((ka, kb), (kb, ka)):
            if index_tokens(x).isdisjoint(query_tokens(y)):
                missed.append((a.raw, b.raw))
    assert missed == []


def test_blocking_index_tokens_bring_together_few_of_the_pairs_sharing_a_surname(pairs) -> None:
    """The index is selective: of the pairs sharing a surname signature (all of which clustering
    compared before it), it brings together about a fifth (22% measured)."""
    met = sum(not index_tokens(name_keys(a)).isdisjoint(query_tokens(name_keys(b))) for a, b in pairs)
    assert met < len(pairs) * 0.25
