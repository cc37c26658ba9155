"""A hostile inbox: one file (or link, pipe, folder) per kind of bad or odd input, with what must happen.

Each :class:`Case` names the relative paths it writes and, per path, the outcomes accepted:

- ``ingested``: in gold/documents (odd but valid input);
- ``rejected``: a bronze/rejected row with a reason;
- ``quarantined``: a silver/quarantine row with a reason (it decoded, but cleaning or
  extraction could not make an article of it);
- ``skipped``: in the run summary's ``skipped`` list with a reason, and no row;
- ``ignored``: no row and no record, by design (hidden files);
- ``same_content``: no row of its own because its bytes are in bronze under another path.

Where the issue leaves a choice to whoever fixes it (a FIFO may be skipped or rejected),
a path accepts several outcomes; ``must_record`` then says that at least one path of the
case is recorded with a reason, so nothing is dropped silently. All texts are our own.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import socket
import stat
import threading
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

INGESTED, REJECTED, QUARANTINED = "ingested", "rejected", "quarantined"
SKIPPED, IGNORED, SAME_CONTENT = "skipped", "ignored", "same_content"
RECORDED = frozenset({REJECTED, QUARANTINED, SKIPPED})
NOT_READ = frozenset({SKIPPED, REJECTED})  # special files: recorded, never read
BUDGET = frozenset({INGESTED, QUARANTINED})  # huge but valid text: either within budget or quarantined
BAD_META = frozenset({QUARANTINED, REJECTED})  # bad front matter: bronze or silver may report it

HOSTILE_MAX_BYTES = 6_000_000  # above the 5 MB single-line case, so only too_large is too large


@dataclass(frozen=True)
class Case:
    """One kind of hostile input: what it writes and what must become of each path."""

    name: str
    outcomes: tuple[tuple[str, frozenset[str]], ...]  # (relative path, accepted outcomes)
    contains: str | None = None  # when ingested, bronze `text` must hold this (right decoding)
    must_record: bool = False  # some path of the case must be rejected, quarantined or skipped

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(p for p, _ in self.outcomes)


def _en(tag: str) -> str:
    """A short English release of our own, distinct per tag."""
    return (
        f"{tag.capitalize()} scheme opens\n\n"
        f"The Innovation and Technology Commission said on Tuesday that the {tag} scheme had "
        f"received 42 applications from local start-ups. Officials will review the {tag} "
        "proposals before the end of March.\n"
    )


def _hant(tag: str) -> str:
    return f"創新科技署今日宣布，{tag}資助計劃已收到四十二份申請，評審將於三月底前完成。\n"


def _hans(tag: str) -> str:
    return f"创新科技署今日宣布，{tag}资助计划已收到四十二份申请，评审将于三月底前完成。\n"


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.cases: list[Case] = []

    def path(self, rel: str | bytes) -> Path:
        p = Path(os.fsdecode(rel)) if isinstance(rel, bytes) else Path(rel)
        full = self.root / p
        full.parent.mkdir(parents=True, exist_ok=True)
        return full

    def add(self, name: str, *outcomes: tuple[str | bytes, Iterable[str]], **kw) -> None:
        rows = tuple((os.fsdecode(p), frozenset(e)) for p, e in outcomes)
        self.cases.append(Case(name, rows, **kw))

    def file(self, name: str, rel: str | bytes, data: bytes | str, expect: Iterable[str], **kw) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.path(rel).write_bytes(raw)
        self.add(name, (rel, expect), **kw)

    def sidecar(self, name: str, meta: bytes | str, expect=frozenset({REJECTED})) -> None:
        """An article of its own with a bad sidecar: the article is rejected (bad_sidecar)."""
        art = f"sidecar/{name}.txt"
        self.path(art).write_text(_en(name.replace("_", " ")), encoding="utf-8")
        self.path(art + ".meta.json").write_bytes(meta.encode("utf-8") if isinstance(meta, str) else meta)
        self.add(name, (art, expect), (art + ".meta.json", {IGNORED, SKIPPED, REJECTED}))

    def special_sidecar(self, name: str, make) -> None:
        """An article whose sidecar is no regular file: never read, and recorded somewhere."""
        art = f"special/{name}.txt"
        self.path(art).write_text(_en(name.replace("_", " ")), encoding="utf-8")
        make(self.path(art + ".meta.json"))
        self.add(
            name, (art, NOT_READ | {INGESTED}), (art + ".meta.json", NOT_READ | {IGNORED}), must_record=True
        )


def write_good_files(folder: Path) -> list[str]:
    """Four good articles of our own, with names easy to find in gold afterwards."""
    files = {
        "good/GOOD-en-smart-harbour-release.txt": (
            "Smart harbour trial begins at Kwai Chung\n\n"
            "HONG KONG, December 1 - The Secretary for Innovation, Technology and Industry, "
            "Professor Sun Dong, today launched a trial of sensor buoys in Victoria Harbour. "
            "The Hong Kong Productivity Council will publish the first results in June.\n"
        ),
        "good/GOOD-en-talent-scheme-release.txt": (
            "Talent scheme admits first researchers\n\n"
            "The Innovation and Technology Commission said on Wednesday that 120 researchers "
            "had joined the Research Talent Hub this year, most of them at the Science Park.\n"
        ),
        "good/GOOD-zh-hant-data-park.txt": (
            "數碼港數據中心啟用\n\n香港特別行政區政府今日宣布，數碼港新數據中心正式啟用，"
            "創新科技及工業局局長孫東教授出席開幕典禮。\n"
        ),
        "good/GOOD-zh-hans-shenzhen-lab.txt": (
            "深港联合实验室揭牌\n\n深圳市科技创新局今日表示，深港联合实验室在河套合作区揭牌，"
            "首批二十个研究项目将于明年启动。\n"
        ),
    }
    for rel, text in files.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return sorted(files)


def write_new_good_file(folder: Path) -> str:
    """The good file that arrives between the first and the second run."""
    rel = "good/GOOD-en-second-run-arrival.txt"
    (folder / rel).write_text(
        "Second run arrival report\n\nThe Commission added a late note on Thursday: the drone "
        "delivery pilot in Sai Kung will carry medicine to three clinics from next month.\n",
        encoding="utf-8",
    )
    return rel


def write_hostile_inbox(folder: Path, max_bytes: int = HOSTILE_MAX_BYTES) -> list[Case]:
    """Write every hostile kind under ``folder``; returns the cases (at least 50 kinds)."""
    w = _Writer(Path(folder))
    _write_content_cases(w, max_bytes)
    _write_sidecar_cases(w)
    _write_name_and_link_cases(w)
    return w.cases


def _write_content_cases(w: _Writer, max_bytes: int) -> None:
    rej, qua, ing = {REJECTED}, {QUARANTINED}, {INGESTED}
    w.file("empty", "content/empty.txt", b"", rej)
    w.file("whitespace_only", "content/blank.txt", " \n\t\n   \r\n", rej)
    w.file("nul_bytes", "content/nul.txt", b"The board met\x00\x00 on Monday\x00.\n" * 20, rej)
    w.file("control_chars", "content/control.txt", bytes(range(1, 9)) * 200, rej)
    w.file("pdf_magic", "content/scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n", rej)
    w.file("png_magic", "content/photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(300), rej)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "zipped")
    w.file("zip_magic", "content/archive.txt", buf.getvalue(), rej)
    w.file("gzip_magic", "content/packed.txt", gzip.compress(_en("gzip").encode()), rej)
    w.file("elf_magic", "content/program.txt", b"\x7fELF\x02\x01\x01" + bytes(500), rej)
    w.file("just_over_max_bytes", "content/too_large.txt", b"word " * (max_bytes // 5) + b"x", rej)
    w.file("only_question_marks", "content/qmarks.txt", "??????\n", qua)
    w.file("only_punctuation", "content/punct.txt", "!!! ... ,,, ;;; --- ***\n", qua)
    w.file("only_emoji", "content/emoji.txt", "🎉\n", qua)
    w.file("only_page_furniture", "content/furniture.txt", "Back to top\nAdvertisement\nRead more\n", qua)
    w.file("html_without_body", "content/nobody.html", "<html><head><title></title></head></html>", qua)
    w.file(
        "html_only_scripts",
        "content/scripts.html",
        "<html><head><script>var a=1;</script></head><body><script>go()</script><style>p{}</style></body></html>",
        qua,
    )
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Harbour feed</title>'
        "<item><title>Feed item on the sensor buoys</title><description>The Commission said the "
        "buoys report water quality every hour.</description></item></channel></rss>\n"
    )
    w.file("xml_rss_feed", "content/feed.xml", rss, BUDGET)
    article = {"title": "JSON release on the fintech week", "body": _en("fintech week json")}
    w.file("json_article", "content/article.json", json.dumps(article, ensure_ascii=False), BUDGET)
    w.file("lines_of_one_char", "content/lines.txt", "a\n" * 100_000, BUDGET)
    line = ("the committee discussed the harbour sensor budget and the talent scheme again " * 70_000)[
        :5_000_000
    ]
    w.file("single_line_5mb", "content/one_line.txt", line, BUDGET)
    zh = ("創新科技署資助本地初創企業發展人工智能及數據科學研究" * 40_000)[:1_000_000]
    w.file("chinese_1m_unpunctuated", "content/zh_long.txt", zh, BUDGET)
    # decoding: each must keep its characters
    w.file(
        "utf8_one_invalid_byte_en",
        "enc/cafe.txt",
        _en("café owners — twelve of them").encode() + b"Caf\xff note.\n",
        ing,
        contains="café owners — twelve",
    )
    w.file(
        "utf8_one_invalid_byte_zh",
        "enc/zh_bad_byte.txt",
        _hant("雲端保安").encode() + b"\xff" + _hant("網絡保安").encode(),
        ing,
        contains="雲端保安資助計劃",
    )
    w.file(
        "utf8_truncated_tail", "enc/truncated.txt", _hant("智慧燈柱").encode()[:-2], ing, contains="智慧燈柱"
    )
    w.file("utf8_bom", "enc/bom8.txt", b"\xef\xbb\xbf" + _en("utf8 bom").encode(), ing, contains="utf8 bom")
    w.file("utf16_bom", "enc/bom16.txt", _en("utf sixteen").encode("utf-16"), ing, contains="utf sixteen")
    w.file(
        "utf16_no_bom",
        "enc/le16.txt",
        _en("bomless sixteen").encode("utf-16-le"),
        {INGESTED, REJECTED},
        contains="bomless sixteen",
    )
    w.file("utf32_bom", "enc/bom32.txt", _en("utf thirty two").encode("utf-32"), ing, contains="thirty two")
    w.file("gb18030", "enc/gb.txt", _hans("量子计算").encode("gb18030"), ing, contains="量子计算")
    w.file("big5", "enc/big5.txt", _hant("生物醫藥").encode("big5"), ing, contains="生物醫藥")
    w.file(
        "crlf_line_ends", "enc/crlf.txt", _en("crlf line").replace("\n", "\r\n"), ing, contains="crlf line"
    )
    w.file("zero_width_space_title", "enc/zwsp.txt", "\u200b\n\n" + _en("zero width"), ing)
    # front matter
    body = _en("front matter")
    w.file(
        "front_matter_impossible_date",
        "fm/bad_date.txt",
        "---\npublished_on: 2099-13-45\n---\n" + body,
        BAD_META,
    )
    w.file(
        "front_matter_malformed_yaml",
        "fm/malformed.txt",
        "---\ntitle: [unclosed\noutlet: : :\n---\n" + _en("malformed yaml"),
        BAD_META,
    )
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    w.file("front_matter_alias_bomb", "fm/bomb.txt", bomb + "title: *i\n---\n" + _en("alias bomb"), BAD_META)
    w.file(
        "front_matter_unknown_key",
        "fm/unknown_key.txt",
        "---\nlayout: post\ntags: [harbour]\npublished_on: 2026-11-30\n---\n" + _en("unknown key"),
        ing,
    )


def _write_sidecar_cases(w: _Writer) -> None:
    w.sidecar("sidecar_lang_list", json.dumps({"lang": ["en"]}))
    w.sidecar("sidecar_lang_unknown", json.dumps({"lang": "klingon"}))
    w.sidecar("sidecar_published_on_list", json.dumps({"published_on": ["2026-11-30"]}))
    w.sidecar("sidecar_url_number", json.dumps({"url": 12345}))
    w.sidecar("sidecar_outlet_object", json.dumps({"outlet": {"name": "Harbour Daily"}}))
    w.sidecar("sidecar_title_list", json.dumps({"title": ["Harbour", "Daily"]}))
    w.sidecar("sidecar_unknown_key", json.dumps({"author": "A. Writer"}))
    w.sidecar("sidecar_not_object", json.dumps(["published_on", "2026-11-30"]))
    w.sidecar("sidecar_invalid_json", '{"outlet": "Harbour Daily",')
    w.sidecar("sidecar_empty_file", b"")
    w.sidecar("sidecar_not_utf8", '{"outlet": "Caf\xe9 Daily"}'.encode("latin-1"))
    w.sidecar("sidecar_lone_surrogate", '{"title": "broken \\ud800 title"}')
    w.sidecar("sidecar_nested_brackets", "[" * 100_000)
    w.sidecar("sidecar_1mb", json.dumps({"title": "t" * 1_000_000}))
    # a directory named like a sidecar: its article is never crashed on
    art = "special/sidecar_is_directory.txt"
    w.path(art).write_text(_en("sidecar directory"), encoding="utf-8")
    w.path(art + ".meta.json").mkdir()
    w.add(
        "sidecar_is_directory",
        (art, NOT_READ | {INGESTED}),
        (art + ".meta.json", NOT_READ | {IGNORED}),
        must_record=True,
    )
    w.special_sidecar("sidecar_fifo", os.mkfifo)
    w.special_sidecar("sidecar_dev_zero", lambda p: p.symlink_to("/dev/zero"))
    w.special_sidecar("sidecar_symlink_loop", lambda p: p.symlink_to(p.name))
    orphan = "special/orphan.txt.meta.json"
    w.path(orphan).write_text(json.dumps({"outlet": "Nobody"}), encoding="utf-8")
    w.add("orphan_sidecar", (orphan, {SKIPPED}))


def _make_socket(p: Path) -> bool:
    """A unix socket at ``p`` (its path may be too long for AF_UNIX: bind from its folder)."""
    cwd = os.getcwd()
    try:
        os.chdir(p.parent)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(p.name)
        s.close()  # the socket file stays
        return True
    except OSError:
        return False
    finally:
        os.chdir(cwd)


def _write_name_and_link_cases(w: _Writer) -> None:
    ing = {INGESTED}
    w.file("name_leading_dash", "names/-rf --all.txt", _en("leading dash"), ing)
    w.file("name_with_newline", "names/two\nlines.txt", _en("newline name"), ing)
    w.file("name_spaces_and_emoji", "names/Harbour report 🚢 final.txt", _en("emoji name"), ing)
    w.file("name_only_spaces", "names/   ", _en("spaces name"), ing)
    w.file("name_near_name_max", "names/" + "n" * 246 + ".txt", _en("long name"), ing)
    any_record = {INGESTED, REJECTED, SKIPPED}
    w.file("name_not_utf8", b"names/bad\xffname.txt", _en("latin one name"), any_record)
    # hidden files are no articles; listing them among the skipped (with a reason) is fine too
    w.file("hidden_file", "names/.hidden_note.txt", _en("hidden file"), {IGNORED, SKIPPED})
    w.file("hidden_folder", ".git/notes.txt", _en("hidden folder"), {IGNORED})
    w.file("directory_named_like_article", "x.txt/inside.txt", _en("folder named txt"), ing)
    w.file("deeply_nested", "/".join(["deep"] * 40) + "/bottom.txt", _en("deep folder"), ing)
    target = "links/a_link_target.txt"  # sorts before its link: the target's path is the one kept
    w.path(target).write_text(_en("link target"), encoding="utf-8")
    w.path("links/inside_link.txt").symlink_to("a_link_target.txt")
    w.add("symlink_inside_inbox", (target, {INGESTED}), ("links/inside_link.txt", {SKIPPED, SAME_CONTENT}))
    outside = w.root.parent / f"{w.root.name}-outside.txt"
    outside.write_text(_en("outside file"), encoding="utf-8")
    w.path("links/outside_link.txt").symlink_to(outside)
    w.add("symlink_outside_inbox", ("links/outside_link.txt", {INGESTED, SKIPPED, REJECTED}))
    w.path("links/loop.txt").symlink_to("loop.txt")
    w.add("symlink_loop", ("links/loop.txt", NOT_READ))
    w.path("links/ping.txt").symlink_to("pong.txt")
    w.path("links/pong.txt").symlink_to("ping.txt")
    w.add("symlink_loop_of_two", ("links/ping.txt", NOT_READ), ("links/pong.txt", NOT_READ))
    w.path("links/dangling.txt").symlink_to("no_such_file.txt")
    w.add("dangling_symlink", ("links/dangling.txt", NOT_READ))
    os.mkfifo(w.path("special/pipe.txt"))
    w.add("fifo_article", ("special/pipe.txt", NOT_READ))
    if _make_socket(w.path("special/sock.txt")):
        w.add("unix_socket", ("special/sock.txt", NOT_READ))
    locked = w.path("special/locked.txt")
    locked.write_text(_en("locked file"), encoding="utf-8")
    locked.chmod(0)
    # as root (CI) chmod 000 does not stop reading: then the file is simply an article
    readable = os.access(locked, os.R_OK)
    w.add("unreadable_chmod_000", ("special/locked.txt", {INGESTED} if readable else {REJECTED}))


def release_fifos(folder: Path) -> None:
    """Open the writing end of every FIFO under ``folder`` once, so a reader blocked on one wakes up."""
    for dirpath, _, names in os.walk(folder):
        for n in names:
            p = os.path.join(dirpath, n)
            with contextlib.suppress(OSError):
                if stat.S_ISFIFO(os.lstat(p).st_mode):
                    os.close(os.open(p, os.O_WRONLY | os.O_NONBLOCK))


class GrowingFile:
    """An article still being written: a thread appends a line every few milliseconds until stopped."""

    def __init__(self, path: Path, every: float = 0.02) -> None:
        self.path, self.every = Path(path), every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._grow, name="growing-file", daemon=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(_en("growing file"), encoding="utf-8")

    def _grow(self) -> None:
        n = 0
        while not self._stop.wait(self.every) and n < 50_000:
            n += 1
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(f"Update {n}: the reporter adds one more line to the growing file.\n")

    def start(self) -> GrowingFile:
        self._thread.start()
        return self

    def stop(self) -> bytes:
        """Stop writing, date the file an hour back (settled) and return its final bytes."""
        self._stop.set()
        self._thread.join()
        past = time.time() - 3600
        os.utime(self.path, (past, past))
        return self.path.read_bytes()
