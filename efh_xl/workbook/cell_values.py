"""What a workbook's own cells say, from their values: its settings (the Paramètres sheet) and
the rule that applies (the rule stored with the workbook, with the Grille's box sets).

No file is read here: the reader gives it the values read from the package, the button and
xlwings Lite the values Excel gives them (Lite has no python-calamine, which the reader needs).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from efh_xl.core.grid import DEFAULT_RULE, Rule
from efh_xl.core.rule_name import named
from efh_xl.core.settings import SETTINGS, Settings, needs_cell_format, parse_settings
from efh_xl.workbook.layout import (
    FUNDER_COL,
    LISTS_HEADER_ROW,
    PILIER_COL,
    SHORT_NAME_COL,
    TERRITORY_COL,
    cell_address,
    setting_cells,
)


def blank_to_none(value: Any) -> Any:
    """An empty cell as None: calamine reads it as ""."""
    return None if isinstance(value, str) and value == "" else value


def _cell(rows: list[list[Any]], row: int, col: int) -> Any:
    value = rows[row][col] if row < len(rows) and col < len(rows[row]) else None
    return blank_to_none(value)


def shares_to_check(rows: list[list[Any]]) -> set[str]:
    """The addresses of the share cells of a Paramètres sheet (rows of values from A1) whose
    value reads differently in a cell formatted as a percentage (see
    :func:`efh_xl.core.settings.needs_cell_format`): their format is to be looked up."""
    return {
        cell_address(row, col)
        for setting, (row, col) in zip(SETTINGS, setting_cells().values())
        if setting.share and needs_cell_format(_cell(rows, row, col))
    }


def settings_from_rows(rows: list[list[Any]], percent_cells: Collection[str] = ()) -> Settings:
    """The settings in the cell values of a Paramètres sheet (rows of values from A1);
    ``percent_cells`` are the addresses of the cells formatted as a percentage (the cells of
    :func:`shares_to_check` are enough).

    Raises :class:`~efh_xl.errors.SettingsError` naming the cell of a bad value.
    """
    values = {
        key: (cell_address(row, col), _cell(rows, row, col))
        for key, (row, col) in setting_cells().items()
    }
    below = range(LISTS_HEADER_ROW + 1, len(rows))
    return parse_settings(
        values,
        territories=[
            (_cell(rows, r, TERRITORY_COL), _cell(rows, r, SHORT_NAME_COL)) for r in below
        ],
        piliers=[_cell(rows, r, PILIER_COL) for r in below],
        funders=[_cell(rows, r, FUNDER_COL) for r in below],
        percent_cells=percent_cells,
    )


def workbook_rule(
    stored: Rule | None, box_table: list[list[Any]] | None, first_row: int | None = None
) -> Rule:
    """The rule that applies: the stored one (or the default) with the Grille's box sets,
    under the name it is shown under (« … (modifiée) » when the sets changed it, see
    :func:`~efh_xl.core.rule_name.rule_name`).

    Raises ValueError (French message) on a box table the rule cannot read, and
    :class:`~efh_xl.core.grid.RuleError` on box sets that cannot give a marker (rows named
    from ``first_row``, the sheet row of the first set).
    """
    base = stored or DEFAULT_RULE
    return named(base.with_box_table(box_table, first_row), base) if box_table else named(base)


__all__ = ["blank_to_none", "settings_from_rows", "shares_to_check", "workbook_rule"]
