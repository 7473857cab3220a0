"""A sheet model as the parts of a new sheet: its worksheet, and its drawing and charts.

The one way the tool turns a :class:`~efh_xl.core.sheet_model.SheetModel` into package parts,
for the summary sheets of a refresh and the sheets of a regional workbook alike.
"""

from __future__ import annotations

from efh_xl.core.sheet_model import SheetModel
from efh_xl.ooxml.charts import chart_xml, drawing_xml
from efh_xl.ooxml.package import NewSheet
from efh_xl.ooxml.shared_strings import SharedStrings
from efh_xl.ooxml.worksheet import worksheet_pieces


def new_sheet(
    model: SheetModel, styles: dict[str, int], strings: SharedStrings | None = None
) -> NewSheet:
    """The parts of ``model`` (``styles``: cellXfs index of each style name); with
    ``strings``, the texts of its blocks go to that shared-string table (new packages only)."""
    charts = [chart_xml(model, chart) for chart in model.charts]
    rels = [f"rId{i}" for i in range(1, len(charts) + 1)]
    drawing = drawing_xml(model.charts, rels) if charts else None
    return NewSheet(
        model.name,
        worksheet_pieces(model, styles, "rId1" if drawing else None, strings=strings),
        drawing,
        charts,
    )
