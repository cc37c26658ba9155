"""Rules for portal, e-paper and mirror-site chrome (Chinese and English), and one-line pages.

Each family has its own named rule, so a fix record says which chrome went: skip links and
menus, breadcrumbs fused to the headline, "related" headline lists, share widgets, e-paper
and font/print controls, asterisk bars inside a line, 'Read more' teasers, photo credits
fused to the next sentence, 'Editor in charge', a channel name repeated down the page. A
source line ('來源: 科技部網站') is moved out of the text and noted as evidence ``source`` (the
fix record keeps it). Every pattern is anchored to a whole line or to a line's edge and to
chrome wording, so prose that mentions 分享, 打印, 首頁 or 'read more' stays.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from ingest.clean.core import Outcome, map_lines, rule, sub_counting

if TYPE_CHECKING:
    from ingest.clean import CleanConfig

# A page that arrives as one line: this long, no line break, and the gaps of flattened fields
# (three or more spaces, ' | ') at least this often; a one-paragraph article has none.
ONE_LINE_MIN_CHARS = 100
ONE_LINE_MIN_GAPS = 2
_SENTENCE_END = re.compile(
    r"(?<=[。！？])(?![」』”’）)])|(?<=[a-z0-9)][.!?])\s+(?=[A-Z“\"])|(?<=[.!?][”\"])\s+(?=[A-Z])"
)
_FIELD_GAP = re.compile(r"\s{3,}|\s+\|\s+")

_HOME = re.compile(r"^(?:首頁|首页|主頁|主页|home)$", re.I)
_CRUMB_WORD = re.compile(r"^(?:[A-Za-z&-]{1,15}|[\u4e00-\u9fff]{1,5})$")  # one word: 'Technology', 即時新聞
_SKIP = re.compile(
    r"^(?:跳至主要內容|跳至主要内容|跳到主要內容|跳到主要内容|跳過導覽列|跳过导航|跳至內容|跳至内容)\s*"
)
_MENU = re.compile(
    r"^(?:(?:search|language|mobile|main|site|top|mega|global)\s+menu|menu|search|close|"
    r"open menu|close menu|toggle navigation|navigation)$",
    re.I,
)
_BRACKET_ITEM = r"\[\s*(?:graphical version|text version|text only|english|繁體版?|繁体版?|簡體版?|簡体版?|简体版?|" \
    r"中文|print version|accessibility|sitemap|site map|contact us|search)\s*\]"  # fmt: skip
_LANG_BAR = re.compile(rf"^(?:{_BRACKET_ITEM}\s*)+$", re.I)
_PLAIN_LANG_BAR = re.compile(
    r"^(?:EN|English|繁|简|繁體|簡體|简体|繁體中文|简体中文|簡體中文)(?:\s*[|/]\s*(?:EN|English|繁|简|繁體|簡體|简体|繁體中文|简体中文|簡體中文))+$"
)
_LANG_URL = re.compile(
    r"^(?:EN|English|繁|简|繁體|簡體|简体|中文)\s+https?://\S+$"
)  # a language switch with its link
_ARROW = r"\s*(?:->|>>|>|›|»|＞|→)\s*"
_CRUMB_HEAD = re.compile(
    rf"^(?:首頁|首页|主頁|主页|Home|HOME|當前位置[:：]?\s*(?:首頁|首页)?|当前位置[:：]?\s*(?:首頁|首页)?|您的位置[:：]?\s*(?:首頁|首页)?)(?:{_ARROW}[^\s>›»＞→-]{{1,12}})+(?=\s)(?!{_ARROW})"
)
_RELATED_HEAD = re.compile(
    r"^(?:相關新聞|相关新闻|相關報道|相关报道|相關文章|相关文章|延伸閱讀|延伸阅读|推薦閱讀|推荐阅读|熱門新聞|热门新闻|"
    r"熱門|热门|最新新聞|最新新闻|你可能感興趣|你可能感兴趣|猜你喜歡|猜你喜欢|"
    r"related (?:news|stories|articles|links)|more (?:news|stories)|you may also like|most read|latest news)\s*[:：]?$",
    re.I,
)
_HEADLINE_LIKE = re.compile(r"^[^。！？.!?]{4,60}$")
_SHARE = re.compile(
    r"^(?:分享(?:到|至|本文)?[:：]?(?:\s*(?:微信|微博|QQ空間|QQ空间|QQ|Facebook|Twitter|WhatsApp|Line|LinkedIn|Telegram|電郵|电邮|複製連結|复制链接))*"
    r"|(?:已)?(?:複製|复制)(?:連結|链接|網址|网址)(?:成功)?|連結已複製|链接已复制|copy link|link copied|copied!?"
    r"|share (?:this|on|via)\s*[:：]?(?:\s*(?:facebook|twitter|whatsapp|linkedin|e-?mail|x))*)$",
    re.I,
)
_EPAPER = re.compile(
    r"(?:通版阅读请点击[:：]?|通版閱讀請點擊[:：]?|展开通版|收缩通版|展開通版|收縮通版|当前版[:：]\s*\d{1,3}版|當前版[:：]\s*\d{1,3}版|"
    r"上一版|下一版|上一篇|下一篇|版面导航|版面導航|返回目录|返回目錄|本版新闻|本版新聞|PDF下载|PDF下載|往期回顾|往期回顧)"
)
_EPAPER_LINE = re.compile(rf"^(?:\s*(?:{_EPAPER.pattern}|[|｜>]))+\s*$")
_FONT = re.compile(
    r"^(?:[【\[]?(?:字號|字号|字體|字体)\s*[:：]?\s*(?:(?:默認|默认|標準|标准|大|中|小|超大|較大|较大|放大|縮小|缩小)\s*[|｜]?\s*)+[】\]]?"
    r"|[【\[]?(?:打印|列印|打印本頁|打印本页|列印本頁|關閉|关闭|關閉窗口|关闭窗口|收藏|返回)[】\]]?)"
    r"(?:\s*[|｜]?\s*[【\[]?(?:打印|列印|打印本頁|打印本页|列印本頁|關閉|关闭|關閉窗口|关闭窗口|收藏|返回|大|中|小)[】\]]?)*\s*[|｜]?$"
)
_STAR_RUN = re.compile(r"\s*[*＊]{10,}\s*")
_READ_MORE_LINE = re.compile(
    r"^(?:.*(?:…|\.\.\.)\s*)?(?:read more|more|閱讀全文|阅读全文|查看全文|全文)\s*(?:»|>>|›|→)?$", re.I
)
_PHOTO_FUSED = re.compile(r"(?<=[a-z0-9)][.!?])(?=(?:Photo|Picture|Image)s?(?: by|:|/))")
_PHOTO_LINE = re.compile(
    r"^[(（]?(?:(?:Photos?|Pictures?|Images?)(?: by|:|/)\s*[^\n]{1,60}|(?:圖|图|圖片|图片|攝影|摄影)\s*[:：/]\s*[^\n。]{1,30})[)）]?$"
)
_EDITOR = re.compile(
    r"^(?:\[?\s*)?(?:Editor in charge|Editor|Edited by|Responsible editor)\s*[:：]\s*\S.{0,40}$", re.I
)
_SOURCE = re.compile(
    r"^(?:來源|来源|資料來源|资料来源|消息來源|消息来源|Source)\s*[:：]\s*(?P<source>[^\n]{2,40})$"
)
# Chrome lines are short; longer lines are prose and are not matched at all, which also keeps
# every rule linear (a pattern with repeated alternatives cannot backtrack over a long line).
CHROME_MAX_CHARS = 200
_SENTENCE_PUNCT = re.compile(r"[。！？，、；.!?,;:：]")


@rule(
    "one_line_page",
    "give a page that arrived as one line its structure back: a line per sentence and per heading-like field",
)
def one_line_page(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    body = text.strip()
    if len(body) < ONE_LINE_MIN_CHARS or "\n" in body or len(_FIELD_GAP.findall(body)) < ONE_LINE_MIN_GAPS:
        return out
    fields = [f.strip() for f in _FIELD_GAP.split(body) if f.strip()]
    crumb = 0  # 'Home   News   Technology': a flattened breadcrumb, given back its arrows for nav_crumbs
    if fields and _HOME.match(fields[0]):
        crumb = 1
        while crumb < len(fields) - 1 and _CRUMB_WORD.match(fields[crumb]):
            crumb += 1
    parts = [" > ".join(fields[:crumb])] if crumb > 1 else fields[:crumb]
    for f in fields[crumb:]:
        parts += [s.strip() for s in _SENTENCE_END.split(f) if s.strip()]
    new = "\n".join(parts)
    if new != text.strip():
        out.changes.append((text[:80], new[:80]))
        out.text = new
    return out


@rule(
    "skip_links", "remove 'skip to main content' links in Chinese (跳至主要內容, 跳過導覽列) at a line start"
)
def skip_links(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = map_lines(
        text,
        lambda line: (_SKIP.sub("", line.strip()) or None) if _SKIP.match(line.strip()[:40]) else line,
        out,
    )
    return out


@rule(
    "menus",
    "remove menu and language bars ('Search Menu', 'Mobile Menu', '[GRAPHICAL VERSION] [English] [繁體版]', 'EN | 繁 | 简')",
)
def menus(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)

    def fix(line: str) -> str | None:
        s = line.strip()
        return None if any(_chrome(p, s) for p in (_MENU, _LANG_BAR, _PLAIN_LANG_BAR, _LANG_URL)) else line

    out.text = map_lines(text, fix, out)
    return out


@rule(
    "portal_crumbs",
    "remove a portal breadcrumb at a line start ('首頁 -> 港澳 -> 社會'), keeping a headline fused after it",
)
def portal_crumbs(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)

    def fix(line: str) -> str | None:
        s = line.strip()
        m = _CRUMB_HEAD.match(s[:CHROME_MAX_CHARS])
        if not m:
            return line
        rest = s[m.end() :].lstrip(" >›»＞→-")
        return rest or line  # a trail alone on its line is nav_crumbs' to remove

    out.text = map_lines(text, fix, out)
    return out


@rule(
    "related_lists",
    "remove a 'related news' heading (相關新聞, 延伸閱讀, 'More stories') and the short headline lines under it",
)
def related_lists(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    lines = text.split("\n")
    keep: list[str] = []
    i = 0
    while i < len(lines):
        if _chrome(_RELATED_HEAD, lines[i]):
            j = i + 1
            while j < len(lines) and (
                (not lines[j].strip() and j + 1 < len(lines) and _HEADLINE_LIKE.match(lines[j + 1].strip()))
                or _HEADLINE_LIKE.match(lines[j].strip())
            ):
                j += 1
            out.changes.append((" | ".join(x.strip() for x in lines[i:j] if x.strip()), ""))
            i = j
            continue
        keep.append(lines[i])
        i += 1
    out.text = "\n".join(keep)
    return out


@rule("share_widgets", "remove share widgets ('分享到：微信 微博', '已複製連結', 'Copy link', 'Share this:')")
def share_widgets(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = map_lines(text, lambda line: None if _chrome(_SHARE, line) else line, out)
    return out


@rule(
    "epaper_controls",
    "remove e-paper controls ('通版阅读请点击：', '展开通版', '收缩通版', '当前版:01版', '上一版 下一版')",
)
def epaper_controls(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = map_lines(text, lambda line: None if _chrome(_EPAPER_LINE, line) else line, out)
    return out


@rule(
    "font_print_controls",
    "remove font-size and print controls ('字號: 默認 超大 | 打印 |', '【打印】【關閉】')",
)
def font_print_controls(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = map_lines(text, lambda line: None if _chrome(_FONT, line) else line, out)
    return out


@rule(
    "asterisk_runs", "cut a line at a run of ten or more asterisks (a mirror's separator bar inside a line)"
)
def asterisk_runs(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)

    def fix(line: str) -> str | None:
        if not _STAR_RUN.search(line):
            return line
        parts = [p for p in _STAR_RUN.split(line) if p.strip()]
        return "\n".join(parts) if parts else line  # a bar alone on its line is hkgov_footer's

    out.text = map_lines(text, fix, out)
    return out


@rule("read_more", "remove a teaser line ending in '… Read more' (and a lone 'Read more', 閱讀全文)")
def read_more(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = map_lines(text, lambda line: None if _chrome(_READ_MORE_LINE, line) else line, out)
    return out


@rule(
    "photo_credits",
    "split a photo credit from the caption it is fused to ('…a speech.Photo by Xinhua') and remove credit lines",
)
def photo_credits(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    split = sub_counting(_PHOTO_FUSED, lambda m: "\n", text, out)
    out.text = map_lines(split, lambda line: None if _chrome(_PHOTO_LINE, line) else line, out)
    return out


@rule("editor_in_charge", "remove an editor line ('Editor in charge: Wang Fei', 'Edited by …')")
def editor_in_charge(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = map_lines(text, lambda line: None if _chrome(_EDITOR, line) else line, out)
    return out


@rule(
    "repeated_channel",
    "remove a short line without punctuation repeated three or more times (a channel name: 'TVB News')",
)
def repeated_channel(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    counts = Counter(s for s in (line.strip() for line in text.split("\n")) if s)
    chrome = {s for s, n in counts.items() if n >= 3 and len(s) <= 30 and not _SENTENCE_PUNCT.search(s)}
    if chrome:
        out.text = map_lines(text, lambda line: None if line.strip() in chrome else line, out)
    return out


@rule(
    "source_line",
    "move a source line ('來源: 科技部網站', 'Source: Xinhua') out of the text; it is kept as evidence 'source' and in this fix",
)
def source_line(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)

    def fix(line: str) -> str | None:
        m = _SOURCE.match(line.strip()) if len(line) <= CHROME_MAX_CHARS else None
        if not m:
            return line
        out.note("source", m.group("source").strip())
        return None

    out.text = map_lines(text, fix, out)
    return out


_URLISH = re.compile(r"https?://|www\.", re.I)


def is_chrome_line(line: str) -> bool:
    """True when ``line`` is page chrome of a family above (a menu, a skip link, a language bar,
    a crumb, a share widget, e-paper or print controls) or carries a URL: never a headline."""
    s = line.strip()
    if len(s) > CHROME_MAX_CHARS:
        return False
    return bool(
        _URLISH.search(s)
        or _SKIP.match(s)
        or _MENU.match(s)
        or _LANG_BAR.match(s)
        or _PLAIN_LANG_BAR.match(s)
        or _SHARE.match(s)
        or _EPAPER_LINE.match(s)
        or _FONT.match(s)
        or re.match(r"^(?:skip to (?:main )?content|EN\b)", s, re.I)
    )


def _chrome(pattern: re.Pattern[str], line: str) -> bool:
    """``line`` (stripped, not blank, at most CHROME_MAX_CHARS long) matches a chrome ``pattern``."""
    s = line.strip()
    return bool(s) and len(s) <= CHROME_MAX_CHARS and bool(pattern.match(s))
