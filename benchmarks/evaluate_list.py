"""Benchmark: reading a spreadsheet list of 50,000 actions for ``evaluate`` (``read_table``).

The list is the sample programmation (15 columns: year, territory, number, title, porteur,
pilier, amounts, Q1 to Q5, comments), 50,000 rows under a title line, written as .xlsx by
XlsxWriter. Three ways of reading it, timed in turn in this process (warm):

- ``read_table(path)``: the header row found by reading the sheets once with python-calamine,
  the frame built from those rows;
- the former way: the same header search, then ``pd.read_excel`` reading the chosen sheet a
  second time (calamine engine, ``dtype=object``) - what ``read_table`` did before;
- the floor: python-calamine reading the sheet's cells into Python lists, nothing else.

Then writing the result (the list, Marqueur and Motif) as .xlsx, timed in turn:

- ``write_evaluated_list``: the laid-out sheet ``evaluate -o resultats.xlsx`` writes (widths,
  wrapped Motif and row heights, frozen and filtered header, page set-up);
- the former writer: pandas' ``to_excel`` through XlsxWriter, no layout (as before);

and ``evaluate_file(path, "resultats.xlsx")`` end to end (read, evaluate, write).
Run: ``.venv/bin/python benchmarks/evaluate_list.py`` (``make bench`` runs every benchmark).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pandas as pd
import python_calamine
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
from timing import Ratio, interleaved  # noqa: E402

from efh_xl.core.sheet_model import fit_cell  # noqa: E402
from efh_xl.core.vectorised import evaluate  # noqa: E402
from efh_xl.workbook.action_lists import evaluate_file, read_table  # noqa: E402
from efh_xl.workbook.evaluated_list import write_evaluated_list  # noqa: E402
from efh_xl.workbook.import_list import sheet_table  # noqa: E402
from efh_xl.workbook.sample import sample_actions  # noqa: E402

ROWS = 50_000
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SHEET, HEADER_ROW = "Programmation", 2  # a title, a blank line, then the header (1-based: 3)


def write_list(path: Path) -> None:
    frame = sample_actions(per_territory=-(-ROWS // 3)).iloc[:ROWS, :15]
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet(SHEET)
    sheet.write_string(0, 0, "Programmation du contrat de ville - export")
    for j, name in enumerate(frame.columns):
        sheet.write_string(HEADER_ROW, j, name)
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=HEADER_ROW + 1):
        for j, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(i, j, value)
            elif value is not None and value == value:
                sheet.write_number(i, j, float(value))
    book.close()


def former_read(path: Path) -> pd.DataFrame:
    sheet_table(path)  # the header search, which reads every sheet
    return pd.read_excel(
        path, sheet_name=SHEET, header=HEADER_ROW, dtype=object, engine="calamine"
    )


def former_write(result: pd.DataFrame, output: Path) -> None:
    options = {"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    with pd.ExcelWriter(output, engine="xlsxwriter", engine_kwargs=options) as writer:
        cells = result.map(lambda v: fit_cell(v) if isinstance(v, str) else v)
        cells.to_excel(writer, index=False, sheet_name="Actions")


def floor(path: Path) -> list:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(SHEET).to_python(skip_empty_area=True)
    finally:
        book.close()


def main() -> None:
    section = report.start(
        "evaluate_list",
        f"Evaluate: reading a spreadsheet list of {ROWS:,} actions",
        "python benchmarks/evaluate_list.py",
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "liste.xlsx"
        write_list(path)
        output = Path(folder) / "resultats.xlsx"
        now, before = read_table(path), former_read(path)
        assert len(now) == ROWS and list(now.columns) == list(before.columns)
        print(f"reading a .xlsx list of {ROWS:,} actions (wall clock; runs of each side in turn)")
        timings = interleaved(
            {
                "read_table (one read)": lambda: read_table(path),
                "header search + read_excel (before)": lambda: former_read(path),
                "floor: calamine cells only": lambda: floor(path),
            },
            RUNS,
        )
        result = pd.concat([now, evaluate(now)], axis=1)
        writes = interleaved(
            {
                "write_evaluated_list (laid out)": lambda: write_evaluated_list(
                    result, output, "liste.xlsx"
                ),
                "pandas to_excel (before, no layout)": lambda: former_write(result, output),
            },
            max(1, RUNS // 2),
        )
        whole = interleaved(
            {"evaluate_file, .xlsx written": lambda: evaluate_file(path, output, force=True)},
            max(1, RUNS // 2),
        )
    once, twice, cells = timings.values()
    laid_out, plain = writes.values()
    for timing in [*timings.values(), *writes.values(), *whole.values()]:
        print(timing.line())
        section.rows.append(
            report.Row(
                f"{timing.label}, {ROWS:,} rows",
                f"wall {timing.best:.3f} / {timing.median:.3f} s, CPU {timing.cpu_best:.3f} / "
                f"{timing.cpu_median:.3f} s (best / median)",
                timing.how(),
            )
        )
    for name, ratio in (
        ("read_table / former read (header search + read_excel)", Ratio(once, twice)),
        ("read_table / floor", Ratio(once, cells)),
        ("write_evaluated_list / pandas to_excel (before)", Ratio(laid_out, plain)),
    ):
        print(ratio.line(name))
        section.rows.append(report.Row(name, ratio.figures(), "same runs as above"))
    section.notes.append(
        "The former read is reproduced here as read_table did it before (the header search, "
        "then read_excel on the sheet and row it found), so both are timed in the same run."
    )
    report.finish(section)


if __name__ == "__main__":
    main()
