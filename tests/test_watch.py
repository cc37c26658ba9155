"""The inbox watcher fires once a change has settled, and not again until the next change."""

from ingest.watch import InboxWatcher


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
