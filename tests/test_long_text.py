"""Text longer than a cell can hold (32,767 characters) is cut, with a visible mark."""

import datetime as dt

import openpyxl

from efh_xl import refresh_workbook
from efh_xl.core.sheet_model import CUT_MARK, MAX_CELL_CHARS, SheetModel, fit_cell
from efh_xl.excel.button import _cell_value
from efh_xl.ooxml.worksheet import worksheet_xml
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

NOW = dt.datetime(2026, 11, 28, 9, 30)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_text_that_fits_is_kept_whole():
    text = "é" * MAX_CELL_CHARS
    assert fit_cell(text) is text
    assert fit_cell("court") == "court"


def test_longer_text_is_cut_to_the_limit_with_a_mark():
    cut = fit_cell("a" * 40_000)
    assert len(cut) == MAX_CELL_CHARS and cut.endswith(CUT_MARK)


def test_characters_outside_the_bmp_count_twice_and_are_never_split():
    cut = fit_cell("🙂" * 20_000)  # 40,000 UTF-16 units, as Excel counts them
    assert utf16_units(cut) <= MAX_CELL_CHARS and cut.endswith(CUT_MARK)
    assert set(cut[: -len(CUT_MARK)]) == {"🙂"}


def test_both_renderers_cut_cells_and_blocks():
    sheet = SheetModel("S")
    sheet.put(0, 0, "x" * 50_000)
    sheet.put_block(1, 0, [["y" * 50_000, "z"]], ["text"])
    xml = worksheet_xml(sheet, {"text": 0}, None).decode("utf-8")
    assert "x" * MAX_CELL_CHARS not in xml and "y" * MAX_CELL_CHARS not in xml
    assert xml.count(CUT_MARK) == 2
    assert _cell_value("=" + "w" * 50_000).endswith(CUT_MARK)  # the live button


def test_a_very_long_territory_name_gives_a_cut_title(tmp_path):
    actions = sample_actions(per_territory=2)
    long_name = "Territoire " * 3_000  # 33,000 characters: the title cell would overflow
    actions.loc[actions["Territoire"] == actions.loc[0, "Territoire"], "Territoire"] = long_name
    path = build_workbook(tmp_path / "long.xlsm", actions=actions)
    refresh_workbook(path, now=NOW)
    book = openpyxl.load_workbook(path)
    titles = [s["A1"].value for s in book.worksheets if s.title.startswith("Synthèse")]
    cut = [t for t in titles if t.endswith(CUT_MARK)]
    assert len(cut) == 1 and len(cut[0]) == MAX_CELL_CHARS


def test_an_imported_title_longer_than_a_cell_is_cut_with_a_mark(tmp_path):
    from efh_xl import import_actions
    from efh_xl.workbook.reader import read_workbook

    path = build_workbook(tmp_path / "import.xlsm", actions=sample_actions(per_territory=1))
    listing = tmp_path / "liste.csv"
    title = "Action " + "très longue " * 4_000  # 48,007 characters, from a CSV export
    listing.write_text(
        f"N° action;Action;Territoire;Q1\nPRJ-LONG-1;{title};Nord;OUI\n", encoding="utf-8"
    )
    import_actions(listing, path)
    actions = read_workbook(path).actions
    written = actions.loc[actions["N° action"] == "PRJ-LONG-1", "Action"].iloc[0]
    assert len(written) == MAX_CELL_CHARS and written.endswith(CUT_MARK)
    assert written.startswith("Action très longue")


def test_evaluate_into_xlsx_cuts_a_long_text_with_the_mark(tmp_path):
    from efh_xl.cli import main

    listing = tmp_path / "liste.csv"
    listing.write_text(
        "Action;Q1;Q2a;Q2b;Q3;Q4;Q5\n" + "x" * 40_000 + ";OUI;OUI;;OUI;OUI;OUI\n", encoding="utf-8"
    )
    assert main(["evaluate", str(listing), "-o", str(tmp_path / "sortie.xlsx")]) == 0
    title = openpyxl.load_workbook(tmp_path / "sortie.xlsx")["Actions"]["A2"].value
    assert len(title) == MAX_CELL_CHARS and title.endswith(CUT_MARK)
