"""Non-finite numbers never reach the package: no inf or nan in a <v>, a chart cache included."""

import datetime as dt
import math
import re
import zipfile

import numpy as np
import openpyxl
from conftest import schema_errors

from efh_xl import refresh_workbook
from efh_xl.core.sheet_model import Chart, SheetModel
from efh_xl.core.summary import summarize
from efh_xl.ooxml.charts import chart_xml
from efh_xl.ooxml.worksheet import worksheet_xml
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.reader import read_workbook
from efh_xl.workbook.sample import sample_actions

NOW = dt.datetime(2026, 11, 28, 9, 30)
STYLES = {"text": 0, "euro": 1}
VALUE = re.compile(rb"<(?:c:)?v>([^<]*)</(?:c:)?v>")


def numbers_written(xml: bytes) -> list[bytes]:
    return [v for v in VALUE.findall(xml) if re.fullmatch(rb"[-+.\w]+", v)]


def assert_finite(xml: bytes) -> None:
    for text in numbers_written(xml):
        if text.startswith(b"#"):
            continue
        try:
            number = float(text)
        except ValueError:
            continue  # a category or a series name
        assert math.isfinite(number), text


def test_the_sheet_writer_writes_excels_num_error_for_inf_and_nan():
    sheet = SheetModel("S")
    for col, value in enumerate([float("inf"), -math.inf, float("nan"), np.float64("inf"), 2.5]):
        sheet.put(0, col, value, "euro")
    sheet.put_block(2, 0, [[1.0, math.inf], ["a", "b"]], ["euro", "text"])
    xml = worksheet_xml(sheet, STYLES, None)
    assert b"inf" not in xml and b"nan" not in xml
    assert xml.count(b't="e"><v>#NUM!</v>') == 5
    assert b"<v>2.5</v>" in xml


def test_a_chart_leaves_out_a_point_that_is_not_finite():
    sheet = SheetModel("S")
    for row, (label, value) in enumerate([("M0", 1.0), ("M1", math.inf), ("M2", math.nan)]):
        sheet.put(row, 0, label)
        sheet.put(row, 1, value, "euro")
    xml = chart_xml(sheet, Chart("T", (0, 2, 0), [("S", 0, 2, 1)], (0, 0)))
    assert b"inf" not in xml and b"nan" not in xml
    cache = xml.split(b"<c:numCache>")[1]
    assert b'<c:pt idx="0"><c:v>1.0</c:v></c:pt>' in cache and b'<c:pt idx="1">' not in cache


def test_euros_that_overflow_a_sum_give_an_error_cell_and_a_readable_package(tmp_path):
    actions = sample_actions(per_territory=2)
    actions["Montant accordé"] = 1.5e308  # each finite, their sum is not
    actions["Montant demandé"] = 1.7e308
    path = build_workbook(tmp_path / "enorme.xlsm", actions=actions)
    refresh_workbook(path, now=NOW)
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                assert_finite(package.read(name))
        written = b"".join(package.read(n) for n in package.namelist() if n.endswith(".xml"))
    assert b"#NUM!" in written
    book = openpyxl.load_workbook(path)
    overview = book["Synthèse – Ensemble"]
    assert "#NUM!" in [c.value for row in overview.iter_rows() for c in row]
    assert len(read_workbook(path).actions) == len(actions)  # it still reads
    assert schema_errors(path) == []


def test_an_amount_cell_holding_inf_or_nan_is_unreadable_not_a_number(tmp_path):
    # What another program may leave in a package: <v>inf</v> and <v>NaN</v> in amount cells.
    actions = sample_actions(per_territory=2)
    actions["Montant accordé"] = 123456.0
    actions.loc[0, "Montant accordé"] = 654321.0
    actions.loc[1, "Montant accordé"] = 987654.0
    built = build_workbook(tmp_path / "source.xlsm", actions=actions)
    path = tmp_path / "inf.xlsm"
    with zipfile.ZipFile(built) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>654321</v>", b"<v>inf</v>")
                data = data.replace(b"<v>987654</v>", b"<v>NaN</v>")
            new.writestr(info, data)
    with zipfile.ZipFile(path) as package:
        before = {name: package.read(name) for name in package.namelist()}
    refresh_workbook(path, now=NOW)
    with zipfile.ZipFile(path) as package:
        written = [n for n in package.namelist() if package.read(n) != before.get(n)]
        assert any(n.startswith("xl/charts/") for n in written), written
        for name in written:  # the user's own cells are copied as they are
            if name.endswith(".xml"):
                assert_finite(package.read(name))
    read = read_workbook(path).actions
    assert len(read) == len(actions)
    assert summarize(read).overall.unreadable_count == 1  # inf; NaN is a blank, as pandas reads
    sheets = b"".join(package_part(path, n) for n in written if n.startswith("xl/worksheets/"))
    assert b"Montants illisibles (1)" in sheets, written


def package_part(path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)
