import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seeds built once for the whole session."""
    from graph.build import build

    out = tmp_path_factory.mktemp("seed-build")
    result = build([SEEDS], out, jobs=1)
    return out, result


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    import graph

    return graph.load(seed_build[0])


@pytest.fixture
def article_dir(tmp_path):
    """A folder with one small, clean article."""
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SEEDS / "000_ab9e6bc6ca2b37e5.txt", d / "good.txt")
    return d
