"""The KB is loaded once per process while its files stay the same, and again when one changes."""

import os

import pytest

from ingest import knowledge
from ingest.knowledge import knowledge_base
from ingest.names.kb import AliasFileError


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(knowledge, "_loaded", {})


def _aliases(path, rows: str) -> None:
    path.write_text("entity_id,alias,scheme,kind\n" + rows, encoding="utf-8")


def test_knowledge_same_files_give_the_same_kb_with_its_ruler_entries_worked_out(tmp_path):
    f = tmp_path / "aliases.csv"
    _aliases(f, "ted-hui,許智峯,zh,PERSON\nted-hui,Ted Hui,english,PERSON\n")
    kb = knowledge_base((f,))
    assert knowledge_base((f,)) is kb and knowledge_base([f]) is kb
    assert kb._ruler is not None and ("Ted Hui", "PERSON") in kb.ruler_entries()
    assert knowledge_base(()) is not kb  # other files, another KB


def test_knowledge_an_edited_alias_file_is_read_again(tmp_path):
    f = tmp_path / "aliases.csv"
    _aliases(f, "ted-hui,Ted Hui,english,PERSON\n")
    before = knowledge_base((f,))
    _aliases(f, "ted-hui,Ted Hui,english,PERSON\nted-hui,Hui Chi-fung,english,PERSON\n")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # even within one clock tick
    after = knowledge_base((f,))
    assert after is not before and ("Hui Chi-fung", "PERSON") in after.ruler_entries()


def test_knowledge_a_bad_file_raises_and_is_not_kept(tmp_path):
    f = tmp_path / "aliases.csv"
    f.write_text("who,what\n", encoding="utf-8")
    with pytest.raises(AliasFileError):
        knowledge_base((f,))
    assert knowledge._loaded == {}


def test_knowledge_ruler_entries_are_redone_when_an_entity_is_added():
    from ingest.names import load_kb
    from ingest.names.kb import KBEntity

    kb = load_kb(())
    assert ("CIC-X", "ORG") not in kb.ruler_entries()  # worked out, and kept
    kb.add(KBEntity("cic-x", "ORG", "Cyberport Incubation Centre X", aliases=(("CIC-X", "english"),)))
    assert ("CIC-X", "ORG") in kb.ruler_entries()
