"""A list from an old DOS program (code page 850: « é » is byte 0x82, which Windows-1252
reads « ‚ ») is refused, naming its first such line and DOS, as a Mac Roman list is: it was
imported as read, « Intitul‚ » an unknown header and every title garbled. The same words in
Windows-1252 are read as typed. Every list here is written byte for byte."""

from __future__ import annotations

import pytest

from efh_xl import evaluate_file, import_actions
from efh_xl.cli import main
from efh_xl.errors import EXIT_UNREADABLE, InputFileError
from efh_xl.workbook.reader import read_workbook

HEADER = "N° action;Action;Porteur;Q1;Q2a;Q2b;Q3;Q4;Q5\n"  # no accent: each word tells
ADVICE = "origine « 850 : Europe de l'Ouest (DOS) », enregistrez-la en CSV UTF-8"

# A French word as typed, and the letter in it that tells code page 850 from Windows-1252.
WORDS = [
    ("Préfecture", "é"),
    ("Chèvres", "è"),
    ("Fenêtre", "ê"),
    ("Garçons", "ç"),
    ("Hôpital", "ô"),
    ("Connaître", "î"),
    ("Noël", "ë"),
    ("Naïf", "ï"),
    ("Théâtre", "é"),
    ("École", "É"),  # 0x90: a byte Windows-1252 leaves undefined
    # A review: « é » at a word's end or start read « ‚ » there, not between two letters.
    ("Café", "é"),
    ("été", "é"),
]


def dos_list(tmp_path, word: str, encoding: str = "cp850"):
    lines = f"A1;Atelier;Asso;OUI;OUI;;OUI;OUI;OUI\nA2;Atelier {word};Asso;OUI;;;;;\n"
    path = tmp_path / "dos.csv"
    path.write_bytes((HEADER + lines).encode(encoding))
    return path


@pytest.mark.parametrize("word, letter", WORDS)
def test_a_dos_list_is_refused_naming_dos_and_its_line(workbook, tmp_path, word, letter):
    before = workbook.read_bytes()
    source = dos_list(tmp_path, word)
    with pytest.raises(InputFileError) as raised:
        import_actions(source, workbook)
    said = str(raised.value)
    assert "liste dans un autre encodage (DOS, page de code 850) : la ligne 3 contient" in said
    assert f"un « {letter} » écrit par un ancien logiciel DOS" in said
    assert ADVICE in said and "Mac" not in said
    assert workbook.read_bytes() == before


def test_the_commands_say_it_with_the_code_of_an_unreadable_list(workbook, tmp_path, capsys):
    source = dos_list(tmp_path, "Théâtre")
    for argv in (["evaluate", str(source)], ["import", str(source), "--into", str(workbook)]):
        assert main(argv) == EXIT_UNREADABLE
        err = " ".join(capsys.readouterr().err.split())
        assert "(DOS, page de code 850) : la ligne 3 contient « ‚ », un « é »" in err
        assert "Traceback" not in err
    with pytest.raises(InputFileError, match="DOS"):
        evaluate_file(source)


def test_the_same_words_in_windows_1252_are_read_as_typed(workbook, tmp_path):
    lines = [f"W{n};Atelier {w};Asso;OUI;OUI;;OUI;OUI;OUI\n" for n, (w, _) in enumerate(WORDS)]
    source = tmp_path / "w.csv"
    source.write_bytes((HEADER + "".join(lines)).encode("cp1252"))
    result = import_actions(source, workbook)
    assert result.added == len(WORDS) and not result.rejected
    table = read_workbook(workbook).actions.set_index("N° action")
    for n, (word, _) in enumerate(WORDS):
        assert (
            table.loc[f"W{n}", "Action"] == f"Atelier {word}"
        )
