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
