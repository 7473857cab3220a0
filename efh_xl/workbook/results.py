"""Results of the batch functions (refresh, import, consolidate): one per file, ready for JSON.

Every function that works through many files returns a :class:`BatchResult` of per-file
results: one file that fails does not stop the others, its result carries the kind of error
and the French message a user reads. ``to_dict()`` is what ``efh-xl … --json`` prints.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal, Self, TypeVar

from efh_xl.errors import EfhError

Outcome = Literal["ok", "to_check", "error", "skipped"]
"""What happened to one file: done, done but to be looked at by a person (``"to_check"``:
actions to fix found by ``refresh --check``, lines an import rejected; exit code 1), failed
(see ``error_kind``), or left aside on purpose."""


@dataclass
class FileResult:
    """What happened to one file of a batch.

    ``outcome`` is ``"ok"``, ``"to_check"`` (done, but a person must look: ``exit_code`` 1, the
    « À VOIR » of ``refresh --check``), ``"error"`` or ``"skipped"`` (left aside on purpose,
    with a warning saying why); ``output`` the file written, if any. ``counts`` holds the figures of
    the operation (for a refresh: ``actions`` and ``problems``); ``warnings`` the French
    messages of what was done but deserves a look. On failure,
    ``error_kind`` is the name of the :class:`~efh_xl.errors.EfhError` subclass,
    ``error_message`` its French message and ``exit_code`` the CLI's exit code for it.
    """

    path: str
    outcome: Outcome = "ok"
    output: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error_kind: str | None = None
    error_message: str | None = None
    exit_code: int = 0
    # The exception behind a failure, for ``--debug``; never in to_dict() (not plain data).
    exception: BaseException | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_error(cls, path: str | os.PathLike[str], error: EfhError) -> Self:
        """The result of a file whose processing raised ``error``."""
        return cls(
            path=str(path),
            outcome="error",
            error_kind=type(error).__name__,
            error_message=str(error),
            exit_code=error.exit_code,
            exception=error,
        )

    @property
    def ok(self) -> bool:
        """True unless the file failed."""
        return self.outcome != "error"

    @property
    def error(self) -> str | None:
        """The French message of the failure (alias of ``error_message``)."""
        return self.error_message

    @property
    def error_line(self) -> str:
        """The file and its error message for a line of a batch report, the file named once
        (the message alone often names it already; see :func:`naming_once`)."""
        return naming_once(self.path, self.error_message or "")

    def to_dict(self) -> dict[str, Any]:
        """Plain data (str, int, bool, None, lists and dicts of them), as ``--json`` prints."""
        # Field by field, the exception left out before anything is copied (asdict copies it).
        kept = (f.name for f in fields(self) if f.name != "exception")
        return {name: _plain(getattr(self, name)) for name in kept}

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict()`` as JSON text (UTF-8 characters kept), the exact output of ``--json``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _plain(value: Any) -> Any:
    """``value`` as plain data: dataclasses as dicts, lists and dicts copied."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def naming_once(path: str | os.PathLike[str], message: str) -> str:
    """« path : message » for a line of a batch report, naming the file once.

    Most messages of an :class:`~efh_xl.errors.EfhError` name their file already, as they must
    when a single-file command prints them alone (« a.xlsm n'est pas un classeur… »,
    « Classeur introuvable : a.xlsm… », « a.xlsm : aucun tableau… »): such a message is the
    line as it is. One that names the file by its name only (« a.xlsm est ouvert dans
    Excel… ») gets the path in place of the name; any other is put after « path : ».
    """
    path, text = os.fspath(path), str(message)
    if _names(text, path):
        return text
    name = os.path.basename(path)
    if name and name != path and text.startswith(name + " "):
        return path + text[len(name) :]
    return f"{path} : {text}"


def _names(text: str, path: str) -> bool:
    """Whether ``text`` holds ``path`` as a whole path (« a.xlsm » is not named by
    « b/a.xlsm », nor « a » by « a.xlsm »). A path that could be a French word (a folder
    « dossier », no dot nor slash in it) counts only first, after « : » or between « »:
    « ce dossier ne contient aucun classeur » does not name the folder « dossier »."""
    after = r"(?!\.?[\w/\\-])"
    if any(ch in path for ch in "./\\*?["):
        before = r"(?<![\w/\\.-])"
    else:
        before = "(?:^|: |« )"
    return re.search(before + re.escape(path) + after, text) is not None


R = TypeVar("R", bound=FileResult)

Progress = Callable[[int, int, R], None]
"""A progress callback: called after each file with (files done, files in all, its result)."""


class BatchResult(list[R]):
    """The results of a batch, one per file in the order processed (a list)."""

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return all(result.ok for result in self)

    @property
    def failed(self) -> list[R]:
        """The results of the files that failed."""
        return [result for result in self if not result.ok]

    @property
    def exit_code(self) -> int:
        """The CLI's exit code: the highest of the files' codes (a failure's, 1 for a file
        ``"to_check"``), 0 when every file is done."""
        return max((result.exit_code for result in self), default=0)

    def to_dict(self) -> list[dict[str, Any]]:
        """One ``to_dict()`` per file, as ``--json`` prints."""
        return [result.to_dict() for result in self]

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict()`` as JSON text, the exact output of ``--json``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


@dataclass
class RefreshResult(FileResult):
    """What a refresh did to one workbook.

    ``counts`` holds ``actions`` (rows of the Actions table), ``problems`` (actions to fix) and
    ``unreadable_amounts`` (amounts typed but not readable: a warning then says so);
    ``markers`` the number of actions per category (``"0"``, ``"1"``, ``"2"``, ``"provisoire"``,
    ``"non marqué"``); ``sheets`` the summary sheets written; ``rule_updated`` whether the native
    formulas were rewritten: set to the box sets of the workbook's Grille, or to the markers
    and reasons as this version shows them, for a workbook built by a version that showed them
    otherwise; ``rule_changed`` whether the rule itself changed (the Grille's box sets edited
    since the formulas were computed), not only the way a version shows it.
    ``output`` is the file written (None with ``check``); ``pdfs`` the PDF files made, one per
    summary sheet, when asked.
    """

    markers: dict[str, int] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)
    rule_updated: bool = False
    rule_changed: bool = False
    pdfs: list[str] = field(default_factory=list)

    @property
    def actions(self) -> int:
        """Number of actions read (``counts["actions"]``)."""
        return self.counts.get("actions", 0)

    @property
    def problems(self) -> int:
        """Number of actions to fix (``counts["problems"]``)."""
        return self.counts.get("problems", 0)
