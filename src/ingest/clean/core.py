"""The machinery every cleaning rule shares: the rule record, its outcome and the runner.

A rule is a pure function ``(text, config) -> Outcome`` with a name and a one-line
description, in the manner of ftfy's fixers. The runner applies the rules in order and
keeps, for every rule that changed something, a :class:`ingest.model.Fix` (how many
changes, one before/after example), so a reader can audit and replay a cleaning.
Rules may also report metadata they found while removing it from the text (a byline,
an e-mail address, a date line); the runner collects those as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ingest.model import Fix

if TYPE_CHECKING:
    from ingest.clean import CleanConfig

EXAMPLE_CONTEXT = 20  # characters of context kept either side of a change in a Fix example
EXAMPLE_MAX = 160  # longest example string kept in a Fix

# Character classes shared by the rules.
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
# Full-width and CJK punctuation (not the ideographic space, not curly quotes, which English uses too).
CJK_PUNCT = r"\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"


@dataclass
class Outcome:
    """What one rule did: the new text, each change as (before, after), metadata found."""

    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)
    found: dict[str, list[Any]] = field(default_factory=dict)

    def note(self, key: str, value: Any) -> None:
        """Record a piece of metadata evidence (``byline``, ``email``, ``date`` …)."""
        self.found.setdefault(key, []).append(value)


RuleFn = Callable[[str, "CleanConfig"], Outcome]


@dataclass(frozen=True)
class Rule:
    """A named cleaning rule."""

    name: str
    description: str
    fn: RuleFn

    def __call__(self, text: str, config: CleanConfig) -> Outcome:
        return self.fn(text, config)


def rule(name: str, description: str) -> Callable[[RuleFn], Rule]:
    """Decorator turning a function into a :class:`Rule`."""

    def wrap(fn: RuleFn) -> Rule:
        return Rule(name, description, fn)

    return wrap


def _clip(s: str) -> str:
    return s if len(s) <= EXAMPLE_MAX else s[: EXAMPLE_MAX - 1] + "…"


def sub_counting(
    pattern: re.Pattern[str],
    repl: Callable[[re.Match[str]], str | None],
    text: str,
    out: Outcome,
) -> str:
    """``pattern.sub`` that records each change (with context) in ``out``.

    ``repl`` returns the replacement, or ``None`` to leave that match alone. The left
    context of a change is taken from the text as already changed, so that consecutive
    changes chain (each one's ``before`` is the previous one's ``after``) when close.
    """
    pieces: list[str] = []
    tail = ""  # the end of the output so far (enough for a context)
    last = 0
    for m in pattern.finditer(text):
        new = repl(m)
        if new is None or new == m.group(0):
            continue
        s, e = m.span()
        window = 4 * EXAMPLE_CONTEXT
        left = left_context(text[s - window : s] if s - last >= window else tail + text[last:s])
        right = right_context(text[e : e + 4 * EXAMPLE_CONTEXT])
        out.changes.append((left + m.group(0) + right, left + new + right))
        pieces.append(text[last:s])
        pieces.append(new)
        tail = (left + new)[-4 * EXAMPLE_CONTEXT :]
        last = e
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def left_context(s: str) -> str:
    """The last EXAMPLE_CONTEXT characters of ``s``, widened so as not to cut a word."""
    if len(s) <= EXAMPLE_CONTEXT:
        return s
    start = len(s) - EXAMPLE_CONTEXT
    floor = max(0, start - 3 * EXAMPLE_CONTEXT)
    while start > floor and (s[start - 1].isalnum() or s[start - 1] == "_"):
        start -= 1
    return s[start:]


def right_context(s: str) -> str:
    """The first EXAMPLE_CONTEXT characters of ``s``, widened so as not to cut a word."""
    word = _WORD_START.match(s, EXAMPLE_CONTEXT)
    return s[: word.end()] if word else s[:EXAMPLE_CONTEXT]


_WORD_START = re.compile(r"\w*")


def map_lines(
    text: str, fn: Callable[[str], str | None], out: Outcome, *, drop_blank_after: bool = True
) -> str:
    """Apply ``fn`` to every line; ``None`` drops the line. Changes are recorded per line.

    With ``drop_blank_after`` a dropped line that stood alone between blank lines takes
    the blank line after it too, so removing it does not leave a double paragraph break.
    """
    lines = text.split("\n")
    kept: list[str] = []
    skip_blank = False
    for line in lines:
        if skip_blank and not line.strip():
            skip_blank = False
            continue
        skip_blank = False
        new = fn(line)
        if new is None:
            out.changes.append((line, ""))
            # a dropped line that stood alone between blank lines takes one blank with it
            skip_blank = drop_blank_after and (not kept or not kept[-1].strip())
            continue
        if new != line:
            out.changes.append((line, new))
        kept.append(new)
    return "\n".join(kept)


@dataclass
class RunResult:
    """The cleaned text, one Fix per rule that changed it, every change, the evidence found."""

    text: str
    fixes: list[Fix]
    changes: list[tuple[str, str, str]]  # (rule, before, after), every change in order
    found: dict[str, list[Any]]
    emptied_by: str | None = None  # the rule that took the last letter (or all the text), if one did


LETTER = re.compile(r"[^\W\d_]")  # a letter of any script, CJK characters included


def run_rules(text: str, rules: Iterable[Rule], config: CleanConfig) -> RunResult:
    """Run ``rules`` in order, skipping those named in ``config.disabled_rules``."""
    fixes: list[Fix] = []
    changes: list[tuple[str, str, str]] = []
    found: dict[str, list[Any]] = {}
    emptied_by: str | None = None
    has_letters = bool(LETTER.search(text))
    for r in rules:
        if r.name in config.disabled_rules:
            continue
        out = r(text, config)
        for key, values in out.found.items():
            found.setdefault(key, []).extend(values)
        if out.changes:
            before, after = out.changes[0]
            fixes.append(Fix(r.name, max(1, len(out.changes)), _clip(before), _clip(after)))
            changes.extend((r.name, b, a) for b, a in out.changes)
        text = out.text
        # the rule that took the last letter (or, in a text without letters, everything)
        took_last = out.changes and not LETTER.search(text) and (has_letters or not text.strip())
        if emptied_by is None and took_last:
            emptied_by = r.name
    return RunResult(text, fixes, changes, found, emptied_by)
