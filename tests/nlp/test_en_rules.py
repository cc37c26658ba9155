"""Repairs of spaCy's English spans for news about officials (pure: no model needed)."""

import pytest

from ingest.nlp.en_rules import repair_spans


def _span(text, part, label="ORG", source="spacy:test"):
    i = text.index(part)
    return (i, i + len(part), label, source)


def _texts(text, spans):
    return [(text[s:e], label, src) for s, e, label, src in spans]


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("The Minister of Science and Technology, Mr Wang Zhigang, spoke.", "Science and Technology"),
        ("The Secretary for Innovation and Technology, Mr Alfred Sit, spoke.", "Innovation and Technology"),
        (
            "The Vice Minister of Science and Technology, Mr Zhang Guangjun, attended.",
            "Science and Technology",
        ),
        ("The Financial Secretary, Mr Paul Chan, attended.", "Financial"),
        ("The Commissioner for Innovation and Technology also attended.", "Innovation and Technology"),
    ],
)
def test_en_rules_subject_of_a_title_is_not_an_organisation(text, part):
    assert repair_spans(text, [_span(text, part)]) == []


@pytest.mark.parametrize(
    ("text", "part", "whole"),
    [
        (
            "the CAS Guangzhou Institutes of Biomedicine and Health will move",
            "Biomedicine and Health",
            "CAS Guangzhou Institutes of Biomedicine and Health",
        ),
        (
            "the Director of the Constitutional and Mainland Affairs Bureau attended",
            "Mainland Affairs",
            "Constitutional and Mainland Affairs Bureau",
        ),
    ],
)
def test_en_rules_organisation_cut_short_is_widened(text, part, whole):
    (got,) = repair_spans(text, [_span(text, part)])
    assert text[got[0] : got[1]] == whole and got[3] == "rule:en_org_span"


def test_en_rules_widening_never_swallows_a_person():
    text = "Chief Executive Carrie Lam and Mainland Affairs Bureau officials met."
    spans = [_span(text, "Carrie Lam", "PERSON", "kb_ruler"), _span(text, "Mainland Affairs")]
    got = _texts(text, repair_spans(text, spans))
    assert ("Carrie Lam", "PERSON", "kb_ruler") in got
    assert all(t != "Carrie Lam and Mainland Affairs Bureau" for t, _, _ in got)


@pytest.mark.parametrize("honorific", ["Mr", "Mrs", "Ms", "Dr", "Professor"])
def test_en_rules_surname_after_honorific_is_a_person(honorific):
    text = f"{honorific} Wang presented plaques to the laboratories."
    (got,) = repair_spans(text, [_span(text, "Wang", "ORG")])
    assert got[2:] == ("PERSON", "rule:en_honorific")


def test_en_rules_names_run_together_across_the_are_dropped():
    text = "They signed at Government House the Memorandum of Understanding."
    assert repair_spans(text, [_span(text, "Government House the Memorandum of Understanding")]) == []


@pytest.mark.parametrize(
    ("text", "part"),
    [
        (
            "The Office of the Government Chief Information Officer said so.",
            "Office of the Government Chief Information Officer",
        ),
        ("The Ministry of Science and Technology said so.", "Ministry of Science and Technology"),
        ("The President of the Chinese Academy of Sciences spoke.", "Chinese Academy of Sciences"),
    ],
)
def test_en_rules_real_organisations_are_kept(text, part):
    assert _texts(text, repair_spans(text, [_span(text, part)])) == [(part, "ORG", "spacy:test")]


def test_en_rules_trailing_punctuation_is_trimmed_and_kb_spans_untouched():
    text = "Innovation, Technology and Industry Bureau, and the Secretary for Innovation and Technology"
    kb = _span(text, "Innovation and Technology", "ORG", "kb_ruler")
    got = repair_spans(text, [(0, 11, "ORG", "spacy:test"), kb])
    assert (text[got[0][0] : got[0][1]], got[-1]) == ("Innovation", kb)


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        (
            'signed the "Arrangement on Enhancing Cooperation" today',
            '"Arrangement on Enhancing Cooperation',
            "Arrangement on Enhancing Cooperation",
        ),
        ("the “Joint Funding Scheme” was launched", "Joint Funding Scheme”", "Joint Funding Scheme"),
        (
            "the Hong Kong Productivity Council (HKPC) said",
            "Hong Kong Productivity Council (HKPC)",
            "Hong Kong Productivity Council (HKPC)",
        ),
    ],
)
def test_en_rules_unbalanced_quotes_are_trimmed(text, part, expected):
    (got,) = repair_spans(text, [_span(text, part)])
    assert text[got[0] : got[1]] == expected
