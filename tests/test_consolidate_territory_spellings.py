"""A territory written in another case or spacing in one workbook is counted with its first
spelling, and that file says so; one that differs by its accents is counted apart, and named.
Each spelling made a territory of its own (three sheets for one contrat de ville)."""

from __future__ import annotations

from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.sample import sample_actions


def _book(folder, name: str, territory: str, year: int):
    actions = sample_actions(per_territory=3).iloc[:3].copy()
    actions["Territoire"] = territory
    actions["Année"] = year
    actions["N° action"] = [f"{name}-{i}" for i in range(3)]
    return build_workbook(folder / f"{name}.xlsm", actions=actions)


def test_case_and_spacing_variants_are_one_territory_accents_are_named(tmp_path):
    folder = tmp_path / "in"
    _book(folder, "a", "Contrat de ville de Denain", 2024)
    _book(folder, "b", "Contrat de Ville  de Denain", 2025)
    _book(folder, "c", "Contrat de ville de Dénain", 2026)
    result = consolidate([folder], tmp_path / "r.xlsx")
    assert result.actions == 9
    assert result.territories == ["Contrat de ville de Denain", "Contrat de ville de Dénain"]
    by_file = {r.path.rsplit("/", 1)[-1]: r.warnings for r in result.files}
    # Both sides of the accents are named, each in its file.
    assert by_file["a.xlsm"] == [
        "territoire « Contrat de ville de Denain » compté à part de « Contrat de ville de "
        "Dénain », qui ne diffère que par ses accents : si c'est le même territoire, "
        "écrivez-le de la même façon dans chaque classeur, puis relancez"
    ]
    assert any(
        "territoire « Contrat de Ville  de Denain » compté avec « Contrat de ville de Denain »" in w
        for w in by_file["b.xlsm"]
    )
    assert any(
        "territoire « Contrat de ville de Dénain » compté à part de « Contrat de ville de "
        "Denain »" in w
        for w in by_file["c.xlsm"]
    )


def test_two_spellings_in_one_workbook_are_said_to_be_in_it(tmp_path):
    folder = tmp_path / "in"
    actions = sample_actions(per_territory=3).iloc[:2].copy()
    actions["Territoire"] = ["Denain", "denain "]
    actions["N° action"] = ["a-1", "a-2"]
    build_workbook(folder / "a.xlsm", actions=actions)
    result = consolidate([folder], tmp_path / "r.xlsx")
    assert result.territories == ["Denain"]
    [warning] = result.files[0].warnings
    assert "compté avec « Denain », écrit ainsi ailleurs dans ce classeur" in warning


def test_a_pilier_in_another_case_is_one_pilier_and_its_file_says_so(tmp_path):
    folder = tmp_path / "in"
    _book(folder, "a", "Denain", 2024)
    actions = sample_actions(per_territory=3).iloc[:3].copy()
    pilier = actions["Pilier"].iloc[0]
    actions["Pilier"] = pilier.upper()
    actions["Territoire"], actions["Année"] = "Denain", 2025
    actions["N° action"] = [f"b-{i}" for i in range(3)]
    build_workbook(folder / "b.xlsm", actions=actions)
    result = consolidate([folder], tmp_path / "r.xlsx")
    by_file = {r.path.rsplit("/", 1)[-1]: r.warnings for r in result.files}
    assert f"pilier « {pilier.upper()} » compté avec « {pilier} »" in " ".join(by_file["b.xlsm"])
    assert not any("pilier" in w for w in by_file["a.xlsm"])
