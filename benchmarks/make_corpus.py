"""Generate a synthetic inbox of distinct articles about many distinct people, for benchmarks at scale.

Every text comes from our own templates (no corpus text). Articles are in five shapes, as in
``examples/inbox``: an HK government press release, a newspaper page with a little page
furniture, a machine translation that spells people in pinyin (English); a press release or
newspaper item in Traditional Chinese; a news-agency item in Simplified Chinese. About 60% have
a ``.meta.json`` sidecar with ``published_on`` and ``outlet``; the others carry their date in the
text only.

People are generated Chinese names (surnames weighted by approximate real frequency, given
names from common given-name characters), each with Traditional and Simplified forms (the
product's OpenCC functions), HK Government romanisation ('Chan Tai-man') and pinyin ('Chen
Dawen') from the product's own readings, and for some an English given name ('Alfred Chan
Tai-man'). New people appear as the stream goes on; who is named follows a Zipf-like law over
the people met so far, so a few recur everywhere and most in a few documents.

Article ``i`` depends only on the seed and ``i``: the first N articles of a bigger corpus are the
N-article corpus, so benchmarks can build a lake of N and add the next ten.

    python benchmarks/make_corpus.py --docs 1000 --out /tmp/inbox --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import math
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pypinyin import lazy_pinyin

from ingest.names.romanise import readings, to_simplified
from ingest.names.variants import _surname_reads

# Traditional form, approximate share of the population in percent (mainland and HK figures blended).
SURNAMES: dict[str, float] = {
    "陳": 6.0, "李": 6.5, "王": 6.0, "張": 5.5, "劉": 4.5, "黃": 3.0, "楊": 3.0, "趙": 2.2,
    "吳": 2.0, "周": 1.9, "徐": 1.6, "孫": 1.5, "馬": 1.4, "朱": 1.3, "胡": 1.3, "郭": 1.2,
    "何": 1.2, "高": 1.1, "林": 1.3, "羅": 0.9, "鄭": 0.9, "梁": 1.1, "謝": 0.8, "宋": 0.7,
    "唐": 0.6, "許": 0.6, "韓": 0.6, "馮": 0.6, "鄧": 0.6, "曹": 0.5, "彭": 0.5, "曾": 0.5,
    "蕭": 0.5, "田": 0.4, "董": 0.4, "袁": 0.4, "潘": 0.4, "蔣": 0.4, "蔡": 0.4, "余": 0.3,
    "杜": 0.3, "葉": 0.4, "程": 0.3, "蘇": 0.3, "魏": 0.3, "呂": 0.3, "丁": 0.3, "沈": 0.3,
    "姚": 0.2, "盧": 0.2, "崔": 0.2, "鍾": 0.2, "譚": 0.3, "陸": 0.2, "汪": 0.2, "廖": 0.2,
    "石": 0.2, "麥": 0.2, "區": 0.1, "莫": 0.1, "歐陽": 0.05, "司徒": 0.04,
}  # fmt: skip
GIVEN_M = "偉文明華國家志建俊傑永恒光輝強軍平安東海峰濤浩宇天子軒德仁義正立新民興昌盛成達祖耀宗榮富祥康泰健豪雄威剛毅誠鵬飛翔龍鴻鋒銘鈞聰睿哲博卓兆景啟振宏炳堅基鑫朗晨澤霖峻亮"
GIVEN_F = "嘉敏美玲麗芳淑慧秀英晴欣怡婷雯穎詩琪雅靜曉紅霞燕鳳蘭梅月雲青翠珠寶心思佳君潔儀婉蕙茵珊琳瑩璇瑜靈桂菊蓮芷若熙樂悅"
EN_M = [
    "Alfred", "Peter", "Kelvin", "Daniel", "Raymond", "Albert", "Patrick", "Stephen",
    "Michael", "Anthony", "Eric", "Kenneth", "Vincent", "Jason", "Henry", "Francis",
    "Edmund", "Wilson", "Ronald", "Gordon",
]  # fmt: skip
EN_F = [
    "Carrie", "Vivian", "Grace", "Winnie", "Teresa", "Priscilla", "Bernadette", "Cecilia",
    "Irene", "Joyce", "Karen", "Emily", "Queenie", "Rebecca", "Gloria", "Sharon",
    "Agnes", "Maggie", "Yvonne", "Fiona",
]  # fmt: skip
FIELDS = [
    ("Advanced Materials", "先進材料"), ("Artificial Intelligence", "人工智能"), ("Biomedical", "生物醫藥"),
    ("Robotics", "機械人"), ("Microelectronics", "微電子"), ("Data Science", "數據科學"),
    ("Clean Energy", "清潔能源"), ("Smart City", "智慧城市"), ("Financial Technology", "金融科技"),
    ("Logistics", "物流"), ("Textiles", "紡織"), ("Precision Medicine", "精準醫學"),
    ("Quantum Technology", "量子科技"), ("Marine Science", "海洋科學"), ("Food Safety", "食物安全"),
    ("Photonics", "光子"), ("Semiconductor", "半導體"), ("Neuroscience", "神經科學"),
    ("Environmental Technology", "環境科技"), ("Aviation", "航空"),
]  # fmt: skip
BRAND = "永恒信達利豐華興泰康盛昌宏德寶恒隆嘉偉志明通益新創科智聯"
PLACES = [
    ("Sha Tin", "沙田"), ("Kwun Tong", "觀塘"), ("Tsuen Wan", "荃灣"), ("Tseung Kwan O", "將軍澳"),
    ("Tuen Mun", "屯門"), ("Yuen Long", "元朗"), ("Wan Chai", "灣仔"), ("Central", "中環"),
    ("Kowloon Tong", "九龍塘"), ("Lok Ma Chau", "落馬洲"), ("Shenzhen", "深圳"), ("Guangzhou", "廣州"),
    ("Beijing", "北京"), ("Shanghai", "上海"), ("Macao", "澳門"), ("Hangzhou", "杭州"),
]  # fmt: skip
EVENTS_EN = [
    ("visited a new laboratory in ", " and met researchers from the "),
    ("opened a conference in ", " organised by the "),
    ("signed a memorandum of understanding in ", " with the "),
    ("announced in ", " a new round of funding for the "),
]
EVENTS_ZH = ["簽署合作備忘錄", "合辦研討會", "商討科研合作", "公布新一輪資助計劃"]
ALSO_EN = ["Also present were ", "The delegation included ", "Attending the ceremony were "]
ALSO_ZH = ["陪同出席的還有", "代表團成員包括", "出席儀式的嘉賓有"]
OUTLETS_EN = ["Harbour Daily", "Pearl Courier", "Kowloon Evening Post"]
OUTLETS_ZH = ["港灣日報", "珠江晨報", "九龍晚報"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip
WEEKDAYS = [
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
]  # fmt: skip
ZH_DIGITS = "〇一二三四五六七八九"
ZH_WEEKDAYS = "一二三四五六日"
START = dt.date(2018, 1, 1)
SHAPES = ("en_release", "en_news", "en_mt", "zh_hant", "zh_hans")
SHAPE_LANG = {"en_release": "en", "en_news": "en", "en_mt": "en", "zh_hant": "zh-Hant", "zh_hans": "zh-Hans"}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


@dataclass(frozen=True)
class Org:
    oid: int
    en: str
    hant: str
    hans: str
    kind: str  # institute, university, company


@dataclass(frozen=True)
class Person:
    pid: int
    hant: str
    hans: str
    surname: str  # Traditional
    hk: str  # 'Chan Tai-man', the product's first HK Government reading
    pinyin: str  # 'Chen Dawen', the product's first pinyin reading
    english: str | None  # 'Alfred'
    female: bool
    role_en: str  # 'Director of the Hong Kong Robotics Research Institute'
    role_zh: str  # Traditional: '香港機械人研究院院長'
    role_hans: str
    org: Org

    @property
    def hk_surname(self) -> str:
        return self.hk.split()[0]

    @property
    def en_full(self) -> str:
        return f"{self.english} {self.hk}" if self.english else self.hk


@dataclass(frozen=True)
class Span:
    """An entity or date as written in an article: offsets into ``Article.text``."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, DATE
    ref: str  # person 'p12' / organisation 'o3' / place name / TIMEX value of a date


@dataclass(frozen=True)
class Article:
    index: int
    name: str  # file name in the inbox
    shape: str
    lang: str
    title: str
    text: str
    published_on: dt.date
    outlet: str
    sidecar: dict | None  # what the .meta.json holds, None when the article has no sidecar
    people: tuple[Person, ...]
    spans: tuple[Span, ...]


def _romanise(hans: str, surname: str) -> tuple[str, str]:
    """HK and pinyin spellings as the product's variants give them first (``names.variants``)."""
    sur_hans = _hans(surname)
    given = hans[len(sur_hans) :]
    hk_s = _cap(_surname_reads(sur_hans, "hk")[0])
    hk_g = _cap("-".join(readings(c)["hk"][0] for c in given))
    py_s = _cap(_surname_reads(sur_hans, "pinyin")[0])
    g = ""
    for syl in lazy_pinyin(hans)[len(sur_hans) :]:
        g += ("'" if g and syl[:1] in "aeo" else "") + syl
    return f"{hk_s} {hk_g}", f"{py_s} {_cap(g)}"


class Cast:
    """People and organisations, generated in order and never changed (the stream's pools)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._rng = random.Random(f"{seed}:people")
        self._org_rng = random.Random(f"{seed}:orgs")  # its own, so org j is the same whoever asks first
        self._surnames, weights = zip(*SURNAMES.items(), strict=True)
        self._cum = list(_accumulate(weights))
        self.people: list[Person] = []
        self.orgs: list[Org] = []
        self._names: set[str] = set()

    def org(self, rank: int) -> Org:
        while len(self.orgs) <= rank:
            self.orgs.append(self._new_org(len(self.orgs)))
        return self.orgs[rank]

    def _new_org(self, oid: int) -> Org:
        r = self._org_rng
        f_en, f_zh = r.choice(FIELDS)
        b = "".join(r.sample(BRAND, 2))
        b_en = " ".join(_cap(readings(to_simplified(c))["hk"][0]) for c in b)
        kind = r.choice(("institute", "institute", "university", "company", "company"))
        if kind == "institute":
            en, zh = f"Hong Kong {f_en} Research Institute", f"香港{f_zh}研究院"
            if oid >= len(FIELDS):  # more institutes than fields: named after a sponsor too
                en, zh = f"{b_en} {f_en} Research Institute", f"{b}{f_zh}研究院"
        elif kind == "university":
            en, zh = f"{b_en} University", f"{b}大學"
        else:
            en, zh = f"{b_en} {f_en} Limited", f"{b}{f_zh}有限公司"
        return Org(oid, en, zh, to_simplified(zh), kind)

    def person(self, rank: int) -> Person:
        while len(self.people) <= rank:
            self.people.append(self._new_person(len(self.people)))
        return self.people[rank]

    def _new_person(self, pid: int) -> Person:
        r = self._rng
        while True:
            surname = r.choices(self._surnames, cum_weights=self._cum)[0]
            female = r.random() < 0.45
            chars = GIVEN_F if female else GIVEN_M
            given = r.choice(chars) + (r.choice(chars) if r.random() < 0.85 else "")
            hant = surname + given
            if hant not in self._names and given[:1] != given[1:]:
                break
        self._names.add(hant)
        hans = to_simplified(hant)
        hk, py = _romanise(hans, surname)
        english = r.choice(EN_F if female else EN_M) if r.random() < 0.35 else None
        org = self.org(int(_zipf(r, max(20, pid // 4))))
        title_en, title_zh = {
            "institute": ("Director of the", "院長"),
            "university": ("Professor at", "教授"),
            "company": ("Chairman of", "主席"),
        }[org.kind]
        return Person(
            pid, hant, hans, surname, hk, py, english, female,
            f"{title_en} {org.en}", org.hant + title_zh, org.hans + _hans(title_zh), org,
        )  # fmt: skip


def _accumulate(ws) -> Iterator[float]:
    t = 0.0
    for w in ws:
        t += w
        yield t


def _zipf(r: random.Random, n: int) -> int:
    """A rank in [0, n) with probability ~ 1/(rank+1): log-uniform, so O(1) for any n."""
    return min(n - 1, int(math.exp(r.random() * math.log(n + 1))) - 1)


def zh_number(n: int) -> str:
    """1..99 in Chinese numerals (十二, 二十一)."""
    tens, ones = divmod(n, 10)
    return (ZH_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (ZH_DIGITS[ones] if ones else "")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 < n % 100 < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _prev_month(d: dt.date) -> str:
    return f"{d.year - 1}-12" if d.month == 1 else f"{d.year}-{d.month - 1:02d}"


class _Builder:
    """Text with the spans of its entities; ``hans`` converts every piece to Simplified."""

    def __init__(self, hans: bool = False) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[Span] = []
        self.hans = hans

    def add(self, text: str, label: str | None = None, ref: str = "", hans: str | None = None) -> _Builder:
        """Append ``text`` (in Simplified: ``hans`` when given, else converted), a span when labelled."""
        if hans is not None and self.hans:
            text = hans
        elif self.hans:
            text = _hans(text)
        if label:
            self.spans.append(Span(self.n, self.n + len(text), text, label, ref))
        self.parts.append(text)
        self.n += len(text)
        return self

    def text(self) -> str:
        return "".join(self.parts)


@functools.lru_cache(maxsize=8192)
def _hans(text: str) -> str:
    return to_simplified(text)


def _title(p: Person) -> str:
    return "Ms" if p.female else "Mr"


def _en_body(b: _Builder, people: list[Person], orgs: list[Org], place: str, pub: dt.date, r, mt: bool):
    """English paragraphs naming every person (HK forms, or pinyin when ``mt``), orgs, a place, dates."""
    lead = people[0]
    wd = r.randrange(7)
    back = (pub.weekday() - wd) % 7 or 7
    if mt:
        b.add(f"Hong Kong, {MONTHS[pub.month - 1]} {_ordinal(pub.day)} (Reporter) ")
        b.add(f"On the {_ordinal(pub.day - 1)}, " if pub.day > 1 else "Today, ")
        b.add(lead.pinyin, "PERSON", f"p{lead.pid}").add(f", {lead.role_en}, ")
    else:
        b.add(f"The {lead.role_en}, {_title(lead)} ")
        b.add(lead.en_full, "PERSON", f"p{lead.pid}")
        b.add(f", today ({MONTHS[pub.month - 1]} {pub.day}) ")
    ev = r.randrange(len(EVENTS_EN))
    b.add(EVENTS_EN[ev][0]).add(place, "GPE", place).add(EVENTS_EN[ev][1])
    b.add(orgs[0].en, "ORG", f"o{orgs[0].oid}").add(".\n\n")
    rest = people[1:]
    for k in range(0, len(rest), 2):
        names = []
        for j, p in enumerate(rest[k : k + 2]):
            upper = (k + j) % 3 == 2  # 'CHAN Tai-man', as releases print some names
            name = p.pinyin if mt else (f"{p.hk_surname.upper()} {p.hk.split()[1]}" if upper else p.en_full)
            names.append((p, name))
        b.add(ALSO_EN[(k // 2) % len(ALSO_EN)])
        for j, (p, name) in enumerate(names):
            b.add(" and " if j else "").add(f"the {p.role_en}, " if not mt else "")
            b.add(name, "PERSON", f"p{p.pid}").add(f", {p.role_en}" if mt else "")
        b.add(".\n\n")
    short = lead.pinyin if mt else f"{_title(lead)} {lead.hk_surname}"
    b.add(short, "PERSON", f"p{lead.pid}").add(" said the project had been agreed ")
    b.add(WEEKDAYS[wd] if mt else f"last {WEEKDAYS[wd]}", "DATE", (pub - dt.timedelta(back)).isoformat())
    b.add(" and that funding from the ")
    b.add(orgs[-1].en, "ORG", f"o{orgs[-1].oid}").add(" had been approved ")
    b.add("last month", "DATE", _prev_month(pub)).add(".\n\n")
    first = pub - dt.timedelta(days=r.randrange(30, 900))
    b.add("The first phase began on ")
    b.add(f"{first.day} {MONTHS[first.month - 1]} {first.year}", "DATE", first.isoformat())
    b.add(f" (project reference ITS/{r.randrange(100000):05d}/{pub.year % 100:02d}).\n")


def _zh_body(b: _Builder, people: list[Person], orgs: list[Org], place: str, pub: dt.date, r) -> None:
    lead = people[0]
    b.add(lead.role_zh, hans=lead.role_hans).add(lead.hant, "PERSON", f"p{lead.pid}", lead.hans)
    b.add(f"今日（{zh_number(pub.month)}月{zh_number(pub.day)}日）在")
    b.add(place, "GPE", place).add("與").add(orgs[0].hant, "ORG", f"o{orgs[0].oid}", orgs[0].hans)
    b.add(EVENTS_ZH[r.randrange(len(EVENTS_ZH))] + "。\n\n")
    rest = people[1:]
    for k in range(0, len(rest), 2):
        b.add(ALSO_ZH[(k // 2) % len(ALSO_ZH)])
        for j, p in enumerate(rest[k : k + 2]):
            b.add("和" if j else "").add(p.role_zh, hans=p.role_hans).add(
                p.hant, "PERSON", f"p{p.pid}", p.hans
            )
        b.add("。\n\n")
    b.add(lead.hant, "PERSON", f"p{lead.pid}", lead.hans).add("表示，項目已於")
    wd = r.randrange(7)
    last_week = pub - dt.timedelta(days=pub.weekday() + 7 - wd)
    b.add(f"上週{ZH_WEEKDAYS[wd]}", "DATE", last_week.isoformat()).add("獲批，")
    b.add(orgs[-1].hant, "ORG", f"o{orgs[-1].oid}", orgs[-1].hans).add("的資助亦已於")
    b.add("上月", "DATE", _prev_month(pub)).add("落實。\n\n")
    first = pub - dt.timedelta(days=r.randrange(30, 900))
    y = "".join(ZH_DIGITS[int(c)] for c in str(first.year))
    b.add("首階段工作於").add(
        f"{y}年{zh_number(first.month)}月{zh_number(first.day)}日", "DATE", first.isoformat()
    )
    b.add(f"展開（項目編號：ITS/{r.randrange(100000):05d}/{pub.year % 100:02d}）。\n")


def article(cast: Cast, seed: int, i: int) -> Article:
    """Article ``i`` of the stream for ``seed``."""
    r = random.Random(f"{seed}:{i}")
    shape = SHAPES[r.choices(range(5), weights=(3, 2, 2, 2, 1))[0]]
    lang = SHAPE_LANG[shape]
    pub = START + dt.timedelta(days=r.randrange(3000))
    pool = 30 + (2 * i) // 5  # people met so far: new ones keep arriving
    ranks: list[int] = []
    n_people = r.randint(3, 10)
    while len(ranks) < n_people:
        k = _zipf(r, pool) if r.random() < 0.6 else r.randrange(pool)  # the famous, and the rest
        if k not in ranks:
            ranks.append(k)
    people = [cast.person(k) for k in ranks]
    orgs = [people[0].org, cast.org(_zipf(r, 20 + i // 20))]
    place_en, place_zh = r.choice(PLACES)
    b = _Builder(hans=shape == "zh_hans")
    if lang == "en":
        outlet = "HKSAR Government press release" if shape == "en_release" else r.choice(OUTLETS_EN)
        if shape == "en_mt":
            outlet = "Machine translation of a Chinese news agency report"
        title = f"{orgs[0].en} opens laboratory in {place_en}"
        if shape == "en_news":
            b.add(f"• Home\n  • News\n  • Hong Kong\n\n[{title}](#)\n\n{outlet} (Hong Kong)\n")
            b.add(f"{pub.day} {MONTHS[pub.month - 1][:3]} {pub.year}\n\n")
        b.add(title + "\n\n")
        if shape == "en_news":
            rep = cast.person(ranks[-1] + 1)
            b.add(f"By {rep.en_full.upper()} in Hong Kong\n\n")
        _en_body(b, people, orgs, place_en, pub, r, mt=shape == "en_mt")
        if shape == "en_release":
            b.add(f"\nEnds/{WEEKDAYS[pub.weekday()]}, {MONTHS[pub.month - 1]} {pub.day}, {pub.year}\n")
            b.add(f"Issued at HKT {r.randrange(9, 23)}:{r.randrange(60):02d}\n\nNNNN\n")
        elif shape == "en_news":
            b.add("\nNewspapers in English\nNewspapers from Hong Kong\n")
    else:
        outlet = r.choice(OUTLETS_ZH)
        title = f"{orgs[0].hant}於{place_zh}設立實驗室"
        b.add(title + "\n\n")
        if shape == "zh_hans":
            outlet = "新華社"
            b.add(f"本報香港{pub.month}月{pub.day}日電　")
        elif r.random() < 0.5:
            b.add("【本報訊】")
        _zh_body(b, people, orgs, place_zh, pub, r)
        if shape == "zh_hant":
            b.add(f"\n完\n\n{pub.year}年{pub.month}月{pub.day}日（星期{ZH_WEEKDAYS[pub.weekday()]}）\n")
            b.add(f"香港時間{r.randrange(9, 23)}時{r.randrange(60):02d}分\nNNNN\n")
        title = _hans(title) if shape == "zh_hans" else title
        outlet = _hans(outlet) if shape == "zh_hans" else outlet
    sidecar = {"published_on": pub.isoformat(), "outlet": outlet} if r.random() < 0.6 else None
    return Article(
        i, f"{i:06d}_{shape}.txt", shape, lang, title, b.text(), pub, outlet, sidecar, tuple(people),
        tuple(b.spans),
    )  # fmt: skip


def articles(n: int, seed: int = 0, start: int = 0, cast: Cast | None = None) -> Iterator[Article]:
    """Articles ``start`` .. ``start + n - 1`` of the stream for ``seed``, as records.

    ``cast``: a :class:`Cast` of the same seed to reuse (generating people costs ~0.3 ms each).
    """
    cast = cast or Cast(seed)
    for i in range(start, start + n):
        yield article(cast, seed, i)


def write_article(a: Article, out: Path) -> int:
    """Write the article (and its sidecar); returns bytes written."""
    path = out / a.name
    data = a.text.encode("utf-8")
    path.write_bytes(data)
    if a.sidecar is not None:
        path.with_name(a.name + ".meta.json").write_text(json.dumps(a.sidecar, ensure_ascii=False))
    return len(data)


def write_corpus(n: int, out: Path, seed: int = 0, start: int = 0, cast: Cast | None = None) -> list[Article]:
    """Write articles ``start`` .. ``start + n - 1`` to ``out``; returns their records."""
    out.mkdir(parents=True, exist_ok=True)
    arts = list(articles(n, seed, start, cast))
    for a in arts:
        write_article(a, out)
    return arts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, required=True, help="number of articles")
    ap.add_argument("--out", type=Path, required=True, help="folder to write them to (created)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if args.docs < 1:
        ap.error(f"--docs must be at least 1, got {args.docs}")
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    size, langs, people = 0, {}, set()
    for a in articles(args.docs, args.seed):
        size += write_article(a, args.out)
        langs[a.lang] = langs.get(a.lang, 0) + 1
        people.update(p.pid for p in a.people)
    print(
        f"wrote {args.docs} articles ({size / 1e6:.1f} MB) to {args.out} in {time.perf_counter() - t0:.1f} s: "
        f"{', '.join(f'{k} {v}' for k, v in sorted(langs.items()))}; {len(people)} distinct people named"
    )


if __name__ == "__main__":
    main()
