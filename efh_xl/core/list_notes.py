"""Lines of a list that are notes, not actions: a remark typed beside the table, in a column
that has no header, or a « Source : … » line under the table after a blank line.

A row is an action as soon as it holds something in a column of the table that is not such a
note: an action number, an answer, an amount, a title with anything else. Only these shapes
of row are notes, so that no real action is ever left out unsaid:

- a row whose values are all in the columns outside the table (no header, left or right of
  the headed columns: column A when the table starts in column B);
- under the table, after a blank row, rows each holding one text of at least two words in the
  table's first column (or outside it), none in a question column: « Source : Dauphin 2024 »
  is a note, an action number « PRJ-2024-001 » or « CV 12 » stays an action;
- anywhere in the table, a totals line (:func:`totals_label`): « Total général » at the
  bottom, « Sous-total Pilier 1 » or « Total quartier Nord » between groups of actions;
- what a printed export repeats on each page: the list's own header row, and a « Page 2 »
  (« Page 2 / 5 », « Page 2 sur 5 ») alone on its row;
- under a blank row, another table: a row of its headers (two cells or more naming columns,
  none a number), maybe under a title, and its rows down to the next blank row (« Récapitulatif
  par pilier », its sums by pilier: counted as actions, they doubled the euros);
- anywhere, a sentence alone in the action number's column: a group's title (« Pilier 1 –
  Cohésion sociale »), a printed page's foot (« Édité le 12/03/2026 — Page 1 / 4 »); a code
  (« PRJ 2026 VLM 002 », no word in lower case) stays an action.

Every row left out is said, with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from efh_xl.core.blank_rows import content_mask
from efh_xl.core.grid import QUESTION_IDS
from efh_xl.core.list_headers import IGNORED, known_column, typed_header
from efh_xl.core.plural import agreed, counted
from efh_xl.core.programmation import NUMBER, TITLE

# How pandas' readers (and evaluate's sheet reader) name a column with no header.
_UNNAMED = re.compile(r"^Unnamed: \d+$")
# A word of a sentence: two letters or more (« Source », « voir »), not a code's digits.
_WORD = re.compile(r"[^\W\d_]{2,}")

OUTSIDE = "outside"
AFTER = "after"
TOTAL = "total"
HEADER = "header"
PAGE = "page"
OTHER_TABLE = "other table"
# A printed export's page number, the whole cell.
GROUP_TITLE = "group title"
# Three lower-case letters in a row: words of a sentence, which an action's code
# (« PRJ 2024 VLM 001 ») has none of.
_LOWER_RUN = re.compile(r"[a-zß-öø-ÿ]{3}")
# A printed export's page number, the whole cell: « Page 2 », « Page 2 / 5 », « Page 1 de 8 »,
# « p. 3/8 », « 6 / 8 », « - 3 - ».
_PAGE = re.compile(
    r"(?:p(?:age|\.)?\s*\d+(?:\s*(?:/|sur|de)\s*\d+)?|\d+\s*(?:/|sur|de)\s*\d+|[-–]\s*\d+\s*[-–])",
    re.IGNORECASE,
)
# A cell of a number (« 2 », « 7 000 », « 12,5 »): no header is one.
_NUMBER = re.compile(r"[\d\s.,€%\u00a0\u202f-]+")
# A totals line's label, the whole cell: « Total », « TOTAL : », « Total général »,
# « Sous-total », « Sous-total Pilier 1 », « Total quartier Nord », « Totaux ». An action is
# never called that alone (and where it is, see :func:`totals_label`).
_TOTAL = re.compile(r"(sous[-\s]?)?tota(l|ux)\b.*", re.IGNORECASE | re.DOTALL)


def is_total_label(value: object) -> bool:
    """Whether a cell holds a totals line's label (a text starting with « Total » or
    « Sous-total » as a word)."""
    return isinstance(value, str) and bool(_TOTAL.fullmatch(value.strip()))


def totals_label(cells: Iterable[tuple[str | None, object]]) -> str | None:
    """The label of a totals line (« Sous-total Pilier 1 », with the sums of the amounts
    of the actions above it), None for any other line; ``cells`` are the line's cells in the
    list's order, each with the column of the Actions table its header names (None for a
    header the tool does not know, or no header).

    Counted as an action, a totals line's euros would double the list's. It is one wherever
    it stands (lists exported from a spreadsheet have a subtotal under each pilier or
    territory) when it has no answer, no action number (or a totals label as its number), and
    a totals label as its number, as its first filled cell, or as its title. A porteur called
    « TOTAL » (a company) on a line with an action number, or after the title of an action,
    stays an action.
    """
    number = title = first = None
    for column, value in cells:
        if _blank(value):
            continue
        if column in QUESTION_IDS:
            return None  # an answer: an action, whatever its title
        if first is None:
            first = value
        if column == NUMBER and number is None:
            number = value
        elif column == TITLE and title is None:
            title = value
    if number is not None and not is_total_label(number):
        return None
    label = next((v for v in (number, first, title) if is_total_label(v)), None)
    return None if label is None else " ".join(str(label).split())


def _totals_rows(frame: pd.DataFrame, columns: Sequence[str | None]) -> dict[int, str]:
    """The rows of ``frame`` that are totals lines, with their labels (``columns``: the column
    of the Actions table of each of its columns, or None). Only the rows with « total » in a
    cell outside the question columns are read whole: a label holds the word, and a line
    with an answer is an action."""
    rows: set[int] = set()
    for j, column in enumerate(columns):
        if column not in QUESTION_IDS:
            rows.update(_rows_with_the_word(frame.iloc[:, j]))
    labels = {i: totals_label(zip(columns, frame.iloc[i].tolist())) for i in sorted(rows)}
    return {i: label for i, label in labels.items() if label is not None}


def _rows_with_the_word(cells: pd.Series) -> list[int]:
    """The positions of the texts of ``cells`` that hold « tota » in any case. One search over
    the column's texts joined: a Python call per cell cost as much as the rest of a list's
    reading."""
    if cells.dtype.kind not in "OSU":  # numbers, dates: no label
        return []
    texts = cells.fillna("").tolist()
    try:
        joined = "\x00".join(texts)
    except TypeError:  # numbers among the texts (a spreadsheet's column)
        texts = [v if isinstance(v, str) else "" for v in texts]
        joined = "\x00".join(texts)
    folded = joined.lower()
    # Positions in the lowered text are the joined text's, unless a letter lowered into two
    # characters (« İ »): then a slower search without lowering.
    if len(folded) == len(joined):
        found = []
        at = folded.find("tota")
        while at >= 0:
            found.append(at)
            at = folded.find("tota", at + 4)
    else:
        found = [match.start() for match in re.finditer("tota", joined, re.IGNORECASE)]
    if not found:
        return []
    starts = np.cumsum([0, *(len(text) + 1 for text in texts[:-1])])
    return sorted(set((np.searchsorted(starts, found, side="right") - 1).tolist()))


@dataclass(frozen=True)
class Note:
    """A row left out: its position in the frame, its first text, and why (OUTSIDE, AFTER)."""

    position: int
    text: str
    why: str


def outside_columns(names: Sequence[object]) -> list[int]:
    """Positions of the columns with no header at either edge of the list."""
    unnamed = [isinstance(n, str) and bool(_UNNAMED.match(n)) for n in names]
    first = next((j for j, u in enumerate(unnamed) if not u), len(names))
    last = max((j for j, u in enumerate(unnamed) if not u), default=-1)
    return [j for j in range(len(names)) if j < first or j > last]


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return value != value
    return value is pd.NA or value is pd.NaT


def _sentence(value: object) -> bool:
    return isinstance(value, str) and len(_WORD.findall(value)) >= 2


def _filled(frame: pd.DataFrame, i: int) -> list[tuple[int, object]]:
    """The filled cells of row ``i``, with their column positions."""
    return [(j, v) for j, v in enumerate(frame.iloc[i].tolist()) if not _blank(v)]


def _repeated_headers(frame: pd.DataFrame, names: list[object], inside: list[int]) -> list[int]:
    """The rows that repeat the list's header row: two cells or more, each its column's
    header. Found column by column in C (a cell equal to its header), then checked."""
    n = len(frame)
    hits = np.zeros(n, dtype=np.int64)
    for j in inside:
        name = names[j]
        if isinstance(name, str) and name.strip():
            # The header, or its lower cell when written on two rows (« demandé » of
            # « Montants demandé »): each row of such a header repeated on a new page.
            cells = pd.Series(frame.iloc[:, j].to_numpy(dtype=object))
            hits += cells.isin(_endings(name)).to_numpy()
    rows = []
    for i in np.flatnonzero(hits >= 2).tolist():
        filled = _filled(frame, i)
        # The other cells texts without a figure: the upper row of a header on two rows
        # (« Montants » over the amounts), repeated with the rest.
        if all(
            j in inside
            and isinstance(v, str)
            and (v in _endings(str(names[j])) or not any(c.isdigit() for c in v))
            for j, v in filled
        ):
            rows.append(i)
    return rows


def _endings(name: str) -> set[str]:
    """A header and its last words (a lower cell of a header on two rows), as typed."""
    words = name.split(" ")
    return {" ".join(words[k:]) for k in range(len(words))}


def _single_cells(cells: np.ndarray, filled: np.ndarray) -> list[tuple[int, int, object]]:
    """(row, column, value) of each row holding one cell alone; ``cells`` are the list's,
    ``filled`` which of them are not missing."""
    alone = np.flatnonzero(filled.sum(axis=1) == 1)
    if not alone.size:
        return []
    columns = filled[alone].argmax(axis=1)
    return list(zip(alone.tolist(), columns.tolist(), cells[alone, columns].tolist()))


def _named_columns(cells: list[tuple[int, object]]) -> dict[int, str] | None:
    """The columns a header row names, by position (« Pilier », « Montant accordé »), or None
    for a row that is no header row: two distinct columns named at least, by more cells than
    name none, every cell a text and none a number. A cell of one or two letters names
    nothing here: « N » is an answer (NON) as much as « N° »."""
    texts = [v for _, v in cells]
    if not all(isinstance(v, str) and not _NUMBER.fullmatch(v.strip()) for v in texts):
        return None
    named = {
        j: column
        for j, v in cells
        if len(str(v).strip()) > 2 and (column := known_column(v)) not in (None, IGNORED)
    }
    if len(set(named.values())) < 2 or 2 * len(named) <= len(texts):
        return None
    return named


def _other_tables(
    frame: pd.DataFrame, has: np.ndarray, notes: dict[int, Note], roles: list[str | None]
) -> tuple[list[int], list[int]]:
    """The rows of other tables under a blank row (see the module's docstring): from the
    row after the blank one (a title, then the headers) down to the next blank row; and the
    header rows there that repeat the list's own (each column named where the list names
    it: a printed export's header on a new page, its upper row of two too)."""
    found: list[int] = []
    repeated: list[int] = []
    n = len(frame)
    blanks = np.flatnonzero(~has).tolist()
    for b in blanks[:50]:  # a list with many blank rows (between groups) is read as it is
        if found and b < found[-1]:
            continue
        i = b + 1
        titles = 0
        while i < n and has[i]:
            if i in notes:  # a repeated header of the list itself, a total: no other table
                break
            cells = _filled(frame, i)
            named = _named_columns(cells)
            if named is not None and all(roles[j] == c for j, c in named.items()):
                repeated.append(i)  # the list's own header: its actions go on below
                i += 1
                continue
            if named is not None:
                end = next((k for k in range(i + 1, n) if not has[k]), n)
                found.extend(k for k in range(b + 1, end) if has[k])
                break
            if titles == 2 or len(cells) != 1 or not _sentence(cells[0][1]):
                break
            titles += 1
            i += 1
    return found, repeated


def note_rows(frame: pd.DataFrame) -> list[Note]:
    """The rows of ``frame`` (a list read under its header, blank rows kept) that are notes,
    in order; see the module's docstring for the two shapes."""
    names = list(frame.columns)
    outside = outside_columns(names)
    if len(outside) == len(names):
        return []
    inside = [j for j in range(len(names)) if j not in outside]
    n = len(frame)
    notes: dict[int, Note] = {}
    if outside:
        # Read whole only here: most lists have no column outside their table.
        beside = content_mask({str(j): frame.iloc[:, j].to_numpy() for j in outside}, n)
        rows = np.flatnonzero(beside)
        if rows.size:
            part = frame.iloc[rows]
            in_table = content_mask({str(j): part.iloc[:, j].to_numpy() for j in inside}, len(rows))
            for i in rows[~in_table].tolist():
                text = next(v for j in outside if not _blank(v := frame.iat[i, j]))
                notes[i] = Note(i, str(text).strip(), OUTSIDE)
    roles = [
        None if j in outside else known_column(typed_header(names[j], names))
        for j in range(len(names))
    ]
    for i, label in _totals_rows(frame, roles).items():
        if i not in notes:
            notes[i] = Note(i, label, TOTAL)
    for i in _repeated_headers(frame, names, inside):
        notes.setdefault(i, Note(i, " | ".join(str(v) for _, v in _filled(frame, i)), HEADER))
    # Missing cells (None, NaN): a cell of spaces counts as filled here, where it only makes
    # a page number or a blank row less likely to be seen as one.
    cells = frame.to_numpy(dtype=object)
    filled = ~pd.isna(cells)
    single = _single_cells(cells, filled)
    for i, _, value in single:
        if isinstance(value, str) and _PAGE.fullmatch(value.strip()):
            notes.setdefault(i, Note(i, value.strip(), PAGE))
    has = filled.any(axis=1)
    if not has.all():
        others, repeated = _other_tables(frame, has, notes, roles)
        for i in repeated:
            notes.setdefault(i, Note(i, " | ".join(str(v) for _, v in _filled(frame, i)), HEADER))
        for i in others:
            text = str(_filled(frame, i)[0][1]).strip()
            notes.setdefault(i, Note(i, text, OTHER_TABLE))
    # Under the table: from the last row up, notes and blank rows, up to a blank row.
    questions = {j for j, role in enumerate(roles) if role in QUESTION_IDS}
    allowed = [j for j in [inside[0], *outside] if j not in questions]
    shaped: list[int] = []  # rows of the block under the table that read as notes
    first_blank = None  # the first blank row of that block
    for i in range(n - 1, -1, -1):  # most lists stop at their last row: read cell by cell
        cells = [j for j in range(len(names)) if not _blank(frame.iat[i, j])]
        if not cells:
            first_blank = i
        elif i in notes:
            pass
        elif len(cells) == 1 and cells[0] in allowed and _sentence(frame.iat[i, cells[0]]):
            shaped.append(i)
        else:
            break
    # Only the lines below a blank row that ends the table: a line typed right under the
    # last action may be an action of its own.
    if first_blank is not None:
        for i in shaped:
            if i > first_blank:
                text = next(v for v in frame.iloc[i].tolist() if not _blank(v))
                notes[i] = Note(i, str(text).strip(), AFTER)
    # Last, what no other shape took: a sentence alone in the number's column, a group's
    # title (« Pilier 1 – Cohésion sociale ») or a printed page's foot (« Édité le 12/03 —
    # Page 1 / 4 »), no action number; a code (« PRJ 2026 VLM 002 ») stays an action.
    for i, j, value in single:
        if roles[j] == NUMBER and _sentence(value) and _LOWER_RUN.search(str(value)):
            notes.setdefault(i, Note(i, str(value).strip(), GROUP_TITLE))
    return [notes[i] for i in sorted(notes)]


_SHOWN_NOTES = 5


def notes_message(notes: Sequence[Note], lines: Sequence[int]) -> str:
    """The French warning naming the note rows left out of a list (the first five), with the
    line of the file each stands on (``lines``: by row position)."""
    shown = []
    for note in notes[:_SHOWN_NOTES]:
        text = note.text if len(note.text) <= 40 else note.text[:39] + "…"
        where = {
            OUTSIDE: "hors des colonnes du tableau (colonne sans en-tête)",
            TOTAL: "ligne de total",
            HEADER: "ligne d'en-tête répétée",
            GROUP_TITLE: "titre seul dans la colonne du N°, sans autre valeur",
            PAGE: "numéro de page",
            OTHER_TABLE: "autre tableau sous la liste, après une ligne vide",
        }.get(note.why, "note sous le tableau, après une ligne vide")
        shown.append(f"ligne {lines[note.position]} (« {text} ») : {where}")
    more = len(notes) - len(shown)
    return (
        counted(len(notes), "ligne laissée", "lignes laissées")
        + agreed(
            len(notes),
            " de côté, ce n'est pas une action : ",
            " de côté, ce ne sont pas des actions : ",
        )
        + " ; ".join(shown)
        + (f" ; et {counted(more, 'autre', 'autres')}" if more else "")
        + agreed(len(notes), ". Si c'est une action", ". Si l'une d'elles est une action")
        + ", saisissez-la dans les colonnes du tableau (son "
        "N° action, ses réponses), puis relancez."
    )


__all__ = [
    "AFTER",
    "GROUP_TITLE",
    "HEADER",
    "OTHER_TABLE",
    "OUTSIDE",
    "PAGE",
    "TOTAL",
    "Note",
    "is_total_label",
    "note_rows",
    "notes_message",
    "outside_columns",
    "totals_label",
]
