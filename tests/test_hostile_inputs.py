"""Hostile inputs and careless use: each gets a French message and its exit code, never a
traceback, and a refused run leaves every file as it was (same hash).

One row of CASES per row of the table in docs/entrees-hostiles.md (a test checks that the two
lists of ids are the same). A row names the files it creates, the command, the exit code, a
fragment of the message, and the files that must come out byte-identical.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, WORKBOOK
from test_import import write_ods

from efh_xl.cli import main
from efh_xl.core.grid import DEFAULT_RULE
from efh_xl.core.rule_data import rule_file_text
from efh_xl.core.summary_sheets import OWNED_SHEETS, parse_owned_sheets
from efh_xl.ooxml import atomic_file
from efh_xl.ooxml.package import NewSheet, Package
from efh_xl.ooxml.zip import BackgroundChecks, RawZipWriter, check_entry, entry_key, raw_bytes
from efh_xl.workbook import consolidation

DOC = ROOT / "docs" / "entrees-hostiles.md"
USER_SHEET_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas'
    b'.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
    b"<is><t>Relire avec la r\xc3\xa9gion</t></is></c></row></sheetData></worksheet>"
)


# --- building hostile files ----------------------------------------------------------------


def workbook(folder: Path, name: str = "a.xlsm") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(WORKBOOK, path)
    return path


def with_user_sheet(folder: Path, sheet: str, name: str = "a.xlsm") -> Path:
    """A workbook where a person added a sheet ``sheet`` (no mark of the tool on it)."""
    path = workbook(folder, name)
    package = Package(path)
    package.add_sheet(NewSheet(sheet, USER_SHEET_XML))
    package.save(path)
    package.close()
    return path


def corrupt(path: Path, part: str, how: str) -> None:
    """Damage one part of a package: its CRC (both headers), or its compressed bytes."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        info = package.getinfo(part)
    offset = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_length + extra_length
    if how == "crc":
        bad = struct.pack("<I", info.CRC ^ 0xFFFF)
        data[offset + 14 : offset + 18] = bad
        central = data.find(b"PK\x01\x02")
        while central >= 0:
            length = struct.unpack("<H", data[central + 28 : central + 30])[0]
            if data[central + 46 : central + 46 + length] == part.encode():
                data[central + 16 : central + 20] = bad
            central = data.find(b"PK\x01\x02", central + 4)
    else:
        data[start : start + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(data))


def without_part(path: Path, part: str) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(i, source.read(i)) for i in source.infolist() if i.filename != part]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            out.writestr(info, data)


def sheet_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        text = package.read("xl/workbook.xml").decode()
    return re.findall(r'<sheet [^>]*name="([^"]+)"', text)


def owned_list(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        text = package.read("xl/workbook.xml").decode()
    match = re.search(rf'<definedName name="{OWNED_SHEETS}"[^>]*>([^<]*)<', text)
    return parse_owned_sheets(match[1].replace("&quot;", '"')) if match else []


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the table -------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    setup: Callable[[Path], object]
    argv: list[str]
    code: int
    message: str = ""
    unchanged: tuple[str, ...] = ()  # files whose bytes the run must not change
    check: Callable[[Path, str], None] | None = None  # more checks on the folder and stderr
    inject: str | None = None  # raised in the run: EACCES, EACCES-MKDIR, ENOSPC, SIGINT(-SECOND)
    stdout: str = ""


# A quote opened on line 2 and never closed: the csv module read every line under it as one
# value (X2 and X3 lost, X1's title holding them all), and the import said « 1 ajoutée ».
UNCLOSED_QUOTE = (
    "N° action;Intitulé;Porteur;Montant accordé\n"
    'X1;"Atelier;Porteur A;1 000\nX2;B;Porteur B;500\nX3;C;Porteur C;700\n'
).encode()


def _write(path: str, data: bytes = b""):
    def setup(tmp: Path) -> None:
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    return setup


def _all(*steps):
    def setup(tmp: Path) -> None:
        for step in steps:
            step(tmp)

    return setup


def _book(name="a.xlsm"):
    return lambda tmp: workbook(tmp, name)


def _damaged(part, how):
    return lambda tmp: corrupt(workbook(tmp), part, how)


def _missing(part):
    return lambda tmp: without_part(workbook(tmp), part)


def _readonly(tmp: Path) -> None:
    os.chmod(workbook(tmp), 0o444)


def _link(tmp: Path) -> None:
    real = workbook(tmp / "vrai")
    (tmp / "lien.xlsm").symlink_to(real)


def _two_homonyms(tmp: Path) -> None:
    workbook(tmp / "nord", "efh_grille.xlsm")
    workbook(tmp / "sud", "efh_grille.xlsm")


def _csv(tmp: Path) -> None:
    (tmp / "liste.csv").write_text("Q1;Q2a;Q2b;Q3;Q4;Q5\nOUI;OUI;;;;\n", encoding="utf-8")


def _zip(name: str, parts: dict[str, bytes]):
    """A zip of ``parts``, in their order (OpenDocument's « mimetype » first, stored)."""

    def setup(tmp: Path) -> None:
        with zipfile.ZipFile(tmp / name, "w") as package:
            for part, data in parts.items():
                package.writestr(part, data, zipfile.ZIP_STORED)

    return setup


WORD_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
ODF_NS = (
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def _ods_parts(*sheets: str) -> dict[str, bytes]:
    """An OpenDocument spreadsheet with empty sheets ``sheets``, as LibreOffice lays it out
    (its sheets after the automatic styles, each a table:table named by table:name)."""
    tables = b"".join(
        b'<table:table table:name="%s" table:style-name="ta1"><table:table-row>'
        b"<table:table-cell/></table:table-row></table:table>" % s.encode() for s in sheets
    )
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content ' + ODF_NS
        + b' office:version="1.3"><office:automatic-styles/><office:body><office:spreadsheet>'
        + tables + b"</office:spreadsheet></office:body></office:document-content>"
    )
    return {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content}


def _nothing_written(*names: str):
    def check(tmp: Path, err: str) -> None:
        for name in names:
            assert not (tmp / name).exists(), name

    return check


def _refreshed(name: str):
    def check(tmp: Path, err: str) -> None:
        assert any(n.startswith("Synthèse – ") for n in sheet_names(tmp / name)), name

    return check


def _check_link(tmp: Path, err: str) -> None:
    assert (tmp / "lien.xlsm").is_symlink()
    _refreshed("vrai/a.xlsm")(tmp, err)


def _check_homonyms(tmp: Path, err: str) -> None:
    _refreshed("out/nord/efh_grille.xlsm")(tmp, err)
    _refreshed("out/sud/efh_grille.xlsm")(tmp, err)


def _check_user_sheet(tmp: Path, err: str) -> None:
    names = sheet_names(tmp / "a.xlsm")
    assert "Synthèse – notes du comité" in names
    with zipfile.ZipFile(tmp / "a.xlsm") as package:
        assert any("Relire avec la région".encode() in package.read(n) for n in package.namelist())
    assert "Synthèse – notes du comité" not in owned_list(tmp / "a.xlsm")


def _check_collision(tmp: Path, err: str) -> None:
    names = sheet_names(tmp / "a.xlsm")
    assert names.count("Synthèse – Ensemble") == 1 and "Synthèse – Ensemble (2)" in names
    assert "Synthèse – Ensemble (2)" in owned_list(tmp / "a.xlsm")
    assert "Synthèse – Ensemble" not in owned_list(tmp / "a.xlsm")


def _check_twice(tmp: Path, err: str) -> None:
    # a second refresh replaces the tool's sheets (no pile of « (2) »), keeps the person's
    names = sheet_names(tmp / "a.xlsm")
    assert not any(n.endswith("(2)") for n in names)
    assert "Synthèse – notes du comité" in names


def _no_temporary(tmp: Path, err: str) -> None:
    left = [p for p in tmp.rglob("*") if atomic_file.is_temporary(p.name)]
    assert left == []


def _batch_goes_on(tmp: Path, err: str) -> None:
    _refreshed("b.xlsm")(tmp, err)
    assert "1 classeur sur 2 en erreur" in err


def _empty_folder_apart(tmp: Path, err: str) -> None:
    _refreshed("a.xlsm")(tmp, err)
    assert "rien n'a été fait" not in err and "en erreur" not in err


def _xlsx_written(tmp: Path, err: str) -> None:
    with zipfile.ZipFile(tmp / "sortie.xlsx") as package:
        assert "xl/workbook.xml" in package.namelist()


def _stale_cleaned(tmp: Path, err: str) -> None:
    assert not (tmp / STALE).exists()
    _refreshed("a.xlsm")(tmp, err)


STALE = f".efh_{atomic_file._HOST}_999999999_0123abcd.tmp"  # a pid no process has

RECEIVED = (  # a list as a finance department sends it: Windows-1252, « ; », French amounts
    "N° dossier;Intitulé de l'action;Structure porteuse;Montant attribué;Territoire\n"
    "PRJ-2026-001;Café des parents à l'école;Association Élan;12 000,50 €;Val-de-Lys Métropole\n"
)


# A list under a title and an export date, as a platform writes it (cp1252, « ; »).
TITLED = (
    "Programmation 2026 – contrat de ville;;;\r\nExport du 12/03/2026;;;\r\n"
    "N° dossier;Intitulé;Q1;Q2a;Q2b;Q3;Q4;Q5\r\n"
    "PRJ-001;Atelier égalité;OUI;OUI;;OUI;OUI;OUI\r\n"
    "PRJ-002;Café des pères;NON;OUI;OUI;NON;OUI;NON\r\n"
)


def _titled_xlsx(tmp: Path) -> None:
    """TITLED as a sheet: a notes sheet first, then the list under its title (openpyxl)."""
    import csv
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "Relire avec la région"
    sheet = book.create_sheet("Programmation")
    for row in csv.reader(io.StringIO(TITLED), delimiter=";"):
        sheet.append(row)
    book.save(tmp / "titre.xlsx")


def _received(tmp: Path) -> None:
    (tmp / "liste.csv").write_bytes(RECEIVED.encode("cp1252"))


def _import_ready(*more):
    return _all(_book(), _received, *more)


def _imported_once(tmp: Path) -> None:
    """The received list already imported into a.xlsm: importing it again changes nothing."""
    _import_ready()(tmp)
    assert main(["import", str(tmp / "liste.csv"), "--into", str(tmp / "a.xlsm")]) == 0


def _imported(name: str):
    def check(tmp: Path, err: str) -> None:
        from efh_xl.workbook.reader import read_workbook

        actions = read_workbook(tmp / name).actions
        row = actions[actions["N° action"] == "PRJ-2026-001"]
        assert row["Action"].tolist() == ["Café des parents à l'école"]
        assert row["Porteur"].tolist() == ["Association Élan"]

    return check


def _nothing_new(*names: str):
    def check(tmp: Path, err: str) -> None:
        for name in names:
            assert not (tmp / name).exists(), name
        assert not [p for p in tmp.rglob(".efh_*")], "scratch file left"

    return check


def _symlink(link: str, target: str):
    def setup(tmp: Path) -> None:
        (tmp / link).symlink_to(tmp / target)

    return setup


def _imported_through_link(tmp: Path, err: str) -> None:
    _imported("a.xlsm")(tmp, err)
    assert (tmp / "lien.xlsm").is_symlink()


def _regional_ready(*more):
    return _all(_book(), *more)


def _plain_xlsx(tmp: Path) -> None:
    """A workbook that is not ours: one sheet, no Actions table (openpyxl writes it)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Budget 2026"
    book.save(tmp / "budget.xlsx")


def _renamed_xls(tmp: Path) -> None:
    """A territory's workbook renamed by hand from .xlsm to .xls (still a zip package)."""
    workbook(tmp).rename(tmp / "a.xls")


def _received_xlsx_named_xls(tmp: Path) -> None:
    """The received list as an .xlsx a platform exported under the name .xls."""
    import csv
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(RECEIVED), delimiter=";"):
        book.active.append(row)
    book.save(tmp / "liste.xls")


def _regional(tmp: Path) -> None:
    """A regional workbook, as a consolidation writes it, beside a territory's workbook."""
    workbook(tmp)
    assert main(["consolidate", str(tmp / "a.xlsm"), "-o", str(tmp / "region.xlsx")]) == 0


# A file of 0 bytes (a copy cut short): no app opens it, so the advice is another copy.
EMPTY_BOOK = (
    "vide.xlsm est un fichier vide (0 octet : copie ou téléchargement interrompu ?) : "
    "demandez ou copiez à nouveau le classeur."
)
EMPTY_LIST = (
    "{} est un fichier vide (0 octet : copie ou téléchargement interrompu ?) : demandez ou "
    "copiez à nouveau la liste d'actions."
)
REGIONAL = "region.xlsx est un classeur régional écrit par « efh-xl consolidate » : il n'a pas"


def _blank_xlsx(tmp: Path) -> None:
    """A workbook saved with nothing typed in it (openpyxl writes it)."""
    import openpyxl

    openpyxl.Workbook().save(tmp / "vide.xlsx")


def _all_said(*fragments: str, no_folder: str = ""):
    def check(tmp: Path, err: str) -> None:
        for fragment in fragments:
            assert fragment in err, fragment
        assert not no_folder or not (tmp / no_folder).exists(), no_folder

    return check


def _path_said_once(tmp: Path, err: str) -> None:
    assert "budget.xlsx : budget.xlsx" not in err
    assert "budget.xlsx : aucun tableau d'actions" in err


# A rule file as « efh-xl regle » writes it, then edited by hand: a box answered « PEUT ».
EDITED_RULE = rule_file_text(DEFAULT_RULE).replace('"OUI"', '"PEUT"', 1)
RULE = rule_file_text(DEFAULT_RULE)
WORD_RULE = RULE.replace('"nom"', "“nom”", 1)  # edited in Word: its quotes are typographic
# A list in UTF-8 whose third line is in Windows-1252 (lines pasted from another export).
MIXED_LIST = (
    "N° dossier;Intitulé;Structure porteuse\n".encode()
    + "PRJ-901;Café des parents;Asso Élan\n".encode()
    + "PRJ-902;Théâtre;Asso\n".encode("cp1252")
)
MAC_LIST = (
    "No action;Action;Q1;Q2a;Q2b;Q3;Q4;Q5\nA1;Atelier;OUI;OUI;;OUI;OUI;OUI\n"
    "A2;Café des parents;OUI;OUI;;OUI;OUI;OUI\n"
).encode("mac_roman")
DOS_LIST = (
    "N° action;Intitulé;Q1;Q2a;Q2b;Q3;Q4;Q5\nA1;Atelier;OUI;OUI;;OUI;OUI;OUI\n"
    "A2;Théâtre des parents;OUI;OUI;;OUI;OUI;OUI\n"
).encode("cp850")
WIDE_LINE = (
    "N° action;Action;Q1;Q2a;Q2b;Q3;Q4;Q5\nA1;Atelier;OUI;OUI;;OUI;OUI;OUI\n"
    "A2;Café;OUI;NON;;OUI;OUI;OUI;x;y\n"
).encode()


def _only_first_imported(tmp: Path, err: str) -> None:
    from efh_xl.workbook.reader import read_workbook

    numbers = set(read_workbook(tmp / "a.xlsm").actions["N° action"])
    assert "A1" in numbers and "A2" not in numbers


UNICODE_ROWS = [
    ["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5", "Action"],
    ["OUI", "OUI", None, "OUI", "OUI", "OUI", "Café élève"],
]
# What Excel's « Texte Unicode » writes: UTF-16 with its BOM, tab-separated.
UNICODE_TEXT = "Q1\tQ2a\tQ2b\tQ3\tQ4\tQ5\tAction\nOUI\tOUI\t\tOUI\tOUI\tOUI\tCafé élève\n"


def _no_english(*words: str):
    def check(tmp: Path, err: str) -> None:
        for word in words:
            assert word not in err, word

    return check


def _interrupt_unchanged(tmp: Path, err: str) -> None:
    assert "interrompu" in err
    _nothing_new()(tmp, err)

CASES = [
    # refresh: what names nothing
    Case("refresh-absent", lambda t: None, ["refresh", "absent.xlsm"], 3, "Classeur introuvable"),
    Case("refresh-fichier-vide", _write("vide.xlsm"), ["refresh", "vide.xlsm"], 4,
         EMPTY_BOOK, unchanged=("vide.xlsm",), check=_no_english("Ouvrez-le")),
    Case("refresh-dossier-vide", _write("dossier/.keep"), ["refresh", "dossier"], 3,
         "ne contient aucun classeur"),
    Case("refresh-motif-sans-classeur", _write("notes.txt", b"x"), ["refresh", "*.xlsm"], 3,
         "Le motif"),
    Case("refresh-crochet-litteral", _book("plan [2024].xlsm"), ["refresh", "plan [2024].xlsm"],
         0, check=_refreshed("plan [2024].xlsm")),
    Case("refresh-lot-continue", _all(_write("vide.xlsm"), _book("b.xlsm")),
         ["refresh", "vide.xlsm", "b.xlsm"], 4, "fichier vide", check=_batch_goes_on),
    Case("refresh-lot-absent", _book("b.xlsm"), ["refresh", "absent.xlsm", "b.xlsm"], 3,
         "Classeur introuvable", check=_batch_goes_on),
    Case("refresh-lot-dossier-vide", _all(_book("a.xlsm"), _write("vide/.keep")),
         ["refresh", "a.xlsm", "vide"], 3, "\n1 chemin ne désigne aucun classeur :\n  vide\n",
         check=_empty_folder_apart),
    # refresh: damaged packages
    Case("refresh-crc-faux", _damaged("xl/styles.xml", "crc"), ["refresh", "a.xlsm"], 4,
         "xl/styles.xml a une somme de contrôle fausse", unchanged=("a.xlsm",)),
    Case("refresh-compression-cassee", _damaged("xl/styles.xml", "deflate"),
         ["refresh", "a.xlsm"], 4, "endommagé : la partie xl/styles.xml", unchanged=("a.xlsm",)),
    Case("refresh-crc-faux-vba", _damaged("xl/vbaProject.bin", "crc"), ["refresh", "a.xlsm"], 4,
         "xl/vbaProject.bin a une somme de contrôle fausse", unchanged=("a.xlsm",)),
    Case("refresh-styles-absent", _missing("xl/styles.xml"), ["refresh", "a.xlsm"], 4,
         "xl/styles.xml est absente", unchanged=("a.xlsm",)),
    Case("summary-compression-cassee", _damaged("xl/worksheets/sheet1.xml", "deflate"),
         ["summary", "a.xlsm"], 4, "endommagé : la partie xl/worksheets/sheet1.xml"),
    # refresh: what a person made or holds
    Case("refresh-feuille-utilisateur-synthese",
         lambda t: with_user_sheet(t, "Synthèse – notes du comité"), ["refresh", "a.xlsm"], 0,
         check=_check_user_sheet),
    Case("refresh-nom-pris-par-utilisateur", lambda t: with_user_sheet(t, "Synthèse – Ensemble"),
         ["refresh", "a.xlsm"], 0, "n'a pas été écrite par efh-xl", check=_check_collision),
    Case("refresh-deux-fois", lambda t: (with_user_sheet(t, "Synthèse – notes du comité"),
                                         main(["refresh", str(t / "a.xlsm")])),
         ["refresh", "a.xlsm"], 0, check=_check_twice),
    Case("refresh-ouvert-excel", _all(_book(), _write("~$a.xlsm", b"owner")),
         ["refresh", "a.xlsm"], 5, "ouvert dans Excel (fichier verrou ~$a.xlsm présent). "
         "Fermez-le dans Excel puis relancez, ou utilisez --output pour écrire une copie. S'il "
         "n'est ouvert nulle part (Excel a été fermé brutalement, ou l'ordinateur arrêté), ce "
         "verrou est resté : supprimez le fichier ~$a.xlsm (fichier caché, dans le même dossier "
         "que le classeur), puis relancez.",
         unchanged=("a.xlsm",)),
    Case("refresh-ouvert-excel-casse", _all(_book(), _write("~$A.XLSM", b"owner")),
         ["refresh", "a.xlsm"], 5, "supprimez le fichier ~$A.XLSM", unchanged=("a.xlsm",)),
    Case("refresh-ouvert-libreoffice", _all(_book(), _write(".~lock.a.xlsm#", b"lock")),
         ["refresh", "a.xlsm"], 5, "ouvert dans LibreOffice (fichier verrou .~lock.a.xlsm# "
         "présent)", unchanged=("a.xlsm",)),
    Case("refresh-verrou-excel-nom-long",
         _all(_book("programmation_2026.xlsm"), _write("~$ogrammation_2026.xlsm", b"owner")),
         ["refresh", "programmation_2026.xlsm"], 5,
         "supprimez le fichier ~$ogrammation_2026.xlsm", unchanged=("programmation_2026.xlsm",)),
    Case("refresh-lecture-seule", _readonly, ["refresh", "a.xlsm"], 5, "en lecture seule",
         unchanged=("a.xlsm",)),
    Case("refresh-lien-symbolique", _link, ["refresh", "lien.xlsm"], 0, check=_check_link),
    Case("refresh-output-fichier", _all(_book(), _write("sortie.txt", b"x")),
         ["refresh", "a.xlsm", "--output", "sortie.txt"], 5, "désigne un fichier",
         unchanged=("a.xlsm", "sortie.txt")),
    Case("refresh-pdf-fichier", _all(_book(), _write("notes.txt", b"x")),
         ["refresh", "a.xlsm", "--pdf", "notes.txt"], 5, "--pdf notes.txt désigne un fichier",
         unchanged=("a.xlsm", "notes.txt")),
    Case("refresh-pdf-dossier-interdit", _book(), ["refresh", "a.xlsm", "--pdf", "pdf"], 6,
         "Accès refusé au dossier pdf (--pdf)", unchanged=("a.xlsm",), inject="EACCES-MKDIR"),
    Case("refresh-pdf-sans-libreoffice", _book(), ["refresh", "a.xlsm", "--pdf", "pdf"], 2,
         "LibreOffice est introuvable : installez-le", unchanged=("a.xlsm",),
         inject="NO-LIBREOFFICE", check=_all_said("Aucun classeur n'a été modifié",
                                                   "relancez sans --pdf", no_folder="pdf")),
    Case("refresh-pdf-sous-un-fichier", _all(_book(), _write("notes.txt", b"x")),
         ["refresh", "a.xlsm", "--pdf", "notes.txt/pdf"], 5,
         "--pdf notes.txt/pdf : notes.txt est un fichier, pas un dossier : indiquez un dossier",
         unchanged=("a.xlsm", "notes.txt"), check=_no_english("Not a directory")),
    Case("refresh-check-avec-pdf", _book(), ["refresh", "a.xlsm", "--check", "--pdf", "pdf"], 2,
         "--check ne va pas avec --pdf : --check vérifie seulement et n'écrit rien",
         unchanged=("a.xlsm",), check=_nothing_new("pdf")),
    Case("refresh-output-sous-un-fichier", _all(_book(), _write("notes.txt", b"x")),
         ["refresh", "a.xlsm", "-o", "notes.txt/out"], 5,
         "--output notes.txt/out : notes.txt est un fichier, pas un dossier",
         unchanged=("a.xlsm", "notes.txt"), check=_no_english("Not a directory")),
    Case("refresh-output-nom-de-fichier", _book(), ["refresh", "a.xlsm", "-o", "copie.xlsx"], 5,
         "--output copie.xlsx est un nom de fichier (.xlsx) : indiquez un dossier, où les "
         "fichiers sont écrits sous leur propre nom (par exemple --output copie)",
         unchanged=("a.xlsm",), check=_nothing_new("copie.xlsx")),
    Case("refresh-pdf-nom-de-fichier", _book(), ["refresh", "a.xlsm", "--pdf", "rapport.pdf"], 5,
         "--pdf rapport.pdf est un nom de fichier (.pdf) : indiquez un dossier",
         unchanged=("a.xlsm",), check=_nothing_new("rapport.pdf")),
    Case("refresh-output-dossier-interdit", _book(), ["refresh", "a.xlsm", "-o", "out"], 6,
         "Accès refusé à out", unchanged=("a.xlsm",), inject="EACCES-MKDIR",
         check=_nothing_new("out")),
    Case("refresh-output-homonymes", _two_homonyms, ["refresh", ".", "--output", "out"], 0,
         check=_check_homonyms),
    Case("refresh-lot-interrompu", _all(_book(), _book("b.xlsm")), ["refresh", "a.xlsm", "b.xlsm"],
         130, "interrompu ; 1 classeur sur 2 déjà rafraîchi", unchanged=("b.xlsm",),
         inject="SIGINT-SECOND", check=_refreshed("a.xlsm")),
    Case("refresh-temporaire-ancien", _all(_book(), _write(STALE, b"partial")),
         ["refresh", "a.xlsm"], 0, check=_stale_cleaned),
    # refresh: the system refuses
    Case("refresh-dossier-lecture-seule", _book(), ["refresh", "a.xlsm"], 6, "Accès refusé",
         unchanged=("a.xlsm",), inject="EACCES", check=_no_temporary),
    Case("refresh-fichier-utilise-windows", _book(), ["refresh", "a.xlsm"], 6,
         "a.xlsm est utilisé par un autre programme (Excel, un aperçu, un outil de "
         "synchronisation…) : Windows refuse de le remplacer. Fermez-le puis relancez",
         unchanged=("a.xlsm",), inject="SHARING", check=_no_english("droits")),
    Case("refresh-disque-plein", _book(), ["refresh", "a.xlsm"], 6, "Disque plein",
         unchanged=("a.xlsm",), inject="ENOSPC", check=_no_temporary),
    # build
    Case("build-existant", _book("rempli.xlsm"), ["build", "rempli.xlsm"], 5, "--force",
         unchanged=("rempli.xlsm",)),
    Case("build-ouvert-excel", _all(_book("rempli.xlsm"), _write("~$rempli.xlsm", b"o")),
         ["build", "rempli.xlsm", "--force"], 5,
         "Fermez-le dans Excel puis relancez, ou choisissez un autre nom de fichier",
         unchanged=("rempli.xlsm",), check=_no_english("--output")),
    Case("build-lecture-seule", lambda t: os.chmod(workbook(t, "rempli.xlsm"), 0o444),
         ["build", "rempli.xlsm", "--force"], 5,
         "Retirez l'attribut lecture seule, ou choisissez un autre nom de fichier",
         unchanged=("rempli.xlsm",), check=_no_english("--output")),
    Case("build-dossier", _write("dossier/.keep"), ["build", "dossier"], 3, "est un dossier"),
    Case("build-xlsx", lambda t: None, ["build", "neuf.xlsx"], 5,
         "donnez un nom de fichier terminé par .xlsm", check=_nothing_new("neuf.xlsx")),
    Case("build-sans-extension", _write("notes", b"mes notes"), ["build", "notes", "--force"], 5,
         "notes : nom sans extension ; donnez un nom de fichier terminé par .xlsm (classeur "
         "prenant en charge les macros), par exemple notes.xlsm", unchanged=("notes",)),
    Case("build-sortie-barre-finale", lambda t: None, ["build", "nouveau/"], 5,
         "nouveau/ désigne un dossier : indiquez le fichier à y écrire, par exemple "
         "nouveau/efh_grille.xlsm. Rien n'a été écrit.", check=_nothing_new("nouveau")),
    Case("regle-sortie-barre-finale", lambda t: None, ["regle", "reference", "-o", "sub/"], 5,
         "sub/ désigne un dossier : indiquez le fichier à y écrire, par exemple sub/regle.json",
         check=_nothing_new("sub")),
    Case("import-copie-barre-finale", _import_ready(),
         ["import", "liste.csv", "--into", "a.xlsm", "-o", "copies/"], 5,
         "copies/ désigne un dossier : indiquez le fichier à y écrire, par exemple copies/a.xlsm",
         unchanged=("a.xlsm",), check=_nothing_new("copies")),
    # evaluate
    Case("evaluate-csv-vers-xlsm", _all(_csv, _book("victime.xlsm")),
         ["evaluate", "liste.csv", "-o", "victime.xlsm"], 5, "format de sortie",
         unchanged=("victime.xlsm",)),
    Case("evaluate-sortie-dossier", _all(_csv, _write("sorties/.keep")),
         ["evaluate", "liste.csv", "-o", "sorties"], 3,
         "sorties est un dossier : indiquez un fichier (par exemple sorties/evaluation.xlsx)",
         check=_nothing_new("sorties/evaluation.xlsx", "sorties/liste.xlsx")),
    Case("evaluate-sortie-barre-finale", _csv, ["evaluate", "liste.csv", "-o", "absent/"], 5,
         "absent/ désigne un dossier : indiquez le fichier à y écrire, par exemple "
         "absent/evaluation.xlsx. Rien n'a été écrit.", check=_nothing_new("absent")),
    Case("consolidate-sortie-sans-extension", _book(), ["consolidate", "a.xlsm", "-o", "bilan"],
         5, "bilan : nom sans extension ; donnez un nom de fichier terminé par .xlsx, par "
         "exemple bilan.xlsx. Rien n'a été écrit.", check=_nothing_new("bilan", "bilan.xlsx")),
    Case("evaluate-sortie-egale-entree", _csv,
         ["evaluate", "liste.csv", "-o", "liste.csv", "--force"], 5,
         "liste.csv est la liste à évaluer : l'écrire à sa place la remplacerait par le "
         "résultat", unchanged=("liste.csv",)),
    Case("evaluate-sortie-egale-entree-xlsx", _book("in.xlsx"),
         ["evaluate", "in.xlsx", "-o", "./in.xlsx", "--force"], 5,
         "in.xlsx est la liste à évaluer", unchanged=("in.xlsx",)),
    Case("evaluate-sortie-existante", _all(_csv, _write("sortie.csv", b"ancien")),
         ["evaluate", "liste.csv", "-o", "sortie.csv"], 5, "existe déjà",
         unchanged=("sortie.csv",)),
    Case("evaluate-sortie-ouverte-libreoffice", _all(_csv, _write(".~lock.sortie.csv#", b"l")),
         ["evaluate", "liste.csv", "-o", "sortie.csv"], 5, "ouvert dans LibreOffice"),
    Case("evaluate-sortie-xlsx", _csv, ["evaluate", "liste.csv", "-o", "sortie.xlsx"], 0,
         check=_xlsx_written),
    Case("evaluate-csv-utf16", _write("liste.csv", UNICODE_TEXT.encode("utf-16")),
         ["evaluate", "liste.csv"], 0, "Café élève,2,Marqueur 2"),
    Case("evaluate-sortie-dossier-a-creer", _csv, ["evaluate", "liste.csv", "-o", "neuf/e.csv"],
         0, "efh-xl : dossier créé : neuf (il n'existait pas",
         stdout="1 action évaluée : neuf/e.csv"),
    Case("evaluate-csv-point-virgule-final",
         _write("liste.csv", b"Q1;Q2a;Q2b;Q3;Q4;Q5\nOUI;NON;;OUI;OUI;OUI;\n"),
         ["evaluate", "liste.csv"], 0, "OUI,NON,,OUI,OUI,OUI,1,"),
    Case("evaluate-csv-valeurs-en-trop",
         _write("liste.csv", b"Q1;Q2a;Q2b;Q3;Q4;Q5\nOUI;OUI;;OUI;OUI;OUI;x;y;z\n"),
         ["evaluate", "liste.csv"], 4, "ligne 2 : 9 valeurs pour 6 colonnes d'en-tête",
         check=_no_english("Warning", "Length")),
    Case("evaluate-csv-mal-forme", _write("liste.csv", b'Q1;Q2a;Q2b;Q3;Q4;Q5\n"OUI;OUI\n'),
         ["evaluate", "liste.csv"], 4,
         "lecture impossible : CSV mal formé ligne 2 (guillemet ouvert et jamais fermé)",
         check=_no_english("unexpected")),
    Case("import-csv-guillemet-jamais-ferme", _all(_book(), _write("q.csv", UNCLOSED_QUOTE)),
         ["import", "q.csv", "--into", "a.xlsm"], 4,
         "q.csv : lecture impossible : CSV mal formé ligne 2 (guillemet ouvert et jamais "
         "fermé) ; corrigez le fichier", unchanged=("a.xlsm",)),
    Case("evaluate-ods", lambda t: write_ods(t / "liste.ods", UNICODE_ROWS),
         ["evaluate", "liste.ods"], 0, "Café élève,2,Marqueur 2"),
    Case("evaluate-classeur-vide", _write("vide.xlsm"), ["evaluate", "vide.xlsm"], 4,
         EMPTY_LIST.format("vide.xlsm"), check=_no_english("ouvrez-le")),
    Case("evaluate-csv-vide", _write("vide.csv"), ["evaluate", "vide.csv"], 4,
         EMPTY_LIST.format("vide.csv")),
    Case("evaluate-csv-bom-seul", _write("bom.csv", b"\xef\xbb\xbf"), ["evaluate", "bom.csv"], 4,
         "bom.csv est vide : il faut une ligne d'en-têtes (Q1, Q2a"),
    Case("evaluate-csv-lignes-vides", _write("blank.csv", b"\n\r\n;;;\n"),
         ["evaluate", "blank.csv"], 4, "blank.csv est vide : il faut une ligne d'en-têtes"),
    Case("evaluate-csv-sous-un-titre", _write("titre.csv", TITLED.encode("cp1252")),
         ["evaluate", "titre.csv"], 0, stdout="PRJ-002,Café des pères,NON,OUI,OUI,NON,OUI,NON,2,"),
    Case("evaluate-xlsx-sous-un-titre", _titled_xlsx, ["evaluate", "titre.xlsx"], 0,
         stdout="PRJ-002,Café des pères,NON,OUI,OUI,NON,OUI,NON,2,"),
    Case("evaluate-csv-sous-un-titre-valeurs-en-trop",
         _write("titre.csv", (TITLED + "PRJ-3;x;OUI;;;;;;trop\r\n").encode("cp1252")),
         ["evaluate", "titre.csv"], 4, "ligne 6 : 9 valeurs pour 8 colonnes d'en-tête"),
    Case("evaluate-xlsx-vide", _blank_xlsx, ["evaluate", "vide.xlsx"], 4,
         "vide.xlsx est vide : il faut une ligne d'en-têtes", check=_no_english("import")),
    Case("evaluate-dossier", _write("dossier/.keep"), ["evaluate", "dossier"], 3,
         "est un dossier"),
    # summary
    Case("summary-csv", _write("plain.csv", b"x\n"), ["summary", "plain.csv"], 4,
         "plain.csv n'est pas un classeur Excel mais une liste (.csv) : pour ajouter ses "
         "actions à un classeur, lancez efh-xl import plain.csv --into CLASSEUR.xlsm (pour "
         "commencer un classeur vide : efh-xl build --vide CLASSEUR.xlsm)",
         check=_no_english(".xlsm (classeur prenant en charge les macros)")),
    Case("refresh-liste-csv", _csv, ["refresh", "liste.csv"], 4,
         "efh-xl import liste.csv --into CLASSEUR.xlsm", unchanged=("liste.csv",),
         check=_no_english(".xlsm (classeur prenant en charge les macros)")),
    Case("evaluate-une-colonne-q1", _write("q1.csv", b"Q1\nOUI\n"), ["evaluate", "q1.csv"], 4,
         "Colonnes manquantes : Q2a, Q2b, Q3, Q4, Q5.",
         check=_no_english("manquantes : Q1")),
    Case("evaluate-en-tetes-minuscules", _write("low.csv", b"q1;q2a;q2b;q3;q4;q5\noui;oui;;;;\n"),
         ["evaluate", "low.csv"], 0, stdout="q1,q2a,q2b,q3,q4,q5,Marqueur,Motif\noui,oui,,,,,2,"),
    Case("evaluate-texte-nomme-xlsx", _write("liste.xlsx", b"Q1;Q2a\nOUI;OUI\n"),
         ["evaluate", "liste.xlsx"], 4,
         "Une liste d'actions à évaluer est un fichier .csv, .txt ou .tsv, ou un classeur .xlsx, "
         ".xlsm, .xls, .xlsb ou .ods, avec les colonnes Q1, Q2a, Q2b, Q3, Q4, Q5 : ouvrez-le dans "
         "Excel ou "
         "LibreOffice, enregistrez-le au "
         "format .xlsx ou CSV", check=_no_english("classeur prenant en charge les macros")),
    Case("summary-pas-un-classeur", _write("a.xlsm", b"bonjour\n"), ["summary", "a.xlsm"], 4,
         "(contenu non reconnu : ce n'est pas un fichier Excel)"),
    Case("summary-archive-tronquee", _write("a.xlsx", b"PK\x03\x04coupe"), ["summary", "a.xlsx"],
         4, "(archive incomplète ou abîmée"),
    Case("summary-ancien-xls", _write("a.xlsm", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
         ["summary", "a.xlsm"], 4, "ancien format Excel 97-2003 (.xls)"),
    Case("summary-document-word", _zip("vrai.xlsm", WORD_PARTS), ["summary", "vrai.xlsm"], 4,
         "vrai.xlsm est un document Word (.docx), pas un classeur Excel (une nouvelle copie n'y "
         "changera rien) : donnez à la place le classeur .xlsm du territoire",
         unchanged=("vrai.xlsm",), check=_no_english("archive incomplète", "Ouvrez-le")),
    Case("refresh-presentation-powerpoint",
         _zip("a.xlsm", {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
         ["refresh", "a.xlsm"], 4, "a.xlsm est une présentation PowerPoint (.pptx), pas un "
         "classeur Excel", unchanged=("a.xlsm",), check=_no_english("archive incomplète")),
    Case("consolidate-archive-zip", _zip("a.xlsm", {"notes/a.txt": b"bonjour"}),
         ["consolidate", "a.xlsm", "-o", "r.xlsx"], 4,
         "a.xlsm est une archive zip, pas un classeur Excel",
         check=_no_english("archive incomplète")),
    Case("summary-document-libreoffice",
         _zip("a.xlsm", {"mimetype": b"application/vnd.oasis.opendocument.text",
                         "content.xml": b"<x/>"}),
         ["summary", "a.xlsm"], 4, "a.xlsm est un document texte LibreOffice (Writer, .odt), pas "
         "un classeur Excel", check=_no_english("archive incomplète")),
    Case("evaluate-document-word", _zip("liste.xlsx", WORD_PARTS), ["evaluate", "liste.xlsx"],
         4, "liste.xlsx est un document Word (.docx), pas une liste d'actions",
         check=_no_english("archive incomplète", "ouvrez-le")),
    Case("import-document-word", _all(_book("base.xlsm"), _zip("liste.xlsm", WORD_PARTS)),
         ["import", "liste.xlsm", "--into", "base.xlsm"], 4,
         "liste.xlsm : un document Word (.docx), pas une liste d'actions",
         unchanged=("base.xlsm",), check=_no_english("Ouvrez-le")),
    Case("import-document-word-nomme-csv", _all(_book("base.xlsm"), _zip("liste.csv", WORD_PARTS)),
         ["import", "liste.csv", "--into", "base.xlsm"], 4,
         "liste.csv : un document Word (.docx), pas une liste d'actions",
         unchanged=("base.xlsm",), check=_no_english("encodage non reconnu")),
    Case("summary-classeur-efh-ods",
         _zip("base.ods", _ods_parts("Actions", "Grille", "Paramètres", "Contrôle")),
         ["summary", "base.ods"], 4,
         "base.ods est un classeur EFH enregistré par LibreOffice au format .ods, que efh-xl ne "
         "lit pas (ce n'est pas une liste à importer). Ouvrez-le dans LibreOffice, choisissez "
         "Fichier > Enregistrer sous, type « Excel 2007–365 (avec macro) » (.xlsm), nom "
         "base.xlsm", unchanged=("base.ods",), check=_no_english("efh-xl import")),
    Case("summary-liste-ods", _zip("liste.ods", _ods_parts("Actions", "Notes")),
         ["summary", "liste.ods"], 4,
         "liste.ods n'est pas un classeur Excel mais une liste (.ods) : pour ajouter ses actions "
         "à un classeur, lancez efh-xl import liste.ods", check=_no_english("Enregistrer sous")),
    Case("refresh-ods-renomme-xlsm", _zip("a.xlsm", _ods_parts("Liste")), ["refresh", "a.xlsm"],
         4, "a.xlsm est un classeur OpenDocument (LibreOffice) .ods enregistré sous une autre "
         "extension (.xlsm) : renommez-le en a.ods", unchanged=("a.xlsm",),
         check=_no_english("archive incomplète")),
    Case("evaluate-liste-recue", _received, ["evaluate", "liste.csv"], 4,
         "efh-xl import LISTE --into CLASSEUR"),
    Case("summary-dossier", _write("dossier/.keep"), ["summary", "dossier"], 3, "est un dossier"),
    Case("summary-fichier-vide", _write("vide.xlsm"), ["summary", "vide.xlsm"], 4, EMPTY_BOOK,
         check=_no_english("Ouvrez-le")),
    Case("summary-csv-vide", _write("vide.csv"), ["summary", "vide.csv"], 4,
         EMPTY_LIST.format("vide.csv"), check=_no_english("le classeur")),
    Case("debug-montre-la-trace", _write("vide.xlsm"), ["--debug", "summary", "vide.xlsm"], 4,
         "Traceback"),
    Case("refresh-pas-notre-classeur", _all(_plain_xlsx, _book("b.xlsm")),
         ["refresh", "budget.xlsx", "b.xlsm"], 4, "aucun tableau d'actions",
         unchanged=("budget.xlsx",), check=_path_said_once),
    Case("consolidate-pas-notre-classeur", _plain_xlsx,
         ["consolidate", "budget.xlsx", "-o", "region.xlsx"], 4, "Aucun classeur lisible",
         unchanged=("budget.xlsx",), check=_path_said_once),
    # a regional workbook where a territory's is expected
    Case("summary-classeur-regional", _regional, ["summary", "region.xlsx"], 4, REGIONAL,
         unchanged=("region.xlsx",), check=_no_english("feuille « Actions »")),
    Case("evaluate-classeur-regional", _regional, ["evaluate", "region.xlsx"], 4, REGIONAL,
         unchanged=("region.xlsx",), check=_no_english("Colonnes manquantes")),
    Case("import-dans-classeur-regional", _all(_regional, _received),
         ["import", "liste.csv", "--into", "region.xlsx"], 4, REGIONAL,
         unchanged=("region.xlsx",)),
    # a workbook or a list saved under an extension that is not its own
    Case("refresh-classeur-renomme-xls", _renamed_xls, ["refresh", "a.xls"], 4,
         "renommez-le en a.xlsm", unchanged=("a.xls",), check=_no_english("archive")),
    Case("evaluate-classeur-renomme-xls", _renamed_xls, ["evaluate", "a.xls"], 4,
         "renommez-le en a.xlsm", unchanged=("a.xls",), check=_no_english("Colonnes")),
    Case("import-liste-xlsx-nommee-xls", _all(_book(), _received_xlsx_named_xls),
         ["import", "liste.xls", "--into", "a.xlsm"], 0, "1 action ajoutée",
         check=_imported("a.xlsm")),
    # import: a received list, and the workbook it goes into
    Case("import-csv-windows-1252", _import_ready(), ["import", "liste.csv", "--into", "a.xlsm"],
         0, "1 action ajoutée", check=_imported("a.xlsm")),
    Case("import-liste-absente", _book(), ["import", "absente.csv", "--into", "a.xlsm"], 3,
         "Fichier introuvable : absente.csv", unchanged=("a.xlsm",)),
    Case("import-liste-dossier", _all(_book(), _write("dossier/.keep")),
         ["import", "dossier", "--into", "a.xlsm"], 3, "est un dossier", unchanged=("a.xlsm",)),
    Case("import-texte-nomme-xlsx", _all(_book(), _write("liste.xlsx", b"N dossier;Action\n")),
         ["import", "liste.xlsx", "--into", "a.xlsm"], 4,
         "liste.xlsx : fichier illisible : ce n'est pas un classeur .xlsx, .xls ou .ods valide",
         unchanged=("a.xlsm",), check=_no_english("EOCD", "Zip")),
    Case("import-correspondance-illisible",
         _import_ready(_write("noms.toml", b'[colonnes]\n"A" =\n')),
         ["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "noms.toml"], 2,
         "noms.toml n'est pas un fichier TOML lisible : erreur ligne 2, colonne 6",
         unchanged=("a.xlsm",), check=_no_english("Invalid", "Expected")),
    Case("import-csv-bom-seul", _import_ready(_write("bom.csv", b"\xef\xbb\xbf\r\n\r\n")),
         ["import", "bom.csv", "--into", "a.xlsm"], 4,
         "bom.csv est vide : il faut une ligne d'en-têtes (N° action", unchanged=("a.xlsm",)),
    Case("import-csv-vide", _all(_book(), _write("vide.csv")),
         ["import", "vide.csv", "--into", "a.xlsm"], 4, EMPTY_LIST.format("vide.csv"),
         unchanged=("a.xlsm",)),
    Case("import-xlsx-vide", _all(_book(), _write("vide.xlsx")),
         ["import", "vide.xlsx", "--into", "a.xlsm"], 4, EMPTY_LIST.format("vide.xlsx"),
         unchanged=("a.xlsm",), check=_no_english("ligne d'en-têtes")),
    Case("import-dans-classeur-vide", _all(_received, _write("vide.xlsm")),
         ["import", "liste.csv", "--into", "vide.xlsm"], 4, EMPTY_BOOK,
         unchanged=("vide.xlsm",), check=_no_english("Ouvrez-le")),
    Case("import-ouvert-libreoffice", _import_ready(_write(".~lock.a.xlsm#", b"lock")),
         ["import", "liste.csv", "--into", "a.xlsm"], 5, "ouvert dans LibreOffice",
         unchanged=("a.xlsm",)),
    Case("import-ouvert-excel", _import_ready(_write("~$a.xlsm", b"owner")),
         ["import", "liste.csv", "--into", "a.xlsm"], 5, "ouvert dans Excel",
         unchanged=("a.xlsm",)),
    Case("import-lecture-seule", _all(_readonly, _received),
         ["import", "liste.csv", "--into", "a.xlsm"], 5, "en lecture seule",
         unchanged=("a.xlsm",)),
    Case("import-copie-existante", _import_ready(_book("b.xlsm")),
         ["import", "liste.csv", "--into", "a.xlsm", "-o", "b.xlsm"], 5, "existe déjà",
         unchanged=("a.xlsm", "b.xlsm")),
    Case("import-copie-force", _import_ready(_book("b.xlsm")),
         ["import", "liste.csv", "--into", "a.xlsm", "-o", "b.xlsm", "--force"], 0,
         unchanged=("a.xlsm",), check=_imported("b.xlsm")),
    Case("import-copie-autre-format", _import_ready(),
         ["import", "liste.csv", "--into", "a.xlsm", "-o", "copie.csv"], 5, "format de sortie",
         unchanged=("a.xlsm",), check=_nothing_new("copie.csv")),
    Case("import-copie-dossier", _import_ready(_write("sortie/.keep")),
         ["import", "liste.csv", "--into", "a.xlsm", "-o", "sortie/"], 3,
         "sortie est un dossier : indiquez un fichier (par exemple sortie/a.xlsm)",
         unchanged=("a.xlsm",), check=_nothing_new("sortie/a.xlsm")),
    Case("import-copie-rien-a-changer", _imported_once,
         ["import", "liste.csv", "--into", "a.xlsm", "-o", "copie.xlsm"], 0,
         "Classeur écrit : copie.xlsm", unchanged=("a.xlsm",), check=_imported("copie.xlsm")),
    Case("import-sortie-egale-entree", _import_ready(),
         ["import", "liste.csv", "--into", "a.xlsm", "-o", "a.xlsm"], 0,
         check=_imported("a.xlsm")),
    Case("import-sortie-lien-vers-entree", _import_ready(_symlink("lien.xlsm", "a.xlsm")),
         ["import", "liste.csv", "--into", "a.xlsm", "-o", "./lien.xlsm"], 0,
         "Classeur écrit : lien.xlsm", check=_imported_through_link),
    Case("import-option-mal-tapee", _import_ready(),
         ["import", "liste.csv", "--into", "a.xlsm", "--outptu", "b.xlsm"], 2,
         "vouliez-vous dire --output ?",
         unchanged=("a.xlsm",), check=_nothing_new("b.xlsm")),
    Case("import-annee-mal-tapee", _import_ready(),
         ["import", "liste.csv", "--into", "a.xlsm", "--annee", "20266"], 2,
         "--annee : année 20266 invalide (attendu : une année de 2000 à 2100",
         unchanged=("a.xlsm",)),
    Case("import-correspondance-absente", _import_ready(),
         ["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "noms.toml"], 3,
         "Fichier introuvable : noms.toml", unchanged=("a.xlsm",)),
    # consolidate: the regional workbook never lands on a person's file
    Case("consolidate-fichier-vide", _all(_book("cx/a.xlsm"), _write("cx/vide.xlsm")),
         ["consolidate", "cx", "-o", "region.xlsx"], 4, f"ignoré : cx/{EMPTY_BOOK}",
         check=_no_english("Ouvrez-le")),
    Case("consolidate-dossier-vide", _write("dossier/notes.txt", b"x"),
         ["consolidate", "dossier", "-o", "region.xlsx"], 3,
         "- dossier : ce dossier ne contient aucun classeur", check=_nothing_new("region.xlsx")),
    Case("consolidate-sortie-egale-entree", _regional_ready(),
         ["consolidate", ".", "-o", "a.xlsm"], 5, "format de sortie", unchanged=("a.xlsm",)),
    Case("consolidate-sortie-est-une-entree",
         _all(_book("cx/terr.xlsx"), _book("cx/t2.xlsm")),
         ["consolidate", "cx/terr.xlsx", "cx/t2.xlsm", "-o", "cx/terr.xlsx", "--force"], 5,
         "cx/terr.xlsx est aussi un classeur à consolider : l'écrire à sa place le "
         "remplacerait par le classeur régional. Il n'a pas été modifié, même avec --force",
         unchanged=("cx/terr.xlsx", "cx/t2.xlsm")),
    Case("consolidate-sortie-dans-un-dossier-lu",
         _all(_book("cx/terr.xlsx"), _book("cx/t2.xlsm")),
         ["consolidate", "cx", "-o", "cx/../cx/terr.xlsx", "--force"], 5,
         "cx/../cx/terr.xlsx (le même fichier que cx/terr.xlsx) est aussi un classeur à "
         "consolider", unchanged=("cx/terr.xlsx", "cx/t2.xlsm")),
    Case("consolidate-sortie-par-un-lien",
         _all(_book("cx/terr.xlsx"), _book("cx/t2.xlsm"), _symlink("lien.xlsx", "cx/terr.xlsx")),
         ["consolidate", "lien.xlsx", "cx/t2.xlsm", "-o", "cx/terr.xlsx", "--force"], 5,
         "(le même fichier que lien.xlsx) est aussi un classeur à consolider",
         unchanged=("cx/terr.xlsx", "cx/t2.xlsm")),
    Case("consolidate-sortie-existante", _regional_ready(_write("region.xlsx", b"mine")),
         ["consolidate", "a.xlsm", "-o", "region.xlsx"], 5, "existe déjà",
         unchanged=("a.xlsm", "region.xlsx")),
    Case("consolidate-sortie-dossier", _regional_ready(_write("sortie/.keep")),
         ["consolidate", "a.xlsm", "-o", "sortie/"], 3,
         "sortie est un dossier : indiquez un fichier (par exemple sortie/consolidation.xlsx)",
         unchanged=("a.xlsm",), check=_nothing_new("sortie/consolidation.xlsx")),
    Case("consolidate-sortie-ouverte", _regional_ready(_write("region.xlsx", b"mine"),
                                                       _write(".~lock.region.xlsx#", b"l")),
         ["consolidate", "a.xlsm", "-o", "region.xlsx", "--force"], 5,
         "ouvert dans LibreOffice", unchanged=("region.xlsx",)),
    Case("consolidate-dossier-lecture-seule", _regional_ready(),
         ["consolidate", "a.xlsm", "-o", "region.xlsx"], 6, "Accès refusé à region.xlsx",
         unchanged=("a.xlsm",), inject="EACCES", check=_nothing_new("region.xlsx")),
    Case("consolidate-interrompu", _regional_ready(_write("region.xlsx", b"mine")),
         ["consolidate", "a.xlsm", "-o", "region.xlsx", "--force"], 130, "interrompu",
         unchanged=("a.xlsm", "region.xlsx"), inject="SIGINT", check=_interrupt_unchanged),
    # regle: a rule file is usually one a person edited
    Case("regle-existante", _write("regle.json", b'{"mine": 1}'), ["regle"], 5, "existe déjà",
         unchanged=("regle.json",)),
    Case("regle-modifiee-reponse-inconnue",
         _all(_book(), _write("regle.json", EDITED_RULE.encode())),
         ["summary", "a.xlsm", "--regle", "regle.json"], 2,
         "ensemble « cases vert foncé » (nom vert_fonce), « cases », Q1 : « PEUT » au lieu de "
         "OUI ou NON",
         unchanged=("a.xlsm", "regle.json")),
    Case("regle-dans-un-classeur", _book(), ["regle", "-o", "a.xlsm", "--force"], 5,
         "donnez un nom de fichier terminé par .json", unchanged=("a.xlsm",)),
    Case("regle-sortie-sans-o", lambda t: None, ["regle", "ma_regle.json"], 3,
         "Fichier introuvable : ma_regle.json. Vérifiez le chemin. Pour écrire une règle dans ce "
         "fichier, donnez-le à -o : efh-xl regle -o ma_regle.json",
         check=_nothing_written("ma_regle.json", "regle.json")),
    Case("regle-deux-arguments", lambda t: None, ["regle", "reference", "ma_regle.json"], 2,
         "argument non reconnu : ma_regle.json (le fichier à écrire se donne avec -o : efh-xl "
         "regle reference -o ma_regle.json)", check=_nothing_written("ma_regle.json")),
    Case("summary-regle-vide", _book(), ["summary", "a.xlsm", "--regle", ""], 2,
         "--regle : règle vide (attendu : reference, hachure_q3, cumulatif, un fichier de règle "
         "JSON ou un classeur .xlsm)", check=_no_english("Synthèse EFH")),
    Case("regle-nom-vide", lambda t: None, ["regle", ""], 2,
         "NOM : règle vide (attendu : reference", check=_nothing_written("regle.json")),
    Case("build-chemin-vide", lambda t: None, ["build", ""], 2,
         "FICHIER : chemin vide (attendu : le fichier à écrire, par exemple efh_grille.xlsm)",
         check=_no_english("un dossier ou un motif")),
    Case("lite-chemin-vide", lambda t: None, ["lite", ""], 2,
         "DOSSIER : chemin vide (attendu : le dossier où écrire main.py et requirements.txt",
         check=_nothing_written("main.py", "requirements.txt")),
    Case("regle-dossier", _write("dossier/.keep"), ["regle", "-o", "dossier"], 3,
         "(par exemple dossier/regle.json)"),
    Case("regle-dossier-a-creer", lambda t: None, ["regle", "-o", "regles/ville.json"], 0,
         "efh-xl : dossier créé : regles (il n'existait pas", stdout="écrite : regles/ville.json"),
    # A folder made is said: a typo in its name (« /nonexist/dir ») no longer goes unseen.
    Case("build-dossier-a-creer", lambda t: None, ["build", "neuf/sous/a.xlsm"], 0,
         "efh-xl : dossier créé : neuf/sous (il n'existait pas ; s'il est mal nommé, "
         "supprimez-le et relancez avec le bon nom).",
         stdout="Classeur écrit : neuf/sous/a.xlsm"),
    Case("build-dossier-existant", lambda t: None, ["build", "a.xlsm"], 0,
         stdout="Classeur écrit : a.xlsm", check=_no_english("dossier créé")),
    # lite: a main.py already in the folder may be one a person edited
    Case("lite-existant", _all(_write("lite/main.py", b"# mine"), _write("lite/requirements.txt")),
         ["lite", "lite"], 5, "main.py et requirements.txt existent déjà dans lite",
         unchanged=("lite/main.py", "lite/requirements.txt")),
    Case("lite-dans-un-fichier", _write("notes.txt", b"x"), ["lite", "notes.txt"], 5,
         "notes.txt désigne un fichier : indiquez un dossier", unchanged=("notes.txt",)),
    # Messages found by the new-user trials: what was typed, said back as typed
    Case("regle-fichier-absent", _book(), ["summary", "a.xlsm", "--regle", "nexiste.json"], 3,
         "Fichier introuvable : nexiste.json. Vérifiez le chemin.",
         check=_no_english("inutilisable")),
    Case("dossier-absent-barre-finale", lambda t: None, ["evaluate", "absent/"], 3,
         "Dossier introuvable : absent/. Vérifiez le chemin.",
         check=_no_english("Classeur", ".xlsm ou .xlsx")),
    Case("evaluate-liste-absente-sans-extension", lambda t: None, ["evaluate", "absent"], 3,
         "Fichier introuvable : absent. Vérifiez le chemin.",
         check=_no_english("Classeur", ".xlsm ou .xlsx")),
    Case("summary-fichier-de-regle", _write("regle.json", RULE.encode()),
         ["summary", "regle.json"], 4,
         "regle.json n'est pas un classeur Excel, c'est un fichier de règle : donnez-le à "
         "--regle, par exemple efh-xl build --regle regle.json classeur.xlsm (build, evaluate, "
         "summary et consolidate acceptent --regle).", unchanged=("regle.json",)),
    Case("evaluate-fichier-de-regle", _write("regle.json", RULE.encode()),
         ["evaluate", "regle.json"], 4,
         "regle.json n'est pas une liste d'actions, c'est un fichier de règle : donnez-le à "
         "--regle, par exemple efh-xl evaluate liste.csv --regle regle.json",
         unchanged=("regle.json",), check=_no_english("format non pris en charge")),
    Case("import-fichier-de-regle", _all(_book(), _write("regle.json", RULE.encode())),
         ["import", "regle.json", "--into", "a.xlsm"], 4,
         "regle.json n'est pas une liste d'actions, c'est un fichier de règle : l'import ajoute "
         "les actions d'une liste (.csv, .xlsx…) au classeur, dont la règle est celle de sa "
         "feuille « Grille ». Pour appliquer cette règle, donnez-la à --regle, par exemple "
         "efh-xl build --regle regle.json classeur.xlsm", unchanged=("a.xlsm", "regle.json"),
         check=_no_english("format non pris en charge")),
    Case("regle-guillemets-word", _all(_book(), _write("regle.json", WORD_RULE.encode())),
         ["summary", "a.xlsm", "--regle", "regle.json"], 2,
         'colonne 3 : guillemets typographiques “ ” : remplacez-les par des guillemets droits "',
         unchanged=("a.xlsm", "regle.json"), check=_no_english("Expecting")),
    Case("import-correspondance-sans-guillemets",
         _import_ready(_write("noms.toml", '[colonnes]\nMontant proposé = "Montant accordé"\n'
                              .encode())),
         ["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "noms.toml"], 2,
         "Correspondance de colonnes invalide : noms.toml n'est pas un fichier TOML lisible : "
         "erreur ligne 2, colonne 9. Dans le fichier, écrivez sous la ligne [colonnes] une ligne "
         'par colonne, chaque nom entre guillemets droits : "Colonne du fichier" = "Colonne du '
         'tableau"', unchanged=("a.xlsm",)),
    Case("import-correspondance-fichier-de-regle",
         _import_ready(_write("regle.json", RULE.encode())),
         ["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "regle.json"], 2,
         "Correspondance de colonnes invalide : regle.json est un fichier de règle (écrit par "
         "« efh-xl regle »), pas une correspondance de colonnes : une règle se donne à --regle",
         unchanged=("a.xlsm", "regle.json"), check=_no_english("TOML lisible")),
    Case("refresh-verrou-chemin-tape", _all(_book("ro/o.xlsm"), _write("ro/~$o.xlsm", b"owner")),
         ["refresh", "ro/o.xlsm"], 5,
         "ro/o.xlsm est ouvert dans Excel (fichier verrou ~$o.xlsm présent)",
         unchanged=("ro/o.xlsm",)),
    Case("import-csv-valeurs-en-trop", _all(_book(), _write("trop.csv", WIDE_LINE)),
         ["import", "trop.csv", "--into", "a.xlsm"], 1,
         "ligne 3 (N° A2) rejetée : 10 valeurs pour 8 colonnes d'en-tête (« x » en trop) ; "
         "corrigez cette ligne", check=_only_first_imported),
    Case("liste-deux-encodages", _all(_book(), _write("melange.csv", MIXED_LIST)),
         ["import", "melange.csv", "--into", "a.xlsm"], 4,
         "melange.csv : liste en deux encodages : la ligne 3 n'est pas en UTF-8, alors que la "
         "ligne 1 l'est", unchanged=("a.xlsm", "melange.csv")),
    Case("liste-mac-roman", _write("mac.csv", MAC_LIST), ["evaluate", "mac.csv"], 4,
         "mac.csv : liste dans un autre encodage (Mac Roman) : la ligne 3 contient « Ž », un "
         "« é » écrit sur Mac", unchanged=("mac.csv",)),
    Case("liste-dos-850", _all(_book(), _write("dos.csv", DOS_LIST)),
         ["import", "dos.csv", "--into", "a.xlsm"], 4,
         "dos.csv : liste dans un autre encodage (DOS, page de code 850) : la ligne 1 contient "
         "« ‚ », un « é » écrit par un ancien logiciel DOS", unchanged=("a.xlsm", "dos.csv")),
    Case("refresh-output-copie-existante", _all(_book(), _write("out/a.xlsm", b"mine")),
         ["refresh", "a.xlsm", "--output", "out"], 5,
         "out/a.xlsm existe déjà : il n'a pas été modifié. Choisissez un autre dossier, ou "
         "ajoutez --force pour le remplacer.", unchanged=("a.xlsm", "out/a.xlsm")),
]


def _inject(monkeypatch, kind: str) -> None:
    """An OSError at the very place the system would raise it: creating or writing the file."""
    if kind == "EACCES-MKDIR":  # a folder to create in a folder the user may not write in

        def refuse_folder(self, *args, **kwargs):
            if not self.exists():
                raise PermissionError(errno.EACCES, "Permission denied", str(self))

        monkeypatch.setattr(Path, "mkdir", refuse_folder)
    elif kind == "EACCES":

        def refuse(temporary):
            raise PermissionError(errno.EACCES, "Permission denied", str(temporary))

        monkeypatch.setattr(atomic_file, "_create", refuse)
        # The consolidation's scratch package is made first, by tempfile, in the same folder.
        monkeypatch.setattr(
            consolidation.tempfile, "mkstemp", lambda **kw: refuse(kw.get("dir", "?"))
        )
    elif kind == "NO-LIBREOFFICE":  # a machine without LibreOffice: no soffice on PATH
        from efh_xl.workbook import libreoffice

        monkeypatch.setenv("PATH", str(Path.cwd() / "sans-programmes"))
        monkeypatch.setattr(libreoffice, "_installed", lambda: [])
    elif kind == "SHARING":  # Windows: the file is open in a program that left no lock file

        def in_use(source, target):
            error = PermissionError(errno.EACCES, "being used by another process", str(target))
            error.winerror = 32  # what Windows sets (ERROR_SHARING_VIOLATION)
            raise error

        monkeypatch.setattr(atomic_file.os, "replace", in_use)
    elif kind == "SIGINT-SECOND":  # Ctrl+C while the second workbook of a batch is read
        from efh_xl.workbook import headless_refresh

        original_refresh = headless_refresh._refresh_workbook
        calls = []

        def interrupt_second(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise KeyboardInterrupt
            return original_refresh(*args, **kwargs)

        monkeypatch.setattr(headless_refresh, "_refresh_workbook", interrupt_second)
    elif kind == "SIGINT":
        original = RawZipWriter._write_entry

        def interrupt(self, name, *args, **kwargs):
            if self.offset > 20_000:  # Ctrl+C with part of the regional workbook written
                raise KeyboardInterrupt
            return original(self, name, *args, **kwargs)

        monkeypatch.setattr(RawZipWriter, "_write_entry", interrupt)
    else:
        original = RawZipWriter._write_entry

        def fill(self, name, *args, **kwargs):
            if self.offset > 50_000:  # part of the file is written: the disk fills up
                raise OSError(errno.ENOSPC, "No space left on device")
            return original(self, name, *args, **kwargs)

        monkeypatch.setattr(RawZipWriter, "_write_entry", fill)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    case.setup(tmp_path)
    capsys.readouterr()
    before = {name: digest(tmp_path / name) for name in case.unchanged}
    if case.inject:
        _inject(monkeypatch, case.inject)
    try:
        code = main(case.argv)
    except SystemExit as exit:  # argparse refuses the command line
        code = exit.code
    out, err = capsys.readouterr()
    assert code == case.code, (out, err)
    if case.id != "debug-montre-la-trace":
        assert "Traceback" not in out + err
    assert case.message in out + err
    assert case.stdout in out
    for name, value in before.items():
        assert digest(tmp_path / name) == value, name
    if case.check:
        case.check(tmp_path, err)
    if case.code not in (0, 1):
        _no_temporary(tmp_path, err)


def test_the_docs_table_has_one_row_per_case():
    ids = re.findall(r"^\| `([a-z0-9-]+)` \|", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(ids) == sorted([c.id for c in CASES] + list(ELSEWHERE)), "docs/entrees-hostiles"
    assert len(ids) == len(set(ids))


# Rows of the docs table tested in their own test (a real process, or a long loop).
ELSEWHERE = {
    "evaluate-liste-sans-action": (
        "test_evaluate_empty_list.py::test_a_header_without_rows_is_said_to_hold_no_action"
    ),
    "evaluate-lignes-de-note": (
        "test_evaluate_note_lines.py::"
        "test_a_note_in_column_a_beside_a_table_from_column_b_is_no_action"
    ),
    "liste-ligne-de-total": "test_total_lines.py::test_import_does_not_add_the_totals_line",
    "import-liste-sans-montant-accorde": (
        "test_import_export_headers.py::"
        "test_a_list_without_amount_granted_or_number_is_said_with_a_line_per_unknown_column"
    ),
    "evaluate-deux-colonnes-q1": (
        "test_evaluate_repeated_questions.py::"
        "test_the_leftmost_of_two_columns_for_a_question_is_read_and_said"
    ),
    "evaluate-montants-csv-en-nombres": (
        "test_evaluate_numbers_in_xlsx.py::"
        "test_amounts_counts_and_years_of_a_csv_list_are_numbers_in_the_xlsx"
    ),
    "refresh-liste-evaluee": (
        "test_evaluated_list_skipped.py::test_refresh_and_consolidate_leave_an_evaluated_list_aside"
    ),
    "evaluate-classeur-nomme-csv": (
        "test_workbook_named_as_text.py::test_an_xlsx_named_csv_is_said_to_be_a_workbook"
    ),
    "evaluate-code-dauphin-recalcule": (
        "test_evaluate_dauphin.py::test_code_dauphin_follows_the_new_marker_in_csv_and_xlsx"
    ),
    "evaluate-cellule-en-erreur": (
        "test_error_cells.py::test_evaluate_reads_an_error_as_an_unrecognised_answer"
    ),
    "summary-tube-ferme": "test_a_closed_pipe_ends_quietly",
    "lecture-refusee": "test_a_file_that_cannot_be_read_is_said_so_not_read_only",
    "refresh-classeur-regional": (
        "test_consolidate.py::test_a_regional_workbook_in_the_territories_folder_is_left_aside"
    ),
    "probe-utilisateur-presse": "test_the_careless_user_probe_prints_no_traceback",
    "evaluate-sortie-page-de-code": (
        "test_an_output_in_a_code_page_replaces_what_it_cannot_write_and_says_so"
    ),
    "summary-sortie-page-de-code": (
        "test_a_report_in_a_code_page_gives_a_hint_that_fits_its_command"
    ),
    "refresh-pdf-dossier-lecture-seule": (
        "test_pdf_export.py::"
        "test_a_pdf_folder_that_refuses_files_stops_the_run_before_any_workbook"
    ),
    "refresh-chemin-tape": "test_refresh.py::test_a_refresh_in_place_prints_the_path_as_typed",
    "import-simulation-classeur-ouvert": (
        "test_import_dry_run_refusals.py::"
        "test_a_dry_run_into_an_open_workbook_reports_and_exits_as_the_real_run"
    ),
    "refresh-pdf-homonymes": (
        "test_pdf_folders.py::test_homonyms_in_sub_folders_keep_their_own_pdfs"
    ),
    "refresh-pdf-existants": (
        "test_pdf_folders.py::test_existing_pdfs_are_replaced_only_with_force"
    ),
    "refresh-pdf-meme-nom": (
        "test_pdf_folders.py::test_two_workbooks_of_one_name_never_share_their_pdfs"
    ),
    "import-lien-symbolique": (
        "test_import.py::"
        "test_an_import_through_a_symbolic_link_writes_the_file_and_keeps_the_link"
    ),
    "refresh-lot-chemin-une-fois": (
        "test_refresh.py::test_each_line_of_a_batch_names_its_workbook_once"
    ),
    "consolidate-ignores-chemin-une-fois": (
        "test_consolidate_report.py::test_each_skipped_file_is_named_once"
    ),
    "refresh-tue-en-ecriture": (
        "test_kill_refresh.py::"
        "test_a_killed_refresh_never_damages_the_workbook_nor_leaves_a_temporary"
    ),
    # No silent wrong figure (issue 9): each in the test file of its feature.
    "refresh-lignes-effacees": "test_blank_rows.py::test_a_table_cleared_with_suppr_has_no_action",
    "summary-montants-en-texte": (
        "test_unreadable_amounts.py::test_typed_amounts_count_and_unreadable_ones_count_nowhere"
    ),
    "refresh-montant-illisible": (
        "test_unreadable_amounts.py::test_the_summary_sheets_show_a_montants_illisibles_list"
    ),
    "summary-montant-illisible": (
        "test_unreadable_amounts.py::test_the_cli_summary_names_unreadable_amounts"
    ),
    "refresh-somme-infinie": (
        "test_non_finite.py::test_euros_that_overflow_a_sum_give_an_error_cell_and_a_readable_package"
    ),
    "refresh-montant-financeur-illisible": (
        "test_unreadable_amounts.py::test_an_unreadable_funder_amount_is_listed_and_counted_nowhere"
    ),
    "refresh-effectif-illisible": (
        "test_unreadable_amounts.py::"
        "test_people_counts_are_read_as_french_numbers_and_unreadable_ones_listed"
    ),
    "refresh-effectif-non-entier": (
        "test_unreadable_amounts.py::"
        "test_a_count_that_is_no_whole_number_is_listed_and_its_pair_counted_nowhere"
    ),
    "import-effectif-non-entier": (
        "test_import_funders.py::test_a_count_that_is_no_number_of_people_rejects_its_line_whole"
    ),
    "import-correspondance-double": (
        "test_import_funders.py::test_one_header_mapped_to_two_columns_is_refused"
    ),
    "import-indice-autre-financeur": (
        "test_import_funders.py::test_no_hint_sends_one_funder_s_euros_to_another_column"
    ),
    "parametres-part-en-pourcents": (
        "test_settings.py::test_a_share_typed_as_a_number_of_percent_or_a_fraction_means_the_same"
    ),
    "parametres-part-hors-bornes": "test_settings.py::test_a_bad_value_is_named_by_its_cell",
    "refresh-cellule-inf": (
        "test_non_finite.py::test_an_amount_cell_holding_inf_or_nan_is_unreadable_not_a_number"
    ),
    "refresh-grille-ligne-videe": (
        "test_grid_validation.py::test_a_cleared_dark_green_row_is_refused_and_the_workbook_left_alone"
    ),
    "grille-ensembles-impossibles": (
        "test_grid_validation.py::test_box_sets_that_cannot_give_a_marker_are_refused"
    ),
    "refresh-texte-trop-long": (
        "test_long_text.py::test_a_very_long_territory_name_gives_a_cut_title"
    ),
    "import-texte-trop-long": (
        "test_long_text.py::test_an_imported_title_longer_than_a_cell_is_cut_with_a_mark"
    ),
    "refresh-territoire-ensemble": (
        "test_ensemble_territory.py::test_a_territory_called_ensemble_does_not_take_the_overview"
    ),
    "paquet-abime-au-hasard": (
        "test_package_fuzz.py::test_damaged_packages_give_documented_errors_never_a_traceback"
    ),
    "liste-sous-totaux": (
        "test_total_lines.py::test_import_leaves_out_subtotals_between_the_actions"
    ),
    "liste-windows-1252-noms": (
        "test_mac_roman_list.py::test_names_of_a_windows_1252_list_are_read_right"
    ),
}


def test_every_row_tested_elsewhere_names_a_test_that_exists():
    for row, test in ELSEWHERE.items():
        file, _, name = test.rpartition("::")
        source = (ROOT / "tests" / (file or "test_hostile_inputs.py")).read_text(encoding="utf-8")
        assert f"def {name}(" in source, row


def _run(args, cwd, **kwargs):
    script = Path(sys.executable).with_name("efh-xl")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "efh_xl.cli"]
    return subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, text=True, timeout=120, **kwargs
    )


def _as_a_user(args, cwd):
    """efh-xl run where file modes apply: an administrator (root, here) reads any file, so
    its capabilities are dropped, as a user's run has none."""
    if os.name == "nt" or os.geteuid() != 0:
        return _run(args, cwd)
    if shutil.which("setpriv") is None:
        pytest.skip("root without setpriv: file modes cannot apply")
    script = Path(sys.executable).with_name("efh-xl")
    drop = ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]
    return subprocess.run(
        [*drop, str(script), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_a_file_that_cannot_be_read_is_said_so_not_read_only(tmp_path):
    """chmod 000: every command says the file cannot be read, with advice about reading (it
    said « en lecture seule… Retirez l'attribut lecture seule », or « Accès refusé… écrivez
    dans un dossier où vous pouvez écrire »)."""
    workbook(tmp_path, "noread.xlsm")
    workbook(tmp_path, "v.xlsm")
    _csv(tmp_path)
    shutil.copy(tmp_path / "liste.csv", tmp_path / "noread.csv")
    for name in ("noread.xlsm", "noread.csv"):
        os.chmod(tmp_path / name, 0)
    before = {name: digest_as_root(tmp_path / name) for name in ("noread.xlsm", "v.xlsm")}
    commands = [
        ["refresh", "noread.xlsm"],
        ["refresh", "--check", "noread.xlsm"],
        ["summary", "noread.xlsm"],
        ["evaluate", "noread.csv"],
        ["import", "noread.csv", "--into", "v.xlsm"],
    ]
    for args in commands:
        run = _as_a_user(args, tmp_path)
        assert run.returncode == 6, (args, run.stdout, run.stderr)
        name = args[-1] if args[0] != "import" else "noread.csv"
        said = run.stdout + run.stderr
        assert f"Lecture refusée : {name} ne peut pas être lu avec vos droits" in said, args
        assert "lecture seule" not in said and "écrivez" not in said and "Traceback" not in said
    assert {name: digest_as_root(tmp_path / name) for name in before} == before


def digest_as_root(path: Path) -> str:
    mode = path.stat().st_mode
    os.chmod(path, 0o600)
    try:
        return digest(path)
    finally:
        os.chmod(path, mode)


def test_a_closed_pipe_ends_quietly(tmp_path):
    path = workbook(tmp_path)
    script = Path(sys.executable).with_name("efh-xl")
    reader = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    writer = subprocess.run(
        [str(script), "evaluate", str(path)], stdout=reader.stdin, stderr=subprocess.PIPE,
        timeout=120,
    )
    reader.stdin.close()
    reader.wait(timeout=30)
    assert writer.returncode in (0, 141)
    assert b"Traceback" not in writer.stderr and b"Error" not in writer.stderr


def test_an_output_in_a_code_page_replaces_what_it_cannot_write_and_says_so(tmp_path):
    # Windows writes a redirected output in its code page (cp1252): an arrow or an emoji in a
    # title stopped the command on an internal error (UnicodeEncodeError).
    (tmp_path / "liste.csv").write_text(
        "Q1;Q2a;Q2b;Q3;Q4;Q5;Action\nOUI;OUI;;;;;Atelier → vélo 🚲\n", encoding="utf-8"
    )
    script = Path(sys.executable).with_name("efh-xl")
    run = subprocess.run(
        [str(script), "evaluate", "liste.csv"], cwd=tmp_path, capture_output=True, timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"},
    )
    assert run.returncode == 0, run.stderr.decode("cp1252")
    assert "Atelier ? vélo ?,2," in run.stdout.decode("cp1252")
    err = run.stderr.decode("cp1252")
    assert "attention, 2 caractères que cette sortie (encodage cp1252) ne peut pas écrire" in err
    assert "(efh-xl evaluate liste.csv -o marqueurs.csv)" in err
    assert "Traceback" not in err and "erreur interne" not in err


def test_a_report_in_a_code_page_gives_a_hint_that_fits_its_command(tmp_path):
    # summary has no --output: its warning sent the user to « evaluate liste.csv -o … ».
    workbook(tmp_path)
    script = Path(sys.executable).with_name("efh-xl")
    run = subprocess.run(
        [str(script), "summary", "a.xlsm"], cwd=tmp_path, capture_output=True, timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"},
    )
    assert run.returncode == 0, run.stderr
    assert "Synth?se EFH de a.xlsm" in run.stdout.decode("ascii")
    err = run.stderr.decode("ascii", errors="replace")
    assert "ne peut pas" in err and "relancez la commande avec la variable" in err
    assert "PYTHONIOENCODING=utf-8" in err
    assert "evaluate" not in err and "--output" not in err


def test_the_careless_user_probe_prints_no_traceback(tmp_path):
    (tmp_path / "vide.xlsm").write_bytes(b"")
    (tmp_path / "dossier").mkdir()
    (tmp_path / "plain.csv").write_text("x\n")
    for args in (
        ["refresh", "absent.xlsm"],
        ["refresh", "vide.xlsm"],
        ["refresh", "dossier"],
        ["summary", "plain.csv"],
        ["evaluate", "vide.xlsm"],
        ["build", "dossier"],
    ):
        done = _run(args, tmp_path)
        assert done.returncode not in (0, 1), args
        assert "Traceback" not in done.stdout + done.stderr, args
        assert done.stderr.strip(), args


def test_a_large_part_is_checked_whole_across_pieces():
    # The check inflates a part a piece at a time: damage past the first piece still shows.
    content = b"".join(b'<row r="%d"><c><v>%d</v></c></row>' % (i, i * 7) for i in range(200_000))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", content)
    with zipfile.ZipFile(buffer) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        raw = raw_bytes(archive.fp, info)
    assert len(raw) > 3 * (1 << 18)  # several pieces
    check_entry(info, raw)
    for damaged in (
        raw[: len(raw) // 2],  # cut short
        raw[:-3000] + bytes(b ^ 0x5A for b in raw[-3000:-2990]) + raw[-2990:],  # late bytes
    ):
        with pytest.raises(zipfile.BadZipFile):
            check_entry(info, damaged)
    info.CRC ^= 1
    with pytest.raises(zipfile.BadZipFile, match="CRC"):
        check_entry(info, raw)


def test_parts_checked_in_the_background_are_vouched_for_only_in_their_own_file(tmp_path):
    path = tmp_path / "a.xlsm"
    shutil.copyfile(WORKBOOK, path)
    corrupt(path, "xl/styles.xml", "crc")
    checks = BackgroundChecks(path, skip=lambda: {"xl/vbaProject.bin"})
    with zipfile.ZipFile(path) as package:
        checked = checks.checked(package.fp)
        infos = {info.filename: info for info in package.infolist()}
    # Every intact part is checked, at its place; the damaged one and the skipped one are not.
    assert set(checked) == set(infos) - {"xl/styles.xml", "xl/vbaProject.bin"}
    assert all(checked[name] == entry_key(infos[name]) for name in checked)
    copy = tmp_path / "b.xlsm"
    shutil.copyfile(path, copy)  # the same bytes, another file
    with open(copy, "rb") as other:
        assert checks.checked(other) == {}
    checks.close()
