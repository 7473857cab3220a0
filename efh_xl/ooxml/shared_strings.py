"""The shared-string table (``xl/sharedStrings.xml``) of a package the tool writes whole.

Excel itself stores every text cell as an index into this table. A sheet of many repeated
texts (file names, territories, answers, reasons) is then half the size of the same sheet in
inline strings, and so half the time to write and to compress. Only for a new package: in a
user's workbook the table is a part the tool does not own.
"""

from __future__ import annotations

from itertools import compress, count, filterfalse
from operator import is_not

from lxml import etree

from efh_xl.core.sheet_model import MAX_CELL_CHARS, fit_cell
from efh_xl.ooxml.xml import NS, XML_DECLARATION, cell_needs_escape, cell_text

PART = "xl/sharedStrings.xml"


class SharedStrings:
    """Texts in the order they were first used; a text's index is its place in that order."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self.count = 0  # cells that refer to the table (Excel's ``count``)
        # What xml() needs to know of the texts, found as they are added (see add).
        self._longest = 0
        self._escaped = False  # some text may need escaping
        self._edged: list[int] = []  # indexes of the texts with a space at either end
        self._numerals: list[str] = []

    def numerals(self, end: int) -> list[str]:
        """``str(i)`` at each ``i`` below ``end`` at least: the indexes as cells write them,
        made once for the package; the long lists take their rows' numbers from them too
        (the regional workbook's two lists: 60,240 texts made, not 107,000)."""
        numerals = self._numerals
        if len(numerals) < end:
            numerals += map(str, range(len(numerals), end))
        return numerals

    def __len__(self) -> int:
        return len(self._index)

    def add(self, texts: list[str]) -> list[int]:
        """The index of each text, adding the new ones; ``texts`` are distinct (those of a
        column, found by its writer: the cells are counted by :meth:`used`)."""
        index = self._index
        # At C speed: the new texts (in order), numbered after the known ones, then a lookup.
        # Distinct already: making them so again was one more dict of 60,000 action numbers.
        start = len(index)
        new = list(filterfalse(index.__contains__, texts))
        index.update(zip(new, count(start)))
        if new:
            # The new texts looked at for xml() now, while the writer has just read them: the
            # same passes over the 62,000 texts of a regional workbook, scattered in memory,
            # cost twice as much when the part is written (24 -> 9 ms, 4 ms more here).
            self._longest = max(self._longest, *map(len, new))
            self._escaped = self._escaped or cell_needs_escape("\n".join(new))
            # A text with a space at either end (strip gives another string).
            self._edged += compress(count(start), map(is_not, map(str.strip, new), new))
        if len(new) == len(texts):  # all new (a column of action numbers): in order
            return list(range(start, len(index)))
        return list(map(index.__getitem__, texts))

    def used(self, cells: int) -> None:
        """Count ``cells`` more cells that refer to the table."""
        self.count += cells

    def xml(self) -> bytes:
        """The part, as XlsxWriter writes it (``xml:space`` only where a space would be lost)."""
        texts = list(self._index)
        edged = self._edged
        # The rare long or escaped texts, as add() found them ("\n" needs no escaping).
        if self._longest > MAX_CELL_CHARS // 2 or self._escaped:
            if self._longest > MAX_CELL_CHARS // 2:
                texts = [fit_cell(text) for text in texts]
            if cell_needs_escape("\n".join(texts)):
                texts = [cell_text(text) for text in texts]
            # Cut or escaped texts may have other ends: found again.
            edged = list(compress(count(), map(is_not, map(str.strip, texts), texts)))
        # Joined at C speed. A text with a space at either end needs xml:space="preserve":
        # the few such texts are written on their own between the joined runs of the others
        # (marking every text in a loop, then replacing the marks in the joined text, was 5
        # ms of 62,000 texts).
        parts = []
        start = 0
        for i in edged:
            parts += [_items(texts[start:i]), f'<si><t xml:space="preserve">{texts[i]}</t></si>']
            start = i + 1
        body = _items(texts[start:]) if not start else "".join([*parts, _items(texts[start:])])
        head = f'<sst xmlns="{NS}" count="{self.count}" uniqueCount="{len(self._index)}">'
        # Encoded on its own: adding the head and end to the text, then the declaration to
        # the bytes, copied the part twice more (2.5 MB).
        return b"".join([XML_DECLARATION, head.encode(), body.encode("utf-8"), b"</sst>"])


def _items(texts: list[str]) -> str:
    """``<si>`` items of texts written as they are, joined at C speed."""
    return "<si><t>" + "</t></si><si><t>".join(texts) + "</t></si>" if texts else ""


def shared_texts(xml: bytes) -> list[str]:
    """The texts of a shared-string table as its cells show them (rich runs joined), by
    index: for reading a user's package, not writing one."""
    root = etree.fromstring(xml)
    return ["".join(si.itertext()) for si in root.iter(f"{{{NS}}}si")]
