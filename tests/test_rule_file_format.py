"""The rule file's format: French keys (format 2), laid out for a person (one box per line),
UTF-8 with its accents; the format-1 files (English keys) of earlier versions read as the
same rule, and are never written again."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

import efh_xl
from efh_xl.cli import main
from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE
from efh_xl.core.rule_data import FILE_FORMAT, KEYS, LINE_WIDTH, rule_to_dict

# Written by « efh-xl regle cumulatif » before format 2 (English keys, a box on four lines).
FORMAT_1 = Path(__file__).parent / "data" / "regle_format1_cumulatif.json"
RULES = {"reference": DEFAULT_RULE, **ALTERNATIVE_RULES}
FRENCH_KEYS = {key for keys in KEYS.values() for key in keys}
ENGLISH_KEYS = {key for keys in KEYS.values() for key in keys.values()} - FRENCH_KEYS


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value))
    return set()


def test_every_key_of_a_written_rule_file_is_french(tmp_path):
    for name in RULES:
        path = efh_xl.save_rule(name, tmp_path / f"{name}.json")
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert data["format"] == FILE_FORMAT == 2
        assert _keys(data) == FRENCH_KEYS, _keys(data) ^ FRENCH_KEYS
        assert list(data) == ["format", "nom", "ensembles", "marqueurs", "orthographes"]
        for english in ENGLISH_KEYS:
            assert f'"{english}"' not in text, english


def test_a_format_1_file_gives_exactly_the_same_rule(tmp_path):
    assert json.loads(FORMAT_1.read_text(encoding="utf-8"))["format"] == 1
    assert efh_xl.load_rule(FORMAT_1) == ALTERNATIVE_RULES["cumulatif"]
    for name, rule in RULES.items():  # each rule as an earlier version wrote it
        old = tmp_path / f"{name}-format1.json"
        old.write_text(json.dumps(rule_to_dict(rule), ensure_ascii=False, indent=2), "utf-8")
        new = efh_xl.save_rule(name, tmp_path / f"{name}.json")
        assert efh_xl.load_rule(old) == efh_xl.load_rule(new) == rule


def test_a_format_1_file_is_applied_as_before_and_rewritten_in_format_2(tmp_path, capsys):
    answers = pd.DataFrame(
        [["OUI", "OUI", None, "NON", "NON", "NON"], ["OUI", "OUI", None, "OUI", "OUI", "OUI"]],
        columns=["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"],
    )
    listing = tmp_path / "liste.csv"
    answers.to_csv(listing, index=False, sep=";")
    out = tmp_path / "evalue.csv"
    assert main(["evaluate", str(listing), "-o", str(out), "--regle", str(FORMAT_1)]) == 0
    assert list(pd.read_csv(out, sep=None, engine="python")["Marqueur"]) == [0, 2]
    book = tmp_path / "classeur.xlsm"
    assert main(["build", str(book), "--vide", "--regle", str(FORMAT_1)]) == 0
    assert efh_xl.read_workbook(book).rule == ALTERNATIVE_RULES["cumulatif"]
    # Read both, write only format 2: a rule read from an old file is saved with French keys.
    again = efh_xl.save_rule(efh_xl.load_rule(FORMAT_1), tmp_path / "regle.json")
    assert json.loads(again.read_text(encoding="utf-8"))["format"] == 2
    assert efh_xl.load_rule(again) == ALTERNATIVE_RULES["cumulatif"]


def test_a_rule_file_reads_like_the_grid(tmp_path):
    path = efh_xl.save_rule("cumulatif", tmp_path / "regle.json")
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "exigées".encode() in raw
    assert "\\u00e9" not in text and "\\u" not in text  # accents as they are
    assert not raw.startswith(b"\xef\xbb\xbf") and text.endswith("}\n")
    lines = text.splitlines()
    # A box on one line, the boxes of a set on one line, a possibility on one line.
    assert '      "cases": [["Q1", "OUI"], ["Q2a", "OUI"]],' in lines
    assert '        {"ensembles": ["vert_fonce", "vert_clair"], "cases en plus": []},' in lines
    assert not any(re.fullmatch(r'\s*"(Q\w+|OUI|NON)",?', line) for line in lines)
    assert max(len(line) for line in lines) <= LINE_WIDTH
    assert len(lines) < 50  # was 132 with json's one value per line
    old = json.dumps(rule_to_dict(ALTERNATIVE_RULES["cumulatif"]), ensure_ascii=False, indent=2)
    assert len(lines) * 2 < len(old.splitlines())


def test_a_file_edited_as_a_person_types_is_read_as_the_grid_reads_a_cell(tmp_path):
    text = efh_xl.core.rule_data.rule_file_text(DEFAULT_RULE)
    text = text.replace('["Q1", "OUI"], ["Q2a", "OUI"]', '["q1", "oui"], ["Q2A", " Oui "]')
    text = text.replace('"couleur": "1E7B34"', '"couleur": "#1e7b34"')
    text = text.replace('"oui": ["1",', '"oui": [" ouais ", "1",')
    # Keys with a default may be left out: not hatched, no extra box.
    text = text.replace(',\n      "hachuré": false', "")
    text = text.replace(
        '{"ensembles": ["vert_fonce"], "cases en plus": []}', '{"ensembles": ["vert_fonce"]}'
    )
    path = tmp_path / "regle.json"
    path.write_text(text, encoding="utf-8")
    rule = efh_xl.load_rule(path)
    assert rule.box_sets == DEFAULT_RULE.box_sets and rule.levels == DEFAULT_RULE.levels
    assert rule.spellings.oui == DEFAULT_RULE.spellings.oui | {"OUAIS"}


GUIDE = Path(__file__).parent.parent / "docs" / "guide-utilisateur.md"


def _guide_section() -> str:
    guide = GUIDE.read_text(encoding="utf-8")
    start = guide.index("## Modifier une lecture de la grille")
    return guide[start : guide.index("\n## ", start + 1)]


def test_the_guide_shows_the_file_as_written_and_every_key():
    section = _guide_section()
    example = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert example and example[1] == efh_xl.core.rule_data.rule_file_text(DEFAULT_RULE)
    for key in FRENCH_KEYS:
        assert f"| `{key}` |" in section or f"↳ `{key}` |" in section, key


def test_the_guides_example_edit_does_what_it_says(tmp_path):
    section = _guide_section()
    extra = re.search(r"possibilités `(\"cases en plus\": \[\[.*?\]\])`", section)[1]
    text = efh_xl.core.rule_data.rule_file_text(DEFAULT_RULE)
    text = text.replace('"cases en plus": []', extra)  # both possibilities of marker 2
    text = text.replace('"oui": ["1",', '"oui": ["OK", "1",')
    path = tmp_path / "regle.json"
    path.write_text(text, encoding="utf-8")
    rule = efh_xl.load_rule(path)
    answers = pd.DataFrame(
        [["OUI", "OUI", None, "NON", "NON", "NON"], ["ok", "OUI", None, "OUI", "NON", "NON"]],
        columns=["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"],
    )
    assert list(efh_xl.evaluate(answers)["Marqueur"]) == [2, 0]  # « ok » not read by default
    assert list(efh_xl.evaluate(answers, rule)["Marqueur"]) == [0, 2]
