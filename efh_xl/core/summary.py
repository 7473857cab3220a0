"""The summary model: what a territory shows its comité de pilotage, computed with numpy.

Markers are always recomputed by the engine from the answers, never read from cached cells.
Everything here is plain data (tables of columns and numbers, shown as DataFrames):
:mod:`efh_xl.core.summary_sheets` lays it out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from efh_xl.core.amounts import is_count, parse_amount, parse_count
from efh_xl.core.arguments import given_frame, given_rule, given_settings, given_time
from efh_xl.core.engine import (
    INCOMPLETE,
    INCONSISTENT,
    MARKER_COLUMN,
    MARKERS,
    REASON_COLUMN,
    UNRECOGNISED_VALUE,
)
from efh_xl.core.grid import CODE_OF_ANSWER, QUESTION_IDS, QUESTIONS, YES, Rule
from efh_xl.core.plural import agreed, first_few
from efh_xl.core.programmation import (
    BENEFICIARIES,
    COLUMNS,
    COMMENTS,
    DAUPHIN_COLUMN,
    FIRST_YEAR,
    GRANTED,
    LAST_YEAR,
    MEN_PLANNED,
    MEN_REACHED,
    NUMBER,
    PILIER,
    PORTEUR,
    REQUESTED,
    TERRITORY,
    TITLE,
    WOMEN_PLANNED,
    WOMEN_REACHED,
    YEAR,
    funder_column,
)
from efh_xl.core.rule_name import rule_name as shown_rule_name
from efh_xl.core.settings import Settings
from efh_xl.core.status import (
    CATEGORIES,
    CATEGORY_LABELS,
    PROVISIONAL,
    UNMARKED,
    action_status,
)
from efh_xl.core.vectorised import Assessment, assess_columns, object_columns

ALL_TERRITORIES = "Ensemble"
# The columns of the Actions table that the summaries read (markers are recomputed).
SUMMARY_COLUMNS = (
    tuple(c for c in COLUMNS if c not in (COMMENTS, MARKER_COLUMN, DAUPHIN_COLUMN, REASON_COLUMN))
    + BENEFICIARIES
)  # and the funders' columns named in the settings
# Columns of the tables by territory, pilier and year: actions, then granted euros, by category.
COUNT_COLUMNS = (
    "Actions M0",
    "Actions M1",
    "Actions M2",
    "Actions provisoires",
    "Actions non marquées",
)
EURO_COLUMNS = (
    "Accordé M0",
    "Accordé M1",
    "Accordé M2",
    "Accordé provisoires",
    "Accordé non marquées",
)
SHARE_1_OR_2 = "Part M1 ou M2 (actions marquées)"
FUNDER_SHARE = "Part M1 ou M2 (euros des actions marquées)"
WEIGHTED = "Euros pondérés (EIGE)"
SHARE_PLANNED, SHARE_REACHED = "Part de femmes (prévu)", "Part de femmes (réalisé)"
PEOPLE_COLUMNS = (
    WOMEN_PLANNED,
    MEN_PLANNED,
    SHARE_PLANNED,
    WOMEN_REACHED,
    MEN_REACHED,
    SHARE_REACHED,
)
# Each share column as the ratio of other columns of its table (numerator columns, denominator
# columns): a total row shows the share of the totals (a sum of shares means nothing).
SHARE_RATIOS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    SHARE_1_OR_2: (COUNT_COLUMNS[1:3], COUNT_COLUMNS[:3]),
    FUNDER_SHARE: (EURO_COLUMNS[1:3], EURO_COLUMNS[:3]),
    SHARE_PLANNED: ((WOMEN_PLANNED,), (WOMEN_PLANNED, MEN_PLANNED)),
    SHARE_REACHED: ((WOMEN_REACHED,), (WOMEN_REACHED, MEN_REACHED)),
}
# The actions without a territory, as every place names them (the CLI's row, the sheet's title,
# its tab « Synthèse – Sans territoire », the user guide): fits a tab's 31 characters.
UNKNOWN_TERRITORY = "Sans territoire"
# A blank pilier or year, agreed with its noun: every table and message that names one (the
# « Par pilier » and « Par année » tables, the « Évolution par année » sheet, the console).
UNKNOWN_PILIER = "(non renseigné)"
UNKNOWN_YEAR = "(non renseignée)"


@dataclass(frozen=True)
class Table:
    """A summary table as plain columns (numpy arrays or lists, in order), and its row labels.

    The sheets are laid out from these columns directly; the DataFrames of
    :class:`TerritorySummary` are built from them only when read (a refresh builds none: a
    few dozen small DataFrames cost more than all of its numpy work at 1,000 actions).
    """

    columns: dict[str, Any]
    index: Any = None  # the row labels; None: rows numbered from 0
    index_name: str | None = None

    def __len__(self) -> int:
        if self.index is not None:
            return len(self.index)
        return len(next(iter(self.columns.values()), ()))

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame."""
        index = None if self.index is None else pd.Index(self.index, name=self.index_name)
        return pd.DataFrame(self.columns, index=index)

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Table:
        """The table of a DataFrame (a summary built by hand rather than by :func:`summarize`)."""
        columns = {name: frame[name].to_numpy(dtype=object) for name in frame.columns}
        # Rows numbered from 0 need no labels; any other index, a RangeIndex of years
        # (range(2024, 2027)) included, holds the labels shown in column A.
        index = None if frame.index.equals(pd.RangeIndex(len(frame))) else frame.index
        return cls(columns, index, frame.index.name)


# The DataFrame fields of a TerritorySummary, each backed by a Table in a computed summary.
_FRAMES = (
    "by_marker",
    "by_pilier",
    "by_year",
    "questions",
    "to_fix",
    "by_territory",
    "by_funder",
    "people_by_marker",
    "people_by_pilier",
    "unreadable",
)


@dataclass
class TerritorySummary:
    """Every figure of one summary sheet.

    Counts and euros are by category (:data:`~efh_xl.core.status.CATEGORIES`): markers 0, 1
    and 2, then provisional and unmarked actions. Shares against targets are over the marked
    actions (markers 0, 1, 2), with the number not marked yet beside them.
    """

    name: str
    actions: int
    by_marker: pd.DataFrame
    by_pilier: pd.DataFrame
    by_year: pd.DataFrame
    questions: pd.DataFrame
    to_fix: pd.DataFrame  # the listed ones (at most Settings.max_listed)
    to_fix_count: int
    share_1_or_2: float
    share_2: float
    weighted_euros: float
    weighted_share: float
    marked: int = 0
    provisional: int = 0
    unmarked: int = 0
    by_territory: pd.DataFrame | None = None
    # Only when the Actions table has the optional columns (None otherwise: the sheet then
    # looks as it did before they existed).
    by_funder: pd.DataFrame | None = None
    people_by_marker: pd.DataFrame | None = None
    people_by_pilier: pd.DataFrame | None = None
    # Actions with an amount typed in a funder's column, with a count typed in a column of
    # people (None: not counted, a summary built by hand). At 0, the tables above hold only
    # zeros: the sheet says that nothing was typed rather than show « État : 0 € ».
    funder_entries: int | None = None
    people_entries: int | None = None
    # Actions whose amount could not be read (« n.c. »): counted in no euro figure, listed
    # with what was typed (at most Settings.max_listed).
    unreadable: pd.DataFrame = field(default_factory=pd.DataFrame)
    unreadable_count: int = 0

    @property
    def not_marked(self) -> int:
        """Actions whose marker is provisional or missing."""
        return self.provisional + self.unmarked

    @classmethod
    def _of_tables(cls, tables: dict[str, Table | None], **figures: Any) -> TerritorySummary:
        """A summary whose DataFrame fields are built from ``tables`` when first read."""
        summary = cls.__new__(cls)
        summary.__dict__.update(figures, _tables=tables)
        return summary

    if not TYPE_CHECKING:  # checkers keep seeing the fields' own types

        def __getattr__(self, name: str) -> Any:
            # Reached only for a field not set yet: a computed summary's DataFrame, built
            # once from its table, then kept as the field's value.
            tables = self.__dict__.get("_tables")
            if tables is None or name not in tables:
                raise AttributeError(name)
            table = tables[name]
            self.__dict__[name] = value = None if table is None else table.frame()
            return value


def summary_table(summary: TerritorySummary, name: str) -> Table | None:
    """The table behind the DataFrame field ``name`` of ``summary`` (None where it is None).

    A field a caller read, assigned or built by hand is the truth (it may have been changed
    since): its table is made from it. Only a field nobody touched is read from the table
    :func:`summarize` computed, without building its DataFrame.
    """
    fields = summary.__dict__
    if name not in fields:
        tables = fields.get("_tables")
        if tables is not None and name in tables:
            return tables[name]
    frame = getattr(summary, name)
    return None if frame is None else Table.of(frame)


# A field with a default is also a class attribute, which would shadow __getattr__: the
# defaults stay in __init__'s signature.
for _name in _FRAMES:
    if _name in TerritorySummary.__dict__:
        delattr(TerritorySummary, _name)


@dataclass
class Summary:
    """The summaries of a workbook: one per territory, plus all territories together."""

    territories: list[TerritorySummary]
    overall: TerritorySummary
    generated: dt.datetime
    rule: Rule
    settings: Settings = field(default_factory=Settings)
    rule_name: str = ""  # as shown; the rule's own name when blank
    # Per column (Territoire, Pilier): each spelling typed that is counted under another
    # (« val-de-lys métropole » -> « Val-de-Lys Métropole »): see respelled_warnings.
    respelled: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def actions(self) -> int:
        return self.overall.actions

    @property
    def rule_label(self) -> str:
        """The name the rule is shown under: a built-in reading's name kept on other boxes
        reads « … (modifiée) », never the reference reading's name alone."""
        return self.rule_name or shown_rule_name(self.rule)


# What pandas' infer_dtype says of a column of numbers and blanks only (never booleans).
_NUMBERS_OR_BLANKS = {"floating", "integer", "mixed-integer-float", "empty"}


class Amounts(NamedTuple):
    """A column of amounts or counts as read: the figures (blank = 0), which rows hold one
    that cannot be read, and which rows hold anything at all (0 and unreadable included)."""

    euros: np.ndarray
    bad: np.ndarray
    typed: np.ndarray


def count_column(series: pd.Series | None, n: int) -> Amounts:
    """Numbers of people, read as :func:`amount_column` reads amounts; one that is no whole
    number (« 12,5 », « -3 ») is unreadable, as the import rejects it: summed, 12,5 men
    made a total of « 1 326,5 » people."""
    read = amount_column(series, n, parse_count)
    shown = read.euros[read.typed & ~read.bad]
    wrong_values = [v for v in np.unique(shown).tolist() if not is_count(v)]
    if not wrong_values:
        return read
    wrong = np.isin(read.euros, wrong_values) & read.typed
    return Amounts(np.where(wrong, 0.0, read.euros), read.bad | wrong, read.typed)


def amount_column(
    series: pd.Series | None, n: int, parse: Callable[[object], float | None] = parse_amount
) -> Amounts:
    """Amounts in euros, or counts (blank = 0), read as French numbers (``12 000,50``), which
    rows hold one that cannot be read, and which hold anything (a blank, spaces or a lone
    « € » hold nothing).

    An unreadable value counts in no figure and is listed: never a silent 0. Only the
    distinct values are parsed in Python.
    """
    if series is None:
        none = np.zeros(n, dtype=bool)
        return Amounts(np.zeros(n), none, none)
    values = np.asarray(series, dtype=object)
    if infer_dtype(values, skipna=True) in _NUMBERS_OR_BLANKS:
        # The common case (numbers typed as numbers, no text, no checkbox): what parse_amount
        # does, in numpy. A blank (None, nan) is 0; an infinite number is unreadable; + 0.0
        # turns -0.0 into 0.0 as ``parse_amount(v) or 0.0`` does.
        with contextlib.suppress(TypeError, ValueError, OverflowError):
            euros = values.astype(float)
            typed = ~np.isnan(euros)
            bad = np.isinf(euros)
            euros[~np.isfinite(euros)] = 0.0
            return Amounts(euros + 0.0, bad, typed)
    ids, uniques = _factorize(values)
    euros = np.zeros(len(uniques) + 1)  # a blank's code is the last slot
    bad = np.zeros(len(uniques) + 1, dtype=bool)
    typed = np.zeros(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques):
        try:
            amount = parse(value)
        except ValueError:  # unreadable: typed all the same (and listed as such)
            bad[i] = typed[i] = True
        else:
            euros[i] = amount or 0.0
            typed[i] = amount is not None
    return Amounts(euros[ids], bad[ids], typed[ids])


def _label(values, n: int, unknown: str) -> np.ndarray:
    """Text labels of a column (integral floats without ".0", blanks as ``unknown``).

    As :meth:`_Key.of` labels them, without sorting the labels (lists of actions to fix
    have nearly one distinct value per row).
    """
    if values is None:
        return np.full(n, unknown, dtype=object)
    values = np.asarray(values, dtype=object)
    items = values.tolist()
    if items and set(map(type, items)) == {str}:
        # Texts only (the usual action numbers, titles, porteurs): each is its label
        # stripped, at C speed; finding the distinct ones first cost more (4 ms for the
        # 40,000 action numbers a consolidation lists, nearly all distinct).
        labels = np.empty(n, dtype=object)
        labels[:] = _text_labels(items, unknown)
        return labels
    codes, uniques = _factorize(values)
    texts = np.empty(len(uniques) + 1, dtype=object)
    texts[:] = [*_as_labels(uniques, unknown), unknown]
    return texts[codes]


@dataclass(frozen=True)
class _Key:
    """A grouping column as sorted distinct labels and one integer code per row."""

    codes: np.ndarray
    labels: np.ndarray

    @classmethod
    def of(
        cls,
        values,
        n: int,
        unknown: str,
        order: tuple[str, ...] = (),
        *,
        listed: tuple[str, ...] = (),
        respelled: dict[str, str] | None = None,
    ) -> _Key:
        """Only distinct values are formatted in Python: territories, piliers and years are few.

        Labels are sorted, except those of ``order`` which come first in that order (piliers
        in their official order); ``unknown`` then comes last.

        With ``respelled`` (a dict filled here), texts that differ only by case or spaces are
        one label (see :func:`_one_spelling`), each spelling replaced noted in it.
        """
        if values is None:
            return cls(np.zeros(n, dtype=np.intp), np.array([unknown], dtype=object))
        # One factorize of the raw values; labels are formatted per distinct value, then
        # merged and sorted (2024, 2024.0 and " 2024" are one year).
        raw_codes, uniques = _factorize(np.asarray(values, dtype=object))
        texts = [*_as_labels(uniques, unknown), unknown]
        if respelled is not None:
            texts = _one_spelling(texts, raw_codes, unknown, (*order, *listed), respelled)
        label_codes, labels = pd.factorize(np.array(texts, dtype=object), sort=True)
        labels = np.asarray(labels, dtype=object)
        if order:
            rank = {text.casefold(): i for i, text in enumerate(order)}
            last = len(order) + 1
            keys = [
                (last, "") if label == unknown else (rank.get(label.casefold(), len(order)), label)
                for label in labels
            ]
            permutation = np.array(sorted(range(len(labels)), key=keys.__getitem__), dtype=np.intp)
            new_code = np.empty_like(permutation)
            new_code[permutation] = np.arange(len(permutation))
            label_codes, labels = new_code[label_codes], labels[permutation]
        return cls(label_codes[raw_codes], labels)


def spelling_key(text: str) -> str:
    """What two spellings of one name share: case and spaces aside (« val-de-lys  métropole »
    is « Val-de-Lys Métropole »); accents are kept (« Dénain » may be another place)."""
    return " ".join(text.split()).casefold()


def _one_spelling(
    texts: list[str],
    raw_codes: np.ndarray,
    unknown: str,
    listed: tuple[str, ...],
    respelled: dict[str, str],
) -> list[str]:
    """``texts`` (one per distinct value, blanks' last) with each name written one way: as
    ``listed`` (Paramètres) writes it, else as most rows do (the first met on a tie). Each
    spelling replaced is noted in ``respelled``. Typed « val-de-lys métropole » on one row,
    a territory made a summary sheet, a tab and a bar of its own."""
    rows = np.bincount(raw_codes, minlength=len(texts)).tolist()
    by_key: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if text != unknown:
            by_key.setdefault(spelling_key(text), []).append(i)
    spelt = {spelling_key(name): name for name in reversed(listed)}  # the first listed wins
    out = list(texts)
    for key, found in by_key.items():
        kept = spelt.get(key)
        if kept is None:
            if len(found) == 1:
                continue
            kept = texts[max(found, key=lambda i: (rows[i], -i))]
        for i in found:
            if texts[i] != kept:
                respelled[texts[i]] = kept
                out[i] = kept
    return out


def _factorize(values: np.ndarray) -> tuple[np.ndarray, list[object]]:
    """One code per row and the distinct values, with True and False apart from 1 and 0.

    Python holds True, 1 and 1.0 as one key, so pandas would give a checkbox and the number 1
    one code, and whichever came first would decide for both (a checkbox counted as 1 €, or
    a real 1 € listed as unreadable). 1 and 1.0 stay one value: they read the same. A blank
    (None, NaN) has the code ``len(uniques)``.
    """
    codes, found = pd.factorize(values, use_na_sentinel=True)
    uniques = list(found)
    # Only numbers can be merged: distinct texts (the action numbers of a list to fix, 40,000
    # in a consolidation) are not tested one by one.
    merged = (
        []
        if set(map(type, uniques)) <= {str}
        else [
            i
            for i, value in enumerate(uniques)
            if type(value) in (bool, int, float) and value in (0, 1)
        ]
    )
    if merged:
        added: dict[tuple[bool, object], int] = {}
        for row in np.flatnonzero(np.isin(codes, merged)).tolist():
            value = values[row]
            is_bool = type(value) is bool
            if is_bool is not (type(uniques[codes[row]]) is bool):
                key = (is_bool, value)
                if key not in added:
                    added[key] = len(uniques)
                    uniques.append(value)
                codes[row] = added[key]
    codes[codes < 0] = len(uniques)
    return codes, uniques


def _listed_rows(
    groups: list[np.ndarray],
    problem: np.ndarray,
    unreadable_rows: np.ndarray,
    settings: Settings,
    most_to_fix: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The rows some summary lists (all of them, then each territory's ``groups``): among
    the actions to fix (``most_to_fix`` each) or the unreadable amounts, and among the
    unreadable amounts only."""
    bad = unreadable_rows
    most = settings.max_listed
    fixed = [np.flatnonzero(problem)[:most_to_fix], np.flatnonzero(bad)[:most]]
    shown = [fixed[1]]
    for rows in groups:
        fixed.append(rows[np.flatnonzero(problem[rows])[:most_to_fix]])
        shown.append(rows[np.flatnonzero(bad[rows])[:most]])
        fixed.append(shown[-1])
    return _union(fixed, len(problem)), _union(shown, len(problem))


def _union(rows: list[np.ndarray], n: int) -> np.ndarray:
    """The rows of all ``rows``, sorted, once each: marked in a mask of the ``n`` rows
    (np.unique sorted the 80,000 rows a consolidation lists: 6 -> 1 ms)."""
    mask = np.zeros(n, dtype=bool)
    for part in rows:
        mask[part] = True
    return np.flatnonzero(mask)


def _listed_labels(values, rows: np.ndarray, n: int) -> np.ndarray:
    """The labels of a column (see :func:`_label`, blanks as "") at ``rows``, once for every
    summary that lists them: the overview and its territory list the same actions."""
    labels = np.empty(n, dtype=object)
    if values is None:
        labels[rows] = ""
    else:
        labels[rows] = _label(np.asarray(values, dtype=object)[rows], len(rows), "")
    return labels


def _as_labels(values: list[object], unknown: str) -> list[str]:
    """:func:`_as_label` of each value, ``unknown`` for an empty one; texts (nearly all the
    values: the action numbers of a list to fix, 40,000 in a consolidation) are only
    stripped, without a call per value."""
    if set(map(type, values)) <= {str}:
        return _text_labels(values, unknown)
    return [_as_label(v) or unknown for v in values]


def _text_labels(texts: list[str], unknown: str) -> list[str]:
    """The labels of texts: each stripped, ``unknown`` for an empty one."""
    stripped = list(map(str.strip, texts))
    return [text or unknown for text in stripped] if "" in stripped else stripped


def _as_label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else 0.0


def _table_share(part: float, whole: float) -> float:
    """A share in a table: NaN (an empty cell, « — » on a sheet) over nothing, where 0 %
    would read as a result."""
    return float(part) / float(whole) if whole else float("nan")


def _crosstab(
    key: _Key, rows: np.ndarray | None, status: np.ndarray, granted: np.ndarray, name: str
) -> Table:
    """Actions and granted euros by category, per label of ``key`` present in ``rows``."""
    codes = key.codes if rows is None else key.codes[rows]
    k, width = len(key.labels), len(CATEGORIES)
    cell = codes * width + status
    counts = np.bincount(cell, minlength=k * width).reshape(k, width)
    euros = np.bincount(cell, weights=granted, minlength=k * width).reshape(k, width)
    present = counts.sum(axis=1) > 0
    counts, euros = counts[present], euros[present]
    marked = counts[:, : len(MARKERS)].sum(axis=1)
    # No share over no marked action (NaN, an empty cell): not yet marked is not marker 0.
    share = np.divide(
        counts[:, 1] + counts[:, 2], marked, out=np.full(len(marked), np.nan), where=marked > 0
    )
    columns: dict[str, object] = dict(zip(COUNT_COLUMNS, counts.T))
    columns["Actions"] = counts.sum(axis=1)
    columns[SHARE_1_OR_2] = share
    columns.update(zip(EURO_COLUMNS, euros.T))
    columns["Accordé"] = euros.sum(axis=1)
    return Table(columns, key.labels[present], name)


def _problem_label(flags: int) -> str:
    labels = []
    if flags & UNRECOGNISED_VALUE:
        labels.append("non reconnu")
    if flags & INCONSISTENT:
        labels.append("incohérent")
    if flags & INCOMPLETE:
        labels.append("incomplet")
    return ", ".join(labels)


_PROBLEM_LABELS = np.array(
    [_problem_label(f) for f in range(2 * max(INCOMPLETE, INCONSISTENT, UNRECOGNISED_VALUE))],
    dtype=object,
)


@dataclass(frozen=True)
class _Rows:
    """The recomputed programmation as plain arrays, one entry per action."""

    keys: dict[str, _Key]
    # The listed columns' labels (see _listed_labels): filled at the rows some summary lists.
    labels: dict[str, np.ndarray]
    funders: dict[str, np.ndarray]  # funder -> euros per action (funders with a column only)
    people: np.ndarray | None  # actions x BENEFICIARIES, or None without those columns
    # Whether each action has an amount in a funder's column, a count of people in one of
    # theirs (blank columns: tables of zeros a comité would read as « État : 0 € »).
    funders_typed: np.ndarray
    people_typed: np.ndarray
    requested: np.ndarray
    granted: np.ndarray
    unreadable: np.ndarray  # rows x unreadable_columns: a number typed but not readable
    unreadable_rows: np.ndarray  # whether each row holds one (made once for all summaries)
    unreadable_columns: tuple[str, ...]  # amounts, funders' amounts, counts of people
    status: np.ndarray
    reasons: np.ndarray
    flags: np.ndarray
    codes: np.ndarray
    most_to_fix: int  # actions to fix listed per summary, at most


# Per question: the answer code of another question it applies under (Q2b: Q1 = NON).
_APPLIES = [
    None
    if q.applies_when is None
    else (QUESTION_IDS.index(q.applies_when[0]), CODE_OF_ANSWER[q.applies_when[1]])
    for q in QUESTIONS
]


def _questions(codes: np.ndarray, status: np.ndarray) -> Table:
    """Share of OUI per question, over the actions it concerns: answered at least in part,
    and, for a conditional question (Q2b), whose condition holds (Q1 = NON)."""
    answered = status != UNMARKED
    concerned, yes = [], []
    for j, applies in enumerate(_APPLIES):
        rows = answered if applies is None else answered & (codes[:, applies[0]] == applies[1])
        concerned.append(int(rows.sum()))
        yes.append(int((codes[rows, j] == YES).sum()))
    return Table(
        {
            "Question": [q.label for q in QUESTIONS],
            "Actions concernées": concerned,
            "OUI": yes,
            "Part des OUI": [_table_share(v, c) for v, c in zip(yes, concerned)],
        },
        QUESTION_IDS,
        "N°",
    )


def _by_funder(
    data: _Rows, rows: np.ndarray | None, status: np.ndarray, settings: Settings
) -> Table | None:
    """Per funder: its euros by category, the share of its euros going to actions marked 1
    or 2 (over marked actions), and its euros weighted as EIGE does."""
    if not data.funders:
        return None
    width = len(CATEGORIES)
    weights = np.array(settings.eige_weights)
    table = []
    for euros in data.funders.values():
        by = np.bincount(status, weights=euros if rows is None else euros[rows], minlength=width)
        marked = by[: len(MARKERS)]
        table.append(
            [
                *by,
                by.sum(),
                _table_share(by[1] + by[2], marked.sum()),
                float((marked * weights).sum()),
            ]
        )
    columns = np.array(table, dtype=float).T
    return Table(
        dict(zip((*EURO_COLUMNS, "Accordé", FUNDER_SHARE, WEIGHTED), columns)),
        list(data.funders),
        "Financeur",
    )


def _people_read(columns: list[Amounts]) -> np.ndarray:
    """The people columns (women and men planned, then reached) as one array; an action
    whose women or men of a pair cannot be read counts in neither of the pair (it is listed
    as unreadable): its men alone pulled the share of women down."""
    people = np.column_stack([c.euros for c in columns])
    for women, men in ((0, 1), (2, 3)):
        unread = columns[women].bad | columns[men].bad
        people[unread, women] = people[unread, men] = 0.0
    return people


def _people(codes: np.ndarray, labels: np.ndarray, people: np.ndarray, name: str) -> Table:
    """Women and men planned and reached per group (``codes`` index ``labels``), and the share
    of women among them; groups without any action are left out."""
    k = len(labels)
    sums = np.column_stack(
        [np.bincount(codes, weights=people[:, j], minlength=k) for j in range(people.shape[1])]
    )
    present = np.bincount(codes, minlength=k) > 0

    def share(women: np.ndarray, men: np.ndarray) -> np.ndarray:
        # Counts near the float limit (a typing slip, a damaged cell) add up to inf: the share
        # is then unknown (nan, an empty cell), without numpy's warning on the user's terminal.
        with np.errstate(over="ignore", invalid="ignore"):
            total = women + men
            return np.divide(women, total, out=np.full(k, np.nan), where=total > 0)

    columns = {
        WOMEN_PLANNED: sums[:, 0],
        MEN_PLANNED: sums[:, 1],
        SHARE_PLANNED: share(sums[:, 0], sums[:, 1]),
        WOMEN_REACHED: sums[:, 2],
        MEN_REACHED: sums[:, 3],
        SHARE_REACHED: share(sums[:, 2], sums[:, 3]),
    }
    if present.all():
        return Table(columns, labels, name)
    # The labels filtered (as a frame shows them, the same Index), without making an Index:
    # only when none is left does the labels' Index, filtered, keep their dtype.
    index = labels[present] if present.any() else pd.Index(labels)[present]
    return Table({column: values[present] for column, values in columns.items()}, index, name)


def _summarize(
    name: str,
    data: _Rows,
    rows: np.ndarray | None,
    settings: Settings,
    by_territory: Table | None = None,
) -> TerritorySummary:
    """The summary of the actions at ``rows`` (all of them when None)."""

    def take(array: np.ndarray) -> np.ndarray:
        return array if rows is None else array[rows]

    status, granted, flags = take(data.status), take(data.granted), take(data.flags)
    n = len(status)
    width = len(CATEGORIES)
    counts = np.bincount(status, minlength=width)
    requested = np.bincount(status, weights=take(data.requested), minlength=width)
    granted_by = np.bincount(status, weights=granted, minlength=width)
    total_granted = granted_by.sum()
    weights = np.array([*settings.eige_weights, np.nan, np.nan])
    # Weights apply to markers: a provisional or missing marker weighs nothing yet.
    weighted_by = granted_by * weights
    by_marker = Table(
        {
            "Actions": counts,
            "Part des actions": [_share(c, n) for c in counts],
            REQUESTED: requested,
            GRANTED: granted_by,
            "Part des euros accordés": [_share(g, total_granted) for g in granted_by],
            "Euros pondérés (EIGE)": weighted_by,
        },
        CATEGORY_LABELS,
        "Marqueur",
    )
    problems = np.flatnonzero(flags > 0)
    listed = problems[: data.most_to_fix]
    if rows is not None:
        listed = rows[listed]
    territory = data.keys[TERRITORY]
    labels = data.labels
    to_fix = Table(
        {
            "N° action": labels[NUMBER][listed],
            "Territoire": territory.labels[territory.codes[listed]],
            "Action": labels[TITLE][listed],
            "Porteur": labels[PORTEUR][listed],
            "Problème": _PROBLEM_LABELS[data.flags[listed]],
            "Motif": data.reasons[listed],
        }
    )
    bad_rows = np.flatnonzero(take(data.unreadable_rows))
    listed = bad_rows[: settings.max_listed]
    if rows is not None:
        listed = rows[listed]
    shown = data.unreadable[listed]
    unreadable = Table(
        {
            "N° action": labels[NUMBER][listed],
            "Territoire": territory.labels[territory.codes[listed]],
            "Action": labels[TITLE][listed],
            **{
                column: np.where(shown[:, j], labels[column][listed], "")
                for j, column in enumerate(data.unreadable_columns)
                # Both amounts always; a funder's or a count only when one is unreadable.
                if j < 2 or shown[:, j].any()
            },
        }
    )
    marked = int(counts[: len(MARKERS)].sum())
    weighted = float(np.nansum(weighted_by))
    people_by_marker = people_by_pilier = None
    if data.people is not None:
        people = take(data.people)
        labels = np.array(CATEGORY_LABELS, dtype=object)
        people_by_marker = _people(status, labels, people, "Marqueur")
        pilier = data.keys[PILIER]
        people_by_pilier = _people(take(pilier.codes), pilier.labels, people, PILIER)
    tables = {
        "by_marker": by_marker,
        "by_pilier": _crosstab(data.keys[PILIER], rows, status, granted, PILIER),
        "by_year": _crosstab(data.keys[YEAR], rows, status, granted, YEAR),
        "questions": _questions(take(data.codes), status),
        "to_fix": to_fix,
        "by_territory": by_territory,
        "by_funder": _by_funder(data, rows, status, settings),
        "people_by_marker": people_by_marker,
        "people_by_pilier": people_by_pilier,
        "unreadable": unreadable,
    }
    return TerritorySummary._of_tables(
        tables,
        name=name,
        actions=n,
        to_fix_count=len(problems),
        share_1_or_2=_share(counts[1] + counts[2], marked),
        share_2=_share(counts[2], marked),
        weighted_euros=weighted,
        weighted_share=_share(weighted, granted_by[: len(MARKERS)].sum()),
        unreadable_count=len(bad_rows),
        marked=marked,
        provisional=int(counts[PROVISIONAL]),
        unmarked=int(counts[UNMARKED]),
        funder_entries=int(take(data.funders_typed).sum()),
        people_entries=int(take(data.people_typed).sum()),
    )


def _any_typed(columns: list[Amounts], n: int) -> np.ndarray:
    """Which rows hold something in at least one of ``columns``."""
    typed = np.zeros(n, dtype=bool)
    for column in columns:
        typed |= column.typed
    return typed


def summarize(
    actions: pd.DataFrame,
    rule: Rule | None = None,
    settings: Settings | None = None,
    generated: dt.datetime | None = None,
    rule_name: str = "",
    *,
    assessment: Assessment | None = None,
    list_to_fix: bool = True,
) -> Summary:
    """Summaries of a programmation (the rows of the Actions table) per territory and overall.

    ``assessment``: the rows' assessment under ``rule``, when the caller has it already (a
    consolidation assesses every action before it sets duplicates aside). ``list_to_fix``:
    False when the caller lists the actions to fix elsewhere (a regional workbook's
    « À corriger » sheet): the summaries count them, and list none.
    """
    actions = given_frame(actions)
    rule = given_rule(rule)
    settings = given_settings(settings) or Settings()
    generated = given_time(generated, "generated")
    n = len(actions)
    # The columns from one conversion of the table when it is one block of objects (as read).
    arrays: dict[str, np.ndarray] = object_columns(actions) or {}
    if assessment is None:
        assessment = assess_columns(actions, arrays or actions, rule)
    result = assessment

    def get(column: str) -> np.ndarray | None:
        """A column of the table as an object array, made once (None when it is absent)."""
        if column not in arrays:
            if column not in actions.columns:
                return None
            arrays[column] = np.asarray(actions[column], dtype=object)
        return arrays[column]

    # Amounts, funders' amounts and counts of people, read as French numbers: one that
    # cannot be read counts nowhere and is listed, never a silent 0.
    funders = {
        funder: amount_column(get(funder_column(funder)), n)
        for funder in settings.funders
        if funder_column(funder) in actions.columns
    }
    people = any(c in actions.columns for c in BENEFICIARIES)
    read = {REQUESTED: amount_column(get(REQUESTED), n), GRANTED: amount_column(get(GRANTED), n)}
    read.update({funder_column(f): column for f, column in funders.items()})
    if people:
        read.update({c: count_column(get(c), n) for c in BENEFICIARIES})
    requested, granted = read[REQUESTED].euros, read[GRANTED].euros
    # A territory or pilier written in another case or spacing is counted with its usual
    # spelling, and said (see respelled_warnings).
    respelled: dict[str, dict[str, str]] = {TERRITORY: {}, PILIER: {}}
    territory = _Key.of(
        get(TERRITORY),
        n,
        UNKNOWN_TERRITORY,
        listed=settings.territories,
        respelled=respelled[TERRITORY],
    )
    # Rows of each territory in table order: a stable sort, then one slice per territory.
    order = np.argsort(territory.codes, kind="stable")
    bounds = np.cumsum(np.bincount(territory.codes, minlength=len(territory.labels)))
    groups = [
        (str(label), order[end - size : end])
        for label, size, end in zip(
            territory.labels, np.diff(bounds, prepend=0), bounds, strict=True
        )
        if size
    ]
    flags = np.asarray(result.flags, dtype=np.intp)
    unreadable = np.column_stack([column.bad for column in read.values()])
    most_to_fix = settings.max_listed if list_to_fix else 0
    unreadable_rows = unreadable.any(axis=1)
    fixed, bad = _listed_rows(
        [rows for _, rows in groups], flags > 0, unreadable_rows, settings, most_to_fix
    )
    data = _Rows(
        keys={
            TERRITORY: territory,
            PILIER: _Key.of(
                get(PILIER), n, UNKNOWN_PILIER, settings.piliers, respelled=respelled[PILIER]
            ),
            YEAR: _Key.of(get(YEAR), n, UNKNOWN_YEAR),
        },
        labels={
            **{
                column: _listed_labels(get(column), fixed, n) for column in (NUMBER, TITLE, PORTEUR)
            },
            **{column: _listed_labels(get(column), bad, n) for column in read},
        },
        funders={funder: column.euros for funder, column in funders.items()},
        people=_people_read([read[c] for c in BENEFICIARIES]) if people else None,
        funders_typed=_any_typed(list(funders.values()), n),
        people_typed=_any_typed([read[c] for c in BENEFICIARIES] if people else [], n),
        requested=requested,
        granted=granted,
        unreadable=unreadable,
        unreadable_rows=unreadable_rows,
        unreadable_columns=tuple(read),
        status=action_status(result.markers, result.codes),
        reasons=result.reasons,
        flags=flags,
        codes=result.codes,
        most_to_fix=most_to_fix,
    )
    territories = [_summarize(label, data, rows, settings) for label, rows in groups]
    by_territory = _crosstab(territory, None, data.status, data.granted, TERRITORY)
    overall = _summarize(ALL_TERRITORIES, data, None, settings, by_territory)
    return Summary(
        territories,
        overall,
        generated or dt.datetime.now(),
        rule,
        settings,
        rule_name,
        {column: spellings for column, spellings in respelled.items() if spellings},
    )


_FIGURES = re.compile("[0-9]+")


def _is_year(value: object) -> bool:
    """Whether an Année cell holds a year in figures (2025, 2025.0, « 2025 »), or nothing."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return True
        if not _FIGURES.fullmatch(value):  # not isdigit(): « 2025² » is digits to it
            return False
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return float(value).is_integer() and FIRST_YEAR <= value <= LAST_YEAR


def _odd_years(actions: pd.DataFrame, rows: Sequence[int] | None) -> list[str]:
    """The warnings for the Année cells that hold no year in figures (see respelled_warnings)."""
    if YEAR not in actions:
        return []
    values = actions[YEAR].tolist()
    if all(map(_is_year, set(values))):
        return []  # the usual table: a few distinct years, each looked at once
    odd: dict[str, list[int]] = {}
    for i, value in enumerate(values):
        if not _is_year(value):
            # As the summaries label it (a float cell 20266.0 is « 20266 »), in French figures.
            if isinstance(value, float):  # 1e308 is no 309 digits to read
                big = not abs(value) < 1e15
                typed = f"{value:g}" if big else _as_label(value).replace(".", ",")
            else:
                typed = _as_label(value)
            odd.setdefault(typed, []).append(i if rows is None else rows[i])
    said = []
    for typed, at in odd.items():
        where = f" ({agreed(len(at), 'ligne', 'lignes')} {first_few(at)})" if rows else ""
        said.append(
            f"année « {typed} »{where} : pas une année de {FIRST_YEAR} à {LAST_YEAR} écrite en "
            "chiffres ; les synthèses la comptent comme une année à part : tapez l'année en "
            "chiffres (par exemple 2025)."
        )
    return said


def respelled_warnings(
    summary: Summary, actions: pd.DataFrame, rows: Sequence[int] | None = None
) -> list[str]:
    """What :func:`summarize` counted under another spelling, in French: each territory or
    pilier typed in another case or spacing than the one kept, with the rows of ``actions``
    (sheet rows ``rows``, in the table's order) that type it; and each Année that is no year
    in figures (« deux mille vingt-cinq », 20266), counted as a year of its own."""
    said = _odd_years(actions, rows)
    for column, spellings in summary.respelled.items():
        values = [v.strip() if isinstance(v, str) else None for v in actions[column].tolist()]
        what = "territoire" if column == TERRITORY else "pilier"
        for typed, kept in spellings.items():
            where = ""
            if rows is not None:
                at = [row for row, v in zip(rows, values) if v == typed]
                where = f" ({agreed(len(at), 'ligne', 'lignes')} {first_few(at)})"
            said.append(
                f"{what} « {typed} »{where} compté avec « {kept} » : seules les majuscules ou "
                f"les espaces diffèrent ; écrivez-le « {kept} » dans la feuille Actions."
            )
    return said
