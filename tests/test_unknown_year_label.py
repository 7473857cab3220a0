"""An action without a year is counted under one label, agreed with « année »: « (non
renseignée) » in the console of consolidate, the « Par année » tables and the « Évolution par
année » sheet alike (the sheet said « (non renseignée) », the others « (non renseigné) »). A
blank pilier keeps the masculine « (non renseigné) »."""

from __future__ import annotations

import python_calamine

from efh_xl.cli import main
from efh_xl.core.summary import UNKNOWN_PILIER, UNKNOWN_YEAR
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions


def _sections(rows: list[list]) -> dict[str, list[str]]:
    """The first-column labels under each section title of a summary sheet (« Par année »…)."""
    found: dict[str, list[str]] = {}
    current = None
    for row in rows:
        first = row[0] if row else ""
        if isinstance(first, str) and first.startswith("Par "):
            current = found.setdefault(first, [])
        elif first in ("", None):  # the blank row that ends a table
            current = None
        elif current is not None:
            current.append(str(first))
    return found


def test_a_blank_year_has_one_label_everywhere_and_a_blank_pilier_its_own(tmp_path, capsys):
    assert UNKNOWN_YEAR == "(non renseignée)" and UNKNOWN_PILIER == "(non renseigné)"
    actions = sample_actions(per_territory=4).reset_index(drop=True)
    actions.loc[0, "Année"] = None
    actions.loc[1, "Pilier"] = None
    book = build_workbook(tmp_path / "a.xlsm", actions=actions)
    region = tmp_path / "region.xlsx"
    capsys.readouterr()
    assert main(["consolidate", str(book), "-o", str(region)]) == 0
    out = capsys.readouterr().out
    assert f"années : {UNKNOWN_YEAR}, 2024" in out
    workbook = python_calamine.CalamineWorkbook.from_path(str(region))
    sheets = {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}
    overview = _sections(sheets["Synthèse – Ensemble"])
    assert UNKNOWN_YEAR in overview["Par année"]
    assert UNKNOWN_PILIER in overview["Par pilier"]
    assert UNKNOWN_PILIER not in overview["Par année"]
    evolution = [c for row in sheets["Évolution par année"] for c in row if isinstance(c, str)]
    assert f"Actions {UNKNOWN_YEAR}" in evolution and UNKNOWN_YEAR in evolution
    assert not [c for c in evolution if c.endswith(f"{UNKNOWN_PILIER}")]
