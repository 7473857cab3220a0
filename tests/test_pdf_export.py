"""One PDF per summary sheet, A4 landscape, with the territory's name and totals (LibreOffice
exports, poppler's pdfinfo and pdftotext read)."""

import os
import re
import shutil
import subprocess

import pytest
from conftest import WORKBOOK, libreoffice

from efh_xl.cli import main
from efh_xl.workbook.pdf_export import only_sheet
from efh_xl.workbook.reader import read_workbook


def poppler(tool: str) -> str:
    """Path of a poppler tool; in CI its absence is a failure (.ci/run installs it)."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} est requis en CI : .ci/run doit installer poppler-utils.")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def test_only_the_chosen_sheet_stays_visible():
    xml = (
        '<workbook><bookViews><workbookView activeTab="2"/></bookViews><sheets>'
        '<sheet name="A &amp; B" sheetId="1" r:id="rId1"/>'
        '<sheet name="Synthèse – X" sheetId="2" r:id="rId2" state="hidden"/></sheets></workbook>'
    )
    out = only_sheet(xml, "Synthèse – X")
    assert '<sheet name="A &amp; B" sheetId="1" r:id="rId1" state="hidden"/>' in out
    assert '<sheet name="Synthèse – X" sheetId="2" r:id="rId2"/>' in out
    assert '<workbookView activeTab="1"/>' in out


def test_refresh_pdf_writes_one_a4_landscape_pdf_per_summary_sheet(tmp_path, capsys):
    libreoffice()
    info, text_of = poppler("pdfinfo"), poppler("pdftotext")
    copy = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, copy)
    assert main(["refresh", str(copy), "--pdf", str(tmp_path / "pdf")]) == 0
    assert "4 PDF" in capsys.readouterr().out
    pdfs = sorted((tmp_path / "pdf").glob("*.pdf"))
    assert len(pdfs) == 4  # the overview and three territories
    actions = read_workbook(WORKBOOK).actions
    for pdf in pdfs:
        details = subprocess.run([info, str(pdf)], capture_output=True, text=True).stdout
        width, height = map(
            float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", details).groups()
        )
        assert (round(width), round(height)) == (842, 595)  # A4 landscape, every page
        text = subprocess.run(
            [text_of, "-layout", str(pdf), "-"], capture_output=True, text=True
        ).stdout
        territory = next(
            (t for t in actions["Territoire"].unique() if f"Synthèse EFH – {t}" in text), None
        )
        group = actions if territory is None else actions[actions["Territoire"] == territory]
        if territory is None:
            assert "Synthèse EFH – tous les territoires" in text
        assert f"à partir de {len(group)} action(s)" in text
        granted = int(round(sum(float(v) for v in group["Montant accordé"] if v is not None)))
        digits = re.sub(r"(?<=\d)[ ,.\u202f\xa0](?=\d{3})", "", text)
        assert f"{granted} €" in digits, (pdf.name, granted)
        # Numbers as French Excel shows them, whatever this machine's locale: 1 923 800 €
        # and 48,4 %, never 1,923,800 € nor 48.4 % (the PDF goes to a comité).
        assert re.search(r"\d[ \u202f\xa0]\d{3} €", text) and re.search(r"\d,\d %", text)
        assert not re.search(r"\d,\d{3} €", text) and not re.search(r"\d\.\d %", text)
