"""Time how long graph.html takes to draw in headless Chromium, for a small and a large graph.

The small graphs are seeds/ alone and seeds/ with tests/data/ (about 45 files). The large one is
synthetic: the stories of the small corpus are rewritten ``--articles`` times (2,000 by
default) with every park, firm, person and organisation name given a numbered variant, so
parks are new in every copy while each firm variant recurs in a few copies and links them
up. Draw time is measured from navigation start to the page's first frame after the layout
is settled (``window.chainkgReady``, set on vis-network's ``afterDrawing``); every request
to a host is blocked.

    python scripts/html_bench.py                       # both graphs, 3 runs each
    python scripts/html_bench.py --articles 500 --runs 1
    python scripts/html_bench.py --html out/graph.html # time an existing page only

Needs Chromium at /usr/bin/chromium and the playwright package.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import zlib
from pathlib import Path

from _common import variant_code

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
CODE = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
VARY = {"Firm", "Park", "Region", "Person", "GovernmentBody", "AcademicInstitution", "PartyOrganization", "Initiative"}


def synthetic_corpus(small, folder: Path, articles: int, firm_pool: int = 900) -> None:
    """Write ``articles`` story files into ``folder``, names varied, from the small graph."""
    import re

    g = small.graph
    names_in = {}
    for e in g.entities.values():
        if e.type not in VARY:
            continue
        for sid in e.stories:
            for name in [e.label, *e.aliases]:
                if len(name) >= 2:
                    names_in.setdefault(sid, {})[name] = e
    stories = [s for s in g.stories if s.id in names_in]
    for i in range(articles):
        s = stories[i % len(stories)]
        copy = i // len(stories)
        names = names_in[s.id]

        def variant(m, names=names, i=i, copy=copy):
            e = names[m.group(0)]
            h = zlib.crc32(e.label.encode("utf-8"))
            if e.type == "Firm":  # shared by a few copies: links the graph up
                return variant_code((h + i * 7) % firm_pool, 2, CODE) + "号" + m.group(0)
            if e.type == "Person":
                return m.group(0)[0] + variant_code(h + copy, 2, CODE)
            return variant_code(copy * 97 + h % 97, 3, CODE) + m.group(0)

        pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))))
        text = pattern.sub(variant, f"{s.title}\n{s.text}")
        (folder / f"syn_{i:05d}.txt").write_text(text, encoding="utf-8")


def time_page(html: Path, runs: int, screenshot: Path | None = None) -> list[tuple[float, float]]:
    """(ms from navigation start to the first settled frame, wall seconds from goto) per run."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for run in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            blocked = []
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                       else (blocked.append(r.request.url), r.abort()))
            t = time.perf_counter()
            page.goto(html.resolve().as_uri())
            page.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
            wall = time.perf_counter() - t
            out.append((page.evaluate("window.chainkgReady"), wall))
            assert not blocked, blocked
            if screenshot and run == 0:
                page.screenshot(path=str(screenshot))
            page.close()
        browser.close()
    return out


def report(name: str, html: Path, runs: int, screenshot: Path | None = None) -> None:
    times = time_page(html, runs, screenshot)
    data = json.loads(html.read_text(encoding="utf-8").split('id="data">', 1)[1].split("</script>", 1)[0])
    print(f"{name}: {html} ({html.stat().st_size / 1e6:.1f} MB, {len(data['nodes'])} nodes, {len(data['edges'])} edges, "
          f"physics {'on' if data['physics'] else 'off'}): draw "
          f"median {statistics.median(t for t, _ in times) / 1000:.2f} s "
          f"(runs: {', '.join(f'{t / 1000:.2f}' for t, _ in times)}; wall incl. browser I/O "
          f"{statistics.median(w for _, w in times):.2f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000, help="articles in the synthetic graph")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, help="folder for the corpora and builds (kept; its cache speeds reruns)")
    ap.add_argument("--max-nodes", type=int, default=20000, help="--html-max-nodes for the large build")
    ap.add_argument("--html", type=Path, nargs="*", help="time these pages instead of building")
    ap.add_argument("--screenshots", type=Path, help="save a screenshot of each page into this folder")
    a = ap.parse_args()
    if a.screenshots:
        a.screenshots.mkdir(parents=True, exist_ok=True)
    shot = (lambda n: a.screenshots / f"{n}.png") if a.screenshots else (lambda n: None)
    if a.html:
        for h in a.html:
            report(h.stem, h, a.runs, shot(h.stem))
        return
    from graph.build import build

    work = a.work or Path(tempfile.mkdtemp(prefix="chainkg-bench-"))
    build([ROOT / "seeds"], work / "seeds", html_max_nodes=None)
    t = time.perf_counter()
    small = build([ROOT / "seeds", ROOT / "tests" / "data"], work / "small", html_max_nodes=None)
    print(f"small build: {len(small.graph.stories)} articles, {len(small.graph.entities)} entities, "
          f"{len(small.graph.relations)} relations in {time.perf_counter() - t:.1f} s")
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    synthetic_corpus(small, corpus, a.articles)
    t = time.perf_counter()
    large = build([corpus], work / "large", html_max_nodes=a.max_nodes)
    print(f"large build: {len(large.graph.stories)} articles, {len(large.graph.entities)} entities, "
          f"{len(large.graph.relations)} relations in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    from graph.html import render_html

    render_html(large.graph, a.max_nodes)
    print(f"large page rendered (layout included) in {time.perf_counter() - t:.1f} s")
    report("seeds", work / "seeds" / "graph.html", a.runs, shot("seeds"))
    report("small", work / "small" / "graph.html", a.runs, shot("small"))
    report("large", work / "large" / "graph.html", a.runs, shot("large"))


if __name__ == "__main__":
    main()
