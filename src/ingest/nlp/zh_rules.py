"""Rules for Chinese names: titles next to people, suffixes that end organisation names.

The rules run on jieba's POS-tagged tokens of the *Simplified* text (see :mod:`ingest.nlp.offsets`)
and return candidate spans as ``(start, end, label, source)`` in that text's offsets. They are
written to generalise, not to fit one test set:

* ``rule:zh_title`` — a title (局长, 部长, 副部长, 主席, 教授, 司长, 特首, 行政长官 …) followed by
  a name that starts with a Chinese surname → PERSON; a name followed by a post-title (教授, 先生,
  女士 …) → PERSON. The name is 2–4 characters (4 when it starts with a compound surname or with
  two surnames, as in Hong Kong married names like 林郑月娥).
* ``rule:zh_org_suffix`` — a token ending in an organisation suffix (局, 署, 部, 委员会, 大学,
  研究院, 集团, 有限公司, 科学院 …) is extended leftwards over the nouns, place names and
  organisation names in front of it → ORG (香港特别行政区政府创新科技及工业局, 中国科学院).
* jieba's POS tags: ``nr`` → PERSON (only when it looks like a name: surname first, 2–4
  characters), ``ns`` → GPE, or LOC when it ends in a landform (山, 江, 湖, 海 …), ``nt`` → ORG.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int, str, str]  # start, end, label, source

# The most common Chinese surnames (Simplified), single and compound. A name must start with one.
SURNAMES_1 = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
    "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
    "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲"
    "虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海"
    "阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊"
    "阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展"
    "阴昝智幸奉植衡富尧闭由"
)
SURNAMES_2 = frozenset(
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐",
     "夏侯", "端木", "轩辕", "澹台", "呼延", "百里", "东郭", "南宫", "西门", "独孤", "申屠", "万俟"]
)  # fmt: skip

# Titles that come before a name (…局长 薛永恒). Longest first does not matter: we test endswith.
PRE_TITLES = (
    "局长", "部长", "副部长", "主席", "副主席", "教授", "司长", "特首", "行政长官", "署长", "院长", "副院长",
    "总理", "副总理", "总统", "副总统", "主任", "副主任", "校长", "副校长", "董事长", "总经理", "总裁", "首相",
    "省长", "市长", "县长", "书记", "委员", "议员", "大使", "秘书长", "主委", "处长", "厅长", "常务秘书长",
    "博士", "院士", "总书记", "国务委员", "外长", "理事长", "会长", "行政总裁", "法官", "将军", "司令", "代表",
    "发言人", "记者", "总监", "经理", "主管", "局长助理", "政务司司长", "财政司司长", "律政司司长",
)  # fmt: skip
# Titles and forms of address that come after a name (白春礼 教授, 王志刚 先生).
POST_TITLES = frozenset(
    ["教授", "先生", "女士", "博士", "院士", "同志", "小姐", "太太", "主席", "总理", "部长", "局长", "校长",
     "院长", "署长", "司长", "议员", "法官", "医生", "老师", "说", "表示", "指出", "强调", "认为", "介绍"]
)  # fmt: skip

# Endings of organisation names. A token ending with one of these can close an ORG.
ORG_SUFFIXES = (
    "有限公司", "委员会", "科学院", "研究院", "研究所", "研究中心", "大学", "学院", "集团", "公司", "银行",
    "政府", "协会", "学会", "基金会", "联合会", "商会", "工会", "医院", "法院", "检察院", "议会", "国务院",
    "办公室", "办事处", "中心", "党", "局", "署", "部", "厅", "处", "院", "会", "所", "社", "队", "军", "台",
)  # fmt: skip
# Single-character suffixes are only trusted after a name-like part of at least this many characters.
_MIN_SINGLE_SUFFIX_BODY = 2
_DIRECTIONS = frozenset("东南西北中内外上下全本局各该此其前后")
# Words that end in a suffix character but are not organisations.
_NOT_ORG = frozenset(
    ["俱乐部", "干部", "全部", "内部", "外部", "局部", "部分", "总部", "大会", "机会", "社会", "晚会", "会议",
     "宴会", "聚会", "约会", "年会", "峰会", "博览会", "展览会", "运动会", "研讨会", "座谈会", "招待会",
     "记者会", "发布会", "音乐会", "舞会", "演唱会", "协商会", "茶话会", "报告会", "联欢会", "新闻发布会",
     "学会", "只会", "不会", "将会", "也会", "就会", "才会", "都会", "理会", "体会", "领会", "误会", "开会",
     "场所", "厕所", "住所", "处所", "诊所", "派出所", "之所", "所", "院", "处", "到处", "好处", "难处",
     "用处", "部队", "军队", "球队", "车队", "排队", "团队", "舞台", "平台", "电台", "电视台", "站台",
     "阳台", "讲台", "柜台", "台", "出台", "上台", "下台", "后台", "前台", "登台", "军", "冠军", "亚军",
     "季军", "将军", "大军", "友军", "中心", "重心", "核心", "信心", "决心", "关心", "开心", "社", "党",
     "部署", "签署", "结局", "格局", "大局", "布局", "骗局", "出局", "全党", "入党", "建党", "政党", "底部",
     "顶部", "头部", "腹部", "胸部", "餐厅", "客厅", "大厅", "门厅", "庭院", "寺院", "剧院", "当局"]
)  # fmt: skip
_ORG_BODY_TAGS = frozenset(["n", "ns", "nt", "nz", "nrt", "j", "vn", "b", "an", "l", "ng", "eng", "m"])
# Tags a token may have when it ends an organisation name (签署 'sign' is a verb, not a 署).
_ORG_HEAD_TAGS = frozenset(["n", "nt", "nz", "ns", "ng", "j", "nrt", "l", "b"])
# Verbs that are common inside organisation names (创新科技署, 发展局, 环境保护署).
_ORG_BODY_VERBS = frozenset(
    ["创新", "发展", "改革", "规划", "建设", "管理", "监督", "保护", "研究", "开发", "投资", "服务", "运输",
     "保安", "教育", "卫生", "劳工", "福利", "安全", "监察", "廉政", "贸易", "工业", "环境", "统计", "审计",
     "保险", "证券", "出版", "旅游", "经济", "民政", "食物", "渔农", "自然", "护理", "康乐", "文化", "体育",
     "资讯", "信息", "通讯", "科技", "工程", "设计", "评估", "控股", "咨询", "推广", "生产", "制造", "执行"]
)  # fmt: skip
_ORG_CONJ = frozenset(["及", "和", "暨"])  # 与 is mostly a preposition ("A 与 B 签署")
_LANDFORMS = ("山", "江", "河", "湖", "洋", "岛", "峡", "湾", "半岛", "高原", "平原", "盆地", "沙漠",
              "山脉", "流域", "群岛", "海峡", "运河", "水库", "瀑布", "峡谷", "大海", "中海", "比海")  # fmt: skip
_MAX_ORG_TOKENS = 10


@dataclass(frozen=True, slots=True)
class Tok:
    """A jieba token with its offset in the Simplified text."""

    text: str
    tag: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _is_cjk(s: str) -> bool:
    return bool(s) and all("\u3400" <= ch <= "\u9fff" for ch in s)


def name_shape(s: str) -> bool:
    """True when ``s`` looks like a Chinese personal name: a surname, then 1–2 (or 2 more) characters."""
    if not _is_cjk(s) or not 2 <= len(s) <= 4:
        return False
    if s[:2] in SURNAMES_2:
        return len(s) in (3, 4)
    if s[0] not in SURNAMES_1:
        return False
    if len(s) == 4:  # two surnames then a given name (林郑月娥, 范徐丽泰)
        return s[1] in SURNAMES_1
    return True


def _name_after(toks: Sequence[Tok], i: int) -> tuple[int, int] | None:
    """A name starting at token ``i`` (possibly split by jieba into surname + given name)."""
    if i >= len(toks) or not _is_cjk(toks[i].text):
        return None
    first = toks[i]
    if first.tag in ("nr", "nrfg", "nrt") and name_shape(first.text) and len(first.text) >= 2:
        # jieba may have cut 林郑 | 月娥 or 薛 | 永恒: glue a short following piece when the result still looks like a name
        if (
            i + 1 < len(toks)
            and len(first.text) == 2
            and first.text[1] in SURNAMES_1
            and first.text[0] in SURNAMES_1
        ):
            nxt = toks[i + 1]
            if _is_cjk(nxt.text) and len(nxt.text) <= 2 and name_shape(first.text + nxt.text):
                return first.start, nxt.end
        return first.start, first.end
    if len(first.text) <= 2 and (first.text in SURNAMES_2 or first.text[0] in SURNAMES_1):
        total = first.text
        end = first.end
        j = i + 1
        while j < len(toks) and _is_cjk(toks[j].text) and len(total) + len(toks[j].text) <= 4:
            cand = total + toks[j].text
            if toks[j].tag in ("x", "p", "c", "uj", "ul", "u", "v", "d") and len(total) >= 2:
                break
            total, end = cand, toks[j].end
            j += 1
            if len(total) >= 3:
                break
        if name_shape(total):
            return first.start, end
    return None


def title_rule(toks: Sequence[Tok]) -> list[Span]:
    """``rule:zh_title``: title + name and name + post-title → PERSON."""
    out: list[Span] = []
    for i, t in enumerate(toks):
        if any(t.text.endswith(title) for title in PRE_TITLES):
            span = _name_after(toks, i + 1)
            if span:
                out.append((span[0], span[1], "PERSON", "rule:zh_title"))
        if t.text in POST_TITLES and i > 0:
            prev = toks[i - 1]
            if prev.tag in ("nr", "nrfg") and name_shape(prev.text):
                out.append((prev.start, prev.end, "PERSON", "rule:zh_title"))
    return out


def _org_end(text: str) -> int | None:
    """Length of the organisation part of a token ending in a suffix (局局长 → 1: the 局)."""
    for suffix in ORG_SUFFIXES:
        if text.endswith(suffix):
            return len(text)
    for title in PRE_TITLES:  # 局局长, 部部长, 署署长: suffix glued to its own title
        if text.endswith(title) and len(text) > len(title):
            head = text[: -len(title)]
            if head and any(head.endswith(s) for s in ORG_SUFFIXES):
                return len(head)
    return None


def org_suffix_rule(toks: Sequence[Tok]) -> list[Span]:
    """``rule:zh_org_suffix``: extend an organisation suffix leftwards over its name."""
    out: list[Span] = []
    for i, t in enumerate(toks):
        if not _is_cjk(t.text) or t.text in _NOT_ORG or t.tag not in _ORG_HEAD_TAGS:
            continue
        cut = _org_end(t.text)
        if cut is None:
            continue
        end = t.start + cut
        own = t.text[:cut]
        own_suffix = max((len(s) for s in ORG_SUFFIXES if own.endswith(s)), default=0)
        j = i - 1
        body_tokens = 1 if len(own) > own_suffix else 0
        while j >= 0 and body_tokens < _MAX_ORG_TOKENS:
            p = toks[j]
            if (
                not _is_cjk(p.text)
                or p.text.endswith(PRE_TITLES)
                or _org_end(p.text) not in (None, len(p.text))
            ):
                break
            if _org_end(p.text) is not None and p.tag != "nt" and j < i - 1:
                break  # another organisation ends here: 'A局和B署' are two
            if p.tag in _ORG_BODY_TAGS or p.text in _ORG_BODY_VERBS:
                j -= 1
                body_tokens += 1
                continue
            right = toks[j + 1]  # the word after the conjunction must be a plain noun, not a complete name
            if (
                p.text in _ORG_CONJ
                and j > 0
                and body_tokens > 0
                and right.tag not in ("nt", "ns", "nr", "nz")
                and _is_cjk(toks[j - 1].text)
            ):
                left = toks[j - 1]
                if (left.tag in _ORG_BODY_TAGS or left.text in _ORG_BODY_VERBS) and _org_end(
                    left.text
                ) is None:
                    j -= 1
                    body_tokens += 1
                    continue
            break
        start_idx = j + 1
        # the chain must not start with a conjunction, a measure word or a bare direction
        while start_idx < i and (toks[start_idx].text in _ORG_CONJ or toks[start_idx].tag == "m"):
            start_idx += 1
        start = toks[start_idx].start if start_idx < i else t.start
        body = end - start
        if own_suffix == 1 and body - 1 < _MIN_SINGLE_SUFFIX_BODY:
            continue
        if start == t.start and (len(own) < 3 or (own[0] in _DIRECTIONS and len(own) <= 3)):
            continue  # a lone short word ending in a suffix (全部, 东部) is no organisation
        out.append((start, end, "ORG", "rule:zh_org_suffix"))
    return out


def pos_rule(toks: Sequence[Tok]) -> list[Span]:
    """jieba's POS tags as entities: ``nr`` → PERSON, ``ns`` → GPE/LOC, ``nt`` → ORG."""
    out: list[Span] = []
    for i, t in enumerate(toks):
        if t.tag in ("nr", "nrfg") and name_shape(t.text):
            end = t.end
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if (  # 林郑 | 月娥: two surnames cut from the given name
                nxt is not None
                and len(t.text) == 2
                and t.text[1] in SURNAMES_1
                and len(nxt.text) == 2
                and nxt.tag in ("n", "nr", "nz", "a", "ng", "z")
                and name_shape(t.text + nxt.text)
            ):
                end = nxt.end
            out.append((t.start, end, "PERSON", f"jieba:{t.tag}"))
        elif t.tag == "ns" and len(t.text) >= 2 and _is_cjk(t.text):
            label = "LOC" if t.text.endswith(_LANDFORMS) else "GPE"
            out.append((t.start, t.end, label, "jieba:ns"))
        elif t.tag == "nt" and _is_cjk(t.text):
            out.append((t.start, t.end, "ORG", "jieba:nt"))
    return out
