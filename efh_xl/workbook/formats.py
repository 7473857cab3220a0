"""The cell formats of the built workbook, made once per build."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import xlsxwriter

from efh_xl.core.sheet_model import text_height

EURO_FORMAT = '#,##0 "€"'
# A column of amounts some of which have cents (« 4 500,50 € »): shown to the cent, where the
# format above showed « 4 501 € ».
EURO_CENTS_FORMAT = '#,##0.00 "€"'
# 1 shown OUI, 0 shown NON (positive; negative; zero sections): the cell keeps its number,
# which the formulas that count the 1s read.
YES_NO_FORMAT = '"OUI";"OUI";"NON"'
MARKER_FILLS = {2: ("1E7B34", "FFFFFF"), 1: ("C6EFCE", "0B3D14"), 0: ("EDEDED", "404040")}


def cell_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalars
    return value


def estimate_height(text: str, width: int) -> float:
    """The height of a row whose wrapped text ``text`` is in a column ``width`` wide."""
    return text_height(text, width)


class Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "font_color": "1F3864"})
        self.help = wb.add_format({**base, "italic": True, "font_color": "595959"})
        self.title_wrap = wb.add_format(
            {
                **base,
                "bold": True,
                "font_size": 16,
                "font_color": "1F3864",
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.help_wrap = wb.add_format(
            {**base, "italic": True, "font_color": "595959", "text_wrap": True, "valign": "top"}
        )
        self.header = wb.add_format(
            {**base, "bold": True, "text_wrap": True, "valign": "vcenter", "align": "center"}
        )
        self.text = wb.add_format({**base})
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.euro = wb.add_format({**base, "num_format": EURO_FORMAT})
        self.euro_cents = wb.add_format({**base, "num_format": EURO_CENTS_FORMAT})
        self.year = wb.add_format({**base, "num_format": "0", "align": "center"})
        # Dates and times of a list written back (evaluate -o resultats.xlsx).
        self.date = wb.add_format({**base, "num_format": "dd/mm/yyyy", "align": "left"})
        self.date_time = wb.add_format({**base, "num_format": "dd/mm/yyyy hh:mm", "align": "left"})
        self.time = wb.add_format({**base, "num_format": "hh:mm", "align": "left"})
        self.answer = wb.add_format({**base, "align": "center"})
        self.answer_wrap = wb.add_format({**base, "align": "center", "text_wrap": True})
        self.yes_no = wb.add_format({**base, "align": "center", "num_format": YES_NO_FORMAT})
        self.marker = wb.add_format({**base, "align": "center", "bold": True})
        self.reason = wb.add_format({**base, "text_wrap": True, "font_size": 10})
        self.box = wb.add_format(
            {
                "border": 2,
                "align": "center",
                "valign": "vcenter",
                "bold": True,
                "font_color": "0B3D14",
            }
        )
        self.grid_number = wb.add_format(
            {**base, "bold": True, "align": "center", "valign": "vcenter", "border": 1}
        )
        self.grid_question = wb.add_format(
            {**base, "text_wrap": True, "valign": "vcenter", "border": 1}
        )
        self.grid_header = wb.add_format(
            {
                **base,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "D9E1F2",
            }
        )
        self.bold = wb.add_format({**base, "bold": True})
        self.grid_title = wb.add_format(
            {
                **base,
                "bold": True,
                "font_size": 13,
                "align": "center",
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.comment_box = wb.add_format({**base, "border": 1, "valign": "top", "text_wrap": True})
        self.set_answer = wb.add_format({**base, "align": "center", "border": 1, "locked": False})
        self.small = wb.add_format({**base, "font_size": 9, "italic": True, "font_color": "595959"})
        self.alert = wb.add_format(
            {**base, "bold": True, "font_color": "9C0006", "text_wrap": True, "valign": "top"}
        )
        self.marker_fill = {
            m: wb.add_format({"bg_color": bg, "font_color": fg, "bold": m == 2})
            for m, (bg, fg) in MARKER_FILLS.items()
        }
        self.problem = wb.add_format({"font_color": "9C5700", "bg_color": "FFEB9C"})
        self.unmarked = wb.add_format({"font_color": "595959", "italic": True})
        self.set_label: dict[str, Any] = {}
        self.set_fill: dict[tuple[str, ...], Any] = {}
