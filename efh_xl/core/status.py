"""Whether an action is marked: « non marqué », « provisoire », or marked 0, 1 or 2.

An action with no answer at all is not marked yet; one with an answer missing or unreadable has
a provisional marker, which can still change. Neither is marker 0: counting them as 0 makes a
territory look worse than it is (see shared/spec/grille-efh.md, "Not yet marked is not 0").
"""

from __future__ import annotations

import numpy as np

from efh_xl.core.answers import BLANK, UNRECOGNISED
from efh_xl.core.engine import PROVISIONAL, UNMARKED
from efh_xl.core.grid import CODE_OF_ANSWER, QUESTION_IDS, QUESTIONS

# The categories of every count, in display order: markers, then the actions not marked yet.
CATEGORIES = (0, 1, 2, PROVISIONAL, UNMARKED)
CATEGORY_LABELS = ("Marqueur 0", "Marqueur 1", "Marqueur 2", "Provisoire", "Non marqué")
# Short keys (reports, JSON): "0", "1", "2", "provisoire", "non marqué".
CATEGORY_KEYS = ("0", "1", "2", "provisoire", "non marqué")
# The State's platform (Dauphin) labels of markers 0, 1 and 2.
DAUPHIN_CODES = ("G0", "G1", "G2")
# What markers 0, 1 and 2 mean (the OECD gender marker): said on every summary, since some
# cities number their own categories the other way round.
MARKER_MEANINGS = (
    "l'égalité femmes-hommes n'est pas ciblée",
    "c'en est un objectif significatif",
    "c'en est l'objectif principal",
)
MARKERS_LEGEND = " ; ".join(
    f"{'Marqueur' if m == 0 else 'marqueur'} {m} ({code}{' dans Dauphin' if m == 0 else ''}) : "
    f"{meaning}"
    for m, (code, meaning) in enumerate(zip(DAUPHIN_CODES, MARKER_MEANINGS))
) + "."


def missing_answers(codes: np.ndarray) -> np.ndarray:
    """Per action (rows of answer codes in question order): an answer it needs is blank or
    unreadable. A conditional question (Q2b) is needed only when its condition holds."""
    needed = np.ones(codes.shape, dtype=bool)
    for j, question in enumerate(QUESTIONS):
        if question.applies_when is not None:
            condition_id, answer = question.applies_when
            condition = codes[:, QUESTION_IDS.index(condition_id)]
            needed[:, j] = condition == CODE_OF_ANSWER[answer]
    return (needed & ((codes == BLANK) | (codes == UNRECOGNISED))).any(axis=1)


def action_status(markers: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The category of each action: its marker, or PROVISIONAL, or UNMARKED."""
    status = np.asarray(markers, dtype=np.intp).copy()
    codes = np.asarray(codes)
    if len(status):
        status[missing_answers(codes)] = PROVISIONAL
        status[(codes == BLANK).all(axis=1)] = UNMARKED
    return status


def dauphin_code(marker: int | None) -> str:
    """The Code Dauphin of an action from its marker as shown: G0, G1 or G2, blank when it is
    not marked at all (marker None)."""
    return "" if marker is None else DAUPHIN_CODES[marker]
