"""What `efh-xl consolidate` prints: counts named as the refresh names them, and a bounded
list of duplicates (a folder of copies gives hundreds; the « À corriger » sheet has them all)."""

from __future__ import annotations

import shutil

import pandas as pd

from efh_xl.cli import main
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions


def test_the_report_names_categories_and_bounds_the_duplicates(tmp_path, capsys):
    folder = tmp_path / "territoires"
    first = build_workbook(folder / "t1.xlsm", actions=sample_actions(per_territory=5))
    for i in range(2, 6):  # five copies of 15 actions: 15 numbers each found in 4 more files
        shutil.copy(first, folder / f"t{i}.xlsm")
    output = tmp_path / "region.xlsx"
    assert main(["consolidate", str(folder), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert "Mprovisoire" not in out and "Mnon marqué" not in out
    assert ", provisoire " in out and ", non marqué " in out
    lines = [line for line in out.splitlines() if line.startswith("  doublon : ")]
    assert len(lines) == 10
    assert all(line.endswith(" et 1 autre fichier") for line in lines)
    assert (
        "… et 5 autres N° présents dans plusieurs fichiers : la feuille « À corriger »" in out
    )
    listed = pd.read_excel(output, sheet_name="À corriger", header=3, engine="calamine")
    duplicates = listed[listed["Raison"].astype(str).str.contains("plusieurs fichiers")]
    assert len(duplicates) == 15
    # Named by the counted row's territory and title: filtering Territoire finds them too.
    assert duplicates["Territoire"].notna().all() and duplicates["Action"].notna().all()


def test_each_skipped_file_is_named_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "territoires"
    build_workbook(folder / "a.xlsm", actions=sample_actions(per_territory=2))
    (folder / "tronque.xlsm").write_bytes((folder / "a.xlsm").read_bytes()[:20_000])
    (folder / "texte.xlsm").write_text("bonjour\n", encoding="utf-8")
    skipped = ["territoires/texte.xlsm", "territoires/tronque.xlsm", "territoires/absent.xlsm"]

    def named_once(text: str) -> None:
        for path in skipped:
            lines = [line for line in text.splitlines() if path.rpartition("/")[2] in line]
            assert len(lines) == 1 and lines[0].count(path.rpartition("/")[2]) == 1, lines

    # Written from a.xlsm, but the run exits with the highest of the failures' codes (4
    # unreadable, over 3 missing): a script sees that files are left out.
    assert main(["consolidate", "territoires", "territoires/absent.xlsm", "-o", "r.xlsx"]) == 4
    out, err = capsys.readouterr()
    assert (tmp_path / "r.xlsx").exists()
    assert "3 fichiers en erreur, leurs actions ne sont pas comptées" in err
    named_once(out)
    assert "  ignoré : territoires/texte.xlsm n'est pas un classeur Excel lisible" in out
    assert "  ignoré : territoires/absent.xlsm : fichier introuvable" in out
    # No file readable: the error lists each one, named once too.
    (folder / "a.xlsm").unlink()
    assert main(["consolidate", "territoires", "territoires/absent.xlsm", "-o", "r2.xlsx"]) == 4
    err = capsys.readouterr().err
    named_once(err)
    assert "  - territoires/tronque.xlsm n'est pas un classeur Excel lisible" in err


def test_the_closing_line_names_the_years_as_years(tmp_path, capsys):
    actions = sample_actions(per_territory=4)
    build_workbook(tmp_path / "in" / "t.xlsm", actions=actions)
    assert main(["consolidate", str(tmp_path / "in"), "-o", str(tmp_path / "region.xlsx")]) == 0
    out = capsys.readouterr().out.splitlines()
    closing = next(line for line in out if " actions de " in line)
    years = ", ".join(sorted(actions["Année"].astype(str).unique()))
    territories = actions["Territoire"].nunique()
    assert closing.startswith(f"12 actions de {territories} territoires, années : {years} ; ")


def test_a_consolidation_of_empty_workbooks_says_no_year(tmp_path, capsys):
    assert main(["build", "--vide", str(tmp_path / "vide.xlsm")]) == 0
    capsys.readouterr()
    assert main(["consolidate", str(tmp_path / "vide.xlsm"), "-o", str(tmp_path / "r.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "0 action de 0 territoire, année : aucune ; M0 0" in out
