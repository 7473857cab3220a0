"""A rule file written by « efh-xl regle », given where a workbook is expected (refresh,
summary, import --into, consolidate) or a list of actions (evaluate, import), is said to be a
rule file to give to --regle: known by its content, whatever its name. Saving it « au format
.xlsm », as the advice for an unreadable workbook says, would make no sense of it, and
« format non pris en charge » would not say what it is."""

from __future__ import annotations

import shutil

import pytest
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.errors import EXIT_UNREADABLE, EXIT_USAGE, RuleFileAsListError

LIST = "N° action;Q1;Q2a;Q2b;Q3;Q4;Q5\nA1;OUI;OUI;;OUI;OUI;OUI\n"
SAID = (
    "n'est pas un classeur Excel, c'est un fichier de règle : donnez-le à --regle, par "
    "exemple efh-xl build --regle {} classeur.xlsm"
)


@pytest.fixture
def folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["regle", "-o", "regle.json"]) == 0
    shutil.copy("regle.json", "copie.xlsx")  # renamed: known by its content all the same
    shutil.copy("regle.json", "regle.toml")
    shutil.copyfile(WORKBOOK, "a.xlsm")
    (tmp_path / "liste.csv").write_text(LIST, encoding="utf-8")
    capsys.readouterr()
    return tmp_path


@pytest.mark.parametrize(
    "argv",
    [
        ["refresh", "{}"],
        ["summary", "{}"],
        ["import", "liste.csv", "--into", "{}"],
        ["consolidate", "{}", "-o", "r.xlsx"],
    ],
    ids=["refresh", "summary", "import", "consolidate"],
)
@pytest.mark.parametrize("name", ["regle.json", "copie.xlsx"])
def test_a_rule_file_for_a_workbook_is_sent_to_regle(folder, capsys, argv, name):
    before = (folder / name).read_bytes()
    assert main([a.format(name) for a in argv]) == EXIT_UNREADABLE
    out = " ".join((lambda c: c.out + c.err)(capsys.readouterr()).split())
    assert f"{name} {SAID.format(name)}" in out, out
    assert "format .xlsm" not in out and "Traceback" not in out
    assert (folder / name).read_bytes() == before


def test_the_command_the_message_names_takes_the_rule_file(folder, capsys):
    assert main(["build", "--regle", "regle.json", "classeur.xlsm"]) == 0
    assert (folder / "classeur.xlsm").is_file()


def test_consolidate_leaves_a_rule_file_in_a_territory_folder_aside(folder, capsys):
    # As a .csv there: a folder is read for its workbooks only, without a word on the rest.
    territory = folder / "territoires"
    territory.mkdir()
    shutil.copyfile(WORKBOOK, territory / "t.xlsm")
    shutil.copy(folder / "regle.json", territory / "regle.json")
    shutil.copy(folder / "liste.csv", territory / "liste.csv")
    assert main(["consolidate", "territoires", "-o", "r.xlsx"]) == 0
    out = capsys.readouterr().out
    assert "regle.json" not in out and "liste.csv" not in out and "0 ignoré" in out


def test_other_json_is_still_no_workbook(folder, capsys):
    (folder / "autre.json").write_text('{"nom": "pas une règle"}', encoding="utf-8")
    assert main(["summary", "autre.json"]) == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert "autre.json n'est pas un classeur Excel lisible" in err
    assert "fichier de règle" not in err


@pytest.mark.parametrize("name", ["regle.json", "regle.toml"])
def test_a_rule_file_to_evaluate_is_sent_to_regle(folder, capsys, name):
    before = (folder / name).read_bytes()
    assert main(["evaluate", name]) == EXIT_UNREADABLE
    err = " ".join(capsys.readouterr().err.split())
    assert (
        f"{name} n'est pas une liste d'actions, c'est un fichier de règle : donnez-le à "
        f"--regle, par exemple efh-xl evaluate liste.csv --regle {name} (build, evaluate, "
        "summary et consolidate acceptent --regle)."
    ) in err, err
    assert "format non pris en charge" not in err and "Traceback" not in err
    assert (folder / name).read_bytes() == before
    # The command the message names takes it.
    assert main(["evaluate", "liste.csv", "--regle", name]) == 0


@pytest.mark.parametrize("name", ["regle.json", "regle.toml"])
def test_a_rule_file_to_import_is_said_to_be_no_list(folder, capsys, name):
    before = {p: p.read_bytes() for p in (folder / name, folder / "a.xlsm")}
    assert main(["import", name, "--into", "a.xlsm"]) == EXIT_UNREADABLE
    err = " ".join(capsys.readouterr().err.split())
    assert f"{name} n'est pas une liste d'actions, c'est un fichier de règle" in err, err
    assert f"efh-xl build --regle {name} classeur.xlsm" in err
    assert "format non pris en charge" not in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.parametrize("name", ["regle.txt", "regle"])
@pytest.mark.parametrize("command", ["evaluate", "import"])
def test_a_rule_file_named_as_text_is_said_so_too(folder, capsys, name, command):
    # .txt, or no extension, is read as a text list: its JSON lines made « valeurs en trop ».
    shutil.copy("regle.json", name)
    argv = [command, name] + (["--into", "a.xlsm"] if command == "import" else [])
    assert main(argv) == EXIT_UNREADABLE
    err = " ".join(capsys.readouterr().err.split())
    assert f"{name} n'est pas une liste d'actions, c'est un fichier de règle" in err, err


def test_a_rule_file_as_column_mapping_is_said_to_be_a_rule(folder, capsys):
    before = (folder / "a.xlsm").read_bytes()
    argv = ["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "regle.json"]
    assert main(argv) == EXIT_USAGE  # a mapping that cannot be used, as any other
    err = " ".join(capsys.readouterr().err.split())
    assert (
        "Correspondance de colonnes invalide : regle.json est un fichier de règle (écrit par "
        "« efh-xl regle »), pas une correspondance de colonnes : une règle se donne à --regle"
    ) in err, err
    assert "TOML lisible" not in err
    assert (folder / "a.xlsm").read_bytes() == before


def test_the_api_raises_the_rule_file_error_for_a_list(folder):
    import efh_xl

    with pytest.raises(RuleFileAsListError) as raised:
        efh_xl.evaluate_file("regle.json")
    assert raised.value.exit_code == EXIT_UNREADABLE
    assert raised.value.reason.startswith("Ce fichier n'est pas une liste d'actions")


def test_other_json_or_toml_is_still_an_unsupported_list(folder, capsys):
    (folder / "autre.json").write_text('{"nom": "pas une règle"}', encoding="utf-8")
    (folder / "noms.toml").write_text('[colonnes]\n"A" = "N° action"\n', encoding="utf-8")
    for name in ("autre.json", "noms.toml"):
        assert main(["evaluate", name]) == EXIT_UNREADABLE
        assert main(["import", name, "--into", "a.xlsm"]) == EXIT_UNREADABLE
        err = capsys.readouterr().err
        assert err.count(f"{name} : format non pris en charge") == 2, err
        assert "fichier de règle" not in err
