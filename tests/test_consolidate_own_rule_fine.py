"""A file's answers are read with its own rule's spellings: « OK », which Maubeuge's rule
counts as OUI, is OUI in the consolidation too, not a row to fix (the territory would have been
asked to correct answers its grid takes). Its box sets and markers are the consolidation's;
the answers shown stay those typed."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from efh_xl.core.answers import read_alike
from efh_xl.core.grid import DEFAULT_RULE, VERT_FONCE
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.sample import sample_actions

SPELLINGS = DEFAULT_RULE.spellings
MAUBEUGE = replace(  # « OK » is OUI, « RAS » no answer
    DEFAULT_RULE,
    name="Maubeuge",
    spellings=replace(SPELLINGS, oui=SPELLINGS.oui | {"OK"}, blank=SPELLINGS.blank | {"RAS"}),
)


MARKED_2 = {"0": 0, "1": 0, "2": 2, "provisoire": 0, "non marqué": 0}


def _book(tmp_path, rule):
    actions = sample_actions(per_territory=2).iloc[:2].copy()
    for q in ("Q1", "Q2a", "Q3", "Q4", "Q5"):
        actions[q] = "OUI"
    actions["Q2b"] = None
    actions.loc[actions.index[0], "Q3"] = " ok "
    actions.loc[actions.index[1], "Q2b"] = "RAS"
    return build_workbook(tmp_path / "maubeuge.xlsm", actions=actions, rule=rule)


def _regional(tmp_path, sheet):
    header = 3
    return pd.read_excel(tmp_path / "r.xlsx", sheet_name=sheet, header=header, engine="calamine")


def test_an_answer_the_files_rule_reads_is_read_so_and_said(tmp_path):
    result = consolidate([_book(tmp_path, MAUBEUGE)], tmp_path / "r.xlsx")
    [read] = result.files
    assert not read.other_rule  # its spellings alone: its markers are the consolidation's
    assert read.markers == read.markers_own
    assert read.markers == MARKED_2, read.markers
    [said] = [w for w in read.warnings if "réponse" in w]
    assert said.startswith("2 réponses (« OK », « RAS ») sont lues avec les orthographes de la")
    listed = _regional(tmp_path, "Actions")
    assert " ok " in listed["Q3"].tolist() or "ok" in listed["Q3"].tolist()  # as typed
    assert _regional(tmp_path, "À corriger").empty  # « Lignes à corriger (0) »


def test_a_file_under_other_box_sets_is_also_read_with_its_spellings(tmp_path):
    wider = replace(VERT_FONCE, boxes=(*VERT_FONCE.boxes, ("Q5", "OUI")))
    sets = tuple(wider if s == VERT_FONCE else s for s in MAUBEUGE.box_sets)
    other = replace(MAUBEUGE, box_sets=sets)
    result = consolidate([_book(tmp_path, other)], tmp_path / "r.xlsx")
    [read] = result.files
    assert read.other_rule
    assert read.markers == MARKED_2, read.markers


def test_read_alike_replaces_only_what_the_two_read_otherwise():
    values = ["OK", " ok", "OUI", "X", "?", None, "RAS", 1]
    alike, replaced, unread = read_alike(values, MAUBEUGE.spellings, DEFAULT_RULE.spellings)
    assert alike == ["OUI", "OUI", "OUI", "X", "?", None, None, 1]
    assert replaced == {"OK": 2, "RAS": 1} and unread == 0


def test_a_file_whose_rule_reads_fewer_spellings_shows_its_own_figures(tmp_path):
    # « X » under a rule of « OUI » only: unread in its file (provisional), read OUI by the
    # consolidation; its own figures were said equal to the consolidation's, without a word.
    narrow = replace(
        DEFAULT_RULE, name="Stricte", spellings=replace(SPELLINGS, oui=frozenset({"OUI"}))
    )
    actions = sample_actions(per_territory=2).iloc[:2].copy()
    for q in ("Q1", "Q2a", "Q3", "Q4", "Q5"):
        actions[q] = "OUI"
    actions["Q2b"] = None
    actions.loc[actions.index[0], "Q3"] = "X"
    book = build_workbook(tmp_path / "stricte.xlsm", actions=actions, rule=narrow)
    [read] = consolidate([book], tmp_path / "r.xlsx").files
    assert read.other_rule and read.markers == MARKED_2
    assert read.markers_own["provisoire"] == 1 and read.markers_own["2"] == 1
