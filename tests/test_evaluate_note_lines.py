"""`evaluate` leaves out the note lines of a list, saying which and why: a remark typed in a
column with no header beside the table (column A when the table starts in column B), and a
« Source : … » line under the table after a blank line. No real action is left out: a row with
an action number, an answer or anything else in the table's columns stays an action."""

from __future__ import annotations

import xlsxwriter
from test_import import write_ods

from efh_xl.cli import main
from efh_xl.workbook.action_lists import evaluate_file

QS = ["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"]
HEADER = ["N° action", "Intitulé", *QS]
ACTION = ["PRJ-001", "Atelier", "OUI", "OUI", "", "OUI", "OUI", "OUI"]


def _csv(path, rows: list[list[str]]):
    path.write_text("".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _xlsx(path, rows: list[list[str]]):
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False})
    sheet = book.add_worksheet("Liste")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(r, c, value)
    book.close()
    return path


def test_a_note_in_column_a_beside_a_table_from_column_b_is_no_action(tmp_path, capsys):
    rows = [
        ["", *HEADER],
        ["", *ACTION],
        ["À revoir en comité", *[""] * 8],  # beside the table, on a row of its own
        ["", "PRJ-002", "Sport", "NON", "", "OUI", "", "", ""],
        ["", *[""] * 8],
        ["Source : Dauphin, export du 3 mars", *[""] * 8],
    ]
    for listing in (_csv(tmp_path / "b.csv", rows), _xlsx(tmp_path / "b.xlsx", rows)):
        output = tmp_path / f"{listing.stem}_{listing.suffix[1:]}.xlsx"
        assert main(["evaluate", str(listing), "-o", str(output)]) == 0
        out = capsys.readouterr().out
        assert "2 actions évaluées" in out
        assert (
            "Attention : 2 lignes laissées de côté, ce ne sont pas des actions : ligne 3 "
            "(« À revoir en comité ») : hors des colonnes du tableau (colonne sans en-tête) ; "
            "ligne 6 (« Source : Dauphin, export du 3 mars ») : hors des colonnes du tableau"
        ) in out
        result = evaluate_file(listing)
        # Column A held only notes: no column of the result.
        assert list(result.columns) == [*HEADER, "Marqueur", "Motif"]
        assert result["N° action"].tolist() == ["PRJ-001", "PRJ-002"]


def test_a_note_beside_an_action_is_kept_on_its_row(tmp_path):
    rows = [["", *HEADER], ["urgent", *ACTION], ["Note : voir annexe", *[""] * 8]]
    result = evaluate_file(_csv(tmp_path / "b.csv", rows))
    assert result["N° action"].tolist() == ["PRJ-001"]
    # What the user typed, kept, under a French name (« Unnamed: 0 » as pandas names it).
    assert result["Sans en-tête (1re colonne)"].tolist() == ["urgent"]
    assert len(result.attrs["warnings"]) == 1


def test_a_source_line_under_the_table_after_a_blank_line_is_no_action(tmp_path, capsys):
    rows = [
        HEADER,
        ACTION,
        [""] * 8,
        ["Source : Dauphin 2024", *[""] * 7],
        ["NB : montants en euros"],
    ]
    listings = [
        _csv(tmp_path / "liste.csv", rows),
        _xlsx(tmp_path / "liste.xlsx", rows),
        write_ods(tmp_path / "liste.ods", rows),
    ]
    for listing in listings:
        result = evaluate_file(listing)
        assert result["N° action"].tolist() == ["PRJ-001"], listing.suffix
        assert result.attrs["warnings"] == [
            "2 lignes laissées de côté, ce ne sont pas des actions : ligne 4 (« Source : "
            "Dauphin 2024 ») : note sous le tableau, après une ligne vide ; ligne 5 (« NB : "
            "montants en euros ») : note sous le tableau, après une ligne vide. Si l'une d'elles "
            "est une action, saisissez-la dans les colonnes du tableau (son N° action, ses "
            "réponses), puis relancez."
        ]
    # Without --output, the list goes to the standard output and the warning beside it.
    assert main(["evaluate", str(listings[0])]) == 0
    captured = capsys.readouterr()
    assert "Source" not in captured.out and "Attention : 2 lignes" in captured.err


def test_real_actions_under_a_blank_line_stay_actions(tmp_path):
    rows = [
        HEADER,
        ACTION,
        [""] * 8,
        ["PRJ-2024-003", *[""] * 7],  # an action number alone: an action not marked yet
        ["CV 12", *[""] * 7],
        ["", "", "OUI", *[""] * 5],  # an answer alone
        ["", "Atelier cuisine et santé", *[""] * 6],  # a title, not in the first column
        ["Une action à deux mots", "", "OUI", *[""] * 5],  # an answer beside a sentence
    ]
    result = evaluate_file(_csv(tmp_path / "liste.csv", rows))
    assert len(result) == 6 and result.attrs["warnings"] == []
    # A line right under the last action, with no blank line between, may be an action,
    # unless it is a sentence alone in the number's column (a group's title, a page's foot):
    # left out, and said with its line (trial 11).
    rows = [HEADER, ACTION, ["Source : Dauphin 2024", *[""] * 7]]
    result = evaluate_file(_csv(tmp_path / "colle.csv", rows))
    assert len(result) == 1
    said = result.attrs["warnings"][0]
    assert "ligne 3 (« Source : Dauphin 2024 ») : titre seul dans la colonne du N°" in said
