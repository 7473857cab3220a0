"""A rule whose box sets cannot give a marker is refused wherever it is used, not only where a
workbook is built or a rule saved: it marked every answered action 2."""

from __future__ import annotations

import pytest

import efh_xl
from efh_xl.core.grid import DEFAULT_RULE
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

BAD = DEFAULT_RULE.with_box_sets(vert_fonce=())


def test_every_evaluation_refuses_a_rule_that_cannot_give_a_marker(tmp_path):
    actions = sample_actions(per_territory=2)
    book = build_workbook(tmp_path / "t.xlsm", actions=actions)
    calls = [
        lambda: efh_xl.evaluate_action(["OUI"] * 6, BAD),
        lambda: efh_xl.evaluate(actions, BAD),
        lambda: efh_xl.summarize(actions, BAD),
        lambda: efh_xl.evaluate_file(book, rule=BAD),
        lambda: efh_xl.consolidate([book], tmp_path / "r.xlsx", rule=BAD),
    ]
    for call in calls:
        with pytest.raises(efh_xl.RuleError) as caught:
            call()
        assert "vide : toute action l'atteindrait" in str(caught.value)
        assert isinstance(caught.value, efh_xl.EfhError | ValueError)
    assert not (tmp_path / "r.xlsx").exists()
