"""Rules for page furniture and for metadata written into the text (English and Chinese).

Furniture (site lines, crumbs, share links, markdown residue, HK government release
footers) is removed. Metadata lines (outlet, header date, dateline, byline, e-mail) are
moved out of the text and reported as evidence, from which :mod:`ingest.metadata` builds
the document's DocMeta.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.clean.core import Outcome, map_lines, rule, sub_counting
from ingest.metadata import DateEvidence, parse_date

if TYPE_CHECKING:
    from ingest.clean import CleanConfig

HEAD_LINES = 6  # header dates and datelines are looked for in this many first non-blank lines

_FURNITURE = re.compile(
    r"^(?:newspapers? (?:in|from) [\w ]{2,40}"
    r"|(?:share|tweet|facebook|twitter|whatsapp|linkedin|weibo|wechat|e-?mail|print)"
    r"(?:\s*(?:this|article|story|page|on|to a friend|[|/·•,:]))*"
    r"(?:\s*[|/·•,]?\s*(?:share|tweet|facebook|twitter|whatsapp|linkedin|weibo|wechat|e-?mail|print))*"
    r"|back to top|go to main content|skip to (?:main )?content|advertisement|read more"
    r"|related (?:articles|stories|links|news)|all rights reserved\.?|copyright ©.*|© ?\d{4}.*"
    r"|返回(?:頁首|页首|頂部|顶部|首頁|首页)|廣告|广告"
    r"|[A-Z]\d{1,2}[\s\u3000]*(?:[\u4e00-\u9fff][\s\u3000]*){2,4})$",
    re.I,
)
_CRUMB_HOME = re.compile(r"^[•›>»·*-]?\s*(?:home|首頁|首页|主頁|主页)$", re.I)
_CRUMB_ITEM = re.compile(r"^[•›>»·]\s*\S")
_CRUMB_TRAIL = re.compile(r"^(?:home|首頁|首页|主頁|主页)\s*[>›»/|•]\s*\S.*$", re.I)
_MD_LINK = re.compile(r"(!?)\[([^\[\]\n]{1,300})\]\(([^()\s]*)\)")
_STAR_BAR = re.compile(r"^[*＊]{5,}$")
_ENDS = re.compile(r"^Ends(?:/\s*(.*))?$")
_ISSUED = re.compile(
    r"^(?:Issued at HKT \d{1,2}:\d{2}|香港時間\d{1,2}時\d{1,2}分|香港时间\d{1,2}时\d{1,2}分)$"
)
_ZH_FOOT_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日(?:[（(]星期.[)）])?$")
_HEADER_LABEL = re.compile(
    r"^(?:date|dated|published(?: on)?|posted(?: on)?|(?:last )?updated(?: on)?|發佈日期|发布日期|發布日期|發佈時間|發布時間|发布时间|"
    r"更新時間|更新时间|更新日期|日期)\s*[:：]?\s*"
    r"|^\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?\s*,?\s*(?=[A-Z][a-z]+\.? \d|\d{1,2} [A-Z]|\d{4})",  # '13:45, December 21, 2023'
    re.I,
)
_CLOCK = re.compile(
    r"^\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:HKT|[ap]\.?m\.?))?(?=\s|$)", re.I
)  # time after a date
_WEEKDAY = re.compile(r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|星期.|週.|周.),?\s*")
_DATELINE_FRAGMENT = re.compile(
    r"^,\s*(?P<place>[A-Z][A-Za-z.' -]{1,40}?),\s*(?P<date>[A-Za-z]+\.? [0-3]?\d(?:st|nd|rd|th)?(?:,? \d{4})?)\.\s*"
)
_DATELINE = re.compile(
    r"^(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)(?P<place>[A-Z][A-Z.' -]{1,30}|[A-Z][a-z]+(?: [A-Z][a-z]+)?),\s*"
    r"(?P<date>[A-Z][a-z]{2,8}\.? [0-3]?\d(?:st|nd|rd|th)?(?:,? \d{4})?)\s*"
    r"(?:\((?P<outlet>[A-Za-z .]{2,30})\)\s*(?:(?:--|-|—|–)\s+)?|(?:--|-|—|–)\s+)"
)
_DATELINE_WIRE = re.compile(
    r"^(?P<place>[A-Z][A-Z.' ]{3,30}?)(?: \((?P<outlet>[A-Za-z .]{2,30})\))?\s*(?:--|-|—|–)\s+(?=[A-Z])"
)
_NEWS_MARK = re.compile(r"^[【\[](?:本報訊|本报讯|本報專訊|本报专讯)[】\]]\s*(?P<place>)")
NOT_OUTLETS = frozenset({"reporter", "staff reporter", "correspondent", "本報", "本报"})
_DATELINE_ZH = re.compile(
    r"^[【\[]?(?P<outlet>新華社|新华社|中新社|中通社|本報|本报)(?:記者)?(?P<place>[\u4e00-\u9fff]{2,8}?)"
    r"(?P<date>\d{1,2}月\d{1,2}日)(?:電|电|訊|讯|消息)[】\]]?\s*"
)
_BYLINE_ZH_INLINE = re.compile(
    r"^(?:本報|本报)?(?:記者|记者)(?P<name>[\u4e00-\u9fff·]{2,4}(?:[、，,][\u4e00-\u9fff·]{2,4}){0,3})(?:報道|报道)[:：]\s*"
)
_NAME = r"[A-Z][A-Za-z.'’-]*"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_BYLINE = re.compile(
    rf"^[-–—•*]?\s*(?:By|BY|Written by|Reported by)\s+(?P<name>{_NAME}(?:(?:\s+|\s*,\s*|\s+and\s+){_NAME}){{0,5}}?)"
    rf"(?:\s+in\s+(?P<place>[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+){{0,2}}))?"
    rf"(?:\s*[|,/(]?\s*(?P<email>{_EMAIL})\)?)?\s*$"
)
_BYLINE_LABEL = re.compile(
    r"^(?:Reporter|Author|Writer|Text by|Story by)\s*[:：]\s*(?P<name>[^\n]{2,60})$", re.I
)
_BYLINE_ZH = re.compile(
    r"^(?:(?:本報|本报)?(?:記者|记者|撰文|作者|責任編輯|责任编辑|編輯|编辑)\s*[:：\s]\s*(?P<name>[\u4e00-\u9fff·]{2,12}(?:[ 、，,][\u4e00-\u9fff·]{2,4}){0,3})"
    r"|[（(【]\s*(?:本報|本报)?(?:記者|记者)\s*(?P<name2>[\u4e00-\u9fff·]{2,4}(?:[ 、，,][\u4e00-\u9fff·]{2,4}){0,3})\s*(?:報道|报道)\s*[）)】])$"
)
_EMAIL_RE = re.compile(rf"\s*(?:(?:e-?mail|電郵|电邮)\s*[:：]?\s*)?[(<\[]?(?P<email>{_EMAIL})[)>\]]?", re.I)
_OUTLET_NAMES = (
    "China Daily|China Daily Hong Kong|South China Morning Post|SCMP|The Standard|Hong Kong Free Press|"
    "HKFP|Xinhua|Xinhua News Agency|Global Times|People's Daily|RTHK|news.gov.hk|Hong Kong Economic Journal|"
    "EJ Insight|The Straits Times|Reuters|Bloomberg|Caixin|Sixth Tone|Hong Kong Government News|Ta Kung Pao|"
    "Wen Wei Po|明報|星島日報|东方日报|東方日報|文匯報|文汇报|大公報|大公报|香港01|人民日報|人民日报|新華社|新华社|"
    "經濟日報|香港經濟日報|信報|頭條日報|南華早報|中國日報|中国日报|環球時報|环球时报|香港政府新聞網|政府新聞公報"
)
KNOWN_OUTLETS: frozenset[str] = frozenset(name.lower() for name in _OUTLET_NAMES.split("|"))
_OUTLET_LINE = re.compile(r"^(?P<outlet>[^()\n]{2,40}?)\s*(?:\((?P<region>[^()\n]{2,30})\))?$")


@rule("markdown_links", "unwrap markdown link residue '[text](#)' to its text; drop image links")
def markdown_links(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = sub_counting(_MD_LINK, lambda m: "" if m.group(1) else m.group(2), text, out)
    return out


@rule("nav_crumbs", "remove navigation crumbs ('• Home • News • …', 'Home > News > …')")
def nav_crumbs(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    lines = text.split("\n")
    keep: list[str] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if _CRUMB_HOME.match(s) and i + 1 < len(lines) and _CRUMB_ITEM.match(lines[i + 1].strip()):
            j = i
            while j < len(lines) and (j == i or _CRUMB_ITEM.match(lines[j].strip())):
                j += 1
            out.changes.append((" ".join(x.strip() for x in lines[i:j]), ""))
            i = j
            continue
        if _CRUMB_TRAIL.match(s):
            out.changes.append((s, ""))
        else:
            keep.append(lines[i])
        i += 1
    out.text = "\n".join(keep)
    return out


@rule(
    "page_furniture",
    "remove site lines: 'Newspapers in English', share/print/e-mail links, 'Back to top', 返回頁首, 廣告 …",
)
def page_furniture(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    out.text = map_lines(text, lambda line: None if _FURNITURE.match(line.strip()) else line, out)
    return out


@rule(
    "hkgov_footer",
    "remove HK government release furniture (star bar, 'Ends/<date>', 'Issued at HKT', 'NNNN', 完); the Ends date becomes evidence",
)
def hkgov_footer(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    in_footer = False

    def fix(line: str) -> str | None:
        nonlocal in_footer
        s = line.strip()
        m = _ENDS.match(s)
        if m or s == "完":
            in_footer = True
            parsed = parse_date(m.group(1)) if m and m.group(1) else None
            if parsed:
                out.note("date", DateEvidence("footer", s, parsed[0]))
            return None
        if _STAR_BAR.match(s) or s == "NNNN" or _ISSUED.match(s):
            if _ISSUED.match(s):
                out.note("outlet", "HKSAR Government press release")
            return None
        if in_footer and _ZH_FOOT_DATE.match(s):
            parsed = parse_date(s)
            if parsed:
                out.note("date", DateEvidence("footer", s, parsed[0]))
            return None
        if s:
            in_footer = False
        return line

    out.text = map_lines(text, fix, out)
    return out


def _head_indices(lines: list[str]) -> list[int]:
    return [i for i, s in enumerate(lines) if s.strip()][:HEAD_LINES]


@rule(
    "outlet_line",
    "move a line near the top naming a known or supplied outlet ('China Daily (Hong Kong)') to metadata",
)
def outlet_line(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    known = KNOWN_OUTLETS | {o.lower() for o in config.outlets}
    lines = text.split("\n")
    for i in _head_indices(lines):
        s = lines[i].strip()
        m = _OUTLET_LINE.match(s)
        if m and m.group("outlet").strip().lower() in known:
            out.note("outlet", s)
            out.changes.append((s, ""))
            del lines[i]
            out.text = "\n".join(lines)
            break
    return out


def _head_indices(lines: list[str]) -> list[int]:
    return [i for i, s in enumerate(lines) if s.strip()][:HEAD_LINES]


@rule(
    "header_date",
    "move a date label or date-only line at the top ('date 2023-03-18', 'Updated: 2019-02-22 13:25', '13:45, December 21, 2023', '發佈日期：…') to metadata",
)
def header_date(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    lines = text.split("\n")
    for i in _head_indices(lines):
        s = lines[i].strip()
        label = _HEADER_LABEL.match(s) or _WEEKDAY.match(s)
        begin = label.end() if label else 0
        parsed = parse_date(s[begin:])
        if not parsed or s.find(parsed[1], begin) != begin:
            continue
        start = begin
        rest = _CLOCK.sub("", s[start + len(parsed[1]) :], count=1)
        if label and label.re is _HEADER_LABEL:
            rest = rest.lstrip(" ,;:：，")
        elif len(rest) <= 16 and not re.search(r"[a-z]{4,}.*[a-z]{4,}", rest):
            rest = ""  # a date-only line, perhaps with a weekday or time
        else:
            continue
        out.note("date", DateEvidence("header", s[: start + len(parsed[1])], parsed[0]))
        out.changes.append((s, rest))
        if rest:
            lines[i] = rest
        else:
            del lines[i]
        out.text = "\n".join(lines)
        break
    return out


@rule(
    "dateline",
    "move a dateline ('BEIJING, March 18 (Xinhua) -', ', Hong Kong, December 3rd.', 新華社北京3月18日電) to metadata",
)
def dateline(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    lines = text.split("\n")
    for i in _head_indices(lines)[:3]:
        s = lines[i].strip()
        for pat in (_DATELINE_FRAGMENT, _DATELINE, _DATELINE_WIRE, _DATELINE_ZH, _NEWS_MARK):
            m = pat.match(s)
            if not m:
                continue
            g = m.groupdict()
            parsed = parse_date(g["date"]) if g.get("date") else None
            if g.get("date") and not parsed:
                continue
            place = g["place"].strip()
            if place:
                out.note("dateline_place", place.title() if place.isupper() else place)
            if g.get("outlet") and g["outlet"].strip().lower() not in NOT_OUTLETS:
                out.note("outlet", g["outlet"].strip())
            if parsed:
                out.note("date", DateEvidence("dateline", m.group(0).strip(), parsed[0]))
            out.changes.append((s, s[m.end() :]))
            lines[i] = s[m.end() :]
            out.text = "\n".join(lines)
            return out
    return out


@rule(
    "byline",
    "move a byline ('By JANE DOE in Hong Kong …', '記者 陳大文', '（記者陳大文報道）') and its e-mail to metadata",
)
def byline(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)

    def fix(line: str) -> str | None:
        s = line.strip()
        if not s:
            return line
        m = None if len(s) > 160 else (_BYLINE.match(s) or _BYLINE_LABEL.match(s) or _BYLINE_ZH.match(s))
        if not m:
            inline = _BYLINE_ZH_INLINE.match(s)
            if inline:  # '記者陳大文報道：' opening a paragraph: the paragraph stays
                out.note("byline", inline.group("name"))
                return s[inline.end() :]
            return line
        g = m.groupdict()
        out.note("byline", (g.get("name") or g.get("name2") or "").strip())
        if g.get("place"):
            out.note("dateline_place", g["place"])
        if g.get("email"):
            out.note("email", g["email"])
        return None

    out.text = map_lines(text, fix, out)
    return out


@rule("emails", "move e-mail addresses (with an 'E-mail:' label or brackets) from the text to metadata")
def emails(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    if "@" not in text:
        return out

    def repl(m: re.Match[str]) -> str:
        out.note("email", m.group("email").rstrip("."))
        return ""

    out.text = sub_counting(_EMAIL_RE, repl, text, out)
    return out


_TODAY = re.compile(
    r"\b(?:today|this (?:morning|afternoon|evening))\s*\((?P<date>[A-Z][a-z]+\.? [0-3]?\d(?:,? \d{4})?)\)"
    r"|(?:今日|今天|今早|今晚)\s*[（(](?P<zh>(?:[\d〇零一二三四五六七八九]{4}年)?[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日)[)）]"
)


@rule(
    "body_date",
    "note a body phrase that dates the article ('today (September 20)', 今日（9月20日）, 今日（十月十一日）) as evidence; the text is unchanged",
)
def body_date(text: str, config: CleanConfig) -> Outcome:
    out = Outcome(text)
    m = _TODAY.search(text)
    if m:
        parsed = parse_date(m.group("date") or m.group("zh"))
        if parsed:
            out.note("date", DateEvidence("body_phrase", m.group(0), parsed[0]))
    return out
