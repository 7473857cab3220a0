"""The closing list of a refresh batch says what happened: a folder or a pattern without any
workbook is said as such, apart from the workbooks in error (« 1 classeur sur 2 en erreur »
counted an empty folder as a workbook, and its message said « rien n'a été fait » while the
other input's workbook was refreshed); with --json, each entry of that list gives its path,
then its message."""

from __future__ import annotations

import json

import pytest

from efh_xl.cli import main
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """scratch/ with a workbook, autres/ with none."""
    monkeypatch.chdir(tmp_path)
    build_workbook(tmp_path / "scratch" / "a.xlsm", actions=sample_actions(per_territory=2))
    (tmp_path / "autres").mkdir()
    (tmp_path / "autres" / "notes.txt").write_text("rien\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("empty", "said"),
    [
        ("autres", "Le dossier « autres » ne contient aucun classeur (.xlsm ou .xlsx)"),
        ("nope/*.xlsm", "Le motif « nope/*.xlsm » ne désigne aucun classeur (.xlsm ou .xlsx)"),
    ],
)
def test_an_input_without_workbook_is_no_workbook_in_error(folders, capsys, empty, said):
    assert main(["refresh", "scratch", empty]) == 3  # nothing there, as the README says
    out, err = capsys.readouterr()
    assert out.startswith("OK      scratch/a.xlsm : 6 actions")
    assert f"ERREUR  {said} : vérifiez le chemin.\n" in err
    assert "rien n'a été fait" not in err  # a.xlsm was refreshed
    assert "en erreur" not in err  # no workbook failed
    assert err.endswith(f"\n1 chemin ne désigne aucun classeur :\n  {empty}\n")


def test_the_workbooks_in_error_are_counted_apart_from_the_inputs(folders, capsys):
    (folders / "scratch" / "b.xlsm").write_bytes(b"x")  # not a workbook: an error
    assert main(["refresh", "scratch", "autres", "vide/*.xlsm"]) == 4
    err = capsys.readouterr().err
    closing = err[err.index("\n\n") + 2 :]
    assert closing == (
        "1 classeur sur 2 en erreur :\n"
        "  scratch/b.xlsm\n"
        "2 chemins ne désignent aucun classeur :\n"
        "  autres\n"
        "  vide/*.xlsm\n"
    )


def test_nothing_done_is_said_when_no_input_names_a_workbook(folders, capsys):
    assert main(["refresh", "autres"]) == 3
    err = capsys.readouterr().err
    assert err == (
        "ERREUR  Le dossier « autres » ne contient aucun classeur (.xlsm ou .xlsx) : rien n'a "
        "été fait. Vérifiez le chemin.\n"
    )


def test_with_json_each_entry_gives_its_path_then_its_message(folders, capsys):
    (folders / "scratch" / "b.xlsm").write_bytes(b"x")
    assert main(["refresh", "--json", "scratch", "autres"]) == 4
    out, err = capsys.readouterr()
    by_path = {r["path"]: r for r in json.loads(out)}
    empty = by_path["autres"]
    assert empty["error_kind"] == "NoWorkbookMatchedError" and empty["exit_code"] == 3
    message = (
        "Le dossier « autres » ne contient aucun classeur (.xlsm ou .xlsx) : vérifiez le chemin."
    )
    assert empty["error_message"] == message
    failed = by_path["scratch/b.xlsm"]["error_message"]
    # The list names each path first, as without --json, its message on the line below (no
    # line above said it: the report is on stdout).
    assert err == (
        "\n1 classeur sur 2 en erreur :\n"
        "  scratch/b.xlsm\n"
        f"      {failed}\n"
        "1 chemin ne désigne aucun classeur :\n"
        "  autres\n"
        f"      {message}\n"
    )
