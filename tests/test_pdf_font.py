"""refresh --pdf says, once for a run, when the font the PDFs need is not installed: without
Carlito (or Calibri), LibreOffice draws the text wider and the summaries print smaller, as the
user guide says (trial 4: the PDFs came out degraded without a word)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import libreoffice
from test_pdf_folders import _workbook

from efh_xl.cli import main
from efh_xl.workbook import pdf_export
from efh_xl.workbook.pdf_export import font_warning

MISSING = "EfhPoliceAbsente"  # a family no machine has: fontconfig answers with another


def fc_match() -> str:
    """Path of fontconfig's fc-match (LibreOffice needs fontconfig on Linux): in CI its
    absence is a failure."""
    path = shutil.which("fc-match")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("fc-match (fontconfig) est requis en CI : il vient avec LibreOffice.")
        pytest.skip("fontconfig's fc-match is not installed")
    return path


def test_a_missing_font_is_said_with_the_way_to_install_it():
    fc_match()
    warning = font_warning((MISSING,))
    assert warning is not None and warning.startswith(f"la police {MISSING} n'est pas installée")
    assert "plus petites" in warning and "fonts-crosextra-carlito" in warning


def test_an_installed_font_says_nothing():
    installed = subprocess.run(
        [fc_match(), "-f", "%{family}", "sans-serif"], capture_output=True, text=True, check=True
    ).stdout.split(",")[0]
    assert font_warning((MISSING, installed)) is None


def test_without_fontconfig_nothing_is_said(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-match: Windows, where Calibri is
    assert font_warning((MISSING,)) is None


def test_refresh_pdf_says_it_once_for_a_run(tmp_path, capsys, monkeypatch):
    libreoffice()
    fc_match()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pdf_export, "PDF_FONTS", (MISSING,))
    _workbook(Path("coll/a.xlsm"), 1)
    _workbook(Path("coll/b.xlsm"), 1, territory=1)
    assert main(["refresh", "coll", "--pdf", "pdf"]) == 0
    out = capsys.readouterr().out
    # Under the first workbook whose PDFs it concerns (its result's warning, in --json too).
    assert out.count(f"Attention : la police {MISSING} n'est pas installée") == 1, out
    first, second = out.split("\nOK ")
    assert MISSING in first and "4 PDF" not in out and out.count(" ; 2 PDF") == 2
