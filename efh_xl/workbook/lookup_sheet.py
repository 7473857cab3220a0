"""The hidden lookup sheet that the native formulas read, described once as a sheet model.

It also carries the workbook's whole rule (levels, alternatives, box sets, spellings) as JSON
text in the cells named ``EFH_REGLE``, and a short hash of it in the defined name
``EFH_REGLE_CALCUL``: a text constant in a name is limited to 255 characters by Excel, a cell
to 32,767. The builder writes it with XlsxWriter; ``efh-xl refresh`` and the button rewrite
it when the rule (the stored one with the Grille's box sets) no longer has that hash.

The name holds the rule's stamp followed by a hash of the combination table itself, as the
sheet shows it (:func:`calculation_stamp`): a workbook built by a version that words a reason
otherwise (an action with no answer once read « Incomplet … ; Marqueur 0 … ») or shows another
marker (that action's was 0, now blank) has its lookup sheet and its Contrôle constants
rewritten at the next refresh, as for a changed rule.

The marker of a combination not marked yet (no answer at all) is the empty text (the formula
="" as Excel writes it, :data:`~efh_xl.core.sheet_model.EMPTY_TEXT`): INDEX gives a blank
Marqueur cell there, where an empty cell would read 0. The Actions formulas stay as they are,
so a refresh of an older workbook, rewriting this sheet, blanks its Marqueur too.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

import efh_xl.workbook.formulas as fx
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN, combination_table
from efh_xl.core.grid import EXCEL_ERRORS, EXCEL_ERRORS_SHOWN, Rule
from efh_xl.core.rule_data import rule_from_json, rule_json, rule_stamp
from efh_xl.core.sheet_model import EMPTY_TEXT, SheetModel
from efh_xl.ooxml.xml import col_name, quote_sheet

LOOKUP_SHEET = "EFH_Calcul"
# Defined name holding the stamp (hash) of the rule the lookup sheet was computed with (a
# short text constant), so that refresh can tell whether the rule changed.
STAMP_NAME = "EFH_REGLE_CALCUL"
# Defined name of the cells holding the rule as JSON text, in chunks read top to bottom.
RULE_NAME = fx.NAME_RULE
RULE_CHUNK = 2000
RULE_ROWS = 40  # 80,000 characters at most; empty cells after the last chunk


def stamp(rule: Rule) -> str:
    """The stamp of ``rule``: a hash of the whole rule (see efh_xl.core.rule_data)."""
    return rule_stamp(rule)


# Between the rule's stamp and the table's hash in the defined name.
TABLE_STAMP_SEPARATOR = "/motifs:"


@lru_cache(maxsize=16)
def calculation_stamp(rule: Rule) -> str:
    """The stamp of the lookup sheet computed for ``rule``: the rule's stamp, then a short hash
    of every combination's marker (None when blank) and reason, and of the error names
    quoted, as this version shows them (cached per rule): a workbook whose sheet shows them
    otherwise has it rewritten by its next refresh or import."""
    table = combination_table(rule)
    shown = [table.shown_marker(i) for i in range(len(table.markers))]
    text = json.dumps([shown, table.reasons, list(EXCEL_ERRORS_SHOWN)], ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return stamp(rule) + TABLE_STAMP_SEPARATOR + digest


def rule_part(stored: str) -> str:
    """The rule's stamp in the text of the defined name (all of it when written by a version
    that stored the rule's stamp alone)."""
    return stored.split(TABLE_STAMP_SEPARATOR, 1)[0]


def rule_changed(stored: str, rule: Rule) -> bool:
    """Whether the lookup sheet stamped ``stored`` was computed for another rule than ``rule``
    (box sets edited on the Grille since), rather than for the same rule as another version
    showed it (its reasons worded otherwise, the marker of an action with no answer once 0)."""
    if not stored.startswith("sha256:"):  # the first versions stamped the box sets as text
        return stored != "|".join(",".join(row) for row in rule.box_table())
    return rule_part(stored) != stamp(rule)


def rule_chunks(rule: Rule) -> list[str]:
    """The rule's JSON text cut into cell-sized chunks."""
    text = rule_json(rule)
    chunks = [text[i : i + RULE_CHUNK] for i in range(0, len(text), RULE_CHUNK)]
    if len(chunks) > RULE_ROWS:
        raise ValueError("la règle est trop longue pour être enregistrée dans le classeur")
    return chunks


def rule_from_cells(values: object) -> Rule | None:
    """The rule stored in the ``EFH_REGLE`` cells (a column of values, as any reader gives
    them), or None when they are empty. Raises ValueError when the text is not a rule."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    cells = [v[0] if isinstance(v, (list, tuple)) and v else v for v in values]
    text = "".join(c for c in cells if isinstance(c, str))
    return rule_from_json(text) if text.strip() else None


def stamp_formula(rule: Rule) -> str:
    """The defined name's formula text (a quoted text constant)."""
    return '"' + calculation_stamp(rule) + '"'


SPELLING_COL, CODE_COL, ERROR_COL = 0, 1, 3
INDEX_COL, MARKER_COL, REASON_COL, STAMP_COL, RULE_COL = 5, 6, 7, 9, 16


def lookup_sheet(rule: Rule) -> SheetModel:
    """Spellings with their codes, Excel's error texts, every combination's marker and reason,
    and the box sets they were computed with (for people: refresh reads STAMP_NAME)."""
    sheet = SheetModel(LOOKUP_SHEET, tab_color="808080")
    headers = {
        SPELLING_COL: "Orthographe",
        CODE_COL: "Code+1",
        ERROR_COL: "Erreur",
        INDEX_COL: "Combinaison",
        MARKER_COL: MARKER_COLUMN,
        REASON_COL: REASON_COLUMN,
        STAMP_COL: "Ensembles",
        RULE_COL: "Règle (JSON)",
    }
    for col, text in headers.items():
        sheet.put(0, col, text, "header")
    spellings = rule.spellings.table()
    for i, (spelling, code) in enumerate(spellings, start=1):
        sheet.put(i, SPELLING_COL, spelling, "plain")
        sheet.put(i, CODE_COL, code + fx.SPELLING_CODE_SHIFT, "plain")
    # The empty spelling: an empty answer cell equals it (see efh_xl.workbook.formulas).
    sheet.put(len(spellings) + 1, CODE_COL, fx.SPELLING_CODE_SHIFT, "plain")
    for i, error in enumerate(EXCEL_ERRORS_SHOWN, start=1):  # as the cell shows it
        sheet.put(i, ERROR_COL, error, "plain")
    table = combination_table(rule)
    for index in range(len(table.markers)):
        sheet.put(index + 1, INDEX_COL, index, "plain")
        marker = table.shown_marker(index)
        shown = EMPTY_TEXT if marker is None else int(marker)  # blank: not marked yet
        sheet.put(index + 1, MARKER_COL, shown, "plain")
        sheet.put(index + 1, REASON_COL, str(table.reasons[index]), "plain")
    for i, answers in enumerate(rule.box_table(), start=1):
        for j, answer in enumerate(answers):
            sheet.put(i, STAMP_COL + j, answer, "plain")
    chunks = rule_chunks(rule)
    for i in range(RULE_ROWS):  # cells past the last chunk are written empty: a shorter rule
        sheet.put(i + 1, RULE_COL, chunks[i] if i < len(chunks) else None, "plain")  # clears
    sheet.widths = {SPELLING_COL: 14, REASON_COL: 100}
    return sheet


def defined_names(rule: Rule) -> dict[str, tuple[int, int, int]]:
    """Names the formulas use -> (first row, last row, column) on the lookup sheet."""
    table_rows = len(combination_table(rule).markers)
    blank_row = len(rule.spellings.table()) + 1
    return {
        fx.NAME_SPELLINGS: (1, blank_row, SPELLING_COL),
        fx.NAME_SPELLING_CODES: (1, blank_row, CODE_COL),
        fx.NAME_ERRORS: (1, len(EXCEL_ERRORS), ERROR_COL),
        fx.NAME_MARKERS: (1, table_rows, MARKER_COL),
        fx.NAME_REASONS: (1, table_rows, REASON_COL),
        RULE_NAME: (1, RULE_ROWS, RULE_COL),
    }


def range_formula(first_row: int, last_row: int, col: int) -> str:
    """A defined name's text for a column range of the lookup sheet (0-based rows)."""
    letter = col_name(col)
    return f"{quote_sheet(LOOKUP_SHEET)}!${letter}${first_row + 1}:${letter}${last_row + 1}"


def computed_box_sets_formula(rule: Rule) -> str:
    """The text of the ``EFH_ENSEMBLES_CALCUL`` name: the box sets this sheet was computed
    for, one row a set, one column a question, as the Grille's own table."""
    first, last = col_name(STAMP_COL), col_name(STAMP_COL + len(rule.box_table()[0]) - 1)
    return f"{quote_sheet(LOOKUP_SHEET)}!${first}$2:${last}${len(rule.box_sets) + 1}"


def rule_range_formula() -> str:
    """The text of the ``EFH_REGLE`` name: the cells holding the rule's JSON."""
    return range_formula(1, RULE_ROWS, RULE_COL)
