"""The summary model: what a territory shows its comité de pilotage, computed with pandas.

Markers are always recomputed by the engine from the answers, never read from cached cells.
Everything here is plain data (DataFrames and numbers): :mod:`efh_xl.sheets` lays it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .engine import (
    INCOMPLETE,
    INCONSISTENT,
    MARKER_COLUMN,
    REASON_COLUMN,
    UNRECOGNISED_VALUE,
    assess,
)
from .grid import DEFAULT_RULE, QUESTION_IDS, QUESTIONS, YES, Rule
from .programmation import (
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


def _amount(series: pd.Series | None, n: int) -> np.ndarray:
    if series is None:
        return np.zeros(n)
    return pd.to_numeric(series, errors="coerce").fillna(0.0).to_numpy(dtype=float)


def _label(values, n: int, unknown: str) -> np.ndarray:
    """Text labels of a column (integral floats without ".0", blanks as ``unknown``).

    Only distinct values are formatted in Python: territories, piliers and years are few.
    """
    if values is None:
        return np.full(n, unknown, dtype=object)
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    labels = np.array([_as_label(v) or unknown for v in uniques] + [unknown], dtype=object)
    return labels[codes]


def _raw(values, n: int) -> np.ndarray:
    return np.full(n, None, dtype=object) if values is None else np.asarray(values, dtype=object)


def _as_label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else 0.0


def _crosstab(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Actions and granted euros by marker, per value of ``key`` (sorted)."""
    codes, uniques = pd.factorize(frame[key].to_numpy(dtype=object), sort=True)
    k = len(uniques)
    cell = codes * len(MARKERS) + frame["marker"].to_numpy()
    counts = np.bincount(cell, minlength=k * len(MARKERS)).reshape(k, len(MARKERS))
    euros = np.bincount(
        cell, weights=frame["granted"].to_numpy(), minlength=k * len(MARKERS)
    ).reshape(k, len(MARKERS))
    result = pd.DataFrame(index=pd.Index(uniques, name=key))
    for j, m in enumerate(MARKERS):
        result[f"Actions M{m}"] = counts[:, j]
    result["Actions"] = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        result["Part M1 ou M2"] = np.where(
            result["Actions"] > 0, (counts[:, 1] + counts[:, 2]) / result["Actions"], 0.0
        )
    for j, m in enumerate(MARKERS):
        result[f"Accordé M{m}"] = euros[:, j]
    result["Accordé"] = euros.sum(axis=1)
    return result


def _summarize(name: str, frame: pd.DataFrame, settings: Settings) -> TerritorySummary:
    n = len(frame)
    markers = frame["marker"].to_numpy()
    width = len(MARKERS)
    counts = np.bincount(markers, minlength=width)
    requested = np.bincount(markers, weights=frame["requested"].to_numpy(), minlength=width)
    granted = np.bincount(markers, weights=frame["granted"].to_numpy(), minlength=width)
    by_marker = pd.DataFrame(
        {
            "Actions": counts,
            "Part des actions": [_share(c, n) for c in counts],
            REQUESTED: requested,
            GRANTED: granted,
            "Part des euros accordés": [_share(g, granted.sum()) for g in granted],
            "Euros pondérés (EIGE)": granted * np.array(settings.eige_weights),
        },
        index=pd.Index(MARKERS, name="Marqueur"),
    )
    questions = pd.DataFrame(
        {
            "Question": [q.label for q in QUESTIONS],
            "OUI": (frame[[f"code_{q}" for q in QUESTION_IDS]].to_numpy() == YES).sum(axis=0),
        },
        index=pd.Index(QUESTION_IDS, name="N°"),
    )
    questions["Part des OUI"] = [_share(v, n) for v in questions["OUI"]]
    problem_rows = np.flatnonzero(frame["flags"].to_numpy() > 0)
    listed = frame.iloc[problem_rows[: settings.max_listed]]
    k = len(listed)
    to_fix = pd.DataFrame(
        {
            "N° action": _label(listed[NUMBER].to_numpy(), k, ""),
            "Territoire": listed[TERRITORY].to_numpy(),
            "Action": _label(listed[TITLE].to_numpy(), k, ""),
            "Porteur": _label(listed[PORTEUR].to_numpy(), k, ""),
            "Problème": [_problem_label(int(f)) for f in listed["flags"]],
            "Motif": listed["reason"].to_numpy(),
        }
    )
    weighted = float(by_marker["Euros pondérés (EIGE)"].sum())
    return TerritorySummary(
        name=name,
        actions=n,
        by_marker=by_marker,
        by_pilier=_crosstab(frame, PILIER),
        by_year=_crosstab(frame, YEAR),
        questions=questions,
        to_fix=to_fix,
        to_fix_count=len(problem_rows),
        share_1_or_2=_share(counts[1] + counts[2], n),
        share_2=_share(counts[2], n),
        weighted_euros=weighted,
        weighted_share=_share(weighted, granted.sum()),
    )


def _problem_label(flags: int) -> str:
    labels = []
    if flags & UNRECOGNISED_VALUE:
        labels.append("non reconnu")
    if flags & INCONSISTENT:
        labels.append("incohérent")
    if flags & INCOMPLETE:
        labels.append("incomplet")
    return ", ".join(labels)


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
    frame = pd.DataFrame(
        {
            TERRITORY: _label(get(TERRITORY), n, UNKNOWN_TERRITORY),
            PILIER: _label(get(PILIER), n, UNKNOWN),
            YEAR: _label(get(YEAR), n, UNKNOWN),
            # Labelled later, only for the actions a summary lists.
            NUMBER: _raw(get(NUMBER), n),
            TITLE: _raw(get(TITLE), n),
            PORTEUR: _raw(get(PORTEUR), n),
            "requested": _amount(get(REQUESTED), n),
            "granted": _amount(get(GRANTED), n),
            "marker": result.markers,
            "reason": result.reasons,
            "flags": result.flags.astype(int),
            **{f"code_{q}": result.codes[:, i] for i, q in enumerate(QUESTION_IDS)},
        }
    )
    territories = [
        _summarize(str(name), group, settings)
        for name, group in frame.groupby(TERRITORY, sort=True)
    ]
    overall = _summarize(ALL_TERRITORIES, frame, settings)
    overall.by_territory = _crosstab(frame, TERRITORY)
    return Summary(territories, overall, generated or dt.datetime.now(), rule, settings)
