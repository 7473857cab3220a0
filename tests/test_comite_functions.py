"""The comité's figures as workbook functions (EFH_PART, EFH_CIBLE, EFH_ECART_CIBLE,
EFH_EUROS_PONDERES, EFH_NOM_REGLE) read the Paramètres sheet through their EFH_PARAMETRES
argument, and give the summaries' figures.

Called as plain functions with inputs shaped as Excel sends them: floats for numbers, None for
an empty cell, 2-D lists for ranges.
"""

from __future__ import annotations

import itertools
import zipfile

import numpy as np
import openpyxl
import pytest
from conftest import WORKBOOK
from test_lite import single_cases

from efh_xl.core.engine import action_category
from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE, QUESTION_IDS
from efh_xl.core.settings import SETTINGS
from efh_xl.core.status import action_status
from efh_xl.core.summary import FUNDER_SHARE, WEIGHTED, summarize
from efh_xl.core.vectorised import assess
from efh_xl.errors import SettingsError
from efh_xl.excel import udfs
from efh_xl.excel.functions import settings_of
from efh_xl.workbook.reader import read_workbook, settings_from_rows
from efh_xl.workbook.settings_sheet import NAME_SETTINGS


def _excel(value):
    """A cell value as Excel sends it to a function: numbers as floats, blanks as None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


@pytest.fixture(scope="module")
def committed():
    """The committed workbook's answers, granted amounts, Paramètres block and summary."""
    data = read_workbook(WORKBOOK)
    actions = data.actions
    answers = [[_excel(v) for v in row] for row in actions[list(QUESTION_IDS)].to_numpy().tolist()]
    granted = [[_excel(v)] for v in actions["Montant accordé"].tolist()]
    book = openpyxl.load_workbook(WORKBOOK, data_only=True)
    sheet = book["Paramètres"]
    block = [
        [_excel(c.value) for c in row] for row in sheet.iter_rows(min_row=3, max_row=8, max_col=2)
    ]
    summary = summarize(actions, data.rule, data.settings).overall
    return answers, granted, block, summary, data


def test_the_build_names_the_settings_block():
    with zipfile.ZipFile(WORKBOOK) as z:
        names = z.read("xl/workbook.xml").decode()
    assert f"<definedName name=\"{NAME_SETTINGS}\">'Paramètres'!$A$3:$B$8</definedName>" in names
    labels = [row[0].value for row in openpyxl.load_workbook(WORKBOOK)["Paramètres"]["A3:A8"]]
    assert labels == [s.label for s in SETTINGS]


def test_the_figures_equal_the_summaries(committed):
    answers, granted, block, summary, _ = committed
    assert udfs.EFH_PART(answers) == pytest.approx(summary.share_1_or_2)
    assert udfs.EFH_PART(answers, 2.0) == pytest.approx(summary.share_2)
    assert udfs.EFH_CIBLE(1.0, block) == pytest.approx(0.85)
    assert udfs.EFH_ECART_CIBLE(answers, None, block) == pytest.approx(summary.share_1_or_2 - 0.85)
    assert udfs.EFH_ECART_CIBLE(answers, 2.0, block) == pytest.approx(summary.share_2 - 0.20)
    assert udfs.EFH_EUROS_PONDERES(answers, granted, block) == pytest.approx(summary.weighted_euros)


def test_each_funder_share_equals_the_summary_by_funder(committed):
    answers, _, _, summary, data = committed
    assert len(summary.by_funder) == 6
    for funder, row in summary.by_funder.iterrows():
        euros = [[_excel(v)] for v in data.actions[f"Montant {funder}"].tolist()]
        assert udfs.EFH_PART_EUROS(answers, euros) == pytest.approx(row[FUNDER_SHARE]), funder
        assert udfs.EFH_EUROS_PONDERES(answers, euros) == pytest.approx(row[WEIGHTED]), funder
    unreadable = [["n.c."]] + [[0.0]] * (len(answers) - 1)
    assert udfs.EFH_PART_EUROS(answers, unreadable).startswith("Montants illisibles")


def test_the_figures_follow_a_change_in_parametres(committed):
    answers, granted, block, _, data = committed
    edited = [list(row) for row in block]
    edited[0][1] = 90.0  # target 1 or 2 typed as 90 (for 90 %)
    edited[1][1] = "30 %"
    edited[2][1], edited[3][1], edited[4][1] = 0.5, "0,2", None  # weights 2, 1, 0 (blank: 0 %)
    edited[5][1] = "Grille de la métropole"
    settings = settings_of(edited)
    assert (settings.target_1_or_2, settings.target_2) == pytest.approx((0.9, 0.3))
    assert settings.eige_weights == pytest.approx((0.0, 0.2, 0.5))
    expected = summarize(data.actions, data.rule, settings).overall
    assert udfs.EFH_CIBLE(None, edited) == pytest.approx(0.9)
    assert udfs.EFH_ECART_CIBLE(answers, 2.0, edited) == pytest.approx(expected.share_2 - 0.3)
    assert udfs.EFH_EUROS_PONDERES(answers, granted, edited) == pytest.approx(
        expected.weighted_euros
    )
    assert udfs.EFH_NOM_REGLE(edited) == "Grille de la métropole"


def test_without_parametres_the_defaults_of_an_empty_sheet_apply(committed):
    answers, granted, _, summary, _ = committed
    assert udfs.EFH_CIBLE() == 0.85 and udfs.EFH_CIBLE(2.0) == 0.20
    assert udfs.EFH_EUROS_PONDERES(answers, granted) == pytest.approx(summary.weighted_euros)


@pytest.mark.parametrize(("row", "value"), [(0, "beaucoup"), (3, 150.0), (4, "120 %")])
def test_a_bad_value_gets_the_refresh_message_naming_its_cell(committed, row, value):
    answers, granted, block, _, _ = committed
    edited = [list(r) for r in block]
    edited[row][1] = value
    # What a refresh says for the same cell (the reader's rows start at A1).
    rows = [[None, None], [None, None], *edited]
    with pytest.raises(SettingsError) as refused:
        settings_from_rows(rows)
    message = str(refused.value)
    assert f"cellule B{row + 3} :" in message
    assert udfs.EFH_CIBLE(1.0, edited) == message
    assert udfs.EFH_ECART_CIBLE(answers, 1.0, edited) == message
    assert udfs.EFH_EUROS_PONDERES(answers, granted, edited) == message
    assert udfs.EFH_NOM_REGLE(edited) == message


def test_an_unreadable_amount_is_named_never_counted_as_zero(committed):
    answers, granted, block, _, _ = committed
    amounts = [list(r) for r in granted]
    amounts[2] = ["n.c."]
    amounts[5] = ["12 000,50 €"]  # read as French people type it
    got = udfs.EFH_EUROS_PONDERES(answers, amounts, block)
    assert got == "Montants illisibles, à corriger : ligne 3 « n.c. »"
    assert isinstance(udfs.EFH_EUROS_PONDERES(answers[:3], [[1.0]] * 2, block), str)


def test_the_rule_name_follows_the_grille_and_parametres():
    assert udfs.EFH_NOM_REGLE() == DEFAULT_RULE.name
    edited = ALTERNATIVE_RULES["hachure_q3"].box_table()
    assert udfs.EFH_NOM_REGLE(None, edited) == "Valenciennes Métropole / Egaé (modifiée)"
    assert udfs.EFH_NOM_REGLE(None, DEFAULT_RULE.box_table()) == DEFAULT_RULE.name
    unreadable = [["OUI", "peut-être", "", "", "", ""], *DEFAULT_RULE.box_table()[1:]]
    assert udfs.EFH_NOM_REGLE(None, unreadable).startswith("Grille : ")


def test_no_marked_action_and_a_wrong_level_get_a_french_message():
    assert "Aucune action marquée" in udfs.EFH_PART(
        [[None] * 6, ["OUI", None, None, None, None, None]]
    )
    assert udfs.EFH_PART([["OUI"] * 6], 3.0).startswith("Niveau : 1 (marqueur 1 ou 2) ou 2")
    assert udfs.EFH_PART([["OUI", "OUI", None, "OUI", "OUI", "OUI"]]) == 1.0  # marker 2


def test_the_per_action_category_agrees_with_the_vectorised_status():
    cases = [case[:6] for case in single_cases()]
    cases += [list(c) for c in itertools.product(("OUI", "NON", None, "?"), repeat=3)]
    for rule in (DEFAULT_RULE, *ALTERNATIVE_RULES.values()):
        import pandas as pd

        frame = pd.DataFrame([(c + [None] * 6)[:6] for c in cases], columns=list(QUESTION_IDS))
        result = assess(frame, rule)
        expected = action_status(result.markers, result.codes)
        got = np.array([action_category(c, rule) for c in cases])
        assert (got == expected).all(), rule.name
