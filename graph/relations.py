"""Stage 6: relations between the entities of one story, read sentence by sentence.

Each sentence is *masked*: every mention becomes one private-use character whose block
says its type, so rules are short regular expressions over the shape of the language
("F是C的链主企业") instead of over names. Every rule has an id that ends up in
``ckg:rule``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

try:  # the regular expression parser, to read cue words off the rules
    from re import _constants as _C, _parser
except ImportError:  # Python < 3.11
    import sre_constants as _C
    import sre_parse as _parser

from . import lexicon as L

__all__ = ["BLOCKS", "Masked", "mask", "RULES", "Rule"]

# one private-use block of 512 code points per type
BLOCKS = {
    "Firm": 0xE000, "GovernmentBody": 0xE200, "AcademicInstitution": 0xE400,
    "PartyOrganization": 0xE600, "Park": 0xE800, "Region": 0xEA00, "Alliance": 0xEC00,
    "IndustrialChain": 0xEE00, "Person": 0xF000, "Initiative": 0xF200,
}
_TYPE_OF = {v: k for k, v in BLOCKS.items()}


def _cls(*types: str) -> str:
    return "[" + "".join(f"\\u{BLOCKS[t]:04x}-\\u{BLOCKS[t] + 511:04x}" for t in types) + "]"


F = _cls("Firm")
ORG = _cls("Firm", "GovernmentBody", "AcademicInstitution", "PartyOrganization", "Park", "Region")
HOST = _cls("Park", "Region", "GovernmentBody", "Firm", "PartyOrganization")
A = _cls("Alliance")
C = _cls("IndustrialChain")
AC = _cls("Alliance", "IndustrialChain")
H = _cls("Person")
FLIST = f"(?:{F}(?:[、和及与]{F})*)"
COUNT = r"(?:\d+家|[一二三四五六七八九十两]+家)"  # 12家, 三家
KINDS = "(?:(?:企业|单位|机构|院所)(?:和(?:企业|单位|机构|院所))?)"  # 等9家企业和机构
TOGETHER = "(?:也|都|均|已|已经|正式|纷纷|陆续|先后|相继|同)*"  # adverbs between a list and its verb
OWNER = "(?:链主企业|链主单位|链长单位|牵头企业|牵头单位|链主)"
MEMBER = "(?:链上企业|成员单位|成员企业|联盟单位|参与单位|入盟企业|入链企业|成员|会员单位)"
PARTNER = "(?:" + "|".join(L.PARTNER_CUES) + ")"
POSTS = "|".join(re.escape(p) for p in sorted(L.POSTS + ("轮值主席", "召集人", "兼职委员"), key=len, reverse=True) if p != "党员")


_ALIAS_OPEN = re.compile(rf"[（(]{L.ALIAS_CUE}\s*[“\"「『]?")
_ALIAS_CLOSE = re.compile(r"[”\"」』]?[)）]")


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    keys: dict  # placeholder char -> (type, name)


def mask(sentence: str, offset: int, spans: list[tuple[int, int, tuple[str, str]]], ids: dict) -> Masked:
    """Replace mention spans (story offsets) inside a sentence by their placeholders."""
    out, keys, pos = [], {}, 0
    for start, end, key in spans:
        s, e = start - offset, end - offset
        if s < pos or e > len(sentence):
            continue
        gap = sentence[pos:s]
        ch = chr(BLOCKS[key[0]] + ids[key] % 512)
        keys[ch] = key
        if out and out[-1] == ch:
            if not gap:
                pos = e  # a name and its (以下简称…) read as one mention
                continue
            close = _ALIAS_CLOSE.match(sentence, e) if _ALIAS_OPEN.fullmatch(gap) else None
            if close:
                pos = close.end()  # 沣川高新区 in …开发区（以下简称“沣川高新区”）的: the whole bracket goes
                continue
        out.append(gap)
        out.append(ch)
        pos = e
    out.append(sentence[pos:])
    return Masked("".join(out), keys)


def type_of(ch: str) -> str:
    return _TYPE_OF[(ord(ch) - 0xE000) // 512 * 512 + 0xE000]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pattern: re.Pattern
    kind: str  # what the handler in extract does with the groups
    needs: frozenset[str] | None = None  # a match contains one of these (None: no such set known)


def _needs(items) -> frozenset[str] | None:
    """Strings of which every match of the parsed pattern ``items`` contains one.

    Read off the pattern itself, so it is a necessary condition by construction: a run of
    literal characters, the union over the branches of an alternation, the body of a group
    or of a repeat that occurs at least once; of several, the set whose shortest string is
    longest. Most sentences contain none of a rule's cue words, and ``in`` is far cheaper
    than running the expression.

    >>> sorted(_needs(_parser.parse("(?:甲|乙丙)的?[^。]{0,3}链主")))
    ['链主']
    >>> sorted(_needs(_parser.parse("作为(?:甲|乙丙)")))
    ['作为']
    >>> _needs(_parser.parse("[甲乙]?")) is None
    True
    """
    best: frozenset[str] | None = None

    def offer(cand: frozenset[str] | None) -> None:
        nonlocal best
        if cand and (best is None or min(map(len, cand)) > min(map(len, best))):
            best = cand

    run: list[str] = []
    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
            continue
        offer(frozenset(["".join(run)]) if run else None)
        run = []
        if op is _C.SUBPATTERN:
            offer(_needs(av[-1]))
        elif op is _C.BRANCH:
            alts = [_needs(b) for b in av[1]]
            offer(None if any(a is None for a in alts) else frozenset().union(*alts))
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] >= 1:
            offer(_needs(av[2]))
    offer(frozenset(["".join(run)]) if run else None)
    # a word that contains another one of the set adds nothing
    return best and frozenset(w for w in best if not any(v != w and v in w for v in best))


def _r(id: str, kind: str, pattern: str) -> Rule:
    return Rule(id, re.compile(pattern), kind, _needs(_parser.parse(pattern)))


RULES: tuple[Rule, ...] = (
    # chain owners
    _r("owner.is", "owner", rf"(?P<firm>{F})(?:也|则|就)?是(?:[^，。；]{{0,12}}?)(?P<chain>{AC})?(?:的|中的)?(?:[^，。；{F[1:-1]}]{{0,8}})?{OWNER}"),
    _r("owner.as", "owner", rf"(?<!{F})作为(?:[^，。；]{{0,12}}?)(?P<chain>{AC})?(?:的)?(?:[^，。；]{{0,6}}?)(?:链)?(?:主企业|链主|链长单位|牵头企业)[，,]?(?:(?!吸纳|吸收|包括|带动|联合|纳入)[^，。；{F[1:-1]}]){{0,8}}(?P<firm>{F})"),
    _r("owner.apposition", "owner", rf"(?P<chain>{AC})?(?:的)?{OWNER}[、：:—]*(?P<firm>{F})"),
    _r("owner.list", "owner_list", rf"(?<!分别以)(?<!分别由)(?<![、和及与])(?P<firms>{FLIST})(?:等)?(?:\d+家|[一二三四五六七八九十两]+(?:家|方))?(?:企业)?(?:(?!分别)[^，。；{F[1:-1]}]){{0,6}}?{OWNER}"),
    _r("owner.take_as", "owner", rf"以(?P<firm>{F})(?:为|作为)(?:[^，。；]{{0,6}}?)(?:链主企业|链长单位|牵头企业|链主单位|龙头企业|链主)"),
    _r("owner.chosen", "owner_list", rf"(?<!分别)(?:确定|认定|明确|选定|推选|遴选|选取|以)(?P<firms>{FLIST})(?:等{COUNT}?(?:企业)?)?(?:为|作为)(?P<chain>{AC})?(?:的)?(?:[^，。；{F[1:-1]}]{{0,6}}?)(?:链主企业|链长单位|牵头企业|链主单位|链主)"),
    _r("owner.leads_by", "owner", rf"由(?:链主企业|龙头企业|牵头企业)?(?P<firm>{F})(?:牵头|领衔|带头)(?!单位)"),
    _r("owner.by", "owner", rf"(?<!分别)由(?:龙头企业|链主企业)?(?P<firm>{F})(?:[^，。；]{{0,4}}?)(?:担任|作为|任|出任)(?:[^，。；]{{0,4}}?){OWNER}"),
    _r("owner.named", "owner", rf"(?P<firm>{F})(?:被)?(?:确定|认定|授予|评为|列为|选定)(?:为)?(?:[^，。；]{{0,6}}?){OWNER}"),
    # 由A、B等5家龙头企业牵头, A、B、C3家龙头企业共同牵头: firms that lead together own the chain
    _r("owner.lead_together", "owner_list", rf"(?:由|(?<![、和及与{F[1:-1]}]))(?P<firms>{F}(?:[、和及与]{F})+)(?:等)?(?:{COUNT}|[两三四五六七八九十\d]+方)?(?:龙头企业|链主企业|骨干企业|企业)?(?:共同|联合)?(?:牵头|领衔)(?!单位|部门|成立|组建)"),
    _r("owner.is_named", "owner", rf"(?P<chain>{AC})?(?:的)?(?:链主企业|链主单位|链长单位|牵头企业|牵头单位|链主)(?:是|为)(?P<firm>{F})"),
    _r("owner.leads", "owner", rf"(?P<firm>{F})作为(?:[^，。；]{{0,6}}?)(?:链主企业|链主|龙头企业|牵头企业|链长单位)(?:牵头|带头|领衔)"),
    _r("owner.plaque_groups", "owner_groups", rf"(?P<chain>{C})(?:的)?(?P<firms>{FLIST})"),
    _r("owner.respectively", "owner_resp", rf"(?P<firms>{FLIST})分别(?:作为|担任|为)(?:[^，。；]{{0,6}}?)(?:链长单位|链主企业|牵头企业|链主单位)"),
    _r("owner.respectively_by", "owner_resp", rf"分别(?:以|由)(?P<firms>{FLIST})(?:为|作为|担任)(?:[^，。；]{{0,6}}?)(?:链长单位|链主企业|牵头企业|链主单位|链主)"),
    _r("owner.respectively_lead", "owner_resp", rf"分别由(?P<firms>{FLIST})(?:牵头|领衔)"),
    _r("owner.plaque", "owner_list", rf"(?:为|向|给)(?P<firms>{FLIST})(?:等(?:\d+家|[一二三四五六七八九十]+家)?(?:企业)?)?(?:[^，。；]{{0,6}}?)(?:授牌|颁发|授予)[^，。；]{{0,8}}?{OWNER}"),
    # members
    _r("member.is", "member", rf"(?P<firm>{F})[，,]?(?:也|则)?是(?:园区)?(?P<chain>{AC})?(?:[^，。；{F[1:-1]}]{{0,6}}?)(?:的|上的)?{MEMBER}"),
    _r("member.chain_up", "member", rf"(?P<chain>{AC})上?(?:的)?(?:链上|上游|下游|重点)?企业[—：:，、]+(?P<firm>{F})"),
    _r("member.list", "member_list", rf"(?P<firms>{FLIST})等(?:\d+家|[一二三四五六七八九十]+家)?(?P<chain>{AC})?{MEMBER}"),
    _r("member.one_of", "member", rf"(?P<chain>{AC})(?:的)?{MEMBER}之一的?(?P<firm>{F})"),
    # 成员单位共26家，覆盖党员347名，其中既有A、B…; 骨干企业包括A、B (of the alliance just named)
    _r("member.include", "member_list", rf"(?P<chain>{AC})?(?:的)?(?:首批)?(?:吸纳|吸收)?(?:{MEMBER}|骨干企业)(?:共?\d+家|中|里)?(?:[，,](?:覆盖|涵盖|拥有|有)?党员\d+名)?[，,]?(?:其中)?[，,]?(?:除[^，。；]{{1,12}}外[，,]?(?:还|另)?)?(?:既有|既包括|包括|有|涵盖|包含|为|：|:)[：:]?(?P<firms>[^。；]{{1,240}}?(?:等[^。；，,]{{0,12}}[，,]也(?:有|包括)[^。；]{{1,240}}?)?)(?:等|。|；|$)"),
    _r("member.entered", "member_list", rf"(?:首批|第一批|先期)?(?:入盟|入链|加入)(?P<chain>{AC})?的(?:企业|单位|成员)?(?:有|包括|为)(?P<firms>[^。；]{{1,240}}?)(?:等|。|；|$)"),
    _r("member.are", "member_list", rf"(?P<firms>{ORG}(?:(?:等\d+家企业|等[一二三四五六七八九十两]+家企业)?(?:[、和及与]|以及){ORG})*)(?:等{COUNT}?{KINDS}?)?{TOGETHER}(?:为|是|作为|成为)(?:首批)?(?P<chain>{AC})?(?:[^，。；{ORG[1:-1]}]{{0,8}}?)(?:成员单位|成员企业|联盟单位|链上企业|成员(?=[，。；]|$))"),
    _r("member.flock", "member_list", rf"(?P<firms>{FLIST})(?:等{COUNT}?{KINDS}?)?{TOGETHER}(?:加入|入盟|入链)(?=[。，；]|$)"),
    _r("member.as_before", "member", rf"(?P<firm>{F})(?:也|则|同样)?作为(?:首批)?(?P<chain>{AC})?(?:的)?(?:成员单位|成员企业|联盟单位|链上企业)"),
    _r("member.also", "member", rf"^[^。；{F[1:-1]}]{{0,10}}?(?P<firm>{F})[^。；]{{0,30}}?[，,](?:也|还|同时)是(?P<chain>{AC})?(?:[^，。；{F[1:-1]}]{{0,12}}?)(?:首批)?(?:成员单位|成员企业|联盟单位|链上企业)"),
    _r("member.as", "member", rf"作为[^。；]{{0,20}}?(?:联盟单位|成员单位|链上企业|成员企业)[，,]?(?P<firm>{F})"),
    _r("member.apposition", "member", rf"(?:链上企业|成员单位|成员企业|入链企业|联盟成员|联合体成员|同为链上企业的|同为成员单位的|同在链上的|另一家成员单位|链上的)(?P<firm>{F})"),
    _r("member.absorb", "member_list", rf"(?:吸纳|吸收|纳入|接纳|发展)(?:了)?(?P<firms>[^。；]{{1,200}}?)(?:等)?{COUNT}?(?:企业|单位)?(?:党组织)?(?:加入|入盟|入链|成为(?:首批)?成员)"),
    _r("member.absorb_count", "member_list", rf"(?:吸纳|吸收|纳入|接纳|覆盖|涵盖)(?:了)?(?P<firms>{FLIST})等{COUNT}?(?:上下游|链上|配套|重点|骨干|龙头|本地)?(?:成员单位|成员企业|企业|单位)"),
    _r("member.joined", "member_list", rf"(?P<firms>{FLIST})等{COUNT}?{KINDS}?(?:党组织)?{TOGETHER}(?:加入|入盟|成为)(?:了)?(?:首批)?(?:{A}|成员单位|成员|联盟|联合体)"),
    _r("member.compose", "member_list", rf"(?P<chain>{AC})?(?:联盟|联合体)?由(?P<firms>{FLIST})等{COUNT}?{KINDS}?(?:共同)?(?:组成|构成)"),
    _r("member.among", "member_list", rf"{MEMBER}[^。；]{{0,10}}?[，,](?P<firms>[^。；]{{1,240}}?)等?{TOGETHER}(?:在其中|在其列|位列其中|名列其中)"),
    _r("member.taken_in", "member_list", rf"(?:将|把)(?P<firms>{FLIST})(?:等{COUNT}?{KINDS}?)?(?:也)?纳入(?:了)?(?:{A}|联盟|联合体)"),
    _r("member.join", "member", rf"(?P<firm>{F})(?:[^，。；]{{0,6}}?)(?:加入|加盟|入盟|融入)(?:了)?(?:园区的?)?(?P<chain>{A})"),
    # posts written after the name
    _r("post.name_org", "affiliate", rf"(?P<person>{H})[\s\u3000，,]*(?P<org>{ORG})(?:{POSTS})"),
    _r("post.bracket", "affiliate", rf"(?P<person>{H})[（(](?P<org>{ORG}|{A})[^）)]{{0,4}}?(?:{POSTS})"),
    _r("post.is", "affiliate", rf"(?P<person>{H})(?:同志)?(?:也|还|同时)?(?:是|为|系|任|担任|兼任|出任)(?P<org>{ORG}|{A})(?:[^，。；{ORG[1:-1]}]{{0,3}}?)(?:{POSTS})"),
    _r("post.also", "affiliate", rf"(?P<person>{H})[^。；]{{0,40}}?(?:也是|兼任|同时担任|还担任)(?P<org>{A})(?:[^，。；]{{0,3}}?)(?:{POSTS})"),
    _r("post.alliance_by", "affiliate", rf"(?P<org>{A})(?:的)?(?:{POSTS})由[^。；]{{0,30}}?(?P<person>{H})(?:兼任|担任|出任)"),
    _r("post.alliance_generic", "affiliate_alliance", rf"(?P<person>{H})(?:兼任|担任|任|出任)(?:产业链党委|联合党委|综合党委|联盟党委|联合体|联席会议|党建联盟|产业链党建联盟)(?:的)?(?:{POSTS})"),
    _r("post.chain_chief", "chief", rf"(?P<person>{H})(?:兼任|担任|任|出任|为)(?P<chain>{AC})[“\"”「」]*链长"),
    _r("post.chain_chief_here", "chief", rf"(?P<person>{H})(?:同志)?(?:兼任|担任|任|出任)(?:产业链)?[“\"”「」]*链长(?!单位|制)"),
    # partners
    _r("partner.with", "partner", rf"(?P<a>{ORG})(?:[^，。；{ORG[1:-1]}]{{0,6}}?)(?:与|和|同|联合|携手)(?P<bs>{ORG}(?:[、和及与]{ORG})*)(?:等[^，。；]{{0,6}}?)?[^。；]{{0,24}}?{PARTNER}"),
    _r("partner.we", "partner", rf"(?P<a>{F})[^。]{{0,30}}?(?:我们|公司)(?:和|与|同)(?P<bs>{ORG}(?:[、和及与]{ORG})*)[^。]{{0,30}}?{PARTNER}"),
    _r("partner.along", "partner", rf"^(?:[^。；{ORG[1:-1]}]{{0,12}})(?P<a>{ORG}|{A})[^。；]{{0,60}}?(?:并|还|同时)?(?:与|和|同)(?:链主企业|链上企业|龙头企业|企业)?(?P<bs>{ORG}(?:[、和及与]{ORG})*)(?:等[^，。；]{{0,8}}?)?[^。；]{{0,10}}?{PARTNER}"),
    _r("partner.hand", "partner", rf"(?P<a>{ORG})(?:[^，。；{ORG[1:-1]}]{{0,6}}?)(?:携手|联合)(?P<bs>{ORG}(?:[、和及与]{ORG})*)(?:[^，。；]{{0,12}}?)(?:开设|成立|共建|组建|建设|打造|开展|举办|研发|攻关|设立|建立)"),
    _r("partner.both", "partner_both", r"(?:双方|两家企业|两家单位|两企)[^。]{0,12}?(?:合作|携手|共建|签约|签订|对接|结成对子|结对|联学联建|联合开发|联合研发|共同开发)"),
    # supply
    _r("supply.downstream", "supply", rf"(?P<up>{F})的下游(?:企业|客户)?[—：:，、]*(?P<down>{F})"),
    _r("supply.upstream", "supply_rev", rf"(?P<down>{F})的上游(?:企业|供应商)?[—：:，、]*(?P<up>{F})"),
    _r("supply.to", "supply", rf"(?P<up>{F})(?:[^。；，,]{{0,30}}?|[^。；]{{0,30}}?[，,][^。；，,{F[1:-1]}]{{0,30}}?|[^。；{F[1:-1]}]{{0,60}}?)(?:供货给|供应给|供给|销往|提供给|卖给|售给|输送给|交售给|交付给|销售给|出售给|直供|供应(?!链|商)|(?<!为)配套(?=[{F[1:-1]}]))(?:[^，。；{F[1:-1]}]{{0,8}}的)?(?P<downs>{FLIST})"),
    _r("supply.supplier_of", "supply", rf"(?P<ups>{FLIST})(?:[^。；{F[1:-1]}]{{0,24}}?[，,])?(?:也|则|还|都|均)?(?:是|成为|作为)(?P<down>{F})(?:[^，。；{F[1:-1]}]{{0,10}}?)的(?:[^，。；]{{0,8}}?)(?:供应商|供货商|配套商|配套企业)"),
    _r("supply.customer_of", "supply", rf"(?P<downs>{FLIST})(?:也|则|还|都|均)?(?:是|为|成为|作为)(?P<up>{F})(?:[^，。；{F[1:-1]}]{{0,8}}?)的(?:[^，。；]{{0,6}}?)(?:客户|下游企业|下游客户|下游厂商|采购商|买家|分销商|经销商)"),
    _r("supply.upstream_of", "supply", rf"(?P<ups>{FLIST})(?:也|则|还|都|均)?(?:是|为|成为|作为)(?P<down>{F})的上游(?:企业|厂商)?(?![^，。；]{{0,8}}?(?:供应商|供货商))"),
    _r("supply.from_to", "supply", rf"由(?P<up>{F})向(?P<down>{F})[^。；]{{0,10}}?(?:供应|供货|提供|配套)"),
    _r("supply.toward", "supply", rf"(?P<up>{F})[^。；{F[1:-1]}]{{0,16}}?向(?:链主企业|龙头企业)?(?P<down>{F})(?:[^，。；{F[1:-1]}]{{0,8}}?)(?:供应|供货|提供|交售|销售|输送|出售|交付)"),
    _r("supply.buy_from", "supply", rf"(?P<down>{F})[^。；{F[1:-1]}]{{0,16}}?[向从](?:链上的?|本地的?)?(?P<up>{F})(?:[^，。；{F[1:-1]}]{{0,6}}?)(?:采购|购买|订购|收购|购进)"),
    # 恒锐电器每年采购恒锐电机的微型电机
    _r("supply.buys_its", "supply", rf"(?P<down>{F})[^。；{F[1:-1]}]{{0,10}}?(?:采购|购买|收购|购进)(?:了)?(?P<up>{F})的"),
    # 蜀瓷包装承接了沱阳酒业七成以上的礼盒订单; 锦绣印染承接鸿狮集团的面料染整加工
    _r("supply.takes_orders", "supply", rf"(?P<up>{F})[^。；{F[1:-1]}]{{0,10}}?承接(?:了)?(?P<down>{F})(?:[^，。；{F[1:-1]}]{{0,20}}?)(?:订单|业务|加工)"),
    # 禺江新材的光学胶膜已进入明屹光电的供应链
    _r("supply.into_chain", "supply", rf"(?P<up>{F})[^。；{F[1:-1]}]{{0,16}}?(?:进入|打入|纳入|入围)(?:了)?(?P<down>{F})(?:的)?(?:[^，。；{F[1:-1]}]{{0,4}}?)(?:供应链|供应商体系|采购体系)"),
    # 澜星冷链负责康桥全部产品的冷链配送; 黔运物流承担了黔磷集团八成以上的运输
    _r("supply.carries", "supply", rf"(?P<up>{F})[^。；{F[1:-1]}]{{0,6}}?(?:负责|承担)(?:了)?(?P<down>{F})(?:[^，。；{F[1:-1]}]{{0,20}}?)(?:配送|运输|物流|仓储)"),
    _r("supply.for", "supply", rf"(?P<up>{F})[^。；{F[1:-1]}]{{0,20}}?为(?P<downs>{FLIST})(?:[^。；]{{0,6}}?|的[^，。；{F[1:-1]}]{{0,12}}?)(?:配套|供货|供应|提供|直供|定制|加工|代工|生产|制造)"),
    _r("supply.give", "supply", rf"(?P<up>{F})[^。；{F[1:-1]}]{{0,10}}?给(?P<downs>{FLIST})(?:[^，。；{F[1:-1]}]{{0,6}}?)(?:供货|供应|配套|提供)"),
    # 华泰涂料的防污涂料全部用于渤澄造船的散货船: a firm's product goes into another's
    _r("supply.goes_into", "supply", rf"(?P<up>{F})(?:生产|研发|产出|织出|出产|加工)?的[^，。；{F[1:-1]}]{{1,12}}?(?:用于|用於|装进了?|装上了?)(?P<down>{F})的"),
    _r("supply.by", "supply", rf"(?P<downs>{FLIST})(?:的|所需的?|所用的?)[^。；{F[1:-1]}]{{0,24}}?由(?P<up>{F})(?:[^，。；]{{0,4}}?)(?:供货|供应|配套|提供|供给)"),
    # A的电机由B供货，塑料件则由C配套: the second clause's buyer is the first's
    _r("supply.by_too", "supply", rf"(?P<down>{F})(?:的|所需的?|所用的?)[^。；{F[1:-1]}]{{0,24}}?由{F}[^，。；]{{0,4}}?(?:供货|供应|配套|提供|供给)[，,；][^，。；{F[1:-1]}]{{0,12}}?(?:则|也|还|均)?由(?P<up>{F})(?:[^，。；]{{0,4}}?)(?:供货|供应|配套|提供|供给)"),
    # 为A配套电机的B: the supplier named after what it makes for the buyer
    _r("supply.for_whom", "supply", rf"为(?P<downs>{FLIST})(?:配套|供应|供货|提供|生产|加工|代工)[^，。；{F[1:-1]}]{{0,12}}?的(?P<up>{F})"),
    # A以B的树脂为原料: the buyer makes its goods of the supplier's
    _r("supply.made_of", "supply", rf"(?P<down>{F})[^。；{F[1:-1]}]{{0,10}}?以(?P<up>{F})(?:生产|提供|供应)?的[^，。；{F[1:-1]}]{{1,12}}?为(?:主要)?(?:原料|原材料|材料|主料|基料)"),
    _r("supply.comes_from", "supply", rf"(?P<down>{F})[^。；{F[1:-1]}]{{0,30}}?(?:原料|原材料|材料|零部件|配件|所需|货源)[^。；{F[1:-1]}]{{0,12}}?来自(?P<up>{F})"),
    # 宁光硅材拉晶所用的石英坩埚全部来自晶诚石英 (not its 订单, 客户 or 人才, which come the other way or are no goods)
    _r("supply.its_from", "supply", rf"(?P<down>{F})(?:的|所用的?|所需的?)(?:(?!订单|客户|收入|营收|资金|投资|人才|专家|团队|人员|技术)[^。；，,{F[1:-1]}]){{1,24}}?(?:全部|均|都|主要|大多|大部分|多|[一二三四五六七八九]成)?(?:来自|出自|购自|采购自)(?P<up>{F})"),
    # 其 is the other firm of the clause before: A与B签约，为其提供…
    _r("supply.with_for_it", "supply", rf"(?P<up>{F})[^。；{F[1:-1]}]{{0,20}}?(?:与|和|同)(?P<down>{F})[^。；{F[1:-1]}]{{0,20}}?[，,](?:并|将|还|也)?(?:为|向)其(?:[^，。；]{{0,6}}?)(?:提供|供应|供货|配套)"),
    _r("supply.contract", "supply", rf"(?P<down>{F})[^。；{F[1:-1]}]{{0,12}}?(?:与|和|同)(?P<up>{F})签(?:订|署|下)(?:了)?[^，。；{F[1:-1]}]{{0,8}}?(?:采购|收购)(?:协议|合同|订单)"),
    _r("supply.supply_contract", "supply", rf"(?P<up>{F})[^。；{F[1:-1]}]{{0,12}}?(?:与|和|同)(?P<down>{F})签(?:订|署|下)(?:了)?[^，。；{F[1:-1]}]{{0,8}}?(?:供货|供应)(?:协议|合同)"),
    _r("supply.became_its", "supply", rf"(?P<up>{F})[^。；{F[1:-1]}]{{0,30}}?(?:与|和|同)(?:链主企业|龙头企业)?(?P<down>{F})[^。；{F[1:-1]}]{{0,20}}?成为其(?:[^，。；]{{0,10}}?)(?:供应商|供货商|配套商|配套企业)"),
    # subsidiaries
    _r("subsidiary.of", "subsidiary", rf"(?P<parent>{F})(?:的|旗下的?)?(?:[^，。；{F[1:-1]}]{{0,8}}?)(?:全资|控股)?子公司[—：:，]*(?P<child>{F})"),
    _r("subsidiary.is", "subsidiary_rev", rf"(?P<children>{FLIST})(?:也|则|同|均|都|同样)?(?:是|为|系)(?P<parent>{F})(?:[^，。；]{{0,10}}?的|旗下的?)?(?:全资|控股)?(?:子公司|(?:下属|所属|旗下)(?:企业|公司))"),
    _r("subsidiary.held_by", "subsidiary_rev", rf"(?P<children>{FLIST})(?:均|都|也)?(?:由|被)(?P<parent>{F})(?:[\d.%％]*|全资|绝对)?(?:控股|持股)"),
    _r("subsidiary.belongs", "subsidiary_rev", rf"(?P<children>{FLIST})(?:均|都|也|同样)?隶属于(?P<parent>{F})"),
    _r("subsidiary.belongs_of", "subsidiary", rf"隶属于(?P<parent>{F})的(?P<child>{F})"),
    _r("subsidiary.holds", "subsidiary", rf"(?P<parent>{F})(?:全资|绝对)?控股的(?P<child>{F})"),
    _r("subsidiary.parent_is", "subsidiary_rev", rf"(?P<child>{F})[^。]{{0,40}}?母公司(?:为|是)(?P<parent>{F})"),
    _r("subsidiary.has", "subsidiary", rf"(?P<parent>{F})[^。；{F[1:-1]}]{{0,10}}?(?:设有|设立|成立|控股|拥有|组建)(?:了)?(?:一家)?(?:全资|控股)?子公司(?P<child>{F})"),
    _r("subsidiary.aside", "subsidiary", rf"(?P<child>{F})[（(](?P<parent>{F})(?:旗下|下属|所属)?(?:的)?(?:全资|控股)?(?:子公司|企业)?[）)]"),
    _r("subsidiary.founded_by", "subsidiary_rev", rf"(?P<children>{FLIST})(?:均|都|也)?(?:是)?由(?P<parent>{F})(?:全资|独资|控股)?(?:出资|投资)(?:设立|成立|组建|兴办|创办)"),
    _r("subsidiary.founded", "subsidiary", rf"(?P<parent>{F})[^，。；{F[1:-1]}]{{0,6}}?(?:出资|投资)(?:设立|成立|组建)(?:了)?(?:一家)?(?:全资|控股)?(?:子公司)?(?P<child>{F})"),
    _r("subsidiary.under_it", "subsidiary", rf"^[^。；{F[1:-1]}]{{0,10}}?(?P<parent>{F})[^。；{F[1:-1]}]{{0,30}}?[，,](?:其)?(?:旗下|下属|所属)(?:的)?(?P<child>{F})"),
    _r("subsidiary.under", "subsidiary", rf"(?P<parent>{F})(?:旗下|所属|下属)(?:的)?(?:企业)?(?P<child>{F})"),
    # location
    _r("located.in", "located", rf"(?:位于|坐落于|坐落在|落户|入驻|地处|扎根|同在|同处)(?P<place>{HOST})(?:[^，。；{F[1:-1]}]{{0,8}}的)?(?P<org>{F}|{_cls('Park')})"),
    _r("located.org_in", "located_rev", rf"(?P<org>{F})(?:[^，。；]{{0,8}}?)(?:位于|坐落于|落户|入驻|地处|扎根于?|总部设在|总部在|总部位于|选址|就在)(?P<place>{_cls('Park', 'Region')})"),
    # A是B的全资子公司，2023年入驻P: the sentence's subject is the one located
    _r("located.then", "located_rev", rf"^(?:[^。；，{F[1:-1]}]{{0,8}}[，,])?(?P<org>{F})[^。；]{{0,30}}?[，,](?:\d{{4}}年(?:\d{{1,2}}月)?(?:底|初)?|(?:今年|去年|前年)(?:初|底|\d{{1,2}}月)?|目前|如今)?(?:已|就|也|正式)?(?:位于|坐落于|坐落在|落户|入驻|地处|扎根|选址|总部设在)(?:于|在)?(?P<place>{_cls('Park')})"),
    _r("located.park_firm", "located", rf"(?P<place>{_cls('Park')})(?:企业|入驻企业)(?P<org>{F})"),
    # hosts and initiatives
    _r("host.forms", "host", rf"(?P<host>{HOST})(?:[^。；{A[1:-1]}]{{0,40}}?)(?:打造|组建|成立|建立|构建|设立|牵头|建强|组成)(?:了)?[^。；{A[1:-1]}]{{0,30}}?(?P<alliances>{A}(?:[^。；]{{0,4}}?{A})*)"),
    _r("host.base", "host", rf"依托(?P<host>{_cls('Park')})[^。；{A[1:-1]}]{{0,60}}?(?P<alliances>{A}(?:[^。；]{{0,4}}?{A})*)"),
    _r("launched.quoted", "launched", r"(?:实施|开展|推进|打造|推出|启动|深化|以)(?:[^，。；“\"「]{0,6}?)[“\"「](?P<name>[^”\"」+＋]{3,20})[”\"」](?P<suffix>先锋行动|专项行动|行动|工程|计划|品牌|模式|机制)"),
)

_CUE_WORDS = sorted({w for r in RULES if r.needs for w in r.needs}, key=lambda w: (-len(w), w))
_CUE_FIRSTS = frozenset(w[0] for w in _CUE_WORDS)
_CUES_BY_FIRST = {c: tuple(w for w in _CUE_WORDS if w[0] == c) for c in _CUE_FIRSTS}
_ALWAYS = tuple(i for i, r in enumerate(RULES) if not r.needs)
_RULES_OF = {w: tuple(i for i, r in enumerate(RULES) if r.needs and w in r.needs) for w in _CUE_WORDS}


@lru_cache(maxsize=4096)  # sentences come with the same few sets of cue words
def rules_for(cues: frozenset[str]) -> tuple[Rule, ...]:
    """The rules whose cue words are among ``cues`` (or that have none), in :data:`RULES` order."""
    idx = set(_ALWAYS)
    for w in cues:
        idx.update(_RULES_OF[w])
    return tuple(RULES[i] for i in sorted(idx))


def cues_in(text: str) -> frozenset[str]:
    """The cue words of :data:`RULES` that occur in ``text``: only those starting with one
    of its characters are looked for.

    >>> sorted(cues_in("甲公司作为链主企业")) == sorted(w for w in _CUE_WORDS if w in "甲公司作为链主企业")
    True
    """
    return frozenset(w for c in _CUE_FIRSTS.intersection(text) for w in _CUES_BY_FIRST[c] if w in text)
