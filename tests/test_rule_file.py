"""Rule files and --regle: build, evaluate and summary apply a named reading of the grid or a
JSON rule file written by ``efh-xl regle`` (its format: test_rule_file_format.py; an unusable
one, a French error with exit code 2: test_rule_file_errors.py)."""

from __future__ import annotations

import json

import pandas as pd
from conftest import WORKBOOK

import efh_xl
from efh_xl.cli import main


def test_a_saved_rule_reads_back_equal(tmp_path):
    for name, rule in [("reference", efh_xl.DEFAULT_RULE), *efh_xl.ALTERNATIVE_RULES.items()]:
        path = efh_xl.save_rule(name, tmp_path / f"{name}.json")
        assert efh_xl.load_rule(path) == rule
        assert efh_xl.load_rule(name) == rule
        assert json.loads(path.read_text(encoding="utf-8"))["nom"] == rule.name


def test_the_cli_writes_a_rule_file_and_evaluate_applies_it(tmp_path, capsys):
    answers = pd.DataFrame(
        [["OUI", "OUI", None, "NON", "NON", "NON"], ["OUI", "OUI", None, "OUI", "OUI", "OUI"]],
        columns=["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"],
    )
    listing = tmp_path / "liste.csv"
    answers.to_csv(listing, index=False, sep=";")
    rule_path = tmp_path / "regle.json"
    assert main(["regle", "cumulatif", "--output", str(rule_path)]) == 0
    for spec in ("cumulatif", str(rule_path)):
        out = tmp_path / "evalue.csv"
        argv = ["evaluate", str(listing), "--output", str(out), "--regle", spec, "--force"]
        assert main(argv) == 0
        got = pd.read_csv(out, sep=None, engine="python")
        expected = efh_xl.evaluate(answers, efh_xl.ALTERNATIVE_RULES["cumulatif"])
        assert list(got["Marqueur"]) == list(expected["Marqueur"]) == [0, 2]
    default = efh_xl.evaluate_file(listing)
    assert list(default["Marqueur"]) == [2, 2]


def test_build_and_summary_take_the_rule(tmp_path, capsys):
    book = tmp_path / "hachure.xlsm"
    assert main(["build", str(book), "--regle", "hachure_q3"]) == 0
    assert efh_xl.read_workbook(book).rule == efh_xl.ALTERNATIVE_RULES["hachure_q3"]
    capsys.readouterr()
    assert main(["summary", str(WORKBOOK), "--regle", "cumulatif"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Synthèse EFH de ")


def test_the_rule_file_to_give_to_regle_is_quoted_as_a_shell_takes_it(tmp_path, capsys):
    # « puis --regle règles été/ma règle.json », unquoted, was three words to a shell.
    spaced = tmp_path / "règles été" / "ma règle.json"
    assert main(["regle", "--output", str(spaced)]) == 0
    assert f'puis --regle "{spaced}").' in capsys.readouterr().out
    apostrophe = tmp_path / "règle_d'été.json"
    assert main(["regle", "--output", str(apostrophe)]) == 0
    assert f'puis --regle "{apostrophe}").' in capsys.readouterr().out
    plain = tmp_path / "regle.json"
    assert main(["regle", "--output", str(plain)]) == 0
    assert f"puis --regle {plain})." in capsys.readouterr().out
    assert efh_xl.load_rule(spaced) == efh_xl.load_rule(apostrophe) == efh_xl.DEFAULT_RULE
