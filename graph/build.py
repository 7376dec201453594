"""The build: files → per-file records (cached) → merged graph → graph.ttl and graph.html.

Per-file records are cached in ``OUT/.cache`` by content hash and extractor version, so a
rebuild only extracts new or changed files; extraction runs in a process pool.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .extract import EXTRACTOR_VERSION, extract_file
from .html import write_html
from .rdf import atomic_write, to_triples, write_turtle
from .read import DEFAULT_MAX_BYTES, iter_input_files
from .records import ArticleRecord, Problem
from .resolve import Resolved, resolve

__all__ = ["BuildResult", "build", "extract_all"]


@dataclass
class BuildResult:
    graph: Resolved
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    extracted: int = 0
    triples: int = 0


def _digest(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _work(args) -> dict:
    path, max_bytes, source = args
    return extract_file(Path(path), max_bytes, source).to_json()


def extract_all(files: list[Path], cache_dir: Path | None, jobs: int, max_bytes: int, progress=None) -> tuple[list[ArticleRecord], int]:
    """Records for all files, from the cache where the content is unchanged."""
    records: list[ArticleRecord | None] = [None] * len(files)
    todo = []
    for i, f in enumerate(files):
        digest = _digest(f) if f.exists() else None
        if cache_dir is not None and digest:
            cached = cache_dir / f"{digest}-{EXTRACTOR_VERSION}.json"
            if cached.exists():
                try:
                    data = json.loads(cached.read_text(encoding="utf-8"))
                    if data.get("source") == f.name:
                        records[i] = ArticleRecord.from_json(data)
                        continue
                except (OSError, ValueError, KeyError, TypeError):
                    pass
        todo.append(i)
    args = [(str(files[i]), max_bytes, files[i].name) for i in todo]
    if jobs > 1 and len(todo) > 4:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(_work, args, chunksize=max(1, min(32, len(todo) // (jobs * 4) or 1)))
            for n, (i, data) in enumerate(zip(todo, results)):
                records[i] = ArticleRecord.from_json(data)
                _cache(cache_dir, records[i], data)
                if progress:
                    progress(n + 1, len(todo))
    else:
        for n, (i, a) in enumerate(zip(todo, args)):
            data = _work(a)
            records[i] = ArticleRecord.from_json(data)
            _cache(cache_dir, records[i], data)
            if progress:
                progress(n + 1, len(todo))
    return [r for r in records if r is not None], len(todo)


def _cache(cache_dir: Path | None, rec: ArticleRecord, data: dict) -> None:
    if cache_dir is None or rec.problems and not rec.stories:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(cache_dir / f"{rec.digest}-{EXTRACTOR_VERSION}.json",
                 json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def build(paths, out: Path, jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
          html_max_nodes: int | None = 2000, use_cache: bool = True, progress=None) -> BuildResult:
    """Build ``out/graph.ttl`` and ``out/graph.html`` from files and folders."""
    out = Path(out)
    files, path_problems = iter_input_files(paths)
    problems = [Problem(p, msg) for p, msg in path_problems]
    jobs = jobs or os.cpu_count() or 1
    records, extracted = extract_all(files, out / ".cache" if use_cache else None, jobs, max_bytes, progress)
    for rec in records:
        problems.extend(rec.problems)
    graph = resolve(records)
    triples = to_triples(graph)
    out.mkdir(parents=True, exist_ok=True)
    write_turtle(triples, out / "graph.ttl")
    write_html(graph, out / "graph.html", html_max_nodes)
    return BuildResult(graph, problems, len(files), extracted, len(triples))


def report_problems(problems: list[Problem], stream=None) -> None:
    """One line per problem on stderr, naming the file."""
    stream = stream or sys.stderr
    for p in problems:
        print(f"chainkg: {p.source}: {p.message}", file=stream)
