"""The xlwings renderer against a recording stand-in of the few xlwings objects it uses.

Excel is not on this machine: this is the one fake the project allows. The stand-in records
values, formats and charts the way xlwings would set them, on 1-based cell positions.
"""

import openpyxl
import pandas as pd
from conftest import WORKBOOK

import efh_xl.workbook.formulas as fx
from efh_xl.core.programmation import table_columns
from efh_xl.core.settings import DEFAULT_FUNDERS
from efh_xl.core.summary_sheets import OWNED_SHEETS, SHEET_MARK, parse_owned_sheets
from efh_xl.excel import button
from efh_xl.excel.button import generate

COLUMNS = table_columns(DEFAULT_FUNDERS)  # the committed workbook's table
# What Excel makes of a text set as a cell's value (COM, AppleScript, Office.js alike): what a
# person typing it would get. Written here from Excel's behaviour, not from the tool's code.
EXCEL_ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"}
EXCEL_ERRORS |= {"#VALEUR!", "#NOM?", "#NOMBRE!", "#NUL!"}


class Formula(str):
    """A text Excel took for a formula."""


class Error(str):
    """A text Excel took for an error value."""


def as_excel_keeps(value):
    if not isinstance(value, str):
        return value
    if value.startswith("'"):  # the apostrophe: text as typed, not stored in the value
        return value[1:]
    if value.startswith(("=", "+", "-", "@")) and len(value) > 1:
        return Formula(value)
    upper = value.strip().upper()
    if upper in ("TRUE", "FALSE", "VRAI", "FAUX"):
        return upper in ("TRUE", "VRAI")
    if upper in EXCEL_ERRORS:
        return Error(upper)
    try:
        return float(value.strip().replace(",", "."))
    except ValueError:
        return value


class Font:
    def __init__(self):
        self.bold = self.italic = False
        self.size = 11
        self.color = None


class Rows:
    def __init__(self, rng):
        self.rng = rng

    def autofit(self):
        self.rng.sheet.autofitted.append((self.rng.first[0], self.rng.last[0]))


class Range:
    def __init__(self, sheet, first, last=None):
        self.sheet, self.first, self.last = sheet, first, last or first
        self.rows = Rows(self)
        self.font = Font()
        self.color = self.number_format = None
        self.wrap_text = False
        self.left, self.top = first[1] * 50.0, first[0] * 15.0

    @property
    def address(self):
        return f"R{self.first[0]}C{self.first[1]}:R{self.last[0]}C{self.last[1]}"

    def merge(self, across=False):
        self.sheet.merged.append((self.first, self.last, across))

    @property
    def value(self):
        return self.sheet.values.get(self.first)

    @value.setter
    def value(self, block):
        rows = (
            block if isinstance(block, list) and block and isinstance(block[0], list) else [[block]]
        )
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self.sheet.values[(self.first[0] + i, self.first[1] + j)] = as_excel_keeps(v)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if name == "column_width":
            self.sheet.widths[self.first[1]] = value


class Chart:
    def __init__(self, anchor, width, height):
        self.box = (anchor.left, anchor.top, width, height)
        self.chart_type = self.source = self.name = self.plot_by = None

    def set_source_data(self, rng, plot_by=None):
        self.source, self.plot_by = rng, plot_by


class Charts(list):
    def add(self, *, anchor, width, height):  # xlwings 0.37.3: placed by its cell
        self.append(Chart(anchor, width, height))
        return self[-1]


class Table:
    def __init__(self, headers, body):
        self.header_row_range = type("H", (), {"value": headers})()
        self.data_body_range = type("B", (), {"value": body})()


class Name:
    def __init__(self, name, refers_to):
        self.name, self.refers_to = name, refers_to


class Names:
    """Defined names of a book or of one sheet (xlwings keys a sheet's as ``Sheet!Name``)."""

    def __init__(self, sheet=None):
        self.sheet, self.items = sheet, {}

    def __iter__(self):
        return iter(list(self.items.values()))

    def __getitem__(self, key):
        return self.items[key]

    def add(self, name, refers_to):
        full = f"'{self.sheet.name}'!{name}" if self.sheet else name
        self.items[name] = Name(full, refers_to)
        return self.items[name]


class Sheet:
    def __init__(self, book, name):
        self.book, self.name = book, name
        self.values, self.widths, self.ranges, self.autofitted = {}, {}, [], []
        self.merged, self.addressed = [], []
        self.charts, self.tables = Charts(), {}
        self.names = Names(self)

    def range(self, first, last=None):
        if isinstance(first, str):
            rng = Range(self, (0, 0))
            self.addressed.append((first, rng))
            return rng
        rng = Range(self, first, last)
        self.ranges.append(rng)
        return rng

    def delete(self):
        self.book.sheets.items.remove(self)

    def activate(self):
        self.book.active = self.name


class Sheets:
    def __init__(self, book):
        self.book, self.items = book, []

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.items[key]
        return next(s for s in self.items if s.name == key)

    def add(self, name, after=None):
        sheet = Sheet(self.book, name)
        self.items.insert(self.items.index(after) + 1 if after else 0, sheet)
        return sheet


class Book:
    def __init__(self, actions, box_table):
        self.sheets = Sheets(self)
        sheet = self.sheets.add("Actions")
        sheet.tables[fx.TABLE_NAME] = Table(list(COLUMNS), actions)
        self.sheets.add("Grille", after=sheet)
        old = self.sheets.add("Synthèse – Ancienne", after=self.sheets[1])
        old.names.add(SHEET_MARK, "=1")  # written by the tool last time
        notes = self.sheets.add("Synthèse – notes du comité", after=old)  # a person's sheet
        notes.values[(1, 1)] = "Relire avec la région"
        self.sheets.add("EFH_Calcul", after=notes)
        target = type("T", (), {"value": box_table})()
        self.names = Names()
        self.names.items[fx.NAME_BOX_SETS] = type("N", (), {"refers_to_range": target})()
        self.names.add(OWNED_SHEETS, '={"Synthèse – Ancienne"}')


def sample_book():
    sheet = openpyxl.load_workbook(WORKBOOK, data_only=True)["Actions"]
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=5, max_col=len(COLUMNS))]
    from efh_xl import DEFAULT_RULE

    return Book(body, DEFAULT_RULE.box_table()), body


def test_live_generation_replaces_summary_sheets_and_writes_values_once():
    book, body = sample_book()
    names = generate(book)
    titles = [s.name for s in book.sheets]
    assert "Synthèse – Ancienne" not in titles
    # a sheet the tool did not write stays, whatever its name
    assert book.sheets["Synthèse – notes du comité"].values[(1, 1)] == "Relire avec la région"
    # the new sheets carry both marks of ownership
    assert parse_owned_sheets(book.names[OWNED_SHEETS].refers_to) == names
    assert all(SHEET_MARK in book.sheets[n].names.items for n in names)
    assert names[0] == "Synthèse – Ensemble" and titles[-len(names) :] == names
    overall = book.sheets["Synthèse – Ensemble"]
    frame = pd.DataFrame(body, columns=list(COLUMNS))
    assert overall.values[(6, 1)] == "Marqueur 0"
    # markers 0, 1, 2, then provisional and unmarked actions: every action once
    assert overall.values[(9, 1)] == "Provisoire" and overall.values[(10, 1)] == "Non marqué"
    assert sum(overall.values[(6 + k, 2)] for k in range(5)) == len(frame)
    assert overall.charts and overall.charts[0].chart_type == "column_clustered"
    assert overall.charts[0].name == "Actions par marqueur"
    territories = [c for c in overall.charts if c.name == "Marqueurs par territoire"]
    assert [c.chart_type for c in territories] == ["bar_stacked"]
    assert any(r.font.bold for r in overall.ranges)
    assert book.active == "Synthèse – Ensemble"
    # the lookup sheet of the native formulas was written with the Grille's rule
    assert book.sheets["EFH_Calcul"].values[(1, 1)] == "Orthographe"


def test_live_text_that_looks_like_a_formula_is_written_as_text():
    book, body = sample_book()
    body[3][3] = '=HYPERLINK("http://example.invalid","x")'
    body[3][11] = None  # Q3 blank: the row is to fix
    generate(book)
    values = [v for s in book.sheets for v in s.values.values()]
    assert body[3][3] in values  # kept as the text it is
    assert [v for v in values if isinstance(v, Formula)] == ['=""']  # EFH_Calcul's empty text


def test_live_formatting_goes_one_call_per_area_not_per_cell(monkeypatch):
    monkeypatch.setattr(button, "_WINDOWS", True)  # addresses of several areas: Windows only
    _, body = sample_book()
    body = [list(row) for row in body * 10]  # 1,200 actions
    q3 = list(COLUMNS).index("Q3")
    for row in body:
        row[q3] = None  # every action is to fix: the lists are as long as they get
    from efh_xl import DEFAULT_RULE

    book = Book(body, DEFAULT_RULE.box_table())
    generate(book)
    overall = book.sheets["Synthèse – Ensemble"]
    filled = [v for v in overall.values.values() if v is not None]
    assert len(filled) > 6000
    assert len(overall.ranges) < 350  # tables by category, funder and people reached
    wrapped = [r for r in overall.ranges if r.wrap_text]
    assert any(r.last[0] - r.first[0] + 1 == 1000 for r in wrapped)  # a listed column at once
    # The listed texts wrap over merged columns, one merge call per listed column (Merge
    # Across: one merged cell per row); AutoFit skips merged cells, so the rows take the
    # model's heights, one call per height and 255-character address, not one per row.
    assert all(across for _, _, across in overall.merged)
    bands = [last[0] - first[0] + 1 for first, last, _ in overall.merged]
    assert len(bands) >= 3 and set(bands) == {1001}  # header row and 1,000 listed rows
    assert overall.autofitted == []
    heights = [(a, r.row_height) for a, r in overall.addressed if hasattr(r, "row_height")]
    assert all(len(address) <= 255 for address, _ in heights)
    assert 1 <= len(heights) < 60
    listed = {
        row
        for address, _ in heights
        for area in address.split(",")
        for row in range(int(area.split(":")[0][1:]), int(area.split(":")[-1][1:]) + 1)
    }
    assert len(listed) > 900  # the long reasons' rows


def test_live_generation_writes_the_control_constants_and_fits_their_rows():
    from efh_xl import DEFAULT_RULE
    from efh_xl.workbook.control_sheet import (
        AGREES,
        CONTROL_SHEET,
        EXPECTED_MARKER,
        FIRST_ROW,
        control_rows,
        expected,
    )

    book, _ = sample_book()
    control = book.sheets.add(CONTROL_SHEET, after=book.sheets["EFH_Calcul"])
    generate(book)
    first = (FIRST_ROW + 1, EXPECTED_MARKER + 1)
    results = expected(DEFAULT_RULE)
    assert control.values[first] == results["Marqueur"].iloc[0]
    assert control.values[(first[0], first[1] + 1)] == results["Motif"].iloc[0]
    # The reasons wrap: Excel fits each row to its reason, one call for all of them.
    rows = [r for r in control.ranges if r.first == (FIRST_ROW + 1, 1)]
    assert [r.last for r in rows] == [(FIRST_ROW + len(control_rows()), AGREES + 1)]
    assert control.autofitted == [(FIRST_ROW + 1, FIRST_ROW + len(control_rows()))]


def test_live_generation_says_a_renamed_amount_column_as_refresh_does():
    # « Montant attribué » for « Montant accordé »: every granted amount 0 € in the sheets,
    # and the button said nothing (refresh and summary say it).
    book, _ = sample_book()
    table = book.sheets["Actions"].tables[fx.TABLE_NAME]
    headers = list(COLUMNS)
    headers[headers.index("Montant accordé")] = "Montant attribué"
    book.sheets["Actions"].tables[fx.TABLE_NAME] = Table(headers, table.data_body_range.value)
    said: list[str] = []
    generate(book, said)
    assert [w for w in said if "« Montant accordé »" in w and "« Montant attribué »" in w]
    quiet: list[str] = []
    generate(sample_book()[0], quiet)
    assert quiet == []


def test_live_text_stays_text_the_lookup_spellings_above_all():
    # Set as values, « 0 », « 1 », « FAUX » and « #N/A » became a number, a boolean and an
    # error in EFH_Calcul: the native formulas compare the answers with them as text, and
    # stopped recognising the answers 0 and 1 after a click; « 00123 » became 123.
    from efh_xl import DEFAULT_RULE
    from efh_xl.workbook.lookup_sheet import lookup_sheet

    book, body = sample_book()
    body[0][list(COLUMNS).index("N° action")] = "00123"
    body[0][list(COLUMNS).index("Q3")] = None  # to fix: the number is listed
    generate(book)
    lookup = book.sheets["EFH_Calcul"].values
    model = lookup_sheet(DEFAULT_RULE)
    texts = [(r, c, v) for (r, c), (v, _) in model.iter_cells() if isinstance(v, str) and v]
    assert {"0", "1", "FAUX", "#N/A"} <= {v for _, _, v in texts}
    for r, c, value in texts:
        assert lookup[(r + 1, c + 1)] == value and type(lookup[(r + 1, c + 1)]) is str
    listed = [v for s in book.sheets if s.name.startswith("Synthèse") for v in s.values.values()]
    assert "00123" in listed and 123.0 not in listed


def test_live_charts_and_heights_use_one_rectangle_off_windows(monkeypatch):
    # macOS keeps the first cell of an address of several areas, and xlwings Lite refuses it:
    # one height a run, and a chart fed from one rectangle (its columns copied side by side
    # beside the content when they are apart in the table; left visible, as a chart plots
    # only the visible cells).
    monkeypatch.setattr(button, "_WINDOWS", False)
    book, _ = sample_book()
    generate(book)
    overall = book.sheets["Synthèse – Ensemble"]
    assert overall.addressed and not [a for a, _ in overall.addressed if "," in a]
    sources = {c.name: c.source for c in overall.charts}
    assert all(isinstance(src, Range) for src in sources.values())
    assert all(c.plot_by == "columns" for c in overall.charts)
    euros = sources["Euros accordés par marqueur"]
    content = max(c for (_, c), v in overall.values.items() if v is not None and c < euros.first[1])
    assert euros.first[1] > content  # beside the summary, not over it
    assert overall.values[euros.first] is None
    assert overall.values[(euros.first[0], euros.first[1] + 1)] == "Montant accordé"
    assert overall.values[(euros.first[0] + 1, euros.first[1])] == "Marqueur 0"
    assert 0 not in overall.widths.values()  # nothing hidden


def test_a_territory_chart_split_in_parts_names_its_series(monkeypatch):
    # Forty territories: the chart is split in parts, and the row above a later part's values
    # is the part before's last territory, which named its series (« Territoire 13 »…).
    monkeypatch.setattr(button, "_WINDOWS", True)
    _, body = sample_book()
    territory = list(COLUMNS).index("Territoire")
    body = [list(row) for row in body]
    for i, row in enumerate(body):
        row[territory] = f"Territoire {i % 40:02d}"
    from efh_xl import DEFAULT_RULE

    book = Book(body, DEFAULT_RULE.box_table())
    generate(book)
    overall = book.sheets["Synthèse – Ensemble"]
    parts = [c for c in overall.charts if c.name.startswith("Marqueurs par territoire")]
    assert len(parts) > 1
    for chart in parts:
        top, left = chart.source.first
        names = [overall.values[(top, left + k)] for k in range(1, 6)]
        assert all(isinstance(n, str) and "Territoire" not in n for n in names), names


def test_the_button_says_a_refusal_in_a_french_message_box(monkeypatch):
    # An EfhError went to xlwings' English error window as a Python traceback, the French
    # sentence at its foot; nothing of the workbook is deleted before the refusal.
    import xlwings

    book, _ = sample_book()
    book.names.items[fx.NAME_BOX_SETS].refers_to_range.value = [["pas un ensemble"]]
    alerts = []
    book.app = type("App", (), {"alert": lambda self, *a, **k: alerts.append((a, k))})()
    book.fullname = "efh_grille.xlsm"
    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(lambda: book), raising=False)
    before = [s.name for s in book.sheets]
    button.generer_syntheses()
    assert [s.name for s in book.sheets] == before
    [(args, options)] = alerts
    assert "efh_grille.xlsm" in args[0] and "Traceback" not in args[0]
    assert options == {"title": "efh_xl : synthèses non générées", "mode": "critical"}


def test_an_answer_showing_an_error_is_read_as_refresh_reads_it():
    # xlwings gives an error cell as None unless asked (err_to_str): an answer showing #N/A
    # counted as blank (a provisional marker) where refresh says « « #N/A » non reconnu ».
    book, body = sample_book()
    q1 = list(COLUMNS).index("Q1")
    shown = [list(row) for row in body]
    shown[0][q1] = "#N/A"
    blank = [list(row) for row in body]
    blank[0][q1] = None

    class Body:
        value = blank

        def options(self, err_to_str=False):
            return type("V", (), {"value": shown if err_to_str else blank})()

    book.sheets["Actions"].tables[fx.TABLE_NAME].data_body_range = Body()
    generate(book)
    listed = [v for v in book.sheets["Synthèse – Ensemble"].values.values() if isinstance(v, str)]
    assert any("« #N/A » non reconnu" in v for v in listed)
