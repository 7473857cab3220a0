"""What a regional workbook has no figure for is blank, not 0: a territory's year without any
file in the evolution (0 read as « no action that year »), and the counts of a file not read
in the Fichiers sheet (« 0 actions » read as an empty workbook)."""

from __future__ import annotations

import python_calamine

from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.sample import sample_actions


def _book(folder, name: str, territory: str, year: int):
    actions = sample_actions(per_territory=3).iloc[:3].copy()
    actions["Territoire"], actions["Année"] = territory, year
    actions["N° action"] = [f"{name}-{i}" for i in range(3)]
    return build_workbook(folder / f"{name}.xlsm", actions=actions)


def _rows(path, sheet: str) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def test_no_figure_is_blank_not_zero(tmp_path):
    folder = tmp_path / "in"
    _book(folder, "a", "Denain", 2024)
    _book(folder, "b", "Maubeuge", 2025)
    (folder / "abime.xlsm").write_bytes(b"pas un classeur")
    region = tmp_path / "r.xlsx"
    consolidate([folder], region)
    evolution = _rows(region, "Évolution par année")
    header = next(r for r in evolution if r and r[0] == "Territoire" and "Actions 2024" in r)
    at = evolution.index(header)
    rows = {r[0]: r for r in evolution[at + 1 : at + 3]}
    actions_2024, granted_2025 = header.index("Actions 2024"), header.index("Accordé M1+M2 2025")
    assert rows["Denain"][actions_2024] == 3
    assert rows["Maubeuge"][actions_2024] == "" and rows["Denain"][granted_2025] == ""
    files = _rows(region, "Fichiers")
    head = next(r for r in files if r and r[0] == "Fichier")
    skipped = next(r for r in files if r and str(r[0]).endswith("abime.xlsm"))
    assert skipped[head.index("État")] == "ignoré"
    assert skipped[head.index("Actions")] == "" and skipped[head.index("Doublons")] == ""
    read = next(r for r in files if r and str(r[0]).endswith("a.xlsm"))
    assert read[head.index("Actions")] == 3 and read[head.index("Doublons")] == 0
