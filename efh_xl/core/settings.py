"""The territory's settings (sheet « Paramètres »): values, defaults and their validation.

Pure: the workbook adapter reads the cells (:mod:`efh_xl.workbook.reader`) and hands them here
as plain values with their cell addresses, so that a bad value gets a French message naming
its cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from efh_xl.core.programmation import DEFAULT_PILIERS


@dataclass(frozen=True)
class Settings:
    """User-set parts of the summaries."""

    # EIGE weighting of euros for EU funds: marker 2 = 100 %, 1 = 40 %, 0 = 0 %.
    eige_weights: tuple[float, float, float] = (0.0, 0.4, 1.0)
    # EU GAP III: 85 % of actions at marker 1 or 2, 20 % at marker 2.
    target_1_or_2: float = 0.85
    target_2: float = 0.20
    # A summary lists at most this many actions to fix; the rest are counted and found by
    # filtering the Motif column of the Actions sheet.
    max_listed: int = 1000
    # Piliers in their official order (summaries list them so, then any other pilier).
    piliers: tuple[str, ...] = DEFAULT_PILIERS
    # Territory -> short name, used for the tab of its summary sheet.
    short_names: tuple[tuple[str, str], ...] = ()
    # Funders, one amount column each in the Actions table when present.
    funders: tuple[str, ...] = ()
    # The name of the rule shown on the summaries; blank: derived from the Grille.
    rule_name: str = ""


def rule_label(
    reference_name: str, is_reference: bool, custom: str, modified: dt.date | None
) -> str:
    """The rule's name on the summaries.

    The name typed in Paramètres wins; otherwise the reference reading keeps its name, and a
    Grille whose boxes differ from it is « règle modifiée le <date of the workbook's last
    save> », so nobody reads an edited rule under the reference name.
    """
    if custom.strip():
        return custom.strip()
    if is_reference:
        return reference_name
    when = f" le {modified:%d/%m/%Y}" if modified else ""
    return f"règle modifiée{when} (feuille Grille)"
