"""What a batch (refresh, consolidate) takes as its inputs: an empty path is refused, not read
as the current folder; one workbook reached by two spellings is read once; an output folder
that is the inputs' own is refused, one outside them makes no input a copy; a pattern finds a
workbook whatever the case of its extension."""

from __future__ import annotations

import shutil

import pytest
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.errors import EmptyPathError, NoWorkbookMatchedError, OutputFolderIsInputError
from efh_xl.workbook.consolidation import consolidate, expand_inputs
from efh_xl.workbook.headless_refresh import expand_paths, refresh


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t").mkdir()
    shutil.copyfile(WORKBOOK, tmp_path / "t" / "a.xlsm")
    return tmp_path / "t"


def test_an_empty_path_is_refused_not_read_as_the_current_folder(folder, capsys):
    before = (folder / "a.xlsm").read_bytes()
    results = refresh([""])
    assert [r.error_kind for r in results] == ["EmptyPathError"]
    assert results.exit_code == EmptyPathError.exit_code == 3
    assert main(["refresh", ""]) == 3
    assert "Chemin vide" in capsys.readouterr().err
    assert (folder / "a.xlsm").read_bytes() == before  # the folder's workbook untouched
    result = consolidate(["", "t"], "r.xlsx")
    assert [r.error_kind for r in result.files if r.outcome == "error"] == ["EmptyPathError"]
    assert result.actions == 120  # the other inputs are read all the same


def test_one_workbook_named_twice_is_counted_once(folder):
    result = consolidate(["t/a.xlsm", str(folder / "a.xlsm"), "t/../t"], "r.xlsx")
    assert len(result.read) == 1 and result.actions == 120


def test_an_output_folder_that_is_the_inputs_folder_is_refused(folder, capsys):
    before = (folder / "a.xlsm").read_bytes()
    with pytest.raises(OutputFolderIsInputError):
        refresh(["t"], output_dir="t")
    assert main(["refresh", "t", "-o", "./t/"]) == 5
    assert "omettez --output" in capsys.readouterr().err
    assert (folder / "a.xlsm").read_bytes() == before


def test_an_output_folder_above_the_inputs_makes_no_input_a_copy(folder):
    results = refresh(["t/a.xlsm"], output_dir=".")  # the folder that holds t
    assert [r.outcome for r in results] == ["ok"]
    assert (folder.parent / "a.xlsm").exists()


def test_a_pattern_finds_a_workbook_whatever_the_case_of_its_extension(folder):
    # A folder given found Maubeuge.XLSM; the pattern « */*.xlsm » skipped it (glob follows
    # the case on Linux and macOS).
    shutil.copyfile(WORKBOOK, folder / "Maubeuge.XLSM")
    (folder / "ancien.XLS").write_bytes(b"\xd0\xcf\x11\xe0")  # no workbook this tool reads
    (folder / "notes.XLSM.txt").write_text("x")
    found = ["t/Maubeuge.XLSM", "t/a.xlsm"]
    for pattern in ("*/*.xlsm", "t/*.XLSM", "t/*.xls*", "t/*.Xls?"):
        assert sorted(map(str, expand_paths([pattern]))) == found, pattern
        files, missing = expand_inputs([pattern])
        assert sorted(map(str, files)) == found and missing == [], pattern
    assert [r.outcome for r in refresh(["*/*.xlsm"], check=True)] == ["to_check"] * 2
    # Only workbooks are taken: notes.XLSM.txt, matched by « *.txt », is left aside.
    with pytest.raises(NoWorkbookMatchedError):
        expand_paths(["t/*.txt"])
