"""The regional workbook prints as the summary sheets do: every sheet A4 landscape with its
titles repeated, the summaries and the evolution one page wide within their print area, and
the rows of the « À corriger » list as tall as their wrapped reasons (before: no print names,
the lists and the evolution sheet in portrait at 100 %, cut across pages, and the reasons
drawn over the next rows)."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pandas as pd
import pytest
from conftest import WORKBOOK, libreoffice, sheet_parts
from lxml import etree
from test_pdf_export import poppler

from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.libreoffice import convert
from efh_xl.workbook.sample import sample_actions

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("region")
    for (territory, year), frame in sample_actions().groupby(["Territoire", "Année"]):
        name = f"{territory.split()[0]}_{year}.xlsm"
        build_workbook(folder / "in" / name, actions=frame.reset_index(drop=True))
    return consolidate([folder / "in"], folder / "region.xlsx").output


def _parts(path):
    book, parts = sheet_parts(path)
    sheets = list(parts)
    names = {}
    for n in book.findall("m:definedNames/m:definedName", NS):
        if n.get("localSheetId") is None:  # the book's own mark (EFH_CONSOLIDATION)
            continue
        names.setdefault(sheets[int(n.get("localSheetId"))], {})[n.get("name")] = n.text
    return sheets, names, parts


def test_every_sheet_has_a_landscape_page_setup_and_repeated_titles(region):
    sheets, names, parts = _parts(region)
    for sheet in sheets:
        setup = parts[sheet].find("m:pageSetup", NS)
        assert setup is not None and setup.get("orientation") == "landscape", sheet
        assert "_xlnm.Print_Titles" in names.get(sheet, {}), sheet
    for sheet in [s for s in sheets if s.startswith("Synthèse") or s.startswith("Évolution")]:
        assert "_xlnm.Print_Area" in names[sheet], sheet
        tall = parts[sheet].find("m:pageSetup", NS).get("fitToHeight")
        # A few territories' evolution, a little taller than a page, is fitted to one page
        # tall too (fitToHeight 1, the default, unsaid): its chart is not alone on page 2.
        assert tall == ("0" if sheet.startswith("Synthèse") else None), sheet
    assert names["Actions"]["_xlnm.Print_Titles"] == "'Actions'!$A:$B,'Actions'!$4:$4"
    assert names["À corriger"]["_xlnm.Print_Titles"] == "'À corriger'!$4:$4"


def test_rows_of_long_reasons_are_taller(region):
    _, _, parts = _parts(region)
    rows = parts["À corriger"].findall("m:sheetData/m:row", NS)
    listed = [r for r in rows if int(r.get("r")) >= 5]
    assert listed and all(float(r.get("ht", 0)) >= 30 for r in listed)  # reasons wrap


def test_the_header_row_is_as_tall_as_its_longest_wrapped_header(tmp_path):
    # « Marqueur (règle du fichier) » in a column 14 wide takes three lines: a row of two cut
    # its last word, on screen and on paper. The column is there when a file's rule gives
    # other markers than the consolidation's (here: the sample, consolidated under another).
    region = consolidate([WORKBOOK], tmp_path / "region.xlsx", rule="hachure_q3").output
    _, _, parts = _parts(region)
    header = parts["Actions"].find("m:sheetData/m:row[@r='4']", NS)
    assert float(header.get("ht")) >= 45


def test_columns_empty_in_a_consolidation_are_left_out(region, tmp_path):
    # An empty « Commentaires » took a page of every band across of the printed list.
    frame = pd.read_excel(region, sheet_name="Actions", header=3, engine="calamine")
    assert "Marqueur (règle du fichier)" not in frame and "Autres sources" not in frame
    assert "Motif" in frame and "Commentaires" in frame  # the sample has comments
    actions = sample_actions(per_territory=2).iloc[:2].copy()
    actions["Commentaires"] = None
    book = build_workbook(tmp_path / "sans.xlsm", actions=actions)
    quiet = consolidate([book], tmp_path / "r.xlsx").output
    frame = pd.read_excel(quiet, sheet_name="Actions", header=3, engine="calamine")
    assert "Commentaires" not in frame


def test_answers_to_fix_are_shown_whole(tmp_path):
    # « peut-être » in a column six wide printed « peut-êt », run into the next answer: the
    # very text the reader of the list has to fix. A column widens, then wraps.
    from openpyxl.utils import column_index_from_string

    actions = sample_actions(per_territory=2).iloc[:3].copy()
    actions["Q4"] = ["peut-être", "OUI", "NON"]
    actions["Q5"] = ["à revoir en comité de pilotage", "OUI", "NON"]
    book = build_workbook(tmp_path / "t.xlsm", actions=actions.reset_index(drop=True))
    region = consolidate([book], tmp_path / "r.xlsx").output
    _, _, parts = _parts(region)
    sheet = parts["Actions"]
    headers = {
        c.findtext("m:is/m:t", namespaces=NS): c.get("r").rstrip("0123456789")
        for c in sheet.findall("m:sheetData/m:row[@r='4']/m:c", NS)
    }
    widths = {}
    for col in sheet.findall("m:cols/m:col", NS):
        for j in range(int(col.get("min")), int(col.get("max")) + 1):
            widths[j] = float(col.get("width"))
    width = {q: widths[column_index_from_string(headers[q])] for q in ("Q1", "Q4", "Q5")}
    assert width["Q1"] < 8  # OUI and NON: as narrow as before
    # « peut-être » is 60 pixels of Calibri 11; a column w wide shows 7 w pixels of text.
    assert 7 * width["Q4"] >= 60
    row = sheet.find("m:sheetData/m:row[@r='5']", NS)
    q5 = next(c for c in row.findall("m:c", NS) if c.get("r").startswith(headers["Q5"]))
    assert _alignments(region)[int(q5.get("s"))][1]  # the long one wraps
    assert float(row.get("ht")) >= 30  # on a row tall enough for its lines


def _alignments(path):
    """Each cell style's (vertical alignment, wraps) by index."""
    with zipfile.ZipFile(path) as z:
        styles = etree.fromstring(z.read("xl/styles.xml"))
    out = []
    for xf in styles.findall("m:cellXfs/m:xf", NS):
        alignment = xf.find("m:alignment", NS)
        if alignment is None:
            out.append((None, False))
        else:
            out.append((alignment.get("vertical"), alignment.get("wrapText") == "1"))
    return out


def test_the_lists_texts_wrap_and_every_cell_stands_at_the_top(region):
    # Cut at the column's edge, a title or a motif lost its end on screen and on paper; in a
    # row made taller by a wrapped text, the other cells stood at its bottom.
    import python_calamine
    from openpyxl.utils import column_index_from_string

    _, _, parts = _parts(region)
    alignments = _alignments(region)
    book = python_calamine.CalamineWorkbook.from_path(str(region))
    for sheet, wrapped in (
        ("Actions", {"Action", "Porteur", "Pilier", "Motif"}),
        ("À corriger", {"Action", "Raison"}),
        ("Fichiers", {"Territoires", "Règle du fichier", "Raison"}),
    ):
        headers = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)[3]
        row = parts[sheet].find("m:sheetData/m:row[@r='5']", NS)
        seen = set()
        for cell in row.findall("m:c", NS):
            header = headers[column_index_from_string(cell.get("r").rstrip("0123456789")) - 1]
            vertical, wraps = alignments[int(cell.get("s", 0))]
            assert vertical == "top", (sheet, header)
            if header in wrapped:
                assert wraps, (sheet, header)
                seen.add(header)
        assert seen == wrapped, sheet


def test_libreoffice_prints_every_page_in_landscape_with_the_titles(region, tmp_path):
    libreoffice()
    info, text_of = poppler("pdfinfo"), poppler("pdftotext")
    pdf = str(convert(region, "pdf", tmp_path, recalculate=False))
    details = subprocess.run([info, "-f", "1", "-l", "999", pdf], capture_output=True, text=True)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", details.stdout)
    assert sizes and {(round(float(w)), round(float(h))) for w, h in sizes} == {(842, 595)}
    text = subprocess.run([text_of, pdf, "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    evolution = [p for p in pages if "Évolution par année" in p]
    # One page: its tables and its chart (at 100 %, as this narrow sheet fits the width,
    # they pass the end of an A4 page by a few rows; the chart went alone to page 2).
    chart = "Part des actions au marqueur 1 ou 2, par année"
    assert len(evolution) == 1 and chart in evolution[0]
    summary = [p for p in pages if "Synthèse EFH – tous les territoires" in p]
    assert len(summary) >= 2  # its title repeated on its second page



def test_the_evolution_chart_stands_below_its_tables_not_beside_them(region):
    """Beside the tables, the chart made the page fitted to one page wide twice as wide, and
    the text too small to read on paper: it stands below them, from column A, no wider."""
    xdr = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
    title = "Part des actions au marqueur 1 ou 2, par année"
    sheets, _, parts = _parts(region)
    part = parts[next(s for s in sheets if s.startswith("Évolution"))]
    # The rows holding cells (the empty rows under the chart carry only their height).
    rows = [int(r.get("r")) for r in part.findall("m:sheetData/m:row", NS) if len(r)]
    widths = [
        (int(c.get("max")) - int(c.get("min")) + 1) * (int(float(c.get("width")) * 7 + 0.5) + 5)
        for c in part.findall("m:cols/m:col", NS)
    ]
    with zipfile.ZipFile(region) as z:
        anchors = [
            a
            for n in z.namelist()
            if n.startswith("xl/drawings/") and n.endswith(".xml") and "_rels" not in n
            for a in etree.fromstring(z.read(n)).iter(f"{xdr}oneCellAnchor")
            if a.find(f".//{xdr}cNvPr").get("name") == title
        ]
    [anchor] = anchors
    start = anchor.find(f"{xdr}from")
    assert int(start.find(f"{xdr}col").text) == 0
    assert int(start.find(f"{xdr}row").text) + 1 > max(rows)  # below the last row of cells
    assert int(anchor.find(f"{xdr}ext").get("cx")) / 9525 <= sum(widths)


LIST_TITLES = {
    "Actions": "Toutes les actions consolidées",
    "À corriger": "Lignes à corriger",
    "Fichiers": "Fichiers lus",
}


def test_the_lists_carry_their_title_in_the_page_header(region):
    """The lists printed over several pages keep their title on every page: before, the
    pages below the first had none, and the pages across showed it cut at the edge of the
    repeated columns (« Toutes les actions consolid »)."""
    _, _, parts = _parts(region)
    for sheet, title in LIST_TITLES.items():
        header = parts[sheet].find("m:headerFooter/m:oddHeader", NS).text
        assert header.startswith("&L" + title), (sheet, header)
        children = [etree.QName(c).localname for c in parts[sheet].find("m:headerFooter", NS)]
        assert children == ["oddHeader", "oddFooter"]  # CT_HeaderFooter's order


def test_libreoffice_prints_the_list_title_on_every_page(region, tmp_path):
    libreoffice()
    from efh_xl.workbook.pdf_export import export_pdfs

    text_of = poppler("pdftotext")
    for pdf in export_pdfs(region, list(LIST_TITLES), tmp_path):
        sheet = next(s for s in LIST_TITLES if pdf.stem.endswith(" - " + s))
        text = subprocess.run([text_of, str(pdf), "-"], capture_output=True, text=True).stdout
        pages = text.split("\f")[:-1]
        assert pages and all(LIST_TITLES[sheet] in page for page in pages), sheet
        if sheet == "Actions":
            assert len(pages) > 4  # pages across and down


def test_amounts_with_cents_are_shown_to_the_cent(tmp_path):
    # « 4 500,50 € » showed « 4 501 € » in a format of whole euros; a column without cents
    # keeps it.
    import openpyxl

    actions = sample_actions(per_territory=2).iloc[:2].copy()
    actions["Montant accordé"] = [4500.5, 1200.0]
    actions["Montant demandé"] = [5000.0, 1500.0]
    book = build_workbook(tmp_path / "t.xlsm", actions=actions.reset_index(drop=True))
    region = consolidate([book], tmp_path / "r.xlsx").output
    sheet = openpyxl.load_workbook(region)["Actions"]
    header = [c.value for c in sheet[4]]
    granted = sheet.cell(5, header.index("Montant accordé") + 1)
    requested = sheet.cell(5, header.index("Montant demandé") + 1)
    assert granted.value == 4500.5 and granted.number_format == '#,##0.00 "€"'
    assert requested.number_format == '#,##0 "€"'
