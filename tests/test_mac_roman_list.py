"""A Mac Roman list whose accents all decode in Windows-1252 (« é », byte 0x8E, read as « Ž »)
is refused, naming its first such line, as the guide says a list in Mac Roman is: every French
letter with an accent tells it. A real Windows-1252 French list, every accented letter, œ, €,
« » and ’ in it, is read as ever, and so are names with letters Mac Roman also has (« Dušan »,
« Žižek »: š and Ž are Mac Roman's ö and é). Every list here is written byte for byte."""

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



@pytest.mark.parametrize("word, letter", [("Crèche", "è"), ("Fête", "ê"), ("Garçons", "ç")])
def test_a_mac_letter_windows_1252_cannot_decode_is_said_mac_roman_too(tmp_path, word, letter):
    # Mac Roman's è, ê, ç, ù are bytes Windows-1252 leaves undefined: the list decoded in no
    # encoding and was refused as « encodage non reconnu », its Mac never named.
    lines = f"A1;Atelier;Asso;OUI;OUI;;OUI;OUI;OUI\nA2;{word} des petits;Asso;OUI;;;;;\n"
    path = tmp_path / "mac.csv"
    path.write_bytes((HEADER.replace("N°", "No") + lines).encode("mac_roman"))
    with pytest.raises(InputFileError) as raised:
        evaluate_file(path)
    said = str(raised.value)
    assert f"Mac Roman) : la ligne 3 contient un « {letter} » écrit sur Mac" in said
    assert ADVICE in said

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


# Every French letter with an accent (œ, æ, « », ’, €, ° too), in Mac Roman, in a title as
# typed, with the character Windows-1252 reads in its place. Mac Roman's è, ê, ç, ù are
# bytes Windows-1252 leaves undefined (None): the list is « encodage non reconnu ».
MAC_LETTERS = [
    ("à", "Jeux à lire", "ˆ"),
    ("â", "Château", "‰"),
    ("ç", "Garçon", None),
    ("é", "Café", "Ž"),
    ("è", "Mère", None),
    ("ê", "Fête", None),
    ("ë", "Noël", "‘"),
    ("î", "Dîner", "”"),
    ("ï", "Naïf", "•"),
    ("ô", "Hôtel", "™"),
    ("ù", "Où", None),
    ("û", "Un goûter sûr", "ž"),
    ("ü", "Capharnaüm", "Ÿ"),
    ("ÿ", "L'Haÿ-les-Roses", "Ø"),
    ("À", "À LA UNE", "Ë"),
    ("Â", "CHÂTEAU", "å"),
    ("Ç", "FRANÇAIS", "‚"),
    ("É", "Éveil", "ƒ"),
    ("È", "FRÈRE", "é"),
    ("Ê", "FÊTE", "æ"),
    ("Ë", "NOËL", "è"),
    ("Î", "ÎLE", "ë"),
    ("Ï", "HAÏTI", "ì"),
    ("Ô", "HÔTEL", "ï"),
    ("Û", "BRÛLER", "ó"),
    ("Ü", "SAÜL", "†"),
    ("œ", "La sœur", "Ï"),
    ("æ", "Lætitia", "¾"),
    ("«", "« Sport »", "Ç"),
    ("’", "Atelier d’Amélie", "Õ"),
    ("€", "Atelier 1 000 €", "Û"),
    ("°", "Atelier N° 2", "¡"),
]


@pytest.mark.parametrize("letter, title, sign", MAC_LETTERS, ids=[m[0] for m in MAC_LETTERS])
def test_every_french_letter_of_a_mac_roman_list_is_refused(
    workbook, tmp_path, letter, title, sign
):
    data = HEADER.replace("N°", "No") + f"A1;Atelier;Asso;;;;;;\nA2;{title};Asso;;;;;;\n"
    source = tmp_path / "mac.csv"
    source.write_bytes(data.encode("mac_roman"))
    for run in (lambda: import_actions(source, workbook), lambda: evaluate_file(source)):
        with pytest.raises(InputFileError) as raised:
            run()
        said = str(raised.value)
        if sign is None:  # a byte Windows-1252 leaves undefined: no sign to show
            assert f"(Mac Roman) : la ligne 3 contient un « {letter} » écrit" in said
        else:
            assert f"(Mac Roman) : la ligne 3 contient « {sign} », un « {letter} » écrit" in said


def test_a_line_whose_accents_are_letters_both_ways_is_told_by_the_others(workbook, tmp_path):
    # « école » reads « Žcole », as a name « Žižek » could start: the list is refused by its
    # header's « é » (« IntitulŽ »), a capital after a small letter.
    data = "N° dossier;Intitulé;Porteur\nA1;école;Asso\n".encode("mac_roman")
    source = tmp_path / "mac.csv"
    source.write_bytes(data)
    with pytest.raises(InputFileError, match="la ligne 1 contient « ¡ », un « ° »"):
        import_actions(source, workbook)


# Names with letters of other languages, in a Windows-1252 list: letters in Windows-1252,
# some of them Mac Roman letters too (š is Mac Roman's ö, Ž its é, Š its ä, ž its û).
NAMES = [
    "Dušan Šimek",
    "Slavoj Žižek",
    "ŽIŽEK Dušan",
    "Željko Šarac",
    "Søren Ørsted",
    "Åsa Håkansson",
    "José Muñoz",
    "François Lætitia Cœur",
    "Ÿvonne Straße",
    "É. Dupont et Ž. Novak",
]


@pytest.mark.parametrize("header", [HEADER.replace("N°", "No"), HEADER])
def test_names_of_a_windows_1252_list_are_read_right(workbook, tmp_path, header):
    lines = [f"N{n};Atelier;{name};OUI;OUI;;OUI;OUI;OUI\n" for n, name in enumerate(NAMES, 1)]
    source = tmp_path / "noms.csv"
    source.write_bytes((header + "".join(lines)).encode("cp1252"))
    assert list(evaluate_file(source)["Porteur"]) == NAMES
    result = import_actions(source, workbook, territory="T")
    assert result.added == len(NAMES) and not result.rejected
    table = read_workbook(workbook).actions.set_index("N° action")
    assert [table.loc[f"N{n}", "Porteur"] for n in range(1, len(NAMES) + 1)] == NAMES


def test_a_utf8_list_with_a_windows_1252_name_is_still_refused(workbook, tmp_path):
    data = (
        HEADER.encode()
        + "A1;Café des parents;Asso;;;;;;\n".encode()
        + "A2;Atelier;Dušan Žižek;;;;;;\n".encode("cp1252")
    )
    source = tmp_path / "melange.csv"
    source.write_bytes(data)
    for run in (lambda: import_actions(source, workbook), lambda: evaluate_file(source)):
        with pytest.raises(InputFileError, match="liste en deux encodages : la ligne 3 n'est pas"):
            run()
