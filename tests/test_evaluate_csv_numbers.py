"""`evaluate -o liste.csv` writes numbers as a French user reads them in Excel: 2024 and 45500,
not 2024.0 and 45500.0, and 12,5 with a comma in the « ; » file (a 12.5 is read as a date)."""

from __future__ import annotations

import csv
import io

from conftest import WORKBOOK

from efh_xl.cli import main


def _rows(text: str, sep: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=sep))


def test_the_workbook_evaluated_to_csv_has_whole_numbers_without_a_decimal_point(tmp_path):
    output = tmp_path / "evalue.csv"
    assert main(["evaluate", str(WORKBOOK), "-o", str(output)]) == 0
    rows = _rows(output.read_text(encoding="utf-8-sig"), ";")
    first = rows[0]
    assert first["Année"] == "2024" and first["Montant demandé"] == "45500"
    assert first["Femmes prévues"] == "42" and first["Marqueur"] == "2"
    cells = [v for row in rows for v in row.values()]
    assert not [v for v in cells if v.endswith(".0")]


def test_a_decimal_amount_gets_a_comma_in_the_file_and_a_point_on_screen(tmp_path, capsys):
    listing = tmp_path / "liste.csv"
    listing.write_text(
        "Q1;Q2a;Q2b;Q3;Q4;Q5;Montant;Année\nOUI;OUI;;OUI;OUI;OUI;12,5;2026\n", encoding="utf-8"
    )
    # Read as text, written back as typed; the same list through an .xlsx keeps real numbers.
    output = tmp_path / "evalue.csv"
    assert main(["evaluate", str(listing), "-o", str(output)]) == 0
    assert _rows(output.read_text(encoding="utf-8-sig"), ";")[0]["Montant"] == "12,5"
    import pandas as pd

    sheet = tmp_path / "liste.xlsx"
    pd.DataFrame(
        {
            "Q1": ["OUI"],
            "Q2a": ["OUI"],
            "Q2b": [None],
            "Q3": ["OUI"],
            "Q4": ["OUI"],
            "Q5": ["OUI"],
            "Montant": [12.5],
            "Année": [2026.0],
        }
    ).to_excel(sheet, index=False)
    output = tmp_path / "depuis_xlsx.csv"
    assert main(["evaluate", str(sheet), "-o", str(output)]) == 0
    row = _rows(output.read_text(encoding="utf-8-sig"), ";")[0]
    assert (row["Montant"], row["Année"]) == ("12,5", "2026")
    capsys.readouterr()
    assert main(["evaluate", str(sheet)]) == 0
    row = _rows(capsys.readouterr().out, ",")[0]
    assert (row["Montant"], row["Année"]) == ("12.5", "2026")
