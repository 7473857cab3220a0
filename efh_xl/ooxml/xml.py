"""The one place where text becomes XML: escaping, cell and range references, namespaces.

Every OOXML writer of the package (worksheets, styles, drawings, charts, relationships) escapes
through these functions, so a quote in a number format or a control character in a territory
name is handled the same way everywhere.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from lxml import etree

from efh_xl.core.sheet_model import column_name

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
NSMAP = {"c": C_NS, "a": A_NS, "r": REL_NS, "xdr": DRAWING_NS, "rel": PKG_REL_NS}
# Namespaces declared on the root element of each kind of part (prefixes as Excel writes them).
NSMAP_ROOTS = {
    "c": {"c": C_NS, "a": A_NS, "r": REL_NS},
    "xdr": {"xdr": DRAWING_NS, "a": A_NS, "c": C_NS, "r": REL_NS},
    "rel": {None: PKG_REL_NS},
}
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_COLUMNS = 16384  # Excel's
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def col_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    return column_name(index)


def cell_ref(row: int, col: int, absolute: bool = False) -> str:
    d = "$" if absolute else ""
    return f"{d}{col_name(col)}{d}{row + 1}"


def xml_text(text: str) -> str:
    """Escape text for XML, dropping the control characters XML 1.0 forbids."""
    if NEEDS_ESCAPE.search(text) is None:
        return text
    return escape(_ILLEGAL_XML.sub("", text))


def clean_text(text: str) -> str:
    """Text without the control characters XML 1.0 forbids (for lxml, which escapes itself)."""
    return _ILLEGAL_XML.sub("", text)


def legal_text(text: str) -> str:
    """Text without the control characters XML 1.0 forbids, for parts built with lxml (which
    escapes by itself but refuses those characters)."""
    return _ILLEGAL_XML.sub("", text)


def element(parent, tag: str, attributes: dict[str, object] | None = None, text: object = None):
    """Append an lxml element ``prefix:name`` (prefixes of :data:`NSMAP`) to ``parent``."""
    prefix, name = tag.split(":")
    qualified = {}
    for key, value in (attributes or {}).items():
        if ":" in key:
            key_prefix, key_name = key.split(":")
            key = f"{{{NSMAP[key_prefix]}}}{key_name}"
        qualified[key] = legal_text(str(value))
    if parent is None:
        node = etree.Element(f"{{{NSMAP[prefix]}}}{name}", qualified, nsmap=NSMAP_ROOTS[prefix])
    else:
        node = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", qualified)
    if text is not None:
        node.text = legal_text(str(text))
    return node


def part_bytes(root) -> bytes:
    """An lxml tree as the bytes of a package part, with the declaration Excel writes."""
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False)


def xml_attr(text: str) -> str:
    """Escape text for a double-quoted XML attribute (number formats hold quotes: "€")."""
    return escape(_ILLEGAL_XML.sub("", text), {'"': "&quot;"})


# lxml's own escapes (ECMA-376 parts it serialises): a part written from a template through
# these is byte for byte the part lxml builds from the same texts.
_LXML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_LXML_ATTR = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)
_LXML_ESCAPED = re.compile("[&<>\"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def markup_text(value: object) -> str:
    """``str(value)`` as element text, escaped exactly as :func:`element` and lxml write it
    (forbidden control characters dropped)."""
    text = str(value)
    if _LXML_ESCAPED.search(text) is None:
        return text
    return _ILLEGAL_XML.sub("", text).translate(_LXML_TEXT)


def markup_attr(value: object) -> str:
    """``str(value)`` as a double-quoted attribute value, escaped exactly as :func:`element`
    and lxml write it (forbidden control characters dropped)."""
    text = str(value)
    if _LXML_ESCAPED.search(text) is None:
        return text
    return _ILLEGAL_XML.sub("", text).translate(_LXML_ATTR)


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
