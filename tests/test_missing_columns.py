"""A column the summaries count by, deleted or renamed in the Actions table (« Montant
attribué »), is said by the refresh and the summary: every action fell under « Sans
territoire », or every amount to 0 €, and the refresh said « OK »."""

from __future__ import annotations

import zipfile

from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.core.programmation import table_columns, table_warnings
from efh_xl.workbook.headless_refresh import refresh_workbook

RENAMED = "Montant attribué"


def _renamed(tmp_path, old: str, new: str):
    """A copy of the workbook whose table column ``old`` is headed ``new``, as a user renames
    a header cell (the table part, the sheet's header and its shared string)."""
    path = tmp_path / "renomme.xlsm"
    with zipfile.ZipFile(WORKBOOK) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in ("xl/tables/table1.xml", "xl/sharedStrings.xml"):
                data = data.replace(f'"{old}"'.encode(), f'"{new}"'.encode())
                data = data.replace(f">{old}<".encode(), f">{new}<".encode())
            target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_a_renamed_amount_column_is_said_with_its_likely_new_name(tmp_path, capsys):
    book = _renamed(tmp_path, "Montant accordé", RENAMED)
    result = refresh_workbook(book)
    [said] = [w for w in result.warnings if "Montant accordé" in w]
    assert said.startswith("Le tableau Actions n'a pas de colonne « Montant accordé » : les ")
    assert f"({'« ' + RENAMED + ' »'}), renommez-la « Montant accordé »" in said
    assert main(["summary", str(book)]) == 0
    assert "Attention : Le tableau Actions n'a pas de colonne « Montant accordé »" in (
        capsys.readouterr().out
    )


def test_the_table_as_built_has_nothing_to_say():
    assert table_warnings(table_columns(("CAF",)), ("CAF",)) == []


def test_each_missing_column_says_what_the_summaries_then_show():
    columns = [c for c in table_columns() if c not in ("Territoire", "Année")]
    said = table_warnings(columns)
    assert [w.split(" : ")[0] for w in said] == [
        "Le tableau Actions n'a pas de colonne « Territoire »",
        "Le tableau Actions n'a pas de colonne « Année »",
    ]
    assert "« Sans territoire »" in said[0] and "Rétablissez-la sous ce nom" in said[0]
