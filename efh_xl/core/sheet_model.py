"""The sheet model: a sheet described once (cells, styles, blocks, charts), rendered by two
thin renderers.

:mod:`efh_xl.ooxml.worksheet` writes the model as package parts (headless refresh) and
:mod:`efh_xl.excel.button` through xlwings (the button). Neither decides anything about layout.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# Excel's limit on a cell's text, in UTF-16 code units (what Excel counts as characters).
MAX_CELL_CHARS = 32767
CUT_MARK = "… [texte coupé : trop long pour une cellule Excel]"
# What a renderer shows for a number that is not finite (a sum that overflowed): Excel's own
# error, never a number that would make the package unreadable.
NOT_FINITE = "#NUM!"


class EmptyText:
    """The value of a cell holding the empty text: the formula ="" with an empty cached text,
    as Excel writes it. A truly empty cell reads as 0 through INDEX, this one as a blank."""

    FORMULA = '""'

    def __repr__(self) -> str:
        return "EMPTY_TEXT"


EMPTY_TEXT = EmptyText()


def fit_cell(text: str) -> str:
    """``text`` if a cell can hold it, else cut with a visible mark to exactly the limit."""
    if len(text) <= MAX_CELL_CHARS // 2:  # at most two code units per character
        return text
    encoded = text.encode("utf-16-le")
    if len(encoded) <= 2 * MAX_CELL_CHARS:
        return text
    keep = encoded[: 2 * (MAX_CELL_CHARS - len(CUT_MARK))]
    # A surrogate pair cut in two is dropped whole.
    return keep.decode("utf-16-le", errors="ignore") + CUT_MARK


@dataclass(frozen=True)
class Style:
    """A cell style, in terms both renderers understand."""

    bold: bool = False
    italic: bool = False
    size: float = 11
    color: str = "000000"
    fill: str | None = None
    number_format: str = "General"
    wrap: bool = False
    align: str | None = None
    border: bool = False


STYLES: dict[str, Style] = {
    "plain": Style(),
    "title": Style(bold=True, size=16, color="1F3864"),
    "stamp": Style(italic=True, size=9, color="595959"),
    # The same, wrapped within merged cells: a list's title and note above columns repeated on
    # the pages across, which cut a text running past them.
    "title_wrap": Style(bold=True, size=16, color="1F3864", wrap=True),
    "stamp_wrap": Style(italic=True, size=9, color="595959", wrap=True),
    "section": Style(bold=True, size=12, color="1F3864"),
    "header": Style(bold=True, fill="D9E1F2", wrap=True, align="center", border=True),
    "text": Style(border=True),
    "wrap": Style(border=True, wrap=True),
    # Counts with a thousands separator, as the euros: « 1 965 » people reached, not « 1965 ».
    "count": Style(border=True, number_format="#,##0"),
    "percent": Style(border=True, number_format="0.0 %"),
    # A difference of two shares, in percentage points (« -30,5 » under « (points) »): shown
    # as a percentage, 54,5 % against a target of 85 % read « -30,5 % » of the target.
    "points": Style(border=True, number_format="+0.0;-0.0;0.0"),
    "euro": Style(border=True, number_format='#,##0 "€"'),
    # A list's amounts, when some have cents (« 4 500,50 € » shown « 4 501 € » above).
    "euro_cents": Style(border=True, number_format='#,##0.00 "€"'),
    "total": Style(bold=True, border=True, fill="F2F2F2"),
    "total_count": Style(bold=True, border=True, fill="F2F2F2", number_format="#,##0"),
    "total_percent": Style(bold=True, border=True, fill="F2F2F2", number_format="0.0 %"),
    "total_euro": Style(bold=True, border=True, fill="F2F2F2", number_format='#,##0 "€"'),
    "marker0": Style(bold=True, border=True, fill="EDEDED"),
    "marker1": Style(bold=True, border=True, fill="C6EFCE"),
    "marker2": Style(bold=True, border=True, fill="1E7B34", color="FFFFFF"),
    "provisional": Style(bold=True, italic=True, border=True, fill="FFF2CC"),
    "unmarked": Style(italic=True, border=True, color="595959"),
    "note": Style(italic=True, color="595959"),
    "good": Style(bold=True, border=True, number_format="0.0 %", color="006100", fill="C6EFCE"),
    "bad": Style(bold=True, border=True, number_format="0.0 %", color="9C0006", fill="FFC7CE"),
}


def column_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (the letters of a column in an A1 reference)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def column_index(letters: str | bytes) -> int:
    """A -> 0, Z -> 25, AA -> 26: :func:`column_name` read back (letters as text or bytes)."""
    index = 0
    for letter in letters.encode() if isinstance(letters, str) else letters:
        index = index * 26 + letter - 64
    return index - 1


# Paper size 9 is A4 (ECMA-376 Part 1, §18.3.1.63; Excel's xlPaperA4).
A4 = 9
# Footer sections in Excel's header/footer codes: &P the page, &N the number of pages.
PAGE_FOOTER = ("", "Page &P sur &N", "")
NO_HEADER = ("", "", "")
# Excel's default page margins, in inches (what its « Normale » margins and XlsxWriter write):
# left, right, top, bottom, then the header's and the footer's distance from the edge. The
# writers write these, and the page breaks are computed inside them.
MARGINS = (0.7, 0.7, 0.75, 0.75, 0.3, 0.3)
# The smallest print scale that stays legible: 11-point text prints at 7.7 points.
MIN_PRINT_SCALE = 0.7
# Column widths (characters) and row heights (points) in pixels, as Excel lays them out for
# its default font (Calibri 11: 7-pixel digits, 5 pixels of padding; 96 dpi).
DEFAULT_WIDTH = 8.43
DEFAULT_HEIGHT = 15.0


LINE_HEIGHT = 15.0  # points per line of 11-point text, Excel's default row height
# The tallest row Excel lets a person set (« 409 points » in Microsoft's specifications and
# limits; its object model takes 409.5, refuses 409.6). A taller row in a file is cut down to
# 409.6 when Excel reads it, without a word: its text then runs past the row's foot. Rows
# are never written taller, so that page breaks reckon with the heights Excel will show.
MAX_ROW_HEIGHT = 409.5


def row_points(height: float) -> float:
    """``height`` as tall as a row may be (:data:`MAX_ROW_HEIGHT` at the most)."""
    return min(height, MAX_ROW_HEIGHT)


def text_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` characters wide.

    An estimate from the length (readers do not grow rows by themselves): a few characters
    of margin per line, as words do not fill a line exactly.
    """
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += max(1, math.ceil(len(paragraph) / max(1, width - 4)))
    return lines


# Advance widths of Calibri (Excel's default font, and Carlito, LibreOffice's stand-in with
# the same metrics), in thousandths of an em, for the characters lists mostly hold; a letter
# with an accent is as wide as its base letter; any other character counts as a wide one.
_EM_THOUSANDTHS = {
    **dict(zip("abcdefghijklmnopqrstuvwxyz", (479, 525, 423, 525, 498, 305, 471, 525, 229,
        239, 455, 229, 799, 525, 527, 525, 525, 349, 391, 335, 525, 452, 715, 433, 453, 395))),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (579, 544, 533, 615, 488, 459, 631, 623, 252,
        319, 520, 420, 855, 646, 662, 517, 673, 543, 459, 487, 642, 567, 890, 519, 487, 468))),
    **dict.fromkeys("0123456789", 507),
    " ": 226, ",": 250, ".": 252, ":": 268, ";": 268, "'": 221, "’": 250, "(": 303, ")": 303,
    "-": 306, "–": 498, "«": 498, "»": 498, "/": 386, "€": 507, "%": 715, "…": 750, "?": 463,
}
_WIDE = 700  # thousandths of an em: wider than most letters, never too narrow


def _em(character: str) -> int:
    found = _EM_THOUSANDTHS.get(character)
    if found is None:  # « é » as « e »
        base = unicodedata.normalize("NFKD", character)[:1]
        found = _EM_THOUSANDTHS.get(base, _WIDE)
    return found


@functools.lru_cache(maxsize=1 << 16)  # a list's reasons and titles share their words
def _word_thousandths(word: str) -> int:
    """The width of a word in thousandths of an em."""
    return sum(map(_em, word))


def wrapped_counts(values: Iterable[Any], pixels: float, size: float = 11) -> list[int]:
    """:func:`wrapped_lines` of each value that is a text (1 for any other), each distinct
    text measured once: a list's reasons repeat (1,000 actions to fix, 9 distinct reasons)."""
    measured: dict[str, int] = {}
    out = []
    for value in values:
        if not isinstance(value, str):
            out.append(1)
            continue
        lines = measured.get(value)
        if lines is None:
            lines = measured[value] = wrapped_lines(value, pixels, size)
        out.append(lines)
    return out


def _pixels_per_thousandth(size: float) -> float:
    """Pixels a thousandth of an em spans in Calibri ``size`` points at 96 dpi, five per cent
    wider than the font says (see :func:`wrapped_lines`)."""
    return size * 96 / 72 * 1.05 / 1000


def wrapped_lines(text: str, pixels: float, size: float = 11) -> int:
    """How many lines ``text`` takes wrapped at spaces in a cell ``pixels`` wide (inside its
    padding), in Calibri ``size`` points: each word measured, as Excel and LibreOffice break
    lines, a word longer than a line cut across lines. Five per cent wider than the font
    says, so that a row is never too short for its text; a count of characters as wide as a
    digit made rows of French text twice as tall as their lines."""
    em = _pixels_per_thousandth(size)
    space = _em(" ") * em
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            wide = _word_thousandths(word) * em
            if used and used + space + wide <= pixels:
                used += space + wide
                continue
            if used:
                lines += 1
            # A word wider than the line runs on over the next ones.
            while wide > pixels:
                lines += 1
                wide -= pixels
            used = wide
    return lines


def text_width(text: str, size: float = 11) -> float:
    """The width in characters of the default font (a column's unit) a cell needs to show
    ``text`` on one line, in Calibri ``size`` points (measured as :func:`wrapped_lines`)."""
    widest = max(map(sum, (map(_em, line) for line in str(text).split("\n"))), default=0)
    return widest * _pixels_per_thousandth(size) / 7


def fitted_width(values: Iterable[Any], least: float, most: float) -> tuple[float, bool]:
    """(width, wraps) of a column whose texts are ``values``: as wide as its widest text on
    one line, ``least`` at the narrowest (its header's words); ``most`` at the widest (or
    ``least``), where that text wraps, as does a text of several lines.
    Each distinct text measured once (a column of answers holds a few)."""
    texts = [v for v in set(values) if isinstance(v, str)]
    widest = max(map(text_width, texts), default=0.0)
    most = max(most, least)
    wraps = widest > most or any("\n" in text for text in texts)
    return min(max(least, math.ceil(widest)), most), wraps


def text_height(text: str, width: float, style: Style | None = None) -> float:
    """The height in points of a row whose tallest wrapped cell holds ``text``, ``width``
    characters of the default font wide; in ``style``'s font (default: the plain one), a
    larger font fits fewer characters a line, a bold one a tenth fewer still, and each line
    is as tall as its font needs."""
    if style is None:
        return row_points(LINE_HEIGHT * text_lines(text, width))
    plain = STYLES["plain"].size
    size = style.size * (1.1 if style.bold else 1.0)
    line = math.ceil(LINE_HEIGHT * style.size / plain)
    return row_points(text_lines(text, width * plain / size) * line)


CELL_PADDING = 3  # pixels between a cell's border and its text, on each side


def width_pixels(width: float) -> int:
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


def height_pixels(height: float) -> int:
    return int(height * 4 / 3 + 0.5)


@dataclass(frozen=True)
class PageSetup:
    """How a sheet prints, described once for both renderers (0-based, inclusive spans).

    ``fit_width`` pages wide and ``fit_height`` pages tall (0: as many as needed); the
    print area and the rows and columns repeated on each page become the sheet-level
    defined names ``_xlnm.Print_Area`` and ``_xlnm.Print_Titles``.
    """

    # First row, first column, last row, last column; None: what the sheet holds.
    area: tuple[int, int, int, int] | None = None
    title_rows: tuple[int, int] | None = None
    title_columns: tuple[int, int] | None = None
    landscape: bool = True
    paper_size: int = A4
    fit_width: int | None = 1  # None: printed at ``scale`` instead of fitted
    fit_height: int = 0
    scale: int = 100
    footer: tuple[str, str, str] = PAGE_FOOTER  # left, centre, right
    across_first: bool = False  # pages numbered across, then down (a wide table)
    # Printed at the top of every page, whatever its rows and columns (left, centre, right):
    # the title of a list printed over pages across and down, which the repeated rows and
    # columns would cut.
    header: tuple[str, str, str] = NO_HEADER
    # Rows (0-based) that start a new page: manual page breaks, placed by
    # :mod:`efh_xl.core.page_breaks` so that no table or chart is cut across two pages.
    row_breaks: tuple[int, ...] = ()

    def area_reference(self) -> str | None:
        """The print area in A1 form, e.g. ``$A$1:$N$80``."""
        if self.area is None:
            return None
        r1, c1, r2, c2 = self.area
        return f"${column_name(c1)}${r1 + 1}:${column_name(c2)}${r2 + 1}"

    def title_rows_reference(self) -> str | None:
        """The repeated rows, e.g. ``$1:$2``."""
        if self.title_rows is None:
            return None
        return f"${self.title_rows[0] + 1}:${self.title_rows[1] + 1}"

    def title_columns_reference(self) -> str | None:
        """The repeated columns, e.g. ``$A:$B``."""
        if self.title_columns is None:
            return None
        first, last = self.title_columns
        return f"${column_name(first)}:${column_name(last)}"

    def footer_codes(self) -> str:
        """The footer as one string of Excel's section codes (``&C…``)."""
        return _section_codes(self.footer)

    def header_codes(self) -> str:
        """The header as one string of Excel's section codes (``&L…``)."""
        return _section_codes(self.header)


def _section_codes(sections: tuple[str, str, str]) -> str:
    return "".join(f"&{code}{text}" for code, text in zip("LCR", sections, strict=True) if text)


def header_text(text: str) -> str:
    """``text`` shown as it is in a header or footer: « & » starts a code there (« && » is
    one ampersand, ECMA-376 Part 1, §18.3.1.36)."""
    return text.replace("&", "&&")


@dataclass
class Chart:
    """A native column (or bar) chart over cells of its own sheet (rows are 0-based, inclusive)."""

    title: str
    categories: tuple[int, int, int]  # first row, last row, column
    series: list[tuple[str, int, int, int]]  # name, first row, last row, column
    anchor: tuple[int, int]  # top-left cell (row, column)
    size: tuple[int, int] = (480, 288)  # pixels
    stacked: bool = False
    number_format: str = "General"
    # Fill colours (RRGGBB), one per series, or per column of a one-series chart; () for the
    # writer's default.
    colours: tuple[str, ...] = ()
    # Bars across, the categories down the left in the table's order, first at the top: long
    # labels (territory names) read on one line, where columns would slant them over the plot.
    horizontal: bool = False
    # The value axis from 0 to this (a share: 1, i.e. 100 %); None: the application's own
    # bounds (a share of 100 % drew an axis up to 120 %).
    value_max: float | None = None
    # Each bar's value written at its end; False when the bars are too thin for their labels
    # not to overlap (the table above the chart gives the figures).
    labels: bool = True


@dataclass
class Block:
    """A rectangle of cells given column by column, one style per column.

    Long lists (the actions to fix) are laid out and rendered a column or a row at a time,
    not cell by cell.
    """

    top: int
    left: int
    columns: list[list[Any]]
    styles: list[str]

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def cells(self) -> Iterator[tuple[tuple[int, int], tuple[Any, str]]]:
        """Each cell as ((row, col), (value, style))."""
        for j, (values, style) in enumerate(zip(self.columns, self.styles, strict=True)):
            col = self.left + j
            for i, value in enumerate(values, start=self.top):
                yield (i, col), (value, style)


class RowHeights(dict[int, float]):
    """Row heights in points, by row: each set at most :data:`MAX_ROW_HEIGHT`, so that what
    writes a sheet, what places its page breaks and what sizes its charts all see the
    heights Excel will show, whoever set them."""

    def __setitem__(self, row: int, height: float) -> None:
        super().__setitem__(row, row_points(height))

    def update(self, *args: Any, **kwargs: Any) -> None:  # dict.update skips __setitem__
        # One pass over the heights, then dict's own update (no Python call per row): a
        # consolidation gives tens of thousands of rows at once, nearly never one too tall.
        given = dict(*args, **kwargs)
        if not all(height <= MAX_ROW_HEIGHT for height in given.values()):  # NaN too
            given = {row: row_points(height) for row, height in given.items()}
        super().update(given)

    def setdefault(self, row: int, height: float) -> float:  # type: ignore[override]
        if row not in self:
            self[row] = height
        return self[row]


@dataclass
class SheetModel:
    """One summary sheet: cells, blocks of cells, column widths, charts.

    A position is either in ``cells`` or in one block, never in both.
    """

    name: str
    cells: dict[tuple[int, int], tuple[Any, str]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: RowHeights = field(default_factory=RowHeights)
    charts: list[Chart] = field(default_factory=list)
    tab_color: str = "1E7B34"
    blocks: list[Block] = field(default_factory=list)
    # Spans of rows (first, last; 0-based, inclusive) whose heights are estimates from text
    # lengths: an application that can measure text fits them itself.
    fit_rows: list[tuple[int, int]] = field(default_factory=list)
    page: PageSetup | None = None
    # Bands merged across (first row, last row, first column, last column; 0-based,
    # inclusive): each row of a band is one merged cell over those columns, as Excel's
    # « Fusionner horizontalement » makes it. The first column holds the value; the others
    # are blank cells of the same style (their borders). A long text wraps over the band
    # without widening a column the tables above share.
    merged_across: list[tuple[int, int, int, int]] = field(default_factory=list)

    def put(self, row: int, col: int, value: Any, style: str = "text") -> None:
        """Set a cell; ``value`` is a str, a number, None or :data:`EMPTY_TEXT`."""
        self.cells[(row, col)] = (value, style)

    def put_block(self, top: int, left: int, columns: list[list[Any]], styles: list[str]) -> None:
        """Set a rectangle of cells from its columns (equal lengths), one style per column."""
        if len({len(c) for c in columns}) > 1:
            raise ValueError("the columns of a block have different lengths")
        self.blocks.append(Block(top, left, columns, styles))

    def get(self, row: int, col: int) -> tuple[Any, str] | None:
        """The (value, style) at a position, or None when it is empty."""
        found = self.cells.get((row, col))
        if found is not None:
            return found
        for block in self.blocks:
            i, j = row - block.top, col - block.left
            if 0 <= i < block.height and 0 <= j < len(block.columns):
                return block.columns[j][i], block.styles[j]
        return None

    def iter_cells(self) -> Iterator[tuple[tuple[int, int], tuple[Any, str]]]:
        """Every cell, those of the blocks included, as ((row, col), (value, style))."""
        yield from self.cells.items()
        for block in self.blocks:
            yield from block.cells()

    @property
    def rows(self) -> int:
        last = max((r for r, _ in self.cells), default=-1)
        ends = [b.top + b.height - 1 for b in self.blocks if b.height]
        return 1 + max([last, *ends])

    @property
    def columns(self) -> int:
        last = max((c for _, c in self.cells), default=-1)
        ends = [b.left + len(b.columns) - 1 for b in self.blocks if b.height]
        return 1 + max([last, *ends])

    def extent(self) -> tuple[int, int]:
        """The last row and column (0-based) covered by cells or charts."""
        last_row, last_col = self.rows - 1, self.columns - 1
        for chart in self.charts:
            row, col = chart.anchor
            width, height = chart.size
            last_col = max(last_col, covered(col, width, self.widths, DEFAULT_WIDTH, width_pixels))
            last_row = max(
                last_row, covered(row, height, self.heights, DEFAULT_HEIGHT, height_pixels)
            )
        return max(last_row, 0), max(last_col, 0)


def covered(start: int, pixels: int, sizes: dict[int, float], default: float, to_pixels) -> int:
    """The last row or column that ``pixels`` reach from the start of ``start``."""
    index = start
    pixels -= to_pixels(sizes.get(index, default))
    while pixels > 0:
        index += 1
        pixels -= to_pixels(sizes.get(index, default))
    return index
