"""The regional « Évolution par année » chart with many territories: bars across, the names on
one line down the left (slanted under columns they took most of the chart's height and squashed
the plot), a share axis from 0 to 100 % (it went to 120 %), each bar tall enough for its value
(labels collided), the chart as tall as the territories need and never taller than a page."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from conftest import libreoffice
from test_pdf_export import poppler

from efh_xl.core.page_breaks import page_pixels
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import _evolution_sheet, consolidate
from efh_xl.workbook.libreoffice import convert
from efh_xl.workbook.sample import sample_actions

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
TITLE = "Part des actions au marqueur 1 ou 2, par année"
NAMES = [
    "Communauté urbaine des Deux-Rives",
    "Maubeuge Val de Sambre",
    "Agglomération de Hautecombe",
    "Denain",
    "Douaisis",
    "Lens-Liévin",
    "Val-de-Lys Métropole",
    "Cambrésis",
    "Calaisis Cœur d'Opale",
]


def _actions(territories: list[str], years=(2024, 2025, 2026)):
    frame = sample_actions(per_territory=6 * len(territories) // 3 + 6)
    frame = frame.iloc[: 6 * len(territories)].copy()
    frame["Territoire"] = [territories[i // 6] for i in range(len(frame))]
    frame["Année"] = [years[i % len(years)] for i in range(len(frame))]
    frame["N° action"] = [f"A-{i:04d}" for i in range(len(frame))]
    return frame.reset_index(drop=True)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evolution")
    build_workbook(folder / "in" / "neuf.xlsm", actions=_actions(NAMES))
    return consolidate([folder / "in"], folder / "region.xlsx").output


def _chart_part(path) -> str:
    with zipfile.ZipFile(path) as z:
        found = [
            z.read(n).decode()
            for n in z.namelist()
            if n.startswith("xl/charts/") and n.endswith(".xml") and TITLE.encode() in z.read(n)
        ]
    assert len(found) == 1
    return found[0]


def test_the_chart_has_bars_across_and_a_share_axis_up_to_100_percent(region):
    xml = _chart_part(region)
    assert '<c:barDir val="bar"/>' in xml
    value_axis = re.search(r"<c:valAx>.*?</c:valAx>", xml).group(0)
    # As Excel writes fixed bounds (XlsxWriter's chart_axis13.xlsx): max, then min.
    assert '<c:scaling><c:orientation val="minMax"/><c:max val="1"/><c:min val="0"/>' in (
        value_axis
    )
    assert "<c:dLbls>" in xml  # 9 territories x 3 years: every bar keeps its value


def _model(territories: list[str]):
    import numpy as np

    frame = _actions(territories)
    status = np.arange(len(frame)) % 5
    return _evolution_sheet("Évolution par année", frame, status, np.zeros(len(frame)))


def test_the_chart_grows_with_the_territories_and_stays_within_a_page():
    few, many, most = (_model(NAMES[:3]), _model(NAMES), _model([f"T{i}" for i in range(40)]))
    assert few.charts[0].size[1] == 300
    assert many.charts[0].size[1] > 400
    for sheet in (few, many, most):
        for chart in sheet.charts:
            assert chart.size[1] <= page_pixels(sheet, sheet.page)
            assert chart.value_max == 1 and chart.horizontal
            # Every bar tall enough for its value: 40 territories x 3 years in one chart as
            # tall as a page had bars too thin for any, and every other name shown.
            assert chart.labels
    assert len(few.charts) == len(many.charts) == 1
    # 40 territories: as many charts as they need, each of a part, all of them covered once.
    parts = [(c.categories[0], c.categories[1]) for c in most.charts]
    assert len(parts) > 1 and parts[0][0] == 5 and parts[-1][1] == 5 + 40 - 1
    assert all(b[0] == a[1] + 1 for a, b in zip(parts, parts[1:]))
    assert most.charts[0].title.endswith(f"(1/{len(parts)})")


def test_libreoffice_draws_the_names_on_one_line_and_no_axis_past_100_percent(region, tmp_path):
    libreoffice()
    text_of = poppler("pdftotext")
    pdf = str(convert(region, "pdf", tmp_path, recalculate=False, locale="fr-FR"))
    text = subprocess.run([text_of, "-layout", pdf, "-"], capture_output=True, text=True).stdout
    pages = [p for p in text.split("\f") if TITLE in p]
    assert len(pages) == 1
    chart = pages[0][pages[0].index(TITLE) :]
    for name in NAMES:
        assert name in chart, name  # on one line, not slanted over several
    assert "100 %" in chart and "120 %" not in chart
