"""A territory or pilier typed in another case or spacing (« val-de-lys métropole » on one row
of « Val-de-Lys Métropole ») is counted with its usual spelling, and said with its row: it
made a summary sheet, a tab (« Synthèse – Val-de-Lys (2) ») and a bar of its own, and the
warning blamed the Paramètres sheet. The spelling kept is Paramètres', else the most typed."""

from __future__ import annotations

from efh_xl import refresh_workbook
from efh_xl.cli import main
from efh_xl.core.settings import Settings
from efh_xl.core.summary import respelled_warnings, summarize
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

VAL = "Val-de-Lys Métropole"


def actions_with(**typed):
    actions = sample_actions()
    for row, (column, text) in typed.items():
        actions.loc[int(row[1:]), column] = text
    return actions


def test_a_territory_in_another_case_is_counted_with_its_usual_spelling():
    actions = actions_with(r4=("Territoire", "  val-de-lys   MÉTROPOLE "))
    summary = summarize(actions)
    names = [t.name for t in summary.territories]
    assert names.count(VAL) == 1 and len(names) == 3
    assert next(t for t in summary.territories if t.name == VAL).actions == 40
    assert summary.respelled == {"Territoire": {"val-de-lys   MÉTROPOLE": VAL}}
    rows = list(range(5, 5 + len(actions)))  # the sheet rows of the table's actions
    assert respelled_warnings(summary, actions, rows) == [
        f"territoire « val-de-lys   MÉTROPOLE » (ligne 9) compté avec « {VAL} » : seules les "
        f"majuscules ou les espaces diffèrent ; écrivez-le « {VAL} » dans la feuille Actions."
    ]


def test_accents_are_no_spelling_and_paramètres_spelling_wins():
    actions = sample_actions()
    actions.loc[actions["Territoire"] == VAL, "Territoire"] = VAL.upper()
    actions.loc[4, "Territoire"] = "Val-de-Lys Metropole"  # another name, maybe: apart
    summary = summarize(actions, settings=Settings(territories=(VAL,)))
    names = [t.name for t in summary.territories]
    assert VAL in names and "Val-de-Lys Metropole" in names and VAL.upper() not in names
    assert summary.respelled["Territoire"] == {VAL.upper(): VAL}


def test_a_pilier_in_capitals_is_one_pilier():
    actions = sample_actions()
    pilier = actions.loc[0, "Pilier"]
    actions.loc[1, "Pilier"] = pilier.upper()
    summary = summarize(actions)
    piliers = list(summary.overall.by_pilier.index)
    assert pilier in piliers and pilier.upper() not in piliers
    assert summary.respelled["Pilier"] == {pilier.upper(): pilier}


def test_refresh_and_summary_say_it_with_the_row(tmp_path, capsys):
    path = build_workbook(tmp_path / "c.xlsm", actions=actions_with(r4=("Territoire", VAL.lower())))
    result = refresh_workbook(path)
    said = " ".join(result.warnings)
    assert f"territoire « {VAL.lower()} » (ligne 9) compté avec « {VAL} »" in said
    assert len([s for s in result.sheets if "Val-de-Lys" in s]) == 1
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Attention : territoire « {VAL.lower()} » (ligne 9) compté avec" in out


def test_a_year_in_words_is_said_with_its_row():
    actions = sample_actions()
    actions["Année"] = actions["Année"].astype(object)  # as read from a sheet: any cell
    actions.loc[4, "Année"] = "deux mille vingt-cinq"
    actions.loc[6, "Année"] = 20266.0  # a number cell, as calamine reads it
    actions.loc[7, "Année"] = " 2025 "  # a year in figures, typed as text: fine
    actions.loc[8, "Année"] = "2025²"  # digits to str.isdigit(): int() raised
    summary = summarize(actions)
    said = respelled_warnings(summary, actions, list(range(5, 5 + len(actions))))
    advice = (
        "pas une année de 2000 à 2100 écrite en chiffres ; les synthèses la comptent comme une "
        "année à part : tapez l'année en chiffres (par exemple 2025)."
    )
    assert said == [
        f"année « deux mille vingt-cinq » (ligne 9) : {advice}",
        f"année « 20266 » (ligne 11) : {advice}",
        f"année « 2025² » (ligne 13) : {advice}",
    ]
    assert respelled_warnings(summarize(sample_actions()), sample_actions()) == []
