"""Import of the lists people receive into the Actions table, through files the tests write.

Each list is written here as a real file (CSV in three encodings and three separators, XLSX
with XlsxWriter, ODS by hand), imported into a copy of the committed workbook, and read back
with python-calamine and from the package XML.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
import pytest
import xlsxwriter
from conftest import QIDS, libreoffice, marker_list, schema_errors
from openpyxl.utils import get_column_letter

from efh_xl import evaluate, evaluate_file
from efh_xl.cli import main
from efh_xl.core.programmation import table_columns
from efh_xl.core.settings import DEFAULT_FUNDERS
from efh_xl.errors import ColumnMappingError, InputFileError, WorkbookOpenError
from efh_xl.workbook.programmation_import import import_actions
from efh_xl.workbook.reader import read_workbook

OWNED = {"xl/worksheets/sheet1.xml", "xl/tables/table1.xml"}
TITLE = ["Programmation 2026 du contrat de ville — export de la plateforme"]
HEADER = [
    "N° dossier",
    "Intitulé de l'action",
    "STRUCTURE PORTEUSE",
    "Montant sollicité",
    "montant attribue",
    "Année",
    "Contrat de ville",
    "Pilier",
]


def lines(amounts=("12 000,50 €", "10\u00a0000"), number_style="fr"):
    """A title, a blank line, the header on line 3, then actions (one empty line among them)."""
    if number_style == "fr":
        second = ("1.234,50", "1\u202f000,00 €")
    else:
        second = ("1,234.50", "1000.00")
    return [
        TITLE,
        [],
        HEADER,
        [
            "PRJ-2026-001",
            "Atelier vélo pour toutes",
            "Association Élan",
            *amounts,
            "2026",
            "Val-de-Lys Métropole",
            "Cohésion sociale",
        ],
        [
            "PRJ-2026-002",
            "Café des parents",
            "Centre social Été",
            *second,
            "2026",
            "Val-de-Lys Métropole",
            "Cohésion sociale",
        ],
        [],
        ["PRJ-2026-003", "Atelier", "Régie", "cinq cents", "", "2026", "Val-de-Lys Métropole", ""],
    ]


def write_csv(path, rows, encoding="utf-8", sep=";"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows):
    return write_sheets(path, {"Export": rows})


def write_sheets(path, sheets):
    """A workbook of one sheet per name of ``sheets``, each holding its rows (texts as text)."""
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value not in ("", None):
                    sheet.write_string(r, c, value) if isinstance(value, str) else sheet.write(
                        r, c, value
                    )
    book.close()
    return path


def communes_sheets(**numbers):
    """One list of actions per commune (one tab each), as municipalities send them."""
    header = ["N° action", "Action", "Porteur"]
    return {
        name.replace("_", "-"): [header, *([n, f"Action {n}", "Asso"] for n in listed)]
        for name, listed in numbers.items()
    }


def write_ods(path, rows):
    """A minimal OpenDocument spreadsheet, as LibreOffice would read it."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = []
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, float | int):
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>"
                )
            elif value:
                text = value.replace("&", "&amp;").replace("<", "&lt;")
                cells.append(
                    f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
                    "</table:table-cell>"
                )
            else:
                cells.append("<table:table-cell/>")
        body.append(
            "<table:table-row>" + "".join(cells or ["<table:table-cell/>"]) + "</table:table-row>"
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Liste">'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        package.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def actions(path):
    return read_workbook(path).actions


def row_of(frame, number):
    found = frame[frame["N° action"] == number]
    assert len(found) == 1, number
    return found.iloc[0]


def check_imported(path, before):
    after = actions(path)
    assert len(after) == len(before) + 2
    first, second = row_of(after, "PRJ-2026-001"), row_of(after, "PRJ-2026-002")
    assert first["Montant demandé"] == 12000.5 and first["Montant accordé"] == 10000
    assert second["Montant demandé"] == 1234.5 and second["Montant accordé"] == 1000
    assert first["Porteur"] == "Association Élan" and second["Porteur"] == "Centre social Été"
    assert first["Année"] == 2026 and first["Territoire"] == "Val-de-Lys Métropole"
    assert first["Marqueur"] is None and first["Q1"] is None  # not marked yet: blank, not 0
    pd.testing.assert_frame_equal(after.iloc[: len(before)], before)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_csv_in_each_encoding_and_separator(workbook, tmp_path, encoding, sep):
    before = actions(workbook)
    style = "en" if sep == "\t" else "fr"
    rows = lines(number_style=style)
    if encoding == "cp1252":  # Windows-1252 has no narrow no-break space
        rows = [[c.replace("\u202f", " ") for c in row] for row in rows]
    source = write_csv(tmp_path / "liste.csv", rows, encoding, sep)
    result = import_actions(source, workbook)
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    assert [(r.line, r.number) for r in result.rejected] == [(7, "PRJ-2026-003")]
    assert "Montant accordé" not in result.rejected[0].reason  # blank is not an error
    assert result.empty_lines == 1
    check_imported(workbook, before)


def test_decomposed_accents_and_old_mac_line_ends_are_read_as_typed(workbook, tmp_path):
    # Trial 9: « Métropole » with a combining accent (a Mac, a PDF) was a territory of its
    # own; a CSV whose lines end with CR alone was refused by evaluate (import read it).
    text = (
        "N° action;Territoire;Intitulé;Q1;Q2a;Q2b;Q3;Q4;Q5\r"
        "M-1;Val-de-Lys Me\u0301tropole;The\u0301atre;OUI;NON;;OUI;NON;NON\r"
    )
    source = tmp_path / "liste.csv"
    source.write_bytes(text.encode("utf-8"))
    result = import_actions(source, workbook)
    assert result.added == 1 and not [w for w in result.warnings if "Territoire absent" in w]
    assert row_of(actions(workbook), "M-1")["Territoire"] == "Val-de-Lys Métropole"
    assert evaluate_file(source)["N° action"].tolist() == ["M-1"]


def test_rejected_reasons_name_the_line_and_the_cause(workbook, tmp_path):
    rows = lines()
    rows.append(["PRJ-2026-004", "Sans montant lisible", "X", "douze mille", "", "2026", "", ""])
    rows.append(["", "Sans numéro", "Y", "100", "", "2026", "", ""])
    rows.append(["PRJ-2026-005", "Année fausse", "Z", "100", "", "vingt", "", ""])
    source = write_csv(tmp_path / "liste.csv", rows)
    result = import_actions(source, workbook, dry_run=True)
    reasons = {r.line: r.reason for r in result.rejected}
    assert "douze mille" in reasons[8] and "Montant demandé" in reasons[8]
    assert reasons[9] == "N° d'action manquant"
    assert "année" in reasons[10]


def test_a_rejected_line_names_every_fault_at_once(workbook, tmp_path):
    # One fault a run made the user fix a list three times over for three faults of a line.
    rows = lines()
    rows.append(["PRJ-2026-006", "Trois fautes", "Z", "douze mille", "-50", "vingt", "", ""])
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, dry_run=True)
    [reason] = [r.reason for r in result.rejected if r.number == "PRJ-2026-006"]
    faults = reason.split(" ; ")
    assert len(faults) == 3, reason
    assert faults[0].startswith("Montant demandé : « douze mille »")
    assert faults[1] == "Montant accordé : montant négatif (-50)"
    assert faults[2].startswith("année « vingt » illisible")


def test_xlsx_list_with_amounts_as_numbers_and_text(workbook, tmp_path):
    before = actions(workbook)
    rows = lines(amounts=(12000.5, "10 000,00 €"))
    source = write_xlsx(tmp_path / "liste.xlsx", rows)
    result = import_actions(source, workbook)
    assert (result.added, len(result.rejected)) == (2, 1)
    check_imported(workbook, before)


def test_ods_list(workbook, tmp_path):
    before = actions(workbook)
    source = write_ods(tmp_path / "liste.ods", lines(amounts=(12000.5, 10000)))
    result = import_actions(source, workbook)
    assert (result.added, len(result.rejected)) == (2, 1)
    check_imported(workbook, before)


def test_opendatafrance_fields(workbook, tmp_path):
    rows = [
        [
            "nomAttribuant",
            "nomBeneficiaire",
            "idBeneficiaire",
            "objet",
            "montant",
            "dateConvention",
        ],
        ["Ville", "Association Élan", "12345678900012", "Atelier vélo", "1500.00", "2026-03-14"],
    ]
    source = write_csv(tmp_path / "subventions.csv", rows, sep=",")
    result = import_actions(source, workbook, territory="Val-de-Lys Métropole")
    assert result.added == 1 and not result.unknown_columns
    added = actions(workbook).iloc[-1]
    assert (added["Porteur"], added["Action"], added["Montant accordé"], added["Année"]) == (
        "Association Élan",
        "Atelier vélo",
        1500,
        2026,
    )
    assert added["Territoire"] == "Val-de-Lys Métropole"
    # Matched again on porteur and title: nothing new the second time.
    again = import_actions(source, workbook)
    assert (again.added, again.unchanged) == (0, 1)


def test_unknown_headers_are_named_with_the_way_to_map_them(workbook, tmp_path):
    rows = [
        ["N° action", "Libellé de l'action", "Porteur", "Enveloppe attribuée"],
        ["PRJ-9", "Atelier", "Asso", "2 500"],
    ]
    source = write_csv(tmp_path / "liste.csv", rows)
    result = import_actions(source, workbook, dry_run=True)
    assert result.unknown_columns == ["Enveloppe attribuée"]
    assert '--colonne "Enveloppe attribuée=Montant accordé"' in result.warnings[0]
    import_actions(source, workbook, mapping=["Enveloppe attribuée=Montant accordé"])
    assert actions(workbook).iloc[-1]["Montant accordé"] == 2500
    mapping = tmp_path / "colonnes.toml"
    mapping.write_text('[colonnes]\n"Enveloppe attribuée" = "Montant demandé"\n', encoding="utf-8")
    result = import_actions(source, workbook, mapping_file=mapping)
    assert (result.updated, result.unknown_columns) == (1, [])
    assert actions(workbook).iloc[-1]["Montant demandé"] == 2500
    with pytest.raises(ColumnMappingError, match="Enveloppe attribuée=Montant accordé"):
        import_actions(source, workbook, mapping=["Enveloppe attribuée=Budget"])


def test_the_mapping_hint_names_the_likeliest_column_and_a_duplicate_its_first_header(
    workbook, tmp_path
):
    # « Intitul? » (a list decoded with the wrong encoding) was offered « =Montant accordé »,
    # which would have put titles among the euros; a second title column was said « lue
    # ailleurs » without saying where.
    rows = [
        ["N° action", "Intitulé", "Nom du projet", "Porteur", "Intitul\ufffd"],
        ["PRJ-9", "Atelier", "Atelier vélo", "Asso", "x"],
    ]
    source = write_csv(tmp_path / "liste.csv", rows)
    warnings = import_actions(source, workbook, dry_run=True).warnings
    unknown = next(w for w in warnings if w.startswith("Colonnes non reconnues"))
    assert '--colonne "Intitul\ufffd=Action"' in unknown and "Montant" not in unknown
    assert (
        "Colonne « Nom du projet » ignorée : la colonne « Action » du tableau est déjà remplie "
        "par la colonne « Intitulé » du fichier. Pour lire plutôt « Nom du projet », ajoutez "
        '--colonne "Intitulé=ignorer" --colonne "Nom du projet=Action".'
    ) in warnings
    # The advice works: the second header is read instead of the first.
    import_actions(source, workbook, mapping=["Intitulé=ignorer", "Nom du projet=Action"])
    assert actions(workbook).iloc[-1]["Action"] == "Atelier vélo"
    # A header close to nothing gets a neutral placeholder and the list of columns.
    rows = [["N° action", "Action", "Zorglub"], ["PRJ-10", "Atelier", "z"]]
    source = write_csv(tmp_path / "autre.csv", rows)
    warnings = import_actions(source, workbook, dry_run=True).warnings
    unknown = next(w for w in warnings if w.startswith("Colonnes non reconnues"))
    assert '--colonne "Zorglub=COLONNE"' in unknown
    assert "(COLONNE : Année, Territoire, N° action, Action, Porteur" in unknown


def test_columns_the_workbook_computes_are_neither_filled_nor_called_unknown(workbook, tmp_path):
    # « Code Dauphin » is computed by the workbook from the marker: an export holding it
    # neither overwrites the formula nor is told it is unknown. (« Montant CAF » and
    # « Femmes prévues », columns of the table too, are filled: test_import_funders.)
    rows = [
        ["N° action", "Action", "Montant CAF", "Femmes prévues", "Code Dauphin", "Budget"],
        ["PRJ-9", "Atelier", "1 000", "12", "G1", "3"],
    ]
    source = write_csv(tmp_path / "liste.csv", rows)
    result = import_actions(source, workbook, dry_run=True)
    [unknown] = [w for w in result.warnings if w.startswith("Colonnes non reconnues")]
    assert unknown.startswith("Colonnes non reconnues, ignorées : « Budget ». ")
    assert "Code Dauphin" not in " ".join(result.warnings)


def test_duplicated_numbers_are_all_rejected(workbook, tmp_path):
    rows = [
        ["N° action", "Intitulé", "Porteur", "Montant demandé"],
        ["PRJ-7", "Atelier A", "Asso", "100"],
        ["PRJ-8", "Atelier B", "Asso", "100"],
        ["prj-7 ", "Atelier A bis", "Asso", "200"],
    ]
    source = write_csv(tmp_path / "liste.csv", rows)
    before = actions(workbook)
    result = import_actions(source, workbook)
    assert result.added == 1
    assert sorted((r.line, r.number) for r in result.rejected) == [(2, "PRJ-7"), (4, "prj-7")]
    assert "aussi ligne 4" in result.rejected[0].reason
    after = actions(workbook)
    assert len(after) == len(before) + 1 and "PRJ-7" not in set(after["N° action"])


def test_known_actions_updated_answers_never_touched(workbook, tmp_path):
    before = actions(workbook)
    known = before.iloc[[0, 5, 9]]
    rows = [["N° action", "Intitulé", "Montant accordé", "Q1", "Q3", "Commentaires"]]
    rows.append([known.iloc[0]["N° action"], "Nouveau titre", "99 999", "NON", "NON", "écrasé ?"])
    rows.append([known.iloc[1]["N° action"], known.iloc[1]["Action"], "", "NON", "", ""])
    rows.append([known.iloc[2]["N° action"], known.iloc[2]["Action"], "douze", "", "", ""])
    source = write_csv(tmp_path / "liste.csv", rows)
    result = import_actions(source, workbook)
    assert (result.added, result.updated, result.unchanged, len(result.rejected)) == (0, 1, 1, 1)
    after = actions(workbook)
    kept = [*QIDS, "Commentaires", "Marqueur", "Motif"]
    pd.testing.assert_frame_equal(after[kept], before[kept])
    changed = after.iloc[0]
    assert (changed["Action"], changed["Montant accordé"]) == ("Nouveau titre", 99999)
    # The rejected line (unreadable amount) left its row exactly as it was.
    pd.testing.assert_series_equal(after.iloc[9], before.iloc[9])
    others = [c for c in before.columns if c not in ("Action", "Montant accordé")]
    pd.testing.assert_frame_equal(after[others], before[others])
    # Said, not silent: the two lines whose answers differ from the workbook's.
    (said,) = [w for w in result.warnings if "non repris" in w]
    assert "2 actions" in said and "lignes 2, 3" in said


def test_answers_equal_to_the_workbooks_are_not_called_ignored(workbook, tmp_path):
    known = actions(workbook).iloc[0]
    rows = [["N° action", "Intitulé", *QIDS]]
    rows.append([known["N° action"], known["Action"], *(known[q] or "" for q in QIDS)])
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, dry_run=True)
    assert result.unchanged == 1 and not [w for w in result.warnings if "non repris" in w]


def test_parts_the_import_does_not_own_are_byte_identical(workbook, tmp_path):
    source = write_csv(tmp_path / "liste.csv", lines())
    output = tmp_path / "out.xlsm"
    import_actions(source, workbook, output=output)
    with zipfile.ZipFile(workbook) as old, zipfile.ZipFile(output) as new:
        old_infos = {i.filename: i for i in old.infolist()}
        new_infos = {i.filename: i for i in new.infolist()}
        assert list(old_infos) == list(new_infos)
        for name, info in old_infos.items():
            if name in OWNED:
                continue
            assert new.read(name) == old.read(name), name
            assert (new_infos[name].CRC, new_infos[name].compress_size) == (
                info.CRC,
                info.compress_size,
            ), name
        for name in OWNED:
            assert new.read(name) != old.read(name)
    assert schema_errors(output) == []


def test_new_rows_carry_formulas_validations_and_styles(workbook, tmp_path):
    source = write_csv(tmp_path / "liste.csv", lines())
    import_actions(source, workbook)
    with zipfile.ZipFile(workbook) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
        table = package.read("xl/tables/table1.xml").decode()
    last = 4 + len(actions(workbook))
    end = get_column_letter(len(table_columns(DEFAULT_FUNDERS)))  # funders, people reached
    assert f'ref="A4:{end}{last}"' in table
    assert f'sqref="I5:I{last}"' in sheet and f'sqref="P5:P{last}"' in sheet
    assert f'<dimension ref="A1:{end}{last}"/>' in sheet
    start = sheet.index(f'<row r="{last}"')
    new_row = sheet[start : sheet.index("</row>", start)]
    previous_start = sheet.index(f'<row r="{last - 3}"')
    previous = sheet[previous_start : sheet.index("</row>", previous_start)]
    styles = [part.split('"')[0] for part in new_row.split(' s="')[1:]]
    assert styles == [part.split('"')[0] for part in previous.split(' s="')[1:]]
    marker_formula = previous.split("<f>")[1].split("</f>")[0]
    assert f"<f>{marker_formula}</f>" in new_row
    assert f'<c r="D{last}" s="5" t="inlineStr"><is><t>Café des parents</t></is></c>' in sheet


def test_text_starting_with_equals_is_written_as_text(workbook, tmp_path):
    rows = [["N° action", "Intitulé", "Porteur"], ["PRJ-F", "=1+1", '=HYPERLINK("x")']]
    import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    added = actions(workbook).iloc[-1]
    assert (added["Action"], added["Porteur"]) == ("=1+1", '=HYPERLINK("x")')
    with zipfile.ZipFile(workbook) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>1+1</f>" not in sheet and "<is><t>=1+1</t></is>" in sheet


def test_dry_run_writes_nothing(workbook, tmp_path):
    data = workbook.read_bytes()
    result = import_actions(write_csv(tmp_path / "liste.csv", lines()), workbook, dry_run=True)
    assert result.added == 2 and result.output is None
    assert workbook.read_bytes() == data


@pytest.mark.parametrize("lock", ["~${}", ".~lock.{}#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_refused(workbook, tmp_path, lock):
    (workbook.parent / lock.format(workbook.name)).write_text("x")
    with pytest.raises(WorkbookOpenError):
        import_actions(write_csv(tmp_path / "liste.csv", lines()), workbook)


def test_a_file_without_a_header_row(workbook, tmp_path):
    source = write_csv(tmp_path / "liste.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(InputFileError, match="en-tête"):
        import_actions(source, workbook)


def test_cli_import_report_and_exit_codes(workbook, tmp_path, capsys):
    source = write_csv(tmp_path / "liste.csv", lines())
    code = main(["import", str(source), "--into", str(workbook), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1  # one line rejected
    assert "2 actions ajoutées" in out and "ligne 7 (N° PRJ-2026-003) rejetée" in out
    assert "rien n'a été écrit. Relancez sans --dry-run pour importer ces actions." in out
    rejected = write_csv(tmp_path / "rejetee.csv", [HEADER, lines()[-1]])
    assert main(["import", str(rejected), "--into", str(workbook), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "0 action ajoutée" in out and "rien ne serait importé" in out
    assert "Relancez" not in out
    code = main(["import", str(source), "--into", str(workbook), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["counts"]["added"] == 2 and report["rejected"][0]["line"] == 7
    # The JSON says what the exit code says (it said « ok », 0, while the process exited 1).
    assert report["exit_code"] == 1 and report["outcome"] == "to_check"
    (workbook.parent / f"~${workbook.name}").write_text("x")
    assert main(["import", str(source), "--into", str(workbook)]) == 5  # refused: exit code 5
    assert "ouvert dans Excel" in capsys.readouterr().err


def test_libreoffice_computes_the_new_rows_like_python(workbook, tmp_path):
    libreoffice()
    from efh_xl.workbook.libreoffice import convert

    answers = [
        ("OUI", "OUI", "", "OUI", "OUI", "OUI"),
        ("NON", "OUI", "OUI", "OUI", "NON", "OUI"),
        ("OUI", "NON", "", "OUI", "OUI", "OUI"),
        ("oui ", "peut-être", "", "", "OUI", "x"),
        ("", "", "", "", "", ""),
    ]
    rows = [["N° action", "Intitulé", "Porteur", "Montant demandé", *QIDS]]
    rows += [[f"PRJ-LO-{i}", f"Action {i}", "Asso", "1 000", *a] for i, a in enumerate(answers)]
    import_actions(write_csv(tmp_path / "liste.csv", rows), workbook)
    ours = actions(workbook).tail(len(answers))
    computed = convert(workbook, "xlsx", tmp_path / "lo")
    theirs = read_workbook(computed).actions.tail(len(answers))
    expected = evaluate(pd.DataFrame([list(a) for a in answers], columns=list(QIDS)))
    # The last row, with no answer, is not marked yet: blank in LibreOffice as in Python.
    assert marker_list(theirs["Marqueur"]) == marker_list(expected["Marqueur"])
    assert marker_list(expected["Marqueur"])[-1] is None
    assert list(theirs["Motif"]) == list(expected["Motif"])
    assert marker_list(ours["Marqueur"]) == marker_list(expected["Marqueur"])
    assert list(ours["Motif"]) == list(expected["Motif"])


def test_a_list_in_an_unknown_encoding_is_refused_naming_its_line(workbook, tmp_path):
    """A Mac Roman list (« ç » is a byte Windows-1252 does not define) was imported with « � »
    in its texts, unsaid; it is now refused, named Mac Roman (its first Mac sign: an em dash
    of the header, read « Ñ »), the workbook untouched."""
    before = workbook.read_bytes()
    rows = [[c.replace("\u202f", " ") for c in row] for row in lines()]  # not in Mac Roman
    rows[2][1] = "Garçons et filles"
    source = write_csv(tmp_path / "liste.csv", rows, "mac_roman")
    with pytest.raises(InputFileError, match=r"\(Mac Roman\) : la ligne 1 .*CSV UTF-8"):
        import_actions(source, workbook)
    # A UTF-8 list broken by a byte of another encoding is refused too, not read with « � ».
    broken = tmp_path / "melange.csv"
    text = write_csv(tmp_path / "u.csv", rows).read_bytes()
    broken.write_bytes(b"\xef\xbb\xbf" + text + b"\xe9\n")
    with pytest.raises(InputFileError, match="deux encodages : la ligne 8 n'est pas en UTF-8"):
        import_actions(broken, workbook)
    assert workbook.read_bytes() == before


def test_an_import_through_a_symbolic_link_writes_the_file_and_keeps_the_link(workbook, tmp_path):
    # The link's file is written, as a refresh does (the link was replaced by a file, which
    # left the real workbook without the imported actions).
    before = actions(workbook)
    link = tmp_path / "lien.xlsm"
    link.symlink_to(workbook)
    source = write_csv(tmp_path / "liste.csv", lines())
    result = import_actions(source, link)
    assert result.output == str(link) and link.is_symlink()
    check_imported(workbook, before)


def test_a_quoted_value_over_two_lines_on_the_last_line_is_no_unclosed_quote(workbook, tmp_path):
    rows = [["N° action", "Intitulé", "Porteur"], ["Z-1", "Atelier\nvélo", "Asso"]]
    result = import_actions(write_csv(tmp_path / "liste.csv", rows), workbook, dry_run=True)
    assert (result.added, len(result.rejected)) == (1, 0)


def test_cli_import_names_the_copy_it_writes_and_the_summaries_to_update(
    workbook, tmp_path, capsys
):
    source = write_csv(tmp_path / "liste.csv", lines())
    copy = tmp_path / "copie.xlsm"
    main(["import", str(source), "--into", str(workbook), "-o", str(copy)])
    out = capsys.readouterr().out
    assert f"-> {copy} (copie de {workbook}) : 2 actions ajoutées" in out
    assert f"mettez-les à jour avec efh-xl refresh {copy}" in out
    main(["import", str(source), "--into", str(workbook), "-o", str(workbook)])  # in place
    out = capsys.readouterr().out
    assert f"-> {workbook} : " in out and "copie de" not in out
