"""Actions typed under the table where it did not grow (LibreOffice keeps a table's range as it
is; Excel grows it) are no actions of the table: the refresh names their rows, instead of
summaries that leave them out without a word."""

from __future__ import annotations

import re
import shutil
import zipfile

from conftest import WORKBOOK

from efh_xl import refresh_workbook
from efh_xl.ooxml.package import Package


def typed_under_the_table(path, row: int) -> None:
    """A row with a number and a title typed under the table, saved as LibreOffice saves it
    (the used range grows, the table's does not)."""
    package = Package(path)
    part = dict(package.sheet_parts())["Actions"]
    package.close()
    cells = (
        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>2026</t></is></c>'
        f'<c r="C{row}" t="inlineStr"><is><t>PRJ-NEUVE</t></is></c></row>'
    ).encode()
    copy = path.with_name("typed.xlsm")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == part:
                data = data.replace(b"</sheetData>", cells + b"</sheetData>", 1)
                data = re.sub(
                    rb'(<dimension ref="A1:[A-Z]+)\d+', rb"\g<1>" + str(row).encode(), data
                )
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    copy.replace(path)


def test_a_row_typed_under_the_table_is_named_by_the_refresh(tmp_path):
    path = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, path)
    assert not [w for w in refresh_workbook(path).warnings if "sous le tableau" in w]
    typed_under_the_table(path, 126)  # the table ends on row 124, a blank row between
    (said,) = [w for w in refresh_workbook(path).warnings if "sous le tableau" in w]
    assert said.startswith("ligne 126 de la feuille Actions remplie sous le tableau des actions")
    assert "dans LibreOffice, insérez des lignes dans le tableau" in said


def test_an_import_over_a_row_under_the_table_is_refused_with_what_to_do(tmp_path, capsys):
    # Trial 11: refused with code 4 and « Le classeur doit contenir une feuille « Actions » »,
    # which it does.
    from test_import import write_csv

    from efh_xl.cli import main

    path = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, path)
    typed_under_the_table(path, 125)  # right under the table's last row
    listing = write_csv(
        tmp_path / "l.csv", [["N° action", "Intitulé", "Porteur"], ["Z-1", "A", "B"]]
    )
    assert main(["import", str(listing), "--into", str(path)]) == 5
    said = capsys.readouterr().err
    assert "la ligne 125, juste sous le tableau des actions, n'est pas vide" in said
    assert "Le classeur doit contenir" not in said
