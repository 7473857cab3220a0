"""The file adapter's writing side: edit an .xlsm package at the zip level.

A load and save through openpyxl drops shapes, form controls, cached values and more, so the
tool never re-saves a workbook: it copies every part it does not own as the same compressed
bytes, and writes only its own parts (summary sheets with their drawings and charts, the
lookup sheet) plus the minimal edits to the package index parts that adding sheets needs
(workbook.xml, its relationships, [Content_Types].xml, styles appended to styles.xml).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from efh_xl.errors import DamagedWorkbookError, NotAWorkbookError, from_os_error
from efh_xl.ooxml import xml as ooxml_xml
from efh_xl.ooxml.atomic_file import atomic_write, check_not_open  # noqa: F401 (re-exported)
from efh_xl.ooxml.zip import (
    BackgroundChecks,
    PartData,
    RawZipWriter,
    check_entry,
    entry_key,
    part_bytes,
    raw_bytes,
)

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPES = {
    "worksheet": f"{R_NS}/worksheet",
    "drawing": f"{R_NS}/drawing",
    "chart": f"{R_NS}/chart",
}
# Children of <workbook> that come after <definedNames> (ECMA-376 Part 1, CT_Workbook).
_AFTER_NAMES = {
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
}
CONTENT_TYPES = {
    "worksheet": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "drawing": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "chart": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
}


def _local(element) -> str:
    return etree.QName(element).localname


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _relative(base_part: str, target_part: str) -> str:
    """The target of a relationship from ``base_part`` to ``target_part`` (both part names,
    as posixpath.relpath gives it, without its two calls to os.getcwd: part names are no
    paths of this machine)."""
    start = [p for p in posixpath.dirname(base_part).split("/") if p not in ("", ".")]
    target = [p for p in posixpath.normpath(target_part).split("/") if p not in ("", ".")]
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


@dataclass
class NewSheet:
    """A sheet to add: its name and parts (worksheet XML, optional drawing and charts)."""

    name: str
    worksheet: PartData  # its XML, the pieces of it in order, or compressed ahead
    drawing: bytes | None = None
    charts: list[bytes] = field(default_factory=list)


class Package:
    """An OOXML package opened for zip-level editing."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except OSError as error:
            raise from_os_error(error, self.path) from error
        except (zipfile.BadZipFile, ValueError) as error:
            raise NotAWorkbookError(self.path, "paquet OOXML invalide") from error
        # A part's new content, or its pieces in order (joined only if read back).
        self.replaced: dict[str, PartData] = {}
        self.removed: set[str] = set()
        try:
            self._infos = {i.filename: i for i in self._zip.infolist()}
            self.workbook = self._xml("xl/workbook.xml")
            self.workbook_rels = self._xml("xl/_rels/workbook.xml.rels")
            self.content_types = self._xml("[Content_Types].xml")
        except BaseException:
            self._zip.close()
            raise
        self._index_changed = False

    def close(self) -> None:
        self._zip.close()

    def read(self, part: str) -> bytes:
        """The content of a part; a missing or damaged part raises a French error."""
        if part in self.replaced:
            return part_bytes(self.replaced[part])
        if part not in self._infos or part in self.removed:
            raise DamagedWorkbookError(self.path, part, "est absente")
        try:
            return self._zip.read(part)
        except OSError as error:
            raise from_os_error(error, self.path) from error
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as e:
            # zipfile reports a bad CRC as BadZipFile, broken deflate data as zlib.error.
            why = "a une somme de contrôle fausse" if "CRC" in str(e) else "est illisible"
            raise DamagedWorkbookError(self.path, part, why) from e

    def _xml(self, part: str):
        data = self.read(part)
        try:
            return etree.fromstring(data)
        except etree.XMLSyntaxError as error:
            raise DamagedWorkbookError(self.path, part, "n'est pas du XML valide") from error

    def has(self, part: str) -> bool:
        return (part in self._infos or part in self.replaced) and part not in self.removed

    # --- sheets ---------------------------------------------------------------------------

    def _sheets(self):
        return self.workbook.find(f"{{{NS}}}sheets")

    def sheet_parts(self) -> list[tuple[str, str]]:
        """(sheet name, worksheet part) in workbook order."""
        targets = {r.get("Id"): r.get("Target") for r in self.workbook_rels}
        result = []
        for sheet in self._sheets():
            target = targets.get(sheet.get(f"{{{R_NS}}}id"), "")
            result.append((sheet.get("name"), _resolve("xl/workbook.xml", target)))
        return result

    def code_name(self, part: str) -> str | None:
        """The ``codeName`` of a worksheet part (its VBA document module), if it has one."""
        # sheetPr is the first child of a worksheet: stop reading there.
        for _, element in etree.iterparse(io.BytesIO(self.read(part)), events=("start",)):
            if element.tag == f"{{{NS}}}sheetPr":
                return element.get("codeName")
            if element.tag != f"{{{NS}}}worksheet":
                return None
        return None

    def _related(self, part: str, kind: str) -> list[str]:
        rels = _rels_path(part)
        if not self.has(rels):
            return []
        root = self._xml(rels)
        return [
            _resolve(part, r.get("Target"))
            for r in root
            if r.get("Type") == REL_TYPES[kind] and r.get("TargetMode") != "External"
        ]

    def remove_sheets(self, names: set[str]) -> None:
        """Remove sheets by name, with their drawings and charts, and fix sheet indexes."""
        if not names:
            return
        sheets = self._sheets()
        targets = {r.get("Id"): r for r in self.workbook_rels}
        removed_positions = []
        dropped: list[str] = []
        for position, sheet in enumerate(list(sheets)):
            if sheet.get("name") not in names:
                continue
            removed_positions.append(position)
            rel = targets.get(sheet.get(f"{{{R_NS}}}id"))
            part = _resolve("xl/workbook.xml", rel.get("Target")) if rel is not None else None
            sheets.remove(sheet)
            if rel is not None:
                self.workbook_rels.remove(rel)
            if part:
                owned = [part, _rels_path(part)]
                for drawing in self._related(part, "drawing"):
                    owned += [drawing, _rels_path(drawing), *self._related(drawing, "chart")]
                for chart in [p for p in owned if "/charts/" in p]:
                    owned.append(_rels_path(chart))
                dropped += owned
        self._drop(dropped)
        self._reindex(removed_positions)
        self._index_changed = True

    def _drop(self, parts: list[str]) -> None:
        for part in parts:
            self.removed.add(part)
            self.replaced.pop(part, None)
        # One pass over the content types for all the parts (a summary sheet has ten or so).
        names = {"/" + part for part in parts}
        for override in list(self.content_types):
            if override.get("PartName") in names:
                self.content_types.remove(override)

    def _reindex(self, removed: list[int]) -> None:
        # Sheet-scoped defined names and the book view refer to sheets by position.
        def shift(index: int) -> int:
            return index - sum(1 for r in removed if r < index)

        names = self.workbook.find(f"{{{NS}}}definedNames")
        if names is not None:
            for name in list(names):
                local = name.get("localSheetId")
                if local is None:
                    continue
                if int(local) in removed:
                    names.remove(name)
                else:
                    name.set("localSheetId", str(shift(int(local))))
            if len(names) == 0:
                self.workbook.remove(names)
        count = len(self._sheets())
        for view in self.workbook.iter(f"{{{NS}}}workbookView"):
            for attribute in ("activeTab", "firstSheet"):
                if view.get(attribute) is not None:
                    value = shift(int(view.get(attribute)))
                    view.set(attribute, str(min(max(value, 0), max(count - 1, 0))))

    def _unique(self, pattern: str) -> str:
        n = 1
        while self.has(pattern.format(n)):
            n += 1
        return pattern.format(n)

    def _add_override(self, part: str, kind: str) -> None:
        element = etree.SubElement(self.content_types, f"{{{CT_NS}}}Override")
        element.set("PartName", "/" + part)
        element.set("ContentType", CONTENT_TYPES[kind])

    def add_sheet(self, sheet: NewSheet) -> None:
        """Append a sheet at the end of the workbook, with its drawing and charts."""
        part = self._unique("xl/worksheets/efh_summary{}.xml")
        self.replace_part(part, sheet.worksheet)
        self._add_override(part, "worksheet")
        rel_ids = {r.get("Id") for r in self.workbook_rels}
        n = 1
        while f"rIdEfh{n}" in rel_ids:
            n += 1
        rel = etree.SubElement(self.workbook_rels, f"{{{PKG_REL_NS}}}Relationship")
        rel.set("Id", f"rIdEfh{n}")
        rel.set("Type", REL_TYPES["worksheet"])
        rel.set("Target", _relative("xl/workbook.xml", part))
        sheets = self._sheets()
        sheet_id = 1 + max((int(s.get("sheetId")) for s in sheets), default=0)
        element = etree.SubElement(sheets, f"{{{NS}}}sheet")
        element.set("name", sheet.name)
        element.set("sheetId", str(sheet_id))
        element.set(f"{{{R_NS}}}id", f"rIdEfh{n}")
        if sheet.drawing is not None:
            drawing = self._unique("xl/drawings/efh_drawing{}.xml")
            self.replace_part(drawing, sheet.drawing)
            self._add_override(drawing, "drawing")
            self.replace_part(
                _rels_path(part),
                _rels_xml([("rId1", REL_TYPES["drawing"], _relative(part, drawing))]),
            )
            chart_rels = []
            for i, chart in enumerate(sheet.charts, start=1):
                chart_part = self._unique("xl/charts/efh_chart{}.xml")
                self.replace_part(chart_part, chart)
                self._add_override(chart_part, "chart")
                chart_rels.append((f"rId{i}", REL_TYPES["chart"], _relative(drawing, chart_part)))
            self.replace_part(_rels_path(drawing), _rels_xml(chart_rels))
        self._index_changed = True

    def replace_part(self, part: str, data: PartData) -> None:
        """Set the content of a part the tool owns (a removed part may be written again);
        ``data`` may be its pieces in order, written one after the other, or compressed
        ahead (see :func:`efh_xl.ooxml.zip.deflate`)."""
        self.removed.discard(part)
        self.replaced[part] = data

    def _defined_names(self, create: bool = False):
        names = self.workbook.find(f"{{{NS}}}definedNames")
        if names is None and create:
            names = etree.Element(f"{{{NS}}}definedNames")
            # CT_Workbook's order: definedNames come before calcPr and everything after it.
            later = next(
                (c for c in self.workbook if isinstance(c.tag, str) and _local(c) in _AFTER_NAMES),
                None,
            )
            if later is not None:
                later.addprevious(names)
            else:
                self.workbook.append(names)
        return names

    def defined_name(self, name: str) -> str | None:
        """The formula of a workbook-level defined name, or None."""
        names = self._defined_names()
        for element in names if names is not None else ():
            if element.get("name") == name and element.get("localSheetId") is None:
                return element.text
        return None

    def sheets_with_local_name(self, name: str) -> set[str]:
        """Names of the sheets that carry a sheet-level defined name ``name``."""
        names = self._defined_names()
        sheets = [s.get("name") for s in self._sheets()]
        found = set()
        for element in names if names is not None else ():
            local = element.get("localSheetId")
            if element.get("name") == name and local is not None and local.isdigit():
                if int(local) < len(sheets):
                    found.add(sheets[int(local)])
        return found

    def remove_defined_name(self, name: str) -> None:
        """Remove a workbook-level defined name the tool owns, if present."""
        names = self._defined_names()
        for element in list(names if names is not None else ()):
            if element.get("name") == name and element.get("localSheetId") is None:
                names.remove(element)
                self._index_changed = True

    def set_defined_name(
        self, name: str, formula: str, *, hidden: bool = False, sheet: str | None = None
    ) -> None:
        """Set a defined name the tool owns (added if missing), for the book or one sheet."""
        names = self._defined_names(create=True)
        local = None
        if sheet is not None:
            local = str([s.get("name") for s in self._sheets()].index(sheet))
        for element in names:
            if element.get("name") == name and element.get("localSheetId") == local:
                break
        else:
            element = etree.SubElement(names, f"{{{NS}}}definedName")
            element.set("name", name)
        if hidden:
            element.set("hidden", "1")
        if local is not None:
            element.set("localSheetId", local)
        element.text = formula
        self._index_changed = True

    def request_full_calculation(self) -> None:
        """Ask Excel to recalculate every formula on open (cached values are stale)."""
        calc = self.workbook.find(f"{{{NS}}}calcPr")
        if calc is None:
            calc = etree.SubElement(self.workbook, f"{{{NS}}}calcPr")
        calc.set("fullCalcOnLoad", "1")
        self._index_changed = True

    # --- writing --------------------------------------------------------------------------

    def save(self, target: Path, checks: BackgroundChecks | None = None) -> None:
        """Write the edited package to ``target`` atomically (temporary file, then rename).

        Every part copied as stored bytes is checked first (CRC, compression), unless
        ``checks`` (started on the same file) has already checked it. The package is closed
        when it returns: it is read no more.
        """
        if self._index_changed:
            for part, root in (
                ("xl/workbook.xml", self.workbook),
                ("xl/_rels/workbook.xml.rels", self.workbook_rels),
                ("[Content_Types].xml", self.content_types),
            ):
                self.replaced[part] = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
        source = self._zip.fp
        checked = checks.checked(source) if checks is not None else {}
        with atomic_write(Path(target)) as temporary, open(temporary, "wb") as out:
            writer = RawZipWriter(out)
            written = set()
            for name, info in self._infos.items():
                if name in self.removed:
                    continue
                if name in self.replaced:
                    writer.add(name, self.replaced[name], info.date_time)
                else:
                    verified = checked.get(name) == entry_key(info)
                    writer.add_raw(info, self._raw(source, info, verified))
                written.add(name)
            for name, data in self.replaced.items():
                if name not in written and name not in self.removed:
                    writer.add(name, data)
            writer.close()
            # Every handle on the source is closed before the rename: Windows refuses to
            # replace an open file, and the package is not read again after this point.
            self.close()

    def _raw(self, source, info: zipfile.ZipInfo, verified: bool = False) -> bytes:
        try:
            raw = raw_bytes(source, info)
            if not verified:
                check_entry(info, raw)
        except zipfile.BadZipFile as error:
            why = "a une somme de contrôle fausse" if "CRC" in str(error) else "est illisible"
            raise DamagedWorkbookError(self.path, info.filename, why) from error
        return raw


def _rels_xml(relationships: list[tuple[str, str, str]]) -> bytes:
    """A relationships part, built with lxml (see efh_xl.ooxml.xml.element)."""
    root = ooxml_xml.element(None, "rel:Relationships")
    for rid, kind, target in relationships:
        attributes = {"Id": rid, "Type": kind, "Target": target}
        ooxml_xml.element(root, "rel:Relationship", attributes)
    return ooxml_xml.part_bytes(root)
