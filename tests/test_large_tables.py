"""Large Actions tables are read from their sheet row by row, with the same result.

Above ``reader.STREAM_ABOVE`` rows, the reader streams the table's sheet (bounded memory)
instead of calamine's table reader. These tests force the streamed path on small workbooks
and compare every value and its type with the table reader's.
"""

from __future__ import annotations

import math
import zipfile

import pytest
from conftest import WORKBOOK

from efh_xl.core.summary import SUMMARY_COLUMNS
from efh_xl.workbook import reader
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions
from efh_xl.workbook.table_parts import table_parts


def _cells(frame) -> dict[str, list]:
    # Types too: a frame's equality holds True, 1 and 1.0 as equal; and a float's sign, as
    # 0.0 and -0.0 are equal (both paths give a cell the first equal value of its column).
    return {
        c: [(type(v), v, math.copysign(1, v) if type(v) is float else None) for v in frame[c]]
        for c in frame.columns
    }


def _both(path, columns=None):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader, "STREAM_ABOVE", 10**9)
        table = reader.read_workbook(path, columns=columns)
        patch.setattr(reader, "STREAM_ABOVE", 0)
        patch.setattr(reader, "_CHUNK", 250)  # several chunks, as in a large table
        streamed = reader.read_workbook(path, columns=columns)
    return table, streamed


@pytest.fixture(scope="module")
def odd_workbook(tmp_path_factory):
    actions = sample_actions(per_territory=400).reset_index(drop=True)  # 1,200 rows
    odd = [True, 1.0, 1, "1", " oui ", "OUI", None, False, 0.0, "=1+1", "NON\xa0", 2024, -0.0]
    for k, column in enumerate(("Q1", "Q2a", "Q3", "Porteur")):
        actions[column] = [odd[(i + k) % len(odd)] for i in range(len(actions))]
    return build_workbook(tmp_path_factory.mktemp("large") / "odd.xlsm", actions=actions)


@pytest.mark.parametrize("columns", [None, SUMMARY_COLUMNS], ids=["all columns", "summary"])
def test_the_committed_workbook(columns):
    table, streamed = _both(WORKBOOK, columns)
    assert list(streamed.actions.columns) == list(table.actions.columns)
    assert _cells(streamed.actions) == _cells(table.actions)
    assert (streamed.rule, streamed.table_name) == (table.rule, table.table_name)
    assert streamed.first_row == table.first_row


def test_mixed_types_many_rows(odd_workbook):
    table, streamed = _both(odd_workbook, SUMMARY_COLUMNS)
    assert len(table.actions) == 1_200
    assert _cells(streamed.actions) == _cells(table.actions)


def test_table_parts_name_the_actions_table():
    with zipfile.ZipFile(WORKBOOK) as package:
        parts = {p.name: p for p in table_parts(package)}
    part = parts["Programmation"]
    assert part.sheet == "Actions" and part.left == 0 and part.header_rows == 1
    expected = reader.read_workbook(WORKBOOK)
    assert len(expected.actions) <= part.data_rows
    assert set(expected.actions.columns) <= set(part.columns)
