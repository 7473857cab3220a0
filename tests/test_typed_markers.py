"""A marker typed by hand over its formula (« 0 » where the answers give 2) is said by the
refresh, with its row: the summaries count the marker the answers give, while the sheet
showed the typed one, without a word. A stale cached value under its formula is no typing.

The workbooks are built by efh_xl, then a Marqueur cell is rewritten at zip level as Excel
writes a typed number (a value, no formula)."""

from __future__ import annotations

import re
import zipfile

from efh_xl import refresh_workbook
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

ACTIONS_PART = "xl/worksheets/sheet1.xml"


def with_marker_cell(source, target, rows, value: int, keep_formula: bool = False):
    """A copy of ``source`` whose Marqueur cells (column Z) of sheet rows ``rows`` (one or a
    list) show ``value``: typed (no formula), or as a stale cached value under its formula."""
    rows = [rows] if isinstance(rows, int) else rows

    def rewrite(match: re.Match) -> str:
        start, formula = match.group(1), match.group(2)
        return f"{start}{formula if keep_formula else ''}<v>{value}</v></c>"

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == ACTIONS_PART:
                text = data.decode("utf-8")
                for row in rows:
                    cell = re.compile(rf'(<c r="Z{row}"[^>]*>)(<f>.*?</f>)?<v>[^<]*</v></c>')
                    text, count = cell.subn(rewrite, text)
                    assert count == 1
                data = text.encode("utf-8")
            new.writestr(info, data)
    return target


def test_a_marker_typed_over_its_formula_is_said_with_its_row(tmp_path):
    built = build_workbook(tmp_path / "built.xlsm", actions=sample_actions())
    shown = refresh_workbook(built, check=True)
    assert not any("tapé" in w for w in shown.warnings)
    # Row 9 (the fifth action): its answers give a marker; 2 typed over it, or 0 when 2.
    typed = with_marker_cell(built, tmp_path / "typed.xlsm", 9, 1)
    result = refresh_workbook(typed)
    said = [w for w in result.warnings if "à la place de la formule" in w]
    assert len(said) == 1, result.warnings
    assert said[0].startswith("1 marqueur tapé à la main à la place de la formule de la colonne")
    assert "(ligne 9 : 1 tapé, " in said[0] and "changez les réponses" in said[0]


def test_a_stale_value_under_its_formula_is_no_typing(tmp_path):
    built = build_workbook(tmp_path / "built.xlsm", actions=sample_actions())
    stale = with_marker_cell(built, tmp_path / "stale.xlsm", 9, 1, keep_formula=True)
    result = refresh_workbook(stale, check=True)
    assert not any("à la place de la formule" in w for w in result.warnings)


def test_many_typed_markers_are_counted_the_first_five_named(tmp_path):
    built = build_workbook(tmp_path / "built.xlsm", actions=sample_actions())
    # 5 is no marker the answers give: each of these rows differs, typed.
    typed = with_marker_cell(built, tmp_path / "typed.xlsm", list(range(5, 11)), 5)
    (said,) = [w for w in refresh_workbook(typed, check=True).warnings if "tapé" in w]
    assert said.startswith("6 marqueurs tapés à la main")
    assert "ligne 9 : 5 tapé" in said and "ligne 10" not in said
    assert "; et 1 autre) : les synthèses comptent" in said
    assert "Recopiez dans ces cellules" in said
