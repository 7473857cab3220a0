"""The summary model: what a territory shows its comité de pilotage, computed with pandas.

Markers are always recomputed by the engine from the answers, never read from cached cells.
Everything here is plain data (DataFrames and numbers): :mod:`efh_xl.core.sheet_model` lays it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from efh_xl.core.amounts import parse_amount
from efh_xl.core.engine import (
    INCOMPLETE,
    INCONSISTENT,
    MARKER_COLUMN,
    REASON_COLUMN,
    UNRECOGNISED_VALUE,
)
from efh_xl.core.grid import DEFAULT_RULE, QUESTION_IDS, QUESTIONS, YES, Rule
from efh_xl.core.programmation import (
    COLUMNS,
    COMMENTS,
    GRANTED,
    NUMBER,
    PILIER,
    PORTEUR,
    REQUESTED,
    TERRITORY,
    TITLE,
    YEAR,
)
from efh_xl.core.vectorised import assess

ALL_TERRITORIES = "Ensemble"
# The columns of the Actions table that the summaries read (markers are recomputed).
SUMMARY_COLUMNS = tuple(c for c in COLUMNS if c not in (COMMENTS, MARKER_COLUMN, REASON_COLUMN))
MARKERS = (0, 1, 2)
UNKNOWN_TERRITORY = "(territoire non renseigné)"
UNKNOWN = "(non renseigné)"


@dataclass(frozen=True)
class Settings:
    """User-set parts of the summaries: EIGE weights and target shares."""

    # EIGE weighting of euros for EU funds: marker 2 = 100 %, 1 = 40 %, 0 = 0 %.
    eige_weights: tuple[float, float, float] = (0.0, 0.4, 1.0)
    # EU GAP III: 85 % of actions at marker 1 or 2, 20 % at marker 2.
    target_1_or_2: float = 0.85
    target_2: float = 0.20
    # A summary lists at most this many actions to fix; the rest are counted and found by
    # filtering the Motif column of the Actions sheet.
    max_listed: int = 1000


@dataclass
class TerritorySummary:
    """Every figure of one summary sheet."""

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
    by_territory: pd.DataFrame | None = None
    # Actions whose amount could not be read (« n.c. »): counted in no euro figure, listed
    # with what was typed (at most Settings.max_listed).
    unreadable: pd.DataFrame = field(default_factory=pd.DataFrame)
    unreadable_count: int = 0


@dataclass
class Summary:
    """The summaries of a workbook: one per territory, plus all territories together."""

    territories: list[TerritorySummary]
    overall: TerritorySummary
    generated: dt.datetime
    rule: Rule
    settings: Settings = field(default_factory=Settings)

    @property
    def actions(self) -> int:
        return self.overall.actions


def _amount(series: pd.Series | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Amounts in euros (blank = 0) and which rows hold one that cannot be read.

    An unreadable amount counts in no euro figure and is listed: never a silent 0. Only the
    distinct values are parsed in Python.
    """
    if series is None:
        return np.zeros(n), np.zeros(n, dtype=bool)
    ids, uniques = pd.factorize(np.asarray(series, dtype=object), use_na_sentinel=True)
    euros = np.zeros(len(uniques) + 1)  # the NA sentinel -1 lands on the last slot
    bad = np.zeros(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques.tolist()):
        try:
            euros[i] = parse_amount(value) or 0.0
        except ValueError:
            bad[i] = True
    return euros[ids], bad[ids]


def _label(values, n: int, unknown: str) -> np.ndarray:
    """Text labels of a column (integral floats without ".0", blanks as ``unknown``)."""
    key = _Key.of(values, n, unknown)
    return key.labels[key.codes]


@dataclass(frozen=True)
class _Key:
    """A grouping column as sorted distinct labels and one integer code per row."""

    codes: np.ndarray
    labels: np.ndarray

    @classmethod
    def of(cls, values, n: int, unknown: str) -> _Key:
        """Only distinct values are formatted in Python: territories, piliers and years are few."""
        if values is None:
            return cls(np.zeros(n, dtype=np.intp), np.array([unknown], dtype=object))
        # One factorize of the raw values; labels are formatted per distinct value, then
        # merged and sorted (2024, 2024.0 and " 2024" are one year).
        raw_codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
        texts = [_as_label(v) or unknown for v in uniques] + [unknown]
        label_codes, labels = pd.factorize(np.array(texts, dtype=object), sort=True)
        return cls(label_codes[raw_codes], np.asarray(labels, dtype=object))


def _raw(values, n: int) -> np.ndarray:
    return np.full(n, None, dtype=object) if values is None else np.asarray(values, dtype=object)


def _as_label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else 0.0


def _crosstab(
    key: _Key, rows: np.ndarray | None, markers: np.ndarray, granted: np.ndarray, name: str
) -> pd.DataFrame:
    """Actions and granted euros by marker, per label of ``key`` present in ``rows``."""
    codes = key.codes if rows is None else key.codes[rows]
    k, width = len(key.labels), len(MARKERS)
    cell = codes * width + markers
    counts = np.bincount(cell, minlength=k * width).reshape(k, width)
    euros = np.bincount(cell, weights=granted, minlength=k * width).reshape(k, width)
    present = counts.sum(axis=1) > 0
    counts, euros = counts[present], euros[present]
    total = counts.sum(axis=1)  # > 0: only labels present are kept
    share = (counts[:, 1] + counts[:, 2]) / total
    columns = {f"Actions M{m}": counts[:, j] for j, m in enumerate(MARKERS)}
    columns["Actions"] = total
    columns["Part M1 ou M2"] = share
    columns.update({f"Accordé M{m}": euros[:, j] for j, m in enumerate(MARKERS)})
    columns["Accordé"] = euros.sum(axis=1)
    return pd.DataFrame(columns, index=pd.Index(key.labels[present], name=name))


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
    texts: dict[str, np.ndarray]
    requested: np.ndarray
    granted: np.ndarray
    unreadable: np.ndarray  # rows x (requested, granted): amount typed but not readable
    markers: np.ndarray
    reasons: np.ndarray
    flags: np.ndarray
    codes: np.ndarray


def _summarize(
    name: str, data: _Rows, rows: np.ndarray | None, settings: Settings
) -> TerritorySummary:
    """The summary of the actions at ``rows`` (all of them when None)."""

    def take(array: np.ndarray) -> np.ndarray:
        return array if rows is None else array[rows]

    markers, granted, flags = take(data.markers), take(data.granted), take(data.flags)
    n = len(markers)
    width = len(MARKERS)
    counts = np.bincount(markers, minlength=width)
    requested = np.bincount(markers, weights=take(data.requested), minlength=width)
    granted_by_marker = np.bincount(markers, weights=granted, minlength=width)
    total_granted = granted_by_marker.sum()
    by_marker = pd.DataFrame(
        {
            "Actions": counts,
            "Part des actions": [_share(c, n) for c in counts],
            REQUESTED: requested,
            GRANTED: granted_by_marker,
            "Part des euros accordés": [_share(g, total_granted) for g in granted_by_marker],
            "Euros pondérés (EIGE)": granted_by_marker * np.array(settings.eige_weights),
        },
        index=pd.Index(MARKERS, name="Marqueur"),
    )
    yes = (take(data.codes) == YES).sum(axis=0)
    questions = pd.DataFrame(
        {
            "Question": [q.label for q in QUESTIONS],
            "OUI": yes,
            "Part des OUI": [_share(v, n) for v in yes],
        },
        index=pd.Index(QUESTION_IDS, name="N°"),
    )
    problems = np.flatnonzero(flags > 0)
    listed = problems[: settings.max_listed]
    if rows is not None:
        listed = rows[listed]
    k = len(listed)
    territory = data.keys[TERRITORY]
    to_fix = pd.DataFrame(
        {
            "N° action": _label(data.texts[NUMBER][listed], k, ""),
            "Territoire": territory.labels[territory.codes[listed]],
            "Action": _label(data.texts[TITLE][listed], k, ""),
            "Porteur": _label(data.texts[PORTEUR][listed], k, ""),
            "Problème": _PROBLEM_LABELS[data.flags[listed]],
            "Motif": data.reasons[listed],
        }
    )
    bad = take(data.unreadable)
    bad_rows = np.flatnonzero(bad.any(axis=1))
    listed = bad_rows[: settings.max_listed]
    shown = bad[listed]
    if rows is not None:
        listed = rows[listed]
    k = len(listed)
    unreadable = pd.DataFrame(
        {
            "N° action": _label(data.texts[NUMBER][listed], k, ""),
            "Territoire": territory.labels[territory.codes[listed]],
            "Action": _label(data.texts[TITLE][listed], k, ""),
            **{
                column: np.where(shown[:, j], _label(data.texts[column][listed], k, ""), "")
                for j, column in enumerate((REQUESTED, GRANTED))
            },
        }
    )
    weighted = float(by_marker["Euros pondérés (EIGE)"].sum())
    return TerritorySummary(
        name=name,
        actions=n,
        by_marker=by_marker,
        by_pilier=_crosstab(data.keys[PILIER], rows, markers, granted, PILIER),
        by_year=_crosstab(data.keys[YEAR], rows, markers, granted, YEAR),
        questions=questions,
        to_fix=to_fix,
        to_fix_count=len(problems),
        share_1_or_2=_share(counts[1] + counts[2], n),
        share_2=_share(counts[2], n),
        weighted_euros=weighted,
        weighted_share=_share(weighted, total_granted),
        unreadable=unreadable,
        unreadable_count=len(bad_rows),
    )


def summarize(
    actions: pd.DataFrame,
    rule: Rule | None = None,
    settings: Settings | None = None,
    generated: dt.datetime | None = None,
) -> Summary:
    """Summaries of a programmation (the rows of the Actions table) per territory and overall."""
    rule = rule or DEFAULT_RULE
    settings = settings or Settings()
    n = len(actions)
    result = assess(actions, rule)
    get = actions.get
    requested, bad_requested = _amount(get(REQUESTED), n)
    granted, bad_granted = _amount(get(GRANTED), n)
    data = _Rows(
        keys={
            TERRITORY: _Key.of(get(TERRITORY), n, UNKNOWN_TERRITORY),
            PILIER: _Key.of(get(PILIER), n, UNKNOWN),
            YEAR: _Key.of(get(YEAR), n, UNKNOWN),
        },
        # Labelled later, only for the actions a summary lists.
        texts={
            column: _raw(get(column), n) for column in (NUMBER, TITLE, PORTEUR, REQUESTED, GRANTED)
        },
        requested=requested,
        granted=granted,
        unreadable=np.column_stack([bad_requested, bad_granted]),
        markers=np.asarray(result.markers, dtype=np.intp),
        reasons=result.reasons,
        flags=np.asarray(result.flags, dtype=np.intp),
        codes=result.codes,
    )
    territory = data.keys[TERRITORY]
    # Rows of each territory in table order: a stable sort, then one slice per territory.
    order = np.argsort(territory.codes, kind="stable")
    bounds = np.cumsum(np.bincount(territory.codes, minlength=len(territory.labels)))
    territories = [
        _summarize(str(label), data, order[end - size : end], settings)
        for label, size, end in zip(
            territory.labels, np.diff(bounds, prepend=0), bounds, strict=True
        )
        if size
    ]
    overall = _summarize(ALL_TERRITORIES, data, None, settings)
    overall.by_territory = _crosstab(territory, None, data.markers, data.granted, TERRITORY)
    return Summary(territories, overall, generated or dt.datetime.now(), rule, settings)
