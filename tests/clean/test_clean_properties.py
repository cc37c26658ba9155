"""Properties over generated texts mixing artifacts, English and Chinese (hypothesis)."""

from __future__ import annotations

from collections import Counter

from clean_audit import unexplained
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.clean import RULES, CleanConfig, EmptyArticleError, clean_document
from ingest.clean.core import LETTER, run_rules

PIECES = [
    *"abcHKM ?-\n\n,.:()（）「」，。網港科技\u00a0\ufffd\u3000ｗ１",
    *["Hong", "Kong", "mainland", "Kongmainland", "inno-tech", "innotech", "By ", "Ends/", "NNNN"],
    *["news@example.org", "2021-05-04", "wǎng", "&amp;", "â€™", "• Home\n• News", "[x](#)"],
    *["Newspapers in English", "Tuesday, May 4, 2021", "記者 陳大文", "香 港 科 技"],
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_change_is_recorded(raw: str) -> None:
    try:
        doc = clean_document(raw)
    except EmptyArticleError:  # only when the rules leave no letter at all
        assert not LETTER.search(run_rules(raw, RULES, CleanConfig()).text)
        return
    assert unexplained(raw, doc) == (Counter(), Counter())
    assert {r for r, _, _ in doc.changes} == {f.rule for f in doc.fixes}
    assert all(f.count == sum(1 for r, _, _ in doc.changes if r == f.rule) for f in doc.fixes)
