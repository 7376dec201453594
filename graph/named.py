"""The library of named SPARQL queries (``ontology/queries/*.rq``).

Each file starts with ``# <one-line summary>``; ``chainkg query --list`` shows these and
``chainkg query OUT --named NAME`` runs one. Queries that are about one entity bind it with
``BIND("…" AS ?name)``, which ``--param name=VALUE`` (:func:`bind`) replaces.

The files are looked up in the repository (``graph/../ontology/queries``) and, in an
installed package, in ``graph/queries`` (a link to the same folder, shipped as package data).

>>> "alliances-by-host" in named_queries()
True
>>> bind('BIND("a" AS ?name)', {"name": '金石"机器人'})
'BIND("金石\\\\"机器人" AS ?name)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["NamedQuery", "named_queries", "get", "bind", "queries_dir"]


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    text: str


def queries_dir():
    """The folder of .rq files: the repository's ontology/queries, else the packaged copy."""
    repo = Path(__file__).resolve().parent.parent / "ontology" / "queries"
    if repo.is_dir():
        return repo
    return resources.files("graph").joinpath("queries")


def named_queries() -> dict[str, NamedQuery]:
    """Every named query by name (the file name without .rq), sorted by name."""
    folder = queries_dir()
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            first = text.splitlines()[0] if text else ""
            name = entry.name[:-3]
            out[name] = NamedQuery(name, first.lstrip("#").strip(), text)
    return out


def get(name: str) -> NamedQuery:
    """The named query ``name``; KeyError naming the known ones if there is none."""
    queries = named_queries()
    if name not in queries:
        raise KeyError(f"no named query {name!r}; known: {', '.join(queries)}")
    return queries[name]


def bind(text: str, params: dict[str, str]) -> str:
    """Replace the literal of ``BIND("…" AS ?var)`` for each ``var`` in ``params``."""
    for var, value in params.items():
        pattern = re.compile(r'BIND\(\s*"(?:[^"\\]|\\.)*"\s+AS\s+\?' + re.escape(var) + r"\s*\)")
        if not pattern.search(text):
            raise KeyError(f'the query has no BIND("…" AS ?{var}) to set')
        literal = value.replace("\\", "\\\\").replace('"', '\\"')
        text = pattern.sub(lambda _m: f'BIND("{literal}" AS ?{var})', text)
    return text
