"""The text of a received CSV list: bytes in two encodings, lines wider than their header.

Both checks are shared by import and evaluate, so that a list one of them refuses the other
refuses with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

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


# Characters that Mac Roman French letters become when their bytes are read as Windows-1252
# (« Café » written on a Mac is « CafŽ », « à » is « ˆ »), and that French Windows-1252 text
# never holds: Ž é, ž û, ˆ à, Š ä, š ö, ƒ É, ‡ á anywhere; ‰ â, † Ü, ‹ ã, › õ, ˜ ò only
# inside a word (« 3 ‰ », a dagger, ‹ › quotes stand alone in real text). Letters of Mac
# Roman that Windows-1252 leaves undefined (è, ç, ê, ù) already fail to decode; those that
# give French characters (î as ”, ë as ‘) cannot be told from real text.
_MAC_ROMAN_ANYWHERE = "ŽžˆŠšƒ‡"
_MAC_ROMAN_IN_WORD = "‰†‹›˜"
_MAC_ROMAN_LETTER = re.compile(
    rf"[{_MAC_ROMAN_ANYWHERE}]"
    rf"|(?<=[^\W\d_])[{_MAC_ROMAN_IN_WORD}]|[{_MAC_ROMAN_IN_WORD}](?=[^\W\d_])"
)


def mac_roman_line(text: str) -> tuple[int, str, str] | None:
    """(1-based line, character as read, Mac Roman letter it stands for) of the first
    Mac Roman letter of ``text``, a list decoded as Windows-1252 (« CafŽ »), or None."""
    found = _MAC_ROMAN_LETTER.search(text)
    if found is None:
        return None
    sign = found.group()
    line = text.count("\n", 0, found.start()) + 1
    line += len(re.findall(r"\r(?!\n)", text[: found.start()]))  # CR-only line breaks
    return line, sign, sign.encode("cp1252").decode("mac_roman")


__all__ = ["line_at", "mac_roman_line", "non_utf8_lines", "utf8_accent_line", "width_problem"]
