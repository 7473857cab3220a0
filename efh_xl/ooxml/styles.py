"""The styles part (``xl/styles.xml``): add the sheet model's styles only where missing;
read which cell styles show a percentage.

Refreshing twice leaves the part unchanged; every existing style keeps its index.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

from efh_xl.core.sheet_model import STYLES, Style
from efh_xl.ooxml.xml import NS

_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "0%": 9, "0.00%": 10}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _child(parent, tag: str):
    found = parent.find(_q(tag))
    if found is None:
        found = etree.SubElement(parent, _q(tag))
        found.set("count", "0")
    return found


def _canonical(element) -> bytes:
    return etree.tostring(element, method="c14n")


def _find_or_append(container, known: dict[bytes, int], fragment: str) -> tuple[int, bool]:
    """Index of an element equal to ``fragment`` in ``container``, appending it if missing.

    ``known`` caches the canonical form of the container's elements (one per container).
    """
    if not known:
        for i, existing in enumerate(container):
            known.setdefault(_canonical(existing), i)
    key = _fragment_key(fragment)
    if key in known:
        return known[key], False
    container.append(_with_ns(fragment))
    container.set("count", str(len(container)))
    known[key] = len(container) - 1
    return len(container) - 1, True


@functools.lru_cache(maxsize=256)  # the model's styles: the same fragments every refresh
def _fragment_key(fragment: str) -> bytes:
    """The canonical form of a fragment, as :func:`_canonical` gives it for an element."""
    return _canonical(_with_ns(fragment))


def _with_ns(fragment: str) -> etree._Element:
    wrapped = etree.fromstring(f'<root xmlns="{NS}">{fragment}</root>')
    return wrapped[0]


def ensure_styles(
    styles_xml: bytes, styles: dict[str, Style] = STYLES
) -> tuple[bytes, dict[str, int]]:
    """Make sure ``styles.xml`` holds every style; return it (unchanged if nothing was missing)
    and the cellXfs index of each style name."""
    root = etree.fromstring(styles_xml)
    changed = False
    numfmts = root.find(_q("numFmts"))
    fonts, fills = _child(root, "fonts"), _child(root, "fills")
    borders, xfs = _child(root, "borders"), _child(root, "cellXfs")
    index: dict[str, int] = {}
    known: dict[str, dict[bytes, int]] = {"fonts": {}, "fills": {}, "borders": {}, "xfs": {}}
    for name, style in styles.items():
        fmt_id = _BUILTIN_FORMATS.get(style.number_format)
        if fmt_id is None:
            if numfmts is None:
                numfmts = etree.Element(_q("numFmts"))
                numfmts.set("count", "0")
                root.insert(0, numfmts)
                changed = True
            existing = {e.get("formatCode"): int(e.get("numFmtId")) for e in numfmts}
            if style.number_format in existing:
                fmt_id = existing[style.number_format]
            else:
                fmt_id = max([163, *existing.values()]) + 1
                element = etree.SubElement(numfmts, _q("numFmt"))
                element.set("numFmtId", str(fmt_id))
                element.set("formatCode", style.number_format)
                numfmts.set("count", str(len(numfmts)))
                changed = True
        font = (
            ("<b/>" if style.bold else "")
            + ("<i/>" if style.italic else "")
            + f'<sz val="{style.size:g}"/><color rgb="FF{style.color}"/><name val="Calibri"/>'
            + '<family val="2"/>'
        )
        font_id, added = _find_or_append(fonts, known["fonts"], f"<font>{font}</font>")
        changed |= added
        if style.fill:
            fill = (
                f'<fill><patternFill patternType="solid"><fgColor rgb="FF{style.fill}"/>'
                '<bgColor indexed="64"/></patternFill></fill>'
            )
            fill_id, added = _find_or_append(fills, known["fills"], fill)
            changed |= added
        else:
            fill_id = 0
        if style.border:
            side = '<{0} style="thin"><color rgb="FFBFBFBF"/></{0}>'
            border = (
                "<border>"
                + "".join(side.format(s) for s in ("left", "right", "top", "bottom"))
                + "<diagonal/></border>"
            )
            border_id, added = _find_or_append(borders, known["borders"], border)
            changed |= added
        else:
            border_id = 0
        alignment = ""
        # A table's cells (bordered) stand at the top of their row, as the Actions sheet's: in
        # a row made taller by a wrapped text, the others stood at the bottom.
        if style.wrap or style.align or style.border:
            attributes = ' wrapText="1"' if style.wrap else ""
            attributes += f' horizontal="{style.align}"' if style.align else ""
            alignment = f'<alignment vertical="top"{attributes}/>'
        xf = (
            f'<xf numFmtId="{fmt_id}" fontId="{font_id}" fillId="{fill_id}" '
            f'borderId="{border_id}" xfId="0" applyNumberFormat="1" applyFont="1" '
            f'applyFill="1" applyBorder="1"'
            + (' applyAlignment="1">' + alignment + "</xf>" if alignment else "/>")
        )
        index[name], added = _find_or_append(xfs, known["xfs"], xf)
        changed |= added
    if not changed:
        return styles_xml, index
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), index


# Built-in number formats that show a percentage (ECMA-376 §18.8.30: 9 is 0%, 10 is 0.00%).
_BUILTIN_PERCENT_IDS = frozenset({9, 10})
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, escaped characters, [colour]


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows its number as a percentage (a ``%`` that is not
    literal text): ``0%``, ``0.0 %``; not ``0" %"``."""
    return "%" in _LITERALS.sub("", code)


def percent_style_indexes(styles_xml: bytes) -> frozenset[int]:
    """The cell style indexes (``s`` of a cell: positions in ``cellXfs``) whose number format
    shows a percentage."""
    root = etree.fromstring(styles_xml)
    codes = {
        int(e.get("numFmtId", "-1")): e.get("formatCode", "")
        for e in root.iterfind(f"{_q('numFmts')}/{_q('numFmt')}")
    }
    found = set()
    for index, xf in enumerate(root.iterfind(f"{_q('cellXfs')}/{_q('xf')}")):
        fmt_id = int(xf.get("numFmtId", "0"))
        if fmt_id in _BUILTIN_PERCENT_IDS or is_percent_format(codes.get(fmt_id, "")):
            found.add(index)
    return frozenset(found)


def number_format_code(styles_xml: bytes, index: int) -> str:
    """The number format code of the cell style ``index`` (``s`` of a cell); ``General``
    for a style missing or unknown."""
    root = etree.fromstring(styles_xml)
    xfs = root.findall(f"{_q('cellXfs')}/{_q('xf')}")
    if not 0 <= index < len(xfs):
        return "General"
    fmt_id = int(xfs[index].get("numFmtId", "0"))
    for element in root.iterfind(f"{_q('numFmts')}/{_q('numFmt')}"):
        if int(element.get("numFmtId", "-1")) == fmt_id:
            return element.get("formatCode", "General")
    builtin = {v: k for k, v in _BUILTIN_FORMATS.items()}
    return builtin.get(fmt_id, "General")
