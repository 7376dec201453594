"""Stage 9a: the merged graph as RDF triples, and Turtle written deterministically.

The graph's triples are spelt out in one place, :func:`ntriples`, as N-Triples lines in
no particular order. Sorted and deduplicated they are :func:`to_triples`. For the build,
:func:`write_graph` sorts them in bounded memory (sorted runs spilled to temporary files
and merged, as ``sort(1)`` does) and writes Turtle a block of whole subjects at a time, so
millions of triples never sit in memory as term objects. The bytes are Oxigraph's Turtle
serialisation of the sorted triples (a test holds the two together), but the common
shapes are written here directly: evidence and observation nodes as whole statements,
from templates, and other lines by :class:`_Turtle`. For 600,000 triples that takes 0.5 s
where a round trip through Oxigraph's Python term objects took 1.4 s.
Sorting N-Triples lines gives the same order as sorting the terms' N-Triples forms
``(subject, predicate, object)``: every term ends in ``>``, ``"`` or a language tag, and
the space after it sorts before anything that can continue a term. Files are written to a
temporary name and renamed, so a killed build leaves the old one.
"""

from __future__ import annotations

import heapq
import io
import itertools
import mmap
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .ids import entity_path, node_iri, node_path
from .resolve import Resolved
from .vocab import CKG, DCTERMS, PREFIXES, PROV, RDF, RDFS, SKOS, XSD, ID

__all__ = ["ntriples", "to_triples", "write_graph", "splice_graph", "write_turtle", "atomic_write", "article_iri"]

_ID = str(ID)
_ID_BYTES = _ID.encode("ascii")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_NAMESPACE = re.compile("|".join(re.escape(ns) for _, ns in _BY_LENGTH))  # the longest that fits first
_PREFIX_OF = {ns: prefix for prefix, ns in PREFIXES.items()}
_RDF_TYPE = str(RDF.type)
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


_PLAIN_STRING = re.compile(r'[^"\\\x00-\x1f\x7f]*')
_TURTLE_LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9/-]*")
_TURTLE_BARE = {str(XSD.integer): re.compile(r"[+-]?[0-9]+"), str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+")}


def _turtle_iri(iri: str) -> str | None:
    """How Oxigraph writes an IRI under one of :data:`PREFIXES` in Turtle (``None`` for any
    other IRI, or a local part of another shape than this graph's)."""
    if iri == _RDF_TYPE:
        return "a"
    ns = _NAMESPACE.match(iri)
    if ns is None:
        return None
    local = iri[ns.end():]
    return f"{_PREFIX_OF[ns.group()]}:{local.replace('/', chr(92) + '/')}" if _TURTLE_LOCAL.fullmatch(local) else None


def _node_term(path: str) -> str:
    """The Turtle form of a node IRI (:func:`graph.ids.node_path`: a kind and a hex digest)."""
    return "id:" + path.replace("/", "\\/", 1)


def _turtle_typed(lexical: str, datatype: str) -> str | None:
    """How Oxigraph writes a typed literal in Turtle: bare where Turtle has a form for it
    (an integer, a decimal with a point), else quoted with the datatype as a prefixed name."""
    bare = _TURTLE_BARE.get(datatype)
    if bare is not None and bare.fullmatch(lexical):
        return lexical
    dt = _turtle_iri(datatype)
    return f'"{lexical}"^^{dt}' if dt and dt != "a" and _PLAIN_STRING.fullmatch(lexical) else None


def _turtle_decimal(value) -> str | None:
    return _turtle_typed(str(value), str(XSD.decimal))


def _int(n: int) -> str:
    return f'"{int(n)}"{_XSD_INT}'


def article_iri(story_id: str) -> ox.NamedNode:
    return ox.NamedNode(str(node_iri("article", story_id)))


def ntriples(g: Resolved, entity_paths: Mapping[tuple[str, str], str] | None = None,
             blocks: bool = False) -> Iterator[str]:
    """Every triple of ``g`` as an N-Triples line without the closing `` .``; unsorted, may repeat.

    ``entity_paths`` maps entity keys to :func:`graph.ids.entity_path` (precomputed by the
    build, which keeps them between runs); missing keys are computed here.

    With ``blocks``, the triples of an evidence or observation node (two thirds of all
    triples; no other code gives that node a triple) come as one item instead: the node's
    subject, a space, ``\\x00`` and the node's whole Turtle statement without its closing
    `` .``, newlines written ``\\x00``. It sorts where the node's lines would, and
    :func:`_write_blocks` copies it out as it is.
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

    turtle_terms: dict[str, str | None] = {}

    def tt(iri: str) -> str | None:
        """The Turtle form of an IRI of this graph (``id:firm\\/…``, ``ckg:hasMember``)."""
        out = turtle_terms.get(iri)
        if out is None and iri not in turtle_terms:
            out = turtle_terms[iri] = _turtle_iri(iri)
        return out

    article_terms: dict[str, str] = {}
    plain_rules: dict[str, bool] = {}

    def art_term(story_id: str) -> str:
        """The Turtle form of :func:`art`'s IRI."""
        a = article_terms.get(story_id)
        if a is None:
            a = article_terms[story_id] = _node_term(node_path("article", story_id))
        return a

    def evidence(s: str, p: str, o: str, ev, o_term: str | None = None) -> Iterator[str]:
        path = node_path('evidence', s, p, o, ev.story, ev.start, ev.end, ev.rule)
        n = f"<{_ID}{path}>"
        if blocks:
            ta = art_term(ev.story)
            ok = plain_rules.get(ev.rule)
            if ok is None:
                ok = plain_rules[ev.rule] = bool(_PLAIN_STRING.fullmatch(ev.rule))
            to, tp, ts = o_term or tt(o), tt(p), tt(s)
            if ok and to and tp and ts:
                yield (f"{n} \x00{_node_term(path)} rdf:object {to} ;\x00\trdf:predicate {tp} ;\x00\trdf:subject {ts} ;"
                       f"\x00\ta ckg:Evidence ;\x00\tprov:wasDerivedFrom {ta} ;\x00\tckg:charEnd {int(ev.end)} ;"
                       f"\x00\tckg:charStart {int(ev.start)} ;\x00\tckg:quote {_lit(ev.quote)} ;\x00\tckg:rule \"{ev.rule}\"")
                return
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
        path = node_path("observation", fig.subject, fig.indicator, fig.value, fig.unit, ev.story, ev.start)
        n = _ID + path
        s = ent(fig.subject)
        tn = _node_term(path)
        yield f"<{s}> <{has_obs}> <{n}>"
        yield from evidence(s, has_obs, n, ev, tn)
        if blocks:
            ta = art_term(ev.story)
            val = _turtle_decimal(fig.value) if fig.value is not None else ""
            rate = _turtle_decimal(fig.growth) if fig.growth is not None else ""
            if val is not None and rate is not None:
                yield (f"<{n}> \x00{tn} a ckg:Observation ;\x00\tprov:wasDerivedFrom {ta} ;"
                       + (f"\x00\tckg:growthRate {rate} ;" if rate else "")
                       + f"\x00\tckg:indicator {_zh(fig.indicator)} ;"
                       + (f"\x00\tckg:period {_zh(fig.period)} ;" if fig.period else "")
                       + f"\x00\tckg:quote {_lit(ev.quote)} ;\x00\tckg:unit {_zh(fig.unit)}"
                       + (f" ;\x00\tckg:value {val}" if val else ""))
                continue
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
    """Sort N-Triples lines in bounded memory: runs of ``run`` bytes of lines are sorted and
    spilled to files in ``folder``, then merged (repeats remain, next to each other).

    Every subject is a resource under ``id:``; the lines are kept without that common
    ``<https://w3id.org/chainkg/id/`` and with their `` .\n``, as UTF-8 (the same order
    as the text's code points, compared by ``memcmp``).
    """
    runs: list[Path] = []
    buf: list[bytes] = []
    size = 0
    for line in lines:
        item = _item(line)
        buf.append(item)
        size += len(item)
        if size >= run:
            runs.append(_spill(buf, folder / f"run-{len(runs):05d}.nt"))
            buf, size = [], 0
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


def _item(line: str) -> bytes:
    """An N-Triples line as the sorted items hold it: without the common subject start, with
    its `` .\n``, as UTF-8."""
    if not line.startswith(_SUBJECT):
        raise ValueError(f"subject outside id: in {line[:80]!r}")
    return (line[len(_SUBJECT):] + " .\n").encode("utf-8")


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
    """Turtle of sorted lines and node statements, a block of whole subjects at a time;
    returns the number of triples.

    Oxigraph's serialiser is the reference: every subject's statement is closed before the
    next one starts, so the blocks' outputs joined (with the prefix header once) are the
    serialisation of all the triples. Node statements (see :func:`ntriples`) are already in
    its layout; runs of lines whose terms all have the shapes this graph uses are written
    by :class:`_Turtle` in the same bytes, faster than a round trip through Oxigraph's term
    objects; any other run goes through Oxigraph.
    """
    header = _prefix_header()
    fh.write(header)
    count = 0
    fast = _Turtle()
    for chunk in _subject_blocks(lines, size):
        run: list[bytes] = []
        for item in _merge_statements(list(dict.fromkeys(chunk))):  # repeats are adjacent
            if item[item.index(b"> ") + 2] != 0:
                run.append(item)
                continue
            if run:
                count += _write_lines(run, fh, fast, header)
                run = []
            body = item[item.index(b"\x00") + 1:]
            fh.write(body.replace(b"\x00", b"\n"))
            count += body.count(b" ;\x00\t") + 1
        if run:
            count += _write_lines(run, fh, fast, header)
    return count


def _write_lines(run: list[bytes], fh, fast: "_Turtle", header: bytes) -> int:
    data = fast.block(run)
    if data is None:
        data = _oxigraph_turtle(run)
        if not data.startswith(header):
            raise AssertionError("Oxigraph wrote another prefix header")
        data = memoryview(data)[len(header):]
    fh.write(data)
    return len(run)


def _merge_statements(items: list[bytes]) -> list[bytes]:
    """Two different statements of one node (two figures the same but for growth or period)
    become that node's lines, as Oxigraph reads them back, so the node gets one statement."""
    subjects = [item[:item.index(b"> ")] if item[item.index(b"> ") + 2] == 0 else None for item in items]
    if all(a is None or a != b for a, b in zip(subjects, subjects[1:])):
        return items
    out: list[bytes] = []
    for subject, group in itertools.groupby(zip(subjects, items), key=lambda x: x[0]):
        group = [item for _, item in group]
        if subject is None or len(group) == 1:
            out += group
            continue
        found = set()
        for item in group:
            found |= _turtle_lines(item[item.index(b"\x00") + 1:].replace(b"\x00", b"\n"))
        out += sorted(found)
    return out


def _turtle_lines(statements: bytes) -> set[bytes]:
    """Turtle statements (without the prefix header) read back as sorted lines' items."""
    return {_item(str(t)) for t in ox.parse(_prefix_header() + statements, format=ox.RdfFormat.TURTLE)}


@lru_cache(maxsize=1)
def _prefix_header() -> bytes:
    """The ``@prefix`` lines Oxigraph starts its Turtle with (in its own order)."""
    data = _oxigraph_turtle([b'x> <' + str(RDFS.label).encode() + b'> "x" .\n'])
    end = 0
    while data.startswith(b"@prefix ", end):
        end = data.index(b"\n", end) + 1
    return data[:end]


def _oxigraph_turtle(lines: list[bytes]) -> bytes:
    """Oxigraph's Turtle of sorted lines (without the common subject start), header included."""
    subject = _SUBJECT.encode("ascii")
    data = subject + subject.join(lines) if lines else b""
    return ox.serialize(ox.parse(data, format=_NT), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


_MEMO_MAX = 50_000  # terms remembered by a _Turtle before it starts again (a million IRIs at 100,000 articles)


class _Turtle:
    """Oxigraph's Turtle layout for the term shapes :func:`ntriples` writes.

    One statement per subject; ``;`` and a tab between predicates, `` , `` between the
    objects of a predicate; ``a`` for ``rdf:type``; IRIs under a prefix as prefixed names
    (``/`` escaped); integers and decimals that Turtle has a bare form for written bare;
    string literals copied as they are (N-Triples and Turtle escape them alike). A term of
    any other shape makes :meth:`block` give up (``None``), and the caller asks Oxigraph.
    """

    def __init__(self):
        self.iris: dict[bytes, bytes | None] = {}
        self.literals: dict[bytes, bytes | None] = {}

    def iri(self, iri: bytes) -> bytes | None:
        """``ckg:Firm`` for ``https://w3id.org/chainkg/ontology#Firm`` (no angle brackets)."""
        out = self.iris.get(iri)
        if out is None and iri not in self.iris:
            if len(self.iris) > _MEMO_MAX:
                self.iris.clear()
            term = _turtle_iri(iri.decode("utf-8"))
            out = self.iris[iri] = term.encode("utf-8") if term else None
        return out

    def typed(self, term: bytes) -> bytes | None:
        """``5`` for ``"5"^^<…#integer>``, ``"2024-01-01"^^xsd:date`` for a date."""
        out = self.literals.get(term)
        if out is None and term not in self.literals:
            if len(self.literals) > _MEMO_MAX:
                self.literals.clear()
            cut = term.rfind(b'"^^<')
            typed = _turtle_typed(term[1:cut].decode("utf-8"), term[cut + 4:-1].decode("utf-8")) if cut > 0 else None
            out = self.literals[term] = typed.encode("utf-8") if typed else None
        return out

    def block(self, lines: list[bytes]) -> bytes | None:
        out: list[bytes] = []
        subject = pred = None
        iris, literals = self.iris, self.literals
        for line in lines:
            s, p, o = line.split(b"> ", 2)
            o = o[:-3]
            if o[-1] != 62:  # a string, plain or with a language tag: the same in both syntaxes
                pass
            elif o[0] == 60:
                o = iris.get(o[1:-1]) or self.iri(o[1:-1])
            else:
                o = literals.get(o) or self.typed(o)
            if o is None:
                return None
            if s != subject:
                term = iris.get(_ID_BYTES + s) or self.iri(_ID_BYTES + s)
                if term is None:
                    return None
                if subject is not None:
                    out.append(b" .\n")
                out += (term, b" ")
                subject, pred = s, None
            if p != pred:
                term = iris.get(p[1:]) or self.iri(p[1:])
                if term is None:
                    return None
                out += (b" ;\n\t", term, b" ", o) if pred is not None else (term, b" ", o)
                pred = p
            else:
                out += (b" , ", o)
        if subject is not None:
            out.append(b" .\n")
        return b"".join(out)


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
                run: int = 64 << 20) -> int:
    """Write ``g`` as sorted Turtle to ``path`` in bounded memory (sorted runs of ``run``
    bytes of lines); returns the number of triples.

    The same bytes as ``write_turtle(to_triples(g), path)``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".sort-", dir=path.parent) as tmp, atomic_file(path) as fh:
        return _write_blocks(_sorted_lines(ntriples(g, entity_paths, blocks=True), Path(tmp), run), fh)


def splice_graph(path: Path, new: Resolved, entity_paths: Mapping[tuple[str, str], str] | None,
                 triples: int, gone: Resolved | None = None) -> int:
    """Add the triples of ``new`` to the graph.ttl at ``path`` (written by :func:`write_graph`,
    holding ``triples`` triples) and take out those of ``gone``; returns the new count.

    Only the statements of the subjects ``new`` or ``gone`` has triples for are written
    again: each is found by bisecting the file (statements are in subject order, one per
    subject), read back, less the triples of ``gone``, joined with those of ``new`` and
    written like :func:`write_graph` writes it (or left out, if nothing is left); the bytes
    between them are copied. So the file is the one :func:`write_graph` writes for the
    whole graph, if the whole graph is the old one less ``gone`` plus ``new``. Raises
    ``ValueError`` if the file is not one :func:`write_graph` wrote.
    """
    path = Path(path)
    header = _prefix_header()

    def by_subject(g: Resolved | None) -> dict[bytes, set[bytes]]:
        found: dict[bytes, set[bytes]] = {}
        for line in ntriples(g, entity_paths) if g is not None else ():
            item = _item(line)
            found.setdefault(item[:item.index(b"> ") + 2], set()).add(item)
        return found

    added, removed = by_subject(new), by_subject(gone)
    # the old file is mapped, not read: the subjects are found by bisecting it, and the bytes
    # between them are copied a block at a time, so a graph.ttl of gigabytes costs no memory
    with atomic_file(path) as fh, open(path, "rb") as src:
        if os.pread(src.fileno(), len(header), 0) != header:  # (so the file is not empty either: it can be mapped)
            raise ValueError(f"{path} does not start with the prefix header")
        with mmap.mmap(src.fileno(), 0, access=mmap.ACCESS_READ) as data:
            statements = _Statements(data, len(header))
            fast = _Turtle()
            out = io.BytesIO()
            at = len(header)
            pieces: list[bytes | tuple[int, int]] = [header]  # new bytes, or a range of the old file
            for subject in sorted(added.keys() | removed.keys()):
                start = statements.find(subject, at)
                end = start
                lines = added.get(subject, set())
                if start < len(data) and statements.subject(start) == subject:
                    end = statements.next(start + 1)
                    old = _turtle_lines(data[start:end])
                    triples -= len(old)
                    lines = lines | (old - removed.get(subject, set()))
                pieces.append((at, start))
                if lines:
                    out.seek(0)
                    out.truncate()
                    triples += _write_lines(sorted(lines), out, fast, header)
                    pieces.append(out.getvalue())
                at = end
            pieces.append((at, len(data)))
        for piece in pieces:
            if isinstance(piece, bytes):
                fh.write(piece)
                continue
            at, end = piece
            while at < end:
                block = os.pread(src.fileno(), min(end - at, 1 << 20), at)
                if not block:
                    raise ValueError(f"{path} changed while it was spliced")
                fh.write(block)
                at += len(block)
    return triples


class _Statements:
    """Find subjects' statements in Turtle written by :func:`write_graph`: a statement
    starts at a line that does not start with a tab, and they are in subject order."""

    def __init__(self, data: bytes, first: int):
        self.data, self.first = data, first

    def next(self, at: int) -> int:
        """Where the first statement at or after ``at`` starts (the end of the data if none)."""
        data = self.data
        at = max(at, self.first)
        while True:
            nl = data.find(b"\n", at - 1)
            if nl < 0 or nl + 1 >= len(data):
                return len(data)
            if data[nl + 1] != 9:
                return nl + 1
            at = nl + 2

    def subject(self, at: int) -> bytes:
        """The statement's subject as sorted lines start: the IRI after ``id:``, then ``> ``."""
        space = self.data.find(b" ", at)
        if space < 0:
            raise ValueError("a statement without a subject")
        term = self.data[at:space]
        if term.startswith(b"id:"):
            return term[3:].replace(b"\\", b"") + b"> "
        if term.startswith(b"<" + _ID_BYTES) and term.endswith(b">"):
            return term[1 + len(_ID_BYTES):-1] + b"> "
        raise ValueError(f"unexpected subject {term[:80]!r}")

    def find(self, subject: bytes, lo: int) -> int:
        """The start of the first statement at or after ``lo`` whose subject is not before ``subject``."""
        hi = len(self.data)
        while lo < hi:
            mid = (lo + hi) // 2
            at = self.next(mid)
            if at == len(self.data) or self.subject(at) >= subject:
                hi = mid
            else:
                lo = at + 1
        return self.next(lo)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    with atomic_file(path) as fh:
        fh.write(data)


def write_turtle(triples: list[ox.Triple], path: Path) -> None:
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    atomic_write(path, data)
