"""A workbook's rule as a rule file: « efh-xl regle classeur.xlsm » writes the rule the workbook
applies (the one it was built with, the box sets of its Grille sheet, the name its summaries
show), and « --regle classeur.xlsm » applies it; a format-1 rule file given as NOM is rewritten
in format 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from conftest import WORKBOOK

import efh_xl
from efh_xl.cli import main
from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE
from efh_xl.workbook import headless_refresh, rule_file
from efh_xl.workbook.build import build_workbook

FORMAT_1 = Path(__file__).parent / "data" / "regle_format1_cumulatif.json"


def test_the_rule_of_a_workbook_is_written_to_a_file(tmp_path, capsys):
    book = build_workbook(tmp_path / "cumulatif.xlsm", rule=ALTERNATIVE_RULES["cumulatif"])
    out = tmp_path / "regle.json"
    assert main(["regle", str(book), "-o", str(out)]) == 0
    # Said by its name, the « nom » the file holds, not by the workbook's path.
    name = ALTERNATIVE_RULES["cumulatif"].name
    assert f"Règle « {name} » écrite : {out}" in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["nom"] == name
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == 2
    assert efh_xl.load_rule(out) == ALTERNATIVE_RULES["cumulatif"]
    assert efh_xl.load_rule(WORKBOOK) == DEFAULT_RULE  # the sample: the reference reading


def test_a_grille_edit_travels_under_the_name_the_summaries_show(tmp_path):
    book = tmp_path / "modifie.xlsm"
    shutil.copy(WORKBOOK, book)
    edited = openpyxl.load_workbook(book, keep_vba=True)  # a person's edit, made by a tool
    edited["Grille"]["D27"].value = None  # Q2a leaves the hatched set ...
    edited["Grille"]["F27"].value = "OUI"  # ... and Q3 joins it
    edited.save(book)
    rule = efh_xl.load_rule(book)
    assert rule.box_sets == ALTERNATIVE_RULES["hachure_q3"].box_sets
    assert rule.levels == DEFAULT_RULE.levels
    assert rule.name == "Valenciennes Métropole / Egaé (modifiée)"
    assert rule.name == efh_xl.read_workbook(book).rule_name


def test_a_workbook_given_to_regle_applies_its_rule(tmp_path, capsys):
    book = build_workbook(tmp_path / "hachure.xlsm", rule=ALTERNATIVE_RULES["hachure_q3"])
    copy = tmp_path / "copie.xlsm"
    assert main(["build", str(copy), "--vide", "--regle", str(book)]) == 0
    assert efh_xl.read_workbook(copy).rule == ALTERNATIVE_RULES["hachure_q3"]


def test_an_old_rule_file_given_as_name_is_rewritten_in_format_2(tmp_path, capsys):
    old = tmp_path / "regle.json"
    shutil.copy(FORMAT_1, old)
    assert main(["regle", str(old), "-o", str(old), "--force"]) == 0
    data = json.loads(old.read_text(encoding="utf-8"))
    assert data["format"] == 2 and data["nom"] == ALTERNATIVE_RULES["cumulatif"].name
    assert efh_xl.load_rule(old) == ALTERNATIVE_RULES["cumulatif"]


def test_an_unreadable_workbook_is_said_as_for_any_command(tmp_path, capsys):
    book = tmp_path / "faux.xlsm"
    book.write_bytes(b"pas un classeur")
    assert main(["regle", str(book), "-o", str(tmp_path / "r.json")]) == 4
    err = capsys.readouterr().err
    assert "faux.xlsm" in err and "Traceback" not in err
    assert not (tmp_path / "r.json").exists()


def test_workbook_suffixes_are_the_refreshs():
    assert rule_file.WORKBOOK_SUFFIXES == headless_refresh.WORKBOOK_SUFFIXES
