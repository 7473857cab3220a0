"""Rule files: a reading of the paper grid kept in a JSON file, and the readings known by name.

The file holds :func:`efh_xl.core.rule_data.rule_file_text` (format 2: French keys, one box per
line; questions are the grid's, box sets, levels and spellings are the rule's). ``efh-xl regle``
writes one to start from; ``--regle FILE`` (build, evaluate, summary, consolidate) reads it,
and the format-1 files (English keys) that earlier versions wrote. A known name (``reference``,
``hachure_q3``, ``cumulatif``) needs no file.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from efh_xl.core.grid import (
    DEFAULT_RULE,
    RULES,
    Rule,
    RuleError,
    close_name,
    given_rule,
    known_name,
)
from efh_xl.core.rule_data import is_rule_data, rule_file_text, rule_from_dict, set_place
from efh_xl.core.rule_name import named
from efh_xl.errors import (
    IsAFolderError,
    OutputFormatError,
    RuleFileError,
    WorkbookNotFoundError,
    from_os_error,
)
from efh_xl.ooxml.atomic_file import atomic_write, check_target, make_folder_of
from efh_xl.workbook.given_paths import given_path

# Files whose rule is the one of a workbook (as headless_refresh.WORKBOOK_SUFFIXES, without
# importing the refresh for a --regle).
WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")
# Why a file named as a rule (a list of actions, a mapping file…) is none.
NOT_A_RULE_FILE = "ce fichier n'est pas une règle (une règle est un texte JSON entre accolades { })"


def rule_given(rule: Rule | str | os.PathLike[str] | None) -> Rule:
    """The rule a Python caller gives a function: a Rule, None (the reference reading), or a
    reading's name, a rule file or a workbook, read by :func:`load_rule`; anything else is
    refused in French (:class:`~efh_xl.errors.WrongArgumentError`)."""
    if isinstance(rule, str | os.PathLike):
        return load_rule(rule)
    return given_rule(rule)


def load_rule(spec: Rule | str | os.PathLike[str]) -> Rule:
    """The rule named ``spec`` (see :data:`RULES`), read from the JSON rule file ``spec``, or
    the rule of the workbook ``spec`` (.xlsm, .xlsx: the rule it was built with, with the box
    sets of its Grille sheet, under the name its summaries show).

    Raises :class:`~efh_xl.errors.RuleFileError` when it is none of them (an unknown name, a
    file that is no rule, a rule file with a slip), :class:`~efh_xl.errors.WorkbookNotFoundError`
    or :class:`~efh_xl.errors.IsAFolderError` for a file that is not there (as for any file
    named), and the errors of :func:`~efh_xl.workbook.reader.read_workbook` for a workbook that
    cannot be read.
    """
    if isinstance(spec, Rule):  # already one: nothing to read
        return spec
    text = os.fspath(given_path(spec, "spec")) if not isinstance(spec, str) else spec
    if not text.strip():  # Path("") is the current folder: « . est un dossier » said nothing
        raise RuleFileError(text, "nom vide", RULES)
    known = known_name(text)
    if known is not None:
        return RULES[known]
    path = Path(text)
    # A file or folder that is not there is said as for any file a user names (code 3); only
    # a bare word that no reading is called is an unknown name (code 2, the names listed).
    if path.is_dir():
        raise IsAFolderError(path, example="regle.json")
    if not path.is_file():
        # « regles/ » is a path too (a folder, named as typed: Path drops the separator).
        if path.suffix or len(path.parts) > 1 or text.endswith(("/", "\\")):
            raise WorkbookNotFoundError(
                text, workbook=path.suffix.lower() in WORKBOOK_SUFFIXES
            )
        why = "nom inconnu"
        # « regle_maubeuge » for regle_maubeuge.json: Windows hides the extensions it knows.
        beside = [
            p.name for p in (path.with_name(path.name + e) for e in (".json", *WORKBOOK_SUFFIXES))
            if p.is_file()
        ]
        if beside:
            why += f" (vouliez-vous dire {beside[0]}, avec son extension ?)"
        elif guess := close_name(text):
            why += f" (vouliez-vous dire {guess} ?)"
        raise RuleFileError(text, why, RULES)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return _workbook_rule(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise from_os_error(error, path, reading=True) from error
    # A rule file is JSON text, an object between braces: anything else under another
    # extension than .json (a list of actions, a mapping file…) was named by mistake.
    json_file = path.suffix.lower() == ".json"
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if not json_file:
            raise RuleFileError(text, NOT_A_RULE_FILE, RULES) from error
        why = (
            "le fichier n'est pas un texte UTF-8 : dans le Bloc-notes, « Enregistrer sous » "
            "avec le codage UTF-8"
        )
        raise RuleFileError(text, why) from error
    if not json_file and not content.lstrip().startswith("{"):
        raise RuleFileError(text, NOT_A_RULE_FILE, RULES)
    try:
        data = json.loads(content, object_pairs_hook=_once_each)
    except json.JSONDecodeError as error:
        raise RuleFileError(text, json_error(error)) from error
    except ValueError as error:  # a key written twice
        raise RuleFileError(text, str(error)) from error
    # JSON that is no rule at all (another program's file) is told what --regle takes; a
    # rule with a slip, only that slip.
    foreign = not is_rule_data(data)
    try:
        rule = rule_from_dict(data)
        problems = rule.problems(in_file=True)
        if problems:  # box sets a person's edits left unable to give a marker
            raise ValueError(" ; ".join(problems))
    except ValueError as error:
        raise RuleFileError(text, str(error), RULES if foreign else ()) from error
    # A reading's sets edited without changing its « nom » is not that reading any more.
    return named(rule)


def _workbook_rule(path: Path) -> Rule:
    """The rule a workbook applies, named as its summaries name it (the name typed in its
    Paramètres sheet, or « … (modifiée) » when its Grille was edited)."""
    from efh_xl.workbook.reader import read_workbook  # only when a workbook is given

    data = read_workbook(path, columns=())
    if data.rule_name and data.rule_name != data.rule.name:
        return replace(data.rule, name=data.rule_name)
    return data.rule


def _once_each(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object of the file; a key given twice is refused (json would keep the last silently,
    dropping what a person typed first)."""
    data: dict[str, object] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"clé « {key} » écrite deux fois{_owner(pairs)} (une seule est lue)")
        data[key] = value
    return data


def _owner(pairs: list[tuple[str, object]]) -> str:
    """« dans … »: the object of a key written twice, named as the other messages name it
    (the rule, a box set by its label and nom, a marker), or nothing when it has no name."""
    first: dict[str, object] = {}
    for key, value in pairs:
        first.setdefault(key, value)
    if "format" in first:
        return " dans la règle"
    # A box set, as format 2 or format 1 spells its keys.
    for nom, libelle in (("nom", "libellé"), ("key", "label")):
        if nom in first or libelle in first:
            place = set_place(first.get(nom), first.get(libelle), nom)
            return f" dans l'{place}" if place else ""
    marker = first.get("marker", first.get("marqueur"))
    if isinstance(marker, int) and not isinstance(marker, bool):
        return f" dans le marqueur {marker}"
    return ""


# json's own words (« Expecting value ») are English: what each means, as a person edits.
JSON_ERRORS = {
    "Expecting value": 'valeur attendue (guillemets droits " " autour des textes ?)',
    "Expecting property name enclosed in double quotes": (
        "clé entre guillemets droits attendue (virgule en trop avant } ?)"
    ),
    "Expecting ',' delimiter": (
        "virgule attendue avant cet élément (à la fin de la ligne d'avant ?)"
    ),
    "Expecting ':' delimiter": "deux-points attendu (après une clé)",
    "Unterminated string starting at": "texte sans guillemet fermant",
    "Invalid control character at": "retour à la ligne ou tabulation dans un texte",
    "Invalid \\escape": "barre oblique inverse \\ à doubler dans un texte",
    "Extra data": "texte après la fin de la règle (accolade } en trop ?)",
}


# Quotes a word processor puts for " (Word's “ ”, ‘ ’, French « »): JSON reads none of them.
TYPOGRAPHIC_QUOTES = "“”‘’«»„‚"


def json_error(error: json.JSONDecodeError) -> str:
    """Where a JSON text breaks and why, in French, with the line as the file has it."""
    meaning = JSON_ERRORS.get(error.msg, "syntaxe JSON")
    if not error.doc.strip():
        return "le fichier est vide"
    if error.msg == "Expecting value" and error.doc[error.pos : error.pos + 1] == "]":
        meaning = "valeur attendue (virgule en trop avant ] ?)"  # « [1, 2,] »
    if error.doc[error.pos : error.pos + 1] in TYPOGRAPHIC_QUOTES:  # Word's “nom”
        meaning = 'guillemets typographiques “ ” : remplacez-les par des guillemets droits "'
    elif error.doc[error.pos : error.pos + 1] == "'":  # Python's quotes: « virgule en trop ? »
        meaning = "apostrophes ' autour d'un texte : JSON veut des guillemets droits \""
    lines = error.doc.splitlines() or [""]
    line = lines[min(error.lineno, len(lines)) - 1].strip()
    shown = f" (« {line if len(line) <= 60 else line[:57] + '…'} »)" if line else ""
    return f"JSON illisible ligne {error.lineno}{shown}, colonne {error.colno} : {meaning}"


def save_rule(
    rule: Rule | str = DEFAULT_RULE,
    path: str | os.PathLike[str] = "regle.json",
    *,
    force: bool = False,
) -> Path:
    """Write ``rule`` as a JSON rule file (format 2); return its path.

    ``rule`` is a :class:`Rule` or what :func:`load_rule` reads: a known name, a rule file (a
    format-1 file is so rewritten in format 2) or a workbook (the rule it applies).

    A rule whose box sets cannot give a marker raises :class:`~efh_xl.core.grid.RuleError`
    (the file load_rule would refuse is not written).

    An existing file is replaced only with ``force``: it is usually a rule a person edited.
    ``path`` ends in ``.json`` (:class:`~efh_xl.errors.OutputFormatError` otherwise); its
    folder is made if needed.
    """
    rule = rule_given(rule)
    if problems := rule.problems(in_file=True):
        # A file that load_rule would refuse is not written.
        raise RuleError(problems)
    target = given_path(path, expected="le fichier de règle à écrire, par exemple regle.json")
    if target.is_dir():
        raise IsAFolderError(target, example="regle.json")
    if target.suffix.lower() != ".json":
        raise OutputFormatError(path, ".json", example="regle.json")  # as typed (« sub/ »)
    check_target(target, force=force)
    make_folder_of(target)
    with atomic_write(target) as temporary:
        temporary.write_text(rule_file_text(rule), encoding="utf-8")
    return target
