"""Normalisation and reading: invariants and the noisy forms real pages have."""

import pytest
from hypothesis import given, settings, strategies as st

from graph.normalize import name_key, normalize, to_simplified
from graph.read import InputError, read_text


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_normalize_is_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@given(st.text(max_size=60))
def test_name_key_is_idempotent(text):
    assert name_key(name_key(text)) == name_key(text)


@pytest.mark.parametrize("raw,expected", [
    ("產(chǎn)業(yè)鏈(liàn)黨(dǎng)建(jiàn)聯盟", "产业链党建联盟"),
    ("这是一段很长的正文用来测试断行拼接的效果，江苏君华特种高分子\n\n材料股份有限公司的注意。", "江苏君华特种高分子材料股份有限公司"),
    ("推动镇江船 厂等龙头企业开放供应链场景，精准匹配上下游企业产能需求，带动配套企业营收增长", "镇江船厂"),
])
def test_noise_is_repaired(raw, expected):
    assert expected in normalize(raw).text


def test_traditional_original_kept():
    n = normalize("常熟三愛富中吳化工新材料有限公司")
    assert n.text == "常熟三爱富中吴化工新材料有限公司" and n.original.startswith("常熟三愛富")
    assert to_simplified("产业链") == "产业链"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "big5"])
def test_encodings_are_detected(tmp_path, encoding):
    text = "武进国家高新区打造新能源汽车产业链党建联盟，金石机器人常州股份有限公司是链主企业。" * 3
    if encoding == "big5":
        text = to_simplified(text) and "武進國家高新區打造新能源汽車產業鏈黨建聯盟，是鏈主企業。" * 3
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode(encoding))
    got, enc, _ = read_text(p)
    assert got.lstrip("\ufeff") == text


@pytest.mark.parametrize("data,message", [(b"", "empty"), (b"\x00\x01\x02\xff" * 100, "binary")])
def test_bad_files_raise_input_error(tmp_path, data, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_text(p)


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes("产业链".encode() * 100)
    with pytest.raises(InputError, match="over the limit"):
        read_text(p, max_bytes=100)


def test_heading_is_not_joined_to_the_paragraph_after_it():
    # a short "topic：phrase" line before a blank line is a heading, not half a sentence
    text = normalize("冷链物流：让鲜货“跑”得又快又稳\n\n汶滨区冷链物流产业链党委由区商务局牵头。").text
    assert "又快又稳\n" in text and "又快又稳汶滨区" not in text
