"""Actions without a territory get a summary sheet whose tab reads « Synthèse – Sans territoire »
(a label cut at 31 characters read « Synthèse – (territoire non rens »), in a refreshed
workbook and in the regional one; its title and the CLI's summary row use the same words."""

import openpyxl

from efh_xl import consolidate, refresh_workbook
from efh_xl.cli import main
from efh_xl.core.summary import UNKNOWN_TERRITORY
from efh_xl.core.summary_sheets import SUMMARY_PREFIX
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

TAB = SUMMARY_PREFIX + UNKNOWN_TERRITORY


def without_territory(tmp_path, name="classeur.xlsm"):
    actions = sample_actions(per_territory=4)
    actions.loc[:1, "Territoire"] = None
    return build_workbook(tmp_path / name, actions=actions)


def summary_tabs(path):
    return [n for n in openpyxl.load_workbook(path).sheetnames if n.startswith(SUMMARY_PREFIX)]


def test_a_refreshed_workbook_names_the_tab_in_full(tmp_path):
    path = without_territory(tmp_path)
    refresh_workbook(path)
    tabs = summary_tabs(path)
    assert TAB in tabs
    assert not any("(territoire non rens" in tab for tab in tabs)
    sheet = openpyxl.load_workbook(path)[TAB]
    assert sheet["A1"].value == f"Synthèse EFH – {UNKNOWN_TERRITORY}"


def test_the_regional_workbook_names_the_tab_in_full(tmp_path):
    without_territory(tmp_path / "in")
    result = consolidate([tmp_path / "in"], tmp_path / "region.xlsx")
    tabs = summary_tabs(result.output)
    assert TAB in tabs
    assert not any("(territoire non rens" in tab for tab in tabs)
    sheet = openpyxl.load_workbook(result.output)[TAB]
    assert sheet["A1"].value == f"Synthèse EFH – {UNKNOWN_TERRITORY}"


def test_the_summary_command_names_them_as_the_tab(tmp_path, capsys):
    path = without_territory(tmp_path)
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith(UNKNOWN_TERRITORY) for line in out.splitlines()), out
    assert "territoire non renseigné" not in out
