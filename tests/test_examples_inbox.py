"""The bundled sample inbox: each file in the encoding it claims, valid sidecars, every kind covered.

``SAMPLES`` is the inventory examples/README.md describes. Each kind is checked on the
file's content (the release furniture, the scrape artifacts, the pinyin spellings, ...),
not taken on trust from the table.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

INBOX = Path(__file__).resolve().parents[1] / "examples" / "inbox"
SIDECAR = ".meta.json"
ALLOWED_KEYS = {"published_on", "url", "outlet", "title", "lang"}
ALLOWED_LANGS = {"en", "zh-Hant", "zh-Hans", "mixed"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# file name -> (encoding it is written in, kind, language)
SAMPLES: dict[str, tuple[str, str, str]] = {
    "2018-09-20_hksar_release_most_arrangement.txt": ("utf-8", "hksar_release_en", "en"),
    "2021-12-02_hksar_release_committee.txt": ("utf-8", "hksar_release_en", "en"),
    "harbour_daily_scrape_inno_tech.txt": ("utf-8", "scrape_en", "en"),
    "pearl_courier_most_arrangement.txt": ("utf-8", "near_duplicate_en", "en"),
    "mt_xue_yongheng_committee.txt": ("utf-8", "machine_translation_en", "en"),
    "mt_lin_zheng_yuee_cas.txt": ("utf-8", "machine_translation_en", "en"),
    "cas_affiliate_bulletin_frontmatter.txt": ("utf-8", "front_matter_en", "en"),
    "hkgov_style_release.html": ("utf-8", "html", "en"),
    "utf16_note.txt": ("utf-16", "utf16_bom", "en"),
    "zh_hant_press_release.txt": ("utf-8", "zh_hant_release", "zh-Hant"),
    "zh_hans_gb18030_cas.txt": ("gb18030", "zh_hans_gb18030", "zh-Hans"),
    "zh_hant_big5_itib.txt": ("big5", "zh_hant_big5", "zh-Hant"),
    "zh_hant_ocr_clipping.txt": ("utf-8", "zh_ocr", "zh-Hant"),
}
REQUIRED_KINDS = {
    "hksar_release_en",
    "scrape_en",
    "near_duplicate_en",
    "machine_translation_en",
    "front_matter_en",
    "html",
    "utf16_bom",
    "zh_hant_release",
    "zh_hans_gb18030",
    "zh_hant_big5",
    "zh_ocr",
}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
CJK = r"[\u4e00-\u9fff]"


def articles() -> list[Path]:
    return sorted(p for p in INBOX.iterdir() if p.is_file() and not p.name.endswith(SIDECAR))


def text_of(name: str) -> str:
    return (INBOX / name).read_bytes().decode(SAMPLES[name][0], errors="strict")


def body_of(name: str) -> str:
    """The article text a reader sees: HTML paragraphs only, front matter removed."""
    text = text_of(name)
    if name.endswith(".html"):
        return " ".join(re.findall(r"<p>(.*?)</p>", text, flags=re.S))
    return split_front_matter(text)[1]


def split_front_matter(text: str) -> tuple[dict | None, str]:
    m = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
    if not m:
        return None, text
    return yaml.safe_load(m.group(1)), text[m.end() :]


def names_of_kind(kind: str) -> list[str]:
    return [n for n, (_, k, _) in SAMPLES.items() if k == kind]


def test_inventory_matches_the_folder():
    assert {p.name for p in articles()} == set(SAMPLES), "update SAMPLES and examples/README.md together"
    assert len(SAMPLES) >= 10
    assert {k for _, k, _ in SAMPLES.values()} == REQUIRED_KINDS


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_decodes_strictly_in_its_encoding(name):
    encoding = SAMPLES[name][0]
    data = (INBOX / name).read_bytes()
    text = data.decode(encoding, errors="strict")
    assert text.strip()
    assert "\ufffd" not in text
    if encoding == "utf-16":
        assert data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "a UTF-16 sample must carry its BOM"
    if encoding in ("gb18030", "big5"):
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # a legacy sample that were also valid UTF-8 would test nothing


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_length_is_article_sized(name):
    lang = SAMPLES[name][2]
    body = body_of(name)
    if lang == "en":
        assert 150 <= len(re.findall(r"[A-Za-z][\w'-]*", body)) <= 500
    else:
        assert 200 <= len(re.findall(CJK, body)) <= 600


@pytest.mark.parametrize("sidecar", sorted(p.name for p in INBOX.glob("*" + SIDECAR)))
def test_sidecar_is_valid(sidecar):
    path = INBOX / sidecar
    assert (INBOX / sidecar.removesuffix(SIDECAR)).is_file(), "sidecar without its article"
    meta = json.loads(path.read_text(encoding="utf-8"))
    check_meta(meta)


def check_meta(meta: object) -> None:
    assert isinstance(meta, dict) and meta
    assert set(meta) <= ALLOWED_KEYS, f"unknown keys {set(meta) - ALLOWED_KEYS}"
    if "published_on" in meta:
        value = meta["published_on"]
        value = value.isoformat() if isinstance(value, dt.date) else value
        assert ISO_DATE.fullmatch(value)
        dt.date.fromisoformat(value)
    if "lang" in meta:
        assert meta["lang"] in ALLOWED_LANGS
    for key in ("url", "outlet", "title"):
        if key in meta:
            assert isinstance(meta[key], str) and meta[key].strip()
    if "url" in meta:
        assert re.match(r"https://example\.org/", meta["url"]), "sample URLs stay on example.org"


def test_most_samples_have_dates_and_some_must_date_themselves():
    dated = [n for n in SAMPLES if (INBOX / (n + SIDECAR)).exists()]
    undated = [n for n in SAMPLES if n not in dated and split_front_matter(text_of(n))[0] is None]
    assert len(dated) > len(SAMPLES) / 2
    assert undated, "at least one sample must carry its date only in its text"
    for name in undated:
        text = text_of(name)
        assert re.search(
            rf"Ends/\w+day, ({MONTHS}) \d{{1,2}}, \d{{4}}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日|article:published_time",
            text,
        )


def test_front_matter_sample():
    (name,) = names_of_kind("front_matter_en")
    meta, body = split_front_matter(text_of(name))
    assert meta is not None and body.strip()
    check_meta(meta)
    assert "published_on" in meta


@pytest.mark.parametrize("name", names_of_kind("hksar_release_en"))
def test_hksar_release_furniture(name):
    text = text_of(name)
    assert re.search(rf"today \(({MONTHS}) \d{{1,2}}\)", text)
    ends = re.search(rf"^Ends/(\w+day), (({MONTHS}) \d{{1,2}}, \d{{4}})$", text, flags=re.M)
    assert ends
    day = dt.datetime.strptime(ends.group(2), "%B %d, %Y")
    assert day.strftime("%A") == ends.group(1), "the weekday in 'Ends/' must match the date"
    assert re.search(r"^Issued at HKT \d{2}:\d{2}$", text, flags=re.M)
    assert text.rstrip().endswith("NNNN")


def test_scrape_artifacts():
    (name,) = names_of_kind("scrape_en")
    text = text_of(name)
    assert "??  ??" in text
    for fused in ("Hong Kongmainland", "NextGeneration", "Cheng Yuetngor"):
        assert fused in text
    assert "Newspapers in English" in text and "Newspapers from China" in text
    assert re.search(r"^By [A-Z][A-Z -]+ in Hong Kong [\w.]+@example\.org$", text, flags=re.M)
    assert re.search(r"^\[[^\]]+\]\(#\)$", text, flags=re.M)
    assert "• Home" in text
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert max(len(ln) for ln in lines) <= 60, "the scrape is hard-wrapped"


def shingles(text: str, k: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def test_near_duplicate_reports_the_same_event():
    (dup,) = names_of_kind("near_duplicate_en")
    (scrape,) = names_of_kind("scrape_en")
    a, b = shingles(text_of(dup)), shingles(text_of(scrape))
    jaccard = len(a & b) / len(a | b)
    # Same story re-edited by a second outlet: clearly similar, but not byte-identical.
    assert 0.4 <= jaccard < 0.95
    others = [
        n
        for n, (_, k, lang) in SAMPLES.items()
        if lang == "en" and k not in ("near_duplicate_en", "scrape_en")
    ]
    for other in others:
        c = shingles(body_of(other))
        assert len(a & c) / len(a | c) < 0.3, f"{other} should not look like a duplicate"


def test_machine_translations_spell_in_pinyin():
    text = " ".join(text_of(n) for n in names_of_kind("machine_translation_en"))
    for form in ("Xue Yongheng", "Lin Zheng Yue'e", "Zhang Guangjun", "Yang Weixiong", "Bai Chunli"):
        assert form in text
    for org in ("Bureau of Innovation and Technology", "Innovation and Technology Agency"):
        assert org in text
    assert re.search(r"\bOn the \d{1,2}(st|nd|rd|th)\b", text)
    assert "the end of June this year" in text


def test_english_cas_article_names():
    text = " ".join(body_of(n) for n, (_, _, lang) in SAMPLES.items() if lang == "en")
    for form in (
        "Chunli Bai",
        "Professor Bai Chunli",
        "Chinese Academy of Sciences",
        "Nicholas W Yang",
        "Mr Yang",
    ):
        assert form in text
    for form in ("Alfred Sit Wing-hang", "Mr Sit", "Carrie Lam Cheng Yuet-ngor", "Mrs Carrie Lam", "Mrs Lam"):
        assert form in text


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta: dict[str, str] = {}
        self._in_title = False
        self.links = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and a.get("content"):
            self.meta[a.get("name") or a.get("property") or ""] = a["content"]
        elif tag == "a":
            self.links += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def test_html_page():
    (name,) = names_of_kind("html")
    parser = _Head()
    parser.feed(text_of(name))
    assert parser.title.strip()
    dt.date.fromisoformat(parser.meta["date"])
    assert (
        dt.datetime.fromisoformat(parser.meta["article:published_time"]).date().isoformat()
        == parser.meta["date"]
    )
    assert parser.links >= 5, "the page keeps its navigation chrome"
    assert len(re.findall(r"<p>", text_of(name))) >= 4


def is_traditional(text: str) -> bool:
    return any(ch in text for ch in "與會國發創學這為對")


def is_simplified(text: str) -> bool:
    return any(ch in text for ch in "与会国发创学这为对")


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("zh_hant_release", ("林鄭月娥", "薛永恒", "楊偉雄", "科技部", "創新科技署")),
        ("zh_hans_gb18030", ("林郑月娥", "王志刚", "科技部", "中国科学院", "白春礼")),
        ("zh_hant_big5", ("林鄭月娥", "楊偉雄", "孫東", "科技部", "中國科學院", "白春禮")),
        ("zh_ocr", ("林鄭月娥", "張廣軍", "王志剛")),
    ],
)
def test_chinese_samples_script_and_names(kind, names):
    (name,) = names_of_kind(kind)
    text = text_of(name)
    hans = SAMPLES[name][2] == "zh-Hans"
    assert is_simplified(text) if hans else is_traditional(text)
    assert not (is_traditional(text) if hans else is_simplified(text))
    flat = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text)
    for n in names:
        assert n in flat


def test_chinese_dates():
    (release,) = names_of_kind("zh_hant_release")
    assert re.search(r"今日（[一二三四五六七八九十]+月[一二三四五六七八九十]+日）", text_of(release))
    (gb,) = names_of_kind("zh_hans_gb18030")
    for form in ("2018年9月20日", "上月", "本周四"):
        assert form in text_of(gb)
    (big5,) = names_of_kind("zh_hant_big5")
    assert "上月一日" in text_of(big5)


def test_ocr_artifacts():
    (name,) = names_of_kind("zh_ocr")
    text = text_of(name)
    assert re.search(rf"{CJK}( {CJK}){{5}}", text), "CJK characters spaced apart"
    assert re.search(r"[０-９]{4}年", text), "full-width digits"
    assert re.search(r"[Ａ-Ｚ]{2}", text), "full-width letters"
    assert re.search(rf"{CJK}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text), "inline pinyin annotation"


# Each entity must recur across languages: (forms in English, forms in Chinese characters).
ENTITIES = {
    "Carrie Lam": (("Carrie Lam", "Mrs Lam", "Lin Zheng Yue'e"), ("林鄭月娥", "林郑月娥")),
    "Alfred Sit": (("Alfred Sit", "Xue Yongheng"), ("薛永恒",)),
    "Nicholas W Yang": (("Nicholas W Yang", "Yang Weixiong"), ("楊偉雄", "杨伟雄")),
    "Bai Chunli": (("Bai Chunli", "Chunli Bai"), ("白春禮", "白春礼")),
    "Wang Zhigang": (("Wang Zhigang",), ("王志剛", "王志刚")),
    "Zhang Guangjun": (("Zhang Guangjun",), ("張廣軍",)),
    "MOST": (("Ministry of Science and Technology",), ("科技部",)),
    "CAS": (("Chinese Academy of Sciences",), ("中國科學院", "中国科学院")),
    "ITB": (
        ("Innovation and Technology Bureau", "Bureau of Innovation and Technology"),
        ("創新及科技局", "创新及科技局"),
    ),
}


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_entities_recur_across_languages(entity):
    en_forms, zh_forms = ENTITIES[entity]
    texts = {n: re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text_of(n)) for n in SAMPLES}
    en_docs = [n for n, t in texts.items() if SAMPLES[n][2] == "en" and any(f in t for f in en_forms)]
    zh_docs = [n for n, t in texts.items() if any(f in t for f in zh_forms)]
    assert len(en_docs) >= 2 and zh_docs, (en_docs, zh_docs)
