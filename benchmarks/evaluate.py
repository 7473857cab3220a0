"""Benchmark: vectorised ``evaluate`` against a loop of the two UDFs, in the same run.

Prints rows per second and the speed-up over the loop. Targets (issue 2): >= 2,000,000 rows/s
and >= 10x the loop. Run: ``.venv/bin/python benchmarks/evaluate.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from messy import messy_answers  # noqa: E402

from efh_xl import evaluate  # noqa: E402
from efh_xl.core.vectorised import combination_arrays  # noqa: E402
from efh_xl.excel.udfs import EFH_MARQUEUR, EFH_MOTIF  # noqa: E402

LOOP_ROWS = 20_000  # the loop is timed on a sample: its cost per row is flat


def best_of(repeat: int, function) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    combination_arrays()  # built once per rule and cached: not part of a row's cost
    sample = messy_answers(LOOP_ROWS, seed=1)
    rows = sample.to_numpy().tolist()
    loop = best_of(3, lambda: [(EFH_MARQUEUR(*r), EFH_MOTIF(*r)) for r in rows])
    loop_rate = LOOP_ROWS / loop
    print(f"loop of EFH_MARQUEUR + EFH_MOTIF: {loop_rate:,.0f} rows/s ({LOOP_ROWS:,} rows)")
    for n in (100_000, 1_000_000):
        frame = messy_answers(n)
        seconds = best_of(7, lambda frame=frame: evaluate(frame))  # 2 cores: noisy
        rate = n / seconds
        print(
            f"evaluate, {n:>9,} rows: {seconds * 1000:7.1f} ms, {rate:,.0f} rows/s, "
            f"{rate / loop_rate:.1f}x the loop"
        )


if __name__ == "__main__":
    main()
