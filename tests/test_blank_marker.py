"""An action not marked yet (no answer at all) has a blank Marqueur wherever a user reads it.

« Not yet marked is not 0 » (shared/spec/grille-efh.md): the native formulas (through the lookup
sheet's empty text), the values cached for readers that do not recalculate, the UDFs, evaluate's
CSV and Excel outputs, and an older workbook once refreshed or imported into.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile

import openpyxl
import pandas as pd
from conftest import QIDS, WORKBOOK, libreoffice, marker_list
from openpyxl.utils import get_column_letter
from xlwings_standin import Book

from efh_xl import (
    DEFAULT_RULE,
    evaluate_action,
    evaluate_file,
    import_actions,
    read_workbook,
    refresh_workbook,
)
from efh_xl.cli import main
from efh_xl.core.engine import combination_table
from efh_xl.core.programmation import COLUMNS
from efh_xl.core.rule_data import rule_stamp
from efh_xl.excel import functions
from efh_xl.excel.button import generate
from efh_xl.ooxml.package import Package
from efh_xl.workbook.formulas import NAME_BOX_SETS, TABLE_NAME
from efh_xl.workbook.lookup_sheet import LOOKUP_SHEET, STAMP_NAME, calculation_stamp

NOT_MARKED = [None] * 6
# The formula ="" as Excel writes it (an empty cached text), e.g. PHPOffice/PhpSpreadsheet#1977.
EMPTY_TEXT_CELL = re.compile(r'<c r="G2"[^>]*t="str"[^>]*><f>""</f><v\s*/?>(</v>)?</c>')


def _part(path, sheet: str) -> str:
    package = Package(path)
    try:
        return package.read(dict(package.sheet_parts())[sheet]).decode()
    finally:
        package.close()


def _old_stamp(rule) -> str:
    """EFH_REGLE_CALCUL as the version that showed 0 for an action with no answer wrote it."""
    table = combination_table(rule)
    text = json.dumps([table.markers, table.reasons], ensure_ascii=False)
    return rule_stamp(rule) + "/motifs:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _make_old(path) -> None:
    """Turn a built workbook into one of the older version: marker 0 for no answer."""
    rule = read_workbook(path).rule
    package = Package(path)
    try:
        part = dict(package.sheet_parts())[LOOKUP_SHEET]
        xml = package.read(part).decode()
        cell = r'<c r="G2"( s="\d+")?[^>]*>.*?</c>'
        old = re.sub(cell, r'<c r="G2"\1><v>0</v></c>', xml, count=1)
        assert old != xml
        package.replace_part(part, old.encode())
        package.set_defined_name(STAMP_NAME, '"' + _old_stamp(rule) + '"')
        package.save(path)
    finally:
        package.close()


def test_the_per_action_functions_give_a_blank():
    assert evaluate_action(NOT_MARKED)[0] is None
    assert evaluate_action(["NON", None, None, None, None, None])[0] == 0  # provisional 0
    assert functions.marqueur(*NOT_MARKED) == ""  # a blank cell, as the native formula
    assert functions.grille([NOT_MARKED, ["OUI", "OUI", None, "OUI", "OUI", "OUI"]]) == [
        ["", evaluate_action(NOT_MARKED)[1]],
        [2, evaluate_action(["OUI", "OUI", None, "OUI", "OUI", "OUI"])[1]],
    ]


def test_the_lookup_sheet_holds_the_empty_text_and_the_actions_formulas_are_unchanged():
    book = openpyxl.load_workbook(WORKBOOK)
    assert book[LOOKUP_SHEET]["G2"].value == '=""'  # combination 0: every answer blank
    assert book[LOOKUP_SHEET]["G3"].value == 0
    with zipfile.ZipFile(WORKBOOK) as z:
        table = next(n for n in z.namelist() if n.startswith("xl/tables/"))
        assert "INDEX(EFH_MARQUEURS," in z.read(table).decode()
    # The cached values: blank for the sample's actions with no answer, as computed.
    actions = read_workbook(WORKBOOK).actions
    blank = actions[list(QIDS)].isna().all(axis=1)
    assert blank.sum() > 0 and actions.loc[blank, "Marqueur"].isna().all()
    assert actions.loc[~blank, "Marqueur"].notna().all()


def test_evaluate_writes_a_blank_in_csv_excel_and_on_stdout(tmp_path, capsys):
    listing = tmp_path / "liste.csv"
    listing.write_text("N° action;Q1;Q2a;Q2b;Q3;Q4;Q5\nA;OUI;OUI;;OUI;OUI;OUI\nB;;;;;;\n")
    frame = evaluate_file(listing, tmp_path / "out.csv")
    assert marker_list(frame["Marqueur"]) == [2, None]
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[2].startswith("B;;;;;;;;Non marqué")
    evaluate_file(listing, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Actions"]
    assert [sheet.cell(r, 8).value for r in (2, 3)] == [2, None]
    capsys.readouterr()
    assert main(["evaluate", str(listing)]) == 0
    assert capsys.readouterr().out.splitlines()[2].startswith("B,,,,,,,,Non marqué")


def test_a_refresh_blanks_the_marker_of_an_older_workbook(tmp_path):
    soffice = libreoffice()
    assert soffice
    copy = tmp_path / "ancien.xlsm"
    shutil.copy(WORKBOOK, copy)
    _make_old(copy)
    assert "<v>0</v>" in re.search(r'<c r="G2".*?</c>', _part(copy, LOOKUP_SHEET)).group(0)
    result = refresh_workbook(copy)
    assert result.rule_updated  # the lookup sheet and the Contrôle constants rewritten
    assert EMPTY_TEXT_CELL.search(_part(copy, LOOKUP_SHEET))
    package = Package(copy)
    try:
        stamp = package.defined_name(STAMP_NAME)
    finally:
        package.close()
    assert stamp == '"' + calculation_stamp(read_workbook(copy).rule) + '"'
    from efh_xl.workbook.libreoffice import convert

    computed = convert(copy, "xlsx", tmp_path / "lo")
    book = openpyxl.load_workbook(computed, data_only=True)
    assert book["Contrôle"]["A1"].value == "Formules natives : 861 / 861 conformes"
    actions = read_workbook(computed).actions
    blank = actions[list(QIDS)].isna().all(axis=1)
    assert blank.sum() > 0
    assert actions.loc[blank, "Marqueur"].isna().all()
    assert actions.loc[blank, "Code Dauphin"].isna().all()
    assert actions.loc[~blank, "Marqueur"].notna().all()


def test_an_import_into_an_older_workbook_updates_its_lookup_sheet(tmp_path):
    copy = tmp_path / "ancien.xlsm"
    shutil.copy(WORKBOOK, copy)
    _make_old(copy)
    listing = tmp_path / "liste.csv"
    listing.write_text("N° action;Intitulé;Q1;Q2a;Q2b;Q3;Q4;Q5\nNEW-1;Nouvelle;;;;;;\n")
    import_actions(listing, copy)
    assert EMPTY_TEXT_CELL.search(_part(copy, LOOKUP_SHEET))
    row = read_workbook(copy).actions.iloc[-1]
    assert row["N° action"] == "NEW-1" and pd.isna(row["Marqueur"])


def test_the_button_writes_the_empty_text_as_excel_holds_it():
    # The classic button and the xlwings Lite script rewrite the lookup sheet through xlwings:
    # the empty text goes in as the formula ="" (an empty value would clear the cell: 0).
    headers = list(COLUMNS)
    row = [None] * len(headers)
    row[headers.index("N° action")], row[headers.index("Territoire")] = "A-1", "T"
    book = Book(TABLE_NAME, headers, [row], {NAME_BOX_SETS: DEFAULT_RULE.box_table()})
    generate(book)
    lookup = book.sheets[LOOKUP_SHEET]._values
    assert lookup[(2, 7)] == '=""' and lookup[(3, 7)] == 0  # G2, G3


def test_the_motif_of_an_action_not_marked_is_grey_not_flagged_to_fix():
    # Its Motif is to read, not to fix: the yellow of the rows to fix skips a blank marker,
    # and a grey italic rule takes it (known by the blank marker, not by the reason's words).
    with zipfile.ZipFile(WORKBOOK) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
        styles = package.read("xl/styles.xml").decode()
    header = re.search(r"<tableColumns.*?</tableColumns>", _table_xml()).group(0)
    names = re.findall(r'<tableColumn [^>]*name="([^"]+)"', header)
    # The table starts in column A.
    marker = get_column_letter(names.index("Marqueur") + 1)
    motif = get_column_letter(names.index("Motif") + 1)
    pattern = rf'<conditionalFormatting sqref="{motif}5:[^"]*">(.*?)</conditionalFormatting>'
    block = re.search(pattern, sheet).group(1)
    found = re.findall(r'dxfId="(\d+)"[^>]*><formula>(.*?)</formula>', block)
    rules = {formula: int(dxf) for dxf, formula in found}
    dxfs = re.findall(r"<dxf>(.*?)</dxf>", re.search(r"<dxfs.*?</dxfs>", styles).group(0))
    grey = rules[f'${marker}5=""']
    assert "<i/>" in dxfs[grey] and "FFEB9C" not in dxfs[grey]
    flagged = rules[f'AND(LEFT(${motif}5,8)&lt;&gt;"Marqueur",${marker}5&lt;&gt;"")']
    assert "FFEB9C" in dxfs[flagged]


def _table_xml() -> str:
    with zipfile.ZipFile(WORKBOOK) as package:
        return package.read("xl/tables/table1.xml").decode()
