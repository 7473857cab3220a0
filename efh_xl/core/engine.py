"""The marker engine: from answers to a marker (0, 1, 2) and a validation reason.

Every one of the 4**6 combinations of answer codes (blank, OUI, NON, unrecognised for six
questions) is explained once per rule into a table; a row is then a lookup in that table,
plus the quotes of its unrecognised values. The native Excel formulas use the same table,
written by the builder into a hidden lookup sheet, so both paths agree by construction.

This is the per-action path: standard library only, so that it runs wherever Python runs
(Pyodide, xlwings Lite). The vectorised path over DataFrames, reading the same table as numpy
arrays, is :mod:`efh_xl.core.vectorised`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

from efh_xl.core.answers import answer_code, quote
from efh_xl.core.grid import (
    BLANK,
    CODE_OF_ANSWER,
    DEFAULT_RULE,
    MESSAGES,
    N_CODES,
    NO,
    QUESTION_BY_ID,
    QUESTION_IDS,
    QUESTIONS,
    REASON_SEPARATOR,
    UNRECOGNISED,
    YES,
    Alternative,
    Rule,
    RuleError,
    given_rule,
)
from efh_xl.core.plural import counted

MARKER_COLUMN = "Marqueur"
REASON_COLUMN = "Motif"

# Problem flags of a row, as bits.
INCOMPLETE, INCONSISTENT, UNRECOGNISED_VALUE = 1, 2, 4
N_COMBINATIONS = N_CODES ** len(QUESTIONS)
# The weight of each question's code in a combination index (question order, base N_CODES).
WEIGHTS: tuple[int, ...] = tuple(N_CODES**i for i in range(len(QUESTIONS)))


def french_list(items: Sequence[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


@dataclass(frozen=True)
class CombinationTable:
    """Marker, reason and problem flags of every combination index, as plain tuples.

    ``marked`` is False where the action is not marked yet (no question answered): its
    marker, 0 in ``markers`` for the code that computes with markers, is blank wherever a
    user reads it (:meth:`shown_marker`).
    """

    markers: tuple[int, ...]
    reasons: tuple[str, ...]
    flags: tuple[int, ...]
    marked: tuple[bool, ...]

    def shown_marker(self, index: int) -> int | None:
        """The marker of a combination as a user reads it: None (a blank cell) when the
        action is not marked yet."""
        return self.markers[index] if self.marked[index] else None


def combination_index(codes: Sequence[int]) -> int:
    """Index of a combination of answer codes given in question order."""
    return sum(int(c) * w for c, w in zip(codes, WEIGHTS))


BoxesOf = dict[Alternative, tuple[tuple[str, str], ...]]


def _boxes_of(rule: Rule) -> BoxesOf:
    """The resolved boxes of every alternative of ``rule``, computed once per table."""
    return {a: rule.boxes(a) for level in rule.levels for a in level.alternatives}


def _missing(boxes: tuple[tuple[str, str], ...], codes: dict[str, int]) -> list[tuple[str, str]]:
    return [(qid, answer) for qid, answer in boxes if codes[qid] != CODE_OF_ANSWER[answer]]


def _missing_text(
    boxes_of: BoxesOf, marker: int, alternatives: Sequence[Alternative], codes
) -> str:
    closest = min((_missing(boxes_of[a], codes) for a in alternatives), key=len)
    boxes = [
        MESSAGES["missing_box"].format(qid=qid, phrase=QUESTION_BY_ID[qid].box_phrase(answer))
        for qid, answer in closest
    ]
    return MESSAGES["missing"].format(marker=marker, boxes=french_list(boxes))


def explain(codes: Sequence[int], rule: Rule = DEFAULT_RULE) -> tuple[int, str, int]:
    """Marker, reason (without the quotes of unrecognised values) and flags of one combination."""
    return _explain(codes, rule, _boxes_of(rule))


def _unsettled(codes: Sequence[int]) -> list[str]:
    """The questions whose answer the action needs and is blank or unreadable: its marker is
    provisional while there is one (a conditional question is needed when its condition
    holds)."""
    by_id = dict(zip(QUESTION_IDS, codes))
    found = []
    for question in QUESTIONS:
        if by_id[question.id] not in (BLANK, UNRECOGNISED):
            continue
        if question.applies_when is not None:
            condition, answer = question.applies_when
            if by_id[condition] != CODE_OF_ANSWER[answer]:
                continue
        found.append(question.id)
    return found


def unanswered(codes: Sequence[int]) -> bool:
    """Whether no question has an answer (every code blank): the action is « non marqué »."""
    return all(code == BLANK for code in codes)


def _explain(codes: Sequence[int], rule: Rule, boxes_of: BoxesOf) -> tuple[int, str, int]:
    by_id = dict(zip(QUESTION_IDS, codes))
    parts: list[str] = []
    flags = UNRECOGNISED_VALUE if UNRECOGNISED in by_id.values() else 0
    for question in QUESTIONS:
        if question.applies_when is None:
            continue
        condition_id, condition_answer = question.applies_when
        condition = by_id[condition_id]
        if condition not in (YES, NO):
            continue
        applies = condition == CODE_OF_ANSWER[condition_answer]
        if applies and by_id[question.id] == BLANK:
            parts.append(MESSAGES["required"].format(qid=question.id, why=question.required))
            flags |= INCONSISTENT
        elif not applies and by_id[question.id] in (YES, NO):
            parts.append(
                MESSAGES["not_applicable"].format(qid=question.id, why=question.not_applicable)
            )
            flags |= INCONSISTENT
    blanks = [q.id for q in QUESTIONS if q.applies_when is None and by_id[q.id] == BLANK]
    if blanks:
        parts.append(MESSAGES["incomplete"].format(qids=", ".join(blanks)))
        flags |= INCOMPLETE
    elif to_fix := _unsettled(codes):
        # Provisional without a blank to name (an unreadable answer, Q2b required and blank):
        # said all the same, as the summaries count it « provisoire ».
        parts.append(MESSAGES["provisional"].format(qids=", ".join(to_fix)))

    marker, reached = 0, None
    for position, level in enumerate(rule.levels):
        for alternative in level.alternatives:
            if not _missing(boxes_of[alternative], by_id):
                marker, reached = level.marker, (position, alternative)
                break
        if reached:
            break
    if reached is None:
        lowest = rule.levels[-1]
        missing = _missing_text(boxes_of, lowest.marker, lowest.alternatives, by_id)
        parts.append(MESSAGES["not_reached"].format(missing=missing))
    else:
        position, alternative = reached
        phrases = [QUESTION_BY_ID[q].box_phrase(a) for q, a in boxes_of[alternative]]
        parts.append(
            MESSAGES["reached"].format(
                marker=marker,
                phrases=french_list(phrases),
                label=rule.alternative_label(alternative),
            )
        )
        if position > 0:
            higher = rule.levels[position - 1]
            parts.append(_missing_text(boxes_of, higher.marker, higher.alternatives, by_id))
    if unanswered(codes):
        # Not marked yet: neither a provisional marker nor a marker 0 to explain, and nothing
        # to fix (no flag); the marker stays the rule's, 0, for the code that computes with
        # markers (the summaries count it apart), and reads blank (CombinationTable.marked).
        return marker, MESSAGES["unmarked"], 0
    return marker, REASON_SEPARATOR.join(parts), flags


@lru_cache(maxsize=16)
def combination_table(rule: Rule = DEFAULT_RULE) -> CombinationTable:
    """Explain every combination of answer codes under ``rule`` (cached per rule).

    Raises :class:`~efh_xl.core.grid.RuleError` for box sets that cannot give a marker, as
    building a workbook or saving the rule does: every evaluation, summary and consolidation
    goes through here (a rule with no box in the dark-green set marked every answered action
    2, « Marqueur 2 :  (cases vert foncé) »)."""
    if problems := rule.problems(in_file=True):
        raise RuleError(problems)
    markers = [0] * N_COMBINATIONS
    reasons = [""] * N_COMBINATIONS
    flags = [0] * N_COMBINATIONS
    marked = [True] * N_COMBINATIONS
    boxes_of = _boxes_of(rule)
    for codes in product(range(N_CODES), repeat=len(QUESTIONS)):
        index = combination_index(codes)
        markers[index], reasons[index], flags[index] = _explain(codes, rule, boxes_of)
        marked[index] = not unanswered(codes)
    return CombinationTable(tuple(markers), tuple(reasons), tuple(flags), tuple(marked))


def unrecognised_part(question_id: str, text: str) -> str:
    """The reason part that names an unrecognised value, separator included."""
    message = MESSAGES["unrecognised"].format(qid=question_id, value=quote(text))
    return message + REASON_SEPARATOR


def _six_answers(answers: Any) -> list[Any]:
    """The six answers of an action, in question order: a sequence of six, or a mapping (a
    dict, a row of a DataFrame) holding the questions' columns, taken by name. Anything else
    raises a French ValueError: five answers read as a blank Q5, and a whole row of the
    table read its year and territory as answers, both without a word."""
    n = len(QUESTIONS)
    if answers is None or isinstance(answers, str | bytes):
        raise ValueError(f"{n} réponses attendues ({', '.join(QUESTION_IDS)}), pas {answers!r}")
    if hasattr(answers, "keys"):
        by_name = {str(k).strip().casefold(): k for k in answers.keys()}
        missing = [q for q in QUESTION_IDS if q.casefold() not in by_name]
        if missing:
            raise ValueError(f"colonnes manquantes : {', '.join(missing)}")
        return [answers[by_name[q.casefold()]] for q in QUESTION_IDS]
    try:
        values = list(answers)
    except TypeError:  # a number, a date: one value, not six
        raise ValueError(
            f"{n} réponses attendues ({', '.join(QUESTION_IDS)}), pas {answers!r}"
        ) from None
    if len(values) != n:
        raise ValueError(
            f"{n} réponses attendues ({', '.join(QUESTION_IDS)}), "
            f"{counted(len(values), 'reçue', 'reçues')}"
        )
    return values


def evaluate_action(answers: Sequence[Any], rule: Rule | None = None) -> tuple[int | None, str]:
    """Marker and reason of one action, from its six answers in question order (or a mapping,
    such as a row of a DataFrame, holding Q1 … Q5 by name); the marker is None (blank) when
    no question has an answer: the action is not marked yet. Raises ValueError (in French)
    for anything else than six answers."""
    rule = given_rule(rule)
    table = combination_table(rule)
    values = _six_answers(answers)
    coded = [answer_code(v, rule.spellings) for v in values]
    index = combination_index([code for code, _ in coded])
    prefix = "".join(
        unrecognised_part(qid, text)
        for qid, (code, text) in zip(QUESTION_IDS, coded)
        if code == UNRECOGNISED
    )
    return table.shown_marker(index), prefix + table.reasons[index]


def marker(answers: Sequence[Any], rule: Rule | None = None) -> int | None:
    """Marker (0, 1 or 2) of one action; None when no question has an answer (not marked)."""
    return evaluate_action(answers, rule)[0]


def reason(answers: Sequence[Any], rule: Rule | None = None) -> str:
    """Validation reason of one action, in French."""
    return evaluate_action(answers, rule)[1]


MARKERS = (0, 1, 2)
# Categories of an action beyond its marker: not marked yet (see efh_xl.core.status).
PROVISIONAL, UNMARKED = 3, 4


def action_category(answers: Sequence[Any], rule: Rule | None = None) -> int:
    """The category of one action: its marker 0, 1 or 2; PROVISIONAL when an answer it needs
    is missing or unreadable; UNMARKED when it has no answer at all.

    The per-action twin of :func:`efh_xl.core.status.action_status` (standard library only,
    for the workbook's functions); a test checks that both agree on every combination.
    """
    rule = rule or DEFAULT_RULE
    values = list(answers)[: len(QUESTIONS)]
    values += [None] * (len(QUESTIONS) - len(values))
    codes = [answer_code(v, rule.spellings)[0] for v in values]
    if unanswered(codes):
        return UNMARKED
    if _unsettled(codes):
        return PROVISIONAL
    return combination_table(rule).markers[combination_index(codes)]
