"""Reading an answer cell: from whatever a cell holds to an answer code.

The steps mirror, one for one, the native formula the builder writes
(``UPPER(TRIM(CLEAN(SUBSTITUTE(x, UNICHAR(160), " "))))``), so that a workbook without
Python and the Python engine read every cell alike.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from numbers import Number
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

# Answer codes, shared by the vectorised engine and the native formulas (the lookup sheet
# is indexed by them): a code is one base-4 digit of a combination index.
BLANK, YES, NO, UNRECOGNISED = 0, 1, 2, 3

# How long a quoted value may be, when a reason names a value it did not understand.
QUOTE_MAX_CHARS = 40


@dataclass(frozen=True)
class Spellings:
    """Which cell contents mean OUI, NON or no answer, once cleaned and upper-cased.

    Cleaning is Excel's ``UPPER(TRIM(CLEAN(SUBSTITUTE(x, UNICHAR(160), " "))))``: the native
    formulas and the Python engine apply the same steps, so both read a cell alike.
    """

    oui: frozenset[str]
    non: frozenset[str]
    blank: frozenset[str]

    def code(self, key: str) -> int:
        """Answer code of a cleaned, upper-cased text."""
        if key == "" or key in self.blank:
            return BLANK
        if key in self.oui:
            return YES
        if key in self.non:
            return NO
        return UNRECOGNISED

    def table(self) -> list[tuple[str, int]]:
        """Every accepted spelling with its code, sorted, for lookup sheets and docs."""
        rows = [(s, YES) for s in self.oui] + [(s, NO) for s in self.non]
        rows += [(s, BLANK) for s in self.blank]
        return sorted(rows)


_CONTROL = re.compile(r"[\x00-\x1f]")
_SPACES = re.compile(r" {2,}")

# Error values as Windows COM hands them to Python (xlwings without err_to_str).
COM_ERRORS: dict[int, str] = {
    -2146826288: "#NULL!",
    -2146826281: "#DIV/0!",
    -2146826273: "#VALUE!",
    -2146826265: "#REF!",
    -2146826259: "#NAME?",
    -2146826252: "#NUM!",
    -2146826246: "#N/A",
}


def cell_text(value: Any) -> str:
    """The text Excel would see for a cell value, cleaned like CLEAN and TRIM do.

    Blank-like values (None, NaN, NaT, pandas NA) give "". Booleans give VRAI/FAUX, integral
    numbers their integer digits, other numbers their shortest round-trip form.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "VRAI" if value else "FAUX"
    if isinstance(value, str):
        text = value
    elif isinstance(value, Number):
        number = float(value)  # type: ignore[arg-type]
        if math.isnan(number):
            return ""
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)
    elif isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        text = value.isoformat(sep=" ") if isinstance(value, _dt.datetime) else value.isoformat()
    else:
        text = str(value)
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    text = _CONTROL.sub("", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip(" ")


def quote(text: str) -> str:
    """A cleaned text shortened for quoting in a reason."""
    if len(text) > QUOTE_MAX_CHARS:
        return text[:QUOTE_MAX_CHARS] + "…"
    return text


def answer_code(value: Any, spellings: Spellings) -> tuple[int, str]:
    """Answer code of one cell value, and its cleaned text (for quoting when unrecognised)."""
    text = cell_text(value)
    return spellings.code(text.upper()), text


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
