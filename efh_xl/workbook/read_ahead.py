"""Read many workbooks in threads, a few files ahead of the one being used.

python-calamine releases the GIL while it inflates and parses a sheet, which is most of the
time a read takes: threads then read on every core while the main thread goes on with the
file before, in the order the files were given (reports, progress and the first-read-wins
rule of duplicates stay in that order). A handful of reads ahead is enough to keep the cores
busy; a bounded window keeps memory bounded and lets an interruption stop after the reads
under way, not after the whole batch.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# More threads than cores gain nothing (the parse holds a core each); 4 is where a laptop's
# disk and memory bandwidth, not its cores, set the pace.
_MOST_THREADS = 4


def reader_threads() -> int:
    """How many files are read at once: one per core, at most :data:`_MOST_THREADS`."""
    return max(1, min(_MOST_THREADS, os.cpu_count() or 1))


def read_ahead(
    items: Iterable[T], read: Callable[[T], R], *, threads: int | None = None
) -> Iterator[tuple[T, R]]:
    """``(item, read(item))`` for each item, in the items' order, ``read`` running in threads
    a few items ahead. An exception raised by ``read`` is raised here, at its item's turn:
    ``read`` should return a file's own failure as a value, so the others go on.

    With one thread (a one-core machine) the reads run here, one after the other.
    """
    threads = reader_threads() if threads is None else threads
    if threads <= 1:
        for item in items:
            yield item, read(item)
        return
    pending: deque[tuple[T, Future[R]]] = deque()
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="efh-read")
    try:
        source = iter(items)
        window = 2 * threads  # enough to keep every thread busy while one result is used
        for item in source:
            pending.append((item, pool.submit(read, item)))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        # Stopped early (an error, Ctrl-C, a generator closed): the reads not started are
        # dropped, the ones under way end (a read takes a fraction of a second).
        for _, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
