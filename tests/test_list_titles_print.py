"""The regional lists' title and note, printed: wrapped within the columns every page shows
above them (the repeated Fichier and Ligne of a list printed over pages across; all the
columns of a list one page wide), never cut. Before, the long note of « Toutes les actions »
ran past the first page's edge, cut mid-word (« … donne un au »), and on the pages across it
showed garbled under the repeated columns (« recalc itre marqueur. Une action … »)."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from conftest import libreoffice, sheet_parts
from lxml import etree
from test_pdf_export import poppler

from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.pdf_export import export_pdfs
from efh_xl.workbook.sample import sample_actions

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
# The merged title and note of each list: over the repeated columns, or every column.
SPANS = {"Actions": "B", "Fichiers": "B", "À corriger": "F"}


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lists")
    build_workbook(folder / "in" / "t.xlsm", actions=sample_actions(per_territory=8))
    return consolidate([folder / "in"], folder / "region.xlsx").output


def _sheets(path):
    _, parts = sheet_parts(path)
    with zipfile.ZipFile(path) as z:
        styles = etree.fromstring(z.read("xl/styles.xml"))
    wraps = [
        xf.find("m:alignment", NS) is not None
        and xf.find("m:alignment", NS).get("wrapText") == "1"
        for xf in styles.findall("m:cellXfs/m:xf", NS)
    ]
    return parts, wraps


def test_title_and_note_are_merged_within_the_printed_columns_and_wrap(region):
    parts, wraps = _sheets(region)
    for sheet, last in SPANS.items():
        part = parts[sheet]
        merged = {m.get("ref") for m in part.iter(f"{{{NS['m']}}}mergeCell")}
        assert {f"A1:{last}1", f"A2:{last}2"} <= merged, sheet
        for ref in ("A1", "A2"):
            cell = part.find(f"m:sheetData/m:row/m:c[@r='{ref}']", NS)
            assert wraps[int(cell.get("s"))], (sheet, ref)
    # The note of « Toutes les actions » (120 characters in two columns 35 wide) takes lines:
    # its row is as tall as them, not the 15 points that showed one.
    note_row = parts["Actions"].find("m:sheetData/m:row[@r='2']", NS)
    assert float(note_row.get("ht")) >= 3 * 12


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_libreoffice_prints_the_whole_note_on_every_page_that_shows_it(region, tmp_path):
    libreoffice()
    text_of = poppler("pdftotext")
    [pdf] = export_pdfs(region, ["Actions"], tmp_path)
    text = subprocess.run([text_of, str(pdf), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")[:-1]
    note = "actions de 1 fichier ; marqueur et motif recalculés"
    start = _words(note)[:3]
    showing = [p for p in pages if "recalcul" in p or "1 fichier" in p]
    # The first band of pages across: each shows the note, whole, in its order.
    assert len(showing) >= 2
    whole = None
    for page in showing:
        words = _words(page)
        at = next(i for i in range(len(words)) if words[i : i + 3] == start)
        tail = words[at : at + 60]
        # Its last words (the rule's name), after the rest.
        assert "lecture" in tail and "référence" in tail, tail
        whole = whole or tail
        assert tail[: tail.index("référence")] == whole[: whole.index("référence")]
