"""Timeline: articles per period by their dcterms:date, with what they mention.

Only articles whose text gives a date carry dcterms:date; the others are counted as
undated. Periods are days, months (default) or years.

    python scripts/timeline.py out [--by month|day|year] [--png timeline.png]
"""

from __future__ import annotations

import sys

import pandas as pd

from _common import load, parser, pyplot, save, show

ARTICLES = """
SELECT ?art ?date ?source ?title
       (COUNT(DISTINCT ?alliance) AS ?alliances) (COUNT(DISTINCT ?firm) AS ?firms) WHERE {
  ?art a ckg:Article ; dcterms:source ?source .
  OPTIONAL { ?art dcterms:date ?date }
  OPTIONAL { ?art dcterms:title ?title }
  OPTIONAL { ?alliance a ckg:Alliance ; ckg:mentionedIn ?art }
  OPTIONAL { ?firm a ckg:Firm ; ckg:mentionedIn ?art }
} GROUP BY ?art ?date ?source ?title
"""
CUT = {"day": 10, "month": 7, "year": 4}


def timeline(kg, by: str = "month") -> tuple[pd.DataFrame, int]:
    """Rows per period (articles, alliances and firms mentioned, titles) and the undated count."""
    rows = kg.query(ARTICLES)
    dated = [r for r in rows if r[1]]
    periods: dict[str, dict] = {}
    for _, date, source, title, alliances, firms in sorted(dated, key=lambda r: (str(r[1]), r[2])):
        p = periods.setdefault(str(date)[:CUT[by]], {"articles": 0, "alliances": 0, "firms": 0, "titles": []})
        p["articles"] += 1
        p["alliances"] += alliances
        p["firms"] += firms
        p["titles"].append(title or source)
    df = pd.DataFrame([{by: k, "articles": v["articles"], "alliance mentions": v["alliances"],
                        "firm mentions": v["firms"], "titles": " | ".join(v["titles"])} for k, v in periods.items()],
                      columns=[by, "articles", "alliance mentions", "firm mentions", "titles"])
    return df.sort_values(by, ignore_index=True), len(rows) - len(dated)


def chart(df: pd.DataFrame, by: str, path: str) -> None:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(max(6, 0.5 * len(df) + 2), 4))
    ax.bar(df[by], df["articles"], color="#2b7bb9")
    ax.set_ylabel("articles")
    ax.set_title(f"Articles per {by}")
    ax.tick_params(axis="x", rotation=45)
    save(fig, path)


def main(argv=None) -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--by", choices=sorted(CUT), default="month", help="period length (default month)")
    args = ap.parse_args(argv)
    df, undated = timeline(load(args.path), args.by)
    show(df, "no dated articles in this graph")
    print(f"({len(df)} {args.by}s with {int(df['articles'].sum()) if len(df) else 0} dated articles; {undated} undated)",
          file=sys.stderr)
    if args.png and not df.empty:
        chart(df, args.by, args.png)


if __name__ == "__main__":
    main()
