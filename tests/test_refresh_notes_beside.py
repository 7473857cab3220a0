"""A note typed beside the tables of a summary sheet is kept, and said, when the sheet is
rewritten.

The summary sheets are the tool's: each refresh writes them anew, and the guide says to write
nothing in them. A note typed there all the same (P2, right of the tables) went without a
word; now the refresh names its cells and where to keep notes.
"""

from __future__ import annotations

import re
import shutil
import zipfile

from conftest import WORKBOOK

from efh_xl import refresh_workbook
from efh_xl.ooxml.package import Package


def with_note(path, sheet_name: str, cell: str, text: str) -> None:
    """``text`` typed in ``cell`` of a sheet, written into the package as Excel writes an
    inline string (the other parts copied as they are)."""
    package = Package(path)
    part = dict(package.sheet_parts())[sheet_name]
    package.close()
    row = re.match(r"[A-Z]+(\d+)", cell)[1]
    note = f'<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
    copy = path.with_name("note.xlsm")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == part:
                data, n = re.subn(
                    rb'(<row r="' + row.encode() + rb'"[^>]*>.*?)(</row>)',
                    lambda m: m[1] + note + m[2],
                    data,
                    count=1,
                    flags=re.S,
                )
                assert n == 1
                # As Excel saves it: the used range grows to the note.
                data = re.sub(rb'(<dimension ref="A1:)[A-Z]+', rb"\g<1>" + cell[:1].encode(), data)
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    copy.replace(path)


def note_in(path, sheet_name: str, cell: str):
    """The value of ``cell`` of a sheet, as a spreadsheet application reads it."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    row, col = int(cell[1:]) - 1, ord(cell[0]) - 65
    return rows[row][col] if row < len(rows) and col < len(rows[row]) else ""


def test_a_note_beside_a_summarys_tables_is_kept_and_said(tmp_path):
    # Trial 10: the note was said lost (« (P6) n'y est plus »), its text gone for good.
    path = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, path)
    first = refresh_workbook(path)
    assert not [w for w in first.warnings if "réécrite" in w]
    sheet = first.sheets[1]
    with_note(path, sheet, "P2", "NOTE À GARDER &amp; relire")
    again = refresh_workbook(path)
    (said,) = [w for w in again.warnings if "réécrite" in w]
    assert f"la feuille « {sheet} » est réécrite à chaque actualisation" in said
    assert "(P2) y est recopié, en valeurs" in said
    assert "Gardez vos notes dans une feuille à vous" in said
    assert note_in(path, sheet, "P2") == "NOTE À GARDER & relire"
    # Refreshed once more, the note is still there, and said again.
    assert [w for w in refresh_workbook(path).warnings if "réécrite" in w]
    assert note_in(path, sheet, "P2") == "NOTE À GARDER & relire"

