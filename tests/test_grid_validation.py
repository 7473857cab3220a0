"""A Grille whose box sets cannot give a marker is refused, with a French message naming the row."""

import dataclasses
import hashlib
import re
import zipfile

import pytest
from conftest import WORKBOOK

from efh_xl import ALTERNATIVE_RULES, DEFAULT_RULE, refresh_workbook
from efh_xl.cli import main
from efh_xl.core.grid import RuleError
from efh_xl.errors import GridRuleError
from efh_xl.excel.udfs import EFH_GRILLE, EFH_MARQUEUR, EFH_MOTIF
from efh_xl.workbook.reader import read_workbook

GRID_PART = "xl/worksheets/sheet2.xml"
FIRST_SET_ROW = 25  # EFH_ENSEMBLES = 'Grille'!$C$25:$H$27
COLUMNS = "CDEFGH"  # Q1, Q2a, Q2b, Q3, Q4, Q5
_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
ALL_OUI = ("OUI",) * 6


def with_set_row(source, target, row: int, answers: dict[str, str]):
    """Copy a workbook with the box-set row ``row`` of the Grille holding ``answers`` only
    (column letter -> OUI/NON), as a user would leave it after editing the cells."""

    def edit(match: re.Match) -> str:
        column, number, attributes, _ = match.groups()
        if int(number) != row or column not in COLUMNS:
            return match.group(0)
        style = re.search(r'\ss="\d+"', attributes)
        style = style.group(0) if style else ""
        if column in answers:
            text = answers[column]
            return f'<c r="{column}{number}"{style} t="inlineStr"><is><t>{text}</t></is></c>'
        return f'<c r="{column}{number}"{style}/>'

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == GRID_PART:
                data = _CELL.sub(edit, data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)
    return target


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_with(row: int, cells: list) -> list[list]:
    table = DEFAULT_RULE.box_table()
    table[row] = cells
    return table


@pytest.mark.parametrize("rule", [DEFAULT_RULE, *ALTERNATIVE_RULES.values()], ids=lambda r: r.name)
def test_the_rules_shipped_have_no_problem(rule):
    assert rule.problems() == []
    assert rule.with_box_table(rule.box_table()) == rule


@pytest.mark.parametrize(
    ("row", "cells", "expected"),
    [
        (0, [""] * 6, "ensemble « cases vert foncé » (ligne 25) vide"),
        (1, [None] * 6, "ensemble « cases vert clair » (ligne 26) vide"),
        (2, ["", "", "", "", "", ""], "ensemble « cases hachurées » (ligne 27) vide"),
        (0, ["", "OUI", "", "", "", ""], "« cases vert foncé » (ligne 25) : Q1 vide"),
        (
            1,
            ["NON", "", "", "OUI", "OUI", "OUI"],
            "Q1 = OUI et Q1 = NON à la fois ; ce marqueur ne peut pas être atteint",
        ),
        (2, ["OUI", "OUI", "OUI", "", "", ""], "réponse à Q2b, sans objet quand le public est"),
        (1, ["OUI", "OUI", "", "", "", ""], "marqueur 1 jamais atteint"),
    ],
)
def test_box_sets_that_cannot_give_a_marker_are_refused(row, cells, expected):
    with pytest.raises(RuleError) as caught:
        DEFAULT_RULE.with_box_table(table_with(row, cells), first_row=FIRST_SET_ROW)
    assert expected in str(caught.value)


def test_a_cumulative_rule_with_contradictory_sets_names_both_rows():
    rule = ALTERNATIVE_RULES["cumulatif"]
    table = rule.box_table()
    table[1] = ["NON", "", "", "OUI", "OUI", "OUI"]
    with pytest.raises(RuleError, match="« cases vert foncé » .ligne 25. et « cases vert clair »"):
        rule.with_box_table(table, first_row=FIRST_SET_ROW)


def test_a_cleared_dark_green_row_is_refused_and_the_workbook_left_alone(tmp_path, capsys):
    path = with_set_row(WORKBOOK, tmp_path / "grille.xlsm", FIRST_SET_ROW, {})
    before = digest(path)
    with pytest.raises(GridRuleError, match="cases vert foncé » \\(ligne 25\\) vide"):
        read_workbook(path)
    with pytest.raises(GridRuleError):
        refresh_workbook(path)
    assert main(["refresh", str(path)]) != 0
    assert main(["summary", str(path)]) == GridRuleError.exit_code
    err = capsys.readouterr().err
    assert "ne peut pas donner de marqueur" in err and "Traceback" not in err
    assert digest(path) == before


def test_a_box_set_edited_sensibly_is_still_accepted(tmp_path):
    # The third hatched box on Q3 instead of Q2a: a reading the spec names.
    answers = {"C": "NON", "E": "OUI", "F": "OUI"}
    path = with_set_row(WORKBOOK, tmp_path / "q3.xlsm", FIRST_SET_ROW + 2, answers)
    rule = read_workbook(path).rule
    assert rule.box_set("hachure").boxes == (("Q1", "NON"), ("Q2b", "OUI"), ("Q3", "OUI"))


def test_the_udfs_say_so_in_the_cell_instead_of_a_marker():
    table = table_with(0, [None] * 6)
    marker = EFH_MARQUEUR(*ALL_OUI, table)
    assert isinstance(marker, str) and marker.startswith("Grille : ")
    assert "cases vert foncé" in EFH_MOTIF(*ALL_OUI, table)
    assert EFH_GRILLE([list(ALL_OUI)], table)[0][0].startswith("Grille : ")


def test_an_unreadable_box_is_named_by_its_set_and_row(tmp_path, capsys):
    # As every message names a set: its label, as the sheet shows it, then its row.
    answers = {"C": "NON", "D": "OUI", "E": "peut-être"}
    path = with_set_row(WORKBOOK, tmp_path / "peut.xlsm", FIRST_SET_ROW + 2, answers)
    assert main(["summary", str(path)]) == 4
    err = capsys.readouterr().err
    assert "ensemble « cases hachurées » (ligne 27), Q2b : « peut-être » non reconnu" in err, err
    assert "vert_fonce" not in err and "hachure »" not in err


def test_an_answer_sans_objet_names_the_set_asking_it_and_the_one_making_it_so():
    # Q2b added to vert clair: marker 1 takes Q1 = OUI from vert foncé, which made Q2b « sans
    # objet ». Both sets were said to « exiger une réponse à Q2b ».
    from efh_xl.core.grid import DEFAULT_RULE

    boxes = dict(DEFAULT_RULE.box_set("vert_clair").boxes)
    rule = DEFAULT_RULE.with_box_sets(vert_clair=(*boxes.items(), ("Q2b", "OUI")))
    (said,) = [p for p in rule.problems(in_file=True) if "Q2b" in p]
    assert "l'ensemble « cases vert clair » (nom vert_clair) exige une réponse à Q2b" in said
    giver = "que ce marqueur prend de l'ensemble « cases vert foncé » (nom vert_fonce)"
    assert said.count("vert clair") == 1
    assert said.endswith(giver)


def test_an_impossible_possibility_beside_others_is_named_not_the_marker():
    # A user trial: a third possibility for marker 2 (vert foncé with hachurées: Q1 = OUI and
    # NON) was said to make marker 2 unreachable, the other two reaching it; a second, garbled
    # clause on Q2b followed.
    from efh_xl.core.grid import Alternative, Level

    levels = list(DEFAULT_RULE.levels)
    two = levels[0]
    levels[0] = Level(two.marker, (*two.alternatives, Alternative(("vert_fonce", "hachure"))))
    rule = dataclasses.replace(DEFAULT_RULE, levels=tuple(levels))
    (said,) = rule.problems(in_file=True)
    assert said.startswith("marqueur 2, possibilité 3 sur 3 : les ensembles")
    assert said.endswith(
        "cette possibilité ne peut jamais être remplie : supprimez-la ou changez ses ensembles"
    )


def test_every_possibility_impossible_says_the_marker_unreachable():
    from efh_xl.core.grid import Alternative, Level

    levels = list(DEFAULT_RULE.levels)
    impossible = Alternative(("vert_fonce", "hachure"))
    levels[0] = Level(levels[0].marker, (impossible, impossible))
    rule = dataclasses.replace(DEFAULT_RULE, levels=tuple(levels))
    said = rule.problems(in_file=True)
    assert said[-1] == (
        "marqueur 2 : aucune de ses possibilités ne peut être remplie ; ce marqueur ne peut pas "
        "être atteint"
    )
    assert said[0].startswith("marqueur 2, possibilité 1 sur 2 :")
