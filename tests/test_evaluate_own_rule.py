"""A territory's workbook is evaluated under its own rule (its Grille's box sets), as its
formulas and summaries are; a plain list under the reference reading; --regle above both."""

from __future__ import annotations

from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE
from efh_xl.core.vectorised import evaluate
from efh_xl.workbook.action_lists import evaluate_file
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

QUESTIONS = ["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"]


def test_a_workbook_under_another_rule_is_evaluated_under_it(tmp_path):
    rule = ALTERNATIVE_RULES["cumulatif"]
    actions = sample_actions(per_territory=20)
    path = build_workbook(tmp_path / "t.xlsm", actions=actions, rule=rule)
    own = evaluate(actions[QUESTIONS], rule)["Marqueur"].tolist()
    reference = evaluate(actions[QUESTIONS], DEFAULT_RULE)["Marqueur"].tolist()
    assert own != reference  # the sample tells the two rules apart
    assert evaluate_file(path)["Marqueur"].tolist() == own
    assert evaluate_file(path, rule=DEFAULT_RULE)["Marqueur"].tolist() == reference
    # The same actions as a plain list: the reference reading.
    listed = tmp_path / "liste.csv"
    actions.to_csv(listed, sep=";", index=False)
    assert evaluate_file(listed)["Marqueur"].tolist() == reference
