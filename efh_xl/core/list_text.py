"""The text of a received CSV list: bytes in two encodings, lines wider than their header.

Both checks are shared by import and evaluate, so that a list one of them refuses the other
refuses with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

import numpy as np

# UTF-8 sequences that French text written in UTF-8 holds (é, « », no-break spaces, œ, ’, €,
# combining accents of a macOS file, emoji) and that Windows-1252 text never holds in
# practice: read as Windows-1252 they are « Ã© », « Â« », « Å“ », « â€™ », « ðŸ… ». Sequences
# a Windows-1252 text can produce are left out: a capital with an accent or a small letter
# with an accent followed by a no-break space or a quote (« CAFÉ\xa0! », « é\xa0» ») are valid
# UTF-8 too, but decode to IPA, Greek, Arabic or CJK characters, not to French.
_UTF8_EVIDENCE = re.compile(
    rb"[\xc2-\xc5][\x80-\xbf]"  # U+0080-U+017F: Latin-1 and Latin Extended-A (é, «, œ)
    rb"|[\xcc\xcd][\x80-\xbf]"  # U+0300-U+036F: combining accents (a macOS file, NFD)
    rb"|\xe1[\xb8-\xbb][\x80-\xbf]"  # U+1E00-U+1EFF: Latin Extended Additional
    rb"|\xe2[\x80-\xbf][\x80-\xbf]"  # U+2000-U+2FFF: ’ – … narrow no-break space, €
    rb"|\xf0[\x90-\xbf][\x80-\xbf][\x80-\xbf]"  # beyond U+FFFF: emoji
)
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def line_at(data: bytes, offset: int) -> int:
    """The 1-based line of ``data`` holding byte ``offset`` (line breaks as the csv module
    counts them: CRLF, CR or LF)."""
    return len(_LINE_BREAK.findall(data, 0, offset)) + 1


def utf8_accent_line(data: bytes, besides: Container[int] = ()) -> int | None:
    """The first line of ``data`` (not one of ``besides``) holding an accent, a French quote,
    a no-break space… written in UTF-8; None when there is none (a plain Windows-1252 list).

    A file that is not UTF-8 as a whole yet has one is UTF-8 text with lines in another
    encoding (a line typed or pasted in Windows-1252 into a UTF-8 list). Such a file decodes
    as Windows-1252 without an error, every UTF-8 « é » becoming « Ã© »: read so, its text
    went into the workbook garbled.
    """
    line, counted = 1, 0
    for evidence in _UTF8_EVIDENCE.finditer(data):
        line += len(_LINE_BREAK.findall(data, counted, evidence.start()))
        counted = evidence.start()
        if line not in besides:
            return line
    return None


def non_utf8_lines(data: bytes) -> list[int]:
    """The 1-based lines of ``data`` that are not valid UTF-8."""
    bad = []
    # Line breaks are ASCII: a line is cut from its neighbours without cutting a sequence.
    for number, line in enumerate(_LINE_BREAK.split(data), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def width_problem(cells: Sequence[object], width: int) -> str | None:
    """Why a CSV line of ``cells`` under a header of ``width`` cells cannot be read (in French,
    without its line number), or None.

    A value beyond the header's last column is under no header: a typed « 1;500 » for « 1 500 »
    shifted every value after it one column right, an amount read as the next one's. Empty
    cells beyond it are fine (a « ; » ending each line, as some exports write), and so is a
    line shorter than its header: its missing cells are the empty trailing cells some exports
    and text editors leave out, read as empty (as Excel and pandas read them).
    """
    extra = [cell for cell in cells[width:] if not _blank(cell)]
    if not extra:
        return None
    count = max(i for i, cell in enumerate(cells) if not _blank(cell)) + 1
    return (
        f"{count} valeurs pour {width} colonnes d'en-tête (« {str(extra[0]).strip()} » en trop) ; "
        "corrigez cette ligne"
    )


# A list written on a Mac (Mac Roman) decodes in Windows-1252 without an error when it holds
# none of the bytes Windows-1252 leaves undefined (è, ê, ç, ù): « Café » reads « CafŽ ». Both
# encodings give a character to every other byte, and many bytes are letters in both (Mac
# Roman's é is Windows-1252's Ž, its û is ž: « Žižek » is a Windows-1252 name as « sûr » is
# Mac Roman French). So each byte above 0x7F is read both ways, and each reading is doubtful
# where it gives a character that European text does not hold there (:func:`_doubtful`):
#
# - a character never typed in a list (ƒ, ˆ, ‡, ∑, ◊…), anywhere;
# - a sign between two letters (« Ch‰teau », « No‘l »), apostrophes, dashes and « · »
#   (inclusive writing) aside; ‰ † ‹ › ‚ „ against a letter; ¡ ¿ after one (« N¡ »);
# - a capital right after a small letter (« CafŽ », « lÕŽtŽ »);
# - a small letter inside a word of capitals (« CHåTEAU », « FRéRE »);
# - a letter alone (« Ë LA UNE », a « Û » for a euro sign), but à, ô and an initial (« Ž. »);
# - š or ž in a word without a capital: Windows-1252 has them for names (Dušan, Žižek),
#   written with their capital; Mac Roman French has its ö and û there (« sžr »).
#
# A line is Mac Roman when more of its bytes are doubtful read in Windows-1252 than read in
# Mac Roman. A line whose every accent is a letter both ways (« Žcole », « Dušan ») is read
# in Windows-1252: a Mac list has other lines that tell (its header's « N° », « Intitulé »).
#
# A list from an old DOS program (code page 850: « é » is 0x82, read « ‚ »; « è » 0x8A, read
# « Š ») is weighed the same way (« th‚ƒtre », « pŠre » are as doubtful): it was imported as
# read, « Intitul‚ » an unknown header and every title garbled. Many bytes are letters in
# both Mac Roman and DOS (Mac's â is DOS's ë): the one whose reading of the whole list is the
# less doubtful is named.
_LOWER, _UPPER, _ODD, _SIGN, _ALONE, _OPENER, _LONE_OK, _NAME_ONLY, _PERIOD = (
    1 << bit for bit in range(9)
)
_LETTER = _LOWER | _UPPER
_ODD_CHARACTERS = "ƒ‡ˆ˜¨¬¯¸˘˙˚˝˛ˇı¤¦∞≤≥∂∑∏π∫Ω√≈∆≠◊⁄ﬁﬂ\uf8ff"
# Code page 850's box-drawing characters and blocks, never typed in a list.
_DRAWING = ("\u2500", "\u259f")
_JOINERS = "’´·–—\xad\xa0"


def _is_letter(character: str) -> bool:
    """A letter of a European name: ASCII, Latin-1 and Latin Extended-A letters (not the
    dotless ı of Turkish, a Mac Roman character French text never holds)."""
    if character.isascii():
        return character.isalpha()
    return "\xc0" <= character <= "\u017f" and character.isalpha() and character != "ı"


def _byte_classes(codec: str) -> np.ndarray:
    """What each byte is in ``codec``: bits _LOWER, _UPPER, _ODD… (see above)."""
    table = np.zeros(256, dtype=np.uint16)
    for byte in range(256):
        character = bytes([byte]).decode(codec, errors="replace")
        bits = 0
        if _is_letter(character):
            bits |= _LOWER if character.islower() else _UPPER
            bits |= _LONE_OK if character in "àÀôÔ" else 0
            bits |= _NAME_ONLY if character in "šž" else 0
        elif byte > 0x7F and character not in _JOINERS:
            bits |= _SIGN
        # A byte the codec leaves undefined (Mac Roman's « ù » in Windows-1252) is never
        # text of that codec: doubtful wherever it stands.
        odd = character in _ODD_CHARACTERS or character == "\ufffd"
        odd = odd or _DRAWING[0] <= character <= _DRAWING[1]
        bits |= _ODD if odd else 0
        # « ‚ » and « „ » (German quotes) against a letter: a DOS « é » (« Caf‚ », « ‚t‚ »).
        bits |= _ALONE if character in "‰†‹›‚„" else 0
        bits |= _OPENER if character in "¡¿" else 0
        bits |= _PERIOD if character == "." else 0
        table[byte] = bits
    return table


_WINDOWS_1252 = _byte_classes("cp1252")
_MAC_ROMAN = _byte_classes("mac_roman")
_DOS = _byte_classes("cp850")
# The encodings a list that Windows-1252 reads doubtfully may be in: codec, classes.
_OTHER_ENCODINGS = (("mac_roman", _MAC_ROMAN), ("cp850", _DOS))


def _doubtful(data: np.ndarray, high: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Which of the bytes of ``data`` at ``high`` are doubtful read with ``classes`` (see
    above). Read around those bytes only: a French list has one in twenty."""
    size = len(data)

    def at(shift: int) -> np.ndarray:
        where = high + shift
        bits = classes[data[np.clip(where, 0, size - 1)]]
        if shift:
            bits[(where < 0) | (where >= size)] = 0
        return bits

    this, before, after, before2, after2 = at(0), at(-1), at(1), at(-2), at(2)

    def has(bits: np.ndarray, bit: int) -> np.ndarray:
        return (bits & bit) != 0

    letter_before, letter_after = has(before, _LETTER), has(after, _LETTER)
    small, capital = has(this, _LOWER), has(this, _UPPER)
    doubtful = has(this, _ODD)
    doubtful |= has(this, _SIGN) & letter_before & letter_after
    doubtful |= has(this, _ALONE) & (letter_before | letter_after)
    doubtful |= has(this, _OPENER) & letter_before
    doubtful |= capital & has(before, _LOWER)
    doubtful |= small & (
        (has(before, _UPPER) & has(after, _UPPER))
        | (has(before, _UPPER) & has(before2, _UPPER) & ~letter_after)
        | (~letter_before & has(after, _UPPER) & has(after2, _UPPER))
    )
    doubtful |= (
        (small | capital)
        & ~letter_before
        & ~letter_after
        & ~has(this, _LONE_OK)
        & ~(capital & has(after, _PERIOD))
    )
    for i in np.flatnonzero(has(this, _NAME_ONLY)).tolist():  # rare: read word by word
        start = end = int(high[i])
        while start > 0 and classes[data[start - 1]] & _LETTER:
            start -= 1
        while end + 1 < size and classes[data[end + 1]] & _LETTER:
            end += 1
        if not (classes[data[start : end + 1]] & _UPPER).any():
            doubtful[i] = True
    return doubtful


def other_encoding_line(data: bytes) -> tuple[int, str, str, str] | None:
    """(1-based line, character as read, character it stands for, codec) of the first
    character of the first line of ``data`` in Mac Roman (``"mac_roman"``) or in DOS code page
    850 (``"cp850"``) (see above), or None. The character as read is "" for a byte
    Windows-1252 leaves undefined (Mac Roman's è, ê, ç, ù; DOS's É, ü, Å): such a list
    Windows-1252 does not decode at all."""
    array = np.frombuffer(data, dtype=np.uint8)
    high = np.flatnonzero(array > 0x7F)
    if not high.size:
        return None
    as_windows = _doubtful(array, high, _WINDOWS_1252)
    if not as_windows.any():  # a Windows-1252 list: nothing to weigh
        return None
    # Line breaks as the csv module counts them: LF, CRLF, CR alone.
    following = np.append(array[1:], 0)
    breaks = np.flatnonzero((array == 0x0A) | ((array == 0x0D) & (following != 0x0A)))
    lines = np.searchsorted(breaks, high)  # the 0-based line of each byte above 0x7F
    count = len(breaks) + 1
    found: list[tuple[int, int, int, str]] = []  # (doubtful bytes, line, first byte, codec)
    for codec, classes in _OTHER_ENCODINGS:
        as_other = _doubtful(array, high, classes)
        for_other, for_windows = as_windows & ~as_other, as_other & ~as_windows
        if not for_other.any():
            continue
        other_lines = np.flatnonzero(
            np.bincount(lines[for_other], minlength=count)
            > np.bincount(lines[for_windows], minlength=count)
        )
        if other_lines.size:
            line = int(other_lines[0])
            first = int(high[for_other & (lines == line)][0])
            found.append((int(as_other.sum()), line, first, codec))
    if not found:
        return None
    # The encoding whose reading of the whole list is the least doubtful: many bytes are
    # letters in both (Mac Roman's â is DOS's ë), the others tell. Mac Roman when they do not.
    _, line, first, codec = min(found, key=lambda f: f[0])
    byte = data[first : first + 1]
    return line + 1, byte.decode("cp1252", errors="ignore"), byte.decode(codec), codec


__all__ = ["line_at", "other_encoding_line", "non_utf8_lines", "utf8_accent_line", "width_problem"]
