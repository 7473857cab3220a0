"""Realistic, messy answers for benchmarks: mostly clean OUI/NON, then what people really type."""

from __future__ import annotations

import numpy as np
import pandas as pd

from efh_xl.core.grid import QUESTION_IDS

# value, weight: clean answers dominate; variants, blanks and a little junk follow.
ANSWERS = [
    ("OUI", 30),
    ("NON", 30),
    (None, 12),
    ("oui", 5),
    ("non", 5),
    (" Oui ", 2),
    ("Non\xa0", 2),
    ("O", 1),
    ("N", 1),
    ("X", 2),
    (1.0, 1),
    (0.0, 1),
    (True, 1),
    (False, 1),
    ("N/A", 1),
    ("?", 0.5),
    ("peut-être", 0.5),
    ("#N/A", 0.2),
    ("à voir avec la structure", 0.3),
]


def messy_answers(rows: int, seed: int = 0) -> pd.DataFrame:
    """A frame of ``rows`` actions with columns Q1..Q5 of object dtype, as read from a sheet."""
    rng = np.random.default_rng(seed)
    values = np.empty(len(ANSWERS), dtype=object)
    values[:] = [v for v, _ in ANSWERS]
    weights = np.array([w for _, w in ANSWERS], dtype=float)
    weights /= weights.sum()
    return pd.DataFrame(
        {q: values[rng.choice(len(values), size=rows, p=weights)] for q in QUESTION_IDS}
    )
