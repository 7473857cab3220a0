"""Funders' and people's columns left blank (an import fills none of them): the summary sheets
say that nothing was typed instead of a table of zeros (a comité read « État : 0 € » as « the
State funded nothing »). A 0 typed is a figure, and shows."""

from __future__ import annotations

import openpyxl
import pytest

from efh_xl import refresh_workbook
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

FUNDERS = [
    "Montant État (programme 147)",
    "Montant Intercommunalité",
    "Montant Commune",
    "Montant CAF",
    "Montant Région",
    "Montant Bailleurs",
]
PEOPLE = ["Femmes prévues", "Hommes prévus", "Femmes réalisées", "Hommes réalisés"]
NO_FUNDER = "Aucun montant par financeur saisi"
NO_PEOPLE = "Aucun effectif saisi"
# The first territory keeps its funders' amounts, the second a single 0 typed (a figure, the
# table shows), the third nothing at all.
KEPT, ZERO, BLANK = (
    "Val-de-Lys Métropole",
    "Communauté urbaine des Deux-Rives",
    "Agglomération de Hautecombe",
)


def _texts(book, name: str) -> list[str]:
    return [c.value for row in book[name].iter_rows() for c in row if isinstance(c.value, str)]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    actions = sample_actions(per_territory=8)
    for column in FUNDERS + PEOPLE:
        actions[column] = actions[column].astype(object)
    others = actions["Territoire"] != KEPT
    actions.loc[others, FUNDERS + PEOPLE] = None
    first_zero = actions.index[actions["Territoire"] == ZERO][0]
    actions.loc[first_zero, "Montant CAF"] = 0
    actions.loc[first_zero, "Femmes prévues"] = "0"
    path = build_workbook(tmp_path_factory.mktemp("blank") / "vides.xlsm", actions=actions)
    result = refresh_workbook(path)
    return openpyxl.load_workbook(path), result.sheets


def _sheet(sheets: list[str], territory: str) -> str:
    # A long name's tab keeps its end (« Synthèse – … de Hautecombe »): found by its last word.
    return next(s for s in sheets if territory.split()[-1] in s)


def test_a_territory_without_any_amount_says_so_instead_of_zeros(refreshed):
    book, sheets = refreshed
    texts = _texts(book, _sheet(sheets, BLANK))
    assert any(t.startswith(NO_FUNDER) for t in texts)
    assert any(t.startswith(NO_PEOPLE) for t in texts)
    assert "État (programme 147)" not in texts  # no row of zeros per funder
    assert "Par financeur : euros par marqueur" not in texts
    assert not any(t.startswith("Bénéficiaires : part des femmes") for t in texts)


def test_a_zero_typed_is_a_figure_and_the_tables_show(refreshed):
    book, sheets = refreshed
    for territory in (ZERO, KEPT):
        texts = _texts(book, _sheet(sheets, territory))
        assert "Par financeur : euros par marqueur" in texts, territory
        assert "État (programme 147)" in texts, territory
        assert "Bénéficiaires : part des femmes, par pilier" in texts, territory
        assert not any(t.startswith((NO_FUNDER, NO_PEOPLE)) for t in texts), territory


def test_the_overview_shows_the_tables_when_one_territory_typed_amounts(refreshed):
    book, sheets = refreshed
    texts = _texts(book, sheets[0])
    assert "Par financeur : euros par marqueur" in texts
    assert not any(t.startswith(NO_FUNDER) for t in texts)


def test_a_workbook_whose_funder_columns_are_all_blank(tmp_path):
    actions = sample_actions(per_territory=4)
    for column in FUNDERS + PEOPLE:
        actions[column] = None
    path = build_workbook(tmp_path / "import.xlsm", actions=actions)
    result = refresh_workbook(path)
    book = openpyxl.load_workbook(path)
    for name in result.sheets:
        texts = _texts(book, name)
        assert any(t.startswith(NO_FUNDER) for t in texts), name
        assert "État (programme 147)" not in texts, name
