"""Rule files: a reading of the paper grid kept in a JSON file, and the readings known by name.

The file holds :func:`efh_xl.core.rule_data.rule_to_dict` as indented JSON (questions are the
grid's; box sets, levels and spellings are the rule's). ``efh-xl regle`` writes one to start
from; ``--regle FILE`` (build, evaluate, summary) reads it. A known name (``reference``,
``hachure_q3``, ``cumulatif``) needs no file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE, NON, OUI, QUESTION_IDS, Rule
from efh_xl.core.rule_data import rule_from_dict, rule_to_dict
from efh_xl.errors import IsAFolderError, OutputFormatError, RuleFileError, from_os_error
from efh_xl.ooxml.atomic_file import atomic_write, check_target

REFERENCE = "reference"
# Every reading of the grid known by name: the reference reading and the spec's alternatives.
RULES: dict[str, Rule] = {REFERENCE: DEFAULT_RULE, **ALTERNATIVE_RULES}


def load_rule(spec: str | os.PathLike[str]) -> Rule:
    """The rule named ``spec`` (see :data:`RULES`) or read from the JSON rule file ``spec``.

    Raises :class:`~efh_xl.errors.RuleFileError` when it is neither.
    """
    text = os.fspath(spec)
    if text in RULES:
        return RULES[text]
    path = Path(text)
    if path.is_dir():
        raise RuleFileError(text, "c'est un dossier", RULES)
    if not path.is_file():
        why = "fichier introuvable" if path.suffix else "nom inconnu"
        raise RuleFileError(text, why, RULES)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        if not isinstance(data, dict):
            raise ValueError("le fichier ne contient pas une règle")
        return _checked(rule_from_dict(data))
    except json.JSONDecodeError as error:
        # json's own words (« Expecting value ») are English: the place is what helps.
        why = f"JSON illisible ligne {error.lineno}, colonne {error.colno}"
        raise RuleFileError(text, why, RULES) from error
    except UnicodeDecodeError as error:
        why = "le fichier n'est pas un texte UTF-8 (est-ce bien un fichier de règle JSON ?)"
        raise RuleFileError(text, why, RULES) from error
    except OSError as error:
        raise from_os_error(error, path) from error
    except ValueError as error:
        raise RuleFileError(text, str(error), RULES) from error


def _checked(rule: Rule) -> Rule:
    """``rule`` if a person's edits left it usable; else ValueError saying what to correct.

    A rule file is meant to be edited by hand: a box answered « PEUT », a question « Q7 »
    or a marker 3 would otherwise fail deep inside an evaluation.
    """
    questions = ", ".join(QUESTION_IDS)
    for box_set in rule.box_sets:
        for qid, answer in box_set.boxes:
            where = f"ensemble « {box_set.label} »"
            if qid not in QUESTION_IDS:
                raise ValueError(f"{where} : question « {qid} » inconnue (questions : {questions})")
            if answer not in (OUI, NON):
                raise ValueError(f"{where}, {qid} : « {answer} » au lieu de OUI ou NON")
    markers = [level.marker for level in rule.levels]
    for marker in markers:
        if marker not in (1, 2):
            raise ValueError(f"marqueur {marker} : une règle ne définit que les marqueurs 2 et 1")
    if markers != sorted(set(markers), reverse=True):
        raise ValueError("les marqueurs doivent venir une fois chacun, du plus haut au plus bas")
    for level in rule.levels:
        for alternative in level.alternatives:
            for _, qid in alternative.extra:
                if qid not in QUESTION_IDS:
                    raise ValueError(
                        f"marqueur {level.marker} : question « {qid} » inconnue "
                        f"(questions : {questions})"
                    )
    problems = rule.problems()
    if problems:
        raise ValueError(" ; ".join(problems))
    return rule


def save_rule(
    rule: Rule | str = DEFAULT_RULE,
    path: str | os.PathLike[str] = "regle.json",
    *,
    force: bool = False,
) -> Path:
    """Write ``rule`` (a :class:`Rule` or a known name) as a JSON rule file; return its path.

    An existing file is replaced only with ``force``: it is usually a rule a person edited.
    ``path`` ends in ``.json`` (:class:`~efh_xl.errors.OutputFormatError` otherwise); its
    folder is made if needed.
    """
    if isinstance(rule, str):
        rule = load_rule(rule)
    target = Path(path)
    if target.is_dir():
        raise IsAFolderError(target, example="regle.json")
    if target.suffix.lower() != ".json":
        raise OutputFormatError(target, ".json")
    check_target(target, force=force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise from_os_error(error, target.parent) from error
    text = json.dumps(rule_to_dict(rule), ensure_ascii=False, indent=2) + "\n"
    with atomic_write(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return target
