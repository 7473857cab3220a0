"""A rule as plain data (JSON-able), its rule-file text, and its stamp.

Two forms of the same data:

- the **rule file** (format 2, French keys) that ``efh-xl regle`` writes for a person to read
  and edit, laid out by :func:`rule_file_text` (one box per line);
- the **stored text** (format 1, English keys, canonical) that the builder keeps in the workbook
  (cells of the hidden lookup sheet) with :func:`rule_stamp` in a defined name; refresh, the
  button and the UDFs read it back, so a workbook built with another reading of the paper grid
  (levels, alternatives, box sets, spellings) keeps it. It stays format 1 because the stamp is a
  hash of it: another text would make every workbook built so far look as if its rule changed.

:func:`rule_from_dict` reads both (format 1 files were written by earlier versions of
``efh-xl regle``) and checks what a hand edit can break, naming the place in French. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from efh_xl.core.answers import Spellings
from efh_xl.core.grid import (
    ANSWERS,
    QUESTION_IDS,
    Alternative,
    BoxSet,
    Level,
    Rule,
    box_set_name,
)

FORMAT = 1
"""Format of the rule text stored in a workbook (English keys; hashed into its stamp)."""
FILE_FORMAT = 2
"""Format of a rule file (French keys), the one ``efh-xl regle`` writes."""
FORMATS = (FORMAT, FILE_FORMAT)

# The keys of each kind of object of a rule file, in the order written, with the key that
# format 1 gives the same value. A value means the same in both formats.
KEYS: dict[str, dict[str, str]] = {
    "règle": {
        "format": "format",
        "nom": "name",
        "ensembles": "box_sets",
        "marqueurs": "levels",
        "orthographes": "spellings",
    },
    "ensemble": {
        "nom": "key",
        "libellé": "label",
        "cases": "boxes",
        "couleur": "fill",
        "hachuré": "hatched",
    },
    "marqueur": {"marqueur": "marker", "possibilités": "alternatives"},
    "possibilité": {"ensembles": "sets", "cases en plus": "extra"},
    "orthographes": {"oui": "oui", "non": "non", "sans réponse": "blank"},
}
# Keys a rule file may leave out, with the value they then have (the dataclasses' defaults).
OPTIONAL: dict[tuple[str, str], Any] = {
    ("ensemble", "hachuré"): False,
    ("possibilité", "cases en plus"): [],
}
MARKERS = (2, 1)  # a rule defines these; 0 is every other case
_COLOUR = re.compile(r"#?[0-9A-Fa-f]{6}")
# A rule file's line: lists whose one-line form is longer stay one item per line.
LINE_WIDTH = 100


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """Everything a rule holds, as format-1 data (English keys): what the workbook stores."""
    return {
        "format": FORMAT,
        "name": rule.name,
        "box_sets": [
            {
                "key": s.key,
                "label": s.label,
                "boxes": [list(box) for box in s.boxes],
                "fill": s.fill,
                "hatched": s.hatched,
            }
            for s in rule.box_sets
        ],
        "levels": [
            {
                "marker": level.marker,
                "alternatives": [
                    {"sets": list(a.sets), "extra": [list(e) for e in a.extra]}
                    for a in level.alternatives
                ],
            }
            for level in rule.levels
        ],
        "spellings": {
            "oui": sorted(rule.spellings.oui),
            "non": sorted(rule.spellings.non),
            "blank": sorted(rule.spellings.blank),
        },
    }


def rule_to_file_dict(rule: Rule) -> dict[str, Any]:
    """Everything a rule holds, as the data of a rule file (format 2, French keys)."""
    return _in_french(rule_to_dict(rule), "règle") | {"format": FILE_FORMAT}


def _in_french(data: dict[str, Any], kind: str) -> dict[str, Any]:
    """Format-1 data of one object, with the French keys of format 2 (values unchanged)."""
    inner = {"box_sets": "ensemble", "levels": "marqueur", "alternatives": "possibilité"}
    french = {english: key for key, english in KEYS[kind].items()}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in inner:
            value = [_in_french(item, inner[key]) for item in value]
        elif key == "spellings":
            value = _in_french(value, "orthographes")
        out[french[key]] = value
    return out


def rule_file_text(rule: Rule) -> str:
    """The text of a rule file: JSON (UTF-8, accents as they are), laid out for a person.

    Each list that fits on a line stays on one line (a box ``["Q1", "OUI"]``, the boxes of a
    set, the spellings), so that the file reads like the grid rather than four lines a box.
    """
    return _layout(rule_to_file_dict(rule), 0) + "\n"


def _layout(value: Any, indent: int, used: int = 0, *, one_line: bool = False) -> str:
    """``value`` as JSON. A list of texts or of lists fits on one line when it can (within
    :data:`LINE_WIDTH`; ``used`` is the width taken on the line before it); so does an object
    when ``one_line`` (a possibility: its sets and extra boxes read as one phrase). Everything
    else, one item per line."""
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, (dict, list)) or not value:
        return flat
    fits = used + len(flat) <= LINE_WIDTH
    if isinstance(value, list) and fits and not any(isinstance(v, dict) for v in value):
        return flat
    if isinstance(value, dict) and fits and one_line:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [pad + _layout(item, indent + 2, len(pad) + 1, one_line=one_line) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    lines = []
    for key, item in value.items():
        head = pad + json.dumps(key, ensure_ascii=False) + ": "
        inner = key == "possibilités"
        lines.append(head + _layout(item, indent + 2, len(head) + 1, one_line=inner))
    return "{\n" + ",\n".join(lines) + "\n" + " " * indent + "}"


def is_rule_data(data: Any) -> bool:
    """Whether ``data`` (parsed JSON) is a rule file's, of either format, with a slip or not:
    an object with a « format » key. Other JSON is another program's file."""
    return isinstance(data, dict) and "format" in data


def rule_from_dict(data: dict[str, Any]) -> Rule:
    """The rule of format-1 or format-2 data (see :func:`rule_to_dict`, :func:`rule_to_file_dict`).

    Raises ValueError with a French message naming what is wrong and where (the key as the data
    spells it): an unknown or missing key, a value of the wrong kind, a question that does not
    exist, an answer other than OUI or NON, a marker other than 2 or 1, a set no ensemble defines.
    """
    return _Reader(data).rule()


_MISSING = object()


class _Reader:
    """Reads rule data of either format, naming each place in French when something is wrong."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.english = False

    def key(self, kind: str, key: str) -> str:
        """How the data spells the key ``key`` (French) of an object of ``kind``."""
        return KEYS[kind][key] if self.english else key

    def object(self, value: Any, kind: str, where: str) -> dict[str, Any]:
        """``value``, checked to be an object holding only keys of ``kind``."""
        if not isinstance(value, dict):
            raise ValueError(f"{where} : un objet entre accolades {{ }} était attendu")
        known = [self.key(kind, key) for key in KEYS[kind]]
        for key in value:
            if key not in known:
                raise ValueError(
                    f"{where} : clé « {key} » inconnue (clés possibles : {', '.join(known)})"
                )
        return value

    def get(self, value: dict[str, Any], kind: str, key: str, where: str) -> Any:
        """The value of ``key`` (French) in an object of ``kind``."""
        spelt = self.key(kind, key)
        if spelt in value:
            return value[spelt]
        if (kind, key) in OPTIONAL:
            return OPTIONAL[kind, key]
        raise ValueError(f"{where} : clé « {spelt} » absente")

    def rule(self) -> Rule:
        data = self.data
        if not isinstance(data, dict):
            raise ValueError("le fichier ne contient pas une règle (un objet entre accolades { })")
        if "format" not in data:
            raise ValueError("pas de clé format : ce n'est pas une règle de « efh-xl regle »")
        version = data["format"]
        if version not in FORMATS or isinstance(version, bool):
            raise ValueError(
                f"format de règle inconnu : {json.dumps(version, ensure_ascii=False)} (formats "
                f"lus : {FORMAT} et {FILE_FORMAT} ; un format plus récent demande une version "
                "plus récente d'efh-xl)"
            )
        self.english = version == FORMAT
        where = "règle"
        self.object(data, "règle", where)
        name_key = f"{where}, « {self.key('règle', 'nom')} »"
        name = _text(self.get(data, "règle", "nom", where), name_key)
        if not name.strip():  # the summaries would say « règle : » and nothing
            raise ValueError(f"{name_key} vide : donnez un nom à la règle")
        sets_key = self.key("règle", "ensembles")
        sets = _list(self.get(data, "règle", "ensembles", where), sets_key, empty=False)
        box_sets = tuple(self.box_set(item, n) for n, item in enumerate(sets, 1))
        keys = [s.key for s in box_sets]
        for n, box_set in enumerate(box_sets, 1):
            first = box_sets[keys.index(box_set.key)]
            if first is not box_set:
                raise ValueError(
                    f"ensemble {box_set_name(box_set.label, f'{sets_key} n° {n}')} : "
                    f"{self.key('ensemble', 'nom')} « {box_set.key} » déjà pris par l'ensemble "
                    f"{box_set_name(first.label)}"
                )
        levels_key = self.key("règle", "marqueurs")
        items = _list(self.get(data, "règle", "marqueurs", where), levels_key, empty=False)
        levels = tuple(self.level(item, n, keys) for n, item in enumerate(items, 1))
        markers = [level.marker for level in levels]
        if markers != sorted(set(markers), reverse=True):
            raise ValueError(
                f"{levels_key} : chaque marqueur vient une fois, du plus haut au plus bas "
                f"(lu : {', '.join(map(str, markers))})"
            )
        spellings = self.spellings(self.get(data, "règle", "orthographes", where))
        return Rule(name, box_sets, levels, spellings)

    def box_set(self, value: Any, number: int) -> BoxSet:
        nom, libelle = self.key("ensemble", "nom"), self.key("ensemble", "libellé")

        def place(key: Any, label: Any) -> str:
            # Named by its label with its « nom » to find it in the file (box_set_name); by its
            # place in the list until they are read.
            return set_place(key, label, nom, f"{self.key('règle', 'ensembles')} n° {number}")

        peek = value if isinstance(value, dict) else {}
        where = place(peek.get(nom), peek.get(libelle))
        value = self.object(value, "ensemble", where)
        key = _text(self.get(value, "ensemble", "nom", where), f"{where}, « {nom} »")
        if not key:
            raise ValueError(f"{where} : « {nom} » vide")
        label = _text(
            self.get(value, "ensemble", "libellé", place(key, None)), f"{where}, « {libelle} »"
        )
        if not label.strip():  # the reasons would say « (cases ) »
            raise ValueError(
                f"{place(key, None)}, « {libelle} » vide : donnez le texte qui suit « cases » "
                "dans les motifs et sur la feuille Grille (par exemple « vert foncé »)"
            )
        where = place(key, label)

        def named(french: str) -> str:
            return f"{where}, « {self.key('ensemble', french)} »"

        boxes = []
        for n, pair in enumerate(
            _list(self.get(value, "ensemble", "cases", where), named("cases")), 1
        ):
            qid, answer = _pair(
                pair, f"{named('cases')} n° {n}", "[question, réponse]", '["Q1", "OUI"]'
            )
            qid = _question(qid, f"{named('cases')} n° {n}")
            if qid in [q for q, _ in boxes]:
                raise ValueError(f"{named('cases')} : {qid} deux fois (une case par question)")
            if answer.strip().upper() not in ANSWERS:
                raise ValueError(f"{named('cases')}, {qid} : « {answer} » au lieu de OUI ou NON")
            boxes.append((qid, answer.strip().upper()))
        fill = _text(self.get(value, "ensemble", "couleur", where), named("couleur"))
        if not _COLOUR.fullmatch(fill):
            raise ValueError(
                f"{named('couleur')} : « {fill} » n'est pas une couleur (six chiffres "
                "hexadécimaux rouge, vert, bleu, comme « 1E7B34 »)"
            )
        hatched = self.get(value, "ensemble", "hachuré", where)
        if not isinstance(hatched, bool):
            raise ValueError(f"{named('hachuré')} : true ou false (sans guillemets)")
        return BoxSet(key, label, tuple(boxes), fill.lstrip("#").upper(), hatched)

    def level(self, value: Any, number: int, keys: list[str]) -> Level:
        where = f"{self.key('règle', 'marqueurs')} n° {number}"
        value = self.object(value, "marqueur", where)
        marker = self.get(value, "marqueur", "marqueur", where)
        if marker not in MARKERS or isinstance(marker, bool) or not isinstance(marker, int):
            raise ValueError(
                f"{where} : marqueur {json.dumps(marker, ensure_ascii=False)} : une règle ne "
                "définit que les marqueurs 2 et 1, écrits sans guillemets (le marqueur 0 est "
                "tous les autres cas)"
            )
        where = f"marqueur {marker}"
        spelt = self.key("marqueur", "possibilités")
        items = _list(
            self.get(value, "marqueur", "possibilités", where), f"{where}, « {spelt} »", empty=False
        )
        return Level(
            marker,
            tuple(
                self.alternative(item, f"{where}, possibilité n° {n}", keys)
                for n, item in enumerate(items, 1)
            ),
        )

    def alternative(self, value: Any, where: str, keys: list[str]) -> Alternative:
        value = self.object(value, "possibilité", where)
        sets_key, extra_key = (
            self.key("possibilité", "ensembles"),
            self.key("possibilité", "cases en plus"),
        )
        sets = tuple(
            _set_key(_text(item, f"{where}, « {sets_key} »"), f"{where}, « {sets_key} »", keys)
            for item in _list(
                self.get(value, "possibilité", "ensembles", where), f"{where}, « {sets_key} »"
            )
        )
        extra = []
        for n, pair in enumerate(
            _list(
                self.get(value, "possibilité", "cases en plus", where), f"{where}, « {extra_key} »"
            ),
            1,
        ):
            place = f"{where}, « {extra_key} » n° {n}"
            key, qid = _pair(pair, place, "[ensemble, question]", '["vert_fonce", "Q1"]')
            extra.append((_set_key(key, place, keys), _question(qid, place)))
        if not sets and not extra:
            raise ValueError(f"{where} : aucune case (toute action l'atteindrait)")
        return Alternative(sets, tuple(extra))

    def spellings(self, value: Any) -> Spellings:
        where = self.key("règle", "orthographes")
        value = self.object(value, "orthographes", where)
        words = {}
        for key in KEYS["orthographes"]:
            spelt = self.key("orthographes", key)
            found = self.get(value, "orthographes", key, where)
            if not isinstance(found, list) or not all(isinstance(w, str) for w in found):
                raise ValueError(
                    f'orthographes « {spelt} » : une liste de textes, comme ["OUI", "X"]'
                )
            if any(not w.strip() for w in found):
                # An empty cell is no answer whatever the lists say: a spelling "" read as one
                # that counts blank cells as OUI.
                raise ValueError(
                    f"orthographes « {spelt} » : un texte vide n'est pas une orthographe (une "
                    "case vide reste une case sans réponse) ; retirez-le de la liste"
                )
            # Cells are compared once cleaned and upper-cased: so are the spellings.
            words[key] = frozenset(" ".join(w.split()).upper() for w in found)
        for first, second in (("oui", "non"), ("oui", "sans réponse"), ("non", "sans réponse")):
            both = sorted(words[first] & words[second])
            if both:
                raise ValueError(
                    f"{where} : « {both[0]} » à la fois dans « {self.key('orthographes', first)} » "
                    f"et dans « {self.key('orthographes', second)} »"
                )
        return Spellings(words["oui"], words["non"], words["sans réponse"])


def set_place(key: Any, label: Any, nom: str = "nom", number: str = "") -> str:
    """Where a box set of a rule file is, for a message: « ensemble « cases vert foncé »
    (nom vert_fonce) », or what of it is known (``key``, ``label``: the values read, maybe of
    the wrong kind; ``nom``: the key as the file spells it; ``number``: its place in the list,
    « ensembles n° 2 », when its nom is not known)."""
    found = f"{nom} {key}" if isinstance(key, str) and key else number
    if isinstance(label, str) and label.strip():
        return f"ensemble {box_set_name(label, found)}"
    return f"ensemble de {found}" if isinstance(key, str) and key else found


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where} : un texte entre guillemets était attendu")
    return value


def _list(value: Any, where: str, *, empty: bool = True) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{where} : une liste entre crochets [ ] était attendue")
    if not value and not empty:
        raise ValueError(f"{where} : la liste est vide")
    return value


def _pair(value: Any, where: str, shape: str, example: str) -> tuple[str, str]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise ValueError(f"{where} : deux textes {shape} étaient attendus, comme {example}")
    return value[0], value[1]


def _question(text: str, where: str) -> str:
    for qid in QUESTION_IDS:
        if text.strip().upper() == qid.upper():
            return qid
    raise ValueError(
        f"{where} : question « {text} » inconnue (questions : {', '.join(QUESTION_IDS)})"
    )


def _set_key(key: str, where: str, keys: list[str]) -> str:
    if key not in keys:
        raise ValueError(
            f"{where} : aucun ensemble nommé « {key} » (noms des ensembles de la règle : "
            f"{', '.join(keys)})"
        )
    return key


def rule_json(rule: Rule) -> str:
    """Canonical JSON text of a rule (sorted keys, no spaces): what the workbook stores."""
    return json.dumps(rule_to_dict(rule), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def rule_from_json(text: str) -> Rule:
    """The rule of a JSON text written by :func:`rule_json`. Raises ValueError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # json's words are English (« Expecting value »): where it stopped is what helps.
        where = f"ligne {error.lineno}, colonne {error.colno}"
        raise ValueError(f"règle illisible (JSON invalide, {where})") from error
    if not isinstance(data, dict):
        raise ValueError("règle illisible")
    return rule_from_dict(data)


def rule_stamp(rule: Rule) -> str:
    """A short hash of the whole rule: equal stamps mean equal rules."""
    return "sha256:" + hashlib.sha256(rule_json(rule).encode("utf-8")).hexdigest()[:24]
