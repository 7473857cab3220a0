"""A rule as plain data (JSON-able), and its stamp: how a workbook carries its whole rule.

The builder stores :func:`rule_to_dict` in the workbook (as JSON text in cells of the hidden
lookup sheet) with :func:`rule_stamp` in a defined name; refresh, the button and the UDFs read
it back with :func:`rule_from_dict`, so a workbook built with another reading of the paper
grid (levels, alternatives, box sets, spellings) keeps it. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from efh_xl.core.answers import Spellings
from efh_xl.core.grid import Alternative, BoxSet, Level, Rule

FORMAT = 1


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """Everything a rule holds, as JSON-able data (lists, sorted where order is meaningless)."""
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


def rule_from_dict(data: dict[str, Any]) -> Rule:
    """The rule stored by :func:`rule_to_dict`. Raises ValueError on data it cannot read."""
    try:
        if "format" not in data:
            raise ValueError("pas de clé format : ce n'est pas une règle de « efh-xl regle »")
        if data["format"] != FORMAT:
            raise ValueError(f"format de règle inconnu : {data['format']!r}")
        box_sets = tuple(
            BoxSet(
                key=str(s["key"]),
                label=str(s["label"]),
                boxes=tuple((str(q), str(a)) for q, a in s["boxes"]),
                fill=str(s["fill"]),
                hatched=bool(s["hatched"]),
            )
            for s in data["box_sets"]
        )
        levels = tuple(
            Level(
                int(level["marker"]),
                tuple(
                    Alternative(
                        tuple(str(k) for k in a["sets"]),
                        tuple((str(k), str(q)) for k, q in a["extra"]),
                    )
                    for a in level["alternatives"]
                ),
            )
            for level in data["levels"]
        )
        spellings = Spellings(
            oui=_words(data["spellings"], "oui"),
            non=_words(data["spellings"], "non"),
            blank=_words(data["spellings"], "blank"),
        )
        rule = Rule(str(data["name"]), box_sets, levels, spellings)
    except KeyError as error:
        raise ValueError(f"règle illisible (clé {error} absente)") from error
    except (TypeError, AttributeError) as error:
        # Python's own words (« 'int' object is not iterable ») would mean nothing to a user.
        raise ValueError(
            "règle illisible (une valeur n'a pas la forme attendue ; comparez avec un fichier "
            "écrit par « efh-xl regle »)"
        ) from error
    keys = [s.key for s in rule.box_sets]
    for level in rule.levels:  # every set an alternative names must exist
        for alternative in level.alternatives:
            for key in [*alternative.sets, *(k for k, _ in alternative.extra)]:
                if key not in keys:
                    raise ValueError(
                        f"ensemble « {key} » inconnu au marqueur {level.marker} (ensembles de "
                        f"la règle : {', '.join(keys)})"
                    )
    return rule


def _words(spellings: dict[str, Any], name: str) -> frozenset[str]:
    """A list of spellings; one text alone would be taken letter by letter."""
    words = spellings[name]
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        raise ValueError(f'orthographes « {name} » : une liste de textes, comme ["OUI", "X"]')
    return frozenset(words)


def rule_json(rule: Rule) -> str:
    """Canonical JSON text of a rule (sorted keys, no spaces): what the workbook stores."""
    return json.dumps(rule_to_dict(rule), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def rule_from_json(text: str) -> Rule:
    """The rule of a JSON text written by :func:`rule_json`. Raises ValueError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"règle illisible ({error.msg})") from error
    if not isinstance(data, dict):
        raise ValueError("règle illisible")
    return rule_from_dict(data)


def rule_stamp(rule: Rule) -> str:
    """A short hash of the whole rule: equal stamps mean equal rules."""
    return "sha256:" + hashlib.sha256(rule_json(rule).encode("utf-8")).hexdigest()[:24]
