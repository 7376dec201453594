"""Query output formats and graph statistics for the CLI."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from .api import _HEADER, KnowledgeGraph
from .vocab import PREFIXES

__all__ = ["run_query", "stats_text"]


def run_query(kg: KnowledgeGraph, sparql: str, fmt: str) -> str:
    """The result of ``sparql`` on ``kg`` as text: an aligned table, csv, tsv or SPARQL results JSON.

    A syntax error raises SyntaxError with the line and column in ``sparql`` (not counting
    the PREFIX lines added in front) and the offending line marked.
    """
    try:
        result = kg.store.query(_HEADER + sparql)
    except SyntaxError as exc:
        raise SyntaxError(_position(str(exc), sparql)) from None
    if isinstance(result, ox.QueryBoolean):
        return json.dumps({"head": {}, "boolean": bool(result)}) if fmt == "json" else str(bool(result)).lower()
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=ox.RdfFormat.TURTLE).decode("utf-8").rstrip("\n")
    if fmt == "json":
        return result.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8")
    names = [v.value for v in result.variables]
    rows = [[("" if row[n] is None else row[n].value) for n in names] for row in result]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(names)
        w.writerows(rows)
        return buf.getvalue().rstrip("\n")
    return _table(names, rows)


def _position(message: str, sparql: str, header_lines: int = len(_HEADER.splitlines())) -> str:
    """Report the line and column in the user's query, not counting the prefixes we add.

    >>> print(_position("error at 11:5: expected one of ABS, AVG", "SELECT ?x\\nWHERE { ?x ?y }"))
    line 2, column 5: expected one of ABS, AVG
      WHERE { ?x ?y }
          ^
    """
    import re

    m = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not m:
        return re.sub(r"(line )(\d+)", lambda g: f"{g.group(1)}{int(g.group(2)) - header_lines}", message)
    line, col, detail = int(m.group(1)) - header_lines, int(m.group(2)), " ".join(m.group(3).split())
    if "Prefix not found" in detail:
        detail = "unknown prefix (declared: " + ", ".join(f"{k}:" for k in PREFIXES) + ")"
    elif len(detail) > 160:
        detail = detail[:157] + "..."
    out = f"line {line}, column {col}: {detail}"
    lines = sparql.splitlines()
    if 1 <= line <= len(lines):
        text = lines[line - 1]
        out += f"\n  {text}\n  {' ' * _width(text[:max(col - 1, 0)])}^"
    return out


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _table(names, rows) -> str:
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(names), line(["-" * w for w in widths])] + [line(r) for r in rows] + [f"({len(rows)} rows)"])


def stats_text(kg: KnowledgeGraph, top: int = 10) -> str:
    out = ["classes:"]
    for t, n in kg.query("SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY DESC(?n) ?t"):
        out.append(f"  {t.rsplit('#', 1)[-1]:<22} {n}")
    out.append("relations:")
    from .vocab import RELATIONS

    vals = " ".join(f"ckg:{r}" for r in RELATIONS)
    for p, n in kg.query(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {vals} }} ?s ?p ?o }} GROUP BY ?p ORDER BY DESC(?n) ?p"):
        out.append(f"  {p.rsplit('#', 1)[-1]:<22} {n}")
    out.append(f"top {top} entities by degree:")
    rows = kg.query(f"""SELECT ?l ?t (COUNT(*) AS ?d) WHERE {{ VALUES ?p {{ {vals} }}
        {{ ?e ?p ?x }} UNION {{ ?x ?p ?e }} ?e rdfs:label ?l ; a ?t . FILTER(?t != ckg:PartyOrganization || NOT EXISTS {{ ?e a ckg:Alliance }}) }}
        GROUP BY ?l ?t ORDER BY DESC(?d) ?l LIMIT {top}""")
    for label, t, d in rows:
        out.append(f"  {d:>4}  {label} ({t.rsplit('#', 1)[-1]})")
    return "\n".join(out)
