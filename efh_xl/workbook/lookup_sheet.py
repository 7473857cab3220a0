"""The hidden lookup sheet that the native formulas read, described once as a sheet model.

The builder writes it with XlsxWriter; ``efh-xl refresh`` rewrites it in place when the box
sets of the Grille sheet no longer match the ones it was computed with.
"""

from __future__ import annotations

import efh_xl.workbook.formulas as fx
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN, combination_table
from efh_xl.core.grid import EXCEL_ERRORS, Rule
from efh_xl.core.sheet_model import SheetModel

LOOKUP_SHEET = "EFH_Calcul"
# Defined name holding the box sets the lookup sheet was computed with (a text constant), so
# that refresh can tell whether the Grille changed without reading the lookup sheet.
STAMP_NAME = "EFH_REGLE_CALCUL"


def stamp(rule: Rule) -> str:
    """The box sets of ``rule`` as one text: sets separated by « | », answers by « , »."""
    return "|".join(",".join(row) for row in rule.box_table())


def stamp_formula(rule: Rule) -> str:
    """The defined name's formula text (a quoted text constant)."""
    return '"' + stamp(rule) + '"'


SPELLING_COL, CODE_COL, ERROR_COL = 0, 1, 3
INDEX_COL, MARKER_COL, REASON_COL, STAMP_COL = 5, 6, 7, 9


def lookup_sheet(rule: Rule) -> SheetModel:
    """Spellings with their codes, Excel's error texts, every combination's marker and reason,
    and the box sets they were computed with (for people: refresh reads STAMP_NAME)."""
    sheet = SheetModel(LOOKUP_SHEET, tab_color="808080")
    headers = {
        SPELLING_COL: "Orthographe",
        CODE_COL: "Code+1",
        ERROR_COL: "Erreur",
        INDEX_COL: "Combinaison",
        MARKER_COL: MARKER_COLUMN,
        REASON_COL: REASON_COLUMN,
        STAMP_COL: "Ensembles",
    }
    for col, text in headers.items():
        sheet.put(0, col, text, "header")
    spellings = rule.spellings.table()
    for i, (spelling, code) in enumerate(spellings, start=1):
        sheet.put(i, SPELLING_COL, spelling, "plain")
        sheet.put(i, CODE_COL, code + fx.SPELLING_CODE_SHIFT, "plain")
    # The empty spelling: an empty answer cell equals it (see efh_xl.workbook.formulas).
    sheet.put(len(spellings) + 1, CODE_COL, fx.SPELLING_CODE_SHIFT, "plain")
    for i, error in enumerate(EXCEL_ERRORS, start=1):
        sheet.put(i, ERROR_COL, error, "plain")
    table = combination_table(rule)
    for index in range(len(table.markers)):
        sheet.put(index + 1, INDEX_COL, index, "plain")
        sheet.put(index + 1, MARKER_COL, int(table.markers[index]), "plain")
        sheet.put(index + 1, REASON_COL, str(table.reasons[index]), "plain")
    for i, answers in enumerate(rule.box_table(), start=1):
        for j, answer in enumerate(answers):
            sheet.put(i, STAMP_COL + j, answer, "plain")
    sheet.widths = {SPELLING_COL: 14, REASON_COL: 100}
    return sheet


def defined_names(rule: Rule) -> dict[str, tuple[int, int, int]]:
    """Names the formulas use -> (first row, last row, column) on the lookup sheet."""
    table_rows = len(combination_table(rule).markers)
    blank_row = len(rule.spellings.table()) + 1
    return {
        fx.NAME_SPELLINGS: (1, blank_row, SPELLING_COL),
        fx.NAME_SPELLING_CODES: (1, blank_row, CODE_COL),
        fx.NAME_ERRORS: (1, len(EXCEL_ERRORS), ERROR_COL),
        fx.NAME_MARKERS: (1, table_rows, MARKER_COL),
        fx.NAME_REASONS: (1, table_rows, REASON_COL),
    }
