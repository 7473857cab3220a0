"""A script over the public API, checked with ``mypy --strict`` (tests/test_public_api_types.py).

It is never run: it states, name by name, the type a user's checker and editor must see for
``efh_xl.<name>``. ``assert_type`` fails on ``Any``, so an untyped public name fails the check.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, assert_type

import pandas as pd

import efh_xl
from efh_xl import (
    ALTERNATIVE_RULES,
    DEFAULT_RULE,
    QUESTIONS,
    Assessment,
    BatchResult,
    ConsolidatedFile,
    ConsolidationResult,
    EfhError,
    FileResult,
    ImportResult,
    Question,
    RefreshResult,
    Rejection,
    Rule,
    Settings,
    Summary,
    TerritorySummary,
    WorkbookData,
)


def grid() -> None:
    assert_type(DEFAULT_RULE, Rule)
    assert_type(ALTERNATIVE_RULES, dict[str, Rule])
    assert_type(QUESTIONS, tuple[Question, ...])
    assert_type(QUESTIONS[0].id, str)


def one_action(answers: list[str | None]) -> None:
    assert_type(efh_xl.evaluate_action(answers), tuple[int | None, str])
    assert_type(
        efh_xl.evaluate_action(answers, ALTERNATIVE_RULES["cumulatif"]), tuple[int | None, str]
    )
    assert_type(efh_xl.marker(answers), int | None)
    assert_type(efh_xl.reason(answers, DEFAULT_RULE), str)


def table(frame: pd.DataFrame) -> None:
    assert_type(efh_xl.evaluate(frame), pd.DataFrame)
    assert_type(efh_xl.assess(frame, DEFAULT_RULE), Assessment)
    summary = efh_xl.summarize(frame, DEFAULT_RULE, Settings(), dt.datetime(2026, 1, 1))
    assert_type(summary, Summary)
    assert_type(summary.overall, TerritorySummary)
    assert_type(summary.actions, int)


def files(folder: Path) -> None:
    assert_type(efh_xl.build_workbook(folder / "a.xlsm", udf=False), Path)
    data = efh_xl.read_workbook(folder / "a.xlsm")
    assert_type(data, WorkbookData)
    assert_type(data.actions, pd.DataFrame)
    assert_type(efh_xl.evaluate_file(folder / "liste.csv", folder / "sortie.csv"), pd.DataFrame)
    one = efh_xl.refresh_workbook(folder / "a.xlsm", output_dir=folder / "copies")
    assert_type(one, RefreshResult)


def batch(folder: Path) -> None:
    def progress(done: int, total: int, result: RefreshResult) -> None:
        print(done, total, result.path)

    results = efh_xl.refresh([folder, "autre/*.xlsm"], check=True, progress=progress)
    assert_type(results, BatchResult[RefreshResult])
    assert_type(efh_xl.refresh(folder), BatchResult[RefreshResult])
    assert_type(results.ok, bool)
    assert_type(results.exit_code, int)
    assert_type(results.to_json(), str)
    assert_type(results.failed, list[RefreshResult])
    for result in results:
        assert_type(result, RefreshResult)
        assert_type(result.counts, dict[str, int])
        assert_type(result.warnings, list[str])
        assert_type(result.error_kind, str | None)
        assert_type(result.error_message, str | None)
        assert_type(result.markers, dict[str, int])
        assert_type(result.actions, int)
    base: FileResult = results[0]
    assert_type(base.to_dict(), dict[str, Any])


def consolidation(folder: Path) -> None:
    def progress(done: int, total: int, read: ConsolidatedFile) -> None:
        print(done, total, read.path, read.territories)

    region = efh_xl.consolidate(
        [folder, "autres/*.xlsm"], folder / "region.xlsx", rule=DEFAULT_RULE, progress=progress
    )
    assert_type(region, ConsolidationResult)
    assert_type(region.files, BatchResult[ConsolidatedFile])
    assert_type(region.files.to_json(), str)
    assert_type(region.actions, int)
    assert_type(region.read, list[ConsolidatedFile])
    assert_type(region.to_dict(), dict[str, Any])
    assert_type(region.to_json(), str)


def rule_file(folder: Path) -> None:
    path = efh_xl.save_rule(ALTERNATIVE_RULES["cumulatif"], folder / "regle.json")
    assert_type(path, Path)
    assert_type(efh_xl.save_rule("cumulatif"), Path)
    assert_type(efh_xl.load_rule(path), Rule)


def lite(folder: Path) -> None:
    assert_type(efh_xl.write_lite(folder / "lite"), list[Path])


def import_list(folder: Path) -> None:
    result = efh_xl.import_actions(
        folder / "liste.csv",
        folder / "a.xlsm",
        mapping={"Montant proposé": "Montant accordé"},
        year=2026,
        territory="Val-de-Lys Métropole",
        dry_run=True,
    )
    assert_type(result, ImportResult)
    assert_type(result.added, int)
    assert_type(result.rejected, list[Rejection])
    assert_type(result.rejected[0].line, int)
    assert_type(result.to_json(), str)


def errors(path: Path) -> int:
    try:
        efh_xl.refresh_workbook(path)
    except efh_xl.WorkbookOpenError as error:
        assert_type(error.exit_code, int)
        return error.exit_code
    except EfhError as error:
        return error.exit_code
    return 0


def rule_problems(rule: efh_xl.Rule) -> list[str]:
    try:
        efh_xl.evaluate_action(["OUI"] * 6, rule)
    except efh_xl.RuleError as error:  # a ValueError, not an EfhError: no exit code
        assert_type(error.problems, list[str])
        return error.problems
    return []


def exit_codes() -> dict[str, int]:
    kinds: tuple[type[EfhError], ...] = (
        efh_xl.ActionsTableError,
        efh_xl.ColumnMappingError,
        efh_xl.DamagedWorkbookError,
        efh_xl.DiskFullError,
        efh_xl.EmptyFileError,
        efh_xl.EmptyListError,
        efh_xl.EmptyPathError,
        efh_xl.FileAccessError,
        efh_xl.FileInUseError,
        efh_xl.IsAFolderError,
        efh_xl.NoWorkbookMatchedError,
        efh_xl.OutputFormatError,
        efh_xl.OutputNotAFolderError,
        efh_xl.OutputFolderIsInputError,
        efh_xl.PermissionDeniedError,
        efh_xl.ReadOnlyWorkbookError,
        efh_xl.MisnamedWorkbookError,
        efh_xl.RegionalWorkbookError,
        efh_xl.RowUnderTableError,
        efh_xl.RuleFileAsListError,
        efh_xl.SameTargetError,
        efh_xl.SheetNotFoundError,
        efh_xl.OutputIsInputError,
        efh_xl.ReadDeniedError,
        efh_xl.TargetExistsError,
        efh_xl.UnknownColumnsError,
        efh_xl.GridRuleError,
        efh_xl.GridSheetError,
        efh_xl.InputFileError,
        efh_xl.MissingColumnsError,
        efh_xl.NotAWorkbookError,
        efh_xl.NothingToConsolidateError,
        efh_xl.RuleFileError,
        efh_xl.PdfExportError,
        efh_xl.SettingsError,
        efh_xl.WorkbookNotFoundError,
        efh_xl.WorkbookOpenError,
        efh_xl.WrongArgumentError,
    )
    return {kind.__name__: kind.exit_code for kind in kinds}
