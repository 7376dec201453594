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
    # a known industry and a noun that narrows it, whatever word comes before
    ("提前交付的底气，来自稀土永磁产业链党委。", "稀土永磁产业链党委", "稀土永磁"),
    # a thing and a deed (船舶修造) right after the host that names the alliance
    ("浙江海舟船舶集团有限公司牵头组建海舟集团船舶修造产业链党建联盟。", "海舟集团船舶修造产业链党建联盟", "船舶修造"),
    # one word jieba does not know, after 成立的 or 成立, that is no place
    ("变化源于去年4月成立的鞋服产业链党建联盟。", "鞋服产业链党建联盟", "鞋服"),
    ("陈埭镇党委牵头成立鞋服产业链党建联盟。", "鞋服产业链党建联盟", "鞋服"),
])
def test_chain_named_before_the_alliance_kind(text, alliance, chain):
    assert any(s.endswith(alliance) and p == "onChain" and o == chain for s, p, o in _facts(text))


def test_a_city_nickname_jieba_splits_stays_in_the_firm_name():
    # 鸢|都: 都 is no adverb here
    firms = _firms("高端动力装备产业链党建联盟成立大会在山东鸢都动力科技股份有限公司举行。")
    assert "山东鸢都动力科技股份有限公司" in firms, firms


def test_a_place_with_its_suffix_is_no_chain():
    facts = _facts("洮宁市两条产业链党委“结对”跑出加速。")
    assert not any(p == "onChain" for s, p, o in facts), facts


def test_a_headline_may_call_the_alliance_by_a_shorter_chain():
    text = ("▍宜宾三江新区：锂电产业链党委“链”出发展加速度\n\n近日，宜宾三江新区动力电池产业链党委召开联席会议，"
            "以四川锂源动力电池有限公司为链主企业。")
    rec = extract_text(text, "t.txt")
    alliances = [e for e in rec.entities if e.type == "Alliance"]
    chains = {e.name: set(e.aliases) for e in rec.entities if e.type == "IndustrialChain"}
    assert len(alliances) == 1 and {"宜宾三江新区动力电池产业链党委", "锂电产业链党委"} <= {
        alliances[0].name, *alliances[0].aliases}, alliances
    assert set(chains) == {"动力电池"} and "锂电" in chains["动力电池"], chains


def test_an_alliance_written_with_its_host_but_no_chain_is_the_storys_one():
    text = ("甘肃陇原能源集团有限公司（简称“陇原集团”）牵头成立陇原能源集团风电装备产业链党委。"
            "酒泉市工业和信息化局将陇原集团产业链党委纳入全市链长制工作体系。")
    alliances = _entities(text, "Alliance")
    assert len(alliances) == 1, alliances


def test_a_province_before_the_chain_is_no_word_of_it():
    facts = _facts("5月16日，山西煤机装备产业链党建联合体第三次联席会议在太原召开。")
    assert {o for s, p, o in facts if p == "onChain"} == {"煤机装备"}, facts


def test_a_chain_shortened_later_is_the_same_alliance():
    text = ("5月16日，山西煤机装备产业链党建联合体第三次联席会议在太原召开。"
            "省国资委有关负责人表示，煤机产业链党建联合体成立两年来，成员单位协同攻关。")
    assert len(_entities(text, "Alliance")) == 1, _entities(text, "Alliance")
    assert len(_entities(text, "IndustrialChain")) == 1


def test_two_chains_listed_together_stay_two():
    text = "该区成立汽车、汽车零部件2个产业链党委。汽车产业链党委由区长任链长。"
    assert len(_entities(text, "Alliance")) == 2, _entities(text, "Alliance")


def test_a_bureau_short_form_keeps_its_level_kind_and_some_characters():
    text = ("贵阳高新区成立电子信息产业链党建联盟。贵阳市大数据发展管理局党组成员、副局长吴天明表示，"
            "市大数据局将支持链上企业参与数字化改造。")
    assert _entities(text, "GovernmentBody") == {"贵阳市大数据发展管理局": {"市大数据局"}}


def test_a_branch_named_by_its_firms_short_name_is_that_branch():
    text = ("贵阳高新区成立电子信息产业链党建联盟，成员包括深圳迅联通信技术有限公司贵阳分公司等31家企业。"
            "今年6月，迅联通信贵阳分公司入驻高新区。")
    firms = _firms(text)
    assert "迅联通信贵阳分公司" not in firms and "迅联通信贵阳分公司" in firms["深圳迅联通信技术有限公司贵阳分公司"], firms


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


def _entities(text: str, type_: str) -> dict[str, set[str]]:
    rec = extract_text(text, "t.txt")
    return {e.name: set(e.aliases) for e in rec.entities if e.type == type_}


def test_cooperative_short_name_is_the_registered_one():
    firms = _firms("沧岭县成立茶叶产业链党建联盟，成员单位包括沧岭县云雾茶叶种植专业合作社等12家。"
                   "今年，云雾合作社与链主企业签订收购协议。")
    assert "云雾合作社" in firms.get("沧岭县云雾茶叶种植专业合作社", set()), firms


def test_full_name_written_twice_does_not_make_a_short_name_ambiguous():
    text = ("贵州黔磷化工集团有限责任公司牵头组建磷化工产业链联合党委，黔磷化工（瓮江）新材料有限公司为成员。"
            "贵州黔磷化工集团有限责任公司党委书记蒙国华说，黔磷化工（瓮江）新材料有限公司投产后，黔磷集团将扩产。")
    assert "黔磷集团" in _firms(text)["贵州黔磷化工集团有限责任公司"]


def test_short_name_that_is_also_the_county_is_the_firm_named_after_it():
    # 沱阳 is the county in 沱阳县恒信玻璃制品有限公司 and the trade name in 四川沱阳酒业集团有限公司
    firms = _firms("沱阳县成立白酒产业链党建联盟，四川沱阳酒业集团有限公司为链主企业，沱阳县恒信玻璃制品有限公司为成员单位。"
                   "恒信玻璃与沱阳公司联合开发新酒瓶。")
    assert "沱阳公司" in firms["四川沱阳酒业集团有限公司"], firms


@pytest.mark.parametrize("full, short", [("禺江高新技术产业开发区", "禺江高新区"), ("广东汾川高新技术开发区", "汾川高新区"),
                                         ("湘桥东湖新技术开发区", "东湖高新区")])
def test_park_short_name_is_the_full_one(full, short):
    parks = _entities(f"{full}成立新型显示产业链党委。{short}现有企业200余家。", "Park")
    assert short in parks.get(full, set()) and short not in parks, parks


def test_group_short_name_is_the_group_not_its_subsidiary():
    # both full names hold 稀元集团; it is all of the group's name but its place and legal form
    text = ("稀土高新区成立稀土永磁产业链党委，内蒙古稀元集团有限公司为链主企业。"
            "旗下全资子公司内蒙古稀元集团永磁材料有限公司（以下简称“稀元永磁”）生产磁钢。"
            "稀元集团党委书记、董事长王振宇说，稀元永磁做磁材。")
    firms = _firms(text)
    assert "稀元集团" in firms["内蒙古稀元集团有限公司"], firms
    assert "稀元集团" not in firms["内蒙古稀元集团永磁材料有限公司"], firms
    assert ("王振宇", "affiliatedWith", "内蒙古稀元集团有限公司") in _facts(text)


def test_a_piece_of_a_firm_name_before_chanye_is_the_industry():
    # 永磁 is a piece of 内蒙古稀元集团永磁材料有限公司, but 稀土永磁产业链 names an industry
    text = ("内蒙古稀元集团永磁材料有限公司生产烧结钕铁硼磁钢。"
            "稀土高新区在稀土永磁产业链上成立产业链党委，由刘建平担任链长。")
    firms = _firms(text)
    assert "永磁" not in firms["内蒙古稀元集团永磁材料有限公司"], firms
    assert ("刘建平", "chainChiefOf", "稀土永磁") in _facts(text)


def test_town_without_its_city_is_the_same_town():
    regions = _entities("渌州市陶岭镇成立陶瓷产业链党建联合体。陶岭镇是有名的日用瓷产地。", "Region")
    assert "陶岭镇" in regions.get("渌州市陶岭镇", set()) and "陶岭镇" not in regions, regions


def test_an_alliance_written_with_its_county_is_read_whole_in_its_sentence():
    # two alliances in the story: the one the sentence names owns the firm, not "the story's one"
    text = ("澄江县锂电产业链党建联盟与邻县梓溪县锂矿产业链党建联盟签订结对共建协议。"
            "梓溪县锂矿产业链党建联盟于去年成立，链主企业为江西梓溪矿业集团有限公司，"
            "成员单位有梓溪县宏源选矿有限公司、梓溪县安达矿山运输有限公司等9家。")
    facts = _facts(text)
    assert ("梓溪县锂矿产业链党建联盟", "chainOwner", "江西梓溪矿业集团有限公司") in facts, facts
    assert ("梓溪县锂矿产业链党建联盟", "hasMember", "梓溪县宏源选矿有限公司") in facts, facts  # not 有梓溪县…
    assert not any(s.startswith("邻县") or o.startswith("邻县") for s, _, o in facts), facts


def test_an_alliance_named_at_the_start_of_a_paragraph_takes_its_members():
    text = ("澄州市国资委推动绿色建材、城市供水2条产业链联合党委同步揭牌。\n\n"
            "绿色建材产业链联合党委首批成员单位共11家，既有澄州绿筑新型建材有限公司，也有澄州华固管桩有限公司等民营企业。\n\n"
            "城市供水产业链联合党委首批吸纳成员单位9家，包括澄州江川管业有限公司、澄州净泉环保药剂有限公司等。")
    members = {(s, o) for s, p, o in _facts(text) if p == "hasMember"}
    water = next(s for s, _ in members if "城市供水" in s) if any("城市供水" in s for s, _ in members) else None
    assert water and (water, "澄州江川管业有限公司") in members, members
    assert not any("江川" in o for s, o in members if "建材" in s), members
    assert any(o == "澄州华固管桩有限公司" for _, o in members), members  # not 有澄州华固…


@pytest.mark.parametrize("headline, body", [
    ("兰江模具产业党建联盟：让小模具撬动大产业", "兰江街道党工委牵头成立兰江街道模具产业链党建联盟。兰江模具远销海外。"),  # 产业 for 产业链
    ("渤阳轮胎产业链党建联盟 让链上企业跑出加速度", "渤阳区委组织部发起成立渤阳区橡胶轮胎产业链党建联盟。渤阳轮胎远销海外。"),  # the chain's last word
    ("澜川茶产业党建联盟：一片叶子串起共富链", "澜川县委牵头成立澜川县茶叶产业链党建联盟。"),  # its one character
])
def test_a_headline_names_the_alliance_by_place_and_a_piece_of_its_chain(headline, body):
    alliances = _entities(headline + "\n\n" + body, "Alliance")
    assert len(alliances) == 1 and headline.split("党建联盟")[0] + "党建联盟" in next(iter(alliances.values())), alliances


def test_a_firm_written_into_the_chain_is_no_word_of_it():
    text = ("3月26日，云南滇岚农垦集团有限责任公司（以下简称“滇岚农垦”）召开会议，滇岚农垦咖啡产业链党建联合体正式成立。\n\n"
            "咖啡产业链党建联合体由农垦集团所属企业和地方企业共同组成，首批成员12家。")
    alliances = _entities(text, "Alliance")
    assert len(alliances) == 1, alliances


def test_a_declared_short_form_is_read_without_its_cue_word():
    govs = _entities("广东省商务厅（下称省商务厅）牵头组建产业链党建联盟。省商务厅每年给予支持。", "GovernmentBody")
    assert set(govs) == {"广东省商务厅"} and "省商务厅" in govs["广东省商务厅"], govs


@pytest.mark.parametrize("sentence, name", [("精诚铜线董事长胡斌则表示，联盟很有用。", "胡斌"),
                                            ("总经理李建国还表示同意。", "李建国")])
def test_an_adverb_after_a_name_is_no_part_of_it(sentence, name):
    people = _entities("澄湖区成立铜基新材料产业链党建联盟。" + sentence, "Person")
    assert name in people, people


def test_a_subdistrict_without_its_district_is_the_same_subdistrict():
    regions = _entities("澜溪区桂塘街道电子信息产业链党建联盟成立一周年。桂塘街道集聚电子企业60余家。", "Region")
    assert "桂塘街道" in regions.get("澜溪区桂塘街道", set()) and "桂塘街道" not in regions, regions


def test_a_provincial_department_and_its_unquoted_short_form_are_one_body():
    text = ("由省委组织部、湖南省工业和信息化厅（以下简称省工信厅）牵头组建产业链党建联盟。"
            "省工信厅每季度召开联席会议，企业可在政务服务大厅办理手续。")
    govs = _entities(text, "GovernmentBody")
    assert "省工信厅" in govs.get("湖南省工业和信息化厅", set()) and not any("大厅" in g for g in govs), govs


def test_a_place_written_into_a_headline_chain_is_no_word_of_it():
    text = ("湄江家具产业链综合党委：让小板凳坐出大产业\n\n2022年，湄江区委设立湄江区家具产业链综合党委，"
            "以江西云岭家居有限公司为链主企业。如今湄江家具远销海外。")
    alliances = _entities(text, "Alliance")
    assert list(alliances) == ["湄江区家具产业链综合党委"] and "湄江家具产业链综合党委" in alliances["湄江区家具产业链综合党委"], alliances


@pytest.mark.parametrize("text, fact", [
    ("冀阳经开区成立轨道交通装备产业链党委，成员单位包括冀阳重型机械有限公司、河北中轨轨道车辆股份有限公司。"
     "冀阳重机为中轨车辆配套转向架构架。",
     ("冀阳重型机械有限公司", "supplies", "河北中轨轨道车辆股份有限公司")),
    ("鹤湾街道成立生物医药产业链党建联盟，成员单位包括泰澜市鹤湾医药包装材料有限公司、江苏康桥生物制药股份有限公司。"
     "鹤湾药包为康桥生物定制开发了预灌封注射器。",
     ("泰澜市鹤湾医药包装材料有限公司", "supplies", "江苏康桥生物制药股份有限公司")),
])
def test_place_and_initials_stand_for_the_firm(text, fact):
    assert fact in _facts(text)


@pytest.mark.parametrize("sentence, buyers", [
    ("云帆塑料和博远电机所需的树脂均由金盾化工供应。", {"云帆塑料", "博远电机"}),  # buyers listed
    ("华驰汽车的电机由博远电机供货，塑料件则由金盾化工配套。", {"华驰汽车"}),  # the buyer left out of clause two
    ("为华驰汽车配套树脂的金盾化工，位于澄湖区。", {"华驰汽车"}),  # the supplier after what it does
    ("云帆塑料以金盾化工的树脂为原料生产保险杠。", {"云帆塑料"}),
    ("金盾化工去年入驻产业园，专门为云帆塑料生产改性树脂。", {"云帆塑料"}),
    ("金盾化工生产的阻燃树脂，大部分配套云帆塑料的汽车内饰件。", {"云帆塑料"}),  # 配套 as the verb
    ("云帆塑料所用的改性树脂六成来自金盾化工。", {"云帆塑料"}),
    ("云帆塑料是金盾化工工程塑料的主要买家。", {"云帆塑料"}),
])
def test_supply_written_with_the_goods_between(sentence, buyers):
    # what a firm gets from another that is no goods is no supply
    assert not any(p == "supplies" for _, p, _ in _facts(
        "澄湖区成立汽车产业链党建联盟，成员单位包括澄湖博远电机有限公司、澄湖金盾化工有限公司。博远电机的订单八成来自金盾化工。"))
    text = ("澄湖区成立汽车产业链党建联盟，以湖南华驰汽车集团有限公司为链主企业，成员单位包括澄湖博远电机有限公司、"
            "澄湖云帆塑料有限公司、澄湖金盾化工有限公司等20家。" + sentence)
    full = {"华驰汽车": "湖南华驰汽车集团有限公司", "博远电机": "澄湖博远电机有限公司", "云帆塑料": "澄湖云帆塑料有限公司"}
    sold = {o for s, p, o in _facts(text) if s == "澄湖金盾化工有限公司" and p == "supplies"}
    assert {full[b] for b in buyers} <= sold, sold


@pytest.mark.parametrize("sentence", [
    "苏禾包装每年从澄江酒业采购礼盒。",  # buyer first
    "苏禾包装承接了澄江酒业七成以上的礼盒订单。",
    "苏禾包装的环保纸箱已进入澄江酒业的供应链。",
    "苏禾包装负责澄江酒业全部产品的配送。",
])
def test_supply_written_as_buying_orders_or_delivery(sentence):
    text = ("澄江县成立白酒产业链党建联盟，成员单位包括澄江酒业股份有限公司、澄江苏禾包装有限公司。" + sentence)
    facts = _facts(text)
    pair = ("澄江苏禾包装有限公司", "supplies", "澄江酒业股份有限公司")
    assert (pair if "从" not in sentence else (pair[2], "supplies", pair[0])) in facts, facts


@pytest.mark.parametrize("sentence, members", [
    ("联盟现有成员单位31家，其中，既有沱阳县红粮种植专业合作社等原料基地，也有四川蜀瓷包装制品有限公司、沱阳县恒信玻璃制品有限公司等配套企业。",
     {"沱阳县红粮种植专业合作社", "四川蜀瓷包装制品有限公司", "沱阳县恒信玻璃制品有限公司"}),
    ("首批加入联盟的有重庆鑫联电子有限公司、綦南精密模具有限公司等15家企业。", {"重庆鑫联电子有限公司", "綦南精密模具有限公司"}),
    ("重庆鑫联电子有限公司以及綦南精密模具有限公司等均为首批成员单位。", {"重庆鑫联电子有限公司", "綦南精密模具有限公司"}),
])
def test_members_named_after_the_alliance_was(sentence, members):
    facts = _facts("这是沱阳县白酒产业链党建联盟成立一年来召开的第5次议事会。" + sentence)
    assert {o for s, p, o in facts if s == "沱阳县白酒产业链党建联盟" and p == "hasMember"} >= members, facts


@pytest.mark.parametrize("sentence", [
    "联合体参与单位有岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等22家企业。",
    "首批入盟企业有：岑宁素韵茶叶有限公司和岑宁县云茗包装有限公司。",
    "岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等18家企业入链。",
    "联盟覆盖岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等19家企业。",
    "今年4月，岑宁素韵茶叶有限公司正式成为联盟成员单位，岑宁县云茗包装有限公司也是联盟首批成员。",
    "首批成员单位共15家，除两家牵头企业外，还包括岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等。",
    "联盟吸纳岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等14家上下游企业，覆盖党员685名。",
])
def test_more_ways_of_naming_members(sentence):
    facts = _facts("甘屯镇成立茉莉花茶产业链党建联盟。" + sentence)
    members = {o for s, p, o in facts if p == "hasMember"}
    assert members == {"岑宁素韵茶叶有限公司", "岑宁县云茗包装有限公司"}, facts


@pytest.mark.parametrize("sentence", ["岑宁县云茗包装有限公司扎根甘屯镇工业园，为链主提供礼盒。",
                                      "岑宁县云茗包装有限公司总部设在甘屯镇工业园，年产礼盒300万只。"])
def test_more_ways_of_saying_where_a_firm_is(sentence):
    assert ("岑宁县云茗包装有限公司", "locatedIn", "甘屯镇工业园") in _facts("甘屯镇成立茉莉花茶产业链党建联盟。" + sentence)


def test_a_conjunction_inside_a_word_does_not_split_a_list():
    # the 与 of 参与 is no conjunction: 联合体参 is no firm
    firms = _firms("甘屯镇成立茉莉花茶产业链党建联合体，岑宁素韵茶叶有限公司（简称“素韵集团”）作为链主企业。"
                   "联合体参与单位有素韵集团、岑宁县云茗包装有限公司等22家企业。")
    assert set(firms) == {"岑宁素韵茶叶有限公司", "岑宁县云茗包装有限公司"}, firms


def test_party_branches_paired_are_partners():
    facts = _facts("祁洼县成立食用菌产业链党建联盟。河南菌源生物科技有限公司党委与祁洼县绿野菌业专业合作社党支部结成对子。")
    assert {("河南菌源生物科技有限公司", "partnerOf", "祁洼县绿野菌业专业合作社"),
            ("祁洼县绿野菌业专业合作社", "partnerOf", "河南菌源生物科技有限公司")} & facts, facts


@pytest.mark.parametrize("sentence", [
    "岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等23家单位已加入联盟，覆盖党员410名。",
    "首批成员单位22家，既包括岑宁素韵茶叶有限公司等配套企业，也包括岑宁县云茗包装有限公司等高校院所。",
    "岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等9家企业和机构正式入盟。",
    "岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等也都是联盟首批成员。",
    "联盟由岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等19家单位组成。",
    "联盟吸纳了26家成员单位，岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司等都在其中。",
    "岑宁素韵茶叶有限公司为首批成员单位，今年又将岑宁县云茗包装有限公司纳入联盟。",
])
def test_members_of_the_alliance_spoken_of(sentence):
    facts = _facts("甘屯镇成立茉莉花茶产业链党建联盟。" + sentence)
    assert {o for s, p, o in facts if p == "hasMember"} == {"岑宁素韵茶叶有限公司", "岑宁县云茗包装有限公司"}, facts


@pytest.mark.parametrize("sentence", [
    "岑宁县云茗包装有限公司系素韵茶业全资子公司，年产礼盒300万只。",
    "岑宁县云茗包装有限公司（素韵茶业旗下）主攻礼盒。",
    "岑宁县云茗包装有限公司（素韵茶业控股子公司）主攻礼盒。",
    "岑宁县云茗包装有限公司由素韵茶业出资设立。",
    "2022年，素韵茶业又出资设立了岑宁县云茗包装有限公司。",
    "素韵茶业的厂区就在甘屯镇工业园内，旗下的岑宁县云茗包装有限公司主攻礼盒。",
    "素韵茶业的厂区就在甘屯镇工业园内，其下属的岑宁县云茗包装有限公司主攻礼盒。",
    "岑宁县云茗包装有限公司是素韵茶业旗下企业，主攻礼盒。",
])
def test_more_ways_of_naming_a_subsidiary(sentence):
    facts = _facts("岑宁素韵茶业有限公司（以下简称“素韵茶业”）是链主企业。" + sentence)
    assert ("岑宁县云茗包装有限公司", "subsidiaryOf", "岑宁素韵茶业有限公司") in facts, facts


@pytest.mark.parametrize("sentence", [
    "岑宁县云茗包装有限公司为素韵茶业提供礼盒，两家企业党支部结对共建。",
    "岑宁县云茗包装有限公司为素韵茶业提供礼盒，双方党支部还结成对子。",
    "岑宁县云茗包装有限公司为素韵茶业提供礼盒，双方去年签订了5年战略协议。",
])
def test_both_sides_are_the_two_firms_named_before(sentence):
    facts = _facts("岑宁素韵茶业有限公司（以下简称“素韵茶业”）是链主企业。" + sentence)
    assert ("岑宁县云茗包装有限公司", "partnerOf", "岑宁素韵茶业有限公司") in facts \
        or ("岑宁素韵茶业有限公司", "partnerOf", "岑宁县云茗包装有限公司") in facts, facts


@pytest.mark.parametrize("sentence", [
    "去年7月，经开区组建党建联盟，由岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司2家龙头企业牵头，吸纳上下游企业62家。",
    "岑宁素韵茶叶有限公司、岑宁县云茗包装有限公司两家龙头企业共同牵头，首批吸纳成员单位40家。",
])
def test_firms_that_lead_together_own_the_chain(sentence):
    facts = _facts("甘屯镇成立茉莉花茶产业链党建联盟。" + sentence)
    owners = {o for s, p, o in facts if p == "chainOwner"}
    assert owners == {"岑宁素韵茶叶有限公司", "岑宁县云茗包装有限公司"}, facts


def test_owners_given_respectively_pair_with_the_chains_in_the_order_written():
    facts = _facts("金桥区先后组建航空装备、电子信息及现代物流3个产业链党委，分别由成都天衡航空制造有限公司、"
                   "四川蜀芯微电子股份有限公司和成都金桥国际陆港物流集团有限公司担任链长单位。")
    owners = {(s, o) for s, p, o in facts if p == "chainOwner"}
    assert owners == {("金桥区航空装备产业链党委", "成都天衡航空制造有限公司"),
                      ("金桥区电子信息产业链党委", "四川蜀芯微电子股份有限公司"),
                      ("金桥区现代物流产业链党委", "成都金桥国际陆港物流集团有限公司")}, owners


def test_the_supplier_is_the_firm_of_the_clause_that_supplies():
    facts = _facts("岑宁素韵茶业有限公司是链主企业。岑宁县恒达铸造有限公司常年为素韵茶业配套生产铁罐，"
                   "岑宁县云茗包装有限公司的礼盒也大量供应给素韵茶业。")
    assert ("岑宁县云茗包装有限公司", "supplies", "岑宁素韵茶业有限公司") in facts, facts


@pytest.mark.parametrize("sentence", [
    "集团党委书记介绍，综合党委以集团所属岑宁县云茗包装有限公司为链主企业。",
    "该集团旗下的岑宁县云茗包装有限公司主攻礼盒。",
])
def test_a_bare_group_owning_the_firm_named_next_is_the_storys_group(sentence):
    facts = _facts("岑宁素韵茶业集团有限公司牵头成立茶产业链党委。" + sentence)
    assert ("岑宁县云茗包装有限公司", "subsidiaryOf", "岑宁素韵茶业集团有限公司") in facts, facts


@pytest.mark.parametrize("sentence, fact", [
    ("岑宁县云茗包装有限公司是素韵茶业最大的礼盒供应商。", ("岑宁县云茗包装有限公司", "supplies", "岑宁素韵茶业有限公司")),
    ("素韵茶业所用礼盒的原料主要来自岑宁县云茗包装有限公司。", ("岑宁县云茗包装有限公司", "supplies", "岑宁素韵茶业有限公司")),
    ("岑宁县云茗包装有限公司与素韵茶业签约合作，为其提供礼盒。", ("岑宁县云茗包装有限公司", "supplies", "岑宁素韵茶业有限公司")),
    ("岑宁县云茗包装有限公司给素韵茶业供货，每月提供礼盒5万套。", ("岑宁县云茗包装有限公司", "supplies", "岑宁素韵茶业有限公司")),
    ("岑宁县云茗包装有限公司的礼盒已全部用于素韵茶业的高端产品线。", ("岑宁县云茗包装有限公司", "supplies", "岑宁素韵茶业有限公司")),
    ("岑宁县云茗包装有限公司去年向素韵茶业交付礼盒42万套。", ("岑宁县云茗包装有限公司", "supplies", "岑宁素韵茶业有限公司")),
    ("岑宁县云茗包装有限公司生产的礼盒直供素韵茶业。", ("岑宁县云茗包装有限公司", "supplies", "岑宁素韵茶业有限公司")),
    ("岑宁县云茗包装有限公司为素韵茶业的出口茶叶项目提供定制礼盒。", ("岑宁县云茗包装有限公司", "supplies", "岑宁素韵茶业有限公司")),
    ("同在甘屯镇工业园的岑宁县云茗包装有限公司主攻礼盒。", ("岑宁县云茗包装有限公司", "locatedIn", "甘屯镇工业园")),
    ("岑宁县云茗包装有限公司总部在甘屯镇工业园。", ("岑宁县云茗包装有限公司", "locatedIn", "甘屯镇工业园")),
])
def test_more_ways_of_saying_who_supplies_whom_and_where(sentence, fact):
    facts = _facts("岑宁素韵茶业有限公司（以下简称“素韵茶业”）是链主企业。" + sentence)
    assert fact in facts, facts


def test_park_short_name_read_as_a_district_is_the_park():
    text = ("槐塘经开区光伏产业链党建联盟运行一周年\n8月20日，槐塘经济开发区光伏产业链党建联盟迎来成立一周年。"
            "安徽槐晶光能科技股份有限公司是联盟的牵头企业。")
    assert _entities(text, "Park") == {"槐塘经济开发区": {"槐塘经开区"}}
    assert "槐塘经开区" not in _entities(text, "Region")


def test_park_inside_a_park_named_without_the_outer_one():
    parks = _entities("辉岭高新区碳纤维产业链党建联盟成立。吉林松岭化工有限公司位于辉岭高新区化工循环产业园。"
                      "同在化工循环产业园的吉林辉碳原丝有限公司与松岭化工签订了供货协议。", "Park")
    assert parks.get("辉岭高新区化工循环产业园") == {"化工循环产业园"}, parks


@pytest.mark.parametrize("sentence", [
    "素韵茶业杭州分公司负责华东市场。",
    "岑宁素韵茶业有限公司杭州分公司负责华东市场。",
    # jieba tags 合肥 as a common noun: the branch is read from the firm before it
    "岑宁素韵茶业有限公司合肥分公司负责省内市场。",
])
def test_branch_office_is_its_firms_subsidiary(sentence):
    facts = _facts("岑宁素韵茶业有限公司（以下简称“素韵茶业”）是链主企业。" + sentence)
    branch = sentence[:sentence.index("分公司") + 3]
    assert (branch, "subsidiaryOf", "岑宁素韵茶业有限公司") in facts, facts


def test_short_name_with_another_generic_word_is_the_declared_one():
    # 祁红 is written inside the other firm's name; the text declared 祁红集团 for the first
    firms = _firms("安徽祁岭红茶集团股份有限公司（下称“祁红集团”）是链主企业，旗下有安徽祁红茶旅文化发展有限公司。"
                   "合作社向祁红公司交售鲜叶1200吨。")
    assert {"祁红集团", "祁红公司"} <= firms["安徽祁岭红茶集团股份有限公司"], firms
    assert "祁红公司" not in firms["安徽祁红茶旅文化发展有限公司"]


@pytest.mark.parametrize("name", [
    # jieba reads 站 and 安装 as verbs; the business words after them are no trade name
    "滹阳燕氢加氢站运营有限公司", "宁川鑫泰制冷设备安装有限公司",
    # jieba keeps 漷 and 璧 only as morphemes (zg), which read like function words
    "漷阳漷绒分梳有限公司", "璧川骁川精密铸件有限公司",
    # 服务 is a stop word elsewhere (服务企业), the business right before a registered suffix
    "湖南康颐养老服务集团有限公司",
])
def test_registered_name_is_read_whole(name):
    assert name in _firms(f"漷阳县羊绒产业链党建联盟成立，{name}是联盟成员单位。")


def test_trade_name_jieba_reads_as_an_adjective_stands_for_the_firm():
    facts = _facts("江宁街道智能制造产业链党建联盟成立。江苏恒毅精密机械股份有限公司是链主。"
                   "恒毅精密与江苏德润电子有限公司签订战略合作协议。")
    assert ("江苏德润电子有限公司", "partnerOf", "江苏恒毅精密机械股份有限公司") in facts or \
        ("江苏恒毅精密机械股份有限公司", "partnerOf", "江苏德润电子有限公司") in facts, facts


def test_group_short_name_is_the_group():
    firms = _firms("濉阳市新能源汽车产业链党委成立，成员单位包括安徽濉阳汽车集团有限公司、濉汽新能源汽车有限公司等36家。"
                   "濉汽集团党委书记吕建新当选产业链党委书记。")
    assert "濉汽集团" in firms["安徽濉阳汽车集团有限公司"], firms


@pytest.mark.parametrize("text, chain", [
    ("2023年5月，普岫县鲜切花产业链党建联盟成立。", "鲜切花"),  # jieba tags 鲜切花 z
    ("记者发现，串起这条链的，是漷阳县羊绒产业链党建联盟。", "羊绒"),  # no comma before the place
    ("区委成立霞东区运动鞋服产业链党建联盟。", "运动鞋服"),  # 服 read as a verb
    ("6月27日，禾洲市鹅湾区桂滘街道照明灯饰产业链党建联席会议成立。", "照明灯饰"),  # places in a row
])
def test_industry_outside_the_lexicon_after_a_place(text, chain):
    assert any(p == "onChain" and o == chain for _, p, o in _facts(text)), _facts(text)


def test_alliance_is_named_with_its_host_as_written():
    facts = _facts("江苏省泖阳市芦墩镇是电缆之乡。去年6月，芦墩镇党委牵头成立芦墩镇电线电缆产业链党建联合体。")
    assert ("泖阳市芦墩镇", "hasAlliance", "芦墩镇电线电缆产业链党建联合体") in facts, facts


def test_short_name_in_two_firm_names_is_the_one_declared_with_it():
    firms = _firms("普岫县鲜切花产业链党建联盟成立，云南岫花农业发展有限公司（以下简称“岫花农业”）作为链主企业，"
                   "普岫岫花电子商务有限公司负责线上销售。岫花公司董事长段文彬说。")
    assert "岫花公司" in firms["云南岫花农业发展有限公司"], firms


def test_common_noun_at_the_head_of_a_trade_name_is_no_short_name():
    firms = _firms("普岫县鲜切花产业链党建联盟成立，普岫县鲜花冷链物流供应链管理有限公司是成员。鲜花采收后当天运往昆明。")
    assert "鲜花" not in firms["普岫县鲜花冷链物流供应链管理有限公司"], firms


def test_bare_park_short_form_is_the_storys_park():
    text = ("峄湾经济技术开发区矿山装备产业链联合党委成立。经开区党工委副书记孔令豪担任链长。"
            "山东峄矿智能控制技术有限公司坐落于经开区。")
    assert "经开区" not in _entities(text, "Region")
    assert "经开区" in _entities(text, "Park")["峄湾经济技术开发区"]


def test_short_name_from_the_place_in_brackets():
    firms = _firms("浔岭森工人造板家居产业链综合党委成立，浔岭森工（浔江）纤维板有限公司是成员。"
                   "广西桂胶新材料有限公司为浔江纤维板公司配套供应胶黏剂。")
    assert "浔江纤维板公司" in firms["浔岭森工（浔江）纤维板有限公司"], firms


@pytest.mark.parametrize("sentence, full, short", [
    ("临川县发展和改革委员会主任王强出席。县发改委将牵头服务。", "临川县发展和改革委员会", "县发改委"),
    ("临川县人民政府副县长李华任链长。县政府将提供支持。", "临川县人民政府", "县政府"),
])
def test_body_written_in_its_usual_short_form_is_the_same_body(sentence, full, short):
    bodies = _entities("临川县新能源产业链党委成立。" + sentence, "GovernmentBody")
    assert short in bodies.get(full, ()), bodies


@pytest.mark.parametrize("full, short", [("临川工业园区", "临川工业园"), ("临川经济开发区", "临川开发区")])
def test_park_written_shorter_is_the_same_park(full, short):
    parks = _entities(f"{full}新能源产业链党委成立。{short}党工委书记王强出席。", "Park")
    assert parks == {full: {short}}, parks


def test_short_name_with_gufen_is_the_joint_stock_firm():
    facts = _facts("沣川县半导体产业链党建联盟成立，陕西秦晶硅材料股份有限公司为链主企业。"
                   "“联盟让我们少走了弯路。”秦晶股份党委书记孟凡超说。")
    assert ("孟凡超", "affiliatedWith", "陕西秦晶硅材料股份有限公司") in facts, facts


def test_alliance_keeps_every_host_it_is_written_with():
    rec = extract_text("栖溪高新区新能源电池产业链党建联盟成立\n3月1日，浙江省苕州市栖溪高新技术产业开发区"
                       "新能源电池产业链党建联盟正式成立。", "t.txt")
    names = {a for e in rec.entities if e.type == "Alliance" for a in (e.name, *e.aliases)}
    assert {"栖溪高新区新能源电池产业链党建联盟", "苕州市栖溪高新技术产业开发区新能源电池产业链党建联盟"} <= names, names


@pytest.mark.parametrize("sentence, person", [
    ("县委常委李明任链长。", "李明"),  # 任 before a post is the verb
    ("县长李明任第一链长。", "李明"),
    ("由欧阳明辉担任联盟党委书记。", "欧阳明辉"),  # a compound surname, after 由
    ("刘颖当选联盟理事长。", "刘颖"),
    ("副区长上官文慧任链长。", "上官文慧"),
    # a post, then a word that speaks: a person, though jieba knows 龙海 as a place, 常乐 as a word
    ("碳羽复材党支部书记龙海说，联盟很好。", "龙海"),
    ("雪原冷库总经理常乐说。", "常乐"),
])
def test_person_name_stops_at_the_verb_of_the_post(sentence, person):
    people = _entities("沱阳县新能源汽车产业链党建联盟成立。" + sentence, "Person")
    assert set(people) == {person}, people


@pytest.mark.parametrize("text, full, short", [
    # the short form of a park written with part of its place (潭洲) and without it
    ("广东潭洲榄港高新技术产业开发区组建低空经济产业链党委。鸢航科技总部位于潭洲榄港高新区。"
     "产业链党委是榄港高新区的一张名片。", "广东潭洲榄港高新技术产业开发区", {"潭洲榄港高新区", "榄港高新区"}),
    # a city written with and without 市 before the park
    ("楠州市澹湖新区成立柔性显示产业链党建联盟。楠州澹湖新区党工委书记王强说，澹湖新区将做强产业。",
     "楠州市澹湖新区", {"楠州澹湖新区", "澹湖新区"}),
    ("山西崞阳凤栖山工业园区成立新材料产业链党建联盟。凤栖山园区党工委书记王强说。",
     "山西崞阳凤栖山工业园区", {"凤栖山园区"}),
    # 经开区 is a park's suffix, whatever the characters before it
    ("峄湾经济技术开发区成立新能源汽车产业链党建联盟。峄湾经开区党工委书记王强说。", "峄湾经济技术开发区", {"峄湾经开区"}),
])
def test_park_written_several_ways_is_one_park(text, full, short):
    parks = _entities(text, "Park")
    assert short <= parks.get(full, set()), parks
    assert not any(p in short for p in parks), parks


@pytest.mark.parametrize("text, park", [
    ("峄湾经开区成立新能源汽车产业链党建联盟。", "峄湾经开区"),
    ("阿克苏纺织工业城成立纺织服装产业链综合党委。", "阿克苏纺织工业城"),
])
def test_park_suffixes(text, park):
    assert park in _entities(text, "Park")


def test_division_named_inside_its_city_hosts_the_alliance():
    facts = _facts("近日，宁夏石嘴山市大武口区成立新材料产业链党委。")
    assert ("大武口区", "hasAlliance", "大武口区新材料产业链党委") in facts, facts


@pytest.mark.parametrize("text, chain", [
    ("汶滨区冷链物流产业链党委由区商务局牵头。", "冷链物流"),  # 冷链: a word jieba does not know
    ("凤栖山工业园党工委牵头成立凤栖山工业园铝基新材料产业链党建联盟。", "铝基新材料"),
    ("组建工业母机、氢能及冷链物流3个产业链党委。", "冷链物流"),
])
def test_unknown_qualifier_before_an_industry_is_part_of_the_chain(text, chain):
    chains = _entities(text, "IndustrialChain")
    assert chain in chains and chain[2:] not in chains, chains


@pytest.mark.parametrize("text, chains", [
    # a thing and what is done to it: jieba reads 催化 as a verb
    ("高新区已成立稀土永磁、风电装备、稀土催化3条产业链党建联盟。", {"稀土永磁", "风电装备", "稀土催化"}),
    ("高新区已成立稀土催化产业链党建联盟。", {"稀土催化"}),
    # newer industries the generic lexicon knows
    ("西安高新区组建商业航天、工业软件、光子三个产业链党建联盟。", {"商业航天", "工业软件", "光子"}),
])
def test_chain_named_by_a_thing_and_a_deed(text, chains):
    assert chains <= set(_entities(text, "IndustrialChain"))


def test_owners_led_respectively_pair_with_the_alliances_in_order():
    facts = _facts("省国资委指导成立绿色铝产业链党建联盟和磷化工产业链党建联盟，"
                   "分别由云南铝业集团有限公司和云南磷化集团有限公司牵头。")
    assert {("云南铝业集团有限公司", "chainOwnerOf", "绿色铝"), ("云南磷化集团有限公司", "chainOwnerOf", "磷化工")} <= facts, facts


def test_short_name_after_a_handover_verb_is_the_declared_firm():
    # 销往 is no part of the name; of two firms containing 锂能, the one declared as 峦江锂能
    firms = _firms("峦江县锂电产业链党建联盟成立，江西峦江锂能科技股份有限公司（以下简称“峦江锂能”）作为链主企业。"
                   "峦江锂能循环科技有限公司是峦江锂能的全资子公司。正极材料去年有2.3万吨销往锂能公司。")
    assert "锂能公司" in firms["江西峦江锂能科技股份有限公司"], firms
    assert not any(name.endswith("锂能公司") for name in firms)


def test_members_said_to_be_among_them():
    facts = _facts("鄱岚县预制菜产业链党建联盟成立。联盟吸纳了养殖、调味、加工等环节的成员单位20家，"
                   "江西赣膳调味品有限公司、鄱岚鄱味中央厨房有限公司等均在其列。")
    assert {("鄱岚县预制菜产业链党建联盟", "hasMember", f) for f in ("江西赣膳调味品有限公司", "鄱岚鄱味中央厨房有限公司")} <= facts, facts


def test_supplies_written_with_a_bare_gongying():
    facts = _facts("碳纤维产业链党建联盟成立。江苏恒纤碳材科技股份有限公司是链主企业。"
                   "湘州恒纤原丝有限公司年产原丝1.2万吨，全部供应江苏恒纤碳材科技股份有限公司。")
    assert ("湘州恒纤原丝有限公司", "supplies", "江苏恒纤碳材科技股份有限公司") in facts, facts


def test_names_of_a_traditional_story_are_also_kept_as_written():
    # labels put together from parts (host + chain + kind) too, not only the spans read
    rec = extract_text("安溪縣感德鎮成立茶葉產業鏈黨建聯盟，福建感德茗源茶業有限公司為鏈主企業。", "t.txt")
    names = {e.type: {e.name, *e.aliases} for e in rec.entities}
    assert "感德鎮茶葉產業鏈黨建聯盟" in names["Alliance"], names
    assert {"茶叶", "茶葉"} <= names["IndustrialChain"], names


def test_branch_office_written_alone_is_the_one_branch_of_that_name():
    firms = _firms("储能产业链联盟党委成立，成员包括鲁晟能源集团青岛分公司。青岛分公司则依托港口优势，负责海外市场。")
    assert firms == {"鲁晟能源集团青岛分公司": {"青岛分公司"}}, firms


def test_copula_jieba_joins_to_a_name_is_not_part_of_the_firm():
    firms = _firms("储能产业链联盟党委成立。齐峰锂电是链上企业。刘海波是山东齐峰锂电材料有限公司董事长。")
    assert "山东齐峰锂电材料有限公司" in firms, firms


def test_subdistrict_named_with_a_common_word_hosts_its_alliance():
    # 花果 is an everyday word; before 街道 it names the subdistrict, not a piece of the chain
    facts = _facts("去年4月，花果街道党工委牵头建立汽配产业链党建联席会议。花果街道汽配产业链党建联席会议召开全体会议。")
    assert ("花果街道", "hasAlliance", "花果街道汽配产业链党建联席会议") in facts, facts
    assert not any(o.startswith("花果街道汽配") for s, p, o in facts if p == "onChain"), facts


def test_firm_taken_in_after_the_owner_is_no_owner():
    facts = _facts("永康市五金产业链联合党委由浙江铭锐工贸集团有限公司作为链长单位，首批吸纳永康市精诚模具有限公司等成员单位。")
    assert ("浙江铭锐工贸集团有限公司", "chainOwnerOf", "五金") in facts, facts
    assert ("永康市精诚模具有限公司", "chainOwnerOf", "五金") not in facts, facts


@pytest.mark.parametrize("owner_phrase", ["为链主企业", "作为链主企业"])
def test_firm_starting_the_next_clause_is_no_owner(owner_phrase):
    # "X为链主企业，Y等12家企业为成员单位": the comma ends the owner phrase, Y begins a clause
    facts = _facts(f"蓝湾高新区成立海工装备产业链党建联盟，沧岭精工机械有限公司{owner_phrase}，"
                   "禺江电机有限公司等12家企业为成员单位。")
    assert ("沧岭精工机械有限公司", "chainOwnerOf", "海工装备") in facts, facts
    assert ("禺江电机有限公司", "chainOwnerOf", "海工装备") not in facts, facts
    assert ("蓝湾高新区海工装备产业链党建联盟", "hasMember", "禺江电机有限公司") in facts, facts


@pytest.mark.parametrize("city", ["大连", "包头", "营口", "合肥"])
def test_registered_name_keeps_a_city_jieba_takes_for_a_word(city):
    # jieba tags 大连 as an adverb, 包头 as a verb: the name must not begin after them
    firms = _firms(f"蓝湾高新区成立海工装备产业链党建联盟，{city}恒德刀具有限公司与联盟签订合作协议。")
    assert f"{city}恒德刀具有限公司" in firms, firms


def test_chain_does_not_start_inside_a_word_jieba_joined_to_a_preposition():
    # 县委|在|肉牛产业链上: jieba reads 委在 as one unknown word
    facts = _facts("龙江县委在肉牛产业链上成立龙江县肉牛产业链党委，龙沃牧业集团有限公司担任牵头企业。")
    assert ("龙沃牧业集团有限公司", "chainOwnerOf", "肉牛") in facts, facts
    assert not any(o.startswith("委") for s, p, o in facts), facts


@pytest.mark.parametrize("text, chain", [
    ("孝丰镇党委牵头成立孝丰镇竹产业链党建联盟，由竹韵家居科技股份有限公司担任链长单位。", "竹"),
    ("湄潭县成立茶产业链党建联盟，由湄江茶业有限公司担任链主企业。", "茶"),
    # a word before the one-character industry belongs to the chain
    ("柘岚县成立白茶产业链党建联盟，由岚芽白茶集团股份有限公司担任链主企业。", "白茶"),
])
def test_one_character_industry_names_a_chain(text, chain):
    assert any(p == "chainOwnerOf" and o == chain for s, p, o in _facts(text)), _facts(text)


def test_one_character_chain_is_the_storys_fuller_industry():
    rec = extract_text("湄潭县成立茶产业链党建联盟，由湄江茶业有限公司担任链主企业。联盟推动茶叶产业提质增效。", "t.txt")
    chains = {e.name: set(e.aliases) for e in rec.entities if e.type == "IndustrialChain"}
    assert list(chains) == ["茶叶"] and "茶产业链" in chains["茶叶"], chains
    assert "湄潭县茶产业链党建联盟" in {e.name for e in rec.entities if e.type == "Alliance"}  # as written


def test_name_starts_after_a_preposition_jieba_joined_to_the_word_before():
    # 按|订单|价向|绿源…: 向 belongs to the verb phrase, not to the cooperative's name
    firms = _firms("华宁县柑橘产业链党建联盟成立后，滇橘果业每年按订单价向绿源柑橘专业合作社等收购鲜果2.2万吨。")
    assert "绿源柑橘专业合作社" in firms and not any(f.startswith("订单") for f in firms), firms


@pytest.mark.parametrize("text, institutes", [
    ("锂源公司与中国科学院青海盐湖研究所共建联合实验室。", {"中国科学院青海盐湖研究所"}),
    ("锂源公司与中国科学院和青海盐湖研究所共建联合实验室。", {"中国科学院", "青海盐湖研究所"}),
])
def test_institute_of_the_academy_is_one_institution(text, institutes):
    found = _entities("蓝湾高新区成立海工装备产业链党建联盟。" + text, "AcademicInstitution")
    assert set(found) == institutes, found


def test_every_chain_of_a_list_is_read_whatever_jieba_tags_its_first_word():
    facts = _facts("青海省国资委指导省属企业组建光伏制造、新型储能及盐湖锂电3个产业链党委。")
    chains = {o for s, p, o in facts if p == "onChain"}
    assert chains == {"光伏制造", "新型储能", "盐湖锂电"}, facts


def test_branch_whose_trade_name_jieba_cuts_is_read_whole():
    # jieba reads 康|颐养|老, and the left edge stops inside the declared short name
    facts = _facts("枫溪区银发经济产业链党建联盟成立。湖南康颐养老服务集团有限公司（简称“康颐养老”）是链主企业。"
                   "康颐养老长沙分公司则负责省会的居家养老。")
    assert ("康颐养老长沙分公司", "subsidiaryOf", "湖南康颐养老服务集团有限公司") in facts, facts


def test_photo_caption_does_not_start_a_story():
    # ▲ marks a caption; a story starts at a byline (▶ 记者 …, □ 本报记者 …) under its headline
    from graph.stories import split_stories

    page = ("链上结出同心果\n□ 本报记者 王明\n松汇区成立机器人产业链党建联盟。\n▲联盟成员单位党员代表合影\n"
            "联盟成员单位共32家。\n园区里的新故事\n□ 本报记者 李梦瑶\n另一篇报道的正文。")
    assert [page[s.start:s.end].split("\n")[0] for s in split_stories(page)] == ["链上结出同心果", "园区里的新故事"]


def test_a_marked_headline_is_no_byline():
    from graph.stories import split_stories

    page = ("■ 宁夏中宁：枸杞产业链党建联盟成立\n本报讯（记者 马晓燕）中宁县成立枸杞产业链党建联盟。\n"
            "■ 广西藤县：陶瓷产业链党委 设在园区\n本报讯（记者 韦莉）藤县日前成立陶瓷产业链党委。\n■ 记者 韦莉")
    stories = split_stories(page)
    assert [page[s.start:s.end].split("\n")[0] for s in stories] == ["■ 宁夏中宁：枸杞产业链党建联盟成立", "■ 广西藤县：陶瓷产业链党委 设在园区"]


@pytest.mark.parametrize("text, person, named", [
    # a surname before the post addresses someone: 常说 is no name
    ("稀土高新区成立稀土永磁产业链党委，刘建平任链长。“王书记常说，链上的事要一起扛。”", "常说", False),
    # 由 before the post is a preposition, not a surname
    ("涪溪区成立光伏产业链党委，由副区长肖云飞任链长。", "肖云飞", True),
])
def test_name_after_a_post(text, person, named):
    assert (person in _entities(text, "Person")) == named


def _counts(text: str) -> set[tuple[str, str, str]]:
    rec = extract_text(text, "t.txt")
    return {(f.subject[1], f.indicator, f.value) for f in rec.figures if f.evidence.rule.startswith("figure.count")}


_ALLY = "沣岭高新区成立新材料产业链党建联盟，沣岭新材料科技有限公司担任链主企业。"


@pytest.mark.parametrize("sentence, indicator, value", [
    # counts in a sentence that names a firm first still belong to the alliance spoken of
    ("成员单位包括沣岭华泰化工有限公司、沣岭精密模具有限公司等19家企业，吸纳党员318名。", "党员", "318"),
    ("成员单位包括沣岭华泰化工有限公司、沣岭精密模具有限公司等19家企业，吸纳党员318名。", "成员单位", "19"),
    # a number the members grew to, firms that became or joined members
    ("一年来，联盟成员单位从最初的9家增加到23家。", "成员单位", "23"),
    ("目前，23家企业成为首批成员单位。", "成员单位", "23"),
    ("联盟吸纳沣岭华泰化工有限公司、沣岭精密模具有限公司等16家单位加入。", "成员单位", "16"),
    ("联盟由研发、制造、检测等环节的19家单位组成，覆盖党员246名。", "成员单位", "19"),
    ("链上一共有27家企业。", "成员单位", "27"),
])
def test_member_counts_belong_to_the_alliance(sentence, indicator, value):
    counts = _counts(_ALLY + sentence)
    assert ("沣岭高新区新材料产业链党建联盟", indicator, value) in counts, counts


def test_a_firms_own_party_members_stay_with_the_firm():
    counts = _counts(_ALLY + "沣岭华泰化工有限公司现有党员56名。")
    assert ("沣岭华泰化工有限公司", "党员", "56") in counts, counts


@pytest.mark.parametrize("clause, partner", [
    ("集团与浙江海洋大学签订产学研合作协议。", "浙江海洋大学"),
    ("同时，该公司与福州大学共建中试线。", "福州大学"),
])
def test_a_bare_firm_word_opening_a_clause_is_the_firm_named_before(clause, partner):
    facts = _facts("舟山市成立船舶产业链党建联盟，浙江海舟船舶集团有限公司（以下简称海舟集团）担任链主企业。" + clause)
    assert ("浙江海舟船舶集团有限公司", "partnerOf", partner) in facts, facts


def test_a_national_parks_short_name_is_the_park():
    parks = _entities("秀洲国家高新技术产业开发区成立光伏产业链党建联盟。秀洲高新区党工委书记沈国良说，联盟将扩容。", "Park")
    assert parks == {"秀洲国家高新技术产业开发区": {"秀洲高新区"}}, parks


@pytest.mark.parametrize("text, region, alliance", [
    # 清流 is also a common word: the district's own party committee says it is a district
    ("清流区委组织部牵头组建清流区光伏产业链党建联盟。", "清流区", "清流区光伏产业链党建联盟"),
    # a banner (旗) of Inner Mongolia is a county-level division
    ("敕勒川旗委成立敕勒川旗奶业产业链联盟党委。", "敕勒川旗", "敕勒川旗奶业产业链联盟党委"),
])
def test_a_division_proved_by_its_own_government_hosts_the_alliance(text, region, alliance):
    assert (region, "hasAlliance", alliance) in _facts(text), _facts(text)


@pytest.mark.parametrize("text, chain", [
    # two industries joined by 及/与 with no count name one chain
    ("陕西省国资委成立钛及钛合金产业链党建联盟。", "钛及钛合金"),
    ("渤澄经济技术开发区成立船舶与海工装备产业链党委。", "船舶与海工装备"),
])
def test_two_industries_joined_without_a_count_are_one_chain(text, chain):
    assert set(_entities(text, "IndustrialChain")) == {chain}, _entities(text, "IndustrialChain")


def test_two_industries_counted_are_two_chains():
    chains = _entities("明山区成立生物医药和新材料两个产业链党委。", "IndustrialChain")
    assert set(chains) == {"生物医药", "新材料"}, chains


def test_a_declared_short_name_on_the_chains_first_character_is_the_same_alliance():
    alliances = _entities("蟠龙高新区钛及钛合金产业链党委（以下简称“钛产业链党委”）挂牌成立。钛产业链党委以秦钛集团为链主企业。",
                          "Alliance")
    assert list(alliances) == ["蟠龙高新区钛及钛合金产业链党委"], alliances


@pytest.mark.parametrize("text, chains", [
    # 配套 (supporting trades) and 酿造 (brewing) end industry names like 材料 or 制造 do
    ("岩滩镇成立酱香白酒酿造、包材配套2个产业链党建联盟。", {"酱香白酒酿造", "包材配套"}),
    ("“同舟”船舶配套产业党建联盟在大连市金港区揭牌成立。", {"船舶配套"}),
])
def test_supporting_trades_and_brewing_are_industries(text, chains):
    assert set(_entities(text, "IndustrialChain")) == chains, _entities(text, "IndustrialChain")


def test_a_photo_caption_word_is_not_part_of_the_firm_name():
    firms = _firms("沣岭高新区成立光伏产业链党建联盟。图为晶澜光能科技(嘉兴)有限公司组件车间。图为中硅光电(蚌埠)有限公司生产车间。")
    assert {"晶澜光能科技(嘉兴)有限公司", "中硅光电(蚌埠)有限公司"} <= set(firms), firms


def test_remembered_answers_do_not_depend_on_what_was_asked_before():
    """The extractor remembers segmentations, tags and left edges across stories: the
    records of the seeds are the same read in one order with nothing remembered and in
    the other order after everything was."""
    from pathlib import Path

    from graph import mentions, relations, segment

    def forget():
        for memo in (mentions._left_edge, segment._cut, segment.tag, relations.rules_for):
            memo.cache_clear()

    seeds = sorted(Path(__file__).parent.parent.joinpath("seeds").glob("*.txt"))
    texts = [(p.read_text(encoding="utf-8"), p.name) for p in seeds]
    forget()
    first = [extract_text(t, n).to_json() for t, n in texts]
    assert mentions._left_edge.cache_info().hits > 0 and segment._cut.cache_info().hits > 0
    again = [extract_text(t, n).to_json() for t, n in reversed(texts)]
    assert again[::-1] == first


def test_jieba_rs_cuts_windows_without_ascii_joiners_into_jiebas_words():
    """jieba-rs, which cuts windows once a process has cut a few thousand, gives jieba's
    words for every window of the seeds up to 90 characters long at every tenth position,
    and with numbers and Latin letters, unless it has an ASCII joiner (2024-03-28: jieba
    splits it, jieba-rs does not), which jieba still cuts."""
    import random
    from pathlib import Path

    import rjieba

    from graph import segment

    segment._tags()  # jieba's own tables, as the extractor has them
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.parent.joinpath("seeds").glob("*.txt"))]
    windows = {t[i:i + n] for t in texts for i in range(0, len(t), 10) for n in (3, 8, 17, 40, 64, 90)}
    rnd = random.Random(7)
    pieces = ["2024-03-28", "5G", "3.5亿元", "12.6%", "C&D", "A+B", "No.1", "ABC_2", "ＡＢ１２", "·", "\u3000", " "]
    windows |= {rnd.choice(texts)[:12] + rnd.choice(pieces) + rnd.choice(texts)[40:50] for _ in range(300)}
    plain = [w for w in windows if not segment._JOINERS.search(w)]
    assert len(plain) > 2000 and len(windows) - len(plain) > 100
    wrong = [w for w in plain if rjieba.cut(w, hmm=True) != segment.jieba.lcut(w, HMM=True)]
    assert not wrong, wrong[:5]


def test_windows_are_cut_alike_before_and_after_jieba_rs_is_loaded(monkeypatch):
    from graph import segment

    windows = ["金石机器人常州股份有限公司与天宁区委组织部", "发布时间2024-03-28", "成员单位有梓溪县宏源"]
    monkeypatch.setattr(segment, "_rs_cut", None)
    monkeypatch.setattr(segment, "_jieba_cuts", segment._RS_AFTER - 2)
    before = [segment._lcut(w) for w in windows]
    assert segment._rs_cut is not None  # loaded at the last of the allowed windows
    assert [segment._lcut(w) for w in windows] == before


def test_left_edge_reads_no_further_back_than_the_text_it_remembers():
    """left_edge remembers its answers by the text from just before where the scan may stop:
    the same answer as when the whole text before the name is at hand."""
    import re
    from pathlib import Path

    from graph.mentions import _left_edge, left_edge

    checked = 0
    for seed in sorted(Path(__file__).parent.parent.joinpath("seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for m in re.finditer("有限公司|集团|高新区|开发区|产业链|大学|委员会|局", text):
            pos = m.start()
            # every length, so that the scan also stops right after punctuation (、曾阳凯达…)
            for floor, max_len, verbs in [(0, 24, True), (max(0, pos - 10), 24, False), *((0, n, False) for n in range(2, 13))]:
                lo = max(floor, pos - max_len)
                whole = _left_edge.__wrapped__(text[:pos], lo, lo == floor, verbs) if lo < pos else pos
                assert left_edge(text, pos, floor, max_len, verbs) == whole
                checked += 1
    assert checked > 300
    # the scan stops right after the 、: what it reads there decides where the name starts
    text = "签约企业有乌溪纺织有限公司、天棉县丝路服饰有限公司"
    pos = text.rindex("有限公司")
    assert text[left_edge(text, pos, 0, max_len=7):pos] == "天棉县丝路服饰"
