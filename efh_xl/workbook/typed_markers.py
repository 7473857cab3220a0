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
import pandas as pd
from lxml import etree

from efh_xl.core.engine import MARKER_COLUMN
from efh_xl.core.grid import Rule
from efh_xl.core.plural import agreed, counted
from efh_xl.core.vectorised import Assessment, shown_markers
from efh_xl.ooxml.xml import col_name
from efh_xl.workbook.table_parts import MAIN_NS, table_parts

# The rows named in the warning, and the rows whose formula is looked for, at most.
_SHOWN = 5
_CONFIRMED = 200


def _cells_without_formula(path: Path, table: str, column: str, rows: set[int]) -> set[int]:
    """Of the sheet rows ``rows`` (1-based), those whose cell of ``column`` in ``table`` holds
    a value and no formula; empty when the package does not say (its read said what is
    wrong, if anything). The sheet is read row after row up to the last of ``rows`` only."""
    try:
        with zipfile.ZipFile(path) as package:
            place = next((t for t in table_parts(package) if t.name == table), None)
            if place is None or column not in place.columns:
                return set()
            letter = col_name(place.left + place.columns.index(column))
            wanted = {f"{letter}{row}": row for row in rows}
            last = max(rows)
            found: set[int] = set()
            with package.open(place.sheet_part) as stream:
                for _, element in etree.iterparse(stream, tag=f"{{{MAIN_NS}}}row"):
                    for cell in element.iterchildren(f"{{{MAIN_NS}}}c"):
                        row = wanted.get(cell.get("r", ""))
                        if row is not None and cell.find(f"{{{MAIN_NS}}}f") is None:
                            found.add(row)
                    number = int(element.get("r", "0"))
                    element.clear()
                    # The rows parsed so far, dropped: 100,000 rows kept 300 MB.
                    while element.getprevious() is not None:
                        del element.getparent()[0]
                    if number >= last:
                        break
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
    given = np.asarray(computed.to_numpy(dtype="float64", na_value=np.nan))
    # The cells showing a whole number (2.0, « 2 »), at C speed: a text there (« à voir ») is
    # the Motif's matter, not a figure to compare.
    typed = pd.to_numeric(pd.Series(shown, dtype=object), errors="coerce").to_numpy(dtype="float64")
    whole = np.isfinite(typed) & (typed == np.floor(typed))
    differ = np.flatnonzero(whole & (~marked | (typed != given)))
    if not differ.size:
        return None
    # The first rows only: cached values stale all down the table (a Grille edited, not yet
    # recomputed) would have the whole sheet read for no typed cell.
    at = {int(rows[i]): i for i in differ[:_CONFIRMED].tolist()}
    typed_rows = sorted(_cells_without_formula(Path(path), table, MARKER_COLUMN, set(at)))
    if not typed_rows:
        return None
    n = len(typed_rows)
    said = []
    for row in typed_rows[:_SHOWN]:
        i = at[row]
        by_answers = (
            f"{int(given[i])} selon les réponses"
            if marked[i]
            else ("non marquée selon les réponses")
        )
        said.append(f"ligne {row} : {int(typed[i])} tapé, {by_answers}")
    more = f" ; et {counted(n - _SHOWN, 'autre', 'autres')}" if n > _SHOWN else ""
    return (
        f"{counted(n, 'marqueur tapé', 'marqueurs tapés')} à la main à la place de la formule de "
        f"la colonne {MARKER_COLUMN} ({' ; '.join(said)}{more}) : les synthèses comptent le "
        "marqueur que donnent les réponses. Recopiez dans "
        + agreed(n, "cette cellule", "ces cellules")
        + " la formule d'une ligne voisine ; pour changer un marqueur, changez les réponses aux "
        "questions."
    )


__all__ = ["typed_markers_warning"]
