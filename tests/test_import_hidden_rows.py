"""Rows hidden in a sheet list (an active filter showing one territory, rows hidden by hand)
are read as the others, as calamine reads them: the import says which, instead of adding
actions the user did not see without a word (trial 9)."""

from __future__ import annotations

import shutil

import xlsxwriter
from conftest import WORKBOOK

from efh_xl import evaluate_file, import_actions


def test_hidden_rows_are_imported_and_named(tmp_path):
    source = tmp_path / "filtre.xlsx"
    book = xlsxwriter.Workbook(source)
    sheet = book.add_worksheet("Liste")
    sheet.write_row(0, 0, ["N° action", "Action", "Porteur", "Territoire", "Q1", "Q2a", "Q2b"])
    sheet.write_row(0, 7, ["Q3", "Q4", "Q5"])
    for i, place in enumerate(["Hautecombe", "Denain", "Hautecombe", "Denain"], start=1):
        sheet.write_row(i, 0, [f"F-{i}", f"Action {i}", "Asso", place])
        if place == "Denain":
            sheet.set_row(i, None, None, {"hidden": True})  # as a filter on Hautecombe hides it
    book.close()
    workbook = shutil.copy(WORKBOOK, tmp_path / "grille.xlsm")
    result = import_actions(source, workbook, dry_run=True)
    assert result.added == 4
    (said,) = [w for w in result.warnings if "masquées" in w]
    assert said.startswith("2 lignes masquées dans le fichier (filtre ou lignes masquées à la")
    assert "importées comme les autres : lignes 3, 5. Si elles ne doivent pas l'être" in said
    # evaluate says them alike (trial 11).
    (told,) = [w for w in evaluate_file(source).attrs["warnings"] if "masquées" in w]
    assert "évaluées comme les autres : lignes 3, 5." in told
