"""MS-OVBA compression (section 2.4.1 of the spec), for the VBA module streams.

ms-ovba 0.0.1 ships a compressor whose copy tokens are wrong past the first ones (its own
decompressor and olevba both reject what it writes), so the build uses this one instead.
"""

from __future__ import annotations

CHUNK = 4096


def _bit_count(difference: int) -> int:
    bits = 4
    while (1 << bits) < difference:
        bits += 1
    return bits


def _compress_chunk(chunk: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    position = 0
    while position < len(chunk):
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if position >= len(chunk):
                break
            bits = _bit_count(position)
            max_length = (0xFFFF >> bits) + 3
            max_offset = 1 << bits
            best_length, best_offset = 0, 0
            for start in reversed(seen.get(chunk[position : position + 3], [])):
                offset = position - start
                if offset > max_offset:
                    break
                length = 0
                limit = min(max_length, len(chunk) - position)
                while length < limit and chunk[start + length] == chunk[position + length]:
                    length += 1
                if length > best_length:
                    best_length, best_offset = length, offset
                    if length == limit:
                        break
            step = best_length if best_length >= 3 else 1
            if best_length >= 3:
                token = ((best_offset - 1) << (16 - bits)) | (best_length - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
            else:
                out.append(chunk[position])
            for p in range(position, position + step):
                seen.setdefault(chunk[p : p + 3], []).append(p)
            position += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer holding ``data``."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        body = _compress_chunk(chunk)
        if len(body) > CHUNK:  # incompressible: a raw chunk, always 4096 bytes
            body = chunk.ljust(CHUNK, b"\x00")
            header = 0x3000 | (CHUNK - 1)
        else:
            header = 0xB000 | (len(body) - 1)
        out += header.to_bytes(2, "little") + body
    return bytes(out)
