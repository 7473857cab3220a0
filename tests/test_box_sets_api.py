"""Rule.with_box_sets and save_rule refuse, in French, what load_rule would refuse."""

from __future__ import annotations

import pytest

from efh_xl import DEFAULT_RULE, save_rule
from efh_xl.core.grid import RuleError


@pytest.mark.parametrize(
    ("boxes", "said"),
    [
        ({"rouge": (("Q1", "OUI"),)}, "ensemble inconnu « rouge »"),
        ({"vert_fonce": (("Q9", "OUI"),)}, "ensemble vert_fonce : question inconnue « Q9 »"),
        ({"vert_fonce": (("Q1", "PEUT"),)}, "ensemble vert_fonce, Q1 : « PEUT » (attendu OUI"),
    ],
)
def test_with_box_sets_refuses_what_the_grid_has_not(boxes, said):
    # « rouge » was ignored, Q9 raised « tuple.index(x): x not in tuple », PEUT a KeyError.
    with pytest.raises(RuleError, match=said.replace("(", r"\(")):
        DEFAULT_RULE.with_box_sets(**boxes)


def test_save_rule_writes_no_file_load_rule_would_refuse(tmp_path):
    empty = DEFAULT_RULE.with_box_sets(vert_fonce=())
    with pytest.raises(RuleError, match="toute action l'atteindrait"):
        save_rule(empty, tmp_path / "vide.json")
    assert not (tmp_path / "vide.json").exists()
