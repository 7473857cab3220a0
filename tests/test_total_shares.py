"""The Total row of a summary table gives each share as the share of the totals (M1 or M2
among the marked actions or euros, women among the people planned and reached), not blank:
the figure a comité reads first."""

import math

import openpyxl
import pytest

from efh_xl import refresh_workbook, summarize
from efh_xl.core.summary import SHARE_1_OR_2, SHARE_PLANNED, SHARE_RATIOS, SHARE_REACHED
from efh_xl.core.summary_sheets import SUMMARY_PREFIX
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.reader import read_workbook
from efh_xl.workbook.sample import sample_actions


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("totaux")
    path = build_workbook(folder / "classeur.xlsm", actions=sample_actions(per_territory=12))
    refresh_workbook(path)
    book = openpyxl.load_workbook(path)
    data = read_workbook(path)
    summary = summarize(data.actions, data.rule, data.settings)
    return [book[n] for n in book.sheetnames if n.startswith(SUMMARY_PREFIX)], summary


def tables(sheet):
    """Each table with a Total row: its header and its Total row, as {header: value}."""
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = None
    for row in rows:
        if row[0] is not None and any(str(v) in SHARE_RATIOS for v in row[1:] if v):
            header = row
        elif header is not None and row[0] == "Total":
            yield dict(zip(header[1:], row[1:]))
            header = None


def test_every_share_of_a_total_row_is_the_share_of_the_totals(sheets):
    found = set()
    for sheet in sheets[0]:
        for total in tables(sheet):
            for column, (part, whole) in SHARE_RATIOS.items():
                if column not in total:
                    continue
                found.add(column)
                denominator = sum(total[c] for c in whole)
                expected = sum(total[c] for c in part) / denominator
                assert math.isclose(total[column], expected), (sheet.title, column)
    assert found == set(SHARE_RATIOS)


def test_the_total_share_m1_or_m2_equals_the_summary(sheets):
    book_sheets, summary = sheets
    overview = book_sheets[0]
    shares = [t[SHARE_1_OR_2] for t in tables(overview) if SHARE_1_OR_2 in t]
    assert shares and all(math.isclose(s, summary.overall.share_1_or_2) for s in shares)
    people = [t for t in tables(overview) if SHARE_PLANNED in t]
    assert people and all(0 < t[SHARE_PLANNED] < 1 and 0 < t[SHARE_REACHED] < 1 for t in people)
