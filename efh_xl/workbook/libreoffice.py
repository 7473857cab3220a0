"""LibreOffice headless as a checking client: recalculate a copy, export it, render pictures.

It never writes a user's workbook: LibreOffice rewrites formulas and the VBA project when it
saves, so it only ever converts copies into another folder. Each run gets its own profile
(``-env:UserInstallation``), set to recalculate OOXML files on load: by default LibreOffice
keeps the cached values stored in the file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

_RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class LibreOfficeMissingError(RuntimeError):
    """soffice is not on this machine."""


def soffice() -> str:
    """Path of the soffice executable."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise LibreOfficeMissingError(
            "LibreOffice est introuvable : installez-le (apt-get install libreoffice-calc)."
        )
    return path


def convert(
    source: str | os.PathLike[str],
    target_format: str,
    outdir: str | os.PathLike[str],
    *,
    recalculate: bool = True,
    timeout: float = 300,
) -> Path:
    """Convert a copy of ``source`` with LibreOffice into ``outdir``; return the new file.

    ``target_format`` is a LibreOffice filter spec such as ``xlsx``, ``pdf`` or ``png``.
    With ``recalculate``, every formula is computed again on load.
    """
    source = Path(source)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="efh_lo_profile_") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        if recalculate:
            (user / "registrymodifications.xcu").write_text(_RECALC_PROFILE, encoding="utf-8")
        command = [
            soffice(),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(outdir),
            str(source),
        ]
        env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    extension = target_format.split(":")[0]
    produced = outdir / f"{source.stem}.{extension}"
    if done.returncode != 0 or not produced.exists():
        raise RuntimeError(
            f"LibreOffice n'a pas converti {source.name} : {done.stdout}\n{done.stderr}"
        )
    return produced
