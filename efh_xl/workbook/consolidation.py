"""Consolidate many workbooks (territories, years) into one regional workbook.

Each workbook's Actions table is read (python-calamine), every marker is recomputed under the
rule the consolidation names, and one new workbook is written with the same sheet model and
OOXML writers as the summary sheets of a refresh: the overview across territories, the
evolution by year, one sheet per territory, every action with its source, the rows to fix and
the files read.

Nothing is merged silently: an action number found in two files is counted once (the first
file read) and both sources are named; a workbook whose Grille holds other box sets than the
consolidation's rule is reported, and its markers are shown under both rules.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

from efh_xl.core.amounts import has_cents
from efh_xl.core.answers import cell_text, read_alike
from efh_xl.core.blank_rows import INVISIBLE, blank_cells
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.grid import QUESTION_IDS, Rule, folded_name
from efh_xl.core.page_breaks import POINTS_PER_PIXEL, page_pixels, paginate
from efh_xl.core.plural import agreed, counted, first_few
from efh_xl.core.programmation import (
    BENEFICIARIES,
    COLUMNS,
    COMMENTS,
    DAUPHIN_COLUMN,
    GRANTED,
    NUMBER,
    PILIER,
    PORTEUR,
    REQUESTED,
    TERRITORY,
    TITLE,
    YEAR,
)
from efh_xl.core.rule_name import same_rule
from efh_xl.core.sheet_model import (
    CELL_PADDING,
    DEFAULT_WIDTH,
    LINE_HEIGHT,
    STYLES,
    Chart,
    PageSetup,
    SheetModel,
    fitted_width,
    header_text,
    text_height,
    text_lines,
    width_pixels,
    wrapped_counts,
)
from efh_xl.core.status import CATEGORY_KEYS, CATEGORY_LABELS, action_status
from efh_xl.core.summary import (
    UNKNOWN_TERRITORY,
    UNKNOWN_YEAR,
    Amounts,
    Settings,
    amount_column,
    spelling_key,
    summarize,
    summary_table,
)
from efh_xl.core.summary_sheets import NO_SHARE, chart_parts, summary_sheets
from efh_xl.core.vectorised import Assessment, assess, shown_markers
from efh_xl.errors import (
    EXIT_NOT_FOUND,
    EfhError,
    EmptyPathError,
    IsAFolderError,
    NothingToConsolidateError,
    NoWorkbookMatchedError,
    OutputFormatError,
    OutputIsInputError,
    WorkbookNotFoundError,
    from_os_error,
)
from efh_xl.ooxml.atomic_file import (
    check_target,
    folder_names,
    make_folder_of,
    open_in,
    real_path,
    same_file,
)
from efh_xl.ooxml.package import NewSheet, Package
from efh_xl.ooxml.shared_strings import PART as SHARED_STRINGS
from efh_xl.ooxml.shared_strings import SharedStrings
from efh_xl.ooxml.sheet_parts import new_sheet
from efh_xl.ooxml.styles import ensure_styles
from efh_xl.ooxml.worksheet import print_names
from efh_xl.ooxml.zip import deflate
from efh_xl.workbook.actions_sheet import WIDEST_ANSWER
from efh_xl.workbook.given_paths import given_path, given_paths
from efh_xl.workbook.headless_refresh import collector_paused, is_candidate, workbook_glob
from efh_xl.workbook.read_ahead import read_ahead
from efh_xl.workbook.reader import (
    FOREIGN_SKIPPED,
    MACROS_UNDER_XLSX,
    REGIONAL_NAME,
    ReadCache,
    TableBlock,
    WorkbookData,
    is_regional_workbook,
    left_aside,
    macros_under_xlsx,
    read_workbook_block,
    written_by,
)
from efh_xl.workbook.results import BatchResult, FileResult, Progress
from efh_xl.workbook.sample import sample_rows, sample_warning

SOURCE, ROW, RULE = "Fichier", "Ligne", "Règle du fichier"
OWN_MARKER, OTHER_SOURCES = "Marqueur (règle du fichier)", "Autres sources"
EVOLUTION, ACTIONS, TO_FIX, FILES = "Évolution par année", "Actions", "À corriger", "Fichiers"
# How the warning of a workbook built under another rule begins (the command gives that
# file a line of its own, with both figures).
OTHER_RULE_WARNING = "Classeur construit avec une autre règle"
# The people reached too: the regional summaries count them by marker, as a territory's do.
_READ = (
    *(c for c in COLUMNS if c not in (MARKER_COLUMN, REASON_COLUMN, DAUPHIN_COLUMN)),
    *BENEFICIARIES,
)
_PLACEHOLDER = "efh_vide"


@dataclass
class ConsolidatedFile(FileResult):
    """One workbook of a consolidation: read (``ok``) or skipped, and why.

    ``counts`` holds ``actions`` (rows read) and ``duplicates`` (rows already read in another
    file, counted once). ``markers_own`` are its markers under its own Grille, ``markers``
    under the consolidation's rule: they differ only when ``other_rule``.
    """

    rule: str = ""
    other_rule: bool = False
    territories: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    markers_own: dict[str, int] = field(default_factory=dict)
    markers: dict[str, int] = field(default_factory=dict)


@dataclass
class Duplicate:
    """An action number found in more than one file.

    ``same``: the rows are one action (counted once, every source named). Otherwise files of
    one territory give the number to different actions of one year (other titles and
    porteurs): every row is counted, and the number is named as one to make distinct (a
    number given again another year is another action, not named). Different actions of
    different territories under one number are not named: each territory numbers its own.
    """

    number: str
    kept: str  # "file (ligne n)"
    others: list[str]
    # The counted row: its file and sheet row, and its territory and title (the « À corriger »
    # sheet shows them on the duplicate's row, so that filtering a territory finds it).
    file: str = ""
    row: int = 0
    territory: Any = None
    title: Any = None
    same: bool = True
    # One action whose copies disagree (another marker or granted amount): the counted row's
    # figures may be the older ones, which only the person who knows can tell.
    differs: bool = False


@dataclass
class ConsolidationResult:
    """What a consolidation read and wrote."""

    output: str | None
    rule: str
    files: BatchResult[ConsolidatedFile]
    actions: int = 0
    territories: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    markers: dict[str, int] = field(default_factory=dict)
    granted: float = 0.0
    to_fix: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)

    @property
    def to_fix_text(self) -> str:
        """The rows to fix as the command and the « À corriger » sheet count them: the actions
        to fix, and apart, the numbers shared by several files (the overview counts the
        actions only: both counts said, so that neither reads as a mistake of the other)."""
        actions = counted(self.to_fix - len(self.duplicates), "action", "actions") + " à corriger"
        if not self.duplicates:
            return actions
        shared = counted(len(self.duplicates), "N° présent", "N° présents")
        return f"{actions} et {shared} dans plusieurs fichiers"

    @property
    def read(self) -> list[ConsolidatedFile]:
        """The files read."""
        return [f for f in self.files if f.outcome == "ok"]

    @property
    def skipped(self) -> list[ConsolidatedFile]:
        """The files not read, each with its French reason: those that failed (``outcome ==
        "error"``: missing, unreadable…) and the regional workbooks left aside on purpose."""
        return [f for f in self.files if f.outcome != "ok"]

    @property
    def exit_code(self) -> int:
        """The CLI's exit code: 0 when every input was read (or left aside on purpose), else
        the highest of the failed inputs' codes (3 missing, 4 unreadable…), although the
        regional workbook was written from the others."""
        return self.files.exit_code

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict()`` as JSON text, the exact output of ``efh-xl consolidate --json``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the totals, the duplicates, and one ``to_dict()`` per file."""
        return {
            "output": self.output,
            "rule": self.rule,
            "actions": self.actions,
            "territories": self.territories,
            "years": self.years,
            "markers": self.markers,
            "granted": self.granted,
            "to_fix": self.to_fix,
            "duplicates": [vars(d) for d in self.duplicates],
            "sheets": self.sheets,
            "exit_code": self.exit_code,
            "files": self.files.to_dict(),
        }


def expand_inputs(
    paths: Iterable[str | os.PathLike[str]], exclude: Path | None = None
) -> tuple[list[Path], list[FileResult]]:
    """Workbooks named by files, folders (recursively) and globs; what names nothing is
    reported as a failed input (exit code 3), not raised (a consolidation goes on with the
    rest). ``exclude``: a file left out, known by identity (the same file under any path)."""
    found: list[Path] = []
    missing: list[FileResult] = []
    for raw in paths:
        if not isinstance(raw, str | os.PathLike):  # a script's slip (None in the list)
            given_path(raw, "paths")
        text = os.fspath(raw)
        if not text.strip():  # Path("") is the current folder: every workbook under it
            missing.append(_skipped("« »", str(EmptyPathError()), EmptyPathError()))
            continue
        try:
            found += _workbooks_named(text, missing)
        except OSError as error:  # a name too long, a folder that cannot be entered: this
            # input fails, the others go on
            error = from_os_error(error, text, reading=True)
            missing.append(_skipped(text, str(error), error))
    if exclude is not None:
        found = [p for p in found if not same_file(p, exclude)]
    # One workbook reached twice (« t/a.xlsm » and its absolute path, a folder and a file in
    # it) is read once: counted twice, its actions doubled every total without a word.
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(real_path(path), path)
    return list(unique.values()), missing


def _workbooks_named(text: str, missing: list[FileResult]) -> list[Path]:
    """The workbooks one input names (a file, a folder, a pattern); what names none is said in
    ``missing``."""
    found: list[Path] = []
    # A name that exists is taken literally (« Budget [2025].xlsm »), as refresh takes it.
    pattern = any(ch in text for ch in "*?[") and not Path(text).exists()
    matches = [Path(text)]
    if pattern:
        # A pattern names workbooks, as a folder does: « 2025/*.xlsm » took Excel's owner
        # file « ~$Denain.xlsm » of a workbook open, and failed on it as unreadable.
        matches = [m for m in workbook_glob(text) if m.is_dir() or is_candidate(m)]
    if not matches:
        missing.append(_missing(text, "aucun fichier ne correspond à ce motif"))
    for match in matches:
        if match.is_dir():
            inside = sorted(p for p in match.rglob("*") if is_candidate(p))
            if not inside:  # said, or « Aucun classeur lisible » would come with no reason
                missing.append(_missing(text, "ce dossier ne contient aucun classeur"))
            found += inside
        elif match.exists():
            found.append(match)
        else:
            # « absent/ », typed with a separator at its end, names a folder.
            what = "dossier" if text.endswith(("/", "\\")) else "fichier"
            missing.append(_missing(text, f"{what} introuvable", found=False))
    return found


# Why a regional workbook (one this function wrote) met among the inputs is left aside.
REGIONAL_SKIPPED = (
    "classeur régional écrit par « efh-xl consolidate » : il n'est pas relu (ses actions sont "
    "celles des classeurs des territoires)"
)
EVALUATED_SKIPPED = (
    "liste évaluée écrite par « efh-xl evaluate » : elle n'est pas relue (ce n'est pas un "
    "classeur de territoire ; pour compter ses actions, importez-la dans le classeur du "
    "territoire : efh-xl import)"
)
# Files efh-xl writes itself, known by their mark (see written_by), and why each is skipped.
_OWN_OUTPUTS = {"consolidate": REGIONAL_SKIPPED, "evaluate": EVALUATED_SKIPPED}


def _missing(text: str, why: str, found: bool = True) -> ConsolidatedFile:
    """A path, folder or pattern that names no workbook: a failure of « nothing there » (3),
    as refresh reports it, with the same kind of error."""
    kind = NoWorkbookMatchedError if found else WorkbookNotFoundError
    return ConsolidatedFile(
        path=text,
        outcome="error",
        error_kind=kind.__name__,
        error_message=why,
        exit_code=EXIT_NOT_FOUND,
    )


def _skipped(path: str | os.PathLike[str], why: str, error: EfhError | None = None):
    """An input not read: failed with ``error`` (its kind and exit code), or, without one,
    left aside on purpose (a regional workbook: not a failure, exit code 0)."""
    if error is None:
        return ConsolidatedFile(path=str(path), outcome="skipped", error_message=why)
    return ConsolidatedFile(
        path=str(path),
        outcome="error",
        error_kind=type(error).__name__,
        error_message=why,
        exit_code=error.exit_code,
        exception=error,
    )


def _check_not_an_input(output: Path, files: list[Path]) -> None:
    """Refuse an output that is one of the workbooks to read (the same file by identity:
    another spelling of its path, a symbolic link, a folder or pattern that holds it), even
    with --force: the territory's Actions table would be replaced by the regional workbook.
    A regional workbook found there (last month's, to replace) is never read: it may stay."""
    if not output.exists():
        return
    for path in files:
        if same_file(path, output) and not is_regional_workbook(output):
            raise OutputIsInputError(
                output,
                path,
                "aussi un classeur à consolider",
                # Not « its Actions table »: a budget saved in the folder read has none.
                "le remplacerait par le classeur régional",
            )


class RuleLabels:
    """The name each rule of a consolidation is shown under: the one its workbook's summaries
    show (:func:`~efh_xl.core.rule_name.rule_name`), and « <name>, variante 2 », 3… for a rule
    that differs from another one shown under the same name (two Grilles edited otherwise),
    so two rules are never told as one. The consolidation's rule comes first, under its name.
    """

    def __init__(self, rule: Rule) -> None:
        self._seen: dict[str, list[Rule]] = {}
        self.consolidation = self.label(rule, rule.name)

    def label(self, rule: Rule, name: str) -> str:
        rules = self._seen.setdefault(name, [])
        for number, known in enumerate(rules, start=1):
            if same_rule(known, rule):
                return name if number == 1 else f"{name}, variante {number}"
        rules.append(rule)
        return name if len(rules) == 1 else f"{name}, variante {len(rules)}"


def _labels(values: pd.Series | np.ndarray) -> list[str]:
    out = set()
    for value in set(np.asarray(values, dtype=object).tolist()):
        if value is None or (isinstance(value, float) and value != value):
            continue
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        if text.strip():
            out.add(text.strip())
    return sorted(out)


def _key(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text.casefold() or None


def _keys_of(values: np.ndarray) -> list[str | None]:
    """:func:`_key` of each value, worked out once per distinct value (a column holds a few
    territories and years, and titles repeated year after year)."""
    values = values.tolist()
    if bool in set(map(type, values)):  # True equals 1 as a dict key, but keys as « true »
        return list(map(_key, values))
    known = {value: _key(value) for value in dict.fromkeys(values)}
    return list(map(known.__getitem__, values))


def _counts(status: np.ndarray) -> dict[str, int]:
    """Actions per category: markers "0", "1", "2", then "provisoire" and "non marqué"."""
    counts = np.bincount(np.asarray(status, dtype=np.intp), minlength=len(CATEGORY_KEYS))
    return {key: int(counts[i]) for i, key in enumerate(CATEGORY_KEYS)}


def _names(files: list[Path]) -> dict[Path, str]:
    """Short names of the files: their names, or paths from their common folder if needed."""
    names = {p: p.name for p in files}
    if len(set(names.values())) == len(names):
        return names
    base = Path(os.path.commonpath([str(p.resolve().parent) for p in files]))
    return {p: str(p.resolve().relative_to(base)) for p in files}


def consolidate(
    inputs: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    rule: Rule | str | None = None,
    settings: Settings | None = None,
    progress: Progress[ConsolidatedFile] | None = None,
    now: dt.datetime | None = None,
    force: bool = False,
) -> ConsolidationResult:
    """Read workbooks (files, folders, globs) and write one regional workbook to ``output``.

    ``output`` is an .xlsx file; an existing one is replaced only with ``force`` (never a
    territory's workbook named by mistake), and never while open or read-only. An output that
    is one of the inputs (the same file, by identity) is refused even with ``force``
    (:class:`~efh_xl.errors.OutputIsInputError`), unless it is a regional workbook, which is
    never read.

    Markers are recomputed under ``rule`` (default: the reference reading; a reading's name
    or a rule file are read as :func:`~efh_xl.workbook.rule_file.load_rule` reads them). A
    file that cannot be read is not read and is reported with the reason (``outcome ==
    "error"``, its exit code: the result's ``exit_code`` is the highest of them); the others
    go on. A regional workbook
    met among the inputs is left aside (``outcome == "skipped"``), not a failure.
    """
    from efh_xl.workbook.rule_file import rule_given

    rule = rule_given(rule)  # a reading's name or a rule file, as load_rule takes them
    typed, output = output, given_path(output, "output")
    # Refused before a single file is read: a long run must not end on a refusal.
    if output.is_dir():
        raise IsAFolderError(output, example="consolidation.xlsx")
    if output.suffix.lower() != ".xlsx":
        raise OutputFormatError(typed, ".xlsx", example="consolidation.xlsx")
    inputs = given_paths(inputs, "inputs")  # read twice; a script's slip said before any work
    given = {Path(os.fspath(i)) for i in inputs}
    files, results = expand_inputs(inputs)
    _check_not_an_input(output, files)
    check_target(output, force=force)
    names = _names(files) if files else {}
    frames = []
    total = len(files) + len(results)
    done = 0
    for result in results:
        done += 1
        if progress:
            progress(done, total, result)
    cache = ReadCache()  # one reading of each distinct rule, value and part
    labels = RuleLabels(rule)  # the name each rule is shown under
    with collector_paused():
        # Read in threads a few files ahead (calamine leaves the GIL while it parses);
        # everything after the read is done here, in the files' order.
        listed: dict[Path, dict[str, str]] = {}  # each folder's names, for its lock files
        for path, read in read_ahead(files, lambda p: _read_block(p, cache)):
            named = path in given  # a file named on its own, not met in a folder
            result, frame = _read_one(path, names[path], rule, read, labels, named)
            _say_if_open(result, path, listed)
            results.append(result)
            if frame is not None:
                frames.append(frame)
            done += 1
            if progress:
                progress(done, total, result)
        batch: BatchResult[ConsolidatedFile] = BatchResult(results)
        consolidation = ConsolidationResult(output=None, rule=labels.consolidation, files=batch)
        if not frames:
            raise NothingToConsolidateError(
                [r.error_line for r in batch if r.outcome != "ok"], batch.exit_code
            )
        by_name = {names[Path(r.path)]: r for r in batch if r.outcome == "ok"}
        if settings is None:
            settings = _short_names(frames, by_name)
        actions = _table(frames)
        alike = _answers_read(frames, actions)
        del frames
        _say_unreadable_amounts(actions, by_name)
        _say_unplaced(actions, by_name)
        _one_spelling_per_territory(actions, by_name)
        assessment = _assess_all(actions, rule, by_name, alike)
        actions, duplicates, kept = _deduplicate(actions, by_name)
        if kept is not None:
            a = assessment
            assessment = Assessment(a.markers[kept], a.reasons[kept], a.flags[kept], a.codes[kept])
        consolidation.duplicates = duplicates
        _write(actions, assessment, rule, settings, now, output, consolidation, by_name)
    return consolidation


def _short_names(
    reads: list[_Read], files: dict[str, ConsolidatedFile] | None = None
) -> Settings | None:
    """Settings naming each territory's sheet with the short name its own workbook gives it
    (Paramètres; the first file read wins), not its name cut at Excel's 31 characters.

    Said in ``files``: a file giving a territory another short name than the one kept, and
    the files giving one short name to two territories (their tabs were « Synthèse – V » and
    « Synthèse – V (2) », without a word)."""
    found: dict[str, tuple[str, str]] = {}
    given_by: dict[str, str] = {}  # a territory (folded): the file its short name comes from
    for read in reads:
        for territory, short in read.short_names:
            key = territory.strip().casefold()
            kept = found.setdefault(key, (territory, short))
            given_by.setdefault(key, read.source)
            if files and kept[1].strip().casefold() != short.strip().casefold():
                _warn(
                    files,
                    read.source,
                    f"sa feuille Paramètres donne au territoire « {territory} » le nom court "
                    f"« {short} » ; {given_by[key]} lui donne « {kept[1]} », gardé pour son "
                    "onglet : donnez-lui le même nom court dans les deux classeurs",
                )
    by_short: dict[str, list[str]] = {}
    for key, (_, short) in found.items():
        by_short.setdefault(short.strip().casefold(), []).append(key)
    for keys in by_short.values():
        if files and len(keys) > 1:
            quoted = [f"« {found[k][0]} »" for k in keys]
            named = ", ".join(quoted[:-1]) + " et " + quoted[-1]
            short = found[keys[0]][1]
            for source in dict.fromkeys(given_by[k] for k in keys):
                _warn(
                    files,
                    source,
                    f"le nom court « {short} » est donné à {len(keys)} territoires, {named} : "
                    "leurs onglets ne se distinguent que par un numéro (« (2) ») ; donnez-leur "
                    "des noms courts distincts dans la feuille Paramètres",
                )
    # The funders of every file, in the order met: the regional summaries' « Par financeur »
    # tables, as each territory's summaries have them (the region had none).
    funders = tuple(dict.fromkeys(f for read in reads for f in read.funders))
    if not found and not funders:
        return None
    return Settings(short_names=tuple(found.values()), funders=funders)


def _warn(files: dict[str, ConsolidatedFile], source: str, warning: str) -> None:
    """Add ``warning`` to the file ``source`` (once)."""
    file = files.get(source)
    if file is not None and warning not in file.warnings:
        file.warnings.append(warning)


@dataclass
class _Read:
    """One workbook's table as read, and what each of its rows carries beside it."""

    frame: pd.DataFrame | TableBlock  # a table read whole is kept as its block (see _table)
    source: str
    rows: np.ndarray
    rule: str
    own: np.ndarray  # markers under the file's own rule; -1 when it is the consolidation's
    short_names: tuple[tuple[str, str], ...] = ()  # its Paramètres' (territory, short name)
    # Under another rule: its rows that its own rule finds nothing to fix in.
    own_fine: np.ndarray | None = None
    # Its answers as the consolidation's rule reads them alike, when its own spellings read
    # some otherwise (« OK » counted OUI in its file): see read_alike.
    answers: dict[str, list[Any]] | None = None
    funders: tuple[str, ...] = ()  # its Paramètres' funders, whose columns it was read with


def _read_block(path: Path, cache: ReadCache) -> tuple[WorkbookData, TableBlock | None] | EfhError:
    """One workbook's table (in a reader thread), or why it cannot be read: a file's own
    failure is a value, so the other files go on."""
    try:
        return read_workbook_block(path, columns=_READ, cache=cache)
    except EfhError as error:
        return error


def _read_one(
    path: Path,
    name: str,
    rule: Rule,
    read: tuple[WorkbookData, TableBlock | None] | EfhError,
    labels: RuleLabels,
    named: bool = True,
) -> tuple[ConsolidatedFile, _Read | None]:
    if isinstance(read, EfhError):
        error = read
        # Looked for only then: the usual file is a territory's.
        if (why := _OWN_OUTPUTS.get(written_by(path) or "")) is not None:
            return _skipped(path, why), None
        if left_aside(error, path, named):
            return _skipped(path, FOREIGN_SKIPPED), None  # met in a folder: not an input
        return _skipped(path, str(error), error), None
    data, block = read
    if block is not None:
        # The block's columns by name (a table's headers are unique).
        at = {header: block.block[j] for j, header in enumerate(block.columns)}
        n = block.block.shape[1]
        column, has = at.__getitem__, at.__contains__
        table: pd.DataFrame | TableBlock = block
    else:
        frame = table = data.actions
        n = len(frame)
        column = frame.__getitem__
        has = frame.__contains__
    own_rule = data.rule
    # Its answers read with its own spellings (« OK » its rule counts as OUI is OUI).
    answers, replaced, unread = None, {}, 0
    if own_rule.spellings != rule.spellings:
        answers, replaced, unread = _answers_alike(column, has, own_rule, rule)
    # Another rule's box sets or markers: its spellings alone are no other rule, unless they
    # leave unread what the consolidation's read (« X » under a rule of « OUI » only): its
    # own figures are then shown beside.
    other = bool(unread) or not same_rule(replace(own_rule, spellings=rule.spellings), rule)
    label = labels.label(own_rule, data.rule_name)
    result = ConsolidatedFile(
        path=str(path),
        counts={"actions": n, "duplicates": 0},
        rule=label,
        other_rule=other,
        territories=_labels(column(TERRITORY)) if has(TERRITORY) else [],
        years=_labels(column(YEAR)) if has(YEAR) else [],
    )
    # Markers under the consolidation's rule are computed once for all files (see
    # _assess_all), over their rows: a file without any keeps these.
    result.markers = result.markers_own = _counts(np.empty(0, dtype=np.intp))
    # The shipped workbook's fictional actions beside real ones: a territory's workbook
    # started from a copy of it (one made of them alone is the sample, known by its names).
    if has(NUMBER) and has(TITLE) and 0 < (k := sample_rows(column(NUMBER), column(TITLE))) < n:
        result.warnings.append(sample_warning(k))
    if macros_under_xlsx(path):  # read all the same: the user can rename it
        result.warnings.append(MACROS_UNDER_XLSX)
    if n == 0:
        result.warnings.append(
            "aucune action dans son tableau Actions : il n'ajoute rien à la consolidation "
            "(classeur vide, ou liste des actions pas encore importée ?)"
        )
    # A file under another rule is also assessed under its own.
    own = np.full(n, -1, dtype=np.int64)
    own_fine = None  # rows with nothing to fix under the file's own rule, when it is another
    if other:
        typed = pd.DataFrame({q: column(q) if has(q) else [None] * n for q in QUESTION_IDS})
        theirs = assess(typed, own_rule)
        own = np.asarray(theirs.markers, dtype=np.int64)
        own_fine = np.asarray(theirs.flags) == 0
        result.markers_own = _counts(action_status(theirs.markers, theirs.codes))
        result.warnings.append(
            f"{OTHER_RULE_WARNING}, « {result.rule} » : ses marqueurs sont "
            f"recalculés avec la règle de la consolidation, « {labels.consolidation} » ; les "
            "deux sont montrés."
        )
    rows = np.asarray(data.row_numbers)
    if replaced:
        result.warnings.append(_own_spellings_warning(replaced, labels.consolidation))
    read = _Read(
        table,
        name,
        rows,
        result.rule,
        own,
        data.settings.short_names,
        own_fine,
        answers,
        data.settings.funders,
    )
    return result, read


def _say_unplaced(
    actions: pd.DataFrame, files: dict[str, ConsolidatedFile], shown: int = 5
) -> None:
    """Tell each file whose actions lack a territory or a year: they are counted apart
    (« Sans territoire », year « (non renseignée) »), which only their tabs showed. Looked
    for over the whole table at once (numpy), not file by file."""
    sources = actions[SOURCE].to_numpy()
    rows = actions[ROW].to_numpy()
    said: dict[str, list[str]] = {}
    for name, what, apart in (
        (TERRITORY, "sans territoire", f"à part (« {UNKNOWN_TERRITORY} »)"),
        (YEAR, "sans année", f"sous l'année « {UNKNOWN_YEAR} »"),
    ):
        blank = np.asarray(blank_cells(actions[name].to_numpy(dtype=object).tolist()))
        if not blank.any():
            continue
        where = np.flatnonzero(blank)
        by_file: dict[str, list[int]] = {}
        for source, row in zip(sources[where].tolist(), rows[where].tolist()):
            by_file.setdefault(source, []).append(row)
        for source, lines in by_file.items():
            k = len(lines)
            listed = ", ".join(map(str, lines[:shown])) + (" …" if k > shown else "")
            said.setdefault(source, []).append(
                f"{counted(k, 'action ' + what, 'actions ' + what)} "
                f"({agreed(k, 'ligne', 'lignes')} {listed}), "
                f"{agreed(k, 'comptée', 'comptées')} {apart}"
            )
    for source, parts in said.items():
        if source in files:
            files[source].warnings.append(
                " ; ".join(parts) + " : complétez la feuille Actions de ce classeur"
            )


def _answers_alike(
    column: Any, has: Any, own: Rule, rule: Rule
) -> tuple[dict[str, list[Any]] | None, dict[str, int], int]:
    """A file's answers as ``rule`` reads them alike (see read_alike), None if none changes,
    the texts replaced, and how many answers its own rule does not read that ``rule`` reads."""
    answers: dict[str, list[Any]] = {}
    replaced: dict[str, int] = {}
    unread = 0
    for q in QUESTION_IDS:
        if not has(q):
            continue
        values, changed, left = read_alike(list(column(q)), own.spellings, rule.spellings)
        unread += left
        if changed:
            answers[q] = values
            for text, k in changed.items():
                replaced[text] = replaced.get(text, 0) + k
    return (answers or None), replaced, unread


def _own_spellings_warning(replaced: dict[str, int], consolidation: str) -> str:
    """What a file whose rule reads some answers otherwise is told: they are read its way."""
    total = sum(replaced.values())
    texts = ", ".join(f"« {t} »" for t in sorted(replaced)[:5])
    more = " …" if len(replaced) > 5 else ""
    return (
        f"{counted(total, 'réponse', 'réponses')} ({texts}{more}) "
        f"{agreed(total, 'est lue', 'sont lues')} avec les orthographes de la règle de ce "
        f"classeur, comme le territoire les a saisies (« {consolidation} » ne les lit pas ainsi)"
    )


def _one_spelling_per_territory(actions: pd.DataFrame, files: dict[str, ConsolidatedFile]) -> None:
    """Count a territory written in another case or spacing in some file (« Contrat de Ville de
    Denain ») with its first spelling, and say so in that file; name spellings that differ by
    their accents only (« Dénain »), counted apart. Each spelling made a territory of its own:
    three sheets and three lines of the evolution for one contrat de ville."""
    if TERRITORY not in actions:
        return
    column = actions[TERRITORY]
    spellings = [u for u in pd.unique(column.to_numpy(dtype=object)) if isinstance(u, str)]
    first: dict[str, str] = {}
    rename: dict[str, str] = {}
    for spelling in spellings:
        kept = first.setdefault(spelling_key(spelling), spelling)
        if kept != spelling:
            rename[spelling] = kept
    by_accents: dict[str, list[str]] = {}
    for spelling in first.values():
        by_accents.setdefault(folded_name(" ".join(spelling.split())), []).append(spelling)
    close = {s: alike for alike in by_accents.values() if len(alike) > 1 for s in alike}
    if not rename and not close:
        return
    said: set[tuple[str, str]] = set()
    first_in: dict[str, str] = {}  # a spelling: the file it is first met in
    for source, typed in zip(actions[SOURCE].tolist(), column.tolist()):
        first_in.setdefault(typed, source)
        if (source, typed) in said or (typed not in rename and typed not in close):
            continue
        said.add((source, typed))
        file = files.get(source)
        if file is None:
            continue
        if typed in rename:
            where = (
                "ailleurs dans ce classeur"
                if first_in.get(rename[typed]) == source
                else "dans d'autres classeurs"
            )
            file.warnings.append(
                f"territoire « {typed} » compté avec « {rename[typed]} », écrit ainsi {where} "
                "(seules les majuscules ou les espaces diffèrent)"
            )
        else:
            others = " ; ".join(f"« {o} »" for o in close[typed] if o != typed)
            file.warnings.append(
                f"territoire « {typed} » compté à part de {others}, qui ne diffère que par "
                "ses accents : si c'est le même territoire, écrivez-le de la même façon dans "
                "chaque classeur, puis relancez"
            )
    if rename:
        actions[TERRITORY] = column.map(lambda v: rename.get(v, v) if isinstance(v, str) else v)


def _say_unreadable_amounts(actions: pd.DataFrame, files: dict[str, ConsolidatedFile]) -> None:
    """Warn, with its file's lines, of each amount that cannot be read: it counts in no total
    in euros (the overview lists a few, without their file; a typed « à confirmer » made the
    region's totals short without a word on the console)."""
    n = len(actions)
    bad = {c: amount_column(actions[c], n).bad for c in (REQUESTED, GRANTED) if c in actions}
    if not any(b.any() for b in bad.values()):
        return
    sources, rows = actions[SOURCE].to_numpy(), actions[ROW].to_numpy()
    by_file: dict[str, list[str]] = {}
    cells: dict[str, int] = {}  # a row may hold two
    for i in np.flatnonzero(np.logical_or.reduce(list(bad.values()))).tolist():
        columns = [c for c in bad if bad[c][i]]
        shown = " et ".join(f"{c} « {actions[c].iat[i]} »" for c in columns)
        by_file.setdefault(sources[i], []).append(f"{rows[i]} : {shown}")
        cells[sources[i]] = cells.get(sources[i], 0) + len(columns)
    for source, lines in by_file.items():
        file = files.get(source)
        if file is None:
            continue
        k = cells[source]
        listed = first_few(lines, sep=" ; ")
        file.warnings.append(
            f"{counted(k, 'montant illisible', 'montants illisibles')} "
            f"({agreed(len(lines), 'ligne', 'lignes')} {listed}), "
            f"{agreed(k, 'compté', 'comptés')} dans "
            "aucun total en euros : corrigez-"
            + agreed(k, "le", "les")
            + " dans la feuille Actions du classeur (un nombre, par ex. 12 000,50), puis "
            "relancez"
        )


def _say_if_open(result: ConsolidatedFile, path: Path, listed: dict[Path, dict[str, str]]) -> None:
    """Warn that a workbook read is open in Excel or LibreOffice: what is read is the file as
    last saved, not what is on the screen (a consolidation writes nothing of it: no refusal).
    """
    if result.outcome != "ok":
        return
    folder = path.parent
    if folder not in listed:
        listed[folder] = folder_names(folder)
    found = open_in(path, listed[folder])
    if found is not None:
        result.warnings.append(
            f"ouvert dans {found[0]} : ce sont ses données enregistrées qui sont lues ; si "
            "des modifications n'y sont pas encore enregistrées, enregistrez-le puis relancez"
        )


def _table(reads: list[_Read]) -> pd.DataFrame:
    """Every table read, one under the other, with its source, row, rule and own markers."""
    tables = [r.frame for r in reads]
    first = tables[0]
    if isinstance(first, TableBlock) and all(
        isinstance(t, TableBlock) and t.columns == first.columns for t in tables
    ):
        # Tables of the same columns (the usual case): their blocks joined, one frame made.
        whole = np.concatenate([t.block for t in tables], axis=1)
        actions = TableBlock(first.columns, whole).frame()
    else:
        frames = [t.frame() if isinstance(t, TableBlock) else t for t in tables]
        actions = pd.concat(frames, ignore_index=True)
    sizes = [len(r.rows) for r in reads]  # a sheet row per action read
    for column in _READ:
        if column not in actions:
            actions[column] = None
    actions[SOURCE] = np.repeat(np.array([r.source for r in reads], dtype=object), sizes)
    actions[ROW] = np.concatenate([r.rows for r in reads])
    actions[RULE] = np.repeat(np.array([r.rule for r in reads], dtype=object), sizes)
    actions[OWN_MARKER] = np.concatenate([r.own for r in reads])
    actions[_OWN_FINE] = np.concatenate(
        [np.zeros(k, bool) if r.own_fine is None else r.own_fine for r, k in zip(reads, sizes)]
    )
    return actions


def _answers_read(reads: list[_Read], actions: pd.DataFrame) -> pd.DataFrame | None:
    """The answer columns of every table as the consolidation's rule reads them alike (see
    read_alike), None when they are the answers as typed (every file's own spellings are the
    rule's, or read alike): the answers shown stay those typed."""
    if all(r.answers is None for r in reads):
        return None
    read = {}
    for q in QUESTION_IDS:
        values = actions[q].to_numpy(dtype=object, copy=True)
        start = 0
        for r in reads:
            if r.answers is not None and q in r.answers:
                values[start : start + len(r.rows)] = r.answers[q]
            start += len(r.rows)
        read[q] = values
    return pd.DataFrame(read, index=actions.index)


_FLAGS, _STATUS, _OWN_FINE = "_flags", "_status", "_own_fine"


def _assess_all(
    actions: pd.DataFrame,
    rule: Rule,
    files: dict[str, ConsolidatedFile],
    answers: pd.DataFrame | None = None,
) -> Assessment:
    """Marker, reason, flags and category of every action under the consolidation's rule, and
    each file's counts (before duplicates are set aside: a file's own figures). ``answers``:
    the answers as the rule reads them, when they are not those of ``actions``."""
    assessment = assess(actions if answers is None else answers, rule)
    markers = np.asarray(assessment.markers, dtype=np.int64)
    status = action_status(markers, assessment.codes)
    actions[MARKER_COLUMN] = markers
    actions[REASON_COLUMN] = assessment.reasons
    actions[_FLAGS] = np.asarray(assessment.flags)
    actions[_STATUS] = status
    own = actions[OWN_MARKER].to_numpy()
    actions[OWN_MARKER] = np.where(own < 0, markers, own)
    codes, names = pd.factorize(actions[SOURCE])
    # Every file's counts in one bincount over (file, category): one comparison of the whole
    # column per file was 200 passes over 60,000 rows (6 ms).
    width = len(CATEGORY_KEYS)
    per_file = np.bincount(codes * width + status, minlength=len(names) * width)
    per_file = per_file.reshape(len(names), width).tolist()
    for name, counts in zip(names, per_file):
        result = files[name]
        result.markers = dict(zip(CATEGORY_KEYS, counts))
        if not result.other_rule:
            result.markers_own = dict(result.markers)
    return assessment


def _deduplicate(
    actions: pd.DataFrame, files: dict[str, ConsolidatedFile]
) -> tuple[pd.DataFrame, list[Duplicate], np.ndarray | None]:
    """Keep the first row of each action found in several files (same number, and the same
    action by :func:`_same_action`); name the others. A number given to different actions
    in different files is named too, every row counted.

    Also returns which rows were kept (None: all of them)."""
    keys = _number_keys(actions[NUMBER].tolist())
    sources = actions[SOURCE].tolist()
    # A number is shared when one of its rows comes from another file than its first row;
    # numbers all distinct (the usual case) share nothing: one dict at C speed tells.
    shared = set()
    if len(dict.fromkeys(keys)) < len(keys):
        first: dict[str, str] = {}
        for key, source in zip(keys, sources):
            if key is not None and first.setdefault(key, source) != source:
                shared.add(key)
    others = np.full(len(actions), None, dtype=object)
    duplicates: list[Duplicate] = []
    drop = np.zeros(len(actions), dtype=bool)
    if shared:
        where = np.flatnonzero(
            np.fromiter((key in shared for key in keys), dtype=bool, count=len(keys))
        ).tolist()
        rows = actions[ROW].to_numpy()
        # Each column taken once (a cell through the frame's column lookup cost 40 µs, 9 s
        # when every territory numbers « 1, 2, 3… » and every row has its number shared).
        columns = {
            c: actions[c].to_numpy(dtype=object) if c in actions else np.full(len(actions), None)
            for c in (TERRITORY, YEAR, TITLE, PORTEUR, NUMBER)
        }
        territories = _keys_of(columns[TERRITORY][where])
        # Each territory numbering « 1, 2, 3… », most shared numbers are one row per
        # territory: rows of two territories are never one action nor named (_same_action,
        # first_of_place), so such a number has nothing to say. Only the numbers given
        # twice within a territory, or to a row without one, are compared row by row (every
        # row through _Kept took 0.9 s of a consolidation of 200 workbooks).
        seen: set[tuple[str, str]] = set()
        compared: set[str] = set()
        for i, territory in zip(where, territories):
            if territory is None or (keys[i], territory) in seen:
                compared.add(keys[i])
            else:
                seen.add((keys[i], territory))
        chosen = [j for j, i in enumerate(where) if keys[i] in compared]
        where = [where[j] for j in chosen]
        year, title, porteur = (_keys_of(columns[c][where]) for c in (YEAR, TITLE, PORTEUR))
        described = {
            i: _Described(territories[j], year[n], title[n], porteur[n])
            for n, (i, j) in enumerate(zip(where, chosen))
        }
        # Two rows of one action agree when they give the same marker and the same euros as
        # the summaries read them (« 12 000 » typed as text is the number 12000).
        markers = actions[MARKER_COLUMN].to_numpy() if MARKER_COLUMN in actions else None
        granted = amount_column(actions[GRANTED] if GRANTED in actions else None, len(actions))
        # Each number's distinct actions: their counted row, and the rows of other files
        # found to be the same action.
        by_number: dict[str, _Kept] = {}
        differs: dict[str, list[str]] = {}  # a file: numbers of its rows counted elsewhere
        # that differ there
        named: dict[int, list[str]] = {}
        disagree: set[int] = set()  # counted rows that a copy elsewhere disagrees with
        different: dict[int, list[str]] = {}  # a counted row: the other actions of its number
        for i in where:
            key, source = keys[i], sources[i]
            label = _place(source, rows[i])
            kept = by_number.setdefault(key, _Kept(described))
            same = kept.same_action(i)
            if same is None or source == sources[same]:
                # A new action under this number (or a repeat within one file: the file's
                # own matter, counted as the file counts it). Named when another file gives
                # the number to another action of the same territory: each territory may
                # number its actions « 1, 2, 3… ».
                first_row = kept.first_of_place(i, sources)
                if first_row is not None:
                    different.setdefault(first_row, []).append(label)
                kept.add(i)
                named.setdefault(i, [])
            else:
                drop[i] = True
                named[same].append(label)
                if not _same_figures(markers, granted, same, i):
                    # A copy that disagrees (another marker, another amount): which of the
                    # two is the current one, the person who knows must say.
                    differs.setdefault(source, []).append(cell_text(columns[NUMBER][i]))
                    disagree.add(same)
        # The numbers given to different actions first: they are what a territory must fix;
        # listed after 20 copies, the one real conflict was in « … et 11 autres ».
        for row, labels in different.items():
            duplicates.append(_duplicate(columns, row, rows, sources, labels, same=False))
        # Then the copies that disagree, before the plain copies (the same reason).
        copies = [row for row, labels in named.items() if labels]
        for row in sorted(copies, key=lambda row: row not in disagree):
            labels = named[row]
            others[row] = " ; ".join(labels)
            duplicate = _duplicate(columns, row, rows, sources, labels, same=True)
            duplicate.differs = row in disagree
            duplicates.append(duplicate)
            for label in labels:
                match = files.get(_file_of(label))
                if match is not None:
                    match.counts["duplicates"] = match.counts.get("duplicates", 0) + 1
        _say_copies(duplicates, files, differs)
    actions[OTHER_SOURCES] = others
    if drop.any():
        return actions.loc[~drop].reset_index(drop=True), duplicates, ~drop
    return actions, duplicates, None


def _place(source: str, line: int) -> str:
    """A row of a file as the reports name it: « t01_2024.xlsm (ligne 12) »."""
    return f"{source} (ligne {line})"


def _file_of(place: str) -> str:
    """The file of a row named by :func:`_place`."""
    return place.rsplit(" (ligne ", 1)[0]


def _same_figures(markers: np.ndarray | None, granted: Amounts, kept: int, other: int) -> bool:
    """Whether two rows of one action give the same marker and the same granted amount."""
    if markers is not None and markers[kept] != markers[other]:
        return False
    if granted.bad[kept] or granted.bad[other]:  # unreadable: the same only as the same text
        return bool(granted.bad[kept] and granted.bad[other])
    return bool(granted.euros[kept] == granted.euros[other])


def _say_copies(
    duplicates: list[Duplicate], files: dict[str, ConsolidatedFile], differs: dict[str, list[str]]
) -> None:
    """Name a file whose actions are all in one other file: most likely one of the two is a
    copy (« Copie de … »), to take out of the consolidation; its rows are counted once, in
    the file read first, which may be the copy. ``differs``: per file, how many of its rows
    counted elsewhere have another marker or amount there, by number (which copy is current?
    said with the numbers to compare: a person compared 20 rows by hand to find 2)."""
    within: dict[str, set[str]] = {}  # a file: the files its duplicated rows are counted in
    # A counted file: per other file, how many of its counted rows that one holds too.
    held: dict[str, dict[str, int]] = {}
    for duplicate in duplicates:
        if duplicate.same:
            for other in dict.fromkeys(map(_file_of, duplicate.others)):
                within.setdefault(other, set()).add(duplicate.file)
                found = held.setdefault(duplicate.file, {})
                found[other] = found.get(other, 0) + 1
    said: set[str] = set()
    for name, kept in within.items():
        file = files.get(name)
        if file is None or len(kept) != 1:
            continue
        n = file.counts.get("actions", 0)
        if n and file.counts.get("duplicates", 0) >= n:
            said.add(name)
            file.warnings.append(
                agreed(
                    n,
                    f"son action est aussi dans {next(iter(kept))}, où elle est comptée",
                    f"ses {n} actions sont toutes aussi dans {next(iter(kept))}, où elles sont "
                    "comptées",
                )
                + " : si l'un des deux classeurs est une copie de l'autre, retirez-la de la "
                "consolidation"
                + _differing(differs.get(name, []))
            )
    # The other way round: a file read first, counted, whose actions are all in a later one
    # that has more (an earlier version of it, which the path order read first) was said
    # nowhere, and its figures were the ones counted.
    for name, others in held.items():
        file = files.get(name)
        n = 0 if file is None else file.counts.get("actions", 0)
        whole = [o for o, k in others.items() if k >= n and o not in said and o in files]
        if not n or name in said or len(whole) != 1:
            continue
        other = whole[0]
        more = files[other].counts.get("actions", 0) - n
        file.warnings.append(
            agreed(n, "son action est aussi", f"ses {n} actions sont toutes aussi")
            + f" dans {other}, qui en a {counted(more, 'autre', 'autres')} ; "
            + agreed(n, "elle est comptée", "elles sont comptées")
            + " ici : si l'un des deux classeurs est une version plus récente de l'autre, "
            "retirez l'ancienne de la consolidation"
            + _differing(differs.get(other, []))
        )


def _differing(numbers: list[str], shown: int = 10) -> str:
    """The tail of a copy's warning naming the numbers of its actions that differ, if any."""
    if not numbers:
        return ""
    k = len(numbers)
    listed = ", ".join(numbers[:shown]) + (f" et {k - shown} autres" if k > shown else "")
    return (
        f" ; mais {counted(k, 'action', 'actions')} (N° {listed}) y "
        + agreed(k, "a", "ont")
        + " un autre marqueur ou un autre montant accordé : vérifiez lequel des deux classeurs "
        "est à jour avant de retirer l'autre"
    )


@dataclass(frozen=True)
class _Described:
    """What tells two rows of one number apart: territory, year, title, porteur (folded)."""

    territory: str | None
    year: str | None
    title: str | None
    porteur: str | None


def _same_action(a: _Described, b: _Described) -> bool:
    """Whether two rows of one number are one action: not of two years nor of two
    territories (each territory numbers its actions « 1, 2, 3… », as import matches a line
    within its year and territory: a porteur such as the Mission locale, funded in two
    territories, made two territories' actions 1 one), and not of two titles and two
    porteurs both. A title reworded in one file (or a porteur renamed) is still the action;
    what is missing on either side tells nothing."""
    if not (_same_year(a, b) and _same_territory(a, b)):
        return False
    other_title = bool(a.title and b.title and a.title != b.title)
    other_porteur = bool(a.porteur and b.porteur and a.porteur != b.porteur)
    return not (other_title and other_porteur)


class _Kept:
    """The counted rows of one action number, by territory and year: a row can be the same
    action only as a row of its territory and year, or one missing either (see _same_action).
    Each territory numbering « 1, 2, 3… », a number has a row per territory and year: each
    row compared with all of them was quadratic (200 workbooks: 9 s)."""

    def __init__(self, described: dict[int, _Described]) -> None:
        self.described = described
        self.rows: list[int] = []  # in the files' order
        self.by_place: dict[tuple[str, str], list[int]] = {}  # territory and year both known
        self.no_place: list[int] = []  # territory or year unknown
        self.by_territory: dict[str, list[int]] = {}
        self.no_territory: list[int] = []

    def add(self, i: int) -> None:
        d = self.described[i]
        self.rows.append(i)
        if d.territory and d.year:
            self.by_place.setdefault((d.territory, d.year), []).append(i)
        else:
            self.no_place.append(i)
        if d.territory:
            self.by_territory.setdefault(d.territory, []).append(i)
        else:
            self.no_territory.append(i)

    def same_action(self, i: int) -> int | None:
        """The first counted row that is the same action as row ``i``, if any."""
        d = self.described[i]
        if d.territory and d.year:
            groups = (self.by_place.get((d.territory, d.year), ()), self.no_place)
        else:
            groups = (self.rows,)
        found = [
            next((k for k in group if _same_action(self.described[k], d)), None) for group in groups
        ]
        return min((k for k in found if k is not None), default=None)

    def first_of_place(self, i: int, sources: list[str]) -> int | None:
        """The first counted row from another file of row ``i``'s territory and year (or of
        a row missing either): a number the next year's programmation gives again is
        another action, as within one file and as the import reads it, nothing to fix (one
        file a year, every territory numbering « 1, 2, 3… » was asked to renumber them all)."""
        d, source = self.described[i], sources[i]
        if d.territory and d.year:
            groups = (self.by_place.get((d.territory, d.year), ()), self.no_place)
        elif d.territory:
            groups = (self.by_territory.get(d.territory, ()), self.no_territory)
        else:
            groups = (self.rows,)
        found = [
            next(
                (
                    k
                    for k in group
                    if sources[k] != source
                    and _same_territory(self.described[k], d)
                    and _same_year(self.described[k], d)
                ),
                None,
            )
            for group in groups
        ]
        return min((k for k in found if k is not None), default=None)


def _same_territory(a: _Described, b: _Described) -> bool:
    return not (a.territory and b.territory and a.territory != b.territory)


def _same_year(a: _Described, b: _Described) -> bool:
    return not (a.year and b.year and a.year != b.year)


def _duplicate(
    columns: dict[str, np.ndarray],
    row: int,
    rows: np.ndarray,
    sources: list[str],
    labels: list[str],
    *,
    same: bool,
) -> Duplicate:
    line = int(rows[row])
    return Duplicate(
        cell_text(columns[NUMBER][row]),
        _place(sources[row], line),
        labels,
        sources[row],
        line,
        columns[TERRITORY][row],
        columns[TITLE][row],
        same=same,
    )


def _duplicate_reason(duplicate: Duplicate) -> str:
    """Why a number shared by several files is a row to fix, as the « À corriger » sheet and
    the command's report say it."""
    if duplicate.same and duplicate.differs:
        return (
            "N° présent dans plusieurs fichiers avec un autre marqueur ou un autre montant "
            f"accordé, compté une fois avec les chiffres de {duplicate.kept} : vérifiez quelle "
            "version est la bonne (retirez l'autre fichier de la consolidation, ou corrigez "
            "l'action) ; aussi dans : " + " ; ".join(duplicate.others)
        )
    if duplicate.same:
        return "N° présent dans plusieurs fichiers, compté une fois ; aussi dans : " + " ; ".join(
            duplicate.others
        )
    return (
        "même N° pour des actions différentes de la même année (autre intitulé et autre "
        "porteur), comptées chacune ; donnez-leur des numéros distincts ; aussi dans : "
        + " ; ".join(duplicate.others)
    )


def _objects(values: list[Any]) -> np.ndarray:
    """A list of cell values as an array of objects (never an array of arrays)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _number_keys(numbers: list[Any]) -> list[str | None]:
    """The key of each action number (see _key): spaces left out (« AB - 02 » is « AB-02 »,
    as the import matches them), case folded.

    Numbers that are texts holding no space (« PRJ-2024-0001 ») are folded all at once, joined
    (at C speed: a call per number was 6 ms of 60,000; casefold maps each character on its
    own, so the joined text folds as its parts do).
    """
    try:  # a number that is not a text refuses the join: no pass over the types first
        joined = "\x00".join(numbers)
    except TypeError:
        joined = ""
    # No space anywhere: split() keeps the joined text whole (a space before the first number
    # or after the last one would be stripped by it, and the text no longer equal).
    if joined and joined.split(maxsplit=1) == [joined] and joined.count("\x00") == len(numbers) - 1:
        if any(c in joined for c in INVISIBLE):  # searched for at C speed, rarely there
            joined = joined.translate(_UNSEEN)
        keys: list[str | None] = joined.casefold().split("\x00")
        return [key or None for key in keys] if "" in keys else keys
    # Texts inline: a function call per action was most of the time.
    return [
        ("".join(v.split()).translate(_UNSEEN).casefold() or None)
        if type(v) is str
        else _number_key(v)
        for v in numbers
    ]


# Characters a pasted number may hide (zero-width spaces, a byte-order mark), as the import
# leaves them out.
_UNSEEN = dict.fromkeys(map(ord, INVISIBLE))


def _number_key(value: Any) -> str | None:
    key = _key(value)
    return key.replace(" ", "").translate(_UNSEEN) or None if key else key


def _plain_column(values: Any) -> list[Any]:
    """Cell values (str, int, float, None: blanks and NaN are empty cells) of a column."""
    if getattr(values, "dtype", None) is not None and values.dtype.kind in "iub":
        return np.asarray(values).tolist()  # integers (rows, markers): no blank, no objects
    out = np.asarray(values, dtype=object)
    try:
        blank = out != out  # NaN only: one comparison per cell, where pd.isna tests types
    except TypeError:  # pd.NA has no truth value
        blank = pd.isna(out)
    if blank.any():  # copied only then: the column may be the table's own
        out = out.copy()
        out[blank] = None
    return out.tolist()


def _list_sheet(
    name: str,
    title: str,
    note: str,
    frame: pd.DataFrame | dict[str, Any],
    styles: dict[str, str],
    widths: dict[str, float],
    fit_width: int | None = 1,
) -> SheetModel:
    """A list under a title and a note; ``frame``: its columns by name (a dict of columns
    spares the copy of a frame of 60,000 actions).

    Printed A4 landscape with its title (page header) and its header row on every page: one
    page wide (``fit_width``), or, for a list too wide to be read at that scale, at 70 % over
    pages numbered across then down, with the file and row columns repeated.
    """
    sheet = SheetModel(name, tab_color="1F3864")
    # The title in the page header, on every page: the title row, repeated, would be cut at
    # the repeated columns' edge on the pages across, and is not on the pages down.
    header = (header_text(title), "", "")
    if fit_width is None:
        sheet.page = PageSetup(
            title_rows=(3, 3),
            title_columns=(0, 1),
            fit_width=None,
            scale=70,
            across_first=True,
            header=header,
        )
    else:
        sheet.page = PageSetup(title_rows=(3, 3), fit_width=fit_width, header=header)
    columns = list(frame.keys())
    for j, column in enumerate(columns):
        sheet.put(3, j, str(column), "header")
        sheet.widths[j] = widths.get(column, 14)
    # The title and the note wrapped within the columns every page shows them above: the
    # repeated ones (Fichier, Ligne) of a list printed over pages across, where a text running
    # past them was cut mid-word on the first page and showed, garbled, on the next ones; the
    # whole list one page wide. Each merged across those columns, its row as tall as its lines.
    last = 1 if fit_width is None else max(1, len(columns) - 1)
    width = sum(sheet.widths.get(j, 14) for j in range(last + 1))
    for row, (text, style) in enumerate(((title, "title_wrap"), (note, "stamp_wrap"))):
        sheet.put(row, 0, text, style)
        for j in range(1, last + 1):
            sheet.put(row, j, None, style)
        sheet.heights[row] = text_height(text, width, STYLES[style])
    sheet.merged_across.append((0, 1, 0, last))
    # Two lines at least; a long header in a narrow column (« Marqueur (règle du fichier) »)
    # takes three, cut at two.
    sheet.heights[3] = LINE_HEIGHT * max(
        [2, *(text_lines(str(c), sheet.widths[j]) for j, c in enumerate(columns))]
    )
    if columns and len(frame[columns[0]]):
        cells = [_plain_column(frame[c]) for c in columns]
        sheet.put_block(4, 0, cells, [styles.get(c, "text") for c in columns])
        # A wrapped text (a long reason) needs a taller row: readers do not grow rows by
        # themselves, and a row of the default height shows the lines over the next rows.
        lines = np.ones(len(cells[0]), dtype=np.int64)
        for column, values in zip(columns, cells):
            if styles.get(column) != "wrap":
                continue
            if len(values) <= _MEASURED_ROWS:
                # Each text measured in the font, as the summaries' lists are: counted in
                # characters, the « Fichiers » rows were twice as tall as their reasons.
                inside = width_pixels(widths.get(column, 14)) - 2 * CELL_PADDING
                measured = wrapped_counts(values, inside)
                lines = np.maximum(lines, np.asarray(measured, dtype=np.int64))
            else:  # 60,000 actions: counted in characters, at C speed
                width = max(1, int(widths.get(column, 14)) - 4)  # as text_lines leaves
                lines = np.maximum(lines, -(-_text_lengths(values) // width))
        tall = np.flatnonzero(lines > 1)
        sheet.heights.update(zip((tall + 4).tolist(), (lines[tall] * LINE_HEIGHT).tolist()))
    return sheet


# Lists up to this many rows have each wrapped text measured in the font (see wrapped_lines);
# longer ones (every action of a region) are counted in characters.
_MEASURED_ROWS = 2000


def _text_lengths(values: list[Any]) -> np.ndarray:
    """The length of each value that is a text, 0 for any other: measured once per distinct
    value (the reasons and titles of a list repeat), then looked up at C speed."""
    try:
        # A text equals no other type: the other values may share keys, all measure 0.
        length = {v: len(v) if isinstance(v, str) else 0 for v in set(values)}
    except TypeError:  # a value that cannot be hashed
        return np.fromiter(
            (len(v) if isinstance(v, str) else 0 for v in values), np.int64, len(values)
        )
    return np.fromiter(map(length.__getitem__, values), np.int64, len(values))


# The evolution chart's pixels around its plot (title, legend, value axis), a bar's height for
# its value label (9 points) not to touch the next one's, and the gap between two groups of
# bars (Excel's gapWidth 80, in bars).
_CHART_FRAME, _LABELLED_BAR, _GAP = 90, 13, 0.8


def _evolution_sheet(name: str, actions: pd.DataFrame, status: np.ndarray, granted) -> SheetModel:
    """Share of marked actions at marker 1 or 2, by territory and year, with a chart."""
    sheet = SheetModel(name)
    sheet.put(0, 0, "Évolution par année : part des actions au marqueur 1 ou 2", "title")
    stamp = (
        "Sur les actions marquées (ni provisoires ni non marquées), marqueurs recalculés avec "
        "la règle de la consolidation."
    )
    sheet.put(1, 0, stamp, "stamp")
    t_codes, territories = _label_codes(actions[TERRITORY], UNKNOWN_TERRITORY)
    y_codes, years = _label_codes(actions[YEAR], UNKNOWN_YEAR)
    # Sums per (territory, year) cell of the table, all at once: one bincount per figure.
    cell = t_codes * len(years) + y_codes
    size = len(territories) * len(years)
    m12 = (status == 1) | (status == 2)

    def per_cell(weights: np.ndarray | None = None) -> np.ndarray:
        sums = np.bincount(cell, weights=weights, minlength=size)
        return sums.reshape(len(territories), len(years))

    counts, marked = per_cell(), per_cell((status <= 2).astype(float))
    shares, euros = per_cell(m12.astype(float)), per_cell(np.where(m12, granted, 0.0))
    sheet.put(3, 0, "Part des actions au marqueur 1 ou 2", "section")
    sheet.put(4, 0, "Territoire", "header")
    for j, y in enumerate(years, start=1):
        sheet.put(4, j, y, "header")
    for i, t in enumerate(territories):
        sheet.put(5 + i, 0, t, "text")
        for j in range(len(years)):
            if not counts[i, j]:
                sheet.put(5 + i, 1 + j, None, "text")
            else:
                share = shares[i, j] / marked[i, j] if marked[i, j] else NO_SHARE
                sheet.put(5 + i, 1 + j, share, "percent")
    top = 5 + len(territories) + 1
    sheet.put(top, 0, "Actions (toutes) et euros accordés aux actions M1 ou M2", "section")
    sheet.put(top + 1, 0, "Territoire", "header")
    for j, y in enumerate(years):
        sheet.put(top + 1, 1 + j, f"Actions {y}", "header")
        sheet.put(top + 1, 1 + len(years) + j, f"Accordé M1+M2 {y}", "header")
    for i, t in enumerate(territories):
        sheet.put(top + 2 + i, 0, t, "text")
        for j in range(len(years)):
            if not counts[i, j]:  # no action that year, as the table above: blank, not 0
                sheet.put(top + 2 + i, 1 + j, None, "text")
                sheet.put(top + 2 + i, 1 + len(years) + j, None, "text")
                continue
            sheet.put(top + 2 + i, 1 + j, int(counts[i, j]), "count")
            sheet.put(top + 2 + i, 1 + len(years) + j, float(euros[i, j]), "euro")
    sheet.heights[4] = sheet.heights[top + 1] = 30
    sheet.widths = {0: 40, **{j: 16 for j in range(1, 1 + 2 * len(years))}}
    # Below the tables, as wide as they are: beside them, it made the page (fitted to one
    # page wide) twice as wide, and its text too small to read on paper. Bars across, a group
    # a territory: the names read on one line down the left (slanted under columns, they took
    # most of the chart's height and squashed the plot), each bar tall enough for its value
    # written at its end, the chart no taller than a page.
    tables_width = sum(width_pixels(w) for w in sheet.widths.values())
    sheet.page = PageSetup(title_rows=(0, 1))
    room = page_pixels(sheet, sheet.page) - 2 * LINE_HEIGHT / POINTS_PER_PIXEL  # a row each side
    # As many charts as the territories need for each bar to be tall enough for its value
    # and each name to show: 40 territories in one chart as tall as a page showed every
    # other name, their bars too thin for any value.
    n = len(territories)
    per_territory = len(years) + _GAP  # in bars (a gap is 80 % of one)
    most = max(1, int((room - _CHART_FRAME) // (_LABELLED_BAR * per_territory)))
    parts = chart_parts(n, most)
    count = len(parts)
    row = top + 3 + n
    for k, (start, stop) in enumerate(parts, start=1):
        first, end = 4 + start, 4 + stop  # (5, 4) without a territory
        # One bar at least: a consolidation of empty workbooks has none.
        bars = max(1.0, (end - first + 1) * per_territory)
        height = max(300, min(int(room), _CHART_FRAME + round(_LABELLED_BAR * bars)))
        sheet.charts.append(
            Chart(
                "Part des actions au marqueur 1 ou 2, par année"
                + (f" ({k}/{count})" if count > 1 else ""),
                (first, end, 0),
                [(str(y), first, end, 1 + j) for j, y in enumerate(years)],
                anchor=(row, 0),
                size=(max(560, tables_width), height),
                number_format="0 %",
                horizontal=True,
                value_max=1,  # a share: 100 % at most (the axis went to 120 %)
                labels=height - _CHART_FRAME >= round(_LABELLED_BAR * bars),
            )
        )
        # Two rows between two charts: each is kept on its page with a row above and below.
        row += -(-height // 20) + 2
    # As the summary sheets: A4 landscape, one page wide with its chart, title repeated.
    last_row, last_col = sheet.extent()
    # The note wrapped within the printed columns: running past them, it was cut at the
    # page's edge (« … la règle de la consolidatio »).
    width = sum(sheet.widths.get(j, DEFAULT_WIDTH) for j in range(last_col + 1))
    sheet.put(1, 0, stamp, "stamp_wrap")
    for j in range(1, last_col + 1):
        sheet.put(1, j, None, "stamp_wrap")
    sheet.merged_across.append((1, 1, 0, last_col))
    sheet.heights[1] = text_height(stamp, width, STYLES["stamp_wrap"])
    sheet.page = PageSetup(area=(0, 0, last_row, last_col), title_rows=(0, 1))
    paginate(sheet)  # many territories: the tables and the chart whole on their pages
    return sheet


def _label_codes(values: pd.Series, unknown: str) -> tuple[np.ndarray, list[str]]:
    """The label of each value (see _label) as a code into the sorted distinct labels."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    labels = [_label(v, unknown) for v in uniques.tolist()]
    ordered = sorted(set(labels))
    place = np.array([ordered.index(label) for label in labels], dtype=np.intp)
    return place[codes], ordered


def _label(value: Any, unknown: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return unknown
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or unknown


def _reason(file: ConsolidatedFile) -> str:
    """Why a file was skipped, or what deserves a look in it, without its path: the
    « Fichier » column beside it names the file (the error's message names it too, as a
    command reporting that file alone must)."""
    if isinstance(file.exception, EfhError):
        text = file.exception.reason
    elif file.error_message:
        text = file.error_message
    else:  # each warning a sentence of its own (joined by « ; », one ending in « . » gave « .; »)
        text = " ".join(_sentence(w.strip().rstrip(".") + ".") for w in file.warnings)
    return _sentence(text)  # a sentence in its cell, whoever wrote it


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _files_sheet(result: ConsolidationResult) -> SheetModel:
    rows = []
    for f in result.files:
        read = f.outcome == "ok"
        # A file not read has no counts: blank, not 0 (« 0 actions » read as an empty one).
        count = (lambda n: n) if read else (lambda n: None)
        rows.append(
            {
                "Fichier": f.path,
                "État": "lu" if read else "ignoré",
                "Raison": _reason(f),
                "Actions": count(f.counts.get("actions", 0)),
                "Doublons": count(f.counts.get("duplicates", 0)),
                "Territoires": ", ".join(f.territories),
                "Années": ", ".join(f.years),
                "Règle du fichier": f.rule,
                **{
                    f"{label} (règle du fichier)": count(f.markers_own.get(key, 0))
                    for key, label in zip(CATEGORY_KEYS, CATEGORY_LABELS)
                },
                **{
                    f"{label} (consolidation)": count(f.markers.get(key, 0))
                    for key, label in zip(CATEGORY_KEYS, CATEGORY_LABELS)
                },
            }
        )
    frame = pd.DataFrame(rows)
    count_columns = ("Actions", "Doublons")
    return _list_sheet(
        FILES,
        "Fichiers lus",
        f"{counted(len(result.read), 'fichier lu', 'fichiers lus')}, "
        f"{counted(len(result.skipped), 'ignoré', 'ignorés')}. Règle de la consolidation : "
        f"{result.rule}.",
        frame,
        {
            **{c: "count" for c in frame.columns if c.endswith(")") or c in count_columns},
            # A reason is a sentence or two (what to do with the file): cut at the column's
            # edge, it lost its end.
            "Raison": "wrap",
            "Territoires": "wrap",
            "Règle du fichier": "wrap",
            "Fichier": "wrap",  # a path cut at 40 characters named two files alike
        },
        {"Fichier": 40, "Raison": 60, "Territoires": 30, "Règle du fichier": 40, "État": 8},
        fit_width=None,
    )


def _write(
    actions: pd.DataFrame,
    assessment: Assessment,
    rule: Rule,
    settings: Settings | None,
    now: dt.datetime | None,
    output: Path,
    result: ConsolidationResult,
    files: dict[str, ConsolidatedFile] | None = None,
) -> None:
    # The summary sheets count the actions to fix and name the « À corriger » sheet, which
    # lists them all: their lists are not made (labels of 40,000 rows, 15 ms).
    summary = summarize(actions, rule, settings, now, assessment=assessment, list_to_fix=False)
    if files and (piliers := summary.respelled.get(PILIER)):
        _say_respelled_piliers(actions, piliers, files)
    markers = actions[MARKER_COLUMN].to_numpy()
    reasons = actions[REASON_COLUMN].to_numpy()
    result.actions = len(actions)
    result.territories = [t.name for t in summary.territories]
    # From the tables the sheets are laid out from: reading the DataFrame fields would build
    # them, and the sheets would then be laid out from the DataFrames (summary_table).
    by_year = summary_table(summary.overall, "by_year")
    by_marker = summary_table(summary.overall, "by_marker")
    assert by_year is not None and by_marker is not None
    result.years = [str(y) for y in by_year.index]
    result.markers = dict(zip(CATEGORY_KEYS, map(int, by_marker.columns["Actions"])))
    result.granted = float(np.sum(by_marker.columns[GRANTED]))
    flags = actions[_FLAGS].to_numpy()
    result.to_fix = int((flags > 0).sum()) + len(result.duplicates)
    own_differs = actions[OWN_MARKER].to_numpy() != markers
    listed = [
        SOURCE,
        ROW,
        YEAR,
        TERRITORY,
        NUMBER,
        TITLE,
        "Porteur",
        "Pilier",
        REQUESTED,
        GRANTED,
        *QUESTION_IDS,
        MARKER_COLUMN,
        REASON_COLUMN,
        RULE,
        OWN_MARKER,
        OTHER_SOURCES,
        COMMENTS,
    ]
    table = {column: actions[column].to_numpy() for column in listed}
    table[OWN_MARKER] = np.where(own_differs, table[OWN_MARKER], None)
    # As the territories' workbooks show it: blank for an action not marked yet (its own
    # marker, the same whatever the rule, is never listed apart).
    shown = shown_markers(assessment, rule)
    table[MARKER_COLUMN] = np.where(shown.isna(), None, table[MARKER_COLUMN])
    # The columns that say something only of some consolidations, left out when empty: an
    # empty « Commentaires » took a page of every band across of a printed list.
    for column in (OWN_MARKER, OTHER_SOURCES, COMMENTS):
        if all(blank_cells(table[column].astype(object).tolist())):
            del table[column]
    styles = {ROW: "count", MARKER_COLUMN: "count"}
    for amount in (REQUESTED, GRANTED):  # to the cent when some have cents
        styles[amount] = "euro_cents" if has_cents(table[amount].tolist()) else "euro"
    styles[OWN_MARKER] = "count"
    # Texts wrap, as in the territories' Actions sheets: cut at the column's edge, a title or a
    # motif lost its end on screen and on paper.
    # So do the files' paths and the rules' names (« Retours 2025/Hautecom » was two files).
    wrapped = (TITLE, "Porteur", "Pilier", REASON_COLUMN, COMMENTS, SOURCE, RULE, OTHER_SOURCES)
    styles.update(dict.fromkeys(wrapped, "wrap"))
    widths = {
        SOURCE: 28,
        TITLE: 40,
        "Porteur": 30,
        "Pilier": 30,
        REASON_COLUMN: 70,
        RULE: 30,
        OTHER_SOURCES: 30,
        TERRITORY: 32,
        NUMBER: 20,
        COMMENTS: 30,
        MARKER_COLUMN: 10,
    }
    # OUI and NON in six characters; an answer to fix (« peut-être », « à voir en comité »)
    # is the very text its reader must see: its column widens, up to a point, then wraps.
    for q in QUESTION_IDS:
        widths[q], wraps = fitted_width(table[q].tolist(), 6, WIDEST_ANSWER)
        if wraps:
            styles[q] = "wrap"
    widths.update({YEAR: 8, ROW: 7})
    actions_sheet = _list_sheet(
        ACTIONS,
        "Toutes les actions consolidées",
        f"{counted(len(actions), 'action', 'actions')} de "
        f"{counted(len(result.read), 'fichier', 'fichiers')} ; marqueur et motif recalculés "
        f"avec la règle : {rule.name}."
        + (
            f" « {OWN_MARKER} » est rempli quand la règle du fichier donne un autre marqueur."
            if OWN_MARKER in table
            else ""
        )
        + (
            " Une action présente dans plusieurs fichiers est comptée une fois : les autres "
            f"sont dans « {OTHER_SOURCES} »."
            if OTHER_SOURCES in table
            else ""
        ),
        table,
        styles,
        widths,
        fit_width=None,
    )
    problems = np.flatnonzero(flags > 0)
    # Columns, not a DataFrame: building one copied the 47,000 rows to fix into a block, then
    # took each column out of it again (8 ms).
    fix: dict[str, np.ndarray] = {
        SOURCE: actions[SOURCE].to_numpy()[problems],
        ROW: actions[ROW].to_numpy()[problems],
        NUMBER: actions[NUMBER].to_numpy()[problems],
        TERRITORY: actions[TERRITORY].to_numpy()[problems],
        TITLE: actions[TITLE].to_numpy()[problems],
        "Raison": _fix_reasons(actions, reasons, problems),
    }
    if result.duplicates:
        dups = {
            SOURCE: [d.file for d in result.duplicates],
            ROW: [d.row for d in result.duplicates],
            NUMBER: [d.number for d in result.duplicates],
            # The kept row's territory and title, so that filtering the Territoire column
            # (as the guide says) also shows a territory's duplicates.
            TERRITORY: [d.territory for d in result.duplicates],
            TITLE: [d.title for d in result.duplicates],
            "Raison": [_duplicate_reason(d) for d in result.duplicates],
        }
        fix = {c: np.concatenate([_objects(dups[c]), fix[c].astype(object)]) for c in fix}
    fix_sheet = _list_sheet(
        TO_FIX,
        f"Lignes à corriger ({len(fix[SOURCE])})"
        + (f" : {result.to_fix_text}" if result.duplicates else ""),
        "Dans le fichier indiqué, feuille Actions, à la ligne indiquée.",
        fix,
        {ROW: "count", "Raison": "wrap", TITLE: "wrap", SOURCE: "wrap"},
        {SOURCE: 30, NUMBER: 20, TERRITORY: 32, TITLE: 40, "Raison": 80, ROW: 7},
    )
    status = actions[_STATUS].to_numpy()
    granted = amount_column(actions[GRANTED], len(actions)).euros  # as the summaries read it
    evolution = _evolution_sheet(EVOLUTION, actions, status, granted)
    taken = {EVOLUTION, ACTIONS, TO_FIX, FILES}
    # The territory sheets count the rows to fix and name the « À corriger » sheet, which
    # lists them all with their file and row: listing them again per territory (up to 1,000
    # each, without file or row) was a quarter of the regional workbook's XML.
    summaries = summary_sheets(summary, taken=taken, to_fix_sheet=TO_FIX)
    models = [summaries[0], evolution, *summaries[1:], actions_sheet, fix_sheet]
    models.append(_files_sheet(result))
    _save(models, output)
    result.output = str(output)
    result.sheets = [m.name for m in models]


def _say_respelled_piliers(
    actions: pd.DataFrame, piliers: dict[str, str], files: dict[str, ConsolidatedFile]
) -> None:
    """Tell each file typing a pilier in another case or spacing that it is counted with the
    spelling kept (the summaries count them as one pilier, as a territory's own do)."""
    typed = [v.strip() if isinstance(v, str) else None for v in actions[PILIER].tolist()]
    for source, pilier in dict.fromkeys(zip(actions[SOURCE].tolist(), typed)):
        if pilier in piliers:
            _warn(
                files,
                source,
                f"pilier « {pilier} » compté avec « {piliers[pilier]} » (seules les majuscules "
                "ou les espaces diffèrent)",
            )


def _fix_reasons(actions: pd.DataFrame, reasons: Any, rows: np.ndarray) -> np.ndarray:
    """The reasons of the rows to fix; a row its file's own rule finds nothing to fix in says
    so (« OK » read as OUI in a territory whose rule accepts it): the territory would be asked
    to correct answers its own grid takes."""
    said = np.asarray(reasons, dtype=object)[rows]
    fine = actions[_OWN_FINE].to_numpy()[rows]
    if fine.any():
        rules = actions[RULE].to_numpy()[rows]
        for i in np.flatnonzero(fine).tolist():
            said[i] = (
                f"{said[i]} (rien à corriger selon la règle du fichier, « {rules[i]} » : à "
                "vérifier seulement si la région applique la règle de la consolidation)"
            )
    return said


def _base(path: Path, with_strings: bool) -> None:
    """An XlsxWriter package holding one placeholder sheet, removed once the real ones are in.

    A text in the placeholder makes XlsxWriter write the shared-string part with its
    relationship and content type (its content is replaced later); without one, the package
    has no such part, as Excel writes a workbook without text.
    """
    # In memory: on disk, XlsxWriter writes then deletes a temporary file per part.
    book = xlsxwriter.Workbook(str(path), {"in_memory": True})
    sheet = book.add_worksheet(_PLACEHOLDER)
    if with_strings:
        sheet.write_string(0, 0, _PLACEHOLDER)
    book.close()


# A sheet's XML is compressed ahead, in another thread, from this size on; a smaller one as
# the package is written. Each job the thread starts needs the GIL, which the main thread,
# building the next sheets in long loops at C speed, holds for long stretches: the forty
# summary sheets queued ahead of the Actions list delayed its compression by 0.1 s.
_DEFLATE_AHEAD = 1 << 20


def _cells(model: SheetModel) -> int:
    """The cells of a sheet's blocks: the sheets are built largest first (see _save)."""
    return sum(block.height * len(block.columns) for block in model.blocks)


def _save(models: list[SheetModel], output: Path) -> None:
    """A new package holding only the given sheets, written with the summary sheets' writers.

    The package is the tool's own: the texts of the long lists go to its shared-string table
    (half the size of inline strings, so half the time to write and to compress). When no list
    is long enough to use it, the package has no shared-string part: Excel writes no empty one.
    """
    make_folder_of(output)
    try:
        handle, base = tempfile.mkstemp(prefix=".efh_base_", suffix=".xlsx", dir=output.parent)
    except OSError as error:  # named by the file the user asked for, not by our scratch file
        raise from_os_error(error, output) from error
    os.close(handle)
    try:
        _base(Path(base), with_strings=True)
        package = Package(Path(base))
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="efh-deflate")
        try:
            styles_xml, styles = ensure_styles(package.read("xl/styles.xml"))
            strings = SharedStrings()
            # A large sheet is compressed in another thread while the next ones are built
            # (deflate leaves the GIL), the largest built first: the lists' 64 MB of XML are
            # then compressed while the small sheets are built.
            built: dict[int, NewSheet] = {}
            for i in sorted(range(len(models)), key=lambda i: -_cells(models[i])):
                sheet = built[i] = new_sheet(models[i], styles, strings)
                if sum(map(len, sheet.worksheet)) >= _DEFLATE_AHEAD:
                    sheet.worksheet = pool.submit(deflate, sheet.worksheet)
            sheets = [built[i] for i in range(len(models))]
            if not len(strings):
                package.close()
                _base(Path(base), with_strings=False)
                package = Package(Path(base))
                # The placeholder's text changes no style: the sheets' style ids still hold.
                styles_xml, again = ensure_styles(package.read("xl/styles.xml"))
                assert again == styles
            package.replace_part("xl/styles.xml", styles_xml)
            for sheet in sheets:
                package.add_sheet(sheet)
            for model in models:  # print area and titles, as the refresh writes them
                for name, formula in print_names(model).items():
                    package.set_defined_name(name, formula, sheet=model.name)
            # The mark a later refresh or consolidation of a folder holding this workbook
            # knows it by (it has no Actions table: not a territory's workbook).
            package.set_defined_name(REGIONAL_NAME, '"efh-xl consolidate"')
            if len(strings):
                package.replace_part(SHARED_STRINGS, strings.xml())
            package.remove_sheets({_PLACEHOLDER})
            package.save(output)
        finally:
            package.close()
            pool.shutdown(cancel_futures=True)
    finally:
        os.unlink(base)


__all__ = [
    "OTHER_RULE_WARNING",
    "ConsolidatedFile",
    "ConsolidationResult",
    "Duplicate",
    "consolidate",
    "expand_inputs",
    "RuleLabels",
]
