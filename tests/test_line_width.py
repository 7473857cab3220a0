"""A CSV line with a value beyond its header's last column (a typed « 1;500 » for « 1 500 »)
is rejected by import, counted and named with its line, as evaluate refuses it, with the
same words; a line shorter than its header, or ending in empty cells, is read by both, its
missing cells empty.

Import took such a line in, its values one column off (Montant accordé 1 €, 2000 dropped),
with rc 0. Every list here is written byte for byte.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import WORKBOOK

from efh_xl import evaluate_file, import_actions
from efh_xl.cli import main
from efh_xl.errors import InputFileError
from efh_xl.workbook.reader import read_workbook

HEADER = b"N\xc2\xb0 dossier;Intitul\xc3\xa9;Structure porteuse;Territoire;Ann\xc3\xa9e;" + (
    b"Montant attribu\xc3\xa9;Montant sollicit\xc3\xa9\r\n"
)
TERRITORY = "Val-de-Lys Métropole".encode()
REASON = "8 valeurs pour 7 colonnes d'en-tête (« 2000 » en trop) ; corrigez cette ligne"


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def table(path):
    return read_workbook(path).actions.set_index("N° action")


def test_import_rejects_a_line_wider_than_its_header(workbook, tmp_path, capsys):
    data = (
        HEADER
        + b"PRJ-500;Atelier;Asso;" + TERRITORY + b";2026;1;500;2000\r\n"
        + b"PRJ-501;Chantier;Asso;" + TERRITORY + b";2026;1 500;2 000\r\n"
    )
    source = write(tmp_path / "liste.csv", data)
    result = import_actions(source, workbook)
    assert result.added == 1 and result.counts["rejected"] == 1
    [rejected] = result.rejected
    assert (rejected.line, rejected.number, rejected.reason) == (2, "PRJ-500", REASON)
    imported = table(workbook)
    assert "PRJ-500" not in imported.index  # nothing of it written
    assert imported.loc["PRJ-501", "Montant accordé"] == 1500
    assert imported.loc["PRJ-501", "Montant demandé"] == 2000
    # The command lists it and says so by its exit code, as for any rejected line.
    shutil.copy(WORKBOOK, workbook)
    assert main(["import", str(source), "--into", str(workbook), "--dry-run"]) == 1
    printed = " ".join(capsys.readouterr().out.split())
    assert f"ligne 2 (N° PRJ-500) rejetée : {REASON}" in printed
    assert "1 action ajoutée" in printed and "1 rejetée" in printed


def test_evaluate_refuses_the_same_line_with_the_same_reason(tmp_path):
    data = (
        b"N\xc2\xb0 action;Q1;Q2a;Q2b;Q3;Q4;Q5\r\n"
        b"PRJ-1;OUI;NON;;OUI;OUI;OUI\r\n"
        b"PRJ-2;OUI;NON;;OUI;OUI;OUI;;;2000\r\n"
    )
    source = write(tmp_path / "liste.csv", data)
    with pytest.raises(InputFileError) as raised:
        evaluate_file(source)
    reason = "10 valeurs pour 7 colonnes d'en-tête (« 2000 » en trop) ; corrigez cette ligne"
    assert f"ligne 3 : {reason}, puis relancez" in str(raised.value)
    # Import rejects it with these words.
    imported = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, imported)
    listed = write(tmp_path / "import.csv", data.replace(b"action;", b"action;Porteur;", 1)
                   .replace(b"PRJ-1;", b"PRJ-1;A;").replace(b"PRJ-2;", b"PRJ-2;A;"))
    [rejected] = import_actions(listed, imported, dry_run=True).rejected
    assert rejected.reason == reason.replace("10 valeurs pour 7", "11 valeurs pour 8")


def test_a_line_in_quotes_over_two_lines_is_named_by_its_first_line(workbook, tmp_path):
    data = HEADER + b'PRJ-7;"Atelier\r\nsur deux lignes";Asso;X;2026;1;500;2000\r\n'
    source = write(tmp_path / "liste.csv", data)
    [rejected] = import_actions(source, workbook, dry_run=True).rejected
    assert rejected.line == 2
    evaluated = write(tmp_path / "e.csv", b"Action;Q1;Q2a;Q2b;Q3;Q4;Q5\r\n" + (
        b'"Atelier\r\nsur deux lignes";OUI;NON;;OUI;OUI;OUI;x\r\n'
    ))
    with pytest.raises(InputFileError, match="ligne 2 : 8 valeurs pour 7 colonnes"):
        evaluate_file(evaluated)


def test_short_lines_and_empty_trailing_cells_are_read_as_empty(workbook, tmp_path):
    # Some exports and text editors leave out a line's empty trailing cells, others end every
    # line with a « ; »: both are common and mean empty cells, for import and evaluate alike.
    data = (
        HEADER
        + b"PRJ-401;Court;Asso\r\n"
        + b"PRJ-402;Fini;Asso;" + TERRITORY + b";2026;1 000;;;;\r\n"
    )
    result = import_actions(write(tmp_path / "liste.csv", data), workbook)
    assert result.added == 2 and not result.rejected
    imported = table(workbook)
    assert imported.loc["PRJ-401", "Porteur"] == "Asso"
    assert imported.loc["PRJ-402", "Montant accordé"] == 1000
    # Without territory and year, the short line is said, as any such line is.
    assert any("sans territoire (ligne 2)" in w for w in result.warnings)
    evaluated = evaluate_file(write(tmp_path / "e.csv", (
        b"N\xc2\xb0 action;Q1;Q2a;Q2b;Q3;Q4;Q5\r\n"
        b"PRJ-1;OUI;NON\r\n"
        b"PRJ-2;OUI;NON;;OUI;OUI;OUI;;;\r\n"
    )))
    assert list(evaluated["N° action"]) == ["PRJ-1", "PRJ-2"]
    assert evaluated["Q3"].isna().tolist() == [True, False]
    assert evaluated["Marqueur"].tolist()[1] == 1


def test_a_spreadsheet_list_is_not_checked_for_width(workbook, tmp_path):
    # A sheet's cells are where they were typed: a note in a column without header shifts
    # nothing (import leaves it, as ever).
    import xlsxwriter

    path = tmp_path / "liste.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["N° dossier", "Intitulé", "Structure porteuse"])
    sheet.write_row(1, 0, ["PRJ-1", "Atelier", "Asso", "", "note"])
    book.close()
    result = import_actions(path, workbook, dry_run=True)
    assert result.added == 1 and not result.rejected
