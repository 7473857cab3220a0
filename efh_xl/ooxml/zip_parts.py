"""Small parts of a zip package read by name, with one pass over the central directory.

A consolidation reads a few small parts (``xl/workbook.xml``, ``[Content_Types].xml``, the
table parts) of hundreds of workbooks. :class:`zipfile.ZipFile` builds a ``ZipInfo`` per entry
and reads through layers of Python file objects: about a fifth of a millisecond a workbook,
three times this reader (200 workbooks: 60 -> 20 ms CPU as measured inside a consolidation).

It reads only packages it can read exactly as :mod:`zipfile` does and gives the same bytes;
anything else (zip64, an encrypted or patched entry, a compression other than stored or
deflate, a missing part, a damaged header, a bad CRC, overlapped entries, an odd extra field)
raises :class:`UnusualZip`, and the caller reads the package with :mod:`zipfile`, whose errors
say what is wrong. It never decides that a package is damaged.
"""

from __future__ import annotations

import os
import struct
import zlib
from types import TracebackType

_END = b"PK\x05\x06"
_END_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
# zipfile.structCentralDir, with only the fields read here.
_CENTRAL = struct.Struct("<4s2xBxHH4xLLLHHH8xL")
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_UTF8_NAME = 0x800
# Encrypted (bit 0), compressed patched data (bit 5), strong encryption (bit 6).
_REFUSED_FLAGS = 0x1 | 0x20 | 0x40
_MAX_EXTRACT_VERSION = 63  # zipfile.MAX_EXTRACT_VERSION
_TAIL = 8192  # read at once from the end: the end record and, usually, the whole directory


class UnusualZip(Exception):
    """A package (or a part) this reader leaves to :mod:`zipfile`."""


def _name(raw: bytes, flags: int) -> str:
    try:
        return raw.decode("utf-8") if flags & _UTF8_NAME else raw.decode("cp437")
    except UnicodeDecodeError as error:
        raise UnusualZip("undecodable name") from error


def _plain_extra(extra: bytes) -> bool:
    """Whether an entry's extra field is well formed and holds no zip64 sizes."""
    while len(extra) >= 4:
        kind, length = struct.unpack_from("<HH", extra)
        if kind == 1 or length + 4 > len(extra):
            return False
        extra = extra[length + 4 :]
    return True


class ZipParts:
    """The entries of a zip package, to read whole parts from (see the module's docstring).

    Raises :class:`UnusualZip` for a package to leave to :mod:`zipfile`, and ``OSError``.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        # A raw file, read with seek and read: os.pread would be shorter, but Windows, where
        # the users are, has none.
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by close()
        try:
            self._entries, self._ends = self._directory()
        except BaseException:
            self._file.close()
            raise

    def _at(self, offset: int, length: int) -> bytes:
        """Up to ``length`` bytes from ``offset`` (fewer at the end of the file)."""
        self._file.seek(offset)
        return self._file.read(length) or b""

    def _directory(self) -> tuple[dict[bytes, tuple[int, ...]], dict[int, int]]:
        size = os.fstat(self._file.fileno()).st_size
        if size < _END_SIZE:
            raise UnusualZip("too short")
        start = max(size - _TAIL, 0)
        tail = self._at(start, size - start)
        # The end record as zipfile finds it: last in the file with no comment, else the last
        # signature in the last 64 KB (a comment may follow it).
        if tail[-_END_SIZE:-18] == _END and tail[-2:] == b"\0\0":
            at = len(tail) - _END_SIZE
        else:
            if start > 0:
                start = max(size - (1 << 16) - _END_SIZE, 0)
                tail = self._at(start, size - start)
            at = tail.rfind(_END)
            if at < 0 or len(tail) - at < _END_SIZE:
                raise UnusualZip("no end record")
        if (at < 20 and start > 0) or tail[max(at - 20, 0) : max(at - 16, 0)] == _ZIP64_LOCATOR:
            raise UnusualZip("zip64")
        directory_size, directory_offset = struct.unpack_from("<LL", tail, at + 12)
        # Nonzero when the zip follows other data in the file (zipfile's "concat").
        shift = start + at - directory_size - directory_offset
        begin = directory_offset + shift
        if begin < 0 or begin + directory_size > size:
            raise UnusualZip("bad directory place or size")
        if begin >= start:
            directory = tail[begin - start : begin - start + directory_size]
        else:
            directory = self._at(begin, directory_size)
        if len(directory) != directory_size:
            raise UnusualZip("truncated directory")
        entries: dict[bytes, tuple[int, ...]] = {}
        offsets: list[int] = []
        place = 0
        while place < directory_size:
            if place + _CENTRAL.size > directory_size:
                raise UnusualZip("truncated directory")
            (mark, version, flags, method, crc, compressed, size_, name_length, extra_length,
             comment_length, offset) = _CENTRAL.unpack_from(directory, place)  # fmt: skip
            after = place + _CENTRAL.size
            end = after + name_length + extra_length + comment_length
            if mark != b"PK\x01\x02" or end > directory_size or version > _MAX_EXTRACT_VERSION:
                raise UnusualZip("odd directory entry")
            if extra_length and not _plain_extra(
                directory[after + name_length : after + name_length + extra_length]
            ):
                raise UnusualZip("zip64 or damaged extra field")
            name = directory[after : after + name_length]
            if not name.isascii():
                _name(name, flags)  # zipfile decodes every name: one it cannot is refused
            # Keyed by the stored name: an ASCII name is the same text in both of zipfile's
            # encodings (UTF-8, cp437), and bytes beyond ASCII never decode to ASCII text.
            entries[name] = (offset + shift, flags, method, crc, compressed, size_)
            offsets.append(offset + shift)
            place = end
        if len(set(offsets)) != len(offsets):
            raise UnusualZip("entries at one place")
        # Where each entry must end: the next entry's header, or the directory (zipfile 3.12
        # refuses entries that overlap the next one).
        ends: dict[int, int] = {}
        following = begin
        for offset in sorted(offsets, reverse=True):
            ends[offset], following = following, offset
        return entries, ends

    def read(self, name: str) -> bytes:
        """The whole content of the part ``name``; :class:`UnusualZip` if absent or odd, or
        if its name is not ASCII (the parts of a workbook are named in ASCII)."""
        entry = self._entries.get(name.encode()) if name.isascii() else None
        if entry is None:
            raise UnusualZip(f"no part {name}")
        offset, flags, method, crc, compressed, size = entry
        if offset < 0:
            raise UnusualZip("bad header offset")
        if flags & _REFUSED_FLAGS or method not in (0, 8):
            raise UnusualZip("encrypted, patched or compressed otherwise")
        header = self._at(offset, _LOCAL.size)
        if len(header) != _LOCAL.size:
            raise UnusualZip("truncated header")
        fields = _LOCAL.unpack(header)
        name_length, extra_length = fields[10], fields[11]
        if fields[0] != b"PK\x03\x04":
            raise UnusualZip("bad header")
        start = offset + _LOCAL.size + name_length + extra_length
        if start + compressed > self._ends[offset]:
            raise UnusualZip("overlapped entries")
        stored = self._at(offset + _LOCAL.size, name_length + extra_length + compressed)
        if len(stored) != name_length + extra_length + compressed:
            raise UnusualZip("truncated part")
        if stored[:name_length] != name.encode():  # ASCII: the same in both encodings
            raise UnusualZip("names differ")
        data = stored[name_length + extra_length :]
        if method == 8:
            try:
                data = zlib.decompressobj(-15).decompress(data, size + 1)
            except zlib.error as error:
                raise UnusualZip("broken compression") from error
        if len(data) != size or zlib.crc32(data) != crc:
            raise UnusualZip("bad size or CRC")
        return data

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ZipParts:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
