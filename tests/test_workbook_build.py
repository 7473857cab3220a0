"""The committed workbook is a build product: equal to a fresh build, VBA from the sources."""

import re
import zipfile

from conftest import QIDS, WORKBOOK, schema_errors
from oletools.olevba import VBA_Parser

import efh_xl.workbook.formulas as fx
from efh_xl.core.programmation import table_columns
from efh_xl.core.settings import DEFAULT_FUNDERS
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.layout import BUTTON_CAPTION, MACRO
from efh_xl.workbook.vba_project import module_sources

VOLATILE_PARTS = {"docProps/core.xml"}  # timestamps only


def parts(path):
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_a_fresh_build_equals_the_committed_workbook_part_by_part(tmp_path):
    fresh = parts(build_workbook(tmp_path / "efh_grille.xlsm"))
    committed = parts(WORKBOOK)
    assert sorted(fresh) == sorted(committed)
    differ = [n for n in fresh if n not in VOLATILE_PARTS and fresh[n] != committed[n]]
    assert differ == [], "rebuild the workbook: make build (then commit it)"


def test_vba_modules_read_back_equal_the_sources():
    parser = VBA_Parser(str(WORKBOOK))
    modules = {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    for name, source in module_sources().items():
        expected = [line for line in source.splitlines() if not line.startswith("Attribute ")]
        got = [line for line in modules[name].splitlines() if not line.startswith("Attribute ")]
        assert got == expected, name
    assert "Sub GenererSyntheses()" in modules["EFH"]


def test_the_button_is_bound_to_the_macro():
    vml = [v.decode() for n, v in parts(WORKBOOK).items() if n.endswith(".vml")]
    buttons = [v for v in vml if "FmlaMacro" in v]
    assert buttons and f"!{MACRO}</x:FmlaMacro>" in buttons[0]
    assert BUTTON_CAPTION in buttons[0]


def test_the_actions_table_has_the_columns_in_order_and_calculated_columns():
    table = parts(WORKBOOK)["xl/tables/table1.xml"].decode()
    names = re.findall(r'<tableColumn id="\d+" name="([^"]+)"', table)
    assert tuple(names) == table_columns(DEFAULT_FUNDERS)
    assert names[8:14] == list(QIDS)
    assert names[-3:] == ["Marqueur", "Code Dauphin", "Motif"]
    assert table.count("<calculatedColumnFormula>") == 3


def test_native_formulas_stay_within_excel_2016_and_libreoffice():
    names = fx.named_formulas()
    for formula in (fx.marker_formula(), fx.reason_formula(), *names.values()):
        assert len(formula) < 2000
        assert "[@" not in formula
        for newer in ("LET(", "XLOOKUP(", "TEXTJOIN(", "FILTER(", "LAMBDA("):
            assert newer not in formula
    assert all(fx.row_ref(q) in names[fx.text_name(q)] for q in QIDS)
    assert not any("#This Row" in formula for formula in names.values())
    workbook_xml = parts(WORKBOOK)["xl/workbook.xml"].decode()
    for name in names:
        assert f'name="{name}"' in workbook_xml


def test_xlwings_conf_names_the_udf_module():
    book = parts(WORKBOOK)
    workbook_xml = book["xl/workbook.xml"].decode()
    assert 'name="xlwings.conf"' in workbook_xml
    assert "efh_xl.excel.udfs" in book["xl/sharedStrings.xml"].decode()


def test_udf_build_calls_the_python_functions(tmp_path):
    table = parts(build_workbook(tmp_path / "udf.xlsm", udf=True))["xl/tables/table1.xml"]
    assert b"EFH_MARQUEUR(" in table and b"EFH_MOTIF(" in table and b"EFH_ENSEMBLES" in table


def test_the_workbook_is_valid_for_excel_by_the_open_xml_sdk_rules(tmp_path):
    assert schema_errors(WORKBOOK) == []
    assert schema_errors(build_workbook(tmp_path / "udf.xlsm", udf=True)) == []
