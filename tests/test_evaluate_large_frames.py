"""``evaluate`` on frames large enough for its fast paths gives what ``evaluate_action`` gives.

Above a few thousand rows, a column whose cells share a few objects is factorized by object
identity first, and reasons with quoted values are written once per distinct reason. These
tests compare every row with the per-action path, for shared cells, for one object per cell,
and for awkward values (NaN, pandas NA, numpy scalars, unhashable cells).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import marker_list

from efh_xl import ALTERNATIVE_RULES, evaluate, evaluate_action
from efh_xl.core.grid import QUESTION_IDS

ROWS = 20_000
VALUES = [
    "OUI", "NON", None, "oui", " Non\xa0", "O", "N", "X", "N/A", "?", "peut-être",
    "#N/A", "à voir avec la structure " * 3, 1.0, 0.0, True, False, float("nan"), pd.NA,
    np.float64(1.0), np.int64(0), np.bool_(True), "=1+1", "", "  ",
]  # fmt: skip


def _frame(distinct: bool, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    columns = {}
    for qid in QUESTION_IDS:
        values = np.empty(ROWS, dtype=object)
        picks = rng.integers(0, len(VALUES), size=ROWS).tolist()
        if distinct:  # one object per cell, as a reader that creates each cell's string
            values[:] = [
                (v + "\x00")[:-1] if type(v) is str else v + 0.0 if type(v) is float else v
                for v in (VALUES[p] for p in picks)
            ]
        else:
            values[:] = [VALUES[p] for p in picks]
        columns[qid] = values
    return pd.DataFrame(columns)


def _expected(frame: pd.DataFrame, rule=None) -> list[tuple[int, str]]:
    return [evaluate_action(row, rule) for row in frame.itertuples(index=False, name=None)]


@pytest.mark.parametrize("distinct", [False, True], ids=["shared cells", "one object per cell"])
def test_every_row_as_the_per_action_path(distinct):
    frame = _frame(distinct)
    result = evaluate(frame)
    assert list(zip(marker_list(result["Marqueur"]), result["Motif"].tolist())) == _expected(frame)


def test_under_another_rule():
    rule = next(iter(ALTERNATIVE_RULES.values()))
    frame = _frame(False, seed=1)
    result = evaluate(frame, rule)
    expected = _expected(frame, rule)
    assert list(zip(marker_list(result["Marqueur"]), result["Motif"].tolist())) == expected


def test_unhashable_cells_are_read_by_their_text():
    frame = _frame(False, seed=2)
    odd = ["OUI"]  # one shared unhashable object
    frame.loc[::7, "Q1"] = pd.Series([odd] * len(frame.loc[::7]), dtype=object).to_numpy()
    result = evaluate(frame)
    assert list(zip(marker_list(result["Marqueur"]), result["Motif"].tolist())) == _expected(frame)


def test_a_strided_view_of_a_frame():
    frame = _frame(False, seed=3).iloc[::3]
    result = evaluate(frame)
    assert list(result.index) == list(frame.index)
    assert list(zip(marker_list(result["Marqueur"]), result["Motif"].tolist())) == _expected(frame)
