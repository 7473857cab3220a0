"""Benchmark: vectorised ``evaluate`` against the one-action function in a loop, same rows.

Both sides evaluate the same 1,000,000 messy rows (:mod:`messy`) in this process, warm (the
rule's combination table is built by an untimed first run), several runs each in turn:

- ``efh_xl.evaluate(frame)``: the DataFrame in, a DataFrame of markers and reasons out;
- ``[efh_xl.evaluate_action(row) for row in rows]``: the strongest per-row baseline (one call
  per action, no UDF wrapper), over the rows as a list of tuples made beforehand (untimed:
  the loop is given its input in the form it wants).

A third figure evaluates the same rows when every cell is its own object (as a reader that
creates one string per cell gives them), which is the slower case for ``evaluate``.
Target (issue 13): at least 4,000,000 rows/s on 1,000,000 messy rows.
Run: ``.venv/bin/python benchmarks/evaluate.py`` (``make bench`` runs every benchmark).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
from messy import messy_answers  # noqa: E402
from timing import Ratio, interleaved  # noqa: E402

from efh_xl import evaluate, evaluate_action  # noqa: E402

ROWS = 1_000_000
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
LOOP_RUNS = 3  # a run of the loop takes seconds
TARGET = 4_000_000


def own_objects(frame):
    """The same values, each string and float cell a distinct object (as a file reader gives)."""
    copy = frame.copy()
    for column in copy:
        values = copy[column].to_numpy(dtype=object)
        fresh = np.empty(len(values), dtype=object)
        fresh[:] = [
            (v + "\x00")[:-1] if type(v) is str else v + 0.0 if type(v) is float else v
            for v in values
        ]
        copy[column] = fresh
    return copy


def main() -> None:
    section = report.start(
        "evaluate", "Evaluate: 1,000,000 messy rows", "python benchmarks/evaluate.py"
    )
    frame = messy_answers(ROWS, seed=0)
    rows = list(frame.itertuples(index=False, name=None))
    distinct = own_objects(frame)
    evaluate(frame.iloc[:1000])  # builds the rule's tables: not part of a row's cost
    evaluate_action(rows[0])
    print(f"evaluate on {ROWS:,} messy rows (wall clock; runs of each side in turn)")
    timings = interleaved(
        {
            "evaluate(frame)": lambda: evaluate(frame),
            "evaluate(frame), every cell its own object": lambda: evaluate(distinct),
            "loop of evaluate_action(row)": lambda: [evaluate_action(r) for r in rows],
        },
        {
            "evaluate(frame)": RUNS,
            "evaluate(frame), every cell its own object": RUNS,
            "loop of evaluate_action(row)": LOOP_RUNS,
        },
    )
    fast, slow, loop = timings.values()
    for timing in timings.values():
        print(timing.line())
    for timing in timings.values():
        rates = (
            f"wall {ROWS / timing.best:,.0f} / {ROWS / timing.median:,.0f}, "
            f"CPU {ROWS / timing.cpu_best:,.0f} / {ROWS / timing.cpu_median:,.0f} rows/s"
        )
        print(f"  {timing.label + ': rows/s (best / median)':<58} {rates}")
        section.rows.append(
            report.Row(
                f"{timing.label}, {ROWS:,} rows: rows/s",
                rates + " (best / median)",
                f"{timing.how()}; {timing.figures()}",
                f">= {TARGET:,} rows/s" if timing is fast else "",
                ROWS / timing.best >= TARGET if timing is fast else None,
                ROWS / timing.cpu_best >= TARGET if timing is fast else None,
            )
        )
    for timing in (fast, slow):
        ratio = Ratio(loop, timing)
        name = f"speed-up of {timing.label} over the loop"
        print(ratio.line(name, digits=1))
        section.rows.append(report.Row(name, ratio.figures(digits=1), "same runs as above"))
    section.notes.append(
        "Target checked on the best run, wall clock and CPU time (the machine is shared with "
        "other work); medians are shown beside them."
    )
    section.notes.append(
        "The loop is given its rows as a list of tuples made before timing; evaluate is given "
        "the DataFrame. The messy rows share their cell objects (as pandas' CSV reader shares "
        "repeated strings); the second line gives every cell its own object."
    )
    report.finish(section)


if __name__ == "__main__":
    main()
