"""The VBA project of the workbook, compiled from the ASCII ``.bas`` sources in ``efh_xl/vba``.

ms-ovba writes scratch files into the working directory (and appends to old ones), so it runs
in a fresh temporary directory. Its encrypted project fields draw random bytes: a fixed seed
makes the build reproducible, as the committed workbook must equal a fresh build.
"""

from __future__ import annotations

import contextlib
import os
import random
import tempfile
import uuid
from importlib import resources
from pathlib import Path

SOURCE_PACKAGE = "efh_xl.workbook.vba"
_DOC_GUIDS = {
    "workbook": uuid.UUID("00020819-0000-0000-C000-000000000046"),
    "sheet": uuid.UUID("00020820-0000-0000-C000-000000000046"),
}
_DOC_TEMPLATE = (
    "VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  'True\r\nEND\r\n"
    'Attribute VB_Name = "{name}"\r\nAttribute VB_GlobalNameSpace = False\r\n'
    "Attribute VB_Creatable = False\r\nAttribute VB_PredeclaredId = True\r\n"
    "Attribute VB_Exposed = True\r\n"
)


def module_sources() -> dict[str, str]:
    """The standard modules, by name, as their ``.bas`` text (CRLF line ends, ASCII)."""
    sources = {}
    for entry in sorted(resources.files(SOURCE_PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".bas"):
            raw = entry.read_bytes()
            raw.decode("ascii")  # VBA sources must stay ASCII: fail the build otherwise
            sources[entry.name[:-4]] = raw.decode("ascii")
    return sources


@contextlib.contextmanager
def _scratch_directory():
    previous = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="efh_vba_") as scratch:
        os.chdir(scratch)
        try:
            yield Path(scratch)
        finally:
            os.chdir(previous)


def build_vba_project(sheet_codenames: list[str], workbook_codename: str = "ThisWorkbook") -> bytes:
    """Compile ``vbaProject.bin``: a document module per sheet, plus every ``.bas`` module."""
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile
    from ms_ovba_compression.ms_ovba import MsOvba

    from efh_xl.workbook.ovba_compression import compress

    state = random.getstate()
    random.seed(20211)
    original = MsOvba.compress
    MsOvba.compress = lambda self, data: compress(
        bytes(data)
    )  # see efh_xl.workbook.ovba_compression
    try:
        with _scratch_directory() as scratch:
            project = VbaProject()
            project.project_id = "{6A3F2E51-0E2B-4C57-9E4B-EF4A11E00001}"
            documents = [(workbook_codename, "workbook")] + [(n, "sheet") for n in sheet_codenames]
            for name, kind in documents:
                path = scratch / f"{name}.cls"
                path.write_bytes(_DOC_TEMPLATE.format(name=name).encode("ascii"))
                module = DocModule(name)
                module.add_file(str(path))
                module.add_guid(_DOC_GUIDS[kind])
                module.normalize_file()
                project.add_module(module)
            for name, text in module_sources().items():
                path = scratch / f"{name}.bas"
                path.write_bytes(text.encode("ascii"))
                module = StdModule(name)
                module.add_file(str(path))
                module.normalize_file()
                project.add_module(module)
            stdole = LibidReference(
                uuid.UUID("00020430-0000-0000-C000-000000000046"),
                "2.0",
                "0",
                "C:\\Windows\\System32\\stdole2.tlb",
                "OLE Automation",
            )
            project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
            ProjectOleFile.write_file(project)
            return (scratch / "vbaProject.bin").read_bytes()
    finally:
        MsOvba.compress = original
        random.setstate(state)
