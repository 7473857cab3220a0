"""The shipped workbook's fictional actions beside real ones (a territory's workbook started
from a copy of the sample, its list imported into it) are said, at the import and in a
consolidation: the region counted three fictional territories among the real ones."""

from __future__ import annotations

import shutil

from conftest import WORKBOOK
from test_import import write_csv

from efh_xl import consolidate, import_actions

LIST = [
    ["N° action", "Intitulé", "Porteur", "Territoire", "Année"],
    ["S-1", "Atelier", "Asso", "Sambre", "2026"],
]


def test_real_actions_beside_the_sample_are_said_at_import_and_consolidation(tmp_path):
    workbook = shutil.copy(WORKBOOK, tmp_path / "sambre_2026.xlsm")
    result = import_actions(write_csv(tmp_path / "liste.csv", LIST), workbook)
    said = [w for w in result.warnings if "exemple fictif" in w]
    assert said and said[0].startswith("Le classeur contient encore 120 actions de l'exemple")
    region = consolidate([workbook], tmp_path / "region.xlsx")
    (warning,) = [w for w in region.files[0].warnings if "exemple fictif" in w]
    assert "supprimez leurs lignes de sa feuille Actions" in warning
    # The sample alone (a demonstration) is known by its territories: nothing said.
    alone = consolidate([WORKBOOK], tmp_path / "demo.xlsx")
    assert not [w for w in alone.files[0].warnings if "exemple fictif" in w]
