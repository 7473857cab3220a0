"""Headless refresh: regenerate the summary sheets inside workbooks, losing nothing else.

For each workbook: read the Actions table and the Grille's box sets, recompute every marker
with the engine, lay out the summary sheets, and write only the tool's own parts into the
unchanged package (see :mod:`efh_xl.ooxml.package`). When the box sets of the Grille sheet changed,
the lookup sheet of the native formulas is rewritten too, and Excel is asked to recalculate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from efh_xl.core.sheet_model import SheetModel
from efh_xl.core.status import CATEGORY_KEYS
from efh_xl.core.summary import SUMMARY_COLUMNS, Settings, summarize
from efh_xl.core.summary_sheets import is_summary_sheet, summary_sheets
from efh_xl.errors import EfhError, WorkbookNotFoundError
from efh_xl.ooxml.charts import chart_xml, drawing_xml
from efh_xl.ooxml.package import NewSheet, Package, check_not_open
from efh_xl.ooxml.styles import ensure_styles
from efh_xl.ooxml.worksheet import worksheet_xml
from efh_xl.workbook.lookup_sheet import (
    LOOKUP_SHEET,
    RULE_NAME,
    STAMP_NAME,
    lookup_sheet,
    rule_range_formula,
    stamp,
    stamp_formula,
)
from efh_xl.workbook.reader import read_workbook
from efh_xl.workbook.results import BatchResult, Progress, RefreshResult

WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, folders as the workbooks they hold (recursively), globs expanded.

    Excel's owner files (``~$…``) are skipped. A path that names nothing raises.
    """
    found: list[Path] = []
    for raw in paths:
        text = str(raw)
        if any(ch in text for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]
        else:
            matches = [Path(text)]
        for match in matches:
            if match.is_dir():
                found += sorted(
                    p
                    for p in match.rglob("*")
                    if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$")
                )
            elif match.exists():
                found.append(match)
            else:
                raise WorkbookNotFoundError(match)
    return list(dict.fromkeys(found))


def _new_sheet(model: SheetModel, styles: dict[str, int]) -> NewSheet:
    charts = [chart_xml(model, chart) for chart in model.charts]
    rels = [f"rId{i}" for i in range(1, len(charts) + 1)]
    drawing = drawing_xml(model.charts, rels) if charts else None
    return NewSheet(
        model.name,
        worksheet_xml(model, styles, "rId1" if drawing else None),
        drawing,
        charts,
    )


def refresh_workbook(
    path: str | os.PathLike[str],
    *,
    output_dir: str | os.PathLike[str] | None = None,
    check: bool = False,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
) -> RefreshResult:
    """Regenerate the summary sheets of one workbook, in place or into ``output_dir``.

    With ``check``, only validate: nothing is written. Raises :class:`~efh_xl.errors.EfhError`
    on a problem the user can fix (missing file, open in Excel, no Actions table…).
    """
    path = Path(path)
    target = Path(output_dir) / path.name if output_dir is not None else path
    if not check and target == path:
        check_not_open(path)
    with collector_paused():
        return _refresh_workbook(path, target, output_dir, check, settings, now)


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


def _refresh_workbook(
    path: Path,
    target: Path,
    output_dir: str | os.PathLike[str] | None,
    check: bool,
    settings: Settings | None,
    now: dt.datetime | None,
) -> RefreshResult:
    data = read_workbook(path, columns=SUMMARY_COLUMNS)
    # Settings given by the caller win over the workbook's Paramètres sheet.
    summary = summarize(data.actions, data.rule, settings or data.settings, now, data.rule_name)
    overall = summary.overall
    result = RefreshResult(
        path=str(path),
        counts={
            "actions": summary.actions,
            "problems": overall.to_fix_count,
            "unreadable_amounts": overall.unreadable_count,
        },
        markers=dict(zip(CATEGORY_KEYS, overall.by_marker["Actions"].astype(int).tolist())),
    )
    if overall.unreadable_count:
        result.warnings.append(
            f"{overall.unreadable_count} montant(s) illisible(s), compté(s) dans aucun total "
            "en euros : voir la liste « Montants illisibles » de la synthèse."
        )
    if check:
        return result
    package = Package(path)
    try:
        existing = [name for name, _ in package.sheet_parts()]
        package.remove_sheets({n for n in existing if is_summary_sheet(n)})
        kept = {n for n in existing if not is_summary_sheet(n)}
        models = summary_sheets(summary, taken=kept)
        styles_xml, styles = ensure_styles(package.read("xl/styles.xml"))
        if styles_xml is not package.read("xl/styles.xml"):
            package.replace_part("xl/styles.xml", styles_xml)
        for model in models:
            package.add_sheet(_new_sheet(model, styles))
        if data.lookup_stamp is not None and data.lookup_stamp != stamp(data.rule):
            part = dict(package.sheet_parts()).get(LOOKUP_SHEET)
            if part:
                model, code_name = lookup_sheet(data.rule), package.code_name(part)
                package.replace_part(part, worksheet_xml(model, styles, None, code_name))
                package.set_defined_name(STAMP_NAME, stamp_formula(data.rule))
                package.set_defined_name(RULE_NAME, rule_range_formula())
                package.request_full_calculation()
                result.rule_updated = True
        if output_dir is not None:
            Path(output_dir).mkdir(parents=True, exist_ok=True)
        package.save(target)
    finally:
        package.close()
    result.output = str(target)
    result.sheets = [m.name for m in models]
    return result


def refresh(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    output_dir: str | os.PathLike[str] | None = None,
    check: bool = False,
    settings: Settings | None = None,
    progress: Progress[RefreshResult] | None = None,
) -> BatchResult[RefreshResult]:
    """Refresh many workbooks (a path, or several: files, folders, globs); one result each.

    A workbook that fails (open in Excel, unreadable…) does not stop the others: its result
    has ``outcome == "error"``, the kind of error and its French message. ``progress`` is
    called after each workbook with (workbooks done, workbooks in all, its result). The
    returned :class:`~efh_xl.workbook.results.BatchResult` is what ``efh-xl refresh --json``
    prints. A path that names nothing raises :class:`~efh_xl.errors.WorkbookNotFoundError`
    before any workbook is touched.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files = expand_paths(paths)
    results: BatchResult[RefreshResult] = BatchResult()
    for i, path in enumerate(files, start=1):
        try:
            result = refresh_workbook(path, output_dir=output_dir, check=check, settings=settings)
        except EfhError as error:
            result = RefreshResult.from_error(path, error)
        results.append(result)
        if progress:
            progress(i, len(files), result)
    return results
