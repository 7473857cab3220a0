"""Render a :class:`~efh_xl.core.sheet_model.SheetModel` as SpreadsheetML parts (headless path).

Text cells are written as inline strings (``t="inlineStr"``): they never become formulas
whatever they start with, and the workbook's shared-string table (a part the tool does not
own) is left alone. Styles are appended to ``styles.xml`` only when missing, so refreshing
twice leaves it unchanged.

Blocks (tables, lists) are written a column at a time, each distinct value rendered once
(:func:`block_xml`); in a package the tool writes whole (the regional workbook), the texts of
long blocks go to a shared-string table of its own.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from efh_xl.core.sheet_model import (
    EMPTY_TEXT,
    MARGINS,
    MAX_CELL_CHARS,
    NOT_FINITE,
    Block,
    PageSetup,
    SheetModel,
    fit_cell,
)
from efh_xl.ooxml.shared_strings import SharedStrings
from efh_xl.ooxml.xml import (
    MAX_COLUMNS,
    NS,
    REL_NS,
    cell_needs_escape,
    cell_ref,
    cell_text,
    col_name,
    quote_sheet,
    xml_attr,
    xml_text,
)

# Blocks of more rows than this go to the shared-string table when there is one; below, the
# per-column set-up of block_xml costs more than it saves.
SHARED_ABOVE = 1000
_TEXT_OR_BLANK = {str, type(None)}
# Up to this many cells, a column is rendered cell by cell (the summary tables' columns).
_FEW = 8
# Rows of a block joined into one text (see block_xml).
_ROWS_PER_TEXT = 256


def _row_major(position: tuple[int, int]) -> int:
    return position[0] * MAX_COLUMNS + position[1]


def _cell_tail(value: Any) -> str:
    """A ``<c>`` element after its ``r`` and ``s`` attributes."""
    kind = type(value)
    if kind is str:
        return _text_tail(value)
    if value is None:
        return "/>"
    if value is EMPTY_TEXT:  # as Excel writes ="" (t="str", an empty cached text)
        return f' t="str"><f>{EMPTY_TEXT.FORMULA}</f><v></v></c>'
    if kind is bool:
        return f' t="b"><v>{int(value)}</v></c>'
    if kind is int:
        return f"><v>{value}</v></c>"
    if kind is float or isinstance(value, numbers.Real):  # numpy scalars too
        number = float(value)
        if not math.isfinite(number):
            # inf or nan in <v> makes the package unreadable: Excel's own error instead.
            return f' t="e"><v>{NOT_FINITE}</v></c>'
        return f"><v>{number!r}</v></c>"
    return _text_tail(str(value))


# The rendered tails of short texts, kept for the process: the summary sheets' headers, labels
# and names are the same on every sheet and every refresh (a few hundred cells a workbook,
# each otherwise searched for characters to escape). Bounded: cleared when full.
_TEXT_TAILS: dict[str, str] = {}
_KEPT_TEXT = 200  # characters, at most, of a kept text
_KEPT_TEXTS = 4096


def _text_tail(text: str) -> str:
    tail = _TEXT_TAILS.get(text)
    if tail is None:
        text_xml = cell_text(fit_cell(text))
        tail = f' t="inlineStr"><is><t xml:space="preserve">{text_xml}</t></is></c>'
        if len(text) <= _KEPT_TEXT:
            if len(_TEXT_TAILS) >= _KEPT_TEXTS:
                _TEXT_TAILS.clear()
            _TEXT_TAILS[text] = tail
    return tail


def _column_runs(
    values: Sequence[Any],
    style: str,
    after: str,
    strings: SharedStrings | None,
) -> list[Sequence[str]]:
    """The pieces of a column's cells after their row numbers, as runs of one piece per row
    (see block_xml): one run, each cell from its style attribute on (:func:`_column_cells`),
    or, for a column of texts all distinct, three: the head, the shared-string index, the
    tail. Those indexes are the numerals the rows' numbers are taken from, not one new text
    per cell: the action numbers of a consolidation's 60,000 actions and 47,000 rows to fix
    (38 + 20 -> 30 + 15 ms; with two more pieces a row to join, the two sheets' rows 200 ->
    191 ms).
    """
    if strings is None or len(values) <= _FEW:
        return [_column_cells(values, style, after, strings)]
    rendered = dict.fromkeys(values)
    if len(rendered) != len(values) or set(map(type, rendered)) != {str}:
        return [_column_cells(values, style, after, strings, rendered)]
    known = len(strings)
    indexes = strings.add(values)  # distinct: rendered holds each value once
    strings.used(len(values))
    n = len(values)
    if len(strings) - known == n:  # all new (action numbers): numbered in order from known
        shown = strings.numerals(known + n)[known : known + n]
    else:
        shown = list(map(strings.numerals(max(indexes) + 1).__getitem__, indexes))
    return [[f'{style} t="s"><v>'] * n, shown, [f"</v></c>{after}"] * n]


def _column_cells(
    values: Sequence[Any],
    style: str,
    after: str,
    strings: SharedStrings | None,
    rendered: dict[Any, None] | None = None,
) -> list[str]:
    """Each cell of a column from its style attribute on, followed by ``after``
    (``rendered``: ``dict.fromkeys(values)``, when the caller has it).

    Each distinct value is rendered once, then looked up (all at C speed: ``dict.fromkeys``
    and ``map``). ``True``, ``1`` and ``1.0`` are equal keys to a dict but three different
    cells: in a column holding numbers of several types, each cell is looked up among the
    values of its own type (see :class:`_Tails`).
    """
    if strings is None and len(values) <= _FEW:
        # A column of a small table: rendering each cell costs less than finding the
        # distinct values first.
        return [style + _cell_tail(v) + after for v in values]
    if rendered is None:
        rendered = dict.fromkeys(values)
    found = set(map(type, rendered))
    types: list[type] | None = None
    if not found <= _TEXT_OR_BLANK:
        # Numbers: one of another type may hide behind an equal one among the keys (all the
        # types are looked for only when the keys show a single type of number).
        types = list(map(type, values))
        if len(found - _TEXT_OR_BLANK) == 1:
            found = set(types)
        if len(found - _TEXT_OR_BLANK) > 1:
            return _typed_cells(values, types, list(rendered), style, after, strings)
    plain = list(rendered)
    if strings is not None and found == {str}:  # the usual text column: no test per value
        tails = [f'{style} t="s"><v>{i}</v></c>{after}' for i in strings.add(plain)]
        strings.used(len(values))
    elif strings is not None and str in found:
        texts = [v for v in plain if type(v) is str]
        where = dict(zip(texts, strings.add(texts)))
        tails = [
            f'{style} t="s"><v>{where[v]}</v></c>{after}'
            if type(v) is str
            else style + _cell_tail(v) + after
            for v in plain
        ]
        # Texts and blanks only (types unknown), or a mix of texts and numbers of one type.
        strings.used(len(values) - list(values).count(None) if types is None else types.count(str))
    elif found <= _TEXT_OR_BLANK and _plain_texts(plain):
        # The usual list column: texts needing neither escaping nor cutting, written as they
        # are (two function calls and a regular-expression search less per text).
        head, tail = f'{style} t="inlineStr"><is><t xml:space="preserve">', f"</t></is></c>{after}"
        blank = style + "/>" + after
        tails = [head + v + tail if v is not None else blank for v in plain]
    else:
        tails = [style + _cell_tail(v) + after for v in plain]
    if len(tails) == len(values):  # every value distinct (action numbers): already in order
        return tails
    if len(tails) == 1:  # one value (the blank cells a merge covers): no lookup per cell
        return tails * len(values)
    return list(map(dict(zip(plain, tails)).__getitem__, values))


class _Tails(dict):
    """The rendered cells of the values of one type, by value; a value not met yet is
    rendered when first looked up (``dict.__getitem__`` calls ``__missing__``)."""

    def __init__(self, style: str, after: str) -> None:
        super().__init__()
        self.style, self.after = style, after

    def __missing__(self, value: Any) -> str:
        tail = self[value] = self.style + _cell_tail(value) + self.after
        return tail


class _ByType(dict):
    """A :class:`_Tails` per type of value, made when the type is first met."""

    def __init__(self, style: str, after: str) -> None:
        super().__init__()
        self.style, self.after = style, after

    def __missing__(self, kind: type) -> _Tails:
        tails = self[kind] = _Tails(self.style, self.after)
        return tails


def _typed_cells(
    values: Sequence[Any],
    types: list[type],
    distinct: list[Any],
    style: str,
    after: str,
    strings: SharedStrings | None,
) -> list[str]:
    """:func:`_column_cells` of a column holding numbers of several types (typed answers:
    texts, with a few booleans and numbers): each cell looked up in the table of its type.

    ``distinct`` (the column's distinct values, as ``dict.fromkeys`` keeps them) holds every
    text, in order of first use; a number may stand there for an equal one of another type
    (``True`` for ``1.0``): that one is rendered when its own table misses it. Two lookups per
    cell at C speed, where keying each number by its type and value was a loop over them
    (8 -> 5 ms a column of 60,000 answers).
    """
    by_type = _ByType(style, after)
    texts = [v for v in distinct if type(v) is str]
    if texts:
        if strings is not None:
            tails = [f'{style} t="s"><v>{i}</v></c>{after}' for i in strings.add(texts)]
        else:
            tails = [style + _cell_tail(v) + after for v in texts]
        by_type[str].update(zip(texts, tails))
    if texts and strings is not None:
        strings.used(types.count(str))
    by_type[type(None)][None] = style + "/>" + after
    return list(map(dict.__getitem__, map(by_type.__getitem__, types), values))


def _plain_texts(values: Sequence[Any]) -> bool:
    """Whether the texts among ``values`` (texts and blanks) are written as they are: none
    needs escaping (one search of them all joined, at C speed) nor is too long for a cell."""
    texts = [v for v in values if v is not None] if None in values else values
    if not texts:
        return True
    return (
        max(map(len, texts)) <= MAX_CELL_CHARS // 2  # fit_cell's own test
        and not cell_needs_escape("".join(texts))
    )


def block_xml(
    block: Block,
    letters: list[str],
    styles: dict[str, str],
    heights: dict[int, float],
    strings: SharedStrings | None = None,
) -> list[str]:
    """The ``<row>`` elements of a block as texts of a few hundred rows, built a column at a
    time.

    Every row is the same run of pieces (row number, cell head, row number, cell…): one list
    of pieces per position in that run, interleaved and joined once (at C speed; filling a
    numpy table of objects a column at a time cost half as much again).
    With ``strings``, text cells refer to that shared-string table instead of holding the text.
    """
    n, width = block.height, len(block.columns)
    if not n or not width:
        return []
    top, left = block.top, block.left
    if strings is None:
        numbers = [str(r + 1) for r in range(top, top + n)]
    else:  # a long list: its numbers are also indexes of texts (see _column_runs)
        numbers = strings.numerals(top + n + 1)[top + 1 : top + n + 1]
    first = f'<c r="{letters[left]}'
    if not heights.keys().isdisjoint(range(top, top + n)):
        # A few distinct heights (lines of wrapped text): each head rendered once.
        rendered = {h: f'"{_row_height(h)}>{first}' for h in {*heights.values(), None}}
        heads = list(map(rendered.__getitem__, map(heights.get, range(top, top + n))))
    else:
        heads = [f'">{first}'] * n
    runs: list[Sequence[str]] = [['<row r="'] * n, numbers, heads]
    for j, (values, style) in enumerate(zip(block.columns, block.styles)):
        after = f'<c r="{letters[left + j + 1]}' if j + 1 < width else "</row>"
        runs += [numbers, *_column_runs(values, styles[style], after, strings)]
    # Every row is the same run of pieces: _ROWS_PER_TEXT rows at a time, each position of
    # the run filled for all of them by a slice assignment (a copy of pointers), then one
    # join (faster than joining each row's pieces zipped together). Each list of pieces, its
    # text, then its UTF-8 are made in memory the process already holds, where one text of a
    # 60,000-row list (50 MB, and 50 MB more encoded) was fresh memory, touched page by page
    # (the Actions sheet's pieces laid out, joined and encoded: 71 -> 45 ms).
    step = len(runs)
    texts = []
    pieces: list[str] = []
    for start in range(0, n, _ROWS_PER_TEXT):
        stop = min(start + _ROWS_PER_TEXT, n)
        if len(pieces) != (stop - start) * step:
            pieces = [""] * ((stop - start) * step)
        for position, run in enumerate(runs):
            pieces[position::step] = run[start:stop]
        texts.append("".join(pieces))
    return texts


def _row_height(height: float | None) -> str:
    return f' ht="{height:g}" customHeight="1"' if height else ""


def _sheet_data(
    sheet: SheetModel, style_index: dict[str, int], strings: SharedStrings | None = None
) -> list[str]:
    """The ``<row>`` elements of a sheet model, in row then column order (with ``strings``,
    the blocks' text cells refer to that shared-string table)."""
    letters = [col_name(c) for c in range(sheet.columns)]
    styles = {name: f'" s="{i}"' for name, i in style_index.items()}
    cells = sheet.cells
    heights = sheet.heights
    by_row: dict[int, list[str]] = {}
    # An integer sort key: sorting many (row, col) tuples is several times slower.
    for row, col in sorted(cells, key=_row_major):
        value, style = cells[(row, col)]
        cell = f'<c r="{letters[col]}{row + 1}{styles[style]}{_cell_tail(value)}'
        by_row.setdefault(row, []).append(cell)
    # Rows in order: each row of single cells, and each block as one run of rows.
    # Each run: its first row, its number of rows, its texts.
    runs = [
        (row, 1, [f'<row r="{row + 1}"{_row_height(heights.get(row))}>{"".join(body)}</row>'])
        for row, body in by_row.items()
    ]
    # An empty row of a set height (under a chart) is written, empty, as Excel writes it
    # (XlsxWriter's set_row01: ``<row r="1" ht="0.75" customHeight="1"/>``): another
    # application's own height for it may differ, and the chart would then reach over other
    # rows than the page breaks expect.
    empty = heights.keys() - by_row.keys()
    for block in sheet.blocks:  # a list's rows (tens of thousands) leave at C speed
        if empty:
            empty.difference_update(range(block.top, block.top + block.height))
    runs += [(row, 1, [f'<row r="{row + 1}"{_row_height(heights[row])}/>']) for row in empty]
    for block in sheet.blocks:
        if not block.height:
            continue
        shared = strings if block.height >= SHARED_ABOVE else None
        texts = block_xml(block, letters, styles, heights, shared)
        runs.append((block.top, block.height, texts))
    runs.sort(key=lambda run: run[0])
    end = 0
    for start, count, _ in runs:
        if start < end:
            raise ValueError(f"row {start + 1} of {sheet.name!r} is in a block and in cells")
        end = start + count
    return [element for _, _, elements in runs for element in elements]


def _page_setup(page: PageSetup) -> list[str]:
    """``<pageSetup>``, ``<headerFooter>`` and ``<rowBreaks>`` with the attributes, in the
    order, that Excel writes (XlsxWriter's comparison files ``fit_to_pages05``,
    ``landscape01``, ``header03``): defaults are left out, so fitting one page wide is
    ``fitToHeight="0"`` alone."""
    attributes = [f'paperSize="{page.paper_size}"']
    if page.fit_width is None:
        if page.scale != 100:
            attributes.append(f'scale="{page.scale}"')
    else:
        if page.fit_width != 1:
            attributes.append(f'fitToWidth="{page.fit_width}"')
        if page.fit_height != 1:
            attributes.append(f'fitToHeight="{page.fit_height}"')
    if page.across_first:  # XlsxWriter's print_across01
        attributes.append('pageOrder="overThenDown"')
    attributes.append(f'orientation="{"landscape" if page.landscape else "portrait"}"')
    out = [f"<pageSetup {' '.join(attributes)}/>"]
    # oddHeader before oddFooter (CT_HeaderFooter; XlsxWriter's excel2003_style03 has both).
    header, footer = page.header_codes(), page.footer_codes()
    if header or footer:
        out.append("<headerFooter>")
        if header:
            out.append(f"<oddHeader>{xml_text(header)}</oddHeader>")
        if footer:
            out.append(f"<oddFooter>{xml_text(footer)}</oddFooter>")
        out.append("</headerFooter>")
    out += _row_breaks(page.row_breaks)
    return out


def _row_breaks(rows: tuple[int, ...]) -> list[str]:
    """``<rowBreaks>`` of manual page breaks, as Excel writes them (XlsxWriter's comparison
    files ``page_breaks01`` to ``page_breaks06``): after ``headerFooter``, the breaks in
    order, each before the 0-based row ``id`` across every column (``max="16383"``)."""
    ids = sorted({row for row in rows if row > 0})  # a break before the first row is none
    if not ids:
        return []
    breaks = "".join(f'<brk id="{row}" max="16383" man="1"/>' for row in ids)
    return [f'<rowBreaks count="{len(ids)}" manualBreakCount="{len(ids)}">{breaks}</rowBreaks>']


def _merge_cells(sheet: SheetModel) -> list[str]:
    """``<mergeCells>``, one ``<mergeCell>`` per row of each band merged across, as Excel
    writes them (XlsxWriter's comparison files ``merge_range01`` and following): after
    ``sheetData``, before ``pageMargins``."""
    bands: list[str] = []
    total = 0
    for first_row, last_row, first_col, last_col in sheet.merged_across:
        a, b = col_name(first_col), col_name(last_col)
        # A band (a list's merged columns) is a run of rows, "<mergeCell ref="A5:C5"/>" each:
        # "5:C5" is ":C" joined between the number twice, and the refs are those joined by
        # what stands between two of them (all at C speed, no formatting per row).
        numbers = list(map(str, range(first_row + 1, last_row + 2)))
        if not numbers:  # a band of no row: the join below would give a bare "A"
            continue
        total += len(numbers)
        refs = f'"/><mergeCell ref="{a}'.join(map(f":{b}".join, zip(numbers, numbers)))
        bands.append(f'<mergeCell ref="{a}{refs}"/>')
    if not total:
        return []
    # One piece, not one per cell: worksheet_xml encodes each piece on its own.
    return [f'<mergeCells count="{total}">{"".join(bands)}</mergeCells>']


def print_names(sheet: SheetModel) -> dict[str, str]:
    """The sheet-level defined names of the sheet's page set-up (``_xlnm.Print_Area``,
    ``_xlnm.Print_Titles``) and their formulas, as Excel writes them (XlsxWriter's
    ``print_area06``, ``repeat03``, ``repeat04``: columns before rows, the sheet quoted)."""
    page = sheet.page
    if page is None:
        return {}
    quoted = quote_sheet(sheet.name)
    names = {}
    if page.area is not None:
        names["_xlnm.Print_Area"] = f"{quoted}!{page.area_reference()}"
    titles = [page.title_columns_reference(), page.title_rows_reference()]
    if any(titles):
        names["_xlnm.Print_Titles"] = ",".join(f"{quoted}!{t}" for t in titles if t)
    return names


def worksheet_xml(
    sheet: SheetModel,
    style_index: dict[str, int],
    drawing_rel: str | None,
    code_name: str | None = None,
    strings: SharedStrings | None = None,
) -> bytes:
    """The worksheet part of a sheet model; ``code_name`` keeps the VBA name of a sheet that
    is rewritten (Excel adds a stray document module for a sheet that lost it). With
    ``strings`` (a package written whole), the blocks' texts go to that shared-string table."""
    return b"".join(worksheet_pieces(sheet, style_index, drawing_rel, code_name, strings))


def worksheet_pieces(
    sheet: SheetModel,
    style_index: dict[str, int],
    drawing_rel: str | None,
    code_name: str | None = None,
    strings: SharedStrings | None = None,
) -> list[bytes]:
    """:func:`worksheet_xml` as pieces in order, for a package writer that takes them one
    after the other: a list of 60,000 actions is 50 MB of XML, and joining the pieces was
    one more copy of it (about 25 ms, and 50 MB more at the peak)."""
    code = f' codeName="{xml_attr(code_name)}"' if code_name else ""
    page = sheet.page
    fitted = '<pageSetUpPr fitToPage="1"/>' if page and page.fit_width is not None else ""
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{NS}" xmlns:r="{REL_NS}">',
        # CT_SheetPr's children in schema order: tabColor, outlinePr, pageSetUpPr.
        f'<sheetPr{code}><tabColor rgb="FF{sheet.tab_color}"/>{fitted}</sheetPr>',
        f'<dimension ref="A1:{cell_ref(max(sheet.rows - 1, 0), max(sheet.columns - 1, 0))}"/>',
        '<sheetViews><sheetView workbookViewId="0" showGridLines="0"/></sheetViews>',
        '<sheetFormatPr defaultRowHeight="15"/>',
    ]
    if sheet.widths:
        out.append("<cols>")
        for col, width in sorted(sheet.widths.items()):
            out.append(f'<col min="{col + 1}" max="{col + 1}" width="{width:g}" customWidth="1"/>')
        out.append("</cols>")
    out.append("<sheetData>")
    out += _sheet_data(sheet, style_index, strings)
    out.append("</sheetData>")
    out += _merge_cells(sheet)
    # CT_Worksheet's order: ... sheetData, ..., printOptions, pageMargins, pageSetup,
    # headerFooter, ..., drawing (ECMA-376 Part 1, §18.3.1.99).
    left, right, top, bottom, header, footer = MARGINS
    out.append(
        f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" '
        f'header="{header}" footer="{footer}"/>'
    )
    if page is not None:
        out += _page_setup(page)
    if drawing_rel:
        out.append(f'<drawing r:id="{drawing_rel}"/>')
    out.append("</worksheet>")
    # Piece by piece: an ASCII piece (a long list in shared strings) is encoded as a copy,
    # where one accented title would make the whole joined text slower to encode. Each text
    # is let go once encoded: a list of 60,000 actions is 50 MB of text, as much again in
    # UTF-8, and as much again joined (peak memory of a consolidation 302 -> 252 MB).
    encoded = []
    for i, piece in enumerate(out):
        encoded.append(piece.encode("utf-8"))
        out[i] = ""
    return encoded
