"""The Python API for scripted analysis."""


def test_networkx_nodes_and_edges(seed_graph):
    G = seed_graph.to_networkx()
    types = {d["type"] for _, d in G.nodes(data=True)}
    assert {"Firm", "Alliance", "Park", "IndustrialChain", "Person"} <= types
    keys = {k for _, _, k in G.edges(keys=True)}
    assert {"hasAlliance", "onChain", "chainOwner"} <= keys
    assert all("label" in d for _, d in G.nodes(data=True))


def test_dataframes_and_evidence(seed_graph):
    ents = seed_graph.entities()
    assert {"iri", "type", "label", "articles"} <= set(ents.columns)
    rels = seed_graph.relations()
    assert (rels["property"] == "chainOwner").any()
    ev = seed_graph.evidence("金石机器人")
    assert len(ev) and ev["quote"].str.len().min() > 0


def test_rdflib_view(seed_graph):
    assert len(seed_graph.rdf) > 100
