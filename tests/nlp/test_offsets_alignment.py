"""OpenCC t2s with offsets mapped back exactly, including conversions that change lengths."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.nlp.offsets import to_simplified

# Traditional characters and phrases that OpenCC converts (some by phrase), separators, Latin, emoji.
ALPHABET = list("香港特別行政區政府創新科技及工業局長薛永恒楊偉雄白春禮鍾乾隆後發麵髮颱風臺灣國際")
PIECES = [
    *ALPHABET,
    "乾隆",
    "頭髮",
    "情有獨鍾",
    "二噁英",
    "，",
    "。",
    " ",
    "\n",
    "-",
    "AI",
    "😀",
    "𠮷",
    "「",
    "」",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
# characters whose conversion does not depend on their neighbours, so a per-character check holds
PLAIN = [*"香港特別行政區政府創新科技及工業局長薛永恒楊偉雄白春禮國際", "，", " ", "\n", "AI", "𠮷"]
plain_texts = st.lists(st.sampled_from(PLAIN), max_size=40).map("".join)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_offsets_conversion_equals_opencc(text: str) -> None:
    assert to_simplified(text).converted == opencc.OpenCC("t2s").convert(text)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_offsets_map_is_monotone_and_covers_the_text(text: str) -> None:
    a = to_simplified(text)
    mapped = [a.to_original(i) for i in range(len(a.converted) + 1)]
    assert mapped[0] == 0 and mapped[-1] == len(text)
    assert mapped == sorted(mapped)


def _doubling(piece: str) -> str:
    """A made-up conversion that changes lengths: 國 → 国国, 區 → '' (deleted), others t2s."""
    return opencc.OpenCC("t2s").convert(piece).replace("国", "国国").replace("区", "")


@given(plain_texts)
@settings(max_examples=100, deadline=None)
def test_offsets_exact_when_conversion_changes_length(text: str) -> None:
    a = to_simplified(text, converter=_doubling)
    # every converted character comes from exactly one original character here (per-char fallback),
    # so the original span of a converted char converts back to a string containing that char
    for i, ch in enumerate(a.converted):
        s, e = a.span_to_original(i, i + 1)
        assert 0 <= s < e <= len(text)
        assert ch in _doubling(text[s:e])


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("據報道，創新科技署署長出席", (4, 9), "創新科技署"),
        ("香港特別行政區政府", (0, 9), "香港特別行政區政府"),
        ("頭髮與乾隆", (3, 5), "乾隆"),
        ("A 國際 B", (2, 4), "國際"),
    ],
)
def test_offsets_span_maps_to_original_text(text: str, span: tuple[int, int], expected: str) -> None:
    a = to_simplified(text)
    s, e = a.span_to_original(*span)
    assert text[s:e] == expected


def test_offsets_reject_out_of_range() -> None:
    with pytest.raises(ValueError, match="outside the converted text"):
        to_simplified("香港").to_original(3)


@pytest.mark.parametrize(
    "text",
    [
        "香港特別行政區政府創新科技及工業局局長薛永恒今日出席論壇。",
        "香港特别行政区政府创新科技及工业局局长薛永恒今日出席论坛。",
        "一目瞭然的瞭望台，乾隆皇帝的干部。",  # phrases that stop a character's conversion (乾隆)
        "他著有三本書，天氣乾燥。",
    ],
)
def test_offsets_pieces_skipped_by_the_changing_characters_convert_as_opencc_does(text: str) -> None:
    assert to_simplified(text).converted == opencc.OpenCC("t2s").convert(text)
