"""Drawing and chart parts: column and bar charts placed on a summary sheet.

Most of a chart part never changes; it is written from fixed markup, and every text or number
that varies (titles, ranges, cached values, colours, number formats) goes through
:func:`efh_xl.ooxml.xml.markup_text` or :func:`~efh_xl.ooxml.xml.markup_attr`, which escape it
exactly as lxml would: the parts are byte for byte those an lxml tree built through
:func:`efh_xl.ooxml.xml.element` gives, at a fraction of the cost (nine charts a refresh).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from efh_xl.core.sheet_model import Chart, SheetModel
from efh_xl.ooxml.xml import (
    A_NS,
    C_NS,
    DRAWING_NS,
    REL_NS,
    XML_DECLARATION,
    cell_ref,
    markup_attr,
    markup_text,
    quote_sheet,
)

EMU_PER_PIXEL = 9525

_DRAWING_HEAD = (
    f'<xdr:wsDr xmlns:xdr="{DRAWING_NS}" xmlns:a="{A_NS}" xmlns:c="{C_NS}" xmlns:r="{REL_NS}">'
)


def drawing_xml(charts: list[Chart], chart_rels: list[str]) -> bytes:
    """The drawing part that places each chart on its sheet."""
    out = [_DRAWING_HEAD]
    for i, (chart, rel) in enumerate(zip(charts, chart_rels), start=1):
        row, col = chart.anchor
        width, height = chart.size
        out.append(
            "<xdr:oneCellAnchor><xdr:from>"
            f"<xdr:col>{markup_text(col)}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{markup_text(row)}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{markup_attr(width * EMU_PER_PIXEL)}"'
            f' cy="{markup_attr(height * EMU_PER_PIXEL)}"/>'
            '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
            f'<xdr:cNvPr id="{i + 1}" name="{markup_attr(chart.title)}"/>'
            "<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>"
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            f'<a:graphic><a:graphicData uri="{C_NS}"><c:chart r:id="{markup_attr(rel)}"/>'
            "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/>"
            "</xdr:oneCellAnchor>"
        )
    out.append("</xdr:wsDr>")
    return XML_DECLARATION + "".join(out).encode()


def _range(sheet_name: str, first: int, last: int, col: int) -> str:
    return f"{quote_sheet(sheet_name)}!{cell_ref(first, col, True)}:{cell_ref(last, col, True)}"


SERIES_COLOURS = ("A6A6A6", "70AD47", "1E7B34")


def chart_fills(chart: Chart) -> tuple[list[str], list[str]]:
    """The fill (RRGGBB) of each series of ``chart``, and of each of its columns when it has
    one series (coloured like its marker; none otherwise): what the chart part writes, and
    what the « Générer les synthèses » button sets in Excel."""
    colours = chart.colours or SERIES_COLOURS
    series = [colours[k % len(colours)] for k in range(len(chart.series))]
    if len(chart.series) != 1:
        return series, []
    first, last, _ = chart.categories
    return series, [colours[i % len(colours)] for i in range(last - first + 1)]


def _fill(colour: str) -> str:
    return f'<c:spPr><a:solidFill><a:srgbClr val="{markup_attr(colour)}"/></a:solidFill></c:spPr>'


def _v(value: object) -> str:
    """A ``c:v`` element; an empty cell (None) gives an empty element."""
    return "<c:v/>" if value is None else f"<c:v>{markup_text(value)}</c:v>"


_LABEL_FLAGS = (
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
    '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
)
_LABELS = "<c:dLbls>" + _LABEL_FLAGS


def _labels(chart: Chart, thin: Sequence[int] = ()) -> str:
    """The data labels of a series. A stacked chart's labels hide a zero (an empty third
    section of the number format): the zero segments of a bar sit at one place, and their
    « 0 » overlapped there (as XlsxWriter writes a label's ``num_format``). The labels of
    its ``thin`` points are deleted, each by its own ``c:dLbl`` first in ``c:dLbls``, as
    Excel writes a label deleted by hand (XlsxWriter's ``chart_data_labels30.xlsx``)."""
    if not chart.stacked:
        return _LABELS
    shown = "#,##0" if chart.number_format == "General" else chart.number_format
    hidden_zero = f"{shown};-{shown};;"
    deleted = "".join(f'<c:dLbl><c:idx val="{i}"/><c:delete val="1"/></c:dLbl>' for i in thin)
    return (
        f"<c:dLbls>{deleted}"
        f'<c:numFmt formatCode="{markup_attr(hidden_zero)}" sourceLinked="0"/>{_LABEL_FLAGS}'
    )


# A stacked chart's plot takes about this share of the chart along its values (the rest:
# the categories' names, margins); a label needs its digits (7 pixels each) and this many
# pixels of margin, or one line (15 pixels) across bars standing up.
_PLOT_SHARE, _LABEL_MARGIN, _LABEL_LINE = 0.55, 6, 15


def _thin_points(chart: Chart, values: list[Any], top: float) -> list[int]:
    """The points of a stacked series whose segment is too thin for its label (a territory
    of 4 actions beside territories of 300: its « 1 1 1 1 » ran into one another): their
    labels are deleted, the table above the chart gives the figures. ``top``: the largest
    sum of a category, the axis ending a little above it (Excel's next round value)."""
    if not chart.stacked or top <= 0:
        return []
    length = chart.size[0] if chart.horizontal else chart.size[1]
    per_unit = length * _PLOT_SHARE / (top * 1.1)
    thin = []
    for i, value in enumerate(values):
        if not _finite(value) or value <= 0:
            continue  # a zero's label is hidden by its format; no label for a gap
        needed = len(f"{value:,.0f}") * 7 + _LABEL_MARGIN if chart.horizontal else _LABEL_LINE
        if value * per_unit < needed:
            thin.append(i)
    return thin


def _series_values(sheet: SheetModel, chart: Chart) -> list[list[Any]]:
    """Each series' values, as its cells hold them (0 for an empty one): read once for the
    chart's cached values, its axis and its labels."""
    return [
        [(sheet.get(r, s_col) or (0, ""))[0] or 0 for r in range(s_first, s_last + 1)]
        for _, s_first, s_last, s_col in chart.series
    ]


def _stacked_top(chart: Chart, values: list[list[Any]]) -> float:
    """The largest sum of a category's positive values, for a stacked chart (0 otherwise)."""
    if not chart.stacked:
        return 0.0
    first, last, _ = chart.categories
    totals = [0.0] * (last - first + 1)
    for column in values:
        for i, value in enumerate(column[: len(totals)]):
            if _finite(value) and value > 0:
                totals[i] += float(value)
    return max(totals, default=0.0)


# A value axis whose largest value is under this many units is graduated one by one: counts
# of a few actions read 0, 1, 2…, not 0.2, 0.4… (a count has no fraction).
_UNIT_STEPS_BELOW = 6


# Room above the tallest column of a chart for its label, and the round tops an axis may end
# on: an axis the application ended just above the column (250 000 € over 236 801 €) drew
# the column's label over the axis' own top label.
_LABEL_ROOM = 1.12
_ROUND_TOPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def _finite(value: Any) -> bool:
    return isinstance(value, numbers.Real) and math.isfinite(value)


def _top_with_room(highest: float) -> float | None:
    """The round top of a value axis leaving room above ``highest`` for its label; None
    where there is no such number (a value near the largest a float holds)."""
    target = highest * _LABEL_ROOM
    if not math.isfinite(target) or target > 1e300:
        return None
    power = 10.0 ** math.floor(math.log10(target))
    top = round(next(n * power for n in _ROUND_TOPS if n * power >= target), 6)
    return int(top) if top.is_integer() and top < 1e15 else top


def _count_axis_top(chart: Chart, values: list[list[Any]]) -> int | None:
    """The largest value the value axis shows (stacked: the largest sum of a category), when
    every value of the chart is a whole count; None otherwise (shares, fractions)."""
    if "%" in chart.number_format:
        return None
    first, last, _ = chart.categories
    totals = [0] * (last - first + 1)
    highest = 0
    for column in values:
        for i, value in enumerate(column):
            if type(value) is not int and not (isinstance(value, float) and value.is_integer()):
                return None
            if i < len(totals):
                totals[i] += int(value)
            highest = max(highest, int(value))
    return max(totals, default=0) if chart.stacked else highest  # no category, no bar


def _series(
    out: list[str],
    sheet: SheetModel,
    chart: Chart,
    k: int,
    fills: tuple[list[str], list[str]],
    values: list[Any],
    top: float = 0.0,
) -> None:
    name, s_first, s_last, s_col = chart.series[k]
    first, last, col = chart.categories
    categories = [(sheet.get(r, col) or ("", ""))[0] for r in range(first, last + 1)]
    series_fills, point_fills = fills
    out.append(
        f'<c:ser><c:idx val="{k}"/><c:order val="{k}"/><c:tx>{_v(name)}</c:tx>'
        f'{_fill(series_fills[k])}<c:invertIfNegative val="0"/>'
    )
    # One series: each column coloured like its marker.
    for i, fill in enumerate(point_fills[: len(values)]):
        out.append(
            f'<c:dPt><c:idx val="{i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
            f"{_fill(fill)}</c:dPt>"
        )
    if chart.labels:
        out.append(_labels(chart, _thin_points(chart, values, top)))
    out.append(
        f"<c:cat><c:strRef><c:f>{markup_text(_range(sheet.name, first, last, col))}</c:f>"
        f'<c:strCache><c:ptCount val="{len(categories)}"/>'
    )
    out += [f'<c:pt idx="{i}">{_v(category)}</c:pt>' for i, category in enumerate(categories)]
    out.append(
        "</c:strCache></c:strRef></c:cat><c:val><c:numRef>"
        f"<c:f>{markup_text(_range(sheet.name, s_first, s_last, s_col))}</c:f>"
        f"<c:numCache><c:formatCode>{markup_text(chart.number_format)}</c:formatCode>"
        f'<c:ptCount val="{len(values)}"/>'
    )
    for i, value in enumerate(values):
        # A point that is not a finite number is left out (a gap), never "inf" or "nan".
        if _finite(value):
            number = value if type(value) is int else float(value)
            out.append(f'<c:pt idx="{i}"><c:v>{number!r}</c:v></c:pt>')
    out.append("</c:numCache></c:numRef></c:val></c:ser>")


def _axis(
    tag: str,
    ids: tuple[int, int],
    position: str,
    number_format: str,
    orientation: str = "minMax",
    crosses: str = "autoZero",
    major_unit: int | None = None,
    bounds: tuple[float, float] | None = None,
) -> str:
    value = tag == "c:valAx"
    # Fixed bounds: c:max then c:min after the orientation, as Excel writes them (CT_Scaling).
    scaling = "" if bounds is None else (
        f'<c:max val="{markup_attr(bounds[1])}"/><c:min val="{markup_attr(bounds[0])}"/>'
    )
    return (
        f'<{tag}><c:axId val="{ids[0]}"/><c:scaling><c:orientation val="{orientation}"/>'
        f'{scaling}</c:scaling><c:delete val="0"/><c:axPos val="{position}"/>'
        + ("<c:majorGridlines/>" if value else "")
        + f'<c:numFmt formatCode="{markup_attr(number_format)}" sourceLinked="0"/>'
        f'<c:tickLblPos val="nextTo"/><c:crossAx val="{ids[1]}"/><c:crosses val="{crosses}"/>'
        + (
            '<c:crossBetween val="between"/>'
            + (f'<c:majorUnit val="{major_unit}"/>' if major_unit else "")
            if value
            else '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        )
        + f"</{tag}>"
    )


_CHART_HEAD = (
    f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{REL_NS}">'
    '<c:lang val="fr-FR"/><c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich>'
    '<a:bodyPr/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r>'
    '<a:rPr lang="fr-FR" sz="1200" b="1"/><a:t>'
)
_CATEGORY_AXIS = _axis("c:catAx", (50010001, 50010002), "b", "General")
# A bar chart's categories top to bottom in the table's order: the category axis reversed
# (maxMin, « Catégories en ordre inverse ») and the value axis crossing it at its last
# category, so the values stay below the bars; as Excel writes them (see XlsxWriter's bar
# charts with a reversed axis crossing at « max », and docs/compatibilite-excel.md).
_BAR_CATEGORY_AXIS = _axis("c:catAx", (50010001, 50010002), "l", "General", "maxMin")


def chart_xml(sheet: SheetModel, chart: Chart) -> bytes:
    """A clustered (or stacked) column or bar chart, with cached values so readers need no
    recalc."""
    grouping = "stacked" if chart.stacked else "clustered"
    direction = "bar" if chart.horizontal else "col"
    out = [
        _CHART_HEAD,
        markup_text(chart.title),
        '</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart>'
        f'<c:barDir val="{direction}"/><c:grouping val="{grouping}"/><c:varyColors val="0"/>',
    ]
    fills = chart_fills(chart)
    values = _series_values(sheet, chart)
    tallest = _stacked_top(chart, values)
    for k in range(len(chart.series)):
        _series(out, sheet, chart, k, fills, values[k], tallest)
    out.append('<c:gapWidth val="80"/>')
    if chart.stacked:
        out.append('<c:overlap val="100"/>')
    out.append('<c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>')
    top = _count_axis_top(chart, values)
    unit = 1 if top is not None and top < _UNIT_STEPS_BELOW else None
    bounds = None if chart.value_max is None else (0, chart.value_max)
    if bounds is None and chart.labels and not chart.horizontal and not chart.stacked:
        highest = max((v for column in values for v in column if _finite(v)), default=0)
        if highest > 0:
            # A few whole actions: one more step of one (« 3 » under an axis up to 4).
            few = top is not None and highest < _UNIT_STEPS_BELOW
            roof = int(highest) + 1 if few else _top_with_room(highest)
            if roof is not None:
                bounds = (0, roof)
                if unit is not None and roof >= _UNIT_STEPS_BELOW:
                    unit = None
    if chart.horizontal:
        out.append(_BAR_CATEGORY_AXIS)
        out.append(
            _axis(
                "c:valAx",
                (50010002, 50010001),
                "t",
                chart.number_format,
                crosses="max",
                major_unit=unit,
                bounds=bounds,
            )
        )
    else:
        out.append(_CATEGORY_AXIS)
        out.append(
            _axis(
                "c:valAx",
                (50010002, 50010001),
                "l",
                chart.number_format,
                major_unit=unit,
                bounds=bounds,
            )
        )
    out.append("</c:plotArea>")
    if len(chart.series) != 1:  # one series: its columns are named below them
        out.append('<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>')
    out.append('<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>')
    return XML_DECLARATION + "".join(out).encode()
