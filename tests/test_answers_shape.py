"""One action's answers are six, in question order, or taken by name from a row.

A whole row of the Actions table gave its year and territory as answers (« Q1 : « 2024 »
non reconnu »), five answers a blank Q5, a text its letters: plausible markers, wrong, without
a word. EFH_GRILLE over a range of Q1 to Q4 did the same.
"""

from __future__ import annotations

import pytest
from conftest import WORKBOOK

import efh_xl
from efh_xl.excel import functions as fn

ROW = {"Année": 2024, "Territoire": "Nord", "Q1": "OUI", "Q2a": "OUI", "Q2b": None, "Q3": "OUI"}
ROW |= {"Q4": "OUI", "Q5": "OUI"}


def test_a_row_of_the_table_gives_its_answers_by_name():
    data = efh_xl.read_workbook(WORKBOOK)
    row = data.actions.iloc[0]
    by_name = efh_xl.evaluate_action(row)
    in_order = efh_xl.evaluate_action([row[q] for q in ("Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5")])
    assert by_name == in_order
    six = ["OUI", "OUI", None, "OUI", "OUI", "OUI"]
    assert efh_xl.evaluate_action(ROW) == efh_xl.evaluate_action(six)


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        (["OUI"] * 5, "6 réponses attendues (Q1, Q2a, Q2b, Q3, Q4, Q5), 5 reçues"),
        (["OUI"] * 7, "7 reçues"),
        ("OUIOUI", "6 réponses attendues"),
        (None, "6 réponses attendues"),
        ({"Q1": "OUI"}, "colonnes manquantes : Q2a, Q2b, Q3, Q4, Q5"),
    ],
)
def test_anything_else_is_refused_in_french(answers, said):
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace(")", r"\)")):
        efh_xl.evaluate_action(answers)


def test_efh_grille_over_a_range_not_six_wide_says_so():
    said = fn.grille([["OUI", "OUI", None, "OUI", "OUI"]])
    expected = (
        "Grille : la plage des réponses doit avoir 6 colonnes (Q1, Q2a, Q2b, Q3, Q4, Q5), "
        "elle en a 5"
    )
    assert said == [[expected, expected]]
