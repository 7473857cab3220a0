"""Where each table (list object) of a package lies: its sheet, its range and its columns.

Read from the package XML (workbook, relationships, table parts), without reading any cell:
the reader uses it to choose how to read the Actions table before a cell is parsed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from efh_xl.core.sheet_model import column_index

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TABLE_REL = R_NS + "/table"
_CELL = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


@dataclass(frozen=True)
class TablePart:
    """A table's place: 0-based first and last row and column of its whole range."""

    name: str
    sheet: str
    top: int
    left: int
    bottom: int
    right: int
    header_rows: int
    totals_rows: int
    columns: tuple[str, ...]
    sheet_part: str = ""  # the worksheet part holding the table

    @property
    def data_rows(self) -> int:
        """Rows between the header and the totals."""
        return self.bottom - self.top + 1 - self.header_rows - self.totals_rows


def _cell(ref: str) -> tuple[int, int]:
    match = _CELL.match(ref)
    if match is None:
        raise ValueError(f"bad cell reference {ref!r}")
    return int(match[2]) - 1, column_index(match[1])


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _targets(package: zipfile.ZipFile, part: str, kind: str | None = None) -> dict[str, str]:
    """Relationship id -> target part, of a part's relationships (of one type if given)."""
    try:
        root = ElementTree.fromstring(package.read(_rels_path(part)))
    except KeyError:
        return {}
    found = {}
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if (kind is None or rel.get("Type") == kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            if target.startswith("/"):
                found[rel.get("Id", "")] = target.lstrip("/")
            else:
                found[rel.get("Id", "")] = posixpath.normpath(
                    posixpath.join(posixpath.dirname(part), target)
                )
    return found


def table_parts(package: zipfile.ZipFile) -> list[TablePart]:
    """Every table of the package, in sheet order. Unreadable table parts are left out."""
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    sheet_targets = _targets(package, "xl/workbook.xml")
    tables = []
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        part = sheet_targets.get(sheet.get(f"{{{R_NS}}}id", ""))
        if not part:
            continue
        for table_part in _targets(package, part, _TABLE_REL).values():
            try:
                root = ElementTree.fromstring(package.read(table_part))
                first, _, last = root.get("ref", "").partition(":")
                (top, left), (bottom, right) = _cell(first), _cell(last or first)
                columns = tuple(c.get("name", "") for c in root.iter(f"{{{MAIN_NS}}}tableColumn"))
                tables.append(
                    TablePart(
                        root.get("displayName") or root.get("name", ""),
                        sheet.get("name", ""),
                        top,
                        left,
                        bottom,
                        right,
                        int(root.get("headerRowCount", "1")),
                        int(root.get("totalsRowCount", "0")),
                        columns,
                        part,
                    )
                )
            except (KeyError, ValueError, ElementTree.ParseError):
                continue
    return tables
