"""The README documents every CLI command; the guide explains every command with real options,
quotes the Contrôle verdict the workbook shows, and its pictures exist."""

import re

from conftest import ROOT

from efh_xl.cli import main, parser
from efh_xl.core.list_headers import SPREADSHEET_SUFFIXES, TEXT_SUFFIXES
from efh_xl.workbook.control_sheet import control_rows, verdict_text


def commands():
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sorted(sub.choices)


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in commands():
        assert f"`efh-xl {command}" in readme, command


def test_every_option_of_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in parser()._actions if a.dest == "command")
    for name, command in sub.choices.items():
        for action in command._actions:
            long = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
            for option in long:
                assert option in readme, (name, option)


def test_the_guide_pictures_exist():
    guide = (ROOT / "docs" / "guide-utilisateur.md").read_text(encoding="utf-8")
    pictures = ("actions", "marqueur", "grille", "synthese", "region", "financeurs")
    for name in (f"{p}.png" for p in pictures):
        assert f"images/{name}" in guide and (ROOT / "docs" / "images" / name).exists()


def test_the_docs_quote_the_control_verdict_the_workbook_shows():
    total = len(control_rows())
    verdict = verdict_text(total, total)
    for doc in ("guide-utilisateur.md", "compatibilite-excel.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        assert verdict in text, doc
        assert "Formules natives :" not in text.replace(verdict, ""), doc


def guide_commands():
    """Each `efh-xl COMMAND …` the guide shows (code spans and code blocks): command, options."""
    guide = (ROOT / "docs" / "guide-utilisateur.md").read_text(encoding="utf-8")
    shown = re.findall(r"`(efh-xl [^`]+)`", guide)
    shown += re.findall(r"^(efh-xl .+)$", guide, flags=re.MULTILINE)
    for line in shown:
        words = line.split()
        if len(words) > 1 and not words[1].startswith("-"):
            yield words[1], [w.split("=")[0] for w in words[2:] if w.startswith("--")]


def test_the_guide_explains_every_command_and_shows_only_real_options():
    sub = next(a for a in parser()._actions if a.dest == "command")
    explained = set()
    for command, options in guide_commands():
        if command == "COMMANDE":
            continue
        assert command in sub.choices, command
        explained.add(command)
        known = {o for a in sub.choices[command]._actions for o in a.option_strings}
        assert set(options) <= known | {"--debug"}, (command, set(options) - known)
    assert explained == set(sub.choices)


def test_the_guide_sends_users_to_nothing_the_release_does_not_ship():
    # The guide reaches users as a PDF in the release zip, without the repository: a path of
    # the repository or a developer's « make » command means nothing to them.
    guide = (ROOT / "docs" / "guide-utilisateur.md").read_text(encoding="utf-8")
    assert not re.findall(r"`(?:docs|tests|tools|efh_xl)/[^`]*`", guide)
    assert not re.findall(r"`make [^`]*`", guide)


def test_the_list_help_names_every_format_the_readers_take(tmp_path, monkeypatch, capsys):
    sub = next(a for a in parser()._actions if a.dest == "command")
    for command in ("evaluate", "import"):
        liste = next(a for a in sub.choices[command]._actions if a.metavar == "LISTE")
        for suffix in TEXT_SUFFIXES + SPREADSHEET_SUFFIXES:
            assert suffix in liste.help, (command, suffix)
    # The guide's list of the files import accepts names them all too.
    guide = (ROOT / "docs" / "guide-utilisateur.md").read_text(encoding="utf-8")
    accepted = next(line for line in guide.split("\n- ") if line.startswith("Fichiers acceptés"))
    for suffix in TEXT_SUFFIXES + SPREADSHEET_SUFFIXES:
        assert f"`{suffix}`" in accepted, suffix
    # As said: a tab-separated .tsv and a workbook .xlsm are lists evaluate reads.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "liste.tsv").write_text("Q1\tQ2a\tQ2b\tQ3\tQ4\tQ5\nOUI\tOUI\t\t\t\t\n")
    assert main(["evaluate", "liste.tsv"]) == 0
    assert "OUI,OUI,,,,,2," in capsys.readouterr().out
    assert main(["evaluate", str(ROOT / "workbook" / "efh_grille.xlsm")]) == 0


def test_the_screen_and_file_formats_of_evaluate_are_the_documented_ones(
    tmp_path, monkeypatch, capsys
):
    # The screen is for programs (« , » and « . », unchanged for scripts that read it); a
    # file named with -o is for a French Excel (« ; », decimal comma, BOM). Both documented.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "l.csv").write_text("Q1;Q2a;Q2b;Q3;Q4;Q5;Montant\nOUI;OUI;;;;;2,5\n")
    assert main(["evaluate", "l.csv"]) == 0
    assert capsys.readouterr().out.startswith("Q1,Q2a,Q2b,Q3,Q4,Q5,Montant,Marqueur,Motif\n")
    assert main(["evaluate", "l.csv", "-o", "m.csv"]) == 0
    written = (tmp_path / "m.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbfQ1;Q2a;Q2b;Q3;Q4;Q5;Montant;Marqueur;Motif")
    sub = next(a for a in parser()._actions if a.dest == "command")
    output = next(a for a in sub.choices["evaluate"]._actions if a.dest == "output")
    assert "« ; »" in output.help and "pour un programme" in output.help
    guide = (ROOT / "docs" / "guide-utilisateur.md").read_text(encoding="utf-8")
    assert "en CSV standard (séparateur « , », point décimal), pour un programme" in guide
