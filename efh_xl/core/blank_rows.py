"""Rows with nothing a person typed in them (a table cleared with Suppr): not actions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.programmation import DAUPHIN_COLUMN

# Columns the workbook computes: a row holding only them holds nothing a person typed.
COMPUTED = (MARKER_COLUMN, DAUPHIN_COLUMN, REASON_COLUMN)
# Whitespace a cleared or pasted cell may keep: Python's str.strip() covers the non-breaking
# and narrow non-breaking spaces; zero-width ones are added here.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip().strip(INVISIBLE).strip()
    if isinstance(value, float):
        return value != value  # NaN: pandas' blank
    return value is pd.NA or value is pd.NaT


def content_mask(columns: Mapping[str, Sequence[object]], n: int) -> np.ndarray:
    """Which of ``n`` rows hold anything a person typed, outside the computed columns.

    A row cleared with Suppr keeps its formulas (Marqueur, Motif) but is no action. Columns are
    read one after the other, only for the rows still blank: most rows have a year or a title,
    so most columns are never read (``columns`` may make each on demand), and a column read
    costs one Python call per distinct value (see :func:`blank_cells`).
    """
    blank = np.ones(n, dtype=bool)
    for name in columns:  # a column is taken only when read: a mapping may make it on demand
        if name in COMPUTED:
            continue
        rows = np.flatnonzero(blank)
        if not rows.size:
            break
        array = np.asarray(columns[name], dtype=object)
        blank[rows] = blank_cells(array[rows].tolist())
    return ~blank


def blank_cells(values: list[object]) -> np.ndarray | list[bool]:
    """Which of ``values`` are blank, :func:`_is_blank` called once per distinct value.

    A column holds few distinct values (or none blank): a set of them and a membership test in
    C cost less than a Python call per cell. Equal values are blank alike (None, spaces, and
    NaN that equals nothing but itself); values that cannot be hashed or compared are each
    tested.
    """
    try:
        blank_values = {v for v in set(values) if _is_blank(v)}
        if not blank_values:
            return np.zeros(len(values), dtype=bool)
        return np.fromiter(map(blank_values.__contains__, values), bool, len(values))
    except (TypeError, ValueError, ArithmeticError):  # pd.NA, unhashable, signalling NaN
        return [_is_blank(v) for v in values]


def drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the rows that hold nothing a person typed (see :func:`content_mask`)."""
    mask = content_mask({c: frame[c].to_numpy(dtype=object) for c in frame.columns}, len(frame))
    return frame if mask.all() else frame[mask]
