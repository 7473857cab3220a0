"""The check of a part copied as stored bytes finds every kind of damage, whether ISA-L (the
``fast`` extra) or zlib inflates it: a wrong CRC, a broken or truncated deflate stream."""

from __future__ import annotations

import zipfile
import zlib

import pytest

from efh_xl.ooxml import zip as raw_zip

CONTENT = "<row><c>é</c></row>".encode() * 20_000  # a few pieces of the check


def entry(raw: bytes, crc: int, size: int = len(CONTENT)) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    info.compress_type, info.CRC = zipfile.ZIP_DEFLATED, crc
    info.compress_size, info.file_size = len(raw), size
    return info


def deflated() -> bytes:
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    return compressor.compress(CONTENT) + compressor.flush()


@pytest.fixture(params=["installed", "zlib"])
def inflater(request, monkeypatch):
    if request.param == "zlib":
        monkeypatch.setattr(raw_zip, "_deflate", zlib)
    return request.param


def test_a_sound_part_passes(inflater):
    raw = deflated()
    raw_zip.check_entry(entry(raw, zlib.crc32(CONTENT)), raw)


@pytest.mark.parametrize("damage", ["crc", "size", "garbage", "truncated", "flipped"])
def test_every_kind_of_damage_is_found(inflater, damage):
    raw, crc, size = deflated(), zlib.crc32(CONTENT), len(CONTENT)
    if damage == "crc":
        crc ^= 1
    elif damage == "size":
        size += 1
    elif damage == "garbage":
        raw = b"\xff" * 64 + raw
    elif damage == "truncated":
        raw = raw[: len(raw) // 2]
    else:  # one bit of the data flipped: another content, or a broken stream
        middle = len(raw) // 2
        raw = raw[:middle] + bytes([raw[middle] ^ 0x10]) + raw[middle + 1 :]
    with pytest.raises(zipfile.BadZipFile):
        raw_zip.check_entry(entry(raw, crc, size), raw)
