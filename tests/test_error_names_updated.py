"""A workbook whose lookup sheet quotes error cells by their English names (an earlier version)
has it rewritten by its next refresh, so that its formulas quote them as Python does and as a
French Excel shows them (« #VALEUR! »)."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile

from conftest import WORKBOOK

from efh_xl.core.engine import combination_table
from efh_xl.core.grid import DEFAULT_RULE
from efh_xl.workbook.headless_refresh import refresh_workbook
from efh_xl.workbook.lookup_sheet import TABLE_STAMP_SEPARATOR, calculation_stamp, stamp


def _earlier_stamp() -> str:
    """The stamp an earlier version wrote: markers and reasons only."""
    table = combination_table(DEFAULT_RULE)
    shown = [table.shown_marker(i) for i in range(len(table.markers))]
    text = json.dumps([shown, table.reasons], ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return stamp(DEFAULT_RULE) + TABLE_STAMP_SEPARATOR + digest


def _rewritten(source, target, change) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, change(info.filename, old.read(info.filename)))


def _parts_holding(path, text: bytes) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return [n for n in package.namelist() if text in package.read(n)]


def test_english_error_names_are_rewritten_by_the_next_refresh(tmp_path):
    current = calculation_stamp(DEFAULT_RULE).encode()
    earlier = _earlier_stamp().encode()
    assert current != earlier

    def to_earlier(name: str, data: bytes) -> bytes:
        data = data.replace(current, earlier)  # the defined name EFH_REGLE_CALCUL
        for french, english in ((b"#VALEUR!", b"#VALUE!"), (b"#NOM?", b"#NAME?")):
            data = data.replace(french, english)
        return data

    old = tmp_path / "ancien.xlsm"
    _rewritten(WORKBOOK, old, to_earlier)
    assert _parts_holding(old, b"#VALUE!") and not _parts_holding(old, b"#VALEUR!")
    copy = tmp_path / "copie.xlsm"
    shutil.copyfile(old, copy)
    result = refresh_workbook(copy)
    assert result.rule_updated and not result.rule_changed  # the same rule, shown otherwise
    assert _parts_holding(copy, b"#VALEUR!") and _parts_holding(copy, current)
