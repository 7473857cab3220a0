"""Rows added by an import are as tall as their longest wrapped text (pilier, title, motif...),
as the build sizes its own rows, so nothing is cut on screen or on paper; a known action
whose wrapped texts grow gets a taller row, never a shorter one.

Through real files: a list written as CSV, imported into a workbook the test builds, and the
heights read from the worksheet's XML.
"""

from __future__ import annotations

import re
import shutil
import zipfile

import pandas as pd
from conftest import WORKBOOK
from test_import import write_csv

from efh_xl import import_actions
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.reader import read_workbook

SHEET = "xl/worksheets/sheet1.xml"  # the Actions sheet, first in the built workbook
HEADER = ["N° action", "Action", "Porteur", "Pilier", "Montant accordé", "Territoire", "Année"]
LONG_TITLE = (
    "Accompagnement renforcé des jeunes femmes des quartiers vers les métiers du numérique, "
    "ateliers collectifs et suivi individuel sur douze mois"
)


def heights(path) -> dict[int, float]:
    with zipfile.ZipFile(path) as package:
        xml = package.read(SHEET).decode()
    return {
        int(row): float(ht)
        for row, ht in re.findall(r'<row r="(\d+)"[^>]*? ht="([0-9.]+)"', xml)
    }


def line(number, title, pilier):
    return [number, title, "Association Élan", pilier, "1 000", "Val-de-Lys Métropole", "2026"]


def test_added_rows_are_sized_as_the_build_sizes_them(tmp_path):
    imported = tmp_path / "importé.xlsm"
    build_workbook(imported, actions=pd.DataFrame())
    rows = [
        [*HEADER, "Q1", "Q2a", "Q3", "Q4", "Q5"],
        # « Développement économique et emploi » takes two lines of the 30-wide Pilier column:
        # it was cut to « Développement économique et » at 15 points.
        [*line("PRJ-1", "Atelier", "Développement économique et emploi"), "", "", "", "", ""],
        [*line("PRJ-2", LONG_TITLE, "Cohésion sociale"), "", "", "", "", ""],
        # Answered: a motif of two lines of the 90-wide Motif column.
        [*line("PRJ-3", "Café des parents", "Cohésion sociale"), "OUI", "NON", "OUI", "OUI", ""],
        [*line("PRJ-4", "Atelier", "Cohésion sociale"), "", "", "", "", ""],
    ]
    import_actions(write_csv(tmp_path / "liste.csv", rows), imported)
    got = heights(imported)
    first = 5  # the table's first data row
    assert got[first] == 30 and got[first + 1] == 60 and got[first + 3] == 15
    assert got[first + 2] >= 30  # the motif wraps
    # The build, given the same actions, sizes each row alike.
    built = tmp_path / "construit.xlsm"
    build_workbook(built, actions=read_workbook(imported).actions)
    made = heights(built)
    assert [got[first + i] for i in range(4)] == [made.get(first + i, 15) for i in range(4)]


def test_a_known_action_whose_texts_grow_gets_a_taller_row_never_a_shorter_one(tmp_path):
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    actions = read_workbook(workbook).actions
    number = actions.iloc[0]["N° action"]
    row = 5
    before = heights(workbook)
    assert before[row] == 30
    source = write_csv(tmp_path / "liste.csv", [["N° action", "Action"], [number, LONG_TITLE]])
    assert import_actions(source, workbook).updated == 1
    assert heights(workbook)[row] == 60
    # A shorter title keeps the row as it is (a height typed by hand is never lost).
    source = write_csv(tmp_path / "court.csv", [["N° action", "Action"], [number, "Atelier"]])
    assert import_actions(source, workbook).updated == 1
    assert heights(workbook)[row] == 60
    # An amount changed alone leaves every row's height untouched.
    source = write_csv(tmp_path / "montant.csv", [["N° action", "Montant accordé"], [number, "7"]])
    assert import_actions(source, workbook).updated == 1
    after = heights(workbook)
    assert after == {**before, row: 60}
