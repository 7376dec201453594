"""The last build's merge, kept in ``OUT/.cache`` so that a build which only adds files
merges just those (:func:`graph.resolve.extend`) and rewrites only the changed subjects of
graph.ttl (:func:`graph.rdf.splice_graph`).

The state is written with :mod:`marshal` (plain tuples, strings and numbers: loading it
cannot run code, and it loads in a fraction of the time JSON takes), in chunks so that
writing it never holds a second copy of the whole graph. Each chunk is written with its
length and read back whole: ``marshal.load`` on a file calls the file's ``readinto``
for every object, which makes it five times slower than ``marshal.loads`` on the same
bytes. A small JSON file beside it says
which cached records it merged and which graph.ttl it belongs to (size, modification time,
inode): the build removes that file before it writes anything and writes it last, so a
build killed halfway leaves no state that a later build could trust. The state is keyed
by a fingerprint of the program's own source and the versions of the libraries that
shape the output, so any change of code means a whole merge.
"""

from __future__ import annotations

import json
import marshal
import os
import struct
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from .records import Evidence, Figure, Post, Problem, StoryHead
from .resolve import Entity, Merged, Relation, Resolved, _assemble

__all__ = ["fingerprint", "temporary", "save", "seal", "invalidate", "known_records", "load", "page_stamp", "problems",
           "Sealed"]

_CHUNK = 20_000
_MARSHAL = 4
_LENGTH = struct.Struct("<Q")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Of this program's source and the libraries that shape the output."""
    from .build import code_fingerprint

    modules = sorted(path.stem for path in Path(__file__).parent.glob("*.py"))
    return code_fingerprint(modules, ("pyoxigraph", "pypinyin", "jieba"), 16)


def _paths(cache_dir: Path) -> tuple[Path, Path]:
    return cache_dir / f"merged-{fingerprint()}.bin", cache_dir / f"merged-{fingerprint()}.json"


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def invalidate(cache_dir: Path) -> None:
    """Forget the state (before any output is rewritten)."""
    for old in cache_dir.glob("merged-*.json"):
        old.unlink(missing_ok=True)


def _ev(e: Evidence) -> tuple:
    return (e.story, e.start, e.end, e.quote, e.rule)


def _chunks(items, size: int = _CHUNK):
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def temporary(cache_dir: Path) -> Path:
    """Where :func:`save` writes the state before :func:`seal` makes it the state."""
    data_path, _ = _paths(cache_dir)
    return data_path.with_name(f"{data_path.name}.{os.getpid()}.tmp")


def save(tmp: Path, merged: Merged, problems: list[Problem]) -> None:
    """Write the state's data to ``tmp`` (from :func:`temporary`)."""
    g = merged.graph
    sections = {
        "names": (((k, sorted(v)) for k, v in merged.names.items()), len(merged.names)),
        "canon": (iter(merged.canon.items()), len(merged.canon)),
        "entities": (((e.type, e.label, e.aliases, e.stories) for e in g.entities.values()), len(g.entities)),
        "relations": (((r.subject, r.predicate, r.object, [_ev(e) for e in r.evidence]) for r in g.relations),
                      len(g.relations)),
        "parts": (((key, [(s.id, s.source, s.index, s.title, s.creator, s.date, s.encoding, s.record_path) for s in stories],
                    [(f.subject, f.indicator, f.value, f.unit, f.growth, f.period, _ev(f.evidence)) for f in figures],
                    [(p.person, p.org, p.title, _ev(p.evidence)) for p in posts])
                   for key, stories, figures, posts in merged.parts), len(merged.parts)),
    }
    with open(tmp, "wb") as fh:
        _write_chunk(fh, {"problems": [(p.source, p.message) for p in problems],
                          "sizes": {name: n for name, (_, n) in sections.items()}})
        for items, _ in sections.values():
            for chunk in _chunks(items):
                _write_chunk(fh, chunk)


def _write_chunk(fh, data) -> None:
    raw = marshal.dumps(data, _MARSHAL)
    fh.write(_LENGTH.pack(len(raw)))
    fh.write(raw)


def _read_chunk(fh):
    head = fh.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("state cut short")
    (n,) = _LENGTH.unpack(head)
    if n > os.fstat(fh.fileno()).st_size:  # a damaged length: never try to allocate it
        raise EOFError("state cut short")
    raw = fh.read(n)
    if len(raw) < n:
        raise EOFError("state cut short")
    return marshal.loads(raw)


def page_stamp(html: Path, max_nodes: int | None) -> list:
    """What says the page at ``html`` is the one the state's build wrote with ``max_nodes``."""
    return [max_nodes, _stamp(html)]


def seal(cache_dir: Path, tmp: Path, records: set[str], triples: int, ttl: Path, page: list,
         counts: dict[str, int]) -> None:
    """Make the data in ``tmp`` the state of the graph.ttl now at ``ttl`` and of the page
    (:func:`page_stamp`); ``counts`` are the graph's, for a build that has nothing to do."""
    from .rdf import atomic_write

    data_path, meta_path = _paths(cache_dir)
    os.replace(tmp, data_path)
    for stale in cache_dir.glob("merged-*"):
        if stale not in (data_path, meta_path) and not stale.name.endswith(".tmp"):
            stale.unlink(missing_ok=True)
    meta = {"records": sorted(records), "triples": triples, "ttl": _stamp(ttl), "data": _stamp(data_path),
            "page": page, "counts": counts}
    atomic_write(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))


class Sealed(NamedTuple):
    records: set[str]  # the cached records merged
    triples: int  # in graph.ttl
    page: list  # page_stamp of the page written
    counts: dict[str, int]  # articles, entities and relations of the graph


def known_records(cache_dir: Path, ttl: Path) -> Sealed | None:
    """What the state merged and wrote, if the state is sound."""
    data_path, meta_path = _paths(cache_dir)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta["ttl"] != _stamp(ttl) or meta["data"] != _stamp(data_path):
            return None
        return Sealed(set(meta["records"]), int(meta["triples"]), meta["page"], dict(meta["counts"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def problems(cache_dir: Path) -> list[Problem] | None:
    """The problems the state's files had (read from its head, without the rest)."""
    data_path, _ = _paths(cache_dir)
    try:
        with open(data_path, "rb") as fh:
            head = _read_chunk(fh)
        return [Problem(s, m) for s, m in head["problems"]]
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None


def load(cache_dir: Path) -> tuple[Merged, list[Problem]] | None:
    """The merge kept by the last build, or None if it cannot be read."""
    data_path, _ = _paths(cache_dir)
    try:
        with open(data_path, "rb") as fh:
            head = _read_chunk(fh)

            def read(name):
                left = head["sizes"][name]
                while left > 0:
                    chunk = _read_chunk(fh)
                    left -= len(chunk)
                    yield from chunk

            names = {k: set(v) for k, v in read("names")}
            canon = dict(read("canon"))
            entities = {(t, label): Entity(t, label, aliases, stories) for t, label, aliases, stories in read("entities")}
            relations = [Relation(s, p, o, [Evidence(*e) for e in ev]) for s, p, o, ev in read("relations")]
            parts = [(key, [StoryHead(*s) for s in stories],
                      [Figure(s, i, v, u, g, per, Evidence(*e)) for s, i, v, u, g, per, e in figures],
                      [Post(a, b, t, Evidence(*e)) for a, b, t, e in posts])
                     for key, stories, figures, posts in read("parts")]
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None
    problems = [Problem(s, m) for s, m in head["problems"]]
    graph: Resolved = _assemble(entities, relations, parts)
    return Merged(graph, names, canon, parts), problems
