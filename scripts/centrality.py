"""Centrality of firms within and across industrial chains.

A firm belongs to a chain when it owns the chain (chainOwnerOf) or owns or joins an
alliance on it. For every chain, the entity graph is cut down to the chain, its alliances
and its firms (with the partner and supply links among them), and each firm's degree and
betweenness are computed there ("within"); the same measures on the whole entity graph,
all relations taken as undirected, say how central a firm is across chains ("across").

    python scripts/centrality.py out [--top 20] [--png centrality.png]
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from _common import load, parser, pyplot, save, show

MEMBERSHIP = ("chainOwner", "hasMember")


def chains_of_firms(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """chain node → firm nodes on it (owners of the chain, owners and members of its alliances)."""
    chains: dict[str, set[str]] = {}
    for u, v, key in G.edges(keys=True):
        if key == "chainOwnerOf" and G.nodes[u].get("type") == "Firm":
            chains.setdefault(v, set()).add(u)
        elif key == "onChain":
            for _, firm, k in G.out_edges(u, keys=True):
                if k in MEMBERSHIP and G.nodes[firm].get("type") == "Firm":
                    chains.setdefault(v, set()).add(firm)
    return chains


def centrality(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per firm on at least one chain: chains, degree and betweenness across and within."""
    U = nx.Graph(G.to_undirected(as_view=True))
    between = nx.betweenness_centrality(U, normalized=True)
    chains = chains_of_firms(G)
    within: dict[str, list[tuple[str, int, float]]] = {}
    for chain, firms in chains.items():
        alliances = {u for u, _, k in G.in_edges(chain, keys=True) if k == "onChain"}
        S = U.subgraph(firms | alliances | {chain})
        b = nx.betweenness_centrality(S, normalized=True)
        for f in firms:
            within.setdefault(f, []).append((G.nodes[chain]["label"], S.degree(f), b[f]))
    rows = []
    for firm, per_chain in within.items():
        best = max(per_chain, key=lambda t: (t[2], t[1]))
        rows.append({
            "firm": G.nodes[firm]["label"],
            "chains": len(per_chain),
            "chain names": "、".join(sorted(c for c, _, _ in per_chain)),
            "degree": U.degree(firm),
            "betweenness": round(between[firm], 4),
            "degree within": best[1],
            "betweenness within": round(best[2], 4),
        })
    df = pd.DataFrame(rows, columns=["firm", "chains", "chain names", "degree", "betweenness",
                                     "degree within", "betweenness within"])
    return df.sort_values(["betweenness", "degree", "firm"], ascending=[False, False, True], ignore_index=True)


def chart(df: pd.DataFrame, path: str) -> None:
    plt = pyplot()
    top = df.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(top) + 1.5))
    y = range(len(top))
    ax.barh([i + 0.2 for i in y], top["betweenness"], height=0.4, label="across chains (whole graph)")
    ax.barh([i - 0.2 for i in y], top["betweenness within"], height=0.4, label="within its chain (best)")
    ax.set_yticks(list(y), top["firm"])
    ax.set_xlabel("betweenness centrality")
    ax.set_title("Firms: betweenness across and within chains")
    ax.legend(loc="lower right")
    save(fig, path)


def main(argv=None) -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=20, help="how many firms to show (default 20)")
    args = ap.parse_args(argv)
    df = centrality(load(args.path).to_networkx()).head(args.top)
    show(df, "no firm is on a chain in this graph")
    if args.png and not df.empty:
        chart(df, args.png)


if __name__ == "__main__":
    main()
