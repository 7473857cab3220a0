"""Rows without any content are not actions: a table cleared with Suppr counts nothing."""

import re
import zipfile

import pandas as pd
from conftest import WORKBOOK

from efh_xl import refresh_workbook
from efh_xl.cli import main
from efh_xl.core.blank_rows import content_mask, drop_blank_rows
from efh_xl.workbook.reader import read_workbook

ACTIONS_PART = "xl/worksheets/sheet1.xml"
FIRST_ROW = 5  # the table's first data row on the Actions sheet (1-based)
_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)


def clear_rows(source, target, rows: range):
    """Copy a workbook, clearing what Suppr clears on ``rows``: the typed values.

    Formula cells (Marqueur, Motif) keep their formula and cached value, and every cell keeps
    its style, as Excel saves a cleared cell.
    """

    def clear(match: re.Match) -> str:
        column, row, attributes, body = match.groups()
        if int(row) not in rows or (body and "<f>" in body):
            return match.group(0)
        style = re.search(r'\ss="\d+"', attributes)
        return f'<c r="{column}{row}"{style.group(0) if style else ""}/>'

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == ACTIONS_PART:
                data = _CELL.sub(clear, data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)
    return target


def test_a_table_cleared_with_suppr_has_no_action(tmp_path, capsys):
    path = clear_rows(WORKBOOK, tmp_path / "vide.xlsm", range(FIRST_ROW, 10_000))
    assert read_workbook(path).actions.empty
    assert main(["refresh", "--check", str(path)]) == 0
    out = capsys.readouterr().out
    assert ": 0 action (" in out and "aucune à corriger" in out
    result = refresh_workbook(path)
    assert result.actions == 0 and result.problems == 0 and result.sheets
    assert main(["summary", str(path)]) == 0
    assert "aucune action" in capsys.readouterr().out


def test_cleared_rows_among_others_are_left_out(tmp_path):
    full = read_workbook(WORKBOOK).actions
    path = clear_rows(WORKBOOK, tmp_path / "moitie.xlsm", range(FIRST_ROW, FIRST_ROW + 50))
    actions = read_workbook(path).actions
    assert len(actions) == len(full) - 50
    assert actions["N° action"].tolist() == full["N° action"].tolist()[50:]
    result = refresh_workbook(path, check=True)
    assert result.actions == len(full) - 50


def test_a_row_with_only_a_comment_is_an_action_one_with_only_spaces_is_not():
    frame = pd.DataFrame(
        {
            "Année": [None, None, None, "\u00a0 \u202f", None],
            "Commentaires": ["à revoir", None, "", "\u200b", None],
            "Marqueur": [0, 0, 0, 0, 0],  # computed columns never make a row an action
            "Motif": ["Incomplet"] * 5,
            "Q1": [None, float("nan"), "  ", None, "OUI"],
        }
    )
    mask = content_mask({c: frame[c].tolist() for c in frame.columns}, len(frame))
    assert mask.tolist() == [True, False, False, False, True]
    assert drop_blank_rows(frame).index.tolist() == [0, 4]


def test_evaluate_leaves_out_blank_lines_of_a_list(tmp_path, capsys):
    csv = tmp_path / "liste.csv"
    csv.write_text(
        "Action;Q1;Q2a;Q2b;Q3;Q4;Q5\nA;OUI;OUI;;OUI;OUI;OUI\n;;;;;;\n ; ;;;;;\nB;NON;;;;;\n",
        encoding="utf-8",
    )
    assert main(["evaluate", str(csv)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and lines[1].startswith("A,") and lines[2].startswith("B,")


def test_the_committed_workbook_is_unchanged_by_the_helper(tmp_path):
    # The clearing helper itself changes nothing outside the rows it is given.
    path = clear_rows(WORKBOOK, tmp_path / "copie.xlsm", range(0))
    with zipfile.ZipFile(path) as a, zipfile.ZipFile(WORKBOOK) as b:
        assert all(a.read(n) == b.read(n) for n in b.namelist())
