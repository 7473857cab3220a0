"""A spreadsheet list (.xlsx, .ods) read by `evaluate`: the frame its rows give, pinned on real
files the tests write (XlsxWriter, ODS by hand), so that reading the sheet once (the rows the
header search already read) gives what the rest of the code relies on: empty cells missing,
duplicate headers renamed « X.1 », numbers and dates as values, text as text (« =… » too)."""

from __future__ import annotations

import datetime as dt
import math

import openpyxl
import pandas as pd
import xlsxwriter
from test_import import write_ods

from efh_xl.cli import main
from efh_xl.workbook.action_lists import evaluate_file, read_table

ANSWERS = ["OUI", "OUI", None, "OUI", "OUI", "OUI"]
QS = ["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"]


def _xlsx(path, cells: dict[tuple[int, int], object]):
    """An .xlsx holding ``cells`` ((row, column) 0-based -> value), text always as text."""
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("Liste")
    when = book.add_format({"num_format": "dd/mm/yyyy"})
    for (row, col), value in cells.items():
        if isinstance(value, str):
            sheet.write_string(row, col, value)
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            sheet.write_datetime(row, col, value, when)
        else:
            sheet.write(row, col, value)
    book.close()
    return path


def _table(rows: list[list[object]], top: int = 0, left: int = 0) -> dict:
    return {
        (top + i, left + j): v
        for i, row in enumerate(rows)
        for j, v in enumerate(row)
        if v is not None
    }


def _missing(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def test_a_list_under_a_title_is_read_from_its_header_with_values_as_typed(tmp_path):
    rows = [
        ["Action", *QS, "Montant", "Année", "Date", "Vrai"],
        ["=SOMME(A1)", *ANSWERS, 12.5, 2024.0, dt.datetime(2024, 3, 1), True],
        [None] * 11,  # a blank row inside the list
        ["0012", "oui", "N/A", None, "  ", None, None, None, None, dt.time(12, 30), None],
    ]
    cells = {(0, 0): "Programmation 2026", (1, 0): "export du 3 mars", **_table(rows, top=3)}
    frame = read_table(_xlsx(tmp_path / "liste.xlsx", cells))
    assert list(frame.columns) == rows[0]
    assert len(frame) == 3 and list(frame.index) == [0, 1, 2]
    assert all(t.kind == "O" for t in frame.dtypes)  # cells as they are: no column converted
    first = frame.iloc[0].tolist()
    assert first[0] == "=SOMME(A1)" and isinstance(first[0], str)
    assert first[1:7] == ["OUI", "OUI", first[3], "OUI", "OUI", "OUI"] and _missing(first[3])
    assert first[7] == 12.5 and isinstance(first[7], float)
    assert first[8] == 2024 and isinstance(first[8], int)  # a whole number, not 2024.0
    assert first[9] == dt.datetime(2024, 3, 1) and first[10] is True
    assert all(_missing(v) for v in frame.iloc[1])
    last = frame.iloc[2].tolist()
    assert last[0] == "0012"  # text that looks like a number stays text
    assert last[4] == "  "  # spaces are kept: a blank answer to the engine, not to pandas
    assert last[9] == dt.time(12, 30)
    # « N/A » typed in a cell is the text typed, as a CSV list reads it (read_excel made it
    # missing, and « nan », « null », « None » too: the reason said « sans réponse » where the
    # same list as CSV, and the workbook's own formulas, said « non reconnu »).
    assert last[2] == "N/A"


def test_duplicate_and_blank_headers_are_named_as_pandas_names_them(tmp_path):
    header = ["Q1", "Q2a", "Q1", None, "Q1.1", 2024.0, "Q1", "Q2b", "Q3", "Q4", "Q5"]
    values = ["OUI", "OUI", "x", "y", "z", 1.0, "w", None, "OUI", "OUI", "OUI"]
    frame = read_table(_xlsx(tmp_path / "doublons.xlsx", _table([header, values])))
    assert list(frame.columns) == [
        "Q1", "Q2a", "Q1.2", "Unnamed: 3", "Q1.1", 2024, "Q1.3", "Q2b", "Q3", "Q4", "Q5"
    ]
    assert frame.iloc[0].tolist()[:7] == ["OUI", "OUI", "x", "y", "z", 1, "w"]


def test_an_ods_list_reads_as_the_same_xlsx_list(tmp_path):
    rows = [["Titre", *QS, "Montant"], ["Café", *ANSWERS, 12.5], ["Vélo", *ANSWERS, 3.0]]
    ods = read_table(write_ods(tmp_path / "liste.ods", [[c or "" for c in r] for r in rows]))
    xlsx = read_table(_xlsx(tmp_path / "liste.xlsx", _table(rows)))
    pd.testing.assert_frame_equal(ods, xlsx)
    assert ods["Montant"].tolist() == [12.5, 3]


def test_text_starting_with_equals_stays_text_in_the_xlsx_written(tmp_path):
    rows = [["Action", *QS], ["=1+1", *ANSWERS], ["+33 6 12", *ANSWERS]]
    listing = _xlsx(tmp_path / "liste.xlsx", _table(rows))
    assert main(["evaluate", str(listing), "-o", str(tmp_path / "sortie.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "sortie.xlsx").active
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "+33 6 12" and sheet["A3"].data_type == "s"


def test_an_empty_sheet_before_the_list_is_passed_over(tmp_path):
    book = xlsxwriter.Workbook(tmp_path / "deux.xlsx")
    book.add_worksheet("Notes")
    sheet = book.add_worksheet("Liste")
    for r, row in enumerate([["Action", *QS], ["Café", *ANSWERS]]):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write_string(r, c, value)
    book.close()
    result = evaluate_file(tmp_path / "deux.xlsx")
    assert result["Marqueur"].tolist() == [2]


def test_a_table_that_starts_in_column_b_gives_no_unnamed_column(tmp_path, capsys):
    rows = [["Action", *QS], ["Café", *ANSWERS]]
    # Column A empty; a title in A1 over the table, and one wider than it.
    cells = {(0, 0): "Programmation 2026", (1, 0): "Liste reçue, " + "très " * 10 + "longue"}
    cells.update(_table(rows, top=3, left=1))
    cells[(1, 12)] = "note en marge, au-dessus du tableau"
    listing = _xlsx(tmp_path / "colonne_b.xlsx", cells)
    assert list(read_table(listing).columns) == rows[0]
    assert main(["evaluate", str(listing)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Action,Q1,Q2a,Q2b,Q3,Q4,Q5,Marqueur,Motif"
    assert main(["evaluate", str(listing), "-o", str(tmp_path / "sortie.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "sortie.xlsx").active
    assert [c.value for c in sheet[1]] == [*rows[0], "Marqueur", "Motif"]
    # The same sheet saved as CSV by Excel: every line starts with « ; ».
    csv_list = tmp_path / "colonne_b.csv"
    csv_list.write_text(
        ";Programmation 2026;;;;;;\n;;;;;;;\n;Action;Q1;Q2a;Q2b;Q3;Q4;Q5\n"
        ";Café;OUI;OUI;;OUI;OUI;OUI\n",
        encoding="utf-8",
    )
    assert list(read_table(csv_list).columns) == rows[0]


def test_an_empty_column_inside_the_table_is_kept_as_pandas_names_it(tmp_path):
    rows = [["Action", None, *QS], ["Café", None, *ANSWERS]]
    frame = read_table(_xlsx(tmp_path / "trou.xlsx", _table(rows, left=2)))
    assert list(frame.columns) == ["Action", "Unnamed: 1", *QS]


def test_other_sheets_that_read_as_lists_are_said(tmp_path):
    # One tab per commune: evaluate read the first and left the others out without a word,
    # as import did.
    import xlsxwriter

    from efh_xl import evaluate_file

    path = tmp_path / "communes.xlsx"
    book = xlsxwriter.Workbook(path)
    for name, numbers in (("Douai", ["D-1", "D-2"]), ("Sin-le-Noble", ["S-1", "S-2", "S-3"])):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, ["N° action", "Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"])
        for i, number in enumerate(numbers, start=1):
            sheet.write_row(i, 0, [number, "OUI", "OUI", "", "OUI", "OUI", "OUI"])
    book.add_worksheet("Notes").write(0, 0, "Liste reçue le 3 mars")
    book.close()
    result = evaluate_file(path)
    assert result["N° action"].tolist() == ["D-1", "D-2"]
    [said] = [w for w in result.attrs["warnings"] if w.startswith("Seule la feuille")]
    assert said == (
        "Seule la feuille « Douai » du fichier a été lue ; sa feuille « Sin-le-Noble » "
        "(3 lignes) ressemble aussi à une liste d'actions et n'a pas été évaluée. Pour la "
        'lire, évaluez le même fichier avec --feuille "Sin-le-Noble".'
    )
    chosen = evaluate_file(path, sheet="sin-le-noble")  # as typed, or without case
    assert chosen["N° action"].tolist() == ["S-1", "S-2", "S-3"]
    assert not chosen.attrs["warnings"]
