"""The workbook's Python functions, as plain functions: EFH_MARQUEUR, EFH_MOTIF, EFH_GRILLE,
and the comité's figures over a range of answers, several of which read the Paramètres sheet:
EFH_PART, EFH_PART_EUROS, EFH_CIBLE, EFH_ECART_CIBLE, EFH_EUROS_PONDERES, EFH_NOM_REGLE.

Both runtimes call these: the classic xlwings add-in (:mod:`efh_xl.excel.udfs`) and xlwings
Lite (the ``main.py`` that :mod:`efh_xl.excel.lite` writes), so the two give the same results
by construction. Only the per-action core is used: it runs on the standard library alone.

Values arrive as Excel sends them: None for an empty cell, numbers, booleans, strings, and error
values as strings such as "#N/A" (the ``err_to_str`` option of the argument decorators). Nothing
here raises on such input: a value the grid does not know is named in the reason.

The optional last arguments of each function are the box-set table of the ``Grille`` sheet
(named range ``EFH_ENSEMBLES``) and the whole rule stored in the workbook (named range
``EFH_REGLE``), so that a workbook's own rule applies. A function only sees its arguments:
those that depend on a setting take the settings block of the Paramètres sheet (named range
``EFH_PARAMETRES``); without it they use the defaults of an empty Paramètres sheet. A bad value
there gets the message a refresh gives, naming the cell.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

from efh_xl.core.amounts import parse_amount
from efh_xl.core.engine import (
    MARKERS,
    PROVISIONAL,
    UNMARKED,
    action_category,
    evaluate_action,
)
from efh_xl.core.grid import DEFAULT_RULE, QUESTION_IDS, Rule
from efh_xl.core.plural import counted
from efh_xl.core.rule_data import rule_from_json
from efh_xl.core.rule_name import named, rule_name
from efh_xl.core.settings import Settings, settings_from_block
from efh_xl.errors import SettingsError

CATEGORY = "Égalité femmes-hommes"
ANSWER_DOC = "Réponse à la question {qid} : OUI, NON ou vide"
SETS_DOC = "Facultatif : le tableau des ensembles de cases (nom EFH_ENSEMBLES, feuille Grille)"
RULE_DOC = "Facultatif : la règle enregistrée dans le classeur (nom EFH_REGLE)"
ANSWERS_DOC = "Plage de n lignes et 6 colonnes (Q1, Q2a, Q2b, Q3, Q4, Q5)"
MARKER_DOC = "Marqueur égalité femmes-hommes (0, 1 ou 2, vide sans aucune réponse) d'une action."
REASON_DOC = "Motif de validation : pourquoi ce marqueur, ce qui manque, ce qui est à corriger."
GRID_DOC = "Marqueur et motif de toutes les actions d'une plage (n lignes x 2 colonnes)."
SETTINGS_DOC = "Facultatif : les paramètres du classeur (nom EFH_PARAMETRES, feuille Paramètres)"
LEVEL_DOC = "1 (par défaut) : marqueur 1 ou 2 ; 2 : marqueur 2"
AMOUNTS_DOC = "Plage des montants accordés, une ligne par ligne de la plage des réponses"


@lru_cache(maxsize=8)
def _rule_from_key(key: tuple[tuple[Any, ...], ...] | None, stored: str) -> Rule:
    base = rule_from_json(stored) if stored.strip() else DEFAULT_RULE
    return named(base.with_box_table(key), base) if key else named(base)


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


def _cell(marker: int | None) -> int | str:
    """A marker as its cell shows it: the empty text for an action not marked yet (an empty
    result would read 0 in some hosts)."""
    return "" if marker is None else marker


def _grid_error(error: ValueError) -> str:
    return f"Grille : {error}"


def marqueur(
    q1: Any, q2a: Any, q2b: Any, q3: Any, q4: Any, q5: Any, ensembles: Any = None, regle: Any = None
) -> int | str:
    """The marker (0, 1, 2) of one action, the empty text (a blank cell, as the native formula
    gives) when no question has an answer, or a message naming what is wrong in the Grille."""
    try:
        return _cell(evaluate_action([q1, q2a, q2b, q3, q4, q5], rule_of(ensembles, regle))[0])
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
    rows = _rows(reponses)
    if rows and {len(row) for row in rows} != {width}:
        # A range of Q1 to Q4 (or a whole row of the table) gave plausible markers, wrong.
        said = ValueError(
            f"la plage des réponses doit avoir {width} colonnes ({', '.join(QUESTION_IDS)}), "
            f"elle en a {max(map(len, rows))}"
        )
        return [[_grid_error(said), _grid_error(said)] for _ in rows]
    try:
        rule = rule_of(ensembles, regle)
    except ValueError as error:
        return [[_grid_error(error), _grid_error(error)] for _ in rows] or [["", ""]]
    if not rows:
        return [["", ""]]
    return [[_cell(m), r] for m, r in (evaluate_action(row, rule) for row in rows)]


# --- the comité's figures: they read the Paramètres sheet ------------------------------------


def settings_of(parametres: Any = None) -> Settings:
    """The settings in the cells of EFH_PARAMETRES (defaults without them).

    Raises :class:`~efh_xl.errors.SettingsError` naming the cell of a bad value.
    """
    return settings_from_block(_rows(parametres))


class LevelError(ValueError):
    """A ``niveau`` argument other than 1 or 2 (the message is French)."""


def _level(niveau: Any) -> int:
    if niveau is None or niveau == "":
        return 1
    if not isinstance(niveau, bool) and isinstance(niveau, (int, float)) and niveau in (1, 2):
        return int(niveau)
    raise LevelError(f"Niveau : 1 (marqueur 1 ou 2) ou 2 (marqueur 2) attendu, « {niveau} » reçu")


def _answer_rows(reponses: Any) -> list[list[Any]]:
    width = len(QUESTION_IDS)
    return [(row + [None] * width)[:width] for row in _rows(reponses)]


def _share(reponses: Any, level: int, rule: Rule) -> float | str:
    categories = [action_category(row, rule) for row in _answer_rows(reponses)]
    marked = [c for c in categories if c in MARKERS]
    if not marked:
        return "Aucune action marquée : la part n'a pas de sens"
    return sum(1 for c in marked if c >= level) / len(marked)


def _target(settings: Settings, level: int) -> float:
    return settings.target_1_or_2 if level == 1 else settings.target_2


Result = TypeVar("Result")


def _message_on_bad_input(function: Callable[..., Result]) -> Callable[..., Result | str]:
    """A bad level, setting or Grille table gives its French message as the cell's value (a
    function in a cell must not raise: Excel would show only #VALUE!)."""

    @wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Result | str:
        try:
            return function(*args, **kwargs)
        except (SettingsError, LevelError) as error:
            return str(error)
        except ValueError as error:  # the Grille's tables
            return _grid_error(error)

    return checked


@_message_on_bad_input
def part(
    reponses: Any, niveau: Any = None, ensembles: Any = None, regle: Any = None
) -> float | str:
    """The share of the marked actions of a range at marker 1 or 2 (``niveau`` 1) or at
    marker 2; actions « non marquées » or « provisoires » are left out, as in the summaries."""
    return _share(reponses, _level(niveau), rule_of(ensembles, regle))


@_message_on_bad_input
def cible(niveau: Any = None, parametres: Any = None) -> float | str:
    """The target share of the Paramètres sheet (85 % at marker 1 or 2, 20 % at 2 by default)."""
    return _target(settings_of(parametres), _level(niveau))


@_message_on_bad_input
def ecart_cible(
    reponses: Any,
    niveau: Any = None,
    parametres: Any = None,
    ensembles: Any = None,
    regle: Any = None,
) -> float | str:
    """The share of the marked actions minus the target of the Paramètres sheet."""
    level, settings = _level(niveau), settings_of(parametres)
    share = _share(reponses, level, rule_of(ensembles, regle))
    return share if isinstance(share, str) else share - _target(settings, level)


@_message_on_bad_input
def euros_ponderes(
    reponses: Any,
    montants: Any,
    parametres: Any = None,
    ensembles: Any = None,
    regle: Any = None,
) -> float | str:
    """Granted euros weighted as the EIGE does, with the weights of the Paramètres sheet
    (100 %, 40 %, 0 % by default); actions not marked yet weigh nothing, as in the summaries.

    An amount that cannot be read makes the answer a message naming it: never a 0.
    """
    settings = settings_of(parametres)
    euros = _euros_by_category(reponses, montants, rule_of(ensembles, regle))
    if isinstance(euros, str):
        return euros
    return sum(euros[m] * settings.eige_weights[m] for m in MARKERS)


@_message_on_bad_input
def part_euros(
    reponses: Any,
    montants: Any,
    niveau: Any = None,
    ensembles: Any = None,
    regle: Any = None,
) -> float | str:
    """The share of the euros of the marked actions (a funder's column, or the granted
    amounts) that goes to actions at marker 1 or 2 (``niveau`` 1) or at marker 2."""
    level = _level(niveau)
    euros = _euros_by_category(reponses, montants, rule_of(ensembles, regle))
    if isinstance(euros, str):
        return euros
    marked = sum(euros[m] for m in MARKERS)
    if not marked:
        return "Aucun euro pour une action marquée : la part n'a pas de sens"
    return sum(euros[m] for m in MARKERS if m >= level) / marked


def _euros_by_category(reponses: Any, montants: Any, rule: Rule) -> dict[int, float] | str:
    """Euros per category of action (markers, provisional, unmarked), or a French message
    when the ranges differ in length or an amount cannot be read (never counted as 0)."""
    rows = _answer_rows(reponses)
    amounts = [row[0] if row else None for row in _rows(montants)]
    if len(amounts) != len(rows):
        return (
            f"Montants : {counted(len(amounts), 'ligne', 'lignes')} pour "
            f"{counted(len(rows), 'ligne', 'lignes')} de réponses ; "
            "les deux plages doivent avoir autant de lignes"
        )
    by_category: dict[int, float] = {}
    unreadable = []
    for i, (row, amount) in enumerate(zip(rows, amounts), start=1):
        try:
            euros = parse_amount(amount) or 0.0
        except ValueError:
            unreadable.append(f"ligne {i} « {amount} »")
            continue
        category = action_category(row, rule)
        by_category[category] = by_category.get(category, 0.0) + euros
    if unreadable:
        hidden = len(unreadable) - 5
        more = f" et {counted(hidden, 'autre', 'autres')}" if hidden > 0 else ""
        return "Montants illisibles, à corriger : " + ", ".join(unreadable[:5]) + more
    return {c: by_category.get(c, 0.0) for c in (*MARKERS, PROVISIONAL, UNMARKED)}


@_message_on_bad_input
def nom_regle(parametres: Any = None, ensembles: Any = None, regle: Any = None) -> str:
    """The rule's name as the summaries show it (:func:`~efh_xl.core.rule_name.rule_name`): the
    name typed in Paramètres, else the stored rule's, « … (modifiée) » when the Grille's boxes
    changed it."""
    return rule_name(rule_of(ensembles, regle), settings_of(parametres).rule_name)
