"""A list with its header row and no action under it (an export that stopped short, the wrong
file): `evaluate` still writes its result (the header, Marqueur and Motif) and ends with code 0,
as `import` does with such a list, but says in French that the list holds no action (it said
only « 0 action évaluée »)."""

from __future__ import annotations

import openpyxl
import xlsxwriter
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.workbook.action_lists import evaluate_file

HEADER = ["N° action", "Intitulé", "Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"]


def _warning(name: str) -> str:
    return (
        f"{name} ne contient aucune action : sous sa ligne d'en-têtes, aucune ligne à évaluer. "
        "Vérifiez que c'est le bon fichier (un export complet), puis relancez."
    )


def test_a_header_without_rows_is_said_to_hold_no_action(tmp_path, capsys):
    listing = tmp_path / "h.csv"
    listing.write_text(";".join(HEADER) + "\n", encoding="utf-8")
    output = tmp_path / "h.xlsx"
    assert main(["evaluate", str(listing), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"Attention : {_warning('h.csv')}",
        f"0 action évaluée : {output}",
    ]
    sheet = openpyxl.load_workbook(output).active
    assert [c.value for c in sheet[1]] == [*HEADER, "Marqueur", "Motif"] and sheet.max_row == 1
    # On screen, the header alone on the standard output, the warning beside it.
    assert main(["evaluate", str(listing)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [",".join([*HEADER, "Marqueur", "Motif"])]
    assert captured.err == f"Attention : {_warning('h.csv')}\n"


def test_blank_lines_and_notes_under_the_header_are_no_action_either(tmp_path):
    listing = tmp_path / "vide.csv"
    listing.write_text(";".join(HEADER) + "\n;;;;;;;\n\nSource : Dauphin 2024\n", encoding="utf-8")
    result = evaluate_file(listing)
    assert result.empty
    assert result.attrs["warnings"][-1] == _warning("vide.csv")
    assert "ligne 4 (« Source : Dauphin 2024 »)" in result.attrs["warnings"][0]


def test_a_sheet_with_its_header_only_is_said_to_hold_no_action(tmp_path):
    listing = tmp_path / "h.xlsx"
    book = xlsxwriter.Workbook(listing)
    book.add_worksheet("Liste").write_row(0, 0, HEADER)
    book.close()
    result = evaluate_file(listing)
    assert result.empty and result.attrs["warnings"] == [_warning("h.xlsx")]


def test_import_says_the_same_of_a_list_with_no_action(tmp_path, capsys):
    listing = tmp_path / "h.csv"
    listing.write_text("N° action;Intitulé de l'action;Q1\n", encoding="utf-8")
    assert main(["import", str(listing), "--into", str(WORKBOOK), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "Attention : h.csv ne contient aucune action : sous sa ligne d'en-têtes, aucune ligne "
        "à importer."
    ) in out
