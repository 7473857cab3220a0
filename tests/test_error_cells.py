"""An Excel error in an answer cell (#DIV/0!, #N/A…) is read as its text, as the workbook's
formulas read it (« non reconnu »), never as « sans réponse »: python-calamine reads it as "".
"""

import pandas as pd
import pytest
import xlsxwriter
from conftest import QIDS, WORKBOOK
from test_workbook_libreoffice import libreoffice_results, soffice, write_rows  # noqa: F401

from efh_xl import evaluate, evaluate_file
from efh_xl.ooxml.error_cells import error_cells
from efh_xl.workbook import reader
from efh_xl.workbook.import_list import read_source
from efh_xl.workbook.reader import read_workbook

HEADERS = ["N° action", *QIDS]


def _list(path, table=False):
    """A list whose Q2a cells are formulas with a cached error, as Excel saves them."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Liste")
    sheet.write_row(0, 0, HEADERS)
    for r, (formula, error) in enumerate([("=1/0", "#DIV/0!"), ("=NA()", "#N/A")], 1):
        sheet.write_row(r, 0, [f"A{r}", "OUI", None, "NON", "OUI", "OUI", "OUI"])
        sheet.write_formula(r, 2, formula, None, error)
    sheet.write_row(3, 0, ["A3", "OUI", "OUI", "NON", "OUI", "OUI", "OUI"])
    if table:
        sheet.add_table(0, 0, 3, len(HEADERS) - 1, {"columns": [{"header": h} for h in HEADERS]})
    book.close()
    return path


def test_the_error_cells_of_a_sheet_are_found_with_their_text(tmp_path):
    path = _list(tmp_path / "liste.xlsx")
    assert error_cells(path, "Liste") == {(1, 2): "#DIV/0!", (2, 2): "#N/A"}
    assert error_cells(path, "Autre") == {}
    assert error_cells(tmp_path / "absent.xlsx", "Liste") == {}


def test_evaluate_reads_an_error_as_an_unrecognised_answer(tmp_path):
    for table in (False, True):
        path = _list(tmp_path / f"liste{table}.xlsx", table)
        out = tmp_path / f"out{table}.csv"
        evaluate_file(path, out)
        frame = pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
        assert list(frame["Q2a"]) == ["#DIV/0!", "#N/A", "OUI"]
        assert frame["Motif"][0].startswith("Q2a : « #DIV/0! » non reconnu")
        assert frame["Motif"][1].startswith("Q2a : « #N/A » non reconnu")
        assert "sans réponse" not in " ".join(frame["Motif"])


def test_import_reads_an_error_as_its_text(tmp_path):
    source = read_source(_list(tmp_path / "liste.xlsx"))
    assert [line.values.get("Q2a") for line in source.lines] == ["#DIV/0!", "#N/A", "OUI"]


@pytest.mark.parametrize("streamed", [False, True], ids=["table reader", "streamed"])
def test_python_gives_the_native_formulas_reason_for_an_error(
    soffice,  # noqa: F811
    tmp_path,
    streamed,
    monkeypatch,
):
    """LibreOffice computes the formulas of a workbook whose answers are errors and saves
    them cached (t="e"); Python reads the same file and gives the same marker and reason,
    whether it reads the table whole or streams its sheet (a large table, whose cached Motif
    is looked at chunk by chunk: here one row a chunk, the errors in its later chunks)."""
    import openpyxl

    formulas = {"F1": "=1/0", "F2": "=NA()", "F3": '="a"+1'}
    rows = [
        ["OUI", "F1", None, "OUI", "OUI", "OUI"],
        ["F2", "NON", None, "OUI", "OUI", "OUI"],
        ["OUI", "F3", None, "OUI", "OUI", "OUI"],
    ]
    copy = tmp_path / "erreurs.xlsm"
    write_rows(WORKBOOK, copy, rows)
    book = openpyxl.load_workbook(copy, keep_vba=True)  # the placeholders made formulas
    for row in book["Actions"].iter_rows():
        for cell in row:
            if cell.value in formulas:
                cell.value = formulas[cell.value]
    book.save(copy)
    from efh_xl.workbook.libreoffice import convert

    computed = convert(copy, "xlsx", tmp_path / "lo")
    if streamed:
        monkeypatch.setattr(reader, "STREAM_ABOVE", 0)
        monkeypatch.setattr(reader, "_CHUNK", 1)
    data = read_workbook(computed)
    answers = data.actions[list(QIDS)]
    assert list(answers["Q2a"][:1]) == ["#DIV/0!"]
    assert list(answers["Q1"][1:2]) == ["#N/A"]
    assert list(answers["Q2a"][2:3]) == ["#VALEUR!"]  # as a French Excel shows it
    result = evaluate(answers.reset_index(drop=True))
    native = list(data.actions["Motif"])
    assert list(result["Motif"]) == native
    assert "non reconnu" in native[0]


def test_a_table_is_searched_for_error_cells_only_when_its_motif_says_so():
    # The sheet's XML is searched (inflated a second time) only when the Motif its formulas
    # cached cites an answer that the rows do not hold as typed, or is empty (an error
    # itself, or never computed): a consolidation of 200 workbooks took 0.4 s more with a
    # search of every sheet.
    from efh_xl.workbook.reader import _may_hold_errors

    headers = [*QIDS, "Motif"]
    typed = ["#N/A", "OUI", None, "OUI", "OUI", "OUI", "Q1 : « #N/A » non reconnu (attendu…)"]
    error = ["OUI", "", None, "OUI", "OUI", "OUI", "Q2a : « #DIV/0! » non reconnu (attendu…)"]
    both = ["#N/A", "", None, "OUI", "OUI", "OUI", "Q1 : « #N/A » … ; Q2a : « #DIV/0! » …"]
    plain = ["OUI", "OUI", None, "OUI", "OUI", "OUI", "Marqueur 2 : …"]
    assert not _may_hold_errors([plain, typed], headers)
    assert _may_hold_errors([plain, error], headers)
    assert _may_hold_errors([both], headers)
    assert _may_hold_errors([[*plain[:6], ""]], headers)  # a Motif read as empty
    assert _may_hold_errors([plain[:6]], list(QIDS))  # no Motif to tell: searched
