"""Incremental builds, the extraction cache and the Dask cluster give the same bytes as a clean build."""

import json
import os
import shutil
import time

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from graph.build import build
from graph.cli import main

OUTPUTS = ("graph.ttl", "graph.html")


def _same_outputs(a, b):
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _age(folder, seconds=3600):
    """Date the files back, as if they had been written well before the build."""
    then = time.time() - seconds
    for f in folder.iterdir():
        os.utime(f, (then, then))


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:4]:
        shutil.copy(f, d / f.name)
    _age(d)
    return d


def test_changed_file_is_extracted_again_and_deleted_file_disappears(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, jobs=1)
    assert first.extracted == 4
    again = build([corpus], out, jobs=1)
    assert again.extracted == 0
    _same_outputs_after = (out / "graph.ttl").read_bytes()

    files = sorted(corpus.iterdir())
    changed, deleted = files[0], files[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n蓝湾高新区组建海工装备产业链党建联盟，苍澜海工装备有限公司为链主企业。\n",
                       encoding="utf-8")
    deleted.unlink()
    result = build([corpus], out, jobs=1)
    assert result.extracted == 1
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert f'"{deleted.name}"' not in ttl and f'"{changed.name}"' in ttl
    assert "苍澜海工装备有限公司" in ttl
    assert ttl.encode() != _same_outputs_after
    # the cache keeps exactly the records of the current input
    records = [p for p in (out / ".cache").iterdir() if p.name.endswith(".json") and len(p.name) > 70]
    assert sorted(json.loads(p.read_text(encoding="utf-8"))["source"] for p in records) == sorted(f.name for f in corpus.iterdir())

    clean = tmp_path / "clean"
    build([corpus], clean, jobs=1, use_cache=False)
    _same_outputs(out, clean)


def test_incremental_build_equals_clean_build(corpus, tmp_path):
    out, clean = tmp_path / "out", tmp_path / "clean"
    build([corpus], out, jobs=2)
    extra = corpus / "new.txt"
    shutil.copy(sorted(SEEDS.glob("*.txt"))[4], extra)
    result = build([corpus], out, jobs=2)
    assert result.extracted == 1
    build([corpus], clean, jobs=1)
    _same_outputs(out, clean)


def test_a_build_with_nothing_new_writes_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, jobs=1)
    stamps = {name: (out / name).stat() for name in OUTPUTS}
    again = build([corpus], out, jobs=1)
    assert again.unchanged and again.extracted == 0
    for name in OUTPUTS:  # not written again, not even with the same bytes
        st = (out / name).stat()
        assert (st.st_ino, st.st_mtime_ns) == (stamps[name].st_ino, stamps[name].st_mtime_ns), name
    assert again.counts == first.counts and again.triples == first.triples
    assert again.problems == first.problems
    assert again.graph.entities == first.graph.entities and again.graph.relations == first.graph.relations


def test_a_build_with_nothing_new_still_writes_a_page_that_is_not_the_last(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, jobs=1)
    (out / "graph.html").unlink()
    assert not build([corpus], out, jobs=1).unchanged
    assert (out / "graph.html").exists()
    result = build([corpus], out, jobs=1, html_max_nodes=10)  # another page
    assert not result.unchanged
    build([corpus], tmp_path / "clean", jobs=1, html_max_nodes=10)
    _same_outputs(out, tmp_path / "clean")


def test_added_files_are_merged_into_the_last_build(corpus, tmp_path):
    """Adding files takes the last build's merge and splices graph.ttl, with the bytes of a clean build."""
    from conftest import DATA

    out = tmp_path / "out"
    assert not build([corpus], out, jobs=2).spliced  # nothing to start from
    for f in sorted((DATA / "dev").glob("a0*.txt"))[:3]:
        shutil.copy(f, corpus / f.name)
        result = build([corpus], out, jobs=2)
        assert result.spliced and result.extracted == 1
        clean = tmp_path / f"clean-{f.stem}"
        assert build([corpus], clean, jobs=1).triples == result.triples
        _same_outputs(out, clean)


def test_a_new_file_that_renames_a_node_is_spliced_in(corpus, tmp_path):
    """A firm first seen as 沧岭精工机械有限公司 is written with its province in a new file: its
    node gets the longer label and a new IRI, its relations, figure and post move with it,
    and graph.ttl is still spliced, with the bytes of a clean build."""
    out = tmp_path / "out"
    (corpus / "a.txt").write_text(
        "蓝湾高新区成立海工装备产业链党建联盟，沧岭精工机械有限公司为链主企业。沧岭精工党委书记王海涛任联盟理事长。"
        "沧岭精工去年产值达18亿元。沧岭精工与禺江电机有限公司签订战略合作协议。\n", encoding="utf-8")
    build([corpus], out, jobs=1)
    (corpus / "b.txt").write_text(
        "近日，江苏沧岭精工机械有限公司（以下简称“沧岭精工”）与鹤湾新材料有限公司签约，共建蓝湾高新区海工装备产业链党建联盟实训基地。\n",
        encoding="utf-8")
    result = build([corpus], out, jobs=1)
    assert result.spliced and result.extracted == 1
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert '"江苏沧岭精工机械有限公司"@zh' in ttl and '"沧岭精工机械有限公司"@zh' in ttl  # label and alias
    clean = tmp_path / "clean"
    assert build([corpus], clean, jobs=1).triples == result.triples
    _same_outputs(out, clean)


def _merged_whole_like_a_clean_build(corpus, out, tmp_path):
    assert not build([corpus], out, jobs=1).spliced
    build([corpus], tmp_path / "clean", jobs=1)
    _same_outputs(out, tmp_path / "clean")


def test_a_touched_graph_is_written_whole(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, jobs=1)
    ttl = out / "graph.ttl"
    ttl.write_bytes(ttl.read_bytes() + b"# edited\n")
    shutil.copy(sorted(SEEDS.glob("*.txt"))[4], corpus / "new.txt")
    _merged_whole_like_a_clean_build(corpus, out, tmp_path)


def test_a_killed_build_leaves_no_state_to_trust(corpus, tmp_path, monkeypatch):
    import graph.rdf as R

    out = tmp_path / "out"
    build([corpus], out, jobs=1)
    shutil.copy(sorted(SEEDS.glob("*.txt"))[4], corpus / "new.txt")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(R, "splice_graph", killed)
    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, jobs=1)
    monkeypatch.undo()
    assert not list((out / ".cache").glob("merged-*.json"))
    _merged_whole_like_a_clean_build(corpus, out, tmp_path)


def test_merge_state_reads_back_and_a_damaged_one_is_refused(corpus, tmp_path):
    import struct

    from graph import snapshot

    out = tmp_path / "out"
    graph = build([corpus], out, jobs=1).graph
    merged, _ = snapshot.load(out / ".cache")
    assert merged.graph.entities == graph.entities and merged.graph.relations == graph.relations
    data = next((out / ".cache").glob("merged-*.bin"))
    whole = data.read_bytes()
    data.write_bytes(whole[:len(whole) // 2])
    assert snapshot.load(out / ".cache") is None
    data.write_bytes(struct.pack("<Q", 1 << 60) + whole[8:])  # a length no file has
    assert snapshot.load(out / ".cache") is None


def test_unchanged_files_are_not_read_again(corpus, tmp_path, monkeypatch):
    import graph.build as B

    out = tmp_path / "out"
    build([corpus], out, jobs=1)
    hashed = []
    real = B._digest
    monkeypatch.setattr(B, "_digest", lambda p: hashed.append(p) or real(p))
    assert build([corpus], out, jobs=1).extracted == 0
    assert hashed == []  # size, mtime and inode unchanged: the manifest's hash is used
    f = sorted(corpus.iterdir())[0]
    f.write_bytes(f.read_bytes() + "\n".encode())
    assert build([corpus], out, jobs=1).extracted == 1
    assert hashed == [f]


def test_records_of_another_extractor_are_not_reused(corpus, tmp_path, monkeypatch):
    import graph.build as B

    out = tmp_path / "out"
    build([corpus], out, jobs=1)
    assert build([corpus], out, jobs=1).extracted == 0
    monkeypatch.setattr(B, "_extractor_version", lambda: "1.0000000000")  # as after a change of a rule
    assert build([corpus], out, jobs=1).extracted == 4


def test_damaged_cache_entry_is_redone(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, jobs=1)
    before = (out / "graph.ttl").read_bytes()
    victim = next(p for p in (out / ".cache").iterdir() if len(p.name) > 70)
    victim.write_text("{not json", encoding="utf-8")
    build([corpus], out, jobs=1)
    assert (out / "graph.ttl").read_bytes() == before


def test_story_text_is_read_back_from_the_cache(corpus, tmp_path):
    from graph.extract import extract_file

    result = build([corpus], tmp_path / "out", jobs=1)
    f = sorted(corpus.iterdir())[0]
    want = {s.id: s.text for s in extract_file(f).stories}
    got = {s.id: s.text for s in result.graph.stories if s.source == f.name}
    assert got == want and want


def test_dask_cluster_build_is_byte_identical(corpus, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

    local = tmp_path / "local"
    build([corpus], local, jobs=1)
    remote = tmp_path / "remote"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        result = build([corpus], remote, scheduler=cluster.scheduler_address)
    assert result.extracted == 4
    _same_outputs(local, remote)


def test_unreachable_scheduler_is_an_error(corpus, tmp_path, monkeypatch):
    pytest.importorskip("distributed", reason="the [dask] extra is not installed")
    monkeypatch.setenv("CHAINKG_SCHEDULER_TIMEOUT", "1")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in lines[0], r.output
    assert not (out / "graph.ttl").exists()  # no silent local build


def test_dictionary_file_gives_jiebas_own_tables(tmp_path):
    """Workers load jieba's tables from one data file; they must be the tables jieba builds,
    and a damaged file is rebuilt rather than trusted."""
    import subprocess
    import sys

    probe = (
        "import jieba, graph.segment as S\n"
        "tags = S._tags()\n"
        "import jieba.posseg as P\n"
        "t = P.POSTokenizer.__new__(P.POSTokenizer); t.load_word_tag(jieba.dt.get_dict_file())\n"
        "ref = jieba.Tokenizer(); ref.initialize()\n"
        "assert tags == t.word_tag_tab and len(tags) > 300000\n"
        "assert jieba.dt.FREQ == ref.FREQ and jieba.dt.total == ref.total\n"
        "print(S._cache_path())\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    made = tmp_path / os.path.basename(first.stdout.strip())
    assert made.stat().st_size > 1_000_000  # the first run wrote the file
    made.write_bytes(made.read_bytes()[:5000])  # cut short
    again = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert made.stat().st_size > 1_000_000  # rewritten
    written = made.stat().st_mtime_ns
    second = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr  # the tables read back from the file are jieba's
    assert made.stat().st_mtime_ns == written  # and it was read, not made again
