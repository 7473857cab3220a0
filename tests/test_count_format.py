"""Counts on the summary sheets (actions, people reached) show a thousands separator, as the
euros do: « 1 965 » women planned in a French spreadsheet, not « 1965 »."""

import openpyxl

from efh_xl import refresh_workbook
from efh_xl.core.summary_sheets import SUMMARY_PREFIX
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions


def test_people_and_action_counts_have_a_thousands_separator(tmp_path):
    path = build_workbook(tmp_path / "classeur.xlsm", actions=sample_actions(per_territory=10))
    refresh_workbook(path)
    book = openpyxl.load_workbook(path)
    sheet = book[next(n for n in book.sheetnames if n.startswith(SUMMARY_PREFIX))]
    rows = [list(row) for row in sheet.iter_rows()]
    header = next(row for row in rows if row[1].value == "Femmes prévues")
    total = next(row for row in rows[header[0].row :] if row[0].value == "Total")
    assert total[1].value > 0 and total[1].number_format == "#,##0"
    actions = next(row for row in rows if row[1].value == "Actions")
    assert rows[actions[0].row][1].number_format == "#,##0"  # the first marker's actions
