"""The VBA project of the workbook, compiled from the ASCII ``.bas`` sources in ``efh_xl/vba``.

The project is laid out as Excel lays it out (compared stream by stream with ``quickstart.xlsm``,
written by Excel 365, in tests/test_vba_project.py):

- ``PROJECT`` (MS-OVBA 2.3.1): module lines, ``VersionCompatible32="393222000"``, the
  encrypted CMG/DPB/GC fields, ``[Host Extender Info]`` and ``[Workspace]``;
- ``PROJECTwm`` (2.3.3): module names in MBCS and UTF-16;
- ``VBA/dir`` (2.3.4.2): the information records, references to stdole and to the Office
  library (MSO.DLL), then the module records;
- ``VBA/_VBA_PROJECT`` (2.3.4.1): version 0xFFFF and no performance cache, which makes the
  VBA editor compile the sources on open ("MUST be 0xFFFF on write");
- one compressed source stream per module: a document module per ``codeName`` (with the
  text Excel writes for it) and every standard module.

ms-ovba packs the dir, ``PROJECTwm`` and ``_VBA_PROJECT`` records; the sources are compressed
by :mod:`efh_xl.workbook.ovba_compression` (ms-ovba's own compressor is wrong past its first
tokens) and the ``PROJECT`` text and its encrypted fields are written here, with a local
random generator of fixed seed (the committed workbook must equal a fresh build). The compound
file container is written by ms-cfb, which writes scratch files into the working directory:
it runs in a child process whose working directory is a temporary folder, so neither the
working directory nor the random state of the calling process changes.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import uuid
from importlib import resources
from pathlib import Path

from efh_xl.workbook.ovba_compression import compress

SOURCE_PACKAGE = "efh_xl.workbook.vba"
PROJECT_ID = "{6A3F2E51-0E2B-4C57-9E4B-EF4A11E00001}"
VERSION_COMPATIBLE = "393222000"
_SEED = 20211
_CODEPAGE = "cp1252"
_DOC_GUIDS = {
    "workbook": uuid.UUID("00020819-0000-0000-C000-000000000046"),
    "sheet": uuid.UUID("00020820-0000-0000-C000-000000000046"),
}
# Type libraries every Excel project references (MS-OVBA 2.3.4.2.2.5 REFERENCEREGISTERED).
STDOLE = (
    "stdole",
    uuid.UUID("00020430-0000-0000-C000-000000000046"),
    "2.0",
    "C:\\Windows\\System32\\stdole2.tlb",
    "OLE Automation",
)
OFFICE = (
    "Office",
    uuid.UUID("2DF8D04C-5BFA-101B-BDE5-00AA0044DE52"),
    "2.0",
    "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL",
    "Microsoft Office 16.0 Object Library",
)
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"


def module_sources() -> dict[str, str]:
    """The standard modules, by name, as their ``.bas`` text (CRLF line ends, ASCII)."""
    sources = {}
    for entry in sorted(resources.files(SOURCE_PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".bas"):
            raw = entry.read_bytes()
            raw.decode("ascii")  # VBA sources must stay ASCII: fail the build otherwise
            sources[entry.name[:-4]] = raw.decode("ascii")
    return sources


def document_source(name: str, kind: str) -> str:
    """The source Excel stores for an empty document module (workbook or sheet)."""
    lines = [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "0{{{str(_DOC_GUIDS[kind]).upper()}}}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    return "\r\n".join(lines) + "\r\n"


def encrypt(project_id: str, data: bytes, rng: random.Random) -> bytes:
    """Data encryption of MS-OVBA 2.4.3.2 (the CMG, DPB and GC fields of PROJECT)."""
    seed = rng.randrange(256)
    version_enc = 2 ^ seed
    project_key = sum(ord(c) for c in project_id) & 0xFF
    out = bytearray([seed, version_enc, project_key ^ seed])
    unencrypted_1, encrypted_1, encrypted_2 = project_key, project_key ^ seed, version_enc
    ignored = [rng.randrange(256) for _ in range((seed & 6) // 2)]
    for byte in ignored + list(len(data).to_bytes(4, "little")) + list(data):
        byte_enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(byte_enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    return bytes(out)


def project_text(modules: list[tuple[str, str]], rng: random.Random) -> str:
    """The PROJECT stream (MS-OVBA 2.3.1) for (name, kind) modules, kind "Document"/"Module"."""
    lines = [f'ID="{PROJECT_ID}"']
    for name, kind in modules:
        lines.append(f"Document={name}/&H00000000" if kind == "Document" else f"Module={name}")
    lines += ['Name="VBAProject"', 'HelpContextID="0"']
    lines.append(f'VersionCompatible32="{VERSION_COMPATIBLE}"')
    for key, data in (("CMG", b"\x00" * 4), ("DPB", b"\x00"), ("GC", b"\xff")):
        lines.append(f'{key}="{encrypt(PROJECT_ID, data, rng).hex().upper()}"')
    lines += ["", "[Host Extender Info]", _HOST_EXTENDER, "", "[Workspace]"]
    lines += [f"{name}=0, 0, 0, 0, C" for name, _ in modules]
    return "\r\n".join(lines) + "\r\n"


def _records(modules: list[tuple[str, str]]) -> tuple[bytes, bytes, bytes]:
    """The dir stream (uncompressed), PROJECTwm and _VBA_PROJECT, packed by ms-ovba."""
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.dirStream import DirStream
    from ms_ovba.Views.project_view import ProjectView
    from ms_ovba.Views.projectWm import ProjectWm

    project = VbaProject()
    project.project_id = PROJECT_ID
    project.include_projectwm()
    for name, kind in modules:
        project.add_module(DocModule(name) if kind == "Document" else StdModule(name))
    for ref_name, guid, version, path, description in (STDOLE, OFFICE):
        libid = LibidReference(guid, version, "0", path, description)
        project.add_reference(Reference(ReferenceRegistered(libid), ref_name))
    return (
        DirStream(project).to_bytes(),
        ProjectWm(project).to_bytes(),
        ProjectView(project).to_bytes(),
    )


# Run in a child process whose working directory is the scratch folder (see module doc).
_CONTAINER_SCRIPT = """
import sys
from ms_cfb.Models.Directories.root_directory import RootDirectory
from ms_cfb.Models.Directories.storage_directory import StorageDirectory
from ms_cfb.Models.Directories.stream_directory import StreamDirectory
from ms_cfb.ole_file import OleFile
from ms_dtyp.filetime import Filetime

zero = Filetime.from_msfiletime(0)
root = RootDirectory()
root.set_modified(zero)
storage = StorageDirectory("VBA")
storage.set_created(zero)
storage.set_modified(zero)
vba, top = sys.argv[1].split("|"), sys.argv[2].split("|")
for name in vba:
    storage.add_directory(StreamDirectory(name, "vba." + name))
root.add_directory(storage)
for name in top:
    root.add_directory(StreamDirectory(name, "top." + name))
ole = OleFile()
ole.root_directory = root
ole.create_file("vbaProject.bin")
"""


def build_vba_project(sheet_codenames: list[str], workbook_codename: str = "ThisWorkbook") -> bytes:
    """Compile ``vbaProject.bin``: a document module per sheet, plus every ``.bas`` module."""
    rng = random.Random(_SEED)
    sources = {workbook_codename: document_source(workbook_codename, "workbook")}
    sources.update({name: document_source(name, "sheet") for name in sheet_codenames})
    modules = [(name, "Document") for name in sources]
    for name, text in module_sources().items():
        sources[name] = text
        modules.append((name, "Module"))
    dir_stream, project_wm, vba_project = _records(modules)
    streams_vba = {name: compress(text.encode(_CODEPAGE)) for name, text in sources.items()}
    streams_vba["dir"] = compress(dir_stream)
    streams_vba["_VBA_PROJECT"] = vba_project
    streams_top = {
        "PROJECTwm": project_wm,
        "PROJECT": project_text(modules, rng).encode(_CODEPAGE),
    }
    with tempfile.TemporaryDirectory(prefix="efh_vba_") as scratch:
        folder = Path(scratch)
        for name, data in streams_vba.items():
            (folder / f"vba.{name}").write_bytes(data)
        for name, data in streams_top.items():
            (folder / f"top.{name}").write_bytes(data)
        subprocess.run(
            [sys.executable, "-c", _CONTAINER_SCRIPT, "|".join(streams_vba), "|".join(streams_top)],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        return (folder / "vbaProject.bin").read_bytes()
