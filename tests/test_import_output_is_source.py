"""An import never writes its copy over the list it reads, even with --force: the list (a
workbook of another territory, say) would be replaced by the workbook imported into."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.errors import OutputIsInputError
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.programmation_import import import_actions


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_copy_named_as_the_list_is_refused_and_the_list_kept(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "liste.xlsm"
    shutil.copyfile(WORKBOOK, source)
    build_workbook(tmp_path / "vide.xlsm", actions=None)
    before = _digest(source)
    with pytest.raises(OutputIsInputError):
        import_actions(source, tmp_path / "vide.xlsm", output=source, force=True)
    # Spelt another way on the command line: the same file all the same.
    code = main(["import", "liste.xlsm", "--into", "vide.xlsm", "-o", "./liste.xlsm", "--force"])
    assert code == 5
    assert "est la liste à importer" in capsys.readouterr().err
    assert _digest(source) == before


def test_a_workbook_imported_into_itself_in_place_changes_nothing(tmp_path):
    source = tmp_path / "classeur.xlsm"
    shutil.copyfile(WORKBOOK, source)
    result = import_actions(source, source, dry_run=True)
    assert result.added == 0 and result.updated == 0 and not result.rejected
