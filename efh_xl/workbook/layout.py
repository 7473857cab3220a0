"""Where things are in the workbook: its sheets, their code names, the table and box-set
positions, the macro and its button. The build writes them; reading and refresh find them here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from efh_xl.core.programmation import ACTIONS_SHEET, GRID_SHEET, LISTS_SHEET
from efh_xl.workbook.lookup_sheet import LOOKUP_SHEET

DEFAULT_PATH = Path("workbook") / "efh_grille.xlsm"

CONF_SHEET = "xlwings.conf"
SHEETS = (ACTIONS_SHEET, GRID_SHEET, LISTS_SHEET, CONF_SHEET, LOOKUP_SHEET)
CODENAMES = {name: f"Feuil{i}" for i, name in enumerate(SHEETS, start=1)}
UDF_MODULE = "efh_xl.excel.udfs"
MACRO = "GenererSyntheses"
BUTTON_CAPTION = "Générer les synthèses"

# Actions sheet layout: a title, a line of help, a blank line, then the table.
TABLE_HEADER_ROW = 3
FIXED_CREATED = dt.datetime(2026, 1, 1)

# Grille sheet layout: where the editable box-set table lives (rows follow rule.box_sets).
BOX_TABLE_ROW = 23  # header row; sets on the rows below
BOX_TABLE_COL = 1  # column B holds the set names, then one column per question

