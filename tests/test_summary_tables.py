"""A summary's tables and its DataFrames are one source: the DataFrames are built from the
tables the sheets are laid out from, and a summary built by hand from DataFrames lays out the
same sheets as the computed one."""

import copy
import dataclasses
import datetime as dt
import pickle

import pandas as pd
import pytest
from conftest import WORKBOOK

from efh_xl.core.summary import Summary, TerritorySummary, summarize, summary_table
from efh_xl.core.summary_sheets import summary_sheets
from efh_xl.workbook.reader import read_workbook

FRAMES = [
    f.name
    for f in dataclasses.fields(TerritorySummary)
    if f.name not in ("name",) and f.type in ("pd.DataFrame", "pd.DataFrame | None")
]


@pytest.fixture
def summary():  # a fresh one: reading a field changes where its table comes from
    data = read_workbook(WORKBOOK)  # funders and people reached included
    return summarize(data.actions, data.rule, data.settings, dt.datetime(2026, 11, 28, 9, 30))


def by_hand(item: TerritorySummary) -> TerritorySummary:
    """The same summary built through the public constructor, from its DataFrames."""
    return TerritorySummary(**{f.name: getattr(item, f.name) for f in dataclasses.fields(item)})


def test_every_dataframe_field_is_read_from_its_table(summary):
    assert len(FRAMES) == 10
    for item in [summary.overall, *summary.territories]:
        for name in FRAMES:
            table = summary_table(item, name)  # before the field is read
            frame = getattr(item, name)
            if table is None:
                assert frame is None
                continue
            assert getattr(item, name) is frame  # built once
            pd.testing.assert_frame_equal(frame, table.frame())
            assert len(frame) == len(table)


def test_a_summary_built_from_dataframes_lays_out_the_same_sheets(summary):
    computed = summary_sheets(summary)  # from the tables: no field read yet
    again = Summary(
        [by_hand(t) for t in summary.territories],
        by_hand(summary.overall),
        summary.generated,
        summary.rule,
        summary.settings,
        summary.rule_name,
    )
    for sheet, built in zip(computed, summary_sheets(again), strict=True):
        assert dict(sheet.iter_cells()) == dict(built.iter_cells())
        assert sheet.widths == built.widths and sheet.heights == built.heights
        assert sheet.merged_across == built.merged_across


def test_a_field_not_set_is_still_an_attribute_error(summary):
    with pytest.raises(AttributeError):
        _ = summary.overall.no_such_field


def shown(summary: Summary) -> list[set]:
    """The values each summary sheet shows."""
    return [{value for _, (value, _) in sheet.iter_cells()} for sheet in summary_sheets(summary)]


def test_a_dataframe_assigned_to_a_computed_summary_is_the_one_laid_out(summary):
    # The fields are the documented dataclass fields: what a caller puts there is shown.
    frame = summary.overall.by_marker.copy()
    frame["Actions"] = [9901, 9902, 9903, 9904, 9905]
    summary.overall.by_marker = frame
    first = summary.overall.to_fix.iloc[:1]
    summary.overall.to_fix = first
    overall = shown(summary)[0]
    assert {9901, 9902, 9903, 9904, 9905} <= overall
    listed = set(summary_table(summary.territories[0], "to_fix").columns["N° action"])
    assert first["N° action"].iloc[0] in overall
    assert not (listed - set(first["N° action"])) & overall  # the other rows are gone


def test_a_dataframe_changed_in_place_is_the_one_laid_out(summary):
    assert 9911 not in shown(summary)[0]
    summary.overall.by_marker.loc[:, "Actions"] = 9911
    assert 9911 in shown(summary)[0]


def test_a_computed_summary_pickles_and_copies_with_its_figures(summary):
    expected = [dict(sheet.iter_cells()) for sheet in summary_sheets(summary)]
    for again in (pickle.loads(pickle.dumps(summary)), copy.deepcopy(summary)):
        assert [dict(sheet.iter_cells()) for sheet in summary_sheets(again)] == expected
        pd.testing.assert_frame_equal(again.overall.by_year, summary.overall.by_year)
    assert dataclasses.replace(summary.overall, name="x").by_marker is summary.overall.by_marker


def test_a_range_of_years_as_index_is_shown_as_the_years(summary):
    by_year = summary.overall.by_year.iloc[:2].copy()
    by_year.index = pd.RangeIndex(2030, 2032, name="Année")  # pd.DataFrame(index=range(...))
    summary.overall.by_year = by_year
    assert {2030, 2031} <= shown(summary)[0]
