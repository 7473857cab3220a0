"""A list whose header is written on two rows: « Montants » merged over « demandé | accordé »,
« Réponses à la grille » over « Q1 … Q5 », the other headers merged down both rows. Read as
one row, the numbers, titles and porteurs were lost (« aucune colonne de N° d'action »)."""

from __future__ import annotations

import shutil

import pytest
import xlsxwriter
from conftest import WORKBOOK
from test_import import write_csv

from efh_xl import evaluate_file, import_actions
from efh_xl.core.list_headers import two_row_header
from efh_xl.workbook.reader import read_workbook

UPPER = ["N° dossier", "Intitulé", "Porteur", "Montants", "", "Réponses à la grille"]
LOWER = ["", "", "", "demandé", "accordé", "Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"]
HEADERS = ["N° dossier", "Intitulé", "Porteur", "Montants demandé", "Montants accordé"] + LOWER[5:]
ROWS = [
    [
        "2025-001",
        "Atelier vélo",
        "Asso Roue",
        12000,
        10000,
        "OUI",
        "NON",
        "NON",
        "OUI",
        "OUI",
        "NON",
    ],
    [
        "2025-002",
        "Jardin partagé",
        "Les Jardins",
        8000,
        8000,
        "NON",
        "OUI",
        "NON",
        "NON",
        "OUI",
        "OUI",
    ],
]


def test_two_rows_are_joined_only_when_they_name_more_columns_together():
    assert two_row_header(UPPER, LOWER) == HEADERS
    # A group whose words and a lower cell name the column together.
    joined = two_row_header(
        ["N° dossier", "Intitulé", "Subvention", ""], ["", "", "demandée", "accordée"]
    )
    assert joined == ["N° dossier", "Intitulé", "Subvention demandée", "Subvention accordée"]
    # A title above the header, a first row of values: no half of a header.
    assert two_row_header(["Programmation 2025", "", ""], ["N° dossier", "Intitulé", "Q1"]) is None
    assert two_row_header(["N° dossier", "Intitulé", "Q1"], ["2025-1", "Atelier", "OUI"]) is None
    assert two_row_header(["N° dossier", "Intitulé", "Q1"], ["2025-1", "Atelier", 1.0]) is None
    # Review: a value that is a header's synonym (« Voté ») made a first row of a CSV, all
    # text, half of the header; a title's words named a column of their own.
    upper, lower = ["N° action", "Intitulé", "Statut", "Q1"], ["PRJ-01", "Atelier", "Voté", "OUI"]
    assert two_row_header(upper, lower) is None
    assert two_row_header(["Contrat de ville", "", "", ""], upper) is None
    # A unit in the group's text stays with its columns.
    assert two_row_header(["N° dossier", "Montants (k€)", ""], ["", "demandé", "accordé"]) == [
        "N° dossier",
        "Montants (k€) demandé",
        "Montants (k€) accordé",
    ]


def test_a_sheet_list_with_merged_headers_is_imported_whole(tmp_path):
    source = tmp_path / "programmation.xlsx"
    book = xlsxwriter.Workbook(source)
    sheet = book.add_worksheet("Programmation")
    for c, text in enumerate(UPPER[:3]):
        sheet.merge_range(0, c, 1, c, text)  # merged down: the text is in the top cell
    sheet.merge_range(0, 3, 0, 4, "Montants")
    sheet.merge_range(0, 5, 0, 10, "Réponses à la grille")
    sheet.write_row(1, 3, LOWER[3:])
    for r, row in enumerate(ROWS, start=2):
        sheet.write_row(r, 0, row)
    book.close()
    workbook = shutil.copy(WORKBOOK, tmp_path / "grille.xlsm")
    result = import_actions(source, workbook, year=2025, territory="Douaisis", dry_run=True)
    assert (result.added, result.rejected, result.unknown_columns) == (2, [], [])
    assert result.columns["N° dossier"] == "N° action"
    assert (result.columns["Montants demandé"], result.columns["Montants accordé"]) == (
        "Montant demandé",
        "Montant accordé",
    )


def test_a_csv_list_with_a_header_on_two_rows_is_evaluated_under_its_headers(tmp_path):
    upper = UPPER + [""] * (len(LOWER) - len(UPPER))
    source = write_csv(tmp_path / "liste.csv", [upper, LOWER, *ROWS])
    result = evaluate_file(source)
    assert list(result.columns[: len(HEADERS)]) == HEADERS
    assert list(result["N° dossier"]) == ["2025-001", "2025-002"]
    assert list(result["Marqueur"]) == [0, 0]


@pytest.mark.parametrize("sep", [";", ","])
def test_its_rejected_lines_are_named_by_their_line_in_the_file(tmp_path, sep):
    upper = UPPER + [""] * (len(LOWER) - len(UPPER))
    bad = ["", "Sans numéro", "Asso", "", "", "OUI", "NON", "NON", "OUI", "OUI", "NON"]
    source = write_csv(tmp_path / "liste.csv", [upper, LOWER, ROWS[0], bad], sep=sep)
    workbook = shutil.copy(WORKBOOK, tmp_path / "grille.xlsm")
    result = import_actions(source, workbook, year=2025, territory="Douaisis", dry_run=True)
    assert result.added == 1
    assert [r.line for r in result.rejected] == [4]


def test_a_column_under_a_group_is_mapped_by_its_lower_cell(tmp_path):
    # Named as the user sees it (« État », under « Montants », beside a known « CAF »), or as
    # the warning names it (« Montants État »), the State's column is imported.
    rows = [
        ["N° dossier", "Intitulé", "Porteur", "Montants", "", ""],
        ["", "", "", "accordé", "CAF", "État"],
        ["2025-001", "Atelier vélo", "Asso Roue", "9000", "1500", "4000"],
    ]
    workbook = tmp_path / "w.xlsm"
    shutil.copy(WORKBOOK, workbook)
    source = write_csv(tmp_path / "l.csv", rows)
    for named in ("État", "Montants État"):
        mapping = [f"{named}=Montant État (programme 147)"]
        result = import_actions(source, workbook, mapping=mapping, dry_run=named == "État")
        assert result.added == 1 and not result.unknown_columns
        assert "introuvable" not in " ".join(result.warnings)
        assert "Montant État (programme 147)" in result.columns.values()
    action = read_workbook(workbook).actions.iloc[-1]
    assert action["Montant État (programme 147)"] == 4000
    assert action["Montant CAF"] == 1500
