"""Headless refresh: summary sheets regenerated in place; nothing the tool does not own moves."""

import json
import re
import shutil
import zipfile

import openpyxl
import pandas as pd
import pytest
from conftest import QIDS, WORKBOOK, libreoffice, schema_errors, spec_marker
from lxml import etree

from efh_xl import refresh, refresh_workbook
from efh_xl.cli import main
from efh_xl.errors import WorkbookOpenError
from efh_xl.workbook.libreoffice import convert

INDEX_PARTS = {
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
}
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
USER_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Mes notes</t></is></c><c r="B1"><v>3</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>b</t></is></c><c r="B2"><v>5</v></c></row>
</sheetData><drawing r:id="rId1"/><legacyDrawing r:id="rId2"/></worksheet>"""
USER_CHART = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart>
<c:plotArea><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/>
<c:order val="0"/><c:val><c:numRef><c:f>'Mes notes'!$B$1:$B$2</c:f></c:numRef></c:val></c:ser>
<c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling/>
<c:axPos val="b"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling/>
<c:axPos val="l"/><c:crossAx val="1"/></c:valAx></c:plotArea></c:chart></c:chartSpace>"""
USER_DRAWING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:oneCellAnchor><xdr:from>
<xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff>
</xdr:from><xdr:ext cx="3000000" cy="2000000"/><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>
<xdr:cNvPr id="2" name="Graphique utilisateur"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>
<xdr:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">
<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>
</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>"""
USER_COMMENTS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors>
<author>Chargée de mission</author></authors><commentList><comment ref="A1" authorId="0">
<text><t>Relire avec la région</t></text></comment></commentList></comments>"""
USER_VML = """<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s9001" type="#_x0000_t202"
 style="position:absolute;visibility:hidden;width:120pt;height:50pt"><x:ClientData ObjectType="Note">
<x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape></xml>"""
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(*items):
    body = "".join(f'<Relationship Id="{i}" Type="{R}/{t}" Target="{g}"/>' for i, t, g in items)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
        f'"http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'
    )


def add_user_content(source, target):
    """What a user adds in Excel: a sheet with a chart and a comment, and a defined name."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(
                    b"</sheets>", b'<sheet name="Mes notes" sheetId="90" r:id="rIdUser1"/></sheets>'
                )
                data = data.replace(
                    b"<definedNames>",
                    b"<definedNames><definedName "
                    b"name=\"MaPlage\">'Mes notes'!$B$1:$B$2</definedName>",
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    (
                        f'<Relationship Id="rIdUser1" Type="{R}/worksheet" '
                        'Target="worksheets/user_notes.xml"/></Relationships>'
                    ).encode(),
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    (
                        f'<Override PartName="/xl/worksheets/user_notes.xml" ContentType="{CT_SHEET}"/>'
                        '<Override PartName="/xl/charts/user_chart.xml" ContentType="application/vnd.'
                        'openxmlformats-officedocument.drawingml.chart+xml"/><Override PartName="/xl/'
                        'drawings/user_drawing.xml" ContentType="application/vnd.openxmlformats-'
                        'officedocument.drawing+xml"/><Override PartName="/xl/user_comments.xml" '
                        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                        'comments+xml"/></Types>'
                    ).encode(),
                )
            out.writestr(item, data)
        out.writestr("xl/worksheets/user_notes.xml", USER_SHEET)
        out.writestr(
            "xl/worksheets/_rels/user_notes.xml.rels",
            rels(
                ("rId1", "drawing", "../drawings/user_drawing.xml"),
                ("rId2", "vmlDrawing", "../drawings/user_vml.vml"),
                ("rId3", "comments", "../user_comments.xml"),
            ),
        )
        out.writestr("xl/drawings/user_drawing.xml", USER_DRAWING)
        out.writestr(
            "xl/drawings/_rels/user_drawing.xml.rels",
            rels(("rId1", "chart", "../charts/user_chart.xml")),
        )
        out.writestr("xl/charts/user_chart.xml", USER_CHART)
        out.writestr("xl/drawings/user_vml.vml", USER_VML)
        out.writestr("xl/user_comments.xml", USER_COMMENTS)


def parts(path):
    with zipfile.ZipFile(path) as package:
        return {n: package.read(n) for n in package.namelist()}


def owned(name):
    return "/efh_" in name or "efh_" in name.rsplit("/", 1)[-1]


@pytest.fixture
def user_workbook(tmp_path):
    path = tmp_path / "territoire.xlsm"
    add_user_content(WORKBOOK, path)
    return path


def test_refresh_keeps_every_part_it_does_not_own(user_workbook):
    before = parts(user_workbook)
    result = refresh_workbook(user_workbook)
    after = parts(user_workbook)
    assert result.ok and len(result.sheets) == 4
    for name, data in before.items():
        if name not in INDEX_PARTS:
            assert after[name] == data, name
    added = set(after) - set(before)
    assert added and all(owned(n) for n in added)
    workbook_xml = after["xl/workbook.xml"].decode()
    assert 'name="Mes notes"' in workbook_xml and 'name="MaPlage"' in workbook_xml
    for name in re.findall(r'definedName name="([^"]+)"', before["xl/workbook.xml"].decode()):
        assert f'name="{name}"' in workbook_xml
    # Refreshing again changes nothing but the summary sheets' generation stamp.
    refresh_workbook(user_workbook)
    again = parts(user_workbook)
    assert {n for n in again if again[n] != after[n]} <= {n for n in again if "efh_summary" in n}


def test_every_part_of_a_refreshed_package_is_well_formed_xml(user_workbook):
    # Excel refuses a package with one malformed part ("we found a problem with some
    # content"), where LibreOffice's parser recovers silently: check with a strict parser.
    refresh_workbook(user_workbook)
    for name, data in parts(user_workbook).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(data)  # raises on the first error


def test_a_refreshed_workbook_is_valid_for_excel_by_the_open_xml_sdk_rules(user_workbook):
    refresh_workbook(user_workbook)
    assert schema_errors(user_workbook) == []


def independent_counts(path):
    """Categories computed here, with pandas and the spec's box sets, not with efh_xl: the
    spec's marker, « non marqué » when no cell holds anything, « provisoire » when an answer
    it needs (Q2b only when Q1 = NON) is blank or not OUI/NON."""
    actions = pd.read_excel(path, sheet_name="Actions", header=3, dtype=object, engine="openpyxl")
    yes = {"OUI", "O", "X", "VRAI", "TRUE", "1"}
    no = {"NON", "N", "FAUX", "FALSE", "0"}

    def text(value):
        return str(value).strip().upper() if pd.notna(value) else ""

    def read(value):
        return "OUI" if text(value) in yes else "NON" if text(value) in no else None

    def category(row):
        answers = {q: read(row[q]) for q in QIDS}
        if all(text(row[q]) == "" for q in QIDS):
            return "Non marqué"
        needed = [q for q in QIDS if q != "Q2b" or answers["Q1"] == "NON"]
        if any(answers[q] is None for q in needed):
            return "Provisoire"
        return f"Marqueur {spec_marker(answers)}"

    actions["m"] = [category(row) for _, row in actions.iterrows()]
    return actions


CATEGORIES = ("Marqueur 0", "Marqueur 1", "Marqueur 2", "Provisoire", "Non marqué")


def test_libreoffice_shows_summary_numbers_equal_to_independent_counts(user_workbook, tmp_path):
    libreoffice()
    refresh_workbook(user_workbook)
    shown = openpyxl.load_workbook(convert(user_workbook, "xlsx", tmp_path / "lo"), data_only=True)
    assert "Mes notes" in shown.sheetnames
    actions = independent_counts(user_workbook)
    assert set(actions["m"]) == set(CATEGORIES)  # the sample has every category
    for territory, group in [("Ensemble", actions), *actions.groupby("Territoire")]:
        # Tabs carry short names: a sheet is known by its title.
        title = "tous les territoires" if territory == "Ensemble" else territory
        sheet = next(
            s
            for s in shown.worksheets
            if s.title.startswith("Synthèse – ") and s["A1"].value == f"Synthèse EFH – {title}"
        )
        values = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(5, 11)}
        for label in CATEGORIES:
            assert values[label] == (group["m"] == label).sum(), (territory, label)
        granted = pd.to_numeric(group["Montant accordé"], errors="coerce").fillna(0)
        assert sheet.cell(11, 5).value == pytest.approx(granted.sum())
        for label in CATEGORIES:  # euros of each category, unmarked ones apart
            row = next(r for r in range(5, 11) if sheet.cell(r, 1).value == label)
            euros = granted[group["m"] == label].sum()
            assert sheet.cell(row, 5).value == pytest.approx(euros), (territory, label)


def test_a_formula_like_title_lands_as_text_in_the_rows_to_fix(tmp_path):
    libreoffice()
    from efh_xl.workbook.build import build_workbook
    from efh_xl.workbook.sample import sample_actions

    actions = sample_actions(per_territory=3)
    title = '=HYPERLINK("http://example.invalid","x")'
    actions.loc[0, ["Action", "Q3", "Q5"]] = [title, None, None]
    path = build_workbook(tmp_path / "injection.xlsm", actions=actions)
    refresh_workbook(path)
    sheet_xml = [v for n, v in parts(path).items() if "efh_summary" in n and n.endswith(".xml")]
    assert any(b"=HYPERLINK(&quot;" in x or b'=HYPERLINK("' in x for x in sheet_xml)
    assert not any(b"<f>HYPERLINK" in x or b"<f>=HYPERLINK" in x for x in sheet_xml)
    shown = openpyxl.load_workbook(convert(path, "xlsx", tmp_path / "lo"))
    cells = [
        c
        for s in shown.worksheets
        if s.title.startswith("Synthèse")
        for row in s.iter_rows()
        for c in row
        if c.value == title
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_an_open_workbook_is_refused_and_others_go_on(user_workbook, tmp_path):
    other = tmp_path / "autre.xlsm"
    shutil.copy(WORKBOOK, other)
    (user_workbook.parent / ("~$" + user_workbook.name)).write_bytes(b"owner")
    with pytest.raises(WorkbookOpenError, match="ouvert dans Excel"):
        refresh_workbook(user_workbook)
    results = refresh([tmp_path])
    assert [r.ok for r in results] == [True, False]


def test_cli_check_output_and_json(tmp_path, capsys):
    copy = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, copy)
    before = copy.read_bytes()
    assert main(["refresh", str(copy), "--check"]) == 1  # the sample has rows to fix
    assert copy.read_bytes() == before
    # The JSON says « À VOIR » as the text does, with the process's exit code (it said « ok »).
    capsys.readouterr()
    assert main(["refresh", str(copy), "--check", "--json"]) == 1
    [checked] = json.loads(capsys.readouterr().out)
    assert checked["outcome"] == "to_check" and checked["exit_code"] == 1
    assert checked["counts"]["problems"] > 0
    assert main(["refresh", str(copy), "--output", str(tmp_path / "out"), "--json"]) == 0
    report = capsys.readouterr().out
    assert '"actions": 120' in report and (tmp_path / "out" / "a.xlsm").exists()
    assert copy.read_bytes() == before
    assert main(["refresh", str(tmp_path / "absent.xlsm")]) == 3  # exit code: nothing there


def _batch_folder(tmp_path):
    """territoires/ with a good workbook, a truncated copy, a text file named .xlsm, a
    read-only workbook and one open in Excel; and the missing file the user also names."""
    folder = tmp_path / "territoires"
    folder.mkdir()
    shutil.copy(WORKBOOK, folder / "a.xlsm")
    (folder / "tronque.xlsm").write_bytes(WORKBOOK.read_bytes()[:20_000])
    (folder / "texte.xlsm").write_text("bonjour\n", encoding="utf-8")
    shutil.copy(WORKBOOK, folder / "lecture.xlsm")
    (folder / "lecture.xlsm").chmod(0o444)
    shutil.copy(WORKBOOK, folder / "ouvert.xlsm")
    (folder / "~$ouvert.xlsm").write_bytes(b"owner")
    return ["tronque", "texte", "lecture", "ouvert", "absent"]


def test_each_line_of_a_batch_names_its_workbook_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    failing = _batch_folder(tmp_path)
    code = main(["refresh", "territoires", "territoires/absent.xlsm"])
    assert code == 5  # the highest of the failures' codes (read-only, open)
    out, err = capsys.readouterr()
    assert "OK      territoires/a.xlsm : 120 actions" in out
    closing = err.split(" en erreur :\n")[1].splitlines()
    assert len(closing) == len(failing)
    for name in failing:
        path = f"territoires/{name}.xlsm"
        lines = [line for line in err.splitlines() if f"{name}.xlsm" in line]
        assert len(lines) == 2, (name, lines)  # its ERREUR line and its closing line
        for line in lines:
            # The lock file of an open workbook (« ~$ouvert.xlsm ») is named too: to delete
            # when it is stale.
            named = re.findall(rf"(?<!~\$){name}\.xlsm", line)
            assert len(named) == 1 and line.count(path) == 1, line
    # The messages themselves are unchanged: the JSON keeps each one whole, as a command on
    # that file alone prints it.
    results = {r.path: r for r in refresh(["territoires", "territoires/absent.xlsm"])}
    for name in failing:
        path = f"territoires/{name}.xlsm"
        assert main(["refresh", path]) == results[path].exit_code
        assert capsys.readouterr().err.strip() == f"ERREUR  {results[path].error_line}"
        assert path in results[path].error_message or name == "ouvert"


def test_a_refresh_in_place_prints_the_path_as_typed(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "territoires").mkdir()
    shutil.copy(WORKBOOK, tmp_path / "territoires" / "a.xlsm")
    (tmp_path / "lien.xlsm").symlink_to(tmp_path / "territoires" / "a.xlsm")
    for argv, shown in [
        (["territoires/a.xlsm"], "territoires/a.xlsm"),
        (["territoires/../territoires/a.xlsm"], "territoires/../territoires/a.xlsm"),
        (["territoires"], "territoires/a.xlsm"),
        (["lien.xlsm"], "lien.xlsm"),
        (["territoires/a.xlsm", "-o", "copies"], "copies/a.xlsm"),
    ]:
        assert main(["refresh", *argv]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"OK      {shown} : 120 actions"), (argv, out)
        assert str(tmp_path) not in out
    assert (tmp_path / "lien.xlsm").is_symlink()  # the link's file was written, not the link
    assert refresh_workbook("lien.xlsm").output == "lien.xlsm"
    assert (tmp_path / "lien.xlsm").is_symlink()


def test_a_refreshed_copy_that_exists_is_replaced_only_with_force(tmp_path, capsys):
    # The copy of a former run may be the one someone went on working in.
    source = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, source)
    out = tmp_path / "copies"
    assert main(["refresh", str(source), "--output", str(out)]) == 0
    copy = out / "a.xlsm"
    before = copy.read_bytes()
    capsys.readouterr()
    assert main(["refresh", str(source), "--output", str(out)]) == 5
    said = capsys.readouterr()
    # The copy takes the workbook's name: another folder is the way out, not another name.
    assert "Choisissez un autre dossier, ou ajoutez --force" in said.out + said.err
    assert copy.read_bytes() == before
    assert main(["refresh", str(source), "--output", str(out), "--force"]) == 0
