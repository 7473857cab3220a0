"""A column chart's value axis ends with room above its tallest column for the column's label:
an axis the application ended just above it (250 000 € over 236 801 €) drew the label over
the axis' own top label (trial 10)."""

from __future__ import annotations

import re
import shutil
import zipfile

from conftest import WORKBOOK

from efh_xl import refresh_workbook


def test_each_column_chart_leaves_room_above_its_tallest_label(tmp_path):
    path = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, path)
    refresh_workbook(path)
    checked = 0
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            xml = package.read(name).decode() if name.startswith("xl/charts/") else ""
            if '<c:barDir val="col"/>' not in xml or "<c:overlap" in xml:
                continue  # columns side by side only (stacked bars have their own top)
            top = float(re.search(r'<c:valAx>.*?<c:max val="([^"]+)"', xml, re.S)[1])
            values = [float(v) for v in re.findall(r"<c:v>([-\d.e+]+)</c:v>", xml)]
            assert max(values) * 1.12 <= top <= max(values) * 3, (name, top, max(values))
            checked += 1
    assert checked >= 2  # the markers' actions and euros, at least
