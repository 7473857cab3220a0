"""The values a Python script gives efh_xl's public functions, checked where they enter.

A value of the wrong kind is refused in French (:class:`~efh_xl.errors.WrongArgumentError`)
before any work, not met later as an AttributeError or a TypeError in English (« 'str' object
has no attribute 'levels' » for a rule given by its name).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from efh_xl.core.grid import DEFAULT_RULE, Rule
from efh_xl.core.rule_name import RULES, known_name
from efh_xl.errors import EmptyPathError, WrongArgumentError

_RULE = (
    "une règle (efh_xl.DEFAULT_RULE, efh_xl.ALTERNATIVE_RULES['cumulatif'], ou "
    "efh_xl.load_rule(nom, fichier de règle ou classeur))"
)


def given_rule(rule: Any, name: str = "rule") -> Rule:
    """``rule`` as a Rule: None is the reference reading, a reading's name (« cumulatif ») is
    that reading; a rule file is read by :func:`~efh_xl.workbook.rule_file.load_rule`."""
    if rule is None:
        return DEFAULT_RULE
    if isinstance(rule, Rule):
        return rule
    if isinstance(rule, str) and (known := known_name(rule)) is not None:
        return RULES[known]  # a reading's name, as --regle takes it
    raise WrongArgumentError(name, _RULE, rule)


def given_frame(frame: Any, name: str = "actions") -> Any:
    """``frame`` if it is a pandas DataFrame (the rows of a table, a column per header)."""
    import pandas as pd

    if isinstance(frame, pd.DataFrame):
        return frame
    raise WrongArgumentError(
        name, "un tableau pandas (DataFrame) aux colonnes Q1, Q2a, Q2b, Q3, Q4, Q5", frame
    )


def given_path(path: Any, name: str = "path") -> Path:
    """``path`` (a text or a path) as a Path; an empty one is refused, never read as the
    current folder."""
    if not isinstance(path, str | os.PathLike):
        raise WrongArgumentError(name, "un chemin de fichier (texte ou pathlib.Path)", path)
    text = os.fspath(path)
    if not isinstance(text, str):  # a PathLike of bytes
        raise WrongArgumentError(name, "un chemin de fichier (texte ou pathlib.Path)", path)
    if not text.strip():
        raise EmptyPathError()
    if "\0" in text:
        raise WrongArgumentError(name, "un chemin sans caractère nul", path)
    return Path(text)


def given_settings(settings: Any, name: str = "settings") -> Any:
    """``settings`` if it is None or a Settings."""
    from efh_xl.core.settings import Settings

    if settings is None or isinstance(settings, Settings):
        return settings
    raise WrongArgumentError(
        name, "des paramètres efh_xl.Settings(…) ou None", settings
    )


def given_time(moment: Any, name: str = "now") -> dt.datetime | None:
    """``moment`` if it is None or a datetime (the date a summary says it was made)."""
    if moment is None or isinstance(moment, dt.datetime):
        return moment
    raise WrongArgumentError(name, "une date et heure (datetime.datetime)", moment)


__all__ = ["given_frame", "given_path", "given_rule", "given_settings", "given_time"]
