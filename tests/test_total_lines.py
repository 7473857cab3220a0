"""A list's totals line (« Total », « Total général », « Sous-total » and the sums of the
amounts) is no action: `evaluate` leaves it out and `import` does not add it, both saying so.
Counted as an action, its euros would double the list's. A porteur called « TOTAL » (a
company) stays an action."""

from __future__ import annotations

import shutil

from conftest import WORKBOOK
from test_import import write_csv

from efh_xl import import_actions
from efh_xl.workbook.action_lists import evaluate_file
from efh_xl.workbook.reader import read_workbook

QS = ["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"]


def test_evaluate_leaves_out_the_totals_line(tmp_path):
    header = ["N° action", "Intitulé", "Porteur", "Montant accordé", *QS]
    rows = [
        header,
        ["PRJ-1", "Atelier", "TOTAL", "1000", "OUI", "OUI", "", "OUI", "OUI", "OUI"],
        ["PRJ-2", "Sport", "Asso", "2000", *[""] * 6],
        ["Total général", "", "", "3000", *[""] * 6],
    ]
    out = tmp_path / "out.csv"
    result = evaluate_file(write_csv(tmp_path / "liste.csv", rows), out)
    assert list(result["N° action"]) == ["PRJ-1", "PRJ-2"]
    [warning] = [w for w in result.attrs["warnings"] if "de côté" in w]
    assert "ligne 4 (« Total général ») : ligne de total" in warning


def test_import_does_not_add_the_totals_line(tmp_path):
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    header = ["N° dossier", "Intitulé", "Structure porteuse", "Montant attribué", "Année"]
    rows = [
        header,
        ["PRJ-1", "Atelier", "TOTAL", "1000", "2026"],  # a company called TOTAL: an action
        ["PRJ-2", "Sport", "Asso", "2000", "2026"],
        ["", "Sous-total :", "", "3000", ""],
        ["TOTAL", "", "", "3000", ""],
    ]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, territory="T")
    assert result.added == 2 and not result.rejected
    [warning] = [w for w in result.warnings if "de total" in w]
    assert "Lignes de total laissées de côté, ce ne sont pas des actions : lignes 4, 5" in warning
    assert "leurs montants, comptés comme ceux d'actions, doubleraient les euros" in warning
    # Not imported, a totals line has no territory to fix: only the actions' lines are named.
    [territory] = [w for w in result.warnings if w.startswith("Territoire absent")]
    assert "« T » (lignes 2, 3)" in territory, territory
    numbers = set(read_workbook(workbook).actions["N° action"])
    assert {"PRJ-1", "PRJ-2"} <= numbers and "TOTAL" not in numbers


def test_one_totals_line_is_said_in_the_singular(tmp_path):
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    rows = [["N° action", "Intitulé", "Montant accordé"], ["PRJ-1", "Atelier", "1000"],
            ["Total", "", "1000"]]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, territory="T")
    [warning] = [w for w in result.warnings if "de total" in w]
    assert warning.startswith("Ligne de total laissée de côté, ce n'est pas une action : ligne 3")
    assert "(son montant, compté comme celui d'une action, doublerait les euros)" in warning
