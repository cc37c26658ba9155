"""Word lists for the Chinese rules (:mod:`ingest.nlp.zh_rules`), Simplified script.

General knowledge of Chinese names and organisations — surnames, titles, organisation
suffixes, transliteration characters — written for this project, not taken from a test set.
"""

from __future__ import annotations

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
    "日报", "晚报", "时报", "通讯社", "协会", "学会", "基金会", "联合会", "商会", "工会", "医院", "法院", "检察院", "议会", "国务院",
    "办公室", "办事处", "中心", "党", "局", "署", "部", "厅", "处", "院", "会", "所", "社", "队", "军", "台",
)  # fmt: skip
# Single-character suffixes are only trusted after a name-like part of at least this many characters.
MIN_SINGLE_SUFFIX_BODY = 2
DIRECTIONS = frozenset("东南西北中内外上下全本局各该此其前后")
# Government units: a lone word ending in one is an organisation even when jieba calls it a common noun (外交部).
UNIT_SUFFIXES = frozenset("部局署厅委")
# Plenary sessions and congresses as events, not organisations (六中全会).
EVENT_ENDINGS = ("全会",)
# Words that end in a suffix character but are not organisations.
NOT_ORG = frozenset(
    ["俱乐部", "干部", "全部", "内部", "外部", "局部", "部分", "总部", "大会", "机会", "社会", "晚会", "会议",
     "宴会", "聚会", "约会", "年会", "峰会", "博览会", "展览会", "运动会", "研讨会", "座谈会", "招待会",
     "记者会", "发布会", "音乐会", "舞会", "演唱会", "协商会", "茶话会", "报告会", "联欢会", "新闻发布会",
     "学会", "只会", "不会", "将会", "也会", "就会", "才会", "都会", "理会", "体会", "领会", "误会", "开会",
     "场所", "厕所", "住所", "处所", "诊所", "派出所", "之所", "所", "院", "处", "到处", "好处", "难处",
     "决策局", "两院", "各局", "部门",  # generic: 'the policy bureaus', 'the two academies', 'departments'

     "用处", "部队", "军队", "球队", "车队", "排队", "团队", "舞台", "平台", "电台", "电视台", "站台",
     "阳台", "讲台", "柜台", "台", "出台", "上台", "下台", "后台", "前台", "登台", "军", "冠军", "亚军",
     "季军", "将军", "大军", "友军", "中心", "重心", "核心", "信心", "决心", "关心", "开心", "社", "党",
     "部署", "签署", "结局", "格局", "大局", "布局", "骗局", "出局", "全党", "入党", "建党", "政党", "底部",
     "顶部", "头部", "腹部", "胸部", "餐厅", "客厅", "大厅", "门厅", "庭院", "寺院", "剧院", "当局"]
)  # fmt: skip
ORG_BODY_TAGS = frozenset(["n", "ns", "nt", "nz", "nrt", "j", "vn", "b", "an", "ng", "eng", "m"])
# Tags a token may have when it ends an organisation name (签署 'sign' is a verb, not a 署).
ORG_HEAD_TAGS = frozenset(["n", "nt", "nz", "ns", "ng", "j", "nrt", "l", "b", "vn"])  # vn: LAC's 创新科技署
# Verbs that are common inside organisation names (创新科技署, 发展局, 环境保护署).
ORG_BODY_VERBS = frozenset(
    ["创新", "发展", "改革", "规划", "建设", "管理", "监督", "保护", "研究", "开发", "投资", "服务", "运输",
     "保安", "教育", "卫生", "劳工", "福利", "安全", "监察", "廉政", "贸易", "工业", "环境", "统计", "审计",
     "保险", "证券", "出版", "旅游", "经济", "民政", "食物", "渔农", "自然", "护理", "康乐", "文化", "体育",
     "资讯", "信息", "通讯", "科技", "工程", "设计", "评估", "控股", "咨询", "推广", "生产", "制造", "执行"]
)  # fmt: skip
ORG_CONJ = frozenset(["及", "和", "暨"])  # 与 is mostly a preposition ("A 与 B 签署")
LANDFORMS = ("山", "江", "河", "湖", "洋", "岛", "峡", "湾", "半岛", "高原", "平原", "盆地", "沙漠",
              "山脉", "流域", "群岛", "海峡", "运河", "水库", "瀑布", "峡谷", "大海", "中海", "比海")  # fmt: skip
MAX_ORG_TOKENS = 10
# Tags a name's first token may carry (薛 nr, 林郑 nr; never 和 c as in 主席和夫人).
NAME_START_TAGS = frozenset(["nr", "nrfg", "nrt", "n", "ng", "nz", "a", "j"])


# What may follow a name inside one jieba word (邓小平理论, 克林顿总统).
NAME_TAILS = frozenset(
    ["理论", "思想", "同志", "主义", "时代", "路线", "故居", "夫妇", "夫人", "先生", "女士", "一行", "等人",
     "总统", "主席", "总理", "教授", "纪念馆", "遗像", "铜像", "旧居", "生前", "逝世"]
)  # fmt: skip
# Characters of transliterated foreign names and places (克林顿, 莫斯科, 扎琳娜).
TRANSLIT = frozenset(
    "阿埃艾爱安奥澳巴拜班邦贝本比彼毕波伯博布查达戴丹道德登迪蒂丁东杜多厄恩法菲费芬丰弗福盖冈戈格贡古圭哈海汉"
    "豪赫亨胡华霍基吉加贾杰金卡凯坎康柯科克肯库夸奎拉莱赖兰朗劳勒雷里利莉丽林琳隆卢鲁路伦罗洛马玛迈麦曼梅门蒙"
    "孟米密明摩莫默姆穆纳娜奈南内尼宁纽努诺欧帕潘佩彭皮普奇齐恰乔切钦琼丘萨塞桑瑟森沙莎珊尚舍圣施什舒斯松苏索"
    "塔泰坦汤唐特提图托瓦万旺威韦维温沃乌伍西希锡谢辛休许雅亚扬耶伊因尤于约扎泽詹兹佐"
    "尔顿翰略思茨夫娃丝露琪芙蕾妮黛薇卜"
)
# Words before / after a transliteration that make it a place, not a person (访问莫斯科, 在吉隆坡).
LOC_BEFORE = frozenset(
    ["在", "到", "抵达", "前往", "访问", "离开", "来自", "飞抵", "途经", "赴", "于", "驻", "返回", "访"]
)
LOC_AFTER = frozenset(
    ["市", "举行", "召开", "时间", "首都", "政府", "人民", "国", "总统", "总理", "外长", "大使馆", "境内"]
)
# Single-character abbreviations of countries and regions, written in pairs (中美, 中加, 港澳).
ABBREV = frozenset(
    "中美日俄英法德意加澳港台京沪华欧亚墨巴印韩朝越泰菲新马非以埃伊叙土荷比瑞芬挪丹波捷匈罗保希葡西阿"
)
NOT_PLACE_GUO = frozenset("两三四五六七八九十几各外本全我该他诸友邻敌多众列异回出爱归建报救强祖")
GENERIC_PLACES = frozenset(
    ["城市", "地区", "大街", "高原", "平原", "盆地", "沙漠", "海洋", "国家", "城乡", "山区", "边疆"]
)
# Organisations jieba tags nt that are places (香港特别行政区): administrative divisions are GPEs.
NT_PLACES = ("行政区", "特区", "自治区", "自治州", "自治县", "省", "市", "县")
# Words that end in an organisation suffix but are common nouns (村干部, 战略部署, 人民军队).
NOT_ORG_ENDINGS = ("干部", "部署", "全局", "大局", "格局", "军队", "部队", "当局", "共处", "会员")
# Dateline words an organisation name never runs through (新华社北京１日电, 本报讯).
DATELINE_ENDS = ("日电", "日讯", "报讯", "电讯", "讯")
# Verbs of travel and residence that take a one-character place (访华, 抵京, 驻港, 来沪).
TRAVEL_VERBS = frozenset("访来驻抵赴离返回对旅留进在")
ABBREV_TRAVEL = frozenset("华京沪港澳台美日俄英法德欧疆藏")
# Words made only of abbreviation characters that are words of their own.
ABBREV_WORDS = frozenset(
    ["中华", "中西", "新华", "华西", "中亚", "东亚", "西欧", "以色列", "中德", "阿", "新加", "马来", "西方"]
)
