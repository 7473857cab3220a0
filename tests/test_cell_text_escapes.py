"""Cell texts are written as Excel writes them (ST_Xstring): a CR, a control character and a
typed "_xHHHH_" read back as they were typed, in refreshed, regional and imported workbooks.

The oracle is XlsxWriter, whose escaping of cell text follows Excel's; calamine reads the
escapes back as Excel does.
"""

from __future__ import annotations

import zipfile

import pytest
import python_calamine
import xlsxwriter
from lxml import etree

from efh_xl import consolidate, import_actions, refresh_workbook
from efh_xl.core.grid import QUESTION_IDS
from efh_xl.core.programmation import TITLE
from efh_xl.ooxml.xml import NS, cell_text
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

TYPED = [
    "ligne 1\r\nligne 2",  # pasted from a Windows text
    "code _x0041_ tel quel",
    "_x005F_ et _X00e9_ et _x12_",
    "contrôle\x01\x1f et tab\tfin",
    "a < b & c > d",
]


def _texts(path, sheets: str = "") -> set[object]:
    """Every value of the sheets whose name starts with ``sheets``."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {
        value
        for name in book.sheet_names
        if name.startswith(sheets)
        for row in book.get_sheet_by_name(name).to_python()
        for value in row
    }


def test_escapes_equal_xlsxwriter_ones(tmp_path):
    path = tmp_path / "oracle.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for row, text in enumerate(TYPED):
        sheet.write_string(row, 0, text)
    book.close()
    with zipfile.ZipFile(path) as package:
        table = etree.fromstring(package.read("xl/sharedStrings.xml"))
    # The texts as XlsxWriter stores them, re-escaped for XML as our writer gives them.
    written = [cell_text(text) for text in TYPED]
    stored = [
        etree.tostring(si.find(f"{{{NS}}}t"), encoding="unicode").split(">", 1)[1].rsplit("<", 1)[0]
        for si in table
    ]
    assert written == stored


@pytest.fixture
def typed_workbook(tmp_path):
    actions = sample_actions(per_territory=2)
    actions[TITLE] = [TYPED[i % len(TYPED)] for i in range(len(actions))]
    # One answer only: every action is incomplete, so listed as one to fix (with no answer at
    # all it would be « non marqué », counted apart and not listed).
    actions.loc[:, list(QUESTION_IDS)] = None
    actions[QUESTION_IDS[0]] = "OUI"
    return build_workbook(tmp_path / "saisies.xlsm", actions=actions)


def test_refreshed_lists_keep_the_typed_texts(typed_workbook):
    refresh_workbook(typed_workbook)
    # The summary sheets only: the Actions sheet was written by XlsxWriter.
    assert set(TYPED) <= _texts(typed_workbook, "Synthèse")


def test_the_regional_workbook_keeps_the_typed_texts(typed_workbook, tmp_path):
    output = tmp_path / "region.xlsx"
    consolidate([typed_workbook], output)
    assert set(TYPED) <= _texts(output)


def test_imported_texts_are_kept(tmp_path):
    into = build_workbook(tmp_path / "cible.xlsm", actions=sample_actions(per_territory=1))
    source = tmp_path / "liste.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet()
    for col, header in enumerate(("N° action", TITLE, "Territoire")):
        sheet.write_string(0, col, header)
    # The import collapses runs of spaces and line breaks (list cells): texts without any.
    imported = ["code _x0041_ tel quel", "_x005F_ et _X00e9_ et _x12_", "a < b & c", "ctrl\x01fin"]
    for row, text in enumerate(imported, start=1):
        sheet.write_string(row, 0, f"IMP-{row}")
        sheet.write_string(row, 1, text)
        sheet.write_string(row, 2, "Val-de-Lys Métropole")
    book.close()
    import_actions(source, into)
    assert set(imported) <= _texts(into)
