"""Bad input is explained and never costs the other files; outputs are never half-written."""

import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import Graph

from conftest import ROOT, SEEDS
from graph.cli import main

HOSTILE_NAME = "<img src=x onerror=alert(1)></script>href"


@pytest.fixture
def messy(tmp_path):
    d = tmp_path / "messy"
    d.mkdir()
    good = (SEEDS / "000_ab9e6bc6ca2b37e5.txt").read_text(encoding="utf-8")
    (d / "utf8.txt").write_text(good, encoding="utf-8")
    (d / "bom.txt").write_bytes("\ufeff".encode() + "甲乙高新区打造机器人产业链党建联盟，丙丁精密机械有限公司是链主企业。".encode())
    (d / "utf16.txt").write_text("戊己高新区打造光伏产业链党建联盟，庚辛新能源科技有限公司是链主企业。", encoding="utf-16")
    (d / "gbk.txt").write_bytes("壬癸开发区打造汽车零部件产业链党建联盟，子丑汽车部件有限公司是链主企业。".encode("gbk"))
    (d / "big5.txt").write_bytes("寅卯高新區打造生物醫藥產業鏈黨建聯盟，辰巳製藥股份有限公司是鏈主企業。".encode("big5"))
    (d / "page.html").write_text(
        "<html><head><title>午未高新区党建</title><script>var x='</script>';</script><style>p{}</style></head>"
        "<body><nav>首页 &gt; 新闻</nav><article><p>午未高新区打造新材料产业链党建联盟，申酉新材料有限公司是新材料产业链的链主企业。"
        "联盟定期开展活动，推动上下游企业抱团发展，成员单位共20家。</p></article><footer>免责声明</footer></body></html>",
        encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "huge.txt").write_bytes(b"x" * 2048)
    (d / "hostile.txt").write_text(
        f"戌亥高新区打造机器人产业链党建联盟，{HOSTILE_NAME}机器人有限公司是机器人产业链的链主企业。\x00\x07"
        + "很" * 10000 + "有限公司。" + "长" * 50000 + "\n" + "</script><script>alert(2)</script>", encoding="utf-8")
    os.symlink(d / "nowhere.txt", d / "dangling.txt")
    return d


def test_messy_folder(messy, tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(messy), "--out", str(out), "-j", "1", "--max-bytes", "1500000"])
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    for name, problem in [("empty.txt", "empty"), ("binary.txt", "binary"), ("dangling.txt", "dangling")]:
        assert any(name in line and problem in line for line in r.output.splitlines()), (name, r.output)
    import graph

    kg = graph.load(out)
    labels = {row[0] for row in kg.query("SELECT ?l WHERE { ?e rdfs:label ?l }")}
    for expected in ["甲乙高新区", "庚辛新能源科技有限公司", "子丑汽车部件有限公司", "辰巳制药股份有限公司", "申酉新材料有限公司", "武进国家高新区"]:
        assert expected in labels, expected
    alts = {row[0] for row in kg.query("SELECT ?l WHERE { ?e skos:altLabel ?l }")}
    assert "辰巳製藥股份有限公司" in alts  # the traditional form is kept
    encodings = {row[0] for row in kg.query("SELECT DISTINCT ?enc WHERE { ?a ckg:encoding ?enc }")}
    assert {"utf-16", "gb18030"} <= encodings
    from pyshacl import validate

    conforms, _, text = validate(Graph().parse(out / "graph.ttl"), shacl_graph=Graph().parse(ROOT / "ontology" / "shapes.ttl"), inference="none")
    assert conforms, text[:2000]
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert html.count("<script") == html.count("</script>")
    assert "<img" not in html and "<script>alert(2)" not in html  # hostile text travels escaped
    assert HOSTILE_NAME[:4] not in html.split('id="data">')[1].split("</script>")[0]


def test_over_size_limit_is_reported(tmp_path):
    (tmp_path / "big.txt").write_bytes("产业链".encode() * 1000)
    r = CliRunner().invoke(main, ["build", str(tmp_path / "big.txt"), "--out", str(tmp_path / "o"), "--max-bytes", "100"])
    assert r.exit_code == 1 and "big.txt" in r.output and "over the limit" in r.output


def test_strict_fails_on_any_problem(messy, tmp_path):
    r = CliRunner().invoke(main, ["build", str(messy), "--out", str(tmp_path / "o"), "-j", "1", "--strict"])
    assert r.exit_code == 1


@given(st.text(max_size=400))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_text_never_breaks_the_pipeline(text):
    import pyoxigraph as ox

    from graph.extract import extract_text
    from graph.rdf import to_triples
    from graph.resolve import resolve

    rec = extract_text("武进高新区打造机器人产业链党建联盟。" + text, "random.txt")
    data = ox.serialize(to_triples(resolve([rec])), format=ox.RdfFormat.TURTLE)
    assert list(ox.parse(data, format=ox.RdfFormat.TURTLE)) is not None


def test_killed_build_leaves_previous_outputs(tmp_path):
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "graph.cli", "build", str(SEEDS), "--out", str(out), "-j", "1"], check=True, capture_output=True)
    before = {n: (out / n).read_bytes() for n in ("graph.ttl", "graph.html")}
    big = tmp_path / "big"
    big.mkdir()
    text = (SEEDS / "004_926a3d566e40ff38.txt").read_text(encoding="utf-8")
    for i in range(200):
        (big / f"{i:03d}.txt").write_text(text.replace("常熟", f"常{i}熟") + f"\n第{i}篇", encoding="utf-8")

    def run_and_kill(when):
        p = subprocess.Popen([sys.executable, "-m", "graph.cli", "build", str(big), "--out", str(out), "-j", "1", "--no-cache"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while p.poll() is None and time.monotonic() < deadline and not when():
            time.sleep(0.002)
        finished = p.poll() is not None
        p.send_signal(signal.SIGKILL)
        p.wait()
        if finished:  # too fast to catch: then the new outputs must be whole
            Graph().parse(out / "graph.ttl", format="turtle")
            return
        for n, data in before.items():
            assert (out / n).read_bytes() == data, n

    start = time.monotonic()
    run_and_kill(lambda: time.monotonic() - start > 0.3)  # while extracting
    # while an output is being written: its temporary file exists
    run_and_kill(lambda: any(f.name.endswith(".tmp") for f in out.iterdir()))


def test_a_file_named_twice_is_read_once(tmp_path):
    """By a folder and by itself, or through a symbolic link: one file, one article."""
    from graph.read import iter_input_files

    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("甲", encoding="utf-8")
    (d / "sub" / "c.txt").write_text("丙", encoding="utf-8")
    os.symlink(d / "a.txt", d / "b.txt")
    files, problems = iter_input_files([d, d / "a.txt", d / "sub" / "c.txt"])
    assert [f.name for f in files] == ["a.txt", "c.txt"] and problems == []
