"""The Python API for scripted analysis: ``graph.load(path)``.

Example (after ``chainkg build seeds --out out``)::

    import graph
    kg = graph.load("out")
    kg.query("SELECT ?l WHERE { ?a a ckg:Alliance ; rdfs:label ?l }")
    G = kg.to_networkx()          # MultiDiGraph, edge keys are properties
    kg.entities(), kg.relations() # pandas DataFrames
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .vocab import CKG, PREFIXES, RDF, RDFS, SKOS

__all__ = ["KnowledgeGraph", "load"]

_HEADER = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def _ttl_path(path: Path) -> Path:
    path = Path(path)
    return path / "graph.ttl" if path.is_dir() else path


class KnowledgeGraph:
    """A built graph: query it with SPARQL, or turn it into NetworkX or pandas."""

    def __init__(self, path: Path):
        self.path = _ttl_path(path)
        self.store = ox.Store()
        with open(self.path, "rb") as fh:
            self.store.bulk_load(fh, format=ox.RdfFormat.TURTLE)
        self._rdf = None

    @property
    def rdf(self):
        """The graph as an rdflib Graph (parsed on first use)."""
        if self._rdf is None:
            import rdflib

            self._rdf = rdflib.Graph().parse(self.path, format="turtle")
        return self._rdf

    def query(self, sparql: str) -> list[tuple]:
        """Run a SELECT (rows of Python values) or ASK (bool); the usual prefixes are declared."""
        result = self.store.query(_HEADER + sparql)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [tuple(_py(row[n]) for n in names) for row in result]
        return [(_py(t.subject), _py(t.predicate), _py(t.object)) for t in result]

    def to_networkx(self):
        """A MultiDiGraph of entities: nodes carry label, type and aliases; edge keys are properties."""
        import networkx as nx

        from .vocab import RELATIONS

        G = nx.MultiDiGraph()
        ents = self.query("""SELECT ?e ?t ?l WHERE { ?e a ?t ; rdfs:label ?l . FILTER(STRSTARTS(STR(?t), STR(ckg:))) }""")
        for e, t, label in ents:
            G.add_node(e, label=label, type=t.rsplit("#", 1)[-1], aliases=[])
        for e, a in self.query("SELECT ?e ?a WHERE { ?e skos:altLabel ?a }"):
            if e in G:
                G.nodes[e]["aliases"].append(a)
        rels = " ".join(f"ckg:{r}" for r in RELATIONS if r != "hasObservation")
        for s, p, o in self.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {rels} }} ?s ?p ?o }}"):
            G.add_edge(s, o, key=p.rsplit("#", 1)[-1], property=p.rsplit("#", 1)[-1])
        for n in G.nodes:
            G.nodes[n]["aliases"] = sorted(G.nodes[n].get("aliases", []))
        return G

    def entities(self):
        import pandas as pd

        rows = self.query("""SELECT ?iri ?type ?label (COUNT(DISTINCT ?a) AS ?articles) WHERE {
            ?iri a ?type ; rdfs:label ?label . OPTIONAL { ?iri ckg:mentionedIn ?a }
            FILTER(STRSTARTS(STR(?type), STR(ckg:)))} GROUP BY ?iri ?type ?label ORDER BY ?type ?label""")
        df = pd.DataFrame(rows, columns=["iri", "type", "label", "articles"])
        df["type"] = df["type"].str.rsplit("#", n=1).str[-1]
        return df

    def relations(self):
        import pandas as pd

        from .vocab import RELATIONS

        rels = " ".join(f"ckg:{r}" for r in RELATIONS if r != "hasObservation")
        rows = self.query(f"""SELECT ?s ?sl ?p ?o ?ol WHERE {{ VALUES ?p {{ {rels} }} ?s ?p ?o .
            ?s rdfs:label ?sl . ?o rdfs:label ?ol }} ORDER BY ?sl ?p ?ol""")
        df = pd.DataFrame(rows, columns=["subject", "subject_label", "property", "object", "object_label"])
        df["property"] = df["property"].str.rsplit("#", n=1).str[-1]
        return df

    def evidence(self, entity: str):
        """Every fact about an entity (IRI or label) with its sentence, article and rule."""
        import pandas as pd

        iri = entity if entity.startswith("http") else None
        where = f"BIND(<{iri}> AS ?e)" if iri else f'?e rdfs:label|skos:altLabel "{_esc(entity)}"@zh .'
        rows = self.query(f"""SELECT DISTINCT ?s ?p ?o ?quote ?rule ?source WHERE {{ {where}
            ?ev a ckg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ckg:quote ?quote ;
                ckg:rule ?rule ; prov:wasDerivedFrom ?art . ?art dcterms:source ?source .
            FILTER(?s = ?e || ?o = ?e) }} ORDER BY ?p ?o""")
        return pd.DataFrame(rows, columns=["subject", "property", "object", "quote", "rule", "source"])


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def _py(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith("#decimal"):
            from decimal import Decimal

            return Decimal(term.value)
        return term.value
    return term.value


def load(path) -> KnowledgeGraph:
    """Load a graph.ttl (or a build folder holding one)."""
    return KnowledgeGraph(Path(path))
