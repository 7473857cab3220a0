"""efh_xl: the equality marker (égalité femmes-hommes) of a contrat de ville programmation.

The core (grid, engine, summaries) is pure Python over pandas and numpy, importable without
Excel or xlwings. The edges (workbook builder, file adapter, xlwings live adapter, CLI) are
imported on first use, so ``import efh_xl`` stays light and portable (xlwings Lite, Pyodide).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from efh_xl.core.engine import evaluate_action, marker, reason
from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE, QUESTIONS, Rule
from efh_xl.errors import EfhError

__version__ = "0.1.0"

# Public functions of the edges, by the module that holds them (loaded lazily).
_EDGES = {
    "assess": "efh_xl.core.vectorised",
    "evaluate": "efh_xl.core.vectorised",
    "build_workbook": "efh_xl.workbook.build",
    "refresh": "efh_xl.workbook.refresh",
    "refresh_workbook": "efh_xl.workbook.refresh",
    "read_workbook": "efh_xl.workbook.reader",
    "summarize": "efh_xl.core.summary",
    "evaluate_file": "efh_xl.workbook.action_lists",
}


def __getattr__(name: str) -> Any:
    if name in _EDGES:
        return getattr(import_module(_EDGES[name]), name)
    raise AttributeError(f"module 'efh_xl' has no attribute {name!r}")


__all__ = [
    "ALTERNATIVE_RULES",
    "DEFAULT_RULE",
    "QUESTIONS",
    "EfhError",
    "Rule",
    "evaluate_action",
    "marker",
    "reason",
    *_EDGES,
]
