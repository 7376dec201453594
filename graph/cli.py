"""The ``chainkg`` command line: thin commands over the public functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__

EPILOG_BUILD = """\b
Example:
  chainkg build seeds --out out     # then open out/graph.html
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
@click.option("--no-cache", is_flag=True, help="Re-extract every file instead of using OUT/.cache.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any input file had a problem.")
def build(paths, out, jobs, max_bytes, html_max_nodes, no_cache, strict):
    """Build a graph from article files and folders (.txt, .md, .html)."""
    from .build import build as run_build, report_problems

    progress = _progress() if sys.stderr.isatty() else None
    result = run_build(list(paths), out, jobs=jobs, max_bytes=max_bytes, html_max_nodes=html_max_nodes,
                       use_cache=not no_cache, progress=progress)
    if progress:
        click.echo("", err=True)
    report_problems(result.problems)
    g = result.graph
    read = {s.source for s in g.stories}
    click.echo(f"{result.files} files, {len(g.stories)} articles, {len(g.entities)} entities, "
               f"{len(g.relations)} relations, {result.triples} triples -> {out / 'graph.ttl'}, {out / 'graph.html'}", err=True)
    if (strict and result.problems) or not read:
        sys.exit(1)  # every input failed (or --strict and any did)


def _progress():
    def show(done, total):
        click.echo(f"\rextracting {done}/{total}", err=True, nl=False)
    return show


@main.command()
@click.argument("graph_path", type=click.Path(exists=True, path_type=Path))
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default=None, help="Output format (default: table on a terminal, csv otherwise).")
def query(graph_path, query, fmt):
    """Run a SPARQL query (text or a .rq file) on a graph.ttl or build folder.

    \b
    Example:
      chainkg query out "SELECT ?a ?l WHERE { ?a a ckg:Alliance ; rdfs:label ?l }"
    """
    from .api import load
    from .query import run_query

    try:
        text = Path(query).read_text(encoding="utf-8") if query.endswith(".rq") and Path(query).exists() else query
        kg = load(graph_path)
        out = run_query(kg, text, fmt or ("table" if sys.stdout.isatty() else "csv"))
    except SyntaxError as exc:
        click.echo(f"chainkg: query error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"chainkg: {graph_path}: {exc}", err=True)
        sys.exit(2)
    click.echo(out)


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
                               for k, s in (("entities", rep.entities), ("relations", rep.relations))}, indent=2))
    else:
        click.echo(format_report(rep, details=not brief))


if __name__ == "__main__":
    main()
