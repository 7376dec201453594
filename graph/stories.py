"""Stage 3 and 4: split a page into stories and a story into sentences.

A newspaper page holds several unrelated stories; no fact may join two of them. A story
starts at a byline (□ 记者 X, ▶ X, 本报讯(…), a line holding only a reporter's name) and
takes the headline lines just above it; text before the first byline belongs to the first
story. Sentences carry character offsets into their story's text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .lexicon import SURNAMES
from .normalize import CJK
from .records import Sentence

__all__ = ["Segment", "split_stories", "split_sentences"]

_BYLINE = re.compile(
    # ▲ marks a photo caption (▲联盟揭牌仪式现场) unless a reporter is named after it
    rf"^(?!▲(?!\s*(?:本报)?(?:记者|通讯员)))"
    # a mark before a bare name is a byline only when the name is all the line holds
    # (■ 广西藤县：陶瓷产业链党委… is a headline)
    rf"(?:[□■▶▲●◆◇○☆★>]\s*(?:(?:本报)?(?:记者|通讯员|特约记者)\s*(?P<a>[{CJK}·\s]{{2,20}})|(?P<d>[{CJK}·\s]{{2,20}})$)"
    rf"|(?:本报|本刊)?(?:记者|通讯员)\s*(?P<b>[{CJK}\s]{{2,12}})$"
    rf"|(?:本报讯|本刊讯)(?:[(（](?:记者|通讯员)?\s*(?P<c>[^)）]{{1,30}})[)）])?)"
)
_NAME_LINE = re.compile(rf"^[{CJK}]{{2,3}}$")
_PHOTO_CREDIT = re.compile(rf"[{CJK}]{{2,4}}(?:\s+[{CJK}]{{2,4}})*\s*摄$")
_DATE = re.compile(r"(20\d\d|19\d\d)年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True, slots=True)
class Segment:
    """A story as a slice of the page text, with what the page says about it."""

    start: int
    end: int
    title: str
    creator: str


def _is_headline(line: str) -> bool:
    return 4 <= len(line) <= 40 and not line.endswith(("。", "！", "？", "；", "，", "：", "…"))


def _creator(match: re.Match, line: str) -> str:
    name = match.group("a") or match.group("b") or match.group("c") or match.group("d") or ""
    name = re.sub(r"^(?:本报)?(?:记者|通讯员)\s*", "", name.strip())
    return " ".join(name.split())


def split_stories(text: str) -> list[Segment]:
    """Cut page text into story segments (offsets into ``text``)."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    starts: list[tuple[int, str, str]] = []  # (line index of story start, title, creator)
    for i, (_, line) in enumerate(lines):
        m = _BYLINE.match(line)
        creator = ""
        if m:
            creator = _creator(m, line)
        elif _NAME_LINE.match(line) and line[0] in SURNAMES and i > 0:
            prev = next((ln for _, ln in reversed(lines[:i]) if ln), "")
            if not _is_headline(prev):
                continue
            creator = line
        else:
            continue
        # headline lines directly above the byline belong to this story
        first, title_lines = i, []
        j = i - 1
        while j >= 0 and len(title_lines) < 3:
            ln = lines[j][1]
            if not ln:
                j -= 1
                continue
            if _is_headline(ln) and not _BYLINE.match(ln):
                title_lines.insert(0, ln)
                first = j
                j -= 1
            else:
                break
        title = title_lines[-1] if title_lines else ""
        if len(title_lines) >= 2 and len(title_lines[-1]) < 12:
            title = " ".join(title_lines[-2:])
        starts.append((first, title, creator))
    # a story's body must follow its byline; drop starts that only hold a title
    segments: list[Segment] = []
    cut_points = sorted({s[0] for s in starts})
    meta = {s[0]: (s[1], s[2]) for s in starts}
    if not cut_points or cut_points[0] != 0:
        cut_points.insert(0, 0)
        meta.setdefault(0, ("", ""))
    for k, first in enumerate(cut_points):
        last = cut_points[k + 1] if k + 1 < len(cut_points) else len(lines)
        begin = lines[first][0]
        end = lines[last][0] - 1 if last < len(lines) else len(text)
        segments.append(Segment(begin, max(begin, end), *meta[first]))
    # the lead text before the first byline joins the first real story
    if len(segments) > 1 and not segments[0].creator and not segments[0].title:
        s0, s1 = segments[0], segments[1]
        segments[:2] = [Segment(s0.start, s1.end, s1.title, s1.creator)]
    # photo news ends at its credit line: split it from the story before
    out = []
    for seg in segments:
        body = text[seg.start:seg.end]
        if len(body.strip()) - len(seg.title) < 20 and out:
            continue  # a title with no body (a headline printed apart from its story)
        out.append(seg)
    return out or [Segment(0, len(text), "", "")]


_SENT_END = re.compile(r"[。！？!?；]+[”」』’\"]?|\n+")


def split_sentences(text: str) -> list[Sentence]:
    """Split story text into sentences with offsets.

    >>> [s.text for s in split_sentences("甲说：“好。”乙来了！\\n标题")]
    ['甲说：“好。”', '乙来了！', '标题']
    """
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append(Sentence(start + lead, start + lead + len(stripped), stripped))
        start = end
    tail = text[start:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        out.append(Sentence(start + lead, start + lead + len(tail.strip()), tail.strip()))
    return out


def story_id(source_digest: str, index: int) -> str:
    """A stable id for the ``index``-th story of a file with content digest ``source_digest``."""
    return hashlib.sha1(f"{source_digest}:{index}".encode()).hexdigest()[:16]


def find_date(text: str) -> str:
    m = _DATE.search(text[:300])
    if not m:
        return ""
    y, mo, d = m.groups()
    return f"{y}-{int(mo):02d}-{int(d):02d}"
