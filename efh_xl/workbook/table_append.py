"""Edit the rows of the Actions table at the zip level: update cells, append rows.

The importer owns two parts only: the worksheet that holds the table ``Programmation`` and the
table part itself (found by identity: the table's name, through the worksheet's
relationships). Every other part is copied byte for byte by :class:`~efh_xl.ooxml.package.Package`;
the shared strings are read, never written, because user text goes into inline strings.

New rows copy the last data row of the table: each cell's style, and the formula of each
calculated column (the table's ``calculatedColumnFormula``, else the last row's own formula
when it is not a shared one). So an import follows whatever formulas the build writes. The
data validations and conditional formats that end on the table's last row are stretched to the
new last row, and the table's reference and autofilter grow with it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from efh_xl.core.sheet_model import column_index, fit_cell, row_points
from efh_xl.errors import ActionsTableError, RowUnderTableError
from efh_xl.ooxml.package import NS, Package
from efh_xl.ooxml.shared_strings import shared_texts
from efh_xl.ooxml.xml import cell_string, col_name, legal_text
from efh_xl.workbook.formulas import TABLE_NAME

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TABLE_REL = f"{R_NS}/table"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_CELL = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")
_Q = f"{{{NS}}}"


def _split_ref(ref: str) -> tuple[int, int]:
    """'D12' -> (column index 0-based, row number 1-based)."""
    match = _CELL.match(ref)
    if not match:
        raise ValueError(ref)
    return column_index(match[1]), int(match[2])


def _range(ref: str) -> tuple[int, int, int, int]:
    first, _, last = ref.partition(":")
    c1, r1 = _split_ref(first)
    c2, r2 = _split_ref(last or first)
    return c1, r1, c2, r2


def _ref(c1: int, r1: int, c2: int, r2: int) -> str:
    return f"{col_name(c1)}{r1}:{col_name(c2)}{r2}"


@dataclass
class TableRow:
    """A data row of the table: its sheet row number and its values by column name."""

    row: int
    values: dict[str, Any]


class ActionsTable:
    """The table ``Programmation`` of a package, opened for row edits."""

    def __init__(self, package: Package, path: Path, table_name: str = TABLE_NAME) -> None:
        self.package = package
        self.path = path
        self.sheet_part, self.table_part = self._locate(table_name)
        self.table = etree.fromstring(package.read(self.table_part))
        if int(self.table.get("totalsRowCount", "0") or 0):
            raise ActionsTableError(path, "le tableau a une ligne de total : retirez-la")
        self.c1, self.header_row, self.c2, self.last_row = _range(self.table.get("ref"))
        self.columns: list[str] = []
        self.formulas: dict[str, str] = {}
        for column in self.table.iter(f"{_Q}tableColumn"):
            name = column.get("name")
            self.columns.append(name)
            formula = column.find(f"{_Q}calculatedColumnFormula")
            if formula is not None and formula.text:
                self.formulas[name] = formula.text
        self.index = {name: self.c1 + i for i, name in enumerate(self.columns)}
        self.sheet = etree.fromstring(package.read(self.sheet_part))
        self.sheet_data = self.sheet.find(f"{_Q}sheetData")
        self.strings = self._shared_strings()
        self.rows: dict[int, etree._Element] = {
            int(r.get("r")): r for r in self.sheet_data.iter(f"{_Q}row")
        }
        self._template = self.rows.get(self.last_row)
        self.appended = 0

    # --- finding the parts ------------------------------------------------------------

    def _locate(self, table_name: str) -> tuple[str, str]:
        for _, part in self.package.sheet_parts():
            rels = part.rsplit("/", 1)
            rels_part = f"{rels[0]}/_rels/{rels[1]}.rels"
            if not self.package.has(rels_part):
                continue
            for rel in etree.fromstring(self.package.read(rels_part)):
                if rel.get("Type") != TABLE_REL or rel.get("TargetMode") == "External":
                    continue
                target = _resolve(part, rel.get("Target"))
                if not self.package.has(target):
                    continue
                table = etree.fromstring(self.package.read(target))
                if table.get("name") == table_name:
                    return part, target
        raise ActionsTableError(self.path, f"aucun tableau nommé « {table_name} »")

    def _shared_strings(self) -> list[str]:
        part = "xl/sharedStrings.xml"
        if not self.package.has(part):
            return []
        return shared_texts(self.package.read(part))

    # --- reading ----------------------------------------------------------------------

    def _cells(self, row: etree._Element) -> dict[int, etree._Element]:
        cells, position = {}, 0
        for cell in row.iter(f"{_Q}c"):
            ref = cell.get("r")
            position = _split_ref(ref)[0] if ref else position
            cells[position] = cell
            position += 1
        return cells

    def _value(self, cell: etree._Element | None) -> Any:
        if cell is None:
            return None
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            node = cell.find(f"{_Q}is")
            return "".join(node.itertext()) if node is not None else None
        v = cell.find(f"{_Q}v")
        if v is None or v.text is None:
            return None
        if kind == "s":
            return self.strings[int(v.text)]
        if kind == "b":
            return v.text == "1"
        if kind in ("str", "e"):
            return v.text
        number = float(v.text)
        return int(number) if number.is_integer() else number

    def data_rows(self) -> list[TableRow]:
        """Every data row of the table, with the cached values of its cells."""
        result = []
        for number in range(self.header_row + 1, self.last_row + 1):
            row = self.rows.get(number)
            cells = self._cells(row) if row is not None else {}
            values = {name: self._value(cells.get(i)) for name, i in self.index.items()}
            result.append(TableRow(number, values))
        return result

    def is_blank(self, row: TableRow) -> bool:
        """A row with nothing typed (its calculated columns aside): a free slot."""
        return all(
            value is None or value == ""
            for name, value in row.values.items()
            if name not in self.formulas
        )

    # --- writing ----------------------------------------------------------------------

    def _set(self, cell: etree._Element, value: Any) -> None:
        for child in list(cell):
            cell.remove(child)
        cell.attrib.pop("t", None)
        if value is None:
            return
        if isinstance(value, bool):
            cell.set("t", "b")
            etree.SubElement(cell, f"{_Q}v").text = "1" if value else "0"
        elif isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(value)
            text = repr(int(value)) if float(value).is_integer() else repr(float(value))
            etree.SubElement(cell, f"{_Q}v").text = text
        else:
            # User text is always an inline string: « =1+1 » stays text, never a formula.
            # Longer than a cell holds: cut with a visible mark (Excel would repair the file).
            text = cell_string(fit_cell(str(value)))
            cell.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(cell, f"{_Q}is"), f"{_Q}t")
            t.text = text
            if text != text.strip():
                t.set(f"{{{XML_NS}}}space", "preserve")

    def _set_formula(self, cell: etree._Element, formula: str, cached: Any) -> None:
        for child in list(cell):
            cell.remove(child)
        cell.attrib.pop("t", None)
        etree.SubElement(cell, f"{_Q}f").text = formula
        if cached is None:
            return
        if isinstance(cached, str):
            cell.set("t", "str")
            etree.SubElement(cell, f"{_Q}v").text = legal_text(cached)
        else:
            etree.SubElement(cell, f"{_Q}v").text = repr(cached)

    def _cell(self, row: etree._Element, column: int) -> etree._Element:
        cells = self._cells(row)
        if column in cells:
            return cells[column]
        cell = etree.Element(f"{_Q}c")
        cell.set("r", f"{col_name(column)}{row.get('r')}")
        following = [c for i, c in cells.items() if i > column]
        if following:
            following[0].addprevious(cell)
        else:
            row.append(cell)
        return cell

    def update(self, row: int, values: dict[str, Any]) -> None:
        """Write values (by column name) into an existing data row; other cells untouched."""
        element = self.rows[row]
        for name, value in values.items():
            if name in self.index and name not in self.formulas:
                self._set(self._cell(element, self.index[name]), value)

    def fill(self, row: int, values: dict[str, Any], cached: dict[str, Any]) -> None:
        """Write a whole row: values, and the calculated columns with their cached values."""
        element = self.rows.get(row)
        if element is None:
            element = self._new_row(row)
        template = self._cells(self._template) if self._template is not None else {}
        for name, column in self.index.items():
            cell = self._cell(element, column)
            style = template.get(column)
            if style is not None and style.get("s") is not None and cell.get("s") is None:
                cell.set("s", style.get("s"))
            formula = self.formulas.get(name)
            if formula is None and style is not None:
                f = style.find(f"{_Q}f")
                if f is not None and f.text and f.get("t") != "shared":
                    formula = f.text
            if formula is not None:
                self._set_formula(cell, formula, cached.get(name))
            else:
                self._set(cell, values.get(name))

    def _new_row(self, number: int) -> etree._Element:
        row = etree.Element(f"{_Q}row")
        row.set("r", str(number))
        if self._template is not None:
            for key, value in self._template.attrib.items():
                if key not in ("r", "ht", "customHeight"):
                    row.set(key, value)
        following = [r for n, r in self.rows.items() if n > number]
        if following:
            min(following, key=lambda r: int(r.get("r"))).addprevious(row)
        else:
            self.sheet_data.append(row)
        self.rows[number] = row
        return row

    def height(self, row: int) -> float:
        """A row's height in points: its own, else the sheet's default row height."""
        own = self.rows[row].get("ht")
        if own:
            return float(own)
        default = self.sheet.find(f"{_Q}sheetFormatPr")
        return float(default.get("defaultRowHeight", 15)) if default is not None else 15.0

    def set_height(self, row: int, height: float) -> None:
        """Give a row a height in points, as the build sets its rows' (``customHeight``:
        readers do not size rows by themselves)."""
        element = self.rows[row]
        element.set("ht", f"{row_points(height):g}")
        element.set("customHeight", "1")

    def grow(self, count: int) -> list[int]:
        """Add ``count`` rows below the table (refusing to cover cells); their row numbers."""
        if count <= 0:
            return []
        new_last = self.last_row + count
        for number in range(self.last_row + 1, new_last + 1):
            row = self.rows.get(number)
            if row is None:
                continue
            for cell in row.iter(f"{_Q}c"):
                if len(cell):
                    raise RowUnderTableError(self.path, number)
            self.sheet_data.remove(row)
            del self.rows[number]
        added = list(range(self.last_row + 1, new_last + 1))
        self._stretch(self.last_row, new_last)
        self.last_row = new_last
        self.appended += count
        return added

    def _stretch(self, old_last: int, new_last: int) -> None:
        ref = _ref(self.c1, self.header_row, self.c2, new_last)
        self.table.set("ref", ref)
        auto = self.table.find(f"{_Q}autoFilter")
        if auto is not None:
            auto.set("ref", ref)
        dimension = self.sheet.find(f"{_Q}dimension")
        if dimension is not None and dimension.get("ref"):
            c1, r1, c2, r2 = _range(dimension.get("ref"))
            dimension.set("ref", _ref(min(c1, self.c1), r1, max(c2, self.c2), max(r2, new_last)))
        first_data = self.header_row + 1
        for element in self.sheet.iter(f"{_Q}conditionalFormatting", f"{_Q}dataValidation"):
            sqref = element.get("sqref")
            if not sqref:
                continue
            parts = []
            for item in sqref.split():
                c1, r1, c2, r2 = _range(item)
                inside = self.c1 <= c1 and c2 <= self.c2 and first_data <= r1
                if inside and r2 == old_last:
                    item = _ref(c1, r1, c2, new_last)
                parts.append(item)
            element.set("sqref", " ".join(parts))

    def save(self) -> None:
        """Put the edited worksheet and table parts back into the package."""
        for part, root in ((self.sheet_part, self.sheet), (self.table_part, self.table)):
            self.package.replace_part(
                part, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            )


def _resolve(base: str, target: str) -> str:
    import posixpath

    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


__all__ = ["ActionsTable", "TableRow"]
