"""Where things are in the workbook: its sheets, their code names, the table and box-set
positions, the macro and its button. The build writes them; reading and refresh find them here.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from efh_xl.core.programmation import ACTIONS_SHEET, GRID_SHEET, SETTINGS_SHEET
from efh_xl.core.settings import SETTINGS, SETTINGS_FIRST_ROW, SETTINGS_VALUE_COL
from efh_xl.ooxml.xml import cell_ref
from efh_xl.workbook.control_sheet import CONTROL_SHEET
from efh_xl.workbook.lookup_sheet import LOOKUP_SHEET

# In the current folder, as « efh-xl build » writes it (the repository's workbook/ folder
# made a script's folder grow a workbook/ of its own).
DEFAULT_PATH = Path("efh_grille.xlsm")

CONF_SHEET = "xlwings.conf"
# New sheets go at the end: a code name (FeuilN) follows its sheet for the life of a workbook.
SHEETS = (ACTIONS_SHEET, GRID_SHEET, SETTINGS_SHEET, CONF_SHEET, LOOKUP_SHEET, CONTROL_SHEET)
CODENAMES = {name: f"Feuil{i}" for i, name in enumerate(SHEETS, start=1)}
UDF_MODULE = "efh_xl.excel.udfs"
MACRO = "GenererSyntheses"
BUTTON_CAPTION = "Générer les synthèses"

# Actions sheet layout: a title, a line of help, a blank line, then the table.
TABLE_HEADER_ROW = 3


def build_date() -> dt.datetime:
    """The creation date a build stamps (docProps): now, or ``SOURCE_DATE_EPOCH`` (seconds,
    the reproducible-builds convention) when set, as ``make build`` sets it for the committed
    workbook. A fixed date in every build told a user's Excel (Fichier › Informations) that
    a workbook built today was created on 1 January 2026."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)

# Grille sheet layout: where the editable box-set table lives (rows follow rule.box_sets).
BOX_TABLE_ROW = 23  # header row; sets on the rows below
BOX_TABLE_COL = 1  # column B holds the set names, then one column per question
# Hidden columns beside it: each box as the rule reads it (OUI, NON or empty), which the paper
# grid's colours and hatching test (a box pasted « X » is OUI there too).
BOX_READ_COL = BOX_TABLE_COL + 1 + 6 + 1  # past the six questions' columns and one blank


# Paramètres sheet layout (0-based): one setting a row from SETTINGS_FIRST_ROW (label in
# column A, value in column B), then the lists, each under its header on LISTS_HEADER_ROW.
# SETTINGS_FIRST_ROW and SETTINGS_VALUE_COL come from efh_xl.core.settings (the functions
# name the cells of their argument EFH_PARAMETRES with them).
LISTS_HEADER_ROW = 10
LISTS_LAST_ROW = 400  # the drop-down lists read down to here
TERRITORY_COL, SHORT_NAME_COL, PILIER_COL, FUNDER_COL = 0, 1, 3, 5


def cell_address(row: int, col: int) -> str:
    """« B3 »: how a message names a cell of the Paramètres sheet."""
    return cell_ref(row, col)


def setting_cells() -> dict[str, tuple[int, int]]:
    """Setting key -> (row, column) of its value on the Paramètres sheet."""
    return {s.key: (SETTINGS_FIRST_ROW + i, SETTINGS_VALUE_COL) for i, s in enumerate(SETTINGS)}
