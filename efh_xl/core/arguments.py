"""The values a Python script gives efh_xl's public functions, checked where they enter.

A value of the wrong kind is refused in French (:class:`~efh_xl.errors.WrongArgumentError`;
a rule, :func:`~efh_xl.core.grid.given_rule`; a path, :mod:`efh_xl.workbook.given_paths`)
before any work, not met later as an AttributeError or a TypeError in English (« 'str' object
has no attribute 'levels' » for a rule given by its name).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from efh_xl.core.grid import given_rule
from efh_xl.errors import WrongArgumentError


def given_frame(frame: Any, name: str = "actions") -> Any:
    """``frame`` if it is a pandas DataFrame (the rows of a table, a column per header)."""
    import pandas as pd

    if isinstance(frame, pd.DataFrame):
        return frame
    raise WrongArgumentError(
        name, "un tableau pandas (DataFrame) aux colonnes Q1, Q2a, Q2b, Q3, Q4, Q5", frame
    )


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


__all__ = ["given_frame", "given_rule", "given_settings", "given_time"]
