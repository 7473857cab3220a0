"""A value of the wrong kind given to a public function is refused in French where it enters
(WrongArgumentError, a TypeError), not met later as an AttributeError in English; a reading's
name is taken wherever a rule is."""

from __future__ import annotations

import pytest

import efh_xl
from efh_xl.workbook.sample import sample_actions


def test_a_reading_is_taken_by_its_name_wherever_a_rule_is():
    actions = sample_actions(per_territory=2)
    rule = efh_xl.ALTERNATIVE_RULES["cumulatif"]
    assert efh_xl.evaluate_action(["OUI"] * 6, "cumulatif") == efh_xl.evaluate_action(
        ["OUI"] * 6, rule
    )
    assert efh_xl.evaluate(actions, "Cumulatif").equals(efh_xl.evaluate(actions, rule))
    assert efh_xl.summarize(actions, "cumulatif").rule is rule
    assert efh_xl.load_rule(rule) is rule


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: efh_xl.evaluate(None), "frame : il faut un tableau pandas"),
        (lambda: efh_xl.assess({"Q1": ["OUI"]}), "frame : il faut un tableau pandas"),
        (lambda: efh_xl.summarize([1, 2]), "actions : il faut un tableau pandas"),
        (lambda: efh_xl.summarize(sample_actions(2), settings={}), "settings : il faut des"),
        (lambda: efh_xl.summarize(sample_actions(2), generated="2024"), "generated : il faut"),
        (lambda: efh_xl.evaluate_file(None), "path : il faut un chemin de fichier"),
        (lambda: efh_xl.build_workbook(None), "path : il faut un chemin de fichier"),
        (lambda: efh_xl.build_workbook("a.xlsm", actions=[1]), "actions : il faut un tableau"),
        (lambda: efh_xl.refresh([None]), "paths : il faut un chemin de fichier"),
        # Not a list either: « 'NoneType' object is not iterable », in English, before.
        (lambda: efh_xl.refresh(None), "paths : il faut un chemin ou une liste de chemins"),
        (lambda: efh_xl.refresh(3), "paths : il faut un chemin ou une liste de chemins"),
        (lambda: efh_xl.consolidate(None, "r.xlsx"), "inputs : il faut un chemin ou une"),
        (lambda: efh_xl.read_workbook(None), "path : il faut un chemin de fichier"),
        (lambda: efh_xl.write_lite(None), "directory : il faut un chemin de fichier"),
        (lambda: efh_xl.refresh_workbook(3), "path : il faut un chemin de fichier"),
        (lambda: efh_xl.refresh_workbook("a.xlsm", now="2024"), "now : il faut une date"),
        (lambda: efh_xl.consolidate([None], "r.xlsx"), "inputs : il faut un chemin"),
        (lambda: efh_xl.import_actions(None, "a.xlsm"), "source : il faut un chemin"),
        (lambda: efh_xl.load_rule(3), "spec : il faut un chemin de fichier"),
        (lambda: efh_xl.save_rule(efh_xl.DEFAULT_RULE, None), "path : il faut un chemin"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_in_french(call, said, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(efh_xl.WrongArgumentError, match=said) as caught:
        call()
    assert isinstance(caught.value, TypeError)
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


@pytest.mark.parametrize(
    "call",
    [
        lambda: efh_xl.evaluate_action(["OUI"] * 6, 3),
        lambda: efh_xl.evaluate(sample_actions(2), object()),
        lambda: efh_xl.evaluate_file("a.csv", rule=3),
        lambda: efh_xl.build_workbook("a.xlsm", rule=[]),
        lambda: efh_xl.consolidate(["t"], "r.xlsx", rule=3),
    ],
)
def test_a_rule_of_the_wrong_kind_is_refused_in_french(call, tmp_path, monkeypatch):
    # The grid's own check (the per-action path imports no error module): a TypeError.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError, match="rule : il faut une règle .* cumulatif"):
        call()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("cumulatf", "pas « cumulatf » (vouliez-vous dire cumulatif ?)."),
        ("Hachure Q3 ", "pas « Hachure Q3  » (vouliez-vous dire hachure_q3 ?)."),
        (
            "regle.json",
            "pas « regle.json » : un fichier se lit avec efh_xl.load_rule('regle.json').",
        ),
    ],
)
def test_a_mistyped_reading_is_given_its_likely_name_as_the_command_does(given, said):
    with pytest.raises(TypeError) as refused:
        efh_xl.evaluate(sample_actions(2), given)
    assert str(refused.value).endswith(said)


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: efh_xl.build_workbook(""), "indiquez le fichier à écrire, par exemple efh_grille"),
        (lambda: efh_xl.write_lite(" "), "indiquez le dossier où écrire main.py et requirements"),
        (lambda: efh_xl.save_rule("reference", ""), "indiquez le fichier de règle à écrire"),
    ],
)
def test_an_empty_path_to_write_is_said_as_the_file_or_folder_expected(
    call, said, tmp_path, monkeypatch
):
    # « indiquez un classeur, un dossier ou un motif » is what a batch takes, not these.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(efh_xl.EmptyPathError, match=said):
        call()
    assert list(tmp_path.iterdir()) == []


def test_an_empty_rule_name_is_refused_not_read_as_the_current_folder():
    with pytest.raises(efh_xl.RuleFileError, match="nom vide. Donnez le nom d'une lecture"):
        efh_xl.load_rule("")


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"year": "deux mille"}, "year : il faut une année de 2000 à 2100"),
        ({"year": 2025.5}, "year : il faut une année"),
        ({"year": True}, "year : il faut une année"),
        ({"territory": "  "}, "territory : il faut un nom de territoire"),
        ({"territory": 5}, "territory : il faut un nom de territoire"),
    ],
)
def test_import_checks_its_year_and_territory_as_the_command_does(given, said, tmp_path):
    with pytest.raises(efh_xl.WrongArgumentError, match=said):
        efh_xl.import_actions(tmp_path / "l.csv", tmp_path / "a.xlsm", **given)


def test_evaluate_action_still_says_a_single_value_is_no_six_answers():
    with pytest.raises(ValueError, match="6 réponses attendues"):
        efh_xl.evaluate_action(5)
