"""``--feuille`` / ``sheet=``: the sheet of a list workbook to read (one tab per commune was
read one at a time, and the advice was to copy each tab into a workbook of its own)."""

from __future__ import annotations

import shutil

import pytest
from conftest import WORKBOOK
from test_import import communes_sheets, write_csv, write_sheets

from efh_xl import EmptyListError, InputFileError, SheetNotFoundError, import_actions
from efh_xl.cli import main


@pytest.fixture
def communes(tmp_path):
    sheets = communes_sheets(Douai=["D-1", "D-2"], Sin_le_Noble=["S-1", "S-2", "S-3"])
    return write_sheets(tmp_path / "communes.xlsx", sheets)


def test_the_sheet_named_is_imported_and_the_others_are_not_said(communes, tmp_path):
    workbook = shutil.copy(WORKBOOK, tmp_path / "grille.xlsm")
    result = import_actions(communes, workbook, sheet=" SIN-LE-NOBLE", dry_run=True)
    assert result.added == 3
    assert not [w for w in result.warnings if "Seule la feuille" in w]


def test_a_sheet_not_in_the_file_is_refused_with_the_sheets_it_has(communes, tmp_path, capsys):
    workbook = shutil.copy(WORKBOOK, tmp_path / "grille.xlsm")
    with pytest.raises(SheetNotFoundError) as raised:
        import_actions(communes, workbook, sheet="Sinlenoble")
    assert str(raised.value) == (
        f"{communes} n'a pas de feuille « Sinlenoble » (vouliez-vous dire « Sin-le-Noble » ?). "
        "Ses feuilles : « Douai », « Sin-le-Noble ». Relancez avec --feuille et le nom de "
        "l'une d'elles."
    )
    code = main(["import", str(communes), "--into", str(workbook), "--feuille", "Waziers"])
    assert code == 3 and "n'a pas de feuille « Waziers »" in capsys.readouterr().err
    text = write_csv(tmp_path / "liste.csv", [["N° action", "Action"], ["A-1", "Atelier"]])
    assert main(["evaluate", str(text), "--feuille", "Douai"]) == 3
    assert "fichier texte, qui n'a pas de feuilles : relancez sans --feuille" in (
        capsys.readouterr().err
    )


def test_an_empty_sheet_or_one_without_header_is_named(tmp_path):
    # Trial 11: « --feuille Vide » said the whole file empty; a sheet without header row was
    # not named.
    sheets = communes_sheets(Douai=["D-1"])
    sheets["Vide"], sheets["Sommaire"] = [], [["Programmation 2026"], ["Voir les onglets"]]
    path = write_sheets(tmp_path / "communes.xlsx", sheets)
    workbook = shutil.copy(WORKBOOK, tmp_path / "grille.xlsm")
    with pytest.raises(EmptyListError, match=r"^La feuille « Vide » de .* est vide"):
        import_actions(path, workbook, sheet="vide")
    with pytest.raises(InputFileError, match="premières lignes de la feuille « Sommaire »"):
        import_actions(path, workbook, sheet="Sommaire")
