"""Page set-up of the summary sheets: A4 landscape, one page wide, titles repeated, pages
numbered; the print names stay with their sheets when refresh removes and adds sheets."""

import html
import re
import shutil
import subprocess
import textwrap
import zipfile
from types import SimpleNamespace

import pytest
from conftest import WORKBOOK, libreoffice
from lxml import etree
from test_pdf_export import poppler

from efh_xl.core.grid import DEFAULT_RULE
from efh_xl.core.sheet_model import DEFAULT_WIDTH, PageSetup, SheetModel
from efh_xl.core.summary import SUMMARY_COLUMNS, summarize
from efh_xl.core.summary_sheets import summary_sheets
from efh_xl.excel.button import generate, set_page_setup
from efh_xl.ooxml.package import NewSheet, Package
from efh_xl.ooxml.worksheet import print_names
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.control_sheet import CONTROL_SHEET, FIRST_ROW, expected
from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.pdf_export import export_pdfs, only_sheet
from efh_xl.workbook.reader import read_workbook
from efh_xl.workbook.sample import sample_actions

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# CT_Worksheet's children in schema order (ECMA-376 Part 1, §18.3.1.99).
WORKSHEET_ORDER = (
    "sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr sheetProtection "
    "protectedRanges scenarios autoFilter sortState dataConsolidate customSheetViews mergeCells "
    "phoneticPr conditionalFormatting dataValidations hyperlinks printOptions pageMargins "
    "pageSetup headerFooter rowBreaks colBreaks customProperties cellWatches ignoredErrors "
    "smartTags drawing legacyDrawing legacyDrawingHF picture oleObjects controls webPublishItems "
    "tableParts extLst"
).split()
ACTIONS_TITLES = "Actions!$C:$D,Actions!$4:$4"  # N° action and Action, the header row
USER_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Notes</t></is></c></row></sheetData>'
    b"</worksheet>"
)


def _workbook(path):
    """(sheet names in order, [(name, localSheetId or None, formula)], worksheet parts)."""
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        sheets = book.findall("m:sheets/m:sheet", NS)
        parts = {s.get("name"): z.read("xl/" + targets[s.get(R_ID)]) for s in sheets}
    names = [
        (n.get("name"), n.get("localSheetId"), n.text)
        for n in book.findall("m:definedNames/m:definedName", NS)
    ]
    return [s.get("name") for s in sheets], names, parts


def _local(names, sheets, name, sheet):
    """The formulas of the sheet-level name ``name`` of ``sheet``."""
    return [f for n, i, f in names if n == name and i is not None and sheets[int(i)] == sheet]


def _sheet_of(formula):
    """The sheet a print name's formula refers to (every area of it)."""
    found = {m.replace("''", "'") for m in re.findall(r"'((?:[^']|'')*)'!", formula)}
    found |= set(re.findall(r"(?:^|,)([^',!]+)!", formula))
    assert len(found) == 1, formula
    return found.pop()


def test_summary_sheets_print_a4_landscape_one_page_wide_with_titles_and_page_numbers(tmp_path):
    result = refresh_workbook(WORKBOOK, output_dir=tmp_path)
    sheets, names, parts = _workbook(tmp_path / WORKBOOK.name)
    assert len(result.sheets) == 4
    for name in result.sheets:
        root = etree.fromstring(parts[name])
        order = [etree.QName(c).localname for c in root]
        assert order == sorted(order, key=WORKSHEET_ORDER.index), order
        assert root.find("m:sheetPr/m:pageSetUpPr", NS).get("fitToPage") == "1"
        # Excel writes what differs from the defaults (fitToWidth="1" is one), in this order.
        setup = root.find("m:pageSetup", NS)
        assert list(setup.items()) == [
            ("paperSize", "9"),
            ("fitToHeight", "0"),
            ("orientation", "landscape"),
        ]
        footer = root.find("m:headerFooter/m:oddFooter", NS).text
        assert footer == "&CPage &P sur &N"
        (area,) = _local(names, sheets, "_xlnm.Print_Area", name)
        (titles,) = _local(names, sheets, "_xlnm.Print_Titles", name)
        quoted = "'" + name.replace("'", "''") + "'"
        assert titles == f"{quoted}!$1:$2"  # the title and the generation stamp
        first, last = re.fullmatch(re.escape(quoted) + r"!\$A\$1:\$([A-Z]+)\$(\d+)", area).groups()
        # The print area holds every cell and the charts, which stand below the tables:
        # no column is printed for them alone.
        dimension = root.find("m:dimension", NS).get("ref").split(":")[1]
        column, row = re.fullmatch(r"([A-Z]+)(\d+)", dimension).groups()
        assert first == column and int(last) >= int(row)
    # The names of the Actions sheet the build set (titles repeated) are still there.
    assert _local(names, sheets, "_xlnm.Print_Titles", "Actions") == [ACTIONS_TITLES]


def test_sheet_level_names_stay_with_their_sheets_when_refresh_moves_sheets(tmp_path):
    path = tmp_path / "classeur.xlsm"
    shutil.copy(WORKBOOK, path)
    refresh_workbook(path)
    # A person adds a sheet after the summary sheets, with a print area and a name of its
    # own, a print area on Actions and a workbook-level name.
    package = Package(path)
    try:
        package.add_sheet(NewSheet("Notes du comité", USER_SHEET))
        package.set_defined_name(
            "_xlnm.Print_Area", "'Notes du comité'!$A$1:$C$9", sheet=("Notes du comité")
        )
        package.set_defined_name("MaZone", "'Notes du comité'!$B$2", sheet="Notes du comité")
        package.set_defined_name("_xlnm.Print_Area", "Actions!$A$1:$H$20", sheet="Actions")
        package.set_defined_name("MonTotal", "'Notes du comité'!$C$9")
        package.save(path)
    finally:
        package.close()
    before_sheets, _, _ = _workbook(path)
    assert before_sheets.index("Notes du comité") == 10  # after the four summary sheets
    result = refresh_workbook(path)
    sheets, names, _ = _workbook(path)
    assert sheets[6] == "Notes du comité" and sheets[7:] == result.sheets
    assert _local(names, sheets, "_xlnm.Print_Area", "Notes du comité") == [
        "'Notes du comité'!$A$1:$C$9"
    ]
    assert _local(names, sheets, "MaZone", "Notes du comité") == ["'Notes du comité'!$B$2"]
    assert _local(names, sheets, "_xlnm.Print_Area", "Actions") == ["Actions!$A$1:$H$20"]
    assert _local(names, sheets, "_xlnm.Print_Titles", "Actions") == [ACTIONS_TITLES]
    assert ("MonTotal", None, "'Notes du comité'!$C$9") in names
    # Every print name refers to the sheet it belongs to; none is doubled or left behind.
    keys = [(n, i) for n, i, _ in names]
    assert len(keys) == len(set(keys))
    for name, index, formula in names:
        assert index is None or int(index) < len(sheets)
        if name.startswith("_xlnm."):
            assert _sheet_of(formula) == sheets[int(index)], (name, index, formula)
    for sheet in result.sheets:
        assert len(_local(names, sheets, "_xlnm.Print_Area", sheet)) == 1
        assert len(_local(names, sheets, "EFH_SYNTHESE", sheet)) == 1


def test_the_button_sets_the_page_setup_the_refresh_writes():
    model = SheetModel("Synthèse – L'Île")
    model.page = PageSetup(area=(0, 0, 79, 23), title_rows=(0, 1))
    sheet = SimpleNamespace(api=SimpleNamespace(PageSetup=SimpleNamespace()))
    assert set_page_setup(sheet, model)
    setup = vars(sheet.api.PageSetup)
    assert setup == {
        "PaperSize": 9,  # xlPaperA4
        "Orientation": 2,  # xlLandscape
        "Zoom": False,
        "FitToPagesWide": 1,
        "FitToPagesTall": False,
        "Order": 1,  # xlDownThenOver
        "PrintArea": "$A$1:$X$80",
        "PrintTitleRows": "$1:$2",
        "PrintTitleColumns": "",
        "LeftFooter": "",
        "CenterFooter": "Page &P sur &N",
        "RightFooter": "",
    }
    assert print_names(model) == {
        "_xlnm.Print_Area": "'Synthèse – L''Île'!$A$1:$X$80",
        "_xlnm.Print_Titles": "'Synthèse – L''Île'!$1:$2",
    }
    # A runtime without Excel's object model (xlwings Lite) keeps the sheet's defaults.
    assert not set_page_setup(SimpleNamespace(), model)


def test_the_pdf_copy_keeps_only_the_exported_sheet_print_area():
    xml = (
        "<workbook><bookViews><workbookView/></bookViews><sheets>"
        '<sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId2"/>'
        '</sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">A!$A$1'
        '</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">A!$1:$1'
        '</definedName><definedName name="_xlnm.Print_Area" localSheetId="1">B!$A$1:$B$2'
        "</definedName></definedNames></workbook>"
    )
    out = only_sheet(xml, "B")
    assert 'localSheetId="0">A!$A$1<' not in out  # LibreOffice would print hidden A
    assert 'localSheetId="0">A!$1:$1<' in out
    assert 'localSheetId="1">B!$A$1:$B$2<' in out


def test_a_long_territory_sheet_prints_on_a4_landscape_pages_that_repeat_its_title(tmp_path):
    libreoffice()
    info, text_of = poppler("pdfinfo"), poppler("pdftotext")
    actions = sample_actions(per_territory=150)
    territory = actions["Territoire"].iloc[0]
    path = build_workbook(
        tmp_path / "long.xlsm", actions=actions[actions["Territoire"] == territory]
    )
    result = refresh_workbook(path, pdf_dir=tmp_path / "pdf")
    pdf = next(p for p in map(str, result.pdfs) if "Ensemble" not in p)
    details = subprocess.run([info, "-f", "1", "-l", "99", pdf], capture_output=True, text=True)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", details.stdout)
    pages = int(re.search(r"Pages:\s+(\d+)", details.stdout)[1])
    assert pages >= 2 and len(sizes) == pages
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(842, 595)}
    for page in range(1, pages + 1):
        text = subprocess.run(
            [text_of, "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True, text=True
        ).stdout
        assert f"Synthèse EFH – {territory}" in text, page  # the title rows, repeated
        assert "à partir de 150 actions" in text, page
        assert f"Page {page} sur {pages}" in text
    # Only this sheet is in its PDF: no other sheet's print area leaks in.
    whole = subprocess.run([text_of, pdf, "-"], capture_output=True, text=True).stdout
    assert "tous les territoires" not in whole
    # A long list of actions to fix leaves the print legible (11 points print at 7 or more).
    heights = [h for _, h in _word_heights(pdf)]
    assert sorted(heights)[len(heights) // 2] >= 7.0


@pytest.mark.parametrize("fit", [1, None])
def test_page_setup_xml_follows_excel_attribute_order(fit):
    from efh_xl.ooxml.worksheet import worksheet_xml

    model = SheetModel("S")
    model.put(0, 0, "x")
    model.page = PageSetup(area=(0, 0, 0, 0), fit_width=fit, scale=70)
    xml = worksheet_xml(model, {"text": 0}, None).decode()
    if fit:
        assert '<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>' in xml
        assert '<pageSetUpPr fitToPage="1"/>' in xml
    else:  # XlsxWriter's set_print_scale01: scale between paperSize and orientation
        assert '<pageSetup paperSize="9" scale="70" orientation="landscape"/>' in xml
        assert "pageSetUpPr" not in xml


def _wrapped_lines(text, width):
    """Lines of ``text`` wrapped on words in a column ``width`` characters wide (a lower
    bound of what a spreadsheet shows: bold letters are wider than the average)."""
    return len(textwrap.wrap(text, width=max(1, int(width)), break_long_words=True)) or 1


def test_summary_header_rows_are_as_tall_as_their_wrapped_headers():
    data = read_workbook(WORKBOOK, columns=SUMMARY_COLUMNS)
    models = summary_sheets(summarize(data.actions, data.rule, data.settings))
    tall = 0
    for model in models:
        for (row, col), (value, style) in model.cells.items():
            if style != "header" or not value:
                continue
            lines = _wrapped_lines(str(value), model.widths.get(col, DEFAULT_WIDTH))
            assert model.heights.get(row, 15) >= 15 * lines, (model.name, value)
            tall += lines >= 3
    assert tall  # « Part M1 ou M2 (actions marquées) » takes three lines or more


def test_the_actions_sheet_prints_pages_across_with_its_identifying_columns_repeated():
    sheets, names, parts = _workbook(WORKBOOK)
    root = etree.fromstring(parts["Actions"])
    order = [etree.QName(c).localname for c in root]
    assert order == sorted(order, key=WORKSHEET_ORDER.index), order
    setup = dict(root.find("m:pageSetup", NS).items())
    assert setup["paperSize"] == "9" and setup["orientation"] == "landscape"
    assert setup["pageOrder"] == "overThenDown" and setup["fitToHeight"] == "0"
    assert int(setup["fitToWidth"]) >= 2  # 28 columns: one page wide would be unreadable
    assert root.find("m:headerFooter/m:oddFooter", NS).text == "&CPage &P sur &N"
    header = root.find("m:sheetData/m:row[@r='4']", NS)
    assert float(header.get("ht")) >= 45  # « Montant État (programme 147) » on 3 lines
    # The header row and the N° action and Action columns on every page.
    assert _local(names, sheets, "_xlnm.Print_Titles", "Actions") == [ACTIONS_TITLES]


def test_the_actions_sheet_pdf_is_legible_and_cuts_no_reason(tmp_path):
    libreoffice()
    info, text_of = poppler("pdfinfo"), poppler("pdftotext")
    (pdf,) = map(str, export_pdfs(WORKBOOK, ["Actions"], tmp_path))
    details = subprocess.run([info, "-f", "1", "-l", "999", pdf], capture_output=True, text=True)
    pages = int(re.search(r"Pages:\s+(\d+)", details.stdout)[1])
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", details.stdout)
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(842, 595)}
    actions = read_workbook(WORKBOOK).actions
    first = actions["N° action"].iloc[0]
    heights = []
    for page in range(1, pages + 1):
        xml = subprocess.run(
            [text_of, "-bbox", "-f", str(page), "-l", str(page), pdf, "-"],
            capture_output=True,
            text=True,
        ).stdout
        words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', xml)
        text = " ".join(w for _, _, w in words)
        heights += [float(y2) - float(y1) for y1, y2, _ in words]
        assert "action" in text and "Action" in text, page  # the repeated titles
        assert f"Page {page} sur {pages}" in text
    # The first band of pages shows the first action on each page (repeated columns).
    band = [
        subprocess.run(
            [text_of, "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True, text=True
        ).stdout
        for p in range(1, 3)
    ]
    assert all(first in text for text in band)
    # Body text (11 points in the sheet) prints at 7.5 points or more: a 70 % scale at least.
    body = sorted(heights)[len(heights) // 2]
    assert body >= 7.5, body
    # Rows follow the Motif: every word of the longest reason is printed (a short row clips).
    whole = subprocess.run([text_of, pdf, "-"], capture_output=True, text=True).stdout
    longest = max(actions["Motif"].astype(str), key=len)
    assert " ".join(longest.split()) in " ".join(whole.split())


def test_the_button_sets_the_page_setup_of_every_summary_sheet_it_writes(monkeypatch):
    import test_live

    setups = {}

    def api(sheet):
        return setups.setdefault(sheet.name, SimpleNamespace(PageSetup=SimpleNamespace()))

    monkeypatch.setattr(test_live.Sheet, "api", property(api), raising=False)
    book, _ = test_live.sample_book()
    names = generate(book)
    assert set(setups) == set(names)  # the summary sheets only, never a user's sheet
    for name in names:
        setup = vars(setups[name].PageSetup)
        assert (setup["PaperSize"], setup["Orientation"], setup["FitToPagesWide"]) == (9, 2, 1)
        assert setup["PrintTitleRows"] == "$1:$2"
        assert re.fullmatch(r"\$A\$1:\$[A-Z]+\$\d+", setup["PrintArea"])
        assert setup["CenterFooter"] == "Page &P sur &N"


def _word_heights(pdf, page=None):
    """(word, printed height in points) of each word of a PDF, or of one page of it."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    xml = subprocess.run(
        [poppler("pdftotext"), "-bbox", *pages, pdf, "-"], capture_output=True, text=True
    ).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', xml)
    return [(w, float(y2) - float(y1)) for y1, y2, w in words]


def test_summary_sheets_print_legibly_one_page_wide(tmp_path):
    """11-point text prints at 7 points or more (a 65 % scale at least; it was 4.2 points
    when the charts stood beside the tables and the list widened the numeric columns), on
    pages one wide, and every word of the longest listed reason is printed (rows of the list
    merged across are tall enough)."""
    libreoffice()
    path = tmp_path / "legible.xlsm"
    shutil.copy(WORKBOOK, path)
    result = refresh_workbook(path, pdf_dir=tmp_path / "pdf")
    assert len(result.pdfs) == 4
    for pdf in map(str, result.pdfs):
        words = _word_heights(pdf, page=1)
        # The total row of the first table: bold 11-point text in a known cell.
        totals = [h for w, h in words if w == "Total"]
        assert totals and min(totals) >= 7.0, (pdf, totals)
        body = sorted(h for _, h in words)[len(words) // 2]
        assert body >= 7.0, (pdf, body)
        title = max(h for w, h in words if w == "Synthèse")  # 16 points in the sheet
        assert title >= 10.4, (pdf, title)
        # Columns as narrow as their numbers, not narrower: no number shown as « ### ».
        assert not any("###" in w for w, _ in _word_heights(pdf)), pdf
    data = read_workbook(path, columns=SUMMARY_COLUMNS)
    listed = summarize(data.actions, data.rule, data.settings).overall.to_fix
    overall = next(p for p in map(str, result.pdfs) if "Ensemble" in p)
    whole = subprocess.run([poppler("pdftotext"), overall, "-"], capture_output=True, text=True)
    longest = max(listed["Motif"].astype(str), key=len)
    assert " ".join(longest.split()) in " ".join(whole.stdout.split())


def test_the_settings_and_control_sheets_print_landscape_one_page_wide(tmp_path):
    # Before: portrait at 100 %, the Paramètres values printed on a page away from their
    # labels, and the Contrôle sheet took about 110 pages (11 columns over 4 pages across).
    sheets, names, parts = _workbook(WORKBOOK)
    for sheet in ("Paramètres", "Contrôle"):
        setup = etree.fromstring(parts[sheet]).find("m:pageSetup", NS)
        assert setup.get("orientation") == "landscape" and setup.get("fitToHeight") == "0"
    assert _local(names, sheets, "_xlnm.Print_Titles", "Contrôle") == ["Contrôle!$4:$4"]
    libreoffice()
    text_of = poppler("pdftotext")
    from efh_xl.workbook.libreoffice import convert

    pdf = convert(WORKBOOK, "pdf", tmp_path, recalculate=False)
    pages = subprocess.run([text_of, str(pdf), "-"], capture_output=True, text=True).stdout
    pages = pages.split("\f")
    settings = [p for p in pages if "Paramètres des synthèses" in p]
    assert len(settings) == 1 and "85 %" in settings[0] and "Territoires" in settings[0]
    # Printing the whole workbook gives the Contrôle sheet's verdict and help, one page, not
    # its 861 rows (about 46 pages, most of the workbook's paper).
    assert _local(names, sheets, "_xlnm.Print_Area", "Contrôle") == ["Contrôle!$A$1:$K$2"]
    control = [p for p in pages if "conformes" in p and "Imprimer la sélection" in p]
    assert len(control) == 1 and "Motif attendu (Python)" not in control[0]
    assert "861 / 861 conformes" in control[0]


def test_the_control_sheet_prints_every_reason_whole_and_legibly(tmp_path):
    """One page wide at a legible scale, each reason wrapped whole in its row (at about half
    size, 10 pages had each reason cut at its cell's edge), « Conforme » printed OUI, the
    header row on every page."""
    libreoffice()
    # Its rows print as a selection of them all does (the print area holds the verdict only).
    selection = tmp_path / "selection.xlsm"
    package = Package(WORKBOOK)
    try:
        last = FIRST_ROW + len(expected(DEFAULT_RULE))
        package.set_defined_name("_xlnm.Print_Area", f"Contrôle!$A$1:$K${last}", sheet="Contrôle")
        package.save(selection)
    finally:
        package.close()
    (pdf,) = export_pdfs(selection, [CONTROL_SHEET], tmp_path)
    xml = subprocess.run(
        [poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    pages = re.findall(r"<page\b.*?</page>", xml, re.DOTALL)
    word = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<')
    printed, conforming = [], []
    for page in pages:
        words = [
            (float(x1), float(y1), float(x2), float(y2), html.unescape(w))
            for x1, y1, x2, y2, w in word.findall(page)
        ]
        # The header, on every page (the lowest: the help above it on page 1 names it too).
        conforme = max((w for w in words if w[4] == "Conforme"), key=lambda w: w[1])
        header = [w for w in words if abs(w[1] - conforme[1]) < 12]  # its wrapped lines too
        first, second = sorted(w for w in header if w[4] == "Marqueur")  # either side
        top, bottom = max(w[3] for w in header), max(w[1] for w in words if w[4] == "Page")
        words = [w for w in words if top < w[1] < bottom]  # the rows, no footer
        column = [w for w in words if first[2] < w[0] and w[2] < second[0]]
        printed += [w[4] for w in sorted(column, key=lambda w: (w[1], w[0]))]
        conforming += [w[4] for w in words if w[0] > conforme[0] - 5]
        body = sorted(w[3] - w[1] for w in column)[len(column) // 2]
        # The words' boxes of 10-point reasons: 6.8 points as it prints now, 4.7 before.
        assert body >= 6.5, body
    reasons = expected(DEFAULT_RULE)["Motif"].astype(str)
    assert printed == " ".join(reasons).split()
    assert conforming == ["OUI"] * len(reasons)
