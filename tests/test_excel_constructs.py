"""Only constructs Excel itself writes, each listed with its evidence in
docs/compatibilite-excel.md: no structured reference inside a defined name, no part type the
document does not list."""

import re
import shutil
import zipfile

from conftest import ROOT, WORKBOOK
from lxml import etree

from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.reader import defined_names


def all_defined_names(path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("xl/workbook.xml"))
    return [e.text or "" for e in root.iter("{*}definedName")]


def test_no_defined_name_holds_a_this_row_reference_built_or_refreshed(tmp_path):
    copy = tmp_path / "classeur.xlsm"
    shutil.copy(WORKBOOK, copy)
    refresh_workbook(copy)
    for path in (WORKBOOK, copy):
        names = all_defined_names(path)
        assert names and not [n for n in names if "#This Row" in n or "[@" in n]
        assert "EFH_COMBINAISON" in defined_names(path)


def content_types(path) -> set[str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("[Content_Types].xml"))
    return {e.get("ContentType") for e in root if e.get("ContentType")}


def test_every_part_type_of_the_package_is_in_the_compatibility_document(tmp_path):
    doc = (ROOT / "docs" / "compatibilite-excel.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", doc, re.M))
    copy = tmp_path / "classeur.xlsm"
    shutil.copy(WORKBOOK, copy)
    refresh_workbook(copy)  # adds summary sheets, their drawings and charts
    built, refreshed = content_types(WORKBOOK), content_types(copy)
    assert "application/vnd.openxmlformats-officedocument.drawingml.chart+xml" in refreshed
    assert built | refreshed <= listed, sorted((built | refreshed) - listed)


def test_chart_drawing_and_relationship_parts_escape_any_text():
    from efh_xl.core.sheet_model import Chart, SheetModel
    from efh_xl.ooxml.charts import chart_xml, drawing_xml
    from efh_xl.ooxml.package import _rels_xml

    odd = 'Territoire « A & B » <"C"> \x01fin'
    sheet = SheetModel(odd)
    sheet.put(1, 0, odd)
    sheet.put(1, 1, 3)
    chart = Chart(odd, (1, 1, 0), [(odd, 1, 1, 1)], (0, 3), number_format='0 "€"')
    for part in (chart_xml(sheet, chart), drawing_xml([chart], ["rId1"])):
        assert part.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
        root = etree.fromstring(part)  # strict parse
        texts = [t for t in root.itertext() if "Territoire" in t]
        names = [e.get("name") for e in root.iter() if e.get("name")]
        assert texts + names and all("\x01" not in t for t in texts + names)
    chart_root = etree.fromstring(chart_xml(sheet, chart))
    assert "« A & B » <\"C\">" in "".join(chart_root.itertext())
    rels = etree.fromstring(_rels_xml([("rId1", "http://t/chart", "../charts/a&b.xml")]))
    assert rels[0].get("Target") == "../charts/a&b.xml"
