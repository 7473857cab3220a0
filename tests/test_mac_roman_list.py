"""A Mac Roman list whose accents all decode in Windows-1252 (« é », byte 0x8E, read as « Ž »)
is refused, naming its first such line, as the guide says a list in Mac Roman is; a real
Windows-1252 French list, every accented letter, œ, €, « » and ’ in it, is read as ever.
Every list here is written byte for byte."""

from __future__ import annotations

import pytest

from efh_xl import evaluate_file, import_actions
from efh_xl.cli import main
from efh_xl.errors import EXIT_UNREADABLE, InputFileError
from efh_xl.workbook.reader import read_workbook

HEADER = "N° action;Action;Porteur;Q1;Q2a;Q2b;Q3;Q4;Q5\n"
ADVICE = "enregistrez la liste en CSV UTF-8 (Excel : « CSV UTF-8 (délimité par des virgules) »)"


def mac_list(tmp_path, *titles: str):
    lines = [f"A{n};{title};Asso;OUI;OUI;;OUI;OUI;OUI\n" for n, title in enumerate(titles, 1)]
    data = (HEADER.replace("N°", "No") + "".join(lines)).encode("mac_roman")
    data.decode("cp1252")  # no byte Windows-1252 leaves undefined: it decodes without error
    path = tmp_path / "mac.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "word, sign",
    [("Café", "Ž"), ("Théâtre", "Ž"), ("Jeux à lire", "ˆ"), ("Château", "‰"), ("Éveil", "ƒ")],
)
def test_import_refuses_a_mac_roman_list_naming_its_line(workbook, tmp_path, word, sign):
    before = workbook.read_bytes()
    source = mac_list(tmp_path, "Atelier", word)
    with pytest.raises(InputFileError) as raised:
        import_actions(source, workbook)
    said = str(raised.value)
    letter = sign.encode("cp1252").decode("mac_roman")
    assert f"liste dans un autre encodage (Mac Roman) : la ligne 3 contient « {sign} », " \
        f"un « {letter} » écrit sur Mac" in said
    assert ADVICE in said
    assert workbook.read_bytes() == before


def test_the_commands_say_it_with_the_code_of_an_unreadable_list(workbook, tmp_path, capsys):
    source = mac_list(tmp_path, "Café des parents")
    for argv in (["evaluate", str(source)], ["import", str(source), "--into", str(workbook)]):
        assert main(argv) == EXIT_UNREADABLE
        err = " ".join(capsys.readouterr().err.split())
        assert "la ligne 2 contient « Ž », un « é » écrit sur Mac" in err
        assert "Traceback" not in err
    with pytest.raises(InputFileError, match="Mac Roman"):
        evaluate_file(source)


# Every French letter with an accent, œ, æ, €, « », ’, and signs that stand alone.
FRENCH = [
    "àâäçéèêëîïôöùûüÿ ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ",
    "Cœur Œuvre Lætitia Æ",
    "« Fête » de l’été – 1 000 € … 2°",
    "Taux 3 ‰, “entre” ‘guillemets’ • puce ‹ imbriqués › † 1920",
    "CAFÉ ÉTÉ À L’ÎLE — Ça s’ouvre",
]


def test_a_windows_1252_french_list_is_read_as_ever(workbook, tmp_path):
    lines = [f"F{n};{title};Asso;OUI;OUI;;OUI;OUI;OUI\n" for n, title in enumerate(FRENCH, 1)]
    source = tmp_path / "w.csv"
    source.write_bytes((HEADER + "".join(lines)).encode("cp1252"))
    result = import_actions(source, workbook)
    assert result.added == len(FRENCH) and not result.rejected
    table = read_workbook(workbook).actions.set_index("N° action")
    for n, title in enumerate(FRENCH, 1):
        assert table.loc[f"F{n}", "Action"] == title
