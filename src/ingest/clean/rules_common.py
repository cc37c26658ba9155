"""Rules for both languages: encoding damage, spaces, lost-glyph runs, line structure."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

import ftfy
from wordfreq import zipf_frequency

from ingest.clean.core import (
    CJK,
    CJK_PUNCT,
    EXAMPLE_CONTEXT,
    Outcome,
    left_context,
    map_lines,
    right_context,
    rule,
    sub_counting,
)

if TYPE_CHECKING:
    from ingest.clean import CleanConfig

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # html_entities does this, so it is counted on its own
    uncurl_quotes=False,  # curly quotes are text, not damage
    fix_character_width=False,  # would turn Chinese full-width punctuation into ASCII
    fix_latin_ligatures=False,
    fix_line_breaks=False,  # unicode_spaces does this, so it is counted on its own
    normalization="NFC",
    explain=False,
)
_ENTITY = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_FFFD = re.compile("[ \t]*\ufffd+")
_QRUN = re.compile(r"(?:^|[ \t]+)\?(?:[ \t]*\?)+(?=[ \t]|$)", re.M)
_QRUN_LINE = re.compile("^[ \t?\ufffd]*(?:\\?[ \t]*\\?|\ufffd)[ \t?\ufffd]*$")
_QRUN_CJK = re.compile(f"(?<=[{CJK}])\\?{{2,}}(?=[{CJK}])")
_LIST_ITEM = re.compile(
    r"^\s*(?:[-*•·▪●◦–—]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s|[（(][一二三四五六七八九十]+[)）])"
)
_TERMINAL = tuple(".!?:;。！？：；」』”\"')）")
_CJK_END = re.compile(f"[{CJK}{CJK_PUNCT}]$")
_CJK_START = re.compile(f"^[{CJK}{CJK_PUNCT}]")


@rule("html_entities", "decode HTML character references left in the text (&amp; &nbsp; &#8217;)")
def html_entities(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = sub_counting(_ENTITY, lambda m: html.unescape(m.group(0)), text, out)
    return out


@rule(
    "mojibake", "repair text decoded with the wrong encoding (ftfy), e.g. 'â€™' → '’'; quotes and widths kept"
)
def mojibake(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    if (text.isascii() and not _CONTROL.search(text)) or ftfy.fix_text(text, _FTFY) == text:
        return out
    out.text = map_lines(text, lambda line: ftfy.fix_text(line, _FTFY), out, drop_blank_after=False)
    return out


@rule(
    "unicode_spaces",
    "no-break and other Unicode spaces → space; zero-width characters and soft hyphens removed; CR/CRLF → LF",
)
def unicode_spaces(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    t = sub_counting(re.compile(r"\r\n?"), lambda m: "\n", text, out)
    t = sub_counting(_SPACES, lambda m: " ", t, out)
    out.text = sub_counting(_INVISIBLE, lambda m: "", t, out)
    return out


@rule(
    "glyph_runs", "remove '??' / U+FFFD runs left where a scraper lost characters (never a '?' after a word)"
)
def glyph_runs(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    if "?" not in text and "\ufffd" not in text:
        return out
    t = map_lines(text, lambda line: None if line.strip() and _QRUN_LINE.match(line) else line, out)
    t = sub_counting(_FFFD, lambda m: "", t, out)
    t = sub_counting(_QRUN, lambda m: "", t, out)
    out.text = sub_counting(_QRUN_CJK, lambda m: "", t, out)
    return out


@rule("whitespace", "strip spaces at line ends and starts, collapse space runs and blank-line runs")
def whitespace(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)

    def fix(line: str) -> str:
        return re.sub(r"[ \t]{2,}", " ", line.strip(" \t\u3000"))

    t = map_lines(text, fix, out, drop_blank_after=False)
    t = sub_counting(re.compile(r"\n{3,}"), lambda m: "\n\n", t, out)
    out.text = t.strip("\n")  # blank lines at the ends are not content: not counted
    return out


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of an English word (0 when unknown)."""
    return zipf_frequency(word, "en")


_LINE_HYPHEN = re.compile(r"\b([A-Za-z]+)-\n[ \t]*([A-Za-z]+)\b")


@rule(
    "line_end_hyphen",
    "join a word split by a hyphen at a line end: drop the hyphen only when the word list or the document spells the word whole",
)
def line_end_hyphen(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    if "-\n" not in text:
        return out
    words = {w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text.replace("-\n", "@"))}

    def repl(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        whole, hyph = (a + b).lower(), f"{a}-{b}".lower()
        if hyph not in words and (whole in words or zipf(whole) >= config.word_min_zipf):
            return a + b
        return f"{a}-{b}"

    out.text = sub_counting(_LINE_HYPHEN, repl, text, out)
    return out


def _is_wrapped(lines: list[str]) -> int:
    """The wrap width when the lines look hard-wrapped, else 0.

    Hard-wrapped text has most lines close to one width and most lines ending
    mid-sentence; text with one paragraph per line has neither.
    """
    body = [s.rstrip() for s in lines if s.strip()]
    if len(body) < 3:
        return 0
    lengths = sorted(len(s) for s in body)
    width = lengths[-1] if len(lengths) < 10 else lengths[int(0.9 * (len(lengths) - 1))]
    cjk = sum(bool(_CJK_START.match(s)) for s in body) > len(body) / 2
    if width > (60 if cjk else 120):
        return 0
    near = sum(1 for n in lengths if n >= 0.6 * width)
    open_ended = sum(1 for s in body if not s.endswith(_TERMINAL))
    return width if near >= 0.6 * len(body) and open_ended >= 0.5 * len(body) else 0


def _joiner(a_end: str, b: str) -> str:
    """What goes between a paragraph ending in ``a_end`` and the next line ``b``: nothing between
    Chinese characters, one space otherwise (the paragraph's trailing spaces go first)."""
    return "" if _CJK_END.search(a_end) and _CJK_START.match(b) else " "


@rule(
    "hard_wraps",
    "join lines broken inside a paragraph (no space between Chinese characters); paragraphs and list items kept",
)
def hard_wraps(text: str, config: CleanConfig) -> Outcome:
    """Linear in the text: a paragraph grows as a list of pieces and only its length, its last
    piece and a short tail (for the change's example) are looked at, never the whole of it."""
    out = Outcome(text)
    lines = text.split("\n")
    width = _is_wrapped(lines)
    done: list[str] = []  # finished lines and paragraphs
    cur: list[str] = []  # pieces of the paragraph being built (the last line kept so far)
    cur_len = 0
    tail = ""  # the paragraph's last few characters, for the recorded example
    window = 4 * EXAMPLE_CONTEXT
    for line in lines:
        last = cur[-1] if cur else ""
        if last.strip() and line.strip() and not _LIST_ITEM.match(line):
            ends_sentence = last.rstrip().endswith(_TERMINAL)
            starts_lower = bool(re.match(r"[a-z]", line.lstrip()))
            if width:
                short = cur_len < 0.6 * width
                join = not (short and (ends_sentence or line.lstrip()[:1].isupper()))
            else:
                join = (not ends_sentence and starts_lower) or last.rstrip().endswith(("，", "、"))
            if join:
                sep = _joiner(last, line)
                piece = line if sep == "" else " " + line.lstrip()
                if sep:  # the paragraph's trailing spaces go (the last piece has a non-space)
                    stripped = last.rstrip()
                    cur_len -= len(last) - len(stripped)
                    cur[-1] = stripped
                left = left_context(tail)
                right = right_context(line)
                after_left = left.rstrip() if sep else left
                out.changes.append(
                    (left + "\n" + right, after_left + (right if not sep else " " + right.lstrip()))
                )
                cur.append(piece)
                cur_len += len(piece)
                tail = ((tail.rstrip() if sep else tail) + piece)[-window:]
                continue
        if cur:
            done.append("".join(cur))
        cur, cur_len, tail = [line], len(line), line[-window:]
    if cur:
        done.append("".join(cur))
    out.text = "\n".join(done)
    return out
