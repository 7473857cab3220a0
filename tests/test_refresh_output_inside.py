"""`refresh DOSSIER --output DOSSIER/copies`, run twice: the copies the first run wrote are
not inputs of the second (they nested, copies/copies/…, and a consolidation of the folder then
counted the copies rather than the workbooks people edit)."""

from __future__ import annotations

from efh_xl.cli import main
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.headless_refresh import OUTPUT_COPY_SKIPPED, refresh
from efh_xl.workbook.sample import sample_actions


def test_the_copies_of_an_earlier_run_are_left_aside_and_never_nest(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    build_workbook(tmp_path / "2025" / "denain.xlsm", actions=sample_actions(per_territory=3))
    assert main(["refresh", ".", "--output", "copies rafraîchies"]) == 0
    capsys.readouterr()
    results = refresh(["."], output_dir="copies rafraîchies", force=True)
    outcomes = sorted((r.path, r.outcome) for r in results)
    assert outcomes == [
        ("2025/denain.xlsm", "ok"),
        ("copies rafraîchies/denain.xlsm", "skipped"),  # below the inputs common folder
    ]
    skipped = next(r for r in results if r.outcome == "skipped")
    assert skipped.warnings == [OUTPUT_COPY_SKIPPED]
    assert results.exit_code == 0
    assert not (tmp_path / "copies rafraîchies" / "copies rafraîchies").exists()
    # The same folder named another way (absolute) is the same folder.
    again = refresh([tmp_path], output_dir=tmp_path / "copies rafraîchies", force=True)
    assert sorted(r.outcome for r in again) == ["ok", "skipped"]


def test_a_failure_count_leaves_out_the_workbooks_left_aside(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    build_workbook(tmp_path / "a.xlsm", actions=sample_actions(per_territory=2))
    assert main(["refresh", ".", "--output", "copies"]) == 0
    (tmp_path / "b.xlsm").write_bytes(b"x")  # not a workbook: an error
    assert main(["refresh", ".", "--output", "copies", "--force"]) == 4
    out, err = capsys.readouterr()
    assert "IGNORÉ  copies/a.xlsm" in out
    assert "1 classeur sur 2 en erreur :" in err  # a.xlsm and b.xlsm; the copy is no part


def test_a_consolidation_of_the_folder_counts_each_action_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    build_workbook(tmp_path / "a.xlsm", actions=sample_actions(per_territory=2))
    for _ in range(2):
        refresh(["."], output_dir="copies", force=True)
    result = consolidate(["."], tmp_path / "region.xlsx")
    assert result.actions == 6
    assert len(result.read) == 2  # the workbook and its one copy, not a copy of the copy


def test_the_copy_left_aside_promises_nothing_of_its_original(tmp_path, monkeypatch, capsys):
    # Run twice without --force, the IGNORÉ lines said « l'original est rafraîchi à sa
    # place » while both originals then failed, their copies being there already.
    monkeypatch.chdir(tmp_path)
    for name in ("a.xlsm", "b.xlsm"):
        build_workbook(tmp_path / "scratch" / name, actions=sample_actions(per_territory=2))
    assert main(["refresh", "scratch", "-o", "scratch/out"]) == 0
    capsys.readouterr()
    assert main(["refresh", "scratch", "-o", "scratch/out"]) == 5  # the copies exist
    out, err = capsys.readouterr()
    for name in ("a.xlsm", "b.xlsm"):
        assert (
            f"IGNORÉ  scratch/out/{name}\n        Attention : dans le dossier de sortie (--output) "
            "de cette commande : laissé de côté (ce dossier reçoit les copies qu'elle écrit ; il "
            "n'est pas relu)\n"
        ) in out
        assert f"ERREUR  scratch/{name} : scratch/out/{name} existe déjà" in err
    assert "à sa place" not in out + err
    assert "2 classeurs sur 2 en erreur :" in err
