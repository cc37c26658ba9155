"""One long document cannot make the names resolver do work per mention that grows with the document."""

from __future__ import annotations

import importlib

import pytest

from ingest.model import Mention
from ingest.names import DocContext, load_kb, resolve

resolve_module = importlib.import_module("ingest.names.resolve")  # the module, not the function
GIVEN = "偉明志強文華國家建新"


def _doc(n_short: int) -> tuple[list[Mention], str]:
    names = [f"陳{a}{b}" for a in GIVEN for b in GIVEN[:4]] + ["陳生"] * n_short
    mentions, parts, pos = [], [], 0
    for name in names:
        mentions.append(Mention("d", pos, pos + len(name), name, "PERSON", "test"))
        parts.append(name + "說。")
        pos += len(name) + 2
    return mentions, "".join(parts)


@pytest.mark.parametrize("n_short", [200, 800])
def test_resolve_compares_a_repeated_short_form_once_per_document(
    n_short: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real = resolve_module.compare_parsed

    def counting(a, b):
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(resolve_module, "compare_parsed", counting)
    mentions, text = _doc(n_short)
    res = resolve(mentions, {"d": DocContext("zh-Hant", None, 0, text)}, load_kb())
    assert len(res.mentions) == len(mentions)
    assert calls <= 2 * 40 + 50  # the 40 full names once, not once per '陳生'
