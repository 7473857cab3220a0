"""xlwings UDFs: thin wrappers over the engine, taking values exactly as Excel sends them.

Excel passes None for an empty cell, floats for numbers and dates, bools, strings, and error
values (as "#N/A" strings with ``err_to_str``, as COM integers without it). Nothing here raises
on such input: a value the grid does not know is named in the reason.

The optional last arguments of each function are the box-set table of the ``Grille`` sheet
(named range ``EFH_ENSEMBLES``) and the whole rule stored in the workbook (named range
``EFH_REGLE``), so that a workbook's own rule applies.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import xlwings as xw

from efh_xl.core.answers import COM_ERRORS
from efh_xl.core.engine import evaluate_action
from efh_xl.core.grid import DEFAULT_RULE, QUESTION_IDS, Rule
from efh_xl.core.rule_data import rule_from_json

CATEGORY = "Égalité femmes-hommes"
_ANSWER_DOC = "Réponse à la question {qid} : OUI, NON ou vide"
_SETS_DOC = "Facultatif : le tableau des ensembles de cases (nom EFH_ENSEMBLES, feuille Grille)"
_RULE_DOC = "Facultatif : la règle enregistrée dans le classeur (nom EFH_REGLE)"


def _value(value: Any) -> Any:
    # A COM error arrives as a bare int: Excel never sends other ints (numbers are floats).
    if type(value) is int and value in COM_ERRORS:
        return COM_ERRORS[value]
    return value


@lru_cache(maxsize=8)
def _rule_from_key(key: tuple[tuple[Any, ...], ...] | None, stored: str) -> Rule:
    base = rule_from_json(stored) if stored.strip() else DEFAULT_RULE
    return base.with_box_table(key) if key else base


def _rule(ensembles: Any, regle: Any = None) -> Rule:
    """The workbook's rule: the one stored in the cells EFH_REGLE (the default one without
    them), with the box sets of EFH_ENSEMBLES."""
    cells = regle if isinstance(regle, list) else [regle]
    flat = [v for row in cells for v in (row if isinstance(row, list) else [row])]
    stored = "".join(v for v in flat if isinstance(v, str))
    if ensembles is None:
        return _rule_from_key(None, stored)
    rows = ensembles if isinstance(ensembles, list) else [[ensembles]]
    key = tuple(tuple(_value(v) for v in (r if isinstance(r, list) else [r])) for r in rows)
    return _rule_from_key(key, stored)


def _answers(*values: Any) -> list[Any]:
    return [_value(v) for v in values]


def _grid_error(error: ValueError) -> str:
    return f"Grille : {error}"


@xw.func(category=CATEGORY)
@xw.arg("q1", doc=_ANSWER_DOC.format(qid="Q1"), err_to_str=True)
@xw.arg("q2a", doc=_ANSWER_DOC.format(qid="Q2a"), err_to_str=True)
@xw.arg("q2b", doc=_ANSWER_DOC.format(qid="Q2b"), err_to_str=True)
@xw.arg("q3", doc=_ANSWER_DOC.format(qid="Q3"), err_to_str=True)
@xw.arg("q4", doc=_ANSWER_DOC.format(qid="Q4"), err_to_str=True)
@xw.arg("q5", doc=_ANSWER_DOC.format(qid="Q5"), err_to_str=True)
@xw.arg("ensembles", ndim=2, doc=_SETS_DOC, err_to_str=True)
@xw.arg("regle", ndim=2, doc=_RULE_DOC, err_to_str=True)
def EFH_MARQUEUR(q1, q2a, q2b, q3, q4, q5, ensembles=None, regle=None):  # noqa: N802 (Excel name)
    """Marqueur égalité femmes-hommes (0, 1 ou 2) d'une action, selon les six réponses."""
    try:
        return evaluate_action(_answers(q1, q2a, q2b, q3, q4, q5), _rule(ensembles, regle))[0]
    except ValueError as error:
        return _grid_error(error)


@xw.func(category=CATEGORY)
@xw.arg("q1", doc=_ANSWER_DOC.format(qid="Q1"), err_to_str=True)
@xw.arg("q2a", doc=_ANSWER_DOC.format(qid="Q2a"), err_to_str=True)
@xw.arg("q2b", doc=_ANSWER_DOC.format(qid="Q2b"), err_to_str=True)
@xw.arg("q3", doc=_ANSWER_DOC.format(qid="Q3"), err_to_str=True)
@xw.arg("q4", doc=_ANSWER_DOC.format(qid="Q4"), err_to_str=True)
@xw.arg("q5", doc=_ANSWER_DOC.format(qid="Q5"), err_to_str=True)
@xw.arg("ensembles", ndim=2, doc=_SETS_DOC, err_to_str=True)
@xw.arg("regle", ndim=2, doc=_RULE_DOC, err_to_str=True)
def EFH_MOTIF(q1, q2a, q2b, q3, q4, q5, ensembles=None, regle=None):  # noqa: N802 (Excel name)
    """Motif de validation : pourquoi ce marqueur, ce qui manque, ce qui est à corriger."""
    try:
        return evaluate_action(_answers(q1, q2a, q2b, q3, q4, q5), _rule(ensembles, regle))[1]
    except ValueError as error:
        return _grid_error(error)


@xw.func(category=CATEGORY)
@xw.arg(
    "reponses",
    ndim=2,
    doc="Plage de n lignes et 6 colonnes (Q1, Q2a, Q2b, Q3, Q4, Q5)",
    err_to_str=True,
)
@xw.arg("ensembles", ndim=2, doc=_SETS_DOC, err_to_str=True)
@xw.arg("regle", ndim=2, doc=_RULE_DOC, err_to_str=True)
def EFH_GRILLE(reponses, ensembles=None, regle=None):  # noqa: N802 (Excel name)
    """Marqueur et motif de toutes les actions d'une plage (n lignes x 2 colonnes, en un appel).

    The result spills in Excel 365; in older Excel, enter it as an array formula.
    """
    rows = [_answers(*(row if isinstance(row, list) else [row])) for row in reponses or []]
    rows = [(row + [None] * len(QUESTION_IDS))[: len(QUESTION_IDS)] for row in rows]
    try:
        rule = _rule(ensembles, regle)
    except ValueError as error:
        return [[_grid_error(error), _grid_error(error)] for _ in rows] or [["", ""]]
    if not rows:
        return [["", ""]]
    return [list(evaluate_action(row, rule)) for row in rows]
