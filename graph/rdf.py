"""Stage 9a: the merged graph as RDF triples, and Turtle written deterministically.

Triples are built as pyoxigraph terms, sorted, and serialised by Oxigraph (fast); the
file is written to a temporary name and renamed, so a killed build leaves the old one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .ids import entity_iri, node_iri
from .resolve import Resolved
from .vocab import CKG, DCTERMS, PREFIXES, PROV, RDF, RDFS, SKOS, XSD

__all__ = ["to_triples", "write_turtle", "atomic_write", "article_iri"]

_N = ox.NamedNode
_XSD_DEC, _XSD_INT = _N(str(XSD.decimal)), _N(str(XSD.integer))


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _lit(text: str) -> ox.Literal:
    return ox.Literal(text)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_XSD_INT)


def article_iri(story_id: str) -> ox.NamedNode:
    return _N(str(node_iri("article", story_id)))


def _e(key) -> ox.NamedNode:
    return _N(str(entity_iri(*key)))


def _p(term) -> ox.NamedNode:
    return _N(str(term))


def to_triples(g: Resolved) -> list[ox.Triple]:
    """All triples of the graph, sorted."""
    T = ox.Triple
    out: list[ox.Triple] = []
    add = out.append
    type_, label, alt, mentioned = _p(RDF.type), _p(RDFS.label), _p(SKOS.altLabel), _p(CKG.mentionedIn)
    for st in g.stories:
        a = article_iri(st.id)
        add(T(a, type_, _p(CKG.Article)))
        add(T(a, _p(DCTERMS.source), _lit(st.source)))
        add(T(a, _p(CKG.storyIndex), _int(st.index)))
        if st.title:
            add(T(a, _p(DCTERMS.title), _zh(st.title)))
        if st.creator:
            add(T(a, _p(DCTERMS.creator), _zh(st.creator)))
        if st.date:
            add(T(a, _p(DCTERMS.date), ox.Literal(st.date, datatype=_N(str(XSD.date)))))
        if st.encoding:
            add(T(a, _p(CKG.encoding), _lit(st.encoding)))
    for key, ent in g.entities.items():
        s = _e(key)
        add(T(s, type_, _p(CKG[ent.type])))
        if ent.type == "Alliance" and ent.label.endswith(("党委", "党总支")):
            add(T(s, type_, _p(CKG.PartyOrganization)))
        add(T(s, label, _zh(ent.label)))
        for al in ent.aliases:
            add(T(s, alt, _zh(al)))
        for sid in ent.stories:
            add(T(s, mentioned, article_iri(sid)))

    def evidence(s, p, o, ev):
        n = _N(str(node_iri("evidence", s.value, p.value, o.value, ev.story, ev.start, ev.end, ev.rule)))
        add(T(n, type_, _p(CKG.Evidence)))
        add(T(n, _p(RDF.subject), s))
        add(T(n, _p(RDF.predicate), p))
        add(T(n, _p(RDF.object), o))
        add(T(n, _p(PROV.wasDerivedFrom), article_iri(ev.story)))
        add(T(n, _p(CKG.quote), _lit(ev.quote)))
        add(T(n, _p(CKG.charStart), _int(ev.start)))
        add(T(n, _p(CKG.charEnd), _int(ev.end)))
        add(T(n, _p(CKG.rule), _lit(ev.rule)))

    for rel in g.relations:
        s, p, o = _e(rel.subject), _p(CKG[rel.predicate]), _e(rel.object)
        pairs = [(s, o), (o, s)] if rel.predicate == "partnerOf" else [(s, o)]
        for a, b in pairs:
            add(T(a, p, b))
            for ev in rel.evidence:
                evidence(a, p, b, ev)
    for fig in g.figures:
        ev = fig.evidence
        n = _N(str(node_iri("observation", fig.subject, fig.indicator, fig.value, fig.unit, ev.story, ev.start)))
        s = _e(fig.subject)
        add(T(n, type_, _p(CKG.Observation)))
        add(T(n, _p(CKG.indicator), _zh(fig.indicator)))
        if fig.value is not None:
            add(T(n, _p(CKG.value), ox.Literal(fig.value, datatype=_XSD_DEC)))
        add(T(n, _p(CKG.unit), _zh(fig.unit)))
        if fig.growth is not None:
            add(T(n, _p(CKG.growthRate), ox.Literal(fig.growth, datatype=_XSD_DEC)))
        if fig.period:
            add(T(n, _p(CKG.period), _zh(fig.period)))
        add(T(n, _p(PROV.wasDerivedFrom), article_iri(ev.story)))
        add(T(n, _p(CKG.quote), _lit(ev.quote)))
        add(T(s, _p(CKG.hasObservation), n))
        evidence(s, _p(CKG.hasObservation), n, ev)
    for post in g.posts:
        person, org = _e(post.person), _e(post.org)
        n = _N(str(node_iri("post", post.person, post.org, post.title)))
        add(T(person, _p(CKG.holdsPost), n))
        add(T(n, type_, _p(CKG.Post)))
        add(T(n, _p(CKG.postIn), org))
        add(T(n, _p(CKG.title), _zh(post.title)))
    return sorted(set(out), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_turtle(triples: list[ox.Triple], path: Path) -> None:
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    atomic_write(path, data)
