"""The parts the tool writes are deflated by ISA-L when the ``fast`` extra is installed, by
zlib otherwise: either way a zip reader inflates them to the same bytes, CRC checked."""

from __future__ import annotations

import io
import random
import zipfile
import zlib

import pytest

from efh_xl.ooxml import zip as raw_zip


@pytest.mark.parametrize("deflate", ["installed", "zlib"])
def test_written_parts_read_back_the_same(deflate, monkeypatch):
    if deflate == "zlib":
        monkeypatch.setattr(raw_zip, "_deflate", zlib)
    noise = random.Random(0).randbytes(300_000)  # stored as is by a deflater: no gain
    parts = {
        "xl/worksheets/sheet1.xml": b"<row r='1'>" + "é<c/>".encode() * 50_000 + b"</row>",
        "xl/empty.xml": b"",
        "xl/media/noise.bin": noise,
    }
    buffer = io.BytesIO()
    writer = raw_zip.RawZipWriter(buffer)
    for name, data in parts.items():
        writer.add(name, data)
    writer.close()
    with zipfile.ZipFile(buffer) as package:
        assert package.testzip() is None
        assert {name: package.read(name) for name in package.namelist()} == parts
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in package.infolist())


def test_the_test_environment_has_the_fast_deflate():
    # The benchmarks and CI run with the fast extra (it is in the test extra).
    assert raw_zip.DEFLATE == "ISA-L", "isal missing: run make .venv/bin/.installed"


def test_a_part_compressed_ahead_is_written_as_the_same_part_compressed_then():
    """A sheet compressed in another thread (see the regional workbook's writing) is written
    byte for byte as the writer compresses it itself: same deflate, CRC and size."""
    from concurrent.futures import ThreadPoolExecutor

    pieces = [b"<worksheet>", "<c><v>é</v></c>".encode() * 40_000, b"</worksheet>"]
    written = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for data in (pieces, raw_zip.deflate(pieces), pool.submit(raw_zip.deflate, pieces)):
            buffer = io.BytesIO()
            writer = raw_zip.RawZipWriter(buffer)
            writer.add("xl/worksheets/sheet1.xml", data)
            writer.close()
            written.append(buffer.getvalue())
    assert written[0] == written[1] == written[2]
    with zipfile.ZipFile(io.BytesIO(written[2])) as package:
        assert package.testzip() is None
        assert package.read("xl/worksheets/sheet1.xml") == b"".join(pieces)


def test_a_part_compressed_ahead_reads_back_as_its_bytes():
    data = b"<sst>" + b"<si><t>Val de Lys</t></si>" * 1000 + b"</sst>"
    assert raw_zip.part_bytes(raw_zip.deflate(data)) == data
    assert raw_zip.part_bytes([data[:7], data[7:]]) == data
    assert raw_zip.deflate(data).crc == zlib.crc32(data)
