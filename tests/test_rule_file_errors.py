"""A rule file a person edited by hand and broke: each slip is a French message naming what is
wrong and where (the key as the file spells it), exit code 2 as any bad --regle, never a
traceback. Format-2 files (French keys) and the format-1 files of earlier versions alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import WORKBOOK

import efh_xl
from efh_xl.cli import main
from efh_xl.core.rule_data import rule_file_text
from efh_xl.errors import RuleFileError

FORMAT_1 = Path(__file__).parent / "data" / "regle_format1_cumulatif.json"


def _check(
    tmp_path: Path, capsys, content: str | bytes, why: str, name: str = "regle.json",
    *, not_a_rule: bool = False,
) -> None:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    with pytest.raises(RuleFileError) as raised:
        efh_xl.load_rule(path)
    assert why in str(raised.value)
    assert main(["summary", str(WORKBOOK), "--regle", str(path)]) == 2
    err = capsys.readouterr().err
    assert why in err, err
    assert f"Règle « {path} » inutilisable" in err
    # What --regle takes only for what is no rule at all; a slip is told alone.
    assert ("Donnez le nom d'une lecture de la grille" in err) == not_a_rule, err
    for english in ("Traceback", "erreur interne", "Expecting", "codec", "object", "KeyError"):
        assert english not in err, english


def _edited(old: str, new: str) -> str:
    """The file ``efh-xl regle`` writes, with its first ``old`` replaced by ``new``."""
    text = rule_file_text(efh_xl.DEFAULT_RULE)
    assert old in text, old
    return text.replace(old, new, 1)


# (what the person changed, what the message must say): each names the place.
EDITS = [
    # an unknown or missing key, with the keys possible there
    (('"couleur": "1E7B34"', '"coleur": "1E7B34"'),
     "ensemble « cases vert foncé » (nom vert_fonce) : clé « coleur » inconnue (clés possibles : "
     "nom, libellé, cases, couleur, hachuré)"),
    (('"nom": "Valenciennes', '"titre": "Valenciennes'), "règle : clé « titre » inconnue"),
    (('"marqueur": 1,', '"marqeur": 1,'), "marqueurs n° 2 : clé « marqeur » inconnue"),
    (('{"ensembles": ["vert_fonce"], ', '{"ensemble": ["vert_fonce"], '),
     "marqueur 2, possibilité n° 1 : clé « ensemble » inconnue"),
    (('"libellé": "vert foncé",', ""), "ensemble de nom vert_fonce : clé « libellé » absente"),
    (('"libellé": "vert foncé",', '"libellé": " ",'),
     "ensemble de nom vert_fonce, « libellé » vide : donnez le texte qui suit « cases »"),
    (('"cases en plus": []', '"cases en plus": [], "cases en plus": []'),
     "clé « cases en plus » écrite deux fois (une seule est lue)"),
    # a key written twice: where, named as everywhere else
    (('"format": 2', '"format": 2, "nom": "Denain"'),
     "clé « nom » écrite deux fois dans la règle (une seule est lue)"),
    (('"couleur": "1E7B34"', '"couleur": "1E7B34", "couleur": "1E7B35"'),
     "clé « couleur » écrite deux fois dans l'ensemble « cases vert foncé » (nom vert_fonce) (une "
     "seule est lue)"),
    (('"marqueur": 2,', '"marqueur": 2, "marqueur": 2,'),
     "clé « marqueur » écrite deux fois dans le marqueur 2 (une seule est lue)"),
    # a question that does not exist, an answer other than OUI or NON
    (('["Q1", "OUI"]', '["Q7", "OUI"]'),
     "ensemble « cases vert foncé » (nom vert_fonce), « cases » n° 1 : question « Q7 » inconnue "
     "(questions : Q1, Q2a, Q2b, Q3, Q4, Q5)"),
    (('["Q1", "OUI"]', '["Q1", "PEUT"]'),
     "ensemble « cases vert foncé » (nom vert_fonce), « cases », Q1 : « PEUT » au lieu de OUI "
     "ou NON"),
    (('["Q1", "OUI"], ["Q2a", "OUI"]', '["Q1", "OUI"], ["Q1", "NON"]'),
     "ensemble « cases vert foncé » (nom vert_fonce), « cases » : Q1 deux fois"),
    (('["vert_fonce", "Q1"]', '["vert_fonce", "Q9"]'),
     "marqueur 1, possibilité n° 1, « cases en plus » n° 1 : question « Q9 » inconnue"),
    (('["Q1", "OUI"]', '"Q1 OUI"'),
     "« cases » n° 1 : deux textes [question, réponse] étaient attendus, comme [\"Q1\", \"OUI\"]"),
    # a marker other than 2 or 1, markers out of order
    (('"marqueur": 2', '"marqueur": 3'),
     "marqueurs n° 1 : marqueur 3 : une règle ne définit que les marqueurs 2 et 1"),
    (('"marqueur": 2', '"marqueur": 0'), "marqueurs n° 1 : marqueur 0 : une règle ne définit"),
    (('"marqueur": 2', '"marqueur": "2"'), "marqueur \"2\" : une règle ne définit que les "
     "marqueurs 2 et 1, écrits sans guillemets"),
    (('"marqueur": 2', '"marqueur": 1'),
     "chaque marqueur vient une fois, du plus haut au plus bas"),
    # a set name no ensemble defines, a set name taken twice
    (('{"ensembles": ["vert_fonce"], ', '{"ensembles": ["vert"], '),
     "marqueur 2, possibilité n° 1, « ensembles » : aucun ensemble nommé « vert » (noms des "
     "ensembles de la règle : vert_fonce, vert_clair, hachure)"),
    (('["vert_fonce", "Q1"]', '["foncé", "Q1"]'), "aucun ensemble nommé « foncé »"),
    (('"nom": "vert_clair"', '"nom": "vert_fonce"'),
     "ensemble « cases vert clair » (ensembles n° 2) : nom « vert_fonce » déjà pris par "
     "l'ensemble « cases vert foncé »"),
    # a value of the wrong kind
    (('"hachuré": false', '"hachuré": "non"'),
     "ensemble « cases vert foncé » (nom vert_fonce), « hachuré » : true ou false (sans "
     "guillemets)"),
    (('"couleur": "1E7B34"', '"couleur": "vert"'),
     "« couleur » : « vert » n'est pas une couleur"),
    (('"oui": ["1", ', '"oui": "1", "x": ['), "orthographes : clé « x » inconnue"),
    (('"oui": ["1", "O",', '"oui": ["0", "O",'),
     "orthographes : « 0 » à la fois dans « oui » et dans « non »"),
    (('"marqueurs": [', '"marqueurs": 7, "x": ['), "règle : clé « x » inconnue"),
    (('"format": 2', '"format": 99'), "format de règle inconnu : 99 (formats lus : 1 et 2"),
    # box sets that cannot give a marker (the Grille sheet's own check)
    (('"cases": [["Q1", "OUI"], ["Q2a", "OUI"]]', '"cases": []'),
     "ensemble « cases vert foncé » (nom vert_fonce) vide : toute action l'atteindrait"),
    (('"cases": [["Q1", "OUI"], ["Q2a", "OUI"]]', '"cases": [["Q2a", "OUI"]]'),
     "ensemble « cases vert foncé » (nom vert_fonce) : Q1 vide, or le marqueur 1 exige la case Q1 "
     "de cet ensemble"),
    # bad JSON: its line and column, and what json expected, in French
    (('"hachuré": false\n', '"hachuré": false,\n'),
     "JSON illisible ligne 11 (« }, »), colonne 5 : clé entre guillemets droits attendue "
     "(virgule en trop avant } ?)"),
    (('"1E7B34",', '"1E7B34"'),
     "JSON illisible ligne 10 (« \"hachuré\": false »), colonne 7 : virgule attendue"),
    (('["Q5", "OUI"]]', '["Q5", "OUI"],]'),
     "valeur attendue (virgule en trop avant ] ?)"),
    (('"nom": "Valenciennes Métropole / Egaé (lecture de référence)"', '"nom": "  "'),
     "règle, « nom » vide : donnez un nom à la règle"),
    (('"oui": ["1", ', '"oui": ["", "1", '),
     "orthographes « oui » : un texte vide n'est pas une orthographe (une case vide reste une "
     "case sans réponse) ; retirez-le de la liste"),
    (('"format": 2', "'format': 2"),
     "JSON illisible ligne 2 (« 'format': 2, »), colonne 3 : apostrophes ' autour d'un texte : "
     'JSON veut des guillemets droits "'),
    (('"nom": "vert_fonce"', '"nom": “vert_fonce”'),
     "JSON illisible ligne 6 (« \"nom\": “vert_fonce”, »), colonne 14 : guillemets "
     'typographiques “ ” : remplacez-les par des guillemets droits "'),
]


@pytest.mark.parametrize("edit, why", EDITS, ids=[w[:50] for _, w in EDITS])
def test_a_hand_edited_rule_file_names_what_is_wrong_and_where(tmp_path, capsys, edit, why):
    _check(tmp_path, capsys, _edited(*edit), why)


# The same slips in a format-1 file (English keys) name the key as that file spells it.
FORMAT_1_EDITS = [
    (('"fill": "1E7B34"', '"colour": "1E7B34"'),
     "ensemble « cases vert foncé » (key vert_fonce) : clé « colour » inconnue (clés possibles : "
     "key, label, boxes, fill, hatched)"),
    (('"Q1",\n          "OUI"', '"Q7",\n          "OUI"'),
     "ensemble « cases vert foncé » (key vert_fonce), « boxes » n° 1 : question « Q7 » inconnue"),
    (('"marker": 2', '"marker": 5'), "levels n° 1 : marqueur 5"),
    (('"fill": "1E7B34"', '"fill": "1E7B34", "label": "x"'),
     "clé « label » écrite deux fois dans l'ensemble « cases vert foncé » (key vert_fonce)"),
    (('"vert_fonce",\n            "vert_clair"', '"vert",\n            "vert_clair"'),
     "marqueur 2, possibilité n° 1, « sets » : aucun ensemble nommé « vert »"),
]


@pytest.mark.parametrize("edit, why", FORMAT_1_EDITS, ids=[w[:40] for _, w in FORMAT_1_EDITS])
def test_a_format_1_file_names_its_own_keys(tmp_path, capsys, edit, why):
    text = FORMAT_1.read_text(encoding="utf-8")
    assert edit[0] in text, edit[0]
    _check(tmp_path, capsys, text.replace(*edit, 1), why)


@pytest.mark.parametrize(
    "content, why, not_a_rule",
    [
        (b"{,}", "JSON illisible ligne 1 (« {,} »), colonne 2", False),
        (b"", "le fichier est vide", False),
        ("{ « é » }".encode("cp1252"), "n'est pas un texte UTF-8 : dans le Bloc-notes", False),
        (b'{"mine": 1}', "pas de clé format", True),
        (b"[]", "le fichier ne contient pas une règle", True),
        (b'{"format": 2}', "règle : clé « nom » absente", False),
        (json.dumps({"format": 1, "name": "x"}).encode(), "règle : clé « box_sets » absente",
         False),
    ],
)
def test_an_unreadable_rule_file_is_explained_in_french(
    tmp_path, capsys, content, why, not_a_rule
):
    _check(tmp_path, capsys, content, why, not_a_rule=not_a_rule)


# Files that are no rule at all, named by mistake: no JSON hint (« guillemets droits ? »), but
# what --regle takes.
NOT_RULES = [
    ("liste.csv", "N° action;Q1;Q2a;Q2b;Q3;Q4;Q5\nA1;OUI;OUI;;OUI;OUI;OUI\n".encode()),
    ("noms.toml", b'"Montant propose" = "Montant accord\xc3\xa9"\n'),
    ("liste.xls", bytes(range(256)) * 4),
    ("notes.txt", "Règle de Denain : Q3 compte aussi".encode()),
]


@pytest.mark.parametrize("name, content", NOT_RULES, ids=[n for n, _ in NOT_RULES])
def test_a_file_that_is_no_rule_is_told_what_regle_takes(tmp_path, capsys, name, content):
    _check(tmp_path, capsys, content, "ce fichier n'est pas une règle", name, not_a_rule=True)


def test_a_rule_saved_under_another_extension_is_still_told_its_one_slip(tmp_path, capsys):
    # The Bloc-notes saves as .txt by default: a rule there is read, its slip told alone.
    _check(
        tmp_path, capsys, _edited('"hachuré": false\n', '"hachuré": false,\n'),
        "virgule en trop avant } ?", "regle.txt",
    )
    (tmp_path / "regle.txt").write_text(_edited("X", "X"), encoding="utf-8")
    assert efh_xl.load_rule(tmp_path / "regle.txt") == efh_xl.DEFAULT_RULE


def test_an_unknown_rule_lists_the_known_ones(capsys):
    with pytest.raises(RuleFileError):
        efh_xl.load_rule("inconnue")
    assert main(["evaluate", "x.csv", "--regle", "inconnue"]) == 2
    err = capsys.readouterr().err
    assert "nom inconnu" in err and "reference, hachure_q3, cumulatif" in err


def test_one_fix_is_told_alone_and_a_known_name_is_read_as_typed(tmp_path, capsys):
    _check(tmp_path, capsys, _edited('["Q5", "OUI"]]', '["Q5", "OUI"],]'), "avant ] ?")
    path = tmp_path / "regle.json"
    assert main(["summary", str(WORKBOOK), "--regle", str(path)]) == 2
    assert "Donnez le nom" not in capsys.readouterr().err
    for typed in ("référence", "Reference", " REFERENCE "):
        assert efh_xl.load_rule(typed) is efh_xl.DEFAULT_RULE
    assert main(["summary", str(WORKBOOK), "--regle", "referenc"]) == 2
    assert "nom inconnu (vouliez-vous dire reference ?)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as raised:
        main(["regel"])
    assert raised.value.code == 2
    assert "commande « regel » inconnue (vouliez-vous dire regle ?)" in capsys.readouterr().err


def test_a_rule_file_named_without_its_extension_is_suggested(tmp_path, monkeypatch, capsys):
    # Windows hides « .json »: the file is regle_maubeuge.json, the user types regle_maubeuge.
    monkeypatch.chdir(tmp_path)
    efh_xl.save_rule("cumulatif", "regle_maubeuge.json")
    with pytest.raises(RuleFileError, match="vouliez-vous dire regle_maubeuge.json, avec son"):
        efh_xl.load_rule("regle_maubeuge")
    assert main(["evaluate", "x.csv", "--regle", "regle_maubeuge"]) == 2
    assert "regle_maubeuge.json, avec son extension" in capsys.readouterr().err
