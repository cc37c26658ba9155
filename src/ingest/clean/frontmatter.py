"""YAML front matter at the top of a text file: parsed and stripped.

Only a block that opens the file with a line ``---`` and closes with ``---`` (or ``...``)
within :data:`MAX_LINES` lines counts. A block whose first line reads as a ``key: value``
line is meant as front matter: when it is malformed YAML, is over :data:`MAX_BYTES`, nests
deeper than :data:`MAX_DEPTH`, uses aliases (``*name``, the billion-laughs expansion) or is
not a mapping, :class:`FrontMatterError` says so with the YAML error's line, and the file is
quarantined until the user fixes it. Any other block (a rule line over plain text) is text.

Timestamps stay strings (``published_on: 2099-13-45`` is then reported by the supplied-metadata
check, naming the field, instead of PyYAML's ValueError).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ingest.errors import SidecarError

MAX_LINES = 60  # a front-matter block longer than this is not front matter
MAX_BYTES = 64 * 1024  # a front-matter block larger than this is rejected
MAX_DEPTH = 8  # mappings and lists nested deeper than this are rejected
_BLOCK = re.compile(
    r"\A\ufeff?---[ \t]*\n(?P<body>(?:.*\n){0," + str(MAX_LINES) + r"}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)"
)
_KEY_LINE = re.compile(r"[ \t]*[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")


class FrontMatterError(SidecarError):
    """A file's YAML front matter is malformed, too large, too deep or uses aliases."""


class _Limited(yaml.SafeLoader):
    """A SafeLoader without aliases, with a depth limit, that keeps timestamps as strings."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in front matter; write the value out",
                problem_mark=mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.MarkedYAMLError(
                    problem=f"nested deeper than {MAX_DEPTH} levels", problem_mark=mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Limited.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def split_front_matter(text: str, origin: str = "document") -> tuple[dict[str, Any], str]:
    """(the front matter as a dict, the text without it); ``({}, text)`` when there is none.

    Raises :class:`FrontMatterError` (naming ``origin`` and the YAML line) when a block meant
    as front matter cannot be used.
    """
    m = _BLOCK.match(text)
    if not m:
        return {}, text
    body = m.group("body")
    first = next((line for line in body.split("\n", MAX_LINES) if line.strip()), "")
    meant = bool(_KEY_LINE.match(first))
    size = len(body.encode("utf-8", "surrogatepass"))
    if meant and size > MAX_BYTES:
        raise FrontMatterError(
            f"front matter of {origin} is {size:,} bytes, over the limit of {MAX_BYTES:,}; "
            "keep only short metadata fields (title, published_on, url, outlet, lang) in it"
        )
    try:
        data = yaml.load(body, Loader=_Limited)  # a SafeLoader subclass: no arbitrary objects
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        if not meant:
            return {}, text
        raise FrontMatterError(
            f"front matter of {origin} is not valid YAML ({_describe(exc)}); fix the block between "
            "the '---' lines (one 'key: value' per line) or remove it, then add the file again"
        ) from exc
    if not isinstance(data, dict):
        if not meant:
            return {}, text
        raise FrontMatterError(
            f"front matter of {origin} is a YAML {type(data).__name__}, not a mapping of fields; "
            "write one 'key: value' per line between the '---' lines"
        )
    return {str(k): v for k, v in data.items()}, text[m.end() :]


def _describe(exc: BaseException) -> str:
    """The YAML error in one line, with its lines in the file (the block starts on line 2):
    where the broken construct opened (an unclosed quote or bracket), then where it failed."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None:
        at = f" (line {mark.line + 2})" if mark is not None else ""
        return f"line {context_mark.line + 2}: {context}, {problem}{at}"
    if mark is not None:
        return f"line {mark.line + 2}: {problem}"
    return problem
