"""A row to fix under the consolidation's rule that its file's own rule finds nothing to fix
in says so in « À corriger »: the territory would be asked to correct answers its grid takes
(« OK » read as OUI by its own rule)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from efh_xl.core.grid import DEFAULT_RULE
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.sample import sample_actions


def test_an_answer_the_files_rule_accepts_is_said_so_in_a_fixs_reason(tmp_path):
    spellings = DEFAULT_RULE.spellings
    own = replace(  # Maubeuge's: « OK » is OUI
        DEFAULT_RULE, name="Maubeuge", spellings=replace(spellings, oui=spellings.oui | {"OK"})
    )
    actions = sample_actions(per_territory=2).iloc[:2].copy()
    for q in ("Q1", "Q2a", "Q3", "Q4", "Q5"):
        actions[q] = "OUI"
    actions["Q2b"] = None
    actions.loc[actions.index[0], "Q3"] = "OK"
    book = build_workbook(tmp_path / "t.xlsm", actions=actions, rule=own)
    result = consolidate([book], tmp_path / "r.xlsx")
    assert result.files[0].other_rule
    fix = pd.read_excel(tmp_path / "r.xlsx", sheet_name="À corriger", header=3, engine="calamine")
    [reason] = fix["Raison"].astype(str).tolist()
    assert "« OK » non reconnu" in reason
    assert "rien à corriger selon la règle du fichier" in reason
