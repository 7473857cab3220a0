"""The « Fichiers » sheet of a regional workbook shows each reason whole: wrapped in its
column, on a row tall enough for its lines (it was cut at the column's edge)."""

import openpyxl

from efh_xl import consolidate
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions


def test_a_long_reason_wraps_on_a_taller_row(tmp_path):
    folder = tmp_path / "territoires"
    build_workbook(folder / "a.xlsm", actions=sample_actions(per_territory=2))
    (folder / "abime.xlsm").write_text("pas un classeur\n", encoding="utf-8")
    result = consolidate([folder], tmp_path / "region.xlsx")
    sheet = openpyxl.load_workbook(result.output)["Fichiers"]
    column = [c.value for c in sheet[4]].index("Raison") + 1
    rows = range(5, sheet.max_row + 1)
    row = next(r for r in rows if sheet.cell(r, 1).value.endswith("abime.xlsm"))
    reason = sheet.cell(row, column)
    assert len(reason.value) > 60 and reason.alignment.wrap_text
    assert sheet.row_dimensions[row].height > 15
