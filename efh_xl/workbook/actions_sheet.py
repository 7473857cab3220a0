"""The Actions sheet: the table of the programmation, one row per action, with its formulas,
drop-downs, conditional formats, print set-up and the « Générer les synthèses » button."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

import efh_xl.workbook.formulas as fx
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.grid import (
    ANSWERS,
    QUESTION_BY_ID,
    QUESTION_IDS,
    QUESTIONS,
    Question,
    Rule,
)
from efh_xl.core.plural import agreed
from efh_xl.core.programmation import (
    ACTIONS_SHEET,
    AMOUNTS,
    BENEFICIARIES,
    DAUPHIN_COLUMN,
    TERRITORY,
    YEAR,
    funder_column,
    table_columns,
)
from efh_xl.core.sheet_model import MIN_PRINT_SCALE, PageSetup, text_lines, width_pixels
from efh_xl.core.status import dauphin_code
from efh_xl.core.vectorised import assess, shown_markers
from efh_xl.workbook.formats import Formats, cell_value, estimate_height
from efh_xl.workbook.layout import (
    BUTTON_CAPTION,
    CODENAMES,
    MACRO,
    TABLE_HEADER_ROW,
)
from efh_xl.workbook.page_setup import apply_page_setup

WIDTHS = {
    YEAR: 8,
    TERRITORY: 24,
    "N° action": 18,
    "Action": 40,
    "Porteur": 30,
    "Pilier": 30,
    "Montant demandé": 15,
    "Montant accordé": 15,
    "Commentaires": 32,
    MARKER_COLUMN: 10,
    DAUPHIN_COLUMN: 9,
    REASON_COLUMN: 90,
}
# Widths of the other columns: one per funder's amount, people reached, answers.
FUNDER_WIDTH, PEOPLE_WIDTH, ANSWER_WIDTH = 13, 10, 7
# The widest a list written back makes a column of answers (one holds an answer to fix, such
# as « peut-être »): a longer answer wraps.
WIDEST_ANSWER = 14


def column_widths(columns: list[str]) -> list[float]:
    """The width of each column of the table, in characters."""

    def width(name: str) -> float:
        if name in WIDTHS:
            return WIDTHS[name]
        if name in BENEFICIARIES:
            return PEOPLE_WIDTH
        if name in QUESTION_IDS:
            return ANSWER_WIDTH
        # A funder's header wraps between its words, never inside one: « Intercommunalité »
        # broke as « Intercommunali / té » (bold letters about 1.1 characters wide each).
        longest = max(map(len, name.split()), default=0)
        return max(FUNDER_WIDTH, round(longest * 1.1 + 1.5))

    return [width(name) for name in columns]


# The text columns that wrap (the Motif aside): their text sets the row's height too.
WRAPPED = (TERRITORY, "N° action", "Action", "Porteur", "Pilier", "Commentaires")


def row_height(values: Mapping[str, Any], reason: str) -> float:
    """The height of an action's row: its tallest wrapped text, the Motif (``reason``) or
    one of the WRAPPED columns in ``values``, as the build and an import size their rows
    (readers do not grow rows by themselves)."""
    wrapped = [(reason, WIDTHS[REASON_COLUMN])]
    wrapped += [(str(values.get(c) or ""), WIDTHS[c]) for c in WRAPPED]
    return max(estimate_height(text, width) for text, width in wrapped)


def write_actions(
    wb,
    ws,
    formats: Formats,
    actions: pd.DataFrame,
    udf: bool,
    rule: Rule,
    funders: tuple[str, ...] | None = (),
) -> None:
    """The Actions sheet, with one amount column per funder and the people reached (None:
    only the fixed columns, as in workbooks made before the optional ones existed)."""
    columns = table_columns(funders or (), beneficiaries=funders is not None)
    funders = funders or ()
    amounts = (*AMOUNTS, *(funder_column(f) for f in funders))
    ws.set_vba_name(CODENAMES[ACTIONS_SHEET])
    # The title and the help stand over the columns repeated on every page across (N° action
    # and Action), merged and wrapped: each page of the first band shows them whole. Left of
    # them, or overflowing, a piece of them was printed in the repeated columns of the pages
    # across.
    left, right = columns.index("N° action"), columns.index("Action")
    title = "Programmation : marqueur égalité femmes-hommes (EFH)"
    ws.merge_range(0, left, 0, right, title, formats.title_wrap)
    # The conditional questions said here: « answer all six » made a Q2b answered under
    # Q1 = OUI an « incohérent » action to fix.
    only_if = ", ".join(
        f"{q.id} seulement si {q.applies_when[0]} = {q.applies_when[1]}"
        for q in QUESTIONS
        if q.applies_when is not None
    )
    help_text = (
        f"Une ligne par action. Répondez OUI ou NON aux questions de la grille ({only_if} ; "
        "feuille Grille) : le marqueur et le motif se mettent à jour. Tapez sous le tableau "
        "pour ajouter une action."
    )
    ws.merge_range(1, left, 1, right, help_text, formats.help_wrap)
    span = sum(width_pixels(w) for w in column_widths(columns)[left : right + 1])
    chars = (span - 5) / 7
    # 16-point letters are about 1.6 times as wide as 11-point ones, lines 20 points apart.
    ws.set_row(0, 20 * text_lines(title, chars / 1.6) + 4)
    ws.set_row(1, estimate_height(help_text, chars))
    n = len(actions)
    first, last = TABLE_HEADER_ROW + 1, TABLE_HEADER_ROW + max(n, 1)
    marker_formula = fx.udf_marker_formula() if udf else fx.marker_formula()
    reason_formula = fx.udf_reason_formula() if udf else fx.reason_formula()
    column_formats = {YEAR: formats.year, **{a: formats.euro for a in amounts}}
    column_formats.update({b: formats.year for b in BENEFICIARIES})
    column_formats.update({q: formats.answer for q in QUESTION_IDS})
    column_formats.update({MARKER_COLUMN: formats.marker, REASON_COLUMN: formats.reason})
    column_formats[DAUPHIN_COLUMN] = formats.marker
    computed = {
        MARKER_COLUMN: marker_formula,
        DAUPHIN_COLUMN: fx.dauphin_formula(),
        REASON_COLUMN: reason_formula,
    }
    specs = []
    for name in columns:
        spec: dict[str, Any] = {"header": name, "header_format": formats.header}
        spec["format"] = column_formats.get(name, formats.wrap)
        if name in computed:
            spec["formula"] = "=" + computed[name]
        specs.append(spec)
    ws.add_table(
        TABLE_HEADER_ROW,
        0,
        last,
        len(columns) - 1,
        {"name": fx.TABLE_NAME, "style": "Table Style Medium 2", "columns": specs},
    )
    results = assess(actions, rule) if n else None
    # As the formulas show them: blank (missing) for an action not marked yet.
    shown = shown_markers(results, rule) if results is not None else []
    col = {name: i for i, name in enumerate(columns)}
    for i in range(n):
        row = first + i
        record = actions.iloc[i]
        for name in columns:
            if name in computed:
                continue
            value = cell_value(record.get(name))
            fmt = column_formats.get(name, formats.wrap)
            if value is None:
                ws.write_blank(row, col[name], None, fmt)
            elif isinstance(value, str):
                ws.write_string(row, col[name], value, fmt)
            else:
                ws.write(row, col[name], value, fmt)
        assert results is not None
        marker = None if pd.isna(shown[i]) else int(shown[i])
        reason = str(results.reasons[i])
        dauphin = dauphin_code(marker)
        cached = "" if marker is None else marker  # the formula's empty text
        ws.write_formula(row, col[MARKER_COLUMN], "=" + marker_formula, formats.marker, cached)
        ws.write_formula(
            row, col[DAUPHIN_COLUMN], "=" + computed[DAUPHIN_COLUMN], formats.marker, dauphin
        )
        ws.write_formula(row, col[REASON_COLUMN], "=" + reason_formula, formats.reason, reason)
        ws.set_row(row, row_height(record, reason))  # its tallest wrapped text
    if not n:
        # The empty table's row carries its columns' formats, as the sample's rows do: typed
        # or imported there, an amount reads « 2 000 € » and a title wraps at the top (the
        # table's own column formats, dataDxfId, are Excel's for rows it adds, and LibreOffice
        # ignores them).
        for name in columns:
            if name not in computed:
                ws.write_blank(first, col[name], None, column_formats.get(name, formats.wrap))
        # Its formulas' cached values are those of an action with no answer (the table's own
        # are 0: a marker 0 shown until the reader recalculates).
        blank = assess(pd.DataFrame({q: [None] for q in QUESTION_IDS}, dtype=object), rule)
        shown_blank = shown_markers(blank, rule)[0]
        marker = None if pd.isna(shown_blank) else int(shown_blank)
        cached = "" if marker is None else marker
        ws.write_formula(first, col[MARKER_COLUMN], "=" + marker_formula, formats.marker, cached)
        ws.write_formula(
            first,
            col[DAUPHIN_COLUMN],
            "=" + computed[DAUPHIN_COLUMN],
            formats.marker,
            dauphin_code(marker),
        )
        ws.write_formula(
            first, col[REASON_COLUMN], "=" + reason_formula, formats.reason, str(blank.reasons[0])
        )
    widths = column_widths(columns)
    for name, width in zip(columns, widths):
        ws.set_column(col[name], col[name], width)
    # Headers wrap in their columns (« Montant État (programme 147) »): the row fits them.
    ws.set_row(TABLE_HEADER_ROW, max(map(estimate_height, columns, widths)))
    for name in [b for b in BENEFICIARIES if b in col]:
        ws.data_validation(
            first,
            col[name],
            last,
            col[name],
            {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_type": "warning",
                "error_message": "Nombre de personnes attendu (entier positif).",
            },
        )
    for qid in QUESTION_IDS:
        question = QUESTION_BY_ID[qid]
        ws.write_comment(
            TABLE_HEADER_ROW,
            col[qid],
            f"{qid} — {question.section}\n{question.text}{_only_when(question)}",
            {"author": "efh_xl", "x_scale": 2.6, "y_scale": 1.4},
        )
        ws.data_validation(
            first,
            col[qid],
            last,
            col[qid],
            {
                "validate": "list",
                "source": list(ANSWERS),
                "ignore_blank": True,
                "error_type": "warning",
                "error_title": "Réponse attendue : OUI ou NON",
                # The grid reads other spellings (« X », « 1 », « VRAI »): saying any other
                # value is flagged contradicted the guide and the motif.
                "error_message": _answer_message(rule),
                "input_title": f"{qid} — {question.label}"[:32],
                "input_message": (question.text + _only_when(question))[:255],
            },
        )
    ws.data_validation(
        first,
        col[TERRITORY],
        last,
        col[TERRITORY],
        {
            "validate": "list",
            "source": "=EFH_TERRITOIRES",
            "error_type": "warning",
            "error_title": "Territoire inconnu",
            "error_message": "Ce territoire n'est pas dans la feuille Paramètres. "
            "Ajoutez-le en bas de la colonne Territoires pour le retrouver dans la liste.",
        },
    )
    ws.data_validation(
        first,
        col["Pilier"],
        last,
        col["Pilier"],
        {"validate": "list", "source": "=EFH_PILIERS", "error_type": "warning"},
    )
    ws.data_validation(
        first,
        col[YEAR],
        last,
        col[YEAR],
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 2000,
            "maximum": 2100,
            "error_type": "warning",
            "error_message": "Année de programmation attendue (par exemple 2025).",
        },
    )
    for amount in amounts:
        ws.data_validation(
            first,
            col[amount],
            last,
            col[amount],
            {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "error_type": "warning",
                "error_message": "Montant en euros attendu (nombre positif).",
            },
        )
    marker_range = (first, col[MARKER_COLUMN], last, col[MARKER_COLUMN])
    for value, fmt in formats.marker_fill.items():
        ws.conditional_format(
            *marker_range, {"type": "cell", "criteria": "==", "value": value, "format": fmt}
        )
    reason_cell = xl_rowcol_to_cell(first, col[REASON_COLUMN], row_abs=False, col_abs=True)
    marker_cell = xl_rowcol_to_cell(first, col[MARKER_COLUMN], row_abs=False, col_abs=True)
    reason_range = (first, col[REASON_COLUMN], last, col[REASON_COLUMN])
    # An action not marked yet (its Marqueur blank: no answer at all) is to read, not to fix:
    # its Motif is greyed as the summaries grey « Non marqué », not flagged like a problem.
    # Known by its blank marker, not by the wording of its reason.
    ws.conditional_format(
        *reason_range,
        {"type": "formula", "criteria": f'={marker_cell}=""', "format": formats.unmarked},
    )
    ws.conditional_format(
        *reason_range,
        {
            "type": "formula",
            "criteria": fx.to_fix_condition(reason_cell, marker_cell),
            "format": formats.problem,
        },
    )
    ws.freeze_panes(first, col["Action"] + 1)
    # Top left, right of the title, where people look first (not above the far Motif column).
    ws.insert_button(
        0,
        col["Porteur"],
        {
            "macro": MACRO,
            "caption": BUTTON_CAPTION,
            "width": 200,
            "height": 26,
            "x_offset": 4,
            "y_offset": 2,
        },
    )
    ws.set_zoom(90)
    apply_page_setup(ws, actions_page(columns, widths))
    ws.activate()


# A4 landscape inside Excel's default margins (0.7 inch each side), in pixels at 100 %.
_PAGE_PIXELS = int((297 / 25.4 - 2 * 0.7) * 96)


def pages_across(widths: list[float], repeated: int = 0, scale: float = MIN_PRINT_SCALE) -> int:
    """How many A4 landscape pages across columns of these ``widths`` (characters) need at
    ``scale`` (the smallest legible one), ``repeated`` pixels of repeated columns on each page
    after the first: fitted to one page, a wide table printed its 11-point text at 4 points."""
    per_page = _PAGE_PIXELS / scale
    pages, used = 1, 0.0
    for width in map(width_pixels, widths):
        if used + width > per_page:
            pages, used = pages + 1, repeated
        used += width
    return pages


def actions_page(columns: list[str], widths: list[float]) -> PageSetup:
    """How the Actions table prints: A4 landscape, too wide for one page at a legible scale,
    so on as many pages across as a 70 % scale needs, each row band's pages together
    (across, then down), the header row and the N° action and Action columns repeated."""
    pixels = [width_pixels(w) for w in widths]
    first, last = columns.index("N° action"), columns.index("Action")
    pages = pages_across(widths, sum(pixels[first : last + 1]))
    return PageSetup(
        title_rows=(TABLE_HEADER_ROW, TABLE_HEADER_ROW),
        title_columns=(first, last),
        fit_width=pages,
        fit_height=0,
        across_first=True,
    )


def _answer_message(rule: Rule) -> str:
    """The message of an answer cell's validation: OUI or NON from the list; the rule's other
    spellings (« X », « N ») count (saying any other value is flagged contradicted the guide
    and the motif); anything else is flagged. Within Excel's 255 characters."""
    start = "Choisissez OUI ou NON dans la liste, ou laissez vide si vous ne savez pas encore. "
    end = "Toute autre valeur est signalée dans le motif."
    said = []
    for answer, words in (("OUI", rule.spellings.oui), ("NON", rule.spellings.non)):
        # Three of them, letters first and shortest: examples, not the list.
        others = sorted(words - {answer}, key=lambda w: (not w.isalpha(), len(w), w))
        if others:
            listed = ", ".join(others[:3]) + ("…" if len(others) > 3 else "")
            said.append(f"{listed} {agreed(len(others), 'compte', 'comptent')} pour {answer}")
    message = start + (" ; ".join(said) + ". " if said else "") + end
    return message if len(message) <= 255 else start + end


def _only_when(question: Question) -> str:
    """When a conditional question is answered (Q2b: only if the public is not mixed), as its
    note and input message say it; empty for the others."""
    if question.applies_when is None:
        return ""
    return f"\nÀ remplir seulement si {question.required} ; sinon, laissez vide."
