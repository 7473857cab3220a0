"""Summary sheets: valid names, lists of actions to fix, and cells that read back as laid out."""

import datetime as dt
import re
import zipfile

import openpyxl
import pytest
from conftest import libreoffice, schema_errors
from hypothesis import given, settings
from hypothesis import strategies as st

from efh_xl import refresh_workbook
from efh_xl.core.summary import SUMMARY_COLUMNS, Settings, summarize
from efh_xl.core.summary_sheets import (
    MAX_SHEET_NAME,
    SUMMARY_PREFIX,
    sheet_name,
    short_name_problems,
    summary_sheets,
    tab_labels,
)
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.libreoffice import convert
from efh_xl.workbook.reader import read_workbook
from efh_xl.workbook.sample import sample_actions

NOW = dt.datetime(2026, 11, 28, 9, 30)
# Excel refuses these in a sheet name, and a name that starts or ends with an apostrophe.
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(max_size=60) | st.text(st.characters(min_codepoint=0x1F300), max_size=40),
        min_size=1,
        max_size=8,
    )
)
def test_sheet_names_are_valid_and_unique_whatever_the_territory(territories):
    taken = {"Actions", "Grille"}
    for territory in territories:
        name = sheet_name(territory, taken)
        assert name.startswith(SUMMARY_PREFIX.rstrip())
        # As Excel counts: UTF-16 units (an emoji counts two).
        assert 0 < len(name.encode("utf-16-le")) // 2 <= MAX_SHEET_NAME
        assert not FORBIDDEN.search(name)
        assert not name.startswith("'") and not name.endswith("'")
        assert name.casefold() not in {t.casefold() for t in taken}
        taken.add(name)


def test_long_territory_names_keep_what_tells_them_apart_on_their_tabs():
    # Cut at 31 characters, every tab read « Synthèse – Contrat de ville de », then (2), (3).
    actions = sample_actions(per_territory=2).reset_index(drop=True)
    names = {
        "Val-de-Lys Métropole": "Contrat de ville de Denain",
        "Communauté urbaine des Deux-Rives": "Contrat de ville de Valenciennes Métropole",
        "Agglomération de Hautecombe": "Maubeuge",
    }
    actions["Territoire"] = actions["Territoire"].map(names)
    sheets = summary_sheets(summarize(actions, generated=NOW))
    assert [s.name for s in sheets] == [
        "Synthèse – Ensemble",
        "Synthèse – Denain",
        "Synthèse – Valenciennes Métropo",  # what is left, cut at Excel's 31 characters
        "Synthèse – Maubeuge",
    ]
    # A short name set in Paramètres wins; the sheet's title keeps the whole name.
    settings = Settings(short_names=(("Contrat de ville de Denain", "Denain centre"),))
    sheets = summary_sheets(summarize(actions, settings=settings, generated=NOW))
    assert "Synthèse – Denain centre" in [s.name for s in sheets]
    titles = {str(value) for sheet in sheets for (_, _), (value, _) in sheet.cells.items()}
    assert "Synthèse EFH – Contrat de ville de Valenciennes Métropole" in titles


@pytest.mark.parametrize(
    ("names", "tabs"),
    [
        # The words they all begin with tell none apart: all of them left out.
        (
            ["Contrat de ville de Denain", "Contrat de ville de Maubeuge", "Nord"],
            ["Denain", "Maubeuge", "Nord"],
        ),
        # Among long names of several beginnings, each group loses its own common words:
        # one name beginning otherwise kept the others whole (« … ville de Cambrai »).
        (
            [
                "Contrat de ville de Cambrai",
                "Contrat de ville de Denain",
                "Contrat de ville de Douaisis Agglo",
                "Communauté d'agglomération Valenciennes Métropole",
            ],
            ["Cambrai", "Denain", "Douaisis Agglo", "Valenciennes"],
        ),
        # Never down to a name without a letter.
        (
            ["Quartier prioritaire numéro 01", "Quartier prioritaire numéro 02"],
            ["numéro 01", "numéro 02"],
        ),
        # Alone, a long name keeps its end, where such names say the place.
        (["Contrat de ville de Denain"], ["… de ville de Denain"]),
        (["Communauté d'agglomération du Douaisis", "Nord"], ["… du Douaisis", "Nord"]),
        # An end that says no place (« … Métropole ») gives way to the place (trial 10).
        (["Valenciennes Métropole Européenne"], ["Valenciennes"]),
        (["Agglomération Maubeuge Val de Sambre"], ["… Val de Sambre"]),
        # Unless the ends are alike: then cut at Excel's 31 characters, as before.
        (
            ["Centre-ville de Denain et Escaudain", "Faubourgs de Denain et Escaudain"],
            ["Centre-ville de Denain et Escaudain", "Faubourgs de Denain et Escaudain"],
        ),
    ],
)
def test_tab_labels_keep_what_tells_long_names_apart(names, tabs):
    assert tab_labels(names) == tabs
    # What it shortened fits; what it left is cut by sheet_name.
    assert all(len(SUMMARY_PREFIX + t) <= MAX_SHEET_NAME for t, n in zip(tabs, names) if t != n)


def test_a_short_name_the_tab_cannot_take_is_said():
    # « Deux-Rives » twice: the second summary was « Synthèse – Deux-Rives (2) », its PDF
    # « … Deux-Rives (2).pdf », without a word; a long one was cut without a word either.
    actions = sample_actions(per_territory=2).reset_index(drop=True)
    settings = Settings(
        short_names=(
            ("Communauté urbaine des Deux-Rives", "Deux-Rives"),
            ("Val-de-Lys Métropole", "Deux-Rives"),
            ("Agglomération de Hautecombe", "Un nom court beaucoup trop long pour un onglet"),
        )
    )
    summary = summarize(actions, settings=settings, generated=NOW)
    sheets = summary_sheets(summary)
    said = short_name_problems(summary, sheets)
    assert len(said) == 2
    # « Deux-Rives » is the name of « Communauté urbaine des Deux-Rives »: its tab keeps it.
    twice = next(s for s in said if "Val-de-Lys" in s)
    assert (
        "le nom court « Deux-Rives » donné à « Val-de-Lys Métropole » (feuille Paramètres) est "
        "déjà celui de « Communauté urbaine des Deux-Rives » : la synthèse de « Val-de-Lys "
        "Métropole » s'appelle donc « Synthèse – Deux-Rives (2) » ; dans la feuille Paramètres, "
        "donnez à « Val-de-Lys Métropole » un autre nom court"
    ) in twice
    long = next(s for s in said if "Hautecombe" in s)
    assert "dépasse les 20 caractères" in long


def test_a_territory_named_as_another_s_short_name_keeps_its_tab():
    # A review: « Denain » (no short name) lost its tab to « Denain-Sud » given « Denain »,
    # « denain » being in « denain-sud », without a word.
    actions = sample_actions(per_territory=2).reset_index(drop=True)
    actions["Territoire"] = ["Denain", "Denain-Sud"] * (len(actions) // 2)
    settings = Settings(short_names=(("Denain-Sud", "Denain"),))
    summary = summarize(actions, settings=settings, generated=NOW)
    sheets = summary_sheets(summary)
    tabs = {t.name: s.name for t, s in zip(summary.territories, sheets[1:])}
    assert tabs == {"Denain": "Synthèse – Denain", "Denain-Sud": "Synthèse – Denain (2)"}
    (said,) = short_name_problems(summary, sheets)
    assert said.startswith("le nom court « Denain » donné à « Denain-Sud »")


@pytest.mark.parametrize(
    ("short", "expected"),
    [
        # A user trial: « Nord/Sud » made « Synthèse – Nord Sud » without a word.
        ("Nord/Sud", "contient des signes qu'un nom d'onglet ne peut pas contenir"),
        ("[Lys]*", "sa synthèse s'appelle « Synthèse – Lys »"),
        ("'Lys'", "ou une apostrophe au début ou à la fin"),
        # The tab of the actions without a territory: the two were told apart by « (2) ».
        ("sans territoire", "est celui de la synthèse des actions sans territoire"),
    ],
)
def test_a_short_name_changed_for_its_tab_or_taken_by_no_territory_is_said(short, expected):
    actions = sample_actions(per_territory=2).reset_index(drop=True)
    settings = Settings(short_names=(("Val-de-Lys Métropole", short),))
    summary = summarize(actions, settings=settings, generated=NOW)
    (said,) = short_name_problems(summary, summary_sheets(summary))
    assert said.startswith(f"le nom court « {short} » ")
    assert expected in said


@pytest.mark.parametrize(
    ("shorts", "plain", "blamed"),
    [
        # « Val-de-Lys » is in one name only: that territory keeps it, listed second, sorted last.
        (
            (
                ("Communauté urbaine des Deux-Rives", "Val-de-Lys"),
                ("Val-de-Lys Métropole", "Val-de-Lys"),
            ),
            "Val-de-Lys Métropole",
            "Communauté urbaine des Deux-Rives",
        ),
        # A name of neither: the one Paramètres lists first keeps it.
        (
            (("Val-de-Lys Métropole", "Nord"), ("Communauté urbaine des Deux-Rives", "Nord")),
            "Val-de-Lys Métropole",
            "Communauté urbaine des Deux-Rives",
        ),
        (
            (("Communauté urbaine des Deux-Rives", "Nord"), ("Val-de-Lys Métropole", "Nord")),
            "Communauté urbaine des Deux-Rives",
            "Val-de-Lys Métropole",
        ),
    ],
)
def test_a_short_name_given_twice_stays_with_the_territory_it_names(shorts, plain, blamed):
    # The tabs were named in the order of the full names: « Deux-Rives » given « Val-de-Lys »
    # took the plain tab, and the warning told the user to change Val-de-Lys Métropole's.
    actions = sample_actions(per_territory=2).reset_index(drop=True)
    summary = summarize(actions, settings=Settings(short_names=shorts), generated=NOW)
    sheets = summary_sheets(summary)
    tabs = {t.name: s.name for t, s in zip(summary.territories, sheets[1:])}
    short = dict(shorts)[blamed]
    assert tabs[plain] == f"{SUMMARY_PREFIX}{short}"
    assert tabs[blamed] == f"{SUMMARY_PREFIX}{short} (2)"
    # The sheets stay in the order of the territories.
    assert [s.name for s in sheets[1:]] == [tabs[t.name] for t in summary.territories]
    [said] = short_name_problems(summary, sheets)
    assert said.startswith(
        f"le nom court « {short} » donné à « {blamed} » (feuille Paramètres) est déjà celui "
        f"de « {plain} » : la synthèse de « {blamed} » s'appelle donc « {tabs[blamed]} » ; "
        f"dans la feuille Paramètres, donnez à « {blamed} » un autre nom court"
    )


def workbook(tmp_path, actions):
    return build_workbook(tmp_path / "synthese.xlsm", actions=actions)


def test_every_cell_reads_back_as_laid_out_even_awkward_text(tmp_path):
    actions = sample_actions(per_territory=4)
    awkward = [
        "{0} & <b>{}</b>",
        "  espaces autour  ",
        "ligne\nsuivante",
        "contrôle\x01\x07",
        "=1+1",
    ]
    for i, title in enumerate(awkward):
        actions.loc[i, ["Action", "Q3"]] = [title, None]  # incomplete: listed to fix
    path = workbook(tmp_path, actions)
    refresh_workbook(path, now=NOW)
    data = read_workbook(path, columns=SUMMARY_COLUMNS)
    summary = summarize(data.actions, data.rule, data.settings, NOW, data.rule_name)
    models = summary_sheets(summary)
    book = openpyxl.load_workbook(path)
    for model in models:
        sheet = book[model.name]
        read = {
            (c.row - 1, c.column - 1): c.value
            for row in sheet.iter_rows()
            for c in row
            if c.value is not None
        }
        # Control characters are kept, written as Excel writes them (_x0001_), which openpyxl
        # does not decode in inline strings (Excel, LibreOffice and calamine do: see
        # test_cell_text_escapes.py).
        laid_out = {
            position: re.sub("[\x00-\x08\x0b-\x1f]", lambda m: f"_x{ord(m[0]):04X}_", value)
            if isinstance(value, str)
            else value
            for position, (value, _) in model.iter_cells()
            if value is not None
        }
        assert read == pytest.approx(laid_out), model.name
    assert schema_errors(path) == []
    listed = [c.value for row in book["Synthèse – Ensemble"].iter_rows() for c in row]
    assert "{0} & <b>{}</b>" in listed and "=1+1" in listed
    assert "espaces autour" in listed  # titles are listed trimmed


def test_long_lists_are_cut_with_a_note_that_says_how_to_find_the_rest(tmp_path):
    actions = sample_actions(per_territory=10)
    actions["Q3"] = None  # every action is incomplete
    path = workbook(tmp_path, actions)
    refresh_workbook(path, settings=Settings(max_listed=4), now=NOW)
    book = openpyxl.load_workbook(path)
    for sheet in (s for s in book.worksheets if s.title.startswith(SUMMARY_PREFIX)):
        texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        total = 30 if sheet.title.endswith("Ensemble") else 10
        assert f"Actions à corriger ({total})" in texts
        note = next(t for t in texts if t.startswith("Les 4 premières sont listées"))
        assert f"{total - 4} autres" in note and "filtrez la colonne Motif" in note
        assert sum(t.startswith("PRJ-") for t in texts) == 4


def test_territory_sheets_list_no_territory_column_the_overview_does(tmp_path):
    path = workbook(tmp_path, sample_actions(per_territory=5))
    refresh_workbook(path, now=NOW)
    book = openpyxl.load_workbook(path)
    for sheet in (s for s in book.worksheets if s.title.startswith(SUMMARY_PREFIX)):
        header = next(
            [c.value for c in row] for row in sheet.iter_rows() if row[0].value == "N° action"
        )
        assert ("Territoire" in header) == sheet.title.endswith("Ensemble"), sheet.title


def test_libreoffice_opens_sheets_named_after_awkward_territories(tmp_path):
    libreoffice()
    actions = sample_actions(per_territory=2)
    names = [
        "Agglo : Nord/Sud [test] *?",
        "Communauté d'agglomération du Grand Territoire Est",
        "Communauté d'agglomération du Grand Territoire Ouest",
    ]
    for old, new in zip(sorted(actions["Territoire"].unique()), names):
        actions.loc[actions["Territoire"] == old, "Territoire"] = new
    path = workbook(tmp_path, actions)
    result = refresh_workbook(path, now=NOW)
    assert len(result.sheets) == 4 and len(set(result.sheets)) == 4
    shown = openpyxl.load_workbook(convert(path, "xlsx", tmp_path / "lo"), data_only=True)
    for name in result.sheets:
        assert name in shown.sheetnames
        assert shown[name]["A1"].value.startswith("Synthèse EFH – ")


def test_charts_give_each_category_its_own_colour(tmp_path):
    # « Provisoire » and « Non marqué » must not read as a marker in any chart.
    path = workbook(tmp_path, sample_actions(per_territory=5))
    refresh_workbook(path, now=NOW)
    with zipfile.ZipFile(path) as package:
        charts = [
            package.read(n).decode() for n in package.namelist() if n.startswith("xl/charts/")
        ]
    by_category = [c for c in charts if "Non marqué" in c]
    assert by_category
    for chart in by_category:
        colours = re.findall(r'<a:srgbClr val="([0-9A-F]{6})"', chart)
        first_five = list(dict.fromkeys(colours))[:5]
        assert len(first_five) == 5, first_five
