"""The live path: the « Générer les synthèses » button, through xlwings, on the open workbook.

The VBA macro ``GenererSyntheses`` calls :func:`generer_syntheses` with RunPython. Everything
but the rendering is shared with the headless path: the reading of the answers and the rule,
the summaries and the sheet models. :func:`render_sheet` is a thin layer that writes a
:class:`~efh_xl.core.sheet_model.SheetModel` with the few xlwings calls it needs.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import pandas as pd

from efh_xl.core.blank_rows import drop_blank_rows
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.grid import RuleError
from efh_xl.core.page_breaks import POINTS_PER_PIXEL
from efh_xl.core.programmation import ACTIONS_SHEET, SETTINGS_SHEET, table_warnings
from efh_xl.core.rule_name import rule_name
from efh_xl.core.settings import Settings
from efh_xl.core.sheet_model import (
    EMPTY_TEXT,
    STYLES,
    Chart,
    SheetModel,
    fit_cell,
    width_pixels,
)
from efh_xl.core.summary import respelled_warnings, summarize
from efh_xl.core.summary_sheets import (
    OWNED_SHEETS,
    SHEET_MARK,
    SHEET_MARK_FORMULA,
    owned_sheets,
    owned_sheets_formula,
    parse_owned_sheets,
    summary_sheets,
)
from efh_xl.errors import EfhError, GridRuleError, GridSheetError
from efh_xl.ooxml.charts import chart_fills
from efh_xl.ooxml.styles import is_percent_format
from efh_xl.workbook.cell_values import settings_from_rows, shares_to_check, workbook_rule
from efh_xl.workbook.control_sheet import (
    AGREES,
    CONTROL_SHEET,
    EXPECTED_MARKER,
    FIRST_ROW,
    expected,
)
from efh_xl.workbook.formulas import NAME_BOX_SETS, TABLE_NAME
from efh_xl.workbook.lookup_sheet import (
    LOOKUP_SHEET,
    RULE_NAME,
    STAMP_NAME,
    lookup_sheet,
    rule_from_cells,
    stamp_formula,
)

# Where xlwings talks to Excel's own object model (COM): an address of several areas, a chart
# fed from several, a cell's position read back. On macOS xlwings keeps the first cell of such
# an address; xlwings Lite (Pyodide: « emscripten ») parses one rectangle only and cannot read
# a position or a format without waiting for Excel.
_WINDOWS = sys.platform == "win32"
_LITE = sys.platform == "emscripten"


def as_text(value: str) -> str:
    """``value`` as Excel is to keep it: text. A value set through xlwings is read as if typed:
    « 0 », « 1 », « FAUX », « #N/A », « 00123 » or « 12/05 » became a number, a boolean, an
    error or a date (the spellings of the lookup sheet among them: the native formulas then
    no longer recognised 0 and 1), and « =… » a formula. The apostrophe keeps it as typed; Excel
    does not store it in the value."""
    return "'" + value if value else value


def _cell_value(value: Any) -> Any:
    if isinstance(value, str):
        return as_text(fit_cell(value))  # longer than a cell holds: cut with a visible mark
    if isinstance(value, float) and not math.isfinite(value):
        return "#NOMBRE!"  # how French Excel shows #NUM!; COM refuses inf and nan
    return value


def _hex(colour: str) -> str:
    return "#" + colour


def style_areas(model: SheetModel) -> list[tuple[str, int, int, int, int]]:
    """Rectangles of one style covering every cell: (style, first row, first col, last row,
    last col), 0-based and inclusive.

    Formatting goes to Excel one call per area and attribute, not per cell: a block column is
    one area, and so is a run of equally styled cells down a column.
    """
    areas = [
        (style, block.top, block.left + j, block.top + block.height - 1, block.left + j)
        for block in model.blocks
        if block.height
        for j, style in enumerate(block.styles)
    ]
    by_column: dict[tuple[int, str], list[int]] = {}
    for (row, col), (_, style) in model.cells.items():
        by_column.setdefault((col, style), []).append(row)
    for (col, style), rows in sorted(by_column.items()):
        rows.sort()
        first = previous = rows[0]
        for row in rows[1:] + [None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            areas.append((style, first, col, previous, col))
            if row is not None:
                first = previous = row
    return areas


def render_sheet(book, model: SheetModel):
    """Add ``model`` as a new last sheet of ``book`` (an xlwings Book) and return the sheet."""
    sheet = book.sheets.add(model.name, after=book.sheets[len(book.sheets) - 1])
    rows, columns = model.rows, model.columns
    block = [[None] * columns for _ in range(rows)]
    for (r, c), (value, _) in model.iter_cells():
        block[r][c] = _cell_value(value)
    if rows and columns:
        sheet.range((1, 1)).value = block  # one call for every value
    for name, r1, c1, r2, c2 in style_areas(model):
        style = STYLES[name]
        area = sheet.range((r1 + 1, c1 + 1), (r2 + 1, c2 + 1))
        if style.bold:
            area.font.bold = True
        if style.italic:
            area.font.italic = True
        if style.size != 11:
            area.font.size = style.size
        if style.color != "000000":
            area.font.color = _hex(style.color)
        if style.fill:
            area.color = _hex(style.fill)
        if style.number_format != "General":
            area.number_format = style.number_format
        if style.wrap:
            area.wrap_text = True
    for col, width in model.widths.items():
        # xlwings Lite passes a width on in points, classic xlwings in characters.
        shown = width_pixels(width) * POINTS_PER_PIXEL if _LITE else width
        sheet.range((1, col + 1)).column_width = shown
    for first_row, last_row, first_col, last_col in model.merged_across:
        # One call per band: Merge(Across) makes one merged cell of each row.
        sheet.range((first_row + 1, first_col + 1), (last_row + 1, last_col + 1)).merge(across=True)
    fitted = {r for first, last in model.fit_rows for r in range(first, last + 1)}
    # AutoFit ignores merged cells: a list merged across takes the model's heights, up to a
    # thousand rows, set one height at a time over all its rows (an address of several areas,
    # as the charts' sources).
    for address, height in height_areas(
        {row: height for row, height in model.heights.items() if row not in fitted},
        several=_WINDOWS,
    ):
        sheet.range(address).row_height = height
    for first, last in model.fit_rows:  # Excel measures the wrapped text: one call per span
        sheet.range((first + 1, 1), (last + 1, max(columns, 1))).rows.autofit()
    spare = model.columns + 1  # where a chart's columns are copied side by side, if need be
    for chart in model.charts:
        row, col = chart.anchor
        width, height = chart.size
        # Placed by its cell (xlwings 0.37.3): Lite cannot read a cell's position back.
        added = sheet.charts.add(
            anchor=sheet.range((row + 1, col + 1)), width=width * 0.75, height=height * 0.75
        )
        shape = "bar" if chart.horizontal else "column"
        added.chart_type = f"{shape}_{'stacked' if chart.stacked else 'clustered'}"
        source, spare = _chart_source(sheet, chart, block, spare)
        # Series by columns, as the table reads: Excel guesses otherwise, and a table of
        # fewer rows than columns (four territories, five categories) came out transposed.
        added.set_source_data(source, plot_by="columns")
        colour_chart(added, chart)
        added.name = chart.title
        try:  # the title shown above the chart (xlwings 0.37.3); the name is the object's
            added.title = chart.title
        except (AttributeError, NotImplementedError):  # an older xlwings: its name only
            pass
        if chart.horizontal:
            reverse_categories(added)
    set_page_setup(sheet, model)
    return sheet


def colour_chart(added: Any, chart: Chart) -> None:
    """The chart's series (and a one-series chart's columns) filled as the headless refresh
    fills them (:func:`~efh_xl.ooxml.charts.chart_fills`): the markers' greys and greens,
    not Excel's blue and orange. Windows: its object model, columns included (as xlwings'
    own ``fill_color`` does it: the fill made visible and solid, then coloured). Elsewhere,
    xlwings 0.37.5's ``fill_color`` of each series; a one-series chart's columns keep one
    colour. xlwings Lite reads a chart's series only asynchronously: Excel's palette stays.
    Any refusal leaves Excel's colours: a chart is never worth failing the button for."""
    series_fills, point_fills = chart_fills(chart)
    try:
        if _WINDOWS:
            com = added.api[1]
            for k, fill in enumerate(series_fills, start=1):
                _fill_com(com.SeriesCollection(k).Format.Fill, fill)
            for i, fill in enumerate(point_fills, start=1):
                _fill_com(com.SeriesCollection(1).Points(i).Format.Fill, fill)
            return
        for series, fill in zip(added.series, series_fills, strict=False):
            series.fill_color = f"#{fill}"
    except Exception:  # noqa: BLE001 - an older xlwings, Lite, an object model without fills
        pass


def _fill_com(fill: Any, colour: str) -> None:
    """A COM FillFormat made solid ``colour`` (RRGGBB; COM takes it as 0xBBGGRR)."""
    fill.Visible = True
    fill.Solid()
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    fill.ForeColor.RGB = red + green * 256 + blue * 65536


# Excel's XlCategoryType.xlCategory and XlAxisCrosses.xlAxisCrossesMaximum.
XL_CATEGORY, XL_AXIS_CROSSES_MAXIMUM = 1, 2


def reverse_categories(chart: Any) -> None:
    """A bar chart's categories top to bottom in the table's order, its values below them, as
    the headless refresh writes it (see efh_xl.ooxml.charts). Windows: its object model (the
    chart's ``api`` is its ChartObject and Chart there); elsewhere, macOS and xlwings Lite,
    xlwings 0.37.5's category axis. Without either, Excel's order, bottom up."""
    try:
        if _WINDOWS:
            axis = chart.api[1].Axes(XL_CATEGORY)
            axis.ReversePlotOrder = True
            axis.Crosses = XL_AXIS_CROSSES_MAXIMUM
            return
        axis = chart.category_axis
        axis.reverse_order = True
        axis.crosses = "maximum"
    except Exception:  # noqa: BLE001 - an older xlwings, an object model without these
        pass


def _chart_source(sheet, chart, block: list[list[Any]], spare: int) -> tuple[Any, int]:
    """The range a chart is fed from (its series named by the row above its values), and
    the next spare column.

    The table's own cells when its header row stands right above the charted rows: one
    rectangle when the columns stand side by side, else (Windows only: macOS keeps the first
    cell of such an address, Lite refuses it) one address of several areas. Otherwise (a
    territory chart split in parts, whose rows are not under the header; columns apart off
    Windows), a copy side by side beside the sheet's content: the summaries are values,
    written again at each run, so a copy cannot drift. Left visible: a chart plots only the
    visible cells by default, and xlwings cannot change that."""
    first, last, cat_col = chart.categories
    header = first - 1  # the series names: the row above the values
    columns = [cat_col] + [s_col for _, _, _, s_col in chart.series]
    names = [as_text(name) for name, _, _, _ in chart.series]
    # The table's header above the values: texts over every series (a row of values holds
    # numbers there: the last territory of the part before).
    named = header >= 0 and all(isinstance(block[header][c], str) for c in columns[1:])
    if named and columns == list(range(cat_col, cat_col + len(columns))):
        return sheet.range((header + 1, cat_col + 1), (last + 1, columns[-1] + 1)), spare
    if named and _WINDOWS:
        address = [sheet.range((header + 1, cat_col + 1), (last + 1, cat_col + 1)).address]
        for _, s_first, s_last, s_col in chart.series:
            address.append(sheet.range((s_first, s_col + 1), (s_last + 1, s_col + 1)).address)
        return sheet.range(",".join(address)), spare
    # From the values written (``block``): Lite cannot read a new sheet back.
    values = [[None, *names]] + [[block[r][c] for c in columns] for r in range(first, last + 1)]
    top = max(header, 0)
    sheet.range((top + 1, spare + 1)).value = values
    copy = sheet.range((top + 1, spare + 1), (top + len(values), spare + len(columns)))
    return copy, spare + len(columns) + 1  # a blank column between two copies


# Excel refuses a range address longer than 255 characters.
MAX_ADDRESS = 255


def height_areas(heights: dict[int, float], several: bool = True) -> list[tuple[str, float]]:
    """(address, height) pairs setting ``heights`` (0-based rows): the rows of one height as
    one address of runs (``A5:A9,A12``), cut where it would pass MAX_ADDRESS characters; one
    run an address unless ``several`` (macOS and Lite take one rectangle only)."""
    runs: dict[float, list[list[int]]] = {}
    for row in sorted(heights):
        same = runs.setdefault(heights[row], [])
        if same and same[-1][1] == row - 1:
            same[-1][1] = row
        else:
            same.append([row, row])
    out: list[tuple[str, float]] = []
    for height, spans in runs.items():
        address = ""
        for first, last in spans:
            area = f"A{first + 1}" if first == last else f"A{first + 1}:A{last + 1}"
            if address and (not several or len(address) + 1 + len(area) > MAX_ADDRESS):
                out.append((address, height))
                address = ""
            address = f"{address},{area}" if address else area
        out.append((address, height))
    return out


# Excel's constants (XlPageOrientation, XlOrder): the COM API takes numbers.
_XL_PORTRAIT, _XL_LANDSCAPE = 1, 2
_XL_DOWN_THEN_OVER, _XL_OVER_THEN_DOWN = 1, 2


def set_page_setup(sheet, model: SheetModel) -> bool:
    """Print set-up of ``sheet`` from the model's description, through Excel's ``PageSetup``
    (the headless path writes the same description as XML). Returns whether it was set:
    runtimes without Excel's object model (xlwings Lite) leave the sheet's defaults."""
    page = model.page
    if page is None:
        return False
    try:
        setup = sheet.api.PageSetup
    except Exception:  # xlwings Lite: no .api; the PDF export and refresh still set it
        return False
    try:
        _set_page(setup, page)
    except Exception:  # noqa: BLE001 - no printer, a driver without A4: the sheet stands
        return False
    set_row_breaks(sheet, page.row_breaks)
    return True


def _set_page(setup: Any, page: Any) -> None:
    """``page`` set on Excel's ``PageSetup`` object (each property may fail: a printer
    driver refuses a paper size, or none is installed)."""
    setup.PaperSize = page.paper_size
    setup.Orientation = _XL_LANDSCAPE if page.landscape else _XL_PORTRAIT
    if page.fit_width is None:
        setup.Zoom = page.scale
    else:
        setup.Zoom = False  # Excel fits only when Zoom is False
        setup.FitToPagesWide = page.fit_width
        setup.FitToPagesTall = page.fit_height or False  # False: as many pages as needed
    setup.Order = _XL_OVER_THEN_DOWN if page.across_first else _XL_DOWN_THEN_OVER
    setup.PrintArea = page.area_reference() or ""
    setup.PrintTitleRows = page.title_rows_reference() or ""
    setup.PrintTitleColumns = page.title_columns_reference() or ""
    setup.LeftFooter, setup.CenterFooter, setup.RightFooter = page.footer
    if any(page.header):
        setup.LeftHeader, setup.CenterHeader, setup.RightHeader = page.header


# Excel's XlPageBreak.xlPageBreakManual.
_XL_PAGE_BREAK_MANUAL = -4135


def set_row_breaks(sheet, rows: tuple[int, ...]) -> None:
    """A manual page break before each of ``rows`` (0-based), as the refresh writes them:
    ``Range.PageBreak`` of the row (Windows object model; elsewhere the application's own
    breaks stay, and the PDF export and the refresh still place them)."""
    for row in rows:
        try:
            sheet.api.Rows(row + 1).PageBreak = _XL_PAGE_BREAK_MANUAL
        except Exception:  # no such object model (macOS): its automatic breaks
            return


def _is_percent(cell) -> bool:
    """Whether ``cell`` is formatted as a percentage; False where its format cannot be read
    (xlwings Lite reads it only asynchronously): a share above 1 is then refused in French,
    naming the cell, rather than read as the percentage it may show."""
    try:
        return is_percent_format(cell.number_format or "")
    except NotImplementedError:
        return False


def _values(cells) -> Any:
    """The values of ``cells``, an error cell as its text (« #N/A »): as refresh reads it, an
    answer showing an error is « non reconnue », not blank (xlwings gives None by default)."""
    try:
        return cells.options(err_to_str=True).value
    except (AttributeError, TypeError):  # a runtime without the option: errors read blank
        return cells.value


def _table_frame(book) -> pd.DataFrame:
    table = book.sheets[ACTIONS_SHEET].tables[TABLE_NAME]
    headers = [str(h) for h in table.header_row_range.value]
    body = _values(table.data_body_range) if table.data_body_range is not None else []
    if body and not isinstance(body[0], list):
        body = [body]  # a one-row table comes back flat
    # Rows cleared with Suppr keep their formulas but are no actions.
    return drop_blank_rows(pd.DataFrame(body or [], columns=headers, dtype=object))


def _name_formula(names, name: str) -> str | None:
    """The formula of a defined name, or None when there is none."""
    try:
        return names[name].refers_to
    except Exception:  # xlwings raises a platform's own error for a missing name
        return None


def _has_name(names, name: str) -> bool:
    """Whether a sheet carries a sheet-level defined name (xlwings keys it ``Sheet!Name``)."""
    try:
        return any(n.name == name or n.name.endswith("!" + name) for n in names)
    except Exception:  # a sheet type without names (a chart sheet)
        return False


def _add_name(names, name: str, formula: str) -> None:
    """Set a defined name; a runtime without names leaves the sheets unmarked, so never
    deleted by a later run (safe, if untidy)."""
    try:
        names.add(name, formula)
    except (AttributeError, NotImplementedError):
        pass


def generate(book, said: list[str] | None = None) -> list[str]:
    """Regenerate the summary sheets of an open workbook; return their names. ``said``
    receives what the user must hear, as ``efh-xl refresh`` says it (a column the summaries
    count by deleted or renamed, a funder without its column)."""
    actions = _table_frame(book)
    names = {getattr(n, "name", n) for n in book.names}
    box_table = book.names[NAME_BOX_SETS].refers_to_range.value
    try:
        stored = None
        if RULE_NAME in names:  # the whole rule the workbook was built with (older ones: none)
            stored = rule_from_cells(book.names[RULE_NAME].refers_to_range.value)
        rule = workbook_rule(stored, box_table)
    except RuleError as error:  # refused before anything is deleted or written
        raise GridRuleError(book.fullname, str(error)) from error
    except ValueError as error:
        raise GridSheetError(book.fullname, str(error)) from error
    settings = Settings()
    if SETTINGS_SHEET in {s.name for s in book.sheets}:  # read before anything is deleted
        sheet = book.sheets[SETTINGS_SHEET]
        rows = sheet.used_range.value or []
        # A share above 1 reads as the cell shows it when the cell is formatted as a
        # percentage (150 % is stored as 1.5): only those few cells' formats are asked for.
        percent = {
            address for address in shares_to_check(rows) if _is_percent(sheet.range(address))
        }
        settings = settings_from_rows(rows, percent)
    summary = summarize(actions, rule, settings, rule_name=rule_name(rule, settings.rule_name))
    if said is not None:
        said += table_warnings([str(c) for c in actions.columns], settings.funders)
        said += respelled_warnings(summary, actions)
    marked = {s.name for s in book.sheets if _has_name(getattr(s, "names", ()), SHEET_MARK)}
    owned = owned_sheets(marked, parse_owned_sheets(_name_formula(book.names, OWNED_SHEETS)))
    for sheet in [s for s in book.sheets if s.name in owned]:
        sheet.delete()
    kept = {s.name for s in book.sheets}
    models = summary_sheets(summary, taken=kept)
    if LOOKUP_SHEET in kept:
        # The native formulas follow the Grille's box sets: write the lookup values again.
        lookup = lookup_sheet(rule)
        values = [[None] * lookup.columns for _ in range(lookup.rows)]
        for (r, c), (value, _) in lookup.iter_cells():
            # The empty text is entered as Excel holds it: the formula ="".
            if value is EMPTY_TEXT:
                values[r][c] = "=" + EMPTY_TEXT.FORMULA
            else:  # « 0 », « FAUX », « #N/A » are spellings to compare with, not values
                values[r][c] = as_text(value) if isinstance(value, str) else value
        book.sheets[LOOKUP_SHEET].range((1, 1)).value = values
        if STAMP_NAME in names:
            book.names[STAMP_NAME].refers_to = "=" + stamp_formula(rule)
    if CONTROL_SHEET in kept:  # the Python constants the native formulas are checked against
        results = expected(rule)
        first = (FIRST_ROW + 1, EXPECTED_MARKER + 1)
        pairs = [
            [None if pd.isna(m) else int(m), as_text(str(r))]  # None: blank, not marked
            for m, r in zip(results[MARKER_COLUMN], results[REASON_COLUMN])
        ]
        book.sheets[CONTROL_SHEET].range(first).value = pairs
        # The reasons wrap: each row as tall as its new reason (Excel measures them).
        last = (FIRST_ROW + len(pairs), AGREES + 1)
        book.sheets[CONTROL_SHEET].range((FIRST_ROW + 1, 1), last).rows.autofit()
    for model in models:
        sheet = render_sheet(book, model)
        _add_name(getattr(sheet, "names", None), SHEET_MARK, "=" + SHEET_MARK_FORMULA)
    _add_name(book.names, OWNED_SHEETS, "=" + owned_sheets_formula([m.name for m in models]))
    book.sheets[models[0].name].activate()
    return [m.name for m in models]


def generer_syntheses() -> None:
    """Entry point of the VBA macro GenererSyntheses (through RunPython)."""
    import xlwings as xw

    book = xw.Book.caller()
    said: list[str] = []
    try:
        generate(book, said)
    except EfhError as error:
        # Said in French in Excel's own message box, as the CLI says it, not as a Python
        # traceback in xlwings' English error window.
        try:
            book.app.alert(str(error), title="efh_xl : synthèses non générées", mode="critical")
        except Exception:  # noqa: BLE001 - an application without alert(): the traceback
            raise error from None
        return
    if said:
        # Said as refresh says it: a renamed « Montant accordé » made every amount 0 € in the
        # summaries, without a word. A failing message box never fails the summaries written.
        try:
            book.app.alert("\n\n".join(said), title="efh_xl : à vérifier")
        except Exception:  # noqa: BLE001 - an application without alert(): the sheets stand
            pass
