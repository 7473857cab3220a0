"""Long lists of a package written whole (the regional workbook) go to a shared-string table:
every cell reads back as the inline rendering of the same sheet does, in openpyxl, calamine
and LibreOffice, and the table is valid under the schema."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
import python_calamine
import xlsxwriter
from conftest import libreoffice, schema_errors

from efh_xl.core.sheet_model import MAX_CELL_CHARS, SheetModel
from efh_xl.ooxml.package import Package
from efh_xl.ooxml.shared_strings import PART, SharedStrings
from efh_xl.ooxml.sheet_parts import new_sheet
from efh_xl.ooxml.styles import ensure_styles
from efh_xl.ooxml.worksheet import SHARED_ABOVE
from efh_xl.workbook.libreoffice import convert

AWKWARD = [
    "OUI",
    " Oui ",
    "=1+1",
    "a & b < c > d",
    "ligne 1\nligne 2",
    "contrôle\x01interdit",
    "é" * (MAX_CELL_CHARS + 10),
    "",
    "OUI",
]
MIXED = [True, 1, 1.0, None, "1", False, 0, 2.5, "OUI"]
REPEAT = SHARED_ABOVE // len(AWKWARD) + 1  # a block long enough to be shared


def _model() -> SheetModel:
    sheet = SheetModel("Liste")
    sheet.put(0, 0, "Titre", "title")
    for j, header in enumerate(("Texte", "Mélange", "Nombre")):
        sheet.put(2, j, header, "header")
    numbers = [1, 2.5, None, 10**12, -0.5, 3, 4, 5, 6]
    columns = [AWKWARD * REPEAT, MIXED * REPEAT, numbers * REPEAT]
    sheet.put_block(3, 0, columns, ["text", "wrap", "euro"])
    sheet.put(3 + len(AWKWARD) * REPEAT, 0, "après le bloc", "text")
    return sheet


def _write(path, shared: bool) -> None:
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("base").write_string(0, 0, "base")
    book.close()
    package = Package(path)
    styles_xml, styles = ensure_styles(package.read("xl/styles.xml"))
    package.replace_part("xl/styles.xml", styles_xml)
    strings = SharedStrings() if shared else None
    package.add_sheet(new_sheet(_model(), styles, strings))
    if strings is not None:
        package.replace_part(PART, strings.xml())
    package.remove_sheets({"base"})
    package.save(path)


def _cells(path) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name("Liste").to_python(skip_empty_area=False)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared")
    shared, inline = folder / "shared.xlsx", folder / "inline.xlsx"
    _write(shared, True)
    _write(inline, False)
    return shared, inline


def test_cells_read_back_as_the_inline_rendering(written):
    shared, inline = written
    assert _cells(shared) == _cells(inline)
    ours = openpyxl.load_workbook(shared)["Liste"]
    theirs = openpyxl.load_workbook(inline)["Liste"]
    for row_a, row_b in zip(ours.iter_rows(), theirs.iter_rows(), strict=True):
        assert [(c.value, c.data_type, c.style_id) for c in row_a] == [
            (c.value, c.data_type, c.style_id) for c in row_b
        ]
    values = [ours.cell(4 + i, 2).value for i in range(len(MIXED))]
    assert values[:3] == [True, 1, 1] and type(values[0]) is bool and values[4] == "1"
    assert ours.cell(6, 1).value == "=1+1" and ours.cell(6, 1).data_type == "s"
    assert len(ours.cell(10, 1).value) <= MAX_CELL_CHARS


def test_the_table_holds_each_text_once_and_counts_its_cells(written):
    shared, _ = written
    with zipfile.ZipFile(shared) as package:
        xml = package.read(PART).decode("utf-8")
        sheet = next(package.read(n) for n in package.namelist() if "efh_summary" in n)
    texts = {t for t in AWKWARD + MIXED if isinstance(t, str)}
    assert f'uniqueCount="{len(texts)}"' in xml
    assert f'count="{REPEAT * sum(isinstance(t, str) for t in AWKWARD + MIXED)}"' in xml
    assert '<t xml:space="preserve"> Oui </t>' in xml and "<t>OUI</t>" in xml
    assert b'inlineStr"><is><t xml:space="preserve">Titre' in sheet  # single cells stay inline
    assert [e for e in schema_errors(shared) if e.startswith("[schema]")] == []


def test_libreoffice_reads_the_shared_strings(written, tmp_path):
    libreoffice()
    shared, inline = written
    again = convert(shared, "xlsx", tmp_path / "lo", recalculate=False)
    expected = _cells(inline)
    got = _cells(again)
    assert [row[0] for row in got[3:8]] == [row[0] for row in expected[3:8]]
    assert got[3][1] is True and got[4][1] == 1 and got[7][1] == "1"
