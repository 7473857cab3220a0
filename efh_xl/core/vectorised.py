"""The vectorised path: every row of a DataFrame at once, with numpy and pandas.

It reads the same combination table as the per-action path (:mod:`efh_xl.core.engine`), held
here as numpy arrays cached per rule, so a row evaluated here and the same row evaluated alone
give the same marker and reason by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from efh_xl.core.answers import BLANK, UNRECOGNISED, Spellings, answer_code, cell_text
from efh_xl.core.engine import (
    MARKER_COLUMN,
    REASON_COLUMN,
    WEIGHTS,
    combination_table,
    unrecognised_part,
)
from efh_xl.core.grid import DEFAULT_RULE, QUESTION_IDS, QUESTIONS, Rule
from efh_xl.errors import MissingColumnsError


class ColumnCodes(NamedTuple):
    """Answer codes of a column: ``codes[i]`` for row i, whose text is ``texts[row_ids[i]]``."""

    codes: np.ndarray
    row_ids: np.ndarray
    texts: np.ndarray
    text_codes: np.ndarray


def column_codes(values: Any, spellings: Spellings) -> ColumnCodes:
    """Answer codes of a whole column, with no Python loop over rows.

    Codes (int8) are 0 blank, 1 OUI, 2 NON, 3 unrecognised. Distinct values are few (a handful of
    spellings), so only they are read in Python; rows are mapped by pandas' hash table and
    numpy indexing. ``factorize`` holds 1, 1.0 and True as one value, which is harmless:
    all three mean OUI (likewise 0, 0.0 and False mean NON).
    """
    array = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else values
    try:
        row_ids, uniques = pd.factorize(array, use_na_sentinel=True)
    except TypeError:  # unhashable cell objects: read them by their text
        row_ids, uniques = pd.factorize(
            np.array([cell_text(v) for v in array], dtype=object), use_na_sentinel=True
        )
    unique_codes = np.empty(len(uniques) + 1, dtype=np.int8)
    texts = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        unique_codes[i], texts[i] = answer_code(value, spellings)
    unique_codes[-1], texts[-1] = BLANK, ""  # the NA sentinel -1 lands on the last slot
    return ColumnCodes(unique_codes[row_ids], row_ids, texts, unique_codes)


@dataclass(frozen=True)
class CombinationArrays:
    """The combination table of :func:`efh_xl.core.engine.combination_table` as numpy arrays."""

    markers: np.ndarray
    reasons: np.ndarray
    flags: np.ndarray


@lru_cache(maxsize=16)
def combination_arrays(rule: Rule = DEFAULT_RULE) -> CombinationArrays:
    """The combination table of ``rule`` as read-only arrays (cached per rule)."""
    table = combination_table(rule)
    markers = np.array(table.markers, dtype=np.int64)
    reasons = np.array(table.reasons, dtype=object)
    flags = np.array(table.flags, dtype=np.uint8)
    for array in (markers, reasons, flags):
        array.setflags(write=False)
    return CombinationArrays(markers, reasons, flags)


@dataclass(frozen=True)
class Assessment:
    """Per-row results of the engine: marker, reason, problem flags, answer codes."""

    markers: np.ndarray
    reasons: np.ndarray
    flags: np.ndarray
    codes: np.ndarray  # rows x questions


def answer_columns(frame: pd.DataFrame) -> list[Any]:
    """The frame's columns holding Q1..Q5, matched without regard to case or spaces."""
    by_key = {str(c).strip().casefold(): c for c in frame.columns}
    missing = [qid for qid in QUESTION_IDS if qid.casefold() not in by_key]
    if missing:
        raise MissingColumnsError(missing)
    return [by_key[qid.casefold()] for qid in QUESTION_IDS]


def assess(frame: pd.DataFrame, rule: Rule | None = None) -> Assessment:
    """Evaluate every row of ``frame`` (columns Q1..Q5, any dtype), without a loop over rows."""
    rule = rule or DEFAULT_RULE
    table = combination_arrays(rule)
    columns = [column_codes(frame[c], rule.spellings) for c in answer_columns(frame)]
    codes = np.empty((len(frame), len(QUESTIONS)), dtype=np.int8)
    index = np.zeros(len(frame), dtype=np.int16)
    for position, (column, weight) in enumerate(zip(columns, WEIGHTS)):
        codes[:, position] = column.codes
        index += column.codes.astype(np.int16) * np.int16(weight)
    markers = table.markers[index]
    reasons = table.reasons[index]
    rows = np.flatnonzero((codes == UNRECOGNISED).any(axis=1))
    if rows.size:
        prefix = np.full(rows.size, "", dtype=object)
        for qid, column in zip(QUESTION_IDS, columns):
            parts = np.array(
                [
                    unrecognised_part(qid, text) if code == UNRECOGNISED else ""
                    for text, code in zip(column.texts, column.text_codes)
                ],
                dtype=object,
            )
            prefix = prefix + parts[column.row_ids[rows]]
        reasons = reasons.copy()
        reasons[rows] = prefix + reasons[rows]
    return Assessment(markers, reasons, table.flags[index], codes)


def evaluate(frame: pd.DataFrame, rule: Rule | None = None) -> pd.DataFrame:
    """Marker and reason of every action of ``frame``.

    ``frame`` has the columns Q1, Q2a, Q2b, Q3, Q4, Q5 with values as read from a sheet (any
    dtype). Returns a DataFrame with the same index and the columns ``Marqueur`` (int) and
    ``Motif`` (str), equal row by row to :func:`efh_xl.core.engine.evaluate_action`.
    """
    result = assess(frame, rule)
    return pd.DataFrame(
        {MARKER_COLUMN: result.markers, REASON_COLUMN: result.reasons}, index=frame.index
    )
