"""The headers of common exports are read (« N° de dossier (Dauphin) », « Montant proposé
(€) », « Montant retenu en € »...); a list that still has no « Montant accordé » or no
N° action is imported with a warning saying so and how to name the column; every unknown
header gets its own --colonne line; a quartier (QPV) header is never offered as the territory.

Through real files: lists written as XLSX and CSV, imported into a copy of the workbook.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import WORKBOOK
from test_import import communes_sheets, write_csv, write_sheets, write_xlsx

from efh_xl import import_actions
from efh_xl.cli import main
from efh_xl.workbook.reader import read_workbook


@pytest.fixture
def workbook(tmp_path):
    copy = tmp_path / "Grille Douaisis 2026.xlsm"
    shutil.copy(WORKBOOK, copy)
    return copy


def added(path, number):
    actions = read_workbook(path).actions
    return actions[actions["N° action"] == number].iloc[0]


def test_a_dauphin_like_export_is_read_whole(workbook, tmp_path):
    # The trial's export: every column was read but the number and the amount granted.
    rows = [
        ["Export Dauphin — programmation 2026"],
        [],
        [
            "N° de dossier Dauphin",
            "Nom du projet",
            "Porteur de projet",
            "Thématique",
            "Montant sollicité (€)",
            "Montant proposé (€)",
        ],
        ["2026-DOU-001", "Atelier vélo", "Association Élan", "Cohésion sociale", 5000, 4000],
        ["2026-DOU-002", "Café des parents", "Centre social", "Cohésion sociale", 3000, 2500],
    ]
    source = write_xlsx(tmp_path / "Douaisis 2026.xlsx", rows)
    result = import_actions(source, workbook, year=2026, territory="Val-de-Lys Métropole")
    assert result.unknown_columns == [] and result.added == 2
    assert result.columns["N° de dossier Dauphin"] == "N° action"
    assert result.columns["Montant proposé (€)"] == "Montant accordé"
    assert not [w for w in result.warnings if "Montant accordé" in w or "N° d'action" in w]
    first = added(workbook, "2026-DOU-001")
    assert (first["Montant demandé"], first["Montant accordé"]) == (5000, 4000)


@pytest.mark.parametrize(
    ("number", "granted"),
    [
        ("N° de dossier (Dauphin)", "Montant proposé"),
        ("N° dossier Dauphin", "Montant retenu en €"),
        ("Numéro de dossier Dauphin", "Montant programmé (en euros)"),
    ],
)
def test_other_wordings_of_the_number_and_the_amount(workbook, tmp_path, number, granted):
    rows = [[number, "Intitulé", "Porteur", granted], ["PRJ-9", "Atelier", "Asso", "2 500"]]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    assert result.unknown_columns == [] and result.added == 1
    assert added(workbook, "PRJ-9")["Montant accordé"] == 2500


def test_a_list_without_amount_granted_or_number_is_said_with_a_line_per_unknown_column(
    workbook, tmp_path, capsys
):
    rows = [
        [
            "Référence Dauphin",
            "Intitulé",
            "Porteur",
            "Montant sollicité",
            "Enveloppe attribuée",
            "Quartier prioritaire",
            "Zorglub",
        ],
        ["D-1", "Atelier", "Asso", "1 000", "800", "Faubourg de Béthune", "z"],
    ]
    source = write_csv(tmp_path / "liste.csv", rows)
    result = import_actions(source, workbook, dry_run=True)
    [unknown] = [w for w in result.warnings if w.startswith("Colonnes non reconnues")]
    # One line per unknown header, each with its own guess; none for the quartier.
    assert unknown.split("\n")[1:] == [
        '  --colonne "Référence Dauphin=N° action"',
        '  --colonne "Enveloppe attribuée=Montant accordé"',
        "  « Quartier prioritaire » : aucune colonne du tableau ne porte le quartier (un "
        "quartier prioritaire n'est pas le territoire du contrat de ville) ; elle reste ignorée.",
        '  --colonne "Zorglub=COLONNE" (COLONNE : Année, Territoire, N° action, Action, '
        "Porteur, Pilier, Montant demandé, Montant accordé, Q1, Q2a, Q2b, Q3, Q4, Q5, "
        "Commentaires, Montant État (programme 147), Montant Intercommunalité, Montant Commune, "
        "Montant CAF, Montant Région, Montant Bailleurs, Femmes prévues, Hommes prévus, Femmes "
        "réalisées ou Hommes réalisés)",
    ]
    assert "Territoire" not in unknown.split("\n")[3]
    [granted] = [w for w in result.warnings if "Montant accordé » dans le fichier" in w]
    assert granted.startswith("Aucune colonne « Montant accordé » dans le fichier")
    assert '--colonne "Enveloppe attribuée=Montant accordé"' in granted
    [number] = [w for w in result.warnings if w.startswith("Pas de colonne N° d'action")]
    assert '--colonne "Référence Dauphin=N° action"' in number
    # The CLI prints each suggestion on its own line, under « Attention : ».
    main(["import", str(source), "--into", str(workbook), "--dry-run"])
    printed = capsys.readouterr().out.splitlines()
    assert '  --colonne "Enveloppe attribuée=Montant accordé"' in printed
    assert any(p.startswith("Attention : Aucune colonne « Montant accordé »") for p in printed)
    # Following the advice imports the number and the amount, and the warnings go.
    result = import_actions(
        source,
        workbook,
        mapping=["Référence Dauphin=N° action", "Enveloppe attribuée=Montant accordé"],
    )
    assert not [w for w in result.warnings if "dans le fichier" in w or "N° d'action" in w]
    assert added(workbook, "D-1")["Montant accordé"] == 800


def test_without_a_likely_header_the_warning_names_a_placeholder(workbook, tmp_path):
    rows = [["N° action", "Intitulé", "Porteur"], ["PRJ-9", "Atelier", "Asso"]]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, dry_run=True)
    [granted] = [w for w in result.warnings if "Montant accordé » dans le fichier" in w]
    assert '--colonne "Votre en-tête=Montant accordé"' in granted
    assert not [w for w in result.warnings if w.startswith("Colonnes non reconnues")]


def test_a_hint_never_names_a_column_another_header_fills(workbook, tmp_path):
    # « Intitulé du dossier » was offered as N° action, which « N° dossier » fills: followed,
    # the titles became the numbers. It is a title; « Statut du dossier » gets no guess.
    headers = ["N° dossier", "Intitulé du dossier", "Bénéficiaire", "Montant attribué"]
    rows = [[*headers, "Statut du dossier"], ["D-1", "Atelier vélo", "Asso A", "800", "Instruit"]]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    assert added(workbook, "D-1")["Action"] == "Atelier vélo"
    [unknown] = [w for w in result.warnings if w.startswith("Colonnes non reconnues")]
    assert '--colonne "Statut du dossier=COLONNE"' in unknown
    assert "=N° action" not in unknown


def test_a_column_without_header_inside_the_table_is_said(workbook, tmp_path):
    # Its amounts were dropped without a word: no header to name, so nothing to map either.
    rows = [
        ["N° action", "Action", "Porteur", "", "Année"],
        ["PRJ-1", "Atelier", "Asso A", 1500.0, "2025"],
        ["PRJ-2", "Jardin", "Asso B", "", "2025"],
    ]
    result = import_actions(write_xlsx(tmp_path / "liste.xlsx", rows), workbook, dry_run=True)
    assert (
        "Colonne sans en-tête entre « Porteur » et « Année », ignorée : sa valeur (« 1500 ») "
        "n'est pas importée. Donnez-lui un en-tête dans le fichier"
    ) in " ".join(result.warnings)


def test_other_sheets_that_read_as_lists_are_said(workbook, tmp_path):
    # One tab per commune: the first sheet's actions were imported, the others dropped unsaid.
    sheets = communes_sheets(Douai=["D-1", "D-2"], Sin_le_Noble=["S-1", "S-2", "S-3"])
    sheets["Notes"] = [["Liste reçue le 3 mars"]]
    path = write_sheets(tmp_path / "communes.xlsx", sheets)
    result = import_actions(path, workbook, dry_run=True)
    assert result.added == 2  # the first of the sheets that read equally well
    said = " ".join(result.warnings)
    assert "Seule la feuille « Douai » du fichier a été lue ; sa feuille « Sin-le-Noble » " in said
    assert "(3 lignes) ressemble aussi à une liste d'actions et n'a pas été importée" in said
    assert "Notes" not in said


def test_replacement_characters_in_a_sheet_list_are_said(workbook, tmp_path):
    # A CSV holding « � » is refused; a sheet's cells went into the workbook unsaid.
    rows = [["N° action", "Action", "Porteur"], ["PRJ-1", "Atelier d'\ufffdcriture", "Asso"]]
    result = import_actions(write_xlsx(tmp_path / "liste.xlsx", rows), workbook, dry_run=True)
    said = " ".join(result.warnings)
    assert "illisibles « \ufffd » dans l'intitulé, le porteur ou le pilier (ligne 2)" in said


def test_amounts_in_thousands_are_imported_in_euros_and_said(workbook, tmp_path):
    # Trial 9: « Montant accordé (k€) » mapped by hand imported 12,5 as 12,50 €.
    rows = [
        [
            "N° action",
            "Intitulé",
            "Porteur",
            "Demandé (en milliers d'euros)",
            "Montant (k€)",
            "Montant CAF (k€)",  # a funder's column of the workbook (trial 11)
        ],
        ["K-1", "Atelier", "Asso", "12,5", "10", "0,5"],
    ]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    assert result.unknown_columns == [] and result.added == 1
    first = added(workbook, "K-1")
    assert (first["Montant demandé"], first["Montant accordé"]) == (12500, 10000)
    assert first["Montant CAF"] == 500
    assert (
        "« Montant (k€) » donne ses montants en milliers d'euros : ils sont importés en euros "
        "dans Montant accordé, multipliés par 1"
    ) in " ".join(result.warnings)


def test_an_amount_typed_with_its_own_euro_sign_under_thousands_is_kept_in_euros(
    workbook, tmp_path
):
    # Second trial: « 12 500 € » under « Montant (k€) » became 12,5 million euros.
    rows = [
        ["N° action", "Intitulé", "Porteur", "Montant (k€)"],
        ["E-1", "Atelier", "Asso", "12 500 €"],
        ["E-2", "Atelier 2", "Asso", "12,5"],
        ["E-3", "Atelier 3", "Asso", "12,5 k€"],
        ["E-4", "Atelier 4", "Asso", "800 EUR"],
    ]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    assert result.added == 4
    amounts = [added(workbook, f"E-{n}")["Montant accordé"] for n in range(1, 5)]
    assert amounts == [12500, 12500, 12500, 800]
    said = " ".join(result.warnings)
    assert (
        "« Montant (k€) » : 2 montants écrits avec leur propre « € » (lignes 2, 5) sont importés "
        "tels quels, en euros, sans être multipliés : vérifiez-les dans le fichier."
    ) in said


@pytest.mark.parametrize("title", ["Programmation 2025 (montants en k€)", "En milliers d'euros"])
def test_a_title_above_the_header_giving_thousands_scales_the_amounts_without_a_unit(
    workbook, tmp_path, title
):
    # Second trial: « (montants en k€) » in the title was not read: 12,5 imported as 12,50 €.
    rows = [
        [title, "", "", "", ""],
        ["N° action", "Intitulé", "Porteur", "Montant demandé", "Montant accordé (€)"],
        ["T-1", "Atelier", "Asso", "12,5", "9000"],
    ]
    for path in (write_csv(tmp_path / "t.csv", rows), write_xlsx(tmp_path / "t.xlsx", rows)):
        result = import_actions(path, workbook, dry_run=path.suffix == ".csv")
        assert result.added == 1, path
        said = " ".join(result.warnings)
        assert f"« Montant demandé » : le titre « {title} » donne les montants en milliers" in said
    first = added(workbook, "T-1")
    assert (first["Montant demandé"], first["Montant accordé"]) == (12500, 9000)


def test_a_title_naming_a_person_or_a_group_header_scales_nothing_else(workbook, tmp_path):
    rows = [
        ["Programmation suivie par M. Martin", "", "", "", "", ""],
        ["N° action", "Intitulé", "Porteur", "Montants (k€)", "", "Montant CAF"],
        ["", "", "", "demandé", "accordé", ""],
        ["G-1", "Atelier", "Asso", "12,5", "10", "500"],
    ]
    result = import_actions(write_xlsx(tmp_path / "g.xlsx", rows), workbook)
    assert result.added == 1
    first = added(workbook, "G-1")
    assert (first["Montant demandé"], first["Montant accordé"]) == (12500, 10000)
    assert first["Montant CAF"] == 500
