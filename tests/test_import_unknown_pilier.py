"""An imported pilier missing from the workbook's list (Paramètres) is imported as typed and
named in the report with its lines, so a misspelt pilier does not become a pilier of its own
unnoticed; a known pilier, whatever its case, is not named."""

import shutil

from conftest import WORKBOOK
from test_import import HEADER, write_csv

from efh_xl import import_actions
from efh_xl.workbook.reader import read_workbook


def line(number, pilier):
    place = "Val-de-Lys Métropole"
    return [number, "Atelier", "Association", "1000", "1000", "2026", place, pilier]


def test_a_pilier_missing_from_the_list_is_imported_and_named(tmp_path):
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    rows = [
        HEADER,
        line("PRJ-1", "Cadre de vie"),  # the official name is longer
        line("PRJ-2", "COHÉSION SOCIALE"),  # known, another case
        line("PRJ-3", "Cadre de vie"),
        line("PRJ-4", "Emploi"),
        line("PRJ-5", ""),
    ]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    assert result.added == 5
    [warning] = [w for w in result.warnings if "Pilier absent" in w]
    assert "« Cadre de vie » (lignes 2, 4)" in warning
    assert "« Emploi » (ligne 5)" in warning
    assert "COHÉSION" not in warning
    imported = read_workbook(workbook).actions.set_index("N° action")
    assert imported.loc["PRJ-1", "Pilier"] == "Cadre de vie"


def test_known_piliers_give_no_warning(tmp_path):
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    rows = [HEADER, line("PRJ-1", "Cohésion sociale"), line("PRJ-2", "Axe transversal : jeunesse")]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, dry_run=True)
    assert not [w for w in result.warnings if "Pilier" in w]


def test_a_short_form_of_a_listed_pilier_gets_a_suggestion(tmp_path):
    # « Jeunesse » and « Cadre de vie » got no proposal, and the regional « Par pilier »
    # table then had rows of their own.
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    rows = [
        HEADER,
        line("PRJ-1", "Cadre de vie"),
        line("PRJ-2", "JEUNESSE"),
        line("PRJ-3", "cohesion-sociale"),  # folds as a listed one: that one alone
        line("PRJ-4", "Axe transversal"),  # in three listed piliers: all three named
        line("PRJ-5", "Sport"),  # in none: no proposal
        # Trials 9 and 10: one holding a listed one, one giving its words in another order.
        line("PRJ-6", "Pilier 1 - Cohésion sociale"),
        line("PRJ-7", "Emploi et développement économique"),
    ]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, dry_run=True)
    [close] = [w for w in result.warnings if w.startswith("Pilier proche")]
    assert close == (
        "Pilier proche d'un pilier de la liste de Paramètres : "
        "« Cadre de vie » (vouliez-vous dire « Cadre de vie et renouvellement urbain » ?) ; "
        "« JEUNESSE » (vouliez-vous dire « Axe transversal : jeunesse » ?) ; "
        "« cohesion-sociale » (vouliez-vous dire « Cohésion sociale » ?) ; "
        "« Axe transversal » (vouliez-vous dire « Axe transversal : égalité femmes-hommes » ou "
        "« Axe transversal : jeunesse » ou « Axe transversal : lutte contre les "
        "discriminations » ?) ; "
        "« Pilier 1 - Cohésion sociale » (vouliez-vous dire « Cohésion sociale » ?) ; "
        "« Emploi et développement économique » (vouliez-vous dire « Développement "
        "économique et emploi » ?)"
    )
    assert "Sport" not in close

