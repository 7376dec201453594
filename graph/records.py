"""Small frozen record types that flow between the pipeline stages.

Everything an extraction produces for one file is an :class:`ArticleRecord`, a plain
value that round-trips through JSON, so it can be cached per file and merged later.
Entities are referred to by ``(type, name)`` keys and facts carry their evidence as
character spans into the story's normalised text, never by position in a list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Story", "StoryHead", "Sentence", "Mention", "Evidence", "Fact", "Figure", "Post", "EntityRecord",
    "ArticleRecord", "Problem",
]


@dataclass(frozen=True, slots=True)
class Story:
    """One news story (a ``ckg:Article``): several may share one page file."""

    id: str
    source: str
    index: int
    text: str
    title: str = ""
    creator: str = ""
    date: str = ""
    encoding: str = ""


@dataclass(frozen=True, slots=True)
class StoryHead:
    """A :class:`Story` without its text, as the build's merge holds it (the text is most of
    a story's memory and the merge never reads it); ``text`` reads it back from the cached
    record in ``record_path`` when asked."""

    id: str
    source: str
    index: int
    title: str = ""
    creator: str = ""
    date: str = ""
    encoding: str = ""
    record_path: str = ""

    @property
    def text(self) -> str:
        data = json.loads(Path(self.record_path).read_text(encoding="utf-8"))
        return next(s["text"] for s in data["stories"] if s["id"] == self.id and s["index"] == self.index)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of story text naming an entity of ``type``; ``name`` is the canonical form."""

    type: str
    name: str
    start: int
    end: int
    surface: str
    rule: str


@dataclass(frozen=True, slots=True)
class Evidence:
    story: str
    start: int
    end: int
    quote: str
    rule: str


@dataclass(frozen=True, slots=True)
class Fact:
    """A candidate direct relation between two entities, keyed by ``(type, name)``."""

    subject: tuple[str, str]
    predicate: str
    object: tuple[str, str]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported figure (a ``ckg:Observation``) about ``subject``."""

    subject: tuple[str, str]
    indicator: str
    value: str | None  # decimal text in base units, exact
    unit: str
    growth: str | None  # decimal text: 137.8% -> "1.378"
    period: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Post:
    person: tuple[str, str]
    org: tuple[str, str]
    title: str
    evidence: Evidence


@dataclass(slots=True)
class EntityRecord:
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.name)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input file, reported once, never fatal to the build."""

    source: str
    message: str


@dataclass(slots=True)
class ArticleRecord:
    """Everything extracted from one input file."""

    source: str
    digest: str
    stories: list[Story] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict:
        """The record as plain data (what ``dataclasses.asdict`` gives, several times faster)."""
        def ev(e: Evidence) -> dict:
            return {"story": e.story, "start": e.start, "end": e.end, "quote": e.quote, "rule": e.rule}

        return {
            "source": self.source,
            "digest": self.digest,
            "stories": [{"id": s.id, "source": s.source, "index": s.index, "text": s.text, "title": s.title,
                         "creator": s.creator, "date": s.date, "encoding": s.encoding} for s in self.stories],
            "entities": [{"type": e.type, "name": e.name, "aliases": list(e.aliases), "stories": list(e.stories)}
                         for e in self.entities],
            "facts": [{"subject": tuple(f.subject), "predicate": f.predicate, "object": tuple(f.object),
                       "evidence": ev(f.evidence)} for f in self.facts],
            "figures": [{"subject": tuple(g.subject), "indicator": g.indicator, "value": g.value, "unit": g.unit,
                         "growth": g.growth, "period": g.period, "evidence": ev(g.evidence)} for g in self.figures],
            "posts": [{"person": tuple(p.person), "org": tuple(p.org), "title": p.title, "evidence": ev(p.evidence)}
                      for p in self.posts],
            "problems": [{"source": p.source, "message": p.message} for p in self.problems],
        }
