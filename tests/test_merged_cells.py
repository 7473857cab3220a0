"""Merged cells (the bands of the lists of actions to fix) are written as Excel writes them:
one ``<mergeCell ref="A5:C5"/>`` per row of a band, ``count`` the number of them, and a band
of no row writes nothing."""

from __future__ import annotations

import re
import shutil
import zipfile

from conftest import WORKBOOK
from lxml import etree

from efh_xl.core.sheet_model import SheetModel
from efh_xl.ooxml.worksheet import worksheet_xml
from efh_xl.workbook.headless_refresh import refresh_workbook

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
RANGE = re.compile(r"[A-Z]+\d+:[A-Z]+\d+")


def merges(part: bytes) -> tuple[int | None, list[str]]:
    root = etree.fromstring(part)
    found = root.find("m:mergeCells", NS)
    if found is None:
        return None, []
    return int(found.get("count")), [m.get("ref") for m in found.findall("m:mergeCell", NS)]


def test_every_merge_of_a_refreshed_workbook_is_a_range(tmp_path):
    path = tmp_path / "a.xlsm"
    shutil.copyfile(WORKBOOK, path)
    refresh_workbook(path)
    with zipfile.ZipFile(path) as package:
        parts = [package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/")]
    counted = [merges(part) for part in parts if part.startswith(b"<?xml")]
    assert any(refs for _, refs in counted)  # the lists of actions to fix
    for count, refs in counted:
        assert count is None or count == len(refs)
        assert all(RANGE.fullmatch(ref) for ref in refs), refs[:3]


def test_a_band_of_no_row_writes_no_merge():
    sheet = SheetModel("S")
    sheet.put(0, 0, "x")
    sheet.merged_across += [(4, 3, 0, 2), (5, 6, 1, 3)]  # an empty band, then two rows
    assert merges(worksheet_xml(sheet, {"text": 0}, None)) == (2, ["B6:D6", "B7:D7"])
