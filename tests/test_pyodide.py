"""The per-action core runs in Pyodide (WebAssembly Python, as in xlwings Lite) with the
standard library alone, and gives the same markers and motifs as CPython.

Pyodide comes from the `pyodide` npm package (tests/pyodide/package.json), which runs offline
under Node: it holds the interpreter and the standard library, no numpy and no pandas. The
core's files are written into Pyodide's file system, then ``import efh_xl`` (the real facade)
and every case below are evaluated there. A second test runs the generated xlwings Lite
``main.py`` there: its functions (EFH_MARQUEUR, EFH_MOTIF, EFH_GRILLE) need the standard library
alone and answer as the classic UDFs.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess

import pytest
from conftest import ROOT

from efh_xl import ALTERNATIVE_RULES, evaluate_action

RUNNER = ROOT / "tests" / "pyodide"
# The modules Pyodide gets: the facade, the errors, and the per-action core.
FILES = (
    "efh_xl/__init__.py",
    "efh_xl/errors.py",
    "efh_xl/core/__init__.py",
    "efh_xl/core/answers.py",
    "efh_xl/core/grid.py",
    "efh_xl/core/engine.py",
    "efh_xl/core/plural.py",
)
SITE = "/home/pyodide/site"

# Spellings as people type them, and values the grid does not know (JSON can carry them all).
VARIANTS = [
    "oui", " Oui ", "\xa0OUI\xa0", "o", "X", "✓", "VRAI", "true", "1", "yes",
    "non", "NON\n", "n", "FAUX", "false", "0", "no",
    "", "  ", "-", "N/A", "na", "s.o.", "sans objet", "NSP",
    True, False, 1, 0, 1.0, 0.0, 2, 2.5, -1, 1e20,
    "?", "peut-être", "#N/A", "#VALUE!", "=A1", "oui oui", "O U I", "x" * 60,
]
BASES = [
    ("OUI", "OUI", None, "OUI", "OUI", "OUI"),
    ("NON", "OUI", "OUI", "NON", "OUI", None),
    (None, None, None, None, None, None),
]

PYTHON = """
import json, sys
sys.path.insert(0, "SITE")
import efh_xl
from efh_xl import ALTERNATIVE_RULES, evaluate_action
job = json.loads(JOB_INPUT)
rules = [None, *(ALTERNATIVE_RULES[name] for name in job["rules"])]
absent = [m for m in ("numpy", "pandas") if m in sys.modules]
json.dumps({
    "results": [[list(evaluate_action(case, rule)) for case in job["cases"]] for rule in rules],
    "loaded": absent,
    "version": sys.version,
})
""".replace("SITE", SITE)


def cases() -> list[list]:
    combos = [list(c) for c in itertools.product(("OUI", "NON", None), repeat=6)]
    assert len(combos) == 729
    variants = []
    for base in BASES:
        for position in range(6):
            for value in VARIANTS:
                answers = list(base)
                answers[position] = value
                variants.append(answers)
    return combos + variants


def node() -> str | None:
    path = shutil.which("node")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Node.js est requis en CI : .ci/run doit l'installer (apt-get nodejs npm).")
        pytest.skip("Node.js is not installed")
    if not (RUNNER / "node_modules" / "pyodide").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm est requis pour installer pyodide (tests/pyodide/package.json).")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=RUNNER, check=True, capture_output=True
        )
    return path


def run_in_pyodide(tmp_path, files: dict[str, str], code: str, job_input: str) -> dict:
    """Run ``code`` in Pyodide with ``files`` written into its file system; its JSON result."""
    node_path = node()
    job_path = tmp_path / "job.json"
    job_path.write_text(
        json.dumps({"files": files, "code": code, "input": job_input}), encoding="utf-8"
    )
    run = subprocess.run(
        [node_path, str(RUNNER / "run_python.mjs"), str(job_path)],
        cwd=RUNNER,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def test_the_per_action_core_gives_the_same_results_in_pyodide(tmp_path):
    all_cases = cases()
    rule_names = sorted(ALTERNATIVE_RULES)
    job_input = json.dumps({"cases": all_cases, "rules": rule_names})
    files = {f"{SITE}/{name}": (ROOT / name).read_text(encoding="utf-8") for name in FILES}
    report = run_in_pyodide(tmp_path, files, PYTHON, job_input)
    assert report["loaded"] == [], "numpy/pandas loaded in Pyodide"
    rules = [None, *(ALTERNATIVE_RULES[name] for name in rule_names)]
    for rule, got in zip(rules, report["results"], strict=True):
        # JSON carries the cases both ways: compare with CPython on the same decoded values.
        expected = [list(evaluate_action(case, rule)) for case in json.loads(job_input)["cases"]]
        assert len(got) == len(expected) == len(all_cases)
        mismatches = [
            (case, want, have)
            for case, want, have in zip(all_cases, expected, got)
            if want != have
        ]
        assert not mismatches, mismatches[:5]
    # The cases do exercise every marker and unrecognised values.
    default = report["results"][0]
    assert {m for m, _ in default} == {0, 1, 2, None}  # None: no answer, not marked yet
    assert any("non reconnu" in motif for _, motif in default)


# Only for this test: xlwings' decorators as the installed xlwings provides them outside Excel
# (they return the function). Pyodide here has no xlwings wheel offline.
XLWINGS_DECORATORS = """
def _mark(f=None, *args, **kwargs):
    return f if callable(f) else (lambda g: g)


func = script = _mark


def arg(*args, **kwargs):
    return lambda g: g


ret = arg


class Book:
    pass
"""

LITE = """
import json, sys
sys.path[:0] = ["/home/pyodide/xlwings_decorators", "/home/pyodide/lite"]
import main
job = json.loads(JOB_INPUT)
json.dumps({
    "EFH_MARQUEUR": [main.EFH_MARQUEUR(*args) for args in job["single"]],
    "EFH_MOTIF": [main.EFH_MOTIF(*args) for args in job["single"]],
    "EFH_GRILLE": [main.EFH_GRILLE(*args) for args in job["grid"]],
    "comite": [[name, getattr(main, name)(*args)] for name, args in job["comite"]],
    "loaded": [m for m in ("numpy", "pandas") if m in sys.modules],
    "loaders": sorted({type(m.__spec__.loader).__name__
                       for n, m in sys.modules.items() if n.startswith("efh_xl")}),
})
"""


def test_the_lite_main_functions_run_in_pyodide_like_the_classic_udfs(tmp_path):
    """The generated xlwings Lite main.py, in Pyodide with the standard library alone: its
    functions need neither numpy nor pandas, and answer as the classic UDFs."""
    from test_lite import comite_cases, grid_cases, single_cases
    from xlwings_standin import plain

    from efh_xl.excel import udfs
    from efh_xl.excel.lite import lite_main

    job = {"single": single_cases(), "grid": grid_cases(), "comite": comite_cases()}
    files = {
        "/home/pyodide/lite/main.py": lite_main(),
        "/home/pyodide/xlwings_decorators/xlwings/__init__.py": XLWINGS_DECORATORS,
    }
    report = run_in_pyodide(tmp_path, files, LITE, json.dumps(job))
    assert report["loaded"] == []
    assert report["loaders"] == ["_EmbeddedEfhXl"]
    decoded = json.loads(json.dumps(job))
    for name, key in (("EFH_MARQUEUR", "single"), ("EFH_MOTIF", "single"), ("EFH_GRILLE", "grid")):
        expected = [plain(getattr(udfs, name)(*args)) for args in decoded[key]]
        assert report[name] == expected, name
    comite = [[name, plain(getattr(udfs, name)(*args))] for name, args in decoded["comite"]]
    assert report["comite"] == comite
