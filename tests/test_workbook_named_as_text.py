"""A workbook saved or renamed with a text extension (an .xlsx named .csv, an old .xls named
.txt) is said to be a workbook with the wrong extension, not « encodage non reconnu »."""

import shutil

import pytest
import xlsxwriter
from conftest import WORKBOOK

from efh_xl import evaluate_file
from efh_xl.cli import main
from efh_xl.errors import MisnamedWorkbookError


def run_cli(capsys, *args):
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr().err


def _xlsx(path):
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet().write_row(0, 0, ["N° action", "Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"])
    book.close()
    return path


def test_an_xlsx_named_csv_is_said_to_be_a_workbook(tmp_path, capsys):
    listed = tmp_path / "liste_b.csv"
    shutil.copy(_xlsx(tmp_path / "liste_b.xlsx"), listed)
    with pytest.raises(MisnamedWorkbookError) as raised:
        evaluate_file(listed)
    assert "renommez-le en liste_b.xlsx" in str(raised.value)
    code, err = run_cli(capsys, "evaluate", str(listed))
    assert code == 4
    assert "classeur Excel .xlsx enregistré sous une autre extension (.csv)" in err
    assert "encodage" not in err


def test_an_old_xls_named_txt_and_import_say_the_same(tmp_path, capsys):
    old = tmp_path / "ancien.txt"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    code, err = run_cli(capsys, "evaluate", str(old))
    assert code == 4
    assert "renommez-le en ancien.xls" in err
    book = tmp_path / "classeur.xlsm"
    shutil.copy(WORKBOOK, book)
    before = book.read_bytes()
    listed = tmp_path / "liste.csv"
    shutil.copy(_xlsx(tmp_path / "l.xlsx"), listed)
    code, err = run_cli(capsys, "import", str(listed), "--into", str(book))
    assert code == 4, err
    assert "renommez-le en liste.xlsx" in err
    assert book.read_bytes() == before


def test_a_libreoffice_spreadsheet_named_csv_is_said_so(tmp_path, capsys):
    # « liste en deux encodages : les lignes 1, 2, 3… » was untrue: it is no text at all. An
    # OpenDocument package begins with its mimetype part, stored (OpenDocument 1.2, §3.3).
    import zipfile

    listed = tmp_path / "liste.csv"
    with zipfile.ZipFile(listed, "w") as package:
        package.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        package.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    book = tmp_path / "classeur.xlsm"
    shutil.copy(WORKBOOK, book)
    code, err = run_cli(capsys, "import", str(listed), "--into", str(book))
    assert code == 4, err
    assert "classeur OpenDocument (LibreOffice) .ods enregistré sous une autre extension" in err
    assert "renommez-le en liste.ods" in err and "encodage" not in err
