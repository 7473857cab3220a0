"""A zip writer that copies entries as their stored compressed bytes.

Parts the tool does not own leave the package exactly as they came in (same bytes, same CRC,
same compression), which :mod:`zipfile` cannot do.
"""

from __future__ import annotations

import os
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

try:
    # ISA-L's deflate (the efh_xl[fast] extra): the same format as zlib's, written about three
    # times faster at level 1 (a regional workbook: 66 MB of XML, 0.21 -> 0.06 s CPU) and a
    # little smaller. No wheel for some platforms (32-bit Windows): then zlib.
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - depends on the platform
    _deflate = zlib  # type: ignore[no-redef]

#: Which deflate writes the parts the tool owns ("ISA-L" or "zlib"); benchmarks print it.
DEFLATE = "zlib" if _deflate is zlib else "ISA-L"
# ISA-L inflates and sums twice as fast too: the check of the parts a refresh copies (the
# Actions sheet of 10,000 actions: 29 -> 15 ms CPU). Its errors are not zlib's.
_INFLATE_ERRORS = (zlib.error,) if _deflate is zlib else (zlib.error, _deflate.error)
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Deflated:
    """A part compressed ahead of its writing: its deflated bytes, CRC and size."""

    raw: bytes
    crc: int
    size: int

    def data(self) -> bytes:
        """The part's bytes again (a part read back before the package is written)."""
        return _deflate.decompress(self.raw, -15)


#: A part's content as the writer takes it: bytes, its pieces in order, or compressed ahead
#: (a future when it is being compressed in another thread).
PartData = bytes | list[bytes] | Deflated | Future


def deflate(data: bytes | list[bytes]) -> Deflated:
    """``data`` (bytes, or pieces in order) compressed as the writer stores a new part.

    ISA-L and zlib leave the GIL while they compress and sum: run in another thread, a large
    sheet is compressed while the next one is built (see the regional workbook's writing).
    """
    pieces = [data] if isinstance(data, bytes) else data
    # Level 1: new parts are the tool's own, small; speed matters more than bytes here.
    compressor = _deflate.compressobj(1, _deflate.DEFLATED, -15)
    raw = b"".join([*map(compressor.compress, pieces), compressor.flush()])
    crc = 0
    for piece in pieces:
        crc = _deflate.crc32(piece, crc)
    return Deflated(raw, crc, sum(map(len, pieces)))


def deflated(data: PartData) -> Deflated:
    """``data`` compressed: compressed now, or waited for when another thread compresses it."""
    if isinstance(data, Future):
        data = data.result()
    return data if isinstance(data, Deflated) else deflate(data)


def part_bytes(data: PartData) -> bytes:
    """The bytes of a part's content, whatever form it is held in."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, list):
        return b"".join(data)
    return deflated(data).data()


def _seek_data(fp, info: zipfile.ZipInfo) -> None:
    """Place ``fp`` at the first stored byte of an entry."""
    fp.seek(info.header_offset)
    header = fp.read(30)
    if header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_length + extra_length)


def raw_bytes(fp, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of an entry, as stored."""
    _seek_data(fp, info)
    return fp.read(info.compress_size)


# Input taken at a time when checking an entry: each piece inflates to a few megabytes at
# most, which stay in the processor's cache for the CRC (the whole part at once, 220 MB for the
# Actions sheet of 100,000 actions, took twice as long and as much memory).
_CHECK_CHUNK = 1 << 18


def check_entry(info: zipfile.ZipInfo, raw: bytes) -> None:
    """Raise ``zipfile.BadZipFile`` if an entry's stored bytes do not give back its content.

    A part copied as stored bytes is never decompressed by the copy; this check keeps a
    damaged part (bad CRC, broken deflate data) from being carried into a new file unseen.
    """
    view = memoryview(raw)
    _check_pieces(info, (view[i : i + _CHECK_CHUNK] for i in range(0, len(raw), _CHECK_CHUNK)))


def check_stored(fp, info: zipfile.ZipInfo) -> None:
    """:func:`check_entry` of an entry read from ``fp`` a piece at a time, never whole."""
    _seek_data(fp, info)

    def pieces() -> Iterator[bytes]:
        left = info.compress_size
        while left > 0:
            piece = fp.read(min(left, _CHECK_CHUNK))
            if not piece:
                raise zipfile.BadZipFile(f"truncated entry {info.filename}")
            left -= len(piece)
            yield piece

    _check_pieces(info, pieces())


def inflated_pieces(fp, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The content of an entry a piece at a time (never whole), inflated with ISA-L when
    installed: about twice as fast as zipfile's reading (zlib). Raises ``zipfile.BadZipFile``
    for a part it cannot inflate."""
    _seek_data(fp, info)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while left > 0 and (piece := fp.read(min(left, _CHECK_CHUNK))):
            left -= len(piece)
            yield piece
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(f"unsupported compression in {info.filename}")
    inflater = _deflate.decompressobj(-15)
    try:
        while left > 0 and (piece := fp.read(min(left, _CHECK_CHUNK))):
            left -= len(piece)
            yield inflater.decompress(piece)
        yield inflater.flush()
    except _INFLATE_ERRORS as error:
        raise zipfile.BadZipFile(f"broken compression in {info.filename}") from error


def _check_pieces(info: zipfile.ZipInfo, pieces: Iterable[bytes | memoryview]) -> None:
    size = crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        for piece in pieces:
            size, crc = size + len(piece), _deflate.crc32(piece, crc)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = _deflate.decompressobj(-15)
        try:
            for piece in pieces:
                data = inflater.decompress(piece)
                size, crc = size + len(data), _deflate.crc32(data, crc)
            data = inflater.flush()
        except _INFLATE_ERRORS as error:
            raise zipfile.BadZipFile(f"broken compression in {info.filename}") from error
        size, crc = size + len(data), _deflate.crc32(data, crc)
    else:
        raise zipfile.BadZipFile(f"unsupported compression in {info.filename}")
    if size != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")


def entry_key(info: zipfile.ZipInfo) -> tuple[int, int, int, int, int]:
    """Where an entry lies and what it holds (place, compression, CRC, sizes)."""
    return (info.header_offset, info.compress_type, info.CRC, info.compress_size, info.file_size)


def _identity(fp) -> tuple[int, int, int, int]:
    status = os.fstat(fp.fileno())
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


class BackgroundChecks:
    """:func:`check_entry` of a package's parts, run in a thread while the caller works.

    zlib inflates and computes CRCs without holding the GIL, so the parts a refresh copies are
    checked beside its reading (python-calamine parses without the GIL too) and its Python
    work, on another core. ``skip``, called in the thread, names parts not worth checking
    (those the caller will drop). A part is vouched for only in the same file (same device,
    inode, size and modification time) at the same place with the same CRC and sizes; a part
    the thread could not check is left out, and the caller checks it itself (and says why it
    is damaged).
    """

    def __init__(
        self, path: str | os.PathLike[str], skip: Callable[[], Collection[str]] | None = None
    ) -> None:
        self._checked: dict[str, tuple[int, int, int, int, int]] = {}
        self._identity: tuple[int, int, int, int] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(Path(path), skip), name="efh-part-checks", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, skip: Callable[[], Collection[str]] | None) -> None:
        try:
            with open(path, "rb") as fp:
                identity = _identity(fp)
                infos = zipfile.ZipFile(fp).infolist()
                skipped = set(skip()) if skip is not None else set()
                for info in infos:
                    if self._stop.is_set():
                        return
                    if info.filename in skipped:
                        continue
                    try:
                        check_stored(fp, info)  # a piece at a time: little memory
                    except (zipfile.BadZipFile, zlib.error, OSError, ValueError):
                        continue  # the caller's own check says what is wrong
                    self._checked[info.filename] = entry_key(info)
                self._identity = identity
        except Exception:  # noqa: BLE001 - a package the thread cannot read: the caller checks
            return

    def checked(self, fp) -> dict[str, tuple[int, int, int, int, int]]:
        """Parts checked (name -> :func:`entry_key`) once the thread is done, if ``fp`` (an open
        file) is the file the thread read; else none."""
        self._thread.join()
        if self._identity is None or _identity(fp) != self._identity:
            return {}
        return self._checked

    def close(self) -> None:
        """Stop the thread (its file is closed when this returns)."""
        self._stop.set()
        self._thread.join()


class RawZipWriter:
    """A minimal zip writer that can copy entries without recompressing them."""

    def __init__(self, fp) -> None:
        self.fp = fp
        self.offset = 0
        self.central: list[bytes] = []

    def _dos(self, date_time) -> tuple[int, int]:
        y, mo, d, h, mi, s = date_time
        return (h << 11) | (mi << 5) | (s // 2), ((max(y, 1980) - 1980) << 9) | (mo << 5) | d

    def _write_entry(
        self,
        name: str,
        method: int,
        crc: int,
        raw: bytes,
        size: int,
        date_time,
        external_attr: int = 0,
    ) -> None:
        encoded = name.encode("utf-8")
        flags = 0x800 if not name.isascii() else 0
        time, date = self._dos(date_time)
        if len(raw) >= 0xFFFFFFFF or size >= 0xFFFFFFFF or self.offset >= 0xFFFFFFFF:
            raise NotImplementedError("zip64 packages are not supported")
        # Fields the local header and the central directory entry share, in that order.
        common = (flags, method, time, date, crc, len(raw), size, len(encoded))
        local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, *common, 0)
        self.fp.write(local)
        self.fp.write(encoded)
        self.fp.write(raw)
        central = struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            *common,
            0,
            0,
            0,
            0,
            external_attr,
            self.offset,
        )
        self.central.append(central + encoded)
        self.offset += len(local) + len(encoded) + len(raw)

    def add_raw(self, info: zipfile.ZipInfo, raw: bytes) -> None:
        self._write_entry(
            info.filename,
            info.compress_type,
            info.CRC,
            raw,
            info.file_size,
            info.date_time,
            info.external_attr,
        )

    def add(self, name: str, data: PartData, date_time=FIXED_TIME) -> None:
        """Add a part, compressed; ``data`` may be its pieces in order (a large sheet's XML
        is then never joined into one more copy of itself), or already compressed (see
        :func:`deflate`), or being compressed in another thread."""
        done = deflated(data)
        self._write_entry(name, zipfile.ZIP_DEFLATED, done.crc, done.raw, done.size, date_time)

    def close(self) -> None:
        directory = b"".join(self.central)
        self.fp.write(directory)
        self.fp.write(
            struct.pack(
                "<4sHHHHIIH",
                b"PK\x05\x06",
                0,
                0,
                len(self.central),
                len(self.central),
                len(directory),
                self.offset,
                0,
            )
        )
