"""Where the pages of a printed sheet end, so that no table (with its title) and no chart is cut
across two pages.

Pure arithmetic over the sheet model: the paper and margins of its page set-up, its column
widths and row heights. The sheet keeps printing fitted to one page wide; a manual page break
goes before each table that would straddle the end of a page at the scale that fitting gives.
Excel documents that it ignores manual page breaks under « Ajuster à » (XlsxWriter's
documentation of ``fit_to_pages`` and ``set_h_pagebreaks``): there the sheet prints as it did
without them; LibreOffice honours them. The estimates err on the side of shorter pages: a
page the application finds too long gets an automatic break of its own, before ours.
"""

from __future__ import annotations

import dataclasses
import math

from efh_xl.core.sheet_model import (
    A4,
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    MARGINS,
    STYLES,
    PageSetup,
    SheetModel,
    covered,
    height_pixels,
    width_pixels,
)

# Paper sizes in points (portrait width, height), by Excel's paper code (ECMA-376 Part 1,
# §18.3.1.63): A4 210 x 297 mm, Letter 8.5 x 11 inches.
PAPER_POINTS = {A4: (595.28, 841.89), 1: (612.0, 792.0)}
POINTS_PER_INCH = 72
POINTS_PER_PIXEL = 0.75  # 96 pixels an inch
# Room left for what the estimates miss: fonts a little wider on another machine (the
# columns), rows a little taller than their points (a printer's rounding).
WIDTH_SLACK = 0.98
HEIGHT_SLACK = 0.96
# Excel's bounds on a print scale (percent).
MIN_SCALE, MAX_SCALE = 10, 100
# A row whose height is left to the application is as tall as its largest font needs:
# Calibri 11 in a 15-point row, 16 in 21 (Excel's own heights), rounded up to whole pixels.
LINE_SPACING = 1.32
# Excel keeps at most this many manual page breaks a sheet (XlsxWriter's page_breaks03).
MAX_BREAKS = 1023
# A sheet a little taller than a page prints on one page, fitted to it, rather than sending a
# table or a chart alone to a second page (« Évolution par année »: its chart alone on page 2,
# page 1 two-thirds blank), when that takes no more off the width-fitted scale than this.
ONE_PAGE_SHRINK = 0.85


def printable_points(page: PageSetup) -> tuple[float, float]:
    """The width and height of a page inside its margins, in points."""
    width, height = PAPER_POINTS[page.paper_size]
    if page.landscape:
        width, height = height, width
    left, right, top, bottom = (POINTS_PER_INCH * m for m in MARGINS[:4])
    return width - left - right, height - top - bottom


def fitted_scale(sheet: SheetModel, page: PageSetup) -> int:
    """The print scale (percent) that fits the print area's columns to one page wide."""
    first, last = (page.area[1], page.area[3]) if page.area else (0, sheet.extent()[1])
    pixels = sum(width_pixels(sheet.widths.get(c, DEFAULT_WIDTH)) for c in range(first, last + 1))
    width, _ = printable_points(page)
    scale = math.floor(100 * WIDTH_SLACK * width / max(1.0, pixels * POINTS_PER_PIXEL))
    return max(MIN_SCALE, min(MAX_SCALE, scale))


def page_pixels(sheet: SheetModel, page: PageSetup) -> int:
    """The height in pixels (at 100 %) of the rows a page holds below the repeated rows, at
    the scale fitting ``sheet`` to ``page``'s width: the most a chart may take without being
    cut across two pages."""
    _, height = printable_points(page)
    full = height * HEIGHT_SLACK * 100 / fitted_scale(sheet, page)
    if page.title_rows is not None:
        first, last = page.title_rows
        full -= sum(row_heights(sheet, last)[first : last + 1])
    return int(full / POINTS_PER_PIXEL)


def row_heights(sheet: SheetModel, last: int) -> list[float]:
    """The height in points of rows 0 to ``last``: the model's, or its largest font's."""
    fonts: dict[int, float] = {}
    for (row, _), (value, style) in sheet.cells.items():
        if value is not None and row <= last:
            fonts[row] = max(fonts.get(row, 0), STYLES[style].size)
    heights = [DEFAULT_HEIGHT] * (last + 1)
    for row, size in fonts.items():
        pixels = math.ceil(size * LINE_SPACING * 4 / 3)
        heights[row] = max(DEFAULT_HEIGHT, pixels * POINTS_PER_PIXEL)
    for row, height in sheet.heights.items():
        if row <= last:
            heights[row] = height
    return heights


def kept_together(sheet: SheetModel) -> dict[int, int]:
    """The spans of rows printed on one page when they fit, as first row -> last row: each
    run of rows holding cells (a title, its table and its note; blank rows stand between
    tables), and the rows a band of charts covers with a row above and below, joined where
    they overlap."""
    rows = [(row, row) for row, _ in sheet.cells]
    rows += [(b.top, b.top + b.height - 1) for b in sheet.blocks if b.height and b.columns]
    runs = _joined(rows, touching=True)
    charts = []
    for chart in sheet.charts:
        row = chart.anchor[0]
        last = covered(row, chart.size[1], sheet.heights, DEFAULT_HEIGHT, height_pixels)
        # With the rows around it: a chart whose edge meets a page break is also drawn on
        # the other page (its border, or its texts clipped away in a LibreOffice PDF).
        charts.append((max(0, row - 1), last + 1))
    return dict(_joined(runs + charts, touching=False))


def _joined(spans: list[tuple[int, int]], touching: bool) -> list[tuple[int, int]]:
    """``spans`` sorted, those that overlap (or, with ``touching``, follow one another)
    made one."""
    out: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if out and first <= out[-1][1] + touching:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def row_breaks(sheet: SheetModel, page: PageSetup, scale: int) -> tuple[int, ...]:
    """The rows that start a page at ``scale``: before each span kept together that does
    not fit in what is left of its page but fits a page, and, in a span taller than a page
    (started where it comes), before the row that would pass the page's end.

    The rows repeated on every page (``title_rows``) take their room on each page after
    the first, which holds them as its own first rows.
    """
    last = page.area[2] if page.area else sheet.extent()[0]
    first = page.area[0] if page.area else 0
    heights = row_heights(sheet, last)
    _, height = printable_points(page)
    full = height * HEIGHT_SLACK * 100 / scale
    titles = 0.0
    if page.title_rows is not None:
        titles = sum(heights[page.title_rows[0] : page.title_rows[1] + 1])
    units = kept_together(sheet)
    breaks: list[int] = []
    used, room = 0.0, full
    for row in range(first, last + 1):
        end = units.get(row)
        span = 0.0 if end is None else sum(heights[row : end + 1])
        # A span taller than a page is cut wherever it starts, unless under a quarter of the
        # page is left (its title and a row or two alone at the foot of a page): moved to the
        # next page from under the sheet's title, it left a page holding only that title.
        fits = span <= full - titles or room - used < (full - titles) / 4
        if end is not None and used and used + span > room and fits:
            breaks.append(row)  # the whole span on the next page
            used, room = 0.0, full - titles
        if used and used + heights[row] > room:
            breaks.append(row)  # a span taller than a page: cut between two rows
            used, room = 0.0, full - titles
        used += heights[row]
    return tuple(breaks[:MAX_BREAKS])


def paginate(sheet: SheetModel) -> None:
    """Set the page breaks of ``sheet``, printed one page wide: a manual page break before
    each table or chart that would straddle two pages at the scale fitting it to the width;
    or, for a sheet that a scale a little smaller (:data:`ONE_PAGE_SHRINK`) puts on one page,
    no break and the sheet fitted to one page tall as well."""
    page = sheet.page
    if page is None or page.fit_width != 1 or page.fit_height != 0:
        return
    scale = fitted_scale(sheet, page)
    breaks = row_breaks(sheet, page, scale)
    if not breaks:
        return
    if not row_breaks(sheet, page, max(MIN_SCALE, math.floor(scale * ONE_PAGE_SHRINK))):
        # Fitted to one page tall too: Excel and LibreOffice both scale it to the page.
        sheet.page = dataclasses.replace(page, fit_height=1)
    else:
        sheet.page = dataclasses.replace(page, row_breaks=breaks)
    # The rows under a chart at the height the breaks were reckoned with, written: an
    # application's own height for an empty row may be less (LibreOffice's, where Calibri is
    # missing), and the chart, of a fixed size, then reached over the next page's top.
    for chart in sheet.charts:
        row = chart.anchor[0]
        last = covered(row, chart.size[1], sheet.heights, DEFAULT_HEIGHT, height_pixels)
        for under in range(row, last + 1):
            sheet.heights.setdefault(under, DEFAULT_HEIGHT)
