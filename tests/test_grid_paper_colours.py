"""The paper grid of the Grille sheet follows its box-set table as the rule reads it: a box
pasted « X », « ✓ » or « n » past the list's validation keeps its colour and its hatching (they
tested the box as typed, OUI or NON only, and it lost them though the rule read it). Checked in
LibreOffice, which computes the sheet as the workbook holds it."""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import replace

import openpyxl
from conftest import WORKBOOK, libreoffice

import efh_xl.workbook.formulas as fx
from efh_xl.core.grid import DEFAULT_RULE, PAPER_ORDER, QUESTION_IDS
from efh_xl.workbook.grid_sheet import HATCHING
from efh_xl.workbook.layout import BOX_READ_COL, BOX_TABLE_COL, BOX_TABLE_ROW
from efh_xl.workbook.libreoffice import convert

PAPER_FIRST_ROW = 7  # 1-based: the row of PAPER_ORDER[0]; OUI in column C, NON in D
SET_ROWS = {s.key: BOX_TABLE_ROW + 2 + i for i, s in enumerate(DEFAULT_RULE.box_sets)}


def _paper(sheet, qid: str, answer: str):
    return sheet.cell(PAPER_FIRST_ROW + PAPER_ORDER.index(qid), 3 if answer == "OUI" else 4)


def _box(sheet, key: str, qid: str):
    return sheet.cell(SET_ROWS[key], BOX_TABLE_COL + 2 + QUESTION_IDS.index(qid))


def test_boxes_pasted_in_other_spellings_keep_their_hatching_and_are_read(tmp_path):
    libreoffice()
    edited = tmp_path / "colle.xlsm"
    shutil.copyfile(WORKBOOK, edited)
    book = openpyxl.load_workbook(edited, keep_vba=True)  # edits this test copy only
    grille = book["Grille"]
    hatched = next(s for s in DEFAULT_RULE.box_sets if s.hatched)
    pasted = {}
    for (qid, answer), typed in zip(hatched.boxes, (" n ", "x", "✓")):
        _box(grille, hatched.key, qid).value = typed
        pasted[qid] = answer
    book.save(edited)
    computed = openpyxl.load_workbook(convert(edited, "xlsx", tmp_path / "calcule"), data_only=True)
    sheet = computed["Grille"]
    for qid, answer in pasted.items():
        assert _paper(sheet, qid, answer).value == HATCHING, qid
        read = sheet.cell(SET_ROWS[hatched.key], BOX_READ_COL + 1 + QUESTION_IDS.index(qid))
        assert read.value == answer, qid
    # A text no spelling gives is no box: neither OUI nor NON, no hatching.
    book = openpyxl.load_workbook(edited, keep_vba=True)
    qid, answer = hatched.boxes[0]
    _box(book["Grille"], hatched.key, qid).value = "?"
    book.save(edited)
    computed = openpyxl.load_workbook(convert(edited, "xlsx", tmp_path / "inconnu"), data_only=True)
    assert not _paper(computed["Grille"], qid, answer).value


def test_the_paper_grid_s_colours_test_the_boxes_as_read():
    with zipfile.ZipFile(WORKBOOK) as package:
        grille = package.read("xl/worksheets/sheet2.xml").decode()
    rules = re.findall(r"<cfRule[^>]*><formula>(.*?)</formula>", grille)
    assert rules
    read_columns = {chr(ord("A") + BOX_READ_COL + j) for j in range(len(QUESTION_IDS))}
    for formula in rules:
        columns = set(re.findall(r"\$([A-Z]+)\$\d+", formula))
        assert columns and columns <= read_columns, formula
    assert re.search(r'<col min="10" max="15" width="0" hidden="1" customWidth="1"/>', grille)


def test_a_rule_with_too_many_spellings_for_one_formula_reads_boxes_as_typed():
    spellings = DEFAULT_RULE.spellings
    many = frozenset(f"OUI{i}" for i in range(600))
    rule = replace(DEFAULT_RULE, spellings=replace(spellings, oui=spellings.oui | many))
    assert fx.box_read("$C$25", rule) == "UPPER(TRIM($C$25))"
    assert fx.box_read("$C$25", DEFAULT_RULE).startswith('IF(OR(UPPER(TRIM(CLEAN(')
