"""graph.ttl is Oxigraph's Turtle of the graph's triples, whichever way each block was written."""

import pyoxigraph as ox
import pytest

from graph.records import Evidence, Figure, Post, Story
from graph.resolve import Entity, Relation, Resolved
from graph.rdf import to_triples, write_graph
from graph.vocab import PREFIXES


def _graph(figures: list[Figure]) -> Resolved:
    firm, park = ("Firm", '甲"引号\\反斜杠有限公司'), ("Park", "乙高新区")
    ev = Evidence("s1", 3, 20, '他说："甲公司\\乙"\n入驻乙高新区。', "located.in")
    odd = Evidence("s1", 21, 30, "规则名不寻常", 'rule "quoted"')
    return Resolved(
        {firm: Entity(*firm, ["甲公司"], ["s1"]), park: Entity(*park, [], ["s1", "s2"]),
         ("Person", "丙"): Entity("Person", "丙", [], ["s2"])},
        [Relation(firm, "locatedIn", park, [ev, odd]), Relation(firm, "partnerOf", park, [ev])],
        figures, [Post(("Person", "丙"), firm, "党支部书记", ev)],
        [Story("s1", "a.txt", 0, "…", "标题\t一"), Story("s2", "b.html", 1, "…", "", "记者", "2024-05-01", "gb18030")])


FIGURES = [
    Figure(("Firm", '甲"引号\\反斜杠有限公司'), "营业收入", "586000000", "元", "1.103", "2023年", Evidence("s1", 0, 9, "营收5.86亿元", "figure")),
    Figure(("Park", "乙高新区"), "规上产值", "0.5", "元", None, "", Evidence("s2", 0, 9, "产值", "figure")),
    Figure(("Park", "乙高新区"), "党员", None, "人", "-.25", "", Evidence("s2", 9, 12, "党员", "figure")),
    Figure(("Park", "乙高新区"), "总投资", "1E5", "元", "5.", "", Evidence("s2", 12, 20, "投资", "figure")),
]
# the same observation node as FIGURES[0], with another growth and period
SAME_NODE = Figure(FIGURES[0].subject, "营业收入", "586000000", "元", "1.2", "上半年", FIGURES[0].evidence)


@pytest.mark.parametrize("figures", [[], FIGURES, [FIGURES[0], SAME_NODE]],
                         ids=["no figures", "number shapes", "one node, two figures"])
def test_turtle_is_oxigraphs_serialisation(figures, tmp_path):
    g = _graph(figures)
    write_graph(g, tmp_path / "g.ttl", run=700)  # runs of 700 bytes: the merge of spilled runs is used too
    reference = ox.serialize(to_triples(g), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert (tmp_path / "g.ttl").read_bytes() == reference
