"""The HTML explorer: offline, escaped, deterministic, and working in a real browser.

The browser tests open graph.html in headless Chromium (Debian's ``chromium`` driven by
Playwright) with every request that is not a file:// URL aborted and recorded.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from conftest import ROOT
from graph.html import PHYSICS_MAX, graph_data, render_html, shown, write_html
from graph.layout import spring_positions
from graph.records import Evidence, Story
from graph.resolve import Entity, Relation, Resolved

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "</script><script>window.__pwned=2</script>"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the [test] extra installs it
    sync_playwright = None

needs_browser = pytest.mark.skipif(
    sync_playwright is None or not CHROMIUM.exists(),
    reason="browser tests need /usr/bin/chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk) "
           "and the playwright package (pip install -e .[test]); .ci/run installs them",
)


def page_data(html: str) -> dict:
    return json.loads(html.split('id="data">', 1)[1].split("</script>", 1)[0])


def synthetic(n_alliances: int, members: int = 8) -> Resolved:
    """A graph of parks, alliances, chains and firms, big enough to switch physics off."""
    story = Story("s0", "synthetic.txt", 0, "…", "合成文章")
    ents, rels = {}, []

    def ent(t, label, aliases=()):
        ents[(t, label)] = Entity(t, label, list(aliases), ["s0"])
        return (t, label)

    def rel(s, p, o):
        rels.append(Relation(s, p, o, [Evidence("s0", 0, 1, f"{s[1]}{p}{o[1]}。", f"test.{p}")]))

    chains = [ent("IndustrialChain", f"链{i}") for i in range(5)]
    for a in range(n_alliances):
        park = ent("Park", f"园区{a // 3}高新区")
        al = ent("Alliance", f"园区{a // 3}高新区链{a % 5}产业链党建联盟")
        rel(park, "hasAlliance", al)
        rel(al, "onChain", chains[a % 5])
        for m in range(members):
            rel(al, "hasMember", ent("Firm", f"成员{(a * 5 + m) % (n_alliances * 4)}有限公司"))
    rels.sort(key=lambda r: (r.subject, r.predicate, r.object))
    return Resolved(ents, rels, [], [], [story])


def hostile_graph() -> Resolved:
    """Names and quotes that are markup and script, straight into the renderer."""
    story = Story("h", f"{IMG}.txt", 0, "…", f"标题{SCRIPT}")
    firm = ("Firm", f"{IMG}机器人有限公司")
    other = ("Firm", f"{SCRIPT}智能装备有限公司")
    href = ("Firm", '<a href="javascript:window.__pwned=3">链接</a>有限公司')
    al = ("Alliance", "测试高新区机器人产业链党建联盟")
    ents = {k: Entity(k[0], k[1], [f"别名{SCRIPT}"], ["h"]) for k in (firm, other, href, al)}
    ev = Evidence("h", 0, 5, f"{IMG}{SCRIPT}是链主企业。", f"rule{IMG}")
    rels = [Relation(al, "chainOwner", k, [ev]) for k in (firm, other, href)]
    return Resolved(ents, rels, [], [], [story])


# --- without a browser -----------------------------------------------------------------

def test_page_is_offline_and_utf8(seed_build):
    html = (seed_build[0] / "graph.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html[:200]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert not re.search(r"""url\(\s*["']?(?!data:)""", html)  # only data: URLs in styles
    assert "@import" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "Noto Sans CJK SC" in html  # a CJK font stack for page and canvas


def test_hostile_text_travels_escaped():
    html = render_html(hostile_graph())
    assert html.count("<script") == html.count("</script>")
    block = html.split('id="data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    labels = {n["label"] for n in page_data(html)["nodes"]}
    assert f"{IMG}机器人有限公司" in labels and f"{SCRIPT}智能装备有限公司" in labels


def test_layout_is_deterministic_and_fast():
    g = synthetic(600)
    first, second = render_html(g), render_html(g)
    assert first == second
    data = page_data(first)
    assert not data["physics"] and len(data["nodes"]) > PHYSICS_MAX
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    n = 20000
    edges = [(i, (i * 7919) % n) for i in range(n)] + [(i, i // 10) for i in range(n)]
    t = time.perf_counter()
    pos = spring_positions(n, edges)
    assert time.perf_counter() - t < 15
    assert len({tuple(p) for p in pos.tolist()}) > n * 0.9  # nodes are spread, not stacked
    assert (pos == spring_positions(n, edges)).all()


def test_small_graph_lets_the_browser_settle(seed_build):
    data = page_data((seed_build[0] / "graph.html").read_text(encoding="utf-8"))
    assert data["physics"] and "x" not in data["nodes"][0]


def test_max_nodes_says_what_is_left_out():
    g = synthetic(40)
    data = graph_data(g, max_nodes=30)
    assert len(data["nodes"]) == 30
    left = data["leftOut"]
    assert left["nodes"] == len(g.entities) - 30 and left["total"] == len(g.entities)
    assert sum(left["byType"].values()) == left["nodes"] and left["edges"] > 0
    kept = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])


def test_the_page_is_drawn_from_the_part_it_shows(seed_build):
    """The build hands the page writer only what it draws (see html.shown): the page made
    from that part is the page of the whole graph, and the part holds nothing else."""
    g = seed_build[1].graph
    view = shown(g, max_nodes=20)
    assert len(view.entities) == 20 and view.total == len(g.entities)
    assert all(r.subject in view.entities and r.object in view.entities for r in view.relations)
    assert all(f.subject in view.entities for f in view.figures)
    assert len(view.story_of) < len(g.stories)
    assert render_html(view) == render_html(g, max_nodes=20)


def test_every_fact_carries_its_evidence(seed_build):
    data = page_data((seed_build[0] / "graph.html").read_text(encoding="utf-8"))
    for e in data["edges"]:
        assert e["ev"], e
        for q, s, rule in e["ev"]:
            title, source, _ = data["stories"][s]
            assert data["quotes"][q] and rule and source.endswith(".txt")


# --- in a browser ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened offline: every non-file request is aborted and remembered."""

    def __init__(self, browser, path: Path, bypass_csp: bool = False):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        t = time.perf_counter()
        self.page.goto(path.resolve().as_uri())
        # a selector, not a JS predicate: the page's CSP forbids the eval that predicates need
        self.page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
        self.seconds = time.perf_counter() - t

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def click_canvas(self, x: float, y: float):
        box = self.page.locator("#net canvas").bounding_box()
        self.page.mouse.click(box["x"] + x, box["y"] + y)

    def close(self):
        assert self.requests == [], f"the page tried to reach the network: {self.requests}"
        assert self.errors == [], self.errors
        self.context.close()


@pytest.fixture
def seed_page(browser, seed_build):
    page = Page(browser, seed_build[0] / "graph.html")
    yield page
    page.close()


@needs_browser
def test_graph_draws(seed_page):
    p = seed_page
    assert p.page.locator("#net canvas").count() == 1
    assert p.js("typeof window.chainkgNetwork") == "object"
    assert p.js("window.chainkgNodes.length") == p.js("Object.keys(window.chainkgNetwork.body.nodes).length") > 50
    assert p.js("window.chainkgReady") < 5000  # ms from navigation start to the settled frame
    assert "武进国家高新区" in p.page.locator("#host").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "explorer-overview.png"))


@needs_browser
def test_search_finds_a_node_by_alias_and_shows_its_facts(seed_page):
    p = seed_page
    p.page.fill("#search", "金石机器人")
    assert "金石机器人常州股份有限公司" in p.page.locator("#hits .hit").first.inner_text()
    p.page.press("#search", "Enter")
    selected = p.js("window.chainkgNetwork.getSelectedNodes()")
    assert len(selected) == 1
    assert p.js(f"window.chainkgNodes.get({selected[0]}).label") == "金石机器人常州股份有限公司"
    details = p.page.locator("#details")
    assert "金石机器人常州股份有限公司" in details.locator("h3").inner_text()
    assert details.locator(".quote").count() > 0 and "规则" in details.inner_text()
    p.page.wait_for_timeout(600)  # the zoom animation
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "explorer.png"))


@needs_browser
def test_legend_click_hides_a_class(seed_page):
    p = seed_page
    firms = p.js("window.chainkgNodes.get().filter(n => n.group === 'Firm').length")
    shown = p.js("window.chainkgNetwork.body.nodeIndices.length")
    p.page.click("#legend .cls[data-type=Firm]")
    assert p.js("window.chainkgNetwork.body.nodeIndices.length") == shown - firms
    assert "off" in p.page.get_attribute("#legend .cls[data-type=Firm]", "class")
    p.page.click("#legend .cls[data-type=Firm]")
    assert p.js("window.chainkgNetwork.body.nodeIndices.length") == shown


@needs_browser
def test_host_and_chain_filters_show_alliances_and_neighbours(seed_page):
    p = seed_page
    labels = lambda: set(p.js("window.chainkgNodes.get().filter(n => !window.chainkg.isHidden(n.id)).map(n => n.label)"))
    p.page.select_option("#host", label="武进国家高新区（园区）")
    shown = labels()
    assert "武进国家高新区" in shown and "武进国家高新区工程机械产业链党建联盟" in shown
    assert "金石机器人常州股份有限公司" in shown and "镇江高新区" not in shown
    p.page.select_option("#chain", label="工程机械（产业链）")
    both = labels()
    assert "武进国家高新区工程机械产业链党建联盟" in both and "武进国家高新区新能源汽车产业链党建联盟" not in both
    p.page.click("#reset")
    assert len(labels()) == p.js("window.chainkgNodes.length")


@needs_browser
def test_clicking_nodes_and_edges_shows_evidence(seed_page):
    p = seed_page
    # an edge whose midpoint is clear of nodes, and a node, in screen coordinates
    target = p.js("""(() => { const net = window.chainkgNetwork, pos = net.getPositions();
      for (const id of window.chainkgEdges.getIds()) { const e = window.chainkgEdges.get(id);
        const a = pos[e.from], b = pos[e.to], m = net.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
        if (m.x > 20 && m.y > 20 && m.x < 1000 && m.y < 880 && net.getNodeAt(m) === undefined && net.getEdgeAt(m) === id)
          return {edge: id, x: m.x, y: m.y, node: e.from, n: net.canvasToDOM(a)}; } })()""")
    assert target, "no clickable edge"
    p.click_canvas(target["x"], target["y"])
    details = p.page.locator("#details")
    assert "→" in details.locator("h3").inner_text()
    text = details.inner_text()
    assert details.locator(".quote").count() >= 1 and "来源" in text and ".txt" in text and "规则" in text
    p.click_canvas(target["n"]["x"], target["n"]["y"])
    assert p.js("window.chainkgNetwork.getSelectedNodes()") == [target["node"]]
    assert "事实 Facts" in details.inner_text() and details.locator(".quote").count() >= 1


@needs_browser
def test_left_out_note(browser, tmp_path):
    write_html(synthetic(40), tmp_path / "cut.html", max_nodes=30)
    p = Page(browser, tmp_path / "cut.html")
    note = p.page.locator("#note").inner_text()
    assert "只显示连接最多的 30 个节点" in note and "left out" in note
    p.close()


@needs_browser
def test_empty_graph_says_so(browser, tmp_path):
    write_html(Resolved({}, [], [], [], []), tmp_path / "empty.html")
    p = Page(browser, tmp_path / "empty.html")
    assert "图为空" in p.page.locator("#net").inner_text()
    p.close()


@needs_browser
def test_large_graph_draws_from_python_positions(browser, tmp_path):
    g = synthetic(1200)
    write_html(g, tmp_path / "large.html")
    data = page_data((tmp_path / "large.html").read_text(encoding="utf-8"))
    p = Page(browser, tmp_path / "large.html")
    assert p.js("window.chainkgReady") < 10_000
    pos = p.js("window.chainkgNetwork.getPositions([0, 1, 2])")
    assert [(pos[k]["x"], pos[k]["y"]) for k in "012"] == [(n["x"], n["y"]) for n in data["nodes"][:3]]
    assert p.js("window.chainkgNetwork.physics.physicsEnabled") is False
    p.close()


@pytest.fixture
def hostile_build(tmp_path):
    from graph.build import build

    d = tmp_path / "in"
    d.mkdir()
    (d / "hostile.txt").write_text(
        f"测试高新区打造机器人产业链党建联盟。{IMG}机器人有限公司是机器人产业链的链主企业。\n"
        f"{SCRIPT}智能装备有限公司是机器人产业链的链主企业。\n"
        f"甲乙“{IMG}”精密机械有限公司是链主企业，丙丁科技有限公司是链上企业。\n", encoding="utf-8")
    build([d], tmp_path / "out", jobs=1)
    return tmp_path / "out" / "graph.html"


@needs_browser
@pytest.mark.parametrize("source", ["article", "names"])
def test_hostile_text_never_runs(browser, tmp_path, hostile_build, source):
    if source == "names":
        path = tmp_path / "names.html"
        write_html(hostile_graph(), path)
    else:
        path = hostile_build
    # without the page's CSP: the escaping alone must hold
    p = Page(browser, path, bypass_csp=True)
    shown = ""
    for label in p.js("window.chainkgNodes.get().map(n => n.label)"):
        p.page.fill("#search", label)
        p.page.press("#search", "Enter")
        assert label in p.page.locator("#details h3").inner_text()
        for i in range(p.page.locator("#details a").count()):
            p.page.locator("#details a").nth(i).hover()
        shown += p.page.locator("#details").inner_text()
    assert IMG in shown and SCRIPT in shown  # shown as characters
    p.page.mouse.move(700, 450)
    p.page.wait_for_timeout(300)
    assert p.js("typeof window.__pwned") == "undefined"
    assert p.js("document.querySelectorAll('img, iframe, a[href]').length") == 0
    assert p.js("document.scripts.length") == 3  # data, vis-network, explorer
    p.close()
