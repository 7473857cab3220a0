"""What the user maps wins, and a mapping that maps nothing is said.

A header mapped with --colonne (or a --correspondance file) fills its column even when another
header of the list is recognised for it by its wording: that one is set aside, and said so.
A mapped header found nowhere in the list (a slip in its spelling) is named, with the headers
read; before, the column it meant was silently not imported.
"""

from __future__ import annotations

import pandas as pd
import pytest

from efh_xl import import_actions
from efh_xl.errors import ColumnMappingError
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.reader import read_workbook


@pytest.fixture
def book(tmp_path):
    return build_workbook(tmp_path / "classeur.xlsm", actions=pd.DataFrame())


@pytest.fixture
def listing(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(
        "N° action;Intitulé;Porteur;Montant sollicité;Enveloppe spéciale\n"
        "A1;Atelier;Asso;100;250\n",
        encoding="utf-8",
    )
    return path


def test_a_mapped_header_wins_over_one_recognised_by_its_wording(book, listing):
    result = import_actions(listing, book, mapping=["Enveloppe spéciale=Montant demandé"])
    assert result.columns["Enveloppe spéciale"] == "Montant demandé"
    assert "Montant sollicité" not in result.columns
    (said,) = [w for w in result.warnings if "Montant sollicité" in w]
    assert "« Enveloppe spéciale »" in said and "comme le demande la correspondance" in said
    (row,) = read_workbook(book).actions.to_dict("records")
    assert row["Montant demandé"] == 250


def test_the_same_from_a_mapping_file(book, listing, tmp_path):
    toml = tmp_path / "noms.toml"
    toml.write_text('[colonnes]\n"Enveloppe spéciale" = "Montant demandé"\n', encoding="utf-8")
    result = import_actions(listing, book, mapping_file=toml, dry_run=True)
    assert result.columns["Enveloppe spéciale"] == "Montant demandé"


def test_a_mapped_header_absent_from_the_list_is_named_as_typed(book, listing):
    result = import_actions(
        listing, book, mapping=["Envelope Spéciale=Montant accordé"], dry_run=True
    )
    (said,) = [w for w in result.warnings if "sans effet" in w]
    assert "aucune colonne « Envelope Spéciale » dans le fichier" in said
    assert "« Enveloppe spéciale »" in said  # the headers read, to compare with


def test_a_mapping_files_headers_the_list_lacks_are_not_said(book, listing, tmp_path):
    # One file serves exports of several shapes: each lacks some of its headers.
    toml = tmp_path / "noms.toml"
    toml.write_text('[colonnes]\n"Montant voté" = "Montant accordé"\n', encoding="utf-8")
    result = import_actions(listing, book, mapping_file=toml, dry_run=True)
    assert not [w for w in result.warnings if "sans effet" in w]


def test_a_mapping_file_without_its_section_says_which_it_found(book, listing, tmp_path):
    toml = tmp_path / "noms.toml"
    toml.write_text('[autre]\nx = "Montant accordé"\n', encoding="utf-8")
    with pytest.raises(ColumnMappingError) as caught:
        import_actions(listing, book, mapping_file=toml, dry_run=True)
    assert "noms.toml n'a pas de section [colonnes] (section trouvée : [autre])" in str(
        caught.value
    )


def test_a_single_mapping_given_as_text_is_one_mapping(book, listing):
    # A bare « A=B » was read letter by letter: « « E » n'a pas la forme Colonne=Colonne ».
    mapping = "Enveloppe spéciale=Montant demandé"
    result = import_actions(listing, book, mapping=mapping, dry_run=True)
    assert result.columns["Enveloppe spéciale"] == "Montant demandé"
