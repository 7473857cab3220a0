"""What argparse itself prints (usage, titles, -h, errors) is in French, like the rest."""

from __future__ import annotations

import pytest

from efh_xl.cli import main, parser

ENGLISH = ("usage:", "positional arguments", "show this help", "error:", "unrecognized", "required")


def every_parser():
    top = parser()
    yield top
    for action in top._subparsers._group_actions:  # the COMMANDE choices
        yield from action.choices.values()


def test_every_help_page_is_in_french():
    for command in every_parser():
        text = command.format_help()
        assert text.startswith("utilisation : "), text[:40]
        assert "afficher cette aide et quitter" in text
        assert not [word for word in ENGLISH if word in text], command.prog


def test_every_command_help_starts_with_what_the_command_does():
    # « refresh --help » never said that it rewrites the workbooks in place.
    top = parser()
    commands = top._subparsers._group_actions[0]
    for listed in commands._choices_actions:
        command = commands.choices[listed.dest]
        said = command.description or ""
        assert said.startswith(listed.help[:1].upper() + listed.help[1:]), listed.dest
        text = command.format_help()
        assert text.split("\n\n")[1].startswith(said[:40]), listed.dest
    refresh = " ".join(commands.choices["refresh"].format_help().split())
    assert "réécrits sur place, sauf avec --output" in refresh


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["frob"], "COMMANDE : choix « frob » inconnu (choisir parmi « build »"),
        # An option before the command is named, not its value taken for the command.
        (
            ["--outptu", "x"],
            "efh-xl : erreur : option --outptu inconnue (vouliez-vous dire --output ?) ; une "
            "option de commande se place après elle : efh-xl COMMANDE … --output",
        ),
        (["--force", "build", "a.xlsm"], "option --force placée avant la commande"),
        (["--debg", "summary", "a.xlsm"], "option --debg inconnue (vouliez-vous dire --debug ?)"),
        (["refresh", "x.xlsm", "--bogus"], "argument non reconnu : --bogus"),
        (["import"], "arguments obligatoires manquants : LISTE, --into"),
        (["import", "a.csv", "--into", "b.xlsm", "--annee", "deux"], "valeur « deux » invalide"),
        (["consolidate", "a.xlsm", "-o"], "une valeur est attendue après l'option"),
        # A required option mistyped: its typo, not « argument obligatoire manquant ».
        (
            ["consolidate", "a.xlsm", "--ouput", "r.xlsx"],
            "argument non reconnu : --ouput (vouliez-vous dire --output ?)",
        ),
        # Typed by its French meaning, which no spelling distance finds (it gave --force).
        (["consolidate", "a.xlsm", "--sortie", "r.xlsx"], "vouliez-vous dire --output ?"),
        (["import", "a.csv", "--into", "b.xlsm", "--année", "2025"], "dire --annee ?"),
        # regle takes the reading as its argument, where the other commands take --regle.
        (
            ["regle", "--regle", "cumulatif"],
            "argument non reconnu : --regle (vouliez-vous dire efh-xl regle NOM, sans --regle ?)",
        ),
        (["regle", "--règle", "cumulatif"], "dire efh-xl regle NOM, sans --regle ?"),
        (["regle", "--rule", "cumulatif"], "dire efh-xl regle NOM, sans --regle ?"),
        # A unique beginning is the option, as argparse takes it; an ambiguous one is not.
        (
            ["import", "a.csv", "--in", "b.xlsm", "--dry", "--bogus"],
            "argument non reconnu : --bogus",
        ),
    ],
)
def test_usage_errors_are_french_with_code_2(argv, expected, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert expected in err
    assert err.startswith("utilisation : efh-xl")
    assert "--help" in err.splitlines()[-1]
    assert not [word for word in ENGLISH if word in err]
    assert "choix 'x' inconnu" not in err


def test_one_rule_file_with_spaces_typed_as_an_argument_is_one_argument(capsys):
    # A review: « arguments non reconnus : ma regle.json », a path with a space read as two.
    with pytest.raises(SystemExit):
        main(["regle", "reference", "ma regle (2).json"])
    err = capsys.readouterr().err
    assert "argument non reconnu : ma regle (2).json (le fichier à écrire se donne avec -o" in err
