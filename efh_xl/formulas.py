"""Native Excel formulas for Marqueur and Motif, generated from the grid data.

They read each answer cell the way :func:`efh_xl.answers.cell_text` does (error text, then
``TRIM(CLEAN(SUBSTITUTE(x, UNICHAR(160), " ")))``), find its code among the accepted spellings
written on the lookup sheet, and index the combination table written there by the builder.
Only functions of both Excel 2016 and LibreOffice 7.4 are used, with structured references in
their full file form (``T[[#This Row],[Q1]]``), which LibreOffice reads.

Spellings are matched with ``SUMPRODUCT(--(list=UPPER(text)), codes)`` rather than MATCH:
MATCH treats ``?``, ``*`` and ``~`` in a typed answer as wildcards, so « ? » would match « O ».
The spelling list ends with an empty cell coded blank: an empty cell equals "" in both Excel
and LibreOffice, so a blank answer needs no test of its own. This keeps the Motif formula
under Excel's 8,192-character limit.
"""

from __future__ import annotations

from .grid import (
    BLANK,
    MESSAGES,
    N_CODES,
    NO,
    QUESTION_IDS,
    QUOTE_MAX_CHARS,
    REASON_SEPARATOR,
    UNRECOGNISED,
    YES,
)

TABLE_NAME = "Programmation"

# Defined names the formulas use; the builder defines them on the lookup sheet and Grille.
NAME_SPELLINGS = "EFH_ORTHO"
NAME_SPELLING_CODES = "EFH_ORTHO_CODE"
NAME_ERRORS = "EFH_ERREURS"
NAME_MARKERS = "EFH_MARQUEURS"
NAME_REASONS = "EFH_MOTIFS"
NAME_BOX_SETS = "EFH_ENSEMBLES"

# SUMPRODUCT gives 0 when no spelling matches: spelling codes are stored shifted by one, and
# CHOOSE maps the sum back (0 -> unrecognised).
SPELLING_CODE_SHIFT = 1
_CHOOSE_CODES = (UNRECOGNISED, BLANK, YES, NO)


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def cell_ref(question_id: str, table: str = TABLE_NAME) -> str:
    """This row's cell of a question column, as a structured reference in full form."""
    return f"{table}[[#This Row],[{question_id}]]"


def cleaned(question_id: str, table: str = TABLE_NAME) -> str:
    """The cleaned text of an answer cell; an error value reads as its text (#N/A…)."""
    ref = cell_ref(question_id, table)
    value = f"IF(ISERROR({ref}),INDEX({NAME_ERRORS},ERROR.TYPE({ref})),{ref})"
    return f'TRIM(CLEAN(SUBSTITUTE({value},_xlfn.UNICHAR(160)," ")))'


def _spelling_sum(question_id: str, table: str) -> str:
    # Shifted code of the answer's spelling, 0 when it is not an accepted spelling.
    text = cleaned(question_id, table)
    return f"SUMPRODUCT(--({NAME_SPELLINGS}=UPPER({text})),{NAME_SPELLING_CODES})"


def answer_code(question_id: str, table: str = TABLE_NAME) -> str:
    """The answer code (0 blank, 1 OUI, 2 NON, 3 unrecognised) of an answer cell."""
    choices = ",".join(str(c) for c in _CHOOSE_CODES)
    return f"CHOOSE(1+{_spelling_sum(question_id, table)},{choices})"


def combination_index(table: str = TABLE_NAME) -> str:
    """1-based position of the row's combination in the lookup sheet."""
    terms = [
        answer_code(qid, table) if i == 0 else f"{N_CODES**i}*{answer_code(qid, table)}"
        for i, qid in enumerate(QUESTION_IDS)
    ]
    return "1+" + "+".join(terms)


def marker_formula(table: str = TABLE_NAME) -> str:
    """Formula of the Marqueur column (without the leading ``=``)."""
    return f"INDEX({NAME_MARKERS},{combination_index(table)})"


def _unrecognised_part(question_id: str, table: str) -> str:
    before, after = MESSAGES["unrecognised"].split("{value}")
    before = before.format(qid=question_id)
    text = cleaned(question_id, table)
    quoted = f'LEFT({text},{QUOTE_MAX_CHARS})&IF(LEN({text})>{QUOTE_MAX_CHARS},"…","")'
    message = f"{_text(before)}&{quoted}&{_text(after + REASON_SEPARATOR)}"
    return f'IF({_spelling_sum(question_id, table)}=0,{message},"")'


def reason_formula(table: str = TABLE_NAME) -> str:
    """Formula of the Motif column (without the leading ``=``)."""
    parts = [_unrecognised_part(qid, table) for qid in QUESTION_IDS]
    return "&".join(parts) + f"&INDEX({NAME_REASONS},{combination_index(table)})"


def udf_marker_formula(table: str = TABLE_NAME) -> str:
    """The Marqueur column calling the Python UDF, with this workbook's box sets."""
    refs = ",".join(cell_ref(q, table) for q in QUESTION_IDS)
    return f"EFH_MARQUEUR({refs},{NAME_BOX_SETS})"


def udf_reason_formula(table: str = TABLE_NAME) -> str:
    """The Motif column calling the Python UDF, with this workbook's box sets."""
    refs = ",".join(cell_ref(q, table) for q in QUESTION_IDS)
    return f"EFH_MOTIF({refs},{NAME_BOX_SETS})"
