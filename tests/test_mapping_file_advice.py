"""A --correspondance file that TOML cannot read is told where (line, column) and how a line
of it is written (« "Enveloppe attribuée" = "Montant accordé" », as the guide shows it), not the
« A=B » syntax of --colonne."""

from __future__ import annotations

import shutil

import pytest
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.errors import EXIT_USAGE

LIST = "N° action;Enveloppe attribuée;Q1;Q2a;Q2b;Q3;Q4;Q5\nA1;100;OUI;OUI;;OUI;OUI;OUI\n"
EXAMPLE = '"Enveloppe attribuée" = "Montant accordé"'


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(WORKBOOK, tmp_path / "a.xlsm")
    (tmp_path / "liste.csv").write_text(LIST, encoding="utf-8")
    return tmp_path


def run(folder, capsys, mapping: str) -> str:
    (folder / "c.toml").write_text(mapping, encoding="utf-8")
    before = (folder / "a.xlsm").read_bytes()
    code = main(["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "c.toml"])
    assert code == EXIT_USAGE
    assert (folder / "a.xlsm").read_bytes() == before
    return " ".join(capsys.readouterr().err.split())


def test_a_toml_slip_gets_the_line_column_and_a_toml_example(folder, capsys):
    said = run(folder, capsys, '[colonnes]\n"Montant proposé" = Montant accordé\n')
    assert "c.toml n'est pas un fichier TOML lisible : erreur ligne 2, colonne 21" in said
    assert "sous la ligne [colonnes]" in said and f"par exemple {EXAMPLE}" in said
    assert "--colonne" not in said
    # The columns it may name, the workbook's funders' and people's among them (the list
    # stopped at « Commentaires » for a file TOML could not read).
    assert "Montant CAF" in said and "Femmes prévues" in said


def test_a_file_naming_an_unknown_column_gets_the_toml_advice(folder, capsys):
    said = run(folder, capsys, '[colonnes]\n"Montant proposé" = "Montant rêvé"\n')
    assert "« Montant rêvé » n'est pas une colonne que l'import remplit" in said
    assert EXAMPLE in said and "--colonne" not in said


def test_the_example_is_the_guide_s_and_it_imports(folder, capsys):
    guide = (WORKBOOK.parents[1] / "docs" / "guide-utilisateur.md").read_text(encoding="utf-8")
    assert EXAMPLE in guide
    (folder / "c.toml").write_text(f"[colonnes]\n{EXAMPLE}\n", encoding="utf-8")
    assert main(["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "c.toml"]) == 0


def test_colonne_keeps_its_own_advice(folder, capsys):
    assert main(["import", "liste.csv", "--into", "a.xlsm", "--colonne", "x"]) == EXIT_USAGE
    said = " ".join(capsys.readouterr().err.split())
    assert '--colonne "Enveloppe attribuée=Montant accordé"' in said
