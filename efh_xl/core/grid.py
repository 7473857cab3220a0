"""The EFH marker grid, as data: the one source of truth.

Everything that knows a rule of the grid (the Python engine, the UDFs, the native Excel
formulas written by the builder, the ``Grille`` sheet, the summaries and the CLI) derives
it from the objects defined here. Nothing else in the package states a question, a spelling,
a box set or a message.

The reading of the paper grid follows ``shared/spec/grille-efh.md``. A territory that reads
the paper differently changes the :class:`Rule` data (see :data:`ALTERNATIVE_RULES`), never code.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import product
from typing import Any

from efh_xl.core.answers import (  # noqa: F401 (answer codes are part of the grid's vocabulary)
    BLANK,
    NO,
    QUOTE_MAX_CHARS,
    UNRECOGNISED,
    YES,
    Spellings,
    answer_code,
)

OUI = "OUI"
NON = "NON"
ANSWERS = (OUI, NON)

CODE_OF_ANSWER = {OUI: YES, NON: NO}
N_CODES = 4


@dataclass(frozen=True)
class Question:
    """One question of the grid, with the phrases that name its ticked boxes."""

    id: str
    section: str
    text: str
    label: str
    box_oui: str
    box_non: str
    applies_when: tuple[str, str] | None = None
    not_applicable: str = ""
    required: str = ""

    def box_phrase(self, answer: str) -> str:
        """Short French phrase naming the box ``answer`` of this question."""
        # Read as a cell is (« oui », « OUI  »): anything else than OUI names the NON box.
        return self.box_oui if str(answer).strip().upper() == OUI else self.box_non


# Decision order (the numbering of the paper): the column order everywhere.
QUESTIONS: tuple[Question, ...] = (
    Question(
        "Q1",
        "Public-cible et mobilisation du public",
        "Le projet vise-t-il un public mixte ?",
        "Public mixte",
        box_oui="public mixte",
        box_non="public non mixte",
    ),
    Question(
        "Q2a",
        "Objectifs",
        "Le projet a-t-il pour objectif principal la réduction des inégalités de genre "
        "ou la promotion de l'égalité femmes-hommes ?",
        "Objectif principal EFH",
        box_oui="objectif principal EFH",
        box_non="pas d'objectif principal EFH",
    ),
    Question(
        "Q2b",
        "Public-cible et mobilisation du public",
        "Le public non mixte est-il cohérent par rapport aux objectifs de l'action ?",
        "Non-mixité cohérente",
        box_oui="non-mixité cohérente",
        box_non="non-mixité non cohérente",
        applies_when=("Q1", NON),
        not_applicable="le public est mixte (Q1 = OUI)",
        required="le public n'est pas mixte (Q1 = NON)",
    ),
    Question(
        "Q3",
        "Diagnostic",
        "Le projet contient-il des éléments de diagnostic sexués (chiffres, éléments "
        "qualitatifs, expérience du terrain) ?",
        "Diagnostic sexué",
        box_oui="diagnostic sexué",
        box_non="pas de diagnostic sexué",
    ),
    Question(
        "Q4",
        "Public-cible et mobilisation du public",
        "Le projet prévoit-il des éléments pour permettre une participation équilibrée "
        "des femmes et des hommes ?",
        "Participation équilibrée",
        box_oui="participation équilibrée",
        box_non="pas de participation équilibrée",
    ),
    Question(
        "Q5",
        "Évaluation",
        "Le projet prévoit-il des indicateurs d'évaluation sexués ?",
        "Indicateurs sexués",
        box_oui="indicateurs d'évaluation sexués",
        box_non="pas d'indicateurs sexués",
    ),
)
"""The six questions of the grid (Q1, Q2a, Q2b, Q3, Q4, Q5), in decision order."""
QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS)
# The six columns as messages name them (« Q1 à Q5 » sent people looking for a Q2 column).
QUESTIONS_TEXT = ", ".join(QUESTION_IDS)
QUESTION_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
# The paper lists the questions in this order (the order of the CERFA dossier).
PAPER_ORDER: tuple[str, ...] = ("Q3", "Q2a", "Q1", "Q2b", "Q4", "Q5")


SPELLINGS = Spellings(
    # A cell typed 1 or TRUE arrives as a number or a boolean: they are read as text first
    # ("1", "VRAI"/"TRUE" in French or English Excel), hence both languages here.
    oui=frozenset({"OUI", "O", "X", "VRAI", "TRUE", "1", "YES", "Y", "✓", "✔"}),
    non=frozenset({"NON", "N", "FAUX", "FALSE", "0", "NO"}),
    blank=frozenset({"-", "—", "N/A", "NA", "SO", "S.O.", "S/O", "SANS OBJET", "NSP"}),
)

# Excel's error values, in ERROR.TYPE order (1..14), for the text of an error cell.
EXCEL_ERRORS: tuple[str, ...] = (
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CONNECT!",
    "#BLOCKED!",
    "#UNKNOWN!",
    "#FIELD!",
    "#CALC!",
)
# The names a French Excel shows for them (the file stores the English ones): an error cell
# is quoted in a motif as the user sees it in the cell (« #VALEUR! », not « #VALUE! »). Only
# the long-standing ones, whose French names are sure; the others keep their file names.
_FRENCH_ERRORS = {
    "#NULL!": "#NUL!",
    "#VALUE!": "#VALEUR!",
    "#NAME?": "#NOM?",
    "#NUM!": "#NOMBRE!",
}
EXCEL_ERRORS_SHOWN: tuple[str, ...] = tuple(_FRENCH_ERRORS.get(e, e) for e in EXCEL_ERRORS)


def shown_error(stored: str) -> str:
    """An error's name as a French Excel shows it, from its name in the file (« #VALUE! »)."""
    return _FRENCH_ERRORS.get(stored, stored)


def box_set_name(label: str, where: str = "") -> str:
    """How every message names a box set: by its label, as the Grille sheet and the reasons
    show it (« « cases vert foncé » »), then where a person finds it, in parentheses (its row
    on the Grille sheet, its « nom » in a rule file)."""
    return f"« cases {label} »" + (f" ({where})" if where else "")


@dataclass(frozen=True)
class BoxSet:
    """A named set of boxes of the paper grid (a box is a question and the answer ticked).

    ``label`` reads after « cases » (« cases vert foncé », « cases hachurées »).
    """

    key: str
    label: str
    boxes: tuple[tuple[str, str], ...]
    fill: str
    hatched: bool = False

    def answer_for(self, question_id: str) -> str | None:
        """The answer this set's box requires for ``question_id``, if it has one."""
        for qid, answer in self.boxes:
            if qid == question_id:
                return answer
        return None


@dataclass(frozen=True)
class Alternative:
    """One way to reach a marker: every box of ``sets``, plus single ``extra`` boxes.

    An extra box is named by the set that holds it and its question ("the dark-green box of
    question 1"), so that editing the set edits the requirement too.
    """

    sets: tuple[str, ...]
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Level:
    """A marker value and the alternatives that reach it."""

    marker: int
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Rule:
    """The marker rule: box sets and, from the highest marker down, how to reach each level.

    Marker 0 is what is left when no level is reached.
    """

    name: str
    box_sets: tuple[BoxSet, ...]
    levels: tuple[Level, ...]
    spellings: Spellings = field(default=SPELLINGS)

    def box_set(self, key: str) -> BoxSet:
        """The box set named ``key``."""
        for box_set in self.box_sets:
            if box_set.key == key:
                return box_set
        raise KeyError(key)

    def boxes(self, alternative: Alternative) -> tuple[tuple[str, str], ...]:
        """Resolved boxes (question, answer) of an alternative, in question order."""
        wanted: dict[str, str] = {}
        for key in alternative.sets:
            for qid, answer in self.box_set(key).boxes:
                wanted[qid] = answer
        for key, qid in alternative.extra:
            answer = self.box_set(key).answer_for(qid)
            if answer is not None:
                wanted[qid] = answer
        return tuple((qid, wanted[qid]) for qid in QUESTION_IDS if qid in wanted)

    def alternative_label(self, alternative: Alternative) -> str:
        """French name of the boxes of an alternative, e.g. « vert clair + Q1 vert foncé »."""
        parts = [self.box_set(key).label for key in alternative.sets]
        parts += [f"{qid} {self.box_set(key).label}" for key, qid in alternative.extra]
        return " + ".join(parts)

    def with_box_sets(self, **boxes: tuple[tuple[str, str], ...]) -> Rule:
        """A copy of this rule whose named box sets hold other boxes, each (question, OUI or
        NON). Raises :class:`RuleError` (in French) for a set or a question the grid does not
        have and an answer other than OUI or NON; whether the sets can give every marker is
        :meth:`problems`' to say."""
        keys = [s.key for s in self.box_sets]
        wrong = [f"ensemble inconnu « {k} » (ensembles : {', '.join(keys)})" for k in boxes
                 if k not in keys]
        for key, given in boxes.items():
            for box in given:
                qid, answer = (tuple(box) + (None, None))[:2]
                if qid not in QUESTION_IDS:
                    wrong.append(f"ensemble {key} : question inconnue « {qid} »")
                elif answer not in (OUI, NON):
                    wrong.append(f"ensemble {key}, {qid} : « {answer} » (attendu OUI ou NON)")
        if wrong:
            raise RuleError(wrong)

        def ordered(new: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
            return tuple(sorted(new, key=lambda box: QUESTION_IDS.index(box[0])))

        sets = tuple(
            replace(s, boxes=ordered(boxes[s.key])) if s.key in boxes else s for s in self.box_sets
        )
        return replace(self, box_sets=sets)

    def box_table(self) -> list[list[str]]:
        """The box sets as a table: one row per set, one column per question, OUI/NON/""."""
        return [[s.answer_for(qid) or "" for qid in QUESTION_IDS] for s in self.box_sets]

    def with_box_table(self, table: Sequence[Sequence[Any]], first_row: int | None = None) -> Rule:
        """A copy of this rule whose box sets are read from a table laid out as :meth:`box_table`.

        Cells are read with the grid's spellings (« oui », « X », a blank…). Raises
        :class:`ValueError`, with a French message, on a cell that is neither OUI, NON nor blank,
        and :class:`RuleError` when the sets read cannot give a marker (see :meth:`problems`);
        ``first_row`` is the sheet row of the table's first set, to name rows in messages.
        """
        rows = [list(row) for row in table]
        if len(rows) != len(self.box_sets) or any(len(r) < len(QUESTION_IDS) for r in rows):
            raise ValueError(
                f"le tableau des ensembles doit avoir {len(self.box_sets)} lignes et "
                f"{len(QUESTION_IDS)} colonnes ({', '.join(QUESTION_IDS)})"
            )
        changes = {}
        for box_set, row in zip(self.box_sets, rows):
            boxes = []
            for qid, cell in zip(QUESTION_IDS, row):
                code, text = answer_code(cell, self.spellings)
                if code == UNRECOGNISED:
                    raise ValueError(
                        f"ensemble {self.set_name(box_set.key, first_row)}, {qid} : « {text} » "
                        "non reconnu"
                    )
                if code != BLANK:
                    boxes.append((qid, OUI if code == YES else NON))
            changes[box_set.key] = tuple(boxes)
        rule = self.with_box_sets(**changes)
        problems = rule.problems(first_row)
        if problems:
            raise RuleError(problems)
        return rule

    def set_name(self, key: str, first_row: int | None = None, *, in_file: bool = False) -> str:
        """How a message names the box set ``key``: by its label, as the Grille sheet and the
        reasons show it (« « cases vert foncé » »), then where a person finds it: its row on
        the Grille sheet (``first_row``: the sheet row of the first set) or, ``in_file``, its
        « nom » in a rule file (« (nom vert_fonce) »)."""
        label = self.box_set(key).label
        if first_row is not None:
            keys = [s.key for s in self.box_sets]
            return box_set_name(label, f"ligne {first_row + keys.index(key)}")
        return box_set_name(label, f"nom {key}" if in_file else "")

    def problems(self, first_row: int | None = None, *, in_file: bool = False) -> list[str]:
        """Why this rule's box sets cannot give a marker, in French, naming each row; [] if fine.

        Refused: a set used by a level with no box (every action would reach it), a box a level
        names that its set no longer holds, a level needing contradictory answers (OUI and NON
        to one question, or an answer to a question that its other boxes make « sans objet »),
        and a marker that no combination of answers can give. Sets are named as
        :meth:`set_name` says, from ``first_row`` (the sets come from a sheet) or ``in_file``
        (from a rule file).
        """

        def row(key: str) -> str:
            return self.set_name(key, first_row, in_file=in_file)

        found: list[str] = []
        unreachable: set[int] = set()
        used = [key for level in self.levels for a in level.alternatives for key in a.sets]
        for key in dict.fromkeys(used):
            if not self.box_set(key).boxes:
                found.append(
                    f"ensemble {row(key)} vide : toute action l'atteindrait (cochez ses cases "
                    "OUI ou NON)"
                )
        for level in self.levels:
            many = len(level.alternatives) > 1
            impossible_ones = 0  # its possibilities that can never be met
            for number, alternative in enumerate(level.alternatives, start=1):
                # One of several possibilities: the marker may still be reached by the others,
                # only that possibility is named (« ce marqueur ne peut pas être atteint » was
                # untrue of a rule whose other possibilities reached it).
                which = (
                    f"marqueur {level.marker}, possibilité {number} sur "
                    f"{len(level.alternatives)}"
                    if many
                    else f"marqueur {level.marker}"
                )
                never = (
                    "cette possibilité ne peut jamais être remplie : supprimez-la ou changez "
                    "ses ensembles"
                    if many
                    else "ce marqueur ne peut pas être atteint"
                )
                for key, qid in alternative.extra:
                    if self.box_set(key).answer_for(qid) is None:
                        found.append(
                            f"ensemble {row(key)} : {qid} vide, or le marqueur {level.marker} "
                            f"exige la case {qid} de cet ensemble"
                        )
                wanted = _requirements(self, alternative)
                contradictions = [qid for qid, answers in wanted.items() if len(answers) > 1]
                named = list(dict.fromkeys([*alternative.sets, *(k for k, _ in alternative.extra)]))
                sets = _sets_named(named, row, "exige")
                for qid in contradictions:
                    found.append(
                        f"{which} : {sets} {qid} = OUI et {qid} = NON à la fois ; {never}"
                    )
                impossible = bool(contradictions)  # said once: no second reason why
                for question in QUESTIONS:
                    if impossible:
                        break
                    if question.applies_when is None or question.id not in wanted:
                        continue
                    condition_id, condition_answer = question.applies_when
                    if wanted.get(condition_id, {condition_answer}) != {condition_answer}:
                        # Each side named by the sets that ask it: « les ensembles vert clair
                        # et vert foncé exigent Q2b » blamed vert foncé, which gives Q1 = OUI.
                        asking = _asking(self, alternative, question.id)
                        giving = [
                            k for k in _asking(self, alternative, condition_id) if k not in asking
                        ]
                        whose = (
                            f", que ce marqueur prend {_sets_named(giving, row, of=True)}"
                            if giving
                            else ""
                        )
                        found.append(
                            f"{which} : {_sets_named(asking, row, 'exige')} une "
                            f"réponse à {question.id}, sans objet quand "
                            f"{question.not_applicable}{whose}"
                        )
                        contradictions.append(question.id)
                if contradictions:
                    impossible_ones += 1
            if impossible_ones == len(level.alternatives):
                if many:  # each said « supprimez-la »: the marker itself is out of reach
                    found.append(
                        f"marqueur {level.marker} : aucune de ses possibilités ne peut être "
                        "remplie ; ce marqueur ne peut pas être atteint"
                    )
                unreachable.add(level.marker)
        if found:
            return found
        reached = _reached_markers(self)
        for position, level in enumerate(self.levels):
            if level.marker not in reached and level.marker not in unreachable:
                higher = self.levels[position - 1].marker if position else None
                why = (
                    f" : ses cases donnent déjà le marqueur {higher}" if higher is not None else ""
                )
                found.append(f"marqueur {level.marker} jamais atteint{why}")
        if 0 not in reached:
            found.append(
                "marqueur 0 jamais atteint : toute action aurait au moins le marqueur "
                f"{min(reached)}"
            )
        return found

    def describe(self) -> list[str]:
        """The rule in French, one line per marker, as printed on the paper grid."""
        lines = []
        for level in self.levels:
            options = " OU ".join(
                f"toutes les cases {self.alternative_label(a)} cochées" for a in level.alternatives
            )
            lines.append(f"Marqueur {level.marker} = {options}")
        lines.append("Marqueur 0 = tous les autres cas")
        return lines


class RuleError(ValueError):
    """Box sets that cannot give a marker; the message lists every problem, in French."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(REASON_SEPARATOR.join(self.problems))


def _asking(rule: Rule, alternative: Alternative, qid: str) -> list[str]:
    """The sets of an alternative that ask an answer to ``qid`` (their boxes, or a box the
    alternative takes from them)."""
    keys = [k for k in alternative.sets if rule.box_set(k).answer_for(qid) is not None]
    keys += [k for k, q in alternative.extra if q == qid]
    return list(dict.fromkeys(keys))


def _sets_named(keys: list[str], row: Any, verb: str = "", *, of: bool = False) -> str:
    """« l'ensemble X [exige] », « les ensembles X et Y [exigent] »; with ``of``, « de
    l'ensemble X », « des ensembles X et Y »."""
    if len(keys) == 1:
        return ("de " if of else "") + f"l'ensemble {row(keys[0])}" + (f" {verb}" if verb else "")
    named = f"{'des' if of else 'les'} ensembles {' et '.join(map(row, keys))}"
    return named + (f" {verb}nt" if verb else "")


def _requirements(rule: Rule, alternative: Alternative) -> dict[str, set[str]]:
    """Every answer an alternative's boxes ask of each question (two answers: a contradiction)."""
    wanted: dict[str, set[str]] = {}
    for key in alternative.sets:
        for qid, answer in rule.box_set(key).boxes:
            wanted.setdefault(qid, set()).add(answer)
    for key, qid in alternative.extra:
        answer = rule.box_set(key).answer_for(qid)
        if answer is not None:
            wanted.setdefault(qid, set()).add(answer)
    return wanted


@lru_cache(maxsize=16)
def _reached_markers(rule: Rule) -> frozenset[int]:
    """The markers that some combination of OUI, NON and blank answers gives under ``rule``.

    Cached per rule: every refresh checks the workbook's rule, usually the same one.
    """
    alternatives = [
        (level.marker, _requirements(rule, alternative))
        for level in rule.levels
        for alternative in level.alternatives
    ]
    reached = set()
    for combination in product((None, OUI, NON), repeat=len(QUESTION_IDS)):
        answers = dict(zip(QUESTION_IDS, combination))
        marker = next(
            (
                m
                for m, wanted in alternatives
                if all(
                    answers[qid] in choices and len(choices) == 1 for qid, choices in wanted.items()
                )
            ),
            0,
        )
        reached.add(marker)
    return frozenset(reached)


VERT_FONCE = BoxSet("vert_fonce", "vert foncé", (("Q1", OUI), ("Q2a", OUI)), fill="1E7B34")
VERT_CLAIR = BoxSet("vert_clair", "vert clair", (("Q3", OUI), ("Q4", OUI), ("Q5", OUI)), "A9DFA0")
HACHURE = BoxSet(
    "hachure", "hachurées", (("Q1", NON), ("Q2a", OUI), ("Q2b", OUI)), fill="6FBF73", hatched=True
)

DEFAULT_RULE = Rule(
    name="Valenciennes Métropole / Egaé (lecture de référence)",
    box_sets=(VERT_FONCE, VERT_CLAIR, HACHURE),
    levels=(
        Level(2, (Alternative(("vert_fonce",)), Alternative(("hachure",)))),
        Level(1, (Alternative(("vert_clair",), extra=(("vert_fonce", "Q1"),)),)),
    ),
)
"""The reference reading of the paper grid (Valenciennes Métropole / Egaé), used by default."""

# The other readings of the paper named in the spec, expressed as data only.
ALTERNATIVE_RULES: dict[str, Rule] = {
    "hachure_q3": replace(
        DEFAULT_RULE.with_box_sets(hachure=(("Q1", NON), ("Q2b", OUI), ("Q3", OUI))),
        name="Troisième case hachurée = Q3",
    ),
    "cumulatif": replace(
        DEFAULT_RULE,
        name="Marqueur 2 cumulatif (cases vert clair exigées aussi)",
        levels=(
            Level(
                2,
                (
                    Alternative(("vert_fonce", "vert_clair")),
                    Alternative(("hachure", "vert_clair")),
                ),
            ),
            DEFAULT_RULE.levels[1],
        ),
    ),
}
"""The other readings of the paper grid in the spec, by key: ``hachure_q3``, ``cumulatif``."""

# Messages of the validation reason (motif). Parts are joined with REASON_SEPARATOR, in the
# order: unrecognised values, inconsistencies, incomplete answers (or, with none blank, the
# answers to fix before the marker is final), the marker explanation.
# An action with no answer at all is not marked yet, not incomplete (shared/spec/grille-efh.md,
# "Not yet marked is not 0"): its reason is the « unmarked » message alone.
REASON_SEPARATOR = " ; "
MESSAGES = {
    "unmarked": "Non marqué : aucune question n'a de réponse (action pas encore relue)",
    "unrecognised": "{qid} : « {value} » non reconnu (attendu OUI ou NON)",
    "not_applicable": "{qid} sans objet : {why}",
    "required": "{qid} requise : {why}",
    "incomplete": "Incomplet : {qids} sans réponse (marqueur provisoire)",
    "provisional": "À corriger : {qids} (marqueur provisoire)",
    "reached": "Marqueur {marker} : {phrases} (cases {label})",
    "missing": "pour le marqueur {marker}, il manque {boxes}",
    "not_reached": "Marqueur 0 : {missing}",
    "missing_box": "{qid} ({phrase})",
}


REFERENCE = "reference"
# Every reading of the grid known by name: the reference reading and the spec's alternatives.
RULES: dict[str, Rule] = {REFERENCE: DEFAULT_RULE, **ALTERNATIVE_RULES}


def folded_name(text: str) -> str:
    """A name as typed, without case, accents nor spaces around: « Référence » is reference."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def known_name(text: str) -> str | None:
    """The key of :data:`RULES` that ``text`` names (case and accents ignored), or None."""
    folded = folded_name(text)
    return next((key for key in RULES if folded_name(key) == folded), None)


def close_name(text: str) -> str | None:
    """The key of :data:`RULES` ``text`` most likely meant (« cumulatf »: cumulatif), or None."""
    import difflib  # only on a refusal

    guess = difflib.get_close_matches(folded_name(text), list(RULES), n=1, cutoff=0.6)
    return guess[0] if guess else None


def given_rule(rule: Any) -> Rule:
    """The rule a Python caller gives: a Rule, None (the reference reading) or a reading's
    name (« cumulatif »). Anything else raises a TypeError in French, where it enters (« 'str'
    object has no attribute 'levels' » was met later); a rule file is read by
    :func:`efh_xl.workbook.rule_file.load_rule`."""
    if rule is None:
        return DEFAULT_RULE
    if isinstance(rule, Rule):
        return rule
    if isinstance(rule, str) and (known := known_name(rule)) is not None:
        return RULES[known]
    hint = ""
    if isinstance(rule, str):
        if rule.strip().lower().endswith((".json", ".xlsm", ".xlsx")):
            hint = f" : un fichier se lit avec efh_xl.load_rule({rule.strip()!r})"
        elif (guess := close_name(rule)) is not None:
            hint = f" (vouliez-vous dire {guess} ?)"
    elif hasattr(rule, "__fspath__"):  # a Path: a rule file or a workbook, to read first
        hint = " : un fichier se lit avec efh_xl.load_rule(chemin)"
    raise TypeError(
        "rule : il faut une règle (efh_xl.DEFAULT_RULE, le nom d'une lecture : "
        + ", ".join(RULES)
        + ", ou efh_xl.load_rule(fichier de règle ou classeur)), pas "
        + (
            f"« {rule} »{hint}"
            if isinstance(rule, str)
            else f"le nombre {rule!r}"
            if isinstance(rule, int | float)
            else f"un objet {type(rule).__name__}{hint}"
        )
        + "."
    )
