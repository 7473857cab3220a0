"""LibreOffice, the real spreadsheet client here, computes the native formulas like Python.

Answer rows are written into a copy of the committed workbook with openpyxl (which drops every
cached value), LibreOffice recalculates everything on load, and Marqueur and Motif are read back.
"""

import shutil

import openpyxl
import pandas as pd
import pytest
from conftest import QIDS, WORKBOOK, all_combinations, libreoffice, schema_errors

from efh_xl import evaluate, refresh_workbook
from efh_xl.workbook.control_sheet import VARIANTS  # typed spellings, as the spec lists them
from efh_xl.workbook.libreoffice import convert


def rows_to_write():
    rows = [[c[q] for q in QIDS] for c in all_combinations()]
    for i, variant in enumerate(VARIANTS):
        for position in range(6):
            row = ["OUI", "NON", None, "OUI", "OUI", "OUI"]
            row[position] = variant
            rows.append(row if i % 2 else row[::-1])
    return rows


def write_rows(source, target, rows, box_table=None):
    shutil.copy(source, target)
    book = openpyxl.load_workbook(target, keep_vba=True)
    sheet = book["Actions"]
    table = sheet.tables["Programmation"]
    first_row = int(table.ref.split(":")[0][1:]) + 1
    headers = [c.value for c in sheet[first_row - 1]]
    col = {h: i + 1 for i, h in enumerate(headers) if h}
    computed = ("Marqueur", "Code Dauphin", "Motif")
    formulas = {h: sheet.cell(first_row, col[h]).value for h in computed}
    last = first_row + len(rows) - 1
    for r in range(first_row, max(last, sheet.max_row) + 1):
        for c in range(1, len(headers) + 1):
            sheet.cell(r, c).value = None
    for i, row in enumerate(rows):
        r = first_row + i
        sheet.cell(r, col["Territoire"]).value = "T"
        for qid, value in zip(QIDS, row):
            cell = sheet.cell(r, col[qid])
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # openpyxl would write it as a formula
        for name, formula in formulas.items():
            sheet.cell(r, col[name]).value = formula
    end_column = table.ref.split(":")[1].rstrip("0123456789")  # "AB" past Z
    table.ref = f"{table.ref.split(':')[0]}:{end_column}{last}"
    table.autoFilter.ref = table.ref
    if box_table:
        grid = book["Grille"]
        start = grid["C25"]
        for i, answers in enumerate(box_table):
            for j, answer in enumerate(answers):
                grid.cell(start.row + i, start.column + j).value = answer or None
    book.save(target)


def libreoffice_results(path, outdir, n, column=None):
    computed = convert(path, "xlsx", outdir)
    sheet = openpyxl.load_workbook(computed, data_only=True)["Actions"]
    headers = [c.value for c in sheet[4]]
    m, r = headers.index("Marqueur") + 1, headers.index("Motif") + 1
    pairs = [(sheet.cell(5 + i, m).value, sheet.cell(5 + i, r).value) for i in range(n)]
    if column is None:
        return pairs
    c = headers.index(column) + 1
    return pairs, [sheet.cell(5 + i, c).value for i in range(n)]


def python_results(rows, rule=None):
    frame = pd.DataFrame(rows, columns=list(QIDS), dtype=object)
    result = evaluate(frame, rule)
    # Not marked yet: a blank Marqueur (the formula's empty text, read back as None).
    markers = [None if pd.isna(m) else float(m) for m in result["Marqueur"]]
    return list(zip(markers, result["Motif"]))


@pytest.fixture(scope="module")
def soffice():
    return libreoffice()


def test_libreoffice_computes_every_combination_like_python(soffice, tmp_path):
    rows = rows_to_write()
    copy = tmp_path / "combinaisons.xlsm"
    write_rows(WORKBOOK, copy, rows)
    got, dauphin = libreoffice_results(copy, tmp_path / "lo", len(rows), "Code Dauphin")
    expected = python_results(rows)
    mismatches = [(rows[i], g, e) for i, (g, e) in enumerate(zip(got, expected)) if g != e]
    assert not mismatches, mismatches[:3]
    assert len(got) == 729 + 6 * len(VARIANTS)
    # Code Dauphin: G and the marker, blank only when no answer at all (spaces are blank).
    blank = [all(v is None or (isinstance(v, str) and not v.strip()) for v in r) for r in rows]
    assert blank.count(True) == 1  # the combination with no answer
    assert [m is None for m, _ in got] == blank  # its Marqueur alone is blank
    expected_codes = [None if b else f"G{int(m)}" for b, (m, _) in zip(blank, expected)]
    assert [d or None for d in dauphin] == expected_codes


def test_a_box_set_changed_on_the_grille_sheet_after_refresh(soffice, tmp_path):
    from efh_xl import DEFAULT_RULE

    rows = rows_to_write()[:729]
    box_table = DEFAULT_RULE.box_table()
    box_table[2] = ["NON", "", "OUI", "OUI", "", ""]  # third hatched box: Q3 instead of Q2a
    copy = tmp_path / "regle.xlsm"
    write_rows(WORKBOOK, copy, rows, box_table)
    # openpyxl's own styles.xml already has findings: the refresh must add no schema finding
    # (lookup sheet, defined name and calcPr rewritten). Inline strings in a package without
    # a shared-string table are a note on how Excel saves, not a fault.
    before = {e for e in schema_errors(copy) if e.startswith("[schema]")}
    result = refresh_workbook(copy)
    assert result.rule_updated
    assert {e for e in schema_errors(copy) if e.startswith("[schema]")} == before
    got = libreoffice_results(copy, tmp_path / "lo", len(rows))
    new_rule = DEFAULT_RULE.with_box_table(box_table)
    assert got == python_results(rows, new_rule)
    assert got != python_results(rows)
