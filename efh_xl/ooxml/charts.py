"""Drawing and chart parts: clustered column charts placed on a summary sheet.

Both parts are built as lxml trees through :func:`efh_xl.ooxml.xml.element`, which escapes
text and attributes and drops the characters XML forbids: no markup is assembled as text.
"""

from __future__ import annotations

import math
import numbers

from efh_xl.core.sheet_model import Chart, SheetModel
from efh_xl.ooxml.xml import C_NS, cell_ref, element, part_bytes, quote_sheet

EMU_PER_PIXEL = 9525


def drawing_xml(charts: list[Chart], chart_rels: list[str]) -> bytes:
    """The drawing part that places each chart on its sheet."""
    root = element(None, "xdr:wsDr")
    for i, (chart, rel) in enumerate(zip(charts, chart_rels), start=1):
        row, col = chart.anchor
        width, height = chart.size
        anchor = element(root, "xdr:oneCellAnchor")
        start = element(anchor, "xdr:from")
        element(start, "xdr:col", text=col)
        element(start, "xdr:colOff", text=0)
        element(start, "xdr:row", text=row)
        element(start, "xdr:rowOff", text=0)
        element(anchor, "xdr:ext", {"cx": width * EMU_PER_PIXEL, "cy": height * EMU_PER_PIXEL})
        frame = element(anchor, "xdr:graphicFrame", {"macro": ""})
        properties = element(frame, "xdr:nvGraphicFramePr")
        element(properties, "xdr:cNvPr", {"id": i + 1, "name": chart.title})
        element(properties, "xdr:cNvGraphicFramePr")
        transform = element(frame, "xdr:xfrm")
        element(transform, "a:off", {"x": 0, "y": 0})
        element(transform, "a:ext", {"cx": 0, "cy": 0})
        data = element(element(frame, "a:graphic"), "a:graphicData", {"uri": C_NS})
        element(data, "c:chart", {"r:id": rel})
        element(anchor, "xdr:clientData")
    return part_bytes(root)


def _range(sheet_name: str, first: int, last: int, col: int) -> str:
    return f"{quote_sheet(sheet_name)}!{cell_ref(first, col, True)}:{cell_ref(last, col, True)}"


SERIES_COLOURS = ("A6A6A6", "70AD47", "1E7B34")


def _values(parent, tag: str, settings: dict[str, object]) -> None:
    """Child elements holding only a ``val`` attribute, in order."""
    for name, value in settings.items():
        element(parent, f"{tag}:{name}", {"val": value})


def _fill(parent, colour: str) -> None:
    element(element(element(parent, "c:spPr"), "a:solidFill"), "a:srgbClr", {"val": colour})


def _series(parent, sheet: SheetModel, chart: Chart, k: int, single: bool) -> None:
    name, s_first, s_last, s_col = chart.series[k]
    first, last, col = chart.categories
    categories = [(sheet.get(r, col) or ("", ""))[0] for r in range(first, last + 1)]
    values = [(sheet.get(r, s_col) or (0, ""))[0] or 0 for r in range(s_first, s_last + 1)]
    series = element(parent, "c:ser")
    _values(series, "c", {"idx": k, "order": k})
    element(element(series, "c:tx"), "c:v", text=name)
    colours = chart.colours or SERIES_COLOURS
    _fill(series, colours[k % len(colours)])
    element(series, "c:invertIfNegative", {"val": 0})
    if single:  # one series: colour each column like its marker
        for i in range(len(values)):
            point = element(series, "c:dPt")
            _values(point, "c", {"idx": i, "invertIfNegative": 0, "bubble3D": 0})
            _fill(point, colours[i % len(colours)])
    labels = element(series, "c:dLbls")
    _values(
        labels,
        "c",
        {
            "showLegendKey": 0,
            "showVal": 1,
            "showCatName": 0,
            "showSerName": 0,
            "showPercent": 0,
            "showBubbleSize": 0,
        },
    )
    reference = element(element(series, "c:cat"), "c:strRef")
    element(reference, "c:f", text=_range(sheet.name, first, last, col))
    cache = element(reference, "c:strCache")
    element(cache, "c:ptCount", {"val": len(categories)})
    for i, category in enumerate(categories):
        element(element(cache, "c:pt", {"idx": i}), "c:v", text=category)
    reference = element(element(series, "c:val"), "c:numRef")
    element(reference, "c:f", text=_range(sheet.name, s_first, s_last, s_col))
    cache = element(reference, "c:numCache")
    element(cache, "c:formatCode", text=chart.number_format)
    element(cache, "c:ptCount", {"val": len(values)})
    for i, value in enumerate(values):
        # A point that is not a finite number is left out (a gap), never "inf" or "nan".
        if isinstance(value, numbers.Real) and math.isfinite(value):
            number = value if type(value) is int else float(value)
            element(element(cache, "c:pt", {"idx": i}), "c:v", text=repr(number))


def _axis(parent, tag: str, ids: tuple[int, int], position: str, number_format: str) -> None:
    axis = element(parent, tag)
    element(axis, "c:axId", {"val": ids[0]})
    element(element(axis, "c:scaling"), "c:orientation", {"val": "minMax"})
    _values(axis, "c", {"delete": 0, "axPos": position})
    if tag == "c:valAx":
        element(axis, "c:majorGridlines")
    element(axis, "c:numFmt", {"formatCode": number_format, "sourceLinked": 0})
    _values(axis, "c", {"tickLblPos": "nextTo", "crossAx": ids[1], "crosses": "autoZero"})
    if tag == "c:catAx":
        _values(axis, "c", {"auto": 1, "lblAlgn": "ctr", "lblOffset": 100})
    else:
        element(axis, "c:crossBetween", {"val": "between"})


def chart_xml(sheet: SheetModel, chart: Chart) -> bytes:
    """A clustered (or stacked) column chart, with cached values so readers need no recalc."""
    root = element(None, "c:chartSpace")
    _values(root, "c", {"lang": "fr-FR", "roundedCorners": 0})
    body = element(root, "c:chart")
    title = element(body, "c:title")
    rich = element(element(title, "c:tx"), "c:rich")
    element(rich, "a:bodyPr")
    paragraph = element(rich, "a:p")
    element(element(paragraph, "a:pPr"), "a:defRPr", {"sz": 1200, "b": 1})
    run = element(paragraph, "a:r")
    element(run, "a:rPr", {"lang": "fr-FR", "sz": 1200, "b": 1})
    element(run, "a:t", text=chart.title)
    element(title, "c:overlay", {"val": 0})
    element(body, "c:autoTitleDeleted", {"val": 0})
    plot = element(body, "c:plotArea")
    element(plot, "c:layout")
    bars = element(plot, "c:barChart")
    grouping = "stacked" if chart.stacked else "clustered"
    _values(bars, "c", {"barDir": "col", "grouping": grouping, "varyColors": 0})
    single = len(chart.series) == 1
    for k in range(len(chart.series)):
        _series(bars, sheet, chart, k, single)
    element(bars, "c:gapWidth", {"val": 80})
    if chart.stacked:
        element(bars, "c:overlap", {"val": 100})
    element(bars, "c:axId", {"val": 50010001})
    element(bars, "c:axId", {"val": 50010002})
    _axis(plot, "c:catAx", (50010001, 50010002), "b", "General")
    _axis(plot, "c:valAx", (50010002, 50010001), "l", chart.number_format)
    if not single:
        legend = element(body, "c:legend")
        _values(legend, "c", {"legendPos": "b", "overlay": 0})
    _values(body, "c", {"plotVisOnly": 1, "dispBlanksAs": "gap"})
    return part_bytes(root)
