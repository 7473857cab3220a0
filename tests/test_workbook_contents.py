"""What the committed workbook holds for its users: cached values, sample data, drop-downs."""

import re
import zipfile

import pandas as pd
from conftest import WORKBOOK, marker_list

from efh_xl import evaluate
from efh_xl.core.engine import INCOMPLETE, INCONSISTENT, UNRECOGNISED_VALUE
from efh_xl.core.vectorised import assess
from efh_xl.workbook.reader import read_workbook


def sheet_xml(name):
    with zipfile.ZipFile(WORKBOOK) as package:
        workbook = package.read("xl/workbook.xml").decode()
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet name="{name}" sheetId="\d+" r:id="(rId\d+)"', workbook)[1]
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels)
        target = target or re.search(rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
        return package.read("xl/" + target[1].lstrip("/").removeprefix("xl/")).decode()


def test_cached_values_equal_the_engine_for_readers_that_do_not_recalculate():
    actions = read_workbook(WORKBOOK).actions
    expected = evaluate(actions)
    assert marker_list(actions["Marqueur"]) == marker_list(expected["Marqueur"])
    assert None in marker_list(actions["Marqueur"])  # not marked yet: blank, as computed
    assert actions["Motif"].tolist() == expected["Motif"].tolist()


def test_the_sample_covers_every_marker_and_every_reason_category():
    actions = read_workbook(WORKBOOK).actions
    assert actions["Territoire"].nunique() == 3
    assert actions.groupby("Territoire").size().between(35, 45).all()
    result = assess(actions)
    assert set(result.markers) == {0, 1, 2}
    for flag in (INCOMPLETE, INCONSISTENT, UNRECOGNISED_VALUE):
        assert (result.flags & flag).any(), flag
    reasons = pd.Series(result.reasons)
    for text in (
        "cases vert foncé",
        "cases hachurées",
        "pour le marqueur 2, il manque",
        "pour le marqueur 1, il manque",
        "sans objet",
        "requise",
        "non reconnu",
    ):
        assert reasons.str.contains(text, regex=False).any(), text


def test_drop_downs_euros_and_frozen_header():
    xml = sheet_xml("Actions")
    assert '<pane xSplit="4" ySplit="4"' in xml and 'state="frozen"' in xml
    lists = re.findall(r'<dataValidation type="list"[^>]*>.*?</dataValidation>', xml, re.S)
    answers = [d for d in lists if '"OUI,NON"' in d]
    assert len(answers) == 6 and all('allowBlank="1"' in d for d in answers)
    assert any("EFH_TERRITOIRES" in d for d in lists) and any("EFH_PILIERS" in d for d in lists)
    with zipfile.ZipFile(WORKBOOK) as package:
        assert "€" in package.read("xl/styles.xml").decode()
        workbook = package.read("xl/workbook.xml").decode()
    assert re.search(r'name="EFH_TERRITOIRES"[^>]*>OFFSET\(', workbook)
