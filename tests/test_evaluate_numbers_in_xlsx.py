"""`evaluate liste.csv -o resultats.xlsx` writes a CSV list's amounts, people counts and years
as numbers (a CSV holds only text): « 12 000,50 € », « 1.234,50 », « 45500 » become numbers in
the « #,##0 € » format the workbook gives amounts (« #,##0.00 € » in a column where some have
cents, which the first showed rounded), so that the sheet sums and filters them. A
column with one cell that reads as no number stays as typed, whole; text columns (N° action,
Intitulé) stay text even when they look like numbers."""

from __future__ import annotations

import openpyxl
import xlsxwriter

from efh_xl.cli import main
from efh_xl.workbook.action_lists import evaluate_file
from efh_xl.workbook.formats import EURO_CENTS_FORMAT, EURO_FORMAT

HEADER = (
    "N° action;Intitulé;Q1;Q2a;Q2b;Q3;Q4;Q5;Montant demandé;Montant accordé;Femmes prévues;Année"
)


def _columns(path) -> dict[str, list]:
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows())
    return {str(head.value): [row[j] for row in rows[1:]] for j, head in enumerate(rows[0])}


def _evaluated_csv(tmp_path, body: str):
    """The list ``HEADER`` + ``body`` written as CSV, evaluated to .xlsx: (list, its cells)."""
    listing = tmp_path / "liste.csv"
    listing.write_text(HEADER + "\n" + body, encoding="utf-8")
    output = tmp_path / "resultats.xlsx"
    assert main(["evaluate", str(listing), "-o", str(output)]) == 0
    return listing, _columns(output)


def test_amounts_counts_and_years_of_a_csv_list_are_numbers_in_the_xlsx(tmp_path):
    listing, cells = _evaluated_csv(
        tmp_path,
        "00123;2024;OUI;OUI;;OUI;OUI;OUI;12 000,50 €;1.234,50;42;2024\n"
        "00124;1000;NON;;OUI;;;;45500;;  ;2024\n",
    )
    requested = cells["Montant demandé"]
    assert [c.value for c in requested] == [12000.5, 45500]
    assert {c.data_type for c in requested} == {"n"}
    # « 12 000,50 € » shown to the cent, not « 12 001 € »: so is its whole column.
    assert {c.number_format for c in requested} == {EURO_CENTS_FORMAT}
    assert [c.value for c in cells["Montant accordé"]] == [1234.5, None]
    assert cells["Montant accordé"][0].number_format == EURO_CENTS_FORMAT
    assert [c.value for c in cells["Femmes prévues"]] == [42, None]  # spaces are no count
    assert [c.value for c in cells["Année"]] == [2024, 2024]
    assert cells["Année"][0].data_type == "n"
    # Text columns stay as typed, zeros and all, however numeric they look.
    assert [c.value for c in cells["N° action"]] == ["00123", "00124"]
    assert [c.value for c in cells["Intitulé"]] == ["2024", "1000"]
    assert {c.data_type for c in cells["N° action"] + cells["Intitulé"]} == {"s"}
    # The list returned and the CSV written keep what the list holds, as typed.
    assert evaluate_file(listing)["Montant demandé"].tolist() == ["12 000,50 €", "45500"]


def test_a_column_with_a_value_that_is_no_number_stays_as_typed(tmp_path):
    listing, cells = _evaluated_csv(
        tmp_path,
        "1;A;OUI;OUI;;OUI;OUI;OUI;12 000;à confirmer;12,5;2024\n"
        "2;B;OUI;OUI;;OUI;OUI;OUI;3 000;1 500;3;2024-2025\n",
    )
    assert [c.value for c in cells["Montant demandé"]] == [12000, 3000]
    # One unreadable amount: the column as typed, its readable cells too (never half).
    assert [c.value for c in cells["Montant accordé"]] == ["à confirmer", "1 500"]
    assert {c.data_type for c in cells["Montant accordé"]} == {"s"}
    # People are counted in whole numbers; a year is one year.
    assert [c.value for c in cells["Femmes prévues"]] == ["12,5", "3"]
    assert [c.value for c in cells["Année"]] == ["2024", "2024-2025"]


def test_a_sheet_list_with_amounts_typed_as_text_gets_numbers_too(tmp_path):
    listing = tmp_path / "liste.xlsx"
    book = xlsxwriter.Workbook(listing, {"strings_to_numbers": False})
    sheet = book.add_worksheet("Liste")
    rows = [
        ["N° action", "Intitulé", "Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5", "Montant CAF"],
        ["007", "Atelier", "OUI", "OUI", None, "OUI", "OUI", "OUI", "2 500 €"],
        ["008", "Sport", "OUI", "OUI", None, "OUI", "OUI", "OUI", 1200],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    output = tmp_path / "resultats.xlsx"
    assert main(["evaluate", str(listing), "-o", str(output)]) == 0
    cells = _columns(output)
    assert [c.value for c in cells["Montant CAF"]] == [2500, 1200]
    assert {c.number_format for c in cells["Montant CAF"]} == {EURO_FORMAT}
    assert [c.value for c in cells["N° action"]] == ["007", "008"]
