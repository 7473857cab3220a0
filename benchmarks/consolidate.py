"""Benchmark: consolidation of 200 workbooks of 300 actions against its floor.

200 workbooks (40 territories x 5 years, 300 actions each, messy answers; each territory
numbers its own actions « 2021-0001, 2021-0002… », as real lists do, so that every number is
found in 40 files and the search for duplicates does its real work) are built by efh_xl,
then, in one process, warm, one run of each side in turn:

- the consolidation: ``consolidate([folder], output)``: read every workbook, recompute, write
  the regional workbook (60,000 actions);
- the floor: read the same 200 Actions tables with python-calamine (``to_python``), the
  fastest reader that gives the cells as Python values, the reader efh_xl uses; a
  consolidation cannot do less than read its inputs;
- the fastest floor: the same tables read by fastexcel into Arrow columns (no Python object
  per cell), faster still; it needs pyarrow, which changes pandas 3's text columns, so it runs
  in a venv of its own (``.venv-floor``, made by ``make bench``; ``BENCH_FLOOR_PYTHON`` names
  another interpreter) as a child process timing itself (see fastest_floor.py). Without it the
  ratio is against python-calamine only, and says so.

and the peak memory (VmHWM) of a fresh process that consolidates the folder.
Target (issue 10): at most 1.5x the floor, the fastest one measured.
Run: ``make bench`` or ``.venv/bin/python benchmarks/consolidate.py``; ``BENCH_FILES`` and
``BENCH_ROWS`` change the sizes.
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
from timing import Measured, Ratio, interleaved  # noqa: E402

from efh_xl.ooxml.zip import DEFLATE  # noqa: E402
from efh_xl.workbook.build import build_workbook  # noqa: E402
from efh_xl.workbook.consolidation import consolidate  # noqa: E402
from efh_xl.workbook.formulas import TABLE_NAME  # noqa: E402
from efh_xl.workbook.read_ahead import reader_threads  # noqa: E402
from efh_xl.workbook.sample import sample_actions  # noqa: E402

FILES = int(os.environ.get("BENCH_FILES", "200"))
ROWS = int(os.environ.get("BENCH_ROWS", "300"))
RUNS = 5
HERE = Path(__file__).resolve().parent
FLOOR_PYTHON = Path(
    os.environ.get("BENCH_FLOOR_PYTHON") or HERE.parent / ".venv-floor" / "bin" / "python"
)
MAX_RATIO = 1.5
THREADS = reader_threads()  # as many as the consolidation reads its workbooks in
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
    actions["N° action"] = [f"{year}-{i + 1:04d}" for i in range(ROWS)]
    return str(build_workbook(Path(folder) / f"t{index:03d}_{year}.xlsm", actions=actions))


def floor(paths: list[Path]) -> None:
    for path in paths:
        book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
        book.get_table_by_name(TABLE_NAME).to_python()
        book.close()


class FastestFloor:
    """fastexcel reading the tables, in a child process of its own venv (fastest_floor.py),
    warm; each call is one timed run, measured by the child."""

    def __init__(self, paths: list[Path]) -> None:
        script = HERE / "fastest_floor.py"
        command = [str(FLOOR_PYTHON), str(script), TABLE_NAME, *map(str, paths)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        if self._line() != "ready":
            self.close()
            raise RuntimeError(f"{FLOOR_PYTHON} could not read the tables with fastexcel")

    def _line(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def __call__(self, threads: int = 1) -> Measured:
        assert self.process.stdin is not None
        self.process.stdin.write(f"run {threads}\n")
        self.process.stdin.flush()
        wall, cpu = map(float, self._line().split())
        return Measured(wall, cpu)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


def fastest_floor(paths: list[Path]) -> tuple[FastestFloor | None, str]:
    """The fastexcel floor, or None and why it is not measured."""
    if not FLOOR_PYTHON.exists():
        return None, f"no {FLOOR_PYTHON} (make bench makes it)"
    try:
        return FastestFloor(paths), ""
    except (OSError, RuntimeError) as error:
        return None, str(error)


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
        print(
            f"{FILES} workbooks x {ROWS} actions ({size:.0f} MB in all); "
            f"consolidation read in {reader_threads()} threads"
        )
        labels = {
            "ours": f"consolidate, {FILES} x {ROWS}",
            "floor": f"floor (python-calamine reads the {FILES} tables), {FILES} x {ROWS}",
            "fastest": f"floor (fastexcel reads them into Arrow), {FILES} x {ROWS}",
            "threaded": f"fastexcel in {THREADS} threads (not the floor), {FILES} x {ROWS}",
        }
        sides = {
            labels["ours"]: lambda: consolidate([folder], output, force=True),
            labels["floor"]: lambda: floor(paths),
        }
        fastest, why_not = fastest_floor(paths)
        if fastest is not None:
            sides[labels["fastest"]] = fastest
            if THREADS > 1:
                sides[labels["threaded"]] = lambda: fastest(THREADS)
        try:
            timings = interleaved(sides, RUNS)
        finally:
            if fastest is not None:
                fastest.close()
        for timing in timings.values():
            print(timing.line())
            section.rows.append(report.Row(timing.label, timing.figures(), timing.how()))
        floors = [timings[labels[k]] for k in ("floor", "fastest") if labels[k] in timings]
        lowest = min(floors, key=lambda t: t.cpu_best)
        for side in floors:
            ratio = Ratio(timings[labels["ours"]], side)
            reader = "python-calamine" if side is timings[labels["floor"]] else "fastexcel"
            name = f"consolidate / floor ({reader}), {FILES} x {ROWS}"
            judged = side is lowest  # the target is against the fastest reader measured
            print(ratio.line(name) + (f"  target <= {MAX_RATIO}x" if judged else ""))
            section.rows.append(
                report.Row(
                    name,
                    ratio.figures(),
                    "same runs as above",
                    f"<= {MAX_RATIO}x" if judged else "",
                    ratio.best <= MAX_RATIO if judged else None,
                    ratio.cpu_best <= MAX_RATIO if judged else None,
                )
            )
        if labels["threaded"] in timings:
            # Context, not the target: the floor reads the tables with the fastest
            # reader; read in as many threads as the consolidation uses, they take this long.
            side = timings[labels["threaded"]]
            ratio = Ratio(timings[labels["ours"]], side)
            name = f"consolidate / fastexcel in {THREADS} threads, {FILES} x {ROWS}"
            print(ratio.line(name))
            section.rows.append(report.Row(name, ratio.figures(), "same runs as above"))
        if fastest is None:
            print(f"  fastexcel floor not measured: {why_not}")
            section.notes.append(
                f"The fastexcel floor was not measured ({why_not}): the ratio is against "
                "python-calamine only, a slower reader."
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
        "recomputes every marker, and writes the regional workbook; a floor only reads the "
        "same tables: python-calamine gives their cells as Python values (the reader efh_xl "
        "uses), fastexcel as Arrow columns (no Python object per cell), in a venv of its own "
        "(pyarrow would change pandas' text columns in the consolidation measured)."
    )
    section.notes.append(
        f"The consolidation reads its workbooks in {THREADS} threads here (one per core, at "
        "most 4: python-calamine leaves the GIL while it parses), the floors in one: the wall "
        "clock is what a user waits on this machine; the CPU time is the work summed over the "
        "threads, what a one-core machine would wait. The line « fastexcel in N threads » "
        "reads the tables in as many threads as the consolidation: it is not the issue's floor "
        "(the fastest reader reading the tables), but it shows how much of the wall-clock "
        "ratio comes from the cores rather than from less work."
    )
    report.finish(section)


if __name__ == "__main__":
    main()
