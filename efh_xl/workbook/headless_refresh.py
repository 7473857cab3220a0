"""Headless refresh: regenerate the summary sheets inside workbooks, losing nothing else.

For each workbook: read the Actions table and the Grille's box sets, recompute every marker
with the engine, lay out the summary sheets, and write only the tool's own parts into the
unchanged package (see :mod:`efh_xl.ooxml.package`). When the box sets of the Grille sheet changed,
the lookup sheet of the native formulas is rewritten too, and Excel is asked to recalculate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fnmatch
import gc
import glob
import html
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from efh_xl.core.arguments import given_settings, given_time
from efh_xl.core.engine import MARKER_COLUMN
from efh_xl.core.grid import Rule
from efh_xl.core.plural import agreed, counted, first_few
from efh_xl.core.programmation import table_warnings
from efh_xl.core.sheet_model import SheetModel, column_index
from efh_xl.core.status import CATEGORY_KEYS
from efh_xl.core.summary import (
    SUMMARY_COLUMNS,
    Settings,
    respelled_warnings,
    summarize,
    summary_table,
)
from efh_xl.core.summary_sheets import (
    OWNED_SHEETS,
    SHEET_MARK,
    SHEET_MARK_FORMULA,
    UNREADABLE_AMOUNTS,
    is_summary_name,
    owned_sheets,
    owned_sheets_formula,
    parse_owned_sheets,
    short_name_problems,
    summary_sheets,
    unreadable_title,
)
from efh_xl.core.vectorised import assess_columns, object_columns
from efh_xl.errors import (
    EXIT_INTERNAL,
    EfhError,
    EmptyPathError,
    NoWorkbookMatchedError,
    OutputFolderIsInputError,
    OutputFormatError,
    PdfExportError,
    SameTargetError,
    TargetExistsError,
    WorkbookNotFoundError,
    from_os_error,
)
from efh_xl.ooxml.atomic_file import (
    check_folder,
    check_not_a_file,
    check_not_open,
    check_target,
    is_temporary,
    make_folder_of,
    real_path,
)
from efh_xl.ooxml.package import Package
from efh_xl.ooxml.shared_strings import PART as SHARED_STRINGS_PART
from efh_xl.ooxml.shared_strings import shared_texts
from efh_xl.ooxml.sheet_parts import new_sheet
from efh_xl.ooxml.styles import ensure_styles
from efh_xl.ooxml.worksheet import print_names, worksheet_xml
from efh_xl.ooxml.zip import BackgroundChecks
from efh_xl.workbook.control_sheet import CONTROL_SHEET, updated_control_xml, yes_no_style
from efh_xl.workbook.given_paths import given_path, given_paths
from efh_xl.workbook.lookup_sheet import (
    LOOKUP_SHEET,
    RULE_NAME,
    STAMP_NAME,
    calculation_stamp,
    lookup_sheet,
    rule_changed,
    rule_range_formula,
    stamp_formula,
)
from efh_xl.workbook.reader import (
    FOREIGN_SKIPPED,
    MACROS_UNDER_XLSX,
    left_aside,
    macros_under_xlsx,
    read_workbook,
    rows_under_table,
    written_by,
)
from efh_xl.workbook.results import BatchResult, Progress, RefreshResult
from efh_xl.workbook.typed_markers import typed_markers_warning

WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")
# Why a regional workbook (written by a consolidation, known by its mark) is left aside: it has
# no Actions table, and a folder of territories' workbooks may hold it.
REGIONAL_SKIPPED = (
    "classeur régional écrit par « efh-xl consolidate » : laissé de côté (il n'a pas de "
    "tableau d'actions à rafraîchir)"
)
EVALUATED_SKIPPED = (
    "liste évaluée écrite par « efh-xl evaluate » : laissée de côté (elle n'a pas de tableau "
    "d'actions à rafraîchir ; pour la mettre à jour, relancez efh-xl evaluate sur la liste "
    "d'origine)"
)
# Files efh-xl writes itself, known by their mark (see written_by), and why each is skipped.
_OWN_OUTPUTS = {"consolidate": REGIONAL_SKIPPED, "evaluate": EVALUATED_SKIPPED}


def is_candidate(path: Path) -> bool:
    """A workbook inside a folder: not an owner or lock file, not a temporary of the tool."""
    name = path.name
    return (
        path.suffix.lower() in WORKBOOK_SUFFIXES
        and not name.startswith(("~$", ".~lock."))
        and not is_temporary(name)
        and path.is_file()
    )


def workbook_glob(pattern: str) -> list[Path]:
    """What ``pattern`` matches, sorted; an extension that can name a workbook's is matched
    whatever its case (« */*.xlsm » finds Maubeuge.XLSM, as the folder given finds it): glob
    follows the system's case, which Linux and macOS do not ignore. Other patterns are
    glob's own; the caller keeps only the workbooks (:func:`is_candidate`)."""
    head, dot, tail = pattern.rpartition(".")
    typed = dot and tail and all(c.isascii() and (c.isalpha() or c in "*?") for c in tail)
    if typed and any(fnmatch.fnmatchcase(s[1:], tail.lower()) for s in WORKBOOK_SUFFIXES):
        either = "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in tail)
        pattern = f"{head}.{either}"
    return [Path(m) for m in sorted(glob.glob(pattern, recursive=True))]


def _expand(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[EfhError]]:
    found: list[Path] = []
    errors: list[EfhError] = []
    for raw in paths:
        text = os.fspath(raw)
        path = Path(text)
        if not text.strip():  # Path("") is the current folder: every workbook under it
            errors.append(EmptyPathError())
            continue
        try:
            for match in _matches(text, path, errors):
                if match.is_dir():
                    inside = sorted(p for p in match.rglob("*") if is_candidate(p))
                    if not inside:
                        errors.append(NoWorkbookMatchedError(match, folder=True))
                    found += inside
                else:
                    found.append(match)
        except OSError as error:  # a name too long, a folder that cannot be entered: this
            # input fails, the others of the batch go on
            errors.append(from_os_error(error, path, reading=True))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(real_path(path), path)  # one workbook reached twice is done once
    if found:
        # The other inputs' workbooks are refreshed: « rien n'a été fait » would be false.
        errors = [
            NoWorkbookMatchedError(e.pattern, e.folder, alone=False)
            if isinstance(e, NoWorkbookMatchedError)
            else e
            for e in errors
        ]
    return list(unique.values()), errors


def names_no_workbook(result: RefreshResult) -> bool:
    """Whether a failed result is an input that names no workbook (a folder or a pattern
    without any, an empty path, a path that is no .xlsm or .xlsx file), not a workbook that
    failed: a batch's closing count says those apart (« 1 classeur sur 2 en erreur » counted
    an empty folder as a workbook)."""
    if result.ok:
        return False
    if result.error_kind in ("NoWorkbookMatchedError", "EmptyPathError"):
        return True
    return Path(result.path).suffix.lower() not in WORKBOOK_SUFFIXES


def _matches(text: str, path: Path, errors: list[EfhError]) -> list[Path]:
    """What one input names: itself, or what a pattern matches (nothing: said in ``errors``)."""
    if path.exists() or path.is_symlink():
        return [path]  # a name that exists is that file, even with [ ] * ? in it
    if any(ch in text for ch in "*?["):
        matches = [m for m in workbook_glob(text) if m.is_dir() or is_candidate(m)]
        if not matches:
            errors.append(NoWorkbookMatchedError(text))
        return matches
    # As typed: « absent/ » is a folder; « partage » may be either.
    errors.append(WorkbookNotFoundError(text, folder=True))
    return []


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, folders as the workbooks they hold (recursively), patterns expanded.

    A name that exists is taken literally, never as a pattern. Owner and lock files of Excel
    and LibreOffice (``~$…``, ``.~lock.…#``) and the tool's temporaries are skipped. A path
    that names nothing, and a folder or pattern without any workbook, raise.
    """
    found, errors = _expand(paths)
    if errors:
        raise errors[0]
    return found


def output_targets(files: list[Path], output_dir: str | os.PathLike[str]) -> list[Path]:
    """Where each file goes under ``output_dir``: its path below the inputs' common folder.

    Two ``efh_grille.xlsm`` from two folders keep their folders, so they never collide.
    """
    absolute = [Path(os.path.abspath(f)) for f in files]
    try:
        base = Path(os.path.commonpath([a.parent for a in absolute])) if absolute else None
    except ValueError:  # different drives: no common folder
        base = None
    out = Path(output_dir)
    return [out / (a.relative_to(base) if base else Path(a.name)) for a in absolute]


def owned_summary_sheets(package: Package) -> set[str]:
    """The summary sheets this tool wrote in ``package``, known by their marks (never by name)."""
    return owned_sheets(
        package.sheets_with_local_name(SHEET_MARK),
        parse_owned_sheets(package.defined_name(OWNED_SHEETS)),
    )


def refresh_workbook(
    path: str | os.PathLike[str],
    *,
    output_dir: str | os.PathLike[str] | None = None,
    check: bool = False,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
    target: str | os.PathLike[str] | None = None,
    pdf_dir: str | os.PathLike[str] | None = None,
    force: bool = False,
) -> RefreshResult:
    """Regenerate the summary sheets of one workbook, in place or into ``output_dir``.

    A copy written elsewhere (``output_dir`` or ``target``) that exists already is replaced
    only with ``force`` (:class:`~efh_xl.errors.TargetExistsError` otherwise). With
    ``pdf_dir``, also export each summary sheet as an A4 landscape PDF there (with
    LibreOffice; :class:`~efh_xl.errors.PdfExportError` when it is missing). A PDF that
    exists already is replaced only with ``force``: without it,
    :class:`~efh_xl.errors.TargetExistsError` names them all and the workbook is not written.

    With ``check``, only validate: nothing is written. ``target`` names the output file
    (default: in place, or ``output_dir`` / the file's name), of the workbook's own extension
    (:class:`~efh_xl.errors.OutputFormatError` otherwise). In place, a symbolic link is
    followed to the real file, which is replaced (the link stays); the result's ``output`` is
    the path as given. Raises
    :class:`~efh_xl.errors.EfhError` on a problem the user can fix (missing file, open in
    Excel or LibreOffice, read-only, no Actions table, damaged package, disk full…).
    """
    given_path(path)
    settings, now = given_settings(settings), given_time(now)
    if output_dir is not None:  # as refresh checks it: « copie.xlsx » is no folder
        check_not_a_file(given_path(output_dir, "output_dir"), "--output")
    font = _check_pdf_dir(pdf_dir, check)
    result = _refresh_one(path, output_dir, check, settings, now, target, pdf_dir, force)
    if result.pdfs:
        result.warnings += font
    return result


def _refresh_one(
    path: str | os.PathLike[str],
    output_dir: str | os.PathLike[str] | None,
    check: bool,
    settings: Settings | None,
    now: dt.datetime | None,
    target: str | os.PathLike[str] | None,
    pdf_dir: str | os.PathLike[str] | None,
    force: bool = False,
    pdfs_written: dict[Path, Path] | None = None,
) -> RefreshResult:
    """:func:`refresh_workbook` once its PDF folder is checked (a batch checks it once).

    ``pdfs_written``: the PDFs this run wrote already (the real path of each, to the workbook
    it came from), which no later workbook of the batch may replace.
    """
    path = Path(path)
    # The copy's name is the workbook's, in the folder of --output: the way out of a copy
    # that exists is another folder, not another name (which refresh takes none of).
    named_here = output_dir is not None and (target is None or Path(target).name == path.name)
    if target is not None:
        typed, target = target, Path(target)
        if target.suffix.lower() != path.suffix.lower():
            # A macro workbook written as .xlsx (or .txt) opens nowhere: Excel refuses a
            # package whose content does not match its extension.
            raise OutputFormatError(typed, path.suffix.lower(), example=path.name)
    elif output_dir is not None:
        target = Path(output_dir) / path.name
    else:
        target = path
    if not check:
        real = real_path(path)
        in_place = real_path(target) == real
        if in_place:
            # Through a link, Excel's lock file may be beside the link or beside the file.
            check_not_open(real, shown=path)
            # The path as typed, not the file it designates: it is the one the messages and
            # the result name (atomic_write replaces the file a link designates).
            target = path
        # A copy elsewhere (--output) that exists already is replaced only with force, as
        # every output of efh_xl: it may be the copy someone went on working in.
        try:
            check_target(target, force=force or in_place, in_place=in_place)
        except TargetExistsError:
            if not named_here:
                raise
            raise TargetExistsError(target, folder=True) from None
    before_save = None
    if pdf_dir is not None and not check:

        def before_save(sheets: list[str]) -> None:
            from efh_xl.workbook.pdf_export import pdf_paths

            _check_pdfs(pdf_paths(target, sheets, pdf_dir), path, force, pdfs_written or {})

    with collector_paused():
        try:
            result = _refresh_workbook(path, target, check, settings, now, before_save)
        except OSError as error:  # the writes map their own errors: this one is a read
            raise from_os_error(error, path, reading=True) from error
    if pdf_dir is not None and not check:
        from efh_xl.workbook.pdf_export import export_pdfs

        result.pdfs = [str(p) for p in export_pdfs(target, result.sheets, pdf_dir, force=True)]
        if pdfs_written is not None:
            pdfs_written.update((real_path(Path(p)), path) for p in result.pdfs)
    return result


def _check_pdfs(pdfs: list[Path], workbook: Path, force: bool, written: dict[Path, Path]) -> None:
    """Refuse, before the workbook is written, PDFs that would replace files: one that this
    run wrote for another workbook (never, even with ``force``: two workbooks of the same name
    in one folder, ``a.xlsm`` and ``a.xlsx``), or that exists already (only with ``force``)."""
    for pdf in pdfs:
        first = written.get(real_path(pdf))
        if first is not None:
            raise SameTargetError(pdf, first, workbook, "--pdf")
    existing = [p for p in pdfs if p.exists() or p.is_symlink()]
    if existing and not force:
        raise TargetExistsError(*existing, folder=True)
    for pdf in pdfs:  # a folder in its place, open, read-only: refused even with force
        check_target(pdf, force=True)


def _check_pdf_dir(pdf_dir: str | os.PathLike[str] | None, check: bool) -> list[str]:
    """Refuse to start without LibreOffice, or with a PDF folder that is a file or where no
    file can be written (and make it), before any workbook is written: the PDFs come after
    the refresh, and an error found then came after the workbook changed. Returns the warning
    for a missing font (PDFs printed smaller), once for a run: the first PDFs' result says it."""
    if pdf_dir is not None and not check:
        from efh_xl.workbook.libreoffice import LibreOfficeMissingError, soffice

        try:  # the PDFs need it: without it, the user is told before anything changes
            soffice()
        except LibreOfficeMissingError as error:
            raise PdfExportError(str(error), refreshed=False) from error
        check_folder(pdf_dir, "--pdf")
        from efh_xl.workbook.pdf_export import font_warning

        return [warning] if (warning := font_warning()) else []
    return []


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of one workbook's refresh.

    A refresh allocates hundreds of thousands of small objects (cells read, cells laid out)
    that all stay alive until it ends, so each automatic collection re-scans them for nothing:
    at 10,000 actions those pauses were a fifth of the run, and made its time erratic.
    Reference counting still frees everything; cycles are collected once the collector is on
    again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Opened:
    """The package of a workbook to refresh, its summary sheets already removed."""

    package: Package
    existing: list[str]  # the sheet names before the removal
    owned: set[str]  # the summary sheets removed
    # Each removed sheet's cells holding a value right of its sized columns: (column,
    # reference, value), 0-based column.
    filled: dict[str, list[tuple[int, str, Any]]] = field(default_factory=dict)


# A cell holding a value in a worksheet's XML, as Excel and the tool write them (the
# reference first, a formula then its cached value, or an inline string): its column, row,
# attributes, and value's element and content.
_FILLED_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"([^>]*?)>(?:<f[^>]*?(?:/>|>[^<]*</f>))?<(v|is)>(.*?)</\4>',
    re.DOTALL,
)
_TEXT = re.compile(rb"<t(?: [^>]*)?>([^<]*)</t>")
_TYPE = re.compile(rb' t="(\w+)"')


_COLUMN_WIDTH_END = re.compile(rb'<col [^>]*?max="(\d+)"')
_DIMENSION_END = re.compile(rb'<dimension ref="[A-Z]+\d+:([A-Z]+)\d+"')


def _filled_cells(xml: bytes) -> list[tuple[int, str, tuple[bytes, bytes]]]:
    """(column, reference, (type, value)) of each cell of a worksheet that holds a value,
    right of the columns the tool sized (its tables: what an older version wrote, wider, is
    not a note); the type is the cell's ``t`` (b"" for a number), b"is" for an inline text."""
    sized = max((int(m[1]) for m in _COLUMN_WIDTH_END.finditer(xml)), default=0)
    # The used range Excel and LibreOffice save, at the top of the part: within the sized
    # columns (the usual sheet), no cell is looked at (a scan of every cell took 5 ms, a tenth
    # of the refresh of 1,000 actions).
    dimension = _DIMENSION_END.search(xml, 0, 4096)
    if dimension and column_index(dimension[1]) < sized:
        return []
    found = []
    for m in _FILLED_CELL.finditer(xml):
        col = column_index(m[1])
        if col >= sized:
            kind = b"is" if m[4] == b"is" else ((t := _TYPE.search(m[3])) and t[1]) or b""
            found.append((col, (m[1] + m[2]).decode(), (kind, m[5])))
    return found


def _note_value(kind: bytes, raw: bytes, strings: list[str]) -> Any:
    """A note cell's value as typed: a text, a number, or None (an error, unreadable)."""
    text = html.unescape(raw.decode("utf-8", "replace"))
    if kind == b"is":
        return html.unescape(b"".join(_TEXT.findall(raw)).decode("utf-8", "replace"))
    if kind == b"s":
        return strings[int(text)] if text.isdigit() and int(text) < len(strings) else None
    if kind in (b"", b"n"):
        try:
            return float(text)
        except ValueError:
            return None
    if kind == b"b":
        return "VRAI" if text == "1" else "FAUX"
    return None if kind == b"e" else text


def _shared_texts(package: Package) -> list[str]:
    """The package's shared strings, each as its cells show it (rich runs joined)."""
    try:
        return shared_texts(package.read(SHARED_STRINGS_PART))
    except KeyError:
        return []


def _notes_kept(
    filled: dict[str, list[tuple[int, str, Any]]], models: list[SheetModel]
) -> list[str]:
    """Cells typed beside the tables of a summary sheet (right of its last column), which its
    rewriting would drop: written again in their cells (their values, without their look),
    and said, so that a note is neither lost nor kept without a word."""
    said = []
    for model in models:
        cells = filled.get(model.name)
        if not cells:
            continue
        last = max(
            [c for _, c in model.cells]
            + [b.left + len(b.columns) - 1 for b in model.blocks]
            + [band[3] for band in model.merged_across],
            default=0,
        )
        beside = [(col, ref, value) for col, ref, value in cells if col > last]
        for col, ref, value in beside:
            if value is not None:
                model.put(int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1, col, value, "plain")
        if beside:
            shown = first_few([ref for _, ref, _ in beside])
            said.append(
                f"la feuille « {model.name} » est réécrite à chaque actualisation : ce qui "
                f"était tapé à côté de ses tableaux ({shown}) y est recopié, en valeurs, sans "
                "sa mise en forme. Gardez vos notes dans une feuille à vous (une feuille que "
                "vous créez n'est jamais modifiée)."
            )
    return said


def _under_table_warning(sheet: str, rows: list[int]) -> str:
    """The warning naming the rows filled under the table of actions, outside it."""
    n = len(rows)
    unread = agreed(n, "elle n'est pas lue (ni comptée", "elles ne sont pas lues (ni comptées")
    moved = agreed(n, "cette ligne si c'est une action", "celles qui sont des actions")
    return (
        f"{agreed(n, 'ligne', 'lignes')} {first_few(rows)} de la feuille {sheet} "
        f"{agreed(n, 'remplie', 'remplies')} sous le tableau des actions, hors de lui : "
        f"{unread} dans les synthèses). Dans Excel, une ligne tapée juste "
        "sous le tableau l'agrandit d'elle-même ; dans LibreOffice, insérez des lignes dans le "
        "tableau (clic droit sur le numéro d'une de ses lignes > Insérer des lignes au-dessus), "
        f"puis déplacez-y {moved}."
    )


def _open(path: Path) -> _Opened:
    package = Package(path)
    try:
        existing = [name for name, _ in package.sheet_parts()]
        owned = owned_summary_sheets(package)
        found = {
            name: _filled_cells(package.read(part))
            for name, part in package.sheet_parts()
            if name in owned
        }
        # The texts of the notes found, read from the shared strings only then.
        strings = _shared_texts(package) if any(found.values()) else []
        filled = {
            name: [(col, ref, _note_value(*raw, strings)) for col, ref, raw in cells]
            for name, cells in found.items()
        }
        package.remove_sheets(owned)
        package.remove_defined_name(OWNED_SHEETS)  # set again after the sheet marks
    except BaseException:
        package.close()
        raise
    return _Opened(package, existing, owned, filled)


def _refresh_workbook(
    path: Path,
    target: Path,
    check: bool,
    settings: Settings | None,
    now: dt.datetime | None,
    before_save: Callable[[list[str]], None] | None = None,
) -> RefreshResult:
    opened = checks = None
    if not check:
        # The package is opened once, first, to know the parts the refresh drops; a package
        # it cannot open is opened again after the read, so that the reader's error, if
        # any, is the one reported, as ever.
        with contextlib.suppress(Exception):
            opened = _open(path)
        dropped = set(opened.package.removed) if opened is not None else set()
        # The parts the refresh will copy are checked on another core while it reads and
        # computes (at 100,000 actions, inflating the Actions sheet to check its CRC takes
        # 0.2 s).
        checks = BackgroundChecks(path, skip=lambda: dropped)
    try:
        return _refresh(path, target, check, settings, now, checks, opened, before_save)
    finally:
        if checks is not None:
            checks.close()
        if opened is not None:
            opened.package.close()


def _refresh(
    path: Path,
    target: Path,
    check: bool,
    settings: Settings | None,
    now: dt.datetime | None,
    checks: BackgroundChecks | None,
    opened: _Opened | None,
    before_save: Callable[[list[str]], None] | None = None,
) -> RefreshResult:
    # The markers as the sheet shows them, to find one typed over its formula.
    data = read_workbook(path, columns=(*SUMMARY_COLUMNS, MARKER_COLUMN))
    # Left in the frame (the summaries read columns by name): taken out, the table's one
    # block of objects was copied.
    shown = data.actions[MARKER_COLUMN] if MARKER_COLUMN in data.actions else None
    columns = object_columns(data.actions)  # as summarize converts them (0.5 ms at 100,000)
    assessment = assess_columns(data.actions, columns or data.actions, data.rule)
    # Settings given by the caller win over the workbook's Paramètres sheet.
    summary = summarize(
        data.actions,
        data.rule,
        settings or data.settings,
        now,
        data.rule_name,
        assessment=assessment,
    )
    overall = summary.overall
    by_marker = summary_table(overall, "by_marker")
    assert by_marker is not None
    result = RefreshResult(
        path=str(path),
        counts={
            "actions": summary.actions,
            "problems": overall.to_fix_count,
            "unreadable_amounts": overall.unreadable_count,
        },
        markers=dict(zip(CATEGORY_KEYS, map(int, by_marker.columns["Actions"]))),
    )
    # A column the summaries count by, deleted or renamed (every action « Sans territoire »,
    # 0 €), or a funder added to Paramètres without its column: said, not « OK » alone.
    result.warnings += table_warnings(data.headers, (settings or data.settings).funders)
    result.warnings += respelled_warnings(summary, data.actions, data.row_numbers.tolist())
    if shown is not None and (
        typed := typed_markers_warning(
            path, data.table_name, shown, data.row_numbers, assessment, data.rule
        )
    ):
        result.warnings.append(typed)
    if macros_under_xlsx(path):  # refreshed all the same: the user can rename it
        result.warnings.append(MACROS_UNDER_XLSX + ".")
    sheet, under = rows_under_table(path, data.table_name)
    if under:
        result.warnings.append(_under_table_warning(sheet, under))
    k = overall.unreadable_count
    if k and (title := unreadable_title(overall)) != UNREADABLE_AMOUNTS:
        # People counts among them: « 1 montant illisible » sent the user to the euros only.
        result.warnings.append(
            f"{counted(k, 'action', 'actions')} avec un montant ou un effectif illisible, "
            f"{agreed(k, 'comptée', 'comptées')} dans aucun de ces totaux : voir la liste "
            f"« {title} » de la synthèse."
        )
    elif k:
        result.warnings.append(
            f"{counted(k, 'montant illisible', 'montants illisibles')}, "
            f"{agreed(k, 'compté', 'comptés')} dans aucun total en "
            f"euros : voir la liste « {UNREADABLE_AMOUNTS} » de la synthèse."
        )
    if check:
        if overall.to_fix_count:  # « À VOIR » in the text report: the JSON says it too
            result.outcome, result.exit_code = "to_check", 1
        return result
    if opened is None:
        opened = _open(path)
    package, existing, owned = opened.package, opened.existing, opened.owned
    try:
        kept = {n for n in existing if n not in owned}
        result.warnings += [
            f"la feuille « {n} » n'a pas été écrite par efh-xl : elle est conservée telle quelle."
            for n in existing
            if n in kept and is_summary_name(n)
        ]
        models = summary_sheets(summary, taken=kept)
        result.warnings += short_name_problems(summary, models)
        result.warnings += _notes_kept(opened.filled, models)
        original_styles = package.read("xl/styles.xml")
        styles_xml, styles = ensure_styles(original_styles)
        if styles_xml is not original_styles:  # else copied as stored, not written again
            package.replace_part("xl/styles.xml", styles_xml)
        for model in models:
            package.add_sheet(new_sheet(model, styles))
            package.set_defined_name(SHEET_MARK, SHEET_MARK_FORMULA, hidden=True, sheet=model.name)
            for name, formula in print_names(model).items():  # owned with the sheet
                package.set_defined_name(name, formula, sheet=model.name)
        package.set_defined_name(
            OWNED_SHEETS, owned_sheets_formula([m.name for m in models]), hidden=True
        )
        if update_calculation(package, data.rule, data.lookup_stamp, styles):
            result.rule_updated = True
            result.rule_changed = rule_changed(data.lookup_stamp or "", data.rule)
        if before_save is not None:  # what refuses the PDFs refuses the workbook too
            before_save([m.name for m in models])
        make_folder_of(target)  # the output folder, not the workbook read, is refused
        package.save(target, checks)
    finally:
        package.close()
    result.output = str(target)
    result.sheets = [m.name for m in models]
    return result


def update_calculation(
    package: Package, rule: Rule, stored: str | None, styles: dict[str, int] | None = None
) -> bool:
    """Rewrite the lookup sheet of the native formulas and the Contrôle constants when they
    were computed otherwise than this version computes ``rule`` (``stored``: the workbook's
    EFH_REGLE_CALCUL), and ask Excel to recalculate; whether they were rewritten.

    A changed rule, or a version that showed a combination otherwise (the marker of an action
    with no answer, once 0, now blank): import and refresh both bring the formulas up to date,
    so the values they cache and those Excel computes agree. ``styles``: the package's style
    indexes, once :func:`~efh_xl.ooxml.styles.ensure_styles` has made them sure.
    """
    if stored is None or stored == calculation_stamp(rule) or not _is_lookup_sheet(package):
        return False
    part = dict(package.sheet_parts()).get(LOOKUP_SHEET)
    if not part:
        return False
    if styles is None:
        original = package.read("xl/styles.xml")
        styles_xml, styles = ensure_styles(original)
        if styles_xml is not original:
            package.replace_part("xl/styles.xml", styles_xml)
    model, code_name = lookup_sheet(rule), package.code_name(part)
    package.replace_part(part, worksheet_xml(model, styles, None, code_name))
    package.set_defined_name(STAMP_NAME, stamp_formula(rule))
    package.set_defined_name(RULE_NAME, rule_range_formula())
    control = dict(package.sheet_parts()).get(CONTROL_SHEET)
    if control:  # the Python constants the native formulas are checked against
        sheet, original = package.read(control), package.read("xl/styles.xml")
        styles_xml, yes_no = yes_no_style(sheet, original)  # an older « Conforme » of 1 / 0
        if styles_xml is not original:
            package.replace_part("xl/styles.xml", styles_xml)
        package.replace_part(control, updated_control_xml(sheet, rule, yes_no))
    package.request_full_calculation()
    return True


def _is_lookup_sheet(package: Package) -> bool:
    """Whether the sheet named like the lookup sheet is the one the tool's formulas read.

    The build defines the lookup ranges on it (EFH_MARQUEURS…); a user's sheet that only
    shares the name is not rewritten.
    """
    formula = package.defined_name("EFH_MARQUEURS") or ""
    return formula.lstrip("=").lstrip("'").startswith(LOOKUP_SHEET)


def refresh(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    output_dir: str | os.PathLike[str] | None = None,
    check: bool = False,
    settings: Settings | None = None,
    progress: Progress[RefreshResult] | None = None,
    pdf_dir: str | os.PathLike[str] | None = None,
    force: bool = False,
) -> BatchResult[RefreshResult]:
    """Refresh many workbooks (a path, or several: files, folders, patterns); one result each.

    With ``pdf_dir``, each summary sheet is also exported there as an A4 landscape PDF, in the
    workbook's sub-folder as ``output_dir`` keeps it (``pdf_dir/2025/`` for
    ``coll/2025/efh_grille.xlsm`` among ``coll``'s workbooks), so that two workbooks of the
    same name never share their PDFs. A PDF that exists already is replaced only with
    ``force``, and one that this run wrote is never replaced: such a workbook fails
    (:class:`~efh_xl.errors.TargetExistsError`, :class:`~efh_xl.errors.SameTargetError`)
    before it is written.

    A workbook that fails (open in Excel, unreadable, disk full, even a bug) does not stop the
    others: its result has ``outcome == "error"``, the kind of error, its French message and
    exit code. A path that names nothing, and a folder or pattern without any workbook, are
    failed results too, given first (said before any workbook is written); then the
    workbooks, in the order given. ``output_dir`` keeps the inputs' folders below their common
    folder, so two workbooks of the same name never collide; a copy there that exists already
    is replaced only with ``force``. ``progress`` is called after each workbook with
    (workbooks done, workbooks in all, its result). The returned
    :class:`~efh_xl.workbook.results.BatchResult` is what ``efh-xl refresh --json`` prints.
    Raises :class:`~efh_xl.errors.OutputNotAFolderError` if ``output_dir`` or ``pdf_dir`` is
    a file or lies under one, or, not made yet, is named as a file (``copie.xlsx``); with
    ``pdf_dir``, before any workbook is written, LibreOffice is looked for
    (:class:`~efh_xl.errors.PdfExportError`) and the folder made and checked by writing a file
    in it (:class:`~efh_xl.errors.PermissionDeniedError` when the system
    refuses); without the font the PDFs need (Carlito or Calibri), the first result with
    PDFs has a warning saying so. A regional workbook written by
    :func:`~efh_xl.workbook.consolidation.consolidate` (known by its mark) is left untouched,
    its result ``outcome == "skipped"`` with the reason as its warning.
    """
    paths = given_paths(paths, "paths")  # a script's slip (None), said before any work
    settings = given_settings(settings)
    named = {Path(os.fspath(p)) for p in paths}  # files named on their own, not in a folder
    if output_dir is not None:
        check_not_a_file(given_path(output_dir, "output_dir"), "--output")
    font = _check_pdf_dir(pdf_dir, check)
    files, errors = _expand(paths)
    # The copies an earlier run wrote into an output folder inside the inputs' folder are not
    # inputs: refreshed again, they nested (copies/copies/…) and a consolidation of the folder
    # then counted the copies rather than the workbooks people edit.
    earlier = _earlier_copies(files, output_dir, named) if output_dir is not None else []
    files = [f for f in files if f not in earlier]
    targets = output_targets(files, output_dir) if output_dir is not None else [None] * len(files)
    # The PDFs keep the workbooks' sub-folders too: coll/2025/efh_grille.xlsm and
    # coll/2026/efh_grille.xlsm made the same PDF names in one folder, the second's silently
    # replacing the first's.
    pdf_dirs = (
        [t.parent for t in output_targets(files, pdf_dir)]
        if pdf_dir is not None
        else [None] * len(files)
    )
    pdfs_written: dict[Path, Path] = {}
    total = len(files) + len(errors)
    results: BatchResult[RefreshResult] = BatchResult()

    def report(result: RefreshResult) -> None:
        results.append(result)
        if progress:
            progress(len(results), total, result)

    total += len(earlier)
    for error in errors:
        shown = getattr(error, "pattern", None) or getattr(error, "shown", None)
        report(_failed(shown or str(error.path), error))
    for path in earlier:
        report(RefreshResult(str(path), outcome="skipped", warnings=[OUTPUT_COPY_SKIPPED]))
    seen: dict[Path, Path] = {}
    for path, target, pdfs in zip(files, targets, pdf_dirs, strict=True):
        try:
            if target is not None:
                first = seen.setdefault(real_path(target), path)
                if first is not path:
                    raise SameTargetError(target, first, path)
            # The PDF folder was checked above, once for the batch.
            result = _refresh_one(
                path, output_dir, check, settings, None, target, pdfs, force, pdfs_written
            )
        except EfhError as error:
            # Looked for only then: the usual file is a territory's.
            if (why := _OWN_OUTPUTS.get(written_by(path) or "")) is not None:
                result = RefreshResult(str(path), outcome="skipped", warnings=[why])
            elif left_aside(error, path, path in named):
                result = RefreshResult(str(path), outcome="skipped", warnings=[FOREIGN_SKIPPED])
            else:
                result = _failed(str(path), error)
        except OSError as error:
            result = _failed(str(path), from_os_error(error, path))
        except Exception as error:  # a bug must not stop the other workbooks of the batch
            result = _failed(str(path), error)
        if font and result.pdfs:  # said once, under the first workbook whose PDFs it concerns
            result.warnings, font = [*result.warnings, *font], []
        report(result)
    return results


# Said of every workbook under the output folder, whatever becomes of its original (refreshed,
# refused because this copy exists without --force, or gone): it promises nothing of it.
OUTPUT_COPY_SKIPPED = (
    "dans le dossier de sortie (--output) de cette commande : laissé de côté (ce dossier "
    "reçoit les copies qu'elle écrit ; il n'est pas relu)"
)


def _earlier_copies(
    files: list[Path], folder: str | os.PathLike[str], named: set[Path]
) -> list[Path]:
    """The files an earlier run copied into ``folder``: those below it (by their real paths:
    any spelling, a link) when it lies inside the inputs' folder; none when it does not exist
    yet or holds the inputs' folder (« -o .. »: the inputs are no copies). A file named on
    its own is an input all the same. Raises when ``folder`` is the inputs' folder itself,
    where each copy would replace its original (every workbook was skipped as a copy)."""
    try:
        root = real_path(Path(folder))
    except OSError:
        return []
    if not root.is_dir() or not files:
        return []
    real = [real_path(f) for f in files]
    try:
        common = Path(os.path.commonpath([r.parent for r in real]))
    except ValueError:  # different drives: no common folder
        return []
    if root == common:
        raise OutputFolderIsInputError(folder)
    if not root.is_relative_to(common):
        return []
    return [f for f, r in zip(files, real) if r.is_relative_to(root) and f not in named]


def _failed(path: str, error: Exception) -> RefreshResult:
    if isinstance(error, EfhError):
        result = RefreshResult.from_error(path, error)
    else:
        result = RefreshResult(
            path=path,
            outcome="error",
            error_kind="InternalError",
            error_message=(
                f"erreur interne ({type(error).__name__}) ; le classeur n'a pas été modifié. "
                "Relancez avec --debug et signalez le message."
            ),
            exit_code=EXIT_INTERNAL,
        )
    result.exception = error
    return result
