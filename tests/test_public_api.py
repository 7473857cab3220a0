"""The public API as a script sees it: every name of ``efh_xl.__all__``, read as ``efh_xl.<name>``.

Each check runs after every submodule of efh_xl has been imported (importing a submodule sets
the package attribute of its name: a public name equal to a module name would then read as the
module), and reads each name twice.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import WORKBOOK

import efh_xl
import efh_xl.errors


def import_every_submodule() -> list[str]:
    """Import every module of efh_xl, skipping none (an import error fails the test)."""

    def fail(name: str) -> None:
        raise ImportError(f"cannot import {name}")

    names = [
        info.name
        for info in pkgutil.walk_packages(efh_xl.__path__, "efh_xl.", onerror=fail)
    ]
    for name in names:
        importlib.import_module(name)
    return names


@pytest.fixture(scope="module")
def modules() -> list[str]:
    return import_every_submodule()


def public(kind: Callable[[Any], bool]) -> list[str]:
    return [name for name in efh_xl.__all__ if kind(getattr(efh_xl, name))]


def test_no_public_name_is_the_name_of_a_module(modules):
    leaves = {name.rsplit(".", 1)[-1] for name in modules}
    assert leaves, "no module found"
    clashes = sorted(leaves & set(efh_xl.__all__))
    assert not clashes, f"public names that are also module names (rename one): {clashes}"


def test_every_public_name_reads_the_same_twice_after_every_import(modules):
    assert len(set(efh_xl.__all__)) == len(efh_xl.__all__)
    for name in efh_xl.__all__:
        first = getattr(efh_xl, name)
        second = getattr(efh_xl, name)
        assert first is second, name
        assert not inspect.ismodule(first), f"efh_xl.{name} reads as a module"


def test_lazy_names_type_checking_imports_and_all_agree():
    """``_LAZY`` (run time), the TYPE_CHECKING imports (checkers) and ``__all__`` say the same."""
    tree = ast.parse(Path(efh_xl.__file__).read_text(encoding="utf-8"))
    checked: dict[str, str] = {}
    eager: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for item in node.body:
                assert isinstance(item, ast.ImportFrom) and item.module
                for alias in item.names:
                    # "import x as x" is how a checker knows a name is re-exported.
                    assert alias.asname == alias.name, alias.name
                    checked[alias.name] = item.module
        elif isinstance(node, ast.ImportFrom) and node.module == "efh_xl.errors":
            eager |= {alias.name for alias in node.names}
    assert checked == efh_xl._LAZY
    assert sorted([*checked, *eager]) == sorted(efh_xl.__all__)
    assert set(efh_xl.__all__) <= set(dir(efh_xl))


def test_every_error_kind_is_public():
    kinds = {
        name
        for name, value in vars(efh_xl.errors).items()
        if isinstance(value, type) and issubclass(value, efh_xl.EfhError)
    }
    missing = kinds - set(efh_xl.__all__)
    assert not missing, f"add to efh_xl/__init__.py (import and __all__): {sorted(missing)}"


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        efh_xl.no_such_name  # noqa: B018


def test_every_public_function_is_fully_annotated(modules):
    for name in public(inspect.isfunction):
        signature = inspect.signature(getattr(efh_xl, name))
        assert signature.return_annotation is not inspect.Signature.empty, name
        for parameter in signature.parameters.values():
            assert parameter.annotation is not inspect.Parameter.empty, (name, parameter.name)


# Every public function, called through efh_xl.<name> on real files. A new public function
# must be added here (the test below fails otherwise).
def _calls(tmp: Path) -> dict[str, Callable[[], Any]]:
    book = tmp / "efh_grille.xlsm"
    shutil.copy(WORKBOOK, book)
    actions = efh_xl.read_workbook(book).actions
    answers = actions[["Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5"]]
    listing = tmp / "liste.csv"
    answers.head(20).to_csv(listing, index=False, sep=";")
    one = list(answers.iloc[0])
    programmation = tmp / "programmation.csv"
    received = actions[["Année", "Territoire", "N° action", "Action", "Porteur"]].head(5).copy()
    received["N° action"] = received["N° action"] + "-BIS"
    received.to_csv(programmation, index=False, sep=";")
    target = tmp / "import.xlsm"
    shutil.copy(WORKBOOK, target)

    def check(value: Any, kind: type) -> Any:
        assert isinstance(value, kind), (value, kind)
        return value

    return {
        "evaluate_action": lambda: check(efh_xl.evaluate_action(one), tuple),
        "marker": lambda: check(efh_xl.marker(one), int),
        "reason": lambda: check(efh_xl.reason(one), str),
        "evaluate": lambda: check(efh_xl.evaluate(answers), pd.DataFrame),
        "assess": lambda: check(efh_xl.assess(answers), efh_xl.Assessment),
        "summarize": lambda: check(efh_xl.summarize(actions), efh_xl.Summary),
        "read_workbook": lambda: check(efh_xl.read_workbook(book), efh_xl.WorkbookData),
        "build_workbook": lambda: check(efh_xl.build_workbook(tmp / "neuf.xlsm", force=True), Path),
        "evaluate_file": lambda: check(
            efh_xl.evaluate_file(listing, tmp / "evalue.csv", force=True), pd.DataFrame
        ),
        "refresh_workbook": lambda: check(
            efh_xl.refresh_workbook(book, output_dir=tmp / "copies", force=True),
            efh_xl.RefreshResult,
        ),
        "refresh": lambda: check(efh_xl.refresh(tmp, check=True), efh_xl.BatchResult),
        "consolidate": lambda: check(
            efh_xl.consolidate([book], tmp / "region" / "region.xlsx", force=True),
            efh_xl.ConsolidationResult,
        ),
        # Five new actions, then the same five again: added once, unchanged the second time.
        "import_actions": lambda: check(
            efh_xl.import_actions(programmation, target), efh_xl.ImportResult
        ),
        "write_lite": lambda: check(efh_xl.write_lite(tmp / "lite", force=True), list),
        "save_rule": lambda: check(
            efh_xl.save_rule("cumulatif", tmp / "regle.json", force=True), Path
        ),
        "load_rule": lambda: check(efh_xl.load_rule(tmp / "regle.json"), efh_xl.Rule),
    }


def test_every_public_function_works_twice_on_real_files(modules, tmp_path):
    calls = _calls(tmp_path)
    assert sorted(calls) == sorted(public(inspect.isfunction)), "call each public function"
    results = {}
    for name, call in calls.items():
        first, second = call(), call()
        assert type(first) is type(second), name
        results[name] = (first, second)
    imported = results["import_actions"]
    assert (imported[0].added, imported[1].added, imported[1].unchanged) == (5, 0, 5)
    assert results["refresh"][1].ok and len(results["refresh"][1]) >= 3


def test_refresh_results_are_json_and_the_cli_prints_the_same(tmp_path, capsys):
    from efh_xl.cli import main

    book = tmp_path / "a.xlsm"
    shutil.copy(WORKBOOK, book)
    (tmp_path / "b.xlsm").write_text("pas un classeur", encoding="utf-8")
    seen: list[tuple[int, int, str]] = []
    results = efh_xl.refresh(
        tmp_path, check=True, progress=lambda done, total, r: seen.append((done, total, r.path))
    )
    assert seen == [(1, 2, str(book)), (2, 2, str(tmp_path / "b.xlsm"))]
    ok, bad = results
    # Done, with actions to fix under check: « À VOIR », exit code 1, and no failure.
    assert ok.outcome == "to_check" and ok.ok and ok.exit_code == 1
    assert ok.counts["actions"] == ok.actions == 120
    assert bad.outcome == "error" and bad.error_kind == "NotAWorkbookError"
    assert "n'est pas un classeur Excel" in bad.error_message
    assert bad.exit_code == efh_xl.NotAWorkbookError.exit_code == results.exit_code
    assert not results.ok and results.failed == [bad]
    data = json.loads(results.to_json())
    assert data == results.to_dict() and data[1]["error_kind"] == "NotAWorkbookError"
    assert main(["refresh", str(tmp_path), "--check", "--json"]) == results.exit_code
    assert json.loads(capsys.readouterr().out) == data


def test_import_efh_xl_loads_no_heavy_library():
    """Names load on first read: the CLI's start-up and the Pyodide core do not pay for pandas."""
    code = (
        "import sys, efh_xl; efh_xl.EfhError; "
        "print(sorted(m for m in ('pandas', 'numpy', 'lxml', 'xlsxwriter', 'xlwings',"
        " 'python_calamine') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_import_and_consolidate_json_is_what_the_cli_prints(tmp_path, capsys):
    from efh_xl.cli import main

    book = tmp_path / "programmation.xlsm"
    shutil.copy(WORKBOOK, book)
    listing = tmp_path / "recue.csv"
    listing.write_text("N° action;Action\nPRJ-NEUF-1;Atelier vélo\n", encoding="utf-8")
    imported = efh_xl.import_actions(listing, book, dry_run=True)
    assert main(["import", str(listing), "--into", str(book), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(imported.to_json())
    assert imported.to_dict()["counts"]["added"] == 1

    region = tmp_path / "region.xlsx"
    consolidated = efh_xl.consolidate([book], region)
    assert main(["consolidate", str(book), "--output", str(region), "--json", "--force"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(consolidated.to_json())
    assert consolidated.files.ok and consolidated.to_dict()["files"][0]["outcome"] == "ok"


def test_refresh_results_carry_warnings_the_cli_prints(tmp_path, capsys):
    from efh_xl.cli import main
    from efh_xl.workbook.sample import sample_actions

    actions = sample_actions(per_territory=2)
    actions["Montant accordé"] = actions["Montant accordé"].astype(object)
    actions.loc[0, "Montant accordé"] = "n.c."
    book = efh_xl.build_workbook(tmp_path / "montants.xlsm", actions=actions)
    (result,) = efh_xl.refresh(book, check=True)
    assert result.ok and result.counts["unreadable_amounts"] == 1
    assert result.warnings == [
        "1 montant illisible, compté dans aucun total en euros : voir la liste "
        "« Montants illisibles » de la synthèse."
    ]
    main(["refresh", str(book)])
    assert f"Attention : {result.warnings[0]}" in capsys.readouterr().out
