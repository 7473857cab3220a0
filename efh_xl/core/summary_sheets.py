"""The summary sheets' layout: one sheet model per territory plus the overview, and their names.

Pure layout over :mod:`efh_xl.core.summary`; the renderers (:mod:`efh_xl.ooxml.worksheet` and
:mod:`efh_xl.excel.button`) decide nothing about it.
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
from typing import Any

from efh_xl.core.page_breaks import (
    HEIGHT_SLACK,
    POINTS_PER_PIXEL,
    paginate,
    printable_points,
    row_heights,
)
from efh_xl.core.plural import agreed, counted
from efh_xl.core.programmation import BENEFICIARIES, GRANTED, REQUESTED
from efh_xl.core.sheet_model import (
    CELL_PADDING,
    DEFAULT_WIDTH,
    LINE_HEIGHT,
    STYLES,
    Chart,
    PageSetup,
    SheetModel,
    width_pixels,
    wrapped_counts,
)
from efh_xl.core.status import CATEGORY_LABELS, MARKERS_LEGEND
from efh_xl.core.summary import (
    COUNT_COLUMNS,
    EURO_COLUMNS,
    FUNDER_SHARE,
    PEOPLE_COLUMNS,
    SHARE_1_OR_2,
    SHARE_RATIOS,
    UNKNOWN_TERRITORY,
    WEIGHTED,
    Summary,
    Table,
    TerritorySummary,
    summary_table,
)

SUMMARY_PREFIX = "Synthèse – "
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31


def excel_length(text: str) -> int:
    """The length of ``text`` as Excel counts it, in UTF-16 units: a character beyond the
    Basic Multilingual Plane (an emoji, « 𝔸 ») counts two; a tab of 31 Python characters
    could be 51 of Excel's."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, units: int) -> str:
    """``text`` cut to at most ``units`` of Excel's units, never inside a character."""
    text = text[:units]
    while excel_length(text) > units:
        text = text[:-1]
    return text


def sheet_name(territory: str, taken: set[str]) -> str:
    """A valid, unique sheet name ``Synthèse – <territory>`` within Excel's 31 characters."""
    base = _cut(SUMMARY_PREFIX + _clean(territory), MAX_SHEET_NAME).rstrip().rstrip("'")
    name, n = base, 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        name = _cut(base, MAX_SHEET_NAME - len(suffix)).rstrip() + suffix
        n += 1
    return name


def _clean(label: str) -> str:
    """A territory's label as a sheet name holds it (forbidden characters and runs of spaces
    made one space)."""
    clean = _FORBIDDEN.sub(" ", str(label)).strip().strip("'") or "Sans nom"
    return re.sub(r"\s+", " ", clean)


# Words of a territory's name that say what kind of territory it is, not where it is.
_GENERIC_WORDS = frozenset(
    "agglo agglomération ca cc communauté communautés commune communes contrat cu de des du "
    "d epci et européenne intercommunalité l la le les métropole métropolitaine pays "
    "territoire urbaine urbain ville".split()
)
# Of them, the articles and links a place's name may begin with (« Le Mans », « La
# Roche-sur-Yon »): left out only before another word that says no place.
_LINK_WORDS = frozenset("de des du d et l la le les".split())


def _generic(word: str) -> bool:
    """Whether a word of a name says no place (« Métropole », « d'agglomération »)."""
    folded = word.casefold().replace("’", "'")
    return all(part in _GENERIC_WORDS for part in folded.split("'") if part)


def _without_generic_edges(words: list[str]) -> str:
    """A name without the words at either end that say no place."""
    first, last = 0, len(words)
    while first < last and _generic(words[first]):
        link = words[first].casefold().replace("’", "'").rstrip("'") in _LINK_WORDS
        if link and not (first + 1 < last and _generic(words[first + 1])):
            break  # the article of a place's name (« Le Mans »)
        first += 1
    while last > first and _generic(words[last - 1]):
        last -= 1
    return " ".join(words[first:last])


def tab_labels(labels: list[str]) -> list[str]:
    """The labels of the territories' tabs, where names cut at Excel's 31 characters gave
    every tab the same name (« Synthèse – Contrat de ville de », then « (2) », « (3) »…).

    Names too long for their tab lose the words they all begin with, which tell none apart
    (« Contrat de ville de Denain » and « … de Maubeuge » -> « Denain », « Maubeuge »), but
    never down to a name without a letter (« numéro 01 » rather than « 01 »). A name still too
    long that lost no word (alone, or sharing no first word) keeps its end, where such names
    say the place (« … de ville de Denain »), unless its end says no place (« … Métropole »):
    then the name without the words at its ends that say none (« Valenciennes »). A short
    name set in Paramètres is used as it is; the sheet's title keeps the whole name."""
    room = MAX_SHEET_NAME - len(SUMMARY_PREFIX)
    split = [_clean(label).split(" ") for label in labels]
    long = [i for i, words in enumerate(split) if excel_length(" ".join(words)) > room]
    shown = list(labels)
    # Names of one first word together (« Contrat de ville de … »): one long name that begins
    # otherwise (« Communauté d'agglomération … ») kept the others whole.
    groups: dict[str, list[int]] = {}
    for i in long:
        groups.setdefault(split[i][0].casefold(), []).append(i)
    shortened: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        words = [split[i] for i in members]
        drop = 0
        # Whole words, and at least one left to each name.
        while all(len(w) > drop + 1 for w in words):
            if len({w[drop].casefold() for w in words}) > 1:
                break
            drop += 1
        while drop and not all(any(c.isalpha() for c in "".join(w[drop:])) for w in words):
            drop -= 1
        if drop:
            for i in members:
                shown[i] = " ".join(split[i][drop:])
            shortened.update(members)
    tailed = list(shown)
    for i in long:
        if i in shortened:
            continue
        # As few leading words left out as needed; a last word too long alone is cut.
        words = split[i]
        tail = next(
            (
                t
                for k in range(1, len(words))
                if excel_length(t := "… " + " ".join(words[k:])) <= room
            ),
            None,
        )
        if tail is None or all(_generic(w) for w in tail[2:].split(" ")):
            # « … Métropole » says no place: the name without the words around it that name
            # no place (« Communauté d'agglomération Valenciennes Métropole » -> Valenciennes).
            core = _without_generic_edges(words)
            if core and excel_length(core) <= room:
                tail = core
        if tail is not None:
            tailed[i] = tail

    # Only if they tell apart the tabs they had apart: « … et Escaudain » twice is worse than
    # two names cut at their end (« Centre-ville de Denain », « Faubourgs de Denain e »).
    def distinct(labels: list[str]) -> int:
        return len({_cut(_clean(label), room).casefold() for label in labels})

    return tailed if distinct(tailed) == distinct(shown) else shown


# Ownership of sheets, by identity: the tool deletes or rewrites a sheet only if it wrote it.
# Two marks, both defined names (which Excel and LibreOffice keep on save, and which follow a
# sheet through renames and moves): a sheet-level name SHEET_MARK on each sheet the tool wrote,
# and a workbook-level name OWNED_SHEETS listing the names it gave them. A sheet is the tool's
# when it has both: a user's copy of a summary sheet carries the sheet mark but a name not in
# the list; a user's sheet that took the name of a deleted summary sheet has no sheet mark; a
# summary sheet the user renamed has left the list, and becomes the user's.
OWNED_SHEETS = "EFH_SYNTHESES"
SHEET_MARK = "EFH_SYNTHESE"
SHEET_MARK_FORMULA = "1"
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')


def owned_sheets_formula(names: list[str]) -> str:
    """The text of the OWNED_SHEETS defined name: an array constant of the sheet names."""
    return "{" + ",".join('"' + n.replace('"', '""') + '"' for n in names) + "}"


def parse_owned_sheets(formula: str | None) -> list[str]:
    """The sheet names an OWNED_SHEETS formula lists (none if absent or unreadable)."""
    if not formula:
        return []
    return [m.replace('""', '"') for m in _QUOTED.findall(formula)]


def owned_sheets(marked: set[str], recorded: list[str]) -> set[str]:
    """Names of the sheets the tool wrote: marked at sheet level and listed at book level.

    ``marked`` holds the names of the sheets carrying SHEET_MARK; ``recorded`` the names
    OWNED_SHEETS lists. Sheet names compare without case, as Excel does.
    """
    listed = {name.casefold() for name in recorded}
    return {name for name in marked if name.casefold() in listed}


# The cell of a share over nothing (no marked action, no answer): « — », as the CLI prints it.
NO_SHARE = "—"


def is_summary_name(name: str) -> bool:
    """Whether a name looks like a summary sheet's (never a reason to delete it)."""
    return name.startswith(SUMMARY_PREFIX)


def _table(
    sheet: SheetModel,
    top: int,
    table: Table,
    formats: dict[str, str],
    index_label: str,
    index_style=None,
    total: bool = False,
    key_style: str = "text",
) -> int:
    """Write ``table`` with its row labels as first column; return the next free row."""
    sheet.put(top, 0, index_label, "header")
    for j, column in enumerate(table.columns, start=1):
        sheet.put(top, j, str(column), "header")
    keys = _column_values(_labels(table))
    values = [_column_values(column) for column in table.columns.values()]
    styles = [formats.get(column, "count") for column in table.columns]
    for j, style in enumerate(styles):
        if style == "percent" and None in values[j]:  # a share of nothing: no 0 %
            values[j] = [NO_SHARE if v is None else v for v in values[j]]
    if index_style is None:
        sheet.put_block(top + 1, 0, [keys, *values], [key_style, *styles])
    else:
        for i, key in enumerate(keys, start=1):
            sheet.put(top + i, 0, key, index_style(key))
        for j, (column, style) in enumerate(zip(values, styles), start=1):
            for i, value in enumerate(column, start=1):
                sheet.put(top + i, j, value, style)
    end = top + len(table) + 1
    if total and len(table):
        sheet.put(end, 0, "Total", "total")
        sums = {
            column: float(sum(v for v in column_values if isinstance(v, (int, float)) and v == v))
            for column, column_values in zip(table.columns, values)
        }
        for j, column in enumerate(table.columns, start=1):
            fmt = formats.get(column, "count")
            if fmt != "percent":
                sheet.put(end, j, sums[column], f"total_{fmt}")
                continue
            part, whole = SHARE_RATIOS.get(column, ((), ()))
            if part and all(c in sums for c in (*part, *whole)):
                denominator = sum(sums[c] for c in whole)
                if denominator > 0 and denominator != float("inf"):
                    share = sum(sums[c] for c in part) / denominator
                    sheet.put(end, j, share, "total_percent")
        end += 1
    return end + 1


def _labels(table: Table) -> Any:
    """A table's row labels (numbered from 0 when it has none)."""
    return range(len(table)) if table.index is None else table.index


def _column_values(values: Any) -> list[Any]:
    """The cell values of a column (a list, a numpy array or a pandas Index): str, int,
    float or None."""
    # tolist: numpy's own scalars become Python's in one call.
    return _plain_list(values.tolist() if hasattr(values, "tolist") else list(values))


def _plain_list(plain: list[Any]) -> list[Any]:
    """Cell values (str, int, float or None) from the items of an object array."""
    if set(map(type, plain)) <= _PLAIN_TYPES:
        return plain
    return [_plain(v) for v in plain]


_PLAIN_TYPES = {str, int}


def _plain(value: Any) -> Any:
    """A cell value: str, int, float or None (numpy and pandas scalars unwrapped)."""
    if type(value) is str:  # the common case in the lists of actions
        return value
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


_CROSS_FORMATS = {
    **{c: "count" for c in COUNT_COLUMNS},
    "Actions": "count",
    SHARE_1_OR_2: "percent",
    **{c: "euro" for c in EURO_COLUMNS},
    "Accordé": "euro",
}
# The style of each category's name: markers in the grid's colours, then the actions not
# marked yet, kept apart.
_CATEGORY_STYLES = dict(
    zip(CATEGORY_LABELS, ("marker0", "marker1", "marker2", "provisional", "unmarked"))
)
# Their colour in the charts: the markers' greys and greens, then colours of their own for
# the actions not marked yet, so that no chart reads them as a marker.
_CATEGORY_CHART_COLOURS = ("A6A6A6", "70AD47", "1E7B34", "FFC000", "9DC3E6")


# The list of actions to fix spreads its texts over the numeric columns (B to N), each
# merged across a share of them in proportion to these weights: the numeric columns stay
# narrow, the list still reads as wide columns.
_LIST_WEIGHTS = {"Territoire": 2, "Action": 3, "Porteur": 2.5, "Problème": 1, "Motif": 5.5}
_LIST_COLUMNS = len(_CROSS_FORMATS)


_FUNDER_FORMATS = {
    **{c: "euro" for c in EURO_COLUMNS},
    "Accordé": "euro",
    FUNDER_SHARE: "percent",
    WEIGHTED: "euro",
}
_PEOPLE_FORMATS = {c: "percent" if c.startswith("Part") else "count" for c in PEOPLE_COLUMNS}


# What the sheet says instead of a table of zeros, when nothing is typed in those columns.
_NOTHING_TYPED = {
    "funders": "Aucun montant par financeur saisi : les colonnes « Montant » des financeurs de "
    "la feuille Actions sont vides.",
    "people": "Aucun effectif saisi : les colonnes Femmes prévues, Hommes prévus, Femmes "
    "réalisées et Hommes réalisés de la feuille Actions sont vides.",
}


def _funders_and_people(sheet: SheetModel, row: int, summary: TerritorySummary) -> int:
    """The tables of the optional columns (funders, people reached), when the Actions table
    has them; return the next free row."""
    by_funder = summary_table(summary, "by_funder")
    if by_funder is not None and summary.funder_entries == 0:
        # Blank columns (an import fills none): a table of zeros read « État : 0 € ».
        sheet.put(row, 0, "Par financeur", "section")
        sheet.put(row + 1, 0, _NOTHING_TYPED["funders"], "note")
        row += 3
    elif by_funder is not None:
        sheet.put(row, 0, "Par financeur : euros par marqueur", "section")
        row = _table(sheet, row + 1, by_funder, _FUNDER_FORMATS, "Financeur", total=True)
    people_by_marker = summary_table(summary, "people_by_marker")
    if people_by_marker is not None and summary.people_entries == 0:
        sheet.put(row, 0, "Bénéficiaires", "section")
        sheet.put(row + 1, 0, _NOTHING_TYPED["people"], "note")
        return row + 3
    if people_by_marker is not None:
        sheet.put(row, 0, "Bénéficiaires : part des femmes, par marqueur", "section")
        row = _table(
            sheet,
            row + 1,
            people_by_marker,
            _PEOPLE_FORMATS,
            "Marqueur",
            index_style=_CATEGORY_STYLES.get,
            total=True,
        )
    people_by_pilier = summary_table(summary, "people_by_pilier")
    if people_by_pilier is not None:
        sheet.put(row, 0, "Bénéficiaires : part des femmes, par pilier", "section")
        row = _table(sheet, row + 1, people_by_pilier, _PEOPLE_FORMATS, "Pilier", total=True)
    return row


def _any_requested(whole: Summary) -> bool:
    """Whether some action of the workbook has a requested amount (other than 0): every
    summary sheet then shows the column, the same tables on every sheet."""
    by_marker = summary_table(whole.overall, "by_marker")
    if by_marker is None or REQUESTED not in by_marker.columns:
        return False
    return any(value != 0 for value in by_marker.columns[REQUESTED])


def territory_sheet(
    name: str, summary: TerritorySummary, whole: Summary, to_fix_sheet: str | None = None
) -> SheetModel:
    """Lay out one summary sheet; with ``to_fix_sheet`` (a regional workbook), the actions to
    fix are counted and that sheet named instead of listed (it lists them all, with their
    file and row)."""
    sheet = SheetModel(name)
    # The overview by identity: a territory may well be called « Ensemble ».
    overall = summary is whole.overall
    title = "tous les territoires" if overall else summary.name
    sheet.put(0, 0, f"Synthèse EFH – {title}", "title")
    sheet.put(
        1,
        0,
        f"Générée le {whole.generated:%d/%m/%Y à %H:%M} par efh_xl, à partir de "
        f"{counted(summary.actions, 'action', 'actions')} ; règle : {whole.rule_label}. "
        "Feuille recréée à chaque génération : ne la modifiez pas.",
        "stamp",
    )
    row = 3
    sheet.put(row, 0, "Actions et euros par marqueur", "section")
    marker_top = row + 1
    by_marker = summary_table(summary, "by_marker")
    assert by_marker is not None
    asked = _any_requested(whole)
    if not asked:
        # No action of the workbook has a requested amount (a list imported without one): a
        # column of « 0 € » read as if every action had asked for nothing.
        by_marker = Table(
            {c: v for c, v in by_marker.columns.items() if c != REQUESTED},
            by_marker.index,
            by_marker.index_name,
        )
    formats = {
        "Actions": "count",
        "Part des actions": "percent",
        "Montant demandé": "euro",
        "Montant accordé": "euro",
        "Part des euros accordés": "percent",
        "Euros pondérés (EIGE)": "euro",
    }
    row = _table(
        sheet,
        marker_top,
        by_marker,
        formats,
        "Marqueur",
        index_style=_CATEGORY_STYLES.get,
        total=True,
    )
    # What each marker means, under its table: a comité reading the sheet alone (or a city
    # numbering its own categories the other way round) reads it here.
    notes = [MARKERS_LEGEND]
    if not asked:
        notes.append(f"« {REQUESTED} » : aucun dans le classeur, colonne omise.")
    if summary.not_marked:
        notes.append(
            counted(summary.not_marked, "action pas encore marquée", "actions pas encore marquées")
            + " : "
            f"{counted(summary.provisional, 'provisoire', 'provisoires')} (réponses manquantes "
            f"ou non reconnues), {counted(summary.unmarked, 'non marquée', 'non marquées')} "
            "(aucune réponse). "
            + agreed(summary.not_marked, "Elle ne compte", "Elles ne comptent")
            + " pas comme marqueur 0."
        )
    for note in notes:
        sheet.put(row - 1, 0, note, "note")
        row += 1
    # The charts stand below the table they draw, side by side in a band of empty rows:
    # beside the tables they would make the printed page twice as wide (and its text half as
    # tall). Below the targets and the EIGE table, they missed the first printed page by a
    # few rows and left half of it blank; here the first page holds them, the targets too.
    data_rows = (marker_top + 1, marker_top + len(CATEGORY_LABELS))
    bands = [
        (
            row,
            [
                Chart(
                    "Actions par marqueur",
                    (*data_rows, 0),
                    [("Actions", *data_rows, 1)],
                    (0, 0),
                    size=(320, 300),
                    colours=_CATEGORY_CHART_COLOURS,
                ),
                Chart(
                    "Euros accordés par marqueur",
                    (*data_rows, 0),
                    [(GRANTED, *data_rows, 1 + list(by_marker.columns).index(GRANTED))],
                    (0, 0),
                    size=(380, 300),
                    number_format='#,##0 "€"',
                    colours=_CATEGORY_CHART_COLOURS,
                ),
            ],
        )
    ]
    row += _band_rows(bands[-1][1])
    settings = whole.settings
    sheet.put(row, 0, "Cibles (sur les actions marquées)", "section")
    targets = [
        ("Actions au marqueur 1 ou 2", summary.share_1_or_2, settings.target_1_or_2),
        ("Actions au marqueur 2", summary.share_2, settings.target_2),
    ]
    headers = (
        "Part",
        "Cible",
        "Écart à la cible (points)",
        "Actions marquées",
        "Pas encore marquées",
    )
    sheet.put(row + 1, 0, "Indicateur", "header")
    for j, label in enumerate(headers, start=1):
        sheet.put(row + 1, j, label, "header")
    for i, (label, share, target) in enumerate(targets, start=row + 2):
        sheet.put(i, 0, label, "text")
        if summary.marked:
            sheet.put(i, 1, share, "good" if share >= target else "bad")
        else:  # nothing marked yet: no share, and no gap to show in red
            sheet.put(i, 1, NO_SHARE, "percent")
        sheet.put(i, 2, target, "percent")
        if summary.marked:  # in points: a share of 54.5 % against 85 % is 30.5 points short
            sheet.put(i, 3, round((share - target) * 100, 10), "points")
        else:
            sheet.put(i, 3, NO_SHARE, "percent")
        sheet.put(i, 4, summary.marked, "count")
        sheet.put(i, 5, summary.not_marked, "count")
    i = row + 2 + len(targets) + 1
    weights = " ; ".join(
        f"M{m} {w:.0%}".replace("%", " %")
        for m, w in reversed(list(enumerate(settings.eige_weights)))
    )
    sheet.put(i, 0, f"Euros accordés pondérés (EIGE : {weights})", "header")
    for j, label in enumerate(("Part des euros marqués", "Montant pondéré"), start=1):
        sheet.put(i, j, label, "header")
    sheet.put(i + 1, 0, "Euros accordés aux actions marquées", "text")
    sheet.put(i + 1, 1, summary.weighted_share if summary.marked else NO_SHARE, "percent")
    sheet.put(i + 1, 2, summary.weighted_euros, "euro")
    row = i + 3
    by_territory = summary_table(summary, "by_territory")
    if by_territory is not None:
        sheet.put(row, 0, "Par territoire", "section")
        territory_top = row + 1
        row = _table(sheet, territory_top, by_territory, _CROSS_FORMATS, "Territoire", total=True)
        n = len(by_territory)
        # As many charts as a page holds of territories: 40 territories in one chart ran
        # over two pages (its bars under the next page's title) and showed every other name.
        parts = _territory_parts(n, _chart_room(sheet))
        for k, (first, last) in enumerate(parts, start=1):
            chart = Chart(
                "Marqueurs par territoire" + (f" ({k}/{len(parts)})" if len(parts) > 1 else ""),
                (territory_top + first, territory_top + last, 0),
                [
                    (label, territory_top + first, territory_top + last, 1 + c)
                    for c, label in enumerate(CATEGORY_LABELS)
                ],
                anchor=(0, 0),  # placed once the widths are known
                # A bar a territory, as tall as the names and the legend need.
                size=(640, _territory_chart_height(last - first + 1)),
                stacked=True,
                colours=_CATEGORY_CHART_COLOURS,
                horizontal=True,
            )
            if n <= FEW_TERRITORIES:
                # Beside the markers' charts: a band of its own below the table could
                # straddle the end of the first page.
                chart.size = (560, 300)
                bands[0][1].append(chart)
            else:
                bands.append((row, [chart]))
                # A row more between two charts: each is kept on one page with the rows
                # above and below it, and two such spans overlapping were kept as one,
                # taller than a page (cut anywhere).
                row += _band_rows([chart]) + (1 if k < len(parts) else 0)
    tables = {name: summary_table(summary, name) for name in ("by_pilier", "by_year", "questions")}
    sheet.put(row, 0, "Par pilier", "section")
    row = _table(sheet, row + 1, tables["by_pilier"], _CROSS_FORMATS, "Pilier", total=True)
    sheet.put(row, 0, "Par année", "section")
    row = _table(sheet, row + 1, tables["by_year"], _CROSS_FORMATS, "Année", total=True)
    row = _funders_and_people(sheet, row, summary)
    sheet.put(row, 0, "Questions : part des OUI (où accompagner les porteurs)", "section")
    # Number and label together in the wide first column: a label in a numeric column is cut.
    asked = tables["questions"]
    questions = Table(
        {name: values for name, values in asked.columns.items() if name != "Question"},
        [f"{number} – {label}" for number, label in zip(_labels(asked), asked.columns["Question"])],
    )
    row = _table(
        sheet,
        row + 1,
        questions,
        {"Actions concernées": "count", "OUI": "count", "Part des OUI": "percent"},
        "Question",
    )
    lists: list[tuple[int, Table, list[tuple[int, int]]]] = []
    if summary.unreadable_count:
        row = _unreadable(sheet, row, summary, overall, lists)
    sheet.put(row, 0, f"Actions à corriger ({summary.to_fix_count})", "section")
    to_fix = summary_table(summary, "to_fix")
    assert to_fix is not None
    if not summary.to_fix_count:
        sheet.put(row + 1, 0, "Aucune : toutes les réponses sont complètes et reconnues.", "note")
    elif to_fix_sheet is not None:
        where = "" if overall else " (filtrez la colonne Territoire)"
        sheet.put(
            row + 1,
            0,
            f"Elles sont listées avec leur fichier et leur ligne dans la feuille "
            f"« {to_fix_sheet} »{where}.",
            "note",
        )
    else:
        hidden = summary.to_fix_count - len(to_fix)
        if hidden:
            row += 1
            sheet.put(
                row,
                0,
                f"Les {len(to_fix)} premières sont listées ; {counted(hidden, 'autre', 'autres')} "
                ": dans la feuille Actions, filtrez la colonne Motif (motifs qui ne commencent "
                "ni par « Marqueur » ni par « Non marqué »).",
                "note",
            )
        # One territory: its column would repeat its name.
        fix = _listed(to_fix, () if overall else ("Territoire",))
        lists.append((row + 2, fix, _merged_list(sheet, row + 1, fix, "N° action")))
    # The tables are numeric except the list of actions to fix, whose text columns wrap.
    sheet.widths = {0: FIRST_WIDTH, **_number_widths(sheet)}
    for listed in lists:
        _list_heights(sheet, *listed)
    _place_charts(sheet, bands)
    _fit_headers(sheet)
    # Printed A4 landscape, one page wide (the charts below the tables included), the title
    # and the generation stamp repeated on every page, pages numbered in the footer.
    last_row, last_col = sheet.extent()
    sheet.page = PageSetup(area=(0, 0, last_row, last_col), title_rows=(0, 1))
    # Longer than a page: a page break before each table or chart that would be cut.
    paginate(sheet)
    return sheet


# The first column holds the labels (territories, pilier, funders, questions).
FIRST_WIDTH = 40
# A numeric column is as wide as its widest number, and at least this (in characters): its
# header wraps over a few lines, each word on one line (« provisoires », « pondérés »).
NUMBER_WIDTH = 10
_NUMBER_STYLES = {name for name, style in STYLES.items() if style.number_format != "General"}
CHART_GAP = 10  # pixels between two charts of a band, at least
MIN_CHART_WIDTH = 320
# Up to this many territories, their chart stands in the band of the markers' charts.
FEW_TERRITORIES = 6


def _shown_length(value: Any, style: str) -> float:
    """The width of a number once formatted in ``style``, in digit widths (Calibri 11: a
    digit 7 pixels, a separator, space or sign about 4, « € » and « % » about 8)."""
    if not isinstance(value, (int, float)) or value != value or abs(value) == float("inf"):
        return 0
    percent, euro = _FORMAT_UNITS[style]
    if percent:
        text = f"{value * 100:.1f}"
        unit = 4 + 8  # « % » after a space
    else:
        text = f"{round(value):,}"
        unit = 4 + 8 if euro else 0
    # The text holds digits, and at most separators (",", ".") and a minus sign.
    digits = len(text) - text.count(",") - text.count(".") - text.count("-")
    return (7 * digits + 4 * (len(text) - digits) + unit) / 7


# Per style: whether its number format shows a percentage, and a euro sign.
_FORMAT_UNITS = {
    name: ("%" in style.number_format, "€" in style.number_format) for name, style in STYLES.items()
}


@functools.lru_cache(maxsize=1024)  # the same headers on every sheet
def _longest_word(text: str) -> int:
    return max(map(len, text.split()), default=0)


def _number_widths(sheet: SheetModel) -> dict[int, float]:
    """The width of each numeric column: its widest formatted number, NUMBER_WIDTH at least.

    The tables stacked on the sheet share these columns: each is sized by its widest number
    across them, not by the text of a list (whose long texts wrap over merged columns).
    """
    # The extreme numbers of each column and style, then one formatting each.
    extremes: dict[tuple[int, str], list[float]] = {}
    words: dict[int, int] = {}
    for (_, col), (value, style) in sheet.cells.items():
        if not col:
            continue
        if style in _NUMBER_STYLES and type(value) in (int, float):
            extremes.setdefault((col, style), []).append(value)
        elif style == "header" and value:
            words[col] = max(words.get(col, 0), _longest_word(str(value)))
    for block in sheet.blocks:
        for j, (values, style) in enumerate(zip(block.columns, block.styles)):
            col = block.left + j
            if col and style in _NUMBER_STYLES:
                numbers = [v for v in values if type(v) in (int, float)]
                extremes.setdefault((col, style), []).extend(numbers)
    longest: dict[int, float] = {}
    for (col, style), numbers in extremes.items():
        if numbers:
            high, low = max(numbers), min(numbers)
            shown = _shown_length(high, style)
            if low is not high:  # all equal: max and min give the first, one object
                shown = max(shown, _shown_length(low, style))
            longest[col] = max(longest.get(col, 0), shown)
    # One digit more than the text: bold totals and rounding stay clear of « #### »; a
    # header's longest word on one line (« provisoires » cut as « provisoire/s » reads badly).
    return {
        col: max(NUMBER_WIDTH, math.ceil(n) + 1, words.get(col, 0)) for col, n in longest.items()
    }


def _territory_chart_height(n: int) -> int:
    """Pixels of a chart of ``n`` territories' bars: as tall as the names and legend need."""
    return max(300, 110 + 26 * n)


def _chart_room(sheet: SheetModel) -> int:
    """The most pixels a chart may take to print whole on a page below the repeated title
    rows, at 100 %: fitting the sheet to the page's width only makes it smaller, so a chart
    this tall fits at any scale."""
    _, height = printable_points(PageSetup(title_rows=(0, 1)))
    # The title rows, and the row kept above and below a chart (see kept_together).
    titles = sum(row_heights(sheet, 1)[:2]) + 2 * LINE_HEIGHT
    return int((height * HEIGHT_SLACK - titles) / POINTS_PER_PIXEL)


def _territory_parts(n: int, room: int) -> list[tuple[int, int]]:
    """The rows (first, last, 1-based within the table) of each territories' chart: as few
    charts as fit ``room`` pixels each, of nearly equal sizes."""
    most = max(1, next((m for m in range(n, 0, -1) if _territory_chart_height(m) <= room), 1))
    return chart_parts(n, most)


def chart_parts(n: int, most: int) -> list[tuple[int, int]]:
    """``n`` categories in as few charts as hold ``most`` each, of nearly equal sizes: each
    chart's (first, last), 1-based; one chart of none for no category."""
    if n <= most:
        return [(1, n)]
    count = -(-n // most)
    size = -(-n // count)
    return [(start, min(n, start + size - 1)) for start in range(1, n + 1, size)]


def _band_rows(charts: list[Chart]) -> int:
    """Empty rows (15 points, 20 pixels each) a band of charts takes, one spare."""
    return -(-max(c.size[1] for c in charts) // 20) + 1


# Pixels a chart keeps from the tables' right edge: ending on it, its right border fell on
# the print area's edge and was clipped away in the PDF.
_EDGE_MARGIN = 6


def _place_charts(sheet: SheetModel, bands: list[tuple[int, list[Chart]]]) -> None:
    """Anchor each band's charts side by side from column A, in the sheet's final widths;
    a chart that would pass the tables' right edge is narrowed to it (the printed width)."""
    right = sum(width_pixels(sheet.widths.get(c, DEFAULT_WIDTH)) for c in range(sheet.columns))
    for row, charts in bands:
        col, free = 0, 0  # the next column, and the pixels where the next chart may start
        edge = 0  # the left edge of ``col``, in pixels
        for chart in charts:
            while edge < free:
                edge += width_pixels(sheet.widths.get(col, DEFAULT_WIDTH))
                col += 1
            chart.anchor = (row, col)
            if edge + chart.size[0] > right - _EDGE_MARGIN:
                chart.size = (max(MIN_CHART_WIDTH, right - _EDGE_MARGIN - edge), chart.size[1])
            free = edge + chart.size[0] + CHART_GAP
        sheet.charts += charts


def _spans(columns: list[str], available: int) -> list[tuple[int, int]]:
    """The sheet columns (first, last) of each list column over columns 1..``available``."""
    weights = [_LIST_WEIGHTS.get(c, 2) for c in columns]
    counts = [max(1, int(available * w / sum(weights))) for w in weights]
    while sum(counts) < available:  # the rest to the columns the most squeezed
        k = max(range(len(counts)), key=lambda i: weights[i] / counts[i])
        counts[k] += 1
    spans, first = [], 1
    for count in counts:
        spans.append((first, first + count - 1))
        first += count
    return spans


def _listed(table: Table, left_out: tuple[str, ...]) -> Table:
    """A list of actions keyed by their number (column A), without the columns ``left_out``."""
    return Table(
        {c: v for c, v in table.columns.items() if c != LIST_KEY and c not in left_out},
        table.columns[LIST_KEY],
        LIST_KEY,
    )


LIST_KEY = "N° action"


def _merged_list(
    sheet: SheetModel, top: int, table: Table, index_label: str
) -> list[tuple[int, int]]:
    """A list of wrapped texts (row labels in column A), each column merged across its span
    of the numeric columns; return the spans."""
    spans = _spans(list(table.columns), _LIST_COLUMNS)
    sheet.put(top, 0, index_label, "header")
    columns, styles = [_column_values(_labels(table))], ["wrap"]
    blank = [None] * len(table)  # the covered cells: blank, bordered
    for (first, last), name in zip(spans, table.columns):
        sheet.put(top, first, str(name), "header")
        columns.append(_column_values(table.columns[name]))
        for col in range(first + 1, last + 1):
            sheet.put(top, col, None, "header")
            columns.append(blank)
        styles += ["wrap"] * (last - first + 1)
        if last > first:
            sheet.merged_across.append((top, top + len(table), first, last))
    sheet.put_block(top + 1, 0, columns, styles)
    return spans


def _list_heights(sheet: SheetModel, top: int, table: Table, spans: list[tuple[int, int]]) -> None:
    """Rows of the list as tall as their longest text wrapped in its span's final width
    (readers do not grow rows by themselves, and Excel's AutoFit skips merged cells), each
    word measured in the font (see wrapped_lines): counted in characters as wide as a digit,
    19 actions to fix took three printed pages, their rows twice as tall as their text."""
    texts = [
        (_labels(table), (0, 0)),
        *((table.columns[c], span) for c, span in zip(table.columns, spans)),
    ]
    n = len(table)
    lines = [1] * n
    for values, (first, last) in texts:
        pixels = sum(
            width_pixels(sheet.widths.get(c, DEFAULT_WIDTH)) for c in range(first, last + 1)
        )
        inside = pixels - 2 * CELL_PADDING
        listed = values.tolist() if hasattr(values, "tolist") else list(values)
        # A blank or NaN is one line; numbers (a label, a year) measured as their text.
        texts = [
            str(v) if v is not None and v == v and not isinstance(v, str) else v for v in listed
        ]
        lines = list(map(max, lines, wrapped_counts(texts, inside)))
    for i, k in enumerate(lines):
        if k > 1:
            sheet.heights[top + i] = k * LINE_HEIGHT




def _fit_headers(sheet: SheetModel) -> None:
    """Rows of column headers as tall as their longest wrapped header, in the final widths."""
    for (row, col), (value, style) in sheet.cells.items():
        if style == "header" and value:
            lines = header_lines(str(value), sheet.widths.get(col, DEFAULT_WIDTH))
            sheet.heights[row] = max(sheet.heights.get(row, LINE_HEIGHT), LINE_HEIGHT * lines)


@functools.lru_cache(maxsize=1024)  # the same headers on every sheet
def header_lines(text: str, width: float) -> int:
    """Lines of a header wrapped on words in a column ``width`` characters wide: one
    character of margin for the bold letters, a word longer than a line on a line of its own."""
    return len(textwrap.wrap(text, width=max(1, int(width) - 1), break_long_words=False)) or 1


UNREADABLE_AMOUNTS, _UNREADABLE_COUNTS = "Montants illisibles", "Montants et effectifs illisibles"


def unreadable_title(summary: TerritorySummary) -> str:
    """The title of a summary's list of unreadable values: « Montants et effectifs
    illisibles » when it lists people counts, as the refresh's report names it too."""
    unreadable = summary_table(summary, "unreadable")
    columns = () if unreadable is None else unreadable.columns
    return _UNREADABLE_COUNTS if any(c in BENEFICIARIES for c in columns) else UNREADABLE_AMOUNTS


def _unreadable(
    sheet: SheetModel,
    row: int,
    summary: TerritorySummary,
    overall: bool,
    lists: list[tuple[int, Table, list[tuple[int, int]]]],
) -> int:
    """The « Montants illisibles » list: amounts typed as text that cannot be read (added to
    ``lists``, whose row heights are set once the widths are known)."""
    unreadable = summary_table(summary, "unreadable")
    assert unreadable is not None
    title = unreadable_title(summary)
    counts = title == _UNREADABLE_COUNTS
    sheet.put(row, 0, f"{title} ({summary.unreadable_count})", "section")
    what = (
        "Ces valeurs ne sont comptées dans aucun total"
        if counts
        else ("Ces montants ne sont comptés dans aucun total en euros")
    )
    sheet.put(
        row + 1,
        0,
        f"{what} : corrigez-les dans la feuille Actions (un nombre, par ex. 12 000,50).",
        "note",
    )
    listed = _listed(unreadable, () if overall else ("Territoire",))
    hidden = summary.unreadable_count - len(listed)
    if hidden:
        row += 1
        note = f"Les {len(listed)} premiers sont listés ; {counted(hidden, 'autre', 'autres')}."
        sheet.put(row + 1, 0, note, "note")
    # Wrapped over merged columns like the actions to fix: texts in the narrow numeric
    # columns would be cut.
    spans = _merged_list(sheet, row + 2, listed, "N° action")
    lists.append((row + 3, listed, spans))
    return row + 3 + len(listed) + 1


def short_name_problems(summary: Summary, sheets: list[SheetModel]) -> list[str]:
    """What went wrong with the short names set in Paramètres, in French: one the tab could
    not take as it is (the name of another sheet, whose tab got « (2) »; or too long, cut),
    so that a summary or its PDF is not silently named after another territory."""
    said = []
    room = MAX_SHEET_NAME - len(SUMMARY_PREFIX)
    # Whose tab each sheet is: the warning names the territory that kept the name.
    holders = {sheet.name.casefold(): i for i, sheet in enumerate(sheets)}
    for territory, sheet in zip(summary.territories, sheets[1:]):
        short = summary.settings.short_name(territory.name)
        if short == territory.name:
            continue  # no short name set: the tab's name is the tool's to choose
        plain = SUMMARY_PREFIX + _clean(short)
        if short.strip().casefold() == UNKNOWN_TERRITORY.casefold():
            said.append(
                f"le nom court « {short} » donné à « {territory.name} » (feuille Paramètres) "
                "est celui de la synthèse des actions sans territoire : on les confondrait ; "
                f"donnez à « {territory.name} » un autre nom court."
            )
            continue
        if _clean(short) != " ".join(short.split()):
            # « Nord/Sud » made « Synthèse – Nord Sud » without a word.
            said.append(
                f"le nom court « {short} » de « {territory.name} » (feuille Paramètres) contient "
                "des signes qu'un nom d'onglet ne peut pas contenir (/ \\ [ ] : * ?, ou une "
                f"apostrophe au début ou à la fin) : sa synthèse s'appelle « {sheet.name} »."
            )
        if sheet.name == plain:
            continue
        if excel_length(_clean(short)) > room:
            said.append(
                f"le nom court « {short} » de « {territory.name} » (feuille Paramètres) "
                f"dépasse les {room} caractères qu'un onglet lui laisse : sa synthèse "
                f"s'appelle « {sheet.name} » ; choisissez-en un de {room} caractères au plus."
            )
            continue
        holder = holders.get(plain.casefold())
        if holder is None:
            whose = "le nom d'une autre feuille du classeur"
        elif holder == 0:
            whose = f"celui de la synthèse de tous les territoires (« {sheets[0].name} »)"
        else:
            whose = f"celui de « {summary.territories[holder - 1].name} »"
        said.append(
            f"le nom court « {short} » donné à « {territory.name} » (feuille Paramètres) est "
            f"déjà {whose} : la synthèse de « {territory.name} » s'appelle donc "
            f"« {sheet.name} » ; dans la feuille Paramètres, donnez à « {territory.name} » un "
            "autre nom court, qui lui soit propre."
        )
    return said


def summary_sheets(
    summary: Summary, taken: set[str] | None = None, to_fix_sheet: str | None = None
) -> list[SheetModel]:
    """The summary sheets of a workbook: all territories first, then one per territory
    (``to_fix_sheet``: see :func:`territory_sheet`)."""
    taken = set(taken or ())
    # A territory's tab shows its short name (Paramètres): long names cut at 31 characters
    # could not be told apart.
    labels = tab_labels([summary.settings.short_name(t.name) for t in summary.territories])
    names = [sheet_name(summary.overall.name, taken)]
    taken.add(names[0])
    # Two territories given one tab: the plain name goes to the one whose name it is (see
    # _tab_claim), the « (2) » to the other, which the warning names. In the order of the
    # full names, « Deux-Rives » given « Val-de-Lys » took it from « Val-de-Lys Métropole ».
    given: dict[int, str] = {}
    for i in sorted(range(len(labels)), key=lambda i: _tab_claim(summary, i)):
        given[i] = sheet_name(labels[i], taken)
        taken.add(given[i])
    names += [given[i] for i in range(len(labels))]
    return [
        territory_sheet(name, item, summary, to_fix_sheet)
        for name, item in zip(names, [summary.overall, *summary.territories], strict=True)
    ]


def _tab_claim(summary: Summary, i: int) -> tuple[int, int, int]:
    """How strongly territory ``i`` claims its tab's name, strongest first: its own full name
    (no short name: « Denain » against « Denain-Sud » given « Denain »), then a short name
    found in its full name (« Val-de-Lys » of « Val-de-Lys Métropole »), then a short name in
    the order Paramètres lists them, then the rest in the order of the sheets."""
    territory = summary.territories[i].name
    short = summary.settings.short_name(territory)
    own = _clean(short).casefold() in _clean(territory).casefold()
    listed = [t.strip().casefold() for t, s in summary.settings.short_names if s.strip()]
    folded = territory.strip().casefold()
    rank = listed.index(folded) if folded in listed else len(listed)
    return (0 if short == territory else 1 if own else 2, rank, i)
