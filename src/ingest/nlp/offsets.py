"""Traditional → Simplified conversion (OpenCC ``t2s``) that keeps exact offsets back to the original.

Chinese analysis runs on Simplified text (jieba's dictionary and POS model are Simplified; its
tagger is ~50× slower on Traditional input), but every mention must point into the text the
caller passed in. :func:`to_simplified` converts and returns an :class:`Alignment` that maps any
offset of the converted text back to the original.

How the alignment stays exact: OpenCC converts the text piece by piece between separators
(punctuation, spaces). We convert the same pieces ourselves. A piece whose converted length
equals its original length is mapped character for character (every OpenCC table maps a
phrase to a phrase of the same length, so equal lengths mean position ``i`` came from position
``i``). A piece whose length changed — possible with other tables or future dictionaries — is
converted again one character at a time, which gives each original character its own output
range; that piece then loses phrase-level conversion but never its offsets.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import opencc

# OpenCC's own piece separators (opencc-python-reimplemented splits on these before converting).
_SEPARATORS = re.compile(
    r"(\s+|-|,|\.|\?|!|\*|　|，|。|、|；|：|？|！|…|“|”|‘|’|『|』|「|」|﹁|﹂|—|－|（|）|《|》|〈|〉|～|．|／|＼"
    r"|︒|︑|︔|︓|︿|﹀|︹|︺|︙|︐|［|﹇|］|﹈|︕|︖|︰|︳|︴|︽|︾|︵|︶|｛|︷|｝|︸|﹃|﹄|【|︻|】|︼)"
)
_HAS_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@functools.cache
def _converter(conversion: str = "t2s") -> opencc.OpenCC:
    return opencc.OpenCC(conversion)


def _dictionary(conversion: str) -> Iterator[tuple[str, str]]:
    """(phrase, its first conversion) of every dictionary of an OpenCC conversion."""
    cc = _converter(conversion)
    cc.convert("")  # loads the dictionaries
    stack: list = list(cc._dict_chain_data)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, tuple) and len(item) == 3 and isinstance(item[2], dict):
            for k, v in item[2].items():
                yield k, v.split(" ")[0]


@functools.cache
def _length_changing_keys(conversion: str) -> frozenset[str]:
    """Dictionary phrases of an OpenCC conversion whose replacement has another length (none in t2s today)."""
    return frozenset(k for k, v in _dictionary(conversion) if len(k) > 1 and len(k) != len(v))


@functools.cache
def _changing_chars(conversion: str) -> frozenset[str]:
    """Characters a conversion changes: for each dictionary phrase whose conversion differs, the
    characters where it differs (all of its characters when the lengths differ). A phrase that
    changes text holds at least one of them, so a piece with none converts to itself and is
    not given to OpenCC at all (most pieces of Simplified text)."""
    chars: set[str] = set()
    for k, v in _dictionary(conversion):
        if v != k:
            chars.update(k if len(v) != len(k) else (a for a, b in zip(k, v, strict=True) if a != b))
    return frozenset(chars)


@functools.cache
def _char_lengths(conversion: str) -> dict[str, int]:
    """Cache: length of each character's own conversion (filled as characters are met)."""
    return {}


def _keeps_positions(
    piece: str, convert: Callable[[str], str], changing: frozenset[str], cache: dict
) -> bool:
    """True when converting ``piece`` maps position i to position i: every character converts to
    one character and no length-changing dictionary phrase occurs in it."""
    for ch in piece:
        n = cache.get(ch)
        if n is None:
            n = cache[ch] = len(convert(ch))
        if n != 1:
            return False
    return not any(k in piece for k in changing) if changing else True


@dataclass(frozen=True, slots=True)
class Alignment:
    """Maps offsets of a converted text back to its original.

    ``conv_starts[k]``/``orig_starts[k]`` are the starts of the k-th aligned block; within a
    block of equal length offsets shift by the same amount, a block of unequal length maps its
    inside to its start (only its edges are exact, which is all a span needs when the block is
    one character).
    """

    original: str
    converted: str
    conv_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    conv_lens: tuple[int, ...]
    orig_lens: tuple[int, ...]

    def to_original(self, offset: int, side: str = "start") -> int:
        """Offset in the original text for ``offset`` in the converted text (0 … len inclusive).

        Inside a block whose length changed there is no exact counterpart: a ``side='start'``
        offset maps to the block's start, a ``side='end'`` offset to its end, so a span always
        covers the original characters it came from.
        """
        if offset < 0 or offset > len(self.converted):
            raise ValueError(f"offset {offset} is outside the converted text (length {len(self.converted)})")
        if offset == len(self.converted):
            return len(self.original)
        k = bisect.bisect_right(self.conv_starts, offset) - 1
        delta = offset - self.conv_starts[k]
        if self.conv_lens[k] == self.orig_lens[k] or delta == 0:
            return self.orig_starts[k] + delta
        return self.orig_starts[k] + (self.orig_lens[k] if side == "end" else 0)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` for a converted span, end exclusive."""
        o_start = self.to_original(start, "start")
        o_end = self.to_original(end, "end")
        if end > start and o_end <= o_start:  # a span inside inserted characters: its source char
            o_end = min(len(self.original), o_start + 1)
        return o_start, o_end


def to_simplified(
    text: str, conversion: str = "t2s", converter: Callable[[str], str] | None = None
) -> Alignment:
    """Convert ``text`` with OpenCC (``t2s`` by default) and return the text with its alignment.

    ``converter`` replaces OpenCC (any ``str -> str`` applied to each piece between separators);
    tests use it to check the alignment when a conversion changes lengths.

    >>> a = to_simplified("香港特別行政區政府")
    >>> a.converted
    '香港特别行政区政府'
    >>> a.to_original(2)
    2
    """
    if converter is None:
        convert = _converter(conversion).convert
        changing = _length_changing_keys(conversion)
        char_len = _char_lengths(conversion)
        touched = _changing_chars(conversion)
    else:
        convert, changing, char_len, touched = converter, frozenset(), {}, None
    conv_starts: list[int] = []
    orig_starts: list[int] = []
    conv_lens: list[int] = []
    orig_lens: list[int] = []
    out: list[str] = []
    o_pos = 0
    c_pos = 0

    def block(orig: str, conv: str) -> None:
        nonlocal o_pos, c_pos
        if not orig and not conv:
            return
        conv_starts.append(c_pos)
        orig_starts.append(o_pos)
        conv_lens.append(len(conv))
        orig_lens.append(len(orig))
        out.append(conv)
        o_pos += len(orig)
        c_pos += len(conv)

    for i, piece in enumerate(_SEPARATORS.split(text)):
        if not piece:
            continue
        if i % 2 == 1 or not _HAS_CJK.search(piece) or (touched is not None and touched.isdisjoint(piece)):
            block(piece, piece)  # a separator, no CJK, or nothing OpenCC would change (Simplified text)
            continue
        conv = convert(piece)
        if len(conv) == len(piece) and _keeps_positions(piece, convert, changing, char_len):
            block(piece, conv)
        else:  # lengths change somewhere: per-character conversion, exact by construction
            for ch in piece:
                block(ch, convert(ch))
    return Alignment(
        original=text,
        converted="".join(out),
        conv_starts=tuple(conv_starts),
        orig_starts=tuple(orig_starts),
        conv_lens=tuple(conv_lens),
        orig_lens=tuple(orig_lens),
    )
