"""The Python API for scripted analysis: ``graph.load(path)``.

A build folder keeps an Oxigraph on-disk store in ``DIR/store`` next to ``DIR/graph.ttl``,
so loading a graph does not re-parse the Turtle: the store is made once (bulk load into a
temporary folder, then a rename) and re-made only when graph.ttl changes.

Example (after ``chainkg build seeds --out out``)::

    import graph
    kg = graph.load("out")
    kg.query("SELECT ?l WHERE { ?a a ckg:Alliance ; rdfs:label ?l }")
    G = kg.to_networkx()          # MultiDiGraph, edge keys are properties
    kg.entities(), kg.relations() # pandas DataFrames
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .vocab import PREFIXES, RELATIONS

__all__ = ["KnowledgeGraph", "load", "open_store"]

_HEADER = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
_STAMP = "chainkg-source.json"
#: the entity-to-entity properties (observations are nodes of their own, not entities)
_EDGES = " ".join(f"ckg:{r}" for r in RELATIONS if r != "hasObservation")
#: an entity with several classes is shown as the first of these it has
_TYPE_ORDER = ("Alliance", "Firm", "Park", "Region", "GovernmentBody", "AcademicInstitution",
               "IndustrialChain", "Person", "Initiative", "PartyOrganization")


def _ttl_path(path: Path) -> Path:
    path = Path(path)
    return path / "graph.ttl" if path.is_dir() else path


def _source_stamp(ttl: Path) -> dict:
    st = ttl.stat()
    return {"source": ttl.name, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _store_is_current(store_dir: Path, stamp: dict) -> bool:
    try:
        return json.loads((store_dir / _STAMP).read_text(encoding="utf-8")) == stamp
    except (OSError, ValueError):
        return False


def open_store(ttl: Path, store_dir: Path | None = None) -> ox.Store:
    """An Oxigraph store holding ``ttl``: on disk in ``store_dir`` when given, else in memory.

    The on-disk store is opened read-only if it was made from the current ``ttl`` (same size
    and modification time); otherwise a new one is bulk-loaded into a temporary folder beside
    it and renamed into place, so a killed process never leaves a half store behind. If the
    folder cannot be written, the graph is loaded into memory instead. A file that is not
    Turtle raises ValueError.
    """
    ttl = Path(ttl)
    try:
        return _open_store(ttl, store_dir)
    except SyntaxError as exc:
        raise ValueError(f"{ttl} is not valid Turtle: {exc}") from None


def _open_store(ttl: Path, store_dir: Path | None) -> ox.Store:
    if store_dir is not None:
        stamp = _source_stamp(ttl)
        if _store_is_current(store_dir, stamp):
            try:
                return ox.Store.read_only(str(store_dir))
            except OSError:
                pass  # damaged: make it again
        try:
            _make_store(ttl, store_dir, stamp)
            return ox.Store.read_only(str(store_dir))
        except OSError:
            pass  # read-only folder, full disk, ...: an in-memory store still answers
    store = ox.Store()
    store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    return store


def _make_store(ttl: Path, store_dir: Path, stamp: dict) -> None:
    parent = store_dir.parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.new.", dir=parent))
    try:
        store = ox.Store(str(tmp))
        store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
        store.flush()
        del store  # closes the database before it is moved
        (tmp / _STAMP).write_text(json.dumps(stamp), encoding="utf-8")
        old = None
        if store_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.old.", dir=parent))
            os.replace(store_dir, old / "store")
        try:
            os.replace(tmp, store_dir)
        except OSError:
            # another process put a store there in the meantime: keep it if it is current
            if not _store_is_current(store_dir, stamp):
                raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class KnowledgeGraph:
    """A built graph: query it with SPARQL, or turn it into NetworkX or pandas.

    ``path`` is a build folder or a Turtle file. For a build folder (or its graph.ttl) the
    Oxigraph store is kept on disk in ``store/`` beside graph.ttl unless ``on_disk`` is False.
    """

    def __init__(self, path: Path, on_disk: bool = True):
        self.path = _ttl_path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"no graph at {self.path}")
        keep = on_disk and self.path.name == "graph.ttl"
        self.store = open_store(self.path, self.path.parent / "store" if keep else None)
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

    def _labelled(self) -> dict[str, dict]:
        """iri → {label, type, aliases} for every labelled entity, in IRI order."""
        nodes: dict[str, dict] = {}
        rows = self.query("""SELECT ?e ?t ?l WHERE { ?e a ?t ; rdfs:label ?l .
            FILTER(STRSTARTS(STR(?t), STR(ckg:))) } ORDER BY ?e ?t""")
        for e, t, label in rows:
            t = t.rsplit("#", 1)[-1]
            node = nodes.setdefault(e, {"label": label, "type": t, "aliases": []})
            if _rank(t) < _rank(node["type"]):
                node["type"] = t
        for e, a in self.query("SELECT ?e ?a WHERE { ?e skos:altLabel ?a } ORDER BY ?e ?a"):
            if e in nodes:
                nodes[e]["aliases"].append(a)
        return nodes

    def to_networkx(self):
        """A MultiDiGraph of entities: nodes carry label, type and aliases; edge keys are properties.

        Nodes are IRIs; the key and the ``property`` attribute of an edge are the local name of
        the ckg: property (``chainOwner``); partnerOf appears in both directions.
        """
        import networkx as nx

        G = nx.MultiDiGraph()
        for e, data in self._labelled().items():
            G.add_node(e, **data)
        for s, p, o in self.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_EDGES} }} ?s ?p ?o }} ORDER BY ?s ?p ?o"):
            name = p.rsplit("#", 1)[-1]
            G.add_edge(s, o, key=name, property=name)
        return G

    def entities(self):
        """One row per entity: iri, type, label, aliases (a list) and the number of articles."""
        import pandas as pd

        counts = dict(self.query("""SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {
            ?e rdfs:label ?l ; ckg:mentionedIn ?a } GROUP BY ?e"""))
        rows = [(e, d["type"], d["label"], d["aliases"], counts.get(e, 0)) for e, d in self._labelled().items()]
        df = pd.DataFrame(rows, columns=["iri", "type", "label", "aliases", "articles"])
        return df.sort_values(["type", "label", "iri"], ignore_index=True)

    def relations(self):
        """One row per entity-to-entity fact: subject, subject_label, property, object, object_label."""
        import pandas as pd

        rows = self.query(f"""SELECT ?s ?sl ?p ?o ?ol WHERE {{ VALUES ?p {{ {_EDGES} }} ?s ?p ?o .
            ?s rdfs:label ?sl . ?o rdfs:label ?ol }} ORDER BY ?sl ?p ?ol ?s ?o""")
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


def _rank(t: str) -> int:
    return _TYPE_ORDER.index(t) if t in _TYPE_ORDER else len(_TYPE_ORDER)


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


def load(path, on_disk: bool = True) -> KnowledgeGraph:
    """Load a build folder or a graph.ttl (a build folder keeps its query store in ``store/``)."""
    return KnowledgeGraph(Path(path), on_disk=on_disk)
