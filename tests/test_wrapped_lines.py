"""Rows of the summaries' lists as tall as their text wrapped in the font: each word measured
in Calibri's widths (LibreOffice's Carlito has the same), not counted in characters as wide as
a digit, which made rows twice as tall as their lines (19 actions to fix on three pages).
Never too short: LibreOffice prints every listed reason whole."""

from __future__ import annotations

import re
import shutil
import subprocess

from conftest import WORKBOOK, libreoffice
from test_pdf_export import poppler

from efh_xl.core.sheet_model import wrapped_lines
from efh_xl.core.summary import SUMMARY_COLUMNS, summarize
from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.pdf_export import export_pdfs
from efh_xl.workbook.reader import read_workbook

REASON = (
    "Incomplet : Q3, Q5 sans réponse (marqueur provisoire) ; Marqueur 0 : pour le marqueur "
    "1, il manque Q3 (diagnostic sexué) et Q5 (indicateurs d’évaluation sexués)"
)


def test_words_wrap_as_they_fit():
    assert wrapped_lines("", 100) == wrapped_lines("court", 100) == 1
    assert wrapped_lines(REASON, 384) == 3  # 160 characters: 4 lines counted as digits
    assert wrapped_lines("un deux\ntrois", 400) == 2  # a line break starts a line
    assert wrapped_lines("x" * 60, 100) > 2  # a word longer than the line runs on
    # Capitals are wider than lower case: fewer of them to a line.
    assert wrapped_lines("ATELIER " * 12, 200) > wrapped_lines("atelier " * 12, 200)


def test_libreoffice_prints_every_listed_reason_whole(tmp_path):
    libreoffice()
    text_of = poppler("pdftotext")
    book = tmp_path / "classeur.xlsm"
    shutil.copyfile(WORKBOOK, book)
    refresh_workbook(book)
    [pdf] = export_pdfs(book, ["Synthèse – Ensemble"], tmp_path / "pdf")
    printed = subprocess.run([text_of, str(pdf), "-"], capture_output=True, text=True).stdout
    words = set(re.findall(r"\w+", printed))
    data = read_workbook(WORKBOOK, columns=SUMMARY_COLUMNS)
    listed = summarize(data.actions, data.rule, data.settings).overall.to_fix
    assert len(listed) > 10
    for reason in listed["Motif"].astype(str):
        last = re.findall(r"\w+", reason)[-3:]  # its end: what a row too short cuts
        assert set(last) <= words, reason
