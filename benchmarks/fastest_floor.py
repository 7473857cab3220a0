"""The consolidation benchmark's second floor: fastexcel reading the same tables into Arrow.

fastexcel (Rust, over calamine, like python-calamine) hands the cells over as Arrow columns,
without a Python object per cell: it reads the benchmark's tables faster than python-calamine's
``to_python``, so it is the fastest reader of them found (2026-11-29). It needs pyarrow, and
pyarrow makes pandas 3 back its text columns with Arrow, which would change the consolidation
being measured: this script runs in a venv of its own (``make bench`` makes ``.venv-floor``),
as a child of ``consolidate.py``, and times itself.

Run: ``python fastest_floor.py TABLE PATH...``; after one untimed read of every table it
prints ``ready``, then, for each line read on its standard input (``run``, or ``run N`` to read
in N threads), reads every table once more and prints the wall-clock and CPU seconds of that
run.
"""

from __future__ import annotations

import gc
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import fastexcel


def read_one(table: str, path: str) -> None:
    fastexcel.read_excel(path).load_table(table).to_arrow()


def read_all(table: str, paths: list[str], threads: int = 1) -> None:
    if threads <= 1:
        for path in paths:
            read_one(table, path)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(lambda path: read_one(table, path), paths))


def main() -> None:
    table, paths = sys.argv[1], sys.argv[2:]
    read_all(table, paths)  # warm, as the in-process sides are
    print("ready", flush=True)
    for line in sys.stdin:
        # « run »: one thread; « run N »: N threads, as the consolidation reads.
        words = line.split()
        threads = int(words[1]) if len(words) > 1 else 1
        gc.collect()
        cpu, start = time.process_time(), time.perf_counter()
        read_all(table, paths, threads)
        print(f"{time.perf_counter() - start} {time.process_time() - cpu}", flush=True)


if __name__ == "__main__":
    main()
