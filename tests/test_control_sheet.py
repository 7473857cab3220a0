"""The « Contrôle » sheet: the workbook says whether the application computes as Python does."""

import shutil
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest
from conftest import WORKBOOK, libreoffice

import efh_xl.core.engine as engine
from efh_xl.core.grid import DEFAULT_RULE, QUESTION_IDS
from efh_xl.core.vectorised import assess, combination_arrays
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.control_sheet import (
    AGREES,
    CONTROL_SHEET,
    EXPECTED_MARKER,
    EXPECTED_REASON,
    FIRST_ROW,
    VARIANTS,
    control_rows,
    expected,
    not_all_agree_formula,
)
from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.libreoffice import convert
from efh_xl.workbook.reader import read_workbook

TOTAL = 729 + 6 * len(VARIANTS)


def computed_sheet(path, outdir, locale=None):
    computed = convert(path, "xlsx", outdir, locale=locale)
    return openpyxl.load_workbook(computed, data_only=True)[CONTROL_SHEET]


def agreeing_rows(sheet) -> list:
    return [row[AGREES] for row in sheet.iter_rows(min_row=FIRST_ROW + 1, values_only=True)]


def test_the_sheet_holds_every_combination_and_the_spellings():
    rows = control_rows()
    assert len(rows) == TOTAL == 855
    assert len({tuple(r) for r in rows[:729]}) == 729
    book = openpyxl.load_workbook(WORKBOOK)
    sheet = book[CONTROL_SHEET]
    assert sheet["A1"].value.startswith('="Formules natives : "&SUM(')
    assert sheet.max_row == FIRST_ROW + TOTAL


def test_the_workbook_asks_for_a_full_calculation_on_load(tmp_path):
    copy = tmp_path / "classeur.xlsm"
    shutil.copy(WORKBOOK, copy)
    refresh_workbook(copy)
    for path in (WORKBOOK, copy):
        with zipfile.ZipFile(path) as package:
            assert 'fullCalcOnLoad="1"' in package.read("xl/workbook.xml").decode()


@pytest.fixture(scope="module")
def soffice():
    return libreoffice()


# The users' spreadsheets are French: a number joined to a text takes the decimal comma there.
@pytest.mark.parametrize("locale", [None, "fr-FR"])
def test_libreoffice_reports_every_row_conforming(soffice, tmp_path, locale):
    sheet = computed_sheet(WORKBOOK, tmp_path / "lo", locale)
    assert sheet["A1"].value == f"Formules natives : {TOTAL} / {TOTAL} conformes"
    assert agreeing_rows(sheet) == [1] * TOTAL


def test_a_broken_native_formula_is_reported(soffice, tmp_path):
    broken = tmp_path / "casse.xlsm"
    with zipfile.ZipFile(WORKBOOK) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                good = b"CHOOSE(1+EFH_CTRL_RECONNU_Q3,3,0,1,2)"
                assert data.count(good) == 1
                data = data.replace(good, b"CHOOSE(1+EFH_CTRL_RECONNU_Q3,3,0,2,1)")  # OUI<->NON
            target.writestr(info, data)
    sheet = computed_sheet(broken, tmp_path / "lo")
    agreeing = agreeing_rows(sheet)
    assert 0 < sum(agreeing) < TOTAL
    assert sheet["A1"].value == f"Formules natives : {sum(agreeing)} / {TOTAL} conformes"
    with zipfile.ZipFile(WORKBOOK) as package:
        control = [n for n in package.namelist() if n.endswith("sheet6.xml")][0]
        xml = package.read(control).decode()
    assert '<conditionalFormatting sqref="A1">' in xml
    assert f"<formula>{escape(not_all_agree_formula())}</formula>" in xml  # red when not all


def test_a_rule_change_rewrites_the_python_constants(tmp_path):
    copy = tmp_path / "regle.xlsm"
    shutil.copy(WORKBOOK, copy)
    book = openpyxl.load_workbook(copy, keep_vba=True)
    book["Grille"]["D27"].value = None  # hatched set: Q3 instead of Q2a
    book["Grille"]["F27"].value = "OUI"
    book.save(copy)
    assert refresh_workbook(copy).rule_updated
    rule = DEFAULT_RULE.with_box_sets(hachure=(("Q1", "NON"), ("Q2b", "OUI"), ("Q3", "OUI")))
    results = expected(rule)
    assert results["Marqueur"].tolist() != expected(DEFAULT_RULE)["Marqueur"].tolist()
    sheet = openpyxl.load_workbook(copy)[CONTROL_SHEET]
    rows = list(sheet.iter_rows(min_row=FIRST_ROW + 1, values_only=True))
    assert [r[EXPECTED_MARKER] for r in rows] == results["Marqueur"].tolist()
    assert [r[EXPECTED_REASON] for r in rows] == results["Motif"].tolist()


def _clear_combination_caches() -> None:
    engine.combination_table.cache_clear()
    combination_arrays.cache_clear()


@pytest.fixture
def older_workbook(tmp_path, monkeypatch):
    """A workbook built before an action with no answer read « Non marqué » (its Motif then
    said « Incomplet … (marqueur provisoire) ; Marqueur 0 … »): the engine of that version is
    this one without the « non marqué » case."""
    monkeypatch.setattr(engine, "unanswered", lambda codes: False)
    _clear_combination_caches()
    try:
        path = build_workbook(tmp_path / "ancien.xlsm")
    finally:
        monkeypatch.undo()
        _clear_combination_caches()
    return path


def test_a_workbook_built_with_older_reasons_stays_conforming_after_a_refresh(
    soffice, older_workbook, tmp_path
):
    now = expected(DEFAULT_RULE)["Motif"].tolist()
    sheet = openpyxl.load_workbook(older_workbook)[CONTROL_SHEET]
    kept = [r[EXPECTED_REASON] for r in sheet.iter_rows(min_row=FIRST_ROW + 1, values_only=True)]
    blank = control_rows().index([None] * len(QUESTION_IDS))
    assert kept[blank].startswith("Incomplet") and now[blank].startswith("Non marqué")
    # The rule's stamp hashes the rule, not the reasons' wording: a refresh keeps the lookup
    # sheet and the Contrôle constants the workbook was built with, which still agree.
    result = refresh_workbook(older_workbook)
    assert result.ok and not result.rule_updated
    computed = computed_sheet(older_workbook, tmp_path / "lo")
    assert computed["A1"].value == f"Formules natives : {TOTAL} / {TOTAL} conformes"
    assert agreeing_rows(computed) == [1] * TOTAL
    # The summaries are Python's: an action with no answer is counted « non marqué » and not
    # listed to fix, whatever the older Motif of its row says.
    actions = read_workbook(older_workbook).actions
    unanswered = actions[list(QUESTION_IDS)].isna().all(axis=1).to_numpy()
    assert unanswered.any() and result.markers["non marqué"] == unanswered.sum()
    flags = assess(actions, DEFAULT_RULE).flags
    assert not flags[unanswered].any() and result.problems == (flags > 0).sum()
