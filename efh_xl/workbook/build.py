"""The workbook builder: writes ``efh_grille.xlsm`` from the grid data and the sample actions.

The workbook is a build product. Every rule it holds comes from :mod:`efh_xl.core.grid`: the
drop-downs, the paper grid, the box-set table, the lookup sheet that the native formulas
read, and the cached values of those formulas (computed by the Python engine, so readers that
do not recalculate show the right marker).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
import xlsxwriter
import xlsxwriter.exceptions
from xlsxwriter.utility import xl_col_to_name

import efh_xl.workbook.formulas as fx
from efh_xl.core.arguments import given_frame, given_settings
from efh_xl.core.grid import (
    Rule,
)
from efh_xl.core.programmation import (
    ACTIONS_SHEET,
    DAUPHIN_COLUMN,
    GRID_SHEET,
    SETTINGS_SHEET,
    TERRITORY,
    table_columns,
)
from efh_xl.core.settings import DEFAULT_FUNDERS, Settings
from efh_xl.core.sheet_model import EMPTY_TEXT
from efh_xl.errors import OutputFormatError, UnknownColumnsError
from efh_xl.ooxml.atomic_file import atomic_write, check_target, make_folder_of
from efh_xl.workbook.actions_sheet import write_actions
from efh_xl.workbook.control_sheet import CONTROL_SHEET, write_control
from efh_xl.workbook.formats import Formats
from efh_xl.workbook.given_paths import given_path
from efh_xl.workbook.grid_sheet import write_grid
from efh_xl.workbook.layout import (
    CODENAMES,
    CONF_SHEET,
    DEFAULT_PATH,
    SHEETS,
    UDF_MODULE,
    build_date,
)
from efh_xl.workbook.lookup_sheet import (
    LOOKUP_SHEET,
    STAMP_NAME,
    computed_box_sets_formula,
    lookup_sheet,
    stamp_formula,
)
from efh_xl.workbook.lookup_sheet import defined_names as lookup_names
from efh_xl.workbook.settings_sheet import write_settings
from efh_xl.workbook.vba_project import build_vba_project


def _defined_range(sheet: str, first_row: int, col: int, last_row: int) -> str:
    letter = xl_col_to_name(col)
    return f"='{sheet}'!${letter}${first_row + 1}:${letter}${last_row + 1}"


def _write_conf(ws) -> None:
    ws.set_vba_name(CODENAMES[CONF_SHEET])
    ws.write_string(0, 0, "UDF Modules")
    ws.write_string(0, 1, UDF_MODULE)
    ws.set_column(0, 1, 24)
    ws.hide()  # xlwings reads it hidden; users need not see it


def _write_lookup(wb, ws, formats: Formats, rule: Rule) -> None:
    """The hidden lookup sheet the native formulas read (cells from its sheet model)."""
    ws.set_vba_name(CODENAMES[LOOKUP_SHEET])
    model = lookup_sheet(rule)
    for (row, col), (value, style) in model.iter_cells():
        fmt = formats.header if style == "header" else None
        if value is None:
            continue
        if value is EMPTY_TEXT:
            ws.write_formula(row, col, "=" + EMPTY_TEXT.FORMULA, fmt, "")
        elif isinstance(value, str):
            ws.write_string(row, col, value, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    for name, (first, last, col) in lookup_names(rule).items():
        wb.define_name(name, _defined_range(LOOKUP_SHEET, first, col, last))
    for name, formula in fx.named_formulas().items():
        wb.define_name(name, "=" + formula)
    wb.define_name(STAMP_NAME, "=" + stamp_formula(rule))
    wb.define_name(fx.NAME_BOX_SETS_COMPUTED, "=" + computed_box_sets_formula(rule))
    for col, width in model.widths.items():
        ws.set_column(col, col, width)
    ws.hide()


def build_workbook(
    path: str | os.PathLike[str] = DEFAULT_PATH,
    *,
    udf: bool = False,
    actions: pd.DataFrame | None = None,
    rule: Rule | str | None = None,
    settings: Settings | None = None,
    force: bool = False,
    optional_columns: bool = True,
) -> Path:
    """Write the macro-enabled workbook to ``path`` and return it.

    ``actions`` defaults to the fictional sample (:func:`~efh_xl.workbook.sample.sample_actions`);
    an empty DataFrame (``pandas.DataFrame()``) gives an empty Actions table and no territory
    (``efh-xl build --vide``). ``rule``: a :class:`~efh_xl.core.grid.Rule`, or a reading's
    name or a rule file, read as :func:`~efh_xl.workbook.rule_file.load_rule` reads them. With
    ``udf``, the Marqueur and Motif columns call the xlwings UDFs instead of native formulas.
    ``settings`` fill the Paramètres sheet (the sample's by default); the Actions table has one
    amount column per funder and the people reached, unless ``optional_columns`` is False.
    A column of ``actions`` the table has no place for raises
    :class:`~efh_xl.errors.UnknownColumnsError` (it would be lost).
    ``path`` ends in ``.xlsm`` (:class:`~efh_xl.errors.OutputFormatError` otherwise: Excel
    opens a workbook with macros under no other extension). An existing file is replaced only
    with ``force``, and never while open in Excel or LibreOffice or read-only
    (:class:`~efh_xl.errors.EfhError`). The file is written to a temporary file beside
    ``path``, then renamed over it.
    """
    from efh_xl.workbook.rule_file import rule_given
    from efh_xl.workbook.sample import sample_actions, sample_settings

    given_path(path, expected="le fichier à écrire, par exemple efh_grille.xlsm")
    settings = given_settings(settings)
    if actions is not None:
        given_frame(actions)
    rule = rule_given(rule)  # a reading's name or a rule file, as load_rule takes them
    # The rule as it reads back from the Grille sheet (boxes in question order), so that the
    # stamp stored with it equals the stamp of the rule a refresh reads.
    rule = rule.with_box_table(rule.box_table())
    if settings is None:
        settings = sample_settings() if actions is None else Settings(funders=DEFAULT_FUNDERS)
    actions = sample_actions() if actions is None else actions
    # A column the table has no place for would be lost without a word (« Montant accorde »
    # misspelt, a column of notes): refused, named, before anything is written.
    funders = settings.funders if optional_columns else None
    known = {*table_columns(funders or (), beneficiaries=funders is not None), DAUPHIN_COLUMN}
    unknown = [str(c) for c in actions.columns if c not in known]
    if unknown:
        raise UnknownColumnsError(unknown, table_columns(funders or (), funders is not None))
    target = Path(path)
    if target.suffix.lower() != ".xlsm" and not target.is_dir():
        # The workbook holds macros: Excel refuses to open it under any other extension.
        # As typed: « nouveau/ » names a folder (the Path lost its « / »).
        raise OutputFormatError(
            path, ".xlsm (classeur prenant en charge les macros)", example="efh_grille.xlsm"
        )
    check_target(target, force=force)
    make_folder_of(target)
    with atomic_write(target) as temporary:
        wb = xlsxwriter.Workbook(
            str(temporary),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        wb.set_properties(
            {
                "title": "Grille EFH : marqueur égalité femmes-hommes de la programmation",
                "subject": "Contrat de ville",
                "author": "efh_xl",
                "company": "",
                "created": build_date(),
            }
        )
        wb.set_vba_name("ThisWorkbook")
        vba = build_vba_project([CODENAMES[s] for s in SHEETS])
        wb.add_vba_project(io.BytesIO(vba), is_stream=True)
        formats = Formats(wb)
        sheets = {name: wb.add_worksheet(name) for name in SHEETS}
        write_actions(wb, sheets[ACTIONS_SHEET], formats, actions, udf, rule, funders)
        write_grid(wb, sheets[GRID_SHEET], formats, rule, native=not udf)
        # The territories settings list (a workbook made for a territory, before its list is
        # imported), then those of the actions.
        typed = [*settings.territories, *actions.get(TERRITORY, pd.Series(dtype=object))]
        territories = [t for t in dict.fromkeys(typed) if isinstance(t, str) and t]
        pairs = [(t, s if (s := settings.short_name(t)) != t else "") for t in territories]
        write_settings(wb, sheets[SETTINGS_SHEET], formats, pairs, settings)
        _write_conf(sheets[CONF_SHEET])
        _write_lookup(wb, sheets[LOOKUP_SHEET], formats, rule)
        write_control(wb, sheets[CONTROL_SHEET], formats, rule, CODENAMES[CONTROL_SHEET])
        try:
            wb.close()
        except xlsxwriter.exceptions.FileCreateError as error:
            cause = error.args[0] if error.args else None
            raise cause if isinstance(cause, OSError) else OSError(str(error)) from error
    return target
