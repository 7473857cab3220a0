"""Funders and people reached: summaries equal to an independent pandas computation; a
workbook without those columns refreshes as before."""

import warnings

import openpyxl
import pandas as pd
import pytest
from conftest import WORKBOOK
from test_not_marked import category

from efh_xl import refresh_workbook
from efh_xl.core.settings import DEFAULT_FUNDERS
from efh_xl.core.summary import summarize
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.reader import read_workbook
from efh_xl.workbook.sample import sample_actions

LABELS = ["Marqueur 0", "Marqueur 1", "Marqueur 2", "Provisoire", "Non marqué"]
PEOPLE = ["Femmes prévues", "Hommes prévus", "Femmes réalisées", "Hommes réalisés"]


@pytest.fixture(scope="module")
def independent():
    """The committed workbook's table read with pandas alone (openpyxl engine)."""
    frame = pd.read_excel(WORKBOOK, sheet_name="Actions", header=3, dtype=object, engine="openpyxl")
    frame["category"] = [category(row) for _, row in frame.iterrows()]
    return frame


@pytest.fixture(scope="module")
def summary():
    data = read_workbook(WORKBOOK)
    return summarize(data.actions, data.rule, data.settings)


def euros(frame, column):
    return pd.to_numeric(frame[column], errors="coerce").fillna(0.0)


def test_funders_summaries_equal_an_independent_computation(independent, summary):
    territories = {t.name: t for t in summary.territories}
    groups = [(summary.overall, independent)] + [
        (territories[name], group) for name, group in independent.groupby("Territoire")
    ]
    for item, group in groups:
        table = item.by_funder
        assert list(table.index) == list(DEFAULT_FUNDERS)
        for funder in DEFAULT_FUNDERS:
            amounts = euros(group, f"Montant {funder}")
            by = amounts.groupby(group["category"]).sum().reindex(LABELS, fill_value=0.0)
            row = table.loc[funder]
            assert row.iloc[:5].to_numpy() == pytest.approx(by.to_numpy()), funder
            marked = by.iloc[:3].sum()
            share = (by["Marqueur 1"] + by["Marqueur 2"]) / marked
            assert row["Part M1 ou M2 (euros des actions marquées)"] == pytest.approx(share)
            weighted = by["Marqueur 2"] * 1.0 + by["Marqueur 1"] * 0.4
            assert row["Euros pondérés (EIGE)"] == pytest.approx(weighted)


def test_people_summaries_equal_an_independent_computation(independent, summary):
    people = independent[PEOPLE].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    for key, table in (
        ("category", summary.overall.people_by_marker),
        ("Pilier", summary.overall.people_by_pilier),
    ):
        sums = people.groupby(independent[key]).sum()
        for label, row in table.iterrows():
            expected = sums.loc[label]
            assert row["Femmes prévues"] == expected["Femmes prévues"]
            assert row["Hommes réalisés"] == expected["Hommes réalisés"]
            planned = expected["Femmes prévues"] / (
                expected["Femmes prévues"] + expected["Hommes prévus"]
            )
            reached = expected["Femmes réalisées"] / (
                expected["Femmes réalisées"] + expected["Hommes réalisés"]
            )
            assert row["Part de femmes (prévu)"] == pytest.approx(planned), label
            assert row["Part de femmes (réalisé)"] == pytest.approx(reached), label


def test_the_refreshed_sheets_show_funders_and_people(tmp_path):
    copy = tmp_path / "copie.xlsm"
    copy.write_bytes(WORKBOOK.read_bytes())
    refresh_workbook(copy)
    book = openpyxl.load_workbook(copy)
    texts = {c.value for row in book["Synthèse – Deux-Rives"].iter_rows() for c in row}
    assert "Par financeur : euros par marqueur" in texts
    assert "Bénéficiaires : part des femmes, par pilier" in texts
    assert "État (programme 147)" in texts


def test_a_workbook_without_those_columns_refreshes_as_before(tmp_path):
    actions = sample_actions(per_territory=10)
    fixed = actions[
        [
            c
            for c in actions.columns
            if not c.startswith("Montant ") or c in ("Montant demandé", "Montant accordé")
        ]
    ]
    fixed = fixed.drop(columns=PEOPLE)
    path = build_workbook(tmp_path / "ancien.xlsm", actions=fixed, optional_columns=False)
    data = read_workbook(path)
    assert not set(PEOPLE) & set(data.actions.columns)
    assert data.settings.funders == DEFAULT_FUNDERS  # listed, but no column: nothing shown
    result = refresh_workbook(path)
    assert result.actions == 30
    book = openpyxl.load_workbook(path)
    for name in result.sheets:
        texts = {c.value for row in book[name].iter_rows() for c in row}
        assert "Par financeur : euros par marqueur" not in texts
        assert not any(isinstance(t, str) and t.startswith("Bénéficiaires") for t in texts)
    item = summarize(data.actions, data.rule, data.settings).overall
    assert item.by_funder is None and item.people_by_marker is None
    # the same figures as without the optional columns at all
    plain = summarize(fixed, data.rule).overall
    assert item.by_marker.equals(plain.by_marker)
    assert item.by_pilier.equals(plain.by_pilier)


def test_counts_at_the_float_limit_give_an_unknown_share_without_a_warning(summary):
    """Counts near 1e308 add up to inf: the summaries are still made, and numpy prints nothing
    on the user's terminal (a RuntimeWarning there reads like a crash)."""
    data = read_workbook(WORKBOOK)
    actions = data.actions.copy()
    first = actions.index[0]
    for column in PEOPLE:
        actions[column] = actions[column].astype(object)
        actions.loc[first, column] = 1e308
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = summarize(actions, data.rule, data.settings)
    shares = result.overall.people_by_marker["Part de femmes (prévu)"]
    assert ((shares >= 0) & (shares <= 1) | shares.isna()).all()
