"""Settings made in Python are checked as the Paramètres sheet's values are, in French."""

from __future__ import annotations

import pytest

from efh_xl.core.settings import Settings


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"eige_weights": (0, 1)}, "eige_weights : trois pondérations entre 0 et 1"),
        ({"eige_weights": (0, 0.4, 40)}, "eige_weights : trois pondérations entre 0 et 1"),
        ({"target_1_or_2": 1.5}, "target_1_or_2 : une part entre 0 et 1 (0.85 pour 85 %)"),
        ({"target_2": "20 %"}, "target_2 : une part entre 0 et 1"),
        ({"max_listed": -1}, "max_listed : un nombre d'actions"),
        ({"eige_weights": None}, "eige_weights : trois pondérations entre 0 et 1"),
        # A text is no list of names: it gave one pilier per letter.
        ({"piliers": "Cohésion sociale"}, "piliers : une liste de noms"),
        ({"funders": "CAF"}, "funders : une liste de noms"),
        ({"territories": ["Denain", 3]}, "territories : une liste de noms"),
        ({"short_names": ["Denain"]}, "short_names : des paires (territoire, nom court)"),
        ({"rule_name": 3}, "rule_name : un texte"),
    ],
)
def test_a_value_summarize_cannot_use_is_refused_when_made(given, said):
    # Two weights failed later, in summarize, on « operands could not be broadcast ».
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace(")", r"\)")):
        Settings(**given)


def test_the_defaults_and_the_sheets_values_pass():
    assert Settings().eige_weights == (0.0, 0.4, 1.0)
    assert Settings(eige_weights=(0, 0.5, 1), target_1_or_2=1, target_2=0).target_2 == 0


def test_lists_and_a_dict_of_short_names_are_taken_as_the_sheet_gives_them():
    made = Settings(piliers=["A", "B"], short_names={"Contrat de ville de Denain": "Denain"})
    assert made.piliers == ("A", "B")  # a tuple: Settings stay hashable
    assert made.short_name("contrat de ville de denain") == "Denain"
