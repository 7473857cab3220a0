"""Parts written from templates (charts, drawings) escape every text exactly as lxml does:
the bytes are those an lxml tree of the same texts would give, and they read back as the
texts (less the control characters XML forbids)."""

import itertools

from lxml import etree

from efh_xl.core.sheet_model import Chart, SheetModel
from efh_xl.ooxml.charts import chart_xml, drawing_xml
from efh_xl.ooxml.xml import legal_text, markup_attr, markup_text

PIECES = ["a", "é€–", "&", "<", ">", '"', "'", "\n", "\r", "\t", "]]>", "\x01", "\ufffe", "😀"]
TEXTS = ["", *("".join(p) for p in itertools.product(PIECES, repeat=2)), 12, 2.5, -3]


def lxml_bytes(text: object, attribute: bool) -> bytes:
    node = etree.Element("x")
    if attribute:
        node.set("v", legal_text(str(text)))
    else:
        node.text = legal_text(str(text))
    return etree.tostring(node, encoding="UTF-8")


def test_text_and_attributes_are_escaped_as_lxml_escapes_them():
    for text in TEXTS:
        assert f"<x>{markup_text(text)}</x>".encode() == lxml_bytes(text, False)
        assert f'<x v="{markup_attr(text)}"/>'.encode() == lxml_bytes(text, True)


def test_a_chart_of_hostile_texts_reads_back_as_its_texts():
    odd = 'A & B\r\n\t<"C"> \x01'
    sheet = SheetModel(odd)
    sheet.put(1, 0, odd)
    sheet.put(1, 1, 3)
    sheet.put(2, 0, None)
    sheet.put(2, 1, 4.5)
    chart = Chart(odd, (1, 2, 0), [(odd, 1, 2, 1)], (0, 3), number_format=odd, colours=(odd,))
    root = etree.fromstring(chart_xml(sheet, chart))
    clean = legal_text(odd)
    values = [e.text for e in root.iter("{*}v")]
    assert values == [clean, clean, None, "3", "4.5"]
    assert {e.get("val") for e in root.iter("{*}srgbClr")} == {clean}
    assert [e.get("formatCode") for e in root.iter("{*}numFmt")][1] == clean
    drawing = etree.fromstring(drawing_xml([chart], [odd]))
    assert [e.get("name") for e in drawing.iter("{*}cNvPr")] == [clean]
