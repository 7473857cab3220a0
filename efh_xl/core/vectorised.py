"""The vectorised path: every row of a DataFrame at once, with numpy and pandas.

It reads the same combination table as the per-action path (:mod:`efh_xl.core.engine`), held
here as numpy arrays cached per rule, so a row evaluated here and the same row evaluated alone
give the same marker and reason by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from efh_xl.core.answers import BLANK, UNRECOGNISED, Spellings, answer_code, cell_text
from efh_xl.core.arguments import given_frame, given_rule
from efh_xl.core.engine import (
    MARKER_COLUMN,
    N_COMBINATIONS,
    REASON_COLUMN,
    UNRECOGNISED_VALUE,
    WEIGHTS,
    combination_table,
    unrecognised_part,
)
from efh_xl.core.grid import DEFAULT_RULE, QUESTION_IDS, QUESTIONS, Rule
from efh_xl.errors import MissingColumnsError

try:
    import ctypes
except ImportError:  # some Pyodide builds: the value path alone is used
    ctypes = None  # type: ignore[assignment]


class ColumnCodes(NamedTuple):
    """Answer codes of a column: ``codes[i]`` for row i, whose text is ``texts[row_ids[i]]``."""

    codes: np.ndarray
    row_ids: np.ndarray
    texts: np.ndarray
    text_codes: np.ndarray


# Rows sampled to guess whether a column's cells share their objects (see _by_identity).
_SAMPLE = 4096


def _object_addresses(array: np.ndarray) -> np.ndarray | None:
    """The address of each cell's object, read from the array's memory without a copy.

    ``array`` must stay alive while the result is used. None where the memory of an object
    array cannot be read this way (an interpreter without ctypes, such as some Pyodide builds).
    """
    if ctypes is None:
        return None
    try:
        buffer = (ctypes.c_ssize_t * len(array)).from_address(array.ctypes.data)
    except (AttributeError, TypeError, ValueError, NotImplementedError):
        return None
    return np.frombuffer(buffer, dtype=np.intp)


def _factorize_values(array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    try:
        return pd.factorize(array, use_na_sentinel=True)
    except TypeError:  # unhashable cell objects: read them by their text
        return pd.factorize(
            np.array([cell_text(v) for v in array], dtype=object), use_na_sentinel=True
        )


def _by_identity(array: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Factorize by object identity first, when cells share a few objects.

    A column read by pandas' CSV reader, or built by repeating values, holds the same few
    objects over and over: hashing their addresses (machine integers) is several times faster
    than hashing and comparing the objects, and only the distinct objects are then factorized
    by value. The same object always has the same value, so the result is the same. Columns
    whose cells are mostly distinct objects (one string per cell) are left to the value path.
    """
    if len(array) < 2 * _SAMPLE or not array.flags.c_contiguous:
        return None
    addresses = _object_addresses(array)
    if addresses is None or len(pd.unique(addresses[:_SAMPLE])) > _SAMPLE // 4:
        return None
    object_ids, distinct = pd.factorize(addresses)
    if len(distinct) <= _SAMPLE // 4:
        # The objects at those addresses: alive, since ``array`` holds a reference to each.
        objects = np.empty(len(distinct), dtype=object)
        objects[:] = [ctypes.cast(a, ctypes.py_object).value for a in distinct.tolist()]
    else:
        objects = array[_representatives(object_ids, len(distinct))]
    value_ids, uniques = _factorize_values(objects)
    return value_ids[object_ids], uniques


def column_codes(values: Any, spellings: Spellings) -> ColumnCodes:
    """Answer codes of a whole column, with no Python loop over rows.

    Codes (int8) are 0 blank, 1 OUI, 2 NON, 3 unrecognised. Distinct values are few (a handful of
    spellings), so only they are read in Python; rows are mapped by pandas' hash table and
    numpy indexing. ``factorize`` holds 1, 1.0 and True as one value, which is harmless:
    all three mean OUI (likewise 0, 0.0 and False mean NON).
    """
    array = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else values
    array = np.asarray(array, dtype=object)
    found = _by_identity(array)
    row_ids, uniques = found if found is not None else _factorize_values(array)
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
    marked: np.ndarray


@lru_cache(maxsize=16)
def combination_arrays(rule: Rule = DEFAULT_RULE) -> CombinationArrays:
    """The combination table of ``rule`` as read-only arrays (cached per rule)."""
    table = combination_table(rule)
    markers = np.array(table.markers, dtype=np.int64)
    reasons = np.array(table.reasons, dtype=object)
    flags = np.array(table.flags, dtype=np.uint8)
    marked = np.array(table.marked, dtype=bool)
    for array in (markers, reasons, flags, marked):
        array.setflags(write=False)
    return CombinationArrays(markers, reasons, flags, marked)


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


def _representatives(ids: np.ndarray, count: int) -> np.ndarray:
    """One position of each id (0..count-1) in ``ids``."""
    positions = np.empty(count, dtype=np.intp)
    positions[ids] = np.arange(len(ids), dtype=np.intp)
    return positions


def _quoted_reasons(
    rows: np.ndarray, index: np.ndarray, columns: list[ColumnCodes], table: CombinationArrays
) -> np.ndarray:
    """Reasons of the rows holding an unrecognised answer: the quotes of their values first.

    Rows are grouped by their unrecognised texts, then by (those texts, combination), so each
    distinct quote prefix and each distinct reason is written once in Python however many
    rows share it.
    """
    texts = np.zeros(len(rows), dtype=np.int64)  # a group id of the unrecognised texts
    parts_of = []
    for qid, column in zip(QUESTION_IDS, columns):
        unrecognised = column.text_codes == UNRECOGNISED
        parts_of.append(
            [
                unrecognised_part(qid, text) if flag else ""
                for text, flag in zip(column.texts.tolist(), unrecognised.tolist())
            ]
        )
        # 0 for a recognised answer, 1 + the text's id for an unrecognised one.
        text_key = np.where(unrecognised, np.arange(1, len(column.texts) + 1), 0)
        step = text_key[column.row_ids[rows]]
        texts, _ = pd.factorize(texts * (len(column.texts) + 1) + step)  # stays < len(rows)
    count = int(texts.max()) + 1
    prefixes = [
        "".join(parts[column.row_ids[row]] for parts, column in zip(parts_of, columns))
        for row in rows[_representatives(texts, count)].tolist()
    ]
    combinations = index[rows]
    groups, _ = pd.factorize(texts * N_COMBINATIONS + combinations)
    first = _representatives(groups, int(groups.max()) + 1)
    reasons = table.reasons
    distinct = np.empty(len(first), dtype=object)
    distinct[:] = [
        prefixes[t] + reasons[c]
        for t, c in zip(texts[first].tolist(), combinations[first].tolist())
    ]
    return distinct[groups]


def object_columns(frame: pd.DataFrame) -> dict[Any, np.ndarray] | None:
    """Each column of ``frame`` as an object array, from one conversion of the whole frame,
    when its columns are all of objects and uniquely named (a table read from a workbook: its
    one block, no copy); None otherwise.

    The same arrays as ``np.asarray(frame[name], dtype=object)`` gives, without making a
    Series per column (a refresh reads twenty columns of a few hundred rows: the Series cost
    more than the reading).
    """
    numpy_objects = (isinstance(d, np.dtype) and d.kind == "O" for d in frame.dtypes)
    if not frame.columns.is_unique or not all(numpy_objects):
        return None
    values = frame.to_numpy(dtype=object)
    return {name: values[:, j] for j, name in enumerate(frame.columns)}


def assess(frame: pd.DataFrame, rule: Rule | None = None) -> Assessment:
    """Evaluate every row of ``frame`` (columns Q1..Q5, any dtype), without a loop over rows."""
    frame = given_frame(frame, "frame")
    return assess_columns(frame, frame, rule)


def assess_columns(
    frame: pd.DataFrame, columns: Mapping[Any, Any], rule: Rule | None = None
) -> Assessment:
    """:func:`assess` reading the answer columns from ``columns`` (the frame itself, or its
    columns as :func:`object_columns` gives them)."""
    rule = given_rule(rule)
    table = combination_arrays(rule)
    answers = [column_codes(columns[c], rule.spellings) for c in answer_columns(frame)]
    codes = np.empty((len(frame), len(QUESTIONS)), dtype=np.int8)
    index = np.zeros(len(frame), dtype=np.int16)
    for position, (column, weight) in enumerate(zip(answers, WEIGHTS)):
        codes[:, position] = column.codes
        index += column.codes.astype(np.int16) * np.int16(weight)
    markers = table.markers[index]
    reasons = table.reasons[index]
    flags = table.flags[index]
    rows = np.flatnonzero(flags & UNRECOGNISED_VALUE)
    if rows.size:
        reasons[rows] = _quoted_reasons(rows, index, answers, table)
    return Assessment(markers, reasons, flags, codes)


def shown_markers(assessment: Assessment, rule: Rule | None = None) -> pd.arrays.IntegerArray:
    """The markers of an assessment as a user reads them: nullable integers (``Int64``),
    missing (a blank cell) where the action is not marked yet (see
    :class:`efh_xl.core.engine.CombinationTable`); the assessment's own markers stay 0 there,
    for the code that computes with them."""
    codes = np.asarray(assessment.codes).reshape(-1, len(QUESTIONS))
    index = np.zeros(len(codes), dtype=np.int16)  # as assess_columns computes it
    for position, weight in enumerate(WEIGHTS):
        index += codes[:, position].astype(np.int16) * np.int16(weight)
    marked = combination_arrays(rule or DEFAULT_RULE).marked[index]
    values = np.asarray(assessment.markers, dtype=np.int64)
    return pd.arrays.IntegerArray(values.copy(), ~marked)


def evaluate(frame: pd.DataFrame, rule: Rule | None = None) -> pd.DataFrame:
    """Marker and reason of every action of ``frame``.

    ``frame`` has the columns Q1, Q2a, Q2b, Q3, Q4, Q5 with values as read from a sheet (any
    dtype). Returns a DataFrame with the same index and the columns ``Marqueur`` (nullable
    integers, ``Int64``: missing, written blank, for an action not marked yet) and ``Motif``
    (str), equal row by row to :func:`efh_xl.core.engine.evaluate_action` (None there).
    """
    rule = given_rule(rule)
    result = assess(frame, rule)
    return pd.DataFrame(
        {MARKER_COLUMN: shown_markers(result, rule), REASON_COLUMN: result.reasons},
        index=frame.index,
    )
