"""Render a :class:`~efh_xl.sheets.SheetModel` as SpreadsheetML parts (headless path).

Text cells are written as inline strings (``t="inlineStr"``): they never become formulas
whatever they start with, and the workbook's shared-string table (a part the tool does not
own) is left alone. Styles are appended to ``styles.xml`` only when missing, so refreshing
twice leaves it unchanged.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from .sheets import STYLES, Block, Chart, SheetModel, Style

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EMU_PER_PIXEL = 9525
MAX_COLUMNS = 16384  # Excel's


def col_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell_ref(row: int, col: int, absolute: bool = False) -> str:
    d = "$" if absolute else ""
    return f"{d}{col_name(col)}{d}{row + 1}"


def xml_text(text: str) -> str:
    """Escape text for XML, dropping the control characters XML 1.0 forbids."""
    if _NEEDS_WORK.search(text) is None:
        return text
    return escape(_ILLEGAL_XML.sub("", text))


def xml_attr(text: str) -> str:
    """Escape text for a double-quoted XML attribute (number formats hold quotes: "€")."""
    return escape(_ILLEGAL_XML.sub("", text), {'"': "&quot;"})


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


# --- styles ----------------------------------------------------------------------------------

_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "0%": 9, "0.00%": 10}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _child(parent, tag: str):
    found = parent.find(_q(tag))
    if found is None:
        found = etree.SubElement(parent, _q(tag))
        found.set("count", "0")
    return found


def _canonical(element) -> bytes:
    return etree.tostring(element, method="c14n")


def _find_or_append(container, known: dict[bytes, int], fragment: str) -> tuple[int, bool]:
    """Index of an element equal to ``fragment`` in ``container``, appending it if missing.

    ``known`` caches the canonical form of the container's elements (one per container).
    """
    if not known:
        for i, existing in enumerate(container):
            known.setdefault(_canonical(existing), i)
    new = _with_ns(fragment)
    key = _canonical(new)
    if key in known:
        return known[key], False
    container.append(new)
    container.set("count", str(len(container)))
    known[key] = len(container) - 1
    return len(container) - 1, True


def _with_ns(fragment: str) -> etree._Element:
    wrapped = etree.fromstring(f'<root xmlns="{NS}">{fragment}</root>')
    return wrapped[0]


def ensure_styles(
    styles_xml: bytes, styles: dict[str, Style] = STYLES
) -> tuple[bytes, dict[str, int]]:
    """Make sure ``styles.xml`` holds every style; return it (unchanged if nothing was missing)
    and the cellXfs index of each style name."""
    root = etree.fromstring(styles_xml)
    changed = False
    numfmts = root.find(_q("numFmts"))
    fonts, fills = _child(root, "fonts"), _child(root, "fills")
    borders, xfs = _child(root, "borders"), _child(root, "cellXfs")
    index: dict[str, int] = {}
    known: dict[str, dict[bytes, int]] = {"fonts": {}, "fills": {}, "borders": {}, "xfs": {}}
    for name, style in styles.items():
        fmt_id = _BUILTIN_FORMATS.get(style.number_format)
        if fmt_id is None:
            if numfmts is None:
                numfmts = etree.Element(_q("numFmts"))
                numfmts.set("count", "0")
                root.insert(0, numfmts)
                changed = True
            existing = {e.get("formatCode"): int(e.get("numFmtId")) for e in numfmts}
            if style.number_format in existing:
                fmt_id = existing[style.number_format]
            else:
                fmt_id = max([163, *existing.values()]) + 1
                element = etree.SubElement(numfmts, _q("numFmt"))
                element.set("numFmtId", str(fmt_id))
                element.set("formatCode", style.number_format)
                numfmts.set("count", str(len(numfmts)))
                changed = True
        font = (
            ("<b/>" if style.bold else "")
            + ("<i/>" if style.italic else "")
            + f'<sz val="{style.size:g}"/><color rgb="FF{style.color}"/><name val="Calibri"/>'
            + '<family val="2"/>'
        )
        font_id, added = _find_or_append(fonts, known["fonts"], f"<font>{font}</font>")
        changed |= added
        if style.fill:
            fill = (
                f'<fill><patternFill patternType="solid"><fgColor rgb="FF{style.fill}"/>'
                '<bgColor indexed="64"/></patternFill></fill>'
            )
            fill_id, added = _find_or_append(fills, known["fills"], fill)
            changed |= added
        else:
            fill_id = 0
        if style.border:
            side = '<{0} style="thin"><color rgb="FFBFBFBF"/></{0}>'
            border = (
                "<border>"
                + "".join(side.format(s) for s in ("left", "right", "top", "bottom"))
                + "<diagonal/></border>"
            )
            border_id, added = _find_or_append(borders, known["borders"], border)
            changed |= added
        else:
            border_id = 0
        alignment = ""
        if style.wrap or style.align:
            attributes = ' wrapText="1"' if style.wrap else ""
            attributes += f' horizontal="{style.align}"' if style.align else ""
            alignment = f'<alignment vertical="top"{attributes}/>'
        xf = (
            f'<xf numFmtId="{fmt_id}" fontId="{font_id}" fillId="{fill_id}" '
            f'borderId="{border_id}" xfId="0" applyNumberFormat="1" applyFont="1" '
            f'applyFill="1" applyBorder="1"'
            + (' applyAlignment="1">' + alignment + "</xf>" if alignment else "/>")
        )
        index[name], added = _find_or_append(xfs, known["xfs"], xf)
        changed |= added
    if not changed:
        return styles_xml, index
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), index


# --- worksheet -------------------------------------------------------------------------------


def _row_major(position: tuple[int, int]) -> int:
    return position[0] * MAX_COLUMNS + position[1]


def _cell_tail(value: Any) -> str:
    """A ``<c>`` element after its ``r`` and ``s`` attributes."""
    kind = type(value)
    if kind is str:
        return _text_tail(value)
    if value is None:
        return "/>"
    if kind is bool:
        return f' t="b"><v>{int(value)}</v></c>'
    if kind is int or kind is float:
        return f"><v>{value!r}</v></c>"
    if isinstance(value, numbers.Real):  # numpy scalars
        return f"><v>{float(value)!r}</v></c>"
    return _text_tail(str(value))


def _text_tail(text: str) -> str:
    return f' t="inlineStr"><is><t xml:space="preserve">{xml_text(text)}</t></is></c>'


def _block_rows(block: Block, letters: list[str], styles: dict[str, str]) -> Iterator[str]:
    """The ``<row>`` bodies of a block: one template per block, one format call per row."""
    parts, arguments = [], []
    for j, (values, style) in enumerate(zip(block.columns, block.styles)):
        head = f'<c r="{letters[block.left + j]}{{0}}{styles[style]}'
        if set(map(type, values)) == {str}:
            # One search for the whole column ("\n" needs no escaping).
            if _NEEDS_WORK.search("\n".join(values)) is not None:
                values = [xml_text(v) for v in values]
            parts.append(
                f'{head} t="inlineStr"><is><t xml:space="preserve">{{{j + 1}}}</t></is></c>'
            )
        else:
            values = [_cell_tail(v) for v in values]
            parts.append(head + f"{{{j + 1}}}")
        arguments.append(values)
    template = "".join(parts)
    for i, row in enumerate(zip(*arguments), start=block.top + 1):
        yield template.format(i, *row)


def _sheet_data(sheet: SheetModel, style_index: dict[str, int]) -> list[str]:
    """The ``<row>`` elements of a sheet model, in row then column order."""
    letters = [col_name(c) for c in range(sheet.columns)]
    styles = {name: f'" s="{i}"' for name, i in style_index.items()}
    cells = sheet.cells
    by_row: dict[int, list[str]] = {}
    # An integer sort key: sorting many (row, col) tuples is several times slower.
    for row, col in sorted(cells, key=_row_major):
        value, style = cells[(row, col)]
        cell = f'<c r="{letters[col]}{row + 1}{styles[style]}{_cell_tail(value)}'
        by_row.setdefault(row, []).append(cell)
    for block in sheet.blocks:
        for row, body in enumerate(_block_rows(block, letters, styles), start=block.top):
            if row in by_row:
                raise ValueError(f"row {row + 1} of {sheet.name!r} is in a block and in cells")
            by_row[row] = [body]
    heights = sheet.heights
    out = []
    for row in sorted(by_row):
        height = heights.get(row)
        custom = f' ht="{height:g}" customHeight="1"' if height else ""
        out.append(f'<row r="{row + 1}"{custom}>{"".join(by_row[row])}</row>')
    return out


def worksheet_xml(sheet: SheetModel, style_index: dict[str, int], drawing_rel: str | None) -> bytes:
    """The worksheet part of a sheet model."""
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{NS}" xmlns:r="{REL_NS}">',
        f'<sheetPr><tabColor rgb="FF{sheet.tab_color}"/><pageSetUpPr fitToPage="1"/></sheetPr>',
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
    out += _sheet_data(sheet, style_index)
    out.append("</sheetData>")
    out.append(
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    )
    # Printed (and exported to PDF) one page wide, so the charts beside the tables show.
    out.append('<pageSetup orientation="landscape" paperSize="9" fitToWidth="1" fitToHeight="0"/>')
    if drawing_rel:
        out.append(f'<drawing r:id="{drawing_rel}"/>')
    out.append("</worksheet>")
    return "".join(out).encode("utf-8")


# --- drawing and charts ----------------------------------------------------------------------

DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def drawing_xml(charts: list[Chart], chart_rels: list[str]) -> bytes:
    """The drawing part that places each chart on its sheet."""
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<xdr:wsDr xmlns:xdr="{DRAWING_NS}" xmlns:a="{A_NS}">',
    ]
    for i, (chart, rel) in enumerate(zip(charts, chart_rels), start=1):
        row, col = chart.anchor
        width, height = chart.size
        out.append(
            f"<xdr:oneCellAnchor><xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{width * EMU_PER_PIXEL}" cy="{height * EMU_PER_PIXEL}"/>'
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{i + 1}" '
            f'name="{xml_attr(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            f'<a:graphic><a:graphicData uri="{C_NS}"><c:chart xmlns:c="{C_NS}" '
            f'xmlns:r="{REL_NS}" r:id="{rel}"/></a:graphicData></a:graphic>'
            "</xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>"
        )
    out.append("</xdr:wsDr>")
    return "".join(out).encode("utf-8")


def _range(sheet_name: str, first: int, last: int, col: int) -> str:
    return f"{quote_sheet(sheet_name)}!{cell_ref(first, col, True)}:{cell_ref(last, col, True)}"


SERIES_COLOURS = ("A6A6A6", "70AD47", "1E7B34")


def chart_xml(sheet: SheetModel, chart: Chart) -> bytes:
    """A clustered (or stacked) column chart, with cached values so readers need no recalc."""
    first, last, col = chart.categories
    categories = [(sheet.get(r, col) or ("", ""))[0] for r in range(first, last + 1)]
    cat_ref = _range(sheet.name, first, last, col)
    cat_points = "".join(
        f'<c:pt idx="{i}"><c:v>{xml_text(str(v))}</c:v></c:pt>' for i, v in enumerate(categories)
    )
    series_xml = []
    single = len(chart.series) == 1
    for k, (name, s_first, s_last, s_col) in enumerate(chart.series):
        values = [(sheet.get(r, s_col) or (0, ""))[0] or 0 for r in range(s_first, s_last + 1)]
        points = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(values))
        colours = ""
        if single:  # one series: colour each column like its marker
            colours = "".join(
                f'<c:dPt><c:idx val="{i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
                f'<c:spPr><a:solidFill><a:srgbClr val="{SERIES_COLOURS[i % 3]}"/></a:solidFill>'
                "</c:spPr></c:dPt>"
                for i in range(len(values))
            )
        fill = SERIES_COLOURS[k % 3]
        series_xml.append(
            f'<c:ser><c:idx val="{k}"/><c:order val="{k}"/><c:tx><c:v>{xml_text(name)}</c:v>'
            f'</c:tx><c:spPr><a:solidFill><a:srgbClr val="{fill}"/></a:solidFill></c:spPr>'
            f'<c:invertIfNegative val="0"/>{colours}'
            '<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
            '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
            f"<c:cat><c:strRef><c:f>{xml_text(cat_ref)}</c:f><c:strCache>"
            f'<c:ptCount val="{len(categories)}"/>{cat_points}</c:strCache></c:strRef></c:cat>'
            f"<c:val><c:numRef><c:f>{xml_text(_range(sheet.name, s_first, s_last, s_col))}</c:f>"
            f"<c:numCache><c:formatCode>{xml_text(chart.number_format)}</c:formatCode>"
            f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef></c:val></c:ser>'
        )
    grouping = "stacked" if chart.stacked else "clustered"
    overlap = '<c:overlap val="100"/>' if chart.stacked else ""
    legend = "" if single else '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{REL_NS}">'
        '<c:lang val="fr-FR"/><c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich>'
        '<a:bodyPr/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="fr-FR" '
        f'sz="1200" b="1"/><a:t>{xml_text(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>'
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
        f'<c:barChart><c:barDir val="col"/><c:grouping val="{grouping}"/>'
        f'<c:varyColors val="0"/>{"".join(series_xml)}<c:gapWidth val="80"/>{overlap}'
        '<c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>'
        '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="50010002"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
        '<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
        f'<c:numFmt formatCode="{xml_attr(chart.number_format)}" sourceLinked="0"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/></c:valAx></c:plotArea>'
        f'{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        "</c:chartSpace>"
    )
    return xml.encode("utf-8")
