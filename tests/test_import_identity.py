"""Which row of the workbook a line of a list is: its number, in its year and territory.

Each territory numbers its own actions « 1, 2, 3… » and a number may come back the next year:
a line of the same number in another year or territory is another action, added beside the
row (whose answers it must never inherit), as a consolidation counts them apart. A line whose
title and porteur both differ from the row of its number is another action given that
number by mistake: refused, the row untouched.
"""

from __future__ import annotations

import pandas as pd
import pytest

from efh_xl import import_actions
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.reader import read_workbook

HEADER = "N° action;Année;Intitulé;Porteur;Montant accordé;Territoire;Q1;Q2a;Q2b;Q3;Q4;Q5\n"
LIST_2025 = [
    "1;2025;Atelier 2025;Asso A;1 000;Nord;OUI;OUI;;OUI;OUI;OUI\n",
    "2;2025;Jardin 2025;Asso B;2 000;Nord;OUI;NON;;NON;NON;NON\n",
]


def listing(tmp_path, lines, name="liste.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def year_2025(tmp_path):
    """An empty workbook that received the 2025 list, answers typed."""
    book = build_workbook(tmp_path / "classeur.xlsm", actions=pd.DataFrame())
    result = import_actions(listing(tmp_path, LIST_2025, "liste2025.csv"), book)
    assert result.added == 2
    return book


def rows(book):
    frame = read_workbook(book).actions
    return frame[["N° action", "Année", "Territoire", "Action", "Porteur", "Q1", "Marqueur"]]


def test_the_same_numbers_next_year_are_new_actions(tmp_path, year_2025):
    before = rows(year_2025)
    source = listing(
        tmp_path,
        [
            "1;2026;Sport 2026;Club C;5 000;Nord;;;;;;\n",
            "2;2026;Cuisine 2026;Asso D;3 000;Nord;;;;;;\n",
        ],
    )
    result = import_actions(source, year_2025)
    assert (result.added, result.updated, len(result.rejected)) == (2, 0, 0)
    after = rows(year_2025)
    # The 2025 actions are as they were, answers and markers included.
    pd.testing.assert_frame_equal(after.iloc[:2], before)
    new = after.iloc[2:]
    assert new["Année"].tolist() == [2026, 2026]
    assert new["Action"].tolist() == ["Sport 2026", "Cuisine 2026"]
    assert new["Q1"].isna().all() and new["Marqueur"].isna().all()  # no answers lent
    (said,) = [w for w in result.warnings if "autre année" in w]
    assert "2 actions" in said and "lignes 2, 3" in said
    # Imported again, the 2026 list finds its own rows, not the 2025 ones.
    again = import_actions(source, year_2025)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


def test_the_same_number_in_another_territory_is_another_action(tmp_path, year_2025):
    source = listing(tmp_path, ["1;2025;Action Sud;Asso S;700;Sud;;;;;;\n"])
    result = import_actions(source, year_2025)
    assert (result.added, result.updated) == (1, 0)
    after = rows(year_2025)
    assert after.iloc[0]["Action"] == "Atelier 2025" and after.iloc[2]["Territoire"] == "Sud"


def test_the_year_given_by_option_places_the_lines(tmp_path, year_2025):
    source = tmp_path / "sans_annee.csv"
    source.write_text("N° action;Intitulé;Porteur\n1;Sport;Club C\n", encoding="utf-8")
    result = import_actions(source, year_2025, year=2026)
    assert (result.added, result.updated) == (1, 0)


def test_a_line_without_a_year_matching_rows_of_two_years_is_refused(tmp_path, year_2025):
    import_actions(listing(tmp_path, ["1;2026;Sport 2026;Club C;5 000;Nord;;;;;;\n"]), year_2025)
    before = rows(year_2025)
    source = tmp_path / "sans_annee.csv"
    source.write_text("N° action;Intitulé;Porteur\n1;Sport;Club C\n", encoding="utf-8")
    result = import_actions(source, year_2025)
    ((line, number, reason),) = [(r.line, r.number, r.reason) for r in result.rejected]
    assert (line, number) == (2, "1")
    assert "plusieurs fois dans le classeur" in reason and "--annee" in reason
    pd.testing.assert_frame_equal(rows(year_2025), before)


def test_a_number_given_to_another_action_is_refused(tmp_path, year_2025):
    before = rows(year_2025)
    source = listing(tmp_path, ["1;2025;Théâtre forum;Compagnie Z;900;Nord;;;;;;\n"])
    result = import_actions(source, year_2025)
    ((rejected),) = result.rejected
    assert "autre action du classeur" in rejected.reason and "Atelier 2025" in rejected.reason
    pd.testing.assert_frame_equal(rows(year_2025), before)
    # One of the two reworded is still the action: its title is updated, answers kept.
    reworded = listing(tmp_path, ["1;2025;Atelier vélo;Asso A;1 000;Nord;;;;;;\n"])
    assert import_actions(reworded, year_2025).updated == 1
    after = rows(year_2025)
    assert after.iloc[0]["Action"] == "Atelier vélo" and after.iloc[0]["Q1"] == "OUI"


def test_one_number_in_two_years_of_one_list_is_no_duplicate(tmp_path):
    book = build_workbook(tmp_path / "classeur.xlsm", actions=pd.DataFrame())
    lines = [
        "7;2025;Atelier;Asso A;100;Nord;;;;;;\n",
        "7;2026;Atelier;Asso A;100;Nord;;;;;;\n",
        "8;2026;Jardin;Asso B;100;Nord;;;;;;\n",
        "8;2026;Jardin bis;Asso B;100;Nord;;;;;;\n",
    ]
    result = import_actions(listing(tmp_path, lines), book)
    assert result.added == 2
    assert sorted(r.line for r in result.rejected) == [4, 5]
    assert all("en double dans le fichier" in r.reason for r in result.rejected)


def test_two_lines_never_update_one_row_lacking_its_year(tmp_path):
    # A row without year nor territory matches lines of any: the second line overwrote the
    # first, both counted « mise à jour ». Both are refused, the row untouched.
    book = build_workbook(tmp_path / "classeur.xlsm", actions=pd.DataFrame())
    import_actions(listing(tmp_path, ["1;;Atelier;Asso A;100;;OUI;OUI;;OUI;OUI;OUI\n"]), book)
    before = rows(book)
    lines = ["1;2025;Atelier;Asso A;100;Nord;;;;;;\n", "1;2026;Atelier;Asso A;100;Sud;;;;;;\n"]
    result = import_actions(listing(tmp_path, lines, "deux.csv"), book)
    assert (result.added, result.updated) == (0, 0)
    assert [r.line for r in result.rejected] == [2, 3]
    assert "correspond aussi à la ligne 3 du fichier" in result.rejected[0].reason
    pd.testing.assert_frame_equal(rows(book), before)


def test_the_row_of_the_lines_very_year_and_territory_wins_over_one_lacking_them(tmp_path):
    # Typed so in the workbook: number 1 in 2025 in Nord, and number 1 without year nor
    # territory. A line of 1 in 2025 in Nord is the first, not « présent plusieurs fois ».
    actions = pd.DataFrame(
        {
            "N° action": ["1", "1"],
            "Année": [2025, None],
            "Territoire": ["Nord", None],
            "Action": ["Atelier", "Atelier"],
            "Porteur": ["Asso A", "Asso A"],
            **{q: [None, None] for q in ("Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5")},
        }
    )
    book = build_workbook(tmp_path / "classeur.xlsm", actions=actions)
    result = import_actions(listing(tmp_path, ["1;2025;Atelier;Asso A;300;Nord;;;;;;\n"]), book)
    assert (result.updated, len(result.rejected)) == (1, 0)
    assert rows(book)["Année"].tolist()[1] is None  # the row lacking them is untouched
    # A line of 2026 matches only the row lacking its year: that one it is.
    again = import_actions(listing(tmp_path, ["1;2026;Atelier;Asso A;1;Nord;;;;;;\n"]), book)
    assert (again.updated, again.added) == (1, 0)


def test_rejections_are_said_in_the_files_order(tmp_path, year_2025):
    lines = ["1;2025;Théâtre;Compagnie Z;900;Nord;;;;;;\n", ";2025;Sans numéro;Asso;1;Nord;;;;;;\n"]
    result = import_actions(listing(tmp_path, lines), year_2025, dry_run=True)
    assert [r.line for r in result.rejected] == [2, 3]


def test_a_year_typed_as_a_date_in_the_workbook_is_its_year():
    from efh_xl.workbook.programmation_import import _place_of

    assert _place_of({"Année": 45748.0, "Territoire": "Nord"}) == _place_of(
        {"Année": 2025, "Territoire": " nord "}
    )


def test_a_number_spelt_otherwise_keeps_the_workbook_s_spelling(tmp_path):
    # « PRJ-2 » in the workbook, « prj-2 » in another list: the same action. Its number was
    # rewritten at each import from the other list, each counted an update, for ever.
    book = build_workbook(tmp_path / "classeur.xlsm", actions=pd.DataFrame())
    first = ["PRJ-2;2025;Atelier;Asso A;1 000;Nord;;;;;;\n"]
    assert import_actions(listing(tmp_path, first, "a.csv"), book).added == 1
    other = listing(tmp_path, [" prj-2 ;2025;Atelier;Asso A;1 000;Nord;;;;;;\n"], "b.csv")
    result = import_actions(other, book)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 1)
    assert rows(book)["N° action"].tolist() == ["PRJ-2"]


def test_a_new_number_on_a_known_porteur_and_title_is_said(tmp_path):
    # « 123 » (Excel dropped the zeros of « 00123 ») added beside « 00123 »: the same
    # action twice, without a word.
    book = build_workbook(tmp_path / "classeur.xlsm", actions=pd.DataFrame())
    first = [
        "00123;2025;Atelier;Asso A;1 000;Nord;;;;;;\n",
        "7;2025;Jardin;Asso B;500;Nord;;;;;;\n",
    ]
    assert import_actions(listing(tmp_path, first, "a.csv"), book).added == 2
    again = [
        "123;2025;Atelier;Asso A;1 000;Nord;;;;;;\n",
        "8;2026;Jardin;Asso B;500;Nord;;;;;;\n",  # another year: another action, unsaid
    ]
    result = import_actions(listing(tmp_path, again, "b.csv"), book)
    assert result.added == 2
    [said] = [w for w in result.warnings if "sous un autre N°" in w]
    assert said.startswith("1 action ajoutée a le porteur et l'intitulé d'une action du classeur")
    assert "ligne 2 (N° « 123 ») et ligne 5 du classeur (N° « 00123 »)" in said
