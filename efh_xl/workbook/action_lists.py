"""Lists of actions outside the workbook (CSV or a plain Excel sheet): evaluate them in bulk.

Text is written back as text: a title starting with « = » stays a title (XlsxWriter's
``strings_to_formulas`` is off), never a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from efh_xl.core.answers import shown_text
from efh_xl.core.blank_rows import drop_blank_rows
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.grid import Rule
from efh_xl.core.list_headers import (
    SPREADSHEET_SUFFIXES,
    TEXT_SUFFIXES,
    list_formats,
    normalise,
    question_columns,
)
from efh_xl.core.list_notes import note_rows, notes_message, outside_columns
from efh_xl.core.list_text import width_problem
from efh_xl.core.programmation import DAUPHIN_COLUMN
from efh_xl.core.status import dauphin_code
from efh_xl.core.vectorised import evaluate
from efh_xl.errors import (
    ActionsTableError,
    EmptyFileError,
    EmptyListError,
    InputFileError,
    IsAFolderError,
    MisnamedWorkbookError,
    NotAWorkbookError,
    OutputFormatError,
    OutputIsInputError,
    RegionalWorkbookError,
    RuleFileAsListError,
    SheetNotFoundError,
    WorkbookNotFoundError,
    from_os_error,
)
from efh_xl.ooxml.atomic_file import (
    atomic_write,
    check_target,
    make_folder_of,
    same_file,
)
from efh_xl.workbook.evaluated_list import write_evaluated_list
from efh_xl.workbook.given_paths import given_path
from efh_xl.workbook.import_list import (
    csv_header,
    decode_list,
    hidden_rows,
    hidden_rows_said,
    malformed_csv,
    other_sheets_said,
    sheet_given,
    sheet_list_at,
    unclosed_quote,
)
from efh_xl.workbook.reader import _is_rule_file, check_readable, misnamed_package
from efh_xl.workbook.rule_file import WORKBOOK_SUFFIXES

OUTPUT_FORMATS = (".csv", ".xlsx")
# Read as a plain sheet of actions, as import reads them: many local authorities use
# LibreOffice, whose lists are .ods.
OTHER_SPREADSHEETS = (".ods", ".xls", ".xlsb")


def read_table(path: str | os.PathLike[str], *, sheet: str | None = None) -> pd.DataFrame:
    """A list of actions from a CSV (``;``, ``,`` or tab; UTF-8, Windows-1252 or UTF-16 with
    its BOM), an Excel file or an OpenDocument spreadsheet (.ods); ``sheet`` names the sheet
    to read (by default, the one whose header row names the most known columns)."""
    frame = _read(path, sheet_given(sheet))[0]
    frame.attrs.pop("rule", None)  # evaluate_file's, not a list's
    return frame


# The file's line (or sheet row) number of each row of a list read, made only when a message
# names one; None for a workbook's Actions table (an Excel table: its rows are all its own).
LineNumbers = Callable[[], list[int]] | None


def _read(
    path: str | os.PathLike[str], sheet: str | None = None
) -> tuple[pd.DataFrame, LineNumbers]:
    """:func:`read_table`'s frame, with its rows' line numbers."""
    import python_calamine

    typed, path = os.fspath(path), Path(path)
    if path.is_dir():
        raise IsAFolderError(path, example="liste.csv")
    suffix = path.suffix.lower()
    if not path.exists():
        # Named as typed (« absent/ » is a folder, which Path forgets); a list is no workbook
        # unless its extension says so (« Classeur … .xlsm ou .xlsx » sent a user looking for
        # the wrong file).
        raise WorkbookNotFoundError(typed, workbook=suffix in WORKBOOK_SUFFIXES)
    if suffix not in (*TEXT_SUFFIXES, *SPREADSHEET_SUFFIXES):
        if _is_rule_file(path):  # « efh-xl regle »'s file: it goes to --regle
            raise RuleFileAsListError(path, "evaluate")
        why = f"format non pris en charge : utilisez un {list_formats()}"
        raise InputFileError(path, why)
    if path.is_file() and path.stat().st_size == 0:  # a copy cut short: no app opens it
        raise EmptyFileError(path, as_list=True)
    try:
        check_readable(path)
    except NotAWorkbookError as error:  # an empty .xlsx: a list, as evaluate expects
        raise NotAWorkbookError(path, error.why, as_list=True) from error
    skipped = 0  # lines above a CSV's header, for the line numbers said
    body = separator = None  # a CSV's text from its header on, and its separator
    try:
        if suffix in OTHER_SPREADSHEETS:  # LibreOffice's own format, old Excel files
            if misnamed_package(path) == ".xlsm":
                # A workbook with macros renamed .xls: its Actions table is read only under
                # its own name (read as a list, its title rows gave « Colonnes manquantes »).
                # A renamed .xlsx (a platform's export) is read as the list it is.
                raise MisnamedWorkbookError(path, ".xlsm")
            return _sheet_frame(path, sheet)
        if sheet is not None and suffix in (".xlsm", ".xlsx"):  # that sheet, as a list
            return _sheet_frame(path, sheet)
        if suffix in (".xlsm", ".xlsx"):
            from efh_xl.workbook.reader import read_workbook

            try:
                data = read_workbook(path)
                # Its own rule (its Grille's box sets), for evaluate_file to apply as the
                # workbook's formulas and summaries do.
                data.actions.attrs["rule"] = data.rule
                return data.actions, None
            except RegionalWorkbookError:  # no table by design: not a list either
                raise
            except ActionsTableError:  # a plain sheet of actions, without the table
                return _sheet_frame(path)
            except MisnamedWorkbookError:
                raise
            except NotAWorkbookError as error:  # advice about a list, not about a workbook
                raise NotAWorkbookError(
                    path, error.why, as_list=True, kind=error.kind
                ) from error
        if sheet is not None:
            raise SheetNotFoundError(path, sheet, text=True)
        # The encodings import reads (Excel's « Texte Unicode » is UTF-16 with a BOM: read as
        # Windows-1252, its headers came out as garbage and Q1 to Q5 « missing »).
        text, _ = decode_list(path, path.read_bytes())
        if "\r" in text and "\n" not in text:  # old Mac line ends, which pandas reads as one line
            text = text.replace("\r", "\n")
        # A list never starts with « { »: JSON text, looked at only then (a rule file named
        # .txt read as a list gave « ligne 43 : 10 valeurs pour 7 colonnes »).
        if text.lstrip().startswith("{") and _is_rule_file(path):
            raise RuleFileAsListError(path, "evaluate")
        # The header found as import finds it: a title line above it is skipped (evaluate
        # refused such a list import reads), a list with no value is « vide ».
        separator, header_line, joined = csv_header(path, text)
        skipped = header_line - 1
        body = _from_line(text, header_line)
        if joined is not None:  # a header on two rows: its lower row is their headers joined
            line = io.StringIO()
            csv.writer(line, delimiter=separator, lineterminator="\n").writerow(joined)
            body = line.getvalue() + _from_line(text, header_line + 1)
        frame = _csv_frame(path, body, separator, skipped)
        return frame, lambda: _csv_lines(body, separator, skipped, len(frame))
    except pd.errors.EmptyDataError as error:
        raise EmptyListError(path) from error
    except OSError as error:
        raise from_os_error(error, path, reading=True) from error
    except python_calamine.CalamineError as error:
        # calamine's words are English: say what the user can do instead.
        why = (
            "classeur illisible ; ouvrez-le dans Excel ou LibreOffice et enregistrez-le à "
            "nouveau"
        )
        raise InputFileError(path, why) from error
    except ValueError as error:  # pandas' ParserError among them, in English
        line = re.search(r"line (\d+)", str(error))
        if line:
            raise InputFileError(path, malformed_csv(int(line[1]) + skipped)) from error
        # pandas names no line for a quote never closed (« EOF inside string »): found here.
        opened = unclosed_quote(body, separator) if body and separator else None
        if opened:
            why = malformed_csv(opened + skipped, "guillemet ouvert et jamais fermé")
            raise InputFileError(path, why) from error
        raise InputFileError(path, malformed_csv()) from error


def _csv_lines(text: str, separator: str, skipped: int, rows: int) -> list[int]:
    """The file's line number of each of the ``rows`` rows under the header of a CSV's
    ``text`` (a quoted value may span lines: counted as the csv module reads it)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    starts, start = [], 1
    for _ in reader:
        starts.append(start + skipped)
        start = reader.line_num + 1
    lines = starts[1:]
    # The reader and pandas read the same records (blank lines kept by both); should they
    # ever differ, the rows' own positions under the header are said rather than wrong lines.
    return lines if len(lines) == rows else list(range(2 + skipped, 2 + skipped + rows))


def _sheet_frame(path: Path, sheet: str | None = None) -> tuple[pd.DataFrame, LineNumbers]:
    """The list of a spreadsheet, under its header row found as import finds it (the best
    sheet; a title above the header skipped; else the first sheet, from its first row); an
    empty sheet is an empty list, as an empty CSV is (« Colonnes manquantes… ajoutez-la
    d'abord au classeur » sent its user importing it).

    Built from the rows the header search read: reading the sheet again with pandas'
    read_excel took as long again (see benchmarks/evaluate.py).
    """
    header_line, header, rows, chosen, others = sheet_list_at(path, sheet=sheet)
    frame = _rows_frame(header, rows)
    if frame.empty and len(frame.columns) == 0:
        raise EmptyListError(path)
    if others:  # other sheets that read as lists too, left unread
        frame.attrs["other_sheets"] = other_sheets_said(chosen, others, "évaluée", "évaluez")
    if chosen is not None and (hidden := hidden_rows(path, chosen)):
        # Evaluated as the others, as the import reads them: said, as it says them.
        shown = range(header_line + 1, header_line + 1 + len(frame))
        lines = [line for line in shown if line in hidden]
        if lines:
            frame.attrs["hidden"] = hidden_rows_said(lines, "évaluée")
    return frame, lambda: list(range(header_line + 1, header_line + 1 + len(frame)))


def _blank_cell(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and math.isnan(value))


def _edge_columns(header: list[Any], column: Any) -> tuple[int, int]:
    """(first, last + 1): the span of a list's columns, without the empty columns at either
    edge (no header, no value: a table that starts in column B, whose CSV lines start with a
    « ; »; a title wider than the table). ``column(j)`` gives the values of column ``j``."""

    def empty(j: int) -> bool:
        return _blank_cell(header[j]) and all(map(_blank_cell, column(j)))

    first, end = 0, len(header)
    while first < end and empty(first):
        first += 1
    while end > first and empty(end - 1):
        end -= 1
    return first, end


def _rows_frame(header: list[Any], rows: list[list[Any]]) -> pd.DataFrame:
    """A frame of the ``rows`` under ``header`` (cells as python-calamine reads them), as
    pandas' read_excel made it: a header left empty named « Unnamed: N », a repeated one
    « X.1 », an empty cell missing (NaN), a whole number an int, a date a datetime; a text
    is kept as typed (« N/A » too, as a CSV list keeps it: read_excel made it missing, where
    the workbook's formulas read it as typed).

    Empty columns at either edge are no columns of the list (:func:`_edge_columns`):
    read_excel gave them as « Unnamed: 0 », copied into the result.
    """
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(header)
    span = range(*_edge_columns(header, columns.__getitem__))
    if not span:
        return pd.DataFrame()
    names: list[Any] = []
    unnamed = []
    for i, j in enumerate(span):
        if header[j] is None or header[j] == "":
            names.append(f"Unnamed: {i}")
            unnamed.append(i)
        else:
            names.append(_cell(header[j]))
    data = {}
    for name, j in zip(_mangled(names, unnamed), span, strict=True):
        values = columns[j]
        cells = np.empty(len(values), dtype=object)
        if set(map(type, values)) <= {str}:  # most columns: text, "" where empty
            cells[:] = [v if v else np.nan for v in values]
        else:
            cells[:] = [_cell(v) for v in values]
        data[name] = cells
    return pd.DataFrame(data, dtype=object, copy=False)


def _cell(value: Any) -> Any:
    """A cell's value as read_excel gave it (its calamine reader's conversions)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        return value if value else np.nan
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _mangled(names: list[Any], unnamed: list[int]) -> list[Any]:
    """``names`` made unique as pandas' readers make them: a repeated name gets « .1 », « .2 »
    (a suffix another column already has is skipped), the named columns first, then those
    named « Unnamed: N »."""
    names = list(names)
    counts: dict[Any, int] = {}
    skipped = set(unnamed)
    for i in [i for i in range(len(names)) if i not in skipped] + unnamed:
        name = original = names[i]
        count = counts.get(name, 0)
        while count > 0:
            counts[original] = count + 1
            name = f"{original}.{count}"
            count = count + 1 if name in names else counts.get(name, 0)
        names[i] = name
        counts[name] = count + 1
    return names


def _from_line(text: str, line: int) -> str:
    """``text`` from its line ``line`` (1-based), lines ended as the csv module ends them."""
    if line <= 1:
        return text
    ends = [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return text[ends[line - 2] :] if line - 2 < len(ends) else ""


def _csv_frame(path: Path, text: str, separator: str, skipped: int = 0) -> pd.DataFrame:
    """The rows of a CSV's text under its header row, each value in its own header's column
    (``skipped``: the lines above the header, cut from ``text``, for the line numbers said).

    ``index_col=False``: otherwise pandas takes a row longer than the header (a « ; » at the
    end of each line, as some exports write) as having an index, and moves every answer one
    column to the left: the markers came out wrong, silently. Extra cells that hold
    something are refused rather than dropped; empty ones are no values, on any row (pandas
    refused a row longer than the first one as « CSV mal formé », where import reads it).
    """

    def read(**options: Any) -> pd.DataFrame:
        return pd.read_csv(
            io.StringIO(text),
            sep=separator,
            engine="python",
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            index_col=False,
            # A blank line is a row, blank: each row is then a record of the file, for the
            # line numbers said, and a blank line under the table marks its end.
            skip_blank_lines=False,
            **options,
        )

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            frame = read()
        except pd.errors.ParserError as error:
            _refuse_extra_cells(path, text, separator, skipped)  # the line and the value
            if not re.match(r"Expected \d+ fields", str(error)):
                raise
            # Longer rows, their extra cells all empty: read under the header's columns.
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
            frame = read(usecols=range(len(header)))
    if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        _refuse_extra_cells(path, text, separator, skipped)
    header = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator), [])
    if len(header) == len(frame.columns):  # else pandas' own reading of it: left as it is
        first, end = _edge_columns(header, lambda j: frame.iloc[:, j].tolist())
        if (first, end) != (0, len(header)):
            frame = frame.iloc[:, first:end]
    return frame


def _refuse_extra_cells(path: Path, text: str, separator: str, skipped: int = 0) -> None:
    """Raise InputFileError for the first row with a non-empty cell beyond its header's width
    (the check import rejects such a line with: :func:`width_problem`)."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    width = len(next(rows, []))
    start = rows.line_num + 1  # a row's first line (a quoted value may hold line breaks)
    for row in rows:
        if problem := width_problem(row, width):
            raise InputFileError(path, f"ligne {start + skipped} : {problem}, puis relancez")
        start = rows.line_num + 1


def evaluate_file(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
    rule: Rule | str | None = None,
    sheet: str | None = None,
) -> pd.DataFrame:
    """Read a list of actions, add the columns Marqueur and Motif, and optionally write it.

    ``sheet`` names the sheet of a spreadsheet to read (as typed, or without regard to case;
    :class:`~efh_xl.errors.SheetNotFoundError` otherwise); by default, the sheet whose header
    row names the most known columns, the other sheets that read as lists said in a warning.

    A « Code Dauphin » column the list has (every list exported from the Actions sheet) is
    recomputed from the new Marqueur (blank for an action not marked); none is added.

    ``output`` is written in the format its extension names (.csv or .xlsx), atomically, its
    folder made if needed; an existing file is replaced only with ``force``, never while open
    or read-only, and never when it is the list read (the same file, by identity:
    :class:`~efh_xl.errors.OutputIsInputError`). ``rule`` is
    the reading of the grid to apply: by default, a territory's workbook's own (its Grille's
    box sets, as its formulas apply them), and the reference reading for any other list.

    Each question is read from the leftmost column naming it (« Q1 », « q1 » or « Question
    1 »). Note lines are no actions: a row with values only in columns with no header beside
    the table, and one-text lines under the table after a blank line (« Source : … »); they
    are left out. The result's ``attrs["warnings"]`` lists, in French, what a user should
    know (the lines left out, a question named by two columns, a list with no action), as
    the CLI prints them (« Attention : … »). In the .xlsx written, a column of amounts,
    people or years whose every value reads as a number is written as numbers (the CSV
    written and the frame returned keep the values as the list holds them). In the CSV
    written, booleans, dates and times are as a French Excel shows them (VRAI, FAUX,
    01/04/2026, 01/04/2026 14:30), as the Motif quotes them.
    """
    given_path(path)  # checked as given: the messages name it as typed (« absent/ »)
    sheet = sheet_given(sheet)
    if rule is not None:
        from efh_xl.workbook.rule_file import rule_given

        rule = rule_given(rule)  # a reading's name or a rule file, as --regle takes them
    if output is not None:
        typed, output = output, given_path(output, "output")
        if output.is_dir():
            raise IsAFolderError(output, example="evaluation.xlsx")
        if output.suffix.lower() not in OUTPUT_FORMATS:
            raise OutputFormatError(typed, " ou ".join(OUTPUT_FORMATS), "evaluation.xlsx")
        if same_file(output, path):
            raise OutputIsInputError(
                output,
                path,
                "la liste à évaluer",
                "la remplacerait par le résultat (ses autres feuilles, son séparateur et sa "
                "mise en forme perdus)",
            )
        check_target(output, force=force)
    frame, line_numbers = _read(path, sheet)
    # A territory's workbook is evaluated under its own rule, as its formulas and summaries
    # are (the reference reading gave other markers than the sheet for a modified Grille).
    rule = rule or frame.attrs.pop("rule", None)
    warnings_said: list[str] = []
    for said in (frame.attrs.pop("other_sheets", None), frame.attrs.pop("hidden", None)):
        if said is not None:
            warnings_said.append(said)
    if line_numbers is not None:
        frame = _without_notes(frame, line_numbers, warnings_said)
    frame = drop_blank_rows(frame)  # a row with nothing typed is no action
    result = frame.drop(columns=[MARKER_COLUMN, REASON_COLUMN], errors="ignore")
    found, repeated = question_columns(result.columns)
    warnings_said.extend(_repeated_question(*r) for r in repeated)
    # The answers of the column read for each question (« Question 1 » as « Q1 »); a
    # question no header names is said missing by evaluate.
    answers = pd.DataFrame({q: result[c] for q, c in found.items()}, index=result.index)
    result = pd.concat([result, evaluate(answers, rule)], axis=1)
    result = _recomputed_dauphin(result)
    if result.empty:
        warnings_said.append(
            f"{Path(path).name} ne contient aucune action : sous sa ligne d'en-têtes, aucune "
            "ligne à évaluer. Vérifiez que c'est le bon fichier (un export complet), puis "
            "relancez."
        )
    # A column without header, named as pandas names it (« Unnamed: 13 »), in French: the
    # result is the user's to read (its position, counted from 1, as a person counts).
    unnamed = {
        name: f"Sans en-tête ({'1re' if j == 0 else f'{j + 1}e'} colonne)"
        for j, name in enumerate(result.columns)
        if isinstance(name, str) and _UNNAMED.match(name)
    }
    if unnamed:
        result = result.rename(columns=unnamed)
    result.attrs["warnings"] = warnings_said
    if output is not None:
        make_folder_of(output)  # as build, regle and consolidate
        with atomic_write(output) as temporary:
            if output.suffix.lower() == ".xlsx":
                write_evaluated_list(result, temporary, Path(path).name)
            else:
                csv_values(result, decimal=",").to_csv(
                    temporary, index=False, sep=";", encoding="utf-8-sig"
                )
    return result


_UNNAMED = re.compile(r"Unnamed: \d+$")


def _without_notes(
    frame: pd.DataFrame, line_numbers: Callable[[], list[int]], said: list[str]
) -> pd.DataFrame:
    """``frame`` without its note lines (:func:`efh_xl.core.list_notes.note_rows`), and
    without the columns outside the table that only they filled; a French warning in ``said``
    names the lines left out and why."""
    notes = note_rows(frame)
    if not notes:
        return frame
    said.append(notes_message(notes, line_numbers()))
    kept = frame.drop(index=frame.index[[note.position for note in notes]])
    empty = [
        name
        for j, name in enumerate(kept.columns)
        if j in outside_columns(list(kept.columns)) and kept[name].map(_blank_cell).all()
    ]
    return kept.drop(columns=empty)


def _repeated_question(question: str, read: Any, left: Any) -> str:
    read, left = str(read).strip(), str(left).strip()
    which = (
        f"deux colonnes « {read} »" if read == left else f"les colonnes « {read} » et « {left} »"
    )
    return (
        f"{question} : {which} donnent toutes deux les réponses à {question} ; seule la première "
        f"(la plus à gauche) est lue, l'autre est ignorée. Supprimez ou renommez la colonne "
        "qui ne sert pas, puis relancez."
    )


def _recomputed_dauphin(result: pd.DataFrame) -> pd.DataFrame:
    """``result`` with its « Code Dauphin » column, if the list has one (every list exported
    from the Actions sheet has), made from the new Marqueur: a copy of the list's own values
    beside a recomputed Marqueur gave G0 for an action now not marked, G0 beside a 2. A list
    without that column gets none: the Marqueur says the same."""
    wording = normalise(DAUPHIN_COLUMN)
    positions = [j for j, name in enumerate(result.columns) if normalise(name) == wording]
    if not positions:
        return result
    markers = result[MARKER_COLUMN]
    codes = [dauphin_code(None if pd.isna(m) else int(m)) or None for m in markers]
    result = result.copy()
    for j in positions:
        result.isetitem(j, pd.Series(codes, index=result.index, dtype=object))
    return result


def csv_values(frame: pd.DataFrame, decimal: str = ".") -> pd.DataFrame:
    """``frame`` with its values as a person writes them in a CSV: 2024 and 45500, not the
    2024.0 and 45500.0 a spreadsheet's floats print as; other numbers with ``decimal`` (a
    comma for the « ; » CSV that French Excel opens, where 0.5 would be read as a date);
    booleans, dates and times as a French Excel shows them (VRAI, 01/04/2026: the reason's
    spelling, :func:`~efh_xl.core.answers.shown_text`), not Python's True and 2026-04-01
    00:00:00."""

    def value(cell: Any) -> Any:
        if isinstance(cell, str):  # most cells: kept as typed
            return cell
        if isinstance(cell, float) and math.isfinite(cell):
            if cell.is_integer():
                return int(cell)
            return repr(cell).replace(".", decimal)
        shown = shown_text(cell)
        return cell if shown is None else shown

    columns = {}
    for name, column in frame.items():
        if column.dtype.kind in "OfbM":  # text and mixed, floats, booleans, dates
            # Built as an object array: Series.map would infer ints and blanks back to floats.
            cells = np.empty(len(column), dtype=object)
            cells[:] = [value(v) for v in column.tolist()]
            columns[name] = pd.Series(cells, index=column.index)
    return frame.assign(**columns) if columns else frame
