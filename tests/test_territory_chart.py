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


def test_zero_segments_have_no_label_and_few_actions_get_whole_graduations(tmp_path):
    """The stacked bars' labels hide a zero (their « 0 » overlapped at the bar's end); a value
    axis over a few actions is graduated 1, 2, 3…, not 0.2, 0.4…; a share or a large count
    keeps the automatic graduation; the schemas still hold."""
    import pandas as pd

    from efh_xl.workbook.build import build_workbook
    from efh_xl.workbook.sample import sample_actions

    actions = sample_actions(per_territory=1).reset_index(drop=True)
    book = build_workbook(tmp_path / "petit.xlsm", actions=pd.DataFrame(actions))
    refresh_workbook(book)
    by_title = charts(book)
    labels = by_title["Marqueurs par territoire"].find(f".//{C}ser/{C}dLbls/{C}numFmt")
    assert labels is not None and labels.get("formatCode").endswith(";;")
    assert labels.get("sourceLinked") == "0"
    plot = by_title["Actions par marqueur"].find(f"{C}chart/{C}plotArea")
    assert value(plot, f"{C}valAx/{C}majorUnit") == "1"
    assert by_title["Actions par marqueur"].find(f".//{C}dLbls/{C}numFmt") is None  # not stacked
    assert [e for e in schema_errors(book) if "chart" in e.lower()] == []
    big = tmp_path / "grand.xlsm"
    shutil.copy(WORKBOOK, big)
    refresh_workbook(big)
    for title, root in charts(big).items():
        if title.startswith(("Euros", "Part")):
            assert root.find(f".//{C}valAx/{C}majorUnit") is None, title


def test_labels_of_segments_too_thin_for_them_are_deleted(tmp_path):
    """A territory of 4 actions beside territories of 150: its « 1 1 1 1 » ran into
    one another in a bar a few pixels long. Their labels are deleted point by point, as
    Excel writes a label deleted by hand; the large segments keep theirs; the schemas hold."""
    import pandas as pd

    from efh_xl.workbook.build import build_workbook
    from efh_xl.workbook.sample import sample_actions

    big = sample_actions(per_territory=150)
    small = big[big["Territoire"] == big["Territoire"].iloc[0]].head(4).copy()
    small["Territoire"] = "Denain"
    small["N° action"] = [f"D-{i}" for i in range(4)]
    for q, answers in zip(("Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"), zip(*[
        ("OUI", "OUI", None, "NON", "NON", "NON"),
        ("NON", "NON", "NON", "NON", "NON", "NON"),
        ("OUI", "OUI", None, "OUI", "OUI", "OUI"),
        (None, None, None, None, None, None),
    ])):
        small[q] = list(answers)
    book = build_workbook(tmp_path / "t.xlsm", actions=pd.concat([big, small], ignore_index=True))
    refresh_workbook(book)
    plot = charts(book)["Marqueurs par territoire"].find(f"{C}chart/{C}plotArea")
    names = [v.text for v in plot.find(f"{C}barChart/{C}ser/{C}cat").iter(f"{C}v")]
    denain = names.index("Denain")
    deleted = {
        (k, int(label.find(f"{C}idx").get("val")))
        for k, ser in enumerate(plot.iter(f"{C}ser"))
        for label in ser.findall(f"{C}dLbls/{C}dLbl")
        if label.find(f"{C}delete").get("val") == "1"
    }
    values = [
        [float(v.text) for v in ser.find(f"{C}val").iter(f"{C}v")] for ser in plot.iter(f"{C}ser")
    ]
    small_points = {(k, denain) for k, column in enumerate(values) if column[denain] > 0}
    assert small_points and small_points <= deleted
    largest = max((column[i], k, i) for k, column in enumerate(values) for i in range(len(column)))
    assert (largest[1], largest[2]) not in deleted  # a wide segment keeps its label
    assert [e for e in schema_errors(book) if "chart" in e.lower()] == []
