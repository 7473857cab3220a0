"""Build the release (``make dist``): the wheel, and a zip to hand to users.

    python tools/release.py [DIST_DIR]

The zip ``efh_xl-<version>.zip`` holds the wheel, ``efh_grille.xlsm``, the user guide as PDF
(Markdown to HTML, then LibreOffice Writer to PDF), the xlwings Lite ``main.py`` and
``requirements.txt`` and a short ``LISEZMOI.txt`` in French.
Nothing here is shipped in the package: it is the project's own tooling.
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide-utilisateur.md"
WORKBOOK = ROOT / "workbook" / "efh_grille.xlsm"

LISEZMOI = """\
efh_xl {version} : marqueur égalité femmes-hommes (EFH) des actions du contrat de ville
=====================================================================================

Contenu de ce dossier
---------------------
- efh_grille.xlsm : le classeur. Il marche sans rien installer (formules Excel ordinaires),
  sous Windows, macOS, Excel sur le web et LibreOffice. Il contient une programmation fictive,
  pour le découvrir : pour la vôtre, partez d'un classeur vide (section « Démarrer » du guide).
- guide-utilisateur.pdf : le guide d'utilisation.
- {wheel} : le module Python, pour le bouton « Générer les synthèses »,
  les fonctions EFH_MARQUEUR / EFH_MOTIF et la commande efh-xl.
- xlwings-lite : main.py et requirements.txt, pour utiliser les fonctions et le bouton sans
  rien installer, avec xlwings Lite.

Installer le module Python (facultatif)
---------------------------------------
1. Installez Python 3.11 ou plus récent (python.org ; sous Windows, cochez « Add python.exe
   to PATH »).
2. Ouvrez une invite de commandes dans ce dossier et tapez :
       pip install "{wheel}[excel]"
   ([excel] ajoute xlwings, pour le bouton et les fonctions dans Excel ; sans [excel], seule
   la commande efh-xl est installée.)
3. Puis : xlwings addin install
4. Rouvrez efh_grille.xlsm et activez les macros.

Vérifier : efh-xl --version doit afficher « efh-xl {version} ».

Sans installation (Windows, macOS, Excel sur le web) : collez les deux fichiers du dossier
xlwings-lite dans l'éditeur xlwings Lite (section « xlwings Lite » du guide).
"""

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "Liberation Sans", Arial, sans-serif; font-size: 11pt; }}
img {{ max-width: 16cm; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #999; padding: 2pt 4pt; }}
code {{ font-family: "Liberation Mono", monospace; }}
</style></head><body>
{body}
</body></html>
"""


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def build_wheel(dist: Path) -> Path:
    """Build the wheel of the working tree into ``dist``; return its path."""
    for old in dist.glob("efh_xl-*.whl"):
        old.unlink()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("efh_xl-*.whl")
    return wheel


# LibreOffice's HTML import ignores max-width and shows a picture at its own size: the guide's
# wide pictures were cut at the page's edge. Width and height in pixels it honours.
PAGE_WIDTH_PX = 605  # 16 cm at 96 pixels per inch
_PICTURE = re.compile(r'<img alt="([^"]*)" src="([^"]+\.png)" />')


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG file, from its header."""
    with open(path, "rb") as file:
        header = file.read(24)
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def sized_pictures(body: str, folder: Path) -> str:
    """The HTML ``body`` with each PNG picture given a size that fits the page's width."""

    def sized(match: re.Match[str]) -> str:
        alt, source = match.groups()
        width, height = png_size(folder / source)
        scale = min(1.0, PAGE_WIDTH_PX / width)
        return (
            f'<img alt="{alt}" src="{source}" width="{round(width * scale)}" '
            f'height="{round(height * scale)}" />'
        )

    return _PICTURE.sub(sized, body)


def guide_pdf(outdir: Path) -> Path:
    """The user guide as PDF, through LibreOffice Writer."""
    import markdown

    sys.path.insert(0, str(ROOT))
    from efh_xl.workbook.libreoffice import convert

    text = GUIDE.read_text(encoding="utf-8")
    body = markdown.markdown(text, extensions=["tables", "fenced_code"])
    with tempfile.TemporaryDirectory(prefix="efh_guide_") as folder:
        work = Path(folder)
        shutil.copytree(GUIDE.parent / "images", work / "images")
        page = work / "guide-utilisateur.html"
        title = html.escape(text.splitlines()[0].lstrip("# "))
        body = sized_pictures(body, work)
        page.write_text(PAGE.format(title=title, body=body), encoding="utf-8")
        # Exported from Writer/Web, the page's first line (the title) went alone onto a first
        # page, blank in the PDF: the page goes through a Writer document first.
        document = convert(page, "odt", work / "odt", recalculate=False)
        return convert(document, "pdf", outdir, recalculate=False)


def release(dist: Path = ROOT / "dist") -> Path:
    """Build the wheel and the release zip into ``dist``; return the zip's path."""
    dist.mkdir(parents=True, exist_ok=True)
    wheel = build_wheel(dist)
    pdf = guide_pdf(dist)
    target = dist / f"efh_xl-{version()}.zip"
    folder = f"efh_xl-{version()}"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(wheel, f"{folder}/{wheel.name}")
        archive.write(WORKBOOK, f"{folder}/{WORKBOOK.name}")
        archive.write(pdf, f"{folder}/guide-utilisateur.pdf")
        # xlwings Lite needs no Python on the user's machine: without these two files here,
        # a colleague with efh_xl installed had to run « efh-xl lite » for them.
        sys.path.insert(0, str(ROOT))
        from efh_xl.excel.lite import MAIN, REQUIREMENTS_FILE, lite_main, lite_requirements

        archive.writestr(f"{folder}/xlwings-lite/{MAIN}", lite_main(version()))
        archive.writestr(f"{folder}/xlwings-lite/{REQUIREMENTS_FILE}", lite_requirements())
        readme = LISEZMOI.format(version=version(), wheel=wheel.name)
        # Windows Notepad users: CRLF line ends.
        archive.writestr(f"{folder}/LISEZMOI.txt", readme.replace("\n", "\r\n"))
    return target


if __name__ == "__main__":
    out = release(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist")
    print(f"Release: {out}")
