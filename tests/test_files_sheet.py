"""The « Fichiers » sheet of a regional workbook shows each reason whole: wrapped in its
column, on a row tall enough for its lines (it was cut at the column's edge), saying why
without repeating the path the « Fichier » column shows."""

from pathlib import Path

import openpyxl
import pytest

from efh_xl import consolidate, errors
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

PATH = Path("/partage/territoires/classeur.xlsm")


def test_a_long_reason_wraps_on_a_taller_row(tmp_path):
    folder = tmp_path / "territoires"
    build_workbook(folder / "a.xlsm", actions=sample_actions(per_territory=2))
    (folder / "abime.xlsm").write_text("pas un classeur\n", encoding="utf-8")
    result = consolidate([folder], tmp_path / "region.xlsx")
    sheet = openpyxl.load_workbook(result.output)["Fichiers"]
    column = [c.value for c in sheet[4]].index("Raison") + 1
    rows = range(5, sheet.max_row + 1)
    row = next(r for r in rows if sheet.cell(r, 1).value.endswith("abime.xlsm"))
    reason = sheet.cell(row, column)
    assert len(reason.value) > 60 and reason.alignment.wrap_text
    assert sheet.row_dimensions[row].height > 15


def test_the_reason_says_why_without_repeating_the_path(tmp_path):
    """The « Fichier » column names the file: the « Raison » beside it says why it was
    skipped, not « /long/path/abime.xlsm n'est pas un classeur… » again."""
    folder = tmp_path / "territoires"
    build_workbook(folder / "a.xlsm", actions=sample_actions(per_territory=2))
    (folder / "abime.xlsm").write_text("pas un classeur\n", encoding="utf-8")
    (folder / "vide.xlsx").write_bytes(_package_without_actions())
    result = consolidate([folder], tmp_path / "region.xlsx")
    sheet = openpyxl.load_workbook(result.output)["Fichiers"]
    header = [c.value for c in sheet[4]]
    rows = {
        Path(row[0]).name: dict(zip(header, row))
        for row in sheet.iter_rows(min_row=5, values_only=True)
    }
    skipped = {name: row["Raison"] for name, row in rows.items() if row["État"] == "ignoré"}
    assert set(skipped) == {"abime.xlsm", "vide.xlsx"}
    for name, reason in skipped.items():
        assert name not in reason and str(folder) not in reason, reason
    assert skipped["abime.xlsm"].startswith("Ce fichier n'est pas un classeur Excel lisible")
    # Someone else's spreadsheet met in the folder: left aside, said why, as a sentence.
    assert skipped["vide.xlsx"].startswith("Classeur sans tableau d'actions")
    # The report of the command still names each file that failed in its message.
    for file in result.skipped:
        if file.outcome == "error":
            assert file.path in file.error_message


def _package_without_actions() -> bytes:
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.add_worksheet("Notes").write_string(0, 0, "rien")
    book.close()
    return out.getvalue()


@pytest.mark.parametrize(
    "error",
    [
        errors.NotAWorkbookError(PATH, "contenu non reconnu"),
        errors.MisnamedWorkbookError(PATH, ".xlsx"),
        errors.DamagedWorkbookError(PATH, "xl/workbook.xml", "est illisible"),
        errors.ActionsTableError(PATH, "aucun tableau « Actions »"),
        errors.RegionalWorkbookError(PATH),
        errors.GridSheetError(PATH, "case B7"),
        errors.GridRuleError(PATH, "aucun ensemble"),
        errors.InputFileError(PATH, "ligne 3 illisible"),
        errors.PermissionDeniedError(PATH),
        errors.ReadDeniedError(PATH),
        errors.WorkbookNotFoundError(PATH),
        errors.FileInUseError(PATH),
        errors.FileAccessError(PATH, "erreur d'entrée-sortie"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_error_about_a_file_has_a_reason_without_its_path(error):
    message, reason = str(error), error.reason
    assert str(PATH) in message and "classeur.xlsm" not in reason
    assert reason[0].isupper() and reason.endswith(".")
    # The same sentence after the path, its subject (« Ce fichier ») in place of the path.
    said = message.split(str(PATH), 1)[1].lstrip(" :")
    assert reason.endswith(said[1:])


def test_an_error_naming_no_file_has_its_message_as_reason():
    error = errors.MissingColumnsError(["Q1"])
    assert error.reason == str(error)
