"""An install that works on a fresh machine: the release zip (``make dist``) holds the wheel,
the workbook, the guide as PDF, xlwings Lite's two files and a LISEZMOI; the wheel installs
without extras in a fresh virtual environment (no xlwings) and its ``efh-xl`` runs --version,
build and refresh."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, WORKBOOK, libreoffice

import efh_xl
from efh_xl.excel.lite import lite_main, lite_requirements


def release_module():
    spec = importlib.util.spec_from_file_location("release", ROOT / "tools" / "release.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def writer() -> None:
    """LibreOffice Writer converts the guide; in CI its absence is a failure."""
    program = Path(libreoffice()).resolve().parent
    if not (program / "swriter").exists() and shutil.which("swriter") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice Writer est requis en CI : .ci/run doit l'installer.")
        pytest.skip("LibreOffice Writer is not installed")


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    writer()
    dist = tmp_path_factory.mktemp("dist")
    module = release_module()
    archive = module.release(dist)
    return module, archive


def test_the_release_zip_holds_wheel_workbook_guide_and_lisezmoi(release):
    module, archive = release
    version = module.version()
    assert version == efh_xl.__version__
    folder = f"efh_xl-{version}"
    wheel = f"efh_xl-{version}-py3-none-any.whl"
    with zipfile.ZipFile(archive) as zipped:
        names = sorted(zipped.namelist())
        assert names == sorted(
            f"{folder}/{n}"
            for n in (
                wheel,
                "efh_grille.xlsm",
                "guide-utilisateur.pdf",
                "LISEZMOI.txt",
                "xlwings-lite/main.py",
                "xlwings-lite/requirements.txt",
            )
        )
        # xlwings Lite's two files, ready to paste: no Python needed on the user's machine.
        assert zipped.read(f"{folder}/xlwings-lite/main.py").decode() == lite_main(version)
        lite_text = zipped.read(f"{folder}/xlwings-lite/requirements.txt").decode()
        assert lite_text == lite_requirements()
        assert zipped.read(f"{folder}/efh_grille.xlsm") == WORKBOOK.read_bytes()
        assert zipped.read(f"{folder}/guide-utilisateur.pdf").startswith(b"%PDF")
        readme = zipped.read(f"{folder}/LISEZMOI.txt").decode("utf-8")
        assert f'pip install "{wheel}[excel]"' in readme
        with zipfile.ZipFile(zipped.open(f"{folder}/{wheel}")) as wheel_zip:
            top = {n.split("/")[0] for n in wheel_zip.namelist()}
    assert top == {"efh_xl", f"efh_xl-{version}.dist-info"}  # no tests, no tools shipped
    # The README, the guide and the workbook's VBA message say the same install line.
    line = 'pip install "efh_xl-<version>-py3-none-any.whl[excel]"'
    assert line in (ROOT / "README.md").read_text(encoding="utf-8")
    assert line in (ROOT / "docs" / "guide-utilisateur.md").read_text(encoding="utf-8")
    bas = (ROOT / "efh_xl" / "workbook" / "vba" / "EFH.bas").read_text(encoding="ascii")
    assert line.replace('"', '""') in bas
    assert "pip install efh_xl" not in bas


def test_the_wheel_installs_without_extras_and_runs_the_cli(release, tmp_path):
    module, archive = release
    version = module.version()
    with zipfile.ZipFile(archive) as zipped:
        name = f"efh_xl-{version}/efh_xl-{version}-py3-none-any.whl"
        wheel = tmp_path / Path(name).name
        wheel.write_bytes(zipped.read(name))
    venv = tmp_path / "venv"
    # A bare virtual environment, filled by this interpreter's pip (faster than ensurepip;
    # --no-compile skips byte-compiling numpy and pandas).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
            "--no-compile", "--disable-pip-version-check", str(wheel),
        ],
        check=True,
        timeout=600,
    )
    probe = subprocess.run([str(python), "-c", "import xlwings"], capture_output=True)
    assert probe.returncode != 0, "xlwings must come only with the [excel] extra"
    cli = venv / "bin" / "efh-xl"
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(cli), *args], cwd=work, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    assert run("--version").strip() == f"efh-xl {version}"
    assert "Classeur écrit" in run("build", "efh_grille.xlsm")
    assert (work / "efh_grille.xlsm").exists()
    assert run("refresh", "efh_grille.xlsm").startswith("OK")
    assert "main.py" in run("lite", "lite")


def test_the_guide_pdf_opens_on_its_title_and_its_pictures_fit_the_page(release, tmp_path):
    from test_pdf_export import poppler

    module, archive = release
    pdf = tmp_path / "guide.pdf"
    with zipfile.ZipFile(archive) as zipped:
        pdf.write_bytes(zipped.read(f"efh_xl-{module.version()}/guide-utilisateur.pdf"))
    first = subprocess.run(
        [poppler("pdftotext"), "-f", "1", "-l", "1", pdf, "-"], capture_output=True, text=True
    ).stdout
    assert first.startswith("Guide d'utilisation"), first[:80]  # not a blank first page
    listing = subprocess.run(
        [poppler("pdfimages"), "-list", pdf], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    widths_cm = [int(row.split()[3]) / int(row.split()[12]) * 2.54 for row in listing]
    # Every picture the guide shows (![…](images/…)), each once.
    guide = (ROOT / "docs" / "guide-utilisateur.md").read_text(encoding="utf-8")
    assert len(widths_cm) == guide.count("](images/")
    assert all(width <= 16.5 for width in widths_cm), widths_cm  # A4 less its margins
