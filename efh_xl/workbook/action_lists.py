"""Lists of actions outside the workbook (CSV or a plain Excel sheet): evaluate them in bulk.

Text is written back as text: a title starting with « = » stays a title (XlsxWriter's
``strings_to_formulas`` is off), never a formula.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from efh_xl.core.blank_rows import drop_blank_rows
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.grid import Rule
from efh_xl.core.vectorised import evaluate
from efh_xl.errors import EfhError, InputFileError, WorkbookNotFoundError


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A list of actions from a CSV (``;`` or ``,``, UTF-8 or Windows-1252) or an Excel file."""
    path = Path(path)
    if not path.exists():
        raise WorkbookNotFoundError(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsm", ".xlsx"):
            from efh_xl.workbook.reader import read_workbook

            try:
                return read_workbook(path).actions
            except EfhError:
                return pd.read_excel(path, dtype=object, engine="calamine")
        if suffix in (".csv", ".txt"):
            for encoding in ("utf-8-sig", "cp1252"):
                try:
                    return pd.read_csv(
                        path,
                        sep=None,
                        engine="python",
                        dtype=object,
                        encoding=encoding,
                        keep_default_na=False,
                        na_values=[""],
                    )
                except UnicodeDecodeError:
                    continue
    except (ValueError, OSError) as error:
        raise InputFileError(path, f"lecture impossible ({error})") from error
    raise InputFileError(path, "format non pris en charge : utilisez un fichier .csv ou .xlsx")


def evaluate_file(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    rule: Rule | None = None,
) -> pd.DataFrame:
    """Read a list of actions, add the columns Marqueur and Motif, and optionally write it.

    ``rule`` is the reading of the grid to apply (the reference reading by default).
    """
    frame = drop_blank_rows(read_table(path))  # a row with nothing typed is no action
    result = frame.drop(columns=[MARKER_COLUMN, REASON_COLUMN], errors="ignore")
    result = pd.concat([result, evaluate(result, rule)], axis=1)
    if output is not None:
        output = Path(output)
        if output.suffix.lower() == ".xlsx":
            with pd.ExcelWriter(
                output,
                engine="xlsxwriter",
                engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
            ) as writer:
                result.to_excel(writer, index=False, sheet_name="Actions")
        else:
            result.to_csv(output, index=False, sep=";", encoding="utf-8-sig")
    return result
