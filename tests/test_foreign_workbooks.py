"""A spreadsheet of someone else's met in a folder is left aside, not a failure.

A budget beside the territories' workbooks made every refresh or consolidation of the folder
end in error (exit 4). Met in a folder (or by a pattern), a workbook with no table of actions
and none of the names efh_xl gives its workbooks is left aside, and said; named on its own, it
is refused with its reason; a territory's workbook whose table was removed is still an error.
"""

from __future__ import annotations

import zipfile

import pytest

from efh_xl import consolidate, refresh
from efh_xl.workbook.reader import FOREIGN_SKIPPED


@pytest.fixture
def folder(folder_with_a_budget):
    return folder_with_a_budget


def outcomes(results):
    return {r.path.rsplit("/", 1)[-1]: (r.outcome, r.error_message or r.warnings) for r in results}


def test_a_refresh_of_the_folder_leaves_it_aside(folder):
    results = refresh([folder])
    found = outcomes(results)
    assert found["a.xlsm"][0] == "ok"
    assert found["budget.xlsx"] == ("skipped", [FOREIGN_SKIPPED])
    assert results.exit_code == 0


def test_named_on_its_own_it_is_refused(folder):
    results = refresh([folder / "budget.xlsx"])
    assert results[0].outcome == "error" and "aucun tableau d'actions" in results[0].error_message


def test_a_consolidation_of_the_folder_leaves_it_aside(folder, tmp_path):
    result = consolidate([folder], tmp_path / "region.xlsx")
    found = {f.path.rsplit("/", 1)[-1]: f for f in result.files}
    assert found["budget.xlsx"].outcome == "skipped"
    assert found["budget.xlsx"].error_message == FOREIGN_SKIPPED
    assert result.exit_code == 0


def test_a_territorys_workbook_without_its_table_is_still_an_error(folder):
    # Its table part taken out: the workbook keeps its EFH_ names, it is no one else's.
    damaged = folder / "b.xlsm"
    with zipfile.ZipFile(folder / "a.xlsm") as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/_rels/"):
                data = data.replace(b"../tables/", b"../gone/")
            out.writestr(item, data)
    found = outcomes(refresh([folder]))
    assert found["b.xlsm"][0] == "error"


def _open_in_excel(path):
    (path.parent / f"~${path.name}").write_bytes(b"")


def _read_only(path):
    path.chmod(0o444)


@pytest.mark.parametrize("held", [_open_in_excel, _read_only])
def test_open_or_read_only_in_a_folder_it_is_still_left_aside(folder, held):
    # Someone's budget open in Excel (or read-only) beside the territories: the refresh read
    # nothing of it, and told its owner to close or unlock it, failing the batch (exit 5).
    held(folder / "budget.xlsx")
    results = refresh([folder])
    found = outcomes(results)
    assert found["a.xlsm"][0] == "ok"
    assert found["budget.xlsx"] == ("skipped", [FOREIGN_SKIPPED])
    assert results.exit_code == 0


def test_its_copy_in_the_output_folder_does_not_fail_the_batch(folder, tmp_path):
    copies = tmp_path / "copies"
    copies.mkdir()
    (copies / "budget.xlsx").write_bytes(b"someone's own file")
    found = outcomes(refresh([folder], output_dir=copies))
    assert found["budget.xlsx"] == ("skipped", [FOREIGN_SKIPPED])
    assert (copies / "budget.xlsx").read_bytes() == b"someone's own file"


def test_a_territorys_workbook_open_in_excel_is_still_refused(folder):
    _open_in_excel(folder / "a.xlsm")
    found = outcomes(refresh([folder]))
    assert found["a.xlsm"][0] == "error" and "ouvert dans Excel" in found["a.xlsm"][1]


def test_open_in_excel_and_named_on_its_own_it_is_refused(folder):
    _open_in_excel(folder / "budget.xlsx")
    results = refresh([folder / "budget.xlsx"])
    assert results[0].outcome == "error" and "ouvert dans Excel" in results[0].error_message


def test_a_territorys_table_without_efh_names_open_in_excel_is_refused(folder):
    # A table of actions typed by hand (no EFH_ name until a refresh writes it in place):
    # a territory's workbook all the same. Open in Excel, it was left out of the batch
    # unsaid, as someone else's.
    import xlsxwriter

    own = folder / "saisie.xlsx"
    book = xlsxwriter.Workbook(own)
    sheet = book.add_worksheet("Actions")
    headers = ["N° action", "Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"]
    rows = [["A-1", "OUI", "OUI", "", "NON", "NON", "NON"]]
    columns = [{"header": h} for h in headers]
    sheet.add_table(0, 0, 1, len(headers) - 1, {"name": "Saisie", "columns": columns, "data": rows})
    book.close()
    # A territory's, read (checked only: a refresh in place would give it EFH_ names).
    assert outcomes(refresh([folder], check=True))["saisie.xlsx"][0] == "ok"
    _open_in_excel(own)
    found = outcomes(refresh([folder]))
    assert found["saisie.xlsx"][0] == "error" and "ouvert dans Excel" in found["saisie.xlsx"][1]
