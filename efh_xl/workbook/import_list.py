"""Lists of actions to import, read as people really have them.

CSV in UTF-8 (with or without BOM), Windows-1252 or UTF-16 (Excel's « texte Unicode »), with
``;``, ``,`` or tab separators; XLSX, XLSM, XLS and ODS through python-calamine. The header row
is the row that names the most known columns among the first lines (a title above it is
skipped), on the sheet that has the best such row. Values are kept raw here: converting and
checking them is the importer's job, line by line.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import tomllib
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import python_calamine
from lxml import etree

from efh_xl.core.list_headers import (
    IGNORED,
    SPREADSHEET_SUFFIXES,
    TEXT_SUFFIXES,
    amount_scale,
    header_score,
    known_column,
    list_formats,
    normalise,
    target_column,
    title_scale,
    two_row_header,
    unit_of_its_own,
    unscaled_key,
)
from efh_xl.core.list_notes import TOTAL, note_rows, notes_message
from efh_xl.core.list_text import (
    line_at,
    non_utf8_lines,
    other_encoding_line,
    utf8_accent_line,
    width_problem,
)
from efh_xl.core.plural import agreed, counted, first_few
from efh_xl.core.programmation import AMOUNTS
from efh_xl.errors import (
    ColumnMappingError,
    EmptyFileError,
    EmptyListError,
    InputFileError,
    IsAFolderError,
    MisnamedWorkbookError,
    RuleFileAsListError,
    SheetNotFoundError,
    WorkbookNotFoundError,
    WrongArgumentError,
    from_os_error,
)
from efh_xl.ooxml.error_cells import error_cells, place_errors, sheet_part
from efh_xl.workbook.reader import _is_rule_file, foreign_package, misnamed_package
from efh_xl.workbook.rule_file import WORKBOOK_SUFFIXES

SEPARATORS = (";", "\t", ",")
HEADER_SEARCH_ROWS = 30  # a header below a title, a logo line or a few notes


@dataclass
class SourceLine:
    """One line of the list: its number in the file (1-based) and raw values by column."""

    line: int
    values: dict[str, Any]
    # Why the line cannot be read as its header says (a value under no header, in French),
    # or None: such a line is rejected whole, its values being in the wrong columns.
    problem: str | None = None


@dataclass
class SourceList:
    """A list read from a file, before any conversion."""

    path: Path
    header_line: int
    columns: dict[str, str]  # header as written -> column of the Actions table
    unknown: list[str]  # headers as written that map to nothing
    duplicates: list[str]  # headers naming a column another header already gave
    lines: list[SourceLine]
    empty_lines: int = 0
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    # Each header of ``duplicates`` -> the column it names (the header first giving that
    # column is in ``columns``), for a warning that names both headers.
    duplicate_columns: dict[str, str] = field(default_factory=dict)
    # Headers placed by the user's mapping (as written), and the mapping's headers (as the
    # user typed them) that no header of the list matches.
    mapped: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    # Columns inside the table with values but no header, each named by the headers around
    # it (before, after) -> its values: nothing can map them, yet they were dropped unsaid.
    unnamed: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    # The other sheets that read as lists of actions, left unread: (name, lines filled).
    other_sheets: list[tuple[str, int]] = field(default_factory=list)
    # Amount columns whose header gives them in thousands or millions (« Montant accordé
    # (k€) »): column -> (header, factor) the values are multiplied by.
    scales: dict[str, tuple[str, int]] = field(default_factory=dict)
    # The title above the header that gives the unit of the scaled columns whose header gives
    # none (« Programmation 2025 (montants en k€) »), or "".
    scale_title: str = ""
    # The lines of ``lines`` hidden in the sheet (a filter, rows hidden by hand).
    hidden: list[int] = field(default_factory=list)


class ColumnMapping(dict[str, str]):
    """Normalised header -> column of the Actions table, and each header typed with
    ``--colonne`` as the user typed it (``typed``), to name one that no header of the list
    matches. A mapping file's headers are not named so: one file serves exports of several
    shapes, each lacking some of its headers."""

    def __init__(self) -> None:
        super().__init__()
        self.typed: dict[str, str] = {}

    def add(self, source: str, column: str, *, typed: bool = True) -> None:
        key = normalise(source)
        self[key] = column
        if typed:
            self.typed[key] = source.strip()

    def merge(self, other: Mapping[str, str]) -> None:
        self.update(other)
        self.typed.update(getattr(other, "typed", {}))


def parse_mapping(pairs: Iterable[str], own: Mapping[str, str] | None = None) -> ColumnMapping:
    """``--colonne "Enveloppe attribuée=Montant accordé"`` options as normalised header ->
    column. ``own`` (normalised name -> column): the workbook's own columns the import also
    fills (« Montant CAF », « Femmes prévues »), which a mapping may name too."""
    mapping = ColumnMapping()
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip():
            raise _refused(f"« {pair} » n'a pas la forme Colonne=Colonne", own)
        column = _mapped(target, own=own)
        _once(mapping, source, column, own)
        mapping.add(source, column)
    return mapping


def _refused(why: str, own: Mapping[str, str] | None, *, toml: bool = False) -> ColumnMappingError:
    """The refusal of a mapping, naming the workbook's own columns among those it may name."""
    return ColumnMappingError(why, toml=toml, own=list((own or {}).values()))


def _once(
    mapping: ColumnMapping,
    source: str,
    column: str,
    own: Mapping[str, str] | None,
    toml: bool = False,
) -> None:
    """Refuse a header given two columns: the last one won, and a funder's euros went to
    another funder's column without a word."""
    before = mapping.get(normalise(source))
    if before is not None and before != column:
        why = (
            f"la colonne « {source.strip()} » du fichier est indiquée deux fois, pour « {before} » "
            f"et pour « {column} » ; gardez-en une"
        )
        raise _refused(why, own, toml=toml)


def read_mapping_file(
    path: str | os.PathLike[str], own: Mapping[str, str] | None = None
) -> ColumnMapping:
    """A TOML mapping file: a ``[colonnes]`` table (or top-level keys) "header" = "column";
    ``own`` as :func:`parse_mapping` takes it."""
    typed, path = os.fspath(path), Path(path)
    if not path.exists():  # as typed: « absent/ » names a folder; a mapping is no workbook
        raise WorkbookNotFoundError(typed, workbook=False)
    if path.is_dir():
        raise IsAFolderError(path, example="correspondance.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as error:
        if _is_rule_file(path):  # « line 1, column 1 » would not say what it is
            why = (
                f"{path.name} est un fichier de règle (écrit par « efh-xl regle »), pas une "
                "correspondance de colonnes : une règle se donne à --regle de build, evaluate, "
                "summary ou consolidate ; l'import applique la règle du classeur"
            )
            raise _refused(why, own, toml=True) from None
        # tomllib's words are English; where the slip is is what helps.
        place = re.search(r"line (\d+), column (\d+)", str(error))
        where = f" : erreur ligne {place[1]}, colonne {place[2]}" if place else ""
        why = f"{path.name} n'est pas un fichier TOML lisible{where}"
        raise _refused(why, own, toml=True) from None
    except UnicodeDecodeError:
        why = f"{path.name} n'est pas un fichier TOML lisible (enregistrez-le en UTF-8)"
        raise _refused(why, own, toml=True) from None
    sections = [k for k, v in data.items() if isinstance(v, dict)]
    if "colonnes" not in data and sections:
        # « « autre » doit valoir un texte » said nothing of the section the file lacks.
        found = ", ".join(f"[{k}]" for k in sections)
        plural = "s" if len(sections) > 1 else ""
        why = (
            f"{path.name} n'a pas de section [colonnes] (section{plural} trouvée{plural} : {found})"
        )
        raise _refused(why, own, toml=True)
    table = data.get("colonnes", data)
    mapping = ColumnMapping()
    for source, target in table.items():
        if not isinstance(target, str):
            why = f"« {source} » dans {path.name} doit valoir un texte"
            raise _refused(why, own, toml=True)
        column = _mapped(target, toml=True, own=own)
        _once(mapping, source, column, own, toml=True)
        mapping.add(source, column, typed=False)
    return mapping


def _mapped(target: str, *, toml: bool = False, own: Mapping[str, str] | None = None) -> str:
    column = target_column(target) or (own or {}).get(normalise(target))
    if column is None:
        why = f"« {target.strip()} » n'est pas une colonne que l'import remplit"
        if normalise(target).startswith("montant "):  # a funder the workbook has no column for
            why += (
                " (un nouveau financeur s'ajoute à la liste Financeurs de la feuille Paramètres, "
                "avec sa colonne « Montant … » insérée dans le tableau Actions avant « Marqueur »)"
            )
        raise _refused(why, own, toml=toml)
    return column


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# The first bytes of a zip package (.xlsx, .xlsm) and of an OLE compound file (.xls).
_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refuse_misnamed_workbook(path: Path, data: bytes) -> None:
    """Raise :class:`MisnamedWorkbookError` when ``data``, read as a text list, is an Excel
    workbook (a zip package with a workbook part, or an old .xls)."""
    if data.startswith(_OLE_SIGNATURE):
        raise MisnamedWorkbookError(path, ".xls")
    if data.startswith(_ZIP_SIGNATURE):
        # A LibreOffice spreadsheet too (its mimetype part): « liste en deux encodages » was
        # untrue.
        suffix = misnamed_package(path)
        if suffix is not None:
            raise MisnamedWorkbookError(path, suffix)
        # A Word document named .csv was « encodage non reconnu (ligne 1) ».
        if (kind := foreign_package(path)) is not None:
            raise InputFileError(path, _foreign_list(kind))


def _foreign_list(kind: str) -> str:
    """Why a zip package that is no spreadsheet (``kind``: « un document Word (.docx) ») is no
    list of actions, and what to give instead."""
    return (
        f"{kind}, pas une liste d'actions (une nouvelle copie n'y changera rien) : "
        "donnez à la place la liste (un fichier .csv ou un classeur .xlsx, .xls ou "
        ".ods), ou demandez-la à qui vous a envoyé ce fichier"
    )


def _titles(rows: list[tuple[int, list[Any]]]) -> list[str]:
    """The texts of the rows above a list's header (its titles), in order."""
    return [c.strip() for _, cells in rows for c in cells if isinstance(c, str) and c.strip()]


def decode_list(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a list and its encoding's name. Bytes no encoding read here can decode
    (a Mac Roman list, a file in two encodings) are refused, naming their line: decoded with
    replacement characters, titles and porteurs went into the workbook as « � » unsaid.

    A UTF-8 list with a line in Windows-1252 is refused too (:func:`utf8_accent_line`):
    Windows-1252 decodes any such file, every UTF-8 « é » in it becoming « Ã© ».

    A workbook saved or renamed with a text extension (an .xlsx named .csv) is said so by its
    signature (:class:`MisnamedWorkbookError`): decoded, it gave « encodage non reconnu ».
    """
    _refuse_misnamed_workbook(path, data)
    if data.startswith(codecs.BOM_UTF8):
        tries = [("utf-8", "UTF-8 (BOM)", len(codecs.BOM_UTF8))]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        tries = [("utf-16", "UTF-16", 0)]
    else:
        tries = [("utf-8", "UTF-8", 0), ("cp1252", "Windows-1252", 0)]
    for codec, name, start in tries:
        try:
            text = data[start:].decode(codec)
        except UnicodeDecodeError as error:
            failure = error
        else:
            other = other_encoding_line(data[start:]) if codec == "cp1252" else None
            if other is not None:
                raise _other_encoding(path, *other)
            return text, name
        if codec == "utf-8":
            # Not UTF-8 as a whole, yet written in UTF-8 in part: a BOM says so as much as a
            # UTF-8 « é » does.
            text = data[start:]
            utf8 = utf8_accent_line(text)
            if utf8 is not None or start:
                bad = non_utf8_lines(text)
                raise _mixed_encodings(path, bad, utf8_accent_line(text, set(bad)) or utf8)
    if tries[-1][0] == "cp1252" and (other := other_encoding_line(data)) is not None:
        # A Mac « è » or « ç », a DOS « É »: no encoding here decodes it.
        raise _other_encoding(path, *other)
    line = line_at(data[start:], failure.start)
    raise InputFileError(
        path,
        f"encodage non reconnu (ligne {line}) : enregistrez la liste en CSV UTF-8 (Excel : "
        "« CSV UTF-8 (délimité par des virgules) »)",
    )


def _other_encoding(path: Path, line: int, sign: str, letter: str, codec: str) -> InputFileError:
    """The refusal of a list in Mac Roman or DOS code page 850 that Windows-1252 decoded
    without an error (a Mac « é » read as « Ž », a DOS one as « ‚ »), in the words of the
    refusal of a list in two encodings."""
    held = f"« {sign} », un « {letter} »" if sign else f"un « {letter} »"
    if codec == "cp850":
        return InputFileError(
            path,
            f"liste dans un autre encodage (DOS, page de code 850) : la ligne {line} contient "
            f"{held} écrit par un ancien logiciel DOS (lue telle quelle, ses accents seraient "
            "illisibles : « Caf‚ » pour « Café ») ; ouvrez-la dans Excel par Données > À partir "
            "d'un fichier texte/CSV, origine « 850 : Europe de l'Ouest (DOS) », enregistrez-la "
            "en CSV UTF-8 (« CSV UTF-8 (délimité par des virgules) ») et relancez",
        )
    return InputFileError(
        path,
        f"liste dans un autre encodage (Mac Roman) : la ligne {line} contient {held} "
        "écrit sur Mac (lue telle quelle, ses accents seraient illisibles : "
        f"« CafŽ » pour « Café ») ; enregistrez la liste en CSV UTF-8 (Excel : « CSV UTF-8 "
        "(délimité par des virgules) ») et relancez",
    )


def _mixed_encodings(path: Path, bad: list[int], utf8: int | None) -> InputFileError:
    """The refusal of a UTF-8 list (a UTF-8 accent on line ``utf8``, or a BOM: None) whose
    lines ``bad`` are in another encoding."""
    shown = [str(n) for n in bad[:5]] + (["…"] if len(bad) > 5 else [])
    if len(bad) == 1:
        lines = f"la ligne {bad[0]} n'est pas en UTF-8"
    else:
        lines = f"les lignes {', '.join(shown[:-1])} et {shown[-1]} ne sont pas en UTF-8"
    if utf8 is None:
        lines += ", alors que le fichier commence par la marque de l'UTF-8 (BOM)"
    elif utf8 not in bad:
        lines += f", alors que la ligne {utf8} l'est"
    elif len(bad) == 1:
        lines = f"la ligne {bad[0]} mêle l'UTF-8 et un autre encodage"
    else:
        lines = lines.replace("pas en UTF-8", "pas entièrement en UTF-8")
    these = "cette ligne" if len(bad) == 1 else "ces lignes"
    return InputFileError(
        path,
        f"liste en deux encodages : {lines} (lue d'un seul encodage, une partie de ses accents "
        f"serait illisible : « Ã© » pour « é ») ; corrigez les accents de {these}, ou exportez "
        "à nouveau la liste de son logiciel d'origine, puis enregistrez la liste en CSV UTF-8 "
        "(Excel : « CSV UTF-8 (délimité par des virgules) ») et relancez",
    )


def _best_header(rows: list[tuple[int, list[Any]]], mapping: Mapping[str, str]) -> tuple[int, int]:
    """(index in rows, score) of the row naming the most known columns."""
    best, best_score = -1, 0
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(cells, mapping)
        if score > best_score:
            best, best_score = index, score
    return best, best_score


def _header_at(
    rows: list[tuple[int, list[Any]]], index: int, mapping: Mapping[str, str]
) -> tuple[list[Any], int]:
    """The headers of the header row found at ``index`` of ``rows``, and the index of the first
    row under the header: a header written on two rows (see two_row_header), with the row
    below it or the one above, is read as one."""
    cells = rows[index][1]
    if index + 1 < len(rows) and (joined := two_row_header(cells, rows[index + 1][1], mapping)):
        return joined, index + 2
    if index > 0 and (joined := two_row_header(rows[index - 1][1], cells, mapping)):
        return joined, index + 1
    return cells, index + 1


Candidate = tuple[str | None, str | None, list[tuple[int, list[Any]]]]
"""A way to read a list: its separator (CSV) or sheet name, and its rows (line, cells)."""


def _best_candidate(
    path: Path,
    candidates: list[Candidate],
    mapping: Mapping[str, str],
    headers: str,
    named: str | None = None,
) -> tuple[int, int, str | None, str | None, list[tuple[int, list[Any]]], int] | None:
    """(score, width, separator, sheet, rows, header index) of the way of reading whose header
    row names the most known columns; None when none names any. A list with no value at all
    (a BOM alone, blank lines, separators: what Excel saves for an empty sheet) raises
    EmptyListError naming ``headers``, the headers it needs."""
    empty = [all(_blank(c) for _, cells in rows for c in cells) for _, _, rows in candidates]
    # One text read with each separator: empty when one of them leaves only blanks (« ;;; »);
    # the sheets of a workbook: empty when all are.
    csv_text = any(sep is not None for sep, _, _ in candidates)
    if empty and (any(empty) if csv_text else all(empty)):
        raise EmptyListError(path, headers, sheet=named)  # --feuille: that sheet is empty
    best = None
    for sep, name, rows in candidates:
        index, score = _best_header(rows, mapping)
        width = len(rows[index][1]) if index >= 0 else 0
        if index >= 0 and (best is None or (score, width) > (best[0], best[1])):
            best = (score, width, sep, name, rows, index)
    return best


def _other_lists(
    candidates: list[Candidate], chosen: str | None, mapping: Mapping[str, str]
) -> list[tuple[str, int]]:
    """The other sheets of a workbook that read as lists of actions too (one tab per commune),
    with their lines filled: one list is read, the others were left out without a word."""
    others = []
    for _, name, rows in candidates:
        if name == chosen:  # the list read: its lines are not counted again
            continue
        at, score = _best_header(rows, mapping)
        if score < 2:
            continue
        filled = sum(1 for _, cells in rows[at + 1 :] if not all(map(_blank, cells)))
        if filled:
            others.append((str(name), filled))
    return others


def other_sheets_said(
    chosen: str | None, others: list[tuple[str, int]], done: str, verb: str
) -> str:
    """The warning naming the ``others`` sheets left unread (see _other_lists): ``done``
    says what was done to the one read (« importée »), ``verb`` tells to do it to the others
    (« importez »)."""
    named = ", ".join(f"« {name} » ({counted(n, 'ligne', 'lignes')})" for name, n in others)
    first = others[0][0].replace('"', "")
    return f"Seule la feuille « {chosen} » du fichier a été lue ; " + agreed(
        len(others),
        f"sa feuille {named} ressemble aussi à une liste d'actions et n'a pas été {done}. "
        f'Pour la lire, {verb} le même fichier avec --feuille "{first}".',
        f"ses feuilles {named} ressemblent aussi à des listes d'actions et n'ont pas été "
        f"{done}s. Pour les lire, {verb} le même fichier avec --feuille et le nom de chacune "
        f'(--feuille "{first}"…).',
    )


def csv_header(
    path: Path, text: str, headers: str = "Q1, Q2a, Q2b, Q3, Q4, Q5…"
) -> tuple[str, int, list[Any] | None]:
    """(separator, 1-based line of the header row, None) of a CSV list's text, found as the
    import finds them (a title or notes above the header are skipped), so that evaluate reads
    every list import reads. Without a row naming two known columns: the separator that splits
    the first non-blank line most, and line 1. A header written on two rows (see
    two_row_header) gives the line of its lower row and its headers instead of None. Raises
    EmptyListError for a list with no value."""
    candidates: list[Candidate] = [(sep, None, _csv_rows(text, sep)) for sep in SEPARATORS]
    best = _best_candidate(path, candidates, {}, headers)
    if best is not None and best[0] >= 2:
        rows, index = best[4], best[5]
        cells, body = _header_at(rows, index, {})
        return str(best[2]), rows[body - 1][0], None if cells is rows[index][1] else cells

    def width(candidate: Candidate) -> int:
        rows = candidate[2]
        return next((len(cells) for _, cells in rows if not all(map(_blank, cells))), 0)

    return str(max(candidates, key=width)[0]), 1, None


def sheet_table(
    path: Path, headers: str = "Q1, Q2a, Q2b, Q3, Q4, Q5…"
) -> tuple[list[Any], list[list[Any]]]:
    """The header row's cells and the rows under it of a spreadsheet list, found as the import
    finds them (the sheet with the best header row; a title above it skipped); the first
    sheet's first row as the header when no row names two known columns. Each row starts at
    the sheet's first column holding a value (cells as python-calamine reads them, "" for an
    empty one). ([], []) for an empty first sheet; raises EmptyListError when no sheet holds a
    value.

    The rows come from the one read the header search makes: the sheet is not read again.
    """
    _, header, rows = sheet_table_at(path, headers)
    return header, rows


def sheet_table_at(
    path: Path, headers: str = "Q1, Q2a, Q2b, Q3, Q4, Q5…"
) -> tuple[int, list[Any], list[list[Any]]]:
    """:func:`sheet_table` with the sheet's row number (1-based) of the header row first (0
    for an empty first sheet): the rows under it are the rows that follow, one each."""
    return sheet_list_at(path, headers)[:3]


def sheet_list_at(
    path: Path, headers: str = "Q1, Q2a, Q2b, Q3, Q4, Q5…", sheet: str | None = None
) -> tuple[int, list[Any], list[list[Any]], str | None, list[tuple[str, int]]]:
    """:func:`sheet_table_at`, then the name of the sheet read and the other sheets that read
    as lists of actions too, with their lines (see _other_lists): none when no sheet has a
    header row. ``sheet`` names the one sheet to read (see :func:`sheet_named`)."""
    sheets = _sheet_rows(path, sheet)
    candidates: list[Candidate] = [(None, name, rows) for name, rows in sheets]
    named = sheets[0][0] if sheet is not None and sheets else None
    best = _best_candidate(path, candidates, {}, headers, named)
    chosen, others = None, []
    if best is not None and best[0] >= 2:
        rows, index, chosen = best[4], best[5], best[3]
        others = _other_lists(candidates, chosen, {})
    else:
        rows, index = (sheets[0][1] if sheets else []), 0
    if not rows:
        return 0, [], [], chosen, others
    header, body = _header_at(rows, index, {}) if chosen is not None else (rows[index][1], 1)
    return rows[body - 1][0], header, [c for _, c in rows[body:]], chosen, others


def _csv_rows(text: str, separator: str) -> list[tuple[int, list[Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows, start = [], 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def malformed_csv(
    line: int | None = None, why: str = "guillemet non fermé, valeurs en trop…"
) -> str:
    """Why a CSV list cannot be read, in the words evaluate and import both say."""
    where = f" ligne {line}" if line else ""
    return (
        f"lecture impossible : CSV mal formé{where} ({why}) ; corrigez le fichier, ou "
        "ouvrez-le dans Excel et enregistrez-le à nouveau en CSV"
    )


def unclosed_quote(
    text: str, separator: str, rows: list[tuple[int, list[Any]]] | None = None
) -> int | None:
    """The line of the last value of a CSV list when its opening quote is never closed: the
    csv module then reads every line after it as that one value, without a word (the lines
    under it would be lost to the import). None when every quote closes. ``rows``: the text
    as :func:`_csv_rows` read it with ``separator``, when in hand.

    Only the last record can run to the end of the text; it holds a line break only if a
    quote opened in it. Read again on its own with the strict reader, it says whether the
    quote closed."""
    if rows is None:
        rows = _csv_rows(text, separator)
    if not rows or not any("\n" in c or "\r" in c for c in rows[-1][1]):
        return None
    start = rows[-1][0]
    tail = "".join(io.StringIO(text, newline="").readlines()[start - 1 :])
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=separator, strict=True):
            pass
    except csv.Error as error:
        if "end of data" in str(error):
            return start
    return None


def sheet_given(sheet: object) -> str | None:
    """``sheet`` as a function of the API is given it: a sheet's name, or None (a script's
    slip said in French where it enters)."""
    if sheet is not None and (not isinstance(sheet, str) or not sheet.strip()):
        raise WrongArgumentError("sheet", "un nom de feuille (un texte non vide)", sheet)
    return sheet


def sheet_named(path: Path, sheets: Sequence[str], wanted: str) -> str:
    """The sheet of ``sheets`` a user named: as typed, else the one sheet named so without
    regard to case and surrounding spaces (« douai » for « Douai »); SheetNotFoundError
    otherwise."""
    if wanted in sheets:
        return wanted

    def key(name: str) -> str:  # case, spaces around, and the apostrophe's shape aside
        return name.strip().casefold().replace("’", "'")

    found = [name for name in sheets if key(name) == key(wanted)]
    if len(found) == 1:
        return found[0]
    raise SheetNotFoundError(path, wanted, sheets)


_HIDDEN_ROW = re.compile(rb'<row r="(\d+)"[^>]*? hidden="(?:1|true)"')


def hidden_rows_said(lines: list[int], done: str) -> str:
    """The warning naming the hidden ``lines`` of a list read as the others; ``done`` says
    what was done to them (« importée », « évaluée »)."""
    n = len(lines)
    return (
        f"{counted(n, 'ligne masquée', 'lignes masquées')} dans le fichier (filtre ou "
        f"{agreed(n, 'ligne masquée', 'lignes masquées')} à la main), "
        f"{agreed(n, done, done + 's')} comme les autres : {agreed(n, 'ligne', 'lignes')} "
        f"{first_few(lines)}. Si {agreed(n, 'elle ne doit', 'elles ne doivent')} pas l'être, "
        f"supprimez-{agreed(n, 'la', 'les')} du fichier (un filtre ne suffit pas), puis relancez."
    )


def hidden_rows(path: Path, sheet: str) -> set[int]:
    """The rows (1-based) of an Excel sheet that are hidden (a filter, rows hidden by hand):
    calamine reads them as the others. None found in any other format."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return set()
    try:
        with zipfile.ZipFile(path) as package:
            part = sheet_part(package, sheet)
            xml = package.read(part) if part else b""
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return set()
    except etree.XMLSyntaxError:
        return set()
    return {int(m[1]) for m in _HIDDEN_ROW.finditer(xml)}


def _sheet_rows(
    path: Path, sheet: str | None = None
) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    """Each sheet's rows (line, cells), or only the rows of ``sheet``."""
    try:
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
        except Exception:  # noqa: BLE001 - calamine's own types; the content says what it is
            # A list saved under another extension (an .xlsx export named .xls): calamine
            # picks its reader by the extension, and by the content when given the bytes.
            with open(path, "rb") as handle:
                book = python_calamine.CalamineWorkbook.from_filelike(handle)
    except Exception:  # calamine raises its own types for broken or foreign files
        # Its words (« invalid Zip archive: Could not find EOCD ») mean nothing to a user.
        why = (
            "fichier illisible : ce n'est pas un classeur .xlsx, .xls ou .ods valide. Ouvrez-le "
            "dans Excel ou LibreOffice et enregistrez-le à nouveau (ou en CSV), puis relancez"
        )
        kind = foreign_package(path)
        if kind is not None:  # a Word document: no spreadsheet program makes a list of it
            why = _foreign_list(kind)
        raise InputFileError(path, why) from None
    try:
        sheets = []
        names = book.sheet_names if sheet is None else [sheet_named(path, book.sheet_names, sheet)]
        for name in names:
            cells = book.get_sheet_by_name(name)
            first_row = cells.start[0] if cells.start else 0
            data = cells.to_python(skip_empty_area=True)
            # Its rows are lists already: a copy of each cost a fifth of reading a long list.
            rows = [r if type(r) is list else list(r) for r in data]
            # An error cell (#DIV/0!) is its text, as the workbook's formulas read it.
            if errors := error_cells(path, name):
                top, left = cells.start or (0, 0)
                place_errors(rows, errors, int(top), int(left))
            sheets.append((name, list(zip(range(first_row + 1, first_row + 1 + len(rows)), rows))))
        return sheets
    finally:
        book.close()


def read_source(
    path: str | os.PathLike[str],
    mapping: Mapping[str, str] | None = None,
    own: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> SourceList:
    """Read a list of actions; ``mapping`` (see :func:`parse_mapping`) names unknown headers;
    a header written as one of ``own`` (normalised name -> column: the workbook's own
    columns the import also fills, « Montant CAF ») is that column. ``sheet`` names the sheet
    of a spreadsheet to read (see :func:`sheet_named`); by default, the sheet whose header row
    names the most known columns."""
    typed, path = os.fspath(path), Path(path)
    typed_names = dict(getattr(mapping, "typed", {}))
    mapping = dict(mapping or {})
    if not path.exists():
        # As typed: « absent/ » names a folder; a list is no workbook unless its extension
        # says so.
        raise WorkbookNotFoundError(typed, workbook=path.suffix.lower() in WORKBOOK_SUFFIXES)
    if path.is_dir():
        raise IsAFolderError(path, example="liste.csv")
    try:  # a list that cannot be read is said so (calamine's refusal read as « illisible »)
        with open(path, "rb"):
            pass
    except OSError as error:
        raise from_os_error(error, path, reading=True) from error
    if path.stat().st_size == 0:  # a copy cut short: no app opens it to add its headers
        raise EmptyFileError(path, as_list=True)
    suffix = path.suffix.lower()
    encoding = separator = sheet_name = None
    candidates: list[tuple[str | None, str | None, list[tuple[int, list[Any]]]]] = []
    if suffix in SPREADSHEET_SUFFIXES:
        candidates = [(None, name, rows) for name, rows in _sheet_rows(path, sheet)]
    elif sheet is not None and (suffix in TEXT_SUFFIXES or suffix == ""):
        raise SheetNotFoundError(path, sheet, text=True)
    elif suffix in TEXT_SUFFIXES or suffix == "":
        try:
            text, encoding = decode_list(path, path.read_bytes())
        except OSError as error:
            raise from_os_error(error, path, reading=True) from error
        # A list never starts with « { »: JSON text, looked at only then (a rule file named
        # .txt read as a list gave « Colonnes lues : ["Q4", ["Q5" »).
        if text.lstrip().startswith("{") and _is_rule_file(path):
            raise RuleFileAsListError(path, "import")
        # Accents composed once for the whole text (see _composed), not cell by cell.
        text = unicodedata.normalize("NFC", text)
        candidates = [(sep, None, _csv_rows(text, sep)) for sep in SEPARATORS]
    elif _is_rule_file(path):  # « efh-xl regle »'s file: no list, and no rule for import
        raise RuleFileAsListError(path, "import")
    else:
        raise InputFileError(path, f"format non pris en charge : utilisez un {list_formats()}")
    # The workbook's own columns name a header row too: a list of the funders' figures
    # (« N° action ; Montant CAF ; Femmes prévues ») was refused for want of a known header.
    found_by = {**(own or {}), **mapping}
    named = candidates[0][1] if sheet is not None and candidates else None
    best = _best_candidate(
        path, candidates, found_by, "N° action, Intitulé de l'action, Porteur…", named
    )
    if best is None or best[0] < 2:
        where = f" de la feuille « {named} »" if named is not None else ""
        raise InputFileError(
            path,
            f"aucune ligne d'en-tête reconnue parmi les premières lignes{where} (il faut au "
            "moins deux "
            "colonnes connues, par exemple « N° action » et « Intitulé de l'action » ; "
            'nommez les autres avec --colonne "En-tête du fichier=Colonne du tableau")',
        )
    _, _, separator, sheet_name, rows, index = best
    other_sheets = [] if separator is not None else _other_lists(candidates, sheet_name, found_by)
    if separator is not None and (line := unclosed_quote(text, separator, rows)):
        raise InputFileError(path, malformed_csv(line, "guillemet ouvert et jamais fermé"))
    header_line = rows[index][0]
    headers, start = _header_at(rows, index, found_by)
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    unknown, duplicates = [], []
    duplicate_columns: dict[str, str] = {}
    scales: dict[str, tuple[str, int]] = {}
    labels = {p: str(h).strip() for p, h in enumerate(headers) if not _blank(h)}
    mapped = [p for p, label in labels.items() if normalise(label) in mapping]
    # The headers the user mapped first: what they asked for wins over a header recognised
    # by its wording (which lost to it, is said so).
    for position in [*mapped, *(p for p in labels if p not in mapped)]:
        label = labels[position]
        column = known_column(label, mapping) or (own or {}).get(normalise(label))
        if column is None and amount_scale(label) != 1:  # « Montant CAF (k€) »
            column = (own or {}).get(unscaled_key(label))
        if column is None:
            unknown.append(label)
        elif column == IGNORED:
            continue
        elif column in positions:
            duplicates.append(label)
            duplicate_columns[label] = column
        else:
            columns[label] = column
            positions[column] = position
            if (column in AMOUNTS or column.startswith("Montant ")) and (
                factor := amount_scale(label)
            ) != 1:
                scales[column] = (label, factor)
    # A title above the header giving the unit (« Programmation 2025 (montants en k€) »):
    # every amount whose header gives none is in it (a two-row header's upper row is no title).
    top = index - 1 if start == index + 1 and headers is not rows[index][1] else index
    titles = _titles(rows[:top])
    scale_title, factor = next(((t, f) for t in titles if (f := title_scale(t)) != 1), ("", 1))
    if scale_title:
        for label, column in columns.items():
            is_amount = column in AMOUNTS or column.startswith("Montant ")
            if is_amount and column not in scales and not unit_of_its_own(label):
                scales[column] = (label, factor)
    columns = {labels[p]: columns[labels[p]] for p in labels if labels[p] in columns}
    # In the list's order, as the lines' values are: a totals line is known by its first
    # filled cell, which a mapped amount column put first hid (« Sous-total » then imported).
    positions = dict(sorted(positions.items(), key=lambda item: item[1]))
    present = {normalise(label) for label in labels.values()}
    unmatched = [typed_names[k] for k in mapping if k in typed_names and k not in present]
    lines, empty = [], 0
    body = rows[start:]
    compose = _composed if separator is None else _as_read  # a CSV's text is composed already
    # Between two headers, a column without one (its edges are notes' place, see below).
    inside = [j for j in range(min(labels, default=0), max(labels, default=0)) if j not in labels]
    unnamed: dict[int, list[Any]] = {}
    # Note lines (a « Source : … » under the table, a remark beside it) are no actions: left
    # out as evaluate leaves them out, by the same rule, and said so.
    notes = [n for n in note_rows(_body_frame(headers, body)) if n.why != TOTAL]
    noted = {body[n.position][0] for n in notes}
    for line, cells in body:
        if all(_blank(c) for c in cells):
            empty += 1
            continue
        if line in noted:
            continue
        for j in inside:
            if j < len(cells) and not _blank(cells[j]):
                unnamed.setdefault(j, []).append(cells[j])
        values = {
            column: (compose(cells[position]) if position < len(cells) else None)
            for column, position in positions.items()
        }
        # A CSV line wider than its header, as evaluate refuses it; a sheet's cells are
        # where they were typed, under their header or under none.
        problem = width_problem(cells, len(headers)) if separator is not None else None
        lines.append(SourceLine(line, values, problem))
    hidden = hidden_rows(path, sheet_name) if sheet_name is not None else set()
    return SourceList(
        path,
        header_line,
        columns,
        unknown,
        duplicates,
        lines,
        empty,
        encoding,
        {";": "point-virgule", ",": "virgule", "\t": "tabulation"}.get(separator or ""),
        sheet_name,
        notes=[notes_message(notes, [line for line, _ in body])] if notes else [],
        duplicate_columns=duplicate_columns,
        mapped=[labels[p] for p in mapped],
        unmatched=unmatched,
        other_sheets=other_sheets,
        scales=scales,
        scale_title=scale_title,
        hidden=[line.line for line in lines if line.line in hidden],
        unnamed={
            (labels[max(p for p in labels if p < j)], labels[min(p for p in labels if p > j)]): v
            for j, v in unnamed.items()
        },
    )


def _as_read(value: Any) -> Any:
    return value


def _composed(value: Any) -> Any:
    """A text with its accents composed (NFC): a list from a Mac or a PDF may write « é » as
    « e » and a combining accent, which looks the same and compares different (a territory
    of its own, with a summary sheet of its own)."""
    if isinstance(value, str) and not value.isascii():
        return unicodedata.normalize("NFC", value)
    return value


def _body_frame(headers: list[Any], body: list[tuple[int, list[Any]]]) -> pd.DataFrame:
    """The lines under the header as a frame shaped as evaluate reads a list (blank cells
    None, a column without header « Unnamed: n »), for :func:`note_rows`."""
    width = max([len(headers), *(len(cells) for _, cells in body)])
    names = [
        str(headers[j]).strip() if j < len(headers) and not _blank(headers[j]) else f"Unnamed: {j}"
        for j in range(width)
    ]
    cells = [
        [None if _blank(c) else c for c in row] + [None] * (width - len(row)) for _, row in body
    ]
    return pd.DataFrame(cells, columns=names, dtype=object)


__all__ = [
    "ColumnMapping",
    "SourceLine",
    "SourceList",
    "csv_header",
    "sheet_table",
    "sheet_list_at",
    "sheet_given",
    "sheet_named",
    "sheet_table_at",
    "decode_list",
    "hidden_rows",
    "hidden_rows_said",
    "other_sheets_said",
    "parse_mapping",
    "read_mapping_file",
    "read_source",
]
