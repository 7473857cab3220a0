"""Every OUI / NON / blank combination: the engine, the UDFs and evaluate agree with the spec."""

import pandas as pd
import pytest
from conftest import QIDS, all_combinations, marker_list, shown_marker

from efh_xl import evaluate, evaluate_action
from efh_xl.excel.udfs import EFH_GRILLE, EFH_MARQUEUR, EFH_MOTIF

COMBINATIONS = all_combinations()
EXPECTED = [shown_marker(c) for c in COMBINATIONS]
# In a cell (the UDFs): the empty text where no question has an answer, as the formula gives.
CELLS = ["" if m is None else m for m in EXPECTED]


def test_there_are_729_combinations_covering_every_marker():
    assert len(COMBINATIONS) == 729
    assert set(EXPECTED) == {0, 1, 2, None}
    assert EXPECTED.count(None) == 1  # every answer blank: not marked yet


def test_udf_marker_matches_the_spec_for_every_combination():
    got = [EFH_MARQUEUR(*[c[q] for q in QIDS]) for c in COMBINATIONS]
    assert got == CELLS


def test_udf_grid_matches_the_spec_and_the_single_udfs():
    rows = [[c[q] for q in QIDS] for c in COMBINATIONS]
    result = EFH_GRILLE(rows)
    assert [r[0] for r in result] == CELLS
    assert [r[1] for r in result] == [EFH_MOTIF(*row) for row in rows]


def test_evaluate_matches_the_spec_and_the_one_action_functions():
    frame = pd.DataFrame(COMBINATIONS, columns=list(QIDS))
    result = evaluate(frame)
    assert list(result.columns) == ["Marqueur", "Motif"]
    assert str(result["Marqueur"].dtype) == "Int64"
    assert marker_list(result["Marqueur"]) == EXPECTED
    singles = [evaluate_action([c[q] for q in QIDS]) for c in COMBINATIONS]
    assert [m for m, _ in singles] == EXPECTED
    assert result["Motif"].tolist() == [r for _, r in singles]


def test_evaluate_keeps_the_index_and_accepts_any_column_case():
    frame = pd.DataFrame(COMBINATIONS[:5], columns=list(QIDS), index=list("abcde"))
    frame.columns = [" q1", "Q2A", "q2b", "Q3 ", "q4", "Q5"]
    assert list(evaluate(frame).index) == list("abcde")


def test_evaluate_on_an_empty_frame():
    result = evaluate(pd.DataFrame(columns=list(QIDS)))
    assert result.empty and list(result.columns) == ["Marqueur", "Motif"]


def test_missing_columns_are_named_in_french():
    from efh_xl.errors import MissingColumnsError

    with pytest.raises(MissingColumnsError, match="Q4, Q5"):
        evaluate(pd.DataFrame({"Q1": [], "Q2a": [], "Q2b": [], "Q3": []}))
