"""The cells of a worksheet whose cached value is an Excel error (#DIV/0!, #N/A…).

python-calamine reads such a cell as "", as an empty cell (python-calamine issue #105), where
the workbook's own formulas read it as its text, an unrecognised answer (see the ``cleaned``
formula of efh_xl.workbook.formulas). The worksheet part says which cells they are: Excel and
LibreOffice write ``<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>``. A part that holds none
(nearly every part) is told by a search of its bytes as they are inflated, in C: no parse,
no Python work per cell. Only a part holding one is parsed.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from efh_xl.core.grid import shown_error
from efh_xl.core.sheet_model import column_index
from efh_xl.ooxml.zip import inflated_pieces

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# The attribute as Excel, LibreOffice and XlsxWriter write it.
_MARK = b't="e"'


def sheet_part(package: zipfile.ZipFile, sheet: str) -> str | None:
    """The worksheet part of the sheet named ``sheet``, or None."""
    book = etree.fromstring(package.read("xl/workbook.xml"))
    rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    sheets = book.iter(f"{{{MAIN_NS}}}sheet")
    rid = next((e.get(f"{{{_REL_NS}}}id") for e in sheets if e.get("name") == sheet), None)
    target = next((r.get("Target") for r in rels if r.get("Id") == rid), None)
    if target is None:
        return None
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _has_mark(path: str | Path, package: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with open(path, "rb") as fp:
        for piece in inflated_pieces(fp, package.getinfo(part)):
            if _MARK in tail + piece[: len(_MARK)] or _MARK in piece:
                return True
            tail = piece[-len(_MARK) :]
    return False


def error_cells(path: str | Path, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column), both from 0, -> the error's text as a French Excel shows it (« #DIV/0! »,
    « #VALEUR! »: :func:`~efh_xl.core.grid.shown_error`) of each cell of the sheet
    named ``sheet`` whose cached value is an error; {} for most sheets, and for a package
    that does not say (its reader says what is wrong, if anything).

    Cells without a reference (``r``) are not placed: none of the applications the users
    have writes them.
    """
    found: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as package:
            part = sheet_part(package, sheet)
            if part is None or not _has_mark(path, package, part):
                return {}
            with package.open(part) as stream:
                for _, cell in etree.iterparse(stream, tag=f"{{{MAIN_NS}}}c"):
                    ref = cell.get("r") or ""
                    letters = ref.rstrip("0123456789")
                    number = ref[len(letters) :]
                    if cell.get("t") == "e" and letters.isalpha() and number.isdigit():
                        value = cell.findtext(f"{{{MAIN_NS}}}v")
                        if value:  # as a French Excel shows it in the cell
                            at = (int(number) - 1, column_index(letters.upper()))
                            found[at] = shown_error(value)
                    cell.clear()
    except (
        KeyError,
        ValueError,
        OSError,
        etree.LxmlError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
    ):
        return {}
    return found


def place_errors(
    rows: list[list[object]], errors: dict[tuple[int, int], str], top: int, left: int
) -> None:
    """Write each error's text into ``rows``, whose first cell is the sheet's cell
    (``top``, ``left``), both from 0; errors outside them are left out."""
    for (row, column), text in errors.items():
        i, j = row - top, column - left
        if 0 <= i < len(rows) and 0 <= j < len(rows[i]):
            rows[i][j] = text


__all__ = ["error_cells", "place_errors", "sheet_part"]
