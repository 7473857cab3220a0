"""Shared fixtures and the independent oracle of the marker rule.

The oracle restates the spec's box sets here, on purpose, without importing the grid: the
tests compare the code under test with the spec, not with itself.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "workbook" / "efh_grille.xlsm"
QIDS = ("Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5")

# shared/spec/grille-efh.md, "The rule, as the paper states it".
SPEC_DARK_GREEN = {"Q1": "OUI", "Q2a": "OUI"}
SPEC_LIGHT_GREEN = {"Q3": "OUI", "Q4": "OUI", "Q5": "OUI"}
SPEC_HATCHED = {"Q1": "NON", "Q2b": "OUI", "Q2a": "OUI"}


@pytest.fixture
def workbook(tmp_path):
    """A copy of the committed workbook to write into (import, refresh)."""
    copy = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, copy)
    return copy


@pytest.fixture
def folder_with_a_budget(tmp_path):
    """A folder holding a copy of the committed workbook (a.xlsm) and someone else's plain
    spreadsheet (budget.xlsx: no table of actions, no EFH_ name), written by XlsxWriter."""
    import xlsxwriter

    folder = tmp_path / "territoires"
    folder.mkdir()
    shutil.copy(WORKBOOK, folder / "a.xlsm")
    book = xlsxwriter.Workbook(folder / "budget.xlsx")
    sheet = book.add_worksheet("Budget")
    sheet.write_row(0, 0, ["Poste", "Montant"])
    sheet.write_row(1, 0, ["Loyer", 1200])
    book.close()
    return folder


def ticked(answers: dict, boxes: dict) -> bool:
    return all(answers.get(q) == a for q, a in boxes.items())


def spec_marker(answers: dict, hatched: dict = SPEC_HATCHED, cumulative: bool = False) -> int:
    """Marker by the spec, from answers already read as "OUI", "NON" or None."""
    light = ticked(answers, SPEC_LIGHT_GREEN)
    two = ticked(answers, SPEC_DARK_GREEN) or ticked(answers, hatched)
    if two and (light or not cumulative):
        return 2
    if light and answers.get("Q1") == "OUI":
        return 1
    return 0


def shown_marker(answers: dict, **reading) -> int | None:
    """The marker a user reads, by the spec ("Not yet marked is not 0"): blank (None) when no
    question has an answer, else :func:`spec_marker`."""
    if all(answers.get(q) is None for q in QIDS):
        return None
    return spec_marker(answers, **reading)


def marker_list(column) -> list:
    """A Marqueur column (nullable integers, or cells) as a list: None where blank (the
    empty text of a cell)."""
    import pandas as pd

    def cell(m):
        if isinstance(m, str):
            return None if m == "" else m
        return None if pd.isna(m) else int(m)

    return [cell(m) for m in list(column)]


def all_combinations() -> list[dict]:
    """The 729 combinations of OUI / NON / blank over the six questions."""
    return [dict(zip(QIDS, c)) for c in itertools.product(("OUI", "NON", None), repeat=6)]


def libreoffice() -> str | None:
    """Path of soffice; in CI its absence is a failure, elsewhere a skip."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) est requis en CI : .ci/run doit l'installer.")
        pytest.skip("LibreOffice is not installed")
    return path


def schema_errors(path) -> list[str]:
    """Findings of a port of the Open XML SDK validator: what Excel would repair or refuse.

    It checks elements and values against the schemas, not well-formedness (its parser
    recovers): tests parse parts strictly on their own.
    """
    from openxml_audit import OpenXmlValidator

    return [str(e) for e in OpenXmlValidator().validate(str(path)).errors]


MAIN_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_parts(path) -> tuple[object, dict[str, object]]:
    """A package's workbook part and each sheet's part by sheet name, parsed (lxml), found
    through the workbook's relationships as a spreadsheet application finds them."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target").lstrip("/") for r in rels}
        parts = {}
        for sheet in book.findall("m:sheets/m:sheet", MAIN_NS):
            target = targets[sheet.get(_R_ID)]
            target = target if target.startswith("xl/") else "xl/" + target
            parts[sheet.get("name")] = etree.fromstring(z.read(target))
    return book, parts
