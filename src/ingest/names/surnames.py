"""Surname spellings that no romanisation scheme produces by rule.

Hong Kong, Macau, Taiwan and Southeast Asian families spell many surnames in older or
dialect forms (葉 Ip/Yip/Yeh, 邵 Shaw, 林 Lim, 陳 Tan). These are widely documented
spellings of common surnames, keyed by the Simplified character. The scheme rules in
:mod:`.romanise` already give pinyin, Wade-Giles, HK Government romanisation and Jyutping;
this table only adds what they miss.
"""

from __future__ import annotations

import functools

EXTRA_SURNAME_SPELLINGS: dict[str, tuple[str, ...]] = {
    "叶": ("ip", "yip", "yeh", "yap"),
    "区": ("au", "ao", "ou"),
    "郭": ("kwok", "kuo", "kok"),
    "郑": ("cheng", "chang", "tay", "tee"),
    "黄": ("wong", "hwang", "ng", "ong", "oei"),
    "吴": ("ng", "woo", "goh", "ngo"),
    "林": ("lam", "lim", "lum"),
    "陈": ("chan", "tan", "chun", "chin"),
    "李": ("lee", "lei", "lai"),
    "张": ("cheung", "chang", "chong", "teo", "cheong"),
    "刘": ("lau", "lao", "low", "lew"),
    "杨": ("yeung", "young", "yeong", "yong", "yeo"),
    "岑": ("sham", "shum", "sum"),
    "颜": ("ngan", "ngaan", "yen"),
    "左": ("cho", "tso", "jor"),
    "王": ("wong", "ong", "heng"),
    "周": ("chow", "chau", "chew", "chou"),
    "徐": ("tsui", "chui", "hsu", "tsi"),
    "蔡": ("choi", "choy", "tsai", "chua", "chai"),
    "曾": ("tsang", "tseng", "chang"),
    "谢": ("tse", "hsieh", "chia", "seah"),
    "梁": ("leung", "leong", "liang", "neo"),
    "何": ("ho", "hoh"),
    "罗": ("law", "lo", "loh", "lor"),
    "邓": ("tang", "teng", "dang"),
    "冯": ("fung", "feng", "fong"),
    "胡": ("wu", "woo", "oh"),
    "朱": ("chu", "choo", "chue"),
    "谭": ("tam", "tan", "tham", "taam"),
    "苏": ("so", "soo", "sou"),
    "卢": ("lo", "lu", "lou", "loo", "lowe"),
    "余": ("yu", "yee", "yue", "ee"),
    "邵": ("shiu", "siu", "shao", "shaw"),
    "莫": ("mok", "mo"),
    "麦": ("mak", "mai", "mack"),
    "毛": ("mo", "mao", "mou"),
    "游": ("yau", "yu", "yow"),
    "邱": ("yau", "chiu", "khoo", "hiew"),
    "丘": ("yau", "chiu", "khoo"),
    "蒋": ("cheung", "chiang", "tseung"),
    "汤": ("tong", "tung"),
    "邝": ("kwong", "kuang", "fong"),
    "石": ("shek", "sek", "shih"),
    "田": ("tin", "tien", "tian"),
    "杜": ("to", "tou", "too"),
    "涂": ("to", "tou", "tu"),
    "柯": ("or", "o", "ko", "kuo", "kua"),
    "姚": ("yiu", "yao", "yew"),
    "孙": ("suen", "sun", "soon", "sng"),
    "关": ("kwan", "kuan", "guan", "quan"),
    "温": ("wan", "wen", "woon", "boon"),
    "钟": ("chung", "chong", "cheung"),
    "锺": ("chung", "chong"),
    "袁": ("yuen", "yuan", "wan"),
    "薛": ("sit", "hsueh", "sih"),
    "白": ("pak", "bai", "pai", "baak"),
    "戴": ("tai", "dai", "tye"),
    "方": ("fong", "fang", "hong", "png"),
    "廖": ("liu", "liao", "liew", "leow"),
    "黎": ("lai", "li", "ly"),
    "许": ("hui", "hsu", "koh", "khor"),
    "韩": ("hon", "han"),
    "魏": ("ngai", "wei"),
    "董": ("tung", "dong"),
    "唐": ("tong", "tang", "thong"),
    "高": ("ko", "kao", "koh", "go"),
    "文": ("man", "wen", "boon"),
}


@functools.cache
def surname_spellings(hans: str) -> frozenset[str]:
    """Extra folded spellings of a Simplified surname character (empty when none are listed)."""
    extra = {SURNAME_PINYIN[hans]} if hans in SURNAME_PINYIN else set()
    return frozenset(EXTRA_SURNAME_SPELLINGS.get(hans, ())) | extra


@functools.cache
def surnames_spelled(spelling: str) -> frozenset[str]:
    """Simplified surnames that the tables spell this way."""
    table = {k for k, v in EXTRA_SURNAME_SPELLINGS.items() if spelling in v}
    return frozenset(table | {k for k, v in SURNAME_PINYIN.items() if v == spelling and len(k) == 1})


# Mandarin readings characters take as surnames (pypinyin's default reading is often another).
SURNAME_PINYIN: dict[str, str] = {
    "曾": "zeng",
    "单": "shan",
    "区": "ou",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "尉": "yu",
    "员": "yun",
    "缪": "miao",
    "覃": "qin",
    "种": "chong",
    "秘": "bi",
    "华": "hua",
    "任": "ren",
    "召": "shao",
    "翟": "zhai",
    "繁": "po",
    "长孙": "zhangsun",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "澹台": "tantai",
    "令狐": "linghu",
}
