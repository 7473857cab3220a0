"""Two columns of a list naming the same question (two « Q1 », « Q1 » and « q1 », « Q1 » and
« Question 1 »): `evaluate` reads the leftmost, as `import` does, and says so in French, naming
both headers (it read one of them silently, and for « Q1 » and « q1 » the rightmost)."""

from __future__ import annotations

import xlsxwriter
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.workbook.action_lists import evaluate_file
from efh_xl.workbook.programmation_import import import_actions

OTHERS = "Q2a;Q2b;Q3;Q4;Q5"
ANSWERS = "OUI;;OUI;OUI;OUI"


def _warning(read: str, left: str, question: str = "Q1") -> str:
    both = f"les colonnes « {read} » et « {left} »"
    which = f"deux colonnes « {read} »" if read == left else both
    return (
        f"{question} : {which} donnent toutes deux les réponses à {question} ; seule la "
        "première (la plus à gauche) est lue, l'autre est ignorée. Supprimez ou renommez la "
        "colonne qui ne sert pas, puis relancez."
    )


def test_the_leftmost_of_two_columns_for_a_question_is_read_and_said(tmp_path, capsys):
    for first, second in (("Q1", "Q1"), ("Q1", "Question 1"), ("Q1", " q1 "), ("Question 1", "Q1")):
        listing = tmp_path / "liste.csv"
        listing.write_text(
            f"N° action;{first};{OTHERS};{second}\n1;OUI;{ANSWERS};NON\n", encoding="utf-8"
        )
        result = evaluate_file(listing)
        # Q1 = OUI (the leftmost) with Q2a = OUI: marker 2; Q1 = NON would give 0.
        assert result["Marqueur"].tolist() == [2], (first, second)
        assert result.attrs["warnings"] == [_warning(first.strip(), second.strip())]
        output = tmp_path / "resultats.xlsx"
        assert main(["evaluate", str(listing), "-o", str(output), "--force"]) == 0
        assert f"Attention : {_warning(first.strip(), second.strip())}" in capsys.readouterr().out


def test_a_sheet_list_with_two_q5_columns_warns_the_same(tmp_path):
    listing = tmp_path / "liste.xlsx"
    book = xlsxwriter.Workbook(listing)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["N° action", "Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5", "Q5"])
    sheet.write_row(1, 0, ["1", "OUI", "NON", "", "OUI", "OUI", "OUI", "NON"])
    book.close()
    result = evaluate_file(listing)
    assert result["Marqueur"].tolist() == [1]
    assert result.attrs["warnings"] == [_warning("Q5", "Q5", "Q5")]


def test_questions_named_question_1_to_5_are_read(tmp_path):
    listing = tmp_path / "grille.csv"
    names = ";".join(f"Question {q}" for q in ("1", "2a", "2b", "3", "4", "5"))
    listing.write_text(f"Intitulé;{names}\nAtelier;OUI;{ANSWERS}\n", encoding="utf-8")
    result = evaluate_file(listing)
    assert result["Marqueur"].tolist() == [2] and result.attrs["warnings"] == []
    assert list(result.columns)[:2] == ["Intitulé", "Question 1"]  # headers as typed


def test_import_reads_the_same_columns_and_warns_too(tmp_path):
    listing = tmp_path / "liste.csv"
    listing.write_text(
        f"N° action;Intitulé de l'action;Q1;{OTHERS};Question 1\nNEUF-1;A;OUI;{ANSWERS};NON\n",
        encoding="utf-8",
    )
    result = import_actions(listing, WORKBOOK, dry_run=True)  # the workbook only read
    assert result.added == 1
    assert any("« Question 1 » ignorée" in w for w in result.warnings)
