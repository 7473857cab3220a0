"""One PDF per summary sheet, A4 landscape, with the territory's name and totals (LibreOffice
exports, poppler's pdfinfo and pdftotext read)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

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
        assert f"à partir de {len(group)} actions" in text
        granted = int(round(sum(float(v) for v in group["Montant accordé"] if v is not None)))
        digits = re.sub(r"(?<=\d)[ ,.\u202f\xa0](?=\d{3})", "", text)
        assert f"{granted} €" in digits, (pdf.name, granted)
        # Numbers as French Excel shows them, whatever this machine's locale: 1 923 800 €
        # and 48,4 %, never 1,923,800 € nor 48.4 % (the PDF goes to a comité).
        assert re.search(r"\d[ \u202f\xa0]\d{3} €", text) and re.search(r"\d,\d %", text)
        assert not re.search(r"\d,\d{3} €", text) and not re.search(r"\d\.\d %", text)


def _refuses_files(folder: Path) -> bool:
    probe = folder / "essai-efh.tmp"
    try:
        probe.touch(exist_ok=False)
    except OSError:
        return True
    probe.unlink()
    return False


def _unwritable_folder(tmp_path: Path) -> Path:
    """An existing folder in which making a file really fails for whoever runs the tests.

    Read-only rights (chmod 555) stop a user but not root, who passes them (the tests run as
    root here): then a folder of sysfs, where the kernel refuses files to root too.
    """
    folder = tmp_path / "pdf"
    folder.mkdir()
    folder.chmod(0o555)
    if _refuses_files(folder):
        return folder
    folder.chmod(0o755)
    system = Path("/sys/kernel")
    if system.is_dir() and _refuses_files(system):
        return system
    pytest.skip("no folder here refuses files to this user")


def test_a_pdf_folder_that_refuses_files_stops_the_run_before_any_workbook(tmp_path, capsys):
    copy = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, copy)
    before = copy.read_bytes()
    folder = _unwritable_folder(tmp_path)
    try:
        assert main(["refresh", str(copy), "--pdf", str(folder)]) == 6
        assert main(["refresh", str(tmp_path), "--pdf", str(folder)]) == 6
    finally:
        if folder.is_relative_to(tmp_path):
            folder.chmod(0o755)
    out, err = capsys.readouterr()
    assert out == ""  # no « OK » line: no workbook was refreshed
    assert f"Accès refusé au dossier {folder} (--pdf) : aucun fichier ne peut y être écrit" in err
    assert "indiquez un autre dossier à --pdf" in err
    assert copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsm", "pdf"]
    if folder.is_relative_to(tmp_path):
        assert list(folder.iterdir()) == []
