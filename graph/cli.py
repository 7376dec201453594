"""The ``chainkg`` command line: thin commands over the public functions."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__

EPILOG_BUILD = """\b
Example:
  chainkg build seeds --out out     # then open out/graph.html
  chainkg build articles --out out --scheduler tcp://10.0.0.5:8786   # extract on a Dask cluster
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chainkg")
def main():
    """chainkg: knowledge graphs of 产业链党建联盟 from Chinese news articles.

    \b
    Example:
      chainkg build seeds --out out && chainkg stats out
    """


@main.command(epilog=EPILOG_BUILD)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Output folder for graph.ttl and graph.html.")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--max-bytes", type=int, default=20 * 1024 * 1024, show_default=True, help="Skip files larger than this.")
@click.option("--html-max-nodes", type=int, default=2000, show_default=True, help="Show only the N most connected nodes in graph.html.")
@click.option("--no-cache", is_flag=True, help="Re-extract every file (OUT/.cache is rewritten, not read).")
@click.option("--strict", is_flag=True, help="Exit non-zero if any input file had a problem.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Extract on this Dask cluster (needs chainkg[dask]; see README). Unreachable: exit 2.")
def build(paths, out, jobs, max_bytes, html_max_nodes, no_cache, strict, scheduler):
    """Build a graph from article files and folders (.txt, .md, .html).

    Only new or changed files are extracted again: the records of the others are kept in
    OUT/.cache, and the output is the same as a clean build's.
    """
    from .build import BuildError, build as run_build, report_problems

    progress = _progress() if sys.stderr.isatty() else None
    try:
        result = run_build(list(paths), out, jobs=jobs, max_bytes=max_bytes, html_max_nodes=html_max_nodes,
                           use_cache=not no_cache, progress=progress, scheduler=scheduler)
    except BuildError as exc:
        if progress:
            click.echo("", err=True)
        click.echo(f"chainkg: {exc}", err=True)
        sys.exit(2)
    if progress:
        click.echo("", err=True)
    report_problems(result.problems)
    n = result.counts
    click.echo(f"{result.files} files, {n['articles']} articles, {n['entities']} entities, "
               f"{n['relations']} relations, {result.triples} triples -> {out / 'graph.ttl'}, {out / 'graph.html'}"
               + (" (unchanged)" if result.unchanged else ""), err=True)
    if (strict and result.problems) or not n["articles"]:
        sys.exit(1)  # every input failed (or --strict and any did)


def _progress():
    def show(done, total):
        click.echo(f"\rextracting {done}/{total}", err=True, nl=False)
    return show


@main.command()
@click.argument("graph_path", metavar="[GRAPH]", required=False, type=click.Path(exists=True, path_type=Path))
@click.argument("query", metavar="[QUERY]", required=False)
@click.option("--named", "named", metavar="NAME", help="Run the library query ontology/queries/NAME.rq (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the library queries with what each answers.")
@click.option("--param", "params", multiple=True, metavar="VAR=VALUE",
              help='Set BIND("…" AS ?VAR) in the query (e.g. name=金石机器人); repeatable.')
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default=None, help="Output format (default: table on a terminal, csv otherwise).")
def query(graph_path, query, named, list_, params, fmt):
    """Run a SPARQL query (text, a .rq file or --named NAME) on a build folder or graph.ttl.

    The prefixes ckg:, id:, rdf:, rdfs:, skos:, prov:, dcterms:, xsd: and owl: are declared.
    A build folder keeps an on-disk store in OUT/store, so only the first query parses the
    Turtle.

    \b
    Example:
      chainkg query out "SELECT ?a ?l WHERE { ?a a ckg:Alliance ; rdfs:label ?l }"
      chainkg query --list
      chainkg query out --named alliances-by-host --format csv
      chainkg query out --named evidence-for-entity --param name=金石机器人
    """
    from . import named as library

    if list_:
        queries = library.named_queries()
        width = max(map(len, queries), default=0)
        for q in queries.values():
            click.echo(f"{q.name:<{width}}  {q.summary}")
        return
    if graph_path is None:
        raise click.UsageError("GRAPH is required (a build folder or a graph.ttl)")
    if (query is None) == (named is None):
        raise click.UsageError("give either QUERY or --named NAME")
    try:
        if named:
            text = library.get(named).text
        elif query.endswith(".rq") and "\n" not in query:
            text = Path(query).read_text(encoding="utf-8")
        else:
            text = query
        text = library.bind(text, dict(_param(p) for p in params))
    except (KeyError, OSError, UnicodeDecodeError) as exc:
        click.echo(f"chainkg: {exc.args[0] if isinstance(exc, KeyError) else exc}", err=True)
        sys.exit(2)
    from .api import load
    from .query import run_query

    try:
        kg = load(graph_path)
    except (OSError, ValueError) as exc:
        click.echo(f"chainkg: {graph_path}: {exc}", err=True)
        sys.exit(2)
    try:
        out = run_query(kg, text, fmt or ("table" if sys.stdout.isatty() else "csv"))
    except SyntaxError as exc:
        click.echo(f"chainkg: query error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"chainkg: query failed: {exc}", err=True)
        sys.exit(2)
    click.echo(out)


def _param(text: str) -> tuple[str, str]:
    var, sep, value = text.partition("=")
    if not sep or not var.strip():
        raise click.BadParameter(f"{text!r} is not VAR=VALUE", param_hint="--param")
    return var.strip().lstrip("?"), value


@main.command()
@click.argument("graph_path", type=click.Path(exists=True, path_type=Path))
@click.option("--port", type=int, default=7878, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
def serve(graph_path, port):
    """Serve the graph as a read-only SPARQL 1.1 endpoint on 127.0.0.1.

    Queries go to /sparql by GET (?query=...) or POST (application/sparql-query or a form);
    results are SPARQL JSON, XML, CSV or TSV by the Accept header. The usual prefixes (ckg:,
    rdfs:, ...) are declared. Stop with Ctrl-C.

    \b
    Example:
      chainkg serve out --port 7878
      curl -H 'Accept: text/csv' http://127.0.0.1:7878/sparql \\
           --data-urlencode 'query=SELECT ?l WHERE { ?a a ckg:Alliance ; rdfs:label ?l }'
    """
    from .api import load
    from .serve import make_server

    try:
        server = make_server(load(graph_path), port=port)
    except (OSError, ValueError) as exc:
        click.echo(f"chainkg: {graph_path}: {exc}", err=True)
        sys.exit(2)
    host, real_port = server.server_address[:2]
    click.echo(f"SPARQL endpoint on http://{host}:{real_port}/sparql (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@click.argument("graph_path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "formats", multiple=True, required=True,
              type=click.Choice(["jsonld", "nt", "graphml", "gexf", "csv", "all"]),
              help="What to write (repeatable): jsonld, nt, graphml, gexf, csv (entities.csv and relations.csv), or all.")
def export(graph_path, formats):
    """Write the graph in other formats beside graph.ttl.

    jsonld -> graph.jsonld, nt -> graph.nt (RDF); graphml -> graph.graphml, gexf -> graph.gexf
    (entity graph for Gephi, yEd, NetworkX); csv -> entities.csv and relations.csv.

    \b
    Example:
      chainkg export out --format graphml --format csv
      chainkg export out --format all
    """
    from .api import load
    from .export import FORMATS, export as run_export

    chosen = list(FORMATS) if "all" in formats else list(dict.fromkeys(formats))
    try:
        written = run_export(load(graph_path), chosen)
    except (OSError, ValueError) as exc:
        click.echo(f"chainkg: {graph_path}: {exc}", err=True)
        sys.exit(2)
    for path in written:
        click.echo(str(path))


@main.command()
@click.argument("graph_path", type=click.Path(exists=True, path_type=Path))
@click.option("--top", type=int, default=10, show_default=True, help="How many top entities to list.")
def stats(graph_path, top):
    """Counts per class and relation, and the most connected entities.

    \b
    Example:
      chainkg stats out
    """
    from .api import load
    from .query import stats_text

    click.echo(stats_text(load(graph_path), top))


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--articles", multiple=True, type=click.Path(path_type=Path), help="Folders to look for the articles in (besides GOLD_DIR and seeds/).")
@click.option("--brief", is_flag=True, help="Totals and tables only, no list of misses and false alarms.")
@click.option("--json", "as_json", is_flag=True, help="Print the totals as JSON.")
def eval_(gold_dir, articles, brief, as_json):
    """Precision, recall and F1 of extraction against gold annotations.

    \b
    Example:
      chainkg eval ../shared/eval/dev --articles ../shared/seeds
    """
    from .evaluate import evaluate, format_report

    search = [*articles, Path("seeds"), gold_dir.parent.parent / "seeds"]
    try:
        rep = evaluate(gold_dir, search)
    except (FileNotFoundError, ValueError) as exc:
        click.echo(f"chainkg: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps({k: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp, "fn": s.fn}
                               for k, s in (("entities", rep.entities), ("relations", rep.relations), ("observations", rep.observations))}, indent=2))
    else:
        click.echo(format_report(rep, details=not brief))


def run() -> None:
    """The ``chainkg`` command: :func:`main`, then an exit that does not free the heap.

    A build leaves millions of small objects (the merged graph, the caches of names), and
    an interpreter that frees them one by one before it exits takes 0.1–0.2 s that nobody
    waits for. The streams are flushed first; the exit code is main's.
    """
    code: int | str | None = 0
    try:
        main()
    except SystemExit as stop:
        code = stop.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: what Python itself exits with when it cannot flush
        code = code or 120
    os._exit(code)


if __name__ == "__main__":
    run()
