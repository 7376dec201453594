"""Sentence-level patterns of the genre, each pinned by the smallest text that shows it.

The annotated sets (tests/test_eval.py) measure extraction as a whole; these say which
language pattern broke when a score drops.
"""

import pytest

from graph.extract import extract_text


def _facts(text: str) -> set[tuple[str, str, str]]:
    rec = extract_text(text, "t.txt")
    return {(f.subject[1], f.predicate, f.object[1]) for f in rec.facts}


def _firms(text: str) -> dict[str, set[str]]:
    rec = extract_text(text, "t.txt")
    return {e.name: set(e.aliases) for e in rec.entities if e.type == "Firm"}


@pytest.mark.parametrize("text, alliance, chain", [
    # words between a boundary and a known industry name the chain with it
    ("澧源县委组织部牵头成立澧源县休闲食品产业链党建联盟。", "澧源县休闲食品产业链党建联盟", "休闲食品"),
    ("经开区召开推进会，专用汽车产业链联合党委晒出成绩单。", "专用汽车产业链联合党委", "专用汽车"),
    # a short word right after a region is the chain, even one jieba reads as a number
    ("这家企业是砚溪县三七产业链党建联盟的链主企业。", "砚溪县三七产业链党建联盟", "三七"),
])
def test_chain_named_before_the_alliance_kind(text, alliance, chain):
    assert any(s.endswith(alliance) and p == "onChain" and o == chain for s, p, o in _facts(text))


def test_chinese_numeral_counts_need_a_measure_word():
    facts = _facts("全县组建三个产业链党委，其中砚溪县三七产业链党委由县长牵头。")
    assert ("砚溪县三七产业链党委", "onChain", "三七") in facts


@pytest.mark.parametrize("short", ["，味之源公司收购", "，销往味之源公司"])
def test_short_name_with_generic_suffix_is_the_registered_firm(short):
    text = ("澧源县成立休闲食品产业链党建联盟。湖南味之源食品股份有限公司（以下简称“味之源”）是链主企业。"
            f"湖南味之源电子商务有限公司负责线上销售。大豆收获后{short}。")
    firms = _firms(text)
    assert "味之源公司" in firms["湖南味之源食品股份有限公司"], firms
    assert not any(name.endswith("味之源公司") for name in firms)


def test_ambiguous_short_name_stays_apart():
    # 渤澄 is a piece of two registered names and 公司 says nothing more: not linked
    firms = _firms("渤澄经开区成立船舶产业链党委。渤澄华泰船舶涂料有限公司和渤澄重型机械有限公司都是成员单位。"
                   "渤澄公司表示将扩产。")
    assert "渤澄公司" not in firms["渤澄华泰船舶涂料有限公司"] | firms["渤澄重型机械有限公司"]


def test_list_item_name_jieba_cannot_segment_is_kept_whole():
    firms = _firms("曾阳经开区成立汽车零部件产业链党建联盟，成员单位包括湖北鑫固铸造有限公司、曾阳凯达汽车电器有限公司等。")
    assert "曾阳凯达汽车电器有限公司" in firms and "汽车电器有限公司" not in firms


def test_a_mention_cut_short_is_the_fuller_name():
    text = ("曾阳经开区成立汽车零部件产业链党建联盟，成员单位包括曾阳凯达汽车电器有限公司。"
            "记者走访汽车电器有限公司时看到，生产线满负荷运转。")
    assert "汽车电器有限公司" not in _firms(text)


def test_date_before_a_place_is_not_part_of_it():
    rec = extract_text("2023年峦江县组建锂电产业链党建联盟。", "t.txt")
    assert {e.name for e in rec.entities if e.type == "Region"} == {"峦江县"}


def test_subsidiary_written_child_first():
    facts = _facts("汴阳高新区成立新材料产业链党建联盟。链主企业为河南豫硅新材料股份有限公司（下称豫硅新材）。"
                   "河南恒安石墨烯科技有限公司是豫硅新材的控股子公司。")
    assert ("河南恒安石墨烯科技有限公司", "subsidiaryOf", "河南豫硅新材料股份有限公司") in facts


def test_located_after_a_second_clause():
    facts = _facts("汴阳高新区成立新材料产业链党建联盟。链主企业为河南豫硅新材料股份有限公司。"
                   "河南恒安石墨烯科技有限公司是河南豫硅新材料股份有限公司的控股子公司，2023年入驻汴阳高新区新材料孵化园。")
    assert ("河南恒安石墨烯科技有限公司", "locatedIn", "汴阳高新区新材料孵化园") in facts
    assert not any(s == "河南豫硅新材料股份有限公司" and p == "locatedIn" for s, p, _ in facts)
