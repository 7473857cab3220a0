"""`efh-xl build --vide`: a workbook to start one's own programmation, without the 120 actions
and the three territories of the fictional sample; the import fills it."""

from efh_xl.cli import main
from efh_xl.workbook.reader import read_workbook
from efh_xl.workbook.sample import TERRITORIES


def test_build_vide_writes_an_empty_table_and_no_territory(tmp_path, capsys):
    path = tmp_path / "programmation_2026.xlsm"
    assert main(["build", "--vide", str(path)]) == 0
    assert "tableau Actions vide" in capsys.readouterr().out
    data = read_workbook(path)
    assert len(data.actions) == 0
    assert not data.settings.short_names
    assert "Marqueur" in data.actions.columns and "Q5" in data.actions.columns


def test_without_vide_the_sample_is_written_and_said(tmp_path, capsys):
    path = tmp_path / "exemple.xlsm"
    assert main(["build", str(path)]) == 0
    assert "exemple fictif de 120 actions" in capsys.readouterr().out
    data = read_workbook(path)
    assert len(data.actions) == 120
    assert set(data.actions["Territoire"]) == set(TERRITORIES)


def test_an_import_fills_the_empty_workbook(tmp_path):
    path = tmp_path / "programmation_2026.xlsm"
    assert main(["build", "--vide", str(path)]) == 0
    listing = tmp_path / "liste.csv"
    listing.write_text(
        "N° dossier;Intitulé;Structure porteuse;Montant attribué\n"
        "2026-001;Atelier vélo;Roue Libre;12 000,50 €\n",
        encoding="utf-8",
    )
    args = ["import", str(listing), "--into", str(path), "--annee", "2026", "--territoire", "T"]
    assert main(args) == 0
    actions = read_workbook(path).actions
    assert list(actions["N° action"]) == ["2026-001"]
    assert float(actions["Montant accordé"].iloc[0]) == 12000.5


def test_the_empty_row_carries_the_formats_and_shows_no_marker(tmp_path):
    """Typed or imported into the empty table's row, an amount reads « 2 000 € » and a title
    wraps at the top, as in the sample's rows; until then the row shows no marker (not a
    marker 0) and the not-marked motif."""
    import openpyxl
    import python_calamine

    path = tmp_path / "vide.xlsm"
    assert main(["build", "--vide", str(path)]) == 0
    sheet = openpyxl.load_workbook(path, read_only=False)["Actions"]  # read, never saved
    headers = {cell.value: cell.column for cell in sheet[4]}
    amount = sheet.cell(5, headers["Montant accordé"])
    title = sheet.cell(5, headers["Action"])
    assert "€" in amount.number_format
    assert title.alignment.wrap_text and title.alignment.vertical == "top"
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Actions")
    row = dict(zip(rows.to_python()[3], rows.to_python()[4]))
    assert row["Marqueur"] == "" and row["Code Dauphin"] == ""
    assert row["Motif"].startswith("Non marqué")


def test_a_build_is_dated_today_unless_a_reproducible_date_is_asked(tmp_path, monkeypatch):
    # A fixed date in every build told Excel (Fichier › Informations) that a workbook built
    # today was created on 1 January 2026; make build asks the committed workbook's date.
    import datetime as dt
    import zipfile

    def created(path):
        with zipfile.ZipFile(path) as package:
            core = package.read("docProps/core.xml").decode()
        return core.split('<dcterms:created xsi:type="dcterms:W3CDTF">')[1][:10]

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert main(["build", "--vide", str(tmp_path / "a.xlsm")]) == 0
    assert created(tmp_path / "a.xlsm") == today
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["build", "--vide", str(tmp_path / "b.xlsm")]) == 0
    assert created(tmp_path / "b.xlsm") == "2026-01-01"


def test_the_summary_of_an_empty_workbook_says_what_to_do(tmp_path, capsys):
    path = tmp_path / "vide.xlsm"
    assert main(["build", "--vide", str(path)]) == 0
    capsys.readouterr()
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "aucune action" in out and "efh-xl import" in out and "0 actions" not in out
