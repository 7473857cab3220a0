"""The workbook's Python functions, as plain functions: EFH_MARQUEUR, EFH_MOTIF, EFH_GRILLE.

Both runtimes call these: the classic xlwings add-in (:mod:`efh_xl.excel.udfs`) and xlwings
Lite (the ``main.py`` that :mod:`efh_xl.excel.lite` writes), so the two give the same results
by construction. Only the per-action core is used: it runs on the standard library alone.

Values arrive as Excel sends them: None for an empty cell, numbers, booleans, strings, and error
values as strings such as "#N/A" (the ``err_to_str`` option of the argument decorators). Nothing
here raises on such input: a value the grid does not know is named in the reason.

The optional last arguments of each function are the box-set table of the ``Grille`` sheet
(named range ``EFH_ENSEMBLES``) and the whole rule stored in the workbook (named range
``EFH_REGLE``), so that a workbook's own rule applies.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from efh_xl.core.engine import evaluate_action
from efh_xl.core.grid import DEFAULT_RULE, QUESTION_IDS, Rule
from efh_xl.core.rule_data import rule_from_json

CATEGORY = "Égalité femmes-hommes"
ANSWER_DOC = "Réponse à la question {qid} : OUI, NON ou vide"
SETS_DOC = "Facultatif : le tableau des ensembles de cases (nom EFH_ENSEMBLES, feuille Grille)"
RULE_DOC = "Facultatif : la règle enregistrée dans le classeur (nom EFH_REGLE)"
ANSWERS_DOC = "Plage de n lignes et 6 colonnes (Q1, Q2a, Q2b, Q3, Q4, Q5)"
MARKER_DOC = "Marqueur égalité femmes-hommes (0, 1 ou 2) d'une action, selon les six réponses."
REASON_DOC = "Motif de validation : pourquoi ce marqueur, ce qui manque, ce qui est à corriger."
GRID_DOC = "Marqueur et motif de toutes les actions d'une plage (n lignes x 2 colonnes)."


@lru_cache(maxsize=8)
def _rule_from_key(key: tuple[tuple[Any, ...], ...] | None, stored: str) -> Rule:
    base = rule_from_json(stored) if stored.strip() else DEFAULT_RULE
    return base.with_box_table(key) if key else base


def _rows(values: Any) -> list[list[Any]]:
    """A range as a list of rows, whatever its shape (one cell, one row, several rows)."""
    if values is None:
        return []
    rows = values if isinstance(values, list) else [values]
    return [list(row) if isinstance(row, (list, tuple)) else [row] for row in rows]


def rule_of(ensembles: Any = None, regle: Any = None) -> Rule:
    """The workbook's rule: the one stored in the cells EFH_REGLE (the default one without
    them), with the box sets of EFH_ENSEMBLES.

    Raises :class:`ValueError`, with a French message, on a table the grid cannot read.
    """
    stored = "".join(v for row in _rows(regle) for v in row if isinstance(v, str))
    if ensembles is None:
        return _rule_from_key(None, stored)
    return _rule_from_key(tuple(tuple(row) for row in _rows(ensembles)), stored)


def _grid_error(error: ValueError) -> str:
    return f"Grille : {error}"


def marqueur(
    q1: Any, q2a: Any, q2b: Any, q3: Any, q4: Any, q5: Any, ensembles: Any = None, regle: Any = None
) -> int | str:
    """The marker (0, 1, 2) of one action, or a message naming what is wrong in the Grille."""
    try:
        return evaluate_action([q1, q2a, q2b, q3, q4, q5], rule_of(ensembles, regle))[0]
    except ValueError as error:
        return _grid_error(error)


def motif(
    q1: Any, q2a: Any, q2b: Any, q3: Any, q4: Any, q5: Any, ensembles: Any = None, regle: Any = None
) -> str:
    """The validation reason of one action, in French."""
    try:
        return evaluate_action([q1, q2a, q2b, q3, q4, q5], rule_of(ensembles, regle))[1]
    except ValueError as error:
        return _grid_error(error)


def grille(reponses: Any, ensembles: Any = None, regle: Any = None) -> list[list[Any]]:
    """Marker and reason of every row of a range of answers (n rows x 2 columns)."""
    width = len(QUESTION_IDS)
    rows = [(row + [None] * width)[:width] for row in _rows(reponses)]
    try:
        rule = rule_of(ensembles, regle)
    except ValueError as error:
        return [[_grid_error(error), _grid_error(error)] for _ in rows] or [["", ""]]
    if not rows:
        return [["", ""]]
    return [list(evaluate_action(row, rule)) for row in rows]
