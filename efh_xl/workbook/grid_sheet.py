"""The Grille sheet: the paper grid with its colours and hatching, and the editable box-set
table that makes the rule of the workbook."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

import efh_xl.workbook.formulas as fx
from efh_xl.core.grid import (
    ANSWERS,
    PAPER_ORDER,
    QUESTION_BY_ID,
    QUESTION_IDS,
    VERT_FONCE,
    Rule,
)
from efh_xl.core.programmation import (
    GRID_SHEET,
)
from efh_xl.workbook.formats import Formats
from efh_xl.workbook.layout import (
    BOX_READ_COL,
    BOX_TABLE_COL,
    BOX_TABLE_ROW,
    CODENAMES,
)


def set_fill_format(wb, formats: Formats, rule: Rule, keys: tuple[str, ...]):
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


def write_grid(wb, ws, formats: Formats, rule: Rule, *, native: bool = True) -> None:
    """The Grille sheet. ``native``: the Actions sheet computes with native formulas (the
    UDFs of a workbook built with them follow the sets at once: nothing to warn of)."""
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
            question.text[:1].lower() + question.text[1:],  # the sentence goes on after « , »
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
    _box_reads(ws, formats, rule, set_rows)
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
    # Said in red while the sets typed differ from those the formulas were computed for: a
    # Grille edited without Python left every marker on the former rule, without a word.
    formula = f'=IF({fx.box_sets_changed(rule)},"{SETS_CHANGED}","")'
    if native:
        # Wrapped over the table's width: running on to the right, it widened the page
        # (fitted to one) and made the whole grid smaller on paper.
        last_col = BOX_TABLE_COL + len(QUESTION_IDS)
        ws.merge_range(note + 1, BOX_TABLE_COL, note + 1, last_col, "", formats.alert)
        ws.write_formula(note + 1, BOX_TABLE_COL, formula, formats.alert, "")
        ws.set_row(note + 1, 30)
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
SETS_CHANGED = (
    "Les ensembles ont changé : les marqueurs de la feuille Actions suivent encore l'ancienne "
    "règle. Lancez « efh-xl refresh » sur ce classeur (ou le bouton « Générer les synthèses ») "
    "pour appliquer la nouvelle."
)


def _box_reads(ws, formats, rule: Rule, set_rows: dict[str, int]) -> None:
    """Each box of the set table as the rule reads it, in hidden columns beside the table:
    the paper grid's colours and hatching test these. Tested on the box as typed, a box
    pasted « X » (past the list's validation), which the rule reads as OUI, lost its colour."""
    last = BOX_READ_COL + len(QUESTION_IDS) - 1
    ws.set_column(BOX_READ_COL, last, None, None, {"hidden": True})
    for j, qid in enumerate(QUESTION_IDS):
        ws.write(BOX_TABLE_ROW, BOX_READ_COL + j, f"{qid} lu", formats.small)
    for box_set, answers in zip(rule.box_sets, rule.box_table()):
        row = set_rows[box_set.key]
        for j, answer in enumerate(answers):
            typed = f"${xl_col_to_name(BOX_TABLE_COL + 1 + j)}${row + 1}"
            ws.write_formula(row, BOX_READ_COL + j, f"={fx.box_read(typed, rule)}", None, answer)


def _box_read(qid: str, set_row: int) -> str:
    """The hidden cell holding the box of ``qid`` of the set on ``set_row`` as read."""
    return f"${xl_col_to_name(BOX_READ_COL + QUESTION_IDS.index(qid))}${set_row + 1}"


def _box_hatching(ws, formats, rule: Rule, row, col, qid, answer, set_rows) -> None:
    """Slashes in a box of a hatched set: pattern fills do not show in every application
    (LibreOffice blends them into a plain colour), text does. Follows the box-set table."""
    hatched = [s for s in rule.box_sets if s.hatched]
    if not hatched:
        ws.write_blank(row, col, None, formats.box)
        return
    tests = ",".join(f'{_box_read(qid, set_rows[s.key])}="{answer}"' for s in hatched)
    shown = HATCHING if any(s.answer_for(qid) == answer for s in hatched) else ""
    ws.write_formula(row, col, f'=IF(OR({tests}),"{HATCHING}","")', formats.box, shown)


def _box_colours(wb, ws, formats, rule: Rule, row, col, qid, answer, set_rows) -> None:
    """Conditional fills of one box: it takes the colours of the sets that hold it.

    Rules are written from the most specific (box in two sets) to single sets, each reading the
    editable box-set table, so the paper grid follows what the user types there.
    """
    tests = {s.key: f'{_box_read(qid, set_rows[s.key])}="{answer}"' for s in rule.box_sets}
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
                "format": set_fill_format(wb, formats, rule, combo),
            },
        )
