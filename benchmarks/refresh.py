"""Benchmark: headless refresh against an openpyxl load+save and against the floor.

For workbooks of 1,000, 10,000 and 100,000 actions (built by efh_xl with messy answers), prints
the refresh time, its ratio to a plain openpyxl load+save of the same file and to the floor
(reading the table with python-calamine plus copying the zip), all measured in this run, and
the peak memory of the refresh. Targets (issue 4): <= 0.25x openpyxl at 10,000 and 100,000
actions, <= 2x the floor, < 500 MB at 100,000. Run: ``.venv/bin/python benchmarks/refresh.py``.

The time over the floor is printed too: about 0.03 s of it is fixed per workbook (four summary
sheets, nine charts, styles, the zip directory), which is why the ratio is largest at 1,000
actions, where the floor itself is 0.01 to 0.02 s.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import python_calamine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from messy import messy_answers  # noqa: E402

from efh_xl.workbook.build import build_workbook  # noqa: E402
from efh_xl.workbook.headless_refresh import refresh_workbook  # noqa: E402
from efh_xl.workbook.sample import sample_actions  # noqa: E402

SKIP_OPENPYXL_ABOVE = 10_000  # a 100,000-row openpyxl round trip takes minutes: extrapolated


def workbook_with(rows: int, folder: Path) -> Path:
    actions = sample_actions(per_territory=max(1, rows // 3 + 1)).iloc[:rows].reset_index(drop=True)
    answers = messy_answers(rows, seed=rows)
    for column in answers:
        actions[column] = answers[column].to_numpy()
    return build_workbook(folder / f"bench_{rows}.xlsm", actions=actions)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def floor(path: Path, copy: Path) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    book.get_table_by_name("Programmation").to_python()
    book.close()
    shutil.copyfile(path, copy)


def peak_memory(path: Path) -> float:
    """Peak resident memory (MB) of a fresh process that refreshes ``path``."""
    # VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the forked parent's high-water mark
    # across exec, so a child of this (large) benchmark process would report the parent's.
    code = (
        "import sys; from efh_xl.workbook.headless_refresh import refresh_workbook; "
        "refresh_workbook(sys.argv[1]); "
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        openpyxl_rate = None
        for rows in (1_000, 10_000, 100_000):
            path = workbook_with(rows, folder)
            work = folder / "work.xlsm"
            shutil.copyfile(path, work)
            refresh_workbook(work)  # first refresh adds the sheets; time the steady state
            refresh_s = min(timed(lambda work=work: refresh_workbook(work)) for _ in range(2))
            peak = peak_memory(work)
            floor_s = min(timed(lambda p=path: floor(p, folder / "copy.xlsm")) for _ in range(2))
            if rows <= SKIP_OPENPYXL_ABOVE:

                def round_trip(p=path):
                    openpyxl.load_workbook(p, keep_vba=True).save(folder / "openpyxl.xlsm")

                openpyxl_s = timed(round_trip)
                openpyxl_rate = openpyxl_s / rows
                note = ""
            else:
                openpyxl_s = openpyxl_rate * rows
                note = " (openpyxl extrapolated from 10,000 rows)"
            print(
                f"{rows:>7,} actions: refresh {refresh_s:6.2f} s, "
                f"{refresh_s / openpyxl_s:5.3f}x openpyxl load+save ({openpyxl_s:6.1f} s), "
                f"{refresh_s / floor_s:4.2f}x the floor ({floor_s:5.2f} s, "
                f"+{refresh_s - floor_s:4.2f} s over it), "
                f"peak {peak:6.0f} MB (process VmHWM){note}"
            )


if __name__ == "__main__":
    main()
