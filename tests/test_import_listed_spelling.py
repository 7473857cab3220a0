"""A pilier or territory a list types in another case than the Paramètres sheet is written as
Paramètres spells it, and said: as typed, every summary listed it twice (« Cohésion sociale »
and « cohésion sociale »)."""

from __future__ import annotations

import pandas as pd

import efh_xl
from efh_xl.core.settings import Settings


def _empty_workbook(tmp_path):
    """A workbook without actions whose Paramètres list « Val-de-Lys Métropole »."""
    return efh_xl.build_workbook(
        tmp_path / "c.xlsm",
        actions=pd.DataFrame(),
        settings=Settings(territories=("Val-de-Lys Métropole",)),
    )


def test_a_pilier_in_another_case_is_written_as_parametres_spells_it(tmp_path):
    book = _empty_workbook(tmp_path)
    listed = tmp_path / "l.csv"
    listed.write_text(
        "N° action;Action;Porteur;Pilier;Territoire;Année\n"
        "A1;Atelier;Centre social;cohésion sociale;VAL-DE-LYS  MÉTROPOLE;2026\n"
        "A2;Chantier;Mission locale;Cohésion sociale;Val-de-Lys Métropole;2026\n",
        encoding="utf-8",
    )
    result = efh_xl.import_actions(listed, book)
    assert result.added == 2
    read = efh_xl.read_workbook(book).actions
    assert read["Pilier"].tolist() == ["Cohésion sociale"] * 2
    assert read["Territoire"].tolist() == ["Val-de-Lys Métropole"] * 2
    said = " ".join(result.warnings)
    assert "« cohésion sociale » devient « Cohésion sociale » (ligne 2)" in said
    assert "« VAL-DE-LYS  MÉTROPOLE » devient « Val-de-Lys Métropole » (ligne 2)" in said
    summary = efh_xl.summarize(read)
    assert summary.actions == 2 and len(summary.territories) == 1


def test_the_territory_option_is_written_as_parametres_spells_it_too(tmp_path):
    book = _empty_workbook(tmp_path)
    listed = tmp_path / "l.csv"
    listed.write_text("N° action;Action;Porteur\nA1;Atelier;Centre social\n", encoding="utf-8")
    result = efh_xl.import_actions(listed, book, territory="val-de-lys  métropole")
    assert efh_xl.read_workbook(book).actions["Territoire"].tolist() == ["Val-de-Lys Métropole"]
    assert any("(--territoire) devient « Val-de-Lys Métropole »" in w for w in result.warnings)


def test_a_territory_s_short_name_is_written_as_its_full_name(tmp_path):
    # « Hautecombe », the short name Paramètres gives « Contrat de ville de Hautecombe », made
    # a territory of its own in every summary (--territoire) or in the list's column.
    full = "Contrat de ville de Hautecombe"
    book = efh_xl.build_workbook(
        tmp_path / "c.xlsm",
        actions=pd.DataFrame(),
        settings=Settings(territories=(full,), short_names=((full, "Hautecombe"),)),
    )
    listed = tmp_path / "l.csv"
    listed.write_text(
        "N° action;Action;Porteur;Territoire\nA1;Atelier;Centre social;hautecombe\n"
        "A2;Chantier;Mission locale;\n",
        encoding="utf-8",
    )
    result = efh_xl.import_actions(listed, book, territory="Hautecombe")
    assert efh_xl.read_workbook(book).actions["Territoire"].tolist() == [full, full]
    said = " ".join(result.warnings)
    assert f"« hautecombe » devient « {full} » (ligne 2)" in said
    assert f"« Hautecombe » (--territoire) devient « {full} »" in said


def test_numbers_spaced_otherwise_and_the_workbook_s_own_spellings(tmp_path):
    # Trial 9: « AB - 02 » then « ab-02 » were two actions (the amounts counted twice), and
    # « VILLE TEST » rewrote a known action's « Ville Test », splitting its territory.
    workbook = efh_xl.build_workbook(tmp_path / "g.xlsm", actions=pd.DataFrame())
    first = tmp_path / "a.csv"
    first.write_text("N° action;Territoire;Intitulé;Porteur\nAB - 02;Ville Test;Atelier;Asso\n")
    efh_xl.import_actions(first, workbook)
    second = tmp_path / "b.csv"
    second.write_text(
        "N° action;Territoire;Intitulé;Porteur\nab-02;VILLE TEST;Atelier;Asso\n"
        "AB-03;ville test;Forum;Asso\n"
    )
    result = efh_xl.import_actions(second, workbook)
    assert (result.added, result.updated, result.unchanged) == (1, 0, 1)
    assert "Territoire écrit comme dans le classeur : « VILLE TEST » devient « Ville Test »" in (
        " ".join(result.warnings)
    )
    actions = efh_xl.read_workbook(workbook).actions
    assert actions["Territoire"].tolist() == ["Ville Test", "Ville Test"]


def test_a_spelling_the_workbook_or_parametres_has_stays(tmp_path):
    # Review: rows typed « Ville Test » and « VILLE TEST », the last one seen won, and a list
    # spelt as Paramètres lists it was respelt « VILLE TEST ».
    workbook = efh_xl.build_workbook(
        tmp_path / "g.xlsm",
        actions=pd.DataFrame(),
        settings=Settings(territories=("Ville Test",)),
    )
    first = tmp_path / "a.csv"
    first.write_text(
        "N° action;Territoire;Intitulé;Porteur\nA-1;Ville Test;Atelier;Asso\n"
        "A-2;VILLE TEST;Forum;Asso\n"
    )
    efh_xl.import_actions(first, workbook)
    second = tmp_path / "b.csv"
    second.write_text("N° action;Territoire;Intitulé;Porteur\nA-3;Ville Test;Jardin;Asso\n")
    result = efh_xl.import_actions(second, workbook)
    assert not [w for w in result.warnings if "écrit comme" in w]
    actions = efh_xl.read_workbook(workbook).actions
    assert actions.loc[actions["N° action"] == "A-3", "Territoire"].tolist() == ["Ville Test"]
