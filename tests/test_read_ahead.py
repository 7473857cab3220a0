"""Reading many workbooks in threads: results in the files' order, one file's failure at its
turn, nothing read past an early stop, and a consolidation that does not depend on it."""

from __future__ import annotations

import datetime as dt
import threading
import time
import zipfile

import pytest
from test_consolidate import inputs  # noqa: F401  (the module's fixture, reused)

from efh_xl.workbook import read_ahead as read_ahead_module
from efh_xl.workbook.consolidation import consolidate
from efh_xl.workbook.read_ahead import read_ahead


def test_results_come_in_the_items_order_whatever_order_the_reads_end_in():
    def read(n: int) -> int:
        time.sleep(0.001 * (n % 4 == 0))  # some reads end after the ones after them
        return n * n

    for threads in (1, 2, 4):
        pairs = list(read_ahead(range(40), read, threads=threads))
        assert pairs == [(n, n * n) for n in range(40)]


def test_reads_run_in_other_threads_when_there_are_several():
    names = {
        name
        for _, name in read_ahead(range(8), lambda _: threading.current_thread().name, threads=2)
    }
    assert all(name.startswith("efh-read") for name in names)
    alone = {
        name
        for _, name in read_ahead(range(3), lambda _: threading.current_thread().name, threads=1)
    }
    assert alone == {threading.current_thread().name}


def test_an_exception_is_raised_at_its_items_turn_after_the_items_before_it():
    def read(n: int) -> int:
        if n == 5:
            raise ValueError(n)
        return n

    seen = []
    with pytest.raises(ValueError):
        for _, value in read_ahead(range(20), read, threads=2):
            seen.append(value)
    assert seen == [0, 1, 2, 3, 4]


def test_an_early_stop_reads_only_a_few_items_ahead():
    started = []
    lock = threading.Lock()

    def read(n: int) -> int:
        with lock:
            started.append(n)
        return n

    reads = read_ahead(range(1000), read, threads=2)
    assert next(reads) == (0, 0)
    reads.close()  # what a for loop left by an error or Ctrl-C does
    assert len(started) <= 10  # the window (two per thread) and the reads under way


def _parts(path):
    """Every part but the package's creation time (the clock's, not ``now``)."""
    with zipfile.ZipFile(path) as package:
        names = [n for n in package.namelist() if n != "docProps/core.xml"]
        return {name: package.read(name) for name in names}


def test_a_consolidation_read_in_threads_writes_the_same_workbook_as_one_read_in_turn(
    inputs,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    folder = inputs[0]
    now = dt.datetime(2026, 1, 1, 12, 0)
    written = {}
    for threads in (1, 4):
        monkeypatch.setattr(read_ahead_module, "reader_threads", lambda t=threads: t)
        output = tmp_path / f"region_{threads}.xlsx"
        result = consolidate([folder], output, now=now)
        written[threads] = (_parts(output), [(r.path, r.outcome) for r in result.files])
    assert written[1] == written[4]
