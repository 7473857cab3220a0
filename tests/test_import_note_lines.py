"""`import` leaves out the note lines `evaluate` leaves out, by the same rule (trial 4, F1): a
« Source : … » line under the list, after a blank line, and a remark typed in a column without
header beside the table are no actions, and the import says so."""

from __future__ import annotations

import pandas as pd

from efh_xl import evaluate_file
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.programmation_import import import_actions
from efh_xl.workbook.reader import read_workbook

LIST = (
    "N° action;Intitulé de l'action;Porteur;Montant accordé;Q1;Q2a;Q2b;Q3;Q4;Q5\n"
    "A-1;Atelier;Asso 1;1 000;OUI;OUI;;NON;NON;OUI\n"
    "A-2;Forum;Asso 2;2 000;NON;;OUI;NON;NON;NON\n"
    "\n"
    "Source : Dauphin, extraction du 12/03/2026\n"
)
BESIDE = (
    ";N° action;Intitulé;Porteur;Q1\n"
    ";B-1;Chantier;Asso;OUI\n"
    "remarque à voir;;;;\n"  # in the column without header, the rest of the line blank
    ";B-2;Forum;Asso 3;NON\n"
)


def _import(tmp_path, text: str, encoding: str = "cp1252"):
    source = tmp_path / "liste.csv"
    source.write_text(text, encoding=encoding)
    workbook = build_workbook(tmp_path / "g.xlsm", actions=pd.DataFrame())
    result = import_actions(source, workbook, year=2026, territory="Denain")
    return source, workbook, result


def test_a_source_line_under_the_list_is_no_action(tmp_path):
    source, workbook, result = _import(tmp_path, LIST)
    assert result.counts["added"] == 2
    assert sorted(read_workbook(workbook).actions["N° action"]) == ["A-1", "A-2"]
    assert any(
        w.startswith(
            "1 ligne laissée de côté, ce n'est pas une action : ligne 5 "
            "(« Source : Dauphin"
        )
        and "note sous le tableau, après une ligne vide" in w
        for w in result.warnings
    )
    # The same line, the same words as evaluate's.
    said = evaluate_file(source).attrs["warnings"]
    assert [w for w in said if "de côté, ce n" in w] == [
        w for w in result.warnings if "de côté, ce n" in w
    ]


def test_a_remark_beside_the_table_is_no_action_and_no_rejected_line(tmp_path):
    _, workbook, result = _import(tmp_path, BESIDE, encoding="utf-8")
    assert result.counts["added"] == 2 and result.counts["rejected"] == 0
    assert sorted(read_workbook(workbook).actions["N° action"]) == ["B-1", "B-2"]
    assert any(
        "ligne 3 (« remarque à voir ») : hors des colonnes du tableau" in w for w in result.warnings
    )


PRINTED = (
    "N° action;Intitulé de l'action;Porteur;Pilier;Montant accordé;Q1;Q2a;Q2b;Q3;Q4;Q5\n"
    "A-1;Atelier;Asso 1;Cohésion sociale;1 000;OUI;OUI;;NON;NON;OUI\n"
    "\n"
    "Page 1 / 2\n"
    "N° action;Intitulé de l'action;Porteur;Pilier;Montant accordé;Q1;Q2a;Q2b;Q3;Q4;Q5\n"
    "A-2;Forum;Asso 2;Cadre de vie;2 000;NON;;OUI;NON;NON;NON\n"
    "\n"
    "Récapitulatif par pilier\n"
    "Pilier;Nombre d'actions;;;Montant accordé\n"
    "Cohésion sociale;1;;;1 000\n"
    "Cadre de vie;1;;;2 000\n"
)


def test_a_printed_export_s_page_marks_headers_and_summary_table_are_no_actions(tmp_path):
    # Trial 9: the repeated header became an action « N° action », the recap's pilier sums
    # were added as actions (their euros counted twice).
    source, workbook, result = _import(tmp_path, PRINTED)
    assert (result.counts["added"], result.rejected) == (2, [])
    said = " ".join(result.warnings)
    assert "ligne 4 (« Page 1 / 2 ») : numéro de page" in said
    assert "ligne 5 (« N° action | Intitulé de l'action |" in said
    assert "ligne 8 (« Récapitulatif par pilier ») : autre tableau sous la liste" in said
    assert "6 lignes laissées de côté" in said and "; et 1 autre" in said
    assert len(evaluate_file(source)) == 2  # evaluate leaves them out alike


def test_a_mapped_amount_column_does_not_hide_a_totals_line(tmp_path):
    # Trial 9: « --colonne "Montant demandé=Montant demandé" » put the amount first among the
    # line's values, and « Sous-total » in the porteur column was no longer seen.
    text = (
        "N° action;Porteur;Intitulé;Montant demandé\n"
        "A-1;Asso 1;Atelier;1 000\n"
        ";Sous-total Cohésion sociale;;1 000\n"
    )
    source = tmp_path / "liste.csv"
    source.write_text(text, encoding="utf-8")
    workbook = build_workbook(tmp_path / "g.xlsm", actions=pd.DataFrame())
    result = import_actions(source, workbook, mapping=["Montant demandé=Montant demandé"])
    assert (result.counts["added"], result.rejected) == (1, [])


GROUPED = (
    "N° action;Intitulé;Montants;;Q1;Q2a;Q2b;Q3;Q4;Q5\n"
    ";;demandé;accordé;;;;;;\n"
    "Pilier 1 – Cohésion sociale\n"
    "A-1;Atelier;1 000;900;OUI;OUI;;NON;NON;OUI\n"
    "Édité le 12/03/2026 — Page 1 / 2\n"
    "- 2 -\n"
    ";;demandé;accordé;;;;;;\n"
    "PRJ 2026 VLM 002\n"
    "A-3;Forum;2 000;1 500;NON;;OUI;NON;NON;NON\n"
)


def test_group_titles_page_feet_and_a_repeated_lower_header_row_are_no_actions(tmp_path):
    # Trial 11: « Pilier 1 – Cohésion sociale » alone in the number's column was an action,
    # so were page feet, and the repeated « demandé | accordé » row was rejected.
    source, workbook, result = _import(tmp_path, GROUPED, encoding="utf-8")
    assert (result.counts["added"], result.rejected) == (3, [])  # a code alone is an action
    said = " ".join(result.warnings)
    assert "ligne 3 (« Pilier 1 – Cohésion sociale ») : titre seul dans la colonne du N°" in said
    assert "ligne 5 (« Édité le 12/03/2026 — Page 1 / 2 ») : titre seul" in said
    assert "ligne 6 (« - 2 - ») : numéro de page" in said
    assert "ligne 7 (« demandé | accordé ») : ligne d'en-tête répétée" in said
