"""``--json`` reports a batch whose files fail with any error as data, never as a crash.

The report copied each file's result, exception included; most errors, made from a path and a
reason, could not be copied (« erreur interne (TypeError : ActionsTableError.__init__()
missing 1 required positional argument: 'why') ») and the command printed no JSON at all.
"""

from __future__ import annotations

import copy
import inspect
import json
import pickle

import pytest

from efh_xl import errors
from efh_xl.cli import main


@pytest.fixture
def folder(folder_with_a_budget):
    return folder_with_a_budget


def test_refresh_json_reports_a_file_that_is_no_workbook_of_actions(folder, capsys):
    # Named on its own, the plain workbook is an error (met in a folder, it is left aside).
    code = main(["refresh", "--json", str(folder / "a.xlsm"), str(folder / "budget.xlsx")])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert code == 4 and "erreur interne" not in captured.err
    by_name = {r["path"].rsplit("/", 1)[-1]: r for r in report}
    assert by_name["a.xlsm"]["outcome"] == "ok"
    failed = by_name["budget.xlsx"]
    assert failed["outcome"] == "error" and failed["error_kind"] == "ActionsTableError"
    assert "exception" not in failed


def test_consolidate_json_reports_it_too(folder, tmp_path, capsys):
    output = str(tmp_path / "region.xlsx")
    named = [str(folder / "a.xlsm"), str(folder / "budget.xlsx")]
    code = main(["consolidate", "--json", *named, "-o", output])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert code == 4 and "erreur interne" not in captured.err
    assert {f["outcome"] for f in report["files"]} == {"ok", "error"}


@pytest.mark.parametrize(
    "error",
    [
        errors.ActionsTableError("a.xlsx", "aucun tableau d'actions"),
        errors.InputFileError("liste.csv", "lecture impossible"),
        errors.OutputFormatError("bilan", ".xlsx", example="bilan.xlsx"),
    ],
)
def test_errors_copy_and_pickle_as_they_are(error):
    for again in (copy.deepcopy(error), pickle.loads(pickle.dumps(error))):
        assert type(again) is type(error)
        assert str(again) == str(error) and again.reason == error.reason
        assert again.exit_code == error.exit_code


def test_every_error_class_copies_without_calling_its_constructor():
    # The copy never calls __init__: a class whose constructor takes a path and a reason
    # copies as the one with a message alone.
    for _, kind in inspect.getmembers(errors, inspect.isclass):
        if issubclass(kind, errors.EfhError):
            made = kind.__new__(kind)
            made.args, made._reason = ("message",), None
            assert str(copy.deepcopy(made)) == "message"
