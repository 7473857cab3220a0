"""A list written by « efh-xl evaluate -o x.xlsx » carries its mark (a workbook-level defined
name): refresh and consolidate of a folder that holds it leave it aside (IGNORÉ), saying why,
instead of an error; a batch's failures are listed once with their message, then by name."""

import shutil

from conftest import WORKBOOK

from efh_xl import consolidate, evaluate_file
from efh_xl.cli import main
from efh_xl.workbook.headless_refresh import refresh
from efh_xl.workbook.reader import EVALUATED_NAME, defined_names, read_workbook

LIST = "N° action;Q1;Q2a;Q2b;Q3;Q4;Q5\nC1;OUI;OUI;;OUI;OUI;OUI\n"


def _folder(tmp_path):
    folder = tmp_path / "partage"
    folder.mkdir()
    shutil.copy(WORKBOOK, folder / "territoire.xlsm")
    source = tmp_path / "liste.csv"
    source.write_text(LIST, encoding="utf-8")
    evaluated = folder / "resultat.xlsx"  # any name: the mark tells
    evaluate_file(source, evaluated)
    return folder, evaluated


def test_refresh_and_consolidate_leave_an_evaluated_list_aside(tmp_path):
    folder, evaluated = _folder(tmp_path)
    assert defined_names(evaluated)[EVALUATED_NAME] == '"efh-xl evaluate"'
    before = evaluated.read_bytes()
    results = refresh([folder])
    [skipped] = [r for r in results if r.path == str(evaluated)]
    assert skipped.outcome == "skipped" and "efh-xl evaluate" in skipped.warnings[0]
    assert results.ok and results.exit_code == 0 and evaluated.read_bytes() == before
    consolidated = consolidate([folder], tmp_path / "region.xlsx")
    [ignored] = consolidated.skipped
    assert ignored.path == str(evaluated) and "efh-xl evaluate" in ignored.error
    assert ignored.error_kind is None and len(consolidated.read) == 1
    # Still a list: evaluate reads it back.
    assert list(evaluate_file(evaluated)["Marqueur"]) == [2]
    assert read_workbook(WORKBOOK).table_name  # a territory's workbook has no such mark
    assert EVALUATED_NAME not in defined_names(WORKBOOK)


def test_a_batch_failure_is_printed_once_with_its_message(tmp_path, capsys):
    folder, evaluated = _folder(tmp_path)
    (folder / "vide.xlsm").write_bytes(b"x")
    assert main(["refresh", str(folder)]) == 4
    out, err = capsys.readouterr()
    assert f"IGNORÉ  {evaluated}" in out
    assert err.count("n'est pas un classeur Excel lisible") == 1
    assert "1 classeur sur 2 en erreur :" in err  # the list left aside is not counted
    assert f"  {folder / 'vide.xlsm'}\n" in err
