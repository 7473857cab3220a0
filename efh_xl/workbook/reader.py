"""The file adapter's reading side: the Actions table and the workbook's rule, from a file.

Values come from python-calamine (a fast reader that returns the cached values of formula
cells); the few structural facts it does not give (defined names) are read from the package
XML. Nothing here writes.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
import sys
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import python_calamine
from lxml import etree

from efh_xl.core.blank_rows import COMPUTED, content_mask
from efh_xl.core.engine import REASON_COLUMN
from efh_xl.core.grid import (
    ALTERNATIVE_RULES,
    DEFAULT_RULE,
    QUESTION_IDS,
    QUESTIONS_TEXT,
    Rule,
    RuleError,
)
from efh_xl.core.programmation import SETTINGS_SHEET, funder_column
from efh_xl.core.rule_data import is_rule_data, rule_stamp
from efh_xl.core.rule_name import rule_name
from efh_xl.core.settings import Settings
from efh_xl.core.sheet_model import column_index
from efh_xl.errors import (
    ActionsTableError,
    DamagedWorkbookError,
    EfhError,
    EmptyFileError,
    GridRuleError,
    GridSheetError,
    IsAFolderError,
    MisnamedWorkbookError,
    NotAWorkbookError,
    ReadOnlyWorkbookError,
    RegionalWorkbookError,
    TargetExistsError,
    WorkbookNotFoundError,
    WorkbookOpenError,
    from_os_error,
)
from efh_xl.ooxml.error_cells import error_cells, place_errors, sheet_part
from efh_xl.ooxml.styles import percent_style_indexes
from efh_xl.ooxml.zip_parts import UnusualZip, ZipParts
from efh_xl.workbook.cell_values import (
    blank_to_none,
    settings_from_rows,
    shares_to_check,
    workbook_rule,
)
from efh_xl.workbook.formulas import NAME_BOX_SETS, TABLE_NAME
from efh_xl.workbook.given_paths import given_path
from efh_xl.workbook.lookup_sheet import (
    LOOKUP_SHEET,
    RULE_NAME,
    STAMP_NAME,
    rule_from_cells,
    rule_part,
)
from efh_xl.workbook.table_parts import TablePart, table_parts

T = TypeVar("T")
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Tables of more rows than this are read from their sheet one row at a time (see _stream_table).
STREAM_ABOVE = 50_000
_CHUNK = 2048  # rows of a large table converted at a time (a small transient copy)
_TABLE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
_TABLE_REF = re.compile(rb'<table\b[^>]*?\sref="\$?[A-Z]+\$?(\d+)(?::\$?[A-Z]+\$?(\d+))?"')
_REF = re.compile(
    r"^'?(?P<sheet>.+?)'?!\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+))?$"
)


@dataclass
class WorkbookData:
    """What efh_xl reads from a workbook."""

    path: Path
    actions: pd.DataFrame
    rule: Rule
    # Stamp of the rule and combination table the lookup sheet was computed with (see
    # efh_xl.workbook.lookup_sheet.calculation_stamp); a refresh rewrites the sheet on another.
    lookup_stamp: str | None
    table_name: str
    # Sheet row number (1-based) of the table's first data row, and of each action read (rows
    # with nothing typed are left out): where a reviewer finds an action.
    first_row: int = 5
    settings: Settings = field(default_factory=Settings)
    rule_name: str = ""  # the rule's name as the summaries show it
    row_numbers: np.ndarray | None = None
    # Every header of the table, read or not (``actions`` holds the columns asked for).
    headers: tuple[str, ...] = ()


def defined_names(path: Path | zipfile.ZipFile) -> dict[str, str]:
    """Workbook-level defined names of a package (a path or an open zip), name -> formula."""
    if isinstance(path, zipfile.ZipFile):
        return _names_in(path.read("xl/workbook.xml"))
    with zipfile.ZipFile(path) as package:
        return _names_in(package.read("xl/workbook.xml"))


# The defined name that marks a regional workbook written by a consolidation: it has no
# Actions table, and a refresh or a consolidation of a folder that holds it leaves it aside
# with that reason (known by this mark, never by its file name).
REGIONAL_NAME = "EFH_CONSOLIDATION"


# The defined name that marks a list written by « efh-xl evaluate -o x.xlsx »: a list, not a
# territory's workbook; a refresh or a consolidation of a folder that holds it leaves it aside.
EVALUATED_NAME = "EFH_LISTE_EVALUEE"


# Why a spreadsheet met in a folder, without any table of actions nor any name efh_xl gives
# its workbooks, is left aside (a budget beside the territories' workbooks made every nightly
# refresh of the folder fail). Named alone, it is refused with its reason.
FOREIGN_SKIPPED = (
    "classeur sans tableau d'actions, qui n'a pas été fait avec efh_xl : il est laissé de côté "
    "(ce n'est pas un classeur de territoire)"
)


# Refusals a refresh makes before it reads a file (open in Excel, read-only, its copy in
# --output already there): of someone else's spreadsheet, they would tell a user to close or
# unlock a budget that is none of the batch's business.
_BEFORE_READING = (WorkbookOpenError, ReadOnlyWorkbookError, TargetExistsError)


def left_aside(error: BaseException, path: str | Path, named: bool) -> bool:
    """Whether a file that failed is to be left aside with FOREIGN_SKIPPED: met in a folder
    or by a pattern (not ``named`` on its own), no workbook of efh_xl (see
    :func:`is_foreign_workbook`), and without a table of actions: found so, or, refused
    before it was read (see _BEFORE_READING), looked for then. A territory's own workbook
    holds a table of actions before it has any EFH_ name (one typed by hand, refreshed in a
    copy): open in Excel, it is refused, never left out of the batch unsaid. Refresh and
    consolidate ask it."""
    if named:
        return False
    if type(error) is ActionsTableError:
        return is_foreign_workbook(path)
    if isinstance(error, _BEFORE_READING):
        return is_foreign_workbook(path) and not _has_actions_table(Path(path))
    return False


def _has_actions_table(path: Path) -> bool:
    """Whether ``path`` holds a table the reader takes for the actions (see _find_table);
    True when it cannot tell (a file it cannot open is no one else's to leave aside)."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    except Exception:  # noqa: BLE001 - unreadable: its own refusal stands
        return True
    try:
        _find_table(book, path)
    except ActionsTableError:
        return False
    except Exception:  # noqa: BLE001 - a damaged table part: not someone else's to skip
        return True
    finally:
        book.close()
    return True


def is_foreign_workbook(path: str | Path) -> bool:
    """Whether ``path`` is a readable package holding no name efh_xl gives its workbooks
    (they all carry EFH_… names): someone else's spreadsheet, not a territory's workbook whose
    table was damaged or renamed (that one is an error to fix)."""
    try:
        names = defined_names(Path(path))
    except Exception:  # noqa: BLE001 - unreadable: its own failure is what is reported
        return False
    return not any(name.upper().startswith("EFH") for name in names)


def written_by(path: str | Path) -> str | None:
    """Which efh-xl command wrote ``path`` (« consolidate », « evaluate »), known by its mark
    (REGIONAL_NAME, EVALUATED_NAME); None for any other file, and for one that cannot be read
    as a package (a probe of a file that already failed: its first failure is reported)."""
    try:
        names = defined_names(Path(path))
    except Exception:  # noqa: BLE001 - any damage (an unknown compression method among them)
        return None
    if REGIONAL_NAME in names:
        return "consolidate"
    if EVALUATED_NAME in names:
        return "evaluate"
    return None


def is_regional_workbook(path: str | Path) -> bool:
    """Whether ``path`` is a regional workbook written by a consolidation (its mark, see
    REGIONAL_NAME); False for any file that cannot be read as a package."""
    return written_by(path) == "consolidate"


def _names_in(workbook_xml: bytes) -> dict[str, str]:
    """The workbook-level defined names in the text of a ``xl/workbook.xml`` part."""
    root = ElementTree.fromstring(workbook_xml)
    names = {}
    for element in root.iter(f"{{{MAIN_NS}}}definedName"):
        if element.get("localSheetId") is None and element.text:
            names[element.get("name", "")] = element.text
    return names


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return lines[0][:120] if lines else type(error).__name__


def damaged_part(path: Path) -> tuple[str, str] | None:
    """The first part of a zip package whose content is damaged, and how; None if none is."""
    try:
        with zipfile.ZipFile(path) as package:
            for info in package.infolist():
                try:
                    with package.open(info) as stream:
                        while stream.read(1 << 20):
                            pass
                except zipfile.BadZipFile as error:
                    if "CRC" in str(error):
                        return info.filename, "a une somme de contrôle fausse"
                    return info.filename, "est illisible"
                except (zlib.error, EOFError, NotImplementedError):
                    return info.filename, "est illisible"
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip at all: the caller's message says so
    return None


def misnamed_package(path: Path) -> str | None:
    """The extension of the spreadsheet package a file holds under another extension (".xlsm"
    when it has macros, else ".xlsx"; ".ods" for LibreOffice's), or None: a workbook renamed
    .xls by hand is still a zip package, which readers that go by the extension (calamine's,
    Excel's) refuse."""
    suffix = path.suffix.lower()
    if (contents := _zip_contents(path)) is None:
        return None
    names, mimetype = contents
    if mimetype.startswith(_ODS_TYPE):
        return None if suffix == ".ods" else ".ods"
    if "xl/workbook.xml" not in names or suffix in (".xlsx", ".xlsm"):
        return None
    return ".xlsm" if "xl/vbaProject.bin" in names else ".xlsx"


# An OpenDocument package names its kind in its « mimetype » part (OpenDocument 1.2, part 3,
# §3.3): a spreadsheet, a text, a presentation…
_OPENDOCUMENT = "application/vnd.oasis.opendocument."
_ODS_TYPE = _OPENDOCUMENT + "spreadsheet"


def _zip_contents(path: Path) -> tuple[set[str], str] | None:
    """The part names of a zip package and its OpenDocument media type ("" for none), or None
    when it is no readable zip."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            return names, _opendocument_type(package, names)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return None


def _opendocument_type(package: zipfile.ZipFile, names: set[str]) -> str:
    """The media type an OpenDocument package gives in its « mimetype » part, or ""."""
    if "mimetype" not in names:
        return ""
    text = package.read("mimetype")[:100].decode("ascii", "replace").strip()
    return text if text.startswith(_OPENDOCUMENT) else ""


# The sheets an efh workbook saved by LibreOffice as .ods keeps, by name, in content.xml.
_EFH_SHEETS = {b"Actions", b"Grille"}
_ODS_SHEET = re.compile(rb'<table:table\s[^>]*?table:name="([^"]*)"')


def is_efh_ods(path: Path) -> bool:
    """Whether ``path`` is an OpenDocument spreadsheet holding an efh workbook's sheets
    (Actions and Grille): the workbook saved as .ods by LibreOffice, which is to be saved
    again as .xlsm, not imported as a received list. content.xml is read only until both
    names are met (its sheets come after its styles: 90 kB in, for Actions)."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if not _opendocument_type(package, names).startswith(_ODS_TYPE):
                return False
            if "content.xml" not in names:
                return False
            with package.open("content.xml") as stream:
                seen: set[bytes] = set()
                tail = b""
                while chunk := stream.read(1 << 18):
                    text = tail + chunk
                    seen.update(m[1] for m in _ODS_SHEET.finditer(text))
                    if _EFH_SHEETS <= seen:
                        return True
                    tail = text[-512:]  # a tag cut between two reads
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return False
    return False


# What a zip package that holds no spreadsheet is, by its parts (ECMA-376's Word and PowerPoint
# folders; OpenDocument's mimetype): saying « archive abîmée, copiez-la à nouveau » of a Word
# document renamed .xlsm sent the user to copy it again, which cannot help.
_OPENDOCUMENT_KINDS = {
    "text": "un document texte LibreOffice (Writer, .odt)",
    "presentation": "une présentation LibreOffice (Impress, .odp)",
    "graphics": "un dessin LibreOffice (Draw, .odg)",
}


def foreign_package(path: Path) -> str | None:
    """What a readable zip package that is no spreadsheet is, in French (« un document Word
    (.docx) », « une archive zip »), or None: no zip, a spreadsheet's package (damaged or
    not: a part of it missing is damage, said as such), or a zip that cannot be read."""
    if (contents := _zip_contents(path)) is None:
        return None
    names, mimetype = contents
    if mimetype:
        kind = mimetype.removeprefix(_OPENDOCUMENT).split("-")[0]
        if kind == "spreadsheet":
            return None
        return _OPENDOCUMENT_KINDS.get(kind, "un document LibreOffice (OpenDocument)")
    folders = {name.split("/", 1)[0] for name in names if "/" in name}
    if "xl" in folders:
        return None
    if "word" in folders:
        return "un document Word (.docx)"
    if "ppt" in folders:
        return "une présentation PowerPoint (.pptx)"
    return "une archive zip"


_USED_RANGE_END = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
_ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.DOTALL)
# A value that shows: a formula whose result is "" (<v></v>) holds none.
_VALUE = re.compile(rb"<v>[^<]|<is>")


def rows_under_table(path: str | Path, table: str) -> tuple[str, list[int]]:
    """The sheet of ``table`` and its rows (1-based) under the table that hold a value: typed
    under it where the table did not grow to take them in, as Excel grows it (LibreOffice
    does not). They are no actions of the table: nothing reads them."""
    try:
        with zipfile.ZipFile(path) as package:
            place = next((t for t in table_parts(package) if t.name == table), None)
            if place is None:
                return "", []
            last = place.bottom + 1
            with package.open(place.sheet_part) as stream:
                head = stream.read(4096)
                # The used range Excel and LibreOffice save, at the top of the part.
                used = _USED_RANGE_END.search(head)
                if used is not None and int(used[1] or 0) <= last:
                    return place.sheet, []
                xml = head + stream.read()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return "", []  # the read of the table says what is wrong, if anything
    except (ElementTree.ParseError, etree.XMLSyntaxError):
        return "", []
    rows = [int(m[1]) for m in _ROW.finditer(xml) if m[2] and _VALUE.search(m[2])]
    return place.sheet, [r for r in rows if r > last]


# The content type of the workbook part of a package with macros (ECMA-376 Part 2 and
# [MS-OFFMACRO]): Excel opens it only under .xlsm.
_MACRO_WORKBOOK = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"

MACROS_UNDER_XLSX = (
    "ce classeur a des macros mais porte l'extension .xlsx : Excel refusera de l'ouvrir "
    "(« format ou extension de fichier non valide »). Renommez-le en .xlsm"
)


def macros_under_xlsx(path: str | Path) -> bool:
    """Whether a file named .xlsx is a workbook with macros (an .xlsm renamed by hand), which
    efh_xl reads but Excel refuses to open."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        with zipfile.ZipFile(path) as package:
            return _MACRO_WORKBOOK in package.read("[Content_Types].xml")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return False


def _unreadable(path: Path, error: BaseException) -> EfhError:
    """The French error for a file the reader refused: name the damaged part if there is one."""
    if is_efh_ods(path):  # said to be a list to import, it would be imported into another
        return NotAWorkbookError(path, saved_as_ods=True)
    right = misnamed_package(path)
    if right is not None:  # « archive incomplète ou abîmée » would be untrue
        return MisnamedWorkbookError(path, right)
    kind = foreign_package(path)
    if kind is not None:  # a Word document renamed .xlsm: copying it again cannot help
        return NotAWorkbookError(path, kind=kind)
    damaged = damaged_part(path)
    if damaged:
        return DamagedWorkbookError(path, *damaged)
    if _is_rule_file(path):  # « efh-xl regle »'s file given for a workbook: it goes to --regle
        return NotAWorkbookError(path, rule_file=True)
    return NotAWorkbookError(path, _french_reason(path, error))


# A rule file is a few kilobytes: a larger file is read no further to tell it is none.
_RULE_FILE_MAX = 1 << 20


def _is_rule_file(path: Path) -> bool:
    """Whether ``path`` holds a rule file, by its content whatever its name: JSON text that
    :func:`~efh_xl.core.rule_data.is_rule_data` says is a rule's, as ``--regle`` tells a rule
    from another program's JSON."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(_RULE_FILE_MAX)
        return is_rule_data(json.loads(raw.decode("utf-8-sig")))
    except (OSError, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return False


def _french_reason(path: Path, error: BaseException) -> str:
    """Why a file is no workbook, in French from its first bytes (the reader's own words,
    « invalid Zip archive: Could not find EOCD », mean nothing to a user)."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
    except OSError:
        return _first_line(error)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return "ancien format Excel 97-2003 (.xls) ou fichier protégé par un mot de passe"
    if start.startswith(b"PK"):
        return "archive incomplète ou abîmée : le fichier a peut-être été mal copié"
    return "contenu non reconnu : ce n'est pas un fichier Excel"


def check_readable(path: Path, typed: str | None = None) -> None:
    """Refuse, with a French message, a path that is no file to read (missing, folder, empty).
    ``typed``: the path as the user typed it (« absent/ » names a folder; Path drops the /)."""
    if path.is_dir():
        raise IsAFolderError(path)
    try:
        with open(path, "rb") as handle:
            start = handle.read(4)
    except FileNotFoundError as error:
        raise WorkbookNotFoundError(typed or path) from error
    except OSError as error:
        raise from_os_error(error, path, reading=True) from error
    if not start:
        raise EmptyFileError(path)


def _package_names(
    path: Path, package: zipfile.ZipFile | None = None, cache: ReadCache | None = None
) -> dict[str, str]:
    try:
        if package is None:
            return defined_names(path)
        # Each read gets its own copy of the names (a cached parse is shared).
        return dict(_parsed(cache, package.read("xl/workbook.xml"), _names_in))
    except KeyError as error:
        raise DamagedWorkbookError(path, "xl/workbook.xml", "est absente") from error
    except (zipfile.BadZipFile, zlib.error, ElementTree.ParseError, EOFError) as error:
        raise DamagedWorkbookError(path, "xl/workbook.xml", "est illisible") from error


def _find_table(book: python_calamine.CalamineWorkbook, path: Path):
    names = list(book.table_names)
    if TABLE_NAME in names:
        return book.get_table_by_name(TABLE_NAME)
    for name in names:
        table = book.get_table_by_name(name)
        headers = {str(c).strip().casefold() for c in table.columns}
        if all(q.casefold() in headers for q in QUESTION_IDS):
            return table
    if is_regional_workbook(path):
        # « no Actions table » would send its user looking for a table it never has.
        raise RegionalWorkbookError(path)
    raise ActionsTableError(path, f"aucun tableau d'actions avec les colonnes {QUESTIONS_TEXT}")


def _large_table(
    package: zipfile.ZipFile, book: python_calamine.CalamineWorkbook, cache: ReadCache | None
) -> TablePart | None:
    """The Actions table's place when it has more than STREAM_ABOVE rows, else None."""
    if _table_rows(package, cache) <= STREAM_ABOVE:
        return None  # no table is large: answered without the workbook's relationships
    try:
        parts = table_parts(package)
    except (
        KeyError,
        ValueError,
        ElementTree.ParseError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
    ):
        return None  # calamine's read, or the refresh's copy, names the damaged part
    by_name = {p.name: p for p in parts}
    names = list(book.table_names or ())
    # The same choice as _find_table, made from the table parts instead of the cells.
    if TABLE_NAME in names:
        part = by_name.get(TABLE_NAME)
    else:
        part = next(
            (
                p
                for p in parts
                if p.name in names
                and all(
                    q.casefold() in {c.strip().casefold() for c in p.columns} for q in QUESTION_IDS
                )
            ),
            None,
        )
    if part is None or part.data_rows <= STREAM_ABOVE or part.sheet not in book.sheet_names:
        return None
    return part


def _table_parts_in(content_types: bytes) -> list[str]:
    """The table parts named by the text of a ``[Content_Types].xml`` part."""
    types = ElementTree.fromstring(content_types)
    return [e.get("PartName", "").lstrip("/") for e in types if e.get("ContentType") == _TABLE_TYPE]


def _table_rows(package: zipfile.ZipFile, cache: ReadCache | None = None) -> int:
    """An upper bound of the rows of the package's largest table, read from the range of each
    table part (a few bytes each); a part that does not say gives no bound."""
    try:
        parts = _parsed(cache, package.read("[Content_Types].xml"), _table_parts_in)
        most = 0
        for part in parts:
            with package.open(part) as stream:
                match = _TABLE_REF.search(stream.read(4096))
            if match is None:
                return sys.maxsize
            most = max(most, int(match[2] or match[1]) - int(match[1]) + 1)
        return most
    except (
        KeyError,
        ElementTree.ParseError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,  # a compression method zipfile does not know
    ):
        return sys.maxsize


def _small_tables_names(path: Path, cache: ReadCache | None) -> dict[str, str] | None:
    """The defined names of a package whose tables are all small (STREAM_ABOVE rows at most),
    read with :class:`ZipParts`; None for any other package, to read with zipfile.

    The common case of a consolidation (hundreds of small, sound workbooks), made cheaper:
    the same facts as :func:`_package_names` and :func:`_table_rows`, from the same bytes.
    """
    try:
        with ZipParts(path) as package:
            names = dict(_parsed(cache, package.read("xl/workbook.xml"), _names_in))
            types = package.read("[Content_Types].xml")
            for part in _parsed(cache, types, _table_parts_in):
                match = _TABLE_REF.search(package.read(part), 0, 4096)
                if match is None or int(match[2] or match[1]) - int(match[1]) >= STREAM_ABOVE:
                    return None
    except (UnusualZip, OSError, ElementTree.ParseError):
        return None  # zipfile's reading says what is wrong, if anything is
    return names


def _stream_table(
    book: python_calamine.CalamineWorkbook,
    part: TablePart,
    wanted: set[str] | None,
    errors: dict[tuple[int, int], str] | None = None,
) -> tuple[dict[str, np.ndarray], int, np.ndarray, bool]:
    """A large table's columns (blank cells as None), read from its sheet one row at a time,
    their number of rows, which rows hold content (see :func:`content_mask`), and whether it
    may hold an error cell (see :func:`_may_hold_errors`, asked of each chunk of rows read
    without ``errors``).

    calamine's table reader holds the parsed table and then every one of its cells as a Python
    object at once (about 3 KB a row: 380 MB at 100,000 actions). Read row by row from the
    sheet, keeping only the columns used (the computed Marqueur and Motif, long texts, are
    dropped as each row is read), the peak is the parsed sheet plus the kept cells. calamine's
    sheet reader is slower than its table reader, hence this path for large tables only.
    """
    sheet = book.get_sheet_by_name(part.sheet)
    top, left = sheet.start or (0, 0)
    kept = [
        (header, part.left + j - left)
        for j, header in enumerate(part.columns)
        if header not in COMPUTED or wanted is None or header in wanted
    ]
    first = part.top + part.header_rows - top
    last = part.bottom - part.totals_rows - top
    positions = [c for _, c in kept]
    # The cached Motif, read but not kept, says whether an error cell may hide among the
    # answers (calamine reads it as empty): the sheet's XML is searched only then.
    check = errors is None
    headers = list(part.columns)
    if check and REASON_COLUMN in headers and REASON_COLUMN not in {h for h, _ in kept}:
        headers_read = [h for h, _ in kept] + [REASON_COLUMN]
        positions.append(part.left + headers.index(REASON_COLUMN) - left)
    else:
        headers_read = [h for h, _ in kept]
    may_hold_errors = False
    if first < 0 or not all(0 <= c < sheet.width for c in positions) or len(kept) < 2:
        width = sheet.width

        def pick(row: list[Any]) -> tuple[Any, ...]:
            return tuple(row[c] if 0 <= c < width else "" for c in positions)

    else:
        pick = operator.itemgetter(*positions)
    sheet_rows: Iterator[list[Any]] = iter(sheet.iter_rows())
    if errors:  # cells calamine read as empty (see _search_errors): their text, row by row
        sheet_rows = _with_errors(sheet_rows, errors, top, left)
    rows = map(pick, itertools.islice(sheet_rows, max(first, 0), last + 1))
    chunks: list[list[np.ndarray]] = [[] for _ in kept]
    masks: list[np.ndarray] = []
    # A column of few distinct values (answers, territories, amounts) keeps one object per
    # value instead of one per cell: less memory, and the later passes over it are faster.
    # Each column has its dicts (see _shared_values) while it repeats; a chunk adding more
    # than one distinct value in 8 rows stops them (a number, a title: sharing costs more).
    shared: list[tuple[dict[type, dict[Any, Any]], Any] | None] = [
        _shared_values() for _ in kept
    ]
    sizes = [1] * len(kept)  # the "" each column's dicts start with
    while chunk := list(itertools.islice(rows, _CHUNK)):
        if check and not may_hold_errors:
            may_hold_errors = _may_hold_errors(chunk, headers_read)
        for j, cells in zip(range(len(kept)), zip(*chunk)):
            values = np.empty(len(cells), dtype=object)
            if (dicts := shared[j]) is not None:
                by_type, getter = dicts
                values[:] = _shared(getter, cells)
                size = sum(map(len, by_type.values()))
                if size - sizes[j] > len(cells) // 8:
                    shared[j] = None
                sizes[j] = size
            else:
                values[:] = cells
                _blank_as_none(values)
            chunks[j].append(values)
        # Rows cleared with Suppr keep their formulas but are no actions: every column counts.
        masks.append(content_mask({h: c[-1] for (h, _), c in zip(kept, chunks)}, len(chunk)))
        del chunk
    del rows, sheet  # frees the parsed sheet before the columns are built
    columns = {
        header: np.concatenate(parts) if parts else np.empty(0, dtype=object)
        for (header, _), parts in zip(kept, chunks)
    }
    keep = np.concatenate(masks) if masks else np.zeros(0, dtype=bool)
    return columns, len(keep), keep, may_hold_errors


def _with_errors(
    rows: Iterator[list[Any]], errors: dict[tuple[int, int], str], top: int, left: int
) -> Iterator[list[Any]]:
    """``rows`` (the sheet's, from its cell (``top``, ``left``)) with each error's text."""
    by_row: defaultdict[int, dict[int, str]] = defaultdict(dict)
    for (row, column), text in errors.items():
        by_row[row - top][column - left] = text
    for i, row in enumerate(rows):
        if i in by_row:
            row = list(row)
            for j, text in by_row[i].items():
                if 0 <= j < len(row):
                    row[j] = text
        yield row


def _blank_as_none(values: np.ndarray) -> np.ndarray:
    """``values`` (an object array of its own) with calamine's "" for an empty cell as None."""
    values[values == ""] = None
    return values


def _shared_values() -> tuple[dict[type, dict[Any, Any]], Any]:
    """Dicts giving one object per distinct value, one dict per type, and their getter.

    :func:`_shared` gives each cell's first equal object of its own type through the getter.
    One dict per type because True, 1 and 1.0 are equal keys of one dict, and they are
    different values. An empty cell (calamine reads it as "") becomes None.
    """
    by_type: defaultdict[type, dict[Any, Any]] = defaultdict(dict)
    by_type[str][""] = None
    return by_type, by_type.__getitem__


@dataclass
class ReadCache:
    """What the reads of many workbooks (a consolidation) share; see :func:`read_workbook`.

    ``rules``: each rule read, by stamp and box sets. ``values``: one object per distinct cell
    value (per type) over all the tables read, not only within one: the passes over the
    consolidated table (markers, duplicates, sheets, shared strings) then meet each answer,
    territory or file name as one object, not one per workbook; a column whose tables bring
    mostly new values (action numbers) stops being shared (``sharing``). ``parts``: package
    parts parsed, keyed on their exact bytes (never on a name or a checksum alone).
    """

    rules: dict[tuple, tuple[Rule, Rule | None]] = field(default_factory=dict)
    values: tuple[dict[type, dict[Any, Any]], Any] = field(
        default_factory=_shared_values
    )
    parts: dict[tuple[Callable[[bytes], Any], bytes], Any] = field(default_factory=dict)
    # Whether each column's values are still shared (see _table_frame), by header.
    sharing: dict[str, bool] = field(default_factory=dict)

    def parsed(self, raw: bytes, parse: Callable[[bytes], T]) -> T:
        """``parse(raw)``, made once per distinct ``raw`` and ``parse``: workbooks made from
        one version of the workbook hold the same parts, parsed once."""
        key = (parse, raw)
        found = self.parts.get(key)
        if found is None:
            found = self.parts[key] = parse(raw)
        return found


def _parsed(cache: ReadCache | None, raw: bytes, parse: Callable[[bytes], T]) -> T:
    """``parse(raw)``, through ``cache`` when there is one."""
    return parse(raw) if cache is None else cache.parsed(raw, parse)


# Calamine reads an empty cell as "": None instead. Only "" is a key: no other value (False,
# 0.0, whose hash is the same) equals it.
_BLANK_AS_NONE: dict[Any, Any] = {"": None}


def _shared(getter: Any, cells: Sequence[Any]) -> list[Any]:
    """Each of ``cells`` as the first equal object of its type the getter's dicts hold (see
    :func:`_shared_values`), in C: no Python code per cell."""
    return list(map(dict.setdefault, map(getter, map(type, cells)), cells, cells))


# The column index of each set of kept headers, made once: making one from the texts takes
# longer than the frame it labels for a table of a few hundred rows; a copy (its own name,
# the same values) takes a tenth of that.
_COLUMN_INDEX: dict[tuple[str, ...], pd.Index] = {}


def _column_index_of(headers: list[str]) -> pd.Index:
    key = tuple(headers)
    index = _COLUMN_INDEX.get(key)
    if index is None:
        if len(_COLUMN_INDEX) > 64:  # tables of many different headings: no hoarding
            _COLUMN_INDEX.clear()
        index = _COLUMN_INDEX[key] = pd.Index(headers)
    return index.copy()


class _TableColumns(Mapping[str, Sequence[Any]]):
    """The columns of a table read whole, each taken only when asked for (see content_mask):
    a kept column from the kept cells (row after row, ``k`` a row), the others from the rows.

    The kept columns come first: they are already in hand, and most rows have one typed.
    """

    def __init__(
        self, cells: list[Any], kept: list[str], rows: list[list[Any]], position: dict[str, int]
    ) -> None:
        self._cells, self._rows, self._position, self._k = cells, rows, position, len(kept)
        self._kept = {header: j for j, header in enumerate(kept)}
        self._order = [*self._kept, *(h for h in position if h not in self._kept)]

    def __getitem__(self, header: str) -> Sequence[Any]:
        j = self._kept.get(header)
        if j is not None:
            return self._cells[j :: self._k]
        return list(map(operator.itemgetter(self._position[header]), self._rows))

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


@dataclass
class TableBlock:
    """The kept columns of a table read whole, as one block of objects, a column a row."""

    columns: list[str]
    block: np.ndarray  # (columns, actions)

    def frame(self) -> pd.DataFrame:
        """The frame of the table: the block's transpose is its one block as pandas stores
        it (no copy)."""
        index = _column_index_of(self.columns)
        return pd.DataFrame(self.block.T, columns=index, dtype=object, copy=False)


def _table_block(
    rows: list[list[Any]], headers: list[str], wanted: set[str], cache: ReadCache | None = None
) -> tuple[TableBlock, np.ndarray]:
    """The block of a table read whole (rows of equal width), and which rows hold an action.

    The frame is one block: a frame built from separate columns costs more than reading a
    table of a few hundred rows (a consolidation reads hundreds of them).
    """
    n = len(rows)
    position = {header: j for j, header in enumerate(headers)}  # the last of a repeated name
    kept = [h for h in headers if h in wanted]
    # One object per distinct value of the kept columns, as the large-table path keeps:
    # calamine makes one per cell, and every later pass over the cells (markers, summaries,
    # sheets) would read objects scattered in memory, hashing each text again. Done in C, over
    # the kept columns only, a column at a time (a column of the frame's one block).
    k = len(kept)
    positions = [position[h] for h in kept]
    if k > 1:
        cells = list(itertools.chain.from_iterable(map(operator.itemgetter(*positions), rows)))
    else:
        cells = [row[positions[0]] for row in rows] if k else []
    # Rows cleared with Suppr keep their formulas but are no actions: every column counts.
    # The kept cells are read for it first (one pass over the rows less).
    keep = content_mask(_TableColumns(cells, kept, rows, position), n)
    m = int(keep.sum())
    if m < n and k:
        by_row = zip(*[iter(cells)] * k)  # the kept cells of each row
        cells = list(itertools.chain.from_iterable(itertools.compress(by_row, keep)))
    by_type, shared = _shared_values() if cache is None else cache.values
    sharing = {} if cache is None else cache.sharing
    # Column after column, as pandas stores a frame's block: a column is then one run of
    # memory, which the later passes read faster.
    block = np.empty((k, m), dtype=object)
    for j, header in enumerate(kept):
        column = cells[j::k]
        if sharing.get(header) is False:
            block[j] = list(map(_BLANK_AS_NONE.get, column, column))
            continue
        before = sum(map(len, by_type.values()))
        block[j] = _shared(shared, column)
        if header not in sharing:
            sharing[header] = True  # a column's first table adds all its values: no measure
        elif sum(map(len, by_type.values())) - before > m // 2:
            # A column of new values table after table (the action numbers, unique; titles
            # in real lists): sharing them only grows the dicts every lookup goes through
            # (200 tables x 300 actions: 60,000 numbers beside 400 other values; the reading
            # took 30 ms CPU less without them).
            sharing[header] = False
    del cells
    return TableBlock(kept, block), keep


def _read_range(
    path: Path, book: python_calamine.CalamineWorkbook, names: dict[str, str], name: str
) -> list[list[Any]] | None:
    """The cells of a defined name that designates a range (rows of values), or None."""
    formula = names.get(name)
    if not formula:
        return None
    match = _REF.match(formula.lstrip("="))
    if not match or match["sheet"] not in book.sheet_names:
        raise GridSheetError(path, f"le nom {name} ne désigne pas une plage")
    rows = book.get_sheet_by_name(match["sheet"]).to_python(skip_empty_area=False)
    r1, c1 = int(match["r1"]) - 1, column_index(match["c1"])
    r2 = int(match["r2"] or match["r1"]) - 1
    c2 = column_index(match["c2"] or match["c1"])
    table = []
    for r in range(r1, r2 + 1):
        row = rows[r] if r < len(rows) else []
        table.append([blank_to_none(row[c]) if c < len(row) else None for c in range(c1, c2 + 1)])
    return table


def read_box_table(
    path: Path, book: python_calamine.CalamineWorkbook, names: dict[str, str]
) -> list[list[Any]] | None:
    """The Grille sheet's box-set table (named range EFH_ENSEMBLES), or None if absent."""
    return _read_range(path, book, names, NAME_BOX_SETS)


_Errors = dict[tuple[int, int], str]


def _may_hold_errors(rows: list[list[Any]], headers: list[str]) -> bool:
    """Whether a table read whole may hold an error cell (see error_cells), from the Motif its
    own formulas cached: an error typed as an answer is cited there (« #DIV/0! » non reconnu),
    and a Motif that is itself an error, or not computed, reads as empty. Looked for in the
    rows already read: searching every sheet's XML took a consolidation of 200 workbooks
    0.4 s more (the sheets inflated a second time), for cells nearly none holds."""
    if REASON_COLUMN not in headers:
        return True
    j = headers.index(REASON_COLUMN)
    motifs = [row[j] if j < len(row) else None for row in rows]
    if all(isinstance(m, str) and m for m in motifs) and "« #" not in "\n".join(motifs):
        return False  # the usual table: one search of its joined Motifs, in C
    questions = [headers.index(q) for q in QUESTION_IDS if q in headers]
    for row, motif in zip(rows, motifs):
        if not motif:
            return True
        if isinstance(motif, str) and "« #" in motif:
            # Cited more often than answers typed with a « # » (text such as « #N/A »): an
            # error cell, which the rows hold as empty.
            typed = sum(
                1
                for i in questions
                if i < len(row) and isinstance(row[i], str) and row[i].strip().startswith("#")
            )
            if motif.count("« #") > typed:
                return True
    return False


def _percent_cells(path: Path, sheet: str, refs: set[str]) -> set[str]:
    """Which of the cells ``refs`` of a sheet are formatted as a percentage, read from the
    package XML (calamine gives values, not formats); none when the package does not say."""
    main = f"{{{MAIN_NS}}}"
    try:
        with zipfile.ZipFile(path) as package:
            part = sheet_part(package, sheet)
            if part is None:
                return set()
            percent = percent_style_indexes(package.read("xl/styles.xml"))
            found = set()
            with package.open(part) as stream:
                for _, cell in etree.iterparse(stream, tag=f"{main}c"):
                    if cell.get("r") in refs and int(cell.get("s", "0")) in percent:
                        found.add(cell.get("r"))
                    cell.clear()
            return found
    except (KeyError, ValueError, etree.LxmlError, zipfile.BadZipFile, zlib.error, EOFError):
        return set()  # read as if unformatted: the value alone decides


def _column_texts(path: Path, sheet: str, letter: str, first: int, last: int) -> list[Any]:
    """The values of ``letter{first}:letter{last}`` of a sheet, read from the package XML.

    The rule cells sit at the top of the lookup sheet: parsing stops after the last row,
    where reading the whole sheet with calamine took most of a small workbook's read time.
    Text cells may be shared strings (as XlsxWriter writes them) or inline (as refresh does).
    """
    main = f"{{{MAIN_NS}}}"
    with zipfile.ZipFile(path) as package:
        part = sheet_part(package, sheet)
        if part is None:
            return []
        found: dict[int, tuple[str | None, str]] = {}
        with package.open(part) as stream:
            for _, row in etree.iterparse(stream, tag=f"{main}row"):
                number = int(row.get("r", "0"))
                if number > last:
                    break
                if number >= first:
                    for cell in row.iter(f"{main}c"):
                        if cell.get("r") == f"{letter}{number}":
                            kind = cell.get("t")
                            if kind == "inlineStr":
                                found[number] = (kind, "".join(cell.find(f"{main}is").itertext()))
                            elif cell.find(f"{main}v") is not None:
                                found[number] = (kind, cell.find(f"{main}v").text or "")
                row.clear()
        wanted = {int(text) for kind, text in found.values() if kind == "s"}
        shared: dict[int, str] = {}
        if wanted:  # read the shared strings up to the last one needed, no further
            with package.open("xl/sharedStrings.xml") as stream:
                for index, (_, item) in enumerate(etree.iterparse(stream, tag=f"{main}si")):
                    if index in wanted:
                        shared[index] = "".join(item.itertext())
                    item.clear()
                    if index >= max(wanted):
                        break
    values: list[Any] = []
    for number in range(first, last + 1):
        kind, text = found.get(number, (None, None))
        values.append(shared[int(text)] if kind == "s" else text)
    return values


# Rules known by their stamp: the built-in ones, then each rule read from a workbook whose
# stamp it matches. Filled on first use.
_KNOWN_RULES: dict[str, Rule] = {}


def _known_rule(stamp: str) -> Rule | None:
    if not _KNOWN_RULES:
        for rule in (DEFAULT_RULE, *ALTERNATIVE_RULES.values()):
            _KNOWN_RULES[rule_stamp(rule)] = rule
    return _KNOWN_RULES.get(stamp)


def read_stored_rule(path: Path, names: dict[str, str]) -> Rule | None:
    """The whole rule the workbook was built with (cells named EFH_REGLE), or None for a
    workbook made before it was stored.

    The cells and the stamp beside them (EFH_REGLE_CALCUL, a hash of the whole rule, then
    one of its combination table) are always written together: a stamp already known gives
    its rule without reading the lookup sheet (half a megabyte of XML, and the shared strings
    of every action before its own).
    """
    formula = names.get(RULE_NAME)
    if not formula:
        return None
    match = _REF.match(formula.lstrip("="))
    if not match or match["c1"] != (match["c2"] or match["c1"]):
        raise GridSheetError(path, f"le nom {RULE_NAME} ne désigne pas une colonne")
    stamp = rule_part(names.get(STAMP_NAME, "").strip('"'))
    known = _known_rule(stamp) if stamp else None
    if known is not None:
        return known
    last = int(match["r2"] or match["r1"])
    try:
        values = _column_texts(path, match["sheet"], match["c1"], int(match["r1"]), last)
    except (
        KeyError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        etree.XMLSyntaxError,
    ) as error:
        raise _unreadable(path, error) from error  # a missing or damaged lookup sheet part
    try:
        rule = rule_from_cells(values)
    except ValueError as error:
        raise GridSheetError(path, f"règle enregistrée dans {LOOKUP_SHEET} : {error}") from error
    if rule is not None and stamp and rule_stamp(rule) == stamp:
        _KNOWN_RULES[stamp] = rule
    return rule


def read_settings(book: python_calamine.CalamineWorkbook, path: Path) -> Settings | None:
    """The settings of the workbook's Paramètres sheet, or None when it has none."""
    if SETTINGS_SHEET not in book.sheet_names:
        return None
    rows = book.get_sheet_by_name(SETTINGS_SHEET).to_python()
    checked = shares_to_check(rows)  # none, unless a share is above 1: the package is not read
    percent = _percent_cells(path, SETTINGS_SHEET, checked) if checked else set()
    return settings_from_rows(rows, percent)


def box_table_first_row(names: dict[str, str]) -> int | None:
    """The sheet row (1-based) of the first box set, to name rows in messages."""
    match = _REF.match(names.get(NAME_BOX_SETS, "").lstrip("="))
    return int(match["r1"]) if match else None


def read_workbook(
    path: str | Path,
    columns: Iterable[str] | None = None,
    *,
    cache: ReadCache | None = None,
) -> WorkbookData:
    """Read the Actions table (cached values) and the rule of a workbook.

    Empty cells read as None; rows with nothing typed in them (only the computed Marqueur and
    Motif) are left out. ``columns`` keeps only those table columns (all by default), with
    the funders' amount columns that Paramètres names (the summaries read them). The rule
    is the one stored in the workbook (the default one for an older workbook) with the box sets
    of the Grille sheet. ``cache`` is shared by the reads of many workbooks (see
    :class:`ReadCache`): a workbook whose rule stamp and box sets were seen already reuses that
    rule, without reading the stored rule (a sheet of several thousand cells) nor checking it
    again; equal cell values of all the tables are one object; a part seen already (same
    bytes) is not parsed again.
    """
    data, block = read_workbook_block(path, columns, cache=cache)
    if block is not None:
        data.actions = block.frame()
    return data


# The actions of a WorkbookData whose table is given as a block (see read_workbook_block).
_NO_FRAME = pd.DataFrame()


def read_workbook_block(
    path: str | Path,
    columns: Iterable[str] | None = None,
    *,
    cache: ReadCache | None = None,
) -> tuple[WorkbookData, TableBlock | None]:
    """:func:`read_workbook`, a table read whole given as its block (``actions`` is then an
    empty frame): a consolidation joins the blocks of hundreds of tables into one frame,
    where making a frame of each took longer than joining them (200 tables: 30 ms CPU).
    """
    typed, path = str(path), given_path(path)  # None: said in French, not a TypeError
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    except Exception as error:  # calamine raises its own types for broken or foreign files
        # The plainer reasons (missing, a folder, empty, refused) are looked for only now: a
        # consolidation opens hundreds of workbooks that are fine.
        check_readable(path, typed)
        raise _unreadable(path, error) from error
    try:
        names, large = _small_tables_names(path, cache), None
        if names is None:  # a large table, or a package to read with zipfile
            # One opening of the zip for the defined names and the tables' places.
            try:
                package = zipfile.ZipFile(path)
            except zipfile.BadZipFile as error:
                raise DamagedWorkbookError(path, "xl/workbook.xml", "est illisible") from error
            with package:
                names = _package_names(path, package, cache)
                large = _large_table(package, book, cache)
        box_table = read_box_table(path, book, names)
        first_row = box_table_first_row(names)
        stamp = names.get(STAMP_NAME, "").strip('"') or None
        settings = read_settings(book, path) or Settings()
        rules = None if cache is None else cache.rules
        key = (stamp, first_row, repr(box_table)) if stamp and rules is not None else None
        cached = rules.get(key) if key is not None else None
        stored = read_stored_rule(path, names) if cached is None else cached[1]
        # The funders' columns named in Paramètres are read with the summary columns.
        wanted_columns = (
            None if columns is None else set(columns) | {funder_column(f) for f in settings.funders}
        )
        if large is not None:
            name, headers = large.name, list(large.columns)
            data_row = large.top + large.header_rows + 1
            by_column, n, keep, suspect = _stream_table(book, large, wanted_columns)
            # Rare: an error cell (calamine reads it as empty), whose text the table is read
            # again with.
            if suspect and (errors := error_cells(path, large.sheet)):
                by_column, n, keep, _ = _stream_table(book, large, wanted_columns, errors)
        else:
            table = _find_table(book, path)
            name, headers = table.name, [str(c) for c in table.columns]
            data_row = int(table.start[0]) + 1 if table.start else 5
            rows = table.to_python()
            if _may_hold_errors(rows, headers) and (errors := error_cells(path, table.sheet)):
                top, left = table.start or (0, 0)
                place_errors(rows, errors, int(top), int(left))
            del table
    except (python_calamine.CalamineError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise _unreadable(path, error) from error  # a damaged sheet or table part
    finally:
        book.close()  # frees the reader's copy of the sheet before the frame is built
    wanted = set(headers) if wanted_columns is None else wanted_columns
    block = None
    actions = _NO_FRAME
    if large is None and rows and set(map(len, rows)) == {len(headers)}:
        block, keep = _table_block(rows, headers, wanted, cache)
        del rows
    else:
        if large is None:
            n = len(rows)
            by_column = dict(zip(headers, zip(*rows))) if rows else {h: () for h in headers}
            del rows
            # Rows cleared with Suppr keep their formulas but are no actions: every column counts.
            keep = content_mask(by_column, n)
        frame = {}
        for header in headers:
            if header not in wanted:
                continue
            column = by_column.pop(header, None)
            if column is None:
                values = np.full(int(keep.sum()), None, dtype=object)
            elif large is not None:  # blanks made None as it was read
                values = column if keep.all() else column[keep]
            else:
                values = _blank_as_none(np.array(column, dtype=object)[keep])
            frame[header] = values
        del by_column
        actions = pd.DataFrame(frame, columns=[h for h in headers if h in wanted], dtype=object)
    try:
        rule = cached[0] if cached else workbook_rule(stored, box_table, first_row)
    except RuleError as error:  # readable, but the sets cannot give a marker
        raise GridRuleError(path, str(error)) from error
    except ValueError as error:
        raise GridSheetError(path, str(error)) from error
    if key is not None and rules is not None:
        rules[key] = (rule, stored)
    data = WorkbookData(
        path,
        actions,
        rule,
        stamp,
        name,
        data_row,
        settings,
        rule_name(rule, settings.rule_name),
        row_numbers=data_row + np.flatnonzero(keep),
        headers=tuple(headers),
    )
    return data, block


__all__ = [
    "EVALUATED_NAME",
    "MACROS_UNDER_XLSX",
    "FOREIGN_SKIPPED",
    "REGIONAL_NAME",
    "ReadCache",
    "WorkbookData",
    "defined_names",
    "macros_under_xlsx",
    "rows_under_table",
    "is_regional_workbook",
    "written_by",
    "read_workbook",
    "workbook_rule",
]
