"""A summary's tables and its DataFrames are one source: the DataFrames are built from the
tables the sheets are laid out from, and a summary built by hand from DataFrames lays out the
same sheets as the computed one."""

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from conftest import WORKBOOK

from efh_xl.core.summary import Summary, TerritorySummary, summarize
from efh_xl.core.summary_sheets import summary_sheets
from efh_xl.workbook.reader import read_workbook

FRAMES = [
    f.name
    for f in dataclasses.fields(TerritorySummary)
    if f.name not in ("name",) and f.type in ("pd.DataFrame", "pd.DataFrame | None")
]


@pytest.fixture(scope="module")
def summary():
    data = read_workbook(WORKBOOK)  # funders and people reached included
    return summarize(data.actions, data.rule, data.settings, dt.datetime(2026, 11, 28, 9, 30))


def by_hand(item: TerritorySummary) -> TerritorySummary:
    """The same summary built through the public constructor, from its DataFrames."""
    return TerritorySummary(**{f.name: getattr(item, f.name) for f in dataclasses.fields(item)})


def test_every_dataframe_field_is_read_from_its_table(summary):
    assert len(FRAMES) == 10
    for item in [summary.overall, *summary.territories]:
        for name in FRAMES:
            frame, table = getattr(item, name), item.table(name)
            if table is None:
                assert frame is None
                continue
            assert getattr(item, name) is frame  # built once
            pd.testing.assert_frame_equal(frame, table.frame())
            assert len(frame) == len(table)


def test_a_summary_built_from_dataframes_lays_out_the_same_sheets(summary):
    again = Summary(
        [by_hand(t) for t in summary.territories],
        by_hand(summary.overall),
        summary.generated,
        summary.rule,
        summary.settings,
        summary.rule_name,
    )
    for computed, built in zip(summary_sheets(summary), summary_sheets(again), strict=True):
        assert dict(computed.iter_cells()) == dict(built.iter_cells())
        assert computed.widths == built.widths and computed.heights == built.heights
        assert computed.merged_across == built.merged_across


def test_a_field_not_set_is_still_an_attribute_error(summary):
    with pytest.raises(AttributeError):
        _ = summary.overall.no_such_field
