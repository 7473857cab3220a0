"""Markers typed by hand over their formula in the Actions table.

A reviewer who disagrees with a marker types another one over the cell (« 0 » where the
answers give 2): the cell loses its formula and shows the typed figure, while every summary
counts the marker the answers give. Nothing said it. A typed cell is known from the cached
values first (a cell showing another marker than the answers give: rare, so cheap), then
from the sheet's XML (that cell has no formula): a stale cached value under its formula
(Grille's boxes changed, not yet recomputed) is no typing.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from lxml import etree

from efh_xl.core.engine import MARKER_COLUMN
from efh_xl.core.grid import Rule
from efh_xl.core.plural import agreed, counted
from efh_xl.core.vectorised import Assessment, shown_markers
from efh_xl.ooxml.xml import col_name
from efh_xl.workbook.table_parts import MAIN_NS, table_parts

# The rows named in the warning, at most.
_SHOWN = 5


def _typed_marker(value: Any) -> int | None:
    """The marker a cell shows as a whole number (2.0, « 2 »), or None (blank, anything else:
    a text typed there is the Motif's matter, not a figure to compare)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and value == value and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _cells_without_formula(path: Path, table: str, column: str, rows: set[int]) -> set[int]:
    """Of the sheet rows ``rows`` (1-based), those whose cell of ``column`` in ``table`` holds
    a value and no formula; empty when the package does not say (its read said what is
    wrong, if anything)."""
    try:
        with zipfile.ZipFile(path) as package:
            place = next((t for t in table_parts(package) if t.name == table), None)
            if place is None or column not in place.columns:
                return set()
            letter = col_name(place.left + place.columns.index(column))
            wanted = {f"{letter}{row}": row for row in rows}
            found: set[int] = set()
            with package.open(place.sheet_part) as stream:
                for _, cell in etree.iterparse(stream, tag=f"{{{MAIN_NS}}}c"):
                    row = wanted.get(cell.get("r", ""))
                    if row is not None and cell.find(f"{{{MAIN_NS}}}f") is None:
                        found.add(row)
                    cell.clear()
            return found
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, zlib.error, etree.LxmlError):
        return set()


def typed_markers_warning(
    path: str | Path,
    table: str,
    shown: Sequence[Any],
    rows: Sequence[int],
    assessment: Assessment,
    rule: Rule,
) -> str | None:
    """The warning naming the markers typed over their formula (see above), or None.

    ``shown``: the Marqueur cells as read (cached values), ``rows`` their sheet rows,
    ``assessment`` the same rows assessed under the workbook's ``rule``."""
    computed = shown_markers(assessment, rule)
    marked = ~np.asarray(computed.isna())
    values = np.asarray(computed.to_numpy(dtype="float64", na_value=np.nan))
    differ = {}
    for i, cell in enumerate(shown):
        typed = _typed_marker(cell)
        if typed is not None and (not marked[i] or typed != int(values[i])):
            differ[int(rows[i])] = (typed, int(values[i]) if marked[i] else None)
    if not differ:
        return None
    typed_rows = sorted(_cells_without_formula(Path(path), table, MARKER_COLUMN, set(differ)))
    if not typed_rows:
        return None
    n = len(typed_rows)
    said = []
    for row in typed_rows[:_SHOWN]:
        typed, given = differ[row]
        by_answers = (
            "non marquée selon les réponses" if given is None else f"{given} selon les réponses"
        )
        said.append(f"ligne {row} : {typed} tapé, {by_answers}")
    more = f" ; et {n - _SHOWN} autres" if n > _SHOWN else ""
    return (
        f"{counted(n, 'marqueur tapé', 'marqueurs tapés')} à la main à la place de la formule de "
        f"la colonne {MARKER_COLUMN} ({' ; '.join(said)}{more}) : les synthèses comptent le "
        "marqueur que donnent les réponses. Recopiez dans "
        + agreed(n, "cette cellule", "ces cellules")
        + " la formule d'une ligne voisine ; pour changer un marqueur, changez les réponses aux "
        "questions."
    )


__all__ = ["typed_markers_warning"]
