"""The « Contrôle » sheet: the workbook checks that the application computes as Python does.

Every combination of OUI / NON / blank over the six questions (729 rows) and each spelling
variant in each question (21 x 6 rows) sit in the first columns; beside them, the marker and
reason of the Python engine as constants, then the native formulas' results, then 1 when both
agree (shown OUI, 0 shown NON). The top cell says in French how many rows agree, red when
not all do. The native formulas here are the ones of the Actions sheet made by the same functions
(:func:`efh_xl.workbook.formulas.named_formulas`), with names of their own (prefix
``EFH_CTRL_``) whose row-relative references read this sheet's answer columns.

The builder writes the sheet with XlsxWriter; when a refresh changes the rule, the Python
constants are rewritten in place (:func:`updated_control_xml`), with the heights of rows that
wrap them; everything else kept.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd
from lxml import etree

import efh_xl.workbook.formulas as fx
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.grid import QUESTION_IDS, Rule
from efh_xl.core.page_breaks import POINTS_PER_PIXEL, WIDTH_SLACK, printable_points
from efh_xl.core.sheet_model import (
    LINE_HEIGHT,
    MIN_PRINT_SCALE,
    PageSetup,
    Style,
    row_points,
    text_height,
    text_lines,
    width_pixels,
)
from efh_xl.core.summary_sheets import header_lines
from efh_xl.core.vectorised import evaluate
from efh_xl.ooxml.styles import ensure_styles, number_format_code
from efh_xl.ooxml.xml import NS, col_name, part_bytes
from efh_xl.workbook.formats import YES_NO_FORMAT
from efh_xl.workbook.page_setup import apply_page_setup

CONTROL_SHEET = "Contrôle"
PREFIX = "EFH_CTRL_"
ANSWERS = ("OUI", "NON", None)
# What people type instead of OUI / NON (see shared/spec/grille-efh.md), as cell values.
# No decimal number: the native formulas quote it with the spreadsheet's decimal separator
# (« 2,5 » in a French Excel or LibreOffice, « 2.5 » in an English one), Python with the
# French comma, so the sheet would turn red in an English-language Excel for a quote, not a
# marker (the guide lists it under « Limites connues »).
VARIANTS: tuple[Any, ...] = (
    " oui ",
    "Non\xa0",
    "\u200bOUI",  # a zero-width space pasted before it, dropped by both
    "o\t",
    "X",
    "x",
    1,
    0,
    True,
    False,
    "N/A",
    "sans objet",
    "?",
    "*",
    "peut-être",
    "=1+1",
    "#N/A",
    2,
    "VRAI",
    "faux",
    "  ",
    "une remarque beaucoup trop longue pour une case de la grille",
)

HEADER_ROW, FIRST_ROW = 3, 4  # 0-based: title, help, blank, header, then the rows
ANSWER_COLUMNS = {qid: i for i, qid in enumerate(QUESTION_IDS)}  # A..F
EXPECTED_MARKER, EXPECTED_REASON, MARKER, REASON, AGREES = range(6, 11)  # G..K
VERDICT_CELL = "A1"
HELP_TEXT = (
    "Cette feuille vérifie que votre tableur calcule les marqueurs comme le moteur Python : "
    "729 combinaisons de réponses OUI / NON / vide et des variantes d'écriture. Si la "
    "cellule ci-dessus n'annonce pas toutes les lignes conformes, ne vous fiez pas aux "
    "marqueurs de la feuille Actions et signalez-le (version du tableur, capture de cette "
    "feuille). À l'impression du classeur, seules ces deux lignes sortent : pour imprimer des "
    "lignes (par exemple celles dont « Conforme » est NON, avec le filtre de l'en-tête), "
    "sélectionnez-les puis choisissez « Imprimer la sélection »."
)
# How the sheet prints: A4 landscape, one page wide, its header row on every page of a
# selection printed. Printing the whole workbook gives only the verdict and this help: the
# 861 rows printed whole take about 46 pages, most of the workbook's paper, for a check
# whose outcome is the verdict.
PAGE = PageSetup(title_rows=(HEADER_ROW, HEADER_ROW), area=(0, 0, 1, AGREES))
ANSWER_WIDTH, MARKER_WIDTH = 7, 10  # « peut-être » wraps; « Conforme » fits


def _reason_width() -> int:
    """The two reason columns share what the page leaves at the smallest legible scale:
    a whole reason wraps in its cell, none is cut at the cell's edge."""
    width, _ = printable_points(PAGE)
    page = WIDTH_SLACK * width / POINTS_PER_PIXEL / MIN_PRINT_SCALE
    others = len(QUESTION_IDS) * width_pixels(ANSWER_WIDTH) + 3 * width_pixels(MARKER_WIDTH)
    return int(((page - others) / 2 - 5) / 7)


REASON_WIDTH = _reason_width()


# Letters of prose at 10 points against the 11-point digits a column width counts: about
# 1.4 times as many to a line (LibreOffice puts 80 in a 58-wide column); 1.25 leaves room.
REASON_LETTERS = 1.25


def row_height(answers: list[Any], reason: str) -> float:
    """The height of a control row: its reason (and a long typed answer) wrapped whole."""
    lines = [text_lines(reason, REASON_WIDTH * REASON_LETTERS)]
    for answer in answers:  # the application breaks a word longer than the column
        lines.append(len(textwrap.wrap(str(answer or ""), width=ANSWER_WIDTH - 1)) or 1)
    return row_points(LINE_HEIGHT * max(lines))


def control_rows() -> list[list[Any]]:
    """The answers of every control row: 729 combinations, then the spelling variants."""
    rows: list[list[Any]] = [[]]
    for _ in QUESTION_IDS:
        rows = [row + [answer] for row in rows for answer in ANSWERS]
    for i, variant in enumerate(VARIANTS):
        for position in range(len(QUESTION_IDS)):
            row: list[Any] = ["OUI", "NON", None, "OUI", "OUI", "OUI"]
            row[position] = variant
            rows.append(row if i % 2 else row[::-1])
    return rows


def expected(rule: Rule) -> pd.DataFrame:
    """Marker and reason of each control row by the Python engine."""
    frame = pd.DataFrame(control_rows(), columns=list(QUESTION_IDS), dtype=object)
    return evaluate(frame, rule)[[MARKER_COLUMN, REASON_COLUMN]]


def _markers(results: pd.DataFrame) -> list[int | None]:
    """The expected markers as cells hold them: None (blank) for an action not marked yet."""
    return [None if pd.isna(m) else int(m) for m in results[MARKER_COLUMN]]


def _last_row() -> int:
    return FIRST_ROW + len(control_rows()) - 1


def _agree_range() -> str:
    letter = col_name(AGREES)
    return f"${letter}${FIRST_ROW + 1}:${letter}${_last_row() + 1}"


def verdict_formula() -> str:
    """The top cell: « Formules natives : 861 / 861 conformes »."""
    cells = _agree_range()
    return f'"Formules natives : "&SUM({cells})&" / "&ROWS({cells})&" conformes"'


def verdict_text(agreeing: int, total: int) -> str:
    return f"Formules natives : {agreeing} / {total} conformes"


def not_all_agree_formula() -> str:
    """Conditional format of the top cell: red when a row does not agree."""
    cells = _agree_range()
    return f"SUM({cells})<>ROWS({cells})"


def agrees_formula(row: int) -> str:
    """1 when the native formulas give the Python marker and reason (case included), shown
    OUI (0 shown NON) by its number format: the verdict counts the 1s."""
    r = row + 1
    m, e_m = f"{col_name(MARKER)}{r}", f"{col_name(EXPECTED_MARKER)}{r}"
    t, e_t = f"{col_name(REASON)}{r}", f"{col_name(EXPECTED_REASON)}{r}"
    return f"IFERROR(IF(AND({m}={e_m},EXACT({t},{e_t})),1,0),0)"


def named_formulas() -> dict[str, str]:
    """The per-row names of this sheet (same functions as the Actions sheet's)."""
    return fx.named_formulas(CONTROL_SHEET, PREFIX, ANSWER_COLUMNS)


def write_control(wb, ws, formats, rule: Rule, code_name: str) -> None:
    """Write the sheet with XlsxWriter (build)."""
    ws.set_vba_name(code_name)
    for name, formula in named_formulas().items():
        wb.define_name(name, "=" + formula)
    rows = control_rows()
    results = expected(rule)
    total = len(rows)
    big = {"bold": True, "font_size": 14}
    red = wb.add_format({**big, "font_color": "9C0006", "bg_color": "FFC7CE"})
    green = wb.add_format({**big, "font_color": "0B3D14"})
    ws.write_formula(VERDICT_CELL, "=" + verdict_formula(), green, verdict_text(total, total))
    ws.conditional_format(
        VERDICT_CELL, {"type": "formula", "criteria": "=" + not_all_agree_formula(), "format": red}
    )
    ws.merge_range(
        1,
        0,
        1,
        AGREES,
        HELP_TEXT,
        formats.help_wrap,
    )
    headers = {ANSWER_COLUMNS[q]: q for q in QUESTION_IDS}
    headers.update(
        {
            EXPECTED_MARKER: "Marqueur attendu (Python)",
            EXPECTED_REASON: "Motif attendu (Python)",
            MARKER: "Marqueur (formules natives)",
            REASON: "Motif (formules natives)",
            AGREES: "Conforme",
        }
    )
    for col, text in headers.items():
        ws.write_string(HEADER_ROW, col, text, formats.header)
    marker, reason = fx.marker_formula(PREFIX), fx.reason_formula(PREFIX)
    markers = _markers(results)
    reasons = results[REASON_COLUMN].astype(str).tolist()
    for i, answers in enumerate(rows):
        row = FIRST_ROW + i
        for qid, value in zip(QUESTION_IDS, answers):
            col = ANSWER_COLUMNS[qid]
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(row, col, value, formats.answer_wrap)  # "=1+1" stays text
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value, formats.answer)
            else:
                ws.write_number(row, col, value, formats.answer)
        if markers[i] is None:  # not marked: blank, equal to the formula's empty text
            ws.write_blank(row, EXPECTED_MARKER, None, formats.answer)
        else:
            ws.write_number(row, EXPECTED_MARKER, markers[i], formats.answer)
        ws.write_string(row, EXPECTED_REASON, reasons[i], formats.reason)
        cached = "" if markers[i] is None else markers[i]
        ws.write_formula(row, MARKER, "=" + marker, formats.answer, cached)
        ws.write_formula(row, REASON, "=" + reason, formats.reason, reasons[i])
        ws.write_formula(row, AGREES, "=" + agrees_formula(row), formats.yes_no, 1)
        # Readers do not grow rows by themselves: the row fits its wrapped reason.
        ws.set_row(row, row_height(answers, reasons[i]))
    ws.conditional_format(
        FIRST_ROW,
        AGREES,
        FIRST_ROW + total - 1,
        AGREES,
        {"type": "cell", "criteria": "==", "value": 0, "format": red},
    )
    widths = {col: ANSWER_WIDTH for col in ANSWER_COLUMNS.values()}
    widths.update({EXPECTED_MARKER: MARKER_WIDTH, MARKER: MARKER_WIDTH, AGREES: MARKER_WIDTH})
    widths.update({EXPECTED_REASON: REASON_WIDTH, REASON: REASON_WIDTH})
    for col, width in widths.items():
        ws.set_column(col, col, width)
    ws.set_row(HEADER_ROW, LINE_HEIGHT * max(header_lines(headers[c], widths[c]) for c in headers))
    help_chars = (sum(width_pixels(w) for w in widths.values()) - 5) / 7
    ws.set_row(1, text_height(HELP_TEXT, help_chars))
    ws.freeze_panes(FIRST_ROW, 0)
    # A filter on each column: « Conforme » on NON shows the rows to report.
    ws.autofilter(HEADER_ROW, 0, FIRST_ROW + total - 1, AGREES)
    ws.set_tab_color("808080")
    # Printed at 100 % in portrait, its 11 columns went over 4 pages across and the sheet
    # took about 110 pages; one page wide with 60-character reason columns, 10 pages of
    # text at about half size, each reason cut at its cell's edge.
    apply_page_setup(ws, PAGE)


def _set_number(cell: etree._Element, value: int | None) -> None:
    """A number (None: a constant's cell left empty, a formula's cached empty text)."""
    cell.attrib.pop("t", None)
    formula = False
    for child in list(cell):
        if child.tag != f"{{{NS}}}f":
            cell.remove(child)
        else:
            formula = True
    if value is None:
        if formula:
            cell.set("t", "str")
            etree.SubElement(cell, f"{{{NS}}}v").text = ""
        return
    etree.SubElement(cell, f"{{{NS}}}v").text = str(value)


def _set_text(cell: etree._Element, text: str, formula: bool) -> None:
    for child in list(cell):
        if child.tag != f"{{{NS}}}f":
            cell.remove(child)
    if formula:  # a formula's cached text
        cell.set("t", "str")
        etree.SubElement(cell, f"{{{NS}}}v").text = text
    else:  # a constant: an inline string (the shared-string table is not the tool's)
        cell.set("t", "inlineStr")
        inline = etree.SubElement(cell, f"{{{NS}}}is")
        etree.SubElement(inline, f"{{{NS}}}t").text = text


def yes_no_style(xml: bytes, styles_xml: bytes) -> tuple[bytes, int | None]:
    """For a sheet whose « Conforme » column shows 1 / 0 (built before it showed OUI / NON):
    ``styles_xml`` with a centred OUI / NON style appended if missing, and that style's
    index; else ``styles_xml`` unchanged and None."""
    root = etree.fromstring(xml)
    first = root.find(f".//{{{NS}}}c[@r='{col_name(AGREES)}{FIRST_ROW + 1}']")
    if first is None or number_format_code(styles_xml, int(first.get("s", "0"))) == YES_NO_FORMAT:
        return styles_xml, None
    styles_xml, index = ensure_styles(
        styles_xml, {"yes_no": Style(align="center", number_format=YES_NO_FORMAT)}
    )
    return styles_xml, index["yes_no"]


def updated_control_xml(xml: bytes, rule: Rule, yes_no: int | None = None) -> bytes:
    """The sheet part with the Python constants (and cached results) of ``rule``; with
    ``yes_no`` (a style index, see :func:`yes_no_style`) the « Conforme » cells take it."""
    root = etree.fromstring(xml)
    results = expected(rule)
    markers = _markers(results)
    reasons = results[REASON_COLUMN].astype(str).tolist()
    by_ref = {cell.get("r"): cell for cell in root.iter(f"{{{NS}}}c")}
    # Rows sized to their wrapped reasons (built since the reasons wrap; a one-line row has
    # the default height, written without one) fit the new ones.
    rows = {row.get("r"): row for row in root.iter(f"{{{NS}}}row")}
    sized = any(row.get("customHeight") for r, row in rows.items() if int(r) > FIRST_ROW)
    answers = control_rows()
    for i in range(len(markers)):
        r = FIRST_ROW + i + 1
        if sized and str(r) in rows:
            rows[str(r)].set("ht", f"{row_height(answers[i], reasons[i]):g}")
            rows[str(r)].set("customHeight", "1")
        for col, value in ((EXPECTED_MARKER, markers[i]), (MARKER, markers[i]), (AGREES, 1)):
            cell = by_ref.get(f"{col_name(col)}{r}")
            if cell is not None:
                _set_number(cell, value)
        cell = by_ref.get(f"{col_name(AGREES)}{r}")
        if cell is not None and yes_no is not None:
            cell.set("s", str(yes_no))
        for col in (EXPECTED_REASON, REASON):
            cell = by_ref.get(f"{col_name(col)}{r}")
            if cell is not None:
                _set_text(cell, reasons[i], formula=col == REASON)
    verdict = by_ref.get(VERDICT_CELL)
    if verdict is not None:
        _set_text(verdict, verdict_text(len(markers), len(markers)), formula=True)
    return part_bytes(root)
