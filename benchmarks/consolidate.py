"""Benchmark: consolidation of 200 workbooks of 300 actions against its floor.

200 workbooks (40 territories x 5 years, 300 actions each, messy answers, unique action
numbers) are built by efh_xl, then, in one process, warm, one run of each side in turn:

- the consolidation: ``consolidate([folder], output)``: read every workbook, recompute, write
  the regional workbook (60,000 actions);
- the floor: read the same 200 Actions tables with python-calamine (``to_python``), the
  fastest reader; a consolidation cannot do less than read its inputs.

and the peak memory (VmHWM) of a fresh process that consolidates the folder.
Target (issue 10): at most 1.5x the floor. Run: ``.venv/bin/python benchmarks/consolidate.py``;
``BENCH_FILES`` and ``BENCH_ROWS`` change the sizes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import python_calamine

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
from messy import messy_answers  # noqa: E402
from timing import Ratio, interleaved  # noqa: E402

from efh_xl.ooxml.zip import DEFLATE  # noqa: E402
from efh_xl.workbook.build import build_workbook  # noqa: E402
from efh_xl.workbook.consolidation import consolidate  # noqa: E402
from efh_xl.workbook.formulas import TABLE_NAME  # noqa: E402
from efh_xl.workbook.sample import sample_actions  # noqa: E402

FILES = int(os.environ.get("BENCH_FILES", "200"))
ROWS = int(os.environ.get("BENCH_ROWS", "300"))
RUNS = 3
MAX_RATIO = 1.5
YEARS = (2021, 2022, 2023, 2024, 2025)


def build_one(args: tuple[int, str]) -> str:
    index, folder = args
    territory = f"Territoire {index // len(YEARS) + 1:02d}"
    year = YEARS[index % len(YEARS)]
    actions = sample_actions(per_territory=ROWS // 3 + 1).iloc[:ROWS].reset_index(drop=True)
    answers = messy_answers(ROWS, seed=index)
    for column in answers:
        actions[column] = answers[column].to_numpy()
    actions["Territoire"] = territory
    actions["Année"] = year
    actions["N° action"] = [f"PRJ-{year}-{index:03d}-{i:04d}" for i in range(ROWS)]
    return str(build_workbook(Path(folder) / f"t{index:03d}_{year}.xlsm", actions=actions))


def floor(paths: list[Path]) -> None:
    for path in paths:
        book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
        book.get_table_by_name(TABLE_NAME).to_python()
        book.close()


def peak_memory_mb(folder: Path, output: Path) -> float:
    """Peak resident memory (MB) of a fresh process that consolidates ``folder``."""
    code = (
        "import sys; from efh_xl.workbook.consolidation import consolidate; "
        "consolidate([sys.argv[1]], sys.argv[2], force=True); "
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(output)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip()) / 1024


def main() -> None:
    section = report.start(
        "consolidate",
        f"Consolidation: {FILES} workbooks x {ROWS} actions",
        "python benchmarks/consolidate.py",
    )
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "territoires"
        folder.mkdir()
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            paths = sorted(
                Path(p) for p in pool.map(build_one, [(i, str(folder)) for i in range(FILES)])
            )
        size = sum(p.stat().st_size for p in paths) / 1e6
        output = Path(scratch) / "region.xlsx"
        print(f"{FILES} workbooks x {ROWS} actions ({size:.0f} MB in all)")
        labels = {
            "ours": f"consolidate, {FILES} x {ROWS}",
            "floor": f"floor (calamine reads the {FILES} tables), {FILES} x {ROWS}",
        }
        timings = interleaved(
            {
                labels["ours"]: lambda: consolidate([folder], output, force=True),
                labels["floor"]: lambda: floor(paths),
            },
            RUNS,
        )
        for timing in timings.values():
            print(timing.line())
            section.rows.append(report.Row(timing.label, timing.figures(), timing.how()))
        ratio = Ratio(timings[labels["ours"]], timings[labels["floor"]])
        name = f"consolidate / floor, {FILES} x {ROWS}"
        print(ratio.line(name) + f"  target <= {MAX_RATIO}x")
        section.rows.append(
            report.Row(
                name,
                ratio.figures(),
                "same runs as above",
                f"<= {MAX_RATIO}x",
                ratio.best <= MAX_RATIO,
            )
        )
        print(f"  regional workbook: {output.stat().st_size / 1e6:.1f} MB (deflate: {DEFLATE})")
        peak = peak_memory_mb(folder, Path(scratch) / "region_memory.xlsx")
        name = f"peak memory of a consolidation, {FILES} x {ROWS}"
        print(f"  {name:<58} {peak:.0f} MB (VmHWM of a fresh process)")
        section.rows.append(
            report.Row(name, f"{peak:.0f} MB", "cold, 1 run: VmHWM of a fresh process")
        )
    section.notes.append(
        "The consolidation reads every workbook (table, Grille box sets, defined names), "
        "recomputes every marker, and writes the regional workbook; the floor only reads the "
        "same tables with python-calamine."
    )
    report.finish(section)


if __name__ == "__main__":
    main()
