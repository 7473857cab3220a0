"""A count and the words it governs, agreed in French: « 1 action ajoutée », « 2 actions
ajoutées », and « 0 action ajoutée » (French puts 0 and 1 in the singular).

Every count a user reads goes through here, never « action(s) ajoutée(s) »: both forms are
given whole, as French plurals are not made by adding an « s » (« mise à jour », « mises à
jour »).
"""

from __future__ import annotations

from collections.abc import Iterable


def agreed(count: int, singular: str, plural: str) -> str:
    """``singular`` for a count of 0 or 1, else ``plural``."""
    return singular if abs(count) < 2 else plural


def spaced(count: int) -> str:
    """A count with its thousands spaced, as French writes them (« 36 000 ») : a no-break
    space, so that a wrapped message never parts them, and one every console encoding
    holds (Windows-1252 and the DOS code pages too)."""
    return f"{count:,}".replace(",", "\u00a0")


def counted(count: int, singular: str, plural: str) -> str:
    """The count followed by its words, agreed: ``counted(2, "fichier lu", "fichiers lus")``
    is « 2 fichiers lus », ``counted(36000, …)`` « 36 000 actions »."""
    return f"{spaced(count)} {agreed(count, singular, plural)}"


def first_few(items: Iterable[object], most: int = 5, sep: str = ", ") -> str:
    """The first ``most`` of ``items`` joined, then « … » when there are more: the lines a
    message names (« lignes 3, 4, 9, 12, 15 … »), never hundreds of them."""
    listed = list(items)
    shown = sep.join(map(str, listed[:most]))
    return shown + " …" if len(listed) > most else shown


__all__ = ["agreed", "counted", "first_few", "spaced"]
