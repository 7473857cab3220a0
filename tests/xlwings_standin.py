"""A recording stand-in of the few xlwings objects the summaries' script uses.

Excel is not on this machine: this is the one fake the project allows. Every effect on the
workbook (a value, a format, a sheet added or deleted, a chart) is appended to ``book.log`` in
plain JSON-able form, so two runs (classic button, xlwings Lite script) can be compared whole.
The data a script reads (the Actions table, the Grille's box sets) is given at construction.

``Book.lite``: the book refuses what xlwings Lite's engine refuses (xlwings 0.37.8,
``pro/_xlremote.py``): an address of several areas (its parser takes one rectangle), reading a
cell's position or number format back (asynchronous there: NotImplementedError).
"""

from __future__ import annotations

import math
from typing import Any

ACTIONS, GRID, LOOKUP = "Actions", "Grille", "EFH_Calcul"


def plain(value: Any) -> Any:
    """A JSON-able copy of a value as Excel would receive it (numpy scalars become numbers)."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


class _Recorded:
    """Attributes set after construction are logged with the object's address."""

    _ready = False

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if self._ready and not name.startswith("_"):
            self._log("set", name, plain(value))

    def _log(self, *entry: Any) -> None:
        raise NotImplementedError


class Font(_Recorded):
    def __init__(self, rng: Range) -> None:
        self._rng = rng
        self._ready = True

    def _log(self, kind: str, name: str, value: Any) -> None:
        self._rng._log(kind, "font." + name, value)


class Rows:
    def __init__(self, rng: Range) -> None:
        self._rng = rng

    def autofit(self) -> None:
        self._rng._log("call", "rows.autofit")


class Range(_Recorded):
    def __init__(self, sheet: Sheet, first: tuple[int, int], last: tuple[int, int] | None) -> None:
        self._sheet, self._first, self._last = sheet, first, last or first
        self.rows = Rows(self)
        self.font = Font(self)
        self._ready = True

    def _classic(self, what: str) -> None:
        if self._sheet._book.lite:
            raise NotImplementedError(f"Reading the {what} synchronously isn't supported")

    @property
    def left(self) -> float:
        self._classic("left position")
        return self._first[1] * 50.0

    @property
    def top(self) -> float:
        self._classic("top position")
        return self._first[0] * 15.0

    @property
    def number_format(self) -> str:
        self._classic("number format")
        return "General"

    @number_format.setter
    def number_format(self, value: str) -> None:
        pass  # logged as every attribute set (_Recorded)

    @property
    def address(self) -> str:
        (r1, c1), (r2, c2) = self._first, self._last
        return f"R{r1}C{c1}:R{r2}C{c2}"

    @property
    def value(self) -> Any:
        return self._sheet._values.get(self._first)

    @value.setter
    def value(self, block: Any) -> None:
        rows = block if isinstance(block, list) and block and isinstance(block[0], list) else None
        rows = rows or [[block]]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self._sheet._values[(self._first[0] + i, self._first[1] + j)] = v

    def merge(self, across: bool = False) -> None:
        self._log("call", "merge", across)

    def _log(self, kind: str, name: str, *args: Any) -> None:
        self._sheet._book.log.append([kind, self._sheet.name, self.address, name, *args])


class ChartPart(_Recorded):
    """A part of a chart (a series, an axis): its settings logged under the chart, prefixed
    with the part's name (« series1.fill_color », « category_axis.reverse_order »)."""

    def __init__(self, chart: Chart, part: str) -> None:
        self._chart, self._part = chart, part
        self._ready = True

    def _log(self, kind: str, name: str, *args: Any) -> None:
        self._chart._log(kind, f"{self._part}.{name}", *args)


class Chart(_Recorded):
    def __init__(self, sheet: Sheet, box: dict) -> None:
        self._sheet = sheet
        self._index = len(sheet.charts)
        self._series = 0
        sheet._book.log.append(["call", sheet.name, "charts.add", plain(box)])
        self._ready = True

    def set_source_data(self, rng: Range, plot_by: str | None = None) -> None:
        address = getattr(rng, "_text", rng.address)
        self._log("call", "set_source_data", address, plot_by)
        # Its series as Excel makes them from columns: one a column but the first (the
        # categories), or one an area but the first, from an address of several.
        areas = address.split(",")
        if len(areas) > 1:
            self._series = len(areas) - 1
        else:
            (_, c1), (_, c2) = self._first_last(areas[0])
            self._series = c2 - c1

    @staticmethod
    def _first_last(area: str) -> tuple[tuple[int, int], tuple[int, int]]:
        ends = [tuple(map(int, end[1:].split("C"))) for end in area.split(":")]
        return ends[0], ends[-1]

    @property
    def category_axis(self) -> ChartPart:  # its settings queued alike by every engine
        return ChartPart(self, "category_axis")

    @property
    def series(self) -> list[ChartPart]:
        if self._sheet._book.lite:  # as Lite's engine: the series only through get_series()
            raise NotImplementedError(
                "Inspecting chart series synchronously isn't supported on this engine."
            )
        return [ChartPart(self, f"series{k}") for k in range(1, self._series + 1)]

    def _log(self, kind: str, name: str, *args: Any) -> None:
        self._sheet._book.log.append([kind, self._sheet.name, f"chart{self._index}", name, *args])


class Charts(list):
    def __init__(self, sheet: Sheet) -> None:
        super().__init__()
        self._sheet = sheet

    def add(self, *, anchor: Range, width: float, height: float) -> Chart:
        # xlwings 0.37.3: placed by its cell (Lite cannot read a cell's position back).
        self.append(Chart(self._sheet, {"anchor": anchor.address, "size": [width, height]}))
        return self[-1]


class _Value:
    def __init__(self, value: Any) -> None:
        self.value = value


class Table:
    def __init__(self, headers: list, body: list) -> None:
        self.header_row_range = _Value(headers)
        self.data_body_range = _Value(body) if body else None


class Sheet:
    def __init__(self, book: Book, name: str) -> None:
        self._book, self.name = book, name
        self._values: dict[tuple[int, int], Any] = {}
        self.charts = Charts(self)
        self.tables: dict[str, Table] = {}
        self.names = Names(book, self)

    def range(self, first: Any, last: Any = None) -> Range:
        if isinstance(first, str):  # an address such as "R1C1:R2C1,R1C2:R2C2"
            if self._book.lite and "," in first:
                raise ValueError("too many values to unpack (expected 2)")  # as Lite's parser
            rng = Range(self, (0, 0), None)
            object.__setattr__(rng, "_text", first)
            return rng
        return Range(self, tuple(first), tuple(last) if last else None)

    def __getitem__(self, address: Any) -> Range:
        return self.range(address)

    def delete(self) -> None:
        self._book.sheets._items.remove(self)
        self._book.log.append(["call", self.name, "delete"])

    def activate(self) -> None:
        self._book.log.append(["call", self.name, "activate"])


class Sheets:
    def __init__(self, book: Book) -> None:
        self._book, self._items = book, []

    def __iter__(self):
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, key: Any) -> Sheet:
        if isinstance(key, int):
            return self._items[key]
        return next(s for s in self._items if s.name == key)

    def add(self, name: str | None = None, before: Any = None, after: Any = None) -> Sheet:
        sheet = Sheet(self._book, name)
        position = self._items.index(after) + 1 if after is not None else 0
        self._items.insert(position, sheet)
        self._book.log.append(["call", name, "sheets.add", position])
        return sheet


class Name:
    def __init__(self, name: str, value: Any = None, refers_to: str | None = None) -> None:
        self.name, self.refers_to = name, refers_to
        self.refers_to_range = _Value(value)


class Names:
    """Defined names of the book, or of one sheet (xlwings names those ``'Sheet'!Name``)."""

    def __init__(self, book: Book, sheet: Sheet | None = None) -> None:
        self._book, self._sheet, self._items = book, sheet, {}

    def __iter__(self):
        return iter(list(self._items.values()))

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def __getitem__(self, key: str) -> Name:
        return self._items[key]

    def add(self, name: str, refers_to: str) -> Name:
        full = f"'{self._sheet.name}'!{name}" if self._sheet else name
        self._items[name] = Name(full, refers_to=refers_to)
        where = self._sheet.name if self._sheet else None
        self._book.log.append(["call", where, "names.add", name, refers_to])
        return self._items[name]


class Book:
    """A workbook as built by efh-xl: Actions (with its table), Grille, an old summary, lookup."""

    def __init__(
        self, table_name: str, headers: list, body: list, names: dict[str, Any], lite: bool = False
    ) -> None:
        self.lite = lite
        self.log: list[list[Any]] = []
        self.sheets = Sheets(self)
        actions = self.sheets.add(ACTIONS)
        actions.tables[table_name] = Table(headers, body)
        grid = self.sheets.add(GRID, after=actions)
        old = self.sheets.add("Synthèse – Ancienne", after=grid)  # written by the tool before
        self.sheets.add(LOOKUP, after=old)
        self.names = Names(self)
        self.names._items = {key: Name(key, value) for key, value in names.items()}
        old.names.add("EFH_SYNTHESE", "=1")
        self.names.add("EFH_SYNTHESES", '={"Synthèse – Ancienne"}')
        self.log.clear()  # the log holds what the script did, not the set-up
