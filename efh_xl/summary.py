"""The summary model: what a territory shows its comité de pilotage, computed with pandas.

Markers are always recomputed by the engine from the answers, never read from cached cells.
Everything here is plain data (DataFrames and numbers): :mod:`efh_xl.sheets` lays it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .engine import INCOMPLETE, INCONSISTENT, UNRECOGNISED_VALUE, assess
from .grid import DEFAULT_RULE, QUESTION_IDS, QUESTIONS, YES, Rule
from .programmation import GRANTED, NUMBER, PILIER, PORTEUR, REQUESTED, TERRITORY, TITLE, YEAR

ALL_TERRITORIES = "Ensemble"
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


@dataclass
class TerritorySummary:
    """Every figure of one summary sheet."""

    name: str
    actions: int
    by_marker: pd.DataFrame
    by_pilier: pd.DataFrame
    by_year: pd.DataFrame
    questions: pd.DataFrame
    to_fix: pd.DataFrame
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


def _label(series: pd.Series | None, n: int, unknown: str) -> pd.Series:
    if series is None:
        return pd.Series([unknown] * n, dtype=object)
    values = series.astype(object).where(series.notna(), None)
    text = values.map(lambda v: unknown if v is None or str(v).strip() == "" else _as_label(v))
    return text.reset_index(drop=True)


def _as_label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else 0.0


def _crosstab(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Actions and granted euros by marker, per value of ``key``, with totals."""
    counts = pd.crosstab(frame[key], frame["marker"]).reindex(columns=MARKERS, fill_value=0)
    euros = (
        frame.pivot_table(index=key, columns="marker", values="granted", aggfunc="sum")
        .reindex(columns=MARKERS)
        .fillna(0.0)
    )
    result = pd.DataFrame(index=counts.index)
    for m in MARKERS:
        result[f"Actions M{m}"] = counts[m].astype(int)
    result["Actions"] = counts.sum(axis=1).astype(int)
    result["Part M1 ou M2"] = (counts[1] + counts[2]) / result["Actions"]
    for m in MARKERS:
        result[f"Accordé M{m}"] = euros.reindex(counts.index)[m].fillna(0.0)
    result["Accordé"] = result[[f"Accordé M{m}" for m in MARKERS]].sum(axis=1)
    return result.sort_index()


def _summarize(name: str, frame: pd.DataFrame, settings: Settings) -> TerritorySummary:
    n = len(frame)
    counts = frame["marker"].value_counts().reindex(MARKERS, fill_value=0)
    requested = frame.groupby("marker")["requested"].sum().reindex(MARKERS, fill_value=0.0)
    granted = frame.groupby("marker")["granted"].sum().reindex(MARKERS, fill_value=0.0)
    by_marker = pd.DataFrame(
        {
            "Actions": counts.astype(int),
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
            "OUI": [int((frame[f"code_{q}"] == YES).sum()) for q in QUESTION_IDS],
        },
        index=pd.Index(QUESTION_IDS, name="N°"),
    )
    questions["Part des OUI"] = [_share(v, n) for v in questions["OUI"]]
    problems = frame[frame["flags"] > 0]
    to_fix = pd.DataFrame(
        {
            "N° action": problems[NUMBER],
            "Territoire": problems[TERRITORY],
            "Action": problems[TITLE],
            "Porteur": problems[PORTEUR],
            "Problème": problems["flags"].map(_problem_label),
            "Motif": problems["reason"],
        }
    ).reset_index(drop=True)
    weighted = float(by_marker["Euros pondérés (EIGE)"].sum())
    return TerritorySummary(
        name=name,
        actions=n,
        by_marker=by_marker,
        by_pilier=_crosstab(frame, PILIER),
        by_year=_crosstab(frame, YEAR),
        questions=questions,
        to_fix=to_fix,
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
            NUMBER: _label(get(NUMBER), n, ""),
            TITLE: _label(get(TITLE), n, ""),
            PORTEUR: _label(get(PORTEUR), n, ""),
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
