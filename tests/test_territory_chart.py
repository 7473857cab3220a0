"""The markers-by-territory chart: bars across, territories down the left in the table's order
(long names read on one line), values below; as Excel writes such a chart (XlsxWriter's bar
charts with a reversed category axis crossed at « max »), valid for the Open XML SDK's schemas."""

import shutil
import zipfile

from conftest import WORKBOOK, schema_errors
from lxml import etree

from efh_xl.workbook.headless_refresh import refresh_workbook

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def charts(path) -> dict[str, etree._Element]:
    """Each chart part of a package, by its title."""
    found = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/charts/") and name.endswith(".xml"):
                root = etree.fromstring(package.read(name))
                title = "".join(root.find(f"{C}chart/{C}title").itertext())
                found.setdefault(title, root)
    return found


def value(root: etree._Element, path: str) -> str:
    return root.find(path).get("val")


def test_the_territory_chart_has_bars_across_in_the_table_order(tmp_path):
    copy = tmp_path / "classeur.xlsm"
    shutil.copy(WORKBOOK, copy)
    refresh_workbook(copy)
    by_title = charts(copy)
    territory = by_title["Marqueurs par territoire"]
    plot = territory.find(f"{C}chart/{C}plotArea")
    assert value(plot, f"{C}barChart/{C}barDir") == "bar"
    assert value(plot, f"{C}barChart/{C}grouping") == "stacked"
    assert value(plot, f"{C}catAx/{C}scaling/{C}orientation") == "maxMin"
    assert value(plot, f"{C}catAx/{C}axPos") == "l"
    assert value(plot, f"{C}valAx/{C}crosses") == "max"
    # the categories are the table's territories, first one first
    names = [v.text for v in plot.find(f"{C}barChart/{C}ser/{C}cat").iter(f"{C}v")]
    assert names == sorted(names) and len(names) >= 2
    # the markers' charts keep their columns
    markers = by_title["Actions par marqueur"].find(f"{C}chart/{C}plotArea")
    assert value(markers, f"{C}barChart/{C}barDir") == "col"
    assert value(markers, f"{C}catAx/{C}scaling/{C}orientation") == "minMax"
    assert [e for e in schema_errors(copy) if "chart" in e.lower()] == []
