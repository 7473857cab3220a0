"""The « Contrôle » sheet: the workbook says whether the application computes as Python does."""

import re
import shutil
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest
from conftest import WORKBOOK, libreoffice, marker_list

import efh_xl.core.engine as engine
from efh_xl.core.grid import DEFAULT_RULE, QUESTION_IDS
from efh_xl.core.vectorised import assess, combination_arrays
from efh_xl.ooxml.xml import col_name
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.control_sheet import (
    AGREES,
    CONTROL_SHEET,
    EXPECTED_MARKER,
    EXPECTED_REASON,
    FIRST_ROW,
    REASON,
    VARIANTS,
    control_rows,
    expected,
    not_all_agree_formula,
    row_height,
)
from efh_xl.workbook.formats import YES_NO_FORMAT
from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.libreoffice import convert
from efh_xl.workbook.lookup_sheet import calculation_stamp, stamp, stamp_formula
from efh_xl.workbook.reader import defined_names, read_workbook

TOTAL = 729 + 6 * len(VARIANTS)


def computed_sheet(path, outdir, locale=None):
    computed = convert(path, "xlsx", outdir, locale=locale)
    return openpyxl.load_workbook(computed, data_only=True)[CONTROL_SHEET]


def agreeing_rows(sheet) -> list:
    return [row[AGREES] for row in sheet.iter_rows(min_row=FIRST_ROW + 1, values_only=True)]


def test_the_sheet_holds_every_combination_and_the_spellings():
    rows = control_rows()
    assert len(rows) == TOTAL == 861
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
    assert [r[EXPECTED_MARKER] for r in rows] == marker_list(results["Marqueur"])
    assert rows[728][EXPECTED_MARKER] is None  # every answer blank: not marked, blank
    assert [r[EXPECTED_REASON] for r in rows] == results["Motif"].tolist()
    # Each row as tall as its new reason wrapped (printed whole, not cut at the row's foot).
    heights = [sheet.row_dimensions[FIRST_ROW + 1 + i].height for i in range(TOTAL)]
    answers = control_rows()
    assert heights == [row_height(answers[i], m) for i, m in enumerate(results["Motif"])]
    assert heights != [
        row_height(answers[i], m) for i, m in enumerate(expected(DEFAULT_RULE)["Motif"])
    ]


def _clear_combination_caches() -> None:
    engine.combination_table.cache_clear()
    combination_arrays.cache_clear()
    calculation_stamp.cache_clear()


@pytest.fixture
def older_workbook(tmp_path, monkeypatch):
    """A workbook as the version before « Non marqué » built it: an action with no answer
    then read « Incomplet … (marqueur provisoire) ; Marqueur 0 … » (the engine was this one
    without that case), the name EFH_REGLE_CALCUL held the rule's stamp alone, and the
    « Conforme » column showed 1 (its cells had the style of the markers beside them)."""
    monkeypatch.setattr(engine, "unanswered", lambda codes: False)
    _clear_combination_caches()
    try:
        built = build_workbook(tmp_path / "construit.xlsm")
    finally:
        monkeypatch.undo()
        _clear_combination_caches()
    old = tmp_path / "ancien.xlsm"
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(old, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                new = stamp_formula(DEFAULT_RULE).encode()
                assert data.count(new) == 0  # the table's hash differs: the wording did
                text = data.decode()
                start = text.index('name="EFH_REGLE_CALCUL"')
                value = text.index(">", start) + 1
                end = text.index("<", value)
                data = (text[:value] + f'"{stamp(DEFAULT_RULE)}"' + text[end:]).encode()
            if info.filename == control_part(source):
                text = data.decode()
                marker = re.search(rf'<c r="{col_name(EXPECTED_MARKER)}5" s="(\d+)"', text)[1]
                agree = rf'(<c r="{col_name(AGREES)}\d+" s=")\d+"'
                data = re.sub(agree, rf'\g<1>{marker}"', text).encode()
            target.writestr(info, data)
    return old


def control_part(package: zipfile.ZipFile) -> str:
    return next(n for n in package.namelist() if n.endswith("sheet6.xml"))


def conforme_formats(path) -> set:
    sheet = openpyxl.load_workbook(path)[CONTROL_SHEET]
    return {
        row[0].number_format
        for row in sheet.iter_rows(min_row=FIRST_ROW + 1, min_col=AGREES + 1, max_col=AGREES + 1)
    }


def test_a_refresh_gives_an_older_workbook_the_reasons_of_this_version(
    soffice, older_workbook, tmp_path
):
    now = expected(DEFAULT_RULE)["Motif"].tolist()
    blank = control_rows().index([None] * len(QUESTION_IDS))
    sheet = openpyxl.load_workbook(older_workbook)[CONTROL_SHEET]
    kept = [r[EXPECTED_REASON] for r in sheet.iter_rows(min_row=FIRST_ROW + 1, values_only=True)]
    assert kept[blank].startswith("Incomplet") and now[blank].startswith("Non marqué")
    assert read_workbook(older_workbook).rule == DEFAULT_RULE  # its stamp is still known
    assert conforme_formats(older_workbook) == {"General"}
    # Another table than this version's: the lookup sheet and the Contrôle constants are
    # rewritten together, as for a changed rule, and the native formulas agree with them.
    result = refresh_workbook(older_workbook)
    assert result.ok and result.rule_updated
    assert defined_names(older_workbook)["EFH_REGLE_CALCUL"] == stamp_formula(DEFAULT_RULE)
    computed = computed_sheet(older_workbook, tmp_path / "lo")
    assert computed["A1"].value == f"Formules natives : {TOTAL} / {TOTAL} conformes"
    assert agreeing_rows(computed) == [1] * TOTAL
    rows = list(computed.iter_rows(min_row=FIRST_ROW + 1, values_only=True))
    assert rows[blank][EXPECTED_REASON] == rows[blank][REASON] == now[blank]
    # The Actions sheet's Motif of an action with no answer now says so, as the summaries do:
    # counted « non marqué », not listed to fix.
    actions = read_workbook(older_workbook).actions
    unanswered = actions[list(QUESTION_IDS)].isna().all(axis=1).to_numpy()
    assert unanswered.any() and result.markers["non marqué"] == unanswered.sum()
    flags = assess(actions, DEFAULT_RULE).flags
    assert not flags[unanswered].any() and result.problems == (flags > 0).sum()
    assert _unanswered_motifs(computed.parent) == [now[blank]] * unanswered.sum()
    # Its « Conforme » column shows OUI / NON as a built one does, by one style appended.
    assert conforme_formats(older_workbook) == {YES_NO_FORMAT}
    with zipfile.ZipFile(older_workbook) as package:
        styles = package.read("xl/styles.xml")
    assert not refresh_workbook(older_workbook).rule_updated  # once is enough
    with zipfile.ZipFile(older_workbook) as package:
        assert package.read("xl/styles.xml") == styles
    assert conforme_formats(WORKBOOK) == {YES_NO_FORMAT}


def _unanswered_motifs(book) -> list:
    """The Motif computed on each row of the Actions sheet with no answer."""
    rows = list(book["Actions"].iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if "Q1" in row and "Motif" in row)
    header = rows[top]
    answers, motif = [header.index(q) for q in QUESTION_IDS], header.index("Motif")
    return [
        row[motif]
        for row in rows[top + 1 :]
        if row[motif] is not None and all(row[j] is None for j in answers)
    ]
