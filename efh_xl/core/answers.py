"""Reading an answer cell: from whatever a cell holds to an answer code.

The steps mirror, one for one, the native formula the builder writes
(``UPPER(TRIM(CLEAN(SUBSTITUTE(x, UNICHAR(160), " "))))``, the zero-width space and the
byte order mark dropped first), so that a workbook without Python and the Python engine read
every cell alike.

Standard library only: this module runs wherever Python runs (Pyodide, xlwings Lite). Values
from pandas and numpy (NA, NaT, numpy booleans and numbers) are recognised by duck typing,
without importing either library.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from numbers import Number
from typing import Any

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


def _is_missing_marker(value: Any) -> bool:
    """pandas' NA and NaT, named by type so that pandas need not be imported (NaT is a datetime)."""
    kind = type(value)
    return kind.__name__ in ("NAType", "NaTType") and kind.__module__.startswith("pandas")


def _is_numpy_bool(value: Any) -> bool:
    """numpy's boolean scalar (``numpy.bool_``; ``numpy.bool`` in numpy 2), which is no ``bool``."""
    kind = type(value)
    return kind.__name__ in ("bool_", "bool") and kind.__module__ == "numpy"


def has_time(value: _dt.datetime) -> bool:
    """Whether a date holds a time of day, which a French Excel then shows after the date
    (01/04/2026 14:30; midnight: 01/04/2026 alone)."""
    return (value.hour, value.minute, value.second, value.microsecond) != (0, 0, 0, 0)


def shown_text(value: Any) -> str | None:
    """The text a French Excel shows for a boolean, a date or a time: VRAI/FAUX, 01/04/2026,
    01/04/2026 14:30 (a date with a time of day), 14:30; None for any other value (NaT too).

    Every text made from such a cell says it this way, the reason quoting an answer and the
    CSV that evaluate writes alike: Python's True and 2026-04-01 00:00:00 are no French.
    """
    if _is_missing_marker(value):
        return None
    if isinstance(value, bool) or _is_numpy_bool(value):
        return "VRAI" if value else "FAUX"
    if isinstance(value, _dt.date):  # a datetime too
        day = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        if isinstance(value, _dt.datetime) and has_time(value):
            return f"{day} {value.hour:02d}:{value.minute:02d}"
        return day
    if isinstance(value, _dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    return None


def cell_text(value: Any) -> str:
    """The text Excel would see for a cell value, cleaned like CLEAN and TRIM do.

    Blank-like values (None, NaN, NaT, pandas NA) give "". Booleans, dates and times give
    what a French Excel shows (:func:`shown_text`), integral numbers their integer digits,
    other numbers their shortest round-trip form with a decimal comma (« 2,5 »).
    """
    if value is None or _is_missing_marker(value):
        return ""
    if isinstance(value, str):  # first: most cells are text
        text = value
    elif (shown := shown_text(value)) is not None:
        return shown
    elif isinstance(value, Number):
        number = float(value)  # type: ignore[arg-type]
        if math.isnan(number):
            return ""
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        # With the decimal comma, as a French Excel joins a number to a text (the motif of
        # the Actions sheet says « 2,5 »; Python said « 2.5 »).
        return repr(number).replace(".", ",")
    else:
        text = str(value)
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    # Invisible characters pasted from a web page, a chat or Word (zero-width space, byte
    # order mark): « \u200bOUI » was « « OUI » non reconnu », a message that reads as nonsense.
    # The native formulas drop the same two (see formulas._clean).
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", "").replace("\ufeff", "")
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


def _written(code: int, spellings: Spellings) -> str | None:
    """A text ``spellings`` read as ``code`` (OUI or NON when they have it), None for a blank
    (or for a code they have no spelling of)."""
    words = spellings.oui if code == YES else spellings.non if code == NO else frozenset()
    canonical = "OUI" if code == YES else "NON"
    return canonical if canonical in words else min(words, default=None)


def read_alike(
    values: list[Any], own: Spellings, other: Spellings
) -> tuple[list[Any], dict[str, int], int]:
    """Answers typed under the ``own`` spellings, written so that ``other`` reads them alike:
    a value ``own`` reads as OUI, NON or no answer, and ``other`` otherwise (« OK » a file's
    rule counts as OUI), is replaced by a spelling ``other`` reads so; any other value is kept.
    Also returns how many of each cleaned text were replaced, and how many values ``own``
    does not read that ``other`` reads (« X » under a rule that takes only « OUI »): those no
    spelling of ``other`` can leave unread, so the file's own reading must be shown apart.

    A consolidation reads every file's answers as the file meant them, under its own spellings;
    only its box sets and markers may be another rule's.
    """
    written: dict[Any, Any] = {}
    replaced: dict[str, int] = {}
    unread = 0
    out: list[Any] = []
    for value in values:
        try:
            key = (type(value), value)
            hash(key)
        except TypeError:  # an unhashable cell: read, never replaced
            out.append(value)
            continue
        if key not in written:
            text = cell_text(value).upper()
            mine, theirs = own.code(text), other.code(text)
            if mine != UNRECOGNISED and mine != theirs:
                new = _written(mine, other)
                written[key] = (new, text) if new is not None or mine == BLANK else (value, None)
            else:
                written[key] = (value, "" if mine == UNRECOGNISED != theirs else None)
        new, text = written[key]
        if text:
            replaced[text] = replaced.get(text, 0) + 1
        elif text == "":
            unread += 1
        out.append(new)
    return out, replaced, unread
