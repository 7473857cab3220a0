"""Only constructs Excel itself writes: no structured reference inside a defined name."""

import shutil
import zipfile

from conftest import WORKBOOK
from lxml import etree

from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.reader import defined_names


def all_defined_names(path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("xl/workbook.xml"))
    return [e.text or "" for e in root.iter("{*}definedName")]


def test_no_defined_name_holds_a_this_row_reference_built_or_refreshed(tmp_path):
    copy = tmp_path / "classeur.xlsm"
    shutil.copy(WORKBOOK, copy)
    refresh_workbook(copy)
    for path in (WORKBOOK, copy):
        names = all_defined_names(path)
        assert names and not [n for n in names if "#This Row" in n or "[@" in n]
        assert "EFH_COMBINAISON" in defined_names(path)
