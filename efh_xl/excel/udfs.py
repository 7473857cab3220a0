"""The workbook's Python functions for the classic xlwings add-in (Windows and macOS).

Thin decorations of :mod:`efh_xl.excel.functions` with xlwings' documented decorators
(``func``, ``arg``); xlwings Lite decorates the same functions (:mod:`efh_xl.excel.lite`).
Error values arrive as strings (``err_to_str``), as xlwings Lite sends them too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw

from efh_xl.core.grid import QUESTION_IDS
from efh_xl.excel import functions as fn
from efh_xl.excel.functions import ANSWER_DOC, ANSWERS_DOC, CATEGORY, RULE_DOC, SETS_DOC


def _one_action(function: Callable[..., Any]) -> Callable[..., Any]:
    """xlwings' argument decorations of a function of one action: six answers, then the
    optional box-set and rule ranges."""
    for qid in QUESTION_IDS:
        function = xw.arg(qid.lower(), doc=ANSWER_DOC.format(qid=qid), err_to_str=True)(function)
    function = xw.arg("ensembles", ndim=2, doc=SETS_DOC, err_to_str=True)(function)
    return xw.arg("regle", ndim=2, doc=RULE_DOC, err_to_str=True)(function)


@xw.func(category=CATEGORY)
@_one_action
def EFH_MARQUEUR(q1, q2a, q2b, q3, q4, q5, ensembles=None, regle=None):  # noqa: N802 (Excel name)
    """Marqueur égalité femmes-hommes (0, 1 ou 2) d'une action, selon les six réponses."""
    return fn.marqueur(q1, q2a, q2b, q3, q4, q5, ensembles, regle)


@xw.func(category=CATEGORY)
@_one_action
def EFH_MOTIF(q1, q2a, q2b, q3, q4, q5, ensembles=None, regle=None):  # noqa: N802 (Excel name)
    """Motif de validation : pourquoi ce marqueur, ce qui manque, ce qui est à corriger."""
    return fn.motif(q1, q2a, q2b, q3, q4, q5, ensembles, regle)


@xw.func(category=CATEGORY)
@xw.arg("reponses", ndim=2, doc=ANSWERS_DOC, err_to_str=True)
@xw.arg("ensembles", ndim=2, doc=SETS_DOC, err_to_str=True)
@xw.arg("regle", ndim=2, doc=RULE_DOC, err_to_str=True)
def EFH_GRILLE(reponses, ensembles=None, regle=None):  # noqa: N802 (Excel name)
    """Marqueur et motif de toutes les actions d'une plage (n lignes x 2 colonnes, en un appel).

    The result spills in Excel 365; in older Excel, enter it as an array formula.
    """
    return fn.grille(reponses, ensembles, regle)
