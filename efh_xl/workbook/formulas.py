"""Native Excel formulas for Marqueur and Motif, generated from the grid data.

They read each answer cell the way :func:`efh_xl.core.answers.cell_text` does (error text, then
``TRIM(CLEAN(SUBSTITUTE(x, UNICHAR(160), " ")))``), find its code among the accepted spellings
written on the lookup sheet, and index the combination table written there by the builder.
Only functions of both Excel 2016 and LibreOffice 7.4 are used, with structured references in
their full file form (``T[[#This Row],[Q1]]``), which LibreOffice reads.

The per-question steps are named formulas (see :func:`named_formulas`), so a cell holds a
short formula. Spellings are matched with ``SUMPRODUCT(--(list=UPPER(text)), codes)``, not MATCH:
MATCH treats ``?``, ``*`` and ``~`` in a typed answer as wildcards, so « ? » would match « O ».
The spelling list ends with an empty cell coded blank: an empty cell equals "" in both Excel
and LibreOffice, so a blank answer needs no test of its own.
"""

from __future__ import annotations

from efh_xl.core.grid import (
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


def text_name(question_id: str) -> str:
    """Defined name holding the cleaned text of this row's answer to a question."""
    return f"EFH_TEXTE_{question_id}"


def sum_name(question_id: str) -> str:
    """Defined name holding the shifted spelling code (0 = not an accepted spelling)."""
    return f"EFH_RECONNU_{question_id}"


def code_name(question_id: str) -> str:
    """Defined name holding the answer code (0 blank, 1 OUI, 2 NON, 3 unrecognised)."""
    return f"EFH_CODE_{question_id}"


NAME_INDEX = "EFH_COMBINAISON"


def named_formulas(table: str = TABLE_NAME) -> dict[str, str]:
    """The workbook's named formulas, in definition order (each refers only to earlier ones).

    They hold the per-question reading of a row, with ``[#This Row]`` references that Excel
    and LibreOffice evaluate in the row of the cell that uses the name. The cells then keep a
    short formula: a large programmation stays a small file that opens fast.
    """
    choices = ",".join(str(c) for c in _CHOOSE_CODES)
    names: dict[str, str] = {}
    for qid in QUESTION_IDS:
        names[text_name(qid)] = cleaned(qid, table)
        names[sum_name(qid)] = (
            f"SUMPRODUCT(--({NAME_SPELLINGS}=UPPER({text_name(qid)})),{NAME_SPELLING_CODES})"
        )
        names[code_name(qid)] = f"CHOOSE(1+{sum_name(qid)},{choices})"
    terms = [
        code_name(qid) if i == 0 else f"{N_CODES**i}*{code_name(qid)}"
        for i, qid in enumerate(QUESTION_IDS)
    ]
    names[NAME_INDEX] = "1+" + "+".join(terms)
    return names


def marker_formula() -> str:
    """Formula of the Marqueur column (without the leading ``=``)."""
    return f"INDEX({NAME_MARKERS},{NAME_INDEX})"


def _unrecognised_part(question_id: str) -> str:
    before, after = MESSAGES["unrecognised"].split("{value}")
    before = before.format(qid=question_id)
    text = text_name(question_id)
    quoted = f'LEFT({text},{QUOTE_MAX_CHARS})&IF(LEN({text})>{QUOTE_MAX_CHARS},"…","")'
    message = f"{_text(before)}&{quoted}&{_text(after + REASON_SEPARATOR)}"
    return f'IF({sum_name(question_id)}=0,{message},"")'


def reason_formula() -> str:
    """Formula of the Motif column (without the leading ``=``)."""
    parts = [_unrecognised_part(qid) for qid in QUESTION_IDS]
    return "&".join(parts) + f"&INDEX({NAME_REASONS},{NAME_INDEX})"


def udf_marker_formula(table: str = TABLE_NAME) -> str:
    """The Marqueur column calling the Python UDF, with this workbook's box sets."""
    refs = ",".join(cell_ref(q, table) for q in QUESTION_IDS)
    return f"EFH_MARQUEUR({refs},{NAME_BOX_SETS})"


def udf_reason_formula(table: str = TABLE_NAME) -> str:
    """The Motif column calling the Python UDF, with this workbook's box sets."""
    refs = ",".join(cell_ref(q, table) for q in QUESTION_IDS)
    return f"EFH_MOTIF({refs},{NAME_BOX_SETS})"
