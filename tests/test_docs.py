"""The README documents every CLI command, and the guide's pictures exist."""

from conftest import ROOT

from efh_xl.cli import parser
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
    for name in ("actions.png", "grille.png", "synthese.png", "region.png", "financeurs.png"):
        assert f"images/{name}" in guide and (ROOT / "docs" / "images" / name).exists()


def test_the_docs_quote_the_control_verdict_the_workbook_shows():
    total = len(control_rows())
    verdict = verdict_text(total, total)
    for doc in ("guide-utilisateur.md", "compatibilite-excel.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        assert verdict in text, doc
        assert "Formules natives :" not in text.replace(verdict, ""), doc
