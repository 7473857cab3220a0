"""refresh --pdf never replaces a PDF silently: the workbooks' sub-folders are kept under the PDF
folder (coll/2025/efh_grille.xlsm and coll/2026/efh_grille.xlsm wrote the same four PDF names
in one folder, the second's replacing the first's, and both said « 4 PDF »), a PDF that exists
is replaced only with --force, as every other file efh-xl writes, and two workbooks of one
name in one folder (a.xlsm, a.xlsx) never share their PDFs, even with --force."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from conftest import libreoffice
from test_pdf_export import poppler

import efh_xl
from efh_xl.cli import main
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions


def _workbook(path: Path, actions: int, territory: int = 0) -> Path:
    """A workbook of the sample's first ``actions`` actions of one territory (two summary
    sheets, so two PDFs: each LibreOffice export takes seconds)."""
    sample = sample_actions()
    name = sorted(sample["Territoire"].unique())[territory]
    frame = sample[sample["Territoire"] == name].head(actions).reset_index(drop=True)
    build_workbook(path, actions=frame)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _text(pdf: Path) -> str:
    return subprocess.run(
        [poppler("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout


def test_homonyms_in_sub_folders_keep_their_own_pdfs(tmp_path, capsys, monkeypatch):
    libreoffice()
    monkeypatch.chdir(tmp_path)
    _workbook(Path("coll/2025/efh_grille.xlsm"), 3)
    _workbook(Path("coll/2026/efh_grille.xlsm"), 5, territory=1)
    assert main(["refresh", "coll", "--pdf", "pdfc", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    listed = [p for result in report for p in result["pdfs"]]
    assert len(listed) == len(set(listed)) == 4  # no path listed twice
    for year, actions in (("2025", 3), ("2026", 5)):
        folder = Path("pdfc") / year
        assert len(list(folder.glob("*.pdf"))) == 2
        # Each year's PDFs are its own workbook's: nothing was overwritten.
        overall = folder / "efh_grille - Synthèse – Ensemble.pdf"
        assert f"à partir de {actions} actions" in _text(overall)
    assert sorted(p.name for p in Path("pdfc").iterdir()) == ["2025", "2026"]


def test_existing_pdfs_are_replaced_only_with_force(tmp_path, capsys, monkeypatch):
    libreoffice()
    monkeypatch.chdir(tmp_path)
    book = _workbook(Path("a.xlsm"), 3)
    pdf = Path("pdf")
    pdf.mkdir()
    made = [pdf / "a - Synthèse – Ensemble.pdf", pdf / "a - Synthèse – … de Hautecombe.pdf"]
    for old in made:
        old.write_bytes(b"PDF of last month")
    before = _digest(book)
    assert main(["refresh", "a.xlsm", "--pdf", "pdf"]) == 5
    err = capsys.readouterr().err
    assert (
        "a - Synthèse – Ensemble.pdf et a - Synthèse – … de Hautecombe.pdf existent déjà "
        "dans pdf : "
        "ils n'ont pas été modifiés. Choisissez un autre dossier, ou ajoutez --force pour les "
        "remplacer."
    ) in err
    # Refused before the workbook was written: the run can be done again as it is.
    assert _digest(book) == before
    assert all(old.read_bytes() == b"PDF of last month" for old in made)
    # The Python API refuses alike.
    with pytest.raises(efh_xl.TargetExistsError):
        efh_xl.refresh_workbook(book, pdf_dir=pdf)
    (batch,) = efh_xl.refresh([book], pdf_dir=pdf)
    assert (batch.outcome, batch.error_kind, batch.exit_code) == ("error", "TargetExistsError", 5)
    assert _digest(book) == before

    assert main(["refresh", "a.xlsm", "--pdf", "pdf", "--force"]) == 0
    assert "2 PDF" in capsys.readouterr().out
    assert all(old.read_bytes().startswith(b"%PDF") for old in made)
    assert sorted(p.name for p in pdf.iterdir()) == sorted(p.name for p in made)


def test_two_workbooks_of_one_name_never_share_their_pdfs(tmp_path, capsys, monkeypatch):
    libreoffice()
    monkeypatch.chdir(tmp_path)
    Path("two").mkdir()
    _workbook(Path("two/a.xlsm"), 3)
    # The same package under the other extension: refresh takes both.
    Path("two/a.xlsx").write_bytes(Path("two/a.xlsm").read_bytes())
    before = _digest(Path("two/a.xlsx"))
    assert main(["refresh", "two", "--pdf", "p", "--force"]) == 5
    out, err = capsys.readouterr()
    assert "OK      two/a.xlsm" in out
    assert (
        "two/a.xlsm et two/a.xlsx feraient tous deux le PDF p/a - Synthèse – Ensemble.pdf : "
        "le second n'a pas été rafraîchi. Lancez-les séparément ou avec un autre --pdf."
    ) in err
    assert _digest(Path("two/a.xlsx")) == before
    assert all("à partir de 3 actions" in _text(p) for p in Path("p").glob("*Ensemble.pdf"))
