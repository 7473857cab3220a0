"""Drawing and chart parts: clustered column charts placed on a summary sheet."""

from __future__ import annotations

import math
import numbers

from efh_xl.core.sheet_model import Chart, SheetModel
from efh_xl.ooxml.xml import (
    A_NS,
    C_NS,
    DRAWING_NS,
    REL_NS,
    cell_ref,
    quote_sheet,
    xml_attr,
    xml_text,
)

EMU_PER_PIXEL = 9525


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
        points = "".join(
            f'<c:pt idx="{i}"><c:v>{v if type(v) is int else float(v)!r}</c:v></c:pt>'
            for i, v in enumerate(values)
            # A point that is not a finite number is left out (a gap), never "inf" or "nan".
            if isinstance(v, numbers.Real) and math.isfinite(v)
        )
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
