"""An amount a consolidation cannot read counts in no total: its file says so, with its line,
on the console and in the Fichiers sheet (the region's totals were short without a word)."""

from __future__ import annotations

import python_calamine

from efh_xl.cli import main
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.sample import sample_actions


def test_an_unreadable_amount_is_said_with_its_file_and_line(tmp_path, capsys):
    actions = sample_actions(per_territory=3)
    actions["Montant accordé"] = actions["Montant accordé"].astype(object)
    actions.loc[0, "Montant accordé"] = "à confirmer"
    book = build_workbook(tmp_path / "t.xlsm", actions=actions)
    result = consolidate([book], tmp_path / "r.xlsx")
    [warning] = result.files[0].warnings
    assert warning.startswith("1 montant illisible (ligne 5 : Montant accordé « à confirmer »)")
    assert "compté dans aucun total en euros" in warning
    # The total leaves it out, as the territory's own summaries do.
    readable = actions["Montant accordé"].iloc[1:].astype(float).sum()
    assert result.granted == readable
    sheet = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "r.xlsx"))
    cells = [c for row in sheet.get_sheet_by_name("Fichiers").to_python() for c in row]
    assert any(isinstance(c, str) and "montant illisible" in c for c in cells)
    assert main(["consolidate", str(book), "-o", str(tmp_path / "r2.xlsx")]) == 0
    assert "1 montant illisible (ligne 5" in capsys.readouterr().out


def test_readable_amounts_say_nothing(tmp_path):
    book = build_workbook(tmp_path / "t.xlsm", actions=sample_actions(per_territory=3))
    assert consolidate([book], tmp_path / "r.xlsx").files[0].warnings == []


def test_a_files_warnings_are_sentences_in_its_fichiers_row(tmp_path):
    actions = sample_actions(per_territory=3)
    actions["Montant accordé"] = actions["Montant accordé"].astype(object)
    actions.loc[0, "Montant accordé"] = "à confirmer"
    book = build_workbook(tmp_path / "t.xlsm", actions=actions, rule="cumulatif")
    result = consolidate([book], tmp_path / "r.xlsx")
    assert len(result.files[0].warnings) == 2  # another rule, and the amount
    sheet = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "r.xlsx"))
    [reason] = [
        c
        for row in sheet.get_sheet_by_name("Fichiers").to_python()
        for c in row
        if isinstance(c, str) and "montant illisible" in c
    ]
    assert ".;" not in reason and ". 1 montant illisible" in reason and reason.endswith(".")
