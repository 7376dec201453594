"""Benchmark: a query through graph.load (Oxigraph on-disk store) against rdflib on the same Turtle.

Builds a synthetic graph of N articles (default 2000): the seed articles copied over and
over, with the first two characters of every firm, park, institution, body and programme
name replaced by a code unique to the copy, and people given other given names, so that
the copies' entities do not merge (people repeat after 3,600 names; chains are shared).
Then it runs the same 2-hop GROUP BY query

* the chainkg way: ``graph.load(out)`` (opens the on-disk store, made once by a first load)
  and ``kg.query(...)``, as ``chainkg query out ...`` does;
* the rdflib way: ``rdflib.Graph().parse("out/graph.ttl")`` and ``g.query(...)``;

checks that both give the same rows and prints the times and their ratio.

    python scripts/query_bench.py [-n 2000] [--workdir DIR] [--jobs J]

With ``--workdir`` the corpus and the build are kept and reused by the next run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import POOL, variant_code

ROOT = Path(__file__).resolve().parent.parent
NAMED = ("Firm", "Park", "AcademicInstitution", "GovernmentBody", "Initiative", "Region")
# people keep their surname and get a given name from these (repeats after 3,600 names)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鑫凯斌浩宇欣怡晨瑶琳博文涵睿泽轩然婷雪峰波辉亮林"
GENERIC = {"党建", "建设", "新材", "科学", "产业", "高新", "国家", "中国", "科技"}

PREFIXES = """PREFIX ckg: <https://w3id.org/chainkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# 2 hops (evidence → article → source file), grouped: which rules fire, in how many files
QUERY = """SELECT ?rule (COUNT(DISTINCT ?source) AS ?files) (COUNT(*) AS ?facts) WHERE {
  ?ev ckg:rule ?rule ; prov:wasDerivedFrom ?article .
  ?article dcterms:source ?source .
} GROUP BY ?rule ORDER BY DESC(?facts) ?rule"""



def name_parts(seed_out: Path, texts: list[str]) -> tuple[list[str], list[str]]:
    """What to vary: the first two characters of the seed graph's organisation names, and
    the names of its people, each if it occurs in the texts."""
    import graph

    ents = graph.load(seed_out).entities()
    heads = set()
    for _, row in ents[ents["type"].isin(NAMED)].iterrows():
        for name in (row["label"], *row["aliases"]):
            head = name[:2]
            if len(head) == 2 and all("\u4e00" <= c <= "\u9fff" for c in head) and head not in GENERIC:
                heads.add(head)
    people = {n for n in ents.loc[ents["type"] == "Person", "label"] if 2 <= len(n) <= 3}
    used = lambda names: sorted(n for n in names if any(n in t for t in texts))  # noqa: E731
    return used(heads), used(people)


def write_corpus(folder: Path, n: int, work: Path) -> None:
    from graph.build import build

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    build(seeds, work / "seed-out", jobs=1, html_max_nodes=10)
    heads, people = name_parts(work / "seed-out", texts)
    width = 1
    while len(POOL) ** width < (n + 1) * len(heads):
        width += 1
    folder.mkdir(parents=True)
    for k in range(n):
        text = texts[k % len(texts)]
        # people first: a person's name may contain an organisation head
        for j, name in enumerate(people):
            i = (k * len(people) + j) % len(GIVEN) ** 2
            text = text.replace(name, name[0] + GIVEN[i // len(GIVEN)] + GIVEN[i % len(GIVEN)])
        for j, head in enumerate(heads):
            text = text.replace(head, variant_code(k * len(heads) + j, width))
        (folder / f"{k:06d}_{seeds[k % len(seeds)].stem}.txt").write_text(text, encoding="utf-8")


def timed(f):
    t0 = time.perf_counter()
    value = f()
    return value, time.perf_counter() - t0


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000, help="articles (files) in the synthetic corpus (default 2000)")
    ap.add_argument("--workdir", type=Path, help="keep the corpus and build here and reuse them")
    ap.add_argument("--jobs", "-j", type=int, default=None, help="build workers (default: all cores)")
    args = ap.parse_args(argv)

    import graph
    from graph.build import build

    work = args.workdir or Path(tempfile.mkdtemp(prefix="chainkg-query-bench-"))
    corpus, out = work / f"corpus-{args.n}", work / f"out-{args.n}"
    if not corpus.exists():
        _, t = timed(lambda: write_corpus(corpus, args.n, work))
        print(f"corpus: {args.n} files in {corpus} ({t:.1f} s)")
    if not (out / "graph.ttl").exists():
        res, t = timed(lambda: build([corpus], out, jobs=args.jobs, html_max_nodes=200))
        print(f"build: {len(res.graph.stories)} articles, {len(res.graph.entities)} entities, "
              f"{res.triples} triples ({t:.1f} s)")
    ttl = out / "graph.ttl"
    print(f"graph: {ttl} ({ttl.stat().st_size / 2**20:.1f} MB)")

    _, t_store = timed(lambda: graph.load(out))  # makes out/store if it is missing or stale
    print(f"first graph.load (store made if needed):  {t_store:8.2f} s")
    ox_rows, t_ox = timed(lambda: graph.load(out).query(QUERY))
    print(f"graph.load + query (on-disk store):       {t_ox:8.2f} s   {len(ox_rows)} rows")
    cmd = [sys.executable, "-m", "graph.cli", "query", str(out), QUERY, "--format", "csv"]
    _, t_cli = timed(lambda: subprocess.run(cmd, check=True, capture_output=True))
    print(f"chainkg query (process, incl. start-up):  {t_cli:8.2f} s")

    import rdflib

    g, t_parse = timed(lambda: rdflib.Graph().parse(ttl, format="turtle"))
    rl_rows, t_q = timed(lambda: list(g.query(PREFIXES + QUERY)))
    print(f"rdflib parse + query:                     {t_parse + t_q:8.2f} s   (parse {t_parse:.2f} s, query {t_q:.2f} s)")

    same = sorted((str(r), int(f), int(n)) for r, f, n in ox_rows) == sorted((str(r), int(f), int(n)) for r, f, n in rl_rows)
    print(f"same rows: {'yes' if same else 'NO'}")
    print(f"ratio rdflib / chainkg: {(t_parse + t_q) / t_ox:.0f}x  (against the chainkg process: {(t_parse + t_q) / t_cli:.0f}x)")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
