"""A list's funders' euros (« Montant CAF ») and people (« Femmes prévues ») fill the columns
the workbook's table has for them, as « Montant accordé » is filled: they were ignored, and
typed again by hand."""

from __future__ import annotations

import pytest
from test_import import actions, row_of, write_csv

from efh_xl.cli import main
from efh_xl.errors import ColumnMappingError, EfhError, WorkbookNotFoundError
from efh_xl.workbook.programmation_import import import_actions

HEADERS = ["N° action", "Action", "Porteur", "Montant CAF", "Femmes prévues", "Hommes prévus"]


def test_funders_and_people_of_a_list_fill_the_table_s_own_columns(workbook, tmp_path):
    rows = [
        [*HEADERS, "Code Dauphin", "Budget"],
        ["PRJ-9", "Atelier vélo", "Régie", "1 000,50 €", "12", "1\u202f200", "G1", "3"],
    ]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    assert (result.added, result.rejected) == (1, [])
    assert result.columns["Montant CAF"] == "Montant CAF"
    assert not any("ne remplit pas" in w for w in result.warnings)
    assert any(
        w.startswith("Colonnes non reconnues, ignorées : « Budget ».") for w in result.warnings
    )
    row = row_of(actions(workbook), "PRJ-9")
    assert row["Montant CAF"] == pytest.approx(1000.5)
    assert (row["Femmes prévues"], row["Hommes prévus"]) == (12, 1200)


def test_a_known_action_has_its_funders_updated_and_its_answers_untouched(workbook, tmp_path):
    first = [[*HEADERS, "Q1"], ["PRJ-9", "Atelier vélo", "Régie", "1000", "12", "", "OUI"]]
    import_actions(write_csv(tmp_path / "a.csv", first), workbook)
    # The comité's figures: the CAF's euros changed, the women blank (never erases), the men
    # given; the list's answer differs from the one typed and is not taken.
    second = [[*HEADERS, "Q1"], ["PRJ-9", "Atelier vélo", "Régie", "1500", "", "9", "NON"]]
    result = import_actions(write_csv(tmp_path / "b.csv", second), workbook)
    assert (result.added, result.updated) == (0, 1)
    row = row_of(actions(workbook), "PRJ-9")
    assert row["Montant CAF"] == 1500
    assert (row["Femmes prévues"], row["Hommes prévus"]) == (12, 9)
    assert row["Q1"] == "OUI"


def test_a_mapping_names_a_funder_s_column(workbook, tmp_path, capsys):
    rows = [["N° action", "Action", "Participation CAF"], ["PRJ-9", "Atelier", "2 500"]]
    source = write_csv(tmp_path / "liste.csv", rows)
    code = main(
        [
            "import",
            str(source),
            "--into",
            str(workbook),
            "--colonne",
            "Participation CAF=montant caf",
        ]
    )
    assert code == 0, capsys.readouterr()
    assert row_of(actions(workbook), "PRJ-9")["Montant CAF"] == 2500


def test_a_mapping_to_a_funder_the_workbook_has_not_lists_those_it_has(workbook, tmp_path):
    rows = [["N° action", "Action", "Part ANCT"], ["PRJ-9", "Atelier", "2 500"]]
    source = write_csv(tmp_path / "liste.csv", rows)
    with pytest.raises(ColumnMappingError) as refused:
        import_actions(source, workbook, mapping=["Part ANCT=Montant ANCT"])
    said = str(refused.value)
    assert "« Montant ANCT » n'est pas une colonne que l'import remplit" in said
    assert "Commentaires, Montant État (programme 147), " in said
    assert "Montant CAF, " in said and "Femmes prévues, " in said


@pytest.mark.parametrize("count", ["12,5", "-3", "douze", "VRAI", "12 €", "EUR 40"])
def test_a_count_that_is_no_number_of_people_rejects_its_line_whole(workbook, tmp_path, count):
    rows = [HEADERS, ["PRJ-9", "Atelier", "Régie", "1000", count, "4"]]
    before = actions(workbook)
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    [rejected] = result.rejected
    assert rejected.reason == f"Femmes prévues : « {count} » n'est pas un nombre de personnes"
    assert len(actions(workbook)) == len(before)  # nothing of the line written


def test_a_list_of_funders_figures_alone_is_found_by_its_headers(workbook, tmp_path):
    # « N° action ; Montant CAF ; Femmes prévues »: one header the tool knows by its wording,
    # two the workbook names. It was refused: « aucune ligne d'en-tête reconnue ».
    first = write_csv(tmp_path / "a.csv", [HEADERS, ["PRJ-9", "Atelier", "Régie"]])
    import_actions(first, workbook)
    rows = [["Chiffres du comité"], ["N° action", "Montant CAF", "Femmes prévues"]]
    rows.append(["PRJ-9", "750", "8"])
    result = import_actions(write_csv(tmp_path / "b.csv", rows), workbook)
    assert (result.updated, result.rejected) == (1, [])
    row = row_of(actions(workbook), "PRJ-9")
    assert (row["Montant CAF"], row["Femmes prévues"]) == (750, 8)
    # Adding no action, it is not told its added actions will lack a granted amount.
    assert not [w for w in result.warnings if "Montant accordé »" in w]


def test_the_hint_for_an_unknown_header_naming_a_funder_is_the_funder_s_column(workbook, tmp_path):
    # « Subvention CAF » was offered as « Montant accordé »: the CAF's euros counted as granted.
    rows = [["N° action", "Action", "Subvention CAF", "Femmes prevues."], ["PRJ-9", "A", "1", "2"]]
    warnings = import_actions(write_csv(tmp_path / "l.csv", rows), workbook, dry_run=True).warnings
    [unknown] = [w for w in warnings if w.startswith("Colonnes non reconnues")]
    assert '--colonne "Subvention CAF=Montant CAF"' in unknown
    [no_granted] = [w for w in warnings if w.startswith("Aucune colonne « Montant accordé »")]
    assert '--colonne "Votre en-tête=Montant accordé"' in no_granted


def test_a_missing_list_is_said_before_a_workbook_that_cannot_be_read(tmp_path):
    # The workbook is read first now (its own columns name the list's headers): its fault
    # hid the list's, which the user then met once the first was fixed.
    plain = tmp_path / "budget.xlsx"
    plain.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(WorkbookNotFoundError, match="absente.csv"):
        import_actions(tmp_path / "absente.csv", plain)
    source = write_csv(tmp_path / "liste.csv", [HEADERS, ["PRJ-9", "A", "B", "1", "2", "3"]])
    with pytest.raises(EfhError) as refused:  # the workbook's fault, not « Montant CAF »'s
        import_actions(source, plain, mapping=["Part=Montant CAF"])
    assert not isinstance(refused.value, ColumnMappingError)


def test_no_hint_sends_one_funder_s_euros_to_another_column(workbook, tmp_path):
    # « Montant FSE » was offered as « Montant CAF » (the list's own CAF column then dropped),
    # « Montant Département » as « Montant accordé », « Montant Ville » as « Territoire ».
    headers = ["N° action", "Action", "Montant accordé", "Montant CAF", "Montant FSE"]
    rows = [
        [*headers, "Montant Département", "Montant Ville"],
        ["PRJ-9", "A", "1", "2", "3", "4", "5"],
    ]
    warnings = import_actions(write_csv(tmp_path / "l.csv", rows), workbook, dry_run=True).warnings
    [unknown] = [w for w in warnings if w.startswith("Colonnes non reconnues")]
    hints = unknown.split("\n")[1:]
    assert [h.split(" (COLONNE")[0] for h in hints] == [
        '  --colonne "Montant FSE=COLONNE"',
        '  --colonne "Montant Département=COLONNE"',
        '  --colonne "Montant Ville=COLONNE"',
    ]


def test_a_second_territory_s_number_is_said_in_french(workbook, tmp_path):
    first = [["N° action", "Action", "Porteur", "Année"], ["PRJ-9", "Atelier", "Régie", "2025"]]
    import_actions(write_csv(tmp_path / "a.csv", first), workbook)
    second = [["N° action", "Action", "Porteur", "Année"], ["PRJ-9", "Atelier", "Régie", "2026"]]
    warnings = import_actions(write_csv(tmp_path / "b.csv", second), workbook).warnings
    [said] = [w for w in warnings if "autre année" in w]
    assert ": c'est une action distincte, celle du classeur est inchangée." in said


def test_one_header_mapped_to_two_columns_is_refused(workbook, tmp_path, capsys):
    # The last one won: the CAF's euros in « Montant Région », without a word.
    rows = [["N° action", "Action", "Participation CAF"], ["PRJ-9", "A", "2 500"]]
    source = write_csv(tmp_path / "liste.csv", rows)
    twice = ["Participation CAF=Montant CAF", "participation caf=Montant Région"]
    with pytest.raises(ColumnMappingError) as refused:
        import_actions(source, workbook, mapping=twice)
    assert "« participation caf » du fichier est indiquée deux fois" in str(refused.value)
    assert "pour « Montant CAF » et pour « Montant Région » ; gardez-en une" in str(refused.value)
    # The same column twice is no conflict; a pair without « = » lists the funders' columns.
    assert import_actions(source, workbook, mapping=[twice[0], twice[0]], dry_run=True).added == 1
    assert main(["import", str(source), "--into", str(workbook), "--colonne", "Participation"]) == 2
    assert "Montant CAF, " in capsys.readouterr().err
