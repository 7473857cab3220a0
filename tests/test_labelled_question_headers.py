"""Answer columns headed by their question's number and a label (« Q1 – Public mixte », as
the summary sheets name them; « Q2 b », « Q2-a », « Q2b (non-mixité) ») are the answers: the
list was said to have none (`evaluate`: « Colonnes manquantes », `import`: no header row)."""

from __future__ import annotations

import pytest
from conftest import WORKBOOK

from efh_xl.core.list_headers import known_column
from efh_xl.workbook.action_lists import evaluate_file
from efh_xl.workbook.programmation_import import import_actions

LABELLED = (
    "Q1 – Public mixte",
    "Q2 a – Objectif principal EFH",
    "Q2-b (non-mixité)",
    "Q3 – Diagnostic sexué",
    "Q4 – Participation équilibrée",
    "Q5 – Indicateurs sexués",
)


@pytest.mark.parametrize(
    ("header", "question"),
    [
        ("Q1 – Public mixte", "Q1"),
        ("Q2 a", "Q2a"),
        ("Q2-b", "Q2b"),
        ("Q2b (non-mixité)", "Q2b"),
        ("Question 2-a : objectif", "Q2a"),
        ("q5 indicateurs sexués", "Q5"),
        # Not a question: a quarter of a year, a question number the grid has not.
        ("Q1 2025", None),
        ("Q2", None),
        ("Q6 – autre", None),
        # A column about a question that holds no answer.
        ("Q5 commentaire", None),
        ("Q3 – date de réponse", None),
        ("Question 4 observations", None),
    ],
)
def test_a_question_is_known_by_its_number_before_its_label(header, question):
    assert known_column(header) == question


def test_evaluate_and_import_read_labelled_answer_columns(tmp_path):
    listing = tmp_path / "liste.csv"
    listing.write_text(
        "N° action;Intitulé;" + ";".join(LABELLED) + "\nLAB-1;Atelier;OUI;OUI;;OUI;OUI;OUI\n",
        encoding="utf-8",
    )
    assert evaluate_file(listing)["Marqueur"].tolist() == [2]
    book = tmp_path / "classeur.xlsm"
    book.write_bytes(WORKBOOK.read_bytes())
    result = import_actions(listing, book, territory="Val-de-Lys Métropole", year=2025)
    assert result.added == 1 and not result.rejected
