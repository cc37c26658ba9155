"""The evaluation script on the shared name clusters (skipped when the corpora are absent)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ingest.names import compare_names

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora"
EP = CORPUS / "everypolitician_hk_legco" / "clusters.jsonl"
CEDICT = CORPUS / "cedict_person_names" / "cedict_persons_hk_macau.tsv"


def _script():
    spec = importlib.util.spec_from_file_location("eval_names", ROOT / "scripts" / "eval_names.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_names"] = mod  # dataclasses look their module up here
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize(
    ("path", "loader"),
    [(EP, "load_everypolitician"), (CEDICT, "load_cedict")],
    ids=["everypolitician", "cedict"],
)
def test_pairwise_precision_and_recall_without_kb(path: Path, loader: str) -> None:
    if not path.exists():
        pytest.skip(f"{path} not present")
    ev = _script()
    people = getattr(ev, loader)(path)
    ev.mark_noise(people)
    pairs = [p for p in ev.make_pairs(people) if ev.decidable(p[0], p[1])]
    s = ev.score(pairs, lambda a, b: compare_names(a, b).same)
    assert s["precision"] >= 0.98 and s["recall"] >= 0.95, s


def test_noise_rules() -> None:
    ev = _script()
    forms = ["Albert Chan", "Albert CHAN Wai-yip", "Albert Chen", "陳偉業", "Tshṳ̀n Ví-ngia̍p"]
    assert ev._noise_rule("Albert Chen", forms) == "mandarinised"
    assert ev._noise_rule("Tshṳ̀n Ví-ngia̍p", forms) == "non_chinese_scheme"
    assert ev._noise_rule("Albert CHAN Wai-yip", forms) is None
    assert (
        ev._noise_rule("Xuē Yǒnghéng", ["Xuē Yǒnghéng", "薛永恒"]) is None
    )  # tone-marked pinyin is not noise
    assert ev._noise_rule("Chris Patten", ["Chris Patten", "彭定康"]) == "not_a_transliteration"


def test_misses_are_put_down_to_their_cause() -> None:
    ev = _script()
    alone = ev.Person("p1", ["Vivian Kwok", "KWOK Wai-man", "郭慧雯"], {})
    bridged = ev.Person("p2", ["Kelvin Kwok", "Kelvin KWOK Ka-ming", "郭家明"], {})
    pairs = ev.make_pairs([alone, bridged])
    counts, examples = ev.miss_causes([alone, bridged], pairs, lambda a, b: False)
    assert ("Vivian Kwok", "郭慧雯") in examples["english_name_only"]
    assert ("Kelvin Kwok", "郭家明") in examples["bridge_not_followed"]
    assert ("KWOK Wai-man", "郭慧雯") in examples["spelling"]
    assert sum(counts.values()) == sum(1 for *_, t in pairs if t)
