"""The .xlsx that ``evaluate LISTE -o resultats.xlsx`` writes: the list with its Marqueur and
Motif columns on one sheet laid out to be read and printed (XlsxWriter, with the build's
formats and page set-up).

Readable widths (the Motif wide and wrapped, each row as tall as its wrapped text), a bold
header row frozen and filtered, A4 landscape one page wide (a wide list: pages across at a
legible scale, its N° action column repeated) with the header row on every page. Text is
written as text: a title starting with « = » stays a title, never a formula.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from efh_xl.core.amounts import column_numbers, has_cents
from efh_xl.core.answers import has_time, shown_text
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.grid import QUESTION_IDS
from efh_xl.core.list_headers import known_column, normalise
from efh_xl.core.programmation import AMOUNTS, BENEFICIARIES, NUMBER, YEAR
from efh_xl.core.sheet_model import (
    LINE_HEIGHT,
    NOT_FINITE,
    PageSetup,
    fit_cell,
    fitted_width,
    header_text,
    row_points,
    text_lines,
    width_pixels,
)
from efh_xl.workbook.actions_sheet import ANSWER_WIDTH, WIDEST_ANSWER, WIDTHS, pages_across
from efh_xl.workbook.formats import Formats, cell_value, estimate_height
from efh_xl.workbook.formulas import to_fix_condition
from efh_xl.workbook.page_setup import apply_page_setup
from efh_xl.workbook.reader import EVALUATED_NAME

SHEET = "Actions"
# Narrower than the workbook's Actions sheet (printed at 70 % over pages across): this list
# prints one page wide, so a long text wraps in its column rather than widening the page.
REASON_WIDTH = 45
TEXT_WIDTH = 24  # the widest a text column gets; longer texts wrap
MIN_WIDTH = 6
LIST_MIN_SCALE = 0.5


def write_evaluated_list(frame: pd.DataFrame, path: Path, source: str) -> None:
    """Write ``frame`` (the list, then Marqueur and Motif) to ``path`` as a new .xlsx; the name
    of the list read, ``source``, is printed at the top of every page."""
    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    sheet = book.add_worksheet(SHEET)
    # Its mark, a workbook-level name as Excel writes them: refresh and consolidate know it
    # by it (never by its file name) and leave it aside.
    book.define_name(EVALUATED_NAME, '="efh-xl evaluate"')
    formats = Formats(book)
    names = [str(c) for c in frame.columns]
    columns = [_as_numbers(n, frame.iloc[:, j].tolist()) for j, n in enumerate(names)]
    layouts = [_layout(name, values, formats) for name, values in zip(names, columns)]
    n = len(frame)
    heights = np.full(n, LINE_HEIGHT)
    for j, (name, values, (width, fmt, wrapped)) in enumerate(zip(names, columns, layouts)):
        sheet.set_column(j, j, width)
        sheet.write_string(0, j, name, formats.header)
        for i, value in enumerate(values, start=1):
            _write(sheet, i, j, cell_value(value), fmt, formats)
        if wrapped:
            # The Motif is in 10-point text (formats.reason): more characters to a line.
            chars = width * 11 / 10 if name == REASON_COLUMN else width
            heights = np.maximum(heights, _heights(values, chars))
    widths = [w for w, _, _ in layouts]
    sheet.set_row(0, max(map(estimate_height, names, widths), default=LINE_HEIGHT))
    for i in np.flatnonzero(heights > LINE_HEIGHT).tolist():
        sheet.set_row(i + 1, row_points(float(heights[i])))
    last = max(len(names) - 1, 0)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(n, 1), last)
    if MARKER_COLUMN in names:  # the marker's colour, as on the workbook's Actions sheet
        col = names.index(MARKER_COLUMN)
        cell = xl_rowcol_to_cell(1, col, row_abs=False, col_abs=True)
        for value, fill in formats.marker_fill.items():
            # Not « cell value = 0 »: an empty cell (an action not marked yet) equals 0 there.
            rule = f"=AND(ISNUMBER({cell}),{cell}={value})"
            sheet.conditional_format(
                1, col, max(n, 1), col, {"type": "formula", "criteria": rule, "format": fill}
            )
    if MARKER_COLUMN in names and REASON_COLUMN in names:
        # The Motif of an action not marked yet (blank Marqueur) is to read, not to fix: grey,
        # as on the workbook's Actions sheet.
        col, reason = names.index(MARKER_COLUMN), names.index(REASON_COLUMN)
        cell = xl_rowcol_to_cell(1, col, row_abs=False, col_abs=True)
        sheet.conditional_format(
            1,
            reason,
            max(n, 1),
            reason,
            {"type": "formula", "criteria": f'={cell}=""', "format": formats.unmarked},
        )
        # A Motif to fix (one that says no marker: « Incomplet… », « … non reconnu ») in
        # yellow, as on the Actions sheet: the list showed them as any other.
        motif = xl_rowcol_to_cell(1, reason, row_abs=False, col_abs=True)
        sheet.conditional_format(
            1,
            reason,
            max(n, 1),
            reason,
            {
                "type": "formula",
                "criteria": to_fix_condition(motif, cell),
                "format": formats.problem,
            },
        )
    # A page header holds at most 255 characters (XlsxWriter drops a longer one).
    name = source if len(source) <= 60 else source[:59] + "…"
    title = header_text(f"{name} : marqueur et motif EFH")
    # One page wide while that stays legible: a row of a list is read across, so down to
    # 5.5-point text (50 %), where the workbook's Actions sheet keeps 70 %; a wider list
    # (18 columns printed at 37 %) prints on pages across, each row band's pages together,
    # its N° action column (or its first) repeated on each.
    key = next((j for j, name in enumerate(names) if known_column(name) == NUMBER), 0)
    pages = pages_across(widths, width_pixels(widths[key]) if widths else 0, LIST_MIN_SCALE)
    page = PageSetup(
        title_rows=(0, 0),
        title_columns=(key, key) if pages > 1 else None,
        fit_width=pages,
        across_first=pages > 1,
        header=(title, "", ""),
    )
    apply_page_setup(sheet, page)
    book.close()


def _number_kind(name: str) -> str | None:
    """« amount », « count » or « year » for a column whose header says it holds numbers (as
    the workbook's Actions table formats them), else None."""
    target = known_column(name)
    if target in AMOUNTS or normalise(name).startswith("montant"):
        return "amount"
    if normalise(name) in _COUNTS:
        return "count"
    if target == YEAR:
        return "year"
    return None


_COUNTS = {normalise(b) for b in BENEFICIARIES}


def _as_numbers(name: str, values: list[Any]) -> list[Any]:
    """``values`` as numbers for a column of amounts, people or years whose every cell reads
    as one (a CSV list's « 12 000,50 € », « 1.234,50 », « 45500 », as text until here), so
    that the sheet sums and filters them; any other column, or one with a cell that reads as
    no number, as typed. Numbers never come from another column: an N° action « 00123 »
    keeps its zeros."""
    kind = _number_kind(name)
    if kind is None or not any(isinstance(v, str) for v in values):
        return values
    numbers = column_numbers(values, whole=kind != "amount")
    if numbers is None:
        return values
    return [None if n is None else int(n) if n.is_integer() else n for n in numbers]


def _layout(name: str, values: list[Any], formats: Formats) -> tuple[float, Any, bool]:
    """(width, format, wrapped) of a column, from what it holds and what its header means."""
    target = known_column(name)
    header = max((len(word) for word in name.split()), default=0) + 2
    if name == MARKER_COLUMN:
        return WIDTHS[MARKER_COLUMN], formats.marker, False
    if name == REASON_COLUMN:
        return REASON_WIDTH, formats.reason, True
    if target in QUESTION_IDS:
        # OUI and NON in a narrow column; an answer to fix (« peut-être ») is the text its
        # reader must see: the column widens to it, up to a point, then wraps.
        width, wraps = fitted_width(values, max(ANSWER_WIDTH, header), WIDEST_ANSWER)
        return width, formats.answer_wrap if wraps else formats.answer, wraps
    texts = [v for v in values if isinstance(v, str)]
    longest = max(map(len, set(texts)), default=0)
    # NaN is a blank (pandas' missing value), not a number: a column of dates with a blank
    # cell was laid out as numbers.
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    blanks = values.count(None) + sum(1 for v in numbers if v != v)
    numbers = [v for v in numbers if v == v] if blanks > values.count(None) else numbers
    if len(texts) + len(numbers) < len(values) - blanks:
        # Dates or times, written as such (« 01/04/2026 14:30 »): a column sized from its
        # short header (« Date ») showed ######## in Excel. Looked for only in a column that
        # holds something else than texts and numbers (a list of 50,000 rows has ten columns).
        others = {v for v in values if isinstance(v, dt.date | dt.time)}
        longest = max([longest, *(len(shown_text(v) or "") for v in others)])
    if numbers and not texts:
        kind = _number_kind(name)
        if kind in ("year", "count"):
            return max(header, 8), formats.year, False
        if kind == "amount":
            shown = formats.euro_cents if has_cents(numbers) else formats.euro
            return max(header, 14 if shown is formats.euro_cents else 12), shown, False
        return max(header, 10), formats.text, False
    wrapped = longest > TEXT_WIDTH
    width = max(MIN_WIDTH, header, min(longest + 2, TEXT_WIDTH))
    return width, formats.wrap if wrapped else formats.text, wrapped


def _heights(values: list[Any], width: float) -> np.ndarray:
    """The height each row needs for its text in a wrapped column ``width`` wide (readers do
    not grow rows by themselves): measured once per distinct text."""
    lines: dict[str, float] = {}
    out = np.full(len(values), LINE_HEIGHT)
    for i, value in enumerate(values):
        if isinstance(value, str) and (len(value) > width - 4 or "\n" in value):
            if value not in lines:
                lines[value] = LINE_HEIGHT * text_lines(value, width)
            out[i] = lines[value]
    return out


def _write(sheet: Any, row: int, col: int, value: Any, fmt: Any, formats: Formats) -> None:
    if value is None:
        return
    if isinstance(value, str):
        # A text longer than a cell holds is cut with a visible mark (XlsxWriter would cut
        # it without one).
        sheet.write_string(row, col, fit_cell(value), fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        if math.isfinite(value):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, NOT_FINITE, fmt)
    elif isinstance(value, dt.date):
        # Its time of day shown as the CSV written says it (shown_text): 01/04/2026 14:30.
        timed = isinstance(value, dt.datetime) and has_time(value)
        sheet.write_datetime(row, col, value, formats.date_time if timed else formats.date)
    elif isinstance(value, dt.time | dt.timedelta):
        sheet.write_datetime(row, col, value, formats.time)
    else:
        sheet.write_string(row, col, fit_cell(str(value)), fmt)
