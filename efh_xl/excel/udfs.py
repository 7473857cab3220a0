"""The workbook's Python functions for the classic xlwings add-in (Windows and macOS).

Thin decorations of :mod:`efh_xl.excel.functions` with xlwings' documented decorators
(``func``, ``arg``); xlwings Lite decorates the same functions (:mod:`efh_xl.excel.lite`).
Error values arrive as strings (``err_to_str``), as xlwings Lite sends them too.
"""

from __future__ import annotations

import xlwings as xw

from efh_xl.excel import functions as fn
from efh_xl.excel.functions import ANSWER_DOC, ANSWERS_DOC, CATEGORY, RULE_DOC, SETS_DOC


@xw.func(category=CATEGORY)
@xw.arg("q1", doc=ANSWER_DOC.format(qid="Q1"), err_to_str=True)
@xw.arg("q2a", doc=ANSWER_DOC.format(qid="Q2a"), err_to_str=True)
@xw.arg("q2b", doc=ANSWER_DOC.format(qid="Q2b"), err_to_str=True)
@xw.arg("q3", doc=ANSWER_DOC.format(qid="Q3"), err_to_str=True)
@xw.arg("q4", doc=ANSWER_DOC.format(qid="Q4"), err_to_str=True)
@xw.arg("q5", doc=ANSWER_DOC.format(qid="Q5"), err_to_str=True)
@xw.arg("ensembles", ndim=2, doc=SETS_DOC, err_to_str=True)
@xw.arg("regle", ndim=2, doc=RULE_DOC, err_to_str=True)
def EFH_MARQUEUR(q1, q2a, q2b, q3, q4, q5, ensembles=None, regle=None):  # noqa: N802 (Excel name)
    """Marqueur égalité femmes-hommes (0, 1 ou 2) d'une action, selon les six réponses."""
    return fn.marqueur(q1, q2a, q2b, q3, q4, q5, ensembles, regle)


@xw.func(category=CATEGORY)
@xw.arg("q1", doc=ANSWER_DOC.format(qid="Q1"), err_to_str=True)
@xw.arg("q2a", doc=ANSWER_DOC.format(qid="Q2a"), err_to_str=True)
@xw.arg("q2b", doc=ANSWER_DOC.format(qid="Q2b"), err_to_str=True)
@xw.arg("q3", doc=ANSWER_DOC.format(qid="Q3"), err_to_str=True)
@xw.arg("q4", doc=ANSWER_DOC.format(qid="Q4"), err_to_str=True)
@xw.arg("q5", doc=ANSWER_DOC.format(qid="Q5"), err_to_str=True)
@xw.arg("ensembles", ndim=2, doc=SETS_DOC, err_to_str=True)
@xw.arg("regle", ndim=2, doc=RULE_DOC, err_to_str=True)
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
