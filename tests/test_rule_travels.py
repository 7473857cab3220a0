"""The rule travels whole: a workbook keeps the rule it was built with (levels, alternatives,
box sets, spellings) and everything that reads it back (refresh, button, UDFs) applies it."""

import collections
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import (
    SPEC_HATCHED,
    WORKBOOK,
    all_combinations,
    marker_list,
    shown_marker,
    spec_marker,
)
from lxml import etree

from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE
from efh_xl.core.rule_data import rule_from_dict, rule_json, rule_stamp, rule_to_dict
from efh_xl.excel.udfs import EFH_MARQUEUR
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.lookup_sheet import RULE_CHUNK, STAMP_NAME, rule_chunks, stamp_formula
from efh_xl.workbook.reader import defined_names, read_stored_rule, read_workbook

COMBINATIONS = all_combinations()
HATCHED_Q3 = {"Q1": "NON", "Q2b": "OUI", "Q3": "OUI"}
# Each rule with the spec's reading of it, restated here (see conftest).
RULES = {
    "reference": (DEFAULT_RULE, {}),
    "hachure_q3": (ALTERNATIVE_RULES["hachure_q3"], {"hatched": HATCHED_Q3}),
    "cumulatif": (ALTERNATIVE_RULES["cumulatif"], {"cumulative": True}),
}


def combination_actions() -> pd.DataFrame:
    rows = [
        {
            "Année": 2025,
            "Territoire": "T",
            "N° action": f"PRJ-{i:04d}",
            "Action": "Action",
            "Porteur": "Porteur",
            "Pilier": "Cohésion sociale",
            "Montant demandé": 1000.0,
            "Montant accordé": 500.0,
            **answers,
        }
        for i, answers in enumerate(COMBINATIONS)
    ]
    return pd.DataFrame(rows)


def test_every_rule_round_trips_through_its_data():
    for rule in [DEFAULT_RULE, *ALTERNATIVE_RULES.values()]:
        assert rule_from_dict(rule_to_dict(rule)) == rule
    stamps = {rule_stamp(r) for r in [DEFAULT_RULE, *ALTERNATIVE_RULES.values()]}
    assert len(stamps) == 1 + len(ALTERNATIVE_RULES)
    respelled = DEFAULT_RULE.spellings.__class__(
        DEFAULT_RULE.spellings.oui | {"OUAIS"},
        DEFAULT_RULE.spellings.non,
        DEFAULT_RULE.spellings.blank,
    )
    from dataclasses import replace

    assert rule_stamp(replace(DEFAULT_RULE, spellings=respelled)) != rule_stamp(DEFAULT_RULE)


@pytest.mark.parametrize("key", list(RULES))
def test_build_refresh_and_summary_follow_the_workbook_rule(key, tmp_path):
    rule, reading = RULES[key]
    path = build_workbook(tmp_path / f"{key}.xlsm", actions=combination_actions(), rule=rule)
    expected = collections.Counter(shown_marker(c, **reading) for c in COMBINATIONS)
    data = read_workbook(path)
    assert data.rule == rule
    cached = collections.Counter(marker_list(data.actions["Marqueur"]))
    assert cached == expected  # what the workbook shows before any refresh
    result = refresh_workbook(path)
    assert not result.rule_updated
    # The refresh counts provisional and unmarked actions apart from their marker.
    def category(c):
        if all(v is None for v in c.values()):
            return "non marqué"
        needed = [q for q in c if q != "Q2b" or c["Q1"] == "NON"]
        if any(c[q] is None for q in needed):
            return "provisoire"
        return str(spec_marker(c, **reading))

    categories = collections.Counter(category(c) for c in COMBINATIONS)
    assert {m: n for m, n in result.markers.items() if n} == dict(categories)
    names = defined_names(path)
    assert names["EFH_REGLE_CALCUL"] == stamp_formula(rule)
    assert len(names["EFH_REGLE_CALCUL"]) < 255  # Excel's limit for a text constant


def test_the_udfs_read_the_stored_rule():
    rule = ALTERNATIVE_RULES["cumulatif"]
    stored = [[chunk] for chunk in rule_chunks(rule)] + [[None]]
    got = [EFH_MARQUEUR(*c.values(), rule.box_table(), stored) for c in COMBINATIONS]
    assert marker_list(got) == [shown_marker(c, cumulative=True) for c in COMBINATIONS]
    default = [EFH_MARQUEUR(*c.values(), rule.box_table()) for c in COMBINATIONS]
    assert marker_list(default) == [shown_marker(c) for c in COMBINATIONS]
    assert "" in default  # every answer blank: the empty text, as the native formula


def test_a_long_rule_is_stored_in_cells_not_in_a_name(tmp_path):
    path = build_workbook(tmp_path / "regle.xlsm", rule=ALTERNATIVE_RULES["cumulatif"])
    text = rule_json(ALTERNATIVE_RULES["cumulatif"])
    assert len(text) > 255
    assert text not in zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    assert len(rule_chunks(ALTERNATIVE_RULES["cumulatif"])[0]) <= RULE_CHUNK


def sheet_code_names(path) -> dict[str, str | None]:
    with zipfile.ZipFile(path) as package:
        book = etree.fromstring(package.read("xl/workbook.xml"))
        rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        found = {}
        for sheet in book.iter("{*}sheet"):
            rid = sheet.get(
                "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
            )
            part = "xl/" + targets[rid].lstrip("/").removeprefix("xl/")
            root = etree.fromstring(package.read(part))
            properties = root.find("{*}sheetPr")
            found[sheet.get("name")] = None if properties is None else properties.get("codeName")
    return found


def change_hatched_box(source, target) -> None:
    shutil.copy(source, target)
    book = openpyxl.load_workbook(target, keep_vba=True)
    book["Grille"]["D27"].value = None  # Q2a leaves the hatched set ...
    book["Grille"]["F27"].value = "OUI"  # ... and Q3 joins it
    book.save(target)


def test_a_rule_change_keeps_every_code_name(tmp_path):
    copy = tmp_path / "regle.xlsm"
    change_hatched_box(build_workbook(tmp_path / "source.xlsm"), copy)
    before = sheet_code_names(copy)
    assert before["EFH_Calcul"] and all(before.values())
    result = refresh_workbook(copy)
    assert result.rule_updated and result.rule_changed  # the Grille's sets, not a version
    after = sheet_code_names(copy)
    assert {name: after[name] for name in before} == before
    rule = read_workbook(copy).rule
    assert rule.box_set("hachure").boxes == tuple(HATCHED_Q3.items())
    assert defined_names(copy)["EFH_REGLE_CALCUL"] == stamp_formula(rule)
    again = refresh_workbook(copy)
    assert not again.rule_updated
    assert SPEC_HATCHED != HATCHED_Q3


def test_no_descriptor_on_the_target_is_open_when_it_is_replaced(tmp_path, monkeypatch):
    fds = Path("/proc/self/fd")
    if not fds.exists():
        pytest.skip("needs /proc (Linux)")
    copy = tmp_path / "classeur.xlsm"
    change_hatched_box(build_workbook(tmp_path / "source.xlsm"), copy)
    seen = []
    replace = os.replace

    def spy(source, target, *args, **kwargs):
        open_on_target = []
        for fd in fds.iterdir():
            try:
                if Path(os.readlink(fd)) == Path(target).resolve():
                    open_on_target.append(fd.name)
            except OSError:
                continue
        seen.append((Path(target), open_on_target))
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    refresh_workbook(copy)
    assert seen and all(target.resolve() == copy.resolve() for target, _ in seen)
    assert [open_fds for _, open_fds in seen] == [[]]


def test_an_older_workbook_without_a_stored_rule_gets_one_at_refresh(tmp_path):
    old = tmp_path / "ancien.xlsm"
    with zipfile.ZipFile(WORKBOOK) as source, zipfile.ZipFile(old, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                root = etree.fromstring(data)
                for name in root.iter("{*}definedName"):
                    if name.get("name") == "EFH_REGLE":
                        name.getparent().remove(name)
                    elif name.get("name") == "EFH_REGLE_CALCUL":
                        name.text = '"OUI,OUI,,,,|,,,OUI,OUI,OUI|NON,OUI,OUI,,,"'  # old stamp
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            target.writestr(info, data)
    assert "EFH_REGLE" not in defined_names(old)
    assert read_workbook(old).rule == DEFAULT_RULE
    assert refresh_workbook(old).rule_updated
    assert read_workbook(old).rule == DEFAULT_RULE
    assert defined_names(old)["EFH_REGLE_CALCUL"] == stamp_formula(DEFAULT_RULE)
    assert "EFH_REGLE" in defined_names(old)
    assert sheet_code_names(old)["EFH_Calcul"] == "Feuil5"


@pytest.mark.parametrize("key", list(RULES))
def test_a_known_stamp_gives_the_rule_its_cells_hold(key, tmp_path):
    # The reader takes a built-in rule from its stamp without reading the cells: the cells
    # must hold that very rule.
    rule = RULES[key][0]
    path = build_workbook(tmp_path / f"{key}.xlsm", actions=combination_actions(), rule=rule)
    names = defined_names(path)
    from_cells = read_stored_rule(path, {n: f for n, f in names.items() if n != STAMP_NAME})
    assert from_cells == rule == read_stored_rule(path, names)
