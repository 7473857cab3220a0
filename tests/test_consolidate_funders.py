"""The regional summaries count each funder's euros and the people reached by marker, as a
territory's summaries do: the region had neither table. Totals against an independent count
of the workbooks' own columns, with pandas."""

from __future__ import annotations

import pandas as pd
from conftest import WORKBOOK

from efh_xl.workbook.consolidation import consolidate


def test_the_overview_has_the_funders_and_the_people_of_every_file(tmp_path):
    output = consolidate([WORKBOOK], tmp_path / "region.xlsx").output
    sheet = pd.read_excel(output, sheet_name="Synthèse – Ensemble", header=None, engine="calamine")
    first = sheet[0].tolist()
    top = first.index("Par financeur : euros par marqueur") + 1
    funders = sheet.iloc[top + 1 :, :7]
    funders = funders[funders[0].notna()].set_index(0)
    actions = pd.read_excel(WORKBOOK, sheet_name="Actions", header=3, engine="calamine")
    for name in ("CAF", "Région", "État (programme 147)"):
        typed = pd.to_numeric(actions[f"Montant {name}"], errors="coerce").sum()
        assert funders.loc[name, 6] == typed, name
    people = "Bénéficiaires : part des femmes"
    assert any(isinstance(v, str) and v.startswith(people) for v in first)
