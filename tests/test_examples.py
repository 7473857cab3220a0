"""The worked scripts of docs/exemples/ run as a user runs them, on real workbooks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
from conftest import ROOT, WORKBOOK, marker_list

import efh_xl

EXAMPLES = ROOT / "docs" / "exemples"


def run(script: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_nightly_refresh_of_a_shared_folder_writes_a_report(tmp_path):
    shared = tmp_path / "partage"
    for territory in ("hautecombe", "deux-rives/2025"):
        (shared / territory).mkdir(parents=True)
        shutil.copy(WORKBOOK, shared / territory / "efh_grille.xlsm")
    (shared / "abime.xlsm").write_bytes(b"PK pas un classeur")
    efh_xl.consolidate([shared / "hautecombe"], shared / "region.xlsx")  # left aside
    report = tmp_path / "rapports"

    done = run("rafraichir_dossier_partage.py", shared, "--rapport", report)

    assert done.returncode == efh_xl.NotAWorkbookError.exit_code, done.stderr
    assert "[4/4]" in done.stdout and "Traceback" not in done.stderr
    assert "] IGNORÉ " in done.stdout and done.stdout.count("] OK ") == 2
    data = json.loads((report / "rapport-efh.json").read_text(encoding="utf-8"))
    outcomes = {Path(r["path"]).relative_to(shared).as_posix(): r["outcome"] for r in data}
    assert outcomes == {
        "abime.xlsm": "error",
        "deux-rives/2025/efh_grille.xlsm": "ok",
        "hautecombe/efh_grille.xlsm": "ok",
        "region.xlsx": "skipped",
    }
    assert data[0]["error_kind"] == "NotAWorkbookError"
    text = (report / "rapport-efh.txt").read_text(encoding="utf-8")
    assert text.count("OK ") == 2 and "ERREUR" in text and "abime.xlsm" in text
    # The people's report is in French and names each file once, as the CLI does.
    assert f"IGNORÉ  {shared / 'region.xlsx'}" in text
    error = next(line for line in text.splitlines() if line.startswith("ERREUR"))
    assert error.count("abime.xlsm") == 1 and "Error" not in error, error
    # The workbooks were refreshed in place: their summary sheets read back.
    for book in shared.rglob("efh_grille.xlsm"):
        assert efh_xl.refresh_workbook(book, check=True).actions == 120
    # Run again: the same report (the script is safe to schedule every night).
    again = run("rafraichir_dossier_partage.py", shared, "--rapport", report)
    assert again.returncode == done.returncode
    assert json.loads((report / "rapport-efh.json").read_text(encoding="utf-8")) == data


def test_nightly_refresh_of_a_missing_folder_says_so(tmp_path):
    done = run("rafraichir_dossier_partage.py", tmp_path / "absent")
    assert done.returncode == efh_xl.WorkbookNotFoundError.exit_code
    # a path that names nothing is a failed result of the batch, reported like the others
    report = done.stdout + done.stderr
    assert "Dossier ou classeur introuvable" in report and "Traceback" not in report
    # The folder mistyped is not made (its report would have made it look found).
    assert not (tmp_path / "absent").exists()
    assert "1 classeur, 1 en erreur." in done.stdout


def test_markers_into_pandas(tmp_path):
    book = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, book)
    out = tmp_path / "marqueurs.csv"

    done = run("marqueurs_pandas.py", book, "--csv", out)

    assert done.returncode == 0, done.stderr
    actions = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    source = efh_xl.read_workbook(book).actions
    assert len(actions) == len(source) == 120
    expected = efh_xl.evaluate(source)
    assert marker_list(actions["Marqueur"]) == marker_list(expected["Marqueur"])
    assert None in marker_list(actions["Marqueur"])  # an action not marked yet: blank
    assert actions["Motif"].tolist() == expected["Motif"].tolist()
    summary = efh_xl.summarize(source)
    assert int((actions["À corriger"] == "oui").sum()) == summary.overall.to_fix_count
    assert f"120 actions, dont {summary.overall.to_fix_count} à corriger" in done.stdout
    # The counts per territory are the summary sheets': provisional and unmarked actions
    # apart, not at marker 0, and the share M1+M2 over the marked actions.
    lines = done.stdout.splitlines()
    header = "Marqueur 0 Marqueur 1 Marqueur 2 Provisoire Non marqué Part M1+M2"
    assert lines[0].split() == header.split()
    for territory in summary.territories:
        line = next(line for line in lines if line.startswith(territory.name))
        counts = [int(n) for n in line.removeprefix(territory.name).split()[:5]]
        assert counts == territory.by_marker["Actions"].tolist()
        assert line.endswith(f"{territory.share_1_or_2 * 100:.0f} %")  # French: a space
    # Numbers as a French Excel reads them: 2024, not 2024.0.
    text = out.read_text(encoding="utf-8-sig")
    assert "\n2024;" in text and ".0;" not in text
