"""An imported territory missing from the workbook's list (Paramètres) is imported as typed and
named in the report with its lines, as a pilier is: a misspelt territory would otherwise make a
territory of its own (and a summary tab cut at 31 characters) unnoticed; a listed territory,
whatever its case, and one given with --territoire that is listed, are not named."""

import shutil

from conftest import WORKBOOK
from test_import import HEADER, write_csv

from efh_xl import import_actions
from efh_xl.cli import main
from efh_xl.workbook.reader import read_workbook


def line(number, territory):
    pilier = "Cohésion sociale"
    return [number, "Atelier", "Association", "1000", "1000", "2026", territory, pilier]


def test_a_territory_missing_from_the_list_is_imported_and_named(tmp_path, capsys):
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    listed = read_workbook(WORKBOOK).settings.territories
    assert "Val-de-Lys Métropole" in listed
    rows = [
        HEADER,
        line("PRJ-1", "Val de Lys Metropole"),  # misspelt
        line("PRJ-2", "VAL-DE-LYS MÉTROPOLE"),  # listed, another case
        line("PRJ-3", "Val de Lys Metropole"),
    ]
    source = write_csv(tmp_path / "liste.csv", rows)
    result = import_actions(source, workbook)
    assert result.added == 3
    [warning] = [w for w in result.warnings if "Territoire absent" in w]
    assert "« Val de Lys Metropole » (lignes 2, 4)" in warning
    assert "MÉTROPOLE" not in warning
    imported = read_workbook(workbook).actions.set_index("N° action")
    assert imported.loc["PRJ-1", "Territoire"] == "Val de Lys Metropole"


def test_the_territory_given_on_the_command_line_is_checked_too(tmp_path, capsys):
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    rows = [HEADER, line("PRJ-1", "")]
    source = write_csv(tmp_path / "liste.csv", rows)
    long_name = "Communauté d'agglomération du Grand Villeneuve-sur-Lot"
    main(["import", str(source), "--into", str(workbook), "--territoire", long_name])
    printed = " ".join("".join(capsys.readouterr()).split())
    expected = "Territoire absent de la liste de la feuille Paramètres, importé tel quel : "
    assert f"{expected}« {long_name} »" in printed
    shutil.copy(WORKBOOK, workbook)
    listed = read_workbook(WORKBOOK).settings.territories[0]
    main(["import", str(source), "--into", str(workbook), "--territoire", listed])
    assert "Territoire absent" not in "".join(capsys.readouterr())


def test_a_listed_territorys_near_spelling_gets_a_suggestion(tmp_path):
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    source = write_csv(tmp_path / "liste.csv", [HEADER, line("PRJ-1", "Val de Lys Metropole")])
    result = import_actions(source, workbook)
    [close] = [w for w in result.warnings if "proche" in w]
    assert "« Val de Lys Metropole » (vouliez-vous dire « Val-de-Lys Métropole » ?)" in close


def test_an_empty_workbook_names_the_territories_and_their_near_duplicates(tmp_path):
    # A workbook started with build --vide lists no territory: each import names the ones it
    # brings, and two spellings of one territory (imported now, or already in the table)
    # are named together, as each would have its own summary.
    workbook = tmp_path / "vide.xlsm"
    assert main(["build", "--vide", str(workbook)]) == 0
    first = write_csv(tmp_path / "a.csv", [HEADER, line("PRJ-1", "Val de Lys Metropole")])
    result = import_actions(first, workbook)
    [named] = [w for w in result.warnings if "ne liste aucun territoire" in w]
    assert "« Val de Lys Metropole » (ligne 2)" in named
    assert not [w for w in result.warnings if "presque identiques" in w]
    rows = [HEADER, line("PRJ-2", "Val-de-Lys Métropole"), line("PRJ-3", "Denain")]
    result = import_actions(write_csv(tmp_path / "b.csv", rows), workbook)
    [alike] = [w for w in result.warnings if "presque identiques" in w]
    assert "« Val-de-Lys Métropole » et « Val de Lys Metropole »" in alike
    assert "Denain" not in alike


def test_a_short_form_of_a_listed_territory_gets_a_suggestion(tmp_path):
    workbook = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, workbook)
    rows = [HEADER, line("PRJ-1", "Val de Lys"), line("PRJ-2", "Deux-Rives"), line("PRJ-3", "Lys")]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, dry_run=True)
    [close] = [w for w in result.warnings if "proche" in w]
    assert "« Val de Lys » (vouliez-vous dire « Val-de-Lys Métropole » ?)" in close
    # « Deux-Rives » is that territory's short name in Paramètres: written under its full name.
    assert "« Deux-Rives »" not in close
    assert any(
        "« Deux-Rives » devient « Communauté urbaine des Deux-Rives » (ligne 3)" in w
        for w in result.warnings
    )
    assert "« Lys »" not in close  # three letters: too short to guess from
