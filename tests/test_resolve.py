"""Merging records: :func:`graph.resolve.extend` gives what merging everything again gives."""

from graph.records import ArticleRecord, EntityRecord, Evidence, Fact, Story
from graph.resolve import extend, merge


def _record(source, firms, facts=()):
    """A record of one story naming ``firms`` (name → aliases), with ``facts`` between them."""
    sid = f"s-{source}"
    ev = Evidence(sid, 0, 5, "引文。", "test.rule")
    return ArticleRecord(
        source, f"digest-{source}", [Story(sid, source, 0, "正文")],
        [EntityRecord("Firm", name, list(aliases), [sid]) for name, aliases in firms.items()],
        [Fact(("Firm", a), "supplies", ("Firm", b), ev) for a, b in facts])


def test_extend_equals_merging_all_again():
    old = [_record("a.txt", {"沧岭精工机械有限公司": ["沧岭精工"], "禺江电机有限公司": []},
                   [("沧岭精工机械有限公司", "禺江电机有限公司")])]
    new = [_record("b.txt", {"沧岭精工": [], "鹤湾新材料有限公司": []}, [("鹤湾新材料有限公司", "沧岭精工")])]
    grown, delta, gone = extend(merge(old), new)
    assert grown.graph == merge(old + new).graph
    assert not gone.entities and not gone.relations
    # the delta is the new relation and every node it changes
    assert [(r.subject[1], r.object[1]) for r in delta.relations] == [("鹤湾新材料有限公司", "沧岭精工机械有限公司")]
    assert sorted(k[1] for k in delta.entities) == ["沧岭精工机械有限公司", "鹤湾新材料有限公司"]


def test_extend_moves_an_entity_whose_label_changes():
    """A new file writes an old firm's registered name with its province: that becomes the
    label, and the old node with its relations is the part that is gone."""
    old = [_record("a.txt", {"沧岭精工机械有限公司": ["沧岭精工"], "禺江电机有限公司": []},
                   [("沧岭精工机械有限公司", "禺江电机有限公司")]),
           _record("b.txt", {"禺江电机有限公司": [], "鹤湾新材料有限公司": []}, [("鹤湾新材料有限公司", "禺江电机有限公司")])]
    new = [_record("c.txt", {"江苏沧岭精工机械有限公司": ["沧岭精工"]})]
    grown, delta, gone = extend(merge(old), new)
    assert grown.graph == merge(old + new).graph
    assert list(gone.entities) == [("Firm", "沧岭精工机械有限公司")]
    assert [(r.subject[1], r.object[1]) for r in gone.relations] == [("沧岭精工机械有限公司", "禺江电机有限公司")]
    assert [(r.subject[1], r.object[1]) for r in delta.relations] == [("江苏沧岭精工机械有限公司", "禺江电机有限公司")]
    assert delta.entities[("Firm", "江苏沧岭精工机械有限公司")].stories == ["s-a.txt", "s-c.txt"]


def test_extend_joins_two_old_nodes_that_turn_out_to_be_one():
    old = [_record("a.txt", {"沧岭精工": [], "禺江电机有限公司": []}, [("沧岭精工", "禺江电机有限公司")]),
           _record("b.txt", {"禺江电机有限公司": [], "沧岭精工机械有限公司": []}, [("禺江电机有限公司", "沧岭精工机械有限公司")])]
    assert len(merge(old).graph.entities) == 3
    new = [_record("c.txt", {"沧岭精工机械有限公司": ["沧岭精工"]})]
    grown, delta, gone = extend(merge(old), new)
    assert grown.graph == merge(old + new).graph
    assert list(gone.entities) == [("Firm", "沧岭精工")]


def test_extend_gives_up_when_an_old_short_name_becomes_ambiguous():
    old = [_record("a.txt", {"沧岭精工机械有限公司": ["沧岭精工"]}), _record("b.txt", {"沧岭精工": []})]
    assert merge(old).graph.entities.keys() == {("Firm", "沧岭精工机械有限公司")}
    new = [_record("c.txt", {"沧岭精工材料有限公司": ["沧岭精工"]})]
    assert extend(merge(old), new) is None
    both = merge(old + new).graph.entities
    assert ("Firm", "沧岭精工") in both  # the short name no longer joins one firm
    # and the two registered names it is short for stay two firms
    assert {("Firm", "沧岭精工机械有限公司"), ("Firm", "沧岭精工材料有限公司")} <= both.keys()


def test_registered_name_with_its_place_is_the_same_firm():
    records = [_record("a.txt", {"江苏沧岭精工机械有限公司": ["沧岭精工"]}),
               _record("b.txt", {"沧岭精工机械有限公司": ["沧岭精工"]})]
    assert merge(records).graph.entities.keys() == {("Firm", "江苏沧岭精工机械有限公司")}


def test_extend_refuses_a_file_it_already_has():
    old = [_record("a.txt", {"禺江电机有限公司": []})]
    assert extend(merge(old), old) is None


def _places(source, type_, names):
    sid = f"s-{source}"
    return ArticleRecord(source, f"digest-{source}", [Story(sid, source, 0, "正文")],
                         [EntityRecord(type_, n, [], [sid]) for n in names])


def test_name_written_with_its_province_or_city_is_one_node():
    records = [_places("a.txt", "Park", ["河南颍泽经济开发区"]), _places("b.txt", "Park", ["颍泽经济开发区"]),
               _places("c.txt", "Region", ["泖阳市芦墩镇"]), _places("d.txt", "Region", ["芦墩镇"])]
    assert merge(records).graph.entities.keys() == {("Park", "河南颍泽经济开发区"), ("Region", "泖阳市芦墩镇")}


def test_name_with_two_provinces_before_it_stays_apart():
    records = [_places("a.txt", "Park", ["河南颍泽经济开发区"]), _places("b.txt", "Park", ["安徽颍泽经济开发区"]),
               _places("c.txt", "Park", ["颍泽经济开发区"])]
    assert len(merge(records).graph.entities) == 3
