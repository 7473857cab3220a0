"""evaluate of a list that has a « Code Dauphin » column (every list exported from the
Actions sheet) recomputes it from the new Marqueur, never keeps the list's stale copy."""

import pandas as pd
import python_calamine

from efh_xl import evaluate_file

LIST = (
    "N° action;Q1;Q2a;Q2b;Q3;Q4;Q5;Marqueur;Code Dauphin;Motif\n"
    "C1;;;;;;;0;G0;x\n"
    "C2;OUI;OUI;;OUI;OUI;OUI;0;G0;x\n"
    "C3;OUI;NON;;OUI;OUI;OUI;2;G2;x\n"
)


def test_code_dauphin_follows_the_new_marker_in_csv_and_xlsx(tmp_path):
    source = tmp_path / "cd.csv"
    source.write_text(LIST, encoding="utf-8")
    out = tmp_path / "out.csv"
    evaluate_file(source, out)
    frame = pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert list(frame["Marqueur"]) == ["", "2", "1"]
    assert list(frame["Code Dauphin"]) == ["", "G2", "G1"]
    assert list(frame.columns).index("Code Dauphin") == 7  # where the list had it
    book = tmp_path / "out.xlsx"
    evaluate_file(source, book)
    rows = python_calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_index(0).to_python()
    header = rows[0]
    codes = [row[header.index("Code Dauphin")] for row in rows[1:4]]
    assert codes == ["", "G2", "G1"]


def test_a_list_without_the_column_gets_none(tmp_path):
    source = tmp_path / "l.csv"
    source.write_text("N° action;Q1;Q2a;Q2b;Q3;Q4;Q5\nC1;OUI;OUI;;OUI;OUI;OUI\n", "utf-8")
    result = evaluate_file(source)
    assert "Code Dauphin" not in result.columns
