"""YAML front matter at the top of a text file: parsed and stripped.

Only a block that opens the file with a line ``---``, closes with ``---`` (or ``...``)
within :data:`MAX_LINES` lines and parses to a mapping counts; anything else is text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

MAX_LINES = 60  # a front-matter block longer than this is not front matter
_BLOCK = re.compile(
    r"\A\ufeff?---[ \t]*\n(?P<body>(?:.*\n){0," + str(MAX_LINES) + r"}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)"
)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(the front matter as a dict, the text without it); ``({}, text)`` when there is none."""
    m = _BLOCK.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group("body"))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return {str(k): v for k, v in data.items()}, text[m.end() :]
