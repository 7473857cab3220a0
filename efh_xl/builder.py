"""The workbook builder: writes ``efh_grille.xlsm`` from the grid data and the sample actions.

The workbook is a build product. Every rule it holds comes from :mod:`efh_xl.grid`: the
drop-downs, the paper grid, the box-set table, the lookup sheet that the native formulas
read, and the cached values of those formulas (computed by the Python engine, so readers that
do not recalculate show the right marker).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from . import formulas as fx
from .engine import MARKER_COLUMN, REASON_COLUMN, evaluate
from .grid import (
    ANSWERS,
    DEFAULT_RULE,
    PAPER_ORDER,
    QUESTION_BY_ID,
    QUESTION_IDS,
    VERT_FONCE,
    Rule,
)
from .lookup import LOOKUP_SHEET, STAMP_NAME, lookup_sheet, stamp_formula
from .lookup import defined_names as lookup_names
from .programmation import (
    ACTIONS_SHEET,
    AMOUNTS,
    COLUMNS,
    DEFAULT_PILIERS,
    GRID_SHEET,
    LISTS_SHEET,
    TERRITORY,
    YEAR,
)
from .vbaproject import build_vba_project

DEFAULT_PATH = Path("workbook") / "efh_grille.xlsm"

CONF_SHEET = "xlwings.conf"
SHEETS = (ACTIONS_SHEET, GRID_SHEET, LISTS_SHEET, CONF_SHEET, LOOKUP_SHEET)
CODENAMES = {name: f"Feuil{i}" for i, name in enumerate(SHEETS, start=1)}
UDF_MODULE = "efh_xl.udfs"
MACRO = "GenererSyntheses"
BUTTON_CAPTION = "Générer les synthèses"

# Actions sheet layout: a title, a line of help, a blank line, then the table.
TABLE_HEADER_ROW = 3
FIXED_CREATED = dt.datetime(2026, 1, 1)

# Grille sheet layout: where the editable box-set table lives (rows follow rule.box_sets).
BOX_TABLE_ROW = 23  # header row; sets on the rows below
BOX_TABLE_COL = 1  # column B holds the set names, then one column per question

EURO_FORMAT = '#,##0 "€"'
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
    MARKER_COLUMN: 11,
    REASON_COLUMN: 90,
}
MARKER_FILLS = {2: ("1E7B34", "FFFFFF"), 1: ("C6EFCE", "0B3D14"), 0: ("EDEDED", "404040")}


def _defined_range(sheet: str, first_row: int, col: int, last_row: int) -> str:
    letter = xl_col_to_name(col)
    return f"='{sheet}'!${letter}${first_row + 1}:${letter}${last_row + 1}"


def _cell_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalars
    return value


def _estimate_height(text: str, width: int) -> float:
    lines = max(1, math.ceil(len(text) / max(1, width - 4)))
    return 15.0 * lines


class _Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "font_color": "1F3864"})
        self.help = wb.add_format({**base, "italic": True, "font_color": "595959"})
        self.header = wb.add_format(
            {**base, "bold": True, "text_wrap": True, "valign": "vcenter", "align": "center"}
        )
        self.text = wb.add_format({**base})
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.euro = wb.add_format({**base, "num_format": EURO_FORMAT})
        self.year = wb.add_format({**base, "num_format": "0", "align": "center"})
        self.answer = wb.add_format({**base, "align": "center"})
        self.marker = wb.add_format({**base, "align": "center", "bold": True})
        self.reason = wb.add_format({**base, "text_wrap": True, "font_size": 10})
        self.box = wb.add_format(
            {
                "border": 2,
                "align": "center",
                "valign": "vcenter",
                "bold": True,
                "font_color": "0B3D14",
            }
        )
        self.grid_number = wb.add_format(
            {**base, "bold": True, "align": "center", "valign": "vcenter", "border": 1}
        )
        self.grid_question = wb.add_format(
            {**base, "text_wrap": True, "valign": "vcenter", "border": 1}
        )
        self.grid_header = wb.add_format(
            {
                **base,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "D9E1F2",
            }
        )
        self.bold = wb.add_format({**base, "bold": True})
        self.grid_title = wb.add_format(
            {
                **base,
                "bold": True,
                "font_size": 13,
                "align": "center",
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.comment_box = wb.add_format({**base, "border": 1, "valign": "top", "text_wrap": True})
        self.set_answer = wb.add_format({**base, "align": "center", "border": 1, "locked": False})
        self.small = wb.add_format({**base, "font_size": 9, "italic": True, "font_color": "595959"})
        self.marker_fill = {
            m: wb.add_format({"bg_color": bg, "font_color": fg, "bold": m == 2})
            for m, (bg, fg) in MARKER_FILLS.items()
        }
        self.problem = wb.add_format({"font_color": "9C5700", "bg_color": "FFEB9C"})
        self.set_label: dict[str, Any] = {}
        self.set_fill: dict[tuple[str, ...], Any] = {}


def _set_fill_format(wb, formats: _Formats, rule: Rule, keys: tuple[str, ...]):
    """Solid fill of a box that belongs to the sets ``keys``: the colour of its first plain
    (non-hatched) set. Hatching is shown by slashes (see :func:`_box_hatching`)."""
    if keys not in formats.set_fill:
        sets = [rule.box_set(k) for k in keys]
        solid = [s for s in sets if not s.hatched]
        colour = (solid[0] if solid else sets[0]).fill
        dark = colour == VERT_FONCE.fill
        formats.set_fill[keys] = wb.add_format(
            {"bg_color": colour, "font_color": "FFFFFF" if dark else "0B3D14"}
        )
    return formats.set_fill[keys]


def _write_actions(wb, ws, formats: _Formats, actions: pd.DataFrame, udf: bool, rule: Rule) -> None:
    ws.set_vba_name(CODENAMES[ACTIONS_SHEET])
    ws.write(0, 0, "Programmation : marqueur égalité femmes-hommes (EFH)", formats.title)
    ws.write(
        1,
        0,
        "Une ligne par action. Répondez OUI ou NON aux six questions de la grille (feuille "
        "Grille) : le marqueur et le motif se mettent à jour. Tapez sous le tableau pour "
        "ajouter une action.",
        formats.help,
    )
    ws.set_row(0, 24)
    n = len(actions)
    first, last = TABLE_HEADER_ROW + 1, TABLE_HEADER_ROW + max(n, 1)
    marker_formula = fx.udf_marker_formula() if udf else fx.marker_formula()
    reason_formula = fx.udf_reason_formula() if udf else fx.reason_formula()
    column_formats = {YEAR: formats.year, **{a: formats.euro for a in AMOUNTS}}
    column_formats.update({q: formats.answer for q in QUESTION_IDS})
    column_formats.update({MARKER_COLUMN: formats.marker, REASON_COLUMN: formats.reason})
    table_columns = []
    for name in COLUMNS:
        spec: dict[str, Any] = {"header": name, "header_format": formats.header}
        spec["format"] = column_formats.get(name, formats.wrap)
        if name == MARKER_COLUMN:
            spec["formula"] = "=" + marker_formula
        elif name == REASON_COLUMN:
            spec["formula"] = "=" + reason_formula
        table_columns.append(spec)
    ws.add_table(
        TABLE_HEADER_ROW,
        0,
        last,
        len(COLUMNS) - 1,
        {"name": fx.TABLE_NAME, "style": "Table Style Medium 2", "columns": table_columns},
    )
    results = evaluate(actions, rule) if n else pd.DataFrame({MARKER_COLUMN: [], REASON_COLUMN: []})
    col = {name: i for i, name in enumerate(COLUMNS)}
    for i in range(n):
        row = first + i
        record = actions.iloc[i]
        for name in COLUMNS[:-2]:
            value = _cell_value(record.get(name))
            fmt = column_formats.get(name, formats.wrap)
            if value is None:
                ws.write_blank(row, col[name], None, fmt)
            elif isinstance(value, str):
                ws.write_string(row, col[name], value, fmt)
            else:
                ws.write(row, col[name], value, fmt)
        marker, reason = int(results.iloc[i, 0]), str(results.iloc[i, 1])
        ws.write_formula(row, col[MARKER_COLUMN], "=" + marker_formula, formats.marker, marker)
        ws.write_formula(row, col[REASON_COLUMN], "=" + reason_formula, formats.reason, reason)
        ws.set_row(row, _estimate_height(reason, WIDTHS[REASON_COLUMN]))
    for name, width in WIDTHS.items():
        ws.set_column(col[name], col[name], width)
    for qid in QUESTION_IDS:
        ws.set_column(col[qid], col[qid], 7)
        question = QUESTION_BY_ID[qid]
        ws.write_comment(
            TABLE_HEADER_ROW,
            col[qid],
            f"{qid} — {question.section}\n{question.text}",
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
                "error_message": "Choisissez OUI ou NON dans la liste, ou laissez vide si "
                "vous ne savez pas encore. Une autre valeur sera signalée dans le motif.",
                "input_title": f"{qid} — {question.label}"[:32],
                "input_message": question.text[:255],
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
            "error_message": "Ce territoire n'est pas dans la feuille Listes. "
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
    for amount in AMOUNTS:
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
    ws.conditional_format(
        first,
        col[REASON_COLUMN],
        last,
        col[REASON_COLUMN],
        {
            "type": "formula",
            "criteria": f'=LEFT({reason_cell},8)<>"Marqueur"',
            "format": formats.problem,
        },
    )
    ws.freeze_panes(first, col["Action"] + 1)
    ws.insert_button(
        0,
        col[REASON_COLUMN],
        {
            "macro": MACRO,
            "caption": BUTTON_CAPTION,
            "width": 200,
            "height": 34,
            "x_offset": 4,
            "y_offset": 2,
        },
    )
    ws.set_zoom(90)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)  # one page wide when printed or exported
    ws.repeat_rows(TABLE_HEADER_ROW)
    ws.activate()


def _write_grid(wb, ws, formats: _Formats, rule: Rule) -> None:
    ws.set_vba_name(CODENAMES[GRID_SHEET])
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 70)
    ws.set_column(2, 3, 9)
    ws.set_column(4, 7, 9)
    ws.merge_range(
        0,
        0,
        0,
        3,
        "INSTRUCTION DES ACTIONS DE LA PROGRAMMATION AU REGARD DE L'ÉGALITÉ FEMMES-HOMMES",
        formats.grid_title,
    )
    ws.set_row(0, 36)
    ws.write(2, 0, "NOM DE L'ACTION :", formats.bold)
    ws.write(3, 0, "NOM DU-DE LA PORTEUR-EUSE :", formats.bold)
    header_row = 5
    ws.write(header_row, 0, "N°", formats.grid_header)
    ws.write(
        header_row,
        1,
        "Questions à se poser au fil de la lecture du dossier CERFA",
        formats.grid_header,
    )
    ws.write(header_row, 2, "OUI", formats.grid_header)
    ws.write(header_row, 3, "NON", formats.grid_header)
    set_rows = {s.key: BOX_TABLE_ROW + 1 + i for i, s in enumerate(rule.box_sets)}
    for i, qid in enumerate(PAPER_ORDER):
        row = header_row + 1 + i
        question = QUESTION_BY_ID[qid]
        ws.write(row, 0, qid[1:], formats.grid_number)
        ws.write_rich_string(
            row,
            1,
            formats.bold,
            f"Dans la partie « {question.section} », ",
            formats.text,
            question.text,
            formats.grid_question,
        )
        ws.set_row(row, 32)
        for answer_col, answer in ((2, "OUI"), (3, "NON")):
            _box_hatching(ws, formats, rule, row, answer_col, qid, answer, set_rows)
            _box_colours(wb, ws, formats, rule, row, answer_col, qid, answer, set_rows)
    comment_row = header_row + len(PAPER_ORDER) + 2
    ws.write(comment_row, 0, "Commentaires éventuels", formats.bold)
    ws.merge_range(comment_row + 1, 0, comment_row + 3, 3, "", formats.comment_box)
    rule_row = comment_row + 5
    for i, line in enumerate(rule.describe()):
        ws.write(rule_row + i, 0, line, formats.bold if i == 0 else formats.text)
    # The editable box sets: the rule of this workbook.
    ws.write(
        BOX_TABLE_ROW - 1,
        BOX_TABLE_COL,
        "Ensembles de cases de ce classeur (modifiables : OUI, NON ou vide)",
        formats.bold,
    )
    ws.write(BOX_TABLE_ROW, BOX_TABLE_COL, "Ensemble", formats.grid_header)
    for j, qid in enumerate(QUESTION_IDS):
        ws.write(BOX_TABLE_ROW, BOX_TABLE_COL + 1 + j, qid, formats.grid_header)
    for box_set, answers in zip(rule.box_sets, rule.box_table()):
        row = set_rows[box_set.key]
        label = wb.add_format(
            {
                "border": 1,
                "bold": True,
                "bg_color": box_set.fill,
                "font_color": "FFFFFF" if box_set.fill == VERT_FONCE.fill else "000000",
            }
        )
        name = f"cases {box_set.label}" + (f"  {HATCHING}" if box_set.hatched else "")
        ws.write(row, BOX_TABLE_COL, name, label)
        for j, answer in enumerate(answers):
            ws.write_string(row, BOX_TABLE_COL + 1 + j, answer, formats.set_answer)
    first_answer = BOX_TABLE_ROW + 1
    last_answer = BOX_TABLE_ROW + len(rule.box_sets)
    ws.data_validation(
        first_answer,
        BOX_TABLE_COL + 1,
        last_answer,
        BOX_TABLE_COL + len(QUESTION_IDS),
        {
            "validate": "list",
            "source": list(ANSWERS),
            "ignore_blank": True,
            "error_title": "OUI, NON ou vide",
            "error_message": "Une case d'un ensemble est OUI ou NON ; videz-la pour l'enlever.",
        },
    )
    wb.define_name(
        fx.NAME_BOX_SETS,
        f"='{GRID_SHEET}'!${xl_col_to_name(BOX_TABLE_COL + 1)}${first_answer + 1}:"
        f"${xl_col_to_name(BOX_TABLE_COL + len(QUESTION_IDS))}${last_answer + 1}",
    )
    note = last_answer + 2
    ws.write(
        note,
        BOX_TABLE_COL,
        "Modifier un ensemble change la règle de ce classeur. Les formules sans Python "
        "suivent après « efh-xl refresh » ; avec Python, le bouton « Générer les synthèses » "
        "et les fonctions EFH_MARQUEUR / EFH_MOTIF la suivent aussitôt.",
        formats.small,
    )
    ws.write(
        note + 2,
        0,
        "Grille d'analyse des marqueurs EFH développée par Valenciennes Métropole en "
        "collaboration avec Egaé (PROG. 2021).",
        formats.small,
    )
    ws.write(note + 3, 0, f"Règle : {rule.name}", formats.small)
    ws.set_landscape()
    ws.fit_to_pages(1, 1)
    ws.hide_gridlines(2)


HATCHING = "/ / / / /"


def _box_hatching(ws, formats, rule: Rule, row, col, qid, answer, set_rows) -> None:
    """Slashes in a box of a hatched set: pattern fills do not show in every application
    (LibreOffice blends them into a plain colour), text does. Follows the box-set table."""
    q_col = BOX_TABLE_COL + 1 + QUESTION_IDS.index(qid)
    hatched = [s for s in rule.box_sets if s.hatched]
    if not hatched:
        ws.write_blank(row, col, None, formats.box)
        return
    tests = ",".join(
        f'UPPER(TRIM(${xl_col_to_name(q_col)}${set_rows[s.key] + 1}))="{answer}"' for s in hatched
    )
    shown = HATCHING if any(s.answer_for(qid) == answer for s in hatched) else ""
    ws.write_formula(row, col, f'=IF(OR({tests}),"{HATCHING}","")', formats.box, shown)


def _box_colours(wb, ws, formats, rule: Rule, row, col, qid, answer, set_rows) -> None:
    """Conditional fills of one box: it takes the colours of the sets that hold it.

    Rules are written from the most specific (box in two sets) to single sets, each reading the
    editable box-set table, so the paper grid follows what the user types there.
    """
    q_col = BOX_TABLE_COL + 1 + QUESTION_IDS.index(qid)
    tests = {
        s.key: f'UPPER(TRIM(${xl_col_to_name(q_col)}${set_rows[s.key] + 1}))="{answer}"'
        for s in rule.box_sets
    }
    keys = [s.key for s in rule.box_sets]
    combos = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]] + [(k,) for k in keys]
    for combo in combos:
        formula = "=AND(" + ",".join(tests[k] for k in combo) + ")"
        ws.conditional_format(
            row,
            col,
            row,
            col,
            {
                "type": "formula",
                "criteria": formula,
                "stop_if_true": True,
                "format": _set_fill_format(wb, formats, rule, combo),
            },
        )


def _write_lists(wb, ws, formats: _Formats, actions: pd.DataFrame) -> None:
    ws.set_vba_name(CODENAMES[LISTS_SHEET])
    territories = [
        t
        for t in dict.fromkeys(actions.get(TERRITORY, pd.Series(dtype=object)))
        if isinstance(t, str) and t
    ]
    ws.write(0, 0, "Territoires", formats.header)
    ws.write(0, 1, "Piliers", formats.header)
    for i, territory in enumerate(territories):
        ws.write_string(1 + i, 0, territory)
    for i, pilier in enumerate(DEFAULT_PILIERS):
        ws.write_string(1 + i, 1, pilier)
    ws.set_column(0, 1, 48)
    ws.write(
        0,
        3,
        "Ajoutez un territoire ou un pilier en bas de sa colonne : il apparaît dans les "
        "listes déroulantes de la feuille Actions.",
        formats.help,
    )
    for name, col in (("EFH_TERRITOIRES", "A"), ("EFH_PILIERS", "B")):
        wb.define_name(
            name,
            f"=OFFSET('{LISTS_SHEET}'!${col}$2,0,0,MAX(1,COUNTA('{LISTS_SHEET}'!${col}:${col})-1),1)",
        )


def _write_conf(ws) -> None:
    ws.set_vba_name(CODENAMES[CONF_SHEET])
    ws.write_string(0, 0, "UDF Modules")
    ws.write_string(0, 1, UDF_MODULE)
    ws.set_column(0, 1, 24)


def _write_lookup(wb, ws, formats: _Formats, rule: Rule) -> None:
    """The hidden lookup sheet the native formulas read (cells from :mod:`efh_xl.lookup`)."""
    ws.set_vba_name(CODENAMES[LOOKUP_SHEET])
    model = lookup_sheet(rule)
    for (row, col), (value, style) in model.iter_cells():
        fmt = formats.header if style == "header" else None
        if isinstance(value, str):
            ws.write_string(row, col, value, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    for name, (first, last, col) in lookup_names(rule).items():
        wb.define_name(name, _defined_range(LOOKUP_SHEET, first, col, last))
    for name, formula in fx.named_formulas().items():
        wb.define_name(name, "=" + formula)
    wb.define_name(STAMP_NAME, "=" + stamp_formula(rule))
    for col, width in model.widths.items():
        ws.set_column(col, col, width)
    ws.hide()


def build_workbook(
    path: str | os.PathLike[str] = DEFAULT_PATH,
    *,
    udf: bool = False,
    actions: pd.DataFrame | None = None,
    rule: Rule | None = None,
) -> Path:
    """Write the macro-enabled workbook to ``path`` and return it.

    ``actions`` defaults to the fictional sample (:func:`efh_xl.sample.sample_actions`). With
    ``udf``, the Marqueur and Motif columns call the xlwings UDFs instead of native formulas.
    The file is written to a temporary file beside ``path``, then renamed over it.
    """
    from .sample import sample_actions

    rule = rule or DEFAULT_RULE
    actions = sample_actions() if actions is None else actions
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".xlsm", dir=target.parent, prefix=".efh_build_")
    os.close(handle)
    try:
        wb = xlsxwriter.Workbook(
            temporary,
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        wb.set_properties(
            {
                "title": "Grille EFH : marqueur égalité femmes-hommes de la programmation",
                "subject": "Contrat de ville",
                "author": "efh_xl",
                "company": "",
                "created": FIXED_CREATED,
            }
        )
        wb.set_vba_name("ThisWorkbook")
        vba = build_vba_project([CODENAMES[s] for s in SHEETS])
        wb.add_vba_project(io.BytesIO(vba), is_stream=True)
        formats = _Formats(wb)
        sheets = {name: wb.add_worksheet(name) for name in SHEETS}
        _write_actions(wb, sheets[ACTIONS_SHEET], formats, actions, udf, rule)
        _write_grid(wb, sheets[GRID_SHEET], formats, rule)
        _write_lists(wb, sheets[LISTS_SHEET], formats, actions)
        _write_conf(sheets[CONF_SHEET])
        _write_lookup(wb, sheets[LOOKUP_SHEET], formats, rule)
        wb.close()
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a workbook is shared
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
