"""The live path: the « Générer les synthèses » button, through xlwings, on the open workbook.

The VBA macro ``GenererSyntheses`` calls :func:`generer_syntheses` with RunPython. Everything
but the rendering is shared with the headless path: the reading of the answers and the rule,
the summaries and the sheet models. :func:`render_sheet` is a thin layer that writes a
:class:`~efh_xl.sheets.SheetModel` with the few xlwings calls it needs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .formulas import NAME_BOX_SETS, TABLE_NAME
from .grid import DEFAULT_RULE
from .lookup import LOOKUP_SHEET, lookup_sheet
from .programmation import ACTIONS_SHEET
from .sheets import STYLES, SheetModel, is_summary_sheet, summary_sheets
from .summary import summarize

# Excel turns text that starts with these into a formula when it is set as a value.
_FORMULA_STARTS = ("=", "+", "-", "@")


def _cell_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value  # the apostrophe makes Excel keep it as text
    return value


def _hex(colour: str) -> str:
    return "#" + colour


def render_sheet(book, model: SheetModel):
    """Add ``model`` as a new last sheet of ``book`` (an xlwings Book) and return the sheet."""
    sheet = book.sheets.add(model.name, after=book.sheets[len(book.sheets) - 1])
    rows, columns = model.rows, model.columns
    block = [[None] * columns for _ in range(rows)]
    for (r, c), (value, _) in model.cells.items():
        block[r][c] = _cell_value(value)
    if rows and columns:
        sheet.range((1, 1)).value = block  # one call for every value
    by_style: dict[str, list[tuple[int, int]]] = {}
    for position, (_, style) in model.cells.items():
        by_style.setdefault(style, []).append(position)
    for name, positions in by_style.items():
        style = STYLES[name]
        for r, c in positions:
            cell = sheet.range((r + 1, c + 1))
            if style.bold:
                cell.font.bold = True
            if style.italic:
                cell.font.italic = True
            if style.size != 11:
                cell.font.size = style.size
            if style.color != "000000":
                cell.font.color = _hex(style.color)
            if style.fill:
                cell.color = _hex(style.fill)
            if style.number_format != "General":
                cell.number_format = style.number_format
            if style.wrap:
                cell.wrap_text = True
    for col, width in model.widths.items():
        sheet.range((1, col + 1)).column_width = width
    for row, height in model.heights.items():
        sheet.range((row + 1, 1)).row_height = height
    for chart in model.charts:
        row, col = chart.anchor
        top_left = sheet.range((row + 1, col + 1))
        width, height = chart.size
        added = sheet.charts.add(top_left.left, top_left.top, width * 0.75, height * 0.75)
        added.chart_type = "column_stacked" if chart.stacked else "column_clustered"
        first, last, cat_col = chart.categories
        header = first - 1  # the series names are in the header row above the data
        address = [sheet.range((header + 1, cat_col + 1), (last + 1, cat_col + 1)).address]
        for _, s_first, s_last, s_col in chart.series:
            address.append(sheet.range((s_first, s_col + 1), (s_last + 1, s_col + 1)).address)
        added.set_source_data(sheet.range(",".join(address)))
        added.name = chart.title
    return sheet


def _table_frame(book) -> pd.DataFrame:
    table = book.sheets[ACTIONS_SHEET].tables[TABLE_NAME]
    headers = [str(h) for h in table.header_row_range.value]
    body = table.data_body_range.value if table.data_body_range is not None else []
    if body and not isinstance(body[0], list):
        body = [body]  # a one-row table comes back flat
    return pd.DataFrame(body or [], columns=headers, dtype=object)


def generate(book) -> list[str]:
    """Regenerate the summary sheets of an open workbook; return their names."""
    actions = _table_frame(book)
    box_table = book.names[NAME_BOX_SETS].refers_to_range.value
    rule = DEFAULT_RULE.with_box_table(box_table) if box_table else DEFAULT_RULE
    summary = summarize(actions, rule)
    for sheet in [s for s in book.sheets if is_summary_sheet(s.name)]:
        sheet.delete()
    kept = {s.name for s in book.sheets}
    models = summary_sheets(summary, taken=kept)
    if LOOKUP_SHEET in kept:
        # The native formulas follow the Grille's box sets: write the lookup values again.
        lookup = lookup_sheet(rule)
        values = [[None] * lookup.columns for _ in range(lookup.rows)]
        for (r, c), (value, _) in lookup.cells.items():
            values[r][c] = value
        book.sheets[LOOKUP_SHEET].range((1, 1)).value = values
    for model in models:
        render_sheet(book, model)
    book.sheets[models[0].name].activate()
    return [m.name for m in models]


def generer_syntheses() -> None:
    """Entry point of the VBA macro GenererSyntheses (through RunPython)."""
    import xlwings as xw

    generate(xw.Book.caller())
