"""Stage 9a: the merged graph as RDF triples, and Turtle written deterministically.

The graph's triples are spelt out in one place, :func:`ntriples`, as N-Triples lines in
no particular order. Sorted and deduplicated they are :func:`to_triples`. For the build,
:func:`write_graph` sorts them in bounded memory (sorted runs spilled to temporary files
and merged, as ``sort(1)`` does) and hands them to Oxigraph's Turtle serialiser a block of
whole subjects at a time, so millions of triples never sit in memory as term objects.
Sorting N-Triples lines gives the same order as sorting the terms' N-Triples forms
``(subject, predicate, object)``: every term ends in ``>``, ``"`` or a language tag, and
the space after it sorts before anything that can continue a term. Files are written to a
temporary name and renamed, so a killed build leaves the old one.
"""

from __future__ import annotations

import heapq
import itertools
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .ids import entity_path, node_iri, node_path
from .resolve import Resolved
from .vocab import CKG, DCTERMS, PREFIXES, PROV, RDF, RDFS, SKOS, XSD, ID

__all__ = ["ntriples", "to_triples", "write_graph", "write_turtle", "atomic_write", "article_iri"]

_ID = str(ID)
_SUBJECT = f"<{_ID}"
_NT = ox.RdfFormat.N_TRIPLES
_XSD_INT = f"^^<{XSD.integer}>"
_XSD_DEC, _XSD_DATE = ox.NamedNode(str(XSD.decimal)), ox.NamedNode(str(XSD.date))


# text that N-Triples writes as it is; anything else is quoted by Oxigraph itself
_PLAIN = re.compile(r'[\x00-\x1f"\\\x7f]')


def _zh(text: str) -> str:
    return str(ox.Literal(text, language="zh")) if _PLAIN.search(text) else f'"{text}"@zh'


def _lit(text: str) -> str:
    return str(ox.Literal(text)) if _PLAIN.search(text) else f'"{text}"'


def _int(n: int) -> str:
    return f'"{int(n)}"{_XSD_INT}'


def article_iri(story_id: str) -> ox.NamedNode:
    return ox.NamedNode(str(node_iri("article", story_id)))


def ntriples(g: Resolved, entity_paths: Mapping[tuple[str, str], str] | None = None) -> Iterator[str]:
    """Every triple of ``g`` as an N-Triples line without the closing `` .``; unsorted, may repeat.

    ``entity_paths`` maps entity keys to :func:`graph.ids.entity_path` (precomputed by the
    build, which keeps them between runs); missing keys are computed here.
    """
    paths = entity_paths if entity_paths is not None else {}

    def ent(key) -> str:
        p = paths.get(key)
        return _ID + (p if p is not None else entity_path(*key))

    def t(term) -> str:
        return f"<{term}>"

    type_, label, alt, mentioned = t(RDF.type), t(RDFS.label), t(SKOS.altLabel), t(CKG.mentionedIn)
    article, evidence_cls = t(CKG.Article), t(CKG.Evidence)
    source, index, title, creator, date, encoding = (t(DCTERMS.source), t(CKG.storyIndex), t(DCTERMS.title),
                                                     t(DCTERMS.creator), t(DCTERMS.date), t(CKG.encoding))
    r_subject, r_predicate, r_object, derived = t(RDF.subject), t(RDF.predicate), t(RDF.object), t(PROV.wasDerivedFrom)
    quote, start, end, rule = t(CKG.quote), t(CKG.charStart), t(CKG.charEnd), t(CKG.rule)
    party = t(CKG.PartyOrganization)
    classes: dict[str, str] = {}
    articles: dict[str, str] = {}

    def art(story_id: str) -> str:
        a = articles.get(story_id)
        if a is None:
            a = articles[story_id] = f"<{_ID}{node_path('article', story_id)}>"
        return a

    for st in g.stories:
        a = art(st.id)
        yield f"{a} {type_} {article}"
        yield f"{a} {source} {_lit(st.source)}"
        yield f"{a} {index} {_int(st.index)}"
        if st.title:
            yield f"{a} {title} {_zh(st.title)}"
        if st.creator:
            yield f"{a} {creator} {_zh(st.creator)}"
        if st.date:
            yield f"{a} {date} {ox.Literal(st.date, datatype=_XSD_DATE)}"
        if st.encoding:
            yield f"{a} {encoding} {_lit(st.encoding)}"
    for key, e in g.entities.items():
        s = f"<{ent(key)}>"
        cls = classes.get(e.type)
        if cls is None:
            cls = classes[e.type] = t(CKG[e.type])
        yield f"{s} {type_} {cls}"
        if e.type == "Alliance" and e.label.endswith(("党委", "党总支")):
            yield f"{s} {type_} {party}"
        yield f"{s} {label} {_zh(e.label)}"
        for al in e.aliases:
            yield f"{s} {alt} {_zh(al)}"
        for sid in e.stories:
            yield f"{s} {mentioned} {art(sid)}"

    def evidence(s: str, p: str, o: str, ev) -> Iterator[str]:
        n = f"<{_ID}{node_path('evidence', s, p, o, ev.story, ev.start, ev.end, ev.rule)}>"
        yield f"{n} {type_} {evidence_cls}"
        yield f"{n} {r_subject} <{s}>"
        yield f"{n} {r_predicate} <{p}>"
        yield f"{n} {r_object} <{o}>"
        yield f"{n} {derived} {art(ev.story)}"
        yield f"{n} {quote} {_lit(ev.quote)}"
        yield f"{n} {start} {_int(ev.start)}"
        yield f"{n} {end} {_int(ev.end)}"
        yield f"{n} {rule} {_lit(ev.rule)}"

    predicates: dict[str, str] = {}
    for rel in g.relations:
        s, o = ent(rel.subject), ent(rel.object)
        p = predicates.get(rel.predicate)
        if p is None:
            p = predicates[rel.predicate] = str(CKG[rel.predicate])
        for a, b in ([(s, o), (o, s)] if rel.predicate == "partnerOf" else [(s, o)]):
            yield f"<{a}> <{p}> <{b}>"
            for ev in rel.evidence:
                yield from evidence(a, p, b, ev)
    has_obs = str(CKG.hasObservation)
    obs_cls, indicator, value, unit = t(CKG.Observation), t(CKG.indicator), t(CKG.value), t(CKG.unit)
    growth, period = t(CKG.growthRate), t(CKG.period)
    for fig in g.figures:
        ev = fig.evidence
        n = _ID + node_path("observation", fig.subject, fig.indicator, fig.value, fig.unit, ev.story, ev.start)
        s = ent(fig.subject)
        yield f"<{n}> {type_} {obs_cls}"
        yield f"<{n}> {indicator} {_zh(fig.indicator)}"
        if fig.value is not None:
            yield f"<{n}> {value} {ox.Literal(fig.value, datatype=_XSD_DEC)}"
        yield f"<{n}> {unit} {_zh(fig.unit)}"
        if fig.growth is not None:
            yield f"<{n}> {growth} {ox.Literal(fig.growth, datatype=_XSD_DEC)}"
        if fig.period:
            yield f"<{n}> {period} {_zh(fig.period)}"
        yield f"<{n}> {derived} {art(ev.story)}"
        yield f"<{n}> {quote} {_lit(ev.quote)}"
        yield f"<{s}> <{has_obs}> <{n}>"
        yield from evidence(s, has_obs, n, ev)
    holds, post_cls, post_in, post_title = t(CKG.holdsPost), t(CKG.Post), t(CKG.postIn), t(CKG.title)
    for post in g.posts:
        n = f"<{_ID}{node_path('post', post.person, post.org, post.title)}>"
        yield f"<{ent(post.person)}> {holds} {n}"
        yield f"{n} {type_} {post_cls}"
        yield f"{n} {post_in} <{ent(post.org)}>"
        yield f"{n} {post_title} {_zh(post.title)}"


def _parse(lines: Iterable[str], block: int = 20000) -> Iterator[ox.Triple]:
    """N-Triples lines (without `` .``) back into Oxigraph triples, a block at a time."""
    it = iter(lines)
    while chunk := list(itertools.islice(it, block)):
        yield from ox.parse(_nt(chunk), format=_NT)


def _nt(lines: list[str]) -> bytes:
    return (" .\n".join(lines) + " .\n").encode("utf-8")


def to_triples(g: Resolved) -> list[ox.Triple]:
    """All triples of the graph, sorted."""
    return list(_parse(sorted(set(ntriples(g)))))


def _sorted_lines(lines: Iterable[str], folder: Path, run: int) -> Iterator[bytes]:
    """Sort N-Triples lines in bounded memory: runs of ``run`` lines are sorted and spilled
    to files in ``folder``, then merged (repeats remain, next to each other).

    Every subject is a resource under ``id:``; the lines are kept without that common
    ``<https://w3id.org/chainkg/id/`` and with their `` .\n``, as UTF-8 (the same order
    as the text's code points, compared by ``memcmp``).
    """
    cut = len(_SUBJECT)
    runs: list[Path] = []
    buf: list[bytes] = []
    for line in lines:
        if not line.startswith(_SUBJECT):
            raise ValueError(f"subject outside id: in {line[:80]!r}")
        buf.append((line[cut:] + " .\n").encode("utf-8"))
        if len(buf) >= run:
            runs.append(_spill(buf, folder / f"run-{len(runs):05d}.nt"))
            buf = []
    if not runs:
        buf.sort()
        yield from buf
        return
    if buf:
        runs.append(_spill(buf, folder / f"run-{len(runs):05d}.nt"))
    del buf
    files = [open(p, "rb") for p in runs]
    try:
        yield from heapq.merge(*files)
    finally:
        for fh in files:
            fh.close()


def _spill(buf: list[bytes], path: Path) -> Path:
    buf.sort()
    with open(path, "wb") as fh:
        fh.writelines(buf)
    buf.clear()
    return path


def _subject_blocks(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    """Sorted lines in blocks of about ``size``, never splitting one subject's lines."""
    chunk: list[bytes] = []
    subject = None
    for line in lines:
        if subject is not None and not line.startswith(subject):
            yield chunk
            chunk, subject = [], None
        chunk.append(line)
        if subject is None and len(chunk) >= size:
            subject = line[:line.index(b" ") + 1]
    if chunk:
        yield chunk


def _write_blocks(lines: Iterable[bytes], fh, size: int = 50000) -> int:
    """Turtle of sorted lines, serialised by Oxigraph a block of whole subjects at a time.

    Oxigraph closes each subject's statement before the next one starts, so the blocks'
    outputs joined (with the prefix header once) are the serialisation of all the triples.
    """
    header = None
    count = 0
    subject = _SUBJECT.encode("ascii")
    for chunk in _subject_blocks(lines, size):
        unique = list(dict.fromkeys(chunk))  # repeats are adjacent and never cross a block
        count += len(unique)
        data = ox.serialize(ox.parse(subject + subject.join(unique), format=_NT), format=ox.RdfFormat.TURTLE,
                            prefixes=PREFIXES)
        if header is None:
            end = 0
            while data.startswith(b"@prefix ", end):
                end = data.index(b"\n", end) + 1
            header = data[:end]
            fh.write(data)
        else:
            if not data.startswith(header):
                raise AssertionError("Oxigraph wrote another prefix header")
            fh.write(memoryview(data)[len(header):])
    return count


_UMASK = os.umask(0o022)
os.umask(_UMASK)


@contextmanager
def atomic_file(path: Path):
    """A binary file handle whose contents replace ``path`` only once the block completes:
    written to a temporary file in the same folder, synced, then renamed over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes files private; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_graph(g: Resolved, path: Path, entity_paths: Mapping[tuple[str, str], str] | None = None,
                run: int = 1_000_000) -> int:
    """Write ``g`` as sorted Turtle to ``path`` in bounded memory; returns the number of triples.

    The same bytes as ``write_turtle(to_triples(g), path)``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".sort-", dir=path.parent) as tmp, atomic_file(path) as fh:
        return _write_blocks(_sorted_lines(ntriples(g, entity_paths), Path(tmp), run), fh)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    with atomic_file(path) as fh:
        fh.write(data)


def write_turtle(triples: list[ox.Triple], path: Path) -> None:
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    atomic_write(path, data)
