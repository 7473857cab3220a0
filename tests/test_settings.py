"""The Paramètres sheet drives the summaries: each setting edited in a copy at zip level (as a
user's edit saved by Excel) and the summaries follow; a bad value is named by its cell; an
edited Grille changes the rule's label."""

import re
import zipfile

import openpyxl
import pytest
from conftest import WORKBOOK

from efh_xl import refresh_workbook
from efh_xl.cli import main
from efh_xl.errors import SettingsError
from efh_xl.ooxml.styles import is_percent_format
from efh_xl.ooxml.xml import xml_text
from efh_xl.workbook.reader import _percent_cells, read_workbook


def sheet_part(package: zipfile.ZipFile, name: str) -> str:
    workbook = package.read("xl/workbook.xml").decode()
    rels = package.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet name="{name}" sheetId="\d+" r:id="(rId\d+)"', workbook)[1]
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels)
    target = target or re.search(rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target[1].lstrip("/").removeprefix("xl/")


class Unformatted(float):
    """A number written in a cell without its style (no percentage format)."""


def edit(source, target, sheet: str, cells: dict[str, object]):
    """Copy a workbook, setting existing cells of ``sheet`` (numbers, or text as inline
    strings; an :class:`Unformatted` number loses the cell's style), every other part byte
    for byte."""
    with zipfile.ZipFile(source) as old:
        part = sheet_part(old, sheet)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                data = old.read(info)
                if info.filename == part:
                    text = data.decode("utf-8")
                    for ref, value in cells.items():
                        pattern = re.compile(rf'<c r="{ref}"( s="\d+")?[^>]*?(/>|>.*?</c>)', re.S)
                        assert pattern.search(text), ref

                        def cell(match, ref=ref, value=value):
                            style = match.group(1) or ""
                            if isinstance(value, Unformatted):
                                style, value = "", float(value)
                            if isinstance(value, str):
                                body = f"<is><t>{xml_text(value)}</t></is>"
                                return f'<c r="{ref}"{style} t="inlineStr">{body}</c>'
                            return f'<c r="{ref}"{style}><v>{value}</v></c>'

                        text = pattern.sub(cell, text, count=1)
                    data = text.encode("utf-8")
                new.writestr(info, data)
    return target


def refreshed(tmp_path, sheet="Paramètres", **cells):
    path = edit(WORKBOOK, tmp_path / "copie.xlsm", sheet, cells)
    result = refresh_workbook(path)
    return path, result, openpyxl.load_workbook(path)


def find(sheet, text):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(text)


def right(sheet, cell, k=1):
    return sheet.cell(cell.row, cell.column + k).value


def test_targets_follow_the_sheet(tmp_path):
    _, _, book = refreshed(tmp_path, B3=0.5, B4=0.1)
    for name in [n for n in book.sheetnames if n.startswith("Synthèse")]:
        sheet = book[name]
        assert right(sheet, find(sheet, "Actions au marqueur 1 ou 2"), 2) == 0.5
        assert right(sheet, find(sheet, "Actions au marqueur 2"), 2) == 0.1


def test_eige_weights_follow_the_sheet(tmp_path):
    path, _, book = refreshed(tmp_path, B5="50 %", B6=0.2, B7=0.1)
    sheet = book["Synthèse – Ensemble"]
    assert "EIGE : M2 50 % ; M1 20 % ; M0 10 %" in str(find_prefix(sheet, "Euros accordés"))
    # independent: granted euros by marker from the cached Marqueur of complete rows
    summary_rows = {sheet.cell(r, 1).value: r for r in range(5, 11)}
    euros = {m: sheet.cell(summary_rows[f"Marqueur {m}"], 5).value for m in (0, 1, 2)}
    weighted = euros[2] * 0.5 + euros[1] * 0.2 + euros[0] * 0.1
    label = find(sheet, "Euros accordés aux actions marquées")
    row = [c for c in sheet[label.row]]
    assert row[2].value == pytest.approx(weighted)
    assert row[1].value == pytest.approx(weighted / sum(euros.values()))


def find_prefix(sheet, prefix):
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(prefix):
                return cell.value
    raise AssertionError(prefix)


def test_the_rule_name_typed_in_the_sheet_is_shown(tmp_path):
    _, _, book = refreshed(tmp_path, B8="Règle du comité 2026")
    assert "règle : Règle du comité 2026." in find_prefix(book["Synthèse – Ensemble"], "Générée")


def test_short_names_name_the_tabs(tmp_path):
    _, result, book = refreshed(tmp_path, B12="VdL")
    assert "Synthèse – VdL" in result.sheets
    assert book["Synthèse – VdL"]["A1"].value == "Synthèse EFH – Val-de-Lys Métropole"
    assert {"Synthèse – Deux-Rives", "Synthèse – Hautecombe"} <= set(result.sheets)


def test_a_short_name_taken_from_another_territory_leaves_it_its_tab(tmp_path):
    # Deux-Rives given Val-de-Lys' short name took the plain tab, and the warning told the
    # user to change the short name of Val-de-Lys Métropole, which was right.
    _, result, book = refreshed(tmp_path, B13="Val-de-Lys")
    assert book["Synthèse – Val-de-Lys"]["A1"].value == "Synthèse EFH – Val-de-Lys Métropole"
    deux_rives = "Synthèse EFH – Communauté urbaine des Deux-Rives"
    assert book["Synthèse – Val-de-Lys (2)"]["A1"].value == deux_rives
    [said] = [w for w in result.warnings if "nom court" in w]
    assert said.startswith(
        "le nom court « Val-de-Lys » donné à « Communauté urbaine des Deux-Rives » (feuille "
        "Paramètres) est déjà celui de « Val-de-Lys Métropole »"
    )
    assert said.endswith(
        "donnez à « Communauté urbaine des Deux-Rives » un autre nom court, qui lui soit propre."
    )


def test_piliers_follow_the_order_of_the_sheet(tmp_path):
    first, second = "Cadre de vie et renouvellement urbain", "Cohésion sociale"
    path, _, book = refreshed(tmp_path, D12=first, D13=second)
    sheet = book["Synthèse – Ensemble"]
    header = find(sheet, "Pilier")
    assert sheet.cell(header.row + 1, 1).value == first
    assert sheet.cell(header.row + 2, 1).value == second
    assert read_workbook(path).settings.piliers[:2] == (first, second)


@pytest.mark.parametrize(
    ("cell", "value", "words"),
    [
        ("B3", "beaucoup", "« beaucoup » n'est pas un pourcentage"),
        ("B6", 1.5, "150 % n'est pas entre 0 % et 100 %"),  # 150 % typed in Excel
        ("B6", 85, "8500 % n'est pas entre 0 % et 100 %"),  # what the % cell shows
        ("B6", Unformatted(150), "150 % n'est pas entre 0 % et 100 %"),
        ("B4", "120 %", "120 % n'est pas entre 0 % et 100 %"),
        ("B5", -0.1, "-10 % n'est pas entre 0 % et 100 %"),
    ],
)
def test_a_bad_value_is_named_by_its_cell(tmp_path, capsys, cell, value, words):
    path = edit(WORKBOOK, tmp_path / "faux.xlsm", "Paramètres", {cell: value})
    before = path.read_bytes()
    with pytest.raises(SettingsError, match=f"cellule {cell} : {re.escape(words)}"):
        refresh_workbook(path)
    assert path.read_bytes() == before
    assert main(["refresh", str(path)]) == 4  # input unreadable
    assert f"Paramètres, cellule {cell}" in capsys.readouterr().err  # failures on stderr


def test_every_bad_value_is_named_at_once(tmp_path, capsys):
    cells = {"B3": 1.5, "B4": "vingt", "B6": -0.1}
    path = edit(WORKBOOK, tmp_path / "faux.xlsm", "Paramètres", cells)
    assert main(["refresh", str(path)]) == 4
    err = capsys.readouterr().err
    assert (
        "Feuille Paramètres, cellule B3 : 150 % n'est pas entre 0 % et 100 % ; cellule B4 : "
        "« vingt » n'est pas un pourcentage (attendu par exemple 85 %) ; cellule B6 : -10 % "
        "n'est pas entre 0 % et 100 %. Corrigez ces cellules (ou videz-les pour reprendre la "
        "valeur par défaut), puis relancez."
    ) in err


@pytest.mark.parametrize(
    "value", [Unformatted(85), 0.85, "85", "85 %", "85%", "0,85", "0.85", Unformatted(0.85)]
)
def test_a_share_typed_as_a_number_of_percent_or_a_fraction_means_the_same(tmp_path, value):
    """85 means 85 % in a cell that is not formatted as a percentage, or as text; in a cell
    formatted as one (as built), the number is read as the cell shows it."""
    cells = {"B3": value, "B5": Unformatted(40)}
    path = edit(WORKBOOK, tmp_path / "cible.xlsm", "Paramètres", cells)
    settings = read_workbook(path).settings
    assert settings.target_1_or_2 == pytest.approx(0.85)
    assert settings.eige_weights[2] == pytest.approx(0.40)  # 40 typed for 40 %


def test_the_share_cells_are_formatted_and_validated_as_percentages():
    """As built, each share cell shows a percentage (so 1.5 is « 150 % », refused above), and
    Excel refuses a value outside 0 %–100 % as it is typed (a data validation)."""
    shares = {"B3", "B4", "B5", "B6", "B7"}
    assert _percent_cells(WORKBOOK, "Paramètres", shares | {"A3", "B8"}) == shares
    with zipfile.ZipFile(WORKBOOK) as package:
        xml = package.read(sheet_part(package, "Paramètres")).decode()
    validations = re.findall(r"<dataValidation [^>]*>.*?</dataValidation>", xml, re.S)
    # "between" is the default operator: Excel and XlsxWriter leave it out.
    share = [v for v in validations if 'type="decimal"' in v and "operator=" not in v]
    assert {re.search(r'sqref="([^"]+)"', v)[1] for v in share} == shares
    for validation in share:
        assert "<formula1>0</formula1>" in validation and "<formula2>1</formula2>" in validation


@pytest.mark.parametrize(
    ("code", "percent"),
    [("0%", True), ("0.0 %", True), ("[Red]0.00%", True), ('0" %"', False), ("0\\%", False),
     ("#,##0", False), ("General", False)],
)
def test_a_percentage_format_is_told_by_its_code(code, percent):
    assert is_percent_format(code) is percent


def test_an_edited_grille_changes_the_rule_label(tmp_path):
    reference = read_workbook(WORKBOOK).rule_name
    assert reference == read_workbook(WORKBOOK).rule.name
    # third hatched box: Q3 instead of Q2a (row 27: hatched set; D = Q2a, F = Q3)
    path, _, book = refreshed(tmp_path, sheet="Grille", D27="", F27="OUI")
    stamp = find_prefix(book["Synthèse – Ensemble"], "Générée")
    assert "règle : Valenciennes Métropole / Egaé (modifiée)." in stamp
    assert reference not in stamp
