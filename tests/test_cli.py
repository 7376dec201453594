"""Every command has help with an example; errors are one line naming the problem."""

import pytest
from click.testing import CliRunner

from graph.cli import main


def _commands():
    return sorted(main.commands)


@pytest.mark.parametrize("name", _commands())
def test_help_has_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "chainkg " + name in result.output


def test_build_query_stats(article_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    r = runner.invoke(main, ["build", str(article_dir), "--out", str(out), "-j", "1"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["query", str(out), "SELECT ?l WHERE { ?a a ckg:Alliance ; rdfs:label ?l } ORDER BY ?l", "--format", "csv"])
    assert r.exit_code == 0 and "武进国家高新区机器人产业链党建联盟" in r.output
    r = runner.invoke(main, ["stats", str(out)])
    assert r.exit_code == 0 and "Alliance" in r.output


def test_query_syntax_error_is_reported(article_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    runner.invoke(main, ["build", str(article_dir), "--out", str(out), "-j", "1"])
    r = runner.invoke(main, ["query", str(out), "SELEC ?x WHERE {"])
    assert r.exit_code == 2 and "query error" in r.output and "Traceback" not in r.output


def test_missing_input_is_named(tmp_path):
    r = CliRunner().invoke(main, ["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1 and "nope.txt" in r.output


def test_command_exits_with_main_code_and_flushed_output(seed_build, tmp_path):
    """``python -m graph.cli`` (and the ``chainkg`` script) ends with os._exit: what was
    printed to a pipe still arrives, and the exit code is the command's."""
    import subprocess
    import sys

    out, _ = seed_build
    ok = subprocess.run([sys.executable, "-m", "graph.cli", "stats", str(out)], capture_output=True, text=True)
    assert ok.returncode == 0 and "Alliance" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "graph.cli", "query", str(out), "SELEC ?x WHERE {"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "query error" in bad.stderr
    none = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert none.returncode == 1 and "nope.txt" in none.stderr
