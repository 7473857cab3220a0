"""The lock message names the workbook by the path as typed (« ro/o.xlsm est ouvert dans
Excel »), as the read-only message does (« ro/o.xlsm est en lecture seule »): by its name
alone, a user with the same name in two folders cannot tell which one is meant."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.errors import EXIT_REFUSED


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ro").mkdir()
    shutil.copyfile(WORKBOOK, tmp_path / "ro" / "o.xlsm")
    return tmp_path


@pytest.mark.parametrize(
    "lock, app", [("~$o.xlsm", "Excel"), (".~lock.o.xlsm#", "LibreOffice")]
)
def test_the_lock_message_names_the_path_as_typed(folder, capsys, lock, app):
    (folder / "ro" / lock).write_bytes(b"")
    typed = str(Path("ro", "o.xlsm"))
    assert main(["refresh", typed]) == EXIT_REFUSED
    out = (lambda c: c.out + c.err)(capsys.readouterr())
    assert f"{typed} est ouvert dans {app} (fichier verrou {lock} présent)" in out, out
    assert main(["summary", typed]) == 0  # reading is not refused


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="read-only is POSIX here")
def test_the_read_only_message_names_it_the_same_way(folder, capsys):
    workbook = folder / "ro" / "o.xlsm"
    workbook.chmod(stat.S_IRUSR)
    try:
        typed = str(Path("ro", "o.xlsm"))
        assert main(["refresh", typed]) == EXIT_REFUSED
        out = (lambda c: c.out + c.err)(capsys.readouterr())
        assert f"{typed} est en lecture seule" in out, out
    finally:
        workbook.chmod(stat.S_IRUSR | stat.S_IWUSR)
