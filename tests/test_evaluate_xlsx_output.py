"""`evaluate LISTE -o resultats.xlsx` writes a sheet laid out to be read and printed: readable
widths (the Motif wide and wrapped), a bold header row frozen and filtered, A4 landscape one
page wide with the header row on every page; user text stays text. Checked in the package
(openpyxl reads it, never writes it) and in LibreOffice's PDF of it."""

from __future__ import annotations

import re
import subprocess
import zipfile

import openpyxl
from conftest import libreoffice, schema_errors
from test_pdf_export import poppler

from efh_xl.cli import main
from efh_xl.workbook.libreoffice import convert
from efh_xl.workbook.sample import sample_actions

COLUMNS = 15  # the sample programmation: year to comments, no funders


def _listing(tmp_path, rows: int):
    frame = sample_actions(per_territory=-(-rows // 3)).iloc[:rows, :COLUMNS]
    frame.loc[frame.index[0], "Action"] = "=HYPERLINK(\"http://x\";\"clic\")"
    frame.loc[frame.index[1], "Porteur"] = "+33 6 12 34 56 78"
    path = tmp_path / "liste.csv"
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return path


def _evaluated(tmp_path, rows: int = 3):
    output = tmp_path / "resultats.xlsx"
    assert main(["evaluate", str(_listing(tmp_path, rows)), "-o", str(output)]) == 0
    return output


def test_the_result_sheet_is_laid_out_to_read(tmp_path):
    output = _evaluated(tmp_path)
    sheet = openpyxl.load_workbook(output).active
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["Marqueur", "Motif"] and len(header) == COLUMNS + 2
    widths = {h: sheet.column_dimensions[c.column_letter].width for h, c in zip(header, sheet[1])}
    assert widths["Motif"] >= 40 and widths["Q1"] <= 8
    assert all(6 <= w <= 50 for w in widths.values())
    motif = sheet.cell(2, len(header))
    assert motif.value.startswith("Marqueur") and motif.alignment.wrap_text
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}4"
    # User text is text: no formula, no number, from what a person typed.
    action = header.index("Action") + 1
    assert sheet.cell(2, action).data_type == "s"
    assert sheet.cell(2, action).value.startswith("=HYPERLINK")
    assert sheet.cell(3, header.index("Porteur") + 1).data_type == "s"
    with zipfile.ZipFile(output) as package:
        xml = package.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml
    # The marker's colours skip an empty Marqueur (an action not marked yet): a rule « cell
    # value = 0 » coloured it as a 0.
    rules = re.findall(rb"<formula>([^<]*)</formula>", xml)
    assert len(rules) == 5 and all(rule.startswith(b"AND(ISNUMBER(") for rule in rules[:3])
    # The Motif of an action not marked yet (blank Marqueur) is grey, as on the Actions sheet;
    # one to fix (no marker in its first words) yellow, as there too.
    marker = openpyxl.utils.get_column_letter(header.index("Marqueur") + 1)
    motif = openpyxl.utils.get_column_letter(header.index("Motif") + 1)
    assert rules[3] == f'${marker}2=""'.encode()
    assert rules[4] == f'AND(LEFT(${motif}2,8)&lt;&gt;"Marqueur",${marker}2&lt;&gt;"")'.encode()
    assert schema_errors(output) == []


def test_the_result_prints_one_page_wide_in_landscape_with_the_header_repeated(tmp_path):
    output = _evaluated(tmp_path)
    sheet = openpyxl.load_workbook(output).active
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0  # 1: the default, unsaid
    assert sheet.print_title_rows == "$1:$1"


def test_libreoffice_prints_three_actions_on_one_page_and_a_long_list_with_its_header(tmp_path):
    libreoffice()
    info, text_of = poppler("pdfinfo"), poppler("pdftotext")
    for rows in (3, 120):
        folder = tmp_path / str(rows)
        folder.mkdir()
        pdf = convert(_evaluated(folder, rows), "pdf", folder, recalculate=False)
        details = subprocess.run([info, "-f", "1", "-l", "99", str(pdf)], capture_output=True,
                                 text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", details)[1])
        sizes = set(re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", details))
        assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(842, 595)}
        if rows == 3:
            assert pages == 1
            continue
        assert pages >= 2
        for page in range(1, pages + 1):
            text = subprocess.run([text_of, "-f", str(page), "-l", str(page), str(pdf), "-"],
                                  capture_output=True, text=True).stdout
            assert "Motif" in text and "Marqueur" in text, page  # the header row, repeated
            assert f"Page {page} sur {pages}" in text


def test_a_wide_list_prints_on_pages_across_at_a_legible_scale(tmp_path):
    # Fitted to one page wide, the 25 columns of a whole programmation printed their 11-point
    # text at about 3 points; on pages across, each row band's pages together, its N° action
    # column repeated, the text keeps at least half its size.
    frame = sample_actions(per_territory=2)
    listing = tmp_path / "large.csv"
    frame.to_csv(listing, sep=";", index=False, encoding="utf-8-sig")
    output = tmp_path / "resultats.xlsx"
    assert main(["evaluate", str(listing), "-o", str(output)]) == 0
    sheet = openpyxl.load_workbook(output).active
    assert sheet.page_setup.fitToWidth > 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_cols == "$C:$C" and sheet.print_title_rows == "$1:$1"  # N° action
    assert sheet.page_setup.pageOrder == "overThenDown"
    libreoffice()
    pdf = convert(output, "pdf", tmp_path, recalculate=False)
    boxes = subprocess.run(
        [poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    heights = sorted(
        float(y2) - float(y1)
        for y1, y2 in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)
    )
    assert heights[len(heights) // 2] >= 5.0  # 11 points at 50 %: a box of about 5.4


def test_an_answer_to_fix_is_shown_whole(tmp_path):
    # « peut-être » in a column seven wide was cut at « peut-êt » by the next answer: the very
    # text the reader of the list has to fix. The column widens to it; a longer one wraps.
    listing = tmp_path / "liste.csv"
    listing.write_text(
        "N° action;Q1;Q2a;Q2b;Q3;Q4;Q5\n"
        "A-1;OUI;NON;;OUI;peut-être;à revoir en comité de pilotage\n",
        encoding="utf-8",
    )
    output = tmp_path / "r.xlsx"
    assert main(["evaluate", str(listing), "-o", str(output)]) == 0
    sheet = openpyxl.load_workbook(output).active
    header = [c.value for c in sheet[1]]

    def column(name):
        return sheet.column_dimensions[openpyxl.utils.get_column_letter(header.index(name) + 1)]

    assert column("Q1").width < 8  # OUI and NON: as narrow as before
    assert 7 * column("Q4").width >= 60  # « peut-être »: 60 pixels of Calibri 11
    q5 = sheet.cell(2, header.index("Q5") + 1)
    assert q5.alignment.wrap_text and sheet.row_dimensions[2].height >= 30
