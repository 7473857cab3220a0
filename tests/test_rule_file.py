"""Rule files and --regle: build, evaluate and summary apply a named reading of the grid or a
JSON rule file written by ``efh-xl regle``; an unusable one is a French error, exit code 2."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import WORKBOOK

import efh_xl
from efh_xl.cli import main
from efh_xl.errors import RuleFileError


def test_a_saved_rule_reads_back_equal(tmp_path):
    for name, rule in [("reference", efh_xl.DEFAULT_RULE), *efh_xl.ALTERNATIVE_RULES.items()]:
        path = efh_xl.save_rule(name, tmp_path / f"{name}.json")
        assert efh_xl.load_rule(path) == rule
        assert efh_xl.load_rule(name) == rule
        assert json.loads(path.read_text(encoding="utf-8"))["name"] == rule.name


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


@pytest.mark.parametrize("content", [None, "{ pas du json", '{"format": 99}', "[]"])
def test_an_unusable_rule_is_a_french_error_with_exit_code_2(tmp_path, capsys, content):
    spec = "inconnue"
    if content is not None:
        spec = str(tmp_path / "regle.json")
        (tmp_path / "regle.json").write_text(content, encoding="utf-8")
    with pytest.raises(RuleFileError):
        efh_xl.load_rule(spec)
    assert main(["evaluate", str(tmp_path / "x.csv"), "--regle", spec]) == 2
    err = capsys.readouterr().err
    assert "Règle « " in err and "reference, hachure_q3, cumulatif" in err


def _edited(change):
    data = json.loads(json.dumps(efh_xl.core.rule_data.rule_to_dict(efh_xl.DEFAULT_RULE)))
    change(data)
    return json.dumps(data, ensure_ascii=False)


def _set(path, value):
    def change(data):
        *keys, last = path
        target = data
        for key in keys:
            target = target[key]
        target[last] = value

    return change


# A rule file is meant to be edited by hand: each slip gets a French reason naming what to
# correct (was: an internal error, exit code 70, for an answer « PEUT »).
EDITS = [
    (_set(["box_sets", 0, "boxes", 0, 1], "PEUT"), "« PEUT » au lieu de OUI ou NON"),
    (_set(["box_sets", 0, "boxes", 0, 0], "Q7"), "question « Q7 » inconnue"),
    (_set(["levels", 0, "marker"], 3), "marqueur 3"),
    (_set(["levels", 0, "alternatives", 0, "sets"], ["vert"]), "ensemble « vert » inconnu"),
    (_set(["levels", 1, "alternatives", 0, "extra"], [["vert_fonce", "Q9"]]), "« Q9 » inconnue"),
    (_set(["spellings", "oui"], "OUI"), "orthographes « oui »"),
    (_set(["box_sets", 0, "boxes"], []), "vide : toute action l'atteindrait"),
    (_set(["levels"], 7), "une valeur n'a pas la forme attendue"),
    (lambda data: data.pop("levels"), "clé 'levels' absente"),
]


@pytest.mark.parametrize("change, why", EDITS, ids=[w for _, w in EDITS])
def test_a_hand_edited_rule_file_names_what_to_correct(tmp_path, capsys, change, why):
    path = tmp_path / "regle.json"
    path.write_text(_edited(change), encoding="utf-8")
    with pytest.raises(RuleFileError, match=why):
        efh_xl.load_rule(path)
    assert main(["summary", str(WORKBOOK), "--regle", str(path)]) == 2
    err = capsys.readouterr().err
    assert why in err and "Traceback" not in err and "erreur interne" not in err


@pytest.mark.parametrize(
    "content, why",
    [
        (b"{,}", "JSON illisible ligne 1, colonne 2"),
        ("{ « é » }".encode("cp1252"), "n'est pas un texte UTF-8"),
        (b'{"mine": 1}', "pas de clé format"),
    ],
)
def test_an_unreadable_rule_file_is_explained_in_french(tmp_path, capsys, content, why):
    path = tmp_path / "regle.json"
    path.write_bytes(content)
    assert main(["summary", str(WORKBOOK), "--regle", str(path)]) == 2
    err = capsys.readouterr().err
    assert why in err and "Expecting" not in err and "codec" not in err


def test_a_folder_given_as_rule_is_named_as_a_folder(tmp_path, capsys):
    assert main(["summary", str(WORKBOOK), "--regle", str(tmp_path)]) == 2
    assert "c'est un dossier" in capsys.readouterr().err
