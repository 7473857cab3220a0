"""One PDF per summary sheet, A4 landscape, made by LibreOffice from a copy of the workbook.

For each sheet, a copy of the package has every other sheet hidden (only ``xl/workbook.xml``
changes) and LibreOffice exports it: the page set-up of the sheet (A4 landscape, fit to width,
titles repeated) is what Excel would print. The user's workbook is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from efh_xl.errors import PdfExportError, TargetExistsError, from_os_error
from efh_xl.ooxml.atomic_file import atomic_write, check_target
from efh_xl.workbook.libreoffice import LibreOfficeMissingError, convert, has_font, soffice

_SHEET = re.compile(r"<sheet\b[^>]*/>")
_NAME = re.compile(r'\bname="([^"]*)"')
_PRINT_AREA = re.compile(
    r'<definedName\b([^>]*\bname="_xlnm\.Print_Area"[^>]*)>.*?</definedName>', re.DOTALL
)
_LOCAL = re.compile(r'\blocalSheetId="(\d+)"')
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')


# The workbook's font, Calibri, and Carlito, made to its measures (LibreOffice puts it in
# Calibri's place): without either, the text is drawn wider and the summaries print smaller.
PDF_FONTS = ("Carlito", "Calibri")


def font_warning(fonts: tuple[str, ...] | None = None) -> str | None:
    """The French warning for PDFs made without ``fonts`` (default :data:`PDF_FONTS`), as the
    user guide says, or None when one is installed or there is no fontconfig to ask (Windows
    has Calibri)."""
    fonts = fonts or PDF_FONTS
    if has_font(*fonts) is not False:
        return None
    how = (
        "installez le paquet fonts-crosextra-carlito (sudo apt-get install "
        "fonts-crosextra-carlito)"
        if sys.platform.startswith("linux")
        else f"installez la police {fonts[0]}"
    )
    return (
        f"la police {fonts[0]} n'est pas installée : LibreOffice dessine le texte dans une "
        "police plus large, les synthèses s'impriment plus petites (environ 60 % au lieu de "
        f"75 %) et le bas des pages reste blanc. Pour des PDF comme dans Excel, {how}, puis "
        "relancez."
    )


def _unescape(text: str) -> str:
    return (
        text.replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


def only_sheet(workbook_xml: str, keep: str) -> str:
    """``xl/workbook.xml`` with every sheet but ``keep`` hidden and ``keep`` the active one,
    and no print area but ``keep``'s."""
    position = 0
    index = -1

    def hide(match: re.Match) -> str:
        nonlocal position, index
        element = re.sub(r'\sstate="[^"]*"', "", match.group(0))
        name = _unescape(_NAME.search(element)[1])
        if name == keep:
            index = position
        else:
            element = element[:-2].rstrip() + ' state="hidden"/>'
        position += 1
        return element

    text = _SHEET.sub(hide, workbook_xml)
    if index < 0:
        raise KeyError(keep)

    def other_print_area(match: re.Match) -> str:
        local = _LOCAL.search(match.group(1))
        return match.group(0) if local and int(local[1]) == index else ""

    # LibreOffice prints a hidden sheet that has a print area: only the kept sheet keeps its.
    text = _PRINT_AREA.sub(other_print_area, text)
    text = re.sub(r'\sactiveTab="\d+"', "", text)
    text = re.sub(r'\sfirstSheet="\d+"', "", text)
    return re.sub(r"<workbookView\b", f'<workbookView activeTab="{index}"', text, count=1)


def pdf_name(workbook: Path, sheet: str) -> str:
    """« efh_grille - Synthèse – Deux-Rives.pdf »."""
    return _UNSAFE.sub(" ", f"{workbook.stem} - {sheet}").strip() + ".pdf"


def pdf_paths(
    workbook: str | os.PathLike[str], sheets: Iterable[str], outdir: str | os.PathLike[str]
) -> list[Path]:
    """Where :func:`export_pdfs` writes the PDF of each of ``sheets``."""
    return [Path(outdir) / pdf_name(Path(workbook), sheet) for sheet in sheets]


def export_pdfs(
    workbook: str | os.PathLike[str],
    sheets: Iterable[str],
    outdir: str | os.PathLike[str],
    *,
    force: bool = False,
) -> list[Path]:
    """Export each of ``sheets`` of ``workbook`` as its own PDF into ``outdir``.

    A PDF that exists already is replaced only with ``force``: without it,
    :class:`~efh_xl.errors.TargetExistsError` names them all before anything is made.
    """
    workbook, outdir = Path(workbook), Path(outdir)
    sheets = list(sheets)
    targets = pdf_paths(workbook, sheets, outdir)
    existing = [t for t in targets if t.exists() or t.is_symlink()]
    if existing and not force:
        raise TargetExistsError(*existing, folder=True)
    for target in targets:  # a folder in its place, open, read-only: refused even with force
        check_target(target, force=True)
    try:
        soffice()
    except LibreOfficeMissingError as error:
        raise PdfExportError(str(error)) from error
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # named as the PDF folder, not as the workbook refreshed
        raise from_os_error(error, outdir) from error
    written = []
    with tempfile.TemporaryDirectory(prefix="efh_pdf_") as work:
        for i, (sheet, target) in enumerate(zip(sheets, targets, strict=True)):
            copy = Path(work) / f"feuille{i}{workbook.suffix}"
            with zipfile.ZipFile(workbook) as old, zipfile.ZipFile(copy, "w") as new:
                for info in old.infolist():
                    data = old.read(info)
                    if info.filename == "xl/workbook.xml":
                        data = only_sheet(data.decode("utf-8"), sheet).encode("utf-8")
                    new.writestr(info, data)
            try:
                # The cached values are the refreshed figures: no recalculation needed. The
                # figures read as in French Excel (1 314 500 €, 40,8 %), whatever the machine.
                produced = convert(
                    copy, "pdf", Path(work) / "pdf", recalculate=False, locale="fr-FR"
                )
            except RuntimeError as error:
                raise PdfExportError(str(error)) from error
            # Through a temporary file renamed over the target: a run killed while copying
            # (the work folder may be on another file system) leaves no half-written PDF.
            with atomic_write(target) as temporary:
                shutil.copyfile(produced, temporary)
            written.append(target)
    return written
