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
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip().strip(_INVISIBLE).strip()
    if isinstance(value, float):
        return value != value  # NaN: pandas' blank
    return value is pd.NA or value is pd.NaT


def content_mask(columns: Mapping[str, Sequence[object]], n: int) -> np.ndarray:
    """Which of ``n`` rows hold anything a person typed, outside the computed columns.

    A row cleared with Suppr keeps its formulas (Marqueur, Motif) but is no action. Columns are
    read one after the other, only for the rows still blank: most rows have a year or a title,
    so the cost is about one Python call per row.
    """
    blank = np.ones(n, dtype=bool)
    for name, values in columns.items():
        if name in COMPUTED:
            continue
        rows = np.flatnonzero(blank)
        if not rows.size:
            break
        array = np.asarray(values, dtype=object)
        blank[rows] = [_is_blank(v) for v in array[rows].tolist()]
    return ~blank


def drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the rows that hold nothing a person typed (see :func:`content_mask`)."""
    mask = content_mask({c: frame[c].to_numpy(dtype=object) for c in frame.columns}, len(frame))
    return frame if mask.all() else frame[mask]
