"""The summaries show « Montant demandé » only when some action of the workbook has one: a
list imported without requested amounts showed a column of « 0 € » on every sheet, as if every
action had asked for nothing. The euros chart draws the granted column wherever it stands."""

from __future__ import annotations

import datetime as dt

import pytest

from efh_xl.core.programmation import GRANTED, REQUESTED
from efh_xl.core.summary import summarize
from efh_xl.core.summary_sheets import summary_sheets
from efh_xl.workbook.sample import sample_actions

NOW = dt.datetime(2026, 12, 1, 9, 30)
NOTE = "« Montant demandé » : aucun dans le classeur, colonne omise."


def sheets_of(actions):
    return summary_sheets(summarize(actions, generated=NOW))


def texts(sheet) -> list[str]:
    return [v for _, (v, _) in sheet.iter_cells() if isinstance(v, str)]


def euros_chart_column(sheet) -> str:
    chart = next(c for c in sheet.charts if c.title == "Euros accordés par marqueur")
    ((name, first, _, column),) = chart.series
    header = sheet.get(first - 1, column)
    assert header is not None
    return header[0]


@pytest.mark.parametrize("blank", [None, 0])
def test_no_requested_amount_no_column_and_the_note_says_why(blank):
    actions = sample_actions()
    actions[REQUESTED] = blank
    for sheet in sheets_of(actions):
        assert REQUESTED not in texts(sheet)
        assert NOTE in texts(sheet)
        assert euros_chart_column(sheet) == GRANTED


def test_one_requested_amount_shows_the_column_on_every_sheet():
    actions = sample_actions()
    actions[REQUESTED] = None
    actions.loc[0, REQUESTED] = 1500  # one territory only: every sheet keeps one layout
    for sheet in sheets_of(actions):
        assert REQUESTED in texts(sheet)
        assert NOTE not in texts(sheet)
        assert euros_chart_column(sheet) == GRANTED
