"""A number found in several files is one action only when the rows say so: local numberings
(« 1, 2, 3… » in each territory and year) are different actions, all counted; a copy of a
workbook is named as such; an empty workbook and one open in Excel are said."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from efh_xl.cli import main
from efh_xl.core.settings import DEFAULT_FUNDERS, Settings
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import _duplicate_reason, consolidate
from efh_xl.workbook.sample import sample_actions


def _territory(name: str, year: int, numbers: list[str], offset: int = 0) -> pd.DataFrame:
    actions = sample_actions(per_territory=10).iloc[offset : offset + len(numbers)].copy()
    actions["Territoire"] = name
    actions["Année"] = year
    actions["N° action"] = numbers
    return actions.reset_index(drop=True)


def _two_lists(tmp_path, second_territory: str):
    """Two workbooks numbering their actions « 1, 2… »: other titles, other porteurs."""
    folder = tmp_path / "region"
    build_workbook(folder / "a.xlsm", actions=_territory("Val de Lys", 2025, ["1", "2", "3"]))
    second = _territory(second_territory, 2025, ["1", "2"], offset=12)
    build_workbook(folder / "b.xlsm", actions=second)
    return consolidate([folder], tmp_path / "region.xlsx")


def test_local_numberings_of_two_territories_are_different_actions_all_counted(tmp_path):
    result = _two_lists(tmp_path, "Deux-Rives")
    assert result.actions == 5  # nothing dropped
    assert result.duplicates == []  # each territory numbers its own actions: nothing to fix


def test_one_territory_giving_a_number_to_two_actions_is_told_to_make_them_distinct(tmp_path):
    result = _two_lists(tmp_path, "Val de Lys")  # another list of the same territory
    assert result.actions == 5
    assert [d.same for d in result.duplicates] == [False, False]
    assert {d.number for d in result.duplicates} == {"1", "2"}
    listed = pd.read_excel(
        tmp_path / "region.xlsx", sheet_name="À corriger", header=3, engine="calamine"
    )
    reasons = listed["Raison"].astype(str)
    assert reasons.str.startswith("même N° pour des actions différentes").sum() == 2


def test_two_territories_funding_one_porteur_under_their_own_number_keep_both_actions(tmp_path):
    # The Mission locale, funded by two contrats de ville that each number « 1, 2… »: the same
    # number, year and porteur, another title and territory. Both were merged into one.
    folder = tmp_path / "region"
    first = _territory("Cambrai", 2025, ["1"])
    second = _territory("Douai", 2025, ["1"], offset=5)
    second["Porteur"] = first.loc[0, "Porteur"]
    second["Action"] = first.loc[0, "Action"]  # even an action of the same title
    build_workbook(folder / "cambrai.xlsm", actions=first)
    build_workbook(folder / "douai.xlsm", actions=second)
    result = consolidate([folder], tmp_path / "region.xlsx")
    assert result.actions == 2 and result.duplicates == []
    assert result.territories == ["Cambrai", "Douai"]


def test_one_number_in_two_years_is_two_actions(tmp_path):
    folder = tmp_path / "region"
    first = _territory("Denain", 2025, ["2026-DEN-005"])
    second = first.copy()
    second["Année"] = 2026  # the same title and porteur, another year's programmation
    build_workbook(folder / "denain_2025.xlsm", actions=first)
    build_workbook(folder / "denain_2026.xlsm", actions=second)
    result = consolidate([folder], tmp_path / "region.xlsx")
    assert result.actions == 2
    assert result.years == ["2025", "2026"]
    # Nothing to fix: one file a year, a territory numbering « 1, 2, 3… » gives each number
    # again the next year, as the import and one workbook holding both years read it.
    assert result.duplicates == []


def test_a_territory_s_numbers_given_again_each_year_ask_nothing(tmp_path):
    folder = tmp_path / "region"
    for year, offset in ((2024, 0), (2025, 5), (2026, 10)):
        actions = _territory("Denain", year, ["1", "2", "3"], offset=offset)
        build_workbook(folder / f"denain_{year}.xlsm", actions=actions)
    result = consolidate([folder], tmp_path / "region.xlsx")
    assert result.actions == 9 and result.duplicates == []


def test_a_reworded_title_is_still_the_same_action(tmp_path):
    folder = tmp_path / "region"
    first = _territory("Denain", 2026, ["D-1", "D-2"])
    second = first.copy()
    second["Action"] = second["Action"] + " (intitulé revu)"  # the porteur is the same
    build_workbook(folder / "a.xlsm", actions=first)
    build_workbook(folder / "b.xlsm", actions=second)
    result = consolidate([folder], tmp_path / "region.xlsx")
    assert result.actions == 2
    assert [d.same for d in result.duplicates] == [True, True]


def test_a_copy_of_a_workbook_is_named_once_and_counted_once(tmp_path, capsys):
    folder = tmp_path / "region"
    original = build_workbook(
        folder / "Grille Denain 2026.xlsm", actions=_territory("Denain", 2026, ["1", "2", "3"])
    )
    shutil.copy(original, folder / "Copie de Grille Denain 2026.xlsm")
    output = tmp_path / "region.xlsx"
    assert main(["consolidate", str(folder), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    # Read first (by name), the copy's rows are counted; the other file is told so.
    assert (
        "attention : " + str(folder / "Grille Denain 2026.xlsm") + " : ses 3 actions sont "
        "toutes aussi dans Copie de Grille Denain 2026.xlsm, où elles sont comptées : si l'un "
        "des deux classeurs est une copie de l'autre, retirez-la de la consolidation"
    ) in out
    assert "3 actions de 1 territoire" in out
    assert "et 3 N° présents dans plusieurs fichiers." in out
    files = pd.read_excel(output, sheet_name="Fichiers", header=3, engine="calamine")
    assert files.astype(str).apply(lambda c: c.str.contains("si l'un des deux")).any().any()


def test_an_empty_workbook_and_one_open_in_excel_are_said(tmp_path, capsys):
    folder = tmp_path / "region"
    build_workbook(folder / "vide.xlsm", actions=_territory("Lens", 2025, []))
    build_workbook(folder / "denain.xlsm", actions=_territory("Denain", 2025, ["1", "2"]))
    (folder / "~$denain.xlsm").write_bytes(b"\0" * 165)  # Excel's owner file
    output = tmp_path / "region.xlsx"
    assert main(["consolidate", str(folder), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert f"attention : {folder / 'vide.xlsm'} : aucune action dans son tableau Actions" in out
    assert (
        f"attention : {folder / 'denain.xlsm'} : ouvert dans Excel : ce sont ses données "
        "enregistrées qui sont lues"
    ) in out
    # Named by a pattern, as the guide's « 2025/*.xlsm »: the owner file is no input either.
    output.unlink()
    assert main(["consolidate", str(folder / "*.xlsm"), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert "~$" not in out and "2 fichiers lus, 0 ignoré" in out, out


def test_a_copy_that_disagrees_is_said_so_before_one_is_taken_out(tmp_path):
    folder = tmp_path / "region"
    first = _territory("Denain", 2025, ["PRJ-1", "PRJ-2"])
    second = first.copy()
    second.loc[0, "Montant accordé"] = 50000  # the other file's figure for PRJ-1
    for q in ("Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"):
        second.loc[0, q] = "NON"
    build_workbook(folder / "a.xlsm", actions=first)
    build_workbook(folder / "b.xlsm", actions=second)
    result = consolidate([folder], tmp_path / "region.xlsx")
    [warning] = [w for r in result.files for w in r.warnings if "copie" in w]
    assert "mais 1 action (N° PRJ-1) y a un autre marqueur ou un autre montant accordé" in warning
    assert "vérifiez lequel des deux classeurs est à jour" in warning


def test_a_plain_copy_is_said_without_a_difference(tmp_path):
    folder = tmp_path / "region"
    first = _territory("Denain", 2025, ["PRJ-1", "PRJ-2"])
    build_workbook(folder / "a.xlsm", actions=first)
    build_workbook(folder / "b.xlsm", actions=first)
    result = consolidate([folder], tmp_path / "region.xlsx")
    [warning] = [w for r in result.files for w in r.warnings if "copie" in w]
    assert "mais" not in warning


def test_a_territory_giving_one_number_to_two_actions_is_named_whatever_the_files_order(tmp_path):
    # Denain's n°1 read first: Maubeuge's two n°1 (two files, two actions) were compared with
    # Denain's only, and nothing was named.
    folder = tmp_path / "region"
    build_workbook(folder / "a.xlsm", actions=_territory("Denain", 2025, ["1"]))
    build_workbook(folder / "b.xlsm", actions=_territory("Maubeuge", 2025, ["1"], offset=3))
    build_workbook(folder / "c.xlsm", actions=_territory("Maubeuge", 2025, ["1"], offset=7))
    result = consolidate([folder], tmp_path / "region.xlsx")
    assert result.actions == 3
    [duplicate] = result.duplicates
    assert not duplicate.same and duplicate.file == "b.xlsm"
    assert [o.split(" (")[0] for o in duplicate.others] == ["c.xlsm"]


def test_a_row_without_territory_is_still_compared_with_each_territory_s_rows(tmp_path):
    # Numbers given once per territory are passed over without a comparison: a row whose
    # territory is blank must still meet them (the same year, title and porteur: one action).
    folder = tmp_path / "region"
    build_workbook(folder / "a.xlsm", actions=_territory("Denain", 2025, ["1", "2"]))
    build_workbook(folder / "b.xlsm", actions=_territory("Maubeuge", 2025, ["1"], offset=3))
    blank = _territory("", 2025, ["2"], offset=1)  # Denain's n°2, its territory not typed
    blank["Territoire"] = None
    build_workbook(folder / "c.xlsm", actions=blank)
    result = consolidate([folder], tmp_path / "region.xlsx")
    assert result.actions == 3
    [duplicate] = result.duplicates
    assert duplicate.same and duplicate.number == "2" and duplicate.file == "a.xlsm"


def test_short_names_that_clash_are_said_in_the_files_that_give_them(tmp_path):
    # Two territories given one short name had tabs « Synthèse – V » and « … V (2) », and a
    # territory given two short names by two files took the first, without a word.
    folder = tmp_path / "region"
    for name, territory, short in (
        ("a.xlsm", "Contrat de ville de Denain", "Valenciennois"),
        ("b.xlsm", "Contrat de ville de Maubeuge", "Valenciennois"),
        ("c.xlsm", "Contrat de ville de Denain", "Denain"),
    ):
        settings = Settings(funders=DEFAULT_FUNDERS, short_names=((territory, short),))
        actions = _territory(territory, 2025 if name != "c.xlsm" else 2026, ["1"])
        build_workbook(folder / name, actions=actions, settings=settings)
    result = consolidate([folder], tmp_path / "region.xlsx")
    said = {Path(r.path).name: r.warnings for r in result.files}
    clash = "le nom court « Valenciennois » est donné à 2 territoires"
    assert any(clash in w for w in said["a.xlsm"]) and any(clash in w for w in said["b.xlsm"])
    assert any(
        "lui donne « Valenciennois », gardé pour son onglet" in w for w in said["c.xlsm"]
    ), said["c.xlsm"]


def test_actions_without_territory_or_year_are_said_with_their_lines(tmp_path):
    folder = tmp_path / "region"
    actions = _territory("Denain", 2025, ["1", "2", "3"])
    actions["Territoire"] = actions["Territoire"].astype(object)
    actions.loc[1, "Territoire"] = None
    actions["Année"] = actions["Année"].astype(object)
    actions.loc[[1, 2], "Année"] = None
    build_workbook(folder / "sans.xlsm", actions=actions)
    result = consolidate([folder], tmp_path / "region.xlsx")
    [warning] = [w for w in result.files[0].warnings if "sans territoire" in w]
    assert warning == (
        "1 action sans territoire (ligne 6), comptée à part (« Sans territoire ») ; "
        "2 actions sans année (lignes 6, 7), comptées sous l'année « (non renseignée) » : "
        "complétez la feuille Actions de ce classeur"
    )


def test_an_earlier_version_read_first_is_said_though_its_rows_are_the_ones_counted(tmp_path):
    # a.xlsm, then b.xlsm: the same actions and two imported since. Read first, a's rows were
    # counted and b's set aside; b has more, a had nothing set aside: neither was told.
    folder = tmp_path / "region"
    first = _territory("Denain", 2026, ["1", "2", "3"])
    build_workbook(folder / "a.xlsm", actions=first)
    later = pd.concat([first, _territory("Denain", 2026, ["4", "5"], offset=5)])
    build_workbook(folder / "b.xlsm", actions=later.reset_index(drop=True))
    result = consolidate([folder], tmp_path / "region.xlsx")
    said = {Path(r.path).name: r.warnings for r in result.files}
    assert (
        "ses 3 actions sont toutes aussi dans b.xlsm, qui en a 2 autres ; elles sont comptées "
        "ici : si l'un des deux classeurs est une version plus récente de l'autre, retirez "
        "l'ancienne de la consolidation"
    ) in said["a.xlsm"]
    assert not [w for w in said["b.xlsm"] if "aussi dans" in w]
    assert result.actions == 5


def test_a_number_of_another_year_in_a_file_without_territory_asks_nothing(tmp_path):
    folder = tmp_path / "region"
    build_workbook(folder / "a.xlsm", actions=_territory("Denain", 2025, ["1", "2"]))
    later = _territory("Denain", 2026, ["1", "2"], offset=5)
    later["Territoire"] = None
    build_workbook(folder / "b.xlsm", actions=later)
    result = consolidate([folder], tmp_path / "region.xlsx")
    assert result.actions == 4 and result.duplicates == []


def test_a_copy_with_other_figures_is_named_first_and_flagged(tmp_path):
    # Trial 10: the one copy whose amount differed (an older version counted) looked like the
    # five identical ones in « À corriger », the report and the JSON (« same »: true).
    actions = sample_actions().iloc[:4].reset_index(drop=True)
    build_workbook(tmp_path / "in" / "a_denain.xlsm", actions=actions)
    newer = actions.copy()
    newer.loc[3, "Montant accordé"] = 7500
    build_workbook(tmp_path / "in" / "b_denain_v2.xlsm", actions=newer)
    result = consolidate([tmp_path / "in"], tmp_path / "r.xlsx")
    first = result.duplicates[0]
    assert first.number == actions.loc[3, "N° action"] and first.differs
    assert [d.differs for d in result.duplicates[1:]] == [False] * 3
    reason = _duplicate_reason(first)  # as the « À corriger » sheet gives it
    assert "autre montant accordé, compté une fois avec les chiffres de a_denain.xlsm" in reason
    assert '"differs": true' in result.to_json()


def test_numbers_are_compared_without_spaces_nor_unseen_characters():
    # Trial 11: a zero-width space pasted into « AB-02 » made an action of its own.
    from efh_xl.workbook.consolidation import _number_keys
    from efh_xl.workbook.programmation_import import number_key

    numbers = ["AB\u200b-02", "ab - 02", "AB-02", 12.0, None]
    assert _number_keys(numbers) == ["ab-02", "ab-02", "ab-02", "12", None]
    assert [number_key(n) for n in numbers] == ["ab-02", "ab-02", "ab-02", "12", None]
