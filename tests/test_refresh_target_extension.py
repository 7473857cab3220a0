"""refresh_workbook's ``target`` keeps the workbook's extension."""

from __future__ import annotations

import shutil

import pytest
from conftest import WORKBOOK

from efh_xl import refresh_workbook
from efh_xl.errors import OutputFormatError


def test_refresh_workbook_writes_no_macro_workbook_under_another_extension(tmp_path):
    # A macro workbook named .xlsx (or .txt) opens nowhere: Excel refuses it.
    path = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, path)
    for name in ("b.xlsx", "b.txt"):
        with pytest.raises(OutputFormatError, match="terminé par .xlsm"):
            refresh_workbook(path, target=tmp_path / name)
        assert not (tmp_path / name).exists()
