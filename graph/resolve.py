"""Stage 7: merge the per-file records into one set of entities and facts.

The same entity seen in several files becomes one node: same type and same name key; a
short firm or park name that is a known alias of exactly one full name joins it. Alliance
labels carry their host, so two parks' 新能源汽车 alliances never merge. Everything is
sorted, so the result does not depend on the order the files were read in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import lexicon as L
from .normalize import name_key
from .records import ArticleRecord, Evidence, Figure, Post, Story

__all__ = ["Entity", "Relation", "Resolved", "resolve"]


@dataclass
class Entity:
    type: str
    label: str
    aliases: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.label)


@dataclass
class Relation:
    subject: tuple[str, str]
    predicate: str
    object: tuple[str, str]
    evidence: list[Evidence]


@dataclass
class Resolved:
    entities: dict[tuple[str, str], Entity]
    relations: list[Relation]
    figures: list[Figure]
    posts: list[Post]
    stories: list[Story]


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _is_full(type_: str, name: str) -> bool:
    if type_ == "Firm":
        return name.endswith(L.FIRM_SUFFIXES)
    return True


def resolve(records: list[ArticleRecord]) -> Resolved:
    """Merge records (in any order) into canonical entities and relations."""
    records = sorted(records, key=lambda r: (r.source, r.digest))
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    stories: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rec in records:
        for e in rec.entities:
            k = (e.type, name_key(e.name))
            names[k].add(e.name)
            names[k].update(e.aliases)
            stories[k].update(e.stories)
    uf = _UnionFind()
    for k in names:
        uf.find(k)
    # short names that are an alias of exactly one full name of the same type
    alias_owner: dict[tuple[str, str], set] = defaultdict(set)
    for k, ns in names.items():
        if k[0] in ("Firm", "Park", "GovernmentBody", "AcademicInstitution") and _is_full(k[0], k[1]):
            for n in ns:
                alias_owner[(k[0], name_key(n))].add(k)
    for k in sorted(names):
        if k[0] not in ("Firm", "Park", "GovernmentBody", "AcademicInstitution"):
            continue
        candidates = set()
        for n in names[k] | {k[1]}:
            candidates |= alias_owner.get((k[0], name_key(n)), set())
        candidates.discard(k)
        if len({uf.find(c) for c in candidates}) == 1:
            uf.union(k, next(iter(candidates)))
    groups: dict = defaultdict(list)
    for k in names:
        groups[uf.find(k)].append(k)
    canon: dict[tuple[str, str], tuple[str, str]] = {}
    entities: dict[tuple[str, str], Entity] = {}
    for members in groups.values():
        all_names = set()
        for m in members:
            all_names |= names[m]
        type_ = members[0][0]
        # the label is a name some file used as the entity's own name (not an alias):
        # for firms the full registered name, otherwise the longest such name
        own = sorted({n for m in members for n in names[m] if name_key(n) == m[1]}, key=lambda n: (-len(n), n))
        full = [n for n in own if _is_full(type_, n)]
        label = (full or own or sorted(all_names))[0]
        ent = Entity(type_, label, sorted(n for n in all_names if n != label),
                     sorted(set().union(*(stories[m] for m in members))))
        entities[ent.key] = ent
        for m in members:
            canon[m] = ent.key

    def c(key):
        return canon.get((key[0], name_key(key[1])))

    rel_ev: dict = defaultdict(list)
    for rec in records:
        for f in rec.facts:
            s, o = c(f.subject), c(f.object)
            if s is None or o is None or s == o:
                continue
            if f.predicate == "partnerOf":
                s, o = sorted((s, o))
            rel_ev[(s, f.predicate, o)].append(f.evidence)
    relations = [Relation(s, p, o, sorted(set(ev), key=lambda e: (e.story, e.start, e.rule)))
                 for (s, p, o), ev in sorted(rel_ev.items())]
    figures = []
    for rec in records:
        for g in rec.figures:
            s = c(g.subject)
            if s is not None:
                figures.append(Figure(s, g.indicator, g.value, g.unit, g.growth, g.period, g.evidence))
    posts = []
    for rec in records:
        for p in rec.posts:
            a, b = c(p.person), c(p.org)
            if a is not None and b is not None:
                posts.append(Post(a, b, p.title, p.evidence))
    story_list = sorted((s for rec in records for s in rec.stories), key=lambda s: (s.source, s.index))
    return Resolved(entities, relations, figures, posts, story_list)
