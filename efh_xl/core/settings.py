"""The territory's settings (sheet « Paramètres »): values, defaults and their validation.

Pure: the workbook adapter reads the cells (:mod:`efh_xl.workbook.reader`) and hands them here
as plain values with their cell addresses, so that a bad value gets a French message naming
its cell.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from efh_xl.core.programmation import DEFAULT_PILIERS
from efh_xl.core.sheet_model import column_name
from efh_xl.errors import SettingsError


def _is_share(value: Any) -> bool:
    """A number from 0 to 1 (a share or a weight)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1


def _is_sequence(value: Any) -> bool:
    """A list or tuple of values, not a text (whose letters a loop would take one by one)."""
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


@dataclass(frozen=True)
class Settings:
    """User-set parts of the summaries; a weight or a target outside 0 … 1 raises ValueError
    (in French) when made."""

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
    # The territories listed (the Actions sheet's menu); an import names the others.
    territories: tuple[str, ...] = ()
    # Funders, one amount column each in the Actions table when present.
    funders: tuple[str, ...] = ()
    # The name of the rule shown on the summaries; blank: derived from the Grille.
    rule_name: str = ""

    def __post_init__(self) -> None:
        # Made in Python (the sheet's values are checked by parse_settings, naming their
        # cell): two weights failed later in summarize on « operands could not be
        # broadcast », a target of 1.5 drew an impossible line on the charts.
        wrong = []
        weights = tuple(self.eige_weights) if _is_sequence(self.eige_weights) else ()
        if len(weights) != 3 or not all(_is_share(w) for w in weights):
            wrong.append(
                "eige_weights : trois pondérations entre 0 et 1, des marqueurs 0, 1 et 2 "
                f"(par exemple (0, 0.4, 1)), pas {self.eige_weights!r}"
            )
        for name in ("target_1_or_2", "target_2"):
            if not _is_share(getattr(self, name)):
                wrong.append(
                    f"{name} : une part entre 0 et 1 (0.85 pour 85 %), pas {getattr(self, name)!r}"
                )
        if not isinstance(self.max_listed, int) or isinstance(self.max_listed, bool) or (
            self.max_listed < 0
        ):
            wrong.append(f"max_listed : un nombre d'actions, pas {self.max_listed!r}")
        # A text is a sequence too: piliers="Cohésion sociale" gave one pilier per letter.
        examples = {"piliers": "Cohésion sociale", "territories": "Denain", "funders": "CAF"}
        for name, example in examples.items():
            value = getattr(self, name)
            if not _is_sequence(value) or not all(isinstance(v, str) for v in value):
                wrong.append(
                    f"{name} : une liste de noms, par exemple (\"{example}\",), pas {value!r}"
                )
            else:
                object.__setattr__(self, name, tuple(value))
        pairs = self.short_names
        if isinstance(pairs, dict):  # {territory: short name}, as one would write it
            pairs = tuple(pairs.items())
        if not _is_sequence(pairs) or not all(
            _is_sequence(p) and len(p) == 2 and all(isinstance(t, str) for t in p) for p in pairs
        ):
            wrong.append(
                "short_names : des paires (territoire, nom court), par exemple "
                f"((\"Contrat de ville de Denain\", \"Denain\"),), pas {self.short_names!r}"
            )
        else:
            object.__setattr__(self, "short_names", tuple(tuple(p) for p in pairs))
        if not isinstance(self.rule_name, str):
            wrong.append(f"rule_name : un texte, pas {self.rule_name!r}")
        if wrong:
            raise ValueError("Settings invalides : " + " ; ".join(wrong))

    def short_name(self, territory: str) -> str:
        """The name of a territory on its sheet tab (the territory itself when none is set)."""
        folded = territory.strip().casefold()
        for name, short in self.short_names:
            if name.strip().casefold() == folded and short.strip():
                return short.strip()
        return territory


DEFAULT_FUNDERS = (
    "État (programme 147)",
    "Intercommunalité",
    "Commune",
    "CAF",
    "Région",
    "Bailleurs",
)


@dataclass(frozen=True)
class Setting:
    """One value of the Paramètres sheet: its key in :class:`Settings`, label and default."""

    key: str
    label: str
    default: float | str
    share: bool = True  # a percentage between 0 % and 100 %


# The settings in sheet order (one row each, label then value).
SETTINGS: tuple[Setting, ...] = (
    Setting("target_1_or_2", "Cible : part des actions au marqueur 1 ou 2", 0.85),
    Setting("target_2", "Cible : part des actions au marqueur 2", 0.20),
    Setting("weight_2", "Pondération EIGE des euros au marqueur 2", 1.0),
    Setting("weight_1", "Pondération EIGE des euros au marqueur 1", 0.4),
    Setting("weight_0", "Pondération EIGE des euros au marqueur 0", 0.0),
    Setting(
        "rule_name",
        "Nom de la règle (vide : nom déduit de la feuille Grille)",
        "",
        share=False,
    ),
)

# Where the settings sit on the Paramètres sheet (0-based): one a row from SETTINGS_FIRST_ROW,
# label in column A, value in column B. The build names that block EFH_PARAMETRES, which the
# workbook's functions take as an argument.
SETTINGS_FIRST_ROW, SETTINGS_VALUE_COL = 2, 1


def setting_address(index: int) -> str:
    """« B3 »: the cell of the value of ``SETTINGS[index]``, as messages name it."""
    return f"{column_name(SETTINGS_VALUE_COL)}{SETTINGS_FIRST_ROW + index + 1}"


_PERCENT_TEXT = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*%\s*$")


def parse_share(value: Any, address: str, percent_cell: bool = False) -> float | None:
    """A share typed in a cell, as a fraction: 0.85 (a cell formatted as %), 85 (a number of
    percent), « 85 % », « 85% », « 0,85 » or « 85 » as text all mean 85 %.

    A number above 1 is a number of percent (nobody means 8,500 % by 85); 1 is 100 %, as a
    cell formatted as a percentage holds it. In a cell formatted as a percentage
    (``percent_cell``) a number is read as the cell shows it: 1.5 is « 150 % », refused, not
    1.5 % (Excel stores 150 % typed there as 1.5). None for a blank cell. Raises
    :class:`SettingsError` naming ``address`` otherwise, and for a share outside 0 % to 100 %.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        match = _PERCENT_TEXT.match(value)
        if match:
            number = float(match[1].replace(",", ".")) / 100
        else:
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                number = None
    if number is None or number != number or number in (float("inf"), float("-inf")):
        raise SettingsError(
            address, f"« {value} » n'est pas un pourcentage (attendu par exemple 85 %)"
        )
    if isinstance(value, str):
        of_percent = not _PERCENT_TEXT.match(value)  # « 85 » as text: a number of percent
    else:
        of_percent = not percent_cell  # 85 in a cell with no % format: a number of percent
    if number > 1.0 and of_percent:
        number /= 100
    if not 0.0 <= number <= 1.0:
        shown = f"{number * 100:g} %".replace(".", ",")
        raise SettingsError(address, f"{shown} n'est pas entre 0 % et 100 %")
    return number


def needs_cell_format(value: Any) -> bool:
    """Whether the share in a cell reads differently in a cell formatted as a percentage:
    only a number above 1 does (see :func:`parse_share`); a reader looks up the cell's format
    for those only."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 1.0


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_settings(
    values: dict[str, tuple[str, Any]],
    territories: Sequence[tuple[Any, Any]] = (),
    piliers: Sequence[Any] = (),
    funders: Sequence[Any] = (),
    percent_cells: Collection[str] = (),
) -> Settings:
    """Settings from the cells of the Paramètres sheet.

    ``values`` maps a :data:`SETTINGS` key to (cell address, value); lists are the cells below
    their headers (territory with its short name, piliers, funders). ``percent_cells`` are the
    addresses of cells formatted as a percentage (see :func:`parse_share`). A blank value
    keeps the default; a blank list keeps the default piliers and no funders.
    """
    got: dict[str, Any] = {}
    problems: list[SettingsError] = []
    for setting in SETTINGS:
        address, value = values.get(setting.key, ("", None))
        if setting.share:
            try:
                number = parse_share(value, address, address in percent_cells)
            except SettingsError as problem:
                problems.append(problem)
                continue
            got[setting.key] = setting.default if number is None else number
        else:
            got[setting.key] = _text(value)
    if problems:  # named all at once
        first, *others = problems
        raise SettingsError(first.address, first.why, others)
    pilier_list = tuple(t for t in (_text(p) for p in piliers) if t)
    return Settings(
        eige_weights=(got["weight_0"], got["weight_1"], got["weight_2"]),
        target_1_or_2=got["target_1_or_2"],
        target_2=got["target_2"],
        piliers=pilier_list or DEFAULT_PILIERS,
        short_names=tuple((_text(t), _text(s)) for t, s in territories if _text(t) and _text(s)),
        territories=tuple(dict.fromkeys(t for t in (_text(t) for t, _ in territories) if t)),
        funders=tuple(dict.fromkeys(t for t in (_text(f) for f in funders) if t)),
        rule_name=got["rule_name"],
    )


def settings_from_block(rows: Sequence[Sequence[Any]]) -> Settings:
    """Settings from the settings block of the Paramètres sheet as an Excel function receives
    it (the range EFH_PARAMETRES: one row per setting of :data:`SETTINGS`, label then value,
    a 2-D list; None for an empty cell). Missing rows keep their defaults; the lists
    (territories, piliers, funders) are not in the block. Raises :class:`SettingsError`
    naming the cell of a bad value, as a refresh does.
    """
    values = {}
    for index, setting in enumerate(SETTINGS):
        row = list(rows[index]) if index < len(rows) else []
        values[setting.key] = (setting_address(index), row[-1] if row else None)
    return parse_settings(values)
