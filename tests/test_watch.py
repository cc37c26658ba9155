"""The inbox watcher fires once a change has settled, and not again until the next change."""

import threading
import time
from pathlib import Path

import pytest

from ingest.watch import EventWaker, InboxWatcher, event_problem, filesystem_type, next_look


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_watch_fires_after_settle_then_stays_quiet(tmp_path):
    clock = Clock()
    w = InboxWatcher(tmp_path, clock=clock)
    assert w.changed(settle=5) is False  # empty inbox
    (tmp_path / "a.txt").write_text("Hong Kong Science Park")
    assert w.changed(settle=5) is False  # just arrived
    clock.t = 6
    assert w.changed(settle=5) is True
    clock.t = 20
    assert w.changed(settle=5) is False  # nothing new


def test_watch_ignores_hidden_files(tmp_path):
    w = InboxWatcher(tmp_path, clock=Clock())
    (tmp_path / ".partial.tmp").write_text("still copying")
    assert w.changed(settle=0) is False


MOUNTS = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
40 27 0:50 / /srv/news rw,relatime - nfs4 files:/export/news rw,vers=4.2
41 40 0:51 / /srv/news/local\\040copy rw,relatime - tmpfs tmpfs rw
42 27 0:52 / /mnt/share rw - cifs //nas/share rw
"""


@pytest.mark.parametrize(
    "path,kind",
    [
        ("/home/ana/inbox", "ext4"),
        ("/srv/news/inbox", "nfs4"),
        ("/srv/news", "nfs4"),
        ("/srv/newsroom", "ext4"),  # a name that starts like a mount point is not under it
        ("/srv/news/local copy/inbox", "tmpfs"),  # the deepest mount wins; \\040 is a space
        ("/mnt/share/in", "cifs"),
    ],
)
def test_watch_filesystem_type_is_the_deepest_mount_holding_the_path(tmp_path, path, kind):
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(MOUNTS)
    assert filesystem_type(Path(path), mountinfo) == kind


@pytest.mark.parametrize(
    "path,polls", [("/srv/news/inbox", True), ("/mnt/share/in", True), ("/home/x", False)]
)
def test_watch_network_shares_are_polled(tmp_path, path, polls):
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(MOUNTS)
    problem = event_problem(Path(path), mountinfo)
    assert (problem is not None) == polls
    if polls:
        assert "network share" in problem


def test_watch_no_mount_table_means_events(tmp_path):
    assert filesystem_type(tmp_path, tmp_path / "absent") is None
    assert event_problem(tmp_path, tmp_path / "absent") is None


def test_watch_waker_wakes_on_a_file_event_long_before_its_timeout(tmp_path):
    waker = EventWaker(tmp_path, events=True)
    try:
        time.sleep(0.3)  # the watch is set up in its thread
        t = time.monotonic()
        threading.Timer(0.2, lambda: (tmp_path / "a.txt").write_text("Cyberport")).start()
        assert waker.wait(20) is True
        assert time.monotonic() - t < 5
        assert waker.events and waker.failure is None
    finally:
        waker.close()


def test_watch_waker_without_events_sleeps_its_timeout_and_wake_ends_a_wait(tmp_path):
    waker = EventWaker(tmp_path, events=False)
    t = time.monotonic()
    assert waker.wait(0.2) is False and time.monotonic() - t >= 0.2
    threading.Timer(0.1, waker.wake).start()
    assert waker.wait(20) is True


def test_watch_waker_falls_back_to_polling_when_events_fail(tmp_path):
    said = []
    waker = EventWaker(tmp_path / "gone", events=True, on_failure=said.append)  # watchfiles refuses it
    assert waker.wait(20) is True  # woken by the failure, so the caller looks at once
    deadline = time.monotonic() + 5
    while waker.events and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not waker.events and said == [waker.failure] and "FileNotFoundError" in said[0]


def test_watch_next_look_is_soon_while_settling_else_idle_or_poll_interval(tmp_path):
    clock = Clock()
    w = InboxWatcher(tmp_path, clock=clock)
    events, polling = EventWaker(tmp_path, events=False), EventWaker(tmp_path, events=False)
    events.events = True  # as a waker that follows events says of itself
    assert next_look(w, events, 10, idle=30) == 30 and next_look(w, polling, 10) == 10
    (tmp_path / "a.txt").write_text("Science Park")
    w.changed(settle=5)
    assert next_look(w, events, 10) == 0.5 and next_look(w, polling, 0.2) == 0.2


def test_watch_command_runs_on_a_file_event_without_waiting_for_its_polling_interval(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import ingest.cli as cli

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.txt").write_text("Cyberport opened a new incubation round.")
    seen = []

    def fake_run(cfg, show_progress):
        seen.append(sorted(p.name for p in cfg.inbox.iterdir()))
        if len(seen) == 1:  # a second article lands after the first run
            threading.Timer(0.5, lambda: (inbox / "second.txt").write_text("HKSTP signed a deal.")).start()
        return {}

    monkeypatch.setattr(cli, "_run_flow", fake_run)
    monkeypatch.setattr(cli, "_print_summary", lambda s: None)
    args = ["watch", "--inbox", str(inbox), "--data", str(tmp_path / "data"), "--settle", "0.2"]
    result = {}
    t = threading.Thread(
        target=lambda: result.update(
            r=CliRunner().invoke(cli.app, [*args, "--interval", "3600", "--max-runs", "2"])
        ),
        daemon=True,
    )
    t.start()
    t.join(25)  # polling every hour would not see the second file; the event does
    assert not t.is_alive(), "the second file was not noticed"
    assert result["r"].exit_code == 0, result["r"].output
    assert "on file events" in result["r"].output
    assert seen == [["first.txt"], ["first.txt", "second.txt"]]
