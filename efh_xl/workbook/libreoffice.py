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

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}</oor:items>
"""
_RECALC_ITEMS = """<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
"""
# The locale numbers are shown in (1 314 500 € and 40,8 % in fr-FR, not 1,314,500 € and
# 40.8 %): a fresh profile otherwise takes the machine's, often C/English on a server.
_LOCALE_ITEMS = """<item oor:path="/org.openoffice.Setup/L10N">
 <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
"""


class LibreOfficeMissingError(RuntimeError):
    """soffice is not on this machine."""


def _installed() -> list[Path]:
    """Where LibreOffice's installer puts soffice on Windows and macOS: it does not add it to
    PATH there, so an installed LibreOffice was reported missing."""
    if os.name == "nt":
        roots = {os.environ.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")}
        return [Path(r) / "LibreOffice" / "program" / "soffice.exe" for r in sorted(roots - {None})]
    return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]


def soffice() -> str:
    """Path of the soffice executable: on PATH, or where the installer puts it."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        path = next((str(p) for p in _installed() if p.is_file()), None)
    if path is None:
        how = (
            "apt-get install libreoffice-calc"
            if os.name != "nt" and not os.path.isdir("/Applications")
            else "https://fr.libreoffice.org/download/telecharger-libreoffice/"
        )
        raise LibreOfficeMissingError(f"LibreOffice est introuvable : installez-le ({how}).")
    return path


def has_font(*families: str) -> bool | None:
    """Whether fontconfig finds one of ``families`` (its best match for the name is that very
    family, not a stand-in such as DejaVu Sans). None where fontconfig's ``fc-match`` is not
    there to ask (Windows, where LibreOffice uses the system's fonts)."""
    command = shutil.which("fc-match")
    if command is None:
        return None
    for family in families:
        try:
            done = subprocess.run(
                [command, "-f", "%{family}", family], capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None
        # « Carlito » or « Carlito,Carlito Regular »: a family name, maybe in several languages.
        if family.casefold() in (name.strip().casefold() for name in done.stdout.split(",")):
            return True
    return False


def convert(
    source: str | os.PathLike[str],
    target_format: str,
    outdir: str | os.PathLike[str],
    *,
    recalculate: bool = True,
    timeout: float = 300,
    locale: str | None = None,
) -> Path:
    """Convert a copy of ``source`` with LibreOffice into ``outdir``; return the new file.

    ``target_format`` is a LibreOffice filter spec such as ``xlsx``, ``pdf`` or ``png``.
    With ``recalculate``, every formula is computed again on load. ``locale`` (``fr-FR``)
    sets how numbers are shown: for a picture or a PDF a person reads, not for a copy whose
    formulas are computed (a number joined to a text would change with it).
    """
    source = Path(source)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="efh_lo_profile_") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        items = (_RECALC_ITEMS if recalculate else "") + (
            _LOCALE_ITEMS.format(locale=locale) if locale else ""
        )
        if items:
            profile_xml = _PROFILE.format(items=items)
            (user / "registrymodifications.xcu").write_text(profile_xml, encoding="utf-8")
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
