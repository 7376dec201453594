"""The build: files → per-file records (cached) → merged graph → graph.ttl and graph.html.

It streams, so memory stays flat in the number of articles apart from the merged graph:

1. *plan*: list the files and find each one's content hash, from ``OUT/.cache/manifest.json``
   when the file's size, mtime and inode are as last time, otherwise by reading it;
2. *extract* the files whose record is not in ``OUT/.cache`` (keyed by content hash, file
   name and :func:`_extractor_version`): a process pool (default: all cores),
   or a Dask cluster (:mod:`graph.cluster`), works on a bounded number of files at a time;
   each record is written to the cache (by the pool's worker that made it) and kept only
   in a slim form, without the story text (:class:`graph.records.StoryHead`) and with
   repeated strings shared;
3. *merge* the slim records (:func:`graph.resolve.resolve`) and *export*: Turtle through a
   bounded-memory sort (:func:`graph.rdf.write_graph`), then the HTML page.

A rebuild re-extracts only new or changed files; deleted files are simply not in the input
any more, and their cache entries are removed, so an incremental build writes the same
bytes as a clean one. Entity IRI slugs (pinyin, slow to compute) are remembered in
``OUT/.cache`` too.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing as mp
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

from .read import DEFAULT_MAX_BYTES, iter_input_files
from .records import ArticleRecord, EntityRecord, Evidence, Fact, Figure, Post, Problem, StoryHead
from .resolve import Resolved

__all__ = ["BuildResult", "BuildError", "build", "extract_all", "report_problems"]

CACHE = ".cache"
MANIFEST = "manifest.json"
_RECORD_FILE = re.compile(r"^[0-9a-f]{64}-[0-9a-f]{10}-.+\.json$")


class BuildError(Exception):
    """A build that cannot run at all (e.g. the Dask scheduler cannot be reached)."""


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    extracted: int = 0
    triples: int = 0
    spliced: bool = False  # the last build's merge took the new files and graph.ttl was spliced
    counts: dict[str, int] = field(default_factory=dict)  # articles, entities and relations
    unchanged: bool = False  # the inputs were the last build's: nothing was written
    merged: Resolved | None = None
    cache_dir: Path | None = None

    @property
    def graph(self) -> Resolved:
        """The merged graph (for a build that had nothing to do, read back from the state it
        kept, on first use)."""
        if self.merged is None and self.cache_dir is not None:
            from . import snapshot

            loaded = snapshot.load(self.cache_dir)
            if loaded is None:
                raise BuildError(f"the merge kept in {self.cache_dir} cannot be read; build again with --no-cache")
            self.merged = loaded[0].graph
        return self.merged


def code_fingerprint(modules, libraries, size: int = 10) -> str:
    """A digest of the source of these modules of this package and of the installed versions
    of these libraries: part of the name of everything cached, so that nothing cached by
    other code is ever reused."""
    from importlib.metadata import PackageNotFoundError, version

    here = Path(__file__).parent
    h = hashlib.sha1()
    for name in modules:
        h.update(name.encode() + b"\0" + (here / f"{name}.py").read_bytes())
    for package in libraries:
        try:
            h.update(f"{package}={version(package)};".encode())
        except PackageNotFoundError:
            h.update(f"{package}=?;".encode())
    return h.hexdigest()[:size]


# what a record depends on: these modules' source and these libraries
_EXTRACTION_MODULES = ("extract", "mentions", "relations", "lexicon", "normalize", "segment", "stories",
                       "figures", "read", "webpage", "records")
_EXTRACTION_LIBRARIES = ("jieba", "rjieba", "charset-normalizer", "trafilatura", "opencc-python-reimplemented")


@lru_cache(maxsize=1)
def _extractor_version() -> str:
    """:data:`graph.extract.EXTRACTOR_VERSION` (the record format) and a fingerprint of the
    extraction's source and libraries, so that records cached by an older extractor are
    never reused. Read from the files, without importing the extractor: that loads jieba's
    dictionaries (0.5 s, 60 MB), which a merge of cached records never uses."""
    source = Path(__file__).with_name("extract.py").read_text(encoding="utf-8")
    found = re.search(r'^EXTRACTOR_VERSION = "([^"]+)"$', source, re.M)
    return f"{found.group(1) if found else '?'}.{code_fingerprint(_EXTRACTION_MODULES, _EXTRACTION_LIBRARIES)}"


# -- plan -------------------------------------------------------------------------------

def _digest(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def record_name(digest: str, source: str, version: str) -> str:
    """Cache file of the record of a file with content ``digest`` named ``source``.

    The name is part of the key: it becomes the articles' ``dcterms:source`` and its suffix
    decides whether the file is read as HTML.
    """
    return f"{digest}-{hashlib.sha1(source.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}-{version}.json"


class _Manifest:
    """path → (size, mtime_ns, inode, sha256) of the files of the last build."""

    def __init__(self, cache_dir: Path | None):
        self.path = cache_dir / MANIFEST if cache_dir else None
        self.old: dict = {}
        self.new: dict = {}
        if self.path and self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("format") == 1:
                    self.old = data["files"]
            except (OSError, ValueError, KeyError, TypeError):
                self.old = {}

    def digest(self, path: Path, max_bytes: int, trust: bool) -> str | None:
        key = os.path.abspath(path)
        try:
            st = path.stat()
        except OSError:
            return None
        if st.st_size > max_bytes:
            return None  # extracted (as a problem) without reading it
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        old = self.old.get(key)
        if trust and old and old[:3] == stamp:
            digest = old[3]
        else:
            digest = _digest(path)
        # a file changed within the clock's resolution of the stat could keep its stamp
        if digest and time.time_ns() - st.st_mtime_ns > 2_000_000_000:
            self.new[key] = [*stamp, digest]
        return digest

    def save(self) -> None:
        if self.path:
            from .rdf import atomic_write

            data = {"format": 1, "files": dict(sorted(self.new.items()))}
            atomic_write(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


# -- extract ----------------------------------------------------------------------------

def extract_json(path: str, source: str, max_bytes: int, store: tuple[str, str] | None = None) -> bytes:
    """Extract one file and return its record as JSON (never raises for one bad file).

    With ``store`` (cache folder, extractor version) the record is also written to the
    cache: by the pool's worker, rather than by the process that merges.
    """
    from .extract import extract_file

    try:
        rec = extract_file(Path(path), max_bytes, source)
    except Exception as exc:  # a bug in a rule must not cost the other files
        rec = ArticleRecord(source, "", problems=[Problem(source, f"extraction failed: {type(exc).__name__}: {exc}")])
    raw = json.dumps(rec.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    if store is not None and rec.stories:
        _write_record(Path(store[0]) / record_name(rec.digest, rec.source, store[1]), raw)
    return raw


def _extract_batch(batch: list[tuple[str, str]], max_bytes: int, store: tuple[str, str] | None) -> list[bytes]:
    return [extract_json(path, source, max_bytes, store) for path, source in batch]


class LocalRunner:
    """Extraction in this process or a process pool, a bounded number of batches in flight;
    with ``store`` (cache folder, extractor version) the workers write the records to the
    cache."""

    def __init__(self, jobs: int, max_bytes: int, store: tuple[str, str] | None = None):
        self.jobs, self.max_bytes, self.store = jobs, max_bytes, store
        self.pool: ProcessPoolExecutor | None = None

    def start(self, items: list[tuple[str, str]]) -> Iterator[bytes]:
        """Submit the first files now; the iterator yields records (JSON) as they finish."""
        if self.jobs <= 1 or not items:
            return (extract_json(path, source, self.max_bytes, self.store) for path, source in items)
        self.pool = ProcessPoolExecutor(max_workers=min(self.jobs, len(items)), initializer=gc.enable)
        size = max(1, min(8, len(items) // (self.jobs * 16)))
        batches = iter([items[i:i + size] for i in range(0, len(items), size)])
        pending = {self.pool.submit(_extract_batch, b, self.max_bytes, self.store) for b in islice(batches, self.jobs * 4)}

        def results():
            nonlocal pending
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    try:
                        records = fut.result()
                    except BrokenProcessPool:
                        raise BuildError("a worker process died while extracting (out of memory?); the records"
                                         " finished so far are cached, so running the build again goes on from there") from None
                    for b in islice(batches, 1):
                        pending.add(self.pool.submit(_extract_batch, b, self.max_bytes, self.store))
                    yield from records
        return results()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def slim_record(data: dict, record_path: str = "") -> ArticleRecord:
    """An :class:`ArticleRecord` from its JSON, as the merge needs it: stories without their
    text (:class:`StoryHead`), repeated strings (quotes, ids, rule names) shared."""
    intern = sys.intern
    quotes: dict[str, str] = {}
    keys: dict[tuple, tuple[str, str]] = {}

    def ev(d) -> Evidence:
        q = d["quote"]
        return Evidence(intern(d["story"]), d["start"], d["end"], quotes.setdefault(q, q), intern(d["rule"]))

    def key(k) -> tuple[str, str]:
        t = (k[0], k[1])
        return keys.get(t) or keys.setdefault(t, (intern(k[0]), intern(k[1])))

    return ArticleRecord(
        source=intern(data["source"]),
        digest=data["digest"],
        stories=[StoryHead(intern(s["id"]), intern(s["source"]), s["index"], s["title"], s["creator"], s["date"],
                           intern(s["encoding"]), record_path) for s in data["stories"]],
        entities=[EntityRecord(intern(e["type"]), intern(e["name"]), [intern(a) for a in e["aliases"]],
                               [intern(s) for s in e["stories"]]) for e in data["entities"]],
        facts=[Fact(key(f["subject"]), intern(f["predicate"]), key(f["object"]), ev(f["evidence"])) for f in data["facts"]],
        figures=[Figure(key(g["subject"]), intern(g["indicator"]), g["value"], intern(g["unit"]), g["growth"],
                        intern(g["period"]), ev(g["evidence"])) for g in data["figures"]],
        posts=[Post(key(p["person"]), key(p["org"]), intern(p["title"]), ev(p["evidence"])) for p in data["posts"]],
        problems=[Problem(**p) for p in data["problems"]],
    )


@dataclass
class Extraction:
    records: list[ArticleRecord]
    extracted: int  # files extracted (not from the cache)
    skipped: list[tuple[Path, Path]]  # (cache entry, file) of known records not read


def extract_all(files: list[Path], cache_dir: Path | None, jobs: int, max_bytes: int,
                progress: Callable[[int, int], None] | None = None, scheduler: str | None = None,
                refresh: bool = False, on_record: Callable[[ArticleRecord], None] | None = None,
                known: set[str] | None = None, meanwhile: Callable[[int], None] | None = None,
                ) -> Extraction:
    """Slim records of all files, from the cache where the content is unchanged.

    ``refresh`` ignores what is in the cache (and rewrites it); ``scheduler`` runs the
    extraction on a Dask cluster.

    ``known`` names cached records the caller already has (merged by the last build): if
    every one of them is still an input's record, they are not read, the records returned
    are only the others, and ``skipped`` lists the known ones (for :func:`read_cached`, if
    the caller needs them after all). ``meanwhile(n)`` runs while the workers extract ``n``
    files, if known records were skipped and there are others.
    """
    version = _extractor_version()
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
    manifest = _Manifest(cache_dir)
    cached: list[tuple[Path, Path]] = []
    todo: list[tuple[str, str]] = []
    used: set[str] = set()
    present = set(os.listdir(cache_dir)) if cache_dir is not None and not refresh else set()  # one call, not one per file
    for f in files:
        digest = manifest.digest(f, max_bytes, trust=not refresh) if cache_dir else None
        if digest:
            name = record_name(digest, f.name, version)
            used.add(name)
            if name in present:
                cached.append((cache_dir / name, f))
                continue
        todo.append((str(f), f.name))
    skipped: list[tuple[Path, Path]] = []
    if known is not None and not refresh and known <= used:
        skipped = [c for c in cached if c[0].name in known]
        cached = [c for c in cached if c[0].name not in known]
    if scheduler:
        from .cluster import ClusterRunner

        runner = ClusterRunner(scheduler, max_bytes)
    else:
        runner = LocalRunner(jobs, max_bytes, (str(cache_dir), version) if cache_dir is not None else None)
    records: list[ArticleRecord] = []

    def keep(rec: ArticleRecord) -> None:
        records.append(rec)
        if on_record:
            on_record(rec)

    try:
        results = runner.start(todo)  # the workers start while the cached records are read
        if meanwhile and skipped and (todo or cached):
            meanwhile(len(todo))
        for rec in read_cached(cached, cache_dir, max_bytes, used):
            keep(rec)
        for n, raw in enumerate(results, 1):
            data = json.loads(raw)
            # a local pool's workers wrote it; a Dask cluster's cannot reach this cache folder
            stored = _store(cache_dir, data, raw, version, used, written=scheduler is None)
            keep(slim_record(data, str(stored or "")))
            if progress:
                progress(n, len(todo))
    finally:
        runner.close()
    if cache_dir is not None:
        manifest.save()
        _prune(cache_dir, used)
    return Extraction(records, len(todo), skipped)


def read_cached(cached: list[tuple[Path, Path]], cache_dir: Path | None, max_bytes: int,
                used: set[str] | None = None) -> Iterator[ArticleRecord]:
    """Slim records of ``(cache entry, input file)`` pairs; a damaged entry is extracted again."""
    version = _extractor_version()
    for path, f in cached:
        try:
            data = json.loads(path.read_bytes())
            if data.get("source") != f.name:
                raise ValueError("not this file's record")
        except (OSError, ValueError, KeyError, TypeError):
            raw = extract_json(str(f), f.name, max_bytes)
            data = json.loads(raw)
            path = _store(cache_dir, data, raw, version, used if used is not None else set())
        yield slim_record(data, str(path or ""))


def _store(cache_dir: Path | None, data: dict, raw: bytes, version: str, used: set[str],
           written: bool = False) -> Path | None:
    """Write a record to the cache, unless the worker has (``written``); not records of
    unreadable files: they are cheap to redo."""
    if cache_dir is None or not data["stories"]:
        return None
    path = cache_dir / record_name(data["digest"], data["source"], version)
    if not written:
        _write_record(path, raw)
    used.add(path.name)
    return path


def _write_record(path: Path, raw: bytes) -> None:
    """Written to a temporary name and renamed, but not synced: an entry lost or cut short by
    a crash does not parse, and is extracted again."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(raw)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _prune(cache_dir: Path, used: set[str]) -> None:
    """Remove the records of files that are no longer in the input (or of older extractors)."""
    try:
        entries = list(os.scandir(cache_dir))
    except OSError:
        return
    hour_ago = time.time() - 3600
    for entry in entries:
        try:
            if (_RECORD_FILE.match(entry.name) and entry.name not in used
                    or entry.name.endswith(".tmp") and entry.stat().st_mtime < hour_ago):  # left by a killed build
                os.unlink(entry.path)
        except OSError:
            pass


# -- IRIs -------------------------------------------------------------------------------

class _Slugs:
    """name key → IRI slug, computed as records arrive and kept in the cache between builds
    (the pinyin of a name is the slowest part of an IRI)."""

    def __init__(self, cache_dir: Path | None):
        # graph.ids is not imported here: it loads pypinyin (0.2 s), which a build that
        # finds every slug in this file never needs
        fingerprint = code_fingerprint(["ids"], ["pypinyin"], 12)
        self.path = cache_dir / f"slugs-{fingerprint}.json" if cache_dir else None
        self.old: dict[str, str] = {}
        if self.path and self.path.exists():
            try:
                self.old = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}
        self.new: dict[str, str] = {}

    def get(self, key: str) -> str:
        s = self.new.get(key)
        if s is None:
            s = self.old.get(key)
            if s is None:
                from .ids import slug

                s = slug(key)
            self.new[key] = s
        return s

    def prepare(self) -> None:
        """Load what computing a new slug needs (pypinyin, 0.2 s)."""
        from .ids import slug

        slug("")

    def add(self, rec: ArticleRecord) -> None:
        from .normalize import name_key

        for e in rec.entities:
            self.get(name_key(e.name))

    def save(self, keep_old: bool = False) -> None:
        """Keep the slugs of this build's names (and with ``keep_old``, the last build's too)."""
        if self.path is None:
            return
        if keep_old:
            self.new = {**self.old, **self.new}
        from .rdf import atomic_write

        for stale in self.path.parent.glob("slugs-*.json"):
            if stale != self.path:
                stale.unlink(missing_ok=True)
        atomic_write(self.path, json.dumps(self.new, ensure_ascii=False, sort_keys=True).encode("utf-8"))


# -- build ------------------------------------------------------------------------------

def build(paths, out: Path, jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
          html_max_nodes: int | None = 2000, use_cache: bool = True, progress=None,
          scheduler: str | None = None) -> BuildResult:
    """Build ``out/graph.ttl`` and ``out/graph.html`` from files and folders.

    ``use_cache=False`` re-extracts every file (the cache is rewritten, not read);
    ``scheduler`` (``tcp://host:port``) runs the extraction on a Dask cluster and raises
    :class:`BuildError` if it cannot be reached.

    When the files are those of the last build into ``out`` plus new ones, the last build's
    merge (:mod:`graph.snapshot`) takes the new records (:func:`graph.resolve.extend`) and
    graph.ttl gets only its changed statements (:func:`graph.rdf.splice_graph`); anything
    else (a file changed or gone, new names that change how old ones resolve) merges all
    records again. Either way the output is the same bytes.
    """
    from . import snapshot
    from .html import shown, write_html
    from .resolve import extend, merge

    out = Path(out)
    cache_dir = out / CACHE
    ttl, html = out / "graph.ttl", out / "graph.html"
    files, path_problems = iter_input_files(paths)
    problems = [Problem(p, msg) for p, msg in path_problems]
    jobs = jobs or os.cpu_count() or 1
    # the merge holds millions of small objects without cycles, which the cyclic collector
    # would walk again and again (half the merge time of 10,000 articles)
    collecting = gc.isenabled()
    gc.disable()
    try:
        slugs = _Slugs(cache_dir)
        last = snapshot.known_records(cache_dir, ttl) if use_cache else None
        loaded, tried = None, False

        def load_last(extracting: int) -> None:
            nonlocal loaded, tried
            loaded, tried = snapshot.load(cache_dir), True
            if extracting:
                slugs.prepare()  # while the workers extract, rather than when their records come

        run = extract_all(files, cache_dir, jobs, max_bytes, progress, scheduler, refresh=not use_cache,
                          on_record=slugs.add, known=last.records if last else None, meanwhile=load_last)
        if (last is not None and run.skipped and not run.records
                and last.page == snapshot.page_stamp(html, html_max_nodes)):
            # the inputs are the files the outputs were made of, and nothing was touched
            kept = snapshot.problems(cache_dir)
            if kept is not None:
                return BuildResult(problems + kept, len(files), 0, last.triples, False, last.counts, True,
                                   cache_dir=cache_dir)
        if run.skipped and not tried:
            load_last(0)  # nothing new, but the page is to be written again
        records = [rec for rec in run.records if rec.stories]  # the others are only problems, never cached
        for rec in run.records:
            if not rec.stories:
                problems.extend(rec.problems)
        grown = None
        if run.skipped and loaded is not None:
            merged, kept_problems = loaded
            grown = extend(merged, records)
        if grown is not None:
            merged, new, gone = grown
            kept_problems += [p for rec in records for p in rec.problems]
        else:
            records += read_cached(run.skipped, cache_dir, max_bytes)
            merged, new, gone = merge(records, consume=True), None, None
            kept_problems = [p for rec in records for p in rec.problems]
        extracted = run.extracted
        loaded = None
        del records, run
        problems += kept_problems
        graph = merged.graph
        out.mkdir(parents=True, exist_ok=True)
        cache_dir.mkdir(parents=True, exist_ok=True)
        snapshot.invalidate(cache_dir)
        _remove_stale(out)
        state = snapshot.temporary(cache_dir)
        # the page is written by a forked process from what it shows, chosen here: a walk over
        # the whole graph there (to rank the nodes, or to save the merge state) would copy
        # most of this process's memory pages
        with _beside(write_html, shown(graph, html_max_nodes), html, parallel=jobs > 1):
            triples, spliced = _write_turtle(ttl, merged, new, gone, last, slugs)
            snapshot.save(state, merged, kept_problems)
        slugs.save(keep_old=new is not None)
        used = {Path(s.record_path).name for s in graph.stories if s.record_path}
        counts = {"articles": len(graph.stories), "entities": len(graph.entities), "relations": len(graph.relations)}
        snapshot.seal(cache_dir, state, used, triples, ttl, snapshot.page_stamp(html, html_max_nodes), counts)
    finally:
        if collecting:
            gc.enable()
    return BuildResult(problems, len(files), extracted, triples, spliced, counts, merged=graph)


def _write_turtle(ttl: Path, merged, new, gone, last, slugs) -> tuple[int, bool]:
    """graph.ttl: only the changed statements when the merge grew (``new`` added, ``gone``
    taken out), else all of it; returns the number of triples and whether the file was
    spliced."""
    from .ids import entity_path
    from .rdf import splice_graph, write_graph

    def paths(*graphs) -> dict:
        return {key: entity_path(e.type, e.label, slugs.get) for g in graphs for key, e in g.entities.items()}

    if new is not None:
        try:
            return splice_graph(ttl, new, paths(new, gone), last.triples, gone), True
        except (OSError, ValueError):  # not the file the state belongs to after all
            pass
    return write_graph(merged.graph, ttl, paths(merged.graph)), False


@contextmanager
def _beside(fn, *args, parallel: bool = True):
    """Run ``fn(*args)`` in a forked process while the block runs (both outputs are written
    from the same merged graph, which the child gets for free by forking); where there is
    no fork, or one core, after the block in this process."""
    if not parallel or "fork" not in mp.get_all_start_methods():
        yield
        fn(*args)
        return
    child = mp.get_context("fork").Process(target=_run_child, args=(fn, *args), daemon=True)
    child.start()
    try:
        yield
    finally:
        child.join()
    if child.exitcode != 0:
        raise BuildError(f"writing {args[1] if len(args) > 1 else fn.__name__} failed (exit code {child.exitcode})")


def _run_child(fn, *args) -> None:
    try:
        fn(*args)
    except BaseException:
        import traceback

        traceback.print_exc()
        os._exit(1)
    os._exit(0)  # skip the parent's exit handlers (and its gc of the merged graph)


def _remove_stale(out: Path) -> None:
    """Sort runs left in ``out`` by a killed build (they can be large)."""
    hour_ago = time.time() - 3600
    for d in out.glob(".sort-*"):
        try:
            if d.is_dir() and d.stat().st_mtime < hour_ago:
                shutil.rmtree(d, ignore_errors=True)
        except OSError:
            pass


def report_problems(problems: list[Problem], stream=None) -> None:
    """One line per problem on stderr, naming the file."""
    stream = stream or sys.stderr
    for p in problems:
        print(f"chainkg: {p.source}: {p.message}", file=stream)
