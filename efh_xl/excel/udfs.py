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
from efh_xl.excel.functions import (
    AMOUNTS_DOC,
    ANSWER_DOC,
    ANSWERS_DOC,
    CATEGORY,
    LEVEL_DOC,
    RULE_DOC,
    SETS_DOC,
    SETTINGS_DOC,
)


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
    """Marqueur égalité femmes-hommes (0, 1 ou 2, vide sans aucune réponse) d'une action."""
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


def _rule_args(function: Callable[..., Any]) -> Callable[..., Any]:
    """The optional Paramètres, box-set and rule ranges, last arguments of the comité's
    figures."""
    function = xw.arg("parametres", ndim=2, doc=SETTINGS_DOC, err_to_str=True)(function)
    function = xw.arg("ensembles", ndim=2, doc=SETS_DOC, err_to_str=True)(function)
    return xw.arg("regle", ndim=2, doc=RULE_DOC, err_to_str=True)(function)


def _answers(function: Callable[..., Any]) -> Callable[..., Any]:
    return xw.arg("reponses", ndim=2, doc=ANSWERS_DOC, err_to_str=True)(function)


@xw.func(category=CATEGORY)
@_answers
@xw.arg("niveau", doc=LEVEL_DOC, err_to_str=True)
@xw.arg("ensembles", ndim=2, doc=SETS_DOC, err_to_str=True)
@xw.arg("regle", ndim=2, doc=RULE_DOC, err_to_str=True)
def EFH_PART(reponses, niveau=None, ensembles=None, regle=None):  # noqa: N802 (Excel name)
    """Part des actions marquées au marqueur 1 ou 2 (niveau 1) ou 2 (niveau 2)."""
    return fn.part(reponses, niveau, ensembles, regle)


@xw.func(category=CATEGORY)
@_answers
@xw.arg("montants", ndim=2, doc=AMOUNTS_DOC, err_to_str=True)
@xw.arg("niveau", doc=LEVEL_DOC, err_to_str=True)
@xw.arg("ensembles", ndim=2, doc=SETS_DOC, err_to_str=True)
@xw.arg("regle", ndim=2, doc=RULE_DOC, err_to_str=True)
def EFH_PART_EUROS(reponses, montants, niveau=None, ensembles=None, regle=None):  # noqa: N802
    """Part des euros des actions marquées (d'un financeur) qui va au marqueur 1 ou 2, ou 2."""
    return fn.part_euros(reponses, montants, niveau, ensembles, regle)


@xw.func(category=CATEGORY)
@xw.arg("niveau", doc=LEVEL_DOC, err_to_str=True)
@xw.arg("parametres", ndim=2, doc=SETTINGS_DOC, err_to_str=True)
def EFH_CIBLE(niveau=None, parametres=None):  # noqa: N802 (Excel name)
    """Cible de la feuille Paramètres : part visée au marqueur 1 ou 2, ou 2."""
    return fn.cible(niveau, parametres)


@xw.func(category=CATEGORY)
@_answers
@xw.arg("niveau", doc=LEVEL_DOC, err_to_str=True)
@_rule_args
def EFH_ECART_CIBLE(reponses, niveau=None, parametres=None, ensembles=None, regle=None):  # noqa: N802
    """Écart entre la part des actions marquées et la cible de la feuille Paramètres."""
    return fn.ecart_cible(reponses, niveau, parametres, ensembles, regle)


@xw.func(category=CATEGORY)
@_answers
@xw.arg("montants", ndim=2, doc=AMOUNTS_DOC, err_to_str=True)
@_rule_args
def EFH_EUROS_PONDERES(reponses, montants, parametres=None, ensembles=None, regle=None):  # noqa: N802
    """Euros accordés pondérés comme l'EIGE, avec les pondérations de Paramètres."""
    return fn.euros_ponderes(reponses, montants, parametres, ensembles, regle)


@xw.func(category=CATEGORY)
@_rule_args
def EFH_NOM_REGLE(parametres=None, ensembles=None, regle=None):  # noqa: N802 (Excel name)
    """Nom de la règle, tel que les synthèses l'affichent."""
    return fn.nom_regle(parametres, ensembles, regle)
