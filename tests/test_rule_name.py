"""One rule, one name everywhere: a rule that differs from a built-in reading is never shown
under that reading's name (summary, refresh, consolidation, regle, a rule file kept under its
« nom »), and the name stays the same before and after a refresh."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import openpyxl
import pytest
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE, NON, OUI
from efh_xl.core.rule_name import modified_name, rule_name, same_rule
from efh_xl.workbook.consolidation import RuleLabels
from efh_xl.workbook.reader import read_workbook

REFERENCE = DEFAULT_RULE.name
MODIFIED = "Valenciennes Métropole / Egaé (modifiée)"
# Q3 joins the hatched set (row 27 of the Grille, column F): M2 26 instead of 28.
Q3_HATCHED = DEFAULT_RULE.with_box_sets(
    hachure=(("Q1", NON), ("Q2a", OUI), ("Q2b", OUI), ("Q3", OUI))
)


def grille_edited(tmp_path, name="exg.xlsm", cell="F27"):
    path = tmp_path / name
    shutil.copy(WORKBOOK, path)
    book = openpyxl.load_workbook(path, keep_vba=True)  # a person's edit, made by a tool
    book["Grille"][cell].value = "OUI"
    book.save(path)
    return path


def first_line(capsys, *args) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out.splitlines()[0]


def test_a_changed_rule_never_keeps_a_built_in_name():
    assert rule_name(DEFAULT_RULE) == REFERENCE
    assert rule_name(Q3_HATCHED) == MODIFIED
    assert "lecture de référence" not in MODIFIED
    assert modified_name(MODIFIED) == MODIFIED  # once only
    assert rule_name(replace(Q3_HATCHED, name=MODIFIED)) == MODIFIED
    assert rule_name(replace(DEFAULT_RULE, name=MODIFIED)) == REFERENCE  # the edit undone
    own = replace(Q3_HATCHED, name="Règle de Denain")
    assert rule_name(own) == "Règle de Denain"
    assert rule_name(replace(Q3_HATCHED, name="Règle de Denain"), base=own) == "Règle de Denain"
    assert rule_name(DEFAULT_RULE.with_box_sets(vert_clair=(("Q3", OUI),)), base=DEFAULT_RULE) == (
        MODIFIED
    )
    assert rule_name(own.with_box_sets(vert_clair=(("Q3", OUI),)), base=own) == (
        "Règle de Denain (modifiée)"
    )
    # A name typed in Paramètres wins, unless it claims a reading the rule is not.
    assert rule_name(Q3_HATCHED, "Ma règle") == "Ma règle"
    assert rule_name(Q3_HATCHED, REFERENCE) == MODIFIED
    q3 = ALTERNATIVE_RULES["hachure_q3"]
    assert rule_name(q3.with_box_sets(vert_clair=(("Q3", OUI),))) == q3.name + " (modifiée)"
    assert same_rule(replace(DEFAULT_RULE, name="x"), DEFAULT_RULE)


def test_summary_refresh_and_regle_name_a_grille_edit_alike(tmp_path, capsys):
    path = grille_edited(tmp_path)
    before = first_line(capsys, "summary", str(path))
    assert before.endswith(f"règle : {MODIFIED}")
    assert first_line(capsys, "summary", str(path), "--regle", str(path)) == before
    said = first_line(capsys, "regle", str(path), "-o", str(tmp_path / "avant.json"))
    assert said.startswith(f"Règle « {MODIFIED} » écrite : ")  # not « exg.xlsm »
    assert main(["refresh", str(path)]) == 0
    assert first_line(capsys, "summary", str(path)) == before
    assert main(["regle", str(path), "-o", str(tmp_path / "apres.json")]) == 0
    for written in ("avant.json", "apres.json"):
        assert json.loads((tmp_path / written).read_text(encoding="utf-8"))["nom"] == MODIFIED
    stamp = next(
        c.value
        for row in openpyxl.load_workbook(path)["Synthèse – Ensemble"].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("Générée")
    )
    assert f"règle : {MODIFIED}." in stamp and "lecture de référence" not in stamp
    data = read_workbook(path)
    assert data.rule_name == data.rule.name == MODIFIED


def test_consolidate_names_each_rule_as_its_summaries_and_tells_two_apart(tmp_path, capsys):
    edited = grille_edited(tmp_path)
    other = grille_edited(tmp_path, "autre.xlsm", "F25")  # Q3 joins the dark-green set
    reference = tmp_path / "ref.xlsm"
    shutil.copy(WORKBOOK, reference)
    capsys.readouterr()
    output = tmp_path / "region.xlsx"
    assert main(["consolidate", str(edited), "--regle", str(edited), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert "autre règle" not in out and out.rstrip().endswith(f"règle : {MODIFIED}")
    output = tmp_path / "region2.xlsx"
    files = [str(reference), str(edited), str(other)]
    assert main(["consolidate", *files, "--regle", str(edited), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert f"ref.xlsm, « {REFERENCE} »" in out
    assert f"autre.xlsm, « {MODIFIED}, variante 2 »" in out
    assert "sha256" not in out
    sheet = openpyxl.load_workbook(output)["Fichiers"]
    text = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any("sha256" in t or "Grille modifiée" in t for t in text)
    assert REFERENCE in text and MODIFIED in text and f"{MODIFIED}, variante 2" in text


def test_labels_keep_one_name_per_rule():
    labels = RuleLabels(DEFAULT_RULE)
    assert labels.consolidation == REFERENCE
    assert labels.label(Q3_HATCHED, MODIFIED) == MODIFIED
    assert labels.label(replace(Q3_HATCHED, name="x"), MODIFIED) == MODIFIED
    other = DEFAULT_RULE.with_box_sets(vert_clair=(("Q3", OUI),))
    assert labels.label(other, MODIFIED) == f"{MODIFIED}, variante 2"
    assert labels.label(other, MODIFIED) == f"{MODIFIED}, variante 2"


@pytest.mark.parametrize("kept", [True, False])
def test_a_rule_file_edited_under_its_name_is_said_modified(tmp_path, capsys, kept):
    rule_path = tmp_path / "regle.json"
    said = first_line(capsys, "regle", "-o", str(rule_path))
    assert said.startswith(f"Règle « {REFERENCE} » écrite : ")  # not « reference »
    data = json.loads(rule_path.read_text(encoding="utf-8"))
    if kept:  # the guide's procedure: a box more, the « nom » left as it was
        data["marqueurs"][0]["possibilités"][0]["cases en plus"] = [["vert_clair", "Q3"]]
    rule_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    line = first_line(capsys, "summary", str(WORKBOOK), "--regle", str(rule_path))
    assert line.endswith(f"règle : {MODIFIED if kept else REFERENCE}")


def test_build_says_the_name_its_rule_is_shown_under(tmp_path, capsys, monkeypatch):
    # A rule file that kept the reference's name with another box: the workbook shows it as
    # « … (modifiée) », which build did not say (only summary revealed it).
    monkeypatch.chdir(tmp_path)
    assert main(["regle", "reference", "-o", "r.json"]) == 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    data["ensembles"][1]["cases"] = [["Q3", "OUI"], ["Q4", "OUI"]]
    (tmp_path / "r.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--regle", "r.json", "--vide", "b.xlsm"]) == 0
    assert "Règle : Valenciennes Métropole / Egaé (modifiée)." in capsys.readouterr().out
