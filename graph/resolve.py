"""Stage 7: merge the per-file records into one set of entities and facts.

The same entity seen in several files becomes one node: same type and same name key; a
short firm or park name that is a known alias of exactly one full name joins it. Alliance
labels carry their host, so two parks' 新能源汽车 alliances never merge. Everything is
sorted, so the result does not depend on the order the files were read in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from . import lexicon as L
from .normalize import name_key
from .records import ArticleRecord, Evidence, Figure, Post, Story

__all__ = ["Entity", "Relation", "Resolved", "Merged", "resolve", "merge", "extend"]


@dataclass(slots=True)  # a graph of 100,000 articles has about a million of each
class Entity:
    type: str
    label: str
    aliases: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.label)


@dataclass(slots=True)
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
    """Roots are not stored: most names stay on their own."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        root = x
        while (up := self.parent.get(root)) is not None:
            root = up
        while x != root:  # every node on the way now points at the root
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


_LINKED = ("Firm", "Park", "GovernmentBody", "AcademicInstitution")  # types whose short names join a full one
# 河南颍泽经济开发区 / 颍泽经济开发区, 泖阳市芦墩镇 / 芦墩镇: one name written with its province or city
_PLACE_BEFORE = re.compile("^(?:(?:" + "|".join(L.PROVINCES) + ")(?:省|市|自治区)?)?(?:[\u4e00-\u9fff]{2,3}市)?$")
_PLACED = ("Park", "Region", "GovernmentBody", "Alliance")


def resolve(records: list[ArticleRecord]) -> Resolved:
    """Merge records (in any order) into canonical entities and relations."""
    return merge(records).graph


@dataclass
class Merged:
    """A merge with what :func:`extend` needs to add more files to it: every name key's
    names, where each key went, and each file's stories, figures and posts in file order."""

    graph: Resolved
    names: dict[tuple[str, str], set[str]]
    canon: dict[tuple[str, str], tuple[str, str]]
    parts: list[tuple[tuple[str, str], list, list[Figure], list[Post]]]  # (source, digest), stories, figures, posts


def _record_key(rec: ArticleRecord) -> tuple[str, str]:
    return (rec.source, rec.digest)


def _add_names(records, names, stories, consume: bool = False) -> None:
    for rec in records:
        for e in rec.entities:
            k = (e.type, name_key(e.name))
            names[k].add(e.name)
            names[k].update(e.aliases)
            stories[k].update(e.stories)
        if consume:
            rec.entities = []


def _group(names: dict[tuple[str, str], set[str]]) -> tuple[dict, dict]:
    """Name key → entity key, and entity key → (its name keys, its aliases)."""
    uf = _UnionFind()
    # a name is full (not a short form) unless it is a firm's without a registered suffix
    firm_suffixes = L.FIRM_SUFFIXES
    # short names that are an alias of exactly one full name of the same type
    alias_owner: dict[tuple[str, str], set] = defaultdict(set)
    for k, ns in names.items():
        t = k[0]
        if t in _LINKED and (t != "Firm" or k[1].endswith(firm_suffixes)):
            for n in ns:
                alias_owner[(t, name_key(n))].add(k)
    owners = alias_owner.get
    for k in sorted(names):
        t = k[0]
        if t not in _LINKED:
            continue
        candidates = set(owners((t, k[1]), ()))
        for n in names[k]:
            found = owners((t, name_key(n)))
            if found:
                candidates |= found
        candidates.discard(k)
        if not candidates:
            continue
        # two registered names that share a short one (沧岭精工 of 沧岭精工机械有限公司 and
        # of 沧岭精工材料有限公司) are two firms, unless one is the other with its place
        registered = t == "Firm" and k[1].endswith(firm_suffixes)
        root = one = None
        for c in candidates:  # joined if all the candidates are one entity already
            if registered and not (c[1].endswith(k[1]) or k[1].endswith(c[1])):
                continue
            r = uf.find(c)
            if root is None:
                root, one = r, c
            elif r != root:
                break
        else:
            if one is not None:
                uf.union(k, one)
    # a name that is another's without the province or city written before it, when exactly
    # one such longer name is known
    longer: dict[tuple[str, str], set] = defaultdict(set)
    for c in names:
        if c[0] in _PLACED:
            for cut in range(2, min(8, len(c[1]) - 2)):
                tail = (c[0], c[1][cut:])
                if tail in names and _PLACE_BEFORE.match(c[1][:cut]):
                    longer[tail].add(c)
    for k in sorted(longer):
        if len({uf.find(c) for c in longer[k]}) == 1:
            uf.union(k, next(iter(longer[k])))
    groups: dict = defaultdict(list)
    for k in names:
        groups[uf.find(k)].append(k)
    canon: dict[tuple[str, str], tuple[str, str]] = {}
    members_of: dict[tuple[str, str], tuple[list, list[str]]] = {}
    for members in groups.values():
        type_ = members[0][0]
        # the label is a name some file used as the entity's own name (not an alias):
        # for firms the full registered name, otherwise the longest such name
        if len(members) == 1:
            m = members[0]
            all_names = names[m]
            own = [n for n in all_names if name_key(n) == m[1]]
        else:
            all_names = set()
            for m in members:
                all_names |= names[m]
            own = list({n for m in members for n in names[m] if name_key(n) == m[1]})
        if len(own) > 1:
            own.sort(key=_label_order)
        full = [n for n in own if n.endswith(firm_suffixes)] if type_ == "Firm" else own
        label = (full or own or sorted(all_names))[0]
        key = (type_, label)
        members_of[key] = (members, sorted(n for n in all_names if n != label) if len(all_names) > 1 else [])
        for m in members:
            canon[m] = key
    return canon, members_of


def _label_order(name: str) -> tuple[int, str]:
    return (-len(name), name)


def _relation_key(s, p: str, o):
    """A relation's key between canonical entities (partners in order), or None when a side
    is unknown or both are one entity."""
    if s is None or o is None or s == o:
        return None
    if p == "partnerOf":
        s, o = sorted((s, o))
    return (s, p, o)


def _canonical(records, canon, consume: bool = False) -> tuple[dict, list]:
    """The records' relations (key → evidence) and parts, in the canonical entity keys;
    with ``consume``, each record's facts, figures and posts are dropped once read."""
    def c(key):
        return canon.get((key[0], name_key(key[1])))

    rel_ev: dict = defaultdict(list)
    parts = []
    for rec in records:
        for f in rec.facts:
            key = _relation_key(c(f.subject), f.predicate, c(f.object))
            if key is not None:
                rel_ev[key].append(f.evidence)
        figures = []
        for g in rec.figures:
            s = c(g.subject)
            if s is not None:
                figures.append(Figure(s, g.indicator, g.value, g.unit, g.growth, g.period, g.evidence))
        posts = []
        for p in rec.posts:
            a, b = c(p.person), c(p.org)
            if a is not None and b is not None:
                posts.append(Post(a, b, p.title, p.evidence))
        parts.append((_record_key(rec), list(rec.stories), figures, posts))
        if consume:
            rec.facts, rec.figures, rec.posts = [], [], []
    return rel_ev, parts


def _evidence_order(e: Evidence):
    return (e.story, e.start, e.rule, e.end, e.quote)


def _assemble(entities: dict, relations: list[Relation], parts: list) -> Resolved:
    stories = sorted((s for part in parts for s in part[1]), key=lambda s: (s.source, s.index))
    return Resolved(dict(sorted(entities.items())), relations,
                    [f for part in parts for f in part[2]], [p for part in parts for p in part[3]], stories)


def merge(records: list[ArticleRecord], consume: bool = False) -> Merged:
    """:func:`resolve`, keeping the state :func:`extend` starts from.

    ``consume`` empties the records' entities, facts, figures and posts as they are
    merged, so that a big merge does not hold them and the merged graph at once (their
    evidence, stories and names live on in the graph)."""
    records = sorted(records, key=_record_key)
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    stories: dict[tuple[str, str], set[str]] = defaultdict(set)
    _add_names(records, names, stories, consume)
    canon, members_of = _group(names)
    entities = {}
    for key, (members, aliases) in members_of.items():
        entities[key] = Entity(key[0], key[1], aliases, sorted(set().union(*(stories[m] for m in members))))
    del stories
    rel_ev, parts = _canonical(records, canon, consume)
    relations = [Relation(s, p, o, sorted(set(ev), key=_evidence_order)) for (s, p, o), ev in sorted(rel_ev.items())]
    return Merged(_assemble(entities, relations, parts), dict(names), canon, parts)


def extend(merged: Merged, records: list[ArticleRecord]) -> tuple[Merged, Resolved, Resolved] | None:
    """Add the records of new files to ``merged``: the same result as merging all files
    again, the part that is new (every entity whose node changes, with all its names and
    stories; the new relations' new evidence; the new figures, posts and stories) and the
    part that is gone (see below).

    New names may move existing name keys to another entity: a longer name of the same
    firm becomes its label, or two nodes turn out to be one. Each old entity then goes to
    exactly one new one, and the old entity, with every relation, figure and post that
    named it, is the part that is gone; they come back under the new keys in the part
    that is new. ``None`` when an old entity would fall apart (a short name that was one
    firm's becomes ambiguous) or a file is already in the merge: then only a whole merge
    gives the right answer. ``merged`` is spent either way.
    """
    records = sorted(records, key=_record_key)
    known = {part[0] for part in merged.parts}
    if any(_record_key(r) in known for r in records):
        return None
    names = defaultdict(set, merged.names)
    stories: dict[tuple[str, str], set[str]] = defaultdict(set)
    _add_names(records, names, stories)
    canon, members_of = _group(names)
    targets: dict[tuple[str, str], set] = defaultdict(set)  # old entity key → where its name keys go now
    for k, key in merged.canon.items():
        targets[key].add(canon[k])
    if any(len(t) > 1 for t in targets.values()):
        return None  # an old entity falls apart
    moved = {key: t.pop() for key, t in targets.items() if key not in t}  # old entity key → its new one

    def m(key):
        return moved.get(key, key)

    old = merged.graph
    entities = dict(old.entities)
    carried: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key in moved:
        carried[moved[key]].update(entities.pop(key).stories)
    changed: dict[tuple[str, str], Entity] = {}

    def touch(key):
        if key not in changed:
            members, aliases = members_of[key]
            before = entities.get(key)
            found = set(before.stories) if before else set()
            found |= carried.get(key, set())
            for member in members:
                found |= stories.get(member, set())
            changed[key] = entities[key] = Entity(key[0], key[1], aliases, sorted(found))

    for key in moved.values():
        touch(key)
    for k in stories:
        touch(canon[k])
    relations = {}
    gone = Resolved({key: old.entities[key] for key in sorted(moved)}, [], [], [], [])
    rel_ev: dict = defaultdict(list)
    for r in old.relations:
        if r.subject in moved or r.object in moved:
            gone.relations.append(r)
            key = _relation_key(m(r.subject), r.predicate, m(r.object))
            if key is not None:
                rel_ev[key] += r.evidence
        else:
            relations[(r.subject, r.predicate, r.object)] = r
    new_ev, parts = _canonical(records, canon)
    for k, ev in new_ev.items():
        rel_ev[k] += ev
    new_figures = [f for part in parts for f in part[2]]
    new_posts = [p for part in parts for p in part[3]]
    all_parts = merged.parts
    if moved:
        all_parts = []
        for key, part_stories, figures, posts in merged.parts:
            figures, posts = list(figures), list(posts)
            for i, f in enumerate(figures):
                if f.subject in moved:
                    gone.figures.append(f)
                    figures[i] = replace(f, subject=moved[f.subject])
                    new_figures.append(figures[i])
            for i, p in enumerate(posts):
                if p.person in moved or p.org in moved:
                    gone.posts.append(p)
                    posts[i] = replace(p, person=m(p.person), org=m(p.org))
                    new_posts.append(posts[i])
            all_parts.append((key, part_stories, figures, posts))
    new_relations = []
    for (s, p, o), ev in sorted(rel_ev.items()):
        touch(s)
        touch(o)
        before = relations.get((s, p, o))
        have = set(before.evidence) if before else set()
        fresh = set(ev) - have
        if fresh:
            relations[(s, p, o)] = Relation(s, p, o, sorted(have | fresh, key=_evidence_order))
            new_relations.append(Relation(s, p, o, sorted(fresh, key=_evidence_order)))
    for f in new_figures:
        touch(f.subject)
    for p in new_posts:
        touch(p.person)
        touch(p.org)
    all_parts = sorted(all_parts + parts, key=lambda part: part[0])
    graph = _assemble(entities, [relations[k] for k in sorted(relations)], all_parts)
    delta = Resolved(dict(sorted(changed.items())), new_relations, new_figures, new_posts,
                     [s for part in parts for s in part[1]])
    return Merged(graph, dict(names), canon, all_parts), delta, gone
