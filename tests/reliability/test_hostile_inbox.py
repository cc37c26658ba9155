"""The real flow over a hostile inbox beside good files: it returns, in bounded time, and every
bad input ends where it should with a reason; a second run adds only what is new.

Also each of the seven inputs that used to fail the whole run, alone beside a good file;
the front-matter crash that wedged the data folder; a FIFO sidecar holding the data lock.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from guard import guarded
from hostile import (
    HOSTILE_MAX_BYTES,
    INGESTED,
    SKIPPED,
    GrowingFile,
    write_good_files,
    write_hostile_inbox,
    write_new_good_file,
)
from observe import Layers, check_case, key_counts, read_folder

from ingest import storage
from ingest.config import PipelineConfig

RUN_BOUND_SECONDS = 300  # the whole hostile run on 2 shared cores
WATCHDOG_SECONDS = 480  # past this a run is hung: stacks are dumped and the test fails
MIN_KINDS = 50
ONE_FILE_BOUND_SECONDS = 90  # one hostile file beside a good one (a 5 MB line took 142 s before budgets)
GROWING = "growing/being_written.txt"


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    import flows  # noqa: F401  (sets Prefect's offline defaults)

    with prefect_test_harness(server_startup_timeout=180):
        yield


@dataclass
class Run:
    cfg: PipelineConfig
    summary: dict | None
    error: str | None  # the exception as text: its traceback would keep a failed run's memory
    seconds: float

    def require(self) -> dict:
        assert self.error is None, f"the flow raised {self.error}"
        assert self.summary is not None
        return self.summary


def run_flow(cfg: PipelineConfig, label: str, seconds: int = WATCHDOG_SECONDS) -> Run:
    from flows.ingest import ingest_flow

    summary, error = None, None
    with guarded(label, seconds, inbox=cfg.inbox) as timing:
        try:
            summary = ingest_flow(cfg)
        except Exception as e:  # the test reports it; the run must not raise
            traceback.print_exc()
            error = f"{type(e).__name__}: {str(e)[:2000]}"
    gc.collect()
    return Run(cfg, summary, error, timing["seconds"])


def _age(folder: Path, seconds: float) -> None:
    """Date every entry under ``folder`` ``seconds`` back, links themselves, not their targets."""
    then = time.time() - seconds
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            with contextlib.suppress(OSError):
                os.utime(os.path.join(root, name), (then, then), follow_symlinks=False)


@pytest.fixture(scope="module")
def hostile(harness, tmp_path_factory):
    """The hostile inbox beside four good files (and one being written), ingested once."""
    inbox = tmp_path_factory.mktemp("hostile") / "inbox"
    inbox.mkdir()
    good = write_good_files(inbox)
    cases = write_hostile_inbox(inbox)
    _age(inbox, 60)  # written a minute ago: settled, all but the growing file
    growing = GrowingFile(inbox / GROWING).start()
    cfg = PipelineConfig(inbox=inbox, data=inbox.parent / "data", batch_size=8, max_bytes=HOSTILE_MAX_BYTES)
    try:
        first = run_flow(cfg, "the hostile run")
    finally:
        final = growing.stop()
    print(f"\nhostile inbox: {len(cases)} kinds; first run {first.seconds:.1f} s")
    return dict(cfg=cfg, good=good, cases=cases, first=first, growing_bytes=final)


@pytest.fixture(scope="module")
def hostile_again(hostile):
    """The same inbox run again, plus one new good file (the growing file has settled)."""
    cfg = hostile["cfg"]
    before = {t: read_folder(cfg.data, t) for t in TABLES}
    new = write_new_good_file(cfg.inbox)
    _age(cfg.inbox, 60)  # the new file and the growing one, finished, have settled
    second = run_flow(cfg, "the second hostile run")
    print(f"\nsecond run {second.seconds:.1f} s")
    return dict(before=before, new=new, second=second)


TABLES = ("bronze/documents", "bronze/rejected", "silver/documents", "silver/quarantine", "gold/documents")


def test_hostile_inbox_has_at_least_50_kinds(hostile):
    names = [c.name for c in hostile["cases"]]
    print(f"\n{len(names)} hostile kinds: {', '.join(names)}")
    assert len(set(names)) == len(names), "two cases share a name"
    assert len(names) >= MIN_KINDS


def test_hostile_inbox_flow_returns_in_bounded_time(hostile):
    run = hostile["first"]
    run.require()
    assert run.seconds < RUN_BOUND_SECONDS, f"the hostile run took {run.seconds:.0f} s"


def test_hostile_inbox_good_files_reach_gold(hostile):
    run = hostile["first"]
    lay = Layers.read(run.cfg.data, run.require())
    missing = [g for g in hostile["good"] if lay.outcome(run.cfg.inbox, g) != INGESTED]
    assert not missing, f"good files not in gold/documents: {missing}"


def test_hostile_inbox_every_case_ends_where_expected(hostile):
    run = hostile["first"]
    lay = Layers.read(run.cfg.data, run.require())
    problems = [p for case in hostile["cases"] for p in check_case(case, lay, run.cfg.inbox)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_hostile_inbox_file_being_written_is_skipped_not_read_as_a_prefix(hostile):
    run = hostile["first"]
    lay = Layers.read(run.cfg.data, run.require())
    prefixes = [r for r in lay.bronze.get(GROWING, []) if r["raw_bytes"] != hostile["growing_bytes"]]
    assert not prefixes, f"{GROWING} was read while being appended to ({len(prefixes[0]['raw_bytes'])} bytes)"
    assert lay.outcome(run.cfg.inbox, GROWING) == SKIPPED, "a file still being written must be skipped"
    assert all(r.strip() for r in lay.reasons(GROWING))


def test_hostile_inbox_second_run_adds_the_new_file_and_loses_nothing(hostile, hostile_again):
    cfg, before, second = hostile["cfg"], hostile_again["before"], hostile_again["second"]
    lay = Layers.read(cfg.data, second.require())
    assert second.seconds < RUN_BOUND_SECONDS, f"the second run took {second.seconds:.0f} s"
    assert lay.outcome(cfg.inbox, hostile_again["new"]) == INGESTED
    settled = lay.bronze.get(GROWING, [])
    assert [r["raw_bytes"] for r in settled] == [hostile["growing_bytes"]], "the settled file, whole, once"
    gold_before = {r["doc_id"] for r in before["gold/documents"]}
    assert gold_before <= lay.gold_ids, f"lost from gold: {sorted(gold_before - lay.gold_ids)}"
    assert len(lay.gold_ids) == len(gold_before) + 2  # the new file and the settled one
    after = {t: read_folder(cfg.data, t) for t in TABLES}
    keys = {
        "bronze/documents": ("doc_id",),
        "bronze/rejected": ("source_path", "sha256", "reason_code"),
        "silver/documents": ("doc_id",),
        "silver/quarantine": ("doc_id", "stage"),
        "gold/documents": ("doc_id",),
    }
    for table, key in keys.items():
        dup = {k: n for k, n in key_counts(after[table], key).items() if n > 1}
        assert not dup, f"{table} has duplicated rows: {list(dup)[:5]}"
        lost = set(key_counts(before[table], key)) - set(key_counts(after[table], key))
        assert not lost, f"{table} lost rows: {sorted(map(str, lost))[:5]}"
    assert len(after["bronze/documents"]) == len(before["bronze/documents"]) + 2
    assert len(after["bronze/rejected"]) == len(before["bronze/rejected"])
    assert len(after["silver/quarantine"]) == len(before["silver/quarantine"])
    problems = [p for case in hostile["cases"] for p in check_case(case, lay, cfg.inbox)]
    assert not problems, "after the second run:\n" + "\n".join(problems)


# --- the seven inputs that failed the whole run, each alone beside a good file -------------------

GOOD = "good.txt"
GOOD_TEXT = (
    "Robotics centre opens in Tseung Kwan O\n\nThe Hong Kong Science and Technology Parks "
    "Corporation said on Friday that its robotics centre would open to tenants in January.\n"
)
SIDE_ART = "article.txt"


def _sidecar(meta: str):
    def write(inbox: Path) -> str:
        (inbox / SIDE_ART).write_text(GOOD_TEXT.replace("Robotics", "Sidecar robotics"), encoding="utf-8")
        (inbox / (SIDE_ART + ".meta.json")).write_text(meta, encoding="utf-8")
        return SIDE_ART

    return write


def _file(name: str | bytes, data: str):
    def write(inbox: Path) -> str:
        p = inbox / os.fsdecode(name) if isinstance(name, bytes) else inbox / name
        p.write_text(data, encoding="utf-8")
        return os.fsdecode(name)

    return write


def _sidecar_dir(inbox: Path) -> str:
    (inbox / "k.txt").write_text(GOOD_TEXT.replace("Robotics", "Directory robotics"), encoding="utf-8")
    (inbox / "k.txt.meta.json").mkdir()
    return "k.txt"


SEVEN = {
    "sidecar_lang_list": _sidecar(json.dumps({"lang": ["en"]})),
    "sidecar_is_directory": _sidecar_dir,
    "name_not_utf8": _file(b"bad\xffname.txt", GOOD_TEXT.replace("Robotics", "Latin-1 robotics")),
    "sidecar_nested_brackets": _sidecar("[" * 100_000),
    "front_matter_impossible_date": _file("fm.txt", "---\npublished_on: 2099-13-45\n---\n" + GOOD_TEXT[10:]),
    "lines_of_one_char": _file("lines.txt", "a\n" * 100_000),
    "single_line_5mb": _file(
        "line.txt", ("the panel reviewed the harbour sensor budget " * 120_000)[:5_000_000]
    ),
}


@pytest.mark.parametrize("name", sorted(SEVEN))
def test_flow_survives_input_that_failed_the_run(harness, tmp_path, name):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / GOOD).write_text(GOOD_TEXT, encoding="utf-8")
    bad = SEVEN[name](inbox)
    cfg = PipelineConfig(
        inbox=inbox, data=tmp_path / "data", batch_size=4, max_bytes=HOSTILE_MAX_BYTES, settle_seconds=0
    )
    run = run_flow(cfg, name, seconds=180)
    lay = Layers.read(cfg.data, run.require())
    assert run.seconds < ONE_FILE_BOUND_SECONDS, f"one {name} file took {run.seconds:.0f} s"
    assert lay.outcome(inbox, GOOD) == INGESTED, "the good file beside it was not ingested"
    got = lay.outcome(inbox, bad)
    assert got in {"ingested", "rejected", "quarantined", "skipped"}, f"{bad!r} is {got}"
    if got != INGESTED:
        assert lay.reasons(bad) and all(r.strip() for r in lay.reasons(bad))


def test_flow_front_matter_crash_does_not_wedge_the_data_folder(harness, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / GOOD).write_text(GOOD_TEXT, encoding="utf-8")
    bad = inbox / "bad_date.txt"
    bad.write_text("---\npublished_on: 2099-13-45\n---\nThe panel met on Monday.\n", encoding="utf-8")
    cfg = PipelineConfig(inbox=inbox, data=tmp_path / "data", batch_size=4, settle_seconds=0)
    first = run_flow(cfg, "run with the bad date", seconds=300)
    bad.unlink()
    (inbox / "later.txt").write_text(GOOD_TEXT.replace("Robotics", "Later robotics"), encoding="utf-8")
    second = run_flow(cfg, "run after the bad file was deleted", seconds=300)
    lay = Layers.read(cfg.data, second.require())
    assert lay.outcome(inbox, "later.txt") == INGESTED and lay.outcome(inbox, GOOD) == INGESTED
    first.require()


def test_flow_fifo_sidecar_neither_blocks_nor_holds_the_lock(harness, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / GOOD).write_text(GOOD_TEXT, encoding="utf-8")
    (inbox / "piped.txt").write_text(GOOD_TEXT.replace("Robotics", "Piped robotics"), encoding="utf-8")
    os.mkfifo(inbox / "piped.txt.meta.json")
    cfg = PipelineConfig(inbox=inbox, data=tmp_path / "data", batch_size=4, settle_seconds=0)
    run = run_flow(cfg, "run with a FIFO sidecar", seconds=120)
    lay = Layers.read(cfg.data, run.require())
    assert lay.outcome(inbox, GOOD) == INGESTED
    assert {lay.outcome(inbox, "piped.txt"), lay.outcome(inbox, "piped.txt.meta.json")} & {
        "rejected",
        "skipped",
    }, "the FIFO sidecar must be recorded with a reason"
    with storage.exclusive(cfg.data, wait_seconds=0):
        pass  # the lock was let go
