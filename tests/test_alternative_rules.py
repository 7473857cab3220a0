"""Alternative readings of the paper are data: changing it changes the results, not the code."""

import pandas as pd
from conftest import QIDS, SPEC_HATCHED, all_combinations, marker_list, shown_marker

from efh_xl import ALTERNATIVE_RULES, DEFAULT_RULE, evaluate

FRAME = pd.DataFrame(all_combinations(), columns=list(QIDS))


def test_third_hatched_box_q3_reading():
    rule = DEFAULT_RULE.with_box_sets(hachure=(("Q1", "NON"), ("Q2b", "OUI"), ("Q3", "OUI")))
    hatched = {"Q1": "NON", "Q2b": "OUI", "Q3": "OUI"}
    expected = [shown_marker(c, hatched=hatched) for c in all_combinations()]
    assert marker_list(evaluate(FRAME, rule)["Marqueur"]) == expected
    assert expected != [shown_marker(c) for c in all_combinations()]
    assert marker_list(evaluate(FRAME, ALTERNATIVE_RULES["hachure_q3"])["Marqueur"]) == expected


def test_cumulative_reading():
    expected = [shown_marker(c, cumulative=True) for c in all_combinations()]
    assert marker_list(evaluate(FRAME, ALTERNATIVE_RULES["cumulatif"])["Marqueur"]) == expected


def test_a_box_set_read_from_a_sheet_table():
    table = DEFAULT_RULE.box_table()
    table[2] = ["non", "", "x", "OUI", None, ""]  # hachuré as a user could type it
    rule = DEFAULT_RULE.with_box_table(table)
    hatched = {"Q1": "NON", "Q2b": "OUI", "Q3": "OUI"}
    expected = [shown_marker(c, hatched=hatched) for c in all_combinations()]
    assert marker_list(evaluate(FRAME, rule)["Marqueur"]) == expected
    assert SPEC_HATCHED != hatched


def test_the_reason_follows_the_rule_data():
    rule = ALTERNATIVE_RULES["hachure_q3"]
    row = pd.DataFrame([["NON", "NON", "OUI", "OUI", "NON", "NON"]], columns=list(QIDS))
    text = evaluate(row, rule)["Motif"].iloc[0]
    assert text == (
        "Marqueur 2 : public non mixte, non-mixité cohérente et diagnostic sexué (cases hachurées)"
    )
