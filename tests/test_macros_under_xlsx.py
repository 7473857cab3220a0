"""A workbook with macros renamed .xlsx is read and refreshed, and said: Excel refuses to open
it (« format ou extension de fichier non valide ») until it is named .xlsm again."""

from __future__ import annotations

import shutil

from conftest import WORKBOOK

from efh_xl import consolidate, refresh_workbook


def test_an_xlsm_named_xlsx_is_said_by_refresh_and_consolidate(tmp_path):
    path = shutil.copy(WORKBOOK, tmp_path / "maubeuge_2025.xlsx")
    advice = "Excel refusera de l'ouvrir (« format ou extension de fichier non valide »). Renommez"
    assert [w for w in refresh_workbook(path).warnings if advice in w]
    assert [w for w in consolidate([path], tmp_path / "r.xlsx").files[0].warnings if advice in w]
    plain = shutil.copy(WORKBOOK, tmp_path / "denain.xlsm")
    assert not [w for w in refresh_workbook(plain).warnings if advice in w]
