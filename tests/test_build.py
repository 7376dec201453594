"""The end-to-end build of the seeds: files, conformance, provenance, determinism."""


import pytest
from rdflib import Graph

from conftest import ROOT, SEEDS


def test_build_writes_turtle_and_html(seed_build):
    out, result = seed_build
    assert (out / "graph.ttl").stat().st_size > 1000
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert "vis.Network" in html and "武进国家高新区" in html
    assert not result.problems
    # written through a private temporary file, but the result is an ordinary readable file
    assert (out / "graph.ttl").stat().st_mode & 0o044


def test_turtle_conforms_to_shapes(seed_build):
    from pyshacl import validate

    data = Graph().parse(seed_build[0] / "graph.ttl", format="turtle")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text[:3000]


def test_every_relation_has_evidence(seed_graph):
    from graph.vocab import RELATIONS

    vals = " ".join(f"ckg:{r}" for r in RELATIONS)
    missing = seed_graph.query(f"""SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {vals} }} ?s ?p ?o .
        FILTER NOT EXISTS {{ ?ev a ckg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
            ckg:quote ?q ; ckg:charStart ?b ; ckg:charEnd ?e ; ckg:rule ?r ; prov:wasDerivedFrom ?a }} }}""")
    assert missing == []


def test_evidence_offsets_point_at_the_quote(seed_build):
    _, result = seed_build
    texts = {s.id: s.text for s in result.graph.stories}
    for rel in result.graph.relations:
        for ev in rel.evidence:
            assert texts[ev.story][ev.start:ev.end] == ev.quote


def test_two_builds_are_byte_identical(seed_build, tmp_path):
    from graph.build import build

    build([SEEDS], tmp_path, jobs=2, use_cache=False)
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / name).read_bytes() == (seed_build[0] / name).read_bytes()


@pytest.mark.parametrize("word", ["夜校", "轮渡", "志愿者", "政协", "冬训", "垃圾", "雷锋", "独墅湖", "宝鸡"])
def test_unrelated_stories_give_no_alliance_facts(seed_graph, word):
    rows = seed_graph.query(f"""SELECT ?q WHERE {{ VALUES ?p {{ ckg:hasAlliance ckg:chainOwner ckg:hasMember ckg:onChain }}
        ?ev rdf:predicate ?p ; ckg:quote ?q . FILTER(CONTAINS(?q, "{word}")) }}""")
    assert rows == []


def test_no_volunteer_or_innovation_alliance(seed_graph):
    labels = [r[0] for r in seed_graph.query("SELECT ?l WHERE { ?a a ckg:Alliance ; rdfs:label ?l }")]
    assert labels and not [l for l in labels if "志愿" in l or "融合发展" in l]


def test_wujin_chain_owners(seed_graph):
    rows = set(seed_graph.query("""SELECT ?al ?fl WHERE { ?a ckg:chainOwner ?f ; rdfs:label ?al . ?f rdfs:label ?fl .
        FILTER(STRSTARTS(?al, "武进")) }"""))
    assert ("武进国家高新区机器人产业链党建联盟", "金石机器人常州股份有限公司") in rows
    assert ("武进国家高新区新能源汽车产业链党建联盟", "中汽研汽车检验中心（常州）有限公司") in rows


def test_observation_in_base_units(seed_graph):
    rows = seed_graph.query("""SELECT ?v ?g WHERE { ?o a ckg:Observation ; ckg:value ?v ; ckg:growthRate ?g }""")
    values = {(str(v), str(g)) for v, g in rows}
    assert ("46410000000", "1.378") in values
