"""Every file a user names on the command line, missing or a folder, ends the same way: exit
code 3 (« fichier ou dossier introuvable », as the README and the guide list the codes) and a
message of the same kind, whatever option named it. A rule file (--regle, « efh-xl regle »)
is a file as any other; only a bare word no reading is called stays a bad --regle (code 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import WORKBOOK

import efh_xl
from efh_xl.cli import main
from efh_xl.errors import EXIT_NOT_FOUND, EXIT_USAGE, IsAFolderError, WorkbookNotFoundError

LIST = "N° action;Q1;Q2a;Q2b;Q3;Q4;Q5\nA1;OUI;OUI;;OUI;OUI;OUI\n"

# (command line, what the message says): every place a file is named.
MISSING = [
    # a rule file, of any kind, wherever --regle is taken
    (["evaluate", "liste.csv", "--regle", "nexiste.json"], "Fichier introuvable : nexiste.json."),
    (["evaluate", "liste.csv", "--regle", "nexiste.xlsm"], "Classeur introuvable : nexiste.xlsm."),
    (["regle", "nexiste.xlsm", "-o", "r.json"], "Classeur introuvable : nexiste.xlsm."),
    (["regle", "nexiste.json", "-o", "r.json"], "Fichier introuvable : nexiste.json."),
    (["build", "--regle", "nexiste.json", "n.xlsm"], "Fichier introuvable : nexiste.json."),
    (["build", "--regle", str(Path("regles", "ville")), "n.xlsm"],
     f"Fichier introuvable : {Path('regles', 'ville')}."),
    (["summary", "a.xlsm", "--regle", "nexiste.json"], "Fichier introuvable : nexiste.json."),
    (["consolidate", "a.xlsm", "--regle", "nexiste.json", "-o", "r.xlsx"],
     "Fichier introuvable : nexiste.json."),
    # the list to evaluate or import, the workbook to import into, the mapping file
    (["evaluate", "nexiste.csv"], "Fichier introuvable : nexiste.csv."),
    (["import", "nexiste.csv", "--into", "a.xlsm"], "Fichier introuvable : nexiste.csv."),
    (["import", "liste.csv", "--into", "nexiste.xlsm"], "Classeur introuvable : nexiste.xlsm."),
    (["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "nexiste.toml"],
     "Fichier introuvable : nexiste.toml."),
    # workbooks to read, refresh or consolidate
    (["summary", "nexiste.xlsm"], "Classeur introuvable : nexiste.xlsm."),
    (["refresh", "nexiste.xlsm"], "Classeur introuvable : nexiste.xlsm."),
    (["refresh", "nexiste*.xlsm"], "Le motif « nexiste*.xlsm » ne désigne aucun classeur"),
    (["consolidate", "nexiste.xlsm", "-o", "r.xlsx"], "nexiste.xlsm : fichier introuvable"),
    (["consolidate", "vide", "-o", "r.xlsx"], "vide : ce dossier ne contient aucun classeur"),
    # a folder typed with a separator at its end is said to be a folder, wherever it is named
    (["refresh", "absent/"], "Dossier introuvable : absent/. Vérifiez le chemin."),
    (["consolidate", "absent/", "-o", "r.xlsx"], "absent/ : dossier introuvable"),
    (["summary", "absent/"], "Dossier introuvable : absent/. Vérifiez le chemin."),
    (["import", "liste.csv", "--into", "absent/"], "Dossier introuvable : absent/."),
    (["evaluate", "absent/"], "Dossier introuvable : absent/. Vérifiez le chemin."),
    (["import", "absent/", "--into", "a.xlsm"], "Dossier introuvable : absent/."),
    (["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "absent/"],
     "Dossier introuvable : absent/."),
    (["evaluate", "liste.csv", "--regle", "absent/"], "Dossier introuvable : absent/."),
    (["build", "--regle", "absent/", "n.xlsm"], "Dossier introuvable : absent/."),
    (["regle", "absent/", "-o", "r.json"], "Dossier introuvable : absent/."),
    (["summary", "a.xlsm", "--regle", "absent/"], "Dossier introuvable : absent/."),
    (["consolidate", "a.xlsm", "--regle", "absent/", "-o", "r.xlsx"],
     "Dossier introuvable : absent/."),
    (["refresh", "absent\\"], "Dossier introuvable : absent\\. Vérifiez le chemin."),
    (["evaluate", "absent\\"], "Dossier introuvable : absent\\. Vérifiez le chemin."),
    # the same name without the separator: a file, said as the option names it (a list or a
    # mapping file is no workbook: « Classeur … .xlsm ou .xlsx » would send a user astray)
    (["evaluate", "absent"], "Fichier introuvable : absent. Vérifiez le chemin."),
    (["import", "absent", "--into", "a.xlsm"], "Fichier introuvable : absent. Vérifiez le chemin."),
    (["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "absent"],
     "Fichier introuvable : absent. Vérifiez le chemin."),
    (["evaluate", "nexiste.xlsx"], "Classeur introuvable : nexiste.xlsx."),
    (["summary", "absent"], "Classeur introuvable : absent."),
    (["refresh", "absent"], "Dossier ou classeur introuvable : absent."),  # a folder too
    (["import", "liste.csv", "--into", "absent"], "Classeur introuvable : absent."),
    # a folder given where a file is expected
    (["evaluate", "liste.csv", "--regle", "vide"], "vide est un dossier : indiquez un fichier"),
    (["regle", "vide", "-o", "r.json"], "vide est un dossier : indiquez un fichier"),
    (["evaluate", "vide"], "vide est un dossier : indiquez un fichier"),
    (["summary", "vide"], "vide est un dossier : indiquez un fichier"),
    (["import", "vide", "--into", "a.xlsm"], "vide est un dossier : indiquez un fichier"),
    (["import", "liste.csv", "--into", "vide"], "vide est un dossier : indiquez un fichier"),
    (["import", "liste.csv", "--into", "a.xlsm", "--correspondance", "vide"],
     "vide est un dossier : indiquez un fichier"),
]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A working folder with a workbook, a list and an empty folder, as a user has them."""
    shutil.copyfile(WORKBOOK, tmp_path / "a.xlsm")
    (tmp_path / "liste.csv").write_text(LIST, encoding="utf-8")
    (tmp_path / "vide").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("argv, said", MISSING, ids=[" ".join(a) for a, _ in MISSING])
def test_a_file_named_that_is_not_there_exits_3(folder, capsys, argv, said):
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    assert main(argv) == EXIT_NOT_FOUND
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert said in out, out
    assert "Traceback" not in out and "inutilisable" not in out
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == before  # nothing written


def test_the_api_raises_the_errors_of_any_missing_file(folder):
    with pytest.raises(WorkbookNotFoundError):
        efh_xl.load_rule("nexiste.json")
    with pytest.raises(WorkbookNotFoundError):
        efh_xl.save_rule("nexiste.xlsm", "r.json")
    with pytest.raises(IsAFolderError):
        efh_xl.load_rule(folder / "vide")


def test_a_bare_word_that_names_no_reading_stays_a_bad_rule(folder, capsys):
    assert main(["evaluate", "liste.csv", "--regle", "nexiste"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Règle « nexiste » inutilisable : nom inconnu." in err
    assert "Donnez le nom d'une lecture de la grille (reference, hachure_q3, cumulatif)" in err
