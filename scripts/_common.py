"""Helpers shared by the analysis scripts: argument parsing, tables, charts, numbers.

The scripts use only the public API of chainkg (``graph.load`` and the KnowledgeGraph
methods); matplotlib is imported only when a chart is asked for (``pip install -e .[plot]``).
"""

from __future__ import annotations

import argparse
import signal
import sys
import unicodedata
from decimal import Decimal

import pandas as pd

if hasattr(signal, "SIGPIPE"):  # `python scripts/x.py out | head` ends quietly
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)

# Chinese labels in charts: the first of these fonts that is installed
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "Arial Unicode MS"]


def parser(description: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("path", help="a build folder (chainkg build ... --out DIR) or a graph.ttl")
    ap.add_argument("--png", metavar="FILE", help="also write a chart to FILE (needs matplotlib: pip install -e .[plot])")
    return ap


def load(path):
    import graph

    try:
        return graph.load(path)
    except OSError as exc:
        sys.exit(f"{path}: {exc}")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return f"{v:.4f}" if isinstance(v, float) else str(v)


def show(df: pd.DataFrame, empty: str = "(no rows)") -> None:
    """Print a DataFrame as an aligned table: text left, numbers right, Chinese counted double."""
    if df.empty:
        print(empty)
        return
    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    cells = [[_cell(v) for v in row] for row in df.itertuples(index=False)]
    names = [str(c) for c in df.columns]
    widths = [max([_width(n)] + [_width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(row, header=False):
        out = []
        for text, w, num in zip(row, widths, numeric):
            pad = " " * (w - _width(text))
            out.append(pad + text if num and not header else text + pad)
        return "  ".join(out).rstrip()

    print(line(names, header=True))
    print(line(["-" * w for w in widths], header=True))
    for row in cells:
        print(line(row))


def pyplot():
    """matplotlib.pyplot with a CJK font selected, or exit with a hint if matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError:
        sys.exit("--png needs matplotlib: pip install -e .[plot]")
    installed = {f.name for f in font_manager.fontManager.ttflist}
    fonts = [f for f in CJK_FONTS if f in installed]
    if fonts:
        plt.rcParams["font.sans-serif"] = fonts + list(plt.rcParams["font.sans-serif"])
    else:
        import warnings

        warnings.filterwarnings("ignore", message="Glyph .* missing from")  # no CJK font: boxes
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def save(fig, path: str) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    print(f"chart -> {path}", file=sys.stderr)


def money(value, unit: str) -> str:
    """A figure in base units, written the way the articles write it (亿元, 万元).

    >>> money(Decimal("46410000000"), "元"), money(5333, "人"), money(None, "个")
    ('464.1亿元', '5333人', '')
    """
    if value is None:
        return ""
    v = Decimal(value)
    for scale, word in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
        if unit == "元" and abs(v) >= scale:
            return f"{(v / scale).normalize():f}{word}{unit}"
    return f"{v.normalize():f}{unit}"


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


# characters for the per-copy name variants of the synthetic corpora (bench.py,
# query_bench.py): the celestial stems and branches plus a few rare name characters, which
# jieba does not join with their neighbours into common words
POOL = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥甪甴畀畈畋畎畛畬"


def variant_code(n: int, width: int, pool: str = POOL) -> str:
    """The ``n``-th name variant of ``width`` characters drawn from ``pool``."""
    chars = []
    for _ in range(width):
        n, r = divmod(n, len(pool))
        chars.append(pool[r])
    return "".join(chars)
