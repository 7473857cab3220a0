"""Consolidation: the sample territories split into files and years, one workbook built under
another rule, one action in two files, one file that is not a workbook.

The expected figures are counted here with pandas from the frames the test wrote, and the
regional workbook is read back from its cells.
"""

from __future__ import annotations

import json
import re
import zipfile

import pandas as pd
import pytest
from conftest import QIDS, ROOT, WORKBOOK, libreoffice, schema_errors
from lxml import etree

from efh_xl import ALTERNATIVE_RULES, DEFAULT_RULE, evaluate
from efh_xl.cli import main
from efh_xl.errors import NothingToConsolidateError
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.libreoffice import convert
from efh_xl.workbook.sample import TERRITORIES, sample_actions

OTHER = ALTERNATIVE_RULES["cumulatif"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("territoires")
    sample = sample_actions()
    t1, t2, t3 = (sample[sample["Territoire"] == t] for t in TERRITORIES)
    duplicated = t1.iloc[[3]]
    files = {
        "val_de_lys_2024_2025.xlsm": (t1, DEFAULT_RULE),  # one territory, two years
        "deux_rives_2024.xlsm": (t2[t2["Année"] == 2024], DEFAULT_RULE),
        "deux_rives_2025.xlsm": (t2[t2["Année"] == 2025], OTHER),  # another rule
        "hautecombe.xlsm": (pd.concat([t3, duplicated]), DEFAULT_RULE),  # + an action of t1
    }
    (folder / "sous-dossier").mkdir()
    for name, (frame, rule) in files.items():
        target = folder / ("sous-dossier" if "2025" in name and "deux" in name else "") / name
        build_workbook(target, actions=frame.reset_index(drop=True), rule=rule)
    (folder / "notes.xlsx").write_text("pas un classeur", encoding="utf-8")
    return folder, sample, files, duplicated


@pytest.fixture(scope="module")
def region(inputs, tmp_path_factory):
    folder = inputs[0]
    output = tmp_path_factory.mktemp("region") / "region.xlsx"
    seen = []
    result = consolidate([folder], output, progress=lambda d, t, r: seen.append((d, t)))
    return result, output, seen


def test_totals_equal_an_independent_count(inputs, region):
    _, sample, _, _ = inputs
    result, output, seen = region
    expected = pd.concat([sample.reset_index(drop=True), evaluate(sample)], axis=1)
    assert result.actions == len(sample) == 120
    blank = expected[list(QIDS)].map(lambda v: pd.isna(v) or str(v).strip() == "").all(axis=1)
    assert sum(result.markers.values()) == 120
    assert result.markers["non marqué"] == blank.sum() > 0
    assert result.granted == pytest.approx(expected["Montant accordé"].fillna(0).sum())
    assert result.territories == sorted(TERRITORIES)
    assert result.years == ["2024", "2025"]
    assert seen[-1] == (5, 5)
    # The cells of the regional workbook say the same.
    actions = pd.read_excel(output, sheet_name="Actions", header=3, engine="calamine")
    assert len(actions) == 120
    assert actions["Montant accordé"].fillna(0).sum() == pytest.approx(
        expected["Montant accordé"].fillna(0).sum()
    )
    # An action not marked yet has a blank Marqueur, as in the territories' workbooks.
    assert actions["Marqueur"].isna().sum() == blank.sum()
    actions["Marqueur"] = actions["Marqueur"].astype("Int64")
    by_territory = actions.groupby(["Territoire", "Marqueur"], dropna=False).size()
    independent = expected.groupby(["Territoire", "Marqueur"], dropna=False).size()
    pd.testing.assert_series_equal(by_territory, independent, check_names=False)
    euros = actions.groupby("Marqueur", dropna=False)["Montant accordé"].sum()
    pd.testing.assert_series_equal(
        euros,
        expected.groupby("Marqueur", dropna=False)["Montant accordé"].sum(),
        check_names=False,
    )
    share = expected.groupby("Territoire")["Q3"].apply(lambda s: (s == "OUI").mean())
    overview = pd.read_excel(output, sheet_name=result.sheets[0], header=None, engine="calamine")
    assert overview.iloc[0, 0] == "Synthèse EFH – tous les territoires"
    assert share.notna().all()
    assert [s for s in schema_errors(output) if s.startswith("[schema]")] == []


def test_every_action_names_its_file_and_row(inputs, region):
    folder, _, files, _ = inputs
    result, output, _ = region
    actions = pd.read_excel(output, sheet_name="Actions", header=3, engine="calamine")
    sizes = actions.groupby("Fichier").size().to_dict()
    # Files are read in path order: hautecombe.xlsm holds the copy of a Val-de-Lys action
    # that is kept; Val-de-Lys' own row names it as its other source.
    assert sizes["val_de_lys_2024_2025.xlsm"] == 39
    assert sizes["hautecombe.xlsm"] == 41
    assert actions["Ligne"].min() == 5
    assert set(actions["Règle du fichier"]) == {DEFAULT_RULE.name, OTHER.name}


def test_a_duplicated_action_is_counted_once_with_both_sources(inputs, region):
    _, _, _, duplicated = inputs
    result, output, _ = region
    number = duplicated["N° action"].iloc[0]
    assert len(result.duplicates) == 1
    duplicate = result.duplicates[0]
    assert duplicate.number == number
    assert duplicate.kept == "hautecombe.xlsm (ligne 45)"
    assert duplicate.others == ["val_de_lys_2024_2025.xlsm (ligne 8)"]
    actions = pd.read_excel(output, sheet_name="Actions", header=3, engine="calamine")
    row = actions[actions["N° action"] == number]
    assert len(row) == 1 and row["Autres sources"].iloc[0] == duplicate.others[0]
    fix = pd.read_excel(output, sheet_name="À corriger", header=3, engine="calamine")
    assert fix["Raison"].str.contains("plusieurs fichiers").sum() == 1


def test_summary_sheets_count_the_rows_to_fix_and_name_the_sheet_that_lists_them(region):
    # « À corriger » lists every row to fix with its file and row: the summary sheets give
    # their count and name that sheet instead of listing the rows again.
    result, output, _ = region
    fix = pd.read_excel(output, sheet_name="À corriger", header=3, engine="calamine")
    answers = fix[~fix["Raison"].str.contains("plusieurs fichiers")]
    expected = {result.sheets[0]: len(answers)}
    for territory, sheet in zip(result.territories, result.sheets[2:-3], strict=True):
        expected[sheet] = int((answers["Territoire"] == territory).sum())
    assert sum(expected.values()) > len(answers) > 0
    for sheet, count in expected.items():
        cells = pd.read_excel(output, sheet_name=sheet, header=None, engine="calamine")
        first = cells.iloc[:, 0].astype(str).tolist()
        at = first.index(f"Actions à corriger ({count})")
        assert "« À corriger »" in first[at + 1]
        assert "N° action" not in first  # no list


def test_a_workbook_under_another_rule_is_reported_with_both_figures(inputs, region):
    _, _, files, _ = inputs
    result, output, _ = region
    frame = files["deux_rives_2025.xlsm"][0]
    other = [f for f in result.files if f.other_rule]
    assert [f.path.rsplit("/", 1)[-1] for f in other] == ["deux_rives_2025.xlsm"]
    own = evaluate(frame, OTHER)["Marqueur"].value_counts()
    ours = evaluate(frame)["Marqueur"].value_counts()
    # Marker 2 holds no provisional action: its count is the engine's under each rule.
    assert other[0].markers_own["2"] == own.get(2, 0)
    assert other[0].markers["2"] == ours.get(2, 0)
    assert other[0].markers_own != other[0].markers
    assert "autre règle" in other[0].warnings[0]
    listed = pd.read_excel(output, sheet_name="Fichiers", header=3, engine="calamine")
    row = listed[listed["Fichier"].str.endswith("deux_rives_2025.xlsm")].iloc[0]
    assert row["Marqueur 2 (règle du fichier)"] == own.get(2, 0)
    assert row["Marqueur 2 (consolidation)"] == ours.get(2, 0)


def test_files_read_and_skipped_are_reported(region):
    result, output, _ = region
    assert len(result.read) == 4
    [skipped] = result.skipped
    assert skipped.path.endswith("notes.xlsx") and "n'est pas un classeur" in skipped.error
    listed = pd.read_excel(output, sheet_name="Fichiers", header=3, engine="calamine")
    assert listed.set_index("État").loc["ignoré", "Fichier"].endswith("notes.xlsx")


def test_markers_recomputed_under_the_rule_the_consolidation_names(inputs, tmp_path):
    folder, sample, _, _ = inputs
    result = consolidate([folder / "*.xlsm"], tmp_path / "r.xlsx", rule=OTHER)
    assert len(result.read) == 3  # the glob does not descend into the sub-folder
    assert all(f.other_rule for f in result.read)
    frames = [f.markers for f in result.read]
    assert sum(sum(m.values()) for m in frames) == result.actions + 1  # one duplicate


def test_cli_consolidate(inputs, tmp_path, capsys):
    folder = inputs[0]
    output = tmp_path / "region.xlsx"
    # notes.xlsx is no workbook: the regional workbook is written from the others, and the
    # run says it is incomplete by its exit code (that of the file's failure, 4).
    assert main(["consolidate", str(folder), "--output", str(output)]) == 4
    out, err = capsys.readouterr()
    assert "4 fichiers lus, 1 ignoré" in out
    assert "autre règle : " in out and "doublon : N° " in out
    assert f"Classeur régional écrit : {output}" in out
    assert "1 fichier en erreur, ses actions ne sont pas comptées" in err
    # The regional workbook written above is replaced only with --force (test_hostile_inputs).
    code = main(
        ["consolidate", str(folder), "-o", str(output), "--json", "--regle", "cumulatif", "--force"]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 4 and report["actions"] == 120 and report["rule"].startswith("Marqueur 2 cumul")
    assert report["exit_code"] == code
    [failed] = [f for f in report["files"] if f["outcome"] == "error"]
    assert failed["path"].endswith("notes.xlsx") and failed["exit_code"] == 4
    readable = [str(p) for p in sorted(folder.rglob("*.xlsm"))]
    code = main(["consolidate", *readable, "-o", str(output), "--json", "--force"])
    assert code == 0 and json.loads(capsys.readouterr().out)["exit_code"] == 0
    assert main(["consolidate", str(folder / "notes.xlsx"), "-o", str(output), "--force"]) == 4
    assert "Aucun classeur lisible" in capsys.readouterr().err
    with pytest.raises(NothingToConsolidateError):
        consolidate([folder / "absent*.xlsm"], output, force=True)


def test_answers_of_every_question_are_read(region):
    result, output, _ = region
    actions = pd.read_excel(output, sheet_name="Actions", header=3, engine="calamine")
    assert list(actions.columns[10:16]) == list(QIDS)


def test_libreoffice_opens_the_regional_workbook(region, tmp_path):
    libreoffice()
    result, output, _ = region
    again = convert(output, "xlsx", tmp_path / "lo", recalculate=False)
    for sheet in ("Actions", "À corriger", "Fichiers"):
        ours = pd.read_excel(output, sheet_name=sheet, header=3, engine="calamine")
        theirs = pd.read_excel(again, sheet_name=sheet, header=3, engine="calamine")
        pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_numbers_are_matched_across_files_whatever_their_case_and_spaces(tmp_path):
    sample = sample_actions(per_territory=2).reset_index(drop=True)
    first, second = sample.iloc[:3].copy(), sample.iloc[3:6].copy()
    second.iloc[0] = first.iloc[0]  # the same action in both files (see below: its number)
    first["N° action"] = ["PRJ-1", "PRJ-2", "PRJ-2"]  # a number twice in one file: no duplicate
    second["N° action"] = [" prj-1 ", "PRJ-3", "prj  4"]
    build_workbook(tmp_path / "a.xlsm", actions=first.reset_index(drop=True))
    build_workbook(tmp_path / "b.xlsm", actions=second.reset_index(drop=True))
    result = consolidate([tmp_path / "*.xlsm"], tmp_path / "region.xlsx")
    assert [(d.number, d.kept, d.others) for d in result.duplicates] == [
        ("PRJ-1", "a.xlsm (ligne 5)", ["b.xlsm (ligne 5)"])
    ]
    assert result.actions == 5


def test_every_part_type_of_the_regional_workbook_is_in_the_compatibility_document(region):
    _, output, _ = region
    doc = (ROOT / "docs" / "compatibilite-excel.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", doc, re.M))
    with zipfile.ZipFile(output) as package:
        root = etree.fromstring(package.read("[Content_Types].xml"))
    used = {e.get("ContentType") for e in root if e.get("ContentType")}
    assert used <= listed, sorted(used - listed)


SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _shared_strings(output):
    with zipfile.ZipFile(output) as package:
        types = etree.fromstring(package.read("[Content_Types].xml"))
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
        table = (
            package.read("xl/sharedStrings.xml")
            if "xl/sharedStrings.xml" in package.namelist()
            else None
        )
    return {e.get("ContentType") for e in types} & {SST}, "sharedStrings" in rels, table


def test_short_lists_leave_no_empty_shared_string_table(region):
    # Excel writes no shared-string part for a workbook without one: neither do we.
    assert _shared_strings(region[1]) == (set(), False, None)


def test_long_lists_go_to_a_shared_string_table(tmp_path):
    actions = sample_actions(per_territory=340).reset_index(drop=True)  # 1,020 actions
    build_workbook(tmp_path / "grand.xlsm", actions=actions)
    output = tmp_path / "region.xlsx"
    consolidate([tmp_path / "grand.xlsm"], output)
    types, related, table = _shared_strings(output)
    assert types == {SST} and related
    root = etree.fromstring(table)
    assert int(root.get("uniqueCount")) == len(root) > 0
    frame = pd.read_excel(output, sheet_name=None, engine="calamine")
    assert any(len(sheet) >= 1000 for sheet in frame.values())


def test_territory_sheets_take_the_short_names_of_the_territories_workbooks(tmp_path):
    # Paramètres gives each territory a short name for its sheet tab; before, the regional
    # workbook cut the names at 31 characters (« Synthèse – Communauté urbaine d »).
    result = consolidate([WORKBOOK], tmp_path / "region.xlsx")
    territory_sheets = [s for s in result.sheets if s.startswith("Synthèse – ")]
    assert territory_sheets == [
        "Synthèse – Ensemble",
        "Synthèse – Hautecombe",
        "Synthèse – Deux-Rives",
        "Synthèse – Val-de-Lys",
    ]
    titles = pd.read_excel(
        tmp_path / "region.xlsx", sheet_name="Synthèse – Deux-Rives", header=None, nrows=1,
        engine="calamine",
    )
    assert titles.iat[0, 0] == "Synthèse EFH – Communauté urbaine des Deux-Rives"


def test_a_regional_workbook_in_the_territories_folder_is_left_aside(
    inputs, region, tmp_path, capsys
):
    """Written into the territories' folder, the regional workbook is known by its mark (never
    by its name): a refresh of the folder leaves it untouched, the next consolidation does not
    read it back, each saying why."""
    import shutil

    from efh_xl.workbook.headless_refresh import refresh
    from efh_xl.workbook.reader import REGIONAL_NAME, defined_names

    _, output, _ = region
    assert defined_names(output)[REGIONAL_NAME] == '"efh-xl consolidate"'
    folder = tmp_path / "territoires"
    shutil.copytree(inputs[0], folder)
    (folder / "notes.xlsx").unlink()
    kept = folder / "synthese_2025.xlsx"  # any name: the mark tells
    shutil.copy(output, kept)
    before = kept.read_bytes()
    results = refresh([folder], check=True)
    [regional] = [r for r in results if r.path == str(kept)]
    assert regional.outcome == "skipped" and "classeur régional" in regional.warnings[0]
    # No failure: 1 only because --check found actions to fix in the territories.
    assert results.ok and results.exit_code == 1 and kept.read_bytes() == before
    consolidated = consolidate([folder], tmp_path / "region2.xlsx")
    [skipped] = consolidated.skipped
    assert skipped.path == str(kept) and "classeur régional" in skipped.error
    assert skipped.error_kind is None and len(consolidated.read) == 4
    # The CLI says it in the workbook's line, not as an error.
    assert main(["refresh", str(folder), "--check"]) in (0, 1)
    capsys.readouterr()
    # Last month's regional workbook, in the folder read, replaced by this month's: named
    # with its reason, never read, and no failure (the output is a regional workbook).
    assert main(["consolidate", str(folder), "-o", str(folder / "." / kept.name), "--force"]) == 0
    out = capsys.readouterr().out
    assert f"ignoré : {kept} : classeur régional écrit par « efh-xl consolidate »" in out
    assert kept.read_bytes() != before
    # Given alone, it is named with its reason: nothing else to read.
    assert main(["consolidate", str(kept), "-o", str(kept), "--force"]) == 4
    err = capsys.readouterr().err
    assert "Aucun classeur lisible" in err and f"- {kept} : classeur régional" in err


def test_the_probe_for_the_regional_mark_never_fails(tmp_path):
    """The mark is looked for in a file that already failed to read: any damage, even a
    compression method zipfile does not know (found by the fuzz test: a refresh batch then
    ended on an internal error), answers « not regional », and the first failure is reported."""
    from efh_xl.workbook.reader import is_regional_workbook

    path = tmp_path / "abime.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(path.read_bytes())
    for mark, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # the method, in both headers
        place = data.find(mark) + at
        data[place : place + 2] = (1).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(NotImplementedError), zipfile.ZipFile(path) as package:
        package.read("xl/workbook.xml")
    assert not is_regional_workbook(path)
    assert not is_regional_workbook(tmp_path / "absent.xlsx")
    assert main(["refresh", str(path), "--check"]) != 70  # a documented error, not a bug


def test_action_numbers_fold_the_same_whatever_their_place():
    """The keys of action numbers joined and folded at once equal those made one by one,
    a space before the first number or after the last one included."""
    from efh_xl.workbook.consolidation import _number_keys

    numbers = [" PRJ-1", "Prj-2", "PRJ-3 "]
    one_by_one = [" ".join(n.split()).casefold() for n in numbers]
    assert _number_keys(numbers) == one_by_one == ["prj-1", "prj-2", "prj-3"]
    assert _number_keys(["A-1", "a-2"]) == ["a-1", "a-2"]
    assert _number_keys(["A-1", "", "B-2"]) == ["a-1", None, "b-2"]
