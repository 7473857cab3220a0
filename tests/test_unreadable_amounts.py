"""Amounts are read as people type them; what cannot be read is listed, never counted as 0."""

import datetime as dt
from dataclasses import replace

import openpyxl
import pytest

from efh_xl import refresh_workbook
from efh_xl.cli import main
from efh_xl.core.summary import summarize
from efh_xl.core.summary_sheets import summary_sheets
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.reader import read_workbook
from efh_xl.workbook.sample import sample_actions

NOW = dt.datetime(2026, 11, 28, 9, 30)
TYPED = {  # what a person types or pastes -> euros
    "12 000 €": 12000.0,
    "1.234,50": 1234.5,
    "1,234.50": 1234.5,
    "1\u202f234,50\u00a0€": 1234.5,
    "  800 ": 800.0,
}


@pytest.fixture
def typed_workbook(tmp_path):
    actions = sample_actions(per_territory=3)
    granted = [*TYPED, "n.c.", "inf", 1000.0, None]
    actions["Montant accordé"] = granted
    actions["Montant demandé"] = actions["Montant demandé"].astype(object)
    actions.loc[0, "Montant demandé"] = "voir dossier"
    return build_workbook(tmp_path / "montants.xlsm", actions=actions), actions


def test_typed_amounts_count_and_unreadable_ones_count_nowhere(typed_workbook):
    path, actions = typed_workbook
    summary = summarize(read_workbook(path).actions)
    assert summary.overall.by_marker["Montant accordé"].sum() == pytest.approx(
        sum(TYPED.values()) + 1000.0
    )
    assert summary.overall.unreadable_count == 3  # n.c., inf, and « voir dossier » requested
    listed = summary.overall.unreadable.set_index("N° action")
    numbers = actions["N° action"].tolist()
    assert listed.loc[numbers[0], "Montant demandé"] == "voir dossier"
    assert listed.loc[numbers[0], "Montant accordé"] == ""  # 12 000 € was read fine
    assert listed.loc[numbers[5], "Montant accordé"] == "n.c."
    assert listed.loc[numbers[6], "Montant accordé"] == "inf"
    # Each territory lists its own.
    assert sum(t.unreadable_count for t in summary.territories) == 3


def test_the_summary_sheets_show_a_montants_illisibles_list(typed_workbook):
    path, actions = typed_workbook
    refresh_workbook(path, now=NOW)
    book = openpyxl.load_workbook(path)
    texts = [c.value for row in book["Synthèse – Ensemble"].iter_rows() for c in row]
    assert "Montants illisibles (3)" in texts
    assert "n.c." in texts and "inf" in texts and "voir dossier" in texts
    territory = actions.loc[5, "Territoire"]
    # A long name's tab keeps its end (« Synthèse – … de Hautecombe »): found by its last word.
    sheet = next(s for s in book.worksheets if s.title.endswith(territory.split()[-1]))
    assert any(c.value == "n.c." for row in sheet.iter_rows() for c in row)


def test_the_cli_summary_names_unreadable_amounts(typed_workbook, capsys):
    path, actions = typed_workbook
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Montants illisibles (3)" in out
    assert f"action {actions.loc[5, 'N° action']}" in out and "« n.c. »" in out


def test_no_list_when_every_amount_reads(tmp_path):
    path = build_workbook(tmp_path / "ok.xlsm", actions=sample_actions(per_territory=3))
    refresh_workbook(path, now=NOW)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        assert not any(
            str(c.value).startswith("Montants illisibles") for row in sheet.iter_rows() for c in row
        )


@pytest.fixture
def typed_funders_and_people(tmp_path):
    actions = sample_actions(per_territory=3)
    for column in ("Montant CAF", "Femmes prévues"):
        actions[column] = actions[column].astype(object)
    actions["Montant CAF"] = [1000.0, "1 200,50 €", "n.c.", None, 500.0, 0.0, "?", 10.0, 20.0]
    actions["Femmes prévues"] = [10.0, "1 200", "douze", None, "3,0", 4.0, 5.0, "inf", 1.0]
    path = build_workbook(tmp_path / "financeurs.xlsm", actions=actions)
    read = read_workbook(path)
    return summarize(read.actions, read.rule, read.settings), actions


def test_an_unreadable_funder_amount_is_listed_and_counted_nowhere(typed_funders_and_people):
    summary, actions = typed_funders_and_people
    caf = summary.overall.by_funder.loc["CAF"]
    assert caf["Accordé"] == pytest.approx(1000.0 + 1200.5 + 500.0 + 10.0 + 20.0)
    listed = summary.overall.unreadable.set_index("N° action")
    numbers = actions["N° action"].tolist()
    assert listed.loc[numbers[2], "Montant CAF"] == "n.c."
    assert listed.loc[numbers[6], "Montant CAF"] == "?"
    assert numbers[1] not in listed.index  # « 1 200,50 € » was read (its count is right)


def test_people_counts_are_read_as_french_numbers_and_unreadable_ones_listed(
    typed_funders_and_people,
):
    summary, actions = typed_funders_and_people
    women = summary.overall.people_by_marker["Femmes prévues"].sum()
    assert women == pytest.approx(10 + 1200 + 3 + 4 + 5 + 1)  # « douze » and « inf » count nowhere
    listed = summary.overall.unreadable.set_index("N° action")
    numbers = actions["N° action"].tolist()
    assert listed.loc[numbers[2], "Femmes prévues"] == "douze"
    assert listed.loc[numbers[7], "Femmes prévues"] == "inf"
    assert summary.overall.unreadable_count == 3  # actions 3 (two values), 7 and 8
    # The sheet names the list for what it holds.
    sheets = summary_sheets(summary)
    texts = [v for _, (v, _) in sheets[0].iter_cells()]
    assert "Montants et effectifs illisibles (3)" in texts


@pytest.mark.parametrize("checkbox_first", [False, True])
def test_a_checkbox_is_no_amount_even_beside_an_amount_of_one_euro(tmp_path, checkbox_first):
    # Python holds True, 1 and 1.0 as one key: grouping equal values first must not let
    # the first one seen decide for the others.
    actions = sample_actions(per_territory=2)
    granted = [True, 1.0] if checkbox_first else [1.0, True]
    granted += ["n.c."] + [None] * (len(actions) - 3)
    actions["Montant accordé"] = granted
    actions["Année"] = [True, 1, *[2025] * (len(actions) - 2)]
    path = build_workbook(tmp_path / "cases.xlsm", actions=actions)
    overall = summarize(read_workbook(path).actions).overall
    assert overall.by_marker["Montant accordé"].sum() == pytest.approx(1.0)
    assert overall.unreadable_count == 2  # the checkbox and « n.c. »
    listed = overall.unreadable.set_index("N° action")["Montant accordé"]
    checkbox = actions.loc[0 if checkbox_first else 1, "N° action"]
    assert listed.loc[checkbox] not in ("", "1")
    # The year 1 and a ticked box are two rows of the table by year.
    assert len(overall.by_year.index) == 3 and "1" in overall.by_year.index


def test_a_count_that_is_no_whole_number_is_listed_and_its_pair_counted_nowhere(tmp_path):
    # « 12,5 » men made a total of « 1 326,5 » people; « douze » women left that action's men
    # counted, and the share of women fell. The import rejects both: the summary lists both.
    # « 6 € » is an amount typed in a people column, no six women.
    actions = sample_actions(per_territory=3).iloc[:4].reset_index(drop=True)
    for column in ("Femmes prévues", "Hommes prévus"):
        actions[column] = actions[column].astype(object)
    actions["Femmes prévues"] = [10.0, "douze", 4.0, "6 €"]
    actions["Hommes prévus"] = [5.0, 7.0, "12,5", -2.0]
    path = build_workbook(tmp_path / "effectifs.xlsm", actions=actions)
    read = read_workbook(path)
    summary = summarize(read.actions, read.rule, read.settings)
    people = summary.overall.people_by_marker
    assert people["Femmes prévues"].sum() == 10 and people["Hommes prévus"].sum() == 5
    listed = summary.overall.unreadable.set_index("N° action")
    numbers = actions["N° action"].tolist()
    assert listed.loc[numbers[1], "Femmes prévues"] == "douze"
    assert listed.loc[numbers[2], "Hommes prévus"] == "12,5"
    assert listed.loc[numbers[3], "Hommes prévus"] == "-2"
    assert listed.loc[numbers[3], "Femmes prévues"] == "6 €"  # euros, not six women


def test_the_refresh_says_a_count_it_could_not_read_is_a_count(tmp_path):
    actions = sample_actions(per_territory=3).iloc[:2].reset_index(drop=True)
    actions["Hommes prévus"] = actions["Hommes prévus"].astype(object)
    actions.loc[1, "Hommes prévus"] = "12,5"
    path = build_workbook(tmp_path / "effectifs.xlsm", actions=actions)
    [said] = [w for w in refresh_workbook(path).warnings if "illisible" in w]
    assert said == (
        "1 action avec un montant ou un effectif illisible, comptée dans aucun de ces totaux : "
        "voir la liste « Montants et effectifs illisibles » de la synthèse."
    )


def test_a_funder_of_parametres_without_its_column_is_said_by_the_refresh(tmp_path):
    # Added to Paramètres after the build: its euros were counted nowhere, without a word.
    path = build_workbook(tmp_path / "financeurs.xlsm", actions=sample_actions(per_territory=2))
    read = read_workbook(path)
    settings = replace(read.settings, funders=(*read.settings.funders, "Département"))
    warnings = refresh_workbook(path, settings=settings).warnings
    [said] = [w for w in warnings if "Département" in w]
    assert said.startswith(
        "Le financeur « Département » de la feuille Paramètres n'a pas de colonne « Montant "
        "Département » dans le tableau Actions : ses montants ne sont comptés dans aucune synthèse."
    )


def test_the_cli_summary_names_unreadable_people_counts_as_the_sheets_do(tmp_path, capsys):
    # « Femmes prévues « 12,5 » » listed under « Montants illisibles …, comptés dans aucun
    # total en euros »: the sheets say « Montants et effectifs illisibles ».
    actions = sample_actions(per_territory=3)
    actions["Femmes prévues"] = actions["Femmes prévues"].astype(object)
    actions.loc[0, "Femmes prévues"] = "12,5"
    path = build_workbook(tmp_path / "effectifs.xlsm", actions=actions)
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Montants et effectifs illisibles (1), comptés dans aucun total :" in out
    assert "Femmes prévues « 12,5 »" in out and "en euros" not in out
