"""The one place where text becomes XML: escaping, cell and range references, namespaces.

Every OOXML writer of the package (worksheets, styles, drawings, charts, relationships) escapes
through these functions, so a quote in a number format or a control character in a territory
name is handled the same way everywhere.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
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
    if NEEDS_ESCAPE.search(text) is None:
        return text
    return escape(_ILLEGAL_XML.sub("", text))


def clean_text(text: str) -> str:
    """Text without the control characters XML 1.0 forbids (for lxml, which escapes itself)."""
    return _ILLEGAL_XML.sub("", text)


def xml_attr(text: str) -> str:
    """Escape text for a double-quoted XML attribute (number formats hold quotes: "€")."""
    return escape(_ILLEGAL_XML.sub("", text), {'"': "&quot;"})


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
