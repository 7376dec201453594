"""Firms bridging alliances: in several alliances, or linked by partnership or supply to others.

A firm bridges two alliances when it owns or joins both ("member"), or when it is in one
and partners with or supplies a firm in the other ("link"). The table lists every firm that
bridges at least two alliances, with the alliances on each side; the chart draws the
alliances as nodes and the bridges between them as edges.

    python scripts/bridges.py out [--png bridges.png]
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pandas as pd

from _common import load, parser, pyplot, save, show

MEMBERSHIP = ("chainOwner", "hasMember")
LINKS = ("partnerOf", "supplies")


def alliances_of(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """organisation node → alliance nodes it owns or joins."""
    out: dict[str, set[str]] = {}
    for a, org, key in G.edges(keys=True):
        if key in MEMBERSHIP:
            out.setdefault(org, set()).add(a)
    return out


def bridges(G: nx.MultiDiGraph) -> tuple[pd.DataFrame, nx.Graph]:
    """The bridging firms (table) and the alliance graph (edges carry the bridging firms)."""
    member = alliances_of(G)
    reach: dict[str, set[str]] = {}  # firm → alliances reached through its partners and suppliers
    for u, v, key in G.edges(keys=True):
        if key in LINKS:
            for firm, other in ((u, v), (v, u)):
                reach.setdefault(firm, set()).update(member.get(other, set()) - member.get(firm, set()))
    A = nx.Graph()
    A.add_nodes_from((a, {"label": G.nodes[a]["label"]}) for a, d in G.nodes(data=True) if d.get("type") == "Alliance")
    rows = []
    for firm in sorted(set(member) | set(reach), key=lambda n: G.nodes[n]["label"]):
        if G.nodes[firm].get("type") != "Firm":
            continue
        own, via = member.get(firm, set()), reach.get(firm, set())
        if len(own | via) < 2 or not own:
            continue
        for a, b in combinations(sorted(own | via), 2):
            if a in own or b in own:
                if not A.has_edge(a, b):
                    A.add_edge(a, b, firms=set())
                A.edges[a, b]["firms"].add(G.nodes[firm]["label"])
        label = lambda ns: "、".join(sorted(G.nodes[n]["label"] for n in ns))  # noqa: E731
        rows.append({"firm": G.nodes[firm]["label"], "alliances": len(own | via), "as member": len(own),
                     "via links": len(via), "member of": label(own), "linked to": label(via)})
    df = pd.DataFrame(rows, columns=["firm", "alliances", "as member", "via links", "member of", "linked to"])
    return df.sort_values(["alliances", "as member", "firm"], ascending=[False, False, True], ignore_index=True), A


def pairs(A: nx.Graph) -> pd.DataFrame:
    """One row per pair of alliances joined by bridging firms."""
    rows = []
    for a, b, d in A.edges(data=True):
        x, y = sorted((A.nodes[a]["label"], A.nodes[b]["label"]))
        rows.append({"alliance A": x, "alliance B": y, "bridges": len(d["firms"]), "firms": "、".join(sorted(d["firms"]))})
    df = pd.DataFrame(rows, columns=["alliance A", "alliance B", "bridges", "firms"])
    return df.sort_values(["bridges", "alliance A", "alliance B"], ascending=[False, True, True], ignore_index=True)


def chart(A: nx.Graph, path: str) -> None:
    plt = pyplot()
    H = A.subgraph([n for n in A if A.degree(n)])
    fig, ax = plt.subplots(figsize=(10, 8))
    pos = nx.spring_layout(H, seed=1, k=1.5)
    widths = [1 + 2 * len(d["firms"]) for _, _, d in H.edges(data=True)]
    nx.draw_networkx_edges(H, pos, ax=ax, width=widths, edge_color="#999999")
    nx.draw_networkx_nodes(H, pos, ax=ax, node_color="#d7263d", node_size=300)
    nx.draw_networkx_labels(H, pos, {n: H.nodes[n]["label"] for n in H}, ax=ax, font_size=8)
    names = {(a, b): "、".join(sorted(d["firms"])) if len(d["firms"]) <= 2 else f"{len(d['firms'])} firms"
             for a, b, d in H.edges(data=True)}
    nx.draw_networkx_edge_labels(H, pos, names, ax=ax, font_size=7)
    ax.margins(0.25)
    ax.set_title("Alliances joined by bridging firms")
    ax.axis("off")
    save(fig, path)


def main(argv=None) -> None:
    ap = parser(__doc__.splitlines()[0])
    args = ap.parse_args(argv)
    df, A = bridges(load(args.path).to_networkx())
    show(df, "no firm bridges two alliances in this graph")
    if not df.empty:
        print()
        show(pairs(A))
    if args.png and A.number_of_edges():
        chart(A, args.png)


if __name__ == "__main__":
    main()
