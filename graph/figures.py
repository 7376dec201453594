"""Stage 8: reported figures as observations in base units.

>>> parse_amount("464.1", "亿元")
('46410000000', '元')
>>> parse_rate("137.8")
'1.378'
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import lexicon as L

__all__ = ["parse_amount", "parse_rate", "FIGURE_RE", "COUNT_RE", "MEMBER_COUNT_RE", "PERIOD_RE"]

_SCALE = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4, "千": Decimal(1000), "": Decimal(1)}
_IND = "|".join(re.escape(s) for s in sorted(L.INDICATORS, key=len, reverse=True))
NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
FIGURE_RE = re.compile(
    rf"(?P<ind>[\u4e00-\u9fffA-Z]{{0,8}}?(?:{_IND}))(?:[^\d，。；]{{0,6}}?)(?P<num>{NUM})\s*(?P<scale>万亿|亿|千万|百万|万|千)?(?P<unit>元|美元|吨|辆|台|件|套)"
    rf"(?:[^。；\d]{{0,12}}?(?:同比)?(?:增长|增幅|上升|提高|增加)(?:了)?(?P<rate>{NUM})%)?"
)
COUNT_RE = re.compile(
    r"(?P<ind>成员单位|成员企业|链上企业|入链企业|企业党组织|党组织|党员|会员单位|项目)(?:共|总数|达到|已达|达|已有|现有|有|超过|超)?(?P<num>\d+(?:\.\d+)?)(?P<wan>万)?(?:余|多)?(?P<unit>家|名|个|人)"
    r"|(?:吸纳|覆盖|带动|凝聚|联系|汇聚)(?:了)?(?P<num2>\d+(?:\.\d+)?)(?P<wan2>万)?(?:余|多)?(?P<unit2>家|名|个|人)(?P<ind2>成员单位|链上企业|企业党组织|党组织|党员|企业)"
    r"|(?P<ind3>成员单位|成员企业)(?:包括|有|涵盖|包含)[^。；]{0,240}?等[，,]?(?:共)?(?P<num3>\d+)(?P<unit3>家)"
)
# how many firms an alliance has, said without COUNT_RE's "indicator + number": grown to a
# number (成员单位从最初的9家增加到23家), firms that became or joined it (23家企业成为首批成员单位,
# 吸纳A、B等16家单位加入, 首批15家单位入盟), firms on the chain (链上一共有19家企业) or making it
# up (由…19家单位组成)
_GREW = r"(?:增至|增加到|增加至|增长到|增长至|发展到|发展至|扩大到|扩大至|扩容到|扩容至)"
_FIRMS = r"(?:余|多)?家(?:企业|单位|成员单位)?(?:党组织)?"
MEMBER_COUNT_RE = re.compile(
    rf"(?:成员单位|成员企业|链上企业|入链企业|会员单位)(?:从[^，。；]{{0,8}}?\d+家)?(?:已|共|总数)?{_GREW}(?P<a>\d+){_FIRMS}"
    rf"|(?P<b>\d+){_FIRMS}成为(?:首批|第一批)?(?:联盟|产业链)?成员单位"
    rf"|链上(?:一共|共|现|已)?有(?P<c>\d+){_FIRMS}"
    rf"|(?:集聚|汇聚|聚集)(?:了)?(?:链上企业|成员单位|上下游企业)[^，。；]{{0,10}}?(?P<d>\d+){_FIRMS}"
    rf"|由[^。；]{{0,60}}?(?P<e>\d+){_FIRMS}(?:共同)?组成"
    rf"|(?:吸纳|吸收|邀请|联合|组织)[^。；]{{0,240}}?等(?P<f>\d+){_FIRMS}(?:加入|参加|入盟|入链|参与)"
    rf"|(?P<g>\d+){_FIRMS}(?:入盟|入链|加盟|加入联盟)"
)
PERIOD_RE = re.compile(r"(20\d\d年(?:上半年|下半年|前三季度|一季度|第一季度|全年|1-\d+月)?|上半年|下半年|前三季度|一季度|今年以来|去年|今年)")


def _clean(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


def parse_amount(num: str, scale_unit: str) -> tuple[str, str]:
    """Value in base units and the base unit."""
    scale = ""
    for k in _SCALE:
        if k and scale_unit.startswith(k):
            scale = k
            break
    unit = scale_unit[len(scale):] or "元"
    return _clean(Decimal(num.replace(",", "")) * _SCALE[scale]), unit


def parse_rate(num: str) -> str:
    return _clean(Decimal(num.replace(",", "")) / 100)


def count_value(num: str, wan: str | None) -> str:
    """1.24万 → 12400."""
    return _clean(Decimal(num) * (Decimal(10000) if wan else 1))
