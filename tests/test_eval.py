"""Extraction quality is measured, and must not fall below what it reached."""

import pytest

from conftest import DATA, SEEDS, SHARED


def _report(folder):
    from graph.evaluate import evaluate

    return evaluate(folder, [SEEDS])


@pytest.mark.skipif(not (SHARED / "eval" / "dev").exists(), reason="shared gold not beside the project")
def test_shared_dev_gold():
    rep = _report(SHARED / "eval" / "dev")
    assert rep.entities.f1 >= 0.95 and rep.relations.f1 >= 0.85
    assert rep.splits == 0


def test_own_dev_set():
    rep = _report(DATA / "dev")
    assert rep.articles >= 251
    assert rep.entities.f1 >= 0.95 and rep.relations.f1 >= 0.83
    assert rep.observations.f1 >= 0.60
    assert rep.splits == 0


def test_heldout_set_is_only_scored():
    rep = _report(DATA / "heldout")
    assert rep.articles >= 126
    assert rep.entities.f1 >= 0.91 and rep.relations.f1 >= 0.75
    assert rep.observations.f1 >= 0.52
    assert rep.splits == 0
