"""Host comparison: for each park, region or body that set up alliances, its alliances,
chains, chain owners, members, people and the figures reported about it or its alliances.

    python scripts/hosts.py out [--figures 3] [--png hosts.png]
"""

from __future__ import annotations

import pandas as pd

from _common import load, local, money, parser, pyplot, save, show

COUNTS = """
SELECT ?h ?host ?type (COUNT(DISTINCT ?a) AS ?alliances) (COUNT(DISTINCT ?c) AS ?chains)
       (COUNT(DISTINCT ?owner) AS ?owners) (COUNT(DISTINCT ?member) AS ?members) WHERE {
  ?h ckg:hasAlliance ?a ; rdfs:label ?host ; a ?type .
  FILTER(?type != ckg:PartyOrganization || NOT EXISTS { ?h a ckg:Alliance })
  OPTIONAL { ?a ckg:onChain ?c }
  OPTIONAL { ?a ckg:chainOwner ?owner }
  OPTIONAL { ?a ckg:hasMember ?member }
} GROUP BY ?h ?host ?type
"""
PEOPLE = """
SELECT ?h (COUNT(DISTINCT ?p) AS ?people) WHERE {
  ?h ckg:hasAlliance ?a .
  { ?p ckg:affiliatedWith ?h } UNION { ?p ckg:holdsPost/ckg:postIn ?h }
} GROUP BY ?h
"""
FIGURES = """
SELECT DISTINCT ?h ?o ?indicator ?value ?unit ?growth ?period WHERE {
  ?h ckg:hasAlliance ?x .
  { ?h ckg:hasObservation ?o } UNION { ?h ckg:hasAlliance/ckg:hasObservation ?o }
  ?o ckg:indicator ?indicator .
  OPTIONAL { ?o ckg:value ?value } OPTIONAL { ?o ckg:unit ?unit }
  OPTIONAL { ?o ckg:growthRate ?growth } OPTIONAL { ?o ckg:period ?period }
} ORDER BY ?h ?indicator ?value
"""


def _figure(indicator, value, unit, growth, period) -> str:
    text = f"{period or ''}{indicator}{money(value, unit or '')}"
    if growth is not None:
        text += f"（{float(growth):+.1%}）"  # growthRate 1.378 is +137.8%
    return text


def _weight(row) -> tuple:
    """Money figures first (largest), then figures with a growth rate, then the rest."""
    _, _, indicator, value, unit, growth, _ = row
    return (unit != "元", growth is None, -(float(value) if value is not None else 0), indicator)


def hosts(kg, figures: int = 3) -> pd.DataFrame:
    rows = {h: {"host": host, "type": local(t), "alliances": a, "chains": c, "owners": o, "members": m,
                "people": 0, "figures": 0, "main figures": ""}
            for h, host, t, a, c, o, m in kg.query(COUNTS)}
    for h, n in kg.query(PEOPLE):
        rows[h]["people"] = n
    found: dict[str, list] = {}
    for row in kg.query(FIGURES):
        found.setdefault(row[0], []).append(row)
    for h, figs in found.items():
        rows[h]["figures"] = len(figs)
        rows[h]["main figures"] = "；".join(_figure(*f[2:]) for f in sorted(figs, key=_weight)[:figures])
    df = pd.DataFrame(list(rows.values()), columns=["host", "type", "alliances", "chains", "owners", "members",
                                                    "people", "figures", "main figures"])
    return df.sort_values(["alliances", "owners", "members", "host"], ascending=[False, False, False, True],
                          ignore_index=True)


def chart(df: pd.DataFrame, path: str) -> None:
    plt = pyplot()
    cols = ["alliances", "chains", "owners", "members", "people"]
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(df)), 5))
    width = 0.8 / len(cols)
    for i, col in enumerate(cols):
        ax.bar([x + i * width for x in range(len(df))], df[col], width=width, label=col)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(df))], df["host"], rotation=20, ha="right")
    ax.set_ylabel("count")
    ax.set_title("Hosts compared")
    ax.legend()
    save(fig, path)


def main(argv=None) -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--figures", type=int, default=3, help="how many figures to quote per host (default 3)")
    args = ap.parse_args(argv)
    df = hosts(load(args.path), args.figures)
    show(df, "no host with an alliance in this graph")
    if args.png and not df.empty:
        chart(df, args.png)


if __name__ == "__main__":
    main()
