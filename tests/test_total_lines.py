"""A list's totals lines (« Total général » at the bottom, « Sous-total Pilier 1 » or « Total
quartier Nord » between groups of actions, with the sums of the amounts) are no actions:
`evaluate` leaves them out and `import` does not add them, both saying so once, naming their
lines. Counted as actions, their euros would double the list's. A porteur called « TOTAL » (a
company) or a title « Total Festival » under an action number stays an action. One rule
(efh_xl.core.list_notes.totals_label) serves both commands; every list here is a real file."""

from __future__ import annotations

import shutil

import pytest
from conftest import WORKBOOK
from test_import import write_csv, write_xlsx

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


# A list exported from a spreadsheet with a subtotal under each pilier and the grand total at
# the bottom; the subtotals' labels in the first column, the title column or the number
# column, as spreadsheets write them. Line numbers are the file's (header on line 1).
GROUPED_HEADER = ["Territoire", "N° dossier", "Intitulé", "Structure porteuse", "Montant attribué"]
GROUPED = [
    GROUPED_HEADER,
    ["Nord", "PRJ-1", "Atelier", "TOTAL", 1000],  # line 2: a company called TOTAL, an action
    ["Nord", "PRJ-2", "Sport", "Asso", 2000],
    ["Sous-total Pilier 1", "", "", "", 3000],  # line 4
    ["Nord", "PRJ-3", "Emploi", "Asso", 500],
    ["Nord", "", "Total quartier Nord", "", 3500],  # line 6
    ["Sud", "PRJ-4", "Théâtre", "Compagnie", 250],
    ["", "Sous-total Pilier 2 :", "", "", 750],  # line 8
    ["TOTAL GÉNÉRAL", "", "", "", 3750],  # line 9
]
TOTALS = {
    4: "Sous-total Pilier 1",
    6: "Total quartier Nord",
    8: "Sous-total Pilier 2 :",
    9: "TOTAL GÉNÉRAL",
}
ACTIONS = ["PRJ-1", "PRJ-2", "PRJ-3", "PRJ-4"]


def grouped_list(tmp_path, suffix):
    rows = [[str(v) if suffix == ".csv" else v for v in row] for row in GROUPED]
    path = tmp_path / f"liste{suffix}"
    return write_csv(path, rows) if suffix == ".csv" else write_xlsx(path, rows)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_evaluate_leaves_out_subtotals_between_the_actions(tmp_path, suffix):
    header = [*GROUPED_HEADER, *QS]
    rows = [[*row, *([""] * 6 if n else [])] for n, row in enumerate(GROUPED)]
    rows[0] = header
    rows[1][-6:] = ["OUI", "OUI", "", "OUI", "OUI", "OUI"]  # the porteur TOTAL's answers
    rows = [[str(v) if suffix == ".csv" else v for v in row] for row in rows]
    source = tmp_path / f"liste{suffix}"
    source = write_csv(source, rows) if suffix == ".csv" else write_xlsx(source, rows)
    result = evaluate_file(source, tmp_path / "out.xlsx")
    assert list(result["N° dossier"]) == ACTIONS
    assert sum(float(v) for v in result["Montant attribué"]) == 3750  # each euro counted once
    [warning] = [w for w in result.attrs["warnings"] if "de côté" in w]
    assert warning.startswith("4 lignes laissées de côté, ce ne sont pas des actions : ")
    for line, label in TOTALS.items():
        assert f"ligne {line} (« {label} ») : ligne de total" in warning
    assert result["Marqueur"].iloc[0] == 2  # the porteur TOTAL: evaluated as an action


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_leaves_out_subtotals_between_the_actions(workbook, tmp_path, suffix):
    result = import_actions(grouped_list(tmp_path, suffix), workbook)
    assert result.added == 4 and not result.rejected
    [warning] = [w for w in result.warnings if "de total" in w]
    assert warning == (
        "Lignes de total laissées de côté, ce ne sont pas des actions : lignes 4, 6, 8, 9 "
        "(leurs montants, comptés comme ceux d'actions, doubleraient les euros). Libellés : "
        "« Sous-total Pilier 1 », « Total quartier Nord », « Sous-total Pilier 2 : », "
        "« TOTAL GÉNÉRAL »."
    )
    # A label in the Territoire column is no territory to add to Paramètres either.
    assert not any("Sous-total" in w for w in result.warnings if w != warning)
    table = read_workbook(workbook).actions
    added = table[table["N° action"].isin(ACTIONS)]
    assert sorted(added["N° action"]) == ACTIONS
    assert added["Montant accordé"].sum() == 3750
    assert not table["Action"].astype(str).str.contains("Total").any()
    assert list(added.loc[added["N° action"] == "PRJ-1", "Porteur"]) == ["TOTAL"]


def test_one_subtotal_is_said_with_its_line(workbook, tmp_path):
    rows = [
        ["N° dossier", "Intitulé", "Structure porteuse", "Montant attribué", "Année"],
        ["PRJ-1", "Atelier", "Asso", "1000", "2026"],
        ["", "Sous-total Pilier 1", "", "1000", ""],
        ["PRJ-2", "Sport", "Asso", "2000", "2026"],
    ]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, territory="T")
    assert result.added == 2 and not result.rejected
    assert (
        "Ligne de total laissée de côté, ce n'est pas une action : ligne 3 (son montant, "
        "compté comme celui d'une action, doublerait les euros). Libellé : « Sous-total "
        "Pilier 1 »." in result.warnings
    )


def test_a_title_starting_with_total_under_an_action_number_is_an_action(workbook, tmp_path):
    rows = [
        ["N° action", "Intitulé", "Porteur", "Montant accordé", *QS],
        ["PRJ-1", "Total Festival", "Asso", "1000", *[""] * 6],
        ["PRJ-2", "Sport", "TOTAL", "2000", *[""] * 6],
        ["Sous-total", "", "", "3000", *[""] * 6],
        ["", "Totalement sport", "Asso", "500", *[""] * 6],  # « Totalement »: no label
    ]
    source = write_csv(tmp_path / "liste.csv", rows)
    result = evaluate_file(source)
    assert list(result["Intitulé"]) == ["Total Festival", "Sport", "Totalement sport"]
    imported = import_actions(source, workbook, territory="T")
    assert imported.added == 2 and [r.line for r in imported.rejected] == [5]
    [warning] = [w for w in imported.warnings if "de total" in w]
    assert "ligne 4 (son montant" in warning and warning.endswith("Libellé : « Sous-total ».")


def test_a_subtotal_is_found_beside_letters_that_lower_into_two(tmp_path):
    # « İ » lowers into two characters: the search for « total » still finds the right row.
    rows = [
        ["N° action", "Intitulé", "Porteur", "Montant accordé", *QS],
        ["PRJ-1", "Atelier", "İstanbul Derneği", "1000", *[""] * 6],
        ["", "SOUS-TOTAL İLE", "", "1000", *[""] * 6],
        ["PRJ-2", "Sport", "İzmir", "2000", *[""] * 6],
    ]
    result = evaluate_file(write_csv(tmp_path / "liste.csv", rows))
    assert list(result["N° action"]) == ["PRJ-1", "PRJ-2"]
    [warning] = [w for w in result.attrs["warnings"] if "de côté" in w]
    assert "ligne 3 (« SOUS-TOTAL İLE ») : ligne de total" in warning
