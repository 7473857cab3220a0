"""efh_xl: the equality marker (égalité femmes-hommes) of a contrat de ville programmation.

Every public name is read as ``efh_xl.<name>`` (see ``docs/api.md``). ``import efh_xl`` loads
only the errors: each other name is loaded on its first read, so the CLI starts fast and the
core stays importable where pandas or xlwings are not (xlwings Lite, Pyodide). No public name
is also the name of a module of efh_xl, so a name reads the same whatever was imported before.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from efh_xl.errors import (
    ActionsTableError,
    ColumnMappingError,
    DamagedWorkbookError,
    DiskFullError,
    EfhError,
    EmptyFileError,
    EmptyListError,
    EmptyPathError,
    FileAccessError,
    FileInUseError,
    GridRuleError,
    GridSheetError,
    InputFileError,
    IsAFolderError,
    MisnamedWorkbookError,
    MissingColumnsError,
    NotAWorkbookError,
    NothingToConsolidateError,
    NoWorkbookMatchedError,
    OutputFolderIsInputError,
    OutputFormatError,
    OutputIsInputError,
    OutputNotAFolderError,
    PdfExportError,
    PermissionDeniedError,
    ReadDeniedError,
    ReadOnlyWorkbookError,
    RegionalWorkbookError,
    RowUnderTableError,
    RuleFileAsListError,
    RuleFileError,
    SameTargetError,
    SettingsError,
    SheetNotFoundError,
    TargetExistsError,
    UnknownColumnsError,
    WorkbookNotFoundError,
    WorkbookOpenError,
    WrongArgumentError,
)

__version__ = "0.1.0"

# Where each lazily loaded public name lives. The TYPE_CHECKING imports below say the same for
# type checkers and editors; tests/test_public_api.py checks the two agree with __all__.
# A new public name goes here, in TYPE_CHECKING, in its section of __all__ (the sections of
# docs/api.md), in tests/typecheck/public_api.py (and, for a function, in the calls of
# tests/test_public_api.py); then `make docs`.
_LAZY: dict[str, str] = {
    "ALTERNATIVE_RULES": "efh_xl.core.grid",
    "DEFAULT_RULE": "efh_xl.core.grid",
    "QUESTIONS": "efh_xl.core.grid",
    "Question": "efh_xl.core.grid",
    "Rule": "efh_xl.core.grid",
    "RuleError": "efh_xl.core.grid",
    "Assessment": "efh_xl.core.vectorised",
    "assess": "efh_xl.core.vectorised",
    "evaluate": "efh_xl.core.vectorised",
    "evaluate_action": "efh_xl.core.engine",
    "marker": "efh_xl.core.engine",
    "reason": "efh_xl.core.engine",
    "Settings": "efh_xl.core.settings",
    "Summary": "efh_xl.core.summary",
    "TerritorySummary": "efh_xl.core.summary",
    "summarize": "efh_xl.core.summary",
    "build_workbook": "efh_xl.workbook.build",
    "evaluate_file": "efh_xl.workbook.action_lists",
    "WorkbookData": "efh_xl.workbook.reader",
    "read_workbook": "efh_xl.workbook.reader",
    "refresh": "efh_xl.workbook.headless_refresh",
    "refresh_workbook": "efh_xl.workbook.headless_refresh",
    "BatchResult": "efh_xl.workbook.results",
    "FileResult": "efh_xl.workbook.results",
    "RefreshResult": "efh_xl.workbook.results",
    "import_actions": "efh_xl.workbook.programmation_import",
    "ImportResult": "efh_xl.workbook.programmation_import",
    "Rejection": "efh_xl.workbook.programmation_import",
    "write_lite": "efh_xl.excel.lite",
    "load_rule": "efh_xl.workbook.rule_file",
    "save_rule": "efh_xl.workbook.rule_file",
    "consolidate": "efh_xl.workbook.consolidation",
    "ConsolidationResult": "efh_xl.workbook.consolidation",
    "ConsolidatedFile": "efh_xl.workbook.consolidation",
}

if TYPE_CHECKING:
    from efh_xl.core.engine import evaluate_action as evaluate_action
    from efh_xl.core.engine import marker as marker
    from efh_xl.core.engine import reason as reason
    from efh_xl.core.grid import ALTERNATIVE_RULES as ALTERNATIVE_RULES
    from efh_xl.core.grid import DEFAULT_RULE as DEFAULT_RULE
    from efh_xl.core.grid import QUESTIONS as QUESTIONS
    from efh_xl.core.grid import Question as Question
    from efh_xl.core.grid import Rule as Rule
    from efh_xl.core.grid import RuleError as RuleError
    from efh_xl.core.settings import Settings as Settings
    from efh_xl.core.summary import Summary as Summary
    from efh_xl.core.summary import TerritorySummary as TerritorySummary
    from efh_xl.core.summary import summarize as summarize
    from efh_xl.core.vectorised import Assessment as Assessment
    from efh_xl.core.vectorised import assess as assess
    from efh_xl.core.vectorised import evaluate as evaluate
    from efh_xl.excel.lite import write_lite as write_lite
    from efh_xl.workbook.action_lists import evaluate_file as evaluate_file
    from efh_xl.workbook.build import build_workbook as build_workbook
    from efh_xl.workbook.consolidation import ConsolidatedFile as ConsolidatedFile
    from efh_xl.workbook.consolidation import ConsolidationResult as ConsolidationResult
    from efh_xl.workbook.consolidation import consolidate as consolidate
    from efh_xl.workbook.headless_refresh import refresh as refresh
    from efh_xl.workbook.headless_refresh import refresh_workbook as refresh_workbook
    from efh_xl.workbook.programmation_import import ImportResult as ImportResult
    from efh_xl.workbook.programmation_import import Rejection as Rejection
    from efh_xl.workbook.programmation_import import import_actions as import_actions
    from efh_xl.workbook.reader import WorkbookData as WorkbookData
    from efh_xl.workbook.reader import read_workbook as read_workbook
    from efh_xl.workbook.results import BatchResult as BatchResult
    from efh_xl.workbook.results import FileResult as FileResult
    from efh_xl.workbook.results import RefreshResult as RefreshResult
    from efh_xl.workbook.rule_file import load_rule as load_rule
    from efh_xl.workbook.rule_file import save_rule as save_rule


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'efh_xl' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    # Later reads are plain attribute reads. Safe because no public name is a submodule's name
    # (importing a submodule sets the package attribute of its name, which would replace it).
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    # The grid (the rule as data)
    "ALTERNATIVE_RULES",
    "DEFAULT_RULE",
    "QUESTIONS",
    "Question",
    "Rule",
    # The engine: one action, or a table of actions
    "evaluate_action",
    "marker",
    "reason",
    "evaluate",
    "assess",
    "Assessment",
    # Summaries
    "summarize",
    "Summary",
    "TerritorySummary",
    "Settings",
    # Files: workbooks and lists of actions
    "build_workbook",
    "read_workbook",
    "WorkbookData",
    "evaluate_file",
    "refresh",
    "refresh_workbook",
    "import_actions",
    "consolidate",
    # Results of the batch functions
    "FileResult",
    "RefreshResult",
    "BatchResult",
    "ImportResult",
    "Rejection",
    "ConsolidationResult",
    "ConsolidatedFile",
    # xlwings Lite
    "write_lite",
    # Rule files (a reading of the grid kept in JSON)
    "load_rule",
    "save_rule",
    # Errors a user can fix (each has a French message and the CLI's exit code)
    "EfhError",
    "ActionsTableError",
    "ColumnMappingError",
    "GridRuleError",
    "SettingsError",
    "PdfExportError",
    "GridSheetError",
    "InputFileError",
    "MissingColumnsError",
    "NotAWorkbookError",
    "RuleError",
    "RuleFileError",
    "NothingToConsolidateError",
    "DamagedWorkbookError",
    "DiskFullError",
    "EmptyFileError",
    "EmptyListError",
    "EmptyPathError",
    "FileAccessError",
    "FileInUseError",
    "IsAFolderError",
    "NoWorkbookMatchedError",
    "OutputFormatError",
    "OutputNotAFolderError",
    "OutputFolderIsInputError",
    "PermissionDeniedError",
    "ReadDeniedError",
    "ReadOnlyWorkbookError",
    "MisnamedWorkbookError",
    "RegionalWorkbookError",
    "RowUnderTableError",
    "RuleFileAsListError",
    "OutputIsInputError",
    "SameTargetError",
    "SheetNotFoundError",
    "TargetExistsError",
    "UnknownColumnsError",
    "WorkbookNotFoundError",
    "WorkbookOpenError",
    "WrongArgumentError",
]
