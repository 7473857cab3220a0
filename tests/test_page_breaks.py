"""Printed summary sheets cut no table: a manual page break (``<rowBreaks>``) stands before each
table, with its title, and each band of charts that would otherwise straddle the end of a page
(before: « Par pilier » printed at the foot of page 1, its table on page 2, and « Bénéficiaires :
part des femmes, par pilier » cut over pages 2 and 3)."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import zipfile

import pytest
from conftest import WORKBOOK, libreoffice
from lxml import etree
from test_pdf_export import poppler

from efh_xl.core.page_breaks import page_pixels, paginate, row_breaks
from efh_xl.core.sheet_model import PageSetup, SheetModel, width_pixels
from efh_xl.core.summary import SUMMARY_COLUMNS, summarize
from efh_xl.core.summary_sheets import summary_sheets
from efh_xl.ooxml.worksheet import worksheet_xml
from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.reader import read_workbook

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
# A4 landscape inside Excel's default margins (0.7 inch left and right, 0.75 top and bottom).
PAGE_WIDTH = 841.89 - 2 * 0.7 * 72
PAGE_HEIGHT = 595.28 - 2 * 0.75 * 72


@pytest.fixture(scope="module")
def models():
    data = read_workbook(WORKBOOK, columns=SUMMARY_COLUMNS)
    return summary_sheets(summarize(data.actions, data.rule, data.settings))


def _height(model: SheetModel, row: int) -> float:
    """A row's printed height in points, as the test reckons it: the model's, or 15 points
    (21 for the 16-point title, 16.5 for a 12-point section title)."""
    if row in model.heights:
        return model.heights[row]
    found = [
        style for (r, _), (value, style) in model.cells.items() if r == row and value
    ]
    return 21.75 if "title" in found else 16.5 if "section" in found else 15.0


def _spans(model: SheetModel) -> list[tuple[int, int]]:
    """Each section: from its title to the row before the next blank row (the chart bands
    are rows without cells under the charts, found by their anchors)."""
    filled = {r for r, _ in model.cells}
    for block in model.blocks:
        filled.update(range(block.top, block.top + block.height))
    spans = []
    for (row, _), (_, style) in model.cells.items():
        if style == "section":
            end = row
            while end + 1 in filled:
                end += 1
            spans.append((row, end))
    for chart in model.charts:
        rows = math.ceil(chart.size[1] / 20)  # 20 pixels a 15-point row
        spans.append((chart.anchor[0], chart.anchor[0] + rows - 1))
    return spans


def test_no_section_straddles_a_page_at_the_width_fitting_scale(models):
    paged = [m for m in models if m.page.row_breaks]
    assert len(paged) == len(models)  # the sample's sheets all take several pages
    for model in models:
        page = model.page
        assert page.fit_width == 1 and page.fit_height == 0  # still one page wide
        columns = range(page.area[1], page.area[3] + 1)
        width = sum(width_pixels(model.widths.get(c, 8.43)) for c in columns) * 0.75
        scale = min(1.0, PAGE_WIDTH / width)
        room = PAGE_HEIGHT / scale
        titles = sum(_height(model, r) for r in range(2))
        starts = [0, *page.row_breaks]
        ends = [*page.row_breaks, page.area[2] + 1]
        for number, (first, stop) in enumerate(zip(starts, ends, strict=True)):
            used = sum(_height(model, r) for r in range(first, stop))
            used += titles if number else 0
            assert used <= room, (model.name, number + 1, used, room)
        for first, last in _spans(model):
            tall = sum(_height(model, r) for r in range(first, last + 1)) + titles
            cut = [b for b in page.row_breaks if first < b <= last]
            if tall <= room:
                assert not cut, (model.name, first, last, cut)


def test_breaks_fall_before_a_section_or_a_chart_band(models):
    for model in models:
        sections = {
            r for (r, _), (_, style) in model.cells.items() if style == "section"
        }
        # A table without a section title of its own (the EIGE table below the targets,
        # whose header says what it is): its header row, below a blank row.
        sections |= {
            r
            for (r, c), (_, style) in model.cells.items()
            if style == "header" and c == 0 and (r - 1, 0) not in model.cells
        }
        # Or on the blank row above a section, when that row alone passes the page's end.
        sections |= {r - 1 for r in sections if (r - 1, 0) not in model.cells}
        # A band of charts: the break falls on the blank row above it, off the charts' edge.
        bands = {chart.anchor[0] - 1 for chart in model.charts}
        listed = [b for b in model.blocks if b.height > 10]  # long lists of actions
        for brk in model.page.row_breaks:
            inside = any(b.top < brk < b.top + b.height for b in listed)
            assert brk in sections | bands or inside, (model.name, brk)


def test_a_sheet_that_fits_a_page_has_no_break():
    model = SheetModel("Court")
    model.put(0, 0, "Titre", "title")
    for row in range(2, 20):
        model.put(row, 0, row)
    model.page = PageSetup(area=(0, 0, 19, 0), title_rows=(0, 1))
    paginate(model)
    assert model.page.row_breaks == ()
    assert row_breaks(model, model.page, 100) == ()


def test_a_table_taller_than_a_page_starts_where_it_comes():
    """Moved to the next page, a table too tall for any page left a page holding only the
    sheet's title (« Évolution par année » of 40 territories): it starts under the title,
    and is cut where a page ends."""
    model = SheetModel("Évolution")
    model.put(0, 0, "Titre", "title")
    model.put(2, 0, "Un petit tableau")
    page_rows = int(PAGE_HEIGHT / 15)
    for row in range(4, 4 + 2 * page_rows):  # one table, two pages tall
        model.put(row, 0, row)
    model.page = PageSetup(area=(0, 0, 3 + 2 * page_rows, 0), title_rows=(0, 1))
    breaks = row_breaks(model, model.page, 100)
    assert breaks and breaks[0] > 4 + page_rows // 2, breaks
    # Near a page's foot, it starts on the next page: not its title and a row alone there.
    low = SheetModel("Évolution")
    low.put(0, 0, "Titre", "title")
    for row in range(2, page_rows - 4):
        low.put(row, 0, row)
    for row in range(page_rows - 2, page_rows - 2 + 2 * page_rows):
        low.put(row, 0, row)
    low.page = PageSetup(area=(0, 0, page_rows + 2 * page_rows, 0), title_rows=(0, 1))
    assert row_breaks(low, low.page, 100)[0] == page_rows - 2


def test_charts_of_many_territories_each_fit_a_page_and_name_every_territory():
    """40 territories in one chart ran over two pages (its bars under the next page's
    title), every other name shown: as many charts as a page holds, one a band."""
    data = read_workbook(WORKBOOK, columns=SUMMARY_COLUMNS)
    actions = data.actions.copy()
    actions["Territoire"] = [f"Territoire n° {i % 40:02d}" for i in range(len(actions))]
    [overall, *_] = summary_sheets(summarize(actions, data.rule, data.settings))
    charts = [c for c in overall.charts if c.title.startswith("Marqueurs par territoire")]
    assert len(charts) > 1
    room = page_pixels(overall, overall.page)
    assert all(c.size[1] <= room for c in charts)
    covered = [r for c in charts for r in range(c.categories[0], c.categories[1] + 1)]
    assert len(covered) == len(set(covered)) == 40
    assert charts[0].title.endswith(f"(1/{len(charts)})")
    # Each whole on a page: no break falls within a chart's rows.
    for chart in charts:
        rows = math.ceil(chart.size[1] / 20)
        inside = range(chart.anchor[0], chart.anchor[0] + rows)
        assert not [b for b in overall.page.row_breaks if b in inside[1:]], chart.title


def test_a_sheet_a_little_taller_than_a_page_is_fitted_to_one_page():
    """Its table and chart on one page, a little smaller, rather than the chart alone on a
    second page (the regional « Évolution par année »: page 1 two-thirds blank)."""

    def sheet(rows: int) -> SheetModel:
        model = SheetModel("Évolution")
        model.put(0, 0, "Titre", "title")
        for row in range(2, rows):
            model.put(row, 0, row)
        model.page = PageSetup(area=(0, 0, rows - 1, 0), title_rows=(0, 1))
        return model

    page_rows = int(PAGE_HEIGHT / 15)  # rows of 15 points a page holds at 100 %
    near = sheet(page_rows + 3)
    paginate(near)
    assert (near.page.fit_height, near.page.row_breaks) == (1, ())
    tall = sheet(2 * page_rows)  # two pages: fitted to one, it would be unreadable
    paginate(tall)
    assert tall.page.fit_height == 0 and tall.page.row_breaks


def test_the_first_page_holds_the_charts_and_the_targets(models):
    """The charts stand under the table they draw: the first page holds them and the targets
    (before, below the targets and the EIGE table, they missed it by a few rows and left half
    of it blank)."""
    for model in models:
        first_break = model.page.row_breaks[0]
        band_end = max(c.anchor[0] + math.ceil(c.size[1] / 20) for c in model.charts)
        cibles = next(
            r
            for (r, _), (v, _) in model.cells.items()
            if v and str(v).startswith("Cibles")
        )
        assert band_end < first_break and cibles + 3 < first_break, model.name


def test_row_breaks_are_written_as_excel_writes_them():
    model = SheetModel("S")
    model.put(0, 0, "x")
    model.page = PageSetup(area=(0, 0, 0, 0), row_breaks=(40, 12))
    xml = worksheet_xml(model, {"text": 0}, "rId1").decode()
    # XlsxWriter's page_breaks02: sorted, after headerFooter, before drawing.
    assert (
        '</headerFooter><rowBreaks count="2" manualBreakCount="2"><brk id="12" max="16383" '
        'man="1"/><brk id="40" max="16383" man="1"/></rowBreaks><drawing r:id="rId1"/>'
    ) in xml


def test_refresh_writes_the_breaks_of_the_model(tmp_path, models):
    result = refresh_workbook(WORKBOOK, output_dir=tmp_path)
    path = tmp_path / WORKBOOK.name
    with zipfile.ZipFile(path) as z:
        parts = [
            n
            for n in z.namelist()
            if re.fullmatch(r"xl/worksheets/efh_summary\d+\.xml", n)
        ]
        found = {}
        for part in parts:
            root = etree.fromstring(z.read(part))
            breaks = root.findall("m:rowBreaks/m:brk", NS)
            found[len(found)] = tuple(int(b.get("id")) for b in breaks)
    assert len(result.sheets) == len(models) == len(found)
    assert sorted(found.values()) == sorted(m.page.row_breaks for m in models)


def _pages(pdf: str) -> list[str]:
    text = subprocess.run(
        [poppler("pdftotext"), "-layout", pdf, "-"], capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def _first_cell(line: str) -> str:
    return re.split(r"\s{2,}", line.strip())[0]


def test_libreoffice_prints_each_table_whole_on_one_page(tmp_path, models):
    """In the PDF, the page holding a section's title also holds the label of its table's
    last row (the lists of actions, taller than a page, aside)."""
    libreoffice()
    copy = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, copy)
    result = refresh_workbook(copy, pdf_dir=tmp_path / "pdf")
    checked = 0
    for model, pdf in zip(models, result.pdfs, strict=True):
        assert model.name in str(pdf)
        pages = _pages(str(pdf))
        for first, last in _spans(model):
            title = model.cells.get((first, 0), (None, ""))[0]
            if not title or title.startswith(("Actions à corriger", "Montants")):
                continue
            label = str(model.get(last, 0)[0])[:20]
            on = [
                i
                for i, p in enumerate(pages)
                if any(title in line for line in p.splitlines())
            ]
            assert len(on) == 1, (model.name, title)
            lines = pages[on[0]].splitlines()
            at = next(i for i, line in enumerate(lines) if title in line)
            below = [_first_cell(line) for line in lines[at + 1 :]]
            assert any(cell.startswith(label[:12]) for cell in below), (
                model.name,
                title,
                label,
            )
            checked += 1
        assert len(pages) == len(model.page.row_breaks) + 1  # no page break of its own
        # The first page holds the charts under the first table, and the targets.
        assert "Actions par marqueur" in pages[0] and "Cibles" in pages[0], model.name
    assert checked >= 20
