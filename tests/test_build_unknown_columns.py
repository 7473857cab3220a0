"""A table of actions given to build_workbook with a column the Actions table has no place
for is refused, its columns named: built, it was lost without a word."""

from __future__ import annotations

import pytest

import efh_xl
from efh_xl.workbook.sample import sample_actions


def test_an_unknown_column_is_refused_and_named(tmp_path):
    actions = sample_actions(per_territory=2).rename(columns={"Montant accordé": "Montant accorde"})
    actions["Notes perso"] = "à revoir"
    with pytest.raises(efh_xl.UnknownColumnsError) as refused:
        efh_xl.build_workbook(tmp_path / "t.xlsm", actions=actions)
    said = str(refused.value)
    assert "« Montant accorde », « Notes perso »" in said and "Montant accordé" in said
    assert not (tmp_path / "t.xlsm").exists()


def test_the_computed_columns_of_an_exported_table_are_taken(tmp_path):
    # A table read back from a workbook holds Marqueur, Motif and Code Dauphin: recomputed.
    actions = efh_xl.read_workbook(
        efh_xl.build_workbook(tmp_path / "a.xlsm", actions=sample_actions(per_territory=2))
    ).actions
    assert {"Marqueur", "Motif"} <= set(actions.columns)
    efh_xl.build_workbook(tmp_path / "b.xlsm", actions=actions)
