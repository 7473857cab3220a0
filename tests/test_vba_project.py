"""The VBA project is laid out as Excel lays it out: compared with one Excel 365 wrote.

The reference is ``quickstart.xlsm``, shipped inside the installed xlwings package (saved by
Excel 365). The comparison reads both projects with olefile and oletools' decompressor only.
"""

import io
import os
import random
import re
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from conftest import WORKBOOK
from ms_ovba_crypto import MsOvbaCrypto
from oletools.olevba import VBA_Parser, decompress_stream

from efh_xl.workbook.layout import CODENAMES, SHEETS
from efh_xl.workbook.vba_project import build_vba_project, module_sources

EXCEL_WROTE = Path(xlwings.__file__).parent / "quickstart.xlsm"
PROJECTVERSION, PROJECTCOMPATVERSION, REFERENCENAME, PROJECTMODULES = 0x09, 0x4A, 0x16, 0x0F
REFERENCE_RECORDS = {0x0D, 0x0E, 0x2F, 0x30, 0x33, REFERENCENAME, 0x3E}
OFFICE_LIBID = "{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#"


def vba_bin(path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read("xl/vbaProject.bin")


def dir_records(raw: bytes) -> list[tuple[int, bytes]]:
    """(id, data) of every record of a decompressed dir stream (MS-OVBA 2.3.4.2)."""
    records, i = [], 0
    while i < len(raw):
        rid, size = struct.unpack_from("<HI", raw, i)
        i += 6
        if rid == PROJECTVERSION:  # its size field is 4 but 6 bytes follow (Reserved3 = 4)
            size = 6
        records.append((rid, raw[i : i + size]))
        i += size
    return records


class Project:
    def __init__(self, raw: bytes):
        ole = olefile.OleFileIO(io.BytesIO(raw))
        self.streams = ["/".join(s) for s in ole.listdir()]
        self.text = ole.openstream("PROJECT").read().decode("cp1252")
        self.vba_project = ole.openstream("VBA/_VBA_PROJECT").read()
        self.wm = ole.openstream("PROJECTwm").read() if ole.exists("PROJECTwm") else None
        compressed = bytearray(ole.openstream("VBA/dir").read())
        self.dir = dir_records(bytes(decompress_stream(compressed)))
        ole.close()

    def keys(self) -> list[str]:
        """Keys of the ProjectProperties section (before [Host Extender Info])."""
        head = self.text.split("[Host Extender Info]")[0]
        return [line.split("=")[0] for line in head.split("\r\n") if "=" in line]

    def sections(self) -> list[str]:
        return re.findall(r"^\[[^\]]+\]", self.text, re.M)

    def module_names(self) -> list[str]:
        return [data.decode("cp1252") for rid, data in self.dir if rid == 0x19]

    def information_ids(self) -> list[int]:
        ids = []
        for rid, _ in self.dir:
            if rid in REFERENCE_RECORDS or rid == PROJECTMODULES:
                break
            if rid != PROJECTCOMPATVERSION:
                ids.append(rid)
        return ids

    def module_ids(self) -> list[list[int]]:
        modules, current = [], None
        for rid, _ in self.dir:
            if rid == 0x19:
                current = []
                modules.append(current)
            if current is not None:
                current.append(rid)
            if rid == 0x2B:
                current = None
        return modules

    def references(self) -> list[str]:
        return [d.decode("cp1252") for rid, d in self.dir if rid == REFERENCENAME]

    def registered_libids(self) -> list[str]:
        return [d[4:].decode("cp1252", "replace") for rid, d in self.dir if rid == 0x0D]


@pytest.fixture(scope="module")
def ours() -> Project:
    return Project(vba_bin(WORKBOOK))


@pytest.fixture(scope="module")
def excel() -> Project:
    return Project(vba_bin(EXCEL_WROTE))


def stream_kinds(project: Project) -> set[str]:
    modules = set(project.module_names())
    return {"VBA/<module>" if s.split("/")[-1] in modules else s for s in project.streams}


def test_same_kinds_of_streams_as_excel(ours, excel):
    assert (
        stream_kinds(ours)
        == stream_kinds(excel)
        == {
            "PROJECT",
            "PROJECTwm",
            "VBA/dir",
            "VBA/_VBA_PROJECT",
            "VBA/<module>",
        }
    )
    assert sorted(s for s in ours.streams if s.startswith("VBA/") and s[4:] in ours.module_names())
    assert len(ours.module_names()) == len(SHEETS) + 1 + len(module_sources())


def test_same_project_keys_and_sections_as_excel(ours, excel):
    def without_modules(keys):
        return [k for k in keys if k not in ("Document", "Module")]

    assert without_modules(ours.keys()) == without_modules(excel.keys())
    assert without_modules(ours.keys()) == [
        "ID",
        "Name",
        "HelpContextID",
        "VersionCompatible32",
        "CMG",
        "DPB",
        "GC",
    ]
    assert ours.sections() == excel.sections() == ["[Host Extender Info]", "[Workspace]"]
    assert 'VersionCompatible32="393222000"' in ours.text
    workspace = ours.text.split("[Workspace]\r\n")[1].split("\r\n")
    assert [line.split("=")[0] for line in workspace if line] == ours.module_names()


def test_same_dir_records_in_the_same_order_as_excel(ours, excel):
    assert ours.information_ids() == excel.information_ids()
    assert PROJECTCOMPATVERSION not in [rid for rid, _ in ours.dir]  # optional (MS-OVBA 2.3.4.2.1)
    shapes = {tuple(ids) for ids in ours.module_ids()}
    assert shapes <= {tuple(ids) for ids in excel.module_ids()}
    assert ours.dir[-1] == excel.dir[-1] == (0x10, b"")


def test_the_office_library_is_referenced_like_excel_does(ours, excel):
    assert "Office" in ours.references() and "Office" in excel.references()
    assert ours.references() == ["stdole", "Office"]
    assert any(OFFICE_LIBID in libid for libid in ours.registered_libids())
    assert any(OFFICE_LIBID in libid for libid in excel.registered_libids())


def test_no_performance_cache_and_documents_match_the_codenames(ours):
    assert ours.vba_project == b"\xcc\x61\xff\xff\x00\x03\x00"  # MS-OVBA 2.3.4.1, on write
    documents = re.findall(r"^Document=([^/]+)/", ours.text, re.M)
    assert documents == ["ThisWorkbook"] + [CODENAMES[s] for s in SHEETS]
    assert ours.wm is not None and ours.wm.endswith(b"\x00\x00")
    assert ours.wm.count(b"\x00\x00\x00") == len(ours.module_names())


def test_encrypted_fields_say_unprotected_and_visible(ours):
    fields = dict(re.findall(r'^(CMG|DPB|GC)="([0-9A-F]+)"', ours.text, re.M))
    assert MsOvbaCrypto.decrypt(bytes.fromhex(fields["CMG"])) == b"\x00\x00\x00\x00"
    assert MsOvbaCrypto.decrypt(bytes.fromhex(fields["DPB"])) == b"\x00"
    assert MsOvbaCrypto.decrypt(bytes.fromhex(fields["GC"])) == b"\xff"


def test_olevba_reads_every_source_back_as_written():
    parser = VBA_Parser(str(WORKBOOK))
    modules = {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    parser.close()
    for name, source in module_sources().items():
        assert modules[name].replace("\r\n", "\n").strip() == source.replace("\r\n", "\n").strip()
    for sheet in SHEETS:
        assert f'Attribute VB_Name = "{CODENAMES[sheet]}"' in modules[CODENAMES[sheet]]


def test_the_build_leaks_no_working_directory_or_random_state(tmp_path):
    before_cwd = os.getcwd()
    random.seed(7)
    expected = random.random()
    random.seed(7)
    first = build_vba_project(["Feuil1"])
    assert random.random() == expected
    assert os.getcwd() == before_cwd
    assert build_vba_project(["Feuil1"]) == first  # reproducible
