"""A refresh killed at any moment never damages the workbook, and leaves no temporary behind.

A real ``efh-xl refresh`` process on a 20,040-action workbook is killed with SIGKILL, in
half the trials at a random moment of the whole run, in the other half at a random moment
after its temporary file appeared (the write itself). Every time the workbook must be either
byte-identical to the original or completely refreshed (a sound package whose summary sheets
are all there and that reads back with every action), and after the next run in that folder
no temporary file of the tool remains.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import WORKBOOK

from efh_xl import refresh_workbook
from efh_xl.ooxml.atomic_file import is_temporary
from efh_xl.workbook.reader import read_workbook

COPIES = 167  # the sample's 120 rows, 167 times: 20,040 actions
TRIALS = int(os.environ.get("EFH_KILL_TRIALS", "10"))

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")


def large_workbook(path: Path) -> int:
    """The sample workbook with its table rows repeated; returns the number of actions.

    Written at the package level (rows copied, references renumbered, table range widened):
    building 20,000 rows through XlsxWriter takes a minute, this takes a second.
    """
    with zipfile.ZipFile(WORKBOOK) as source:
        items = [(i, source.read(i)) for i in source.infolist()]
    sheet = dict((i.filename, d) for i, d in items)["xl/worksheets/sheet1.xml"].decode()
    first = int(re.search(r'<row r="(\d+)"[^>]*><c r="A\d+" s="4"', sheet)[1])
    body = re.search(rf'<row r="{first}".*</row>', sheet, flags=re.S)[0]  # the table's rows
    count = body.count("<row ")
    last = first + count * COPIES - 1

    def shifted(k: int) -> str:
        step = k * count
        text = re.sub(r'<row r="(\d+)"', lambda m: f'<row r="{int(m[1]) + step}"', body)
        return re.sub(r' r="([A-Z]+)(\d+)"', lambda m: f' r="{m[1]}{int(m[2]) + step}"', text)

    sheet = sheet.replace(body, "".join(shifted(k) for k in range(COPIES)))
    old_last = first + count - 1
    widen = re.compile(rf':([A-Z]+){old_last}"')  # the table's and the sheet's range ends
    sheet = widen.sub(lambda m: f':{m[1]}{last}"', sheet)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            elif info.filename.startswith("xl/tables/"):
                data = widen.sub(lambda m: f':{m[1]}{last}"', data.decode()).encode()
            out.writestr(info, data)
    return count * COPIES


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sheet_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return re.findall(r'<sheet [^>]*name="([^"]+)"', package.read("xl/workbook.xml").decode())


def command(path: Path) -> list[str]:
    script = Path(sys.executable).with_name("efh-xl")
    return [str(script), "refresh", str(path)]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill")
    original = folder / "original.xlsm"
    actions = large_workbook(original)
    reference = folder / "reference.xlsm"
    shutil.copy(original, reference)
    start = time.perf_counter()
    done = subprocess.run(command(reference), capture_output=True, text=True, timeout=300)
    duration = time.perf_counter() - start
    assert done.returncode in (0, 1), done.stderr
    return original, actions, sheet_names(reference), duration


def test_the_large_workbook_reads_back_with_every_action(large):
    original, actions, _, _ = large
    assert len(read_workbook(original).actions) == actions == 20_040


def test_a_killed_refresh_never_damages_the_workbook_nor_leaves_a_temporary(large, tmp_path):
    original, actions, refreshed_sheets, duration = large
    original_hash = digest(original)
    small = tmp_path / "petit.xlsm"  # the "next run" in the folder: a quick refresh
    rng = random.Random(20261129)
    outcomes = {"intact": 0, "refreshed": 0}
    killed_while_writing = 0
    for trial in range(TRIALS):
        work = tmp_path / "classeur.xlsm"
        shutil.copy(original, work)
        process = subprocess.Popen(command(work), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if trial % 2 == 0:
            time.sleep(rng.uniform(0, duration * 1.1))
        else:
            deadline = time.perf_counter() + duration * 3
            while process.poll() is None and time.perf_counter() < deadline:
                if any(is_temporary(p.name) for p in tmp_path.iterdir()):
                    killed_while_writing += 1
                    time.sleep(rng.uniform(0, 0.15))
                    break
                time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        process.stderr.close()
        if digest(work) == original_hash:
            outcomes["intact"] += 1
        else:
            with zipfile.ZipFile(work) as package:
                assert package.testzip() is None, f"trial {trial}: damaged package"
            assert sheet_names(work) == refreshed_sheets, f"trial {trial}"
            assert len(read_workbook(work).actions) == actions, f"trial {trial}"
            outcomes["refreshed"] += 1
        shutil.copy(WORKBOOK, small)
        refresh_workbook(small)
        left = [p.name for p in tmp_path.iterdir() if is_temporary(p.name)]
        assert left == [], f"trial {trial}: temporary files left after the next run: {left}"
    assert sum(outcomes.values()) == TRIALS
    assert killed_while_writing > 0, "no trial killed the process during its write"
    print(f"kill trials: {outcomes}, {killed_while_writing} killed while writing")
