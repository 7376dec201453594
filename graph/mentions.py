"""Stage 5: find the mentions of entities in one story.

Names are found by how Chinese news writes them: organisations by their suffixes
(有限公司, 高新区, 局, 大学 …) with the left edge found where a verb, particle or generic
noun stands (jieba's dictionary tags decide); alliances by their kinds (产业链党建联盟,
联合党委 …) with the chains listed before them; people by the posts before their names;
short forms by (以下简称…), by lists (A、B等企业) and as pieces of full names seen earlier.
Every mention records the rule that found it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon as L
from .normalize import CJK
from .segment import is_common_noun, is_proper, person_name_at, tag, tokens

__all__ = ["AllianceMention", "StoryMentions", "bare_chain", "find_mentions", "left_edge"]

_PLACE_TYPES = frozenset(("Park", "Region", "GovernmentBody"))  # what a story's place words name
_DIVISIONS = "市县区镇省"  # written after a place's name
_DIVISION_SUFFIX = re.compile(f"[{_DIVISIONS}]")
_NAME_CHARS = rf"{CJK}A-Za-z0-9()（）·&\-"
_NAMECHAR = re.compile(f"[{_NAME_CHARS}]")
# up to and including the last character that cannot be in a name (greedy: one scan in C)
_LAST_NON_NAMECHAR = re.compile(f"(?s:.*)[^{_NAME_CHARS}]")
# a bracketed label written before a name: （同期声）…, (记者 …)
_LABEL = re.compile(r"[（(][^）)]{1,8}[）)]")
_VERBISH = {"v", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "d", "r", "m", "q", "t", "ad", "vd", "y", "e", "o", "zg", "vg", "dg", "mq", "rr", "rz"}
_FUNCTION_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "r", "rr", "rz", "d", "m", "mq", "q", "t", "y", "e", "o"}
_GENERIC_CORES = {
    "国家级", "省级", "市级", "区级", "县级", "国家", "全国", "全省", "全市", "全区", "各类", "相关",
    "重点", "特色", "现代", "新型", "该", "本", "各", "我", "这", "一批", "多个", "其他", "上述",
    "城市", "园区", "社区", "地区", "新", "老", "大", "小", "示范", "龙头", "上市", "民营", "国有",
    "科技型", "高新技术", "外资", "合资", "工业", "商业", "物流", "产业", "创新", "孵化",
    "支部", "党支部", "党总支", "党委", "中共", "总支",
}
_BAD_GOV = ("格局", "布局", "大局", "开局", "结局", "全局", "时局", "新局", "破局", "变局", "邮局", "当局", "棋局", "饭局", "骗局")
_SUFFIX_TYPES: list[tuple[str, str]] = (
    [(s, "Firm") for s in L.FIRM_SUFFIXES]
    + [(s, "Firm?") for s in L.WEAK_FIRM_SUFFIXES]
    + [(s, "Park") for s in L.PARK_SUFFIXES]
    + [(s, "GovernmentBody") for s in L.GOV_SUFFIXES]
    + [(s, "AcademicInstitution") for s in L.ACADEMIC_SUFFIXES]
    + [(s, "Alliance") for s in L.ALLIANCE_KINDS]
    + [(s, "None") for s in L.NOT_ALLIANCES]
)
_SUFFIX_TYPE = {}
for _s, _t in _SUFFIX_TYPES:
    _SUFFIX_TYPE.setdefault(_s, _t)
_SUFFIX_RE = re.compile("|".join(re.escape(s) for s in sorted(_SUFFIX_TYPE, key=len, reverse=True)))
_INSTITUTE_AFTER = re.compile(r"(?:(?![与和及同跟])[\u4e00-\u9fff]){2,10}?(?:研究所|研究院|研究中心)")
_STRONG_AFTER = re.compile(r"(?:[(（][^)）]{1,6}[)）])?[^，。；、\s]{0,8}?(?:有限公司|有限责任公司|股份公司|集团)")
# two-character industry words that are written before another industry (港航物流, 锂电新能源)
_PREFIX_INDUSTRIES = ("港航", "锂电", "海工", "光电", "汽车", "电子", "船舶", "氢能", "储能", "数控", "生物", "医药", "食品", "纺织", "化工")
_PLACE_END = re.compile(rf"([{CJK}]{{2,4}}?(?:街道|省|市|县|区|镇|乡|旗))$")
_GOV_AFTER = re.compile(r"[^，。；、\s]{0,12}?(?:委员会|局|办公室|厅)")
_COPULA = re.compile("[这那也还都就即正更便则]?是|系(?![统列])")  # 是 and its written form 系
_LEAD_VERBS = "有是为在"
_PLACE_PREFIX = re.compile(rf"^([{CJK}]{{2,5}}?(?:街道|镇|县|区|市|乡|省|旗))(?=[{CJK}]{{2,}})")
_REGION_RE = re.compile("街道|省|市|区|县|镇|乡|旗")
_REGION_BAD = {
    "城", "超", "上", "都", "股", "集", "社", "小", "景", "片", "辖", "地", "山", "城", "园", "全", "本",
    "我", "该", "各", "新", "高新", "开发", "保税", "示范", "功能", "试验", "自贸", "街", "乡", "村",
    "灾", "风", "特", "专", "商", "校", "厂", "库", "营", "学", "禁", "盲", "误", "雷", "死", "郊",
}
_REGION_LAST_BAD = set("城园社校厂库营景片辖郊灾风")
# a short name declared after 简称/下称, quoted or not (looked up per name, so not a regex)
_DECLARE_QUOTES = ("", "“", '"', "「")
_ADVERBS = "则也还就都又却亦"  # written between a name and its verb
_DECLARE_CUE = re.compile(L.ALIAS_CUE)
_ALIAS_RE = re.compile(rf"[(（]{L.ALIAS_CUE}\s*[“\"「『]?([^”\"」』)）]{{2,12}})[”\"」』]?[)）]")
_POST_RE = re.compile("|".join(re.escape(p) for p in sorted(L.POSTS, key=len, reverse=True)))
_AFTER_NAME = tuple(L.SPEECH_VERBS) + ("同志", "等", "带领", "在", "也", "对", "向", "介绍", "参加", "出席", "一行", "作", "主持", "和", "与", "及", "为", "把", "将", "是", "就", "认", "回复", "打开", "立刻", "会同", "兼任", "担任", "出任", "算了", "在讲话", "带队", "率队", "一行", "看来", "坦言", "表示", "指出", "透露", "认为", "希望", "告诉", "表", "告", "提", "感")
_LIST_TAIL = rf"等(?:[\d一二三四五六七八九十百几多数]+家)?(?:[{CJK}]{{0,8}}?)(企业|公司|链主企业|链上企业|龙头企业|成员单位|单位)"
_LIST_RE = re.compile(
    rf"((?:[{CJK}A-Za-z0-9()（）·]{{2,14}}、)+[{CJK}A-Za-z0-9()（）·]{{2,14}}|[{CJK}A-Za-z0-9()（）·]{{2,14}}[和及与][{CJK}A-Za-z0-9()（）·]{{2,14}})"
    + _LIST_TAIL
)
_HAS_LIST_TAIL = re.compile(_LIST_TAIL)  # every list ends so: a quick test before the slow search
_TWO_CHAR_VERBS = {"兼任", "担任", "出任", "表示", "介绍", "告诉", "指出", "透露", "认为", "强调", "坦言", "感慨", "提到", "谈到", "说道", "回忆", "同志"}
_SURNAME_CLASS = "[" + "".join(sorted(L.SURNAMES)) + "]"
_SPEECH = "|".join(sorted(L.SPEECH_VERBS, key=len, reverse=True))
_UNSURNAMED = re.compile(rf"([{CJK}]{{2,4}}(?:·[{CJK}]{{2,4}})?)(?=(?:{_SPEECH}))")
_SPEAKING = ("说", "表示", "介绍", "告诉", "坦言", "指出", "认为", "透露")
_POST_MODIFIERS = re.compile("(?:第一|常务|执行|名誉|首席|副)*")
_COMPOUND_CLASS = "|".join(L.COMPOUND_SURNAMES)
# 张珂兼任…, 由欧阳明辉担任…, 刘颖当选…: a name at a clause start (or after 由) before the verb of a post
_NAME_BEFORE = re.compile(rf"(?:^|(?<=[，。；：“”\s由]))(?P<name>(?:{_COMPOUND_CLASS})[{CJK}]{{1,2}}?|{_SURNAME_CLASS}[{CJK}]{{1,2}}?)"
                          rf"(?:同志)?(?:是|任|担任|兼任|出任|当选|系|（|\()")
_CHAIN_TAIL = re.compile(r"(?:产业链|产业)$")


def kind_ident(kind: str) -> str:
    """One name for a kind of body written with 产业链 or 产业 (产业链党建联盟 and
    产业党建联盟 in one story are one kind)."""
    return "产业" + kind[3:] if kind.startswith("产业链") else kind


def bare_chain(chain: str) -> str:
    """A chain's words without the 产业链 or 产业 written after them (茶产业链 → 茶)."""
    return _CHAIN_TAIL.sub("", chain)


# a line that is a headline: short, with no sentence end
_HEADLINE = re.compile(r"[^。！？；]{4,40}")
_INDUSTRY_RE = re.compile("|".join(re.escape(s) for s in sorted(L.INDUSTRIES, key=len, reverse=True)))
# 3个, 12条, 三大 (a Chinese numeral needs its measure word: 三七 is a herb)
_COUNT = re.compile(r"(?:等)?(?:\d+(?:大|个|条|家)?|[两二三四五六七八九十]+(?:大|个|条|家))$")


@dataclass
class Found:
    type: str
    name: str
    start: int
    end: int
    rule: str
    aliases: set = field(default_factory=set)
    ref: "Found | None" = None  # the mention this one stands for (short forms)


@dataclass
class AllianceMention:
    start: int
    end: int
    kind: str
    chains: list[str]
    host: "Found | None"  # an explicit host mention written before the chains
    brand: str
    surface: str
    rule: str


def _occurrences(text: str, word: str):
    """Start offsets of ``word`` in ``text`` (str.find: no regex compiled per word)."""
    i = text.find(word)
    while i >= 0 and word:
        yield i
        i = text.find(word, i + len(word))


_PLACE_TAILS = frozenset("州市县区镇省")
# words that are a verb or a role elsewhere but the business itself right before a registered suffix
_LAST_BUSINESS_WORDS = frozenset(("服务", "原材料", "供应"))
# registered names; a cooperative's registered name says what kind it is (种植专业合作社),
# its short form does not (红粮合作社)
_REGISTERED = ("有限公司", "有限责任公司", "专业合作社", "经济合作社", "联合社")
# words of supplying that the left edge can leave before a short name, besides the stop
# words of selling and handing over (销往, 交由, 供应 …)
_HANDOVER = frozenset(("供给", "供货"))
_LEAD_TAGS = frozenset({"v", "p", "c", "d", "vd", "r"})
_NOT_PLACE_HEADS = frozenset("各全本该此每两这那某外省市县区镇乡村")


# last characters of place names that jieba reads as words of their own (大武|口: a measure word)
_PLACE_FINALS = frozenset("口山湖河江港湾门关沟坪坝岭洲岛滩渡桥")


def _place_final(toks: list[str]) -> list[str]:
    """Tokens with a trailing place character joined to the unknown or name word before it
    (大武|口 → 大武口, for 大武口区)."""
    if len(toks) >= 2 and len(toks[-1]) == 1 and toks[-1] in _PLACE_FINALS and len(toks[-2]) <= 2 \
            and tag(toks[-2]) in (None, "nr", "ns", "nz"):
        return [*toks[:-2], toks[-2] + toks[-1]]
    return toks


def left_edge(text: str, pos: int, floor: int, max_len: int = 24, verbs: bool = False) -> int:
    """Where a name ending at ``pos`` begins: scan left over name characters, then drop
    words that cannot be part of a name (verbs, particles, generic nouns).

    >>> t = "一场活动走进澄石机器人泖州股份有限公司"
    >>> t[left_edge(t, t.index("股份"), 0):]
    '澄石机器人泖州股份有限公司'
    """
    lo = max(floor, pos - max_len)
    if lo >= pos:
        return pos
    # the answer depends on the text from the character before ``lo`` on, and on whether
    # ``lo`` is the floor: names and the words around them come back again and again
    ctx = max(lo - 1, 0)
    return ctx + _left_edge(text[ctx:pos], lo - ctx, lo == floor, verbs)


@lru_cache(maxsize=1 << 16)
def _left_edge(text: str, lo: int, at_floor: bool, verbs: bool) -> int:
    """:func:`left_edge` in ``text`` ending at its end, scanning back as far as ``lo``
    (which is the floor if ``at_floor``)."""
    pos, floor = len(text), lo if at_floor else -1
    last = _LAST_NON_NAMECHAR.match(text, lo, pos)  # back over name characters
    i = last.end() if last else lo
    window = text[i:pos]
    # 建投与泓州大学: a conjunction is never inside a name
    cut = max(window.rfind("与"), window.rfind("及"))
    if cut >= 0 and len(window) - cut > 2:
        window = window[cut + 1:]
    if not window:
        return pos
    # an opening bracket with no closing one inside the window is not part of the name
    for opening, closing in (("(", ")"), ("（", "）")):
        k = window.rfind(opening)
        if k >= 0 and closing not in window[k:]:
            window = window[k + 1:]
    # a bracketed label written before the name: （同期声）…, (记者 …)
    label = _LABEL.match(window)
    if label and len(window) - label.end() >= 4:
        window = window[label.end():]
    start = pos
    toks = _place_final(tokens(window))
    k = len(toks)
    while k > 0:
        tok = toks[k - 1]
        if tok in _LAST_BUSINESS_WORDS and k == len(toks) and len(toks) > 1:
            start -= len(tok)  # 养老服务集团有限公司: the business the registered name ends with
            k -= 1
            continue
        if tok == "都" and k >= 2 and len(toks[k - 2]) == 1 and toks[k - 2] not in L.STOP_CHARS \
                and tag(toks[k - 2]) in ("n", "ng", "nr", "ns", "j", None):
            start -= 2  # 鸢|都, 瓷|都: a city's nickname jieba splits, not the adverb 都
            k -= 2
            continue
        if tok in L.STOP_WORDS or tok in L.HEAD_NOUNS or (len(tok) == 1 and tok in L.STOP_CHARS):
            break
        if len(tok) > 1 and tok[-1] in "是向在把被给从对" and tag(tok) is None:
            break  # 刘海|波是|山东齐峰…, 按订单|价向|绿源…: jieba joined the copula or preposition to the word before it
        if len(tok) > 1 and tok[0] in L.STOP_CHARS and tag(tok) is None:
            # 由县工信局, 这是沱阳县: the first characters are particles, not the name
            start -= len(tok.lstrip("".join(L.STOP_CHARS)))
            break
        t = tag(tok)
        if len(tok) == 1 and k < len(toks) and toks[k] in _PLACE_TAILS and tok not in _NOT_PLACE_HEADS \
                and start == pos - sum(len(x) for x in toks[k:]):
            start -= 1  # 泓|州: jieba splits a two-character place it does not know
            k -= 1
            continue
        if len(tok) == 1 and tok not in L.STOP_CHARS and k < len(toks) and len(toks[k]) == 2 and toks[k][-1] in "市县区镇旗" \
                and start == pos - sum(len(x) for x in toks[k:]):
            start -= 1  # 鸣|沙市: jieba splits a three-character place; keep its first character
            break
        # function words end a name; verbs do only when standing alone before it
        # (开发, 发展 and 制造 are common inside registered names)
        soft = t in _FUNCTION_TAGS and not (t in ("t", "m") and len(tok) >= 2 and verbs)
        soft = soft or (len(tok) == 1 and t in _VERBISH and pos - start >= 2) or (t == "v" and len(tok) >= 2 and not verbs)
        if soft and verbs and t in ("v", "vg") and not any(is_proper(x) for x in toks[k:]):
            soft = False  # 燕氢加氢站|运营有限公司: a registered name has a trade name before its business words
        if soft and len(tok) == 1 and k < len(toks):
            # 曾阳凯|达汽车电器, 沣川睿光光|刻材料: a single character jieba reads as a verb,
            # after a short run of words it does not know, back to a clear boundary, is
            # part of a trade name it could not segment
            j = k - 1
            while j > 0 and toks[j - 1] not in L.STOP_WORDS and toks[j - 1] not in L.HEAD_NOUNS \
                    and not (len(toks[j - 1]) == 1 and toks[j - 1] in L.STOP_CHARS):
                j -= 1
            run = toks[j:k - 1]
            if run and sum(map(len, run)) <= 5 and (j > 0 or i == floor or text[i - 1] in "、，,：:；（(") \
                    and any(tag(x) is None for x in run) \
                    and all(len(x) <= 3 and tag(x) in (None, "g", "n", "ns", "nr", "nrt", "nz", "j") for x in run):
                start -= sum(len(x) for x in toks[j:k])
                break
        if soft:
            # a registered name starts with its place: 云湖泽润…, 安徽鼎新…; jieba's tags for
            # unknown trade names are unreliable, so a place further left wins
            j, extra = k - 1, 0
            while j > 0 and toks[j - 1] not in L.STOP_WORDS and not (len(toks[j - 1]) == 1 and toks[j - 1] in L.STOP_CHARS) and extra <= 6:
                j -= 1
                extra += len(toks[j])
                if tag(toks[j]) == "ns" and (j == 0 or toks[j - 1] in L.STOP_WORDS or toks[j - 1] in L.STOP_CHARS or toks[j - 1] in L.HEAD_NOUNS):
                    start -= sum(len(x) for x in toks[j:k])
                    k = j
                    break
            break
        start -= len(tok)
        k -= 1
    digits = False
    while start < pos and text[start] in "()（）·-&0123456789":
        if text[start] in "(（" and any(c in text[start:pos] for c in ")）"):
            break
        digits = digits or text[start].isdigit()
        start += 1
    if digits and start < pos and text[start] in "年月日号":
        start += 1  # 2023年峦江县: the date before a name
    copula = _COPULA.match(text, start, pos)
    if copula and pos - copula.end() >= 2:
        start = copula.end()  # 这是沱阳县…: no name starts with 是
    return start


def _bounds(text: str) -> set[int]:
    """Offsets in ``text`` where jieba ends a word."""
    ends, pos = set(), 0
    for tok in tokens(text):
        pos += len(tok)
        ends.add(pos)
    return ends


def _may_name_division(core: str, longest: int = 5) -> bool:
    """Whether ``core`` has the shape of a division's name before its suffix at all."""
    return 2 <= len(core) <= longest and core not in _REGION_BAD and core[-1] not in _REGION_LAST_BAD \
        and core not in _GENERIC_CORES


def _region_core(core: str, suffix: str, parent: bool = False) -> bool:
    """Whether ``core`` + ``suffix`` reads as a place (峦江 + 县); a ``parent`` division
    (渌州 + 市 in 渌州市陶岭镇) may be a name jieba does not know whatever its suffix."""
    if not _may_name_division(core):
        return False
    toks = _place_final(tokens(core))
    if any(tag(t) in _VERBISH for t in toks):
        return False
    if tag(core) == "ns" or (tag(toks[-1]) == "ns" and all(tag(t) in (None, "ns", "nr") for t in toks)):
        return True
    if suffix == "街道" and len(core) == 2 and tag(core) in ("n", "ns", "nz", None) and not any(t in L.STOP_CHARS for t in toks):
        return True  # 花果街道: a two-character word before 街道 names the subdistrict, whatever else it means
    unknown = len(core) <= 3 and (tag(core) in (None, "ns", "nr", "nz")) and not any(t in L.STOP_CHARS for t in toks)
    return unknown and (parent or suffix in ("镇", "街道", "县", "乡", "区"))


def _past_neighbour(text: str, start: int, core_end: int) -> int:
    """Where a division's name starts when 邻县, 邻市 … is written before it (邻县梓溪县:
    the neighbouring county named)."""
    if text.startswith(("邻县", "邻市", "邻区", "邻镇", "邻省"), start) and core_end - start >= 4:
        return start + 2
    return start


def _core_ok(core: str, strict: bool) -> bool:
    if len(core) < 2 or core in _GENERIC_CORES:
        return False
    if core[0] in L.STOP_CHARS:
        return False
    if strict:
        return any(is_proper(t) for t in tokens(core) if len(t) >= 1 and t not in L.STOP_CHARS)
    return True


class StoryMentions:
    """All mentions of one story, found in passes (see the module docstring)."""

    def __init__(self, text: str):
        self.text = text
        self.found: list[Found] = []
        self.alliances: list[AllianceMention] = []
        self.non_alliance_spans: list[tuple[int, int]] = []
        self.taken = bytearray(len(text))
        self._places: dict[tuple[str, int], bool] = {}
        self._before_suffix: set[str] | None = None
        self._place_names: list[str] = []  # sorted: the names of the places in self.found
        self._suffix_pass()
        self._alias_pass()
        self._region_pass()
        self._person_pass()
        self._list_pass()
        self._short_form_pass()
        self._names_before_posts()
        self._names_before_orgs()
        self._chain_pass()
        self.chain_names: dict[str, str] = {}  # a chain as written → the story's own name of it
        self._one_character_chains()
        self._shortened_chains()
        self._placed_chains()
        self._headline_chains()
        self._short_with_generic_suffix()
        self._trim_lead_words()
        self._truncated_names()
        self.found.sort(key=lambda f: (f.start, f.end))

    # helpers -----------------------------------------------------------------
    def _free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def _take(self, f: Found) -> Found:
        for k in range(f.start, f.end):
            self.taken[k] = 1
        self.found.append(f)
        if f.type in _PLACE_TYPES:
            insort(self._place_names, f.name)
        return f

    def _drop(self, f: Found) -> None:
        """Take a mention out of what was found (its characters stay taken)."""
        self.found.remove(f)
        if f.type in _PLACE_TYPES:
            self._place_names.remove(f.name)

    def _floor(self, pos: int) -> int:
        k = pos
        while k > 0 and not self.taken[k - 1] and pos - k < 40:
            k -= 1
        return k

    def _short_with_generic_suffix(self) -> None:
        """味之源公司, 楚峰公司, 汴通集团, 专汽公司: a short name with a generic 公司/集团
        is the one registered firm of the story that the short name stands for (an
        alias of it, a piece of its name, or its characters in order), possibly after a
        verb the left edge kept (销往锂能公司)."""
        fulls = self._registered_firms()
        if not fulls:
            return
        declared_names = {m.group(1).strip() for m in _ALIAS_RE.finditer(self.text)}
        for f in self.found:
            if f.type != "Firm" or f.ref is not None or f.name.endswith(_REGISTERED) or not f.rule.startswith("suffix"):
                continue
            generic = next((g for g in ("公司", "集团", "股份", "合作社") if f.name.endswith(g)), None)
            if generic is None:
                continue
            body = f.name[:-len(generic)]
            for k in range(0, min(5, len(body) - 1)):
                lead, core = body[:k], body[k:]
                if k and not all(t in L.STOP_WORDS or t in _HANDOVER or tag(t) in _LEAD_TAGS for t in tokens(lead)):
                    continue
                if len(core) < 2 or core in _GENERIC_CORES or tag(core) == "r":
                    continue
                declared = any(f"{cue}{quote}{core}" in self.text for cue in ("简称", "下称") for quote in _DECLARE_QUOTES)
                owner = self._one_owner(core, generic, fulls, declared, declared_names)
                if owner is not None:
                    f.start += k
                    f.name, f.ref, f.rule = owner.name, owner, "firm.short_form"
                    owner.aliases.add(self.text[f.start:f.end])
                    break

    @staticmethod
    def _one_owner(core: str, generic: str, fulls: list, declared: bool, declared_names=frozenset()) -> "Found | None":
        """The one full firm ``core`` is a declared alias of (以下简称), else a piece of,
        else spelt in order in."""
        def in_order(name: str) -> bool:
            j = name.find(core[0])
            if j < 0:
                return False
            for c in core[1:]:
                k = name.find(c, j + 1)
                if k < 0 or k - j > 3:
                    return False
                j = k
            return True

        def as_place(name: str) -> bool:  # 沱阳县红粮种植专业合作社 for 沱阳公司: the core is a place here
            j = name.find(core)
            return 0 <= j <= 2 and name[j + len(core):j + len(core) + 1] in L.REGION_ENDS

        def placed(name: str) -> str:  # 浔岭森工（浔江）纤维板有限公司 → 浔江纤维板有限公司
            m = re.search(r"[（(]([^）)]{2,4})[）)](.+)$", name)
            return m.group(1) + m.group(2) if m else ""

        tests = [lambda f: core in f.name, lambda f: in_order(f.name), lambda f: core in placed(f.name)]
        if generic == "集团":  # 濉汽集团 is the group (安徽濉阳汽车集团…), not 濉汽新能源汽车有限公司
            tests.insert(0, lambda f: "集团" in f.name and in_order(f.name))
        if declared:
            tests.insert(0, lambda f: core in f.aliases)
        # 下称“祁红集团”: declared whole, or with another generic word (祁红公司 for 祁红集团)
        tests[:0] = [lambda f: core + generic in f.aliases,
                     lambda f: any(core + g in f.aliases for g in ("公司", "集团", "股份"))]
        aliases: dict[str, set[str]] = {}  # of every mention of a name
        for f in fulls:
            aliases.setdefault(f.name, set()).update(f.aliases)
        for test in tests:
            one_each: dict[str, Found] = {}
            for f in fulls:  # a name written twice is one firm
                if test(f):
                    one_each.setdefault(f.name, f)
            # 花田茉莉专业合作社 beside 甘屯镇花田茉莉专业合作社: one firm, its left edge cut short
            hits = [f for f in one_each.values() if not any(g != f.name and g.endswith(f.name) for g in one_each)]
            if len(hits) > 1:
                hits = [f for f in hits if not as_place(f.name)] or hits
            if len(hits) > 1:  # 稀元集团 is 内蒙古稀元集团有限公司, not its 内蒙古稀元集团永磁材料有限公司
                hits = [f for f in hits if _whole_trade_name(core + generic, f.name)] or hits
            if len(hits) > 1:  # 岫花公司 for the firm declared as 岫花农业, not 普岫岫花电子商务有限公司;
                # 锂能公司 for the one declared as 峦江锂能, not 峦江锂能循环科技有限公司
                hits = [f for f in hits if any(a.startswith(core) or a.endswith(core) for a in aliases[f.name] & declared_names)] or hits
            if len(hits) > 1 and generic != "公司":
                hits = [f for f in hits if generic in f.name] or hits
            if len(hits) == 1:
                return hits[0]
            if hits:
                return None
        return None

    def _registered_firms(self) -> list[Found]:
        """Firm mentions that stand for themselves and carry a registered suffix (有限公司)."""
        return [f for f in self.found if f.type == "Firm" and f.ref is None and f.name.endswith(_REGISTERED)]

    def _truncated_names(self) -> None:
        """汽车电器有限公司 beside 曾阳凯达汽车电器有限公司: where the left edge stopped
        short in one mention of a registered name, it is the fuller name of the story."""
        fulls = self._registered_firms()
        for f in fulls:
            longer = [g for g in fulls if len(g.name) >= len(f.name) + 2 and g.name.endswith(f.name)]
            if len({g.name for g in longer}) == 1:
                f.name, f.ref, f.rule = longer[0].name, longer[0], "firm.short_form"

    def _trim_lead_words(self) -> None:
        """销往芩康药业 → 芩康药业 when the story also writes 芩康药业 alone: a verb or
        preposition the left edge could not tell from an unknown trade name."""
        names = {f.name for f in self.found if f.type == "Firm"}
        people = {f.name for f in self.found if f.type == "Person"}
        for f in self.found:
            if f.type != "Firm" or f.ref is not None or not f.rule.startswith("suffix"):
                continue
            # 杨宏远贵州云岫辣业食品有限公司: a speaker's name written right before the firm's
            lead = next((len(p) for p in people if f.name.startswith(p)), 0)
            if 0 < lead <= len(f.name) - 4:
                f.name, f.start = f.name[lead:], f.start + lead  # in place: short forms refer to it
            for k in range(1, min(3, len(f.name) - 3) + 1):
                lead = f.name[:k]
                if f.name[k:] in names and (lead in L.STOP_WORDS or lead in L.STOP_CHARS or tag(lead) in _LEAD_TAGS):
                    f.name, f.start = f.name[k:], f.start + k
                    break
            else:
                # 成员单位有梓溪县宏源…, 也有泓州华固…: jieba joins the verb to the place (有梓溪县);
                # a name does not begin with 有 or 是 before its place, or after 也, 既, 还
                if f.name[0] in _LEAD_VERBS and len(f.name) >= 8 and (
                        _PLACE_PREFIX.match(f.name[1:]) or self.text[f.start - 1:f.start] in ("也", "既", "还", "都")):
                    f.name, f.start = f.name[1:], f.start + 1

    # passes -----------------------------------------------------------------
    def _suffix_pass(self) -> None:
        text = self.text
        floor = 0
        for m in _SUFFIX_RE.finditer(text):
            suffix, kind = m.group(), _SUFFIX_TYPE[m.group()]
            if m.start() < floor:
                continue
            if kind == "Alliance":
                self._alliance_at(m, floor)
                floor = m.end()
                continue
            start = left_edge(text, m.start(), floor, verbs=kind == "Firm")
            cue = _DECLARE_CUE.match(text, start)
            if cue and cue.end() < m.start():
                start = cue.end()  # （下称省商务厅）: the short form declared, not 下称 with it
            core = text[start:m.start()]
            name = text[start:m.end()]
            if kind == "None":
                self.non_alliance_spans.append((start, m.end()))
                for k in range(start, m.end()):
                    self.taken[k] = 1
                floor = m.end()
                continue
            if kind == "Firm?" and _STRONG_AFTER.match(text, m.end()):
                continue  # 镇江船厂(集团)有限公司: the full name ends later
            if suffix == "科学院" and _INSTITUTE_AFTER.match(text, m.end()):
                continue  # 中国科学院青海盐湖研究所: an institute of the academy
            prev = self.found[-1] if self.found else None
            # 纬纶集团上海分公司: a branch office, written right after its firm's name
            branch = suffix == "公司" and core.endswith("分") and prev is not None and prev.type == "Firm" and prev.end == start
            if kind == "Firm?":
                if not (branch or _core_ok(core, strict=True)) or core.endswith("子"):  # …的全资子公司 names no firm
                    continue
                kind = "Firm"
            elif kind == "Firm":
                toks = tokens(core)
                while len(toks) > 1 and tag(toks[0]) in ("v", "p", "d", "c") and len(toks[0]) >= 2 and len(core) - len(toks[0]) >= 4:
                    start += len(toks[0])
                    core = core[len(toks[0]):]
                    toks = toks[1:]
                name = text[start:m.end()]
                if not _core_ok(core, strict=False):
                    continue
            elif kind == "Park":
                if not _core_ok(core, strict=False) or (suffix == "园区" and len(core) < 3):
                    continue
                if suffix in ("新区", "科技城") and not _core_ok(core, strict=True):
                    continue
                if core.startswith(("省级", "国家级", "市级", "区级", "县级")):
                    continue
            elif kind == "GovernmentBody":
                if suffix in ("局", "委员会") and text[m.end():m.end() + 1] in ("长", "员"):
                    continue
                if suffix in ("人民政府", "政府") and _GOV_AFTER.match(text, m.end()):
                    continue
                while start - 1 > floor and text[start - 1] == "和" and start - 2 >= 0 and _NAMECHAR.match(text[start - 2]):
                    s2 = left_edge(text, start - 1, floor)
                    if s2 >= start - 1:
                        break
                    start = s2
                core, name = text[start:m.start()], text[start:m.end()]
                if core.startswith(("园区", "高新区", "开发区", "产业园", "工业园")) and len(core) <= 6:
                    floor = m.end()
                    continue
                if name.endswith(_BAD_GOV) or name.endswith("局局") or (len(core) < 2 and core not in ("省", "市", "县", "区", "镇")) or (len(core) >= 2 and not _core_ok(core, strict=False)):
                    continue
                if suffix in ("局", "厅") and tag(core[-2:]) in _VERBISH:
                    continue
                if suffix == "厅" and (len(core) < 2 or not core.startswith(("省", "自治区", *L.PROVINCES))):
                    continue  # a 厅 of government is a province's (省教育厅); 展厅, 大厅 are rooms
            elif kind == "AcademicInstitution":
                if not _core_ok(core, strict=False) or _STRONG_AFTER.match(text, m.end()):
                    continue
                if prev is not None and prev.end == start and prev.type == "AcademicInstitution":
                    floor = m.end()  # 某某大学材料学院: a department of the university before it
                    continue
            if branch and 3 <= len(core) <= 5:  # one firm: the branch with its firm's name
                self._drop(prev)
                self._take(Found("Firm", text[prev.start:m.end()], prev.start, m.end(), "suffix.Firm.branch"))
                floor = m.end()
                continue
            # a body written straight after a park or region is that place's own unit
            if prev is not None and prev.end == start and prev.type in ("Park", "Region") and kind in ("GovernmentBody", "Park"):
                full = prev.name + name if kind == "GovernmentBody" else name
                if kind == "Park" and prev.type == "Park" and len(name) <= 8:
                    # 汴阳高新区光电产业园: a park inside a park, one name written as one
                    self._drop(prev)
                    full, start = prev.name + name, prev.start
                self._take(Found(kind, full, start, m.end(), f"suffix.{kind}.under"))
                floor = m.end()
                continue
            self._take(Found(kind, name, start, m.end(), f"suffix.{kind}"))
            floor = m.end()

    def _alliance_at(self, m: re.Match, floor: int) -> None:
        """An alliance kind at ``m``: read the chains (and host) written before it."""
        text, kind = self.text, m.group()
        pos = m.start()
        # the kind may carry its chain marker already (产业链党委); bare 党委 needs one
        marker = ""
        if not kind.startswith("产业"):
            for mk in ("产业链", "产业"):
                if text.endswith(mk, floor, pos):
                    marker, pos = mk, pos - len(mk)
                    break
        head = text[max(floor, pos - 40):pos]
        count = _COUNT.search(head)
        if count and count.group():
            pos -= len(count.group())
        chains: list[str] = []
        brand = ""
        host = None
        cur = pos
        # a quoted brand right before the kind: “同心圆”装备制造产业党建联盟
        while True:
            seg_end = cur
            im = None
            for im in _INDUSTRY_RE.finditer(text, max(floor, cur - 14), cur):
                pass
            if im is not None and im.end() == cur and self._whole_industry(im, floor):
                start = self._extend_industry(im.start(), floor)
                # modifiers written before a known industry (高技术, 先进 …)
                for mod in L.CHAIN_MODIFIERS:
                    if text.endswith(mod, max(floor, start - len(mod)), start):
                        start -= len(mod)
                        break
                start = self._chain_head(start, floor)
                start += _province_before(text[start:seg_end])
                chains.insert(0, text[start:seg_end])
                cur = start
            else:
                start = left_edge(text, cur, max(floor, cur - 12), max_len=12)
                named_after_place = False
                if start == cur and (kind.startswith(("产业链", "产业")) or marker):
                    start = self._after_place(cur, floor)  # 砚溪县三七产业链: jieba reads 三七 as a number
                    if start == cur:
                        start = self._thing_and_deed(cur, floor)  # 稀土催化: jieba reads 催化 as a verb
                    named_after_place = start < cur
                cand = text[start:cur]
                toks = tokens(cand) if cand else [""]
                before = text[start - 1:start] if start > 0 else "，"
                clear = before in "，。、；：“”（(和及与\n" or text[max(0, start - 2):start] in self._FORMED or \
                    re.search(r"(?:成立了|为链主的|推动成立|(?:成立|组建|打造|建立)的|[县区市镇])$", text[max(0, start - 5):start]) is not None
                # after a clear boundary a noun, or one word jieba does not know that is no place (鞋服)
                nounish = named_after_place or (cand.endswith(L.INDUSTRY_HEADS) or (clear and len(cand) >= 2 and (
                    tag(toks[-1]) in ("n", "nz", "vn", "j") or len(toks) == 1 and tag(cand) is None and not self._place_like(cand)
                    and not _PLACE_END.search(cand)))
                                                or self._industry_and_noun(cand, toks)) and not any(tag(t) in ("v",) and len(t) >= 2 and t in L.STOP_WORDS for t in toks)
                place = _PLACE_PREFIX.match(cand)
                if place and not nounish and (kind.startswith(("产业链", "产业")) or marker):
                    # 普岫县鲜切花产业链: whatever follows the place, before 产业链, is the chain
                    rest = cand[place.end():]
                    while (inner := _PLACE_PREFIX.match(rest)) is not None:
                        rest = rest[inner.end():]
                    nounish = 2 <= len(rest) <= 6 and not any(t in L.STOP_WORDS or t in L.STOP_CHARS for t in tokens(rest))
                while place and (kind.startswith(("产业链", "产业")) or marker) and nounish:
                    # 贵州省黔岭县工业硅…: each place in turn; the last one is the host
                    at = _past_neighbour(text, start, start + len(place.group(1)) - 1)
                    self._take(Found("Region", text[at:start + len(place.group(1))], at, start + len(place.group(1)), "suffix.Region.host"))
                    start += len(place.group(1))
                    cand = text[start:cur]
                    place = _PLACE_PREFIX.match(cand)
                if (kind.startswith(("产业链", "产业")) or marker) and nounish and 2 <= len(cand) <= 10 and not any(self.taken[start:cur]) and cand not in _GENERIC_CORES and not cand.endswith(("的", "大")):
                    # an unknown industry: keep only its last words that are not a place
                    cut = _province_before(cand)
                    start, cand = start + cut, cand[cut:]
                    chains.insert(0, cand)
                    cur = start
                else:
                    break
            if cur > 0 and text[cur - 1] in "、和及与" and cur - 1 > floor:
                cur -= 1
                continue
            break
        if len(chains) == 2 and not (count and count.group()) and self._one_joined_chain(cur, chains, m.end()):
            chains = [text[cur:cur + len(chains[0]) + 1 + len(chains[1])]]
        if cur > 0 and text[cur - 1] in "”」\"" :
            q = max(text.rfind("“", floor, cur), text.rfind("「", floor, cur))
            if q >= 0 and cur - q <= 12:
                brand = text[q:cur]
                cur = q
        # a place written right before the chains (镇江市高技术船舶…联合党委) is the host
        if chains and not any(f.end == cur for f in self.found):
            pm = _PLACE_END.search(text, max(floor, cur - 8), cur)
            if pm and pm.end() == cur:
                suffix = "街道" if pm.group(1).endswith("街道") else pm.group(1)[-1]
                st = _past_neighbour(text, left_edge(text, cur - len(suffix), max(floor, cur - 8), max_len=6), cur - len(suffix))
                core = text[st:cur - len(suffix)]
                if 2 <= len(core) <= 5 and (tag(core) in (None, "ns", "nr", "nz") or tag(tokens(core)[-1]) == "ns"
                                            or self._governed(core, suffix)) and core not in _GENERIC_CORES:
                    self._take(Found("Region", text[st:cur], st, cur, "suffix.Region.host"))
        # a host written right before: a park or region mention ending here
        for idx in range(len(self.found) - 1, -1, -1):
            f = self.found[idx]
            if f.end == cur and f.type in ("Park", "Region", "GovernmentBody", "Firm"):
                host = f
                break
            if f.end < cur:
                break
        if not chains and host is None:
            # a bare 联合党委 / 产业链党建联盟 names no particular alliance
            for k in range(m.start(), m.end()):
                self.taken[k] = 1
            return
        if not chains and not kind.startswith("产业") and not marker and kind not in ("联合党委", "综合党委", "联盟党委", "党建联合体"):
            return
        am = AllianceMention(cur if host is None else host.start, m.end(), marker + kind, chains, host, brand,
                             text[cur:m.end()], "alliance.kind" + (".list" if len(chains) > 1 else ""))
        self.alliances.append(am)
        for k in range(cur, m.end()):
            self.taken[k] = 1

    def _one_joined_chain(self, cur: int, chains: list[str], end: int) -> bool:
        """钛及钛合金产业链党建联盟, 船舶与海工装备产业链党委: two industries joined by 及/与/和
        with no count (两个, 3个) and no 分别 after them name one chain, not a list."""
        joint = self.text[cur + len(chains[0]):cur + len(chains[0]) + 1]
        if joint not in "及与和" or "、" in self.text[cur:end]:
            return False
        stop = min((i for i in (self.text.find(c, end) for c in "。；") if i >= 0), default=len(self.text))
        return "分别" not in self.text[end:stop]

    def _alias_pass(self) -> None:
        """(以下简称“X”) after a mention: X names the same entity everywhere in the story."""
        for m in _ALIAS_RE.finditer(self.text):
            alias = m.group(1).strip()
            owner = None
            for f in self.found:
                if f.end <= m.start() and m.start() - f.end <= 2:
                    owner = f
            if owner is None:
                start = left_edge(self.text, m.start(), self._floor(m.start()))
                if m.start() - start < 2:
                    continue
                owner = self._take(Found("Firm", self.text[start:m.start()], start, m.start(), "alias.owner"))
            owner.aliases.add(alias)
            if self._free(m.start(), m.end()) and owner.end == m.start():
                self._take(Found(owner.type, owner.name, m.start(), m.end(), "alias.paren", ref=owner.ref or owner))
            for k in range(m.start(), m.end()):
                self.taken[k] = 1
            self._add_occurrences(alias, owner, "alias.declared")

    def _add_occurrences(self, surface: str, owner: Found, rule: str) -> None:
        for s in _occurrences(self.text, surface):
            if self._free(s, s + len(surface)):
                self._take(Found(owner.type, owner.name, s, s + len(surface), rule, ref=owner))

    def _region_pass(self) -> None:
        text = self.text
        for m in _REGION_RE.finditer(text):
            end = m.end()
            if not self._free(m.start(), end):
                continue
            nxt = text[end:end + 1]
            if nxt and nxt in "场长内外级域民属政" and not text.startswith(("党委", "委组织部"), end):
                continue
            start = left_edge(text, m.start(), self._floor(m.start()), max_len=6)
            start = _past_neighbour(text, start, m.start())
            core = text[start:m.start()]
            if not (_region_core(core, m.group()) or self._governed(core, m.group())):
                # 渌州市陶岭镇: a division named inside the one it belongs to
                cut = max(core.rfind(c) for c in "省市县区州")
                if not (cut >= 1 and _region_core(core[cut + 1:], m.group())):
                    continue
                if not (cut >= 2 and _region_core(core[:cut], core[cut], True)):
                    # 石嘴山市大武口区 read from a window that cut the city short: the district alone
                    start += cut + 1
            self._take(Found("Region", text[start:end], start, end, "suffix.Region"))

    def _governed(self, core: str, suffix: str) -> bool:
        """清流区 where 清流 is also a common word: the story names the division's own
        party committee or government (清流区委组织部, 岩滩镇党委, 敕勒川旗人民政府)."""
        if not _may_name_division(core, longest=4) or any(c in L.STOP_CHARS for c in core):
            return False
        name = core + suffix
        return any(name + tail in self.text for tail in ("委", "党委", "党工委", "人民政府", "政府"))

    def _person_pass(self) -> None:
        text = self.text
        for m in _POST_RE.finditer(text):
            p = m.end()
            # posts run on with 、: take the name after the last one
            nxt = _POST_RE.match(text, p + 1) if text[p:p + 1] == "、" else None
            if nxt:
                continue
            if not self._free(m.start(), p):
                continue
            if self._addressed(m.start()):
                continue
            name = self._name_at(p)
            # 党支部书记龙海说: a word that speaks after a post is a person, whatever jieba calls it
            speaks = name is not None and text.startswith(_SPEAKING, p + len(name)) and name[0] in L.SURNAMES
            if not name or not (speaks or self._plausible_name(name)) or not self._free(p, p + len(name)):
                continue
            f = self._take(Found("Person", name, p, p + len(name), "person.after_post"))
            self._add_occurrences(name, f, "person.repeat")

    def _names_before_posts(self) -> None:
        text = self.text
        for m in _NAME_BEFORE.finditer(text):
            name = m.group("name")
            if not self._plausible_name(name) or not self._free(m.start("name"), m.end("name")):
                continue
            if not _POST_RE.search(text, m.end(), m.end() + 40):
                continue
            f = self._take(Found("Person", name, m.start("name"), m.end("name"), "person.before_post"))
            self._add_occurrences(name, f, "person.repeat")

    def _names_before_orgs(self) -> None:
        """A name written before an organisation and a post: 符海燕，海南某公司党委书记."""
        text = self.text
        for f in list(self.found):
            if f.type not in ("Firm", "GovernmentBody", "AcademicInstitution", "Park") or f.ref is not None:
                continue
            if not _POST_RE.match(text, f.end) and not _POST_RE.match(text, f.end + 2):
                continue
            b = f.start
            while b > 0 and text[b - 1] in " \u3000，,":
                b -= 1
            for n in (3, 2):
                s0 = b - n
                if s0 < 0 or not self._free(s0, b):
                    continue
                cand = text[s0:b]
                edge = text[s0 - 1:s0] if s0 > 0 else "\n"
                if (cand[0] in L.SURNAMES and re.fullmatch(rf"[{CJK}]+", cand) and (edge in "）)。，；：\n ”\u3000" )
                        and self._plausible_name(cand)):
                    p = self._take(Found("Person", cand, s0, b, "person.before_org"))
                    self._add_occurrences(cand, p, "person.repeat")
                    break

    def _name_at(self, p: int) -> str | None:
        text = self.text
        if p >= len(text):
            return None
        if text[p] not in L.SURNAMES and text[p:p + 2] not in L.COMPOUND_SURNAMES:
            # names without a Han surname (才让多杰, 阿依古丽·吐尔逊): up to the speech verb
            m = _UNSURNAMED.match(text, p)
            if m and tag(m.group(1)) is None and not any(len(t) >= 2 and tag(t) for t in tokens(m.group(1).replace("·", ""))):
                return m.group(1)
            return None
        if text[p + 2:p + 4] in _TWO_CHAR_VERBS and re.fullmatch(rf"[{CJK}]{{2}}", text[p:p + 2]):
            return text[p:p + 2]  # 陶敏兼任…: the verb starts right after two characters
        for n in (3, 2, 4):
            # 李明任链长, 王海涛任党委书记: 任 before a post is the verb, not the name's last character
            if n == 4 and text[p:p + 2] not in L.COMPOUND_SURNAMES:
                continue
            if text[p + n:p + n + 1] == "任" and _POST_RE.match(text, _POST_MODIFIERS.match(text, p + n + 1).end()) \
                    and re.fullmatch(rf"[{CJK}]+", text[p:p + n]):
                return text[p:p + n]
        for n in (3, 2, 4):
            cand = text[p:p + n]
            if len(cand) < n or not re.fullmatch(rf"[{CJK}]+", cand):
                continue
            after = text[p + n:p + n + 2]
            adverb = after[:1] in _ADVERBS and text.startswith(_AFTER_NAME, p + n + 1)  # 胡斌则表示
            if not after or after[0] in "，。、；：“”（(）)！？ \n…" or after.startswith(_AFTER_NAME) or adverb:
                if n == 3 and text[p + 2:p + 3] and (text[p + 2] in "，。、说等" or text[p + 2:p + 4].startswith(_AFTER_NAME[:20])):
                    continue
                if n == 3 and text[p + 2] in _ADVERBS and text.startswith(_AFTER_NAME, p + 3):
                    continue  # 胡斌则表示: an adverb between the name and its verb
                if n == 4 and text[p:p + 2] not in L.COMPOUND_SURNAMES:
                    continue
                return cand
        for n in (3, 2):
            # the verb after the name decides its length: 丛立新兼任…
            nxt = text[p + n:p + n + 2]
            if len(nxt) == 2 and tag(nxt) in ("v", "vn", "p") and tag(text[p:p + n]) in (None, "nr", "nrfg", "nrt") \
                    and not (n == 3 and tag(text[p + 2:p + 4]) in ("v", "p")) and re.fullmatch(rf"[{CJK}]+", text[p:p + n]):
                return text[p:p + n]
        name = person_name_at(text[p:])
        return name

    def _addressed(self, post: int) -> bool:
        """“王书记常说: a surname alone before the post is how a person already named is
        addressed, and what follows is not a name."""
        text = self.text
        return (post >= 1 and text[post - 1] in L.SURNAMES and tag(text[post - 1]) not in ("p", "c", "d", "r", "u")
                and (post == 1 or not re.match(rf"[{CJK}]", text[post - 2])))  # not 由副区长肖云飞任链长

    @staticmethod
    def _plausible_name(name: str) -> bool:
        t = tag(name)
        return (t is None or t in ("nr", "nrfg", "nrt")) and not any(c in L.STOP_CHARS for c in name[1:])

    def _list_pass(self) -> None:
        """A、B、C等企业: each item is an organisation, short forms included."""
        text = self.text
        if not _HAS_LIST_TAIL.search(text):
            return
        for m in _LIST_RE.finditer(text):
            items_text = m.group(1)
            base = m.start(1)
            parts = _list_items(items_text)
            pos = base
            for n, part in enumerate(parts):
                s, e = pos, pos + len(part)
                pos = e + 1
                if n == 0:
                    s = left_edge(text, e, max(self._floor(e), s))
                if e - s < 2 or not self._free(s, e):
                    continue
                item = text[s:e]
                if item in L.INDUSTRIES or item in _GENERIC_CORES or re.search(r"产业|行业|领域|项目|部门|环节", item):
                    continue
                if _SUFFIX_RE.search(item):
                    continue
                toks = tokens(item)
                if not (any(is_proper(t) and tag(t) != "ns" for t in toks if len(t) >= 2) or (len(item) >= 4 and item.endswith(L.SHORT_FIRM_HEADS))):
                    continue
                self._take(Found("Firm", item, s, e, "firm.list"))

    def _short_form_pass(self) -> None:
        """Pieces of a full firm name used alone later (澄石机器人 for 澄石机器人泖州股份有限公司)."""
        text = self.text
        fulls = [f for f in self.found if f.type == "Firm" and f.ref is None and f.rule.startswith("suffix")]
        # every firm's pieces first, then the longest ones taken: 涪光组件 is 重庆涪光组件有限公司,
        # not the 涪光 of 重庆涪光新能源科技股份有限公司
        cands, initials = [], []
        seen: set[str] = set()
        for order, f in enumerate(fulls):
            name = f.name
            if name in seen:
                continue  # the same pieces as the first mention of the name, which they lose to
            seen.add(name)
            for part in self._key_parts(name):
                for s in _occurrences(text, part):
                    e = s + len(part)
                    if not self._free(s, e):
                        continue
                    # grow to the longest piece of the full name that the text repeats
                    i = name.find(part)
                    while s > 0 and i > 0 and text[s - 1] == name[i - 1] and not self.taken[s - 1]:
                        s, i = s - 1, i - 1
                    e = self._spelt_on(e, name, name.find(part) + len(part))
                    piece = text[s:e]
                    # a place name written before the trade name (泖州柳重 for 柳重泖州…)
                    ps = left_edge(text, s, self._floor(s), max_len=4)
                    place = text[ps:s]
                    if place and tag(place) == "ns" and place in name:
                        s, piece = ps, text[ps:e]
                    if len(piece) < 2 or piece == name or _SUFFIX_RE.fullmatch(piece) or len(piece) < 4 and (self._place_like(piece[:2]) or is_common_noun(piece[:2])):
                        continue
                    if text.startswith(("产业", "行业"), e):  # 稀土永磁产业链: an industry, not a firm's 永磁
                        continue
                    cands.append((-len(piece), s, order, e, piece, f))
            initials += [(-len(piece), s, order, e, piece, f) for s, e, piece in self._place_initials(name)]
        owners: dict[str, set[str]] = {}
        for c in initials:
            owners.setdefault(c[4], set()).add(c[5].name)
        cands += [c for c in initials if len(owners[c[4]]) == 1]  # 冀阳重机 could stand for one firm only
        for _, s, _, e, piece, f in sorted(cands, key=lambda c: c[:3]):
            if self._free(s, e):
                self._take(Found("Firm", f.name, s, e, "firm.short_form", ref=f))
                f.aliases.add(piece)

    def _extend_industry(self, start: int, floor: int = 0) -> int:
        """锂电新能源, 港航物流: industry words written together form one chain name."""
        for mod in L.CHAIN_MODIFIERS:
            if self.text.endswith(mod, max(floor, start - len(mod)), start):
                return start - len(mod)
        for head in _PREFIX_INDUSTRIES:
            if self.text.endswith(head, max(floor, start - 2), start) and self._free(start - 2, start):
                start -= 2
                break
        for _ in range(2):
            prev = None
            for prev in _INDUSTRY_RE.finditer(self.text, max(floor, start - 8), start):
                pass
            if prev is None or prev.end() != start or not self._free(prev.start(), start):
                break
            start = prev.start()
        for mod in L.CHAIN_MODIFIERS:
            if self.text.endswith(mod, max(floor, start - len(mod)), start):
                return start - len(mod)
        return start

    def _whole_industry(self, im: re.Match, floor: int) -> bool:
        """A craft written with one character (茶, 竹) is the chain's whole name only right after
        a boundary or a place (孝丰镇竹产业链); 白茶, 生态茶 are read by their left edge. (A metal,
        铝, takes the material words before it from :meth:`_chain_head`.)"""
        g = im.start()
        return im.group() not in L.CRAFTS or g <= floor or self._clear_before(g, floor) or self._place_ends_at(g, floor)

    def _place_ends_at(self, g: int, floor: int) -> bool:
        """A park or region just found, or a region written with its suffix, ends at ``g``."""
        return any(f.end == g and f.type in ("Park", "Region") for f in self.found[-4:]) or self._region_ends_at(g, floor)

    _FORMED = ("成立", "组建", "打造", "建立", "揭牌")  # 成立煤基新材料产业链党委: the verb is a boundary
    _CHAIN_WORD_TAGS = frozenset(("n", "nz", "b", "vn", "an", "j", "ng"))

    def _chain_head(self, start: int, floor: int) -> int:
        """专用汽车, 休闲食品: the words between a clear boundary (punctuation, or a park or
        region named right there) and a known industry are part of the chain's name."""
        text = self.text
        if self._region_ends_at(start, floor):
            return start  # 花果街道汽配…: the place is no word of the chain
        for g in range(start - 1, max(floor, start - 4) - 1, -1):
            after_place = self._place_ends_at(g, floor)
            if not (after_place or g == floor or text[g - 1] in "\n " or self._clear_before(g, floor)):
                continue
            gap = self._plain_gap(g, start)
            if gap is None:
                return start
            toks = tokens(gap)
            if text[g - 1] in "、和及与" and not any(tag(t) in _FUNCTION_TAGS or tag(t) == "v" or t in L.STOP_WORDS for t in toks):
                return g  # an item of a list of chains: 光伏制造、新型储能及盐湖锂电 (盐湖 is a place to jieba)
            ok = ("v",) if after_place else ()
            # 冷链物流, 铝基新材料: a word jieba does not know, not a place, qualifies the industry
            if all((tag(t) in self._CHAIN_WORD_TAGS or tag(t) in ok or tag(t) is None and len(gap) == 2 and not self._place_like(t)
                    and not _joins_function_word(t))
                   and t not in L.STOP_WORDS and t not in _GENERIC_CORES for t in toks):
                return g
            return start
        return start

    @staticmethod
    def _industry_and_noun(cand: str, toks: list[str]) -> bool:
        """稀土永磁, 光伏组件: a known industry and a noun that narrows it, whatever comes
        before (来自稀土永磁产业链党委)."""
        return (len(toks) == 2 and _INDUSTRY_RE.fullmatch(toks[0]) is not None and len(toks[1]) >= 2
                and tag(toks[1]) in ("n", "nz", "vn") and toks[1] not in L.STOP_WORDS and toks[1] not in _GENERIC_CORES)

    def _host_ends_at(self, g: int) -> bool:
        """An organisation or place that can host an alliance is named right before ``g``
        (海舟集团|船舶修造产业链党建联盟)."""
        return any(f.end == g and f.type in ("Firm", "Park", "Region", "GovernmentBody") for f in self.found)

    def _clear_before(self, g: int, floor: int) -> bool:
        """A chain's words may start at ``g``: after punctuation, a conjunction of a list or a
        verb of forming (成立煤基新材料…)."""
        return self.text[g - 1] in "，。、；：“”「」（(和及与" or self.text.endswith(self._FORMED, max(floor, g - 2), g)

    def _thing_and_deed(self, end: int, floor: int) -> int:
        """Where a chain named by a thing and what is done to it (稀土催化, 食品加工) begins,
        between a clear boundary and ``end`` (``end`` if there is none): jieba reads the
        second word as a verb, which ends names elsewhere."""
        for g in (end - 4, end - 5, end - 6):
            if not (g > floor and self._clear_before(g, floor) or g >= floor and self._host_ends_at(g)):
                continue
            gap = self._plain_gap(g, end)
            toks = tokens(gap) if gap else []
            if 2 <= len(toks) <= 3 and tag(toks[0]) in ("n", "nz", "j") and tag(toks[-1]) == "v" \
                    and all(len(t) >= 2 and tag(t) in ("n", "nz", "vn", "j", "v") and t not in L.STOP_WORDS for t in toks):
                return g
        return end

    def _after_place(self, end: int, floor: int) -> int:
        """Where a short word that follows a place name and ends at ``end`` begins (``end``
        if there is none): the place is a region written with its suffix (某某县)."""
        for g in range(end - 1, max(floor + 3, end - 4) - 1, -1):
            if self._region_ends_at(g, floor):
                gap = self._plain_gap(g, end)
                if gap is not None and not any(tag(t) in ("p", "c", "u", "d", "r", "q", "f", "y") or t in L.STOP_WORDS for t in tokens(gap)):
                    return g
                break
        return end

    def _region_ends_at(self, pos: int, floor: int) -> bool:
        """A region written with its suffix (某某县) ends at ``pos``: two characters the story
        uses as a place, then 县, 区, 市, 镇 or 乡; or two that name a subdistrict, then 街道."""
        if pos - 4 >= floor and self.text.endswith("街道", pos - 2, pos):  # 花果街道汽配…
            return self._place_like(self.text[pos - 4:pos - 2]) or _region_core(self.text[pos - 4:pos - 2], "街道")
        return pos - 3 >= floor and self.text[pos - 1] in "县区市镇乡" and self._place_like(self.text[pos - 3:pos - 1])

    def _plain_gap(self, start: int, end: int) -> str | None:
        """The text between ``start`` and ``end`` if it is Chinese characters only, in no
        mention and not a generic word (else None): room for a chain's own words."""
        gap = self.text[start:end]
        if all("\u4e00" <= c <= "\u9fff" for c in gap) and gap not in _GENERIC_CORES and not any(self.taken[start:end]):
            return gap
        return None

    def _place_like(self, word: str) -> bool:
        """A word the story itself uses as a place (澧川市, 澧川新材料产业园 …)."""
        # asked many times per word; the answer only changes when a mention is found
        key = (word, len(self.found))
        known = self._places.get(key)
        if known is None:
            known = self._places[key] = tag(word) == "ns" or self._before_division_suffix(word) or self._starts_place(word)
        return known

    def _starts_place(self, word: str) -> bool:
        """Whether a park, region or government body found so far has a name starting with ``word``."""
        names = self._place_names
        i = bisect_left(names, word)
        return i < len(names) and names[i].startswith(word)

    def _before_division_suffix(self, word: str) -> bool:
        """Whether the story writes ``word`` right before 市, 县, 区, 镇 or 省."""
        if not 1 <= len(word) <= 8:
            return any(word + c in self.text for c in _DIVISIONS)
        if self._before_suffix is None:  # every piece of up to 8 characters before one, found once
            text = self.text
            self._before_suffix = {text[j - n:j] for j in (m.start() for m in _DIVISION_SUFFIX.finditer(text))
                                   for n in range(1, min(8, j) + 1)}
        return word in self._before_suffix

    def _spelt_on(self, e: int, name: str, j: int, first_gap: int = 2) -> int:
        """Where the text from ``e`` stops spelling ``name`` on from ``j``: each next
        character found in the name at most two characters on (``first_gap`` for the first
        one), never reaching into a suffix (有限公司) by a skip."""
        text, gap = self.text, first_gap
        while e < len(text) and j < len(name) and not self.taken[e] and text[e] not in L.STOP_CHARS:
            k = name.find(text[e], j)
            if k < 0 or k - j > gap or _SUFFIX_RE.match(name, k) and k > j:
                break
            e, j, gap = e + 1, k + 1, 2
        return e

    def _place_initials(self, name: str) -> list[tuple[int, int, str]]:
        """冀阳重机 for 冀阳重型机械有限公司, 鹤湾药包 for 泰澜市鹤湾医药包装材料有限公司: the
        place in the name, then characters of its trade words in order, one from each."""
        text, core = self.text, _SUFFIX_RE.sub("", name)
        found = []
        for p in (0, 2, 3):
            place = core[p:p + 2]
            # at the start, a word the story uses as a place; after 市/县, whatever follows it
            if len(place) < 2 or (core[p - 1] not in "省市县区" if p else not self._place_like(place)):
                continue
            b = p + 2 + (core[p + 2:p + 3] in ("市", "县", "区"))
            body = core[b:]
            if len(body) < 3:
                continue
            for s in _occurrences(text, place):
                e = self._spelt_on(s + 2, body, 0, first_gap=1)
                piece = text[s:e]
                if e - s >= 4 and piece not in name and self._free(s, e) and e - s in _bounds(text[s:e + 3]):
                    found.append((s, e, piece))
        return found

    def _key_parts(self, name: str) -> list[str]:
        """Pieces of a full firm name that can stand for it: its trade-name words."""
        core = _SUFFIX_RE.sub("", name) or name
        chunks: list[str] = []
        for tok in tokens(core):
            if tok in "()（）":
                chunks.append("")
                continue
            if len(tok) == 1 and chunks and len(chunks[-1]) == 1 and chunks[-1] not in "()（）":
                chunks[-1] += tok
            else:
                chunks.append(tok)
        parts, first = [], True
        # the trade name (字号) follows the place: its first two characters identify the firm
        rest = core
        for n in (4, 3, 2):
            head = rest[:n]
            if len(rest) > n + 1 and (self._place_like(head) or head.endswith(("省", "市", "县"))):
                rest = rest[n:]
                break
        rest = rest.lstrip("()（）")
        lead = len(core) - len(rest)  # the place written before the trade name
        if len(rest) >= 4 and (self._place_like(rest[:2]) or is_common_noun(rest[:2])) and rest[2:4] not in L.INDUSTRIES:
            parts.append(rest[:4])  # a trade name that is a place name or a common word: 青源重工, 鲜花冷链
            parts.append(rest[:2])  # … kept only when it grows to four characters (岐黄饮片)
        if len(rest) >= 2 and rest[:2] not in L.INDUSTRIES and not self._place_like(rest[:2]) and not is_common_noun(rest[:2]) \
                and tag(rest[:2]) not in ("v", "vn", "a", "d"):
            parts.append(rest[:2])
        elif len(rest) >= 5 and tag(rest[:2]) == "a" and rest[:2] not in L.INDUSTRIES and rest[2:4] not in L.INDUSTRIES:
            parts.append(rest[:4])  # a trade name jieba reads as an adjective (恒毅精密), written with the next word
        merged = {ch for ch in chunks if ch and ch not in tokens(core)}  # odd characters jieba split apart
        for ch in chunks:
            at = core.find(ch)
            if at < lead:
                continue  # inside the place (芩|源市 of 芩源市岐黄…)
            late = at - lead > 2
            if len(ch) < 2 or self._place_like(ch) or (late and ch not in merged):
                continue
            if ch in L.INDUSTRIES or tag(ch) in ("v", "vn", "a", "ad", "d"):
                first = False
                continue
            if (is_proper(ch) or first) and ch not in parts:
                parts.append(ch)
            first = False
        # the usual abbreviation: the place and the first character of each of the next two
        # words (梧川重型机械 → 梧川重机)
        place = core[:lead]
        words = [t for t in tokens(rest) if len(t) >= 2]
        if 2 <= len(place) <= 3 and len(words) >= 2 and rest.startswith(words[0] + words[1]):
            parts.append(place + words[0][0] + words[1][0])
        return parts

    def _chain_pass(self) -> None:
        """Chains named with 产业链 outside alliance names (机器人产业链的链主企业)."""
        text = self.text
        for m in re.finditer(r"产业链|产业(?=链主|的链主|链上)", text):
            if not self._free(m.start(), m.end()):
                continue
            im = None
            for im in _INDUSTRY_RE.finditer(text, max(0, m.start() - 12), m.start()):
                pass
            if im is not None and im.end() == m.start() and self._free(im.start(), im.end()) and self._whole_industry(im, 0):
                st = self._extend_industry(im.start())
                self._take(Found("IndustrialChain", text[st:im.end()], st, m.end(), "chain.named"))
                continue
            start = left_edge(text, m.start(), self._floor(m.start()), max_len=8)
            toks = tokens(text[start:m.start()])
            while toks and _joins_function_word(toks[0]):
                start += len(toks.pop(0))
            cand = text[start:m.start()]
            if 2 <= len(cand) <= 8 and (cand.endswith(L.INDUSTRY_HEADS) or self._industry_and_noun(cand, tokens(cand))) \
                    and cand not in _GENERIC_CORES and not any(tag(t) == "v" for t in tokens(cand)):
                self._take(Found("IndustrialChain", cand, start, m.end(), "chain.named.head"))

    def chain_ident(self, chain: str) -> str:
        """The chain an alliance mention is on, as the story names it most fully: 钛产业链党委
        (以下简称) and 钛及钛合金产业链党委 are one body."""
        bare = bare_chain(chain)
        return self.chain_names.get(bare, bare)

    def _alliance_chains(self) -> set[str]:
        """The chains the story's alliance mentions are on, without 产业链 / 产业."""
        return {bare_chain(c) for am in self.alliances for c in am.chains}

    def _shortened_chains(self) -> None:
        """煤机产业链党建联合体 after 煤机装备产业链党建联合体: an alliance's chain that begins
        exactly one other alliance chain of the story is that chain shortened, unless one
        list names both (汽车、汽车零部件产业链党委 are two)."""
        chains = self._alliance_chains()
        together = [{bare_chain(c) for c in am.chains} for am in self.alliances if len(am.chains) > 1]
        for c in sorted(chains):
            if len(c) < 2 or c in self.chain_names:
                continue
            fuller = {n for n in chains if n != c and n.startswith(c)}
            if len(fuller) == 1 and not any({c, *fuller} <= names for names in together):
                self.chain_names[c] = fuller.pop()

    def _placed_chains(self) -> None:
        """湄江家具产业链综合党委 in a story about 湄江区's 家具产业链综合党委: a chain that
        starts with the name of a division of the story (its 区/县/市 left out) or of a firm
        or body as the story writes it (滇岚农垦咖啡 for the group 滇岚农垦's 咖啡), and goes
        on to another chain of the story, is that chain."""
        chains = self._alliance_chains() | {bare_chain(f.name) for f in self.found if f.type == "IndustrialChain"}
        places = {f.name[:-len(sfx)] for f in self.found if f.type == "Region"
                  for sfx in L.REGION_SUFFIXES if f.name.endswith(sfx) and len(f.name) - len(sfx) >= 2}
        places |= {w for f in self.found if f.type in ("Firm", "Park", "GovernmentBody")
                   for w in (self.text[f.start:f.end], *f.aliases) if len(w) >= 4}  # not a bare trade word (煤机)
        for c in sorted(chains):
            if c in self.chain_names:
                continue
            # the rest is a chain of the story, or the end of exactly one (轮胎 of 橡胶轮胎), or
            # the one character of one short chain (茶 of 茶叶)
            rest = set()
            for p in places:
                r = c[len(p):] if c.startswith(p) and len(c) > len(p) else ""
                fuller = {n for n in chains if n != c and (n.endswith(r) if len(r) >= 2 else r in n and len(n) <= 3)}
                if r in chains:
                    rest.add(r)
                elif r and len(fuller) == 1:
                    rest |= fuller
            if len(rest) == 1:
                whole = rest.pop()
                self.chain_names[c] = self.chain_names.get(whole, whole)

    def _headline_chains(self) -> None:
        """A headline may call the alliance by a shorter chain (锂电产业链党委 over a section
        about the 动力电池产业链党委): an alliance in a headline line whose chain the text
        never names outside headlines is the one alliance of the same brand and kind in the
        section below it (to the next headline naming an alliance)."""
        lines, pos = [], 0
        for line in self.text.split("\n"):
            lines.append((pos, pos + len(line), _HEADLINE.fullmatch(line.strip()) is not None))
            pos += len(line) + 1
        heads = [(s, e) for s, e, h in lines if h and any(s <= am.start < e for am in self.alliances)]
        if not heads:
            return
        plain = "\n".join(self.text[s:e] for s, e, h in lines if not h)
        for n, (s, e) in enumerate(heads):
            below = heads[n + 1][0] if n + 1 < len(heads) else len(self.text)
            for am in self.alliances:
                if not s <= am.start < e or len(am.chains) != 1:
                    continue
                chain = bare_chain(am.chains[0])
                if not chain or chain in self.chain_names or chain in plain:
                    continue
                others = {self.chain_ident(c) for b in self.alliances if e < b.start < below and kind_ident(b.kind) == kind_ident(am.kind)
                          and b.brand == am.brand for c in b.chains}
                if len(others) == 1:
                    self.chain_names[chain] = others.pop()

    def _one_character_chains(self) -> None:
        """茶产业链 and 茶叶产业 in one story are one chain: a one-character chain is named by the
        one longer industry of the story that contains it (茶叶, 陶瓷, 白酒); alliance names
        stay as written."""
        text = self.text
        names = {c for am in self.alliances for c in am.chains} | {f.name for f in self.found if f.type == "IndustrialChain"}
        singles = sorted(n for n in names if len(n) == 1)
        if not singles:
            return  # most stories: no need to look for industries across the whole text
        written = {m.group() for m in _INDUSTRY_RE.finditer(text) if text.startswith("产业", m.end())}
        for c in singles:
            # 钛 of 钛及钛合金: a joined chain that starts with the character names it too
            fuller = {n for n in names | written if 2 <= len(n) <= 3 and c in n
                      or n.startswith(c) and len(n) <= 8 and any(j in n for j in "及与和")}
            if len(fuller) != 1:
                continue
            self.chain_names[c] = full = fuller.pop()
            for f in self.found:
                if f.type == "IndustrialChain" and f.name == c:
                    f.name = full
                    f.aliases.update((c, f"{c}产业链"))


def _whole_trade_name(piece: str, name: str) -> bool:
    """``piece`` is all of ``name`` but its place and legal form: 稀元集团 is
    内蒙古稀元集团有限公司 rather than its subsidiary 内蒙古稀元集团永磁材料有限公司."""
    at = name.find(piece)
    rest = name[at + len(piece):]
    return at >= 0 and (not rest or rest in L.FIRM_SUFFIXES)


def _province_before(chain: str) -> int:
    """The length of a province written before a chain's words (山西煤机装备), else 0."""
    province = next((p for p in L.PROVINCES if chain.startswith(p)), "")
    return len(province) if province and len(chain) - len(province) >= 2 else 0


def _list_items(text: str) -> list[str]:
    """The items of a list written with 、 and the conjunctions 和, 及, 与 (not the 与 of
    参与 or the 和 of 和谐: a conjunction is a word of its own)."""
    items, cur = [], ""
    for tok in tokens(text):
        if tok == "、" or tok in ("和", "及", "与"):
            items.append(cur)
            cur = ""
        else:
            cur += tok
    return [*items, cur]


def _joins_function_word(word: str) -> bool:
    """An unknown word with a preposition, particle or the like in it is two words jieba
    joined (县委|在肉牛产业链上 gives 委在), not part of a name."""
    return len(word) >= 2 and tag(word) is None and any(tag(ch) in _FUNCTION_TAGS for ch in word)


def find_mentions(text: str) -> StoryMentions:
    """Find all mentions in a story's text."""
    return StoryMentions(text)
