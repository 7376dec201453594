"""Queries, the library of named queries, the SPARQL endpoint, exports and analysis scripts."""

import json
import subprocess
import sys
import threading
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from conftest import ROOT
from graph.cli import main
from graph.named import named_queries

#: every named query, and rows it must give on the seed build (each dict: part of one row)
EXPECTED = {
    "alliances-by-host": [{"host": "武进国家高新区", "alliances": "3", "alliance": "武进国家高新区工程机械产业链党建联盟",
                           "chain": "工程机械"}],
    "alliance-owners-members": [
        {"alliance": "武进国家高新区机器人产业链党建联盟", "role": "owner", "organisation": "金石机器人常州股份有限公司"},
        {"alliance": "武进国家高新区新能源汽车产业链党建联盟", "role": "owner",
         "organisation": "中汽研汽车检验中心（常州）有限公司", "host": "武进国家高新区", "chain": "新能源汽车"},
        {"alliance": "武进国家高新区新能源汽车产业链党建联盟", "role": "member", "organisation": "理想汽车"},
    ],
    "bridges": [{"organisation": "江苏君华特种高分子材料股份有限公司", "type": "Firm", "memberOf": "1", "linkedTo": "1"},
                {"organisation": "金石机器人常州股份有限公司", "memberOf": "1", "linkedTo": "1"}],
    "people-several-posts": [{"person": "朱惠明", "organisations": "2"}],
    "partners-suppliers": [
        {"firm": "常熟三爱富中吴化工新材料有限公司", "relation": "customer", "other": "科慕三爱富氟化物(常熟)有限公司"},
        {"firm": "科慕三爱富氟化物(常熟)有限公司", "relation": "supplier", "other": "常熟三爱富中吴化工新材料有限公司"},
        {"firm": "常州玉柴机械有限公司", "relation": "partner", "other": "博世力士乐"},
        {"firm": "中汽研汽车检验中心（常州）有限公司", "relation": "partner", "other": "理想汽车"},
    ],
    "figures-by-host": [
        {"host": "武进国家高新区", "period": "上半年", "indicator": "规上产值", "value": "46410000000", "unit": "元",
         "growthRate": "1.378"},
        {"host": "常熟新材料产业园", "indicator": "氟化工企业产值", "value": "25340000000", "growthRate": "0.684"},
    ],
    "evidence-for-entity": [{"subject": "金石机器人常州股份有限公司", "property": "chainOwnerOf", "object": "机器人",
                             "source": "000_ab9e6bc6ca2b37e5.txt"}],
    "articles-mentioning": [{"entity": "武进国家高新区", "source": "000_ab9e6bc6ca2b37e5.txt", "story": "0"},
                            {"entity": "武进国家高新区", "source": "001_5d23c80bb89b9adf.txt", "story": "0"}],
    "chains": [{"chain": "机器人", "owners": "金石机器人常州股份有限公司"}],
}


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _rows(output: str) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(output)))


def test_every_named_query_is_tested():
    assert set(named_queries()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_on_seeds(seed_build, name):
    r = _run("query", seed_build[0], "--named", name, "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = _rows(r.output)
    assert rows, f"{name} gave no rows"
    for want in EXPECTED[name]:
        assert any(all(row[k] == v for k, v in want.items()) for row in rows), (name, want)


def test_named_query_summaries_and_list():
    r = _run("query", "--list")
    assert r.exit_code == 0
    for name, q in named_queries().items():
        assert q.summary and q.text.startswith("# ")
        assert name in r.output and q.summary in r.output


def test_wujin_alliances_and_owners(seed_build):
    rows = _rows(_run("query", seed_build[0], "--named", "alliances-by-host", "--format", "csv").output)
    wujin = {r["alliance"] for r in rows if r["host"] == "武进国家高新区"}
    assert len(wujin) == 3 and {r["alliances"] for r in rows if r["host"] == "武进国家高新区"} == {"3"}
    rows = _rows(_run("query", seed_build[0], "--named", "alliance-owners-members", "--format", "csv").output)
    owners = {r["organisation"] for r in rows if r["alliance"] in wujin and r["role"] == "owner"}
    assert {"金石机器人常州股份有限公司", "中汽研汽车检验中心（常州）有限公司", "柳工常州机械有限公司"} <= owners


def test_param_sets_the_entity(seed_build):
    r = _run("query", seed_build[0] / "graph.ttl", "--named", "evidence-for-entity",
             "--param", "name=柳工常州机械有限公司", "--format", "csv")
    rows = _rows(r.output)
    assert rows and all("柳工常州机械有限公司" in (row["subject"], row["object"]) for row in rows)
    r = _run("query", seed_build[0], "--named", "bridges", "--param", "nope=1")
    assert r.exit_code == 2 and "nope" in r.output


@pytest.mark.parametrize("args, message", [
    (["--named", "no-such-query"], "no named query"),
    (["SELECT ?x WHERE { ?x ?p ?o }", "--named", "bridges"], "either QUERY or --named"),
])
def test_query_usage_errors(seed_build, args, message):
    r = _run("query", seed_build[0], *args)
    assert r.exit_code == 2 and message in r.output


def test_query_needs_a_graph():
    r = _run("query", "--named", "bridges")
    assert r.exit_code == 2 and "GRAPH" in r.output


def test_syntax_error_gives_line_and_column(seed_build):
    r = _run("query", seed_build[0], "SELECT ?x\nWHERE { ?x a ckg:Firm\n  FILTER( }")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "line 3, column" in r.output and "FILTER( }" in r.output


def test_json_output_is_sparql_results(seed_build):
    r = _run("query", seed_build[0], "--named", "bridges", "--format", "json")
    data = json.loads(r.output)
    assert "organisation" in data["head"]["vars"] and data["results"]["bindings"]


def test_build_folder_keeps_a_store(tmp_path, seed_build):
    import shutil

    import graph

    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(seed_build[0] / "graph.ttl", out / "graph.ttl")
    kg = graph.load(out)
    assert (out / "store").is_dir() and not [p for p in out.iterdir() if p.name.startswith(".store")]
    n = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0]
    stamp = (out / "store" / "chainkg-source.json").read_text()
    del kg
    assert graph.load(out).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0] == n
    assert (out / "store" / "chainkg-source.json").read_text() == stamp  # reused, not made again
    # a new graph.ttl makes a new store
    (out / "graph.ttl").write_text('<urn:a> <urn:b> "c" .\n', encoding="utf-8")
    assert graph.load(out).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0] == 1


def test_networkx_node_types_and_aliases(seed_graph):
    G = seed_graph.to_networkx()
    both = seed_graph.query("SELECT ?a WHERE { ?a a ckg:Alliance, ckg:PartyOrganization }")
    assert both and all(G.nodes[a]["type"] == "Alliance" for a, in both)  # the alliance wins
    for e, alias in seed_graph.query("SELECT ?e ?l WHERE { ?e skos:altLabel ?l ; rdfs:label ?x }"):
        assert alias in G.nodes[e]["aliases"]
    assert all(isinstance(d["aliases"], list) for _, d in G.nodes(data=True))
    assert all(k == d["property"] for _, _, k, d in G.edges(keys=True, data=True))
    ents = seed_graph.entities()
    assert ents["iri"].is_unique and "aliases" in ents.columns


# --- the SPARQL endpoint -------------------------------------------------------------

@pytest.fixture(scope="module")
def endpoint(seed_build):
    import graph
    from graph.serve import make_server

    server = make_server(graph.load(seed_build[0]), port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.shutdown()
    server.server_close()
    thread.join(5)


QUERY = "SELECT ?l WHERE { ?a a ckg:Alliance ; rdfs:label ?l } ORDER BY ?l"


def _http(url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, resp.headers, resp.read().decode("utf-8")


def test_serve_get_json(endpoint):
    status, headers, body = _http(endpoint + "?" + urllib.parse.urlencode({"query": QUERY}))
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert headers["Access-Control-Allow-Origin"] == "*"
    labels = [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert "武进国家高新区机器人产业链党建联盟" in labels


def test_serve_post_query_and_form_csv(endpoint):
    status, headers, body = _http(endpoint, QUERY.encode("utf-8"),
                                  {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0] == "l" and "武进国家高新区工程机械产业链党建联盟" in body
    form = urllib.parse.urlencode({"query": "ASK { ?a a ckg:Alliance }"}).encode()
    _, _, body = _http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert json.loads(body)["boolean"] is True


@pytest.mark.parametrize("data, ctype, status", [
    (b"SELEC ?x", "application/sparql-query", 400),
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update", 403),
    (b"update=INSERT+DATA+%7B%7D", "application/x-www-form-urlencoded", 403),
])
def test_serve_rejects_bad_queries_and_updates(endpoint, data, ctype, status):
    with pytest.raises(urllib.error.HTTPError) as exc:
        _http(endpoint, data, {"Content-Type": ctype})
    assert exc.value.code == status


def test_serve_command_runs_on_loopback(seed_build):
    """The real command in a subprocess: answers, then stops on SIGINT."""
    import signal
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", str(seed_build[0]), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "127.0.0.1" in proc.stderr.readline()  # the server is listening
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": QUERY})
        _, _, body = _http(url, headers={"Accept": "text/csv"})
        assert "武进国家高新区新能源汽车产业链党建联盟" in body
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
    assert proc.returncode == 0


# --- exports ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(seed_build, tmp_path_factory):
    import shutil

    out = tmp_path_factory.mktemp("export")
    shutil.copy(seed_build[0] / "graph.ttl", out / "graph.ttl")
    r = _run("export", out, "--format", "all")
    assert r.exit_code == 0, r.output
    return out


@pytest.mark.parametrize("name, fmt", [("graph.nt", "nt"), ("graph.jsonld", "json-ld")])
def test_rdf_exports_are_the_same_graph(exported, name, fmt):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    assert isomorphic(Graph().parse(exported / name, format=fmt), Graph().parse(exported / "graph.ttl"))


@pytest.mark.parametrize("name", ["graph.graphml", "graph.gexf"])
def test_network_exports_read_back(exported, seed_graph, name):
    import networkx as nx

    G = (nx.read_graphml if name.endswith("graphml") else nx.read_gexf)(exported / name)
    ref = seed_graph.to_networkx()
    assert G.number_of_nodes() == ref.number_of_nodes() and G.number_of_edges() == ref.number_of_edges()
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert "金石机器人常州股份有限公司" in labels
    assert {d["property"] for _, _, d in G.edges(data=True)} >= {"chainOwner", "hasMember", "partnerOf"}
    assert all(isinstance(d.get("aliases", ""), str) for _, d in G.nodes(data=True))


def test_csv_exports(exported, seed_graph):
    import pandas as pd

    ents = pd.read_csv(exported / "entities.csv")
    rels = pd.read_csv(exported / "relations.csv")
    assert len(ents) == len(seed_graph.entities()) and len(rels) == len(seed_graph.relations())
    assert (rels["property"] == "chainOwner").any()


def test_exports_are_deterministic(exported, tmp_path):
    import shutil

    shutil.copy(exported / "graph.ttl", tmp_path / "graph.ttl")
    assert _run("export", tmp_path, "--format", "all").exit_code == 0
    for name in ("graph.nt", "graph.jsonld", "graph.graphml", "graph.gexf", "entities.csv", "relations.csv"):
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes(), name


# --- analysis scripts ------------------------------------------------------------------

@pytest.mark.parametrize("script, expect", [
    ("centrality.py", "金石机器人常州股份有限公司"),
    ("bridges.py", "江苏君华特种高分子材料股份有限公司"),
    ("hosts.py", "武进国家高新区"),
    ("timeline.py", "no dated articles"),
])
def test_scripts_run_on_seeds(seed_build, script, expect):
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / script), str(seed_build[0])],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert expect in r.stdout


def test_script_writes_png(seed_build, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "hosts.png"
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "hosts.py"), str(seed_build[0]), "--png", str(png)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
