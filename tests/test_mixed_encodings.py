"""A list in UTF-8 with lines in Windows-1252 is refused, naming its lines, by import and by
evaluate alike; a plain Windows-1252 list and a UTF-8 list (with or without BOM) are read.

Windows-1252 decodes any byte: such a list was read in it as a whole, every UTF-8 « é »
becoming « Ã© » in the workbook, with rc 0. Every list here is written byte for byte.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import WORKBOOK

from efh_xl import evaluate_file, import_actions
from efh_xl.cli import main
from efh_xl.core.list_text import utf8_accent_line
from efh_xl.errors import InputFileError
from efh_xl.workbook.reader import read_workbook

HEADER = "N° dossier;Intitulé;Structure porteuse;Territoire;Année\n"
UTF8_LINE = "PRJ-901;Café des parents;Asso Élan;Val-de-Lys Métropole;2026\n"
CP1252_LINE = "PRJ-902;Théâtre;Asso;Val-de-Lys Métropole;2026\n"
ADVICE = "enregistrez la liste en CSV UTF-8"


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def mixed(tmp_path, header=HEADER):
    """The trial's list: UTF-8, its third line in Windows-1252."""
    data = header.encode() + UTF8_LINE.encode("utf-8") + CP1252_LINE.encode("cp1252")
    assert b"Th\xe9\xe2tre" in data and b"Caf\xc3\xa9" in data
    return write(tmp_path / "melange.csv", data)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_import_refuses_a_utf8_list_with_a_windows_1252_line(workbook, tmp_path, capsys):
    before = workbook.read_bytes()
    source = mixed(tmp_path)
    with pytest.raises(InputFileError) as raised:
        import_actions(source, workbook)
    said = str(raised.value)
    where = "la ligne 3 n'est pas en UTF-8, alors que la ligne 1 l'est"
    assert f"liste en deux encodages : {where}" in said
    assert "« Ã© » pour « é »" in said and ADVICE in said
    assert workbook.read_bytes() == before
    # The command says it with the exit code of an unreadable list, no trace.
    assert main(["import", str(source), "--into", str(workbook)]) == 4
    printed = flat(capsys.readouterr().err)
    assert "melange.csv : liste en deux encodages : la ligne 3 n'est pas en UTF-8" in printed
    assert ADVICE in printed and "Traceback" not in printed
    assert workbook.read_bytes() == before


def test_accented_headers_give_the_encoding_not_a_missing_column(workbook, tmp_path):
    # Read as Windows-1252, « N° dossier » and « Intitulé » were no known header: the import
    # said « aucune colonne de N° d'action », the wrong cause.
    source = mixed(tmp_path, "N° dossier;Intitulé;Structure porteuse;Territoire;Année\n")
    with pytest.raises(InputFileError, match="deux encodages : la ligne 3") as raised:
        import_actions(source, workbook)
    assert "aucune colonne" not in str(raised.value)


def test_evaluate_refuses_the_same_list_with_the_same_words(tmp_path, capsys):
    data = (
        "N° action;Intitulé;Q1;Q2a;Q2b;Q3;Q4;Q5\n".encode()
        + "PRJ-1;Café des parents;OUI;NON;;OUI;OUI;OUI\n".encode()
        + "PRJ-2;Théâtre forum;OUI;NON;;OUI;OUI;NON\n".encode("cp1252")
    )
    source = write(tmp_path / "liste.csv", data)
    with pytest.raises(InputFileError) as raised:
        evaluate_file(source)
    said = str(raised.value)
    assert "la ligne 3 n'est pas en UTF-8, alors que la ligne 1 l'est" in said and ADVICE in said
    assert main(["evaluate", str(source)]) == 4
    captured = capsys.readouterr()
    assert "Ã" not in captured.out  # nothing printed garbled
    assert "deux encodages" in flat(captured.err)


def test_the_lines_in_the_other_encoding_are_all_named(workbook, tmp_path):
    data = HEADER.encode() + b"".join(
        (UTF8_LINE if n % 2 else CP1252_LINE).replace("PRJ-9", f"PRJ-{n}").encode(
            "utf-8" if n % 2 else "cp1252"
        )
        for n in range(1, 15)
    )
    source = write(tmp_path / "liste.csv", data)
    with pytest.raises(InputFileError) as raised:
        import_actions(source, workbook)
    assert "les lignes 3, 5, 7, 9, 11 et … ne sont pas en UTF-8" in flat(str(raised.value))
    assert "ces lignes" in str(raised.value)


def test_a_line_mixing_both_encodings_is_named(workbook, tmp_path):
    line = "PRJ-903;Café ".encode() + "théâtre;Asso;Val-de-Lys;2026\n".encode("cp1252")
    source = write(tmp_path / "liste.csv", b"Numero;Intitule;Porteur;Territoire;Annee\n" + line)
    with pytest.raises(InputFileError, match="la ligne 2 mêle l'UTF-8 et un autre encodage"):
        import_actions(source, workbook)


def test_a_utf8_list_with_a_bom_and_a_windows_1252_line_is_refused(workbook, tmp_path):
    # No accent in UTF-8 but the BOM, which says UTF-8 as much.
    data = b"\xef\xbb\xbf" + b"Numero;Intitule;Porteur\n" + "PRJ-1;Été;Asso\n".encode("cp1252")
    source = write(tmp_path / "liste.csv", data)
    with pytest.raises(InputFileError) as raised:
        import_actions(source, workbook)
    said = flat(str(raised.value))
    assert "la ligne 2 n'est pas en UTF-8, alors que le fichier commence par la marque" in said


# What French lists hold, typed in Windows-1252: none of it may read as a UTF-8 accent.
FRENCH = [
    "PRJ-1;« Été des familles » à Roubaix;Asso Œuvre d'Élan;Val-de-Lys Métropole;2026",
    "PRJ-2;CAFÉ\u00a0!;Asso ÇA BOUGE;Hautecombe;2026",
    "PRJ-3;Théâtre forum : « égalité\u00a0»;L’Atelier;Hautecombe;2026",
    "PRJ-4;Accès à l’emploi – N°\u00a02;Cœur de ville;Hautecombe;2026",
    "PRJ-5;Fête de l’ÉTÉ\u00a0»;Maison Bleue;Hautecombe;2026",
    "PRJ-6;Coût 1\u00a0000\u00a0€ … 2°;Ça s’ouvre;Hautecombe;2026",
    "PRJ-7;ÎLE DE LOISIRS;CÔTE D’OPALE — Ô;Hautecombe;2026",
]


def test_a_windows_1252_list_of_french_texts_is_read_as_before(workbook, tmp_path):
    header = "N° dossier;Intitulé;Structure porteuse;Territoire;Année\n"
    text = header + "\n".join(FRENCH) + "\n"
    source = write(tmp_path / "liste.csv", text.encode("cp1252"))
    result = import_actions(source, workbook)
    assert result.added == len(FRENCH) and not result.rejected
    table = read_workbook(workbook).actions.set_index("N° action")
    for line in FRENCH:
        number, title, porteur, *_ = line.split(";")
        # Every character as typed; no-break spaces are spaces in the workbook, as ever.
        assert table.loc[number, "Action"] == title.replace("\u00a0", " ")
        assert table.loc[number, "Porteur"] == porteur.replace("\u00a0", " ")


def test_utf8_lists_with_and_without_bom_are_read(workbook, tmp_path):
    text = HEADER + "\n".join(FRENCH) + "\n"
    for name, data in [("u.csv", text.encode()), ("b.csv", b"\xef\xbb\xbf" + text.encode())]:
        target = tmp_path / f"{name}.xlsm"
        shutil.copy(WORKBOOK, target)
        result = import_actions(write(tmp_path / name, data), target)
        assert result.added == len(FRENCH) and not result.rejected
        table = read_workbook(target).actions.set_index("N° action")
        assert table.loc["PRJ-1", "Porteur"] == "Asso Œuvre d'Élan"


# A capital Â or Ä ends no French word: « Â\xa0» is the one pair of them read as UTF-8.
LETTERS = "àäçéèêëîïôöùûüÿæœÀÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
AFTER = "\u00a0«»’‘“”…–—€°²³·§¤"


def test_no_french_letter_before_punctuation_reads_as_utf8():
    # Every accented letter followed by one or two of the characters that may follow it
    # (a no-break space, a quote, an ellipsis…), as Windows-1252 writes them.
    for letter in LETTERS:
        for first in AFTER:
            for second in ("", *AFTER, "x", " "):
                data = f"x {letter}{first}{second}".encode("cp1252")
                assert utf8_accent_line(data) is None, (letter, first, second)
    assert utf8_accent_line("é\u00a0»".encode("cp1252")) is None
    assert utf8_accent_line("x\n« Café »".encode()) == 2
