"""A rule file edited in Word has typographic quotes (“nom”): the message says so and how to
fix it, instead of a hint about a comma too many, with the line and column as before."""

from __future__ import annotations

import pytest

from efh_xl.cli import main
from efh_xl.errors import EXIT_USAGE

FIX = 'guillemets typographiques “ ” : remplacez-les par des guillemets droits "'


@pytest.fixture
def rule(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["regle", "-o", "regle.json"]) == 0
    capsys.readouterr()
    return (tmp_path / "regle.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "straight, curly",
    [
        ('"nom"', "“nom”"),  # a key
        ('"nom"', "‘nom’"),
        ('"nom"', "«nom»"),
        ('"Valenciennes Métropole', "“Valenciennes Métropole"),  # a value
    ],
)
def test_word_quotes_are_named(rule, tmp_path, capsys, straight, curly):
    assert straight in rule
    (tmp_path / "word.json").write_text(rule.replace(straight, curly, 1), encoding="utf-8")
    assert main(["build", "--regle", "word.json", "w.xlsm"]) == EXIT_USAGE
    err = " ".join(capsys.readouterr().err.split())
    assert "Règle « word.json » inutilisable : JSON illisible ligne" in err
    assert f"colonne 3 : {FIX}" in err or f"colonne 10 : {FIX}" in err, err
    assert "virgule en trop" not in err
    assert not (tmp_path / "w.xlsm").exists()


def test_a_comma_too_many_keeps_its_hint(rule, tmp_path, capsys):
    (tmp_path / "virgule.json").write_text('{"format": 2,}', encoding="utf-8")
    assert main(["build", "--regle", "virgule.json", "w.xlsm"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "clé entre guillemets droits attendue (virgule en trop avant } ?)" in err
