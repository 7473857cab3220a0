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
_ATTR_NEEDS_ESCAPE = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
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


# A cell's text is an ST_Xstring (ECMA-376 Part 1, 22.9.2.19): "_xHHHH_" in it stands for the
# character HHHH. Excel writes a CR and the other control characters that way, and a typed
# "_xHHHH_" with its underscore escaped ("_x005F_xHHHH_"); XlsxWriter does the same. Written
# plainly, a CR came back as a LF (XML readers normalise line ends), a control character was
# lost, and a typed "_x0041_" read as "A".
_CELL_ESCAPE = re.compile("_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b-\x1f]")
_CELL_CHARACTERS = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]")
_CELL_CODE = re.compile("_x[0-9A-Fa-f]{4}_")


_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0B, 0x20)])  # those of _CELL_CHARACTERS
_LONG = 4096  # characters: a text this long is searched without a regular expression


def cell_needs_escape(text: str) -> bool:
    """Whether a cell's text (or many joined) is not written as it is."""
    if len(text) >= _LONG:
        # Many texts joined (a shared-string table): « & < > » and "_x" found at C speed, and
        # in a text of Latin-1 characters only (French without typographic quotes), stored
        # one byte a character, the control characters are counted by bytes.translate: 1
        # ms where the regular expression took 7 for the 1.4 million characters of 62,000
        # texts. A text with other characters goes to the regular expression.
        if "&" in text or "<" in text or ">" in text:
            return True
        if "_x" in text and _CELL_CODE.search(text) is not None:
            return True
        try:
            raw = text.encode("latin-1")  # a copy: one byte a character already
        except UnicodeEncodeError:
            return _CELL_CHARACTERS.search(text) is not None
        return len(raw.translate(None, _CONTROLS)) != len(raw)
    # A character class is searched three times faster than the alternation with the code,
    # and "_x" is rare: one pass over the texts of a 60,000-action list instead of three.
    return _CELL_CHARACTERS.search(text) is not None or (
        "_x" in text and _CELL_CODE.search(text) is not None
    )


def _cell_escape(match: re.Match[str]) -> str:
    found = match.group()
    return "_x005F" + found if len(found) > 1 else f"_x{ord(found):04X}_"


def cell_string(text: str) -> str:
    """A cell's text in its ST_Xstring form, not XML-escaped (for parts built with lxml)."""
    if _CELL_ESCAPE.search(text) is None:
        return legal_text(text)
    return legal_text(_CELL_ESCAPE.sub(_cell_escape, text))


def cell_text(text: str) -> str:
    """A cell's text in its ST_Xstring form, escaped for XML."""
    if not cell_needs_escape(text):
        return text
    return escape(cell_string(text))


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
    if _ATTR_NEEDS_ESCAPE.search(text) is None:  # most attributes: nothing to escape
        return text
    return escape(_ILLEGAL_XML.sub("", text), {'"': "&quot;"})


# Parts written from fixed markup (charts, drawings) give the bytes lxml gives for the same
# texts: lxml escapes as xml_text and xml_attr do, and writes the characters an XML reader
# would turn into others (a CR into a LF; in an attribute, a LF or tab into a space) as
# character references (in text: a CR). One escaping, these references on top.
_LXML_ATTR_REFS = {"\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}


def markup_text(value: object) -> str:
    """``str(value)`` as element text, escaped exactly as :func:`element` and lxml write it
    (forbidden control characters dropped)."""
    text = xml_text(str(value))
    return text.replace("\r", "&#13;") if "\r" in text else text


def markup_attr(value: object) -> str:
    """``str(value)`` as a double-quoted attribute value, escaped exactly as :func:`element`
    and lxml write it (forbidden control characters dropped)."""
    text = xml_attr(str(value))
    for character, reference in _LXML_ATTR_REFS.items():
        if character in text:
            text = text.replace(character, reference)
    return text


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
