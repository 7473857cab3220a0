"""A territory named « Ensemble » keeps its own sheet; the overview keeps its title."""

import datetime as dt

import openpyxl

from efh_xl import refresh_workbook
from efh_xl.cli import main
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

NOW = dt.datetime(2026, 11, 28, 9, 30)


def test_a_territory_called_ensemble_does_not_take_the_overview(tmp_path, capsys):
    actions = sample_actions(per_territory=3)
    first = actions.loc[0, "Territoire"]
    actions.loc[actions["Territoire"] == first, "Territoire"] = "Ensemble"
    path = build_workbook(tmp_path / "ensemble.xlsm", actions=actions)
    result = refresh_workbook(path, now=NOW)
    book = openpyxl.load_workbook(path)
    titles = {name: book[name]["A1"].value for name in result.sheets}
    overview = result.sheets[0]
    assert titles[overview] == "Synthèse EFH – tous les territoires"
    own = [n for n in result.sheets[1:] if titles[n] == "Synthèse EFH – Ensemble"]
    assert len(own) == 1 and own[0] != overview
    # The overview lists every territory's actions; the territory's sheet only its own.
    stamp = book[overview]["A2"].value
    assert f"à partir de {len(actions)} actions" in stamp
    assert "à partir de 3 actions" in book[own[0]]["A2"].value
    assert main(["summary", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("Tous les territoires")
    assert sum(line.startswith("Ensemble ") for line in lines) == 1
