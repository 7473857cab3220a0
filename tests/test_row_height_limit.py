"""No row is written taller than Excel lets a row be (409.5 points).

Excel reads a taller row as 409.6 points without a word (its text then runs past the row's
foot), and our page breaks would have reckoned with a height Excel never shows. A long text
(a comment of a few thousand characters pasted from a report) made rows of 1,125 points in an
evaluated list and of 16,680 in the Actions sheet after an import.

Through real files: each output written by the command a user runs, every ``ht`` of every
sheet read back from its XML.
"""

from __future__ import annotations

import re
import shutil
import zipfile

from conftest import WORKBOOK
from test_import import write_csv

from efh_xl import consolidate, evaluate_file, import_actions, refresh_workbook
from efh_xl.workbook.sample import sample_actions

# Excel's tallest row: the « 409 points » of its specifications and limits, 409.5 as its
# object model takes it.
EXCEL_MOST = 409.5
LONG = " ".join(["Un compte rendu collé d'un rapport d'activité, phrase après phrase."] * 60)


def heights(path) -> list[float]:
    """The heights of every row of every sheet of the package at ``path``."""
    found = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = package.read(name).decode()
                found += [float(h) for h in re.findall(r'<row [^>]*?\bht="([0-9.]+)"', xml)]
    return found


def test_an_evaluated_list_has_no_row_taller_than_excel_allows(tmp_path):
    actions = sample_actions(per_territory=3)
    actions["Commentaires"] = LONG
    source = tmp_path / "liste.csv"
    actions.to_csv(source, sep=";", index=False, encoding="utf-8")
    output = tmp_path / "évaluée.xlsx"
    evaluate_file(source, output=output)
    got = heights(output)
    assert got and max(got) == EXCEL_MOST


def test_an_import_a_refresh_and_a_consolidation_keep_rows_within_excel_s_limit(tmp_path):
    workbook = tmp_path / "territoire.xlsm"
    shutil.copy(WORKBOOK, workbook)
    header = ["N° action", "Action", "Porteur", "Montant accordé", "Territoire", "Année", "Q1"]
    line = ["LONG-1", LONG, "Association Élan", "1 000", "Val-de-Lys Métropole", "2026", ""]
    rows = [header, line]
    import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    refresh_workbook(workbook)
    region = tmp_path / "region.xlsx"
    consolidate([workbook], region)
    for path in (workbook, region):
        got = heights(path)
        assert max(got) == EXCEL_MOST, path.name  # the long title's row, cut at the limit


def test_the_rows_of_a_summary_list_are_within_excel_s_limit():
    from efh_xl.core.sheet_model import MAX_ROW_HEIGHT, text_height

    assert MAX_ROW_HEIGHT == EXCEL_MOST
    assert text_height(LONG, 20) == EXCEL_MOST
    assert text_height("court", 20) == 15


def test_a_sheet_model_holds_no_row_taller_than_excel_allows():
    # One table of heights for the writer, the page breaks and the button (which set
    # 16,000 points through Excel's object model, refused there with an error).
    from efh_xl.core.sheet_model import SheetModel

    sheet = SheetModel("Synthèse – Ensemble")
    sheet.heights[3] = 1_000.0
    sheet.heights.update({4: 30.0, 5: 16_000.0})
    sheet.heights.setdefault(6, 5_000.0)
    assert sheet.heights == {3: EXCEL_MOST, 4: 30.0, 5: EXCEL_MOST, 6: EXCEL_MOST}
