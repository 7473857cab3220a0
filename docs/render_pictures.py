"""Regenerate the guide's pictures from the committed workbook, as LibreOffice shows it.

A refreshed copy of workbook/efh_grille.xlsm is exported to PDF by LibreOffice headless, and
two pages of the Actions sheet and the first page of the Grille and summary sheets become PNG
files in docs/images. The regional workbook's picture comes from a consolidation of the sample
split into one workbook per territory and year.
Needs LibreOffice and pdftoppm (poppler-utils). Run: ``make docs-pictures``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.libreoffice import convert

ROOT = Path(__file__).resolve().parents[1]
# picture -> (text that finds its page, part of the page kept: left, top, width, height)
PICTURES = {
    # The Actions sheet prints pages across, N° action and Action repeated on each: the page
    # of the answers, then the page of the marker, its Code Dauphin and the motif (yellow to
    # fix, grey « Non marqué »), as the guide describes them.
    "actions.png": ("Q2a", (0.03, 0.06, 0.94, 0.5)),
    "marqueur.png": ("Dauphin", (0.03, 0.06, 0.94, 0.68)),
    "grille.png": ("INSTRUCTION DES ACTIONS", (0.0, 0.0, 0.85, 0.75)),
    "synthese.png": ("Synthèse EFH – tous les territoires", (0.0, 0.0, 1.0, 0.84)),
    # A territory's funders and people reached: the first such page after its sheet begins.
    "financeurs.png": (
        "Par financeur : euros par marqueur",
        (0.0, 0.0, 1.0, 0.8),
        "Synthèse EFH – Communauté urbaine des Deux-Rives",
    ),
}
# What only the regional workbook shows: each territory's share by year, and its chart.
REGION = {"region.png": ("Évolution par année", (0.0, 0.0, 1.0, 0.9))}
DPI = 150


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "efh_grille.xlsm"
        shutil.copy(ROOT / "workbook" / "efh_grille.xlsm", copy)
        refresh_workbook(copy, output_dir=Path(scratch) / "out")
        pdf = convert(
            Path(scratch) / "out" / "efh_grille.xlsm",
            "pdf",
            scratch,
            recalculate=False,
            locale="fr-FR",  # numbers as a French user sees them: 1 314 500 €, 40,8 %
        )
        _pictures(pdf, dict(PICTURES), scratch)
    with tempfile.TemporaryDirectory() as scratch:
        from efh_xl.workbook.sample import sample_actions

        sample = sample_actions()
        for (territory, year), frame in sample.groupby(["Territoire", "Année"]):
            name = f"{territory.split()[0]}_{year}.xlsm"
            build_workbook(Path(scratch) / "in" / name, actions=frame.reset_index(drop=True))
        region = consolidate([Path(scratch) / "in"], Path(scratch) / "region.xlsx")
        pdf = convert(region.output, "pdf", scratch, recalculate=False, locale="fr-FR")
        _pictures(pdf, dict(REGION), scratch)
    print(
        "Images regénérées dans docs/images :",
        ", ".join(sorted(p.name for p in (ROOT / "docs" / "images").glob("*.png"))),
    )


def _pictures(pdf: Path, pictures: dict, scratch: str) -> None:
    """Crop the first page holding each picture's marker text into docs/images."""
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    seen: set[str] = set()
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        seen |= {after for _, _, *rest in pictures.values() for after in rest if after in text}
        for name, (marker, (left, top, width, height), *after) in list(pictures.items()):
            if marker in text and set(after) <= seen:
                stem = Path(scratch) / name.removesuffix(".png")
                # A4 landscape at DPI: keep the part of the page worth looking at.
                page_w, page_h = int(11.69 * DPI), int(8.27 * DPI)
                crop = [left * page_w, top * page_h, width * page_w, height * page_h]
                x, y, w, h = (str(int(v)) for v in crop)
                subprocess.run(
                    [
                        "pdftoppm",
                        "-r",
                        str(DPI),
                        "-png",
                        "-singlefile",
                        "-f",
                        str(page),
                        "-l",
                        str(page),
                        "-x",
                        x,
                        "-y",
                        y,
                        "-W",
                        w,
                        "-H",
                        h,
                        str(pdf),
                        str(stem),
                    ],
                    check=True,
                )
                shutil.copy(f"{stem}.png", ROOT / "docs" / "images" / name)
                del pictures[name]


if __name__ == "__main__":
    main()
