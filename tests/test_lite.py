"""xlwings Lite: the generated main.py, imported under CPython with xlwings' own decorators
(the installed xlwings provides func, arg and script), gives the classic UDFs' results, and its
script « Générer les synthèses » does to a recording stand-in of the workbook exactly what the
classic button does.

The main.py runs in a fresh interpreter (tests/lite_harness.py) so that the efh_xl modules it
embeds, not the installed package, are the ones used: the file is self-contained.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, WORKBOOK
from xlwings_standin import Book, plain

from efh_xl import ALTERNATIVE_RULES, DEFAULT_RULE
from efh_xl.cli import main as cli_main
from efh_xl.core.programmation import COLUMNS
from efh_xl.core.sheet_model import width_pixels
from efh_xl.errors import EXIT_REFUSED, TargetExistsError
from efh_xl.excel import udfs
from efh_xl.excel.button import generate
from efh_xl.excel.lite import SCRIPT_NAME, lite_main, lite_requirements, write_lite
from efh_xl.workbook.formulas import NAME_BOX_SETS, TABLE_NAME

VALUES = ["OUI", "NON", None, " oui ", "x", 1.0, 0.0, True, "#N/A", "peut-être", ""]
TABLES = [
    None,
    DEFAULT_RULE.box_table(),
    ALTERNATIVE_RULES["hachure_q3"].box_table(),
    [["OUI", "peut-être", "", "", "", ""]] + DEFAULT_RULE.box_table()[1:],  # unreadable Grille
]


def single_cases() -> list[list]:
    combos = [list(c) for c in itertools.product(("OUI", "NON", None), repeat=6)]
    variants = []
    for position, value in itertools.product(range(6), VALUES):
        answers = ["OUI", "OUI", None, "OUI", "OUI", "OUI"]
        answers[position] = value
        variants.append(answers)
    cases = [answers + [None] for answers in combos]
    cases += [answers + [table] for answers in variants for table in TABLES]
    return cases


def grid_cases() -> list[list]:
    rows = [list(c) for c in itertools.product(("OUI", "NON", None, "?"), repeat=3)]
    rows = [r + r[::-1] for r in rows]
    return [[rows, table] for table in TABLES] + [
        [rows[0], None],  # one row arrives flat
        [None, None],
        [[["oui"]], None],  # a short row
    ]


# The functions that read the Paramètres sheet, and cases of them (name, arguments).
COMITE = (
    "EFH_PART",
    "EFH_PART_EUROS",
    "EFH_CIBLE",
    "EFH_ECART_CIBLE",
    "EFH_EUROS_PONDERES",
    "EFH_NOM_REGLE",
)
SETTINGS_BLOCKS = [
    None,
    [["Cible", 0.85], ["Cible 2", 0.2], ["M2", 1.0], ["M1", 0.4], ["M0", 0.0], ["Nom", None]],
    [["Cible", 90.0], ["Cible 2", "30 %"], ["M2", "0,5"], ["M1", 20.0], ["M0", None], ["Nom", "X"]],
    [["Cible", "beaucoup"], ["Cible 2", 0.2]],
]


def comite_cases() -> list[list]:
    rows = [list(c) + list(c)[::-1] for c in itertools.product(("OUI", "NON", None, "?"), repeat=3)]
    amounts = [[float(1000 * i)] for i in range(len(rows))]
    amounts[4] = ["1 200,50 €"]
    unreadable = [*amounts[:3], ["n.c."], *amounts[4:]]
    cases = []
    for block, table in itertools.product(SETTINGS_BLOCKS, TABLES):
        for level in (None, 1.0, 2.0, 3.0):
            cases.append(["EFH_PART", [rows, level, table]])
            cases.append(["EFH_CIBLE", [level, block]])
            cases.append(["EFH_ECART_CIBLE", [rows, level, block, table]])
            cases.append(["EFH_PART_EUROS", [rows, amounts, level, table]])
        cases.append(["EFH_EUROS_PONDERES", [rows, amounts, block, table]])
        cases.append(["EFH_EUROS_PONDERES", [rows, unreadable, block, table]])
        cases.append(["EFH_NOM_REGLE", [block, table]])
    return cases


def workbook_data() -> dict:
    sheet = openpyxl.load_workbook(WORKBOOK, data_only=True)["Actions"]
    body = [
        [plain(c.value) for c in row]
        for row in sheet.iter_rows(min_row=5, max_col=len(COLUMNS))
    ]
    q3 = list(COLUMNS).index("Q3")
    body[1][q3] = "peut-être"
    body[2][q3] = None
    body[3][3] = '=HYPERLINK("http://example.invalid","x")'
    return {
        "table_name": TABLE_NAME,
        "headers": list(COLUMNS),
        "body": body,
        "names": {NAME_BOX_SETS: ALTERNATIVE_RULES["hachure_q3"].box_table()},
    }


STAMP = re.compile(r"Générée le \d\d/\d\d/\d{4} à \d\d:\d\d")


def in_points(log: list) -> list:
    """``log`` with each column width in points (classic xlwings takes characters)."""
    return [
        [*entry[:4], width_pixels(entry[4]) * 0.75]
        if entry[:1] == ["set"] and entry[3:4] == ["column_width"]
        else entry
        for entry in log
    ]


def unstamped(log: list) -> str:
    return STAMP.sub("Générée le …", json.dumps(log, ensure_ascii=False))


@pytest.fixture(scope="module")
def lite_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lite")
    assert cli_main(["lite", str(folder)]) == 0
    job = {
        "single": single_cases(),
        "grid": grid_cases(),
        "comite": comite_cases(),
        "book": workbook_data(),
    }
    (folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "lite_harness.py"),
            str(folder / "main.py"),
            str(folder / "job.json"),
            str(folder / "out.json"),
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    return folder, job, report, run.stdout


def test_lite_writes_main_and_requirements(lite_run):
    folder, _, _, _ = lite_run
    assert (folder / "main.py").read_text(encoding="utf-8") == lite_main()
    assert (folder / "requirements.txt").read_text(encoding="utf-8") == lite_requirements()
    requirements = lite_requirements().split()
    assert any(r.startswith("xlwings") for r in requirements)
    assert "efh_xl" not in lite_requirements()  # not on PyPI: main.py embeds what it needs


def test_lite_main_is_self_contained(lite_run):
    _, _, report, _ = lite_run
    assert report["loaders"] == ["_EmbeddedEfhXl"]


def test_lite_functions_equal_the_classic_udfs(lite_run):
    _, job, report, _ = lite_run
    results = report["results"]
    singles = [[v for v in case] for case in job["single"]]
    assert results["EFH_MARQUEUR"] == [plain(udfs.EFH_MARQUEUR(*case)) for case in singles]
    assert results["EFH_MOTIF"] == [plain(udfs.EFH_MOTIF(*case)) for case in singles]
    assert results["EFH_GRILLE"] == [plain(udfs.EFH_GRILLE(*case)) for case in job["grid"]]
    comite = [[name, plain(getattr(udfs, name)(*args))] for name, args in job["comite"]]
    assert results["comite"] == comite
    assert {name for name, _ in comite} == set(COMITE)
    assert any(isinstance(v, float) for _, v in comite)
    assert any(str(v).startswith("Feuille Paramètres, cellule B3") for _, v in comite)
    # the cases do exercise the three markers, unrecognised values and an unreadable Grille
    assert set(results["EFH_MARQUEUR"]) >= {0, 1, 2}
    assert any("non reconnu" in m for m in results["EFH_MOTIF"])
    assert any(str(m).startswith("Grille : ") for m in results["EFH_MARQUEUR"])


def test_lite_functions_have_the_classic_signatures(tmp_path):
    import importlib.util
    import inspect

    path = write_lite(tmp_path)[0]
    text = path.read_text(encoding="utf-8")
    for name in ("EFH_MARQUEUR", "EFH_MOTIF", "EFH_GRILLE", *COMITE):
        classic = inspect.signature(getattr(udfs, name))
        assert f"def {name}{classic}:" in text, name
    assert f"@script(name={SCRIPT_NAME!r})" in text
    assert importlib.util.find_spec("xlwings").origin  # the decorators come from xlwings


def test_lite_script_writes_what_the_classic_button_writes(lite_run):
    _, job, report, stdout = lite_run
    classic = Book(**job["book"])
    names = generate(classic)
    # The two runs may straddle a minute: the sheets' « Générée le … à hh:mm » stamp aside.
    # Lite's run met a book refusing what Lite's engine refuses (lite_harness.py), and sent
    # the columns' widths in points, as Lite takes them, and left the series in Excel's
    # colours (Lite reads a chart's series only asynchronously); everything else is the same.
    coloured = [e for e in classic.log if str(e[3:4]).startswith("['series")]
    assert coloured and not any(str(e[3:4]).startswith("['series") for e in report["log"])
    uncoloured = [e for e in classic.log if e not in coloured]
    assert unstamped(report["log"]) == unstamped(in_points(uncoloured))
    assert ["set", names[0], "R1C1:R1C1", "column_width", 213.75] in report["log"]
    added = [entry[1] for entry in report["log"] if entry[2:3] == ["sheets.add"]]
    assert added == names and names[0] == "Synthèse – Ensemble"
    assert ["call", "Synthèse – Ancienne", "delete"] in report["log"]
    assert any(entry[3] == "font.bold" for entry in report["log"] if len(entry) > 3)
    # The bar chart's territories top to bottom, in the table's order (xlwings 0.37.5).
    axis = [e[3:] for e in report["log"] if str(e[3:4]).startswith("['category_axis")]
    assert axis == [["category_axis.reverse_order", True], ["category_axis.crosses", "maximum"]]
    assert "Feuilles de synthèse écrites" in stdout


def test_lite_main_is_valid_python_ruff_would_accept(tmp_path):
    path = write_lite(tmp_path)[0]
    compile(path.read_text(encoding="utf-8"), str(path), "exec")
    assert Path(path).stat().st_size < 500_000


# --- a main.py already there is a person's: refused unless --force -------------------------


def _lite_folder(tmp_path, main_text="# mon main.py\n", requirements=True):
    folder = tmp_path / "dossier-lite"
    folder.mkdir()
    (folder / "main.py").write_text(main_text, encoding="utf-8")
    if requirements:
        (folder / "requirements.txt").write_bytes(b"xlwings\nopenpyxl\n")
    return folder


def test_lite_refuses_existing_files_and_leaves_them_byte_identical(tmp_path, capsys):
    folder = _lite_folder(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert cli_main(["lite", str(folder)]) == EXIT_REFUSED == 5  # README: 5 refused, exists
    err = capsys.readouterr().err
    assert "main.py et requirements.txt existent déjà" in err
    assert "--force" in err and "autre dossier" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing added either


def test_lite_refuses_when_only_one_file_exists(tmp_path, capsys):
    folder = _lite_folder(tmp_path, requirements=False)
    with pytest.raises(TargetExistsError) as refused:
        write_lite(folder)
    assert refused.value.paths == [folder / "main.py"]
    assert "autre dossier" in str(refused.value)
    assert [p.name for p in folder.iterdir()] == ["main.py"]  # requirements.txt not written


def test_lite_force_replaces_both_files(tmp_path, capsys):
    folder = _lite_folder(tmp_path)
    assert cli_main(["lite", str(folder), "--force"]) == 0
    assert (folder / "main.py").read_text(encoding="utf-8") == lite_main()
    assert (folder / "requirements.txt").read_text(encoding="utf-8") == lite_requirements()
    assert sorted(p.name for p in folder.iterdir()) == ["main.py", "requirements.txt"]
    assert write_lite(folder, force=True) == [folder / "main.py", folder / "requirements.txt"]


def test_lite_into_a_file_is_refused(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"mes notes")
    assert cli_main(["lite", str(path)]) == 5
    assert "désigne un fichier : indiquez un dossier" in capsys.readouterr().err
    assert path.read_bytes() == b"mes notes"


def test_the_script_imports_only_what_requirements_txt_installs():
    # Lite installs what requirements.txt names, and nothing else: the script imported the
    # reader (python-calamine, never built for Pyodide) and stopped at « No module named ».
    from efh_xl.excel.lite import REQUIREMENTS

    names = {re.split(r"[<>=!~ ]", r)[0].lower() for r in REQUIREMENTS}
    names |= {"dateutil", "pytz", "tzdata", "six"}  # pandas' own, which Pyodide brings
    code = f"""
import importlib.abc, sys
ALLOWED = {sorted(names)!r}
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        top = name.split(".")[0]
        if top in sys.stdlib_module_names or top in ALLOWED or top == "efh_xl":
            return None
        if top.startswith("_") or top == "cython_runtime":  # compiled parts of the above
            return None
        raise ModuleNotFoundError(f"No module named {{name!r}}: not in requirements.txt")
sys.meta_path.insert(0, Refuse())
import efh_xl.excel.button, efh_xl.excel.functions
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-800:]


def test_lite_script_says_a_refusal_in_french(tmp_path):
    # A Grille the rule cannot read: the script printed a Python traceback in Lite's console.
    write_lite(tmp_path)
    book = workbook_data()
    book["names"] = {NAME_BOX_SETS: [["pas un ensemble"]]}
    (tmp_path / "book.json").write_text(json.dumps(book), encoding="utf-8")
    code = f"""
import importlib.util, json, sys
sys.path.insert(0, {str(ROOT / "tests")!r})
spec = importlib.util.spec_from_file_location("main", {str(tmp_path / "main.py")!r})
lite = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lite)
from xlwings_standin import Book
book = Book(**json.load(open({str(tmp_path / "book.json")!r}, encoding="utf-8")))
book.fullname = "efh_grille.xlsm"
lite.generer_syntheses(book)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Synthèses non générées : efh_grille.xlsm : feuille « Grille » illisible" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_the_button_colours_each_series_as_the_headless_refresh_does():
    # Excel's blue and orange were the markers' colours after a click; the refreshed
    # workbook's charts show the grid's greys and greens, then the provisional actions'
    # yellow and the unmarked ones' blue (as the chart parts of a refresh fill them).
    classic = Book(**workbook_data())
    names = generate(classic)
    fills = {}
    for entry in classic.log:
        if entry[0] == "set" and str(entry[3]).endswith(".fill_color"):
            chart, series = entry[2], int(entry[3].split(".")[0].removeprefix("series"))
            fills.setdefault((entry[1], chart), {})[series] = entry[4]
    assert fills
    territory = [by_series for (sheet, _), by_series in fills.items() if sheet == names[0]]
    # The overall sheet's stacked chart by territory: one series a category, in order.
    assert any(len(s) == 5 for s in territory)
    stacked = next(s for s in territory if len(s) == 5)
    assert [stacked[k] for k in sorted(stacked)] == [
        "#A6A6A6", "#70AD47", "#1E7B34", "#FFC000", "#9DC3E6"
    ]
