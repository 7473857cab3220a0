"""`evaluate` says a list's booleans, dates and times as a French Excel shows them (VRAI,
01/04/2026, 01/04/2026 14:30, 14:30) in every text it writes: the CSV for Excel, the CSV on
screen and the Motif quoting such a cell; Python's True and 2026-04-01 00:00:00 nowhere. The
.xlsx keeps them as booleans and dates, shown the same way by their number formats."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import xlsxwriter

from efh_xl.cli import main

QS = ["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"]
HEADER = ["N° action", *QS, "Validé", "Début", "Heure"]
ROWS = [
    ["A1", "OUI", "OUI", None, "OUI", "OUI", "OUI", True, dt.datetime(2026, 4, 1), None],
    ["A2", "NON", "NON", "OUI", "NON", "NON", "NON", False, dt.datetime(2026, 4, 1, 14, 30),
     dt.time(14, 30)],
    # A date typed in an answer cell: the Motif quotes it as the cell shows it.
    ["A3", dt.datetime(2026, 4, 1), "OUI", None, "OUI", "OUI", "OUI", None, None, None],
]
SHOWN = [
    ("VRAI", "01/04/2026", ""),
    ("FAUX", "01/04/2026 14:30", "14:30"),
]


def _listing(path):
    """A list typed in Excel: real booleans, dates and times (XlsxWriter, as Excel stores them)."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Liste")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(ROWS, start=1):
        for j, value in enumerate(row):
            if isinstance(value, dt.datetime | dt.time):
                sheet.write_datetime(i, j, value, day)
            elif value is not None:
                sheet.write(i, j, value)
    book.close()
    return path


def _rows(text: str, sep: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=sep))


def _check(rows: list[dict[str, str]]) -> None:
    for row, (valid, start, hour) in zip(rows, SHOWN):
        assert (row["Validé"], row["Début"], row["Heure"]) == (valid, start, hour)
    assert "Q1 : « 01/04/2026 » non reconnu" in rows[2]["Motif"]
    cells = " ".join(v for row in rows for v in row.values())
    for python in ("True", "False", "2026-04-01", "00:00:00", "14:30:00"):
        assert python not in cells


def test_the_csv_for_excel_says_booleans_and_dates_in_french(tmp_path):
    output = tmp_path / "ev_liste.csv"
    assert main(["evaluate", str(_listing(tmp_path / "liste.xlsx")), "-o", str(output)]) == 0
    _check(_rows(output.read_text(encoding="utf-8-sig"), ";"))


def test_the_csv_on_screen_says_them_alike(tmp_path, capsys):
    assert main(["evaluate", str(_listing(tmp_path / "liste.xlsx"))]) == 0
    _check(_rows(capsys.readouterr().out, ","))


def test_the_xlsx_keeps_booleans_and_dates_shown_alike(tmp_path):
    output = tmp_path / "ev_liste.xlsx"
    assert main(["evaluate", str(_listing(tmp_path / "liste.xlsx")), "-o", str(output)]) == 0
    sheet = openpyxl.load_workbook(output).active
    header = [c.value for c in sheet[1]]
    valid, start = header.index("Validé") + 1, header.index("Début") + 1
    assert [sheet.cell(r, valid).value for r in (2, 3)] == [True, False]
    assert sheet.cell(2, valid).data_type == "b"
    assert sheet.cell(2, start).value == dt.datetime(2026, 4, 1)
    assert sheet.cell(2, start).number_format == "dd/mm/yyyy"
    assert sheet.cell(3, start).value == dt.datetime(2026, 4, 1, 14, 30)
    assert sheet.cell(3, start).number_format == "dd/mm/yyyy hh:mm"
    motif = sheet.cell(4, header.index("Motif") + 1).value
    assert "Q1 : « 01/04/2026 » non reconnu" in motif
    # Wide enough for « 01/04/2026 14:30 »: sized from its header « Début », it showed ####.
    letter = openpyxl.utils.get_column_letter(start)
    assert sheet.column_dimensions[letter].width >= len("01/04/2026 14:30")


def test_a_decimal_answer_is_quoted_with_the_french_comma():
    # As a French Excel joins a number to a text in the Actions sheet's motif.
    from efh_xl import evaluate_action

    _, reason = evaluate_action([2.5, "OUI", None, "OUI", "OUI", "OUI"])
    assert "« 2,5 »" in reason and "2.5" not in reason
