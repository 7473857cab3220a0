"""A summary sheet's list of actions to fix, longer than what is left of a page, goes on over
the next pages with its column names again at the top of each (a page continuing the list
showed a lone row, 2026-DEN-022, without N° action / Action / Porteur / Problème / Motif)."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from conftest import libreoffice
from lxml import etree
from test_pdf_export import poppler

from efh_xl import refresh_workbook
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.pdf_export import export_pdfs
from efh_xl.workbook.sample import sample_actions

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
TERRITORY = "Val-de-Lys Métropole"
HEADERS = ("N° action", "Action", "Porteur", "Problème", "Motif")


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    actions = sample_actions(per_territory=60)
    actions = actions[actions["Territoire"] == TERRITORY].reset_index(drop=True)
    actions["N° action"] = [f"FIX-{i:03d}" for i in range(len(actions))]
    # Answers left incomplete: every action is listed, with a motif of two or three lines.
    for column in ("Q3", "Q4", "Q5"):
        actions[column] = None
    path = build_workbook(tmp_path_factory.mktemp("list") / "liste.xlsm", actions=actions)
    result = refresh_workbook(path)
    return path, result.sheets


def _sheet_part(path, name):
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target").lstrip("/") for r in rels}
        [sheet] = [s for s in book.findall("m:sheets/m:sheet", NS) if s.get("name") == name]
        target = targets[sheet.get(R_ID)]
        return etree.fromstring(z.read(target if target.startswith("xl/") else "xl/" + target))


def _row_texts(part, row: int) -> list[str]:
    found = part.find(f"m:sheetData/m:row[@r='{row + 1}']", NS)
    if found is None:
        return []
    return ["".join(c.itertext()) for c in found.findall("m:c", NS)]


def test_each_page_break_inside_the_list_falls_on_a_copy_of_its_header(refreshed):
    path, sheets = refreshed
    name = next(s for s in sheets if TERRITORY[:12] in s)
    part = _sheet_part(path, name)
    breaks = [int(b.get("id")) for b in part.findall("m:rowBreaks/m:brk", NS)]
    texts = {r: _row_texts(part, r) for r in range(max(breaks) + 200)}
    header = next(r for r, t in texts.items() if "Motif" in t and "Problème" in t)
    inside = [b for b in breaks if b > header]
    assert inside, "the list fits a page: the test lists too few actions"
    for row in inside:
        assert [t for t in texts[row] if t] == list(HEADERS), row
        assert texts[row + 1][0].startswith("FIX-"), row  # the list goes on below it
    # Every action listed once: the copies add rows, never drop or repeat one.
    listed = [t[0] for t in texts.values() if t and t[0].startswith("FIX-")]
    title = next(t[0] for t in texts.values() if t and t[0].startswith("Actions à corriger"))
    assert len(listed) == len(set(listed)) == int(re.search(r"\((\d+)\)", title).group(1))


def test_libreoffice_prints_the_column_names_on_every_page_of_the_list(refreshed, tmp_path):
    libreoffice()
    path, sheets = refreshed
    name = next(s for s in sheets if TERRITORY[:12] in s)
    text_of = poppler("pdftotext")
    [pdf] = export_pdfs(path, [name], tmp_path)
    text = subprocess.run([text_of, str(pdf), "-"], capture_output=True, text=True).stdout
    pages = [p for p in text.split("\f") if re.search(r"FIX-\d{3}", p)]
    assert len(pages) >= 2
    for page in pages:
        # (« Problème », in its narrow column, may wrap where Carlito is missing.)
        for header in ("N° action", "Porteur", "Motif"):
            assert header in page, (header, page[:200])
