"""What the refresh line says about the formulas: « règle de la Grille appliquée » only when the
rule changed (box sets edited since the formulas were computed); a workbook of an older version,
its Grille untouched, gets « formules mises à jour pour cette version » (its formulas' lookup
values are this version's), and a workbook up to date neither."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import pytest
from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE
from efh_xl.workbook.lookup_sheet import calculation_stamp, stamp

RULE_APPLIED = "règle de la Grille appliquée aux formules"
VERSION_ONLY = "formules mises à jour pour cette version d'efh_xl (règle inchangée)"


def _stamped(source, target, text: str) -> None:
    """A copy of ``source`` whose EFH_REGLE_CALCUL holds ``text``, as another version or
    another rule left it (the package edited as a zip, every other part kept)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                xml, count = re.subn(
                    r'(<definedName name="EFH_REGLE_CALCUL"[^>]*>)[^<]*(<)',
                    lambda m: m[1] + f"&quot;{text}&quot;" + m[2],
                    data.decode("utf-8"),
                )
                assert count == 1
                data = xml.encode("utf-8")
            out.writestr(info, data)


def _refresh_line(path, capsys) -> tuple[str, dict]:
    assert main(["refresh", str(path)]) == 0
    line = capsys.readouterr().out
    assert main(["refresh", str(path), "--json"]) == 0  # then up to date: neither is said
    report = json.loads(capsys.readouterr().out)[0]
    assert not report["rule_updated"] and not report["rule_changed"]
    return line, report


OLDER_VERSIONS = {
    # the same rule, its combinations shown otherwise (the blank marker of « non marqué »)
    "autre-table": stamp(DEFAULT_RULE) + "/motifs:000000000000",
    # the rule's stamp alone, as the version before the table's hash wrote it
    "regle-seule": stamp(DEFAULT_RULE),
    # the box sets as text, as the first versions stamped them
    "ensembles-en-texte": "|".join(",".join(row) for row in DEFAULT_RULE.box_table()),
}


@pytest.mark.parametrize("stored", OLDER_VERSIONS.values(), ids=OLDER_VERSIONS)
def test_an_older_unmodified_workbook_is_not_said_to_have_a_new_rule(tmp_path, capsys, stored):
    book = tmp_path / "ancien.xlsm"
    _stamped(WORKBOOK, book, stored)
    line, _ = _refresh_line(book, capsys)
    assert VERSION_ONLY in line and RULE_APPLIED not in line, line


@pytest.mark.parametrize(
    "stored",
    [
        calculation_stamp(ALTERNATIVE_RULES["hachure_q3"]),
        "|".join(",".join(row) for row in ALTERNATIVE_RULES["hachure_q3"].box_table()),
    ],
    ids=["empreinte", "ensembles-en-texte"],
)
def test_formulas_computed_for_other_box_sets_get_the_grille_rule(tmp_path, capsys, stored):
    book = tmp_path / "grille.xlsm"
    _stamped(WORKBOOK, book, stored)
    line, _ = _refresh_line(book, capsys)
    assert RULE_APPLIED in line and VERSION_ONLY not in line, line


def test_a_workbook_up_to_date_says_nothing_of_its_formulas(tmp_path, capsys):
    book = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, book)
    assert main(["refresh", str(book)]) == 0
    line = capsys.readouterr().out
    assert RULE_APPLIED not in line and "formules mises à jour" not in line, line
