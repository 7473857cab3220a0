"""The Grille says, in red, when its box sets differ from those the native formulas were
computed for: edited without Python, the markers stayed on the former rule without a word.
Checked in LibreOffice, which computes the formula as the workbook holds it."""

from __future__ import annotations

import shutil
from dataclasses import replace

import openpyxl
from conftest import WORKBOOK, libreoffice

from efh_xl.core.answers import Spellings
from efh_xl.core.grid import DEFAULT_RULE
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.grid_sheet import SETS_CHANGED
from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.layout import BOX_TABLE_COL, BOX_TABLE_ROW
from efh_xl.workbook.libreoffice import convert

NOTE_ROW = BOX_TABLE_ROW + len(DEFAULT_RULE.box_sets) + 4  # under the note (1-based)
CELL = (NOTE_ROW, BOX_TABLE_COL + 1)


def _said(path) -> str | None:
    return openpyxl.load_workbook(path, data_only=True)["Grille"].cell(*CELL).value


def test_the_grille_says_when_its_sets_differ_from_the_computed_ones(tmp_path):
    libreoffice()
    computed = convert(WORKBOOK, "xlsx", tmp_path / "tel_quel")
    assert not _said(computed)  # as built: the sets the formulas were computed for
    # A box emptied on the Grille, as a person does in Excel (openpyxl edits this test copy).
    edited = tmp_path / "modifie.xlsm"
    shutil.copyfile(WORKBOOK, edited)
    book = openpyxl.load_workbook(edited, keep_vba=True)
    grille = book["Grille"]
    first_set = BOX_TABLE_ROW + 2  # the first set's row, 1-based
    boxes = [grille.cell(first_set, BOX_TABLE_COL + 2 + j) for j in range(6)]
    box = next(c for c in boxes if c.value in ("OUI", "NON"))
    box.value = "NON" if box.value == "OUI" else "OUI"
    book.save(edited)
    assert _said(convert(edited, "xlsx", tmp_path / "modifie")) == SETS_CHANGED
    # A refresh applies the new sets to the formulas: nothing more to say.
    refresh_workbook(edited)
    assert not _said(convert(edited, "xlsx", tmp_path / "rafraichi"))
    # Typed in lower case with spaces, the same set is no change.
    book = openpyxl.load_workbook(WORKBOOK, keep_vba=True)
    grille = book["Grille"]
    box = next(
        grille.cell(first_set, BOX_TABLE_COL + 2 + j)
        for j in range(6)
        if grille.cell(first_set, BOX_TABLE_COL + 2 + j).value
    )
    box.value = f" {box.value.lower()} "
    same = tmp_path / "meme.xlsm"
    book.save(same)
    assert not _said(convert(same, "xlsx", tmp_path / "meme"))


def test_a_box_pasted_in_another_spelling_reads_as_python_reads_it(tmp_path):
    # « X » pasted past the list's validation is OUI for the rule Python reads (no change); it
    # kept the warning on, even after the refresh that had applied it. « ? » is no spelling:
    # the refresh refuses it, the Grille says the sets changed.
    libreoffice()
    first_set = BOX_TABLE_ROW + 2
    pasted_as = (("X", False), ("✓", False), ("OUI\u00a0", False), ("OUI\n", False), ("?", True))
    for i, (typed, warned) in enumerate(pasted_as):
        book = openpyxl.load_workbook(WORKBOOK, keep_vba=True)
        grille = book["Grille"]
        box = next(
            grille.cell(first_set, BOX_TABLE_COL + 2 + j)
            for j in range(6)
            if grille.cell(first_set, BOX_TABLE_COL + 2 + j).value == "OUI"
        )
        box.value = typed
        pasted = tmp_path / f"colle_{i}.xlsm"
        book.save(pasted)
        said = _said(convert(pasted, "xlsx", tmp_path / f"calcule_{i}"))
        assert bool(said) is warned, typed


def test_a_rule_listing_the_empty_text_among_its_blanks_warns_of_nothing_as_built(tmp_path):
    # The empty text counted twice (the formula's own, the rule's) weighed an empty box as OUI.
    libreoffice()
    spellings = DEFAULT_RULE.spellings
    rule = replace(
        DEFAULT_RULE, spellings=Spellings(spellings.oui, spellings.non, spellings.blank | {""})
    )
    built = build_workbook(tmp_path / "regle.xlsm", rule=rule)
    assert not _said(convert(built, "xlsx", tmp_path / "calcule"))
