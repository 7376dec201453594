"""Stage 9b: a self-contained, offline HTML explorer of the graph.

vis-network (shipped inside the pyvis package) and the page's own script and style
(``graph/assets/explorer.*``) are inlined; nothing is fetched from any host, and a
Content-Security-Policy forbids it. The data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and every
name, quote and title reaches the page through ``textContent`` (or vis-network's
``innerText`` tooltips) only, so no text from an article can become markup or script.

Up to :data:`PHYSICS_MAX` nodes the browser settles the layout; beyond that the positions
come from :func:`graph.layout.spring_positions` (seeded) and physics is off, so a graph of
tens of thousands of nodes draws in seconds and the page is byte-identical run to run.

>>> from graph.resolve import Entity, Relation, Resolved
>>> from graph.records import Evidence, Story
>>> a, b = ("Park", "甲高新区"), ("Alliance", "甲高新区机器人产业链党建联盟")
>>> ev = Evidence("s1", 0, 10, "甲高新区打造机器人产业链党建联盟。", "alliance.host")
>>> g = Resolved({a: Entity(*a, [], ["s1"]), b: Entity(*b, ["机器人产业链党建联盟"], ["s1"])},
...              [Relation(a, "hasAlliance", b, [ev])], [], [], [Story("s1", "a.txt", 0, "…", "标题")])
>>> d = graph_data(g)
>>> [n["label"] for n in d["nodes"]], d["edges"][0]["p"], d["quotes"]
(['甲高新区机器人产业链党建联盟', '甲高新区'], 'hasAlliance', ['甲高新区打造机器人产业链党建联盟。'])
>>> "<script" in render_html(g).split('id="data">')[1].split("</script>")[0]
False
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
import importlib.util
from pathlib import Path

from .rdf import atomic_write
from .records import Evidence, Figure, Post, Story
from .resolve import Entity, Relation, Resolved

__all__ = ["render_html", "write_html", "graph_data", "shown", "Shown", "COLOURS", "PREDICATES", "PHYSICS_MAX"]

PHYSICS_MAX = 300  # above this many nodes, positions are computed here and physics is off
EVIDENCE_PER_FACT = 5
QUOTE_MAX = 400  # characters of a quote shown; the Turtle keeps the whole sentence
STORIES_PER_NODE = 20

# class -> (colour, vis-network shape); only shapes with the label outside, so size shows degree
COLOURS = {
    "Park": ("#1f6fb2", "square"), "Region": ("#6aaed6", "square"),
    "Alliance": ("#d7263d", "star"), "IndustrialChain": ("#f08c00", "diamond"),
    "Firm": ("#2f9e44", "dot"), "PartyOrganization": ("#c2255c", "triangle"),
    "GovernmentBody": ("#5c677d", "hexagon"), "AcademicInstitution": ("#7048e8", "hexagon"),
    "Person": ("#e0a800", "triangleDown"), "Initiative": ("#0ca678", "diamond"),
}
NAMES_ZH = {
    "Park": "园区", "Region": "行政区", "Alliance": "产业链党建联盟", "IndustrialChain": "产业链",
    "Firm": "企业", "PartyOrganization": "党组织", "GovernmentBody": "政府机构",
    "AcademicInstitution": "院校", "Person": "人物", "Initiative": "行动/品牌",
}
PREDICATES = {
    "hasAlliance": "组建联盟", "onChain": "所属产业链", "chainOwner": "链主", "chainOwnerOf": "链主企业",
    "hasMember": "成员", "partnerOf": "合作", "supplies": "供应", "subsidiaryOf": "子公司",
    "locatedIn": "位于", "affiliatedWith": "任职", "chainChiefOf": "链长", "launched": "实施",
}


def _asset(package: str, *parts: str) -> str:
    # found without importing the package (pyvis imports jinja2, networkx, IPython hooks …)
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package} is not installed")
    return Path(next(iter(spec.submodule_search_locations)), *parts).read_text(encoding="utf-8")


def _safe_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _offline_css(css: str) -> str:
    """Drop anything in a style sheet that could fetch from a host (data: URLs stay)."""
    css = re.sub(r"@import[^;]*;", "", css)
    css = re.sub(r"url\(\s*(['\"]?)(?!data:)[^)]*\)", "none", css)
    return css.replace("</style", "<\\/style")


def _figure_text(value: str | None, unit: str, growth: str | None, period: str) -> str:
    """``464.1亿元, 增长 137.8%, 上半年`` from base-unit decimals."""
    parts = []
    if value is not None:
        try:
            v = Decimal(value)
        except InvalidOperation:
            v = None
        if v is not None:
            for scale, word in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
                if abs(v) >= scale:
                    parts.append(f"{(v / scale).normalize():f}{word}{unit}")
                    break
            else:
                parts.append(f"{v.normalize():f}{unit}")
    if growth is not None:
        try:
            parts.append(f"增长 {(Decimal(growth) * 100 - 100).normalize():f}%")
        except InvalidOperation:
            pass
    if period:
        parts.append(period)
    return "，".join(parts)


@dataclass
class Shown:
    """What the page shows of a graph: its most connected nodes (all, without a limit), the
    relations, figures and posts among them, the stories they cite, and the counts of the
    rest. Small next to the graph: the build makes it, and the page is written from it in
    a forked process, which then touches only these objects' memory pages (a walk over the
    whole graph there would copy most of the parent's memory)."""

    entities: dict[tuple[str, str], Entity]  # sorted by key
    degree: dict[tuple[str, str], int]  # in the whole graph
    relations: list[Relation]
    figures: list[Figure]
    posts: list[Post]
    story_of: dict[str, Story]
    articles: int
    left_by_type: dict[str, int]
    left_edges: int
    total: int


def shown(g: Resolved, max_nodes: int | None = None) -> Shown:
    """The part of ``g`` that :func:`graph_data` puts on the page."""
    keys = sorted(g.entities)
    degree = Counter()
    for r in g.relations:
        degree[r.subject] += 1
        degree[r.object] += 1
    keep = keys
    if max_nodes is not None and len(keys) > max_nodes:
        keep = sorted(sorted(keys, key=lambda k: (-degree[k], k))[:max(max_nodes, 0)])
    kept = {k: g.entities[k] for k in keep}
    relations = [r for r in g.relations if r.subject in kept and r.object in kept]
    figures = [f for f in g.figures if f.subject in kept]
    posts = [p for p in g.posts if p.person in kept and p.org in kept]
    cited = {sid for e in kept.values() for sid in e.stories[:STORIES_PER_NODE]}
    cited.update(ev.story for r in relations for ev in r.evidence)
    cited.update(f.evidence.story for f in figures)
    left = Counter(g.entities[k].type for k in keys if k not in kept)
    return Shown(kept, {k: degree[k] for k in keep}, relations, figures, posts,
                 {s.id: s for s in g.stories if s.id in cited}, len(g.stories), dict(left),
                 len(g.relations) - len(relations), len(keys))


class _Tables:
    """Quotes and stories stored once and referred to by index (sentences repeat a lot)."""

    def __init__(self, story_of: dict[str, Story]):
        self.story_of = story_of
        self.quotes: dict[str, int] = {}
        self.stories: dict[str, int] = {}

    def story(self, sid: str) -> int:
        if sid not in self.stories:
            self.stories[sid] = len(self.stories)
        return self.stories[sid]

    def evidence(self, ev) -> list:
        q = ev.quote if len(ev.quote) <= QUOTE_MAX else ev.quote[:QUOTE_MAX] + "…"
        if q not in self.quotes:
            self.quotes[q] = len(self.quotes)
        return [self.quotes[q], self.story(ev.story), ev.rule]

    def dump(self) -> tuple[list, list]:
        stories = []
        for sid in self.stories:
            s = self.story_of.get(sid)
            stories.append([s.title, s.source, s.date] if s else ["", sid, ""])
        return list(self.quotes), stories


def _by_sentence(evidence) -> list[Evidence]:
    """One entry per sentence, naming every rule that found the fact in it."""
    rules: dict[tuple[str, str], list[str]] = {}
    first: dict[tuple[str, str], Evidence] = {}
    for x in evidence:
        key = (x.story, x.quote)
        first.setdefault(key, x)
        if x.rule not in rules.setdefault(key, []):
            rules[key].append(x.rule)
    return [replace(first[k], rule=", ".join(rules[k])) for k in first]


def graph_data(g: Resolved | Shown, max_nodes: int | None = None) -> dict:
    """Nodes, edges, evidence and layout of the graph (or of what :func:`shown` chose of it)
    as plain data for the page."""
    view = g if isinstance(g, Shown) else shown(g, max_nodes)
    index = {k: i for i, k in enumerate(view.entities)}
    tables = _Tables(view.story_of)
    titles = defaultdict(set)
    for p in view.posts:
        titles[(p.person, p.org)].add(p.title)
    edges = []
    for r in view.relations:
        ev = _by_sentence(r.evidence)
        e = {"from": index[r.subject], "to": index[r.object], "p": r.predicate,
             "ev": [tables.evidence(x) for x in ev[:EVIDENCE_PER_FACT]], "n": len(ev)}
        if r.predicate == "affiliatedWith" and titles[(r.subject, r.object)]:
            e["t"] = sorted(titles[(r.subject, r.object)])
        edges.append(e)
    figures = defaultdict(list)
    for f in view.figures:
        figures[f.subject].append([f.indicator, _figure_text(f.value, f.unit, f.growth, f.period), *tables.evidence(f.evidence)])
    nodes = []
    for k, e in view.entities.items():
        node = {"id": index[k], "label": e.label, "type": e.type, "aliases": e.aliases, "degree": view.degree[k],
                "articles": len(e.stories), "st": [tables.story(s) for s in e.stories[:STORIES_PER_NODE]]}
        if figures[k]:
            node["fig"] = figures[k]
        nodes.append(node)
    physics = len(nodes) <= PHYSICS_MAX
    if not physics:
        from .layout import spring_positions  # numpy, only for big graphs

        pos = spring_positions(len(nodes), [(e["from"], e["to"]) for e in edges])
        for node, (x, y) in zip(nodes, pos.tolist()):
            node["x"], node["y"] = int(x), int(y)
    quotes, stories = tables.dump()
    return {
        "nodes": nodes, "edges": edges, "quotes": quotes, "stories": stories, "physics": physics,
        "articles": view.articles, "order": list(COLOURS),
        "leftOut": {"nodes": sum(view.left_by_type.values()), "edges": view.left_edges, "byType": view.left_by_type,
                    "total": view.total},
        "classes": {t: {"colour": c, "shape": s, "zh": NAMES_ZH[t]} for t, (c, s) in COLOURS.items()},
        "predicates": PREDICATES,
    }


def render_html(g: Resolved | Shown, max_nodes: int | None = None) -> str:
    """The whole page as one string: library, style, script and data inline."""
    data = graph_data(g, max_nodes)
    # the library builds a "<script>" string for old IE; split it so the page's tags balance
    vis_js = _asset("pyvis", "lib", "vis-9.1.2", "vis-network.min.js")
    vis_js = vis_js.replace('"<script>"', '"<scr"+"ipt>"').replace("</script", "<\\/script")
    page = _asset("graph", "assets", "explorer.html")
    parts = {
        "__CSS__": _offline_css(_asset("pyvis", "lib", "vis-9.1.2", "vis-network.css") + "\n" + _asset("graph", "assets", "explorer.css")),
        "__VIS__": vis_js,
        "__APP__": _asset("graph", "assets", "explorer.js").replace("</script", "<\\/script"),
        "__DATA__": _safe_json(data),
    }
    # one pass, so no inserted text is ever searched for the next placeholder
    return re.sub("|".join(parts), lambda m: parts[m.group(0)], page)


def write_html(g: Resolved | Shown, path: Path, max_nodes: int | None = None) -> None:
    """Write :func:`render_html` to ``path`` as UTF-8, atomically."""
    atomic_write(path, render_html(g, max_nodes).encode("utf-8"))
