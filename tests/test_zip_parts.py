"""The quick reader of small parts (efh_xl/ooxml/zip_parts.py) reads what zipfile reads, or
leaves the package to zipfile: never other bytes, whatever the package (odd layouts, damage).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efh_xl.ooxml.zip_parts import UnusualZip, ZipParts
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

PARTS = {
    "[Content_Types].xml": b"<Types/>" * 40,
    "xl/workbook.xml": b"<workbook>" + b"x" * 3000 + b"</workbook>",
    "xl/tables/table1.xml": b'<table ref="A4:B9"/>',
}
MAX_EXAMPLES = int(os.environ.get("EFH_FUZZ_EXAMPLES", "60"))


def _package(compression: int = zipfile.ZIP_DEFLATED, **parts: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, data in (parts or PARTS).items():
            package.writestr(name, data)
    return buffer.getvalue()


def _zipfile_read(path: Path, name: str) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as package:
            return package.read(name)
    except Exception:  # noqa: BLE001 - any refusal: the quick reader must refuse too
        return None


def _quick_read(path: Path, name: str) -> bytes | None:
    try:
        with ZipParts(path) as package:
            return package.read(name)
    except UnusualZip:
        return None


def _same_or_refused(path: Path, names) -> None:
    for name in names:
        quick = _quick_read(path, name)
        if quick is not None:
            assert quick == _zipfile_read(path, name), name


@pytest.mark.parametrize(
    "layout",
    ["deflated", "stored", "comment", "after other data", "a name twice"],
)
def test_sound_packages_read_as_zipfile_reads_them(layout, tmp_path):
    data = _package(zipfile.ZIP_STORED if layout == "stored" else zipfile.ZIP_DEFLATED)
    if layout == "comment":
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a") as package:
            package.comment = b"PK\x05\x06 in a comment" * 10
        data = buffer.getvalue()
    elif layout == "after other data":
        data = b"MZ" + b"\0" * 5000 + data
    elif layout == "a name twice":
        buffer = io.BytesIO(data)
        with pytest.warns(UserWarning), zipfile.ZipFile(buffer, "a") as package:
            package.writestr("xl/workbook.xml", b"<workbook>second</workbook>")
        data = buffer.getvalue()
    path = tmp_path / "package.zip"
    path.write_bytes(data)
    for name in PARTS:
        assert _quick_read(path, name) == _zipfile_read(path, name), name
    if layout == "a name twice":
        assert _quick_read(path, "xl/workbook.xml") == b"<workbook>second</workbook>"


def test_a_workbook_the_tool_builds_is_read_quickly(tmp_path):
    path = build_workbook(tmp_path / "petit.xlsm", actions=sample_actions(per_territory=2))
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
    for name in names:
        assert _quick_read(path, name) == _zipfile_read(path, name), name


def test_what_it_leaves_to_zipfile(tmp_path):
    path = tmp_path / "package.zip"
    path.write_bytes(_package(**{"xl/é.xml": b"accent", **PARTS}))
    assert _quick_read(path, "xl/é.xml") is None  # a name beyond ASCII
    assert _quick_read(path, "xl/absent.xml") is None
    assert _quick_read(path, "xl/workbook.xml") == PARTS["xl/workbook.xml"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        with package.open("xl/workbook.xml", "w", force_zip64=True) as part:
            part.write(b"zip64")
    path.write_bytes(buffer.getvalue())
    _same_or_refused(path, ["xl/workbook.xml"])
    data = bytearray(_package(zipfile.ZIP_STORED))
    at = data.index(b"<workbook>")
    data[at + 20] ^= 0xFF  # a stored byte changed: the CRC no longer matches
    path.write_bytes(bytes(data))
    assert _quick_read(path, "xl/workbook.xml") is None
    assert _zipfile_read(path, "xl/workbook.xml") is None
    path.write_bytes(_package()[:-30])  # cut in its directory
    with pytest.raises(UnusualZip):
        ZipParts(path)
    path.write_bytes(b"")
    with pytest.raises(UnusualZip):
        ZipParts(path)


def _flag_encrypted(data: bytes) -> bytes:
    data = bytearray(data)
    at = data.index(b"PK\x01\x02")
    data[at + 8] |= 1
    return bytes(data)


def test_an_entry_flagged_encrypted_is_left_to_zipfile(tmp_path):
    path = tmp_path / "package.zip"
    path.write_bytes(_flag_encrypted(_package()))
    assert _quick_read(path, "[Content_Types].xml") is None


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    damage=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=4
    ),
    cut=st.none() | st.floats(0.5, 1),
)
def test_damaged_packages_never_read_other_bytes_than_zipfile(damage, cut, tmp_path):
    data = bytearray(_package(zipfile.ZIP_STORED if cut and cut > 0.9 else zipfile.ZIP_DEFLATED))
    for where, byte in damage:
        # Half the damage falls in the directory and the end record, where the places are.
        place = int(where * len(data)) if byte % 2 else len(data) - 1 - int(where * 300)
        data[max(place, 0)] = byte
    if cut is not None:
        data = data[: int(len(data) * cut)]
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(data))
    _same_or_refused(path, PARTS)
