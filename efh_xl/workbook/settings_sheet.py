"""The Paramètres sheet: targets, EIGE weights, the rule's name, and the lists (territories
with their short names, piliers in order, funders) that the drop-downs and the summaries use.

Written by the builder; read back by :func:`efh_xl.workbook.reader.read_settings` and by the
button. Positions come from :mod:`efh_xl.workbook.layout`, values and defaults from
:mod:`efh_xl.core.settings`.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.utility import xl_rowcol_to_cell

from efh_xl.core.programmation import SETTINGS_SHEET
from efh_xl.core.settings import SETTINGS, Settings
from efh_xl.core.sheet_model import PageSetup
from efh_xl.workbook.formats import Formats
from efh_xl.workbook.layout import (
    CODENAMES,
    FUNDER_COL,
    LISTS_HEADER_ROW,
    LISTS_LAST_ROW,
    PILIER_COL,
    SETTINGS_FIRST_ROW,
    SETTINGS_VALUE_COL,
    SHORT_NAME_COL,
    TERRITORY_COL,
    setting_cells,
)
from efh_xl.workbook.page_setup import apply_page_setup

# Defined names of the drop-down lists of the Actions sheet.
NAME_TERRITORIES, NAME_PILIERS = "EFH_TERRITOIRES", "EFH_PILIERS"
# The settings block (labels and values), the argument the workbook's functions read.
NAME_SETTINGS = "EFH_PARAMETRES"


def _list_name(wb, name: str, col: int) -> None:
    first = xl_rowcol_to_cell(LISTS_HEADER_ROW + 1, col, row_abs=True, col_abs=True)
    last = xl_rowcol_to_cell(LISTS_LAST_ROW, col, row_abs=True, col_abs=True)
    sheet = f"'{SETTINGS_SHEET}'"
    wb.define_name(
        name,
        f"=OFFSET({sheet}!{first},0,0,MAX(1,COUNTA({sheet}!{first}:{last})),1)",
    )


def write_settings(
    wb,
    ws,
    formats: Formats,
    territories: Sequence[tuple[str, str]],
    settings: Settings,
) -> None:
    """Write the sheet: ``territories`` as (name, short name) pairs."""
    ws.set_vba_name(CODENAMES[SETTINGS_SHEET])
    ws.write(0, 0, "Paramètres des synthèses", formats.title)
    ws.set_row(0, 24)
    percent = wb.add_format({"num_format": "0 %", "align": "center", "border": 1, "locked": False})
    value_text = wb.add_format({"border": 1, "locked": False})
    values = {
        "target_1_or_2": settings.target_1_or_2,
        "target_2": settings.target_2,
        "weight_0": settings.eige_weights[0],
        "weight_1": settings.eige_weights[1],
        "weight_2": settings.eige_weights[2],
        "rule_name": settings.rule_name,
    }
    for setting, (row, col) in zip(SETTINGS, setting_cells().values()):
        ws.write_string(row, 0, setting.label, formats.text)
        value = values[setting.key]
        if setting.share:
            ws.write_number(row, col, float(value), percent)
            # Excel refuses 150 % as it is typed; a value pasted past this is named by the
            # next generation (efh_xl.core.settings.parse_share).
            ws.data_validation(
                row,
                col,
                row,
                col,
                {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": 0,
                    "maximum": 1,
                    "error_title": "Pourcentage attendu",
                    "error_message": "Tapez un pourcentage entre 0 % et 100 % (par exemple "
                    "85 %), ou videz la cellule pour reprendre la valeur par défaut.",
                },
            )
        elif value:
            ws.write_string(row, col, str(value), value_text)
        else:
            ws.write_blank(row, col, None, value_text)
    # One short line a row, within the columns the sheet prints (a long line ran far to the
    # right: a printout fitted to the page's width shrank to take it in).
    for i, line in enumerate(
        (
            "Les synthèses relisent cette feuille à chaque génération.",
            "Une valeur vide reprend la valeur par défaut",
            "(85 %, 20 % ; EIGE 100 %, 40 %, 0 %).",
        )
    ):
        ws.write(SETTINGS_FIRST_ROW + i, 3, line, formats.help)
    headers = {
        TERRITORY_COL: "Territoires",
        SHORT_NAME_COL: "Nom court (onglet de la synthèse)",
        PILIER_COL: "Piliers (dans l'ordre des synthèses)",
        FUNDER_COL: "Financeurs (une colonne de montant chacun dans Actions)",
    }
    for col, text in headers.items():
        ws.write(LISTS_HEADER_ROW, col, text, formats.header)
    first = LISTS_HEADER_ROW + 1
    for i, (territory, short) in enumerate(territories):
        ws.write_string(first + i, TERRITORY_COL, territory)
        if short:
            ws.write_string(first + i, SHORT_NAME_COL, short)
    for i, pilier in enumerate(settings.piliers):
        ws.write_string(first + i, PILIER_COL, pilier)
    for i, funder in enumerate(settings.funders):
        ws.write_string(first + i, FUNDER_COL, funder)
    ws.write(
        LISTS_HEADER_ROW - 1,
        0,
        "Ajoutez un territoire ou un pilier en bas de sa colonne : il apparaît dans les "
        "listes déroulantes de la feuille Actions.",
        formats.help,
    )
    ws.set_row(LISTS_HEADER_ROW, 30)
    ws.set_column(TERRITORY_COL, TERRITORY_COL, 56)
    ws.set_column(SHORT_NAME_COL, SHORT_NAME_COL, 22)
    ws.set_column(2, 2, 3)
    ws.set_column(PILIER_COL, PILIER_COL, 48)
    ws.set_column(4, 4, 3)
    ws.set_column(FUNDER_COL, FUNDER_COL, 30)
    first_cell = xl_rowcol_to_cell(SETTINGS_FIRST_ROW, 0, row_abs=True, col_abs=True)
    last_cell = xl_rowcol_to_cell(
        SETTINGS_FIRST_ROW + len(SETTINGS) - 1, SETTINGS_VALUE_COL, row_abs=True, col_abs=True
    )
    # A4 landscape, one page wide: in portrait at 100 % the values went to a second page,
    # away from their labels.
    apply_page_setup(ws, PageSetup())
    wb.define_name(NAME_SETTINGS, f"='{SETTINGS_SHEET}'!{first_cell}:{last_cell}")
    _list_name(wb, NAME_TERRITORIES, TERRITORY_COL)
    _list_name(wb, NAME_PILIERS, PILIER_COL)
