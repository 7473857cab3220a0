"""A sheet's page set-up (:class:`~efh_xl.core.sheet_model.PageSetup`) through XlsxWriter, for
the sheets the build writes (the refresh writes the same description as XML)."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from efh_xl.core.sheet_model import PageSetup


def apply_page_setup(ws: Worksheet, page: PageSetup) -> None:
    """Set ``page`` on an XlsxWriter worksheet (rows and columns 0-based, as in the model)."""
    ws.set_paper(page.paper_size)
    if page.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if page.fit_width is None:
        ws.set_print_scale(page.scale)
    else:
        ws.fit_to_pages(page.fit_width, page.fit_height)
    if page.across_first:
        ws.print_across()
    if page.area is not None:
        ws.print_area(*page.area)
    if page.title_rows is not None:
        ws.repeat_rows(*page.title_rows)
    if page.title_columns is not None:
        ws.repeat_columns(*page.title_columns)
    header, footer = page.header_codes(), page.footer_codes()
    if header:
        ws.set_header(header)
    if footer:
        ws.set_footer(footer)
    if page.row_breaks:
        ws.set_h_pagebreaks(list(page.row_breaks))
