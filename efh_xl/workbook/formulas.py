"""Native Excel formulas for Marqueur and Motif, generated from the grid data.

They read each answer cell the way :func:`efh_xl.core.answers.cell_text` does (error text, then
``TRIM(CLEAN(SUBSTITUTE(x, UNICHAR(160), " ")))``), find its code among the accepted spellings
written on the lookup sheet, and index the combination table written there by the builder.
Only functions of both Excel 2016 and LibreOffice 7.4 are used.

The per-question steps are named formulas (see :func:`named_formulas`), so a cell holds a
short formula and a 100,000-row programmation stays a small file. A name reads "this row's
answer" with a zero-offset row-relative reference, ``'Actions'!$I1``: in a defined name, the
file form of a relative reference is relative to A1, so used in row 5 it reads ``$I5``
(MS-XLSB 2.5.98.69 PtgRef3d and 2.5.98.92 RgceLocRel; Microsoft KB Q120503; PhpSpreadsheet and
EPPlus, cross-checked against Excel). Offsets stay at zero rows: LibreOffice does not apply
Excel's wrap-around for negative ones. No ``[#This Row]`` structured reference is ever put in a
name: nothing shows Excel evaluating one there against the calling row. The calculated
columns hold only the short cell formula; docs/compatibilite-excel.md says why.

Spellings are matched with ``SUMPRODUCT(--(list=UPPER(text)), codes)``, not MATCH:
MATCH treats ``?``, ``*`` and ``~`` in a typed answer as wildcards, so « ? » would match « O ».
The spelling list ends with an empty cell coded blank: an empty cell equals "" in both Excel
and LibreOffice, so a blank answer needs no test of its own.
"""

from __future__ import annotations

from efh_xl.core.engine import MARKER_COLUMN
from efh_xl.core.grid import (
    BLANK,
    MESSAGES,
    N_CODES,
    NO,
    NON,
    OUI,
    QUESTION_IDS,
    QUOTE_MAX_CHARS,
    REASON_SEPARATOR,
    UNRECOGNISED,
    YES,
    Rule,
)
from efh_xl.core.programmation import ACTIONS_SHEET, COLUMNS
from efh_xl.ooxml.xml import col_name, quote_sheet

TABLE_NAME = "Programmation"

# Defined names the formulas use; the builder defines them on the lookup sheet and Grille.
NAME_SPELLINGS = "EFH_ORTHO"
NAME_SPELLING_CODES = "EFH_ORTHO_CODE"
NAME_ERRORS = "EFH_ERREURS"
NAME_MARKERS = "EFH_MARQUEURS"
NAME_REASONS = "EFH_MOTIFS"
NAME_BOX_SETS = "EFH_ENSEMBLES"
# The box sets the lookup sheet was computed for: the Grille compares them with its own.
NAME_BOX_SETS_COMPUTED = "EFH_ENSEMBLES_CALCUL"
NAME_RULE = "EFH_REGLE"  # cells of the lookup sheet holding the whole rule (JSON)

# SUMPRODUCT gives 0 when no spelling matches: spelling codes are stored shifted by one, and
# CHOOSE maps the sum back (0 -> unrecognised).
SPELLING_CODE_SHIFT = 1
_CHOOSE_CODES = (UNRECOGNISED, BLANK, YES, NO)


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def cell_ref(question_id: str, table: str = TABLE_NAME) -> str:
    """This row's cell of a question column, as a structured reference in full form (the
    form Excel itself stores for ``[@Q1]``): only in cell formulas, never in a name."""
    return f"{table}[[#This Row],[{question_id}]]"


def row_ref(question_id: str, sheet: str = ACTIONS_SHEET, column: int | None = None) -> str:
    """Zero-offset row-relative reference to the question's column (by default its column
    in the Actions table), for a defined name."""
    index = COLUMNS.index(question_id) if column is None else column
    return f"{quote_sheet(sheet)}!${col_name(index)}1"


def cleaned(question_id: str, sheet: str = ACTIONS_SHEET, column: int | None = None) -> str:
    """The cleaned text of an answer cell; an error value reads as its text (#N/A…)."""
    ref = row_ref(question_id, sheet, column)
    value = f"IF(ISERROR({ref}),INDEX({NAME_ERRORS},ERROR.TYPE({ref})),{ref})"
    return _clean(value)


def _clean(value: str) -> str:
    """The cleaning the engine applies to a typed text (see core.answers.cell_text): the
    zero-width space (8203) and the byte order mark (65279) dropped, a non-breaking space
    made a space, control characters and extra spaces removed."""
    dropped = value
    for invisible in (8203, 65279):
        dropped = f'SUBSTITUTE({dropped},_xlfn.UNICHAR({invisible}),"")'
    return f'TRIM(CLEAN(SUBSTITUTE({dropped},_xlfn.UNICHAR(160)," ")))'


# The names of the Actions sheet start with PREFIX; the Contrôle sheet has its own set, made
# by the same functions, whose references point at its own columns.
PREFIX = "EFH_"


def text_name(question_id: str, prefix: str = PREFIX) -> str:
    """Defined name holding the cleaned text of this row's answer to a question."""
    return f"{prefix}TEXTE_{question_id}"


def sum_name(question_id: str, prefix: str = PREFIX) -> str:
    """Defined name holding the shifted spelling code (0 = not an accepted spelling)."""
    return f"{prefix}RECONNU_{question_id}"


def code_name(question_id: str, prefix: str = PREFIX) -> str:
    """Defined name holding the answer code (0 blank, 1 OUI, 2 NON, 3 unrecognised)."""
    return f"{prefix}CODE_{question_id}"


def index_name(prefix: str = PREFIX) -> str:
    """Defined name holding this row's 1-based index in the combination table."""
    return f"{prefix}COMBINAISON"


NAME_INDEX = index_name()


def named_formulas(
    sheet: str = ACTIONS_SHEET, prefix: str = PREFIX, columns: dict[str, int] | None = None
) -> dict[str, str]:
    """The per-row named formulas reading ``sheet``, in definition order (each refers only to
    earlier ones). They are evaluated in the row of the cell that uses them. ``columns`` gives
    the answer columns (0-based) when they are not those of the Actions table."""
    columns = columns or {}
    choices = ",".join(str(c) for c in _CHOOSE_CODES)
    names: dict[str, str] = {}
    for qid in QUESTION_IDS:
        names[text_name(qid, prefix)] = cleaned(qid, sheet, columns.get(qid))
        names[sum_name(qid, prefix)] = (
            f"SUMPRODUCT(--({NAME_SPELLINGS}=UPPER({text_name(qid, prefix)})),"
            f"{NAME_SPELLING_CODES})"
        )
        names[code_name(qid, prefix)] = f"CHOOSE(1+{sum_name(qid, prefix)},{choices})"
    terms = [
        code_name(qid, prefix) if i == 0 else f"{N_CODES**i}*{code_name(qid, prefix)}"
        for i, qid in enumerate(QUESTION_IDS)
    ]
    names[index_name(prefix)] = "1+" + "+".join(terms)
    return names


def marker_formula(prefix: str = PREFIX) -> str:
    """Formula of the Marqueur column (without the leading ``=``)."""
    return f"INDEX({NAME_MARKERS},{index_name(prefix)})"


def dauphin_formula(table: str = TABLE_NAME) -> str:
    """Formula of the Code Dauphin column: G0, G1 or G2 from this row's marker, blank when no
    question is answered (combination 1 is every answer blank)."""
    return f'IF({NAME_INDEX}=1,"","G"&{table}[[#This Row],[{MARKER_COLUMN}]])'


def _unrecognised_part(question_id: str, prefix: str) -> str:
    before, after = MESSAGES["unrecognised"].split("{value}")
    before = before.format(qid=question_id)
    text = text_name(question_id, prefix)
    quoted = f'LEFT({text},{QUOTE_MAX_CHARS})&IF(LEN({text})>{QUOTE_MAX_CHARS},"…","")'
    message = f"{_text(before)}&{quoted}&{_text(after + REASON_SEPARATOR)}"
    return f'IF({sum_name(question_id, prefix)}=0,{message},"")'


def reason_formula(prefix: str = PREFIX) -> str:
    """Formula of the Motif column (without the leading ``=``)."""
    parts = [_unrecognised_part(qid, prefix) for qid in QUESTION_IDS]
    return "&".join(parts) + f"&INDEX({NAME_REASONS},{index_name(prefix)})"


def udf_marker_formula(table: str = TABLE_NAME) -> str:
    """The Marqueur column calling the Python UDF, with this workbook's box sets."""
    refs = ",".join(cell_ref(q, table) for q in QUESTION_IDS)
    return f"EFH_MARQUEUR({refs},{NAME_BOX_SETS},{NAME_RULE})"


def udf_reason_formula(table: str = TABLE_NAME) -> str:
    """The Motif column calling the Python UDF, with this workbook's box sets."""
    refs = ",".join(cell_ref(q, table) for q in QUESTION_IDS)
    return f"EFH_MOTIF({refs},{NAME_BOX_SETS},{NAME_RULE})"


# Excel's longest formula, and its longest text in one: a rule of hundreds of spellings (or
# one of 300 characters) would make the Grille's formula one Excel repairs away.
_MAX_FORMULA, _MAX_LITERAL = 8192, 255


def to_fix_condition(reason: str, marker: str) -> str:
    """The conditional format's condition of a Motif to fix (yellow): a reason that gives no
    marker (« Incomplet… », « … non reconnu »), on a row that has a marker (a blank one is an
    action not marked yet, greyed). Known by the reason's first word and the marker, as the
    Actions sheet and an evaluated list both show it."""
    return f'=AND(LEFT({reason},8)<>"Marqueur",{marker}<>"")'


def box_read(cell: str, rule: Rule) -> str:
    """The formula of a box of the Grille's set table as the rule reads it: « OUI », « NON »,
    or empty (a blank, or a text no spelling gives), the cell cleaned as the engine cleans
    answers. Each spelling is an equality of its own (see :func:`box_sets_changed`). A rule
    whose spellings would not fit in one formula reads the box as typed, upper-cased."""
    typed = f"UPPER({_clean(cell)})"
    spellings = rule.spellings

    def any_of(words: frozenset[str]) -> str:
        if not words:
            return "FALSE"
        return "OR(" + ",".join(f"{typed}={_text(w)}" for w in sorted(words)) + ")"

    formula = f'IF({any_of(spellings.oui)},"{OUI}",IF({any_of(spellings.non)},"{NON}",""))'
    longest = max(map(len, [*spellings.oui, *spellings.non]), default=0)
    too_many = max(len(spellings.oui), len(spellings.non)) > _MAX_ARGUMENTS
    if too_many or len(formula) > _MAX_FORMULA - 100 or longest > _MAX_LITERAL:
        return f"UPPER(TRIM({cell}))"
    return formula


_MAX_ARGUMENTS = 255  # of a function, OR's included


def box_sets_changed(rule: Rule) -> str:
    """The condition, for the Grille, that its box sets read otherwise than those the lookup
    sheet was computed for (``EFH_ENSEMBLES_CALCUL``, written OUI, NON or empty).

    Each box is cleaned and read by the rule's spellings, as Python reads the Grille: « X »
    pasted past the list's validation is OUI, and no change. Compared as text, it kept the
    warning on after the refresh that had applied it. Each spelling is an equality of its own,
    not MATCH nor SUMIF, whose wildcards and operators would read « ? » or « <> » as a
    spelling; a text no spelling gives weighs 0 and differs from every set computed. A rule
    whose spellings would not fit in one formula is compared as text (OUI, NON or empty).
    """
    weight = {BLANK: 1, YES: 2, NO: 3}
    typed = f"UPPER({_clean(NAME_BOX_SETS)})"
    # The empty text once: a rule may list it among its blanks, which weighed it twice (2,
    # OUI's weight).
    spellings = [("", BLANK), *((t, c) for t, c in rule.spellings.table() if t)]
    computed = "+".join(
        f"({NAME_BOX_SETS_COMPUTED}={_text(text)})*{weight[code]}"
        for text, code in (("", BLANK), (OUI, YES), (NON, NO))
    )
    read = "+".join(f"({typed}={_text(text)})*{weight[code]}" for text, code in spellings)
    formula = f"SUMPRODUCT(--(({read})<>({computed})))>0"
    if len(formula) > _MAX_FORMULA - 600 or max(len(t) for t, _ in spellings) > _MAX_LITERAL:
        return f"SUMPRODUCT(--({typed}<>{NAME_BOX_SETS_COMPUTED}))>0"  # room for the IF
    return formula
