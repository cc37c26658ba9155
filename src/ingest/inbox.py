"""The inbox as bronze reads it: which entries are articles, and their bytes, read safely.

- The tree is walked without recursion and without following links to folders, so a
  link loop or a deep tree cannot hang or crash the walk.
- Only regular files are opened. FIFOs, sockets, devices, hidden entries (a name starting
  with ``.``, and everything under a hidden folder), links to folders and sidecars
  without an article are skipped, each with the reason.
- A symbolic link is followed when it ends at a regular file inside the inbox; dangling
  links, loops and links that leave the inbox are skipped with the reason.
- A file is opened with ``O_NONBLOCK | O_NOFOLLOW`` and checked with ``fstat`` (an entry
  swapped for a FIFO between the walk and the read cannot block); it is read only when it
  has been still for ``settle_seconds`` and did not change while read, else it waits.
- Names are bytes on disk. :func:`display_name` gives a UTF-8 form safe to store and
  print: bytes that are not UTF-8 become ``\\xff`` escapes, control characters ``\\x0a``
  or ``\\u0085`` escapes. The raw bytes stay the path's identity.
"""

from __future__ import annotations

import errno
import os
import stat
import time
import unicodedata
from dataclasses import dataclass, field

from .errors import ConfigError

SIDECAR_SUFFIX = b".meta.json"
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def display_name(raw: bytes) -> str:
    """``raw`` as safe UTF-8 text: invalid bytes as ``\\xNN``, controls and bidi marks escaped."""
    out = []
    for ch in raw.decode("utf-8", "backslashreplace"):
        cat = unicodedata.category(ch)
        if cat == "Cc" and ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif cat in ("Cc", "Zl", "Zp") or ch in _BIDI:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def is_verbatim(raw: bytes, shown: str) -> bool:
    """Whether ``shown`` is ``raw`` decoded as it is (no escape was needed)."""
    return shown.encode("utf-8") == raw


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


@dataclass(frozen=True)
class Entry:
    """A file of the inbox to read: ``rel`` its path as the file system holds it."""

    rel: bytes
    open_path: bytes  # the entry itself, or the regular file its link ends at
    shown: str

    @property
    def verbatim(self) -> bool:
        return is_verbatim(self.rel, self.shown)


@dataclass(frozen=True)
class Article(Entry):
    """An article candidate with its sidecar: ``sidecar`` to read, or ``sidecar_problem``."""

    sidecar: Entry | None = None
    sidecar_problem: str | None = None


@dataclass
class Scan:
    """One walk of the inbox: the articles in byte order of their paths, and what was skipped.

    ``present`` holds every non-folder path an article could be at (readable or not), so a
    path missing from it is gone; ``unlisted`` the folders that could not be listed, under
    which nothing may be taken as gone; ``empty`` is true when the inbox holds no entry at all.
    """

    articles: list[Article] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    present: set[bytes] = field(default_factory=set)
    unlisted: list[bytes] = field(default_factory=list)
    empty: bool = True

    def may_be_gone(self, rel: bytes) -> bool:
        """Whether an absent ``rel`` is really gone (not under a folder that could not be listed)."""
        return not self.empty and not any(rel.startswith(d + b"/") for d in self.unlisted)


def _follow(full: bytes, root: bytes) -> tuple[bytes | None, str]:
    """The regular file inside ``root`` that the link ``full`` ends at, or (None, why not)."""
    try:
        st = os.stat(full)
    except FileNotFoundError:
        return None, "a symbolic link to nothing (its target does not exist); fix or remove the link"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return None, "a symbolic link loop; fix or remove the link"
        return None, f"a symbolic link that cannot be followed ({e.strerror})"
    target = os.path.realpath(full)
    if os.path.commonpath([root, target]) != root:
        return None, (
            f"a symbolic link to {display_name(target)}, outside the inbox; only links to files "
            "inside the inbox are followed: copy the file in instead"
        )
    if not stat.S_ISREG(st.st_mode):
        return None, f"a symbolic link to {_kind(st.st_mode)}; only links to regular files are followed"
    return target, ""


def _classify(full: bytes, root: bytes) -> tuple[bytes | None, str]:
    """What to open for a non-folder entry, or (None, why it is skipped)."""
    try:
        st = os.lstat(full)
    except OSError as e:
        return None, f"it could not be examined ({e.strerror}); it is tried again next run"
    if stat.S_ISLNK(st.st_mode):
        return _follow(full, root)
    if stat.S_ISREG(st.st_mode):
        return full, ""
    return None, f"{_kind(st.st_mode)}, not a regular file; only regular files are read"


def scan(inbox: str | os.PathLike) -> Scan:
    """Walk ``inbox`` (never following links to folders) and sort out what to read."""
    root = os.path.realpath(os.fsencode(inbox))
    out = Scan()
    stack: list[bytes] = [b""]
    while stack:
        rel_dir = stack.pop()
        try:
            with os.scandir(os.path.join(root, rel_dir) if rel_dir else root) as it:
                entries = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in it)
        except OSError as e:
            if not rel_dir:
                raise ConfigError(f"the inbox {inbox} cannot be listed ({e.strerror}); check it.") from e
            out.unlisted.append(rel_dir)
            out.skipped.append((display_name(rel_dir), f"the folder could not be listed ({e.strerror})"))
            continue
        out.empty = out.empty and not entries
        files = {name for name, is_dir in entries if not is_dir}
        names = {name for name, _ in entries}
        for name, is_dir in entries:
            rel = rel_dir + b"/" + name if rel_dir else name
            if name.startswith(b"."):
                out.skipped.append((display_name(rel), "hidden (its name starts with '.'): not read"))
            elif is_dir:
                stack.append(rel)
            elif name.endswith(SIDECAR_SUFFIX):
                if name[: -len(SIDECAR_SUFFIX)] not in files:
                    article = display_name(name[: -len(SIDECAR_SUFFIX)])
                    out.skipped.append(
                        (display_name(rel), f"a sidecar with no article {article} beside it; not read")
                    )
            else:
                out.present.add(rel)
                _add_article(out, root, rel, name + SIDECAR_SUFFIX in names)
    out.articles.sort(key=lambda a: a.rel)
    out.skipped.sort()
    return out


def _add_article(out: Scan, root: bytes, rel: bytes, has_sidecar: bool) -> None:
    full = os.path.join(root, rel)
    target, why = _classify(full, root)
    shown = display_name(rel)
    if target is None:
        out.skipped.append((shown, why))
        return
    side, problem = None, None
    if has_sidecar:
        side_rel = rel + SIDECAR_SUFFIX
        side_target, why = _classify(os.path.join(root, side_rel), root)
        if side_target is None:
            problem = f"{display_name(os.path.basename(side_rel))} is {why}"
        else:
            side = Entry(side_rel, side_target, display_name(side_rel))
    out.articles.append(Article(rel, target, shown, side, problem))


class NotReady(Exception):
    """The file cannot be read as a whole right now (being written, or swapped); try next run."""


class TooLarge(Exception):
    """The file has more bytes than allowed."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


@dataclass(frozen=True)
class FileBytes:
    data: bytes
    mtime: float  # seconds since the epoch


def _open(path: bytes) -> int:
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)


def read_file(path: bytes, limit: int, settle_seconds: float, now: float | None = None) -> FileBytes:
    """The whole of a regular file, read once it is still.

    Raises :class:`NotReady` when it is not a regular file any more, was modified less than
    ``settle_seconds`` ago or changed while read; :class:`TooLarge` over ``limit`` bytes;
    ``OSError`` when it cannot be opened or read.
    """
    now = time.time() if now is None else now
    try:
        fd = _open(path)
    except OSError as e:
        if e.errno == errno.ELOOP:  # the file was replaced by a link since the walk
            raise NotReady("it was replaced while the inbox was read; it is read next run") from e
        raise
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise NotReady(f"it became {_kind(before.st_mode)} while the inbox was read")
        if before.st_size > limit:
            raise TooLarge(before.st_size)
        age = now - before.st_mtime
        if abs(age) < settle_seconds:
            raise NotReady(
                f"it was modified {max(age, 0):.1f} s ago and may still be being written; "
                f"it is read once it has been still for {settle_seconds:g} s"
            )
        chunks, got, want = [], 0, before.st_size + 1  # one byte more tells that it grew
        while got < want:
            chunk = os.read(fd, min(1 << 20, want - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    changed = (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)
    if changed or len(data) != after.st_size:
        raise NotReady("it changed while it was read (still being written?); it is read next run")
    return FileBytes(data, before.st_mtime)
