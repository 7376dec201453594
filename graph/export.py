"""Exports beside graph.ttl: JSON-LD, N-Triples, GraphML, GEXF and CSV tables.

RDF exports are serialised by Oxigraph from the sorted triples, so they are byte-identical
for the same graph. GraphML and GEXF hold the entity graph of
:meth:`graph.KnowledgeGraph.to_networkx` with attributes made plain (lists joined with
``|``, no None) so that Gephi, yEd and ``networkx.read_graphml``/``read_gexf`` read them;
every edge has a unique id and carries its property in ``property`` and ``label``.

Example::

    import graph
    from graph.export import export
    export(graph.load("out"), ["graphml", "csv"])   # out/graph.graphml, out/entities.csv, ...
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from .api import KnowledgeGraph
from .rdf import atomic_write
from .vocab import PREFIXES

__all__ = ["FORMATS", "export", "plain_graph"]

#: format → files it writes (beside graph.ttl)
FORMATS = {
    "jsonld": ("graph.jsonld",),
    "nt": ("graph.nt",),
    "graphml": ("graph.graphml",),
    "gexf": ("graph.gexf",),
    "csv": ("entities.csv", "relations.csv"),
}


def export(kg: KnowledgeGraph, formats, folder: Path | None = None) -> list[Path]:
    """Write each of ``formats`` (keys of FORMATS) into ``folder`` (default: beside graph.ttl)."""
    folder = Path(folder) if folder is not None else kg.path.parent
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown export format {unknown[0]!r}; known: {', '.join(FORMATS)}")
    written: list[Path] = []
    triples = G = None
    for fmt in formats:
        if fmt in ("jsonld", "nt"):
            triples = triples if triples is not None else _sorted_triples(kg)
            rdf_format = ox.RdfFormat.JSON_LD if fmt == "jsonld" else ox.RdfFormat.N_TRIPLES
            data = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)
        elif fmt in ("graphml", "gexf"):
            import networkx as nx

            G = G if G is not None else plain_graph(kg.to_networkx())
            buf = io.BytesIO()
            (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(G, buf)
            # the GEXF writer stamps today's date; drop it so that exports are byte-identical
            data = re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue())
        else:
            ents = kg.entities()
            ents["aliases"] = ents["aliases"].map("|".join)
            _write(folder / "entities.csv", ents.to_csv(index=False).encode("utf-8"), written)
            data = kg.relations().to_csv(index=False).encode("utf-8")
        _write(folder / FORMATS[fmt][-1], data, written)
    return written


def _write(path: Path, data: bytes, written: list[Path]) -> None:
    atomic_write(path, data)
    written.append(path)


def _sorted_triples(kg: KnowledgeGraph) -> list[ox.Triple]:
    quads = kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return sorted((q.triple for q in quads), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _plain(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        return "|".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def plain_graph(G):
    """A copy of a MultiDiGraph with GraphML/GEXF-safe attributes and unique edge ids.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="A", aliases=["x", "y"], note=None)
    >>> G.add_edge("a", "a", key="partnerOf", property="partnerOf")
    'partnerOf'
    >>> H = plain_graph(G)
    >>> H.nodes["a"], list(H.edges(keys=True, data=True))
    ({'label': 'A', 'aliases': 'x|y'}, [('a', 'a', 'e0', {'property': 'partnerOf', 'label': 'partnerOf'})])
    """
    import networkx as nx

    H = nx.MultiDiGraph()
    for n, data in G.nodes(data=True):
        H.add_node(n, **{k: _plain(v) for k, v in data.items() if v is not None})
    for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        attrs = {k: _plain(val) for k, val in data.items() if val is not None}
        attrs.setdefault("property", str(key))
        attrs.setdefault("label", attrs["property"])
        H.add_edge(u, v, key=f"e{i}", **attrs)
    return H
