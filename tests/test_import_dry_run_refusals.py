"""import --dry-run says what the real run would refuse, and exits as it would: into a workbook
open in Excel (``~$name`` beside it) or LibreOffice (``.~lock.name#``) it answered 0 without a
word about the lock, then the real import said 5."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.workbook.programmation_import import import_actions

LIST = (
    "N° dossier;Intitulé;Structure porteuse;Territoire;Année\n"
    "PRJ-901;Café des parents;Asso Élan;Val-de-Lys Métropole;2026\n"
)


@pytest.fixture
def files(tmp_path):
    book = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, book)
    source = tmp_path / "liste.csv"
    source.write_text(LIST, encoding="utf-8")
    return book, source


@pytest.mark.parametrize(("lock", "app"), [("~${}", "Excel"), (".~lock.{}#", "LibreOffice")])
def test_a_dry_run_into_an_open_workbook_reports_and_exits_as_the_real_run(
    files, capsys, lock, app
):
    book, source = files
    (book.parent / lock.format(book.name)).write_text("x")
    before = book.read_bytes()
    code = main(["import", str(source), "--into", str(book), "--dry-run"])
    out = capsys.readouterr().out
    real = main(["import", str(source), "--into", str(book)])
    assert code == real == 5  # the real run's code: a script sees the refusal coming
    assert (
        f"Attention : sans --dry-run, l'import serait refusé : {book} est ouvert "
        f"dans {app} (fichier verrou {lock.format(book.name)} présent). Fermez-le dans {app} "
        "puis relancez"
    ) in out
    assert "1 action ajoutée" in out  # the report is given all the same
    assert (
        "Simulation (--dry-run) : rien n'a été écrit. L'import réel serait refusé tant que le "
        "classeur est ouvert (voir « Attention » ci-dessus)."
    ) in out
    assert "Relancez sans --dry-run" not in out
    assert book.read_bytes() == before

    assert main(["import", str(source), "--into", str(book), "--dry-run", "--json"]) == 5
    report = json.loads(capsys.readouterr().out)
    assert (report["outcome"], report["error_kind"], report["exit_code"]) == (
        "error",
        "WorkbookOpenError",
        5,
    )
    assert report["dry_run"] and report["counts"]["added"] == 1


def test_a_dry_run_to_a_copy_that_exists_says_force_is_needed(files):
    book, source = files
    copy = book.parent / "copie.xlsm"
    copy.write_bytes(b"last month")
    result = import_actions(source, book, output=copy, dry_run=True)
    assert (result.error_kind, result.exit_code, result.added) == ("TargetExistsError", 5, 1)
    assert any("ajoutez --force pour le remplacer" in w for w in result.warnings)
    ok = import_actions(source, book, output=copy, dry_run=True, force=True)
    assert (ok.outcome, ok.exit_code, ok.error_kind) == ("ok", 0, None)
    assert copy.read_bytes() == b"last month"


def test_a_dry_run_into_a_closed_workbook_is_unchanged(files, capsys):
    book, source = files
    assert main(["import", str(source), "--into", str(book), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "serait refusé" not in out
    assert "Relancez sans --dry-run pour importer ces actions." in out
