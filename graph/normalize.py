"""Stage 2: normalise page text so that names are found whole.

Steps, each safe to repeat (normalising twice changes nothing):
pinyin annotations dropped (產(chǎn) → 產), traditional characters converted to simplified
(OpenCC) with the original kept for aliases, full-width ASCII made half-width, control
characters dropped, OCR spaces between Chinese characters removed in body lines, and lines
broken inside a sentence rejoined.

>>> normalize("江苏沣华特种高分子材料股份有限公司的注意。这是一个很长的段落用来测试断行拼接\\n\\n材料股份有限公司的注意。").text.count("\\n")
0
>>> normalize("產(chǎn)業(yè)鏈(liàn)黨建").text
'产业链党建'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Normalized", "normalize", "to_simplified", "name_key", "CJK"]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PINYIN = re.compile(
    rf"([{CJK}])[(（]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{{1,7}}\d?)[)）]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff]")
_OCR_SPACE = re.compile(rf"(?<=[{CJK}，。、；：“”（）])[ \t\u3000\u00a0]+(?=[{CJK}，。、；：“”（）])")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t\u3000\u00a0]+(?=[，。、；：！？）」』”])|(?<=[，。、；：！？（「『“])[ \t\u3000\u00a0]+")
_SENTENCE_END = tuple("。！？!?…；;：:”」』\"）)")
_CONTINUE_END = tuple("，,、；;")
_INNER_PUNCT = re.compile(r"[，,、：—“]")
# a newspaper page header or a breadcrumb (湘南日报 > 2024年05月16日 > 第03版：要闻): never the
# first half of a broken sentence
_PAGE_HEADER = re.compile(r"第\s*[\dA-Z]+\s*版|[A-Z]\d+\s*版|\s[>＞›»]\s")
# the rest of an organisation name broken off by the layout: 材料股份有限公司的注意…
_NAME_TAIL = re.compile(rf"[{CJK}（）()]{{0,10}}(?:有限公司|有限责任公司|集团|股份|产业链|产业园|高新区|开发区)")
# full-width ASCII letters and digits to half-width; Chinese punctuation is left alone
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_WIDTH.update({0xFF05: ord("%"), 0xFF0E: ord("."), 0xFF0B: ord("+")})


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    original: str  # same length as text, before traditional→simplified ("" when unchanged)


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """The characters that only occur in traditional writing."""
    import os

    import opencc

    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", "TSCharacters.txt")
    chars = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            src, _, dst = line.rstrip("\n").partition("\t")
            if len(src) == 1 and src not in dst.split(" "):
                chars.add(src)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified, character by character.

    >>> to_simplified("產業鏈黨建聯盟")
    '产业链党建联盟'
    """
    if _traditional_chars().isdisjoint(text):
        return text
    out = _converter().convert(text)
    if len(out) != len(text):  # phrase rules changed the length: keep offsets, go by character
        conv = _converter().convert
        out = "".join(conv(c) if len(conv(c)) == 1 else c for c in text)
    return out


def _rejoin_lines(text: str) -> str:
    """Join lines that a page layout broke inside a sentence."""
    lines = [ln.strip() for ln in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        prev_i = len(out) - 1
        while prev_i >= 0 and out[prev_i] == "":
            prev_i -= 1
        if prev_i >= 0:
            prev = out[prev_i]
            open_end = not prev.endswith(_SENTENCE_END) and not _PAGE_HEADER.search(prev)
            # across a blank line, a short line is a heading (冷链物流：让鲜货跑得又快又稳), not half a sentence
            heading = prev_i < len(out) - 1 and "：" in prev
            broken = prev.endswith(_CONTINUE_END) or (open_end and not heading and (
                len(prev) >= 30
                or (len(prev) >= 16 and _INNER_PUNCT.search(prev) is not None)
                or (len(prev) >= 20 and _NAME_TAIL.match(line) is not None)))
            if broken and line[0] not in "□▶■●◆★【[" and not line.startswith("本报讯"):
                del out[prev_i + 1:]
                out[prev_i] = prev + line
                continue
        out.append(line)
    return "\n".join(out).strip("\n")


def normalize(raw: str) -> Normalized:
    """Normalise the text of a page (see the module docstring)."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).translate(_WIDTH)
    text = _PINYIN.sub(r"\1", text)
    text = text.replace("\t", " ")
    lines = []
    for line in text.split("\n"):
        line = line.strip(" \u3000\u00a0")
        if len(line) >= 30:
            line = _OCR_SPACE.sub("", line)
        line = _SPACE_BEFORE_PUNCT.sub("", line)
        lines.append(line)
    text = _rejoin_lines("\n".join(lines))
    simple = to_simplified(text)
    return Normalized(simple, text if simple != text else "")


_KEY_TABLE = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "“": '"', "”": '"', "「": '"', "」": '"'})
_KEYED = re.compile("[\\s" + "".join(chr(c) for c in _KEY_TABLE) + "]")  # what name_key removes or replaces


# the merge asks for the key of every name of every record, and again for each fact and
# alias; the same few names come back all the time
@lru_cache(maxsize=1 << 18)
def name_key(name: str) -> str:
    """The key two surface forms of one name share: NFKC, no spaces, unified brackets.

    >>> name_key("澄汽研汽车检验中心（泖州）有限公司") == name_key("澄汽研汽车检验中心(泖州)有限公司")
    True
    """
    if not _KEYED.search(name) and unicodedata.is_normalized("NFKC", name):
        return name  # most names: nothing to change (both checks run in C)
    for _ in range(4):  # removing spaces can let NFKC compose more; stop at the fixed point
        key = "".join(unicodedata.normalize("NFKC", name).translate(_KEY_TABLE).split())
        if key == name:
            break
        name = key
    return key
