"""Benchmark the build: speed against one jieba pass, linearity, incremental cost, memory.

Makes a corpus of N articles in the genre from ``seeds/*.txt`` and ``tests/data/dev/*.txt``
with the firm, park and other organisation names varied per copy (so entities do not
collapse into one node), then times in one run:

* a plain ``jieba.lcut`` pass over the same text (a fresh process, after ``jieba.initialize()``);
* a full build of the corpus (``python -m graph.cli build``, all cores, clean output folder);
* a clean build of a quarter of the corpus;
* an incremental rebuild of the full corpus after adding one article;

and prints the ratios and the peak memory of each build. Builds run as subprocesses;
"peak RSS" is the ``ru_maxrss`` that ``wait4`` reports for the build process (the largest
single process of its tree: the main process doing the merge, or a worker), and "peak
tree" is the largest sum of PSS over the build process and its children (workers and the
forked page writer), sampled every 200 ms with psutil. PSS counts a page shared by n
processes as 1/n in each: forked children share most of the parent's pages, which a sum of
RSS would count once per process.

Peak memory for a larger corpus is estimated by a straight line through the two measured
builds (N/4 and N articles): the merge holds per-entity and per-fact state that grows
linearly with the corpus, everything else (workers, the interpreter, jieba's dictionary)
is constant.

Usage::

    python scripts/bench.py                 # N = 2000
    python scripts/bench.py -n 10000 --estimate 100000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import POOL, variant_code

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "seeds").glob("*.txt"), *(ROOT / "tests" / "data" / "dev").glob("*.txt")])
NAMED = ("Firm", "Park", "AcademicInstitution", "Initiative")
# industry words that begin some names; varying them would break the chain cues
GENERIC = {"冷链", "新材", "磁材", "海工", "党建", "光伏", "环保"}


def _prefixes(text: str, source: str) -> list[str]:
    """Two-character prefixes of the organisation names the extractor finds in ``text``."""
    from graph.extract import extract_text
    from graph.segment import is_proper, tag

    rec = extract_text(text, source)
    found = set()
    for e in rec.entities:
        if e.type in NAMED:
            for name in (e.name, *e.aliases):
                head = name[:2]
                if (len(head) == 2 and all("\u4e00" <= c <= "\u9fff" for c in head) and head in text
                        and head not in GENERIC and is_proper(head) and tag(head) != "j"):
                    found.add(head)
    return sorted(found)



class Corpus:
    """Numbered copies of the source articles with their names varied per copy."""

    def __init__(self, n: int, sources=SOURCES):
        self.texts = [p.read_text(encoding="utf-8") for p in sources]
        self.stems = [p.stem for p in sources]
        self.heads = [_prefixes(t, p.name) for t, p in zip(self.texts, sources)]
        most = max(len(h) for h in self.heads) + 1
        self.width = 1
        while len(POOL) ** self.width < (n + 1) * most:
            self.width += 1
        self.most = most

    def article(self, k: int) -> tuple[str, str]:
        """File name and text of copy ``k``: every name prefix replaced by a code unique to ``k``."""
        i = k % len(self.texts)
        text = self.texts[i]
        for j, head in enumerate(self.heads[i]):
            text = text.replace(head, variant_code(k * self.most + j, self.width))
        return f"{k:06d}_{self.stems[i]}.txt", text

    def write(self, folder: Path, n: int, start: int = 0) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for k in range(start, start + n):
            name, text = self.article(k)
            (folder / name).write_text(text, encoding="utf-8")
            paths.append(folder / name)
        return paths


_LCUT = """
import json, sys, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
jieba.initialize()
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).iterdir())]
t0, c0 = time.perf_counter(), time.process_time()
for t in texts:
    jieba.lcut(t)
print(json.dumps([time.perf_counter() - t0, time.process_time() - c0, sum(map(len, texts))]))
"""


def time_lcut(folder: Path) -> tuple[float, float, int]:
    """Seconds (wall, CPU) for one ``jieba.lcut`` pass over every file's text (read
    beforehand), and the characters read: in a fresh process, with jieba as installed
    and initialised its own way (the extractor, which made the corpus here, gave this
    process's jieba its tables)."""
    out = subprocess.run([sys.executable, "-c", _LCUT, str(folder)], check=True, capture_output=True, text=True).stdout
    wall, cpu, chars = json.loads(out.strip().splitlines()[-1])
    return wall, cpu, chars


def run_build(inputs: Path, out: Path, jobs: int | None, extra=()) -> dict:
    """Run ``chainkg build`` as a subprocess; wall time, peak RSS, peak tree PSS."""
    import psutil

    cmd = [sys.executable, "-m", "graph.cli", "build", str(inputs), "--out", str(out), *extra]
    if jobs:
        cmd += ["-j", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_tree = [0]
    done = threading.Event()

    def sample():
        try:
            p = psutil.Process(proc.pid)
            while not done.is_set():
                total = 0
                for q in [p, *p.children(recursive=True)]:
                    try:
                        total += q.memory_full_info().pss
                    except psutil.Error:
                        pass
                peak_tree[0] = max(peak_tree[0], total)
                time.sleep(0.2)  # reading a process's PSS takes about 1 ms per 100 MB
        except psutil.Error:
            pass

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    proc.stdout.read()  # drained, not used
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    done.set()
    th.join()
    if proc.returncode != 0:
        sys.exit(f"bench: build failed ({proc.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    return {"seconds": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss * 1024, "tree": peak_tree[0],
            "summary": stderr.decode(errors="replace").strip().splitlines()[-1]}


def _mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="articles in the corpus (default 2000)")
    ap.add_argument("-j", "--jobs", type=int, default=None, help="build workers (default: all cores)")
    ap.add_argument("--estimate", type=int, default=100_000, help="estimate peak memory for this many articles")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the corpus and outputs here")
    args = ap.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="chainkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    full, quarter = work / "corpus", work / "quarter"
    for d in (full, quarter, work / "out-full", work / "out-quarter"):
        shutil.rmtree(d, ignore_errors=True)
    t0 = time.perf_counter()
    corpus = Corpus(args.n)
    corpus.write(full, args.n)
    corpus.write(quarter, args.n // 4)
    print(f"corpus: {args.n} articles from {len(SOURCES)} sources in {work} ({time.perf_counter() - t0:.1f} s to write)")

    lcut, lcut_cpu, chars = time_lcut(full)
    print(f"{'jieba.lcut, 1 process':28s} {lcut:8.2f} s wall {lcut_cpu:8.2f} s CPU   ({chars:,} chars, {chars / lcut / 1000:,.0f} k chars/s)")

    def show(label, r):
        print(f"{label:28s} {r['seconds']:8.2f} s wall {r['cpu']:8.2f} s CPU   peak RSS {_mb(r['maxrss'])}, peak tree PSS {_mb(r['tree'])}")

    f = run_build(full, work / "out-full", args.jobs)
    show(f"full build ({args.n})", f)
    print(f"    {f['summary']}")
    q = run_build(quarter, work / "out-quarter", args.jobs)
    show(f"quarter build ({args.n // 4})", q)
    corpus.write(full, 1, start=args.n)
    i = run_build(full, work / "out-full", args.jobs)
    show("incremental (+1 article)", i)
    print(f"    {i['summary']}")

    n, m = args.n, args.n // 4
    slope = (f["maxrss"] - q["maxrss"]) / (n - m)
    est = f["maxrss"] + slope * (args.estimate - n)
    slope_t = (f["tree"] - q["tree"]) / (n - m)
    est_t = f["tree"] + slope_t * (args.estimate - n)
    # the tree holds the largest process and the others (workers, whose size does not grow)
    est_t = max(est_t, est + max(0, f["tree"] - f["maxrss"]))
    checks = [
        ("full build / lcut", f["seconds"] / lcut, 1.0),
        (f"time({n}) / time({m})", f["seconds"] / q["seconds"], 4.4),
        ("incremental / full", i["seconds"] / f["seconds"], 0.05),
    ]
    print()
    cores = args.jobs or os.cpu_count() or 1
    print(f"(CPU: full build {f['cpu']:.1f} s over {cores} cores = {f['cpu'] / cores:.1f} s, against {lcut_cpu:.1f} s for lcut;"
          f" the wall times below are only fair on an otherwise idle machine)")
    for name, value, target in checks:
        print(f"{name:28s} {value:6.3f}   target <= {target:<5}  {'ok' if value <= target else 'MISSED'}")
    print(f"{'peak RSS per 1000 articles':28s} {_mb(slope * 1000):>6s}   (line through N/4 and N)")
    print(f"estimated peak for {args.estimate:,}: {_mb(est)} RSS (largest process), {_mb(est_t)} PSS (process tree)"
          f"   target < 4096 MB  {'ok' if max(est, est_t) < 4 * 2**30 else 'MISSED'}")
    if n < 10_000:
        print("    (below 10,000 articles a worker, whose size does not grow, is the largest process, and the line"
              " says little about the merge: estimate with -n 10000)")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
