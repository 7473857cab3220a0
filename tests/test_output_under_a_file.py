"""A file to write whose path goes through a file (« liste.csv/x.csv ») is refused saying
which part is a file, exit 5, as refresh --output says it; it was « Erreur d'accès … vérifiez
le disque ou le partage réseau », exit 6."""

from __future__ import annotations

import pytest

from efh_xl.cli import main


@pytest.mark.parametrize(
    "command",
    [
        ["evaluate", "l.csv", "-o", "l.csv/x.csv"],
        ["build", "l.csv/x.xlsm"],
        ["regle", "-o", "l.csv/regle.json"],
    ],
)
def test_a_path_through_a_file_is_said(command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "l.csv").write_text("Q1;Q2a;Q2b;Q3;Q4;Q5\nOUI;OUI;;OUI;OUI;OUI\n", encoding="utf-8")
    assert main(command) == 5
    assert "l.csv est un fichier, pas un dossier" in capsys.readouterr().err
    assert (tmp_path / "l.csv").is_file()
