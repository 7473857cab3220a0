"""Benchmark: start-up of the ``efh-xl`` command beside a bare Python start, all cold.

Times fresh processes, one of each in turn: ``python -c pass`` (the interpreter alone),
``python -c "import efh_xl"``, ``efh-xl --version`` and ``efh-xl refresh`` of one small
workbook (the committed ``workbook/efh_grille.xlsm``, copied). Then lists which heavy
modules (pandas, numpy, lxml, xlsxwriter, python_calamine, openpyxl, xlwings) each command
imports: each is imported only by the commands that use it.
Run: ``.venv/bin/python benchmarks/startup.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
from timing import interleaved_processes  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "10"))
HEAVY = ("pandas", "numpy", "lxml", "xlsxwriter", "python_calamine", "openpyxl", "xlwings")
CLI = Path(sys.executable).with_name("efh-xl")

# Runs the CLI in-process with the given arguments, then prints the heavy modules it loaded.
PROBE = f"""
import sys
from efh_xl.cli import main
sys.argv = ["efh-xl", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print("HEAVY " + (", ".join(heavy) or "none"), file=sys.stderr)
"""


def heavy_modules(arguments: list[str]) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True, check=True
    )
    return next(line for line in out.stderr.splitlines() if line.startswith("HEAVY "))[6:]


def main() -> None:
    section = report.start(
        "startup", "Start-up of the command (cold processes)", "python benchmarks/startup.py"
    )
    with tempfile.TemporaryDirectory() as scratch:
        small = Path(scratch) / "efh_grille.xlsm"
        shutil.copyfile(ROOT / "workbook" / "efh_grille.xlsm", small)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            'python -c "import efh_xl"': [sys.executable, "-c", "import efh_xl"],
            "efh-xl --version": [str(CLI), "--version"],
            "efh-xl refresh efh_grille.xlsm": [str(CLI), "refresh", str(small)],
        }
        timings = interleaved_processes(commands, RUNS)
        loaded = {
            "efh-xl --version": heavy_modules(["--version"]),
            "efh-xl refresh efh_grille.xlsm": heavy_modules(["refresh", str(small)]),
        }
    bare = timings["python -c pass"]
    print("start-up of fresh processes (wall clock; CPU time of the child; runs in turn)")
    for timing in timings.values():
        print(timing.line("ms"))
    for label, timing in timings.items():
        over = (
            f"; {1000 * (timing.best - bare.best):.0f} ms over python -c pass (best - best)"
            if timing is not bare
            else ""
        )
        heavy = f"; heavy modules imported: {loaded[label]}" if label in loaded else ""
        if label in loaded:
            print(f"  {label:<44} heavy modules imported: {loaded[label]}")
        section.rows.append(report.Row(label, timing.figures("ms") + over + heavy, timing.how()))
    section.notes.append(
        "The refresh row includes the whole refresh of the 12-action workbook, not only the "
        "start-up; heavy modules are those it needs (numpy, pandas for the summaries, lxml "
        "for the package, python_calamine for reading)."
    )
    report.finish(section)


if __name__ == "__main__":
    main()
